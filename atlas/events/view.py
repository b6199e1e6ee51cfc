"""The events page's Streamlit code: filters bound to the URL, the figures, the paged list with its links."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st

from atlas import i18n, ui
from atlas.core.figure import Figure
from atlas.events import charts, model
from atlas.events.figures import figures
from atlas.events.state import PAGE, URL_KEYS, State
from atlas.events.text import category_label
from atlas.i18n import escape_markdown, plural, t
from atlas.ui import briefing, figure_cache

_FILTERS_SEEN = "_events_filters"  # the filters the list's page was chosen under
_PAGE_FROM_URL = "_events_page_from_url"  # ?page= read on arrival, used when the list is drawn


def _figures(state: State, lang: str, events: pd.DataFrame) -> list[tuple[Figure, dict | None]]:
    """The view's figures with their Vega-Lite dicts, once per view for every session (atlas.ui.figure_cache)."""
    return figure_cache.cached(
        "events", "page", figure_cache.view_key(state), lang,
        lambda: figure_cache.with_specs(figures(state, {"events": events}, lang)),
    )  # fmt: skip


def _link_index() -> model.LinkIndex:
    """Which events open a deal or a decision, once per version of the deals' and decisions' files."""
    return figure_cache.cached(
        "events", "links", "", "",
        lambda: model.build_link_index(ui.optional_dataset("arms_exports"), ui.optional_dataset("unsc_decisions")),
    )  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=128)
def _localised(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    return model.localised(rows, lang)


def _search_box(lang: str) -> str:
    """A text search (plain text, capped; never shown as HTML), cleaned as typed."""
    raw = st.text_input(
        t("events.search", lang),
        key="q",
        max_chars=model.MAX_QUERY_LENGTH,
        help=t("events.search_help", lang, n=model.MAX_QUERY_LENGTH),
        placeholder=t("events.search_placeholder", lang),
    )
    return model.clean_query(raw)


def _arrive(events: pd.DataFrame) -> None:
    """On arriving at the page (its filter keys are cleared by ui.page_setup), read the URL once."""
    ss = st.session_state
    if "category" in ss:
        return
    state, rejected = State.from_query(ui.url_query(URL_KEYS), {"events": events})
    for key in rejected:
        ui.notice(key)
    ss["category"], ss["actors"] = list(state.categories), list(state.actors)
    ss["years"] = state.span({"events": events})
    ss["q"] = state.q
    ss[_PAGE_FROM_URL] = state.page
    ss.pop("page", None)


def _filters(events: pd.DataFrame, lang: str) -> State:
    lo, hi = model.year_bounds(events)
    actor_options = sorted(model.actor_codes(events), key=lambda c: i18n.country_name(c, lang))
    with st.container(border=True, key=f"{ui.printing.SCREEN_ONLY}events-filters"):
        c1, c2 = st.columns(2)
        with c1:
            categories = ui.multiselect(
                t("events.category_filter", lang),
                model.CATEGORIES,
                key="category",
                format_func=lambda c: category_label(c, lang),
                placeholder=t("events.all_categories", lang),
            )
        with c2:
            actors = ui.multiselect(
                t("events.actors_filter", lang),
                actor_options,
                key="actors",
                format_func=lambda c: i18n.country_name(c, lang),
                placeholder=t("events.all_countries", lang),
            )
        c3, c4 = st.columns(2)
        with c3:
            years = ui.year_slider(t("events.years_filter", lang), lo, hi, "years", dataset="events")
        with c4:
            query = _search_box(lang)
    return State(tuple(categories), tuple(actors), None if years == (lo, hi) else years, query)


def _page_choice(rows: pd.DataFrame, state: State, lang: str) -> int:
    """The page of the list to draw, bound to ?page=; back to page 1 whenever the filters change."""
    pages = model.page_count(len(rows))
    signature = replace(state, page=1)
    changed = st.session_state.get(_FILTERS_SEEN) not in (None, signature)
    st.session_state[_FILTERS_SEEN] = signature
    if pages == 1:
        return 1
    if "page" not in st.session_state:
        st.session_state["page"] = min(st.session_state.pop(_PAGE_FROM_URL, 1), pages)
    elif changed or st.session_state["page"] not in range(1, pages + 1):
        st.session_state["page"] = 1

    def label(p: int) -> str:
        part = model.page_slice(rows, p)
        start, end = (i18n.fmt_date(part["date"].iloc[i], lang) for i in (0, -1))
        return t("events.page_label", lang, page=p, pages=pages, start=start, end=end)

    return int(st.selectbox(t("events.page", lang), list(range(1, pages + 1)), format_func=label, key="page"))


def _event_card(row: Any, index: model.LinkIndex, pages: set[str], lang: str) -> None:
    esc = escape_markdown  # every text from the data is shown literally
    title = row.source_title
    source = title if isinstance(title, str) and title else row.source_url
    with st.container(border=True):
        st.markdown(
            f"**{esc(i18n.fmt_date(row.date, lang))}** · {esc(category_label(row.category, lang))}\n\n"
            f"**{esc(row.title_text)}**\n\n"
            f"{esc(row.summary_text)}\n\n"
            f"{esc(t('events.actors', lang))}: {esc(charts.actor_names(row.actors, lang))}  \n"
            f"{esc(t('events.source', lang))}: [{esc(source)}]({model.safe_link_url(row.source_url)})"
        )
        for target in model.link_targets(row.deal_id, row.decision_id, index, pages, lang, i18n.DEFAULT_LANG):
            st.page_link(
                target.page_path,
                label=t(f"events.open_{target.kind}", lang, ref=target.ref),
                icon=":material/open_in_new:",
                query_params=target.query_params,
            )


def render(lang: str) -> None:
    """The whole events page below page_setup."""
    st.title(t("nav.events", lang))
    st.write(t("events.intro", lang))
    events = ui.dataset("events")  # a bad events file stops here; broken links into it are dropped with a warning
    _arrive(events)
    state = _filters(events, lang)
    ui.show_url_notices()
    shown = model.filter_events(events, state.categories, state.actors, state.years, state.q)
    st.caption(plural("events.count", len(events), lang, n=i18n.fmt_int(len(shown)), total=i18n.fmt_int(len(events))))
    if shown.empty:
        ui.write_url(URL_KEYS, state.to_query())
        ui.empty_state("common.no_rows")
        return
    # A briefing view holds the figures; which page of the list was open is not part of them.
    briefing.add_button(PAGE, state.to_query(), lang)
    for fig, spec in _figures(state, lang, events):
        ui.show_figure(fig, spec=spec)
    ui.csv_download(
        model.export_frame(shown),
        f"{model.export_stem(state.categories, state.actors, state.years, state.q)}.csv",
        label=t("events.download", lang),
        key="dl-events",
    )
    local = _localised(shown, lang)
    newest_first = local.sort_values(["date", "event_id"], ascending=False, kind="stable")
    st.subheader(t("events.list_title", lang), anchor=False)
    page = _page_choice(newest_first, state, lang)
    ui.write_url(URL_KEYS, replace(state, page=page).to_query())
    _event_list(newest_first, page, lang)


def _event_list(newest_first: pd.DataFrame, page: int, lang: str) -> None:
    note = t("events.list_newest_first", lang, n=model.PAGE_SIZE)
    if lang == "ko":
        note += " " + t("events.fallback_note", lang, mark=t("common.english_only", lang))
    st.caption(note)
    index = _link_index()
    pages = {p.id for p in ui.PAGES}
    for row in model.page_slice(newest_first, page).itertuples(index=False):
        _event_card(row, index, pages, lang)
