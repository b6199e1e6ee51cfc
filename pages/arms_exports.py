import pandas as pd
import streamlit as st

from atlas import arms, arms_charts, maps, ui
from atlas import events as ev
from atlas import events_charts as ec
from atlas.core import geo
from atlas.core.charts import to_spec  # a chart's Vega-Lite dict, for caching
from atlas.core.data import ARMS_CATEGORIES, ARMS_STAGES
from atlas.i18n import country_name, fmt_date, fmt_int, fmt_usd_m, t

EXPORTER = "KOR"
SCENARIO = "arms_scenario"  # the session's what-if rows (st.session_state only)
SCENARIO_VERSION = "arms_scenario_ver"  # bumped when an upload or "clear" replaces the table
UPLOAD_SEEN = "arms_upload_seen"  # file_id of the last upload handled
UPLOAD_MESSAGE = "arms_upload_msg"

lang = ui.page_setup("arms_exports")
st.title(t("arms.title"))
st.caption(t("arms.intro"))

deals = ui.dataset("arms_exports")
countries = ui.dataset("countries")
rank = ui.dataset("arms_exporter_rank")


def _toggle_frameworks() -> None:
    stages = [s for s in st.session_state.get("stage", list(arms.DEFAULT_STAGES)) if s != arms.FRAMEWORK]
    if st.session_state["arms_fw"]:
        stages = [arms.FRAMEWORK, *stages]
    st.session_state["stage"] = stages


def _highlighted_deal() -> str | None:
    """The deal named by ?deal= (from an event's link); an unknown one is dropped with a notice."""
    parsed = arms.parse_deal(st.query_params.get_all("deal"), deals)
    if parsed.rejected:
        ui.notice("deal")
        del st.query_params["deal"]
    return parsed.value


@st.cache_data(show_spinner=False, max_entries=256)
def _marker_ids(recipients: tuple[str, ...], years: tuple[int, int]) -> tuple[str, ...]:
    """The arms-deal events to mark: in the years, naming a chosen recipient (any, if none is chosen)."""
    events = ui.load_dataset_quietly("events")
    return tuple(ev.filter_events(events, categories=["arms_deal"], actors=recipients, years=years)["event_id"])


@st.cache_data(show_spinner=False, max_entries=128)
def _aggregates(
    years: tuple[int, int], recipients: tuple[str, ...], categories: tuple[str, ...], stages: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per recipient and category, and per year and stage, for the filters (real deals only)."""
    rows = arms.filter_deals(
        ui.load_dataset_quietly("arms_exports"), arms.Filters(years, recipients, categories, stages)
    )
    return arms.by_recipient_category(rows), arms.by_year(rows)


# Building and converting a chart dominates a rerun: cache its Vega-Lite dict by its inputs.
@st.cache_data(show_spinner=False, max_entries=128)
def _value_spec(per_cat: pd.DataFrame, names: tuple[tuple[str, str], ...], lang: str) -> dict:
    return to_spec(arms_charts.value_by_recipient_category(per_cat, dict(names), lang))


@st.cache_data(show_spinner=False, max_entries=128)
def _years_spec(per_year: pd.DataFrame, lang: str, years: tuple[int, int], marker_ids: tuple[str, ...] | None) -> dict:
    markers = None
    if marker_ids is not None:
        events = ui.load_dataset_quietly("events")
        markers = events[events["event_id"].isin(marker_ids)]
    return to_spec(arms_charts.deals_by_year(per_year, lang, years=years, markers=markers))


@st.cache_data(show_spinner=False, max_entries=128)
def _per_recipient(
    years: tuple[int, int],
    recipients: tuple[str, ...],
    categories: tuple[str, ...],
    stages: tuple[str, ...],
    scenario: pd.DataFrame,
    lang: str,
) -> pd.DataFrame:
    """arms.by_recipient for the filters and the what-if rows inside them (small inputs as the key)."""
    filters = arms.Filters(years, recipients, categories, stages)
    rows = arms.filter_deals(ui.load_dataset_quietly("arms_exports"), filters)
    return arms.by_recipient(arms.merge_hypothetical(rows, scenario), lang)


# The world map (GeoJSON parsed, annotated and serialised) is the slowest part of a rerun:
# cache its JSON by the per-recipient table it draws; a what-if edit outside it costs nothing.
@st.cache_data(show_spinner=False, max_entries=64)
def _map_spec(per_recipient: pd.DataFrame, lang: str) -> str:
    capitals = ui.load_dataset_quietly("countries")[["iso3", "lat", "lon"]]
    return maps.arms_map(geo.load_world(), per_recipient, capitals, EXPORTER, lang).to_json()


@st.cache_data(show_spinner=False, max_entries=8)
def _rank_spec(lang: str) -> dict:
    return to_spec(arms_charts.exporter_share(ui.load_dataset_quietly("arms_exporter_rank"), lang))


def _clear_deal() -> None:
    if "deal" in st.query_params:
        del st.query_params["deal"]


# ------------------------------------------------------------------ filters (URL-bound)
lo, hi = arms.year_bounds(deals)
recipient_codes = sorted(arms.known_recipients(deals), key=country_name)
with st.container(border=True):
    c_years, c_rec, c_cat, c_stage = st.columns([1.1, 1.3, 1.1, 1.3])
    with c_years:
        years = ui.url_year_range(t("common.years"), lo, hi, key="years")
    with c_rec:
        recipients = ui.url_multiselect(
            t("arms.recipients"),
            recipient_codes,
            key="recipients",
            format_func=lambda c: country_name(c, lang),
            placeholder=t("arms.recipients_placeholder"),
        )
    with c_cat:
        categories = ui.url_multiselect(
            t("arms.category_label"),
            ARMS_CATEGORIES,
            key="category",
            format_func=lambda c: t(f"arms.category.{c}", lang),
            placeholder=t("arms.category_placeholder"),
        )
    with c_stage:
        stages = ui.url_multiselect(
            t("arms.stage_label"),
            ARMS_STAGES,
            key="stage",
            format_func=lambda s: t(f"arms.stage.{s}", lang),
            default=arms.DEFAULT_STAGES,
        )
    st.session_state["arms_fw"] = arms.FRAMEWORK in stages
    t_fw, t_events = st.columns(2)
    with t_fw:
        st.toggle(
            t("arms.include_frameworks"),
            key="arms_fw",
            on_change=_toggle_frameworks,
            help=t("arms.include_frameworks_help"),
        )
    with t_events:
        show_markers = ui.url_toggle(t("arms.events_toggle"), key=ec.MARKERS_KEY, help=t("arms.events_toggle_help"))
deal_id = _highlighted_deal()
ui.show_url_notices()

filters = arms.Filters(years, tuple(recipients), tuple(categories), tuple(stages))
rows = arms.filter_deals(deals, filters)

# ------------------------------------------------------------------ the deal an event's link opened
if deal_id is not None:
    rec = arms.deal_record(deals, deal_id)
    assert rec is not None  # parse_deal only accepts known ids
    esc = ev.escape_markdown
    system = arms.system_label(deals[deals["deal_id"] == deal_id], lang).iloc[0]
    with st.container(border=True, key="arms_highlight"):
        st.markdown(f":material/push_pin: **{esc(t('arms.highlight_title'))}** · {esc(deal_id)}")
        st.subheader(esc(system), anchor=False)
        h1, h2, h3, h4 = st.columns([1, 1, 1.4, 1])
        h1.metric(t("arms.col_recipient"), country_name(str(rec["recipient_iso3"]), lang))
        value = rec["value_usd_m"]
        h2.metric(t("arms.col_value"), fmt_usd_m(float(value)) if value is not None else t("arms.highlight_no_value"))
        date = rec["date_signed"]
        h3.metric(t("arms.col_date"), fmt_date(date, lang) if date is not None else str(rec["year_signed"]))
        h4.metric(t("arms.col_stage"), t(f"arms.stage.{rec['stage']}"))
        in_view = deal_id in set(rows["deal_id"])
        note = t("arms.highlight_in_table") if in_view else t("arms.highlight_not_in_view")
        st.caption(note)
        b1, b2 = st.columns([1, 1])
        if rec["source_url"]:
            b1.link_button(t("arms.highlight_source"), str(rec["source_url"]), icon=":material/open_in_new:")
        b2.button(t("arms.highlight_clear"), key="deal_clear", on_click=_clear_deal, icon=":material/close:")

metrics_slot = st.container()
map_slot = st.container()

# ------------------------------------------------------------------ charts and table (real deals)
if not rows.empty:
    names = {c: country_name(c) for c in rows["recipient_iso3"].unique()}
    left, right = st.columns(2)
    with left:
        per_cat, per_year = _aggregates(filters.years, filters.recipients, filters.categories, filters.stages)
        st.vega_lite_chart(_value_spec(per_cat, tuple(sorted(names.items())), lang), width="stretch")
        with st.expander(t("common.show_table")):
            st.dataframe(
                per_cat.assign(
                    recipient_iso3=per_cat["recipient_iso3"].map(names),
                    category=per_cat["category"].map(lambda c: t(f"arms.category.{c}")),
                ),
                hide_index=True,
                column_config={
                    "recipient_iso3": t("arms.col_recipient"),
                    "category": t("arms.col_category"),
                    "value_usd_m": st.column_config.NumberColumn(t("arms.col_counted"), format="%.1f"),
                    "deals": t("arms.deals"),
                },
            )
    with right:
        marker_ids = _marker_ids(tuple(recipients), filters.years) if show_markers else None
        st.vega_lite_chart(
            _years_spec(per_year, lang, filters.years, marker_ids), width="stretch", key="arms_years_chart"
        )
        if marker_ids is not None:
            st.caption(t("arms.events_note", n=len(marker_ids)))
        with st.expander(t("common.show_table")):
            st.dataframe(
                per_year.assign(stage=per_year["stage"].map(lambda s: t(f"arms.stage.{s}"))),
                hide_index=True,
                column_config={
                    "year_signed": st.column_config.NumberColumn(t("arms.col_year"), format="%d"),
                    "stage": t("arms.col_stage"),
                    "deals": t("arms.deals"),
                    "value_usd_m": st.column_config.NumberColumn(t("arms.col_counted"), format="%.1f"),
                },
            )

    st.subheader(t("arms.table_title"))
    st.caption(t("arms.table_caption"))
    st.dataframe(
        arms.highlight_first(arms.deals_table(rows, lang), deal_id),
        hide_index=True,
        key="arms_deals_table",
        column_config={
            "highlight": st.column_config.TextColumn(t("arms.col_highlight"), width="small"),
            "deal_id": t("arms.col_deal_id"),
            "recipient": t("arms.col_recipient"),
            "system": t("arms.col_system"),
            "category": t("arms.col_category"),
            "stage": t("arms.col_stage"),
            "quantity": st.column_config.NumberColumn(t("arms.col_quantity"), format="%d"),
            "value_usd_m": st.column_config.NumberColumn(t("arms.col_value"), format="%.1f"),
            "counted_usd_m": st.column_config.NumberColumn(t("arms.col_counted"), format="%.1f"),
            "original_currency": t("arms.col_currency"),
            "original_amount_m": st.column_config.NumberColumn(t("arms.col_amount"), format="%.1f"),
            "year_signed": st.column_config.NumberColumn(t("arms.col_year"), format="%d"),
            "date_signed": st.column_config.DateColumn(t("arms.col_date"), format="YYYY-MM-DD"),
            "parent_deal_id": t("arms.col_parent"),
            "contractor": t("arms.col_contractor"),
            "source_url": st.column_config.LinkColumn(t("arms.col_source"), display_text=r"https?://(?:www\.)?([^/]+)"),
            "source_title": t("arms.col_source_title"),
            "notes": st.column_config.TextColumn(t("arms.col_notes"), width="large"),
        },
    )
    ui.csv_download(rows, "korea_arms_exports_filtered.csv", label=t("arms.download_deals"), key="dl-arms-deals")

# ------------------------------------------------------------------ SIPRI rank
st.subheader(t("arms.rank_title"))
st.caption(t("arms.rank_caption"))
r_chart, r_table = st.columns([1, 1.4])
with r_chart:
    st.vega_lite_chart(_rank_spec(lang), width="stretch")
with r_table:
    st.dataframe(
        rank[["period", "rank", "share_pct", "source_url", "source_title", "notes"]].astype(
            {"rank": float, "share_pct": float}
        ),
        hide_index=True,
        column_config={
            "period": t("arms.col_period"),
            "rank": st.column_config.NumberColumn(t("arms.col_rank"), format="%d"),
            "share_pct": st.column_config.NumberColumn(t("arms.col_share"), format="%.1f"),
            "source_url": st.column_config.LinkColumn(t("arms.col_source"), display_text=r"https?://(?:www\.)?([^/]+)"),
            "source_title": t("arms.col_source_title"),
            "notes": st.column_config.TextColumn(t("arms.col_notes"), width="large"),
        },
    )

# ------------------------------------------------------------------ what-if (this session only)
st.subheader(t("arms.whatif_title"))
st.caption(t("arms.whatif_intro"))
known_iso3 = sorted((c for c in countries["iso3"].astype(str) if c != EXPORTER), key=country_name)
if SCENARIO not in st.session_state:
    st.session_state[SCENARIO] = arms.empty_scenario()
    st.session_state[SCENARIO_VERSION] = 0

uploaded = st.file_uploader(t("arms.whatif_upload"), type=["csv"], key="arms_upload", help=t("arms.whatif_upload_help"))
if uploaded is not None and uploaded.file_id != st.session_state.get(UPLOAD_SEEN):
    st.session_state[UPLOAD_SEEN] = uploaded.file_id
    result = arms.parse_upload(uploaded.getvalue(), known_iso3)
    if result.ok:
        st.session_state[SCENARIO] = result.scenario
        st.session_state[SCENARIO_VERSION] += 1
        st.session_state[UPLOAD_MESSAGE] = ("ok", t("arms.whatif_loaded", n=len(result.scenario)))
    else:
        message = f"{t('arms.whatif_upload_failed')} {result.problem.message()}"
        st.session_state[UPLOAD_MESSAGE] = ("error", message)
elif uploaded is None:
    st.session_state.pop(UPLOAD_SEEN, None)
    st.session_state.pop(UPLOAD_MESSAGE, None)
kind, text = st.session_state.get(UPLOAD_MESSAGE, (None, None))
if kind == "ok":
    st.success(text, icon=":material/check_circle:")
elif kind == "error":
    st.error(text, icon=":material/error:")

st.caption(t("arms.whatif_editor_help") + " " + t("arms.whatif_filters_note"))
edited = st.data_editor(
    st.session_state[SCENARIO],
    key=f"arms_whatif_{st.session_state[SCENARIO_VERSION]}",
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_config={
        "recipient_iso3": st.column_config.SelectboxColumn(
            t("arms.col_recipient"),
            options=known_iso3,
            format_func=lambda c: f"{country_name(c, lang)} ({c})",
            required=True,
        ),
        "system": st.column_config.TextColumn(t("arms.col_system"), max_chars=arms.MAX_SYSTEM_CHARS, required=True),
        "category": st.column_config.SelectboxColumn(
            t("arms.col_category"),
            options=list(ARMS_CATEGORIES),
            format_func=lambda c: t(f"arms.category.{c}", lang),
            required=True,
        ),
        "value_usd_m": st.column_config.NumberColumn(
            t("arms.col_value"), min_value=0, max_value=arms.MAX_VALUE_USD_M, format="%.1f", required=True
        ),
        "year_signed": st.column_config.NumberColumn(
            t("arms.col_year"), min_value=arms.HYPO_YEARS[0], max_value=arms.HYPO_YEARS[1], format="%d", required=True
        ),
    },
)
clean = arms.clean_scenario(edited, known_iso3)
if clean.skipped:
    st.warning(t("arms.whatif_skipped", n=clean.skipped), icon=":material/edit_note:")
in_view = arms.filter_scenario(clean.rows, filters)
if len(clean.rows):
    st.caption(t("arms.whatif_shown", n=len(clean.rows), shown=len(in_view)))
    b1, b2 = st.columns([1, 1])
    with b1:
        ui.csv_download(clean.rows, "korea_arms_what_if.csv", label=t("arms.whatif_download"), key="dl-arms-whatif")
    with b2:
        if st.button(t("arms.whatif_clear"), key="arms_whatif_clear", icon=":material/delete:"):
            st.session_state[SCENARIO] = arms.empty_scenario()
            st.session_state[SCENARIO_VERSION] += 1
            st.session_state.pop(UPLOAD_MESSAGE, None)
            st.rerun()

merged = arms.merge_hypothetical(rows, in_view, note=t("arms.whatif_note"))

# ------------------------------------------------------------------ headline numbers and map
with metrics_slot:
    if rows.empty:
        ui.empty_state("arms.stage_empty" if not stages else "common.no_rows")
    if not merged.empty:
        tot = arms.totals(merged)
        m1, m2, m3, m4 = st.columns(4)
        m1.metric(t("arms.total_value"), fmt_usd_m(tot.value_usd_m))
        m2.metric(t("arms.deals"), fmt_int(tot.deals))
        m3.metric(t("arms.recipients_count"), fmt_int(tot.recipients))
        if tot.hypothetical_deals:
            m4.metric(
                t("arms.incl_hypothetical"),
                fmt_usd_m(tot.value_incl_hypothetical_usd_m),
                delta=t("arms.incl_hypothetical_delta", value=fmt_usd_m(tot.hypothetical_usd_m)),
                delta_color="off",
                delta_arrow="off",
            )
        missing = (
            t("arms.without_value", n=tot.deals_without_value, deals=tot.deals)
            if tot.deals_without_value
            else t("arms.all_have_value")
        )
        rule = t("arms.counting_rule_frameworks" if filters.include_frameworks else "arms.counting_rule_default")
        enveloped = tot.frameworks_with_contracts
        merged_note = t("arms.frameworks_with_contracts", n=enveloped) + " " if enveloped else ""
        st.caption(f"{missing} {merged_note}{rule}")

with map_slot:
    if not merged.empty:
        per_recipient = _per_recipient(
            filters.years, filters.recipients, filters.categories, filters.stages, in_view.reset_index(drop=True), lang
        )
        deck = maps.PrebuiltDeck(_map_spec(per_recipient, lang))
        st.pydeck_chart(deck, width="stretch", height=470, key="arms_map")
        st.caption(t("arms.map_legend"))
        with st.expander(t("common.show_table")):
            st.dataframe(
                per_recipient.assign(recipient_iso3=per_recipient["recipient_iso3"].map(country_name)),
                hide_index=True,
                column_config={
                    "recipient_iso3": t("arms.col_recipient"),
                    "value_usd_m": st.column_config.NumberColumn(t("arms.col_counted"), format="%.1f"),
                    "deals": t("arms.deals"),
                    "deals_without_value": t("arms.col_without_value"),
                    "hypothetical_usd_m": st.column_config.NumberColumn(
                        t("arms.col_hypothetical_value"), format="%.1f"
                    ),
                    "hypothetical_deals": t("arms.col_hypothetical_deals"),
                    "systems": t("arms.col_system"),
                },
            )
