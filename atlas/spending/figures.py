"""The defence spending page's figures for any view: figures(state, data, lang), no Streamlit.

Exactly what the page shows, in order: spending over time (or change since a base year), the
ranking for one year, the what-if path and its extra per year, and the kept scenarios side by
side. A figure whose view has nothing to draw comes back with chart=None and an empty table.
US-dollar figures are in one price basis per view (current, or constant dollars of the price
index's latest year); every chart, table and total that shows dollars says which.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from atlas.core import data as data_mod
from atlas.core.colours import colour
from atlas.core.figure import Data, Figure, Source, view_url
from atlas.i18n import country_name, fmt_pct, fmt_usd_m, plural, t
from atlas.spending import charts, model, whatif, words
from atlas.spending.state import PAGE, Options, State

# The datasets this area's figures read (atlas.ui.figure_cache keys on their versions).
READS = ("defense_spending", "spending_targets", "events", "us_price_index", "countries", "kor_defence_budget")
EVENTS = "events"


# ---------------------------------------------------------------- the price basis in words
@dataclass(frozen=True)
class Basis:
    """The view's price basis: the deflators (None for current prices) and how to say it."""

    prices: model.PriceBase | None
    lang: str

    @property
    def constant(self) -> bool:
        return self.prices is not None

    @property
    def code(self) -> str:
        return "constant" if self.constant else "current"

    @property
    def year(self) -> int | None:
        return self.prices.year if self.prices else None

    def words(self) -> str:
        """ "US$ deflated by US CPI-U, base 2025" or "current US$ at market exchange rates"."""
        if self.prices is None:
            return t("spending.basis_current", self.lang)
        return t("spending.basis_constant", self.lang, year=self.prices.year)

    def unit(self) -> str:
        """Short, for axis titles and table headers: "current" or "constant 2025"."""
        if self.prices is None:
            return t("spending.unit_current", self.lang)
        return t("spending.unit_constant", self.lang, year=self.prices.year)

    def usd_axis(self) -> str:
        if self.prices is None:
            return t("spending.axis_usd", self.lang)
        return t("spending.axis_usd_constant", self.lang, year=self.prices.year)


def price_index(data: Data) -> model.PriceBase | None:
    """The deflators, or None when data/us_price_index.csv is missing, empty or invalid."""
    try:
        if "us_price_index" not in data:
            return None
        return model.price_base(data["us_price_index"])
    except (data_mod.DataError, ValueError):
        return None


def basis(state: State, data: Data, lang: str) -> Basis:
    """Constant prices need the price index; without it the view stays in current prices."""
    if state.prices != "constant":
        return Basis(None, lang)
    return Basis(price_index(data), lang)


def price_sources(b: Basis, data: Data) -> tuple[Source, ...]:
    if not b.constant:
        return ()
    rows = data["us_price_index"].drop_duplicates("source")
    return tuple(Source(str(r.source), str(r.source_url), _tier(r)) for r in rows.itertuples(index=False))


def _tier(row: object) -> str:
    tier = getattr(row, "source_tier", "")
    return "" if tier is None or pd.isna(tier) else str(tier)


def _row_sources(rows: pd.DataFrame) -> tuple[Source, ...]:
    """The distinct sources of the rows behind a figure, with their tiers where graded."""
    cols = [c for c in ("source", "source_url", "source_tier") if c in rows]
    uniq = rows[cols].drop_duplicates("source")
    return tuple(Source(str(r.source), str(r.source_url), _tier(r)) for r in uniq.itertuples(index=False))


# ---------------------------------------------------------------- the frames every figure reads
def spending_rows(data: Data, b: Basis) -> pd.DataFrame:
    df = data["defense_spending"]
    return model.with_constant(df, b.prices) if b.prices is not None else df


def _names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.assign(country=[country_name(c, lang) for c in df["iso3"]])


def _list(codes: tuple[str, ...] | list[str], lang: str) -> str:
    return ", ".join(country_name(c, lang) for c in codes)


def release_words(rows: pd.DataFrame, lang: str) -> str:
    """ "SIPRI 2026 release": the edition behind the figure's rows ("2026, 2027 releases" when a session's
    own file mixes them); empty when no row names one."""
    found = model.releases(rows)
    if not found:
        return ""
    return t("spending.release" if len(found) == 1 else "spending.releases", lang, years=", ".join(map(str, found)))


def _subtitle(*parts: str) -> str:
    return " · ".join(p for p in parts if p)


def no_estimate_notes(countries: tuple[str, ...] | list[str], lang: str) -> tuple[str, ...]:
    """What the page says for a chosen country SIPRI gives no estimate for (North Korea)."""
    return tuple(
        t("spending.no_estimate", lang, country=country_name(c, lang), footnote=model.NO_ESTIMATE[c])
        for c in countries
        if c in model.NO_ESTIMATE
    )


def _span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"


# ---------------------------------------------------------------- figures
def data_as_of(names: tuple[str, ...]) -> date | None:
    """The newest "current to" date (data/catalog.toml) of the datasets behind a figure."""
    try:
        entries = {e.dataset: e.current_to for e in data_mod.load_catalog()}
        dates = [date.fromisoformat(entries[n]) for n in names if n in entries]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return max(dates) if dates else None


PARTS = ("series", "whatif")  # the series and ranking; the what-if and the kept scenarios


def figures(state: State, data: Data, lang: str, parts: tuple[str, ...] = PARTS) -> list[Figure]:
    """Every figure the page shows for this view, in order, each with the date its data is current to.

    `parts` lets the page cache the two halves apart (a what-if edit need not rebuild the series).
    """
    names = ("defense_spending",) + (("us_price_index",) if state.prices == "constant" else ())
    as_of = data_as_of(names)
    return [f if f.as_of else replace(f, as_of=as_of) for f in _figures(state, data, lang, parts)]


def _figures(state: State, data: Data, lang: str, parts: tuple[str, ...]) -> list[Figure]:
    b = basis(state, data, lang)
    df = spending_rows(data, b)
    opts = Options.of(df)
    url = view_url(PAGE, state.to_query(), lang)
    out: list[Figure] = []
    if "series" in parts:
        out += [over_time(state, data, df, opts, b, url), ranking(state, df, opts, b, url, data)]
        budget = kor_budget(state, data, opts, lang, url)
        if budget is not None:
            out.append(budget)
        if state.prices == "constant" and not b.constant:
            out[0] = replace(out[0], notes=(t("spending.prices_unavailable", lang),) + out[0].notes)
    if "whatif" in parts:
        out += what_if_figures(state, df, opts, b, url, data)
        comparison = scenarios_figure(state, df, b, url, data)
        if comparison is not None:
            out.append(comparison)
    return out


def marker_events(state: State, data: Data, opts: Options) -> tuple[pd.DataFrame | None, bool]:
    """The events to mark (None when markers are off) and whether they had to be switched off
    because data/events.csv is missing or fails validation (the page says so; nothing else breaks)."""
    if not state.events:
        return None, False
    try:
        if EVENTS not in data:
            return None, True
        events = data[EVENTS]
    except data_mod.DataError:
        return None, True
    from atlas import events as ev  # atlas.events imports this package: import it when needed
    from atlas.events.markers import marker_years

    years = marker_years(state.year_span(opts), opts.span[1], ev.year_bounds(events)[1])
    chosen = ev.filter_events(events, categories=state.event_cat, actors=state.countries, years=years)
    return chosen, False


def _reference_lines(data: Data) -> pd.DataFrame | None:
    try:
        return model.reference_lines(data["spending_targets"]) if "spending_targets" in data else None
    except data_mod.DataError:
        return None


def over_time(state: State, data: Data, df: pd.DataFrame, opts: Options, b: Basis, url: str) -> Figure:
    lang, metric = b.lang, state.metric
    years = state.year_span(opts)
    chosen = model.filter_series(df, state.countries, opts.span)
    view = model.with_change(chosen, metric, state.base, b.code)
    view = _names(view[view["year"].between(*years)], lang)
    shown = "change" if state.base is not None else "value"
    fid = "spending.change" if state.base is not None else "spending.over_time"
    metric_words = t(f"spending.metric_{metric}", lang) if metric == "share" else b.words()
    subtitle = _subtitle(_span(*years), _list(state.countries, lang), metric_words, release_words(view, lang))
    title = (
        t("spending.change_title", lang, year=state.base)
        if state.base is not None
        else t("spending.over_time_title", lang)
    )
    value_title = _value_title(metric, b)
    notes: list[str] = list(no_estimate_notes(state.countries, lang))
    markers, markers_broken = marker_events(state, data, opts)
    if markers_broken:
        notes.append(t("spending.markers_off", lang))
    no_figs = [c for c in model.countries_without_values(view, state.countries, shown) if c not in model.NO_ESTIMATE]
    table = _series_table(view, metric, state.base, b)
    sources = _row_sources(view) + (price_sources(b, data) if metric == "usd" else ())
    if not state.countries or view[shown].notna().sum() == 0:
        return Figure(fid, title, subtitle, None, pd.DataFrame(), "", sources, None, url, lang, notes=tuple(notes))
    if state.base is not None:
        axis = t(f"spending.axis_change_{metric}", lang, year=state.base)
        if metric == "usd" and b.constant:
            axis = t("spending.axis_change_usd_constant", lang, year=state.base, base=b.year)
        fmt, refs = ("+.2f" if metric == "share" else "+.1f"), None
    else:
        axis, fmt = value_title, (".2f" if metric == "share" else ",.0f")
        lines = _reference_lines(data) if metric == "share" else None
        refs = words.reference_labels(lines, lang) if lines is not None and not lines.empty else None
    chart = charts.line_chart(
        view[["country", "iso3", "year", shown]],
        references=refs,
        markers=markers,
        markers_lang=lang,
        value=shown,
        value_title=axis,
        value_format=fmt,
        country_title=t("common.country", lang),
        year_title=t("common.year", lang),
        highlight_name=country_name(model.HIGHLIGHT, lang),
    )
    caption = [_over_time_caption(state, b, refs is not None)]
    if no_figs:
        caption.append(t("spending.no_figures", lang, countries=_list(no_figs, lang)))
    if markers is not None:
        caption.append(plural("spending.events_note", len(markers), lang))
    return Figure(fid, title, subtitle, chart, table, " ".join(caption), sources, None, url, lang, notes=tuple(notes))


def _value_title(metric: str, b: Basis) -> str:
    return t("spending.axis_share", b.lang) if metric == "share" else b.usd_axis()


def _over_time_caption(state: State, b: Basis, with_refs: bool) -> str:
    lang = b.lang
    if state.base is not None:
        text = t(f"spending.change_note_{state.metric}", lang, year=state.base)
    elif state.metric == "share":
        text = t("spending.ref_note" if with_refs else "spending.share_note", lang)
    else:
        text = t("spending.usd_note", lang)
    if state.metric == "share":
        return f"{text} {t('spending.share_prices_note', lang)}"
    if b.constant:
        return f"{text} {t('spending.constant_note', lang, year=b.year)}"
    return text


def _series_table(view: pd.DataFrame, metric: str, base: int | None, b: Basis) -> pd.DataFrame:
    """The rows behind the over-time chart, headers in the reader's language, one price basis."""
    lang = b.lang
    usd_col = model.value_column("usd", b.code)
    cols = {
        "country": t("common.country", lang),
        "iso3": t("spending.col.iso3", lang),
        "year": t("common.year", lang),
        "share_gdp_pct": t("spending.axis_share", lang),
        usd_col: b.usd_axis(),
    }
    if base is not None:
        change = t(f"spending.axis_change_{metric}", lang, year=base)
        if metric == "usd" and b.constant:
            change = t("spending.axis_change_usd_constant", lang, year=base, base=b.year)
        cols["change"] = change
    cols |= {
        "source": t("common.source", lang),
        "source_url": t("spending.source_url", lang),
        "notes": t("common.notes", lang),
    }
    return view[[c for c in cols if c in view]].rename(columns=cols).reset_index(drop=True)


def ranking(state: State, df: pd.DataFrame, opts: Options, b: Basis, url: str, data: Data) -> Figure:
    lang, metric = b.lang, state.metric
    year = state.ranked_year(opts)
    ranked = _names(model.ranking(df, year, metric, b.code), lang)
    drawn = model.ranked_for_chart(ranked, state.countries)
    value_title = _value_title(metric, b)
    metric_words = t(f"spending.metric_{metric}", lang) if metric == "share" else b.words()
    subtitle = _subtitle(str(year), metric_words, release_words(ranked, lang))
    title = t("spending.rank_title_year", lang, year=year)
    notes: tuple[str, ...] = ()
    caption = t("spending.share_prices_note", lang) if metric == "share" else b.words()
    if metric == "usd" and b.constant:
        caption = t("spending.constant_note", lang, year=b.year)
    missing = model.missing_in_year(df, year, metric)
    if missing:
        caption += " " + t("spending.rank_missing", lang, year=year, countries=_list(missing, lang))
    if len(drawn) < len(ranked):
        caption += " " + t("spending.rank_top", lang, top=model.RANK_TOP, count=len(ranked))
    if ranked.empty:
        return Figure(
            "spending.ranking", title, subtitle, None, pd.DataFrame(), caption, (), None, url, lang, notes=notes
        )
    chart = charts.ranking_chart(
        drawn[["country", "value", "rank"]],
        value_title=value_title,
        value_format=".2f" if metric == "share" else ",.0f",
        country_title=t("common.country", lang),
        highlight_name=country_name(model.HIGHLIGHT, lang),
    )
    col = model.value_column(metric, b.code)
    table = ranked[["rank", "country", "iso3", "year", col, "source", "source_url", "notes"]].rename(
        columns={
            "rank": t("spending.rank", lang),
            "country": t("common.country", lang),
            "iso3": t("spending.col.iso3", lang),
            "year": t("common.year", lang),
            col: value_title,
            "source": t("common.source", lang),
            "source_url": t("spending.source_url", lang),
            "notes": t("common.notes", lang),
        }
    )
    sources = _row_sources(ranked) + (price_sources(b, data) if metric == "usd" else ())
    return Figure("spending.ranking", title, subtitle, chart, table, caption, sources, None, url, lang, notes=notes)


# ---------------------------------------------------------------- Korea's own budget beside SIPRI
SIPRI_DEFINITION = Source(
    "SIPRI, Sources and methods: the definition of military expenditure",
    "https://www.sipri.org/databases/milex/sources-and-methods",
    "official",
)


def kor_budget(state: State, data: Data, opts: Options, lang: str, url: str) -> Figure | None:
    """South Korea's defence budget as the ministry states it (KRW, share of GDP) beside SIPRI's figure,
    with why the two differ. Shown when South Korea is among the chosen countries and the file is there."""
    if model.HIGHLIGHT not in state.countries or "kor_defence_budget" not in data:
        return None
    try:
        budget = data["kor_defence_budget"]
    except data_mod.DataError:
        return None
    lo, hi = state.year_span(opts)
    last = opts.span[1]
    sipri = data["defense_spending"]
    sipri = sipri[(sipri["iso3"] == model.HIGHLIGHT) & sipri["year"].between(lo, hi)]
    ours = budget[(budget["year"] >= lo) & ((budget["year"] <= hi) | (hi == last))]
    both = model.budget_beside_sipri(ours, sipri)
    mnd_name, sipri_name = t("spending.kb_mnd", lang), t("spending.kb_sipri", lang)
    long = pd.concat(
        [
            pd.DataFrame({"year": both["year"], "series": mnd_name, "value": both["mnd_share_pct"]}),
            pd.DataFrame({"year": both["year"], "series": sipri_name, "value": both["sipri_share_pct"]}),
        ]
    ).astype({"year": "int64", "value": "float64"})
    title = t("spending.kb_title", lang)
    subtitle = _subtitle(
        _span(int(both["year"].min()), int(both["year"].max())) if not both.empty else "",
        t("spending.metric_share", lang),
        release_words(sipri, lang),
    )
    sources = _row_sources(ours) + _row_sources(sipri) + (SIPRI_DEFINITION,)
    if long["value"].notna().sum() == 0:
        return Figure("spending.kor_budget", title, subtitle, None, pd.DataFrame(), "", sources, None, url, lang)
    chart = charts.budget_chart(
        long,
        series_title=t("spending.kb_series", lang),
        value_title=t("spending.axis_share", lang),
        year_title=t("common.year", lang),
        sipri_name=sipri_name,
    )
    caption = t("spending.kb_why", lang)
    latest = both.dropna(subset=["mnd_share_pct", "sipri_share_pct"])
    if not latest.empty:
        row = latest.iloc[-1]
        caption += " " + t(
            "spending.kb_latest",
            lang,
            year=int(row["year"]),
            mnd=fmt_pct(float(row["mnd_share_pct"])),
            sipri=fmt_pct(float(row["sipri_share_pct"])),
        )
    table = both.rename(
        columns={
            "year": t("common.year", lang),
            "budget_krw_100m": t("spending.kb_col_krw", lang),
            "mnd_share_pct": t("spending.kb_col_mnd_share", lang),
            "sipri_share_pct": t("spending.kb_col_sipri_share", lang),
            "source": t("common.source", lang),
            "source_url": t("spending.source_url", lang),
            "source_tier": t("spending.kb_col_tier", lang),
            "notes": t("common.notes", lang),
        }
    )
    return Figure("spending.kor_budget", title, subtitle, chart, table, caption, sources, None, url, lang)


# ---------------------------------------------------------------- what-if
def what_if_result(state: State, df: pd.DataFrame, b: Basis) -> whatif.WhatIf:
    return whatif.what_if(df, state.scenario, b.prices)


def extra_label(result: whatif.WhatIf, b: Basis) -> tuple[str, str]:
    """The total's label and what it sums: ("Cumulative extra over the trend, 2025–2035", "sum of 11 years")."""
    assert result.base is not None
    first, last = result.base.year + 1, result.scenario.target_year
    n = last - first + 1
    return (
        plural("spending.wi_total_extra", n, b.lang, first=first, last=last),
        plural("spending.wi_total_years", n, b.lang),
    )


def what_if_figures(state: State, df: pd.DataFrame, opts: Options, b: Basis, url: str, data: Data) -> list[Figure]:
    result = what_if_result(state, df, b)
    if result.error is not None or result.base is None or result.projection is None:
        return []
    lang, sc, bp, proj = b.lang, result.scenario, result.base, result.projection
    name = country_name(sc.iso3, lang)
    subtitle = _subtitle(
        name,
        t("spending.wi_path", lang, pct=words.pct_name(sc.target_share_pct), year=sc.target_year),
        t("spending.wi_growth_words", lang, growth=f"{sc.growth_pct:g}"),
        b.words(),
        release_words(df[(df["iso3"] == sc.iso3) & (df["year"] == bp.year)], lang),
    )
    usd = b.usd_axis()
    chart = charts.projection_chart(
        proj,
        path_label=t("spending.wi_path", lang, pct=words.pct_name(sc.target_share_pct), year=sc.target_year),
        trend_label=t("spending.wi_trend", lang, pct=fmt_pct(bp.share_pct)),
        series_title=t("spending.wi_series", lang),
        value_title=usd,
        year_title=t("common.year", lang),
        path_colour=colour(sc.iso3),
    )
    method = t(
        "spending.wi_method_constant" if b.constant else "spending.wi_method",
        lang,
        country=name,
        year=bp.year,
        share=fmt_pct(bp.share_pct),
        usd=fmt_usd_m(bp.usd_m, lang),
        growth=f"{sc.growth_pct:g}",
        base=b.year or "",
    )
    table = _projection_table(proj, sc.iso3, b)
    sources = _row_sources(df[(df["iso3"] == sc.iso3) & (df["year"] == bp.year)]) + price_sources(b, data)
    notes = (t("spending.wi_old_base", lang, country=name, year=bp.year),) if bp.year < opts.span[1] else ()
    path = Figure("spending.whatif", t("spending.wi_chart_title", lang), subtitle, chart, table, method, sources,
                  None, url, lang, notes=notes)  # fmt: skip
    total = fmt_usd_m(whatif.total_extra(proj), lang)
    extra = Figure(
        "spending.whatif_extra",
        t("spending.wi_extra_title", lang),
        subtitle,
        charts.extra_chart(
            proj,
            value_title=t("spending.wi_extra_axis", lang, unit=b.unit()),
            year_title=t("common.year", lang),
        ),
        table,
        "{} ({}): {} ({}).".format(*extra_label(result, b), total, b.words()),
        sources,
        None,
        url,
        lang,
    )
    return [path, extra]


def _projection_table(proj: pd.DataFrame, iso3: str, b: Basis) -> pd.DataFrame:
    lang, unit = b.lang, b.unit()
    cols = {
        "country": t("common.country", lang),
        "iso3": t("spending.col.iso3", lang),
        "year": t("common.year", lang),
        "gdp_usd_m": t("spending.col.gdp", lang, unit=unit),
        "share_path_pct": t("spending.col.share_path", lang),
        "spending_path_usd_m": t("spending.col.path", lang, unit=unit),
        "share_trend_pct": t("spending.col.share_trend", lang),
        "spending_trend_usd_m": t("spending.col.trend", lang, unit=unit),
        "extra_usd_m": t("spending.col.extra", lang, unit=unit),
    }
    table = proj.assign(iso3=iso3, country=country_name(iso3, lang))[list(cols)].round(3)
    return table.rename(columns=cols)


def scenarios_figure(state: State, df: pd.DataFrame, b: Basis, url: str, data: Data) -> Figure | None:
    """The kept scenarios side by side (chart + table), or None when none is kept."""
    if not state.scenarios:
        return None
    lang = b.lang
    rows = whatif.compare(df, state.scenarios, b.prices)
    paths = whatif.comparison_paths(df, state.scenarios, b.prices)
    names = list(rows["name"])
    used = df[df["iso3"].isin(sorted(set(rows["iso3"])))] if not rows.empty else df.iloc[0:0]
    subtitle = _subtitle(", ".join(names), b.words(), release_words(used, lang))
    skipped = [k.name for k in state.scenarios if k.name not in names]
    notes = (t("spending.sc_skipped", lang, names=", ".join(skipped)),) if skipped else ()
    title = plural("spending.sc_chart_title", len(state.scenarios), lang)
    table = _comparison_table(rows, b)
    if rows.empty:
        return Figure("spending.scenarios", title, subtitle, None, pd.DataFrame(), "", (), None, url, lang, notes=notes)
    chart = charts.comparison_chart(
        paths,
        names=names,
        series_title=t("spending.sc_series", lang),
        value_title=b.usd_axis(),
        year_title=t("common.year", lang),
    )
    codes = sorted(set(rows["iso3"]))
    sources = _row_sources(df[df["iso3"].isin(codes)]) + price_sources(b, data)
    caption = t("spending.sc_caption", lang, basis=b.words())
    return Figure("spending.scenarios", title, subtitle, chart, table, caption, sources, None, url, lang, notes=notes)


def _comparison_table(rows: pd.DataFrame, b: Basis) -> pd.DataFrame:
    lang, unit = b.lang, b.unit()
    out = rows.assign(country=[country_name(c, lang) for c in rows["iso3"]])
    cols = {
        "name": t("spending.sc_series", lang),
        "country": t("common.country", lang),
        "target_share_pct": t("spending.wi_target", lang),
        "target_year": t("spending.wi_year", lang),
        "growth_pct": t("spending.sc_growth", lang),
        "base_year": t("spending.sc_base_year", lang),
        "base_usd_m": t("spending.sc_base_usd", lang, unit=unit),
        "at_target_usd_m": t("spending.sc_at_target", lang, unit=unit),
        "trend_at_target_usd_m": t("spending.sc_trend_at_target", lang, unit=unit),
        "total_extra_usd_m": t("spending.sc_total_extra", lang, unit=unit),
    }
    return out[list(cols)].round(3).rename(columns=cols)
