"""Defence spending: filtering, prices, change against a base year, ranking and targets.

Pure functions over the frames atlas.core.data loads: codes only, no words, no Streamlit.
Missing figures stay missing (NaN), never zero: a country-year without a figure is absent
from a ranking, breaks a line, and is named as "no figure" by the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from atlas.core.vocab import NO_SIPRI_ESTIMATE

METRICS = ("share", "usd")
VALUE_COLUMN = {"share": "share_gdp_pct", "usd": "usd_current_m"}
# Price bases for US-dollar figures. SIPRI's own constant-dollar series is not in our data, so
# "constant" is current US$ deflated by the US CPI-U (data/us_price_index.csv) to dollars of
# that file's latest year. Share of GDP is a ratio and is the same on either basis.
PRICES = ("current", "constant")
CONSTANT_COLUMN = "usd_constant_m"
HIGHLIGHT = "KOR"
# Countries SIPRI's workbook lists but for which it publishes no estimate we could draw: the page's
# country search finds them and says so, never a guess. Value: SIPRI's footnote that says why
# (57: North Korea, "no figures are provided for current US$ ... spending as a share of GDP").
NO_ESTIMATE: Mapping[str, int] = MappingProxyType(NO_SIPRI_ESTIMATE)
# The ranking draws this many of the largest, and the chosen countries wherever they rank.
RANK_TOP = 20
_RELEASE = re.compile(r"\b((?:19|20)\d\d) release\b")
DEFAULT_COUNTRIES = ("KOR", "JPN", "USA", "CHN", "GBR", "DEU", "POL")
# Events marked on the over-time chart by default (the reader can choose others): budget
# decisions, summits (NATO's among them) and alliance moves, such as Russia's invasion of Ukraine.
MARKER_CATEGORIES = ("defence_budget", "summit_diplomacy", "alliance_partnership")

# What-if limits. Growth outside these is "a scenario that makes no sense"; the widgets
# accept a wider range so that the page can say why instead of silently clamping.
GROWTH_MIN, GROWTH_MAX = -10.0, 30.0
GROWTH_DEFAULT = 4.0
TARGET_SHARE_DEFAULT = 3.5
TARGET_YEAR_DEFAULT = 2035
TARGET_SHARE_MAX = 50.0

# Targets that are not a total to aim at: NATO's 1.5% is a ceiling on *related* spending
# counted on top of the 3.5% core, so it is neither a reference line nor a preset.
NOT_A_TOTAL = frozenset({"NATO-2035-RELATED"})
NATO = "NATO"


# ---------------------------------------------------------------- filtering and views
def value_column(metric: str, prices: str = "current") -> str:
    if metric not in VALUE_COLUMN:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    if prices not in PRICES:
        raise ValueError(f"unknown prices {prices!r}; expected one of {', '.join(PRICES)}")
    return CONSTANT_COLUMN if metric == "usd" and prices == "constant" else VALUE_COLUMN[metric]


# ---------------------------------------------------------------- prices
@dataclass(frozen=True)
class PriceBase:
    """How current US$ become constant US$: multiply year y's figure by factors[y]."""

    year: int  # the base year (the price index's latest year)
    factors: dict[int, float]  # cpi(base) / cpi(y)


def price_base(index: pd.DataFrame) -> PriceBase:
    """Deflators to dollars of the index's latest year (index: year, cpi_u)."""
    if index.empty:
        raise ValueError("the price index has no rows")
    cpi = dict(zip(index["year"].astype(int), index["cpi_u"].astype("float64")))
    base = max(cpi)
    return PriceBase(base, {y: cpi[base] / v for y, v in cpi.items()})


def with_constant(df: pd.DataFrame, prices: PriceBase) -> pd.DataFrame:
    """Add usd_constant_m: current US$ times the year's deflator (NaN for a year the index lacks)."""
    factor = df["year"].astype(int).map(prices.factors).astype("float64")
    return df.assign(**{CONSTANT_COLUMN: df["usd_current_m"].astype("float64") * factor})


def countries_in(df: pd.DataFrame) -> list[str]:
    """ISO3 codes present in the spending file (with or without figures), Korea first."""
    codes = sorted(set(df["iso3"].dropna()))
    return sorted(codes, key=lambda c: c != HIGHLIGHT)


def no_estimate_in(df: pd.DataFrame) -> list[str]:
    """Countries with no SIPRI estimate that the file does not hold either: choosable, never drawn."""
    have = set(df["iso3"].dropna())
    return [c for c in NO_ESTIMATE if c not in have]


def releases(rows: pd.DataFrame) -> list[int]:
    """The SIPRI releases the rows' sources name ("... 2026 release ..."), oldest first."""
    if "source" not in rows or rows.empty:
        return []
    found = {int(m.group(1)) for s in rows["source"].dropna().unique() if (m := _RELEASE.search(str(s)))}
    return sorted(found)


def ranked_for_chart(ranked: pd.DataFrame, chosen: Sequence[str], top: int = RANK_TOP) -> pd.DataFrame:
    """The ranking's rows a chart draws: the `top` largest, and the chosen countries and Korea at their rank."""
    keep = (ranked["rank"] <= top) | ranked["iso3"].isin([*chosen, HIGHLIGHT])
    return ranked[keep].reset_index(drop=True)


def budget_beside_sipri(budget: pd.DataFrame, sipri: pd.DataFrame) -> pd.DataFrame:
    """The ministry's budget rows (year, budget_krw_100m, share_gdp_pct, sources) with SIPRI's figures for
    the same year beside them: one row a year, either side empty where it has no figure, never 0."""
    mnd = budget[["year", "budget_krw_100m", "share_gdp_pct", "source", "source_url", "source_tier", "notes"]]
    mnd = mnd.rename(columns={"share_gdp_pct": "mnd_share_pct"})
    theirs = sipri[["year", "share_gdp_pct"]].rename(columns={"share_gdp_pct": "sipri_share_pct"})
    out = mnd.merge(theirs, on="year", how="outer").sort_values("year").reset_index(drop=True)
    cols = ["year", "budget_krw_100m", "mnd_share_pct", "sipri_share_pct"]
    return out[cols + ["source", "source_url", "source_tier", "notes"]]


def years_in(df: pd.DataFrame) -> tuple[int, int]:
    years = df["year"].dropna().astype(int)
    return int(years.min()), int(years.max())


def years_with_values(df: pd.DataFrame, metric: str) -> list[int]:
    """Years in which at least one country has a figure for metric, newest first."""
    col = value_column(metric)
    return sorted({int(y) for y in df.loc[df[col].notna(), "year"]}, reverse=True)


def filter_series(df: pd.DataFrame, countries: Sequence[str], years: tuple[int, int]) -> pd.DataFrame:
    """Rows of the chosen countries within the year range (inclusive), plain float columns."""
    lo, hi = years
    out = df[df["iso3"].isin(list(countries)) & df["year"].between(lo, hi)].copy()
    out["year"] = out["year"].astype(int)
    for col in (*VALUE_COLUMN.values(), CONSTANT_COLUMN):
        if col in out:
            out[col] = out[col].astype("float64")  # pd.NA -> NaN, so gaps stay gaps in charts
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def with_change(df: pd.DataFrame, metric: str, base_year: int | None, prices: str = "current") -> pd.DataFrame:
    """Add `value` (the metric) and, with a base year, `change` against it.

    Share of GDP: change in percentage points (share - share in base year).
    US dollars: change in per cent ((usd / usd in base year - 1) * 100).
    A country without a figure in the base year gets NaN throughout, never 0.
    """
    col = value_column(metric, prices)
    out = df.copy()
    out["value"] = out[col].astype("float64")
    if base_year is None:
        return out
    base = out.loc[out["year"] == base_year].set_index("iso3")["value"]
    ref = out["iso3"].map(base).astype("float64")
    out["change"] = out["value"] - ref if metric == "share" else (out["value"] / ref - 1.0) * 100.0
    return out


def countries_without_values(df: pd.DataFrame, countries: Sequence[str], column: str) -> list[str]:
    """Chosen countries that have no figure at all in df[column] (e.g. outside their coverage)."""
    have = set(df.loc[df[column].notna(), "iso3"])
    return [c for c in countries if c not in have]


def ranking(df: pd.DataFrame, year: int, metric: str, prices: str = "current") -> pd.DataFrame:
    """Countries with a figure for metric in year, highest first, with a 1-based rank (ties share it)."""
    col = value_column(metric, prices)
    out = df[(df["year"] == year) & df[col].notna()].copy()
    out["value"] = out[col].astype("float64")
    out = out.sort_values(["value", "iso3"], ascending=[False, True]).reset_index(drop=True)
    out["rank"] = out["value"].rank(method="min", ascending=False).astype(int)
    return out


def missing_in_year(df: pd.DataFrame, year: int, metric: str) -> list[str]:
    """Countries in the file with no figure for metric in year."""
    col = value_column(metric)
    present = set(df.loc[(df["year"] == year) & df[col].notna(), "iso3"])
    return [c for c in countries_in(df) if c not in present]


# ---------------------------------------------------------------- targets
def usable_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets with a share of GDP that is a total to aim at (drops won budgets, NATO's 1.5%)."""
    out = targets[targets["share_gdp_pct"].notna() & ~targets["target_id"].isin(NOT_A_TOTAL)].copy()
    out["share_gdp_pct"] = out["share_gdp_pct"].astype("float64")
    nato_first = out["scope"] != NATO
    return (
        out.assign(_nato=nato_first)
        .sort_values(["_nato", "scope", "share_gdp_pct", "target_id"])
        .drop(columns="_nato")
        .reset_index(drop=True)
    )


def reference_lines(targets: pd.DataFrame) -> pd.DataFrame:
    """NATO thresholds to draw on the share-of-GDP chart: one row per distinct share."""
    nato = usable_targets(targets)
    nato = nato[nato["scope"] == NATO]
    return nato.drop_duplicates("share_gdp_pct").reset_index(drop=True)


@dataclass(frozen=True)
class Preset:
    target_id: str
    scope: str
    share_pct: float
    target_year: int | None
    kind: str
    label: str
    label_ko: str | None
    source_url: str


def presets(targets: pd.DataFrame) -> list[Preset]:
    out = []
    for r in usable_targets(targets).itertuples(index=False):
        year = None if pd.isna(r.target_year) else int(r.target_year)
        label_ko = None if pd.isna(r.label_ko) else str(r.label_ko)
        out.append(
            Preset(str(r.target_id), str(r.scope), float(r.share_gdp_pct), year, str(r.kind), str(r.label), label_ko,
                   str(r.source_url))
        )  # fmt: skip
    return out


@dataclass(frozen=True)
class PresetChoice:
    country: str
    target_share: float
    target_year: int
    year_kept: bool  # the preset has no year after the base year, so the year was not taken from it


def apply_preset(preset: Preset, country: str, target_year: int, base_years: dict[str, int]) -> PresetChoice:
    """The what-if inputs a preset sets.

    A national target (scope = an ISO3 with data) also picks that country; NATO targets
    keep the chosen country. The preset's year is used when it lies after the country's
    latest data year; otherwise (NATO 2% by 2024, UK 3% with no year) the current target
    year is kept, moved to the year after the latest data if it is not after it.
    """
    if preset.scope in base_years:
        country = preset.scope
    base = base_years.get(country)
    if preset.target_year is not None and (base is None or preset.target_year > base):
        return PresetChoice(country, preset.share_pct, preset.target_year, False)
    if base is not None and target_year <= base:
        target_year = base + 1
    return PresetChoice(country, preset.share_pct, target_year, True)
