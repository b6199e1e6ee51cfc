"""The Briefing page: the collected views in order, editable; downloads; presentation mode.

The session holds the briefing while it is edited (atlas.ui.briefing's list); the URL's `b`
holds it for reloads and shared links. On arrival a `b` the page did not write itself (a
reload, a bookmark, a link from someone else) replaces the session's list: the URL wins.
After every run the page writes the briefing back into `b`.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from atlas import ui
from atlas.briefing import state as bstate
from atlas.briefing.figures import handout, view_label
from atlas.briefing.model import MAX_NOTE, MAX_TITLE, Briefing, View, from_records, to_records
from atlas.briefing.registry import ViewFigures, build
from atlas.core.charts import to_spec
from atlas.core.figure import Data, Figure, view_url
from atlas.i18n import (
    escape_markdown,  # noqa: I001
    t,
)
from atlas.render import fonts
from atlas.ui import briefing as collect

LAST_B = "_atlas_briefing_last_b"  # the `b` this page last wrote: any other `b` is a new arrival
WIDGET = "briefing-w-"  # prefix of every edit widget's key (cleared when the list changes under them)
# A fixed stylesheet (never user text): hide the sidebar and enlarge type for a projector.
PRESENT_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarCollapseButton"], header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1.5rem 3rem !important; }
[data-testid="stMain"] h1 { font-size: 3.2rem !important; }
[data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 2.3rem !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.45rem !important; }
[data-testid="stMain"] button:focus-visible { outline: 4px solid #0b5394 !important; outline-offset: 3px; }
</style>"""


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _current() -> Briefing:
    return from_records(collect.collected(), st.session_state.get(collect.TITLE, ""))


def _store(briefing: Briefing) -> None:
    st.session_state[collect.VIEWS] = to_records(briefing)
    st.session_state[collect.TITLE] = briefing.title
    for key in [k for k in st.session_state if str(k).startswith(WIDGET)]:
        del st.session_state[key]


def _arrive(state: bstate.State, lang: str) -> Briefing:
    """The briefing for this run: the URL's on arrival, else the session's."""
    url_b = st.query_params.get_all("b")
    if url_b and url_b[0] != st.session_state.get(LAST_B):
        if state.briefing is not None:
            _store(state.briefing)
            if state.briefing.dropped:
                n = state.briefing.dropped
                st.warning(t("briefing.dropped_one", lang) if n == 1 else t("briefing.dropped_many", lang, n=n))
        else:
            st.error(t(f"briefing.problem.{state.problem}", lang), icon=":material/link_off:")
    return _current()


def _write_url(briefing: Briefing, lang: str) -> None:
    encoded = bstate.encode(briefing)
    if not briefing.views and not briefing.title:
        st.query_params.pop("b", None)
        st.session_state[LAST_B] = None
    elif bstate.fits_in_url(encoded):
        st.query_params["b"] = encoded
        st.session_state[LAST_B] = encoded
        ui.printing.view_link(view_url("briefing", {"b": [encoded]}, lang))  # a printout reopens this briefing
    else:  # keep the last link that fitted, and say why the address no longer follows the edits
        st.warning(t("briefing.link_too_long", lang, length=len(encoded), limit=bstate.MAX_LEN))
        kept = st.query_params.get_all("b")
        st.session_state[LAST_B] = kept[0] if kept else None


def render(lang: str) -> None:
    state, rejected = bstate.State.from_query(_query())
    for key in rejected:
        if key != "b":  # a bad `b` gets its own, clearer message
            ui.notice(key)
    briefing = _arrive(state, lang)
    ui.show_url_notices()
    data = ui.datasets()
    if state.present and briefing.views:
        _present(briefing, min(state.slide, len(briefing.views)), lang, data)
    else:
        _edit(briefing, lang, data)
    _write_url(_current(), lang)


# ---------------------------------------------------------------- editing
def _edit_callback(change: Callable[[Briefing], Briefing]) -> Callable[[], None]:
    def apply() -> None:
        _store(change(_current()))

    return apply


def _set_text(index: int, key: str, field: str) -> None:
    value = str(st.session_state.get(key) or "")
    records = collect.collected()
    if 0 <= index < len(records):
        records[index][field] = value[: MAX_TITLE if field == "title" else MAX_NOTE]


def _set_briefing_title() -> None:
    st.session_state[collect.TITLE] = str(st.session_state.get(f"{WIDGET}title") or "")[:MAX_TITLE]


def _start_presenting() -> None:
    st.query_params["present"] = "on"
    st.query_params.pop("slide", None)


def _edit(briefing: Briefing, lang: str, data: Data) -> None:
    st.title(t("briefing.title", lang))
    st.write(t("briefing.lead", lang))
    warning = fonts.missing_font_message(lang)
    if warning:
        st.warning(warning, icon=":material/font_download_off:")
    if not briefing.views:
        # plain text, not st.info: an info box means "something in your link was ignored"
        st.container(border=True).markdown(f":material/playlist_add: {t('briefing.empty', lang)}")
        return
    key = f"{WIDGET}title"
    if key not in st.session_state:
        st.session_state[key] = briefing.title
    st.text_input(t("briefing.briefing_title", lang), key=key, max_chars=MAX_TITLE, on_change=_set_briefing_title)
    _downloads(briefing, lang, data, disabled=bool(warning))
    st.caption(t("briefing.link_note", lang))
    for i, view in enumerate(briefing.views):
        with st.container(border=True):
            _view_editor(i, view, len(briefing.views), lang, data)


def _downloads(briefing: Briefing, lang: str, data: Data, disabled: bool) -> None:
    from atlas.render import deck, pdf  # on first use: a plain rerun needs neither

    def pptx() -> bytes:
        return deck.build(handout(briefing, lang, data), draw=_picture)

    def handout_pdf() -> bytes:
        return pdf.build(handout(briefing, lang, data), draw=_picture)

    row = st.container(horizontal=True)
    row.download_button(
        t("briefing.download_pptx", lang),
        data=pptx,
        file_name="briefing.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        key="briefing-dl-pptx",
        on_click="ignore",
        icon=":material/download:",
        disabled=disabled,
    )
    row.download_button(
        t("briefing.download_pdf", lang),
        data=handout_pdf,
        file_name="briefing.pdf",
        mime="application/pdf",
        key="briefing-dl-pdf",
        on_click="ignore",
        icon=":material/download:",
        disabled=disabled,
    )
    row.button(
        t("briefing.present", lang),
        key="briefing-present",
        icon=":material/slideshow:",
        help=t("briefing.present_help", lang),
        on_click=_start_presenting,
    )


# A Korean slide picture is about 0.8 MB: 64 entries held up to 50 MB for as long as the server ran. Sixteen
# cover a briefing's own figures (a repeat download, both buttons) and leave after ten idle minutes
# (bench/export_memory.py measures what they hold).
PICTURE_CACHE_ENTRIES = 16
PICTURE_CACHE_TTL = "10m"


@st.cache_data(show_spinner=False, max_entries=PICTURE_CACHE_ENTRIES, ttl=PICTURE_CACHE_TTL)
def _png_of_spec(spec_json: str, lang: str) -> bytes:
    """A picture by its exact spec: the same figure is drawn once for both downloads and every repeat.

    Keyed on the whole picture spec (data included), so two users share an entry only when
    their pictures are identical; nothing of one session reaches another.
    """
    import json

    from atlas.render import picture

    return picture.png_from_spec(json.loads(spec_json), lang)


def _picture(fig: Figure) -> bytes:
    import json

    from atlas.render import picture

    fonts.require_for(*picture.texts(fig))
    spec = picture.picture_spec(fig)
    return _png_of_spec(json.dumps(spec, sort_keys=True, default=str), fig.lang)


def _view_editor(i: int, view: View, total: int, lang: str, data: Data) -> None:
    head, tools = st.columns([3, 2], vertical_alignment="center")
    head.subheader(
        t("briefing.view_heading", lang, n=i + 1, title=escape_markdown(view_label(view.page, view.title, lang)))
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
    title_key, note_key = f"{WIDGET}vt-{i}", f"{WIDGET}vn-{i}"
    st.session_state.setdefault(title_key, view.title)
    st.session_state.setdefault(note_key, view.note)
    st.text_input(
        t("briefing.view_title", lang),
        key=title_key,
        max_chars=MAX_TITLE,
        on_change=_set_text,
        args=(i, title_key, "title"),
    )
    st.text_area(
        t("briefing.view_note", lang),
        key=note_key,
        max_chars=MAX_NOTE,
        height=90,
        help=t("briefing.view_note_help", lang),
        on_change=_set_text,
        args=(i, note_key, "note"),
    )
    page = next((p for p in ui.PAGES if p.id == view.page), None)
    if page is not None:
        params = {**view.query_dict(), **({"lang": [lang]} if lang != "en" else {})}
        st.page_link(page.path, label=t("briefing.open_view", lang), icon=":material/open_in_new:", query_params=params)
    _figures(build(view, lang, data), f"briefing-fig-{i}", lang, large=False)


# ---------------------------------------------------------------- figures, on both screens
def _figures(built: ViewFigures, key: str, lang: str, large: bool) -> None:
    if built.problem:
        which = "view_unavailable" if built.problem == "unavailable" else "view_data_error"
        st.warning(t(f"briefing.{which}", lang), icon=":material/error:")
        return
    if not built.figures:
        st.caption(t("briefing.no_figures", lang))
    for j, fig in enumerate(built.figures):
        (st.subheader if large else st.markdown)(fig.title if large else f"**{escape_markdown(fig.title)}**")
        if fig.subtitle:
            st.caption(escape_markdown(fig.subtitle))
        if fig.chart is not None:
            spec = to_spec(fig.chart)
            if large:
                spec = _large_type(spec)
            st.vega_lite_chart(spec, width="stretch", key=f"{key}-{j}")
        for note in fig.notes:
            st.info(note, icon=":material/info:")
        if fig.caption:
            st.caption(fig.caption)
        line = ui.source_line(fig.sources, lang)
        if line:
            st.caption(line)


def _large_type(spec: dict) -> dict:
    """Bigger axis, legend and label text for a projector (the chart's own settings win)."""
    big = {
        "axis": {"labelFontSize": 16, "titleFontSize": 18},
        "legend": {"labelFontSize": 16, "titleFontSize": 18},
        "header": {"labelFontSize": 16, "titleFontSize": 18},
        "text": {"fontSize": 16},
    }
    config = spec.setdefault("config", {})
    for part, values in big.items():
        config[part] = {**values, **config.get(part, {})}
    return spec


# ---------------------------------------------------------------- presentation mode
def _go(slide: int) -> None:
    st.query_params["present"] = "on"
    if slide == 1:
        st.query_params.pop("slide", None)
    else:
        st.query_params["slide"] = str(slide)


def _stop() -> None:
    st.query_params.pop("present", None)
    st.query_params.pop("slide", None)


def _present(briefing: Briefing, n: int, lang: str, data: Data) -> None:
    st.html(PRESENT_CSS)
    total = len(briefing.views)
    view = briefing.views[n - 1]
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
    nav.button(t("briefing.exit", lang), key="briefing-exit", icon=":material/close:", shortcut="Esc", on_click=_stop)
    st.title(escape_markdown(view_label(view.page, view.title, lang)), anchor=False)
    _figures(build(view, lang, data), f"briefing-slide-{n}", lang, large=True)
