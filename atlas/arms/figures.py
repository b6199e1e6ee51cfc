"""What the arms page shows for a view: figures(state, data, lang) -> [Figure] (pure; no Streamlit).

The page draws these with atlas.ui.show_figure; the briefing export renders the same objects.
compute() holds the numbers the figures and the page's headline share, so they cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from typing import Any
from urllib.parse import urlparse

import altair as alt
import pandas as pd

from atlas import events as ev
from atlas.arms import charts, maps, model, register, whatif
from atlas.arms.state import EXPORTER, PAGE, State
from atlas.core import geo
from atlas.core.data import DataError
from atlas.core.figure import Data, Figure, LazyChart, Source, current_to, view_url
from atlas.i18n import country_name, fmt_usd_m, fmt_years, plural, t

# The datasets this area's figures read (atlas.ui.figure_cache keys on their versions).
READS = (
    "arms_exports", "arms_orders_official", "us_price_index", "events", "arms_exporter_rank",
    "sipri_register_kor", "sipri_deliveries_kor", "countries",
)  # fmt: skip
MAX_SOURCES = 8  # publishers named under a figure; the deals table lists every row's source


@dataclass(frozen=True)
class Computed:
    """The numbers behind one view: real rows, the what-if rows inside the filters, aggregates."""

    state: State
    filters: model.Filters
    rows: pd.DataFrame  # real deals in the filters (filter_deals)
    scenario_in_view: pd.DataFrame  # what-if rows inside the filters
    merged: pd.DataFrame  # rows + scenario_in_view (is_hypothetical)
    totals: model.Totals
    per_recipient: pd.DataFrame
    base_year: int | None  # constant prices: the dollars' year
    marker_ids: tuple[str, ...] | None  # events to mark; None: markers off
    markers_off_reason: str | None  # events=on but the events file is missing or invalid
    lang: str


def _price_index(data: Data) -> pd.DataFrame | None:
    return data["us_price_index"] if "us_price_index" in data else None


def _events(data: Data) -> pd.DataFrame | None:
    """The events file, or None when it is missing or fails validation (markers then switch off)."""
    if "events" not in data:
        return None
    try:
        return data["events"]
    except (DataError, OSError, ValueError, KeyError):
        return None


def compute(state: State, data: Data, lang: str) -> Computed:
    deals = data["arms_exports"]
    index = _price_index(data)
    wanted = state
    if state.prices == "constant" and index is None:
        wanted = State(**{**state.__dict__, "prices": "current"})  # no index shipped: stay in current prices
    f = wanted.filters(deals)
    rows = model.filter_deals(deals, f, index)
    in_view = whatif.filter_scenario(wanted.wi, f).reset_index(drop=True)
    merged = whatif.merge_hypothetical(rows, in_view, note=t("arms.whatif_note", lang))
    marker_ids: tuple[str, ...] | None = None
    reason = None
    if wanted.events:
        events = _events(data)
        if events is None:
            reason = t("arms.events_unavailable", lang)
        else:
            picked = ev.filter_events(events, categories=["arms_deal"], actors=wanted.recipients, years=f.years)
            marker_ids = tuple(picked["event_id"])
    return Computed(
        state=wanted,
        filters=f,
        rows=rows,
        scenario_in_view=in_view,
        merged=merged,
        totals=model.totals(merged),
        per_recipient=model.by_recipient(merged, lang),
        base_year=model.price_base_year(index) if f.prices == "constant" and index is not None else None,
        marker_ids=marker_ids,
        markers_off_reason=reason,
        lang=lang,
    )


# ------------------------------------------------------------------ words
def basis_words(c: Computed) -> str:
    """'US$ at signing, current prices' / 'US$ at signing, constant 2025 dollars'."""
    if c.base_year is not None:
        return t("arms.basis_constant", c.lang, year=c.base_year)
    return t("arms.basis_current", c.lang)


def value_title(c: Computed) -> str:
    return t("arms.axis_value_basis", c.lang, basis=basis_words(c))


def subtitle(c: Computed) -> str:
    """The filters in words: years · recipients · categories · stages · basis (· estimates)."""
    lang, f = c.lang, c.filters
    parts = [fmt_years(f.years[0], f.years[1], lang, current_to("arms_exports"))]  # "2026: to 30 January"
    names = [country_name(r, lang) for r in f.recipients]
    parts.append(", ".join(names) if names else t("arms.recipients_placeholder", lang))
    cats = [t(f"arms.category.{x}", lang) for x in f.categories]
    parts.append(", ".join(cats) if cats else t("arms.category_placeholder", lang))
    stages = [t(f"arms.stage.{s}", lang) for s in f.stages]
    parts.append(", ".join(stages) if stages else t("arms.no_stage", lang))
    parts.append(basis_words(c))
    parts.append(t("arms.estimates_in" if f.estimates else "arms.estimates_out", lang))
    if not c.scenario_in_view.empty:
        parts.append(t("arms.subtitle_hypothetical", lang))
    return " · ".join(parts)


def publisher(url: str) -> str:
    host = urlparse(str(url)).netloc.lower()
    return host[4:] if host.startswith("www.") else host or str(url)


def deal_sources(rows: pd.DataFrame) -> tuple[Source, ...]:
    """The publishers behind the rows, most rows first, with their tier (the worst tier a publisher has)."""
    real = rows.loc[rows["source_url"].notna()] if "source_url" in rows else rows.iloc[0:0]
    if real.empty:
        return ()
    tiers = real["source_tier"] if "source_tier" in real else pd.Series("", index=real.index)
    frame = pd.DataFrame({"publisher": real["source_url"].map(publisher), "url": real["source_url"], "tier": tiers})
    rank = {"official": 0, "wire_or_major": 1, "secondary": 2}
    out = []
    for name, group in sorted(frame.groupby("publisher"), key=lambda kv: (-len(kv[1]), kv[0])):
        graded = [x for x in group["tier"].dropna() if x in rank]
        tier = max(graded, key=rank.__getitem__) if graded else ""
        out.append(Source(str(name), f"https://{name}/", tier))
    return tuple(out[:MAX_SOURCES])


def _as_of(data: Data, dataset: str) -> date | None:
    return current_to(dataset)


# ------------------------------------------------------------------ figures
def _deck(per: pd.DataFrame, capitals: pd.DataFrame, lang: str, measure: str = "value") -> maps.PrebuiltDeck:
    """The browser's map with its JSON built now: a cached figure carries the string, and a rerun that draws
    it serialises nothing."""
    return maps.PrebuiltDeck(maps.arms_map(geo.load_world(), per, capitals, EXPORTER, lang, measure=measure).to_json())


def map_figure(c: Computed, data: Data, decks: bool = True) -> Figure:
    lang = c.lang
    capitals = data["countries"][["iso3", "lat", "lon"]]
    per = c.per_recipient.copy()
    labels = maps.class_labels(lang)
    per["class_label"] = [
        labels[k] if (k := maps.value_class(v)) is not None and d else t("arms.class.no_value", lang)
        for v, d in zip(per["value_usd_m"], per["deals"], strict=True)
    ]
    deck = _deck(c.per_recipient, capitals, lang) if decks else None
    legend = maps.legend_entries(lang, with_hypothetical=bool((per["deals"] == 0).any()))
    # Built only when a picture is asked for: the screen draws the pydeck map (fig.deck).
    picture = LazyChart(partial(_map_picture, per, capitals, legend, lang, value_title(c)))
    table = pd.DataFrame(
        {
            t("arms.col_recipient", lang): per["recipient_iso3"].map(lambda x: country_name(x, lang)),
            t("arms.col_class", lang): per["class_label"],
            value_title(c): per["value_usd_m"].astype(float).round(1),
            t("arms.deals", lang): per["deals"].astype(int),
            t("arms.col_without_value", lang): per["deals_without_value"].astype(int),
            t("arms.col_hypothetical_value", lang): per["hypothetical_usd_m"].astype(float).round(1),
            t("arms.col_hypothetical_deals", lang): per["hypothetical_deals"].astype(int),
            t("arms.col_system", lang): per["systems"],
        }
    )
    return Figure(
        id="arms.map",
        title=t("arms.map_title", lang),
        subtitle=subtitle(c),
        chart=picture,
        deck=deck,
        table=table,
        caption=t("arms.map_legend", lang),
        sources=deal_sources(c.rows),
        as_of=_as_of(data, "arms_exports"),
        url=view_url(PAGE, c.state.to_query(), lang),
        lang=lang,
    )


def value_figure(c: Computed, data: Data) -> Figure:
    lang = c.lang
    per_cat = model.by_recipient_category(c.rows)
    names = {x: country_name(x, lang) for x in per_cat["recipient_iso3"].unique()}
    table = pd.DataFrame(
        {
            t("arms.col_recipient", lang): per_cat["recipient_iso3"].map(names),
            t("arms.col_category", lang): per_cat["category"].map(lambda x: t(f"arms.category.{x}", lang)),
            value_title(c): per_cat["value_usd_m"].astype(float).round(1),
            t("arms.deals", lang): per_cat["deals"].astype(int),
        }
    )
    return Figure(
        id="arms.by_recipient",
        title=t("arms.chart_value_title", lang),
        subtitle=subtitle(c),
        chart=charts.value_by_recipient_category(per_cat, names, lang, value_title(c)),
        table=table,
        caption=t("arms.chart_value_caption", lang, basis=basis_words(c)),
        sources=deal_sources(c.rows),
        as_of=_as_of(data, "arms_exports"),
        url=view_url(PAGE, c.state.to_query(), lang),
        lang=lang,
    )


def years_figure(c: Computed, data: Data) -> Figure:
    lang = c.lang
    per_year = model.by_year(c.rows)
    markers = None
    notes: tuple[str, ...] = ()
    if c.marker_ids is not None:
        events = _events(data)
        markers = events[events["event_id"].isin(c.marker_ids)] if events is not None else None
    if c.markers_off_reason:
        notes = (c.markers_off_reason,)
    table = pd.DataFrame(
        {
            t("arms.col_year", lang): per_year["year_signed"].astype(int),
            t("arms.col_stage", lang): per_year["stage"].map(lambda s: t(f"arms.stage.{s}", lang)),
            t("arms.deals", lang): per_year["deals"].astype(int),
            value_title(c): per_year["value_usd_m"].astype(float).round(1),
        }
    )
    caption = t("arms.chart_years_caption", lang)
    if c.marker_ids is not None:
        caption += " " + plural("arms.events_note", len(c.marker_ids), lang)
    return Figure(
        id="arms.by_year",
        title=t("arms.chart_years_title", lang),
        subtitle=subtitle(c),
        chart=charts.deals_by_year(per_year, lang, years=c.filters.years, markers=markers, value_title=value_title(c)),
        table=table,
        caption=caption,
        sources=deal_sources(c.rows),
        as_of=_as_of(data, "arms_exports"),
        url=view_url(PAGE, c.state.to_query(), lang),
        lang=lang,
        notes=notes,
    )


def official_figure(c: Computed, data: Data) -> Figure | None:
    """The government's yearly orders beside the sum of our listed contracts (all recipients)."""
    if "arms_orders_official" not in data:
        return None
    lang = c.lang
    orders = data["arms_orders_official"]
    # Our side: the default purchases (contracts, options, transfers) for every recipient and category,
    # in the years of the official file, in the view's prices and estimate rule.
    f = model.Filters(
        (int(orders["year"].min()), int(orders["year"].max())),
        stages=model.DEFAULT_STAGES,
        estimates=c.filters.estimates,
        prices=c.filters.prices,
    )
    listed = model.filter_deals(data["arms_exports"], f, _price_index(data))
    table = model.official_vs_listed(listed, orders, _price_index(data), c.filters.prices)
    # Every stated total is listed; the bars draw the government's latest one per year beside ours.
    shown = pd.DataFrame(
        {
            t("arms.col_year", lang): table["year"].astype(int),
            t("arms.col_order_basis", lang): table["basis"].map(lambda b: t(f"arms.order_basis.{b}", lang)),
            t("arms.official_series", lang): table["official_usd_m"].astype(float).round(1),
            t("arms.listed_series", lang): table["listed_usd_m"].astype(float).round(1),
            t("arms.col_listed_deals", lang): table["listed_deals"].astype(int),
            t("arms.col_share_listed", lang): table["share_pct"].astype(float),
            t("arms.col_status", lang): table["status"].map(lambda s: t(f"arms.status.{s}", lang)),
        }
    )
    sources = tuple(
        dict.fromkeys(
            Source(publisher(u), str(u), str(tr) if isinstance(tr, str) else "")
            for u, tr in zip(orders["source_url"], orders.get("source_tier", pd.Series("", index=orders.index)),
                             strict=True)
        )
    )  # fmt: skip
    return Figure(
        id="arms.official",
        title=t("arms.official_title", lang),
        subtitle=t(
            "arms.official_subtitle",
            lang,
            basis=basis_words(c),
            estimates=t("arms.estimates_in" if c.filters.estimates else "arms.estimates_out", lang),
        ),
        chart=charts.official_vs_listed(table[table["basis"] == model.GOVERNMENT], lang, value_title(c)),
        table=shown,
        caption=t("arms.official_caption", lang),
        sources=sources,
        as_of=_as_of(data, "arms_orders_official"),
        url=view_url(PAGE, c.state.to_query(), lang),
        lang=lang,
    )


def rank_figure(c: Computed, data: Data) -> Figure:
    lang = c.lang
    rank = data["arms_exporter_rank"]
    table = pd.DataFrame(
        {
            t("arms.col_period", lang): rank["period"],
            t("arms.col_rank", lang): pd.to_numeric(rank["rank"], errors="coerce").astype(float),
            t("arms.col_share", lang): pd.to_numeric(rank["share_pct"], errors="coerce").astype(float),
            t("arms.col_source", lang): rank["source_url"],
            t("arms.col_notes", lang): rank["notes"] if "notes" in rank else "",
        }
    )
    return Figure(
        id="arms.rank",
        title=t("arms.rank_title", lang),
        subtitle=t("arms.rank_subtitle", lang),
        chart=charts.exporter_share(rank, lang),
        table=table,
        caption=t("arms.rank_caption", lang),
        sources=deal_sources(rank),
        as_of=_as_of(data, "arms_exporter_rank"),
        url=view_url(PAGE, c.state.to_query(), lang),
        lang=lang,
    )


# ------------------------------------------------------------------ kept scenarios side by side
RECORDED_COLOUR = "#bdbdbd"
SCENARIO_COLOURS = ("#e6550d", "#6a51a3", "#1b9e77")  # orange: the map's colour for hypothetical deals


def series_label(index: int, name: str) -> str:
    """A kept scenario in the chart's legend: "1 · Plan A" (numbered, so no name can pass for another series)."""
    return f"{index + 1} · {name}"


def comparison_chart(frame: pd.DataFrame, series: list[str], lang: str, value_title_: str) -> alt.Chart:
    """Grouped horizontal bars: per recipient, the recorded value (grey) and each kept scenario's
    value with its hypothetical deals (frame: recipient, series, value, added, deals)."""
    order = frame.groupby("recipient")["value"].max().sort_values(ascending=False).index.tolist()
    colours = [RECORDED_COLOUR, *SCENARIO_COLOURS[: len(series) - 1]]
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("recipient:N", sort=order, title=t("arms.axis_recipient", lang), axis=alt.Axis(labelLimit=220)),
            yOffset=alt.YOffset("series:N", sort=series),
            x=alt.X("value:Q", title=value_title_),
            color=alt.Color(
                "series:N",
                title=t("arms.asc_series", lang),
                sort=series,
                scale=alt.Scale(domain=series, range=colours),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("series:N", title=t("arms.asc_series", lang)),
                alt.Tooltip("recipient:N", title=t("arms.axis_recipient", lang)),
                alt.Tooltip("value:Q", title=value_title_, format=",.1f"),
                alt.Tooltip("added:Q", title=t("arms.asc_col_added", lang), format=",.1f"),
                alt.Tooltip("deals:Q", title=t("arms.asc_col_deals", lang)),
            ],
        )
        .properties(height=alt.Step(16))  # one readable bar per series, however many recipients
    )


def scenarios_figure(c: Computed, data: Data) -> Figure | None:
    """The kept scenarios side by side, beside the recorded deals inside the filters (None when none is kept).

    For each recipient a scenario adds to: the recorded value and the value with the scenario's
    hypothetical deals (those inside the filters, counted as typed). The table adds each scenario's
    total for the whole view. The what-if table itself is not a kept scenario until it is saved.
    """
    kept = c.state.scenarios
    if not kept:
        return None
    lang = c.lang
    per = whatif.compare_named(c.rows, kept, c.filters)
    tot = whatif.named_totals(c.rows, kept, c.filters)
    recorded = t("arms.asc_recorded", lang)
    names = {x: country_name(x, lang) for x in per["recipient_iso3"].unique()}
    every = t("arms.asc_all_recipients", lang)
    table = pd.concat(
        [
            pd.DataFrame(
                {
                    "name": tot["name"], "recipient": every, "recorded": tot["recorded_usd_m"],
                    "added": tot["hypothetical_usd_m"], "with": tot["with_scenario_usd_m"],
                    "deals": tot["hypothetical_deals"], "order": range(len(tot)), "first": 0,
                }
            ),
            pd.DataFrame(
                {
                    "name": per["name"], "recipient": per["recipient_iso3"].map(names),
                    "recorded": per["recorded_usd_m"], "added": per["hypothetical_usd_m"],
                    "with": per["with_scenario_usd_m"], "deals": per["hypothetical_deals"],
                    "order": per["name"].map({k.name: i for i, k in enumerate(kept)}), "first": 1,
                }
            ),
        ],
        ignore_index=True,
    ).sort_values(["order", "first"], kind="stable")  # fmt: skip
    shown = pd.DataFrame(
        {
            t("arms.asc_col_scenario", lang): table["name"],
            t("arms.col_recipient", lang): table["recipient"],
            t("arms.asc_col_recorded", lang, basis=basis_words(c)): table["recorded"].astype(float).round(1),
            t("arms.asc_col_added", lang): table["added"].astype(float).round(1),
            t("arms.asc_col_with", lang): table["with"].astype(float).round(1),
            t("arms.asc_col_deals", lang): table["deals"].astype(int),
        }
    ).reset_index(drop=True)
    idle = [k.name for k in kept if k.name not in set(per["name"])]
    notes = (t("arms.asc_nothing_in_view", lang, names=", ".join(idle)),) if idle else ()
    totals = " ".join(
        t("arms.asc_total", lang, name=r.name, total=fmt_usd_m(r.with_scenario_usd_m, lang),
          added=fmt_usd_m(r.hypothetical_usd_m, lang), recorded=fmt_usd_m(r.recorded_usd_m, lang))
        for r in tot.itertuples(index=False)
    )  # fmt: skip
    caption = f"{t('arms.asc_caption', lang, basis=basis_words(c))} {totals}"
    chart = None
    if not per.empty:
        series = [recorded] + [series_label(i, k.name) for i, k in enumerate(kept) if k.name in set(per["name"])]
        label = {k.name: series_label(i, k.name) for i, k in enumerate(kept)}
        base = per.drop_duplicates("recipient_iso3")
        frame = pd.concat(
            [
                pd.DataFrame({"recipient": base["recipient_iso3"].map(names), "series": recorded,
                              "value": base["recorded_usd_m"], "added": 0.0, "deals": 0}),
                pd.DataFrame({"recipient": per["recipient_iso3"].map(names), "series": per["name"].map(label),
                              "value": per["with_scenario_usd_m"], "added": per["hypothetical_usd_m"],
                              "deals": per["hypothetical_deals"]}),
            ],
            ignore_index=True,
        )  # fmt: skip
        frame["value"] = frame["value"].astype(float).round(1)
        frame["added"] = frame["added"].astype(float).round(1)
        chart = comparison_chart(frame, series, lang, value_title(c))
    return Figure(
        id="arms.scenarios",
        title=plural("arms.asc_chart_title", len(kept), lang),
        subtitle=" · ".join((", ".join(k.name for k in kept), subtitle(c))),
        chart=chart,
        table=shown,
        caption=caption,
        sources=deal_sources(c.rows),
        as_of=_as_of(data, "arms_exports"),
        url=view_url(PAGE, c.state.to_query(), lang),
        lang=lang,
        notes=notes,
    )


def _map_picture(
    per: pd.DataFrame, capitals: pd.DataFrame, legend: Any, lang: str, title: str, measure: str = "value"
) -> Any:
    # A module-level function (not a lambda), so that a figure holding it can be cached and copied.
    money = partial(maps.fmt_tiv, lang=lang) if measure == "tiv" else None
    return charts.map_picture(geo.load_world(), per, capitals, EXPORTER, legend, lang, title, money=money)


# ------------------------------------------------------------------ SIPRI's measure beside ours, never mixed
@dataclass(frozen=True)
class Tiv:
    """SIPRI's TIV delivered inside the view's years and recipients (categories, stages, estimates and
    prices are ours and do not apply to SIPRI's register)."""

    per_year: pd.DataFrame  # register.tiv_by_recipient_year
    per_recipient: pd.DataFrame  # register.tiv_by_recipient
    years: tuple[int, int]
    last_year: int  # the last delivery year the data cover (the catalogue's "current to")
    source: Source


def _register(data: Data) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """SIPRI's register and deliveries, or None when either file is missing or fails validation."""
    if "sipri_register_kor" not in data or "sipri_deliveries_kor" not in data:
        return None
    try:
        return data["sipri_register_kor"], data["sipri_deliveries_kor"]
    except (DataError, OSError, ValueError, KeyError):
        return None


def tiv(c: Computed, data: Data) -> Tiv | None:
    loaded = _register(data)
    if loaded is None:
        return None
    reg, deliveries = loaded
    per_year = register.tiv_by_recipient_year(deliveries, c.filters.years, c.filters.recipients)
    as_of = _as_of(data, "sipri_deliveries_kor")
    last = as_of.year if as_of is not None else int(deliveries["year"].max())
    named = deliveries["source"].dropna()
    urls = deliveries["source_url"].dropna()
    source = Source(
        str(named.iloc[0]) if len(named) else "SIPRI Arms Transfers Database",
        str(urls.iloc[0]) if len(urls) else "https://armstransfers.sipri.org/",
        "official",
    )
    return Tiv(per_year, register.tiv_by_recipient(per_year, reg, deliveries), c.filters.years, last, source)


def tiv_subtitle(c: Computed, v: Tiv) -> str:
    """Years (and how far SIPRI's data go) · recipients · 'SIPRI TIV, not US$'."""
    lang = c.lang
    lo, hi = v.years
    parts = [f"{lo}–{hi}" if lo != hi else str(lo)]
    if hi > v.last_year:
        parts[0] += " " + t("arms.tiv_through", lang, year=v.last_year)
    names = [country_name(r, lang) for r in c.filters.recipients]
    parts.append(", ".join(names) if names else t("arms.recipients_placeholder", lang))
    parts.append(t("arms.tiv_unit", lang))
    return " · ".join(parts)


def tiv_figure(c: Computed, data: Data, v: Tiv | None = None) -> Figure | None:
    """SIPRI's TIV delivered by recipient and year (None: no register shipped, or nothing delivered in view)."""
    v = v or tiv(c, data)
    if v is None or v.per_year.empty:
        return None
    lang = c.lang
    names = {x: country_name(x, lang) for x in v.per_year["recipient_iso3"].unique()}
    order = [names[x] for x in v.per_recipient["recipient_iso3"]]
    frame = v.per_year.assign(recipient=v.per_year["recipient_iso3"].map(names))
    table = pd.DataFrame(
        {
            t("arms.col_recipient", lang): frame["recipient"],
            t("arms.col_year", lang): frame["year"].astype(int),
            t("arms.col_tiv", lang): frame["tiv_m"].astype(float).round(2),
            t("arms.col_tiv_deals", lang): frame["deals"].astype(int),
        }
    )
    return Figure(
        id="arms.tiv",
        title=t("arms.tiv_title", lang),
        subtitle=tiv_subtitle(c, v),
        chart=charts.tiv_by_year(frame, order, lang, t("arms.col_tiv", lang)),
        table=table,
        caption=t("arms.tiv_caption", lang, source=v.source.publisher),
        sources=(v.source,),
        as_of=_as_of(data, "sipri_deliveries_kor"),
        url=view_url(PAGE, c.state.to_query(), lang),
        lang=lang,
    )


def is_tiv_map(fig: Figure) -> bool:
    """Whether a map figure is drawn in SIPRI's measure (its table has the TIV class column)."""
    return fig.id == "arms.map" and t("arms.col_tiv_class", fig.lang) in fig.table.columns


def tiv_map_figure(c: Computed, data: Data, decks: bool = True, v: Tiv | None = None) -> Figure | None:
    """The map in SIPRI's measure: recipients shaded by TIV delivered in the view (never US$)."""
    v = v or tiv(c, data)
    if v is None or v.per_recipient.empty:
        return None
    lang = c.lang
    capitals = data["countries"][["iso3", "lat", "lon"]]
    per = pd.DataFrame(
        {
            "recipient_iso3": v.per_recipient["recipient_iso3"],
            "value_usd_m": v.per_recipient["tiv_m"].astype(
                float
            ),  # the map's value column: here TIV, shaded in TIV classes
            "deals": v.per_recipient["deals"].astype(int),
            "deals_without_value": 0,
            "hypothetical_usd_m": 0.0,
            "hypothetical_deals": 0,
            "systems": v.per_recipient["systems"],
        }
    )
    labels = maps.class_labels(lang, "tiv")
    per["class_label"] = [
        labels[k] if (k := maps.value_class(x, "tiv")) is not None else "" for x in per["value_usd_m"]
    ]
    deck = _deck(per, capitals, lang, "tiv") if decks else None
    legend = maps.legend_entries(lang, measure="tiv")
    title = t("arms.col_tiv", lang)
    picture = LazyChart(partial(_map_picture, per, capitals, legend, lang, title, "tiv"))
    table = pd.DataFrame(
        {
            t("arms.col_recipient", lang): per["recipient_iso3"].map(lambda x: country_name(x, lang)),
            t("arms.col_tiv_class", lang): per["class_label"],
            title: per["value_usd_m"].round(2),
            t("arms.col_tiv_deals", lang): per["deals"],
            t("arms.col_system", lang): per["systems"],
        }
    )
    notes = (t("arms.tiv_no_whatif", lang),) if not c.scenario_in_view.empty else ()
    return Figure(
        id="arms.map",
        title=t("arms.tiv_map_title", lang),
        subtitle=tiv_subtitle(c, v),
        chart=picture,
        deck=deck,
        table=table,
        caption=t("arms.tiv_map_legend", lang, source=v.source.publisher),
        sources=(v.source,),
        as_of=_as_of(data, "sipri_deliveries_kor"),
        url=view_url(PAGE, c.state.to_query(), lang),
        lang=lang,
        notes=notes,
    )


def figures(
    state: State,
    data: Data,
    lang: str,
    computed: Computed | None = None,
    decks: bool = True,
) -> list[Figure]:
    """Every figure of the view, in page order: map (our values, or SIPRI's TIV delivered with
    measure=tiv), value by recipient, deals by year, official orders beside ours, SIPRI's TIV delivered
    by recipient and year, SIPRI rank, and the kept scenarios side by side when any is kept. With no
    deal in the filters the value and year figures are left out (and the map in our measure). decks=False
    leaves out the browser's map (a briefing draws the map's picture only)."""
    c = computed or compute(state, data, lang)
    out: list[Figure] = []
    v = tiv(c, data)
    drawable = geo.world_problem() is None  # no world file: the page says so, without a map
    tiv_map = tiv_map_figure(c, data, decks, v) if c.state.measure == "tiv" and drawable else None
    if tiv_map is not None:
        out.append(tiv_map)
    elif not c.merged.empty and drawable:
        fig = map_figure(c, data, decks)
        if c.state.measure == "tiv":  # asked for SIPRI's measure, which has nothing here: say so
            fig = replace(fig, notes=(*fig.notes, t("arms.tiv_unavailable", lang)))
        out.append(fig)
    if not c.rows.empty:
        out += [value_figure(c, data), years_figure(c, data)]
    official = official_figure(c, data)
    if official is not None:
        out.append(official)
    delivered = tiv_figure(c, data, v)
    if delivered is not None:
        out.append(delivered)
    out.append(rank_figure(c, data))
    compared = scenarios_figure(c, data)
    if compared is not None:
        out.append(compared)
    return out
