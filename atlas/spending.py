"""Defence spending: filtering, change against a base year, ranking, targets and the what-if.

Pure functions over the frames atlas.data loads (no Streamlit). Missing figures stay
missing (NaN), never zero: a country-year without a figure is absent from a ranking,
breaks a line, and is named as "no figure" by the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from atlas.i18n import country_name, t

METRICS = ("share", "usd")
VALUE_COLUMN = {"share": "share_gdp_pct", "usd": "usd_current_m"}
HIGHLIGHT = "KOR"
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
def value_column(metric: str) -> str:
    if metric not in VALUE_COLUMN:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    return VALUE_COLUMN[metric]


def countries_in(df: pd.DataFrame) -> list[str]:
    """ISO3 codes present in the spending file (with or without figures), Korea first."""
    codes = sorted(set(df["iso3"].dropna()))
    return sorted(codes, key=lambda c: c != HIGHLIGHT)


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
    for col in VALUE_COLUMN.values():
        out[col] = out[col].astype("float64")  # pd.NA -> NaN, so gaps stay gaps in charts
    return out.sort_values(["iso3", "year"]).reset_index(drop=True)


def with_change(df: pd.DataFrame, metric: str, base_year: int | None) -> pd.DataFrame:
    """Add `value` (the metric) and, with a base year, `change` against it.

    Share of GDP: change in percentage points (share - share in base year).
    US dollars: change in per cent ((usd / usd in base year - 1) * 100).
    A country without a figure in the base year gets NaN throughout, never 0.
    """
    col = value_column(metric)
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


def ranking(df: pd.DataFrame, year: int, metric: str) -> pd.DataFrame:
    """Countries with a figure for metric in year, highest first, with a 1-based rank (ties share it)."""
    col = value_column(metric)
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


def pct_name(value: float) -> str:
    """A target share as people say it: 2%, 3.5%."""
    return f"{value:g}%"


def scope_name(scope: str, lang: str | None = None) -> str:
    """Who set a target: NATO or a country's name."""
    return t("spending.scope_nato", lang) if scope == NATO else country_name(scope, lang)


def reference_labels(lines: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """reference_lines() as the chart draws them: value (share of GDP) and a translated label
    ("NATO 3.5% by 2035"; "NATO 2%" for a threshold without a year)."""
    labels = [
        t("spending.ref_label", lang, pct=pct_name(v), year=int(y))
        if pd.notna(y)
        else t("spending.ref_label_noyear", lang, pct=pct_name(v))
        for v, y in zip(lines["share_gdp_pct"], lines["target_year"])
    ]
    return pd.DataFrame({"value": lines["share_gdp_pct"].astype("float64").to_numpy(), "label": labels})


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


# ---------------------------------------------------------------- what-if projection
@dataclass(frozen=True)
class BasePoint:
    iso3: str
    year: int
    share_pct: float
    usd_m: float

    @property
    def gdp_usd_m(self) -> float:
        """GDP implied by the two SIPRI figures: spending / (share / 100)."""
        return self.usd_m / (self.share_pct / 100.0)


def base_point(df: pd.DataFrame, iso3: str) -> BasePoint | None:
    """Latest year in which iso3 has both a share of GDP and a US-dollar figure (> 0)."""
    rows = df[(df["iso3"] == iso3) & df["share_gdp_pct"].notna() & df["usd_current_m"].notna()]
    rows = rows[(rows["share_gdp_pct"] > 0) & (rows["usd_current_m"] > 0)]
    if rows.empty:
        return None
    r = rows.sort_values("year").iloc[-1]
    return BasePoint(iso3, int(r["year"]), float(r["share_gdp_pct"]), float(r["usd_current_m"]))


def base_years(df: pd.DataFrame) -> dict[str, int]:
    out = {}
    for iso3 in countries_in(df):
        bp = base_point(df, iso3)
        if bp is not None:
            out[iso3] = bp.year
    return out


@dataclass(frozen=True)
class Scenario:
    iso3: str
    target_share_pct: float
    target_year: int
    growth_pct: float


# Error codes; the page turns each into a sentence (spending.error.<code>).
NO_BASE = "no_base"
YEAR_NOT_AFTER_BASE = "year_not_after_base"
GROWTH_OUT_OF_RANGE = "growth_out_of_range"
SHARE_OUT_OF_RANGE = "share_out_of_range"


def check_scenario(scenario: Scenario, base: BasePoint | None) -> str | None:
    """None when the scenario can be projected, else the error code of the first problem."""
    if base is None:
        return NO_BASE
    if not (0 < scenario.target_share_pct <= TARGET_SHARE_MAX):
        return SHARE_OUT_OF_RANGE
    if scenario.target_year <= base.year:
        return YEAR_NOT_AFTER_BASE
    if not (GROWTH_MIN <= scenario.growth_pct <= GROWTH_MAX):
        return GROWTH_OUT_OF_RANGE
    return None


PROJECTION_COLUMNS = [
    "year",
    "gdp_usd_m",
    "share_path_pct",
    "spending_path_usd_m",
    "share_trend_pct",
    "spending_trend_usd_m",
    "extra_usd_m",
]


def project(base: BasePoint, target_share_pct: float, target_year: int, growth_pct: float) -> pd.DataFrame:
    """Year-by-year path from the base year to the target year (both included).

    GDP(y)    = GDP(base) * (1 + g) ** (y - base year), GDP(base) = usd / (share / 100)
    share(y)  = s0 + (target - s0) * (y - base year) / (target year - base year)   (linear)
    path(y)   = GDP(y) * share(y) / 100;  trend(y) = GDP(y) * s0 / 100 (share held)
    extra(y)  = path(y) - trend(y)  (0 in the base year)
    """
    if target_year <= base.year:
        raise ValueError(f"target year {target_year} must be after the base year {base.year}")
    years = np.arange(base.year, target_year + 1)
    steps = years - base.year
    gdp = base.gdp_usd_m * (1.0 + growth_pct / 100.0) ** steps
    share = base.share_pct + (target_share_pct - base.share_pct) * steps / (target_year - base.year)
    path = gdp * share / 100.0
    trend = gdp * base.share_pct / 100.0
    return pd.DataFrame(
        {
            "year": years.astype(int),
            "gdp_usd_m": gdp,
            "share_path_pct": share,
            "spending_path_usd_m": path,
            "share_trend_pct": np.full(len(years), base.share_pct),
            "spending_trend_usd_m": trend,
            "extra_usd_m": path - trend,
        },
        columns=PROJECTION_COLUMNS,
    )


def total_extra(projection: pd.DataFrame) -> float:
    """Extra spending over the trend summed over the projected years (the base year adds 0)."""
    return float(projection["extra_usd_m"].sum())


@dataclass(frozen=True)
class WhatIf:
    scenario: Scenario
    base: BasePoint | None
    error: str | None
    projection: pd.DataFrame | None


def what_if(df: pd.DataFrame, scenario: Scenario) -> WhatIf:
    base = base_point(df, scenario.iso3)
    error = check_scenario(scenario, base)
    if error is not None or base is None:
        return WhatIf(scenario, base, error, None)
    proj = project(base, scenario.target_share_pct, scenario.target_year, scenario.growth_pct)
    return WhatIf(scenario, base, None, proj)
