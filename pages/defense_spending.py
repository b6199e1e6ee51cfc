import pandas as pd
import streamlit as st

from atlas import events as ev
from atlas import events_charts as ec
from atlas import spending, ui
from atlas import spending_charts as charts
from atlas.core import data
from atlas.core.charts import to_spec
from atlas.events import escape_markdown as esc
from atlas.i18n import country_name, fmt_pct, fmt_usd_m, language, localized, localized_series, t

ui.page_setup("defense_spending")
st.title(t("nav.defense_spending"))
st.caption(t("spending.lead"))
notice_slot = st.container()  # URL notices go here once every URL-bound widget is built

PRESET_STATE = "_spending_preset"


# ---------------------------------------------------------------- small cached wrappers
@st.cache_data(show_spinner=False)
def _static() -> tuple[list[str], tuple[int, int], dict[str, int], list[int]]:
    """Derived once per data version: countries, year span, base year per country, years with data."""
    df = ui.load_dataset_quietly("defense_spending")
    years_any = sorted({int(y) for y in df.loc[df["share_gdp_pct"].notna() | df["usd_current_m"].notna(), "year"]})
    return spending.countries_in(df), spending.years_in(df), spending.base_years(df), years_any[::-1]


@st.cache_data(show_spinner=False)
def _targets() -> tuple[pd.DataFrame, pd.DataFrame, list[spending.Preset], str | None]:
    """Targets with a share (for the table), NATO reference lines, presets; none if the file fails."""
    try:
        targets, error = ui.load_dataset_quietly("spending_targets"), None
    except data.DataError as err:
        # Figures live only in data/: without a valid file there are no lines or presets.
        columns = list(data.SPECS["spending_targets"].columns)
        targets, error = pd.DataFrame(columns=columns), str(err)
    return spending.usable_targets(targets), spending.reference_lines(targets), spending.presets(targets), error


# Building and converting a chart dominates a rerun; cache each chart's Vega-Lite dict by
# the builder's (small) inputs so that only the charts whose inputs changed are rebuilt.
@st.cache_data(show_spinner=False, max_entries=128)
def _line_spec(
    view: pd.DataFrame, refs: pd.DataFrame | None, marker_ids: tuple[str, ...] | None, **kwargs: object
) -> dict:
    # marker_ids (the events to mark, None = markers off) and the language are in the key
    markers = None
    if marker_ids is not None:
        events = ui.load_dataset_quietly("events")
        markers = events[events["event_id"].isin(marker_ids)]
    return to_spec(charts.line_chart(view, references=refs, markers=markers, **kwargs))


@st.cache_data(show_spinner=False, max_entries=256)
def _marker_ids(countries: tuple[str, ...], categories: tuple[str, ...], years: tuple[int, int]) -> tuple[str, ...]:
    """The events to mark: in the chosen categories and years, naming a chosen country."""
    events = ui.load_dataset_quietly("events")
    chosen = ev.filter_events(events, categories=categories, actors=countries, years=years)
    return tuple(chosen["event_id"])


@st.cache_data(show_spinner=False, max_entries=128)
def _ranking_spec(ranked: pd.DataFrame, **kwargs: object) -> dict:
    return to_spec(charts.ranking_chart(ranked, **kwargs))


@st.cache_data(show_spinner=False, max_entries=128)
def _projection_specs(proj: pd.DataFrame, extra_title: str, **kwargs: object) -> tuple[dict, dict]:
    path = to_spec(charts.projection_chart(proj, **kwargs))
    extra = to_spec(charts.extra_chart(proj, value_title=extra_title, year_title=str(kwargs["year_title"])))
    return path, extra


def _apply_preset(preset: spending.Preset, base_years: dict[str, int]) -> None:
    choice = spending.apply_preset(
        preset, st.session_state.get("wi_country", spending.HIGHLIGHT), int(st.session_state["wi_year"]), base_years
    )
    st.session_state["wi_country"] = choice.country
    st.session_state["wi_target"] = float(choice.target_share)
    st.session_state["wi_year"] = int(choice.target_year)
    st.session_state[PRESET_STATE] = (preset.target_id, choice.year_kept)


def _preset_label(p: spending.Preset) -> str:
    """A preset button's label (markdown: the country name is escaped)."""
    scope = esc(spending.scope_name(p.scope))
    pct = spending.pct_name(p.share_pct)
    if p.target_year is None:
        return t("spending.preset_noyear", scope=scope, pct=pct, kind=t(f"spending.kind.{p.kind}"))
    return t("spending.preset", scope=scope, pct=pct, year=p.target_year)


def _target_text(p: spending.Preset) -> str:
    return localized(p.label, p.label_ko)


# ---------------------------------------------------------------- data
df = ui.dataset("defense_spending")
all_countries, (first_year, last_year), base_by_country, data_years = _static()
usable, ref_lines, preset_list, targets_error = _targets()
df = df.assign(country=df["iso3"].map(country_name))

# ---------------------------------------------------------------- filters (URL-bound)
c1, c2 = st.columns([3, 2])
with c1:
    countries = ui.url_multiselect(
        t("spending.countries"),
        options=all_countries,
        key="countries",
        format_func=country_name,
        default=[c for c in spending.DEFAULT_COUNTRIES if c in all_countries],
        placeholder=t("spending.countries_placeholder"),
    )
with c2:
    years = ui.url_year_range(t("common.years"), first_year, last_year, key="years")
c3, c4 = st.columns([3, 2])
with c3:
    metric = ui.url_choice(
        t("spending.metric"),
        options=list(spending.METRICS),
        key="metric",
        format_func=lambda m: t(f"spending.metric_{m}"),
        default="share",
        horizontal=True,
    )
with c4:
    base_options = [""] + [str(y) for y in range(last_year, first_year - 1, -1)]
    base_code = ui.url_choice(
        t("spending.base"),
        options=base_options,
        key="base",
        format_func=lambda y: t("spending.base_off") if y == "" else y,
        default="",
        widget=st.selectbox,
        help=t("spending.base_help"),
    )
base_year = int(base_code) if base_code else None
value_col = spending.value_column(metric)
metric_title = t(f"spending.axis_{metric}")
metric_format = ".2f" if metric == "share" else ",.0f"
highlight_name = country_name(spending.HIGHLIGHT)

# ---------------------------------------------------------------- over time
st.subheader(t("spending.over_time_title"))
e1, e2 = st.columns([2, 3])
with e1:
    show_markers = ui.url_toggle(t("spending.events_toggle"), key=ec.MARKERS_KEY, help=t("spending.events_toggle_help"))
with e2:
    marker_categories = ui.url_multiselect(
        t("spending.events_categories"),
        options=list(ev.CATEGORIES),
        key="event_cat",
        format_func=lambda c: t(f"events.category.{c}"),
        default=list(spending.MARKER_CATEGORIES),
        placeholder=t("spending.events_all_categories"),
        disabled=not show_markers,
    )
chosen = spending.filter_series(df, countries, (first_year, last_year))
view = spending.with_change(chosen, metric, base_year)
view = view[view["year"].between(*years)]
shown_col = "change" if base_year is not None else "value"
if not countries or view[shown_col].notna().sum() == 0:
    ui.empty_state("common.no_rows")
else:
    if base_year is not None:
        axis_title = t(f"spending.axis_change_{metric}", year=base_year)
        fmt = "+.2f" if metric == "share" else "+.1f"
        refs = None
    else:
        axis_title, fmt = metric_title, metric_format
        refs = spending.reference_labels(ref_lines) if metric == "share" else None
    marker_ids = None
    if show_markers:
        events_span = ev.year_bounds(ui.dataset("events"))
        marker_ids = _marker_ids(
            tuple(countries), tuple(marker_categories), ec.marker_years(years, last_year, events_span[1])
        )
    spec = _line_spec(
        view[["country", "year", shown_col]],
        refs,
        marker_ids,
        markers_lang=language(),
        value=shown_col,
        value_title=axis_title,
        value_format=fmt,
        country_title=t("common.country"),
        year_title=t("common.year"),
        highlight_name=highlight_name,
    )
    st.vega_lite_chart(spec, width="stretch", key="spending_line")
    if marker_ids is not None:
        st.caption(t("spending.events_note", n=len(marker_ids)))
    if base_year is not None:
        st.caption(t(f"spending.change_note_{metric}", year=base_year))
    elif metric == "share":
        st.caption(t("spending.ref_note"))
    else:
        st.caption(t("spending.usd_note"))
    no_figs = spending.countries_without_values(view, countries, shown_col)
    if no_figs:
        st.caption(t("spending.no_figures", countries=", ".join(esc(country_name(c)) for c in no_figs)))
    st.caption(t("spending.source_line", sources="; ".join(esc(s) for s in sorted(set(view["source"].dropna())))))
    table = view[
        ["country", "iso3", "year", "share_gdp_pct", "usd_current_m"]
        + (["change"] if base_year is not None else [])
        + ["source", "source_url", "notes"]
    ]
    with st.expander(t("common.show_table")):
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={
                "country": st.column_config.TextColumn(t("common.country")),
                "iso3": st.column_config.TextColumn(t("spending.col.iso3")),
                "year": st.column_config.NumberColumn(t("common.year"), format="%d"),
                "share_gdp_pct": st.column_config.NumberColumn(t("spending.axis_share"), format="%.2f"),
                "usd_current_m": st.column_config.NumberColumn(t("spending.axis_usd"), format="localized"),
                "change": st.column_config.NumberColumn(
                    t(f"spending.axis_change_{metric}", year=base_year or ""), format="%+.2f"
                ),
                "source": st.column_config.TextColumn(t("common.source")),
                "source_url": st.column_config.LinkColumn(t("spending.source_url")),
                "notes": st.column_config.TextColumn(t("common.notes")),
            },
        )
        ui.csv_download(table, "defense_spending_selection.csv", key="dl-spending-series")

# ---------------------------------------------------------------- ranking
st.subheader(t("spending.rank_title"))
rank_years = spending.years_with_values(df, metric) or [last_year]
with st.columns([1, 3])[0]:
    rank_code = ui.url_choice(
        t("spending.rank_year"),
        options=[str(y) for y in rank_years],
        key="rank_year",
        format_func=str,
        default=str(rank_years[0]),
        widget=st.selectbox,
    )
rank_year = int(rank_code)
ranked = spending.ranking(df, rank_year, metric)
if ranked.empty:
    ui.empty_state("common.no_rows")
else:
    spec = _ranking_spec(
        ranked[["country", "value", "rank"]],
        value_title=metric_title,
        value_format=metric_format,
        country_title=t("common.country"),
        highlight_name=highlight_name,
    )
    st.vega_lite_chart(spec, width="stretch")
    missing = spending.missing_in_year(df, rank_year, metric)
    if missing:
        st.caption(
            t("spending.rank_missing", year=rank_year, countries=", ".join(esc(country_name(c)) for c in missing))
        )
    rank_table = ranked[["rank", "country", "iso3", "year", value_col, "source", "source_url", "notes"]]
    with st.expander(t("common.show_table")):
        st.dataframe(
            rank_table,
            hide_index=True,
            width="stretch",
            column_config={
                "rank": st.column_config.NumberColumn(t("spending.rank"), format="%d"),
                "country": st.column_config.TextColumn(t("common.country")),
                "year": st.column_config.NumberColumn(t("common.year"), format="%d"),
                value_col: st.column_config.NumberColumn(
                    metric_title, format="%.2f" if metric == "share" else "localized"
                ),
                "source": st.column_config.TextColumn(t("common.source")),
                "source_url": st.column_config.LinkColumn(t("spending.source_url")),
                "notes": st.column_config.TextColumn(t("common.notes")),
            },
        )
        ui.csv_download(rank_table, f"defense_spending_rank_{rank_year}_{metric}.csv", key="dl-spending-rank")

# ---------------------------------------------------------------- what-if
st.subheader(t("spending.wi_title"))
st.caption(t("spending.wi_lead"))
w1, w2, w3, w4 = st.columns(4)
with w1:
    wi_country = ui.url_choice(
        t("spending.wi_country"),
        options=all_countries,
        key="wi_country",
        format_func=country_name,
        default=spending.HIGHLIGHT if spending.HIGHLIGHT in all_countries else all_countries[0],
        widget=st.selectbox,
    )
with w2:
    wi_target = ui.url_number(
        t("spending.wi_target"),
        "wi_target",
        0.0,
        spending.TARGET_SHARE_MAX,
        spending.TARGET_SHARE_DEFAULT,
        0.1,
        format="%.2f",
    )
with w3:
    wi_year = ui.url_number(t("spending.wi_year"), "wi_year", 2000, 2060, spending.TARGET_YEAR_DEFAULT, 1, integer=True)
with w4:
    wi_growth = ui.url_number(
        t("spending.wi_growth"),
        "wi_growth",
        -50.0,
        100.0,
        spending.GROWTH_DEFAULT,
        0.5,
        format="%.1f",
        help=t("spending.wi_growth_help"),
    )

with notice_slot:
    ui.show_url_notices()

if preset_list:
    st.caption(t("spending.presets"))
    pcols = st.columns(min(len(preset_list), 4))
    for i, p in enumerate(preset_list):
        pcols[i % len(pcols)].button(
            _preset_label(p),
            key=f"preset-{p.target_id}",
            help=esc(_target_text(p)),
            on_click=_apply_preset,
            args=(p, base_by_country),
            width="stretch",
        )
if targets_error:
    st.warning(t("spending.targets_fallback"))
    st.code(targets_error, language=None)
applied = st.session_state.get(PRESET_STATE)
if applied:
    match = next((p for p in preset_list if p.target_id == applied[0]), None)
    if match is not None:
        st.caption(t("spending.preset_applied", label=esc(_target_text(match))))
        if applied[1]:
            st.caption(t("spending.preset_year_kept", year=int(wi_year)))

scenario = spending.Scenario(wi_country, float(wi_target), int(wi_year), float(wi_growth))
result = spending.what_if(df, scenario)
wi_name = country_name(wi_country)
wi_name_md = esc(wi_name)  # for markdown-rendering elements (captions, warnings)
if result.error is not None:
    st.warning(
        t(
            f"spending.error.{result.error}",
            country=wi_name_md,
            base_year=result.base.year if result.base else "",
            year=scenario.target_year,
            lo=f"{spending.GROWTH_MIN:g}",
            hi=f"{spending.GROWTH_MAX:g}",
            max=f"{spending.TARGET_SHARE_MAX:g}",
        ),
        icon=":material/block:",
    )
else:
    bp, proj = result.base, result.projection
    assert bp is not None and proj is not None
    if bp.year < last_year:
        st.warning(t("spending.wi_old_base", country=wi_name_md, year=bp.year), icon=":material/history:")
    last = proj.iloc[-1]
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(
        t("spending.wi_base", year=bp.year),
        fmt_pct(bp.share_pct),
        fmt_usd_m(bp.usd_m),
        delta_color="off",
        delta_arrow="off",
    )
    m2.metric(t("spending.wi_gdp", year=bp.year), fmt_usd_m(bp.gdp_usd_m))
    m3.metric(
        t("spending.wi_at_target", year=scenario.target_year),
        fmt_usd_m(float(last["spending_path_usd_m"])),
        t("spending.wi_vs_trend", value=fmt_usd_m(float(last["spending_trend_usd_m"]))),
        delta_color="off",
        delta_arrow="off",
    )
    m4.metric(
        t("spending.wi_total_extra", first=bp.year + 1, last=scenario.target_year),
        fmt_usd_m(spending.total_extra(proj)),
    )
    path_spec, extra_spec = _projection_specs(
        proj,
        t("spending.wi_extra_axis"),
        path_label=t("spending.wi_path", pct=spending.pct_name(scenario.target_share_pct), year=scenario.target_year),
        trend_label=t("spending.wi_trend", pct=fmt_pct(bp.share_pct)),
        series_title=t("spending.wi_series"),
        value_title=t("spending.axis_usd"),
        year_title=t("common.year"),
    )
    g1, g2 = st.columns([3, 2])
    g1.vega_lite_chart(path_spec, width="stretch")
    g2.vega_lite_chart(extra_spec, width="stretch")
    st.caption(
        t(
            "spending.wi_method",
            country=wi_name_md,
            year=bp.year,
            share=fmt_pct(bp.share_pct),
            usd=fmt_usd_m(bp.usd_m),
            growth=f"{scenario.growth_pct:g}",
        )
    )
    wi_table = proj.assign(iso3=wi_country, country=wi_name)[["country", "iso3"] + spending.PROJECTION_COLUMNS]
    with st.expander(t("common.show_table")):
        st.dataframe(
            wi_table,
            hide_index=True,
            width="stretch",
            column_config={
                "country": st.column_config.TextColumn(t("common.country")),
                "year": st.column_config.NumberColumn(t("common.year"), format="%d"),
                "gdp_usd_m": st.column_config.NumberColumn(t("spending.col.gdp"), format="%,.0f"),
                "share_path_pct": st.column_config.NumberColumn(t("spending.col.share_path"), format="%.2f"),
                "spending_path_usd_m": st.column_config.NumberColumn(t("spending.col.path"), format="%,.0f"),
                "share_trend_pct": st.column_config.NumberColumn(t("spending.col.share_trend"), format="%.2f"),
                "spending_trend_usd_m": st.column_config.NumberColumn(t("spending.col.trend"), format="%,.0f"),
                "extra_usd_m": st.column_config.NumberColumn(t("spending.col.extra"), format="%,.0f"),
            },
        )
        ui.csv_download(
            wi_table.round(3),
            f"defense_spending_whatif_{wi_country}_{scenario.target_year}.csv",
            key="dl-spending-whatif",
        )

# ---------------------------------------------------------------- targets behind lines and presets
if not usable.empty:
    with st.expander(t("spending.targets_table")):
        tt = usable.assign(
            scope_name=[spending.scope_name(s) for s in usable["scope"]],
            text=localized_series(usable["label"], usable["label_ko"]),
            kind_name=[t(f"spending.kind.{k}") for k in usable["kind"]],
        )[["scope_name", "text", "share_gdp_pct", "target_year", "kind_name", "source_url"]]
        st.dataframe(
            tt,
            hide_index=True,
            width="stretch",
            column_config={
                "scope_name": st.column_config.TextColumn(t("spending.col.scope")),
                "text": st.column_config.TextColumn(t("spending.col.target")),
                "share_gdp_pct": st.column_config.NumberColumn(t("spending.axis_share"), format="%.2f"),
                "target_year": st.column_config.NumberColumn(t("spending.col.target_year"), format="%d"),
                "kind_name": st.column_config.TextColumn(t("spending.col.kind")),
                "source_url": st.column_config.LinkColumn(t("spending.source_url")),
            },
        )
        ui.csv_download(usable, "spending_targets.csv", key="dl-spending-targets")
