"""The briefing in this session: "Add to briefing" on every page, its figure cache, and its link.

A view is one figure of a page's view: the page, its URL query and the figure's id, enough to
rebuild it with no browser. The collected views live in this session's state (never shared between
sessions) and, while the briefing has any, in every page's link as `b` (written by `carry`, from
page_setup): a reload, a pasted link with its `b` or the back button find it again. A link without
`b` opened in a new tab starts a session without it; the Briefing page says so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import streamlit as st

from atlas import i18n
from atlas.briefing import registry
from atlas.briefing import state as bstate
from atlas.briefing.model import MAX_VIEWS, Briefing, View, from_records, to_records
from atlas.briefing.registry import ViewFigures, build
from atlas.core.figure import Data, Figure
from atlas.i18n import t

VIEWS = "_atlas_briefing_views"  # [{"page", "query", "figure", "title", "note", "title_ko", "note_ko"}]
TITLE = "_atlas_briefing_title"
TITLE_KO = "_atlas_briefing_title_ko"
LAST_B = "_atlas_briefing_last_b"  # the `b` this session last wrote: any other `b` in a URL is a new arrival
CHOOSING = "_atlas_briefing_choosing"  # the page whose "which figure?" choice is open
WIDGET = "briefing-w-"  # prefix of the Briefing page's edit widgets (forgotten when the list changes)
ARRIVAL = "_atlas_briefing_arrival"  # what the last arrival said: ("dropped", n) / ("migrated", 0) / problem


def collected() -> list[dict]:
    return st.session_state.setdefault(VIEWS, [])


def current() -> Briefing:
    return from_records(collected(), st.session_state.get(TITLE, ""), st.session_state.get(TITLE_KO, ""))


def store(briefing: Briefing) -> None:
    st.session_state[VIEWS] = to_records(briefing)
    st.session_state[TITLE] = briefing.title
    st.session_state[TITLE_KO] = briefing.title_ko
    for key in [k for k in st.session_state if str(k).startswith(WIDGET)]:
        del st.session_state[key]


def added_message(n: int, lang: str) -> str:
    return t("briefing.added_one", lang) if n == 1 else t("briefing.added_many", lang, n=n)


# ---------------------------------------------------------------- a view's figures, cached
def view_figures(view: View, lang: str, data: Data | None = None) -> ViewFigures:
    """The figures of a briefing's view, once per view for every session (atlas.ui.figure_cache; a class
    opening one briefing link builds each view once), or built from this session's own file."""
    from atlas import ui
    from atlas.ui import figure_cache

    plain = View.of(view.page, view.query_dict())  # titles and notes do not change the figures
    try:
        area = registry.area_of(view.page)  # the page's area package draws its figures
    except registry.AreaUnavailable:
        return build(plain, lang, data or ui.datasets())
    built = figure_cache.cached(
        area, f"briefing:{view.page}", _query_key(view), lang, lambda: build(plain, lang, data or ui.datasets())
    )
    return ViewFigures(view, built.figures, built.datasets, built.problem, built.detail)


def chart_spec(view: View, fig: Figure, lang: str) -> dict:
    """The Vega-Lite spec of fig, a figure of view, once per view, figure, language and file version. The
    figures' cache hands each run a copy in which a lazy chart (the arms map's picture twin, about 0.6 s)
    is not yet built: without this a briefing of twelve maps rebuilt all twelve on every rerun of the page."""
    from atlas.core.charts import to_spec
    from atlas.ui import figure_cache

    try:
        area = registry.area_of(view.page)
    except registry.AreaUnavailable:
        return to_spec(fig.chart)
    return figure_cache.cached(
        area, f"briefing-spec:{view.page}:{fig.id}", _query_key(view), lang, lambda: to_spec(fig.chart)
    )


def _query_key(view: View) -> str:
    return json.dumps(view.query_dict(), sort_keys=True, ensure_ascii=False)


def cached_build(view: View, lang: str, data: Data) -> ViewFigures:
    """registry.build's signature, through the cache (atlas.briefing.figures.handout takes it)."""
    return view_figures(view, lang, data)


# ---------------------------------------------------------------- the briefing in every page's link
def carry(page_id: str, lang: str) -> None:
    """Read a briefing arriving in the URL (a reload, a pasted link) and write this session's into it.

    Called by page_setup on every page. On arrival a `b` this session did not write replaces the
    session's briefing (the link wins, as on the Briefing page); a damaged one is left out with the
    page's usual notice. Then, while the briefing holds anything, the page's link carries it.
    """
    url_b = st.query_params.get_all("b")
    if url_b and url_b[0] != st.session_state.get(LAST_B):
        try:
            if len(url_b) != 1:
                raise bstate.LinkProblem("malformed")
            arrived = bstate.decode(url_b[0])
        except bstate.LinkProblem as err:
            st.session_state[ARRIVAL] = ("problem", err.reason)
            st.session_state[LAST_B] = None
            if page_id != bstate.PAGE:
                from atlas import ui

                ui.notice("b")
        else:
            store(arrived)
            st.session_state[LAST_B] = url_b[0]
            if arrived.dropped:
                st.session_state[ARRIVAL] = ("dropped", arrived.dropped)
            elif arrived.migrated:
                st.session_state[ARRIVAL] = ("migrated", 0)
    if page_id != bstate.PAGE:  # the Briefing page writes its link after its edits
        write_link()


def write_link() -> bool:
    """Put this session's briefing into the page's link; False when it is too long for one."""
    briefing = current()
    if not briefing.views and not briefing.title and not briefing.title_ko:
        st.query_params.pop("b", None)
        st.session_state[LAST_B] = None
        return True
    encoded = bstate.encode(briefing)
    if not bstate.fits_in_url(encoded):
        return False
    if st.query_params.get_all("b") != [encoded]:
        st.query_params["b"] = encoded
    st.session_state[LAST_B] = encoded
    return True


# ---------------------------------------------------------------- "Add to briefing"
def add_button(page_id: str, query: Mapping[str, list[str]], lang: str) -> None:
    """A button that adds one figure of the current view (page + URL state, without lang) to the briefing.

    A page with several figures asks which one (the first is chosen); the choice is built only when
    asked for, from the shared figure cache.
    """
    clean = {k: [str(x) for x in v] for k, v in query.items() if k != "lang"}

    def add(figure: str | None = None) -> None:
        if figure is None:  # the figure picked in the choice (read when clicked, not when drawn)
            figure = str(st.session_state.get(f"briefing-pick-{page_id}") or "")
        st.session_state.pop(CHOOSING, None)
        views = collected()
        if len(views) >= MAX_VIEWS:
            st.toast(t("briefing.full", lang, n=MAX_VIEWS), icon=":material/block:")
            return
        record = {"page": page_id, "query": clean, "figure": figure, "title": "", "note": ""}
        views.append({**record, "title_ko": "", "note_ko": ""})
        st.toast(added_message(len(views), lang), icon=":material/playlist_add_check:")
        write_link()

    def choose() -> None:
        st.session_state[CHOOSING] = page_id

    def cancel() -> None:
        st.session_state.pop(CHOOSING, None)

    if st.session_state.get(CHOOSING) != page_id:
        st.button(
            t("common.add_to_briefing", lang),
            key=f"briefing-add-{page_id}",
            icon=":material/playlist_add:",
            on_click=choose,
        )
        return
    figs = view_figures(View.of(page_id, clean), lang).figures
    if len(figs) <= 1:
        add(figs[0].id if figs else "")
        st.rerun()
    with st.container(border=True, key=f"briefing-choose-{page_id}"):
        ids = [f.id for f in figs]
        titles = {f.id: f.title for f in figs}
        st.radio(
            t("briefing.which_figure", lang),
            ids,
            format_func=lambda i: i18n.escape_markdown(titles.get(i, i)),
            key=f"briefing-pick-{page_id}",
        )
        row = st.container(horizontal=True)
        row.button(
            t("briefing.add_this", lang),
            key=f"briefing-add-chosen-{page_id}",
            icon=":material/playlist_add:",
            type="primary",
            on_click=add,
        )
        row.button(t("briefing.cancel", lang), key=f"briefing-add-cancel-{page_id}", on_click=cancel)
