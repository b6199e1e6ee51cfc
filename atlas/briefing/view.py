"""The Briefing page: the collected figures in order, editable in English and Korean; files; presenting.

The session holds the briefing while it is edited (atlas.ui.briefing); every page's link holds it as
`b` for reloads and shared links (atlas.ui.briefing.carry reads a `b` that arrives). After every run
this page writes the briefing back into `b`. Every string that came from a link, a user or a data file
is shown through i18n.escape_markdown or as plain widget values, never as markdown or HTML.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date

import streamlit as st

from atlas import i18n, ui
from atlas.briefing import state as bstate
from atlas.briefing.figures import Handout, Slide, handout, public_base, slide_for, view_label
from atlas.briefing.model import MAX_BRIEFING_TITLE, MAX_NOTE, MAX_TITLE, MAX_VIEWS, Briefing, View, clean_text
from atlas.core.figure import Data, Figure, LazyChart, view_url
from atlas.i18n import escape_markdown as esc
from atlas.i18n import t
from atlas.render import fonts
from atlas.ui import admission
from atlas.ui import briefing as collect
from atlas.ui.briefing import WIDGET

FILES = "_atlas_briefing_files"  # the last files made: {"key": (b, lang), "pptx": bytes, "pdf": bytes, "name": str}
FILE_ERROR = "_atlas_briefing_file_error"
# A fixed stylesheet (never user text): hide the app's frame and fit one slide to the screen. The app's
# column is exactly the window's height; the buttons (and the presenter's clock) keep their height, and the
# slide's block, or the presenter's two columns, take the rest: no window size leaves anything below the
# fold. In a slide the picture takes whatever its words leave (object-fit keeps its proportions); the
# presenter's note column scrolls within itself if a note is longer than the screen.
PRESENT_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"], header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.8rem 2.5rem 0.5rem !important;
  height: 100vh; box-sizing: border-box; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { height: 100%; flex-wrap: nowrap; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > * { flex: 0 0 auto; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] >
  :has(.st-key-briefing-slide, .st-key-briefing-body) { flex: 1 1 0 !important; min-height: 0; }
.st-key-briefing-slide, .st-key-briefing-body, .st-key-briefing-body [data-testid="stHorizontalBlock"],
.st-key-briefing-body [data-testid="stColumn"],
.st-key-briefing-body [data-testid="stColumn"] > [data-testid="stVerticalBlock"] {
  height: 100% !important; min-height: 0; flex-wrap: nowrap; }
.st-key-briefing-body > [data-testid="stLayoutWrapper"] { flex: 1 1 0 !important; min-height: 0; }
.st-key-briefing-body [data-testid="stColumn"] > [data-testid="stVerticalBlock"] > * { flex: 0 0 auto; }
.st-key-briefing-body [data-testid="stColumn"] > [data-testid="stVerticalBlock"] >
  :has(.st-key-briefing-presenter, .st-key-briefing-notes) { flex: 1 1 0 !important; min-height: 0; }
.st-key-briefing-presenter, .st-key-briefing-notes { height: 100% !important; flex-wrap: nowrap; }
.st-key-briefing-slide, .st-key-briefing-presenter { overflow: hidden; }
.st-key-briefing-notes { overflow-y: auto; }
.st-key-briefing-slide > *, .st-key-briefing-presenter > * { flex: 0 0 auto; }
.st-key-briefing-slide > [data-testid="stElementContainer"]:has([data-testid="stImage"]),
.st-key-briefing-presenter > [data-testid="stElementContainer"]:has([data-testid="stImage"]) {
  flex: 1 1 0 !important; min-height: 0; }
:is(.st-key-briefing-slide, .st-key-briefing-presenter) :is([data-testid="stFullScreenFrame"],
  [data-testid="stFullScreenFrame"] > div, [data-testid="stImage"], [data-testid="stImageContainer"]) {
  height: 100% !important; }
:is(.st-key-briefing-slide, .st-key-briefing-presenter) [data-testid="stImage"] img { height: 100%;
  width: 100% !important; max-width: 100%; object-fit: contain; object-position: left top; }
[data-testid="stMain"] h1 { font-size: clamp(1.8rem, 3.6vh, 3rem) !important; padding: 0 !important; }
[data-testid="stMain"] p { font-size: clamp(1.1rem, 2.3vh, 1.7rem) !important; }
[data-testid="stMain"] :is(h1, h2, h3, p) { word-break: keep-all; overflow-wrap: anywhere; }
[data-testid="stMain"] button:focus-visible { outline: 4px solid #0b5394 !important; outline-offset: 3px; }
</style>"""
# A fixed script (never user text): the presenter's clock, and the presenter's tab telling the
# audience's tab which slide to show (both tabs of one browser; nothing leaves it).
CLOCK_JS = """<div id="atlas-clock"
  style="font-size:2rem;line-height:1.2;white-space:nowrap;font-variant-numeric:tabular-nums"></div><script>
(function () {
  const el = document.getElementById("atlas-clock");
  const start = Number(sessionStorage.getItem("atlas-present-start") || Date.now());
  sessionStorage.setItem("atlas-present-start", String(start));
  const pad = (n) => String(n).padStart(2, "0");
  function tick() {
    const now = new Date(); const s = Math.floor((Date.now() - start) / 1000);
    el.textContent = pad(now.getHours()) + ":" + pad(now.getMinutes()) + "  ·  " +
      pad(Math.floor(s / 60)) + ":" + pad(s % 60);
  }
  tick(); setInterval(tick, 1000);
})();
</script>"""
SYNC_JS = """<script>
(function () {
  const channel = new BroadcastChannel("atlas-briefing");
  const here = new URL(window.location.href);
  const role = "%ROLE%", slide = "%SLIDE%";
  if (role === "presenter") { channel.postMessage({slide: slide}); return; }
  channel.onmessage = (event) => {
    const wanted = String(event.data && event.data.slide || "");
    if (!/^[0-9]{1,2}$/.test(wanted) || wanted === slide) return;
    here.searchParams.set("slide", wanted);
    window.location.replace(here.toString());
  };
})();
</script>"""


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _store(briefing: Briefing) -> None:
    collect.store(briefing)  # also forgets the edit widgets, whose keys follow the views' positions


def _arrival_messages(lang: str) -> None:
    """What the last link that arrived said (read by atlas.ui.briefing.carry): shown once."""
    kind, value = st.session_state.pop(collect.ARRIVAL, ("", ""))
    if kind == "problem":
        st.error(t(f"briefing.problem.{value}", lang), icon=":material/link_off:")
    elif kind == "dropped":
        key = "briefing.dropped_one" if value == 1 else "briefing.dropped_many"
        st.warning(t(key, lang, n=value, limit=MAX_VIEWS), icon=":material/content_cut:")
    elif kind == "migrated":
        st.info(t("briefing.migrated", lang), icon=":material/update:")


def render(lang: str) -> None:
    state, rejected = bstate.State.from_query(_query())
    for key in rejected:
        if key != "b":  # a bad `b` gets its own, clearer message
            ui.notice(key)
    if "b" in rejected:  # carry() has said why; the URL keeps nothing it could not read
        st.query_params.pop("b", None)
    _arrival_messages(lang)
    ui.show_url_notices()
    _sync_from_widgets()
    briefing = collect.current()
    data = ui.datasets()
    if state.present and briefing.views:
        n = min(state.slide, len(briefing.views))
        (_presenter if state.presenter else _present)(briefing, n, lang, data)
    elif len(briefing.views) > PREVIEWS_AT_ONCE:
        # Known long from its start (a link of many views): heavy, so a tab or a class opening it goes
        # one at a time while readers' pages keep the other place (bench/load.py --hostile).
        with admission.heavy_work():
            _edit(briefing, lang, data)
    else:
        _edit(briefing, lang, data)
    if not collect.write_link():  # too long for a link: keep the last that fitted, and say so
        st.warning(
            t("briefing.link_too_long", lang, length=len(bstate.encode(collect.current())), limit=bstate.MAX_LEN)
        )
    elif st.session_state.get(collect.LAST_B):  # a printout reopens this briefing
        ui.printing.view_link(view_url("briefing", {"b": [st.session_state[collect.LAST_B]]}, lang))


# ---------------------------------------------------------------- editing
def _edit_callback(change: Callable[[Briefing], Briefing]) -> Callable[[], None]:
    def apply() -> None:
        _store(change(collect.current()))

    return apply


def _set_text(index: int, key: str, field: str) -> None:
    limit = MAX_TITLE if field.startswith("title") else MAX_NOTE
    value = clean_text(st.session_state.get(key) or "", limit, multiline=field.startswith("note"))
    records = collect.collected()
    if 0 <= index < len(records):
        records[index][field] = value


def _set_figure(index: int, key: str) -> None:
    records = collect.collected()
    if 0 <= index < len(records):
        records[index]["figure"] = str(st.session_state.get(key) or "")


def _start_presenting() -> None:
    st.query_params["present"] = "on"
    st.query_params.pop("slide", None)


def _text_pair(label_key: str, keys: tuple[str, str], values: tuple[str, str], lang: str, area: bool = False) -> None:
    """An English and a Korean field side by side (each language's deck uses its own)."""
    for col, key, value, which in zip(st.columns(2), keys, values, ("en", "ko")):
        st.session_state.setdefault(key, value)
        label = f"{t(label_key, lang)} · {i18n.LANGUAGES[which]}"
        if area:
            col.text_area(label, key=key, max_chars=MAX_NOTE, height=90, help=t("briefing.view_note_help", lang))
        else:
            col.text_input(label, key=key, max_chars=MAX_TITLE)


def _sync_from_widgets() -> None:
    """Copy what was typed into the title and note fields into the session's briefing, cleaned and capped,
    before anything is drawn (so the headings and the link show this run's text)."""
    for i in range(len(collect.collected())):
        for field, key in (
            ("title", f"{WIDGET}vt-{i}"),
            ("title_ko", f"{WIDGET}vt-ko-{i}"),
            ("note", f"{WIDGET}vn-{i}"),
            ("note_ko", f"{WIDGET}vn-ko-{i}"),
        ):
            if key in st.session_state:
                _set_text(i, key, field)
    for field, key in ((collect.TITLE, f"{WIDGET}title"), (collect.TITLE_KO, f"{WIDGET}title-ko")):
        if key in st.session_state:
            st.session_state[field] = clean_text(st.session_state[key], MAX_BRIEFING_TITLE)


def _edit(briefing: Briefing, lang: str, data: Data) -> None:
    st.title(t("briefing.title", lang))
    st.write(t("briefing.lead", lang))
    if not briefing.views:
        # plain text, not st.info: an info box means "something in your link was ignored"
        st.container(border=True).markdown(f":material/playlist_add: {t('briefing.empty', lang)}")
        st.caption(t("briefing.kept_where", lang))
        return
    st.session_state.setdefault(f"{WIDGET}title", briefing.title)
    st.session_state.setdefault(f"{WIDGET}title-ko", briefing.title_ko)
    for col, key, which in zip(st.columns(2), (f"{WIDGET}title", f"{WIDGET}title-ko"), ("en", "ko")):
        label = f"{t('briefing.briefing_title', lang)} · {i18n.LANGUAGES[which]}"
        col.text_input(label, key=key, max_chars=MAX_BRIEFING_TITLE)
    _files(briefing, lang, data)
    st.caption(t("briefing.link_note", lang))
    st.caption(t("briefing.kept_where", lang))
    if len(briefing.views) > PREVIEWS_AT_ONCE:
        st.caption(t("briefing.previews_limited", lang, first=PREVIEWS_AT_ONCE + 1, total=len(briefing.views)))
    for i, view in enumerate(briefing.views):
        with st.container(border=True):
            _view_editor(i, view, len(briefing.views), lang, opened=i < PREVIEWS_AT_ONCE)
        admission.let_others_run()  # only once this run has gone on long: then readers' pages first


# ---------------------------------------------------------------- files
def _base_url() -> str:
    """The app's public address: $ATLAS_PUBLIC_URL, else the address this page was opened at."""
    base = public_base()
    if base:
        return base
    opened = str(getattr(st.context, "url", "") or "")
    match = re.match(r"^(https?://[^/?#\s]+(?:/[^?#\s]*)?)", opened)
    if not match:
        return ""
    path = match.group(1).rstrip("/")
    return path[: -len("/briefing")] if path.endswith("/briefing") else path


def file_stem(title: str, lang: str, made_on: date) -> str:
    """A file name that says what it is: korea-on-the-council_en_2026-12-07 (letters, digits, Hangul)."""
    words = re.sub(r"[^\w가-힣]+", "-", title.lower(), flags=re.UNICODE).strip("-_")[:60].strip("-_")
    return f"{words or 'briefing'}_{lang}_{made_on.isoformat()}"


# A Korean slide picture is about 0.8 MB: sixteen cover a full briefing (twelve views) and its repeat
# downloads, and leave after ten idle minutes (bench/export_memory.py measures what they hold).
PICTURE_CACHE_ENTRIES = 16
PICTURE_CACHE_TTL = "10m"


@st.cache_data(show_spinner=False, max_entries=PICTURE_CACHE_ENTRIES, ttl=PICTURE_CACHE_TTL)
def _svg_of_spec(spec_json: str, lang: str) -> str:
    """A preview's picture by its exact spec (about 0.15 MB an arms map), shared as _png_of_spec is."""
    import json

    from atlas.render import slides

    return slides.svg_from_spec(json.loads(spec_json), lang)


@st.cache_data(show_spinner=False, max_entries=PICTURE_CACHE_ENTRIES, ttl=PICTURE_CACHE_TTL)
def _png_of_spec(spec_json: str, lang: str, box: tuple[int, int]) -> bytes:
    """A slide picture by its exact spec: drawn once for the deck, the PDF, the screen and every repeat.

    Keyed on the whole spec (data included), so two users share an entry only when their pictures
    are identical; nothing of one session reaches another.
    """
    import json

    from atlas.render import slides

    return slides.png_from_spec(json.loads(spec_json), lang, box)


def _slide_spec_json(fig: Figure, width: int, height: int, base: dict | None) -> str:
    """The slide picture's spec as the picture caches' key (raises MissingFont first)."""
    import json

    from atlas.render import picture, slides

    fonts.require_for(*picture.texts(fig))
    return json.dumps(slides.slide_spec(fig, width, height, base), sort_keys=True, default=str)


def draw_slide(fig: Figure, width: int, height: int, base: dict | None = None) -> bytes:
    return _png_of_spec(_slide_spec_json(fig, width, height, base), fig.lang, (width, height))


# Built files, shared: a class opening one briefing link and pressing "Make" gets one build. Four pairs of
# files of about 3 MB each, for ten minutes.
FILES_CACHE_ENTRIES = 4
FILES_CACHE_TTL = "10m"


@st.cache_data(show_spinner=False, max_entries=FILES_CACHE_ENTRIES, ttl=FILES_CACHE_TTL)
def _shared_files(briefing_b: str, lang: str, made_for: str, _h: Handout) -> tuple[bytes, bytes]:
    """The files of a briefing, keyed on its link (its views, titles and notes), the language and
    made_for (the date, the app's address and every data file's version): what makes the handout."""
    from atlas.render import files

    return files.make(_h)


def _files_of(h: Handout, briefing: Briefing, lang: str, base_url: str) -> tuple[bytes, bytes]:
    """The deck and the PDF, made in the files worker; shared by sessions unless this one reads its own upload
    (what is built from a visitor's file is never shared)."""
    from atlas.render import files
    from atlas.ui import figure_cache

    if ui.session_data():
        return files.make(h)
    # The briefing area declares no READS: every dataset, the catalogue the cover dates come from, the map.
    made_for = repr((h.made_on.isoformat(), base_url, figure_cache.versions("briefing")))
    return _shared_files(bstate.encode(briefing), lang, made_for, h)


def _make_files(briefing: Briefing, lang: str, data: Data, page_lang: str) -> None:
    """Build the deck and the handout in this run (under the page's admission turn, as heavy work: one
    build at a time in the process, one per session), with a progress bar; keep the last pair."""
    from atlas.core.worker import WorkerStopped
    from atlas.render import files

    bar = st.progress(0.0, text=t("briefing.making", page_lang))
    steps = 2 * len(briefing.views)  # the views' figures, then the files (made in the files worker)

    def step(done: int) -> Callable[[int, int], None]:
        def show(i: int, _total: int) -> None:
            bar.progress(min(1.0, (done + i) / steps), text=t("briefing.making", page_lang))
            admission.let_others_run()  # readers' pages first: at most a second's pause a step

        return show

    try:
        with admission.heavy_work():  # one deck at a time in the process; readers' pages go on meanwhile
            base_url = _base_url()
            h = handout(briefing, lang, data, base_url=base_url, build=collect.cached_build, progress=step(0))
            bar.progress(0.5, text=t("briefing.making", page_lang))
            made_pptx, made_pdf = _files_of(h, briefing, lang, base_url)
    except fonts.MissingFont:
        st.session_state[FILE_ERROR] = t("briefing.font_missing", page_lang)
    except WorkerStopped as stopped:  # memory cannot happen: the files worker has no memory cap
        reason = stopped.reason if stopped.reason in ("busy", "timeout") else "stopped"
        seconds = f"{files.TIMEOUT_S:.0f}"
        st.session_state[FILE_ERROR] = t(f"briefing.files_{reason}", page_lang, seconds=seconds)
    except Exception as err:  # noqa: BLE001  (any failure is told to the reader, never swallowed)
        st.session_state[FILE_ERROR] = t("briefing.files_failed", page_lang, error=type(err).__name__)
    else:
        st.session_state[FILES] = {
            "key": (bstate.encode(briefing), lang),
            "pptx": made_pptx,
            "pdf": made_pdf,
            "name": file_stem(h.title, lang, h.made_on),
        }
        st.session_state.pop(FILE_ERROR, None)
    bar.empty()


def _files(briefing: Briefing, lang: str, data: Data) -> None:
    st.subheader(t("briefing.files", lang), anchor=False)
    row = st.container(horizontal=True, vertical_alignment="bottom")
    file_lang = row.radio(
        t("briefing.file_language", lang),
        list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.get,
        index=list(i18n.LANGUAGES).index(lang),
        horizontal=True,
        key="briefing-file-lang",
    )
    missing = fonts.missing_font_message(file_lang)
    make = row.button(
        t("briefing.make_files", lang), key="briefing-make", icon=":material/build:", disabled=bool(missing)
    )
    row.button(
        t("briefing.present", lang),
        key="briefing-present",
        icon=":material/slideshow:",
        help=t("briefing.present_help", lang),
        on_click=_start_presenting,
    )
    presenter = {**_query(), "present": ["on"], "presenter": ["on"]}
    presenter.pop("slide", None)
    from urllib.parse import urlencode

    row.link_button(
        t("briefing.presenter", lang),
        "/briefing?" + urlencode([(k, v) for k, vs in presenter.items() for v in vs]),
        icon=":material/co_present:",
        help=t("briefing.presenter_help", lang),
    )
    if missing:
        st.warning(missing, icon=":material/font_download_off:")
    if make:
        _make_files(briefing, file_lang, data, lang)
    error = st.session_state.get(FILE_ERROR)
    if error:
        st.error(error, icon=":material/error:")
    made = st.session_state.get(FILES)
    if made and made["key"] == (bstate.encode(briefing), file_lang):
        out = st.container(horizontal=True)
        out.download_button(
            t("briefing.download_pptx", lang),
            data=made["pptx"],
            file_name=f"{made['name']}.pptx",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            key="briefing-dl-pptx",
            on_click="ignore",
            icon=":material/download:",
        )
        out.download_button(
            t("briefing.download_pdf", lang),
            data=made["pdf"],
            file_name=f"{made['name']}.pdf",
            mime="application/pdf",
            key="briefing-dl-pdf",
            on_click="ignore",
            icon=":material/download:",
        )
    elif made:
        st.caption(t("briefing.files_stale", lang))


# ---------------------------------------------------------------- one view
# Views drawn at once on the page: each costs its figures and a chart (an arms map about 0.5 s cold), so a
# 12-view link drew for 7.5 s before anyone could act; the rest open on a switch (bench/load.py --hostile).
PREVIEWS_AT_ONCE = 4


def _view_editor(i: int, view: View, total: int, lang: str, opened: bool = True) -> None:
    head, tools = st.columns([3, 2], vertical_alignment="center")
    head.subheader(
        t("briefing.view_heading", lang, n=i + 1, title=esc(view_label(view.page, view.title_for(lang), lang))),
        anchor=False,
    )
    row = tools.container(horizontal=True, horizontal_alignment="right")
    row.button(
        t("briefing.up", lang),
        key=f"briefing-up-{i}",
        icon=":material/arrow_upward:",
        disabled=i == 0,
        on_click=_edit_callback(lambda b: b.move(i, -1)),
    )
    row.button(
        t("briefing.down", lang),
        key=f"briefing-down-{i}",
        icon=":material/arrow_downward:",
        disabled=i == total - 1,
        on_click=_edit_callback(lambda b: b.move(i, 1)),
    )
    row.button(
        t("briefing.remove", lang),
        key=f"briefing-remove-{i}",
        icon=":material/delete:",
        on_click=_edit_callback(lambda b: b.remove(i)),
    )
    if not opened and not st.toggle(t("briefing.show_view", lang), key=f"{WIDGET}open-{i}"):
        return  # nothing of the view is built until the reader opens it
    built = collect.view_figures(view, lang)
    figs = {f.id: f for f in built.figures}
    if len(figs) > 1:
        key = f"{WIDGET}fig-{i}"
        st.session_state.setdefault(key, view.figure if view.figure in figs else next(iter(figs)))
        st.selectbox(
            t("briefing.which_figure", lang),
            list(figs),
            format_func=lambda f: figs[f].title if f in figs else f,
            key=key,
            on_change=_set_figure,
            args=(i, key),
        )
    _text_pair("briefing.view_title", (f"{WIDGET}vt-{i}", f"{WIDGET}vt-ko-{i}"), (view.title, view.title_ko), lang)
    _text_pair("briefing.view_note", (f"{WIDGET}vn-{i}", f"{WIDGET}vn-ko-{i}"), (view.note, view.note_ko), lang, True)
    page = next((p for p in ui.PAGES if p.id == view.page), None)
    if page is not None:
        params = {**view.query_dict(), **({"lang": [lang]} if lang != "en" else {})}
        st.page_link(page.path, label=t("briefing.open_view", lang), icon=":material/open_in_new:", query_params=params)
    _preview(slide_for(i + 1, view, built, lang, ui.datasets(), "", with_rows=False), view, lang)


def _slide_picture(s: Slide, lang: str, view: View | None = None, svg: bool = False) -> None:
    """The slide's own picture, stretched to its place: the deck's PNG (one cache for both; drawn at twice
    its CSS size, so sharp on a projector, and its letters are the deck's, whatever fonts the viewer has),
    or with svg the same drawing as SVG (a fifth of the time: the Briefing page's previews). With the view,
    the chart's spec comes from the shared cache instead of being built in this run."""
    from atlas.render.deck import picture_size

    fig = s.figure
    assert fig is not None
    base = collect.chart_spec(view, fig, lang) if view is not None else None
    try:
        if svg:
            st.image(_svg_of_spec(_slide_spec_json(fig, *picture_size(s), base), fig.lang), width="stretch")
        else:
            st.image(draw_slide(fig, *picture_size(s), base), width="stretch")
    except fonts.MissingFont:
        st.warning(t("briefing.font_missing", lang))


def _preview(s: Slide, view: View, lang: str) -> None:
    """The view as its slide will be: subtitle, the chart, the slide's caption and the sources."""
    fig = s.figure
    if fig is None:
        st.warning(esc(s.problem), icon=":material/error:")
        return
    if s.subtitle:
        st.caption(esc(s.subtitle))
    if fig.chart is not None:
        if isinstance(fig.chart, LazyChart):  # a map's picture twin: laid out in pixels, a column would clip it
            _slide_picture(s, lang, view, svg=True)
        else:
            spec = ui.screen_spec(collect.chart_spec(view, fig, lang), fig.lang)
            st.vega_lite_chart(spec, width="stretch", key=f"briefing-fig-{s.number}")
    for note in fig.notes:
        st.info(esc(note), icon=":material/info:")
    if s.caption:
        st.caption(esc(s.caption))
    line = ui.source_line(fig.sources, lang)
    if line:
        st.caption(line)


# ---------------------------------------------------------------- presenting
def _go(slide: int) -> None:
    st.query_params["present"] = "on"
    if slide == 1:
        st.query_params.pop("slide", None)
    else:
        st.query_params["slide"] = str(slide)


def _stop() -> None:
    for key in ("present", "slide", "presenter"):
        st.query_params.pop(key, None)


def _slide(briefing: Briefing, n: int, lang: str, data: Data) -> Slide:
    view = briefing.views[n - 1]
    return slide_for(n, view, collect.view_figures(view, lang), lang, data, "", with_rows=False)


def _nav(n: int, total: int, lang: str, clock: bool = False) -> None:
    """Previous, next, where we are (and for the presenter, the clock) on one row: a row of its own would
    take the slide's height."""
    nav = st.container(horizontal=True, vertical_alignment="center")
    nav.button(
        t("briefing.previous", lang),
        key="briefing-prev",
        icon=":material/arrow_back:",
        disabled=n == 1,
        shortcut="Left",
        on_click=_go,
        args=(n - 1,),
    )
    nav.button(
        t("briefing.next", lang),
        key="briefing-next",
        icon=":material/arrow_forward:",
        type="primary",
        disabled=n == total,
        shortcut="Right",
        on_click=_go,
        args=(n + 1,),
    )
    nav.caption(t("briefing.slide_of", lang, n=n, total=total))
    if clock:
        nav.html(CLOCK_JS, width="content", unsafe_allow_javascript=True)
    nav.button(t("briefing.exit", lang), key="briefing-exit", icon=":material/close:", shortcut="Esc", on_click=_stop)


def _slide_body(s: Slide, lang: str, view: View) -> None:
    st.title(esc(s.title), anchor=False)
    if s.subtitle:
        st.markdown(esc(s.subtitle))
    fig = s.figure
    if fig is None:
        st.warning(esc(s.problem))
        return
    if fig.chart is not None:
        _slide_picture(s, lang, view)  # the deck's PNG, stretched to the screen by PRESENT_CSS
    if s.caption:
        st.markdown(esc(s.caption))


def _present(briefing: Briefing, n: int, lang: str, data: Data) -> None:
    st.html(PRESENT_CSS)
    st.html(SYNC_JS.replace("%ROLE%", "audience").replace("%SLIDE%", str(n)), unsafe_allow_javascript=True)
    _nav(n, len(briefing.views), lang)
    with st.container(key="briefing-slide"):
        _slide_body(_slide(briefing, n, lang, data), lang, briefing.views[n - 1])


# The presenter's note column on the smallest screen presented from (1280 x 720): NOTE_BOX px wide and high
# under the "Up next" and "Your note" headings. A note that would not fit at the page's text size
# (PRESENT_CSS: clamp(1.1rem, 2.3vh, 1.7rem), 17.6 px there) is set smaller, down to NOTE_FLOOR_PX; one
# longer still scrolls within its column, and the view says so under it. In vh, the size grows with the
# screen, and a taller screen gives the note more room than that: what fits at 1280 x 720 fits there.
NOTE_SCREEN = (1280, 720)
NOTE_BOX = (472, 380)  # px: measured in Chromium, 472 x 387 under the headings
NOTE_PX, NOTE_FLOOR_PX, NOTE_LINE = 17.6, 12.0, 1.6
NOTE_CSS = """[data-testid="stMain"] .st-key-briefing-note p {
  font-size: max(%.1fpx, min(%.2fvh, 1.7rem)) !important; line-height: 1.6; }"""


def _ems(text: str) -> float:
    """How wide text is set, in ems: Hangul and other wide glyphs a full em, a space a quarter, the rest half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.25 if c == " " else 0.55 for c in text)


def note_size(note: str) -> tuple[float, bool]:
    """The presenter note's text size in px at 1280 x 720 (the largest that fits its column, NOTE_PX at
    most, NOTE_FLOOR_PX at least), and whether it fits there at that size."""
    paragraphs = [_ems(p) for p in note.splitlines() if p.strip()] or [0.0]
    size = NOTE_PX
    while True:
        # each paragraph's lines, with a little room for lines that break early at a word
        lines = sum(math.ceil(ems * size * 1.03 / NOTE_BOX[0]) for ems in paragraphs)
        if lines * size * NOTE_LINE <= NOTE_BOX[1]:
            return size, True
        if size <= NOTE_FLOOR_PX:
            return NOTE_FLOOR_PX, False
        size = max(NOTE_FLOOR_PX, size - 0.5)


def _presenter(briefing: Briefing, n: int, lang: str, data: Data) -> None:
    st.html(PRESENT_CSS)
    st.html(SYNC_JS.replace("%ROLE%", "presenter").replace("%SLIDE%", str(n)), unsafe_allow_javascript=True)
    total = len(briefing.views)
    _nav(n, total, lang, clock=True)
    current = _slide(briefing, n, lang, data)
    now, then = st.container(key="briefing-body").columns([3, 2])
    with now.container(key="briefing-presenter"):
        st.subheader(t("briefing.now_showing", lang, n=n, total=total), anchor=False)
        _slide_body(current, lang, briefing.views[n - 1])
    with then.container(key="briefing-notes"):  # the note last: a long one scrolls within this column
        st.subheader(t("briefing.up_next", lang), anchor=False)
        if n < total:
            nxt = _slide(briefing, n + 1, lang, data)
            st.markdown(f"**{esc(nxt.title)}**")
            if nxt.subtitle:
                st.caption(esc(nxt.subtitle))
        else:
            st.caption(t("briefing.last_slide", lang))
        st.subheader(t("briefing.speaker_note", lang), anchor=False)
        if not current.note:
            st.markdown(t("briefing.no_note", lang))
            return
        size, fits = note_size(current.note)
        # numbers only, never user text; the vh unit keeps the note's share of a larger screen
        st.html(f"<style>{NOTE_CSS % (NOTE_FLOOR_PX, size * 100 / NOTE_SCREEN[1])}</style>")
        with st.container(key="briefing-note"):
            st.markdown(esc(current.note))
        if not fits:
            st.caption(t("briefing.note_scrolls", lang))
