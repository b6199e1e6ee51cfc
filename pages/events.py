import pandas as pd
import streamlit as st

from atlas import events as ev
from atlas import i18n, ui
from atlas.core.charts import to_spec  # a chart's Vega-Lite dict, for caching
from atlas.events_charts import actor_names, category_label, timeline_chart
from atlas.i18n import t

lang = ui.page_setup("events")
st.title(t("nav.events"))
st.write(t("events.intro"))

events = ui.dataset("events")


# ---------------------------------------------------------------- small cached wrappers
# Keyed by plain arguments; each reads the cached datasets itself, so a warm rerun after a
# filter change (e.g. each keystroke in the search box) rebuilds nothing it has seen before.
@st.cache_data(show_spinner=False)
def _link_index() -> ev.LinkIndex:
    return ev.build_link_index(ui.optional_dataset("arms_exports"), ui.optional_dataset("unsc_decisions"))


@st.cache_data(show_spinner=False, max_entries=128)
def _timeline_spec(event_ids: tuple[str, ...], lang: str) -> dict:
    """The timeline of these events in lang, as a Vega-Lite dict (building it dominates a rerun)."""
    all_events = ui.load_dataset_quietly("events")
    return to_spec(timeline_chart(all_events[all_events["event_id"].isin(event_ids)], lang))


@st.cache_data(show_spinner=False, max_entries=128)
def _localised(event_ids: tuple[str, ...], lang: str) -> pd.DataFrame:
    """These events (by date, oldest first) with their title and summary in lang."""
    all_events = ui.load_dataset_quietly("events")
    rows = all_events[all_events["event_id"].isin(event_ids)].sort_values(["date", "event_id"], kind="stable")
    return ev.localised(rows, lang)


def _page_choice(rows: pd.DataFrame, signature: tuple) -> pd.DataFrame:
    """The page of the list to draw; back to the first page whenever the filters change."""
    pages = ev.page_count(len(rows))
    if pages == 1:
        return rows
    if st.session_state.get("_epage_filters") != signature or st.session_state.get("epage") not in range(1, pages + 1):
        st.session_state["epage"] = 1
    st.session_state["_epage_filters"] = signature

    def label(p: int) -> str:
        part = ev.page_slice(rows, p)
        return t(
            "events.page_label",
            lang,
            page=p,
            pages=pages,
            start=i18n.fmt_date(part["date"].iloc[0], lang),
            end=i18n.fmt_date(part["date"].iloc[-1], lang),
        )

    page = st.selectbox(t("events.page"), list(range(1, pages + 1)), format_func=label, key="epage")
    return ev.page_slice(rows, int(page))


def _search_box(label: str) -> str:
    """A text search bound to ?q= (plain text, capped; never shown as HTML)."""
    if "q" not in st.session_state:
        parsed = ev.parse_query(st.query_params.get_all("q"))
        if parsed.rejected:
            ui.notice("q")
        st.session_state["q"] = parsed.value
    raw = st.text_input(
        label,
        key="q",
        max_chars=ev.MAX_QUERY_LENGTH,
        help=t("events.search_help", n=ev.MAX_QUERY_LENGTH),
        placeholder=t("events.search_placeholder"),
    )
    query = ev.clean_query(raw)
    if query:
        st.query_params["q"] = query
    elif "q" in st.query_params:
        del st.query_params["q"]
    return query


lo, hi = ev.year_bounds(events)
actor_options = sorted(ev.actor_codes(events), key=lambda c: i18n.country_name(c, lang))
with st.container(border=True):
    c1, c2 = st.columns(2)
    with c1:
        categories = ui.url_multiselect(
            t("events.category_filter"),
            ev.CATEGORIES,
            key="category",
            format_func=lambda c: category_label(c, lang),
            placeholder=t("events.all_categories"),
        )
    with c2:
        actors = ui.url_multiselect(
            t("events.actors_filter"),
            actor_options,
            key="actors",
            format_func=lambda c: i18n.country_name(c, lang),
            placeholder=t("events.all_countries"),
        )
    c3, c4 = st.columns(2)
    with c3:
        years = ui.url_year_range(t("events.years_filter"), lo, hi, "years")
    with c4:
        query = _search_box(t("events.search"))
ui.show_url_notices()

shown = ev.filter_events(events, categories=categories, actors=actors, years=years, query=query)
st.caption(t("events.count", n=len(shown), total=len(events)))
if shown.empty:
    ui.empty_state("common.no_rows")
    st.stop()

# ---------------------------------------------------------------- timeline
st.subheader(t("events.timeline"))
shown_ids = tuple(shown["event_id"].astype(str))
st.vega_lite_chart(_timeline_spec(shown_ids, lang), width="stretch")
local = _localised(shown_ids, lang)
with st.expander(t("common.show_table")):
    st.dataframe(
        pd.DataFrame(
            {
                "date": local["date"],
                "category": [category_label(c, lang) for c in local["category"]],
                "title": local["title_text"],
                "actors": [actor_names(a, lang) for a in local["actors"]],
                "source_url": local["source_url"],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            "date": st.column_config.DateColumn(t("events.table_columns_date"), format="YYYY-MM-DD"),
            "category": st.column_config.TextColumn(t("events.table_columns_category")),
            "title": st.column_config.TextColumn(t("events.table_columns_title"), width="large"),
            "actors": st.column_config.TextColumn(t("events.table_columns_actors")),
            "source_url": st.column_config.LinkColumn(t("events.table_columns_source")),
        },
    )
ui.csv_download(ev.export_frame(shown), "events.csv", label=t("events.download"), key="dl-events")

# ---------------------------------------------------------------- the list, newest first, a page at a time
st.subheader(t("events.list_title"))
note = t("events.list_newest_first", n=ev.PAGE_SIZE)
if lang == "ko":
    note += " " + t("events.fallback_note", mark=t("common.english_only"))
st.caption(note)
newest_first = local.sort_values(["date", "event_id"], ascending=False, kind="stable")
part = _page_choice(newest_first, (tuple(categories), tuple(actors), years, query))
index = _link_index()
pages = {p.id for p in ui.PAGES}
esc = ev.escape_markdown  # every text from the data is shown literally
for row in part.itertuples(index=False):
    with st.container(border=True):
        source = row.source_title if isinstance(row.source_title, str) and row.source_title else row.source_url
        st.markdown(
            f"**{esc(i18n.fmt_date(row.date, lang))}** · {esc(category_label(row.category, lang))}\n\n"
            f"**{esc(row.title_text)}**\n\n"
            f"{esc(row.summary_text)}\n\n"
            f"{esc(t('events.actors'))}: {esc(actor_names(row.actors, lang))}  \n"
            f"{esc(t('events.source'))}: [{esc(source)}]({ev.safe_link_url(row.source_url)})"
        )
        for target in ev.link_targets(row.deal_id, row.decision_id, index, pages, lang, i18n.DEFAULT_LANG):
            st.page_link(
                target.page_path,
                label=t(f"events.open_{target.kind}", ref=target.ref),
                icon=":material/open_in_new:",
                query_params=target.query_params,
            )
