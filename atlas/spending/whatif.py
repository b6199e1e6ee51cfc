"""The spending what-if: a country's path to a target share of GDP against its current trend,
and the named scenarios a reader keeps to compare side by side. Pure; codes only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from atlas.core import urlstate
from atlas.spending.model import (
    GROWTH_MAX,
    GROWTH_MIN,
    TARGET_SHARE_MAX,
    PriceBase,
)


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


def base_point(df: pd.DataFrame, iso3: str, prices: PriceBase | None = None) -> BasePoint | None:
    """Latest year in which iso3 has both a share of GDP and a US-dollar figure (> 0).

    With `prices`, the dollar figure is in constant dollars of prices.year (None when the
    price index lacks the base year, so that no scenario mixes the two bases).
    """
    rows = df[(df["iso3"] == iso3) & df["share_gdp_pct"].notna() & df["usd_current_m"].notna()]
    rows = rows[(rows["share_gdp_pct"] > 0) & (rows["usd_current_m"] > 0)]
    if rows.empty:
        return None
    r = rows.sort_values("year").iloc[-1]
    year, usd = int(r["year"]), float(r["usd_current_m"])
    if prices is not None:
        if year not in prices.factors:
            return None
        usd *= prices.factors[year]
    return BasePoint(iso3, year, float(r["share_gdp_pct"]), usd)


def base_years(df: pd.DataFrame) -> dict[str, int]:
    """base_point(df, iso3).year for every country that has one, in one pass (the presets ask each run)."""
    known = df[(df["share_gdp_pct"] > 0) & (df["usd_current_m"] > 0)]
    latest = known.groupby("iso3", sort=True)["year"].max()
    return {str(iso3): int(year) for iso3, year in latest.items()}


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


def what_if(df: pd.DataFrame, scenario: Scenario, prices: PriceBase | None = None) -> WhatIf:
    """The scenario's projection in current US$, or in constant US$ of prices.year when given.

    In constant dollars the base year's spending is deflated first and the growth rate is read
    as real growth, so every year of the path and the trend is in the same base-year dollars.
    """
    base = base_point(df, scenario.iso3, prices)
    error = check_scenario(scenario, base)
    if error is not None or base is None:
        return WhatIf(scenario, base, error, None)
    proj = project(base, scenario.target_share_pct, scenario.target_year, scenario.growth_pct)
    return WhatIf(scenario, base, None, proj)


# ---------------------------------------------------------------- named scenarios
MAX_SCENARIOS = 3
MAX_NAME = 40
URL_SEPARATOR = "|"
# The ``sc`` value's format, written "v1|..." (urlstate.Versioned); links from before the tag read unchanged.
SC_FORMAT: urlstate.Versioned[str] = urlstate.Versioned(
    URL_SEPARATOR, current=1, migrations={urlstate.UNTAGGED: urlstate.unchanged}
)


@dataclass(frozen=True)
class NamedScenario:
    name: str
    scenario: Scenario


def name_problem(raw: str) -> tuple[str, dict[str, object]] | None:
    """Why a scenario name cannot be kept (code, values for common.name_problem.<code>), or None: the rule
    every scenario name obeys (atlas.core.urlstate.name_problem), with this page's separator and length."""
    return urlstate.name_problem(raw, URL_SEPARATOR, MAX_NAME)


def clean_name(raw: str) -> str:
    """A scenario name as kept: trimmed, runs of spaces made one (check name_problem first)."""
    return " ".join(str(raw or "").split())


def encode_scenario(named: NamedScenario) -> str:
    """One URL value: v1|KOR|3.5|2035|4|Plan A (numbers without needless decimals)."""
    s = named.scenario
    return SC_FORMAT.write(
        URL_SEPARATOR.join([s.iso3, f"{s.target_share_pct:g}", str(s.target_year), f"{s.growth_pct:g}", named.name])
    )


def decode_scenario(raw: str, countries: list[str]) -> NamedScenario | None:
    """The scenario a URL value holds, or None when any part is not one the page accepts."""
    if len(raw) > 200:
        return None
    value = SC_FORMAT.read(raw).value
    if value is None:
        return None
    parts = value.split(URL_SEPARATOR, 4)
    if len(parts) != 5:
        return None
    iso3, share, year, growth, name = parts
    try:
        share_f, year_i, growth_f = float(share), int(year), float(growth)
    except ValueError:
        return None
    ok = (
        iso3 in countries
        and 0 < share_f <= TARGET_SHARE_MAX
        and 2000 <= year_i <= 2060
        and GROWTH_MIN <= growth_f <= GROWTH_MAX
        and name_problem(name) is None
    )
    name = clean_name(name)
    return NamedScenario(name, Scenario(iso3, share_f, year_i, growth_f)) if ok else None


def keep(kept: tuple[NamedScenario, ...], new: NamedScenario) -> tuple[NamedScenario, ...]:
    """Add (or replace, by name) a scenario; the oldest is dropped beyond MAX_SCENARIOS."""
    rest = tuple(k for k in kept if k.name != new.name)
    return (rest + (new,))[-MAX_SCENARIOS:]


COMPARISON_COLUMNS = ["name", "iso3", "target_share_pct", "target_year", "growth_pct", "base_year",
                      "base_usd_m", "at_target_usd_m", "trend_at_target_usd_m", "total_extra_usd_m"]  # fmt: skip


def compare(df: pd.DataFrame, kept: tuple[NamedScenario, ...], prices: PriceBase | None = None) -> pd.DataFrame:
    """One row per kept scenario that can be projected, in one price basis (codes only)."""
    rows = []
    for k in kept:
        r = what_if(df, k.scenario, prices)
        if r.projection is None or r.base is None:
            continue
        last = r.projection.iloc[-1]
        rows.append([k.name, k.scenario.iso3, k.scenario.target_share_pct, k.scenario.target_year,
                     k.scenario.growth_pct, r.base.year, r.base.usd_m, float(last["spending_path_usd_m"]),
                     float(last["spending_trend_usd_m"]), total_extra(r.projection)])  # fmt: skip
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def comparison_paths(
    df: pd.DataFrame, kept: tuple[NamedScenario, ...], prices: PriceBase | None = None
) -> pd.DataFrame:
    """name, year, spending_path_usd_m for every projectable kept scenario (for one chart)."""
    frames = []
    for k in kept:
        r = what_if(df, k.scenario, prices)
        if r.projection is not None:
            frames.append(r.projection[["year", "spending_path_usd_m"]].assign(name=k.name))
    if not frames:
        return pd.DataFrame(columns=["name", "year", "spending_path_usd_m"])
    return pd.concat(frames, ignore_index=True)[["name", "year", "spending_path_usd_m"]]
