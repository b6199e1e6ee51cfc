"""The curated spending files: every row sourced and graded, no invented zeros, plausible values,
and the years a briefer expects. These tests read data/ itself, not the frozen fixture."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas.core import data
from tools import update_spending_from_sipri as update_tool

REAL = Path(__file__).resolve().parents[2] / "data"
TIERS = {"official", "wire_or_major", "secondary"}


@pytest.fixture(scope="module")
def spending() -> pd.DataFrame:
    return data.load("defense_spending", REAL)


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return data.load("spending_targets", REAL)


@pytest.mark.parametrize("dataset", ["defense_spending", "spending_targets"])
def test_every_row_is_sourced_and_tiered(dataset: str) -> None:
    df = data.load(dataset, REAL)
    assert df["source_url"].notna().all()
    assert df["source_url"].str.startswith("https://").all()
    assert df["source_tier"].notna().all(), df[df["source_tier"].isna()].index.tolist()
    assert set(df["source_tier"]) <= TIERS
    if "source" in df.columns:
        assert (df["source"].str.strip() != "").all()


def test_no_zero_stands_in_for_a_missing_figure(spending: pd.DataFrame) -> None:
    for column in ("share_gdp_pct", "usd_current_m"):
        assert not (spending[column] == 0).any(), column
    # A row with no figure at all says why.
    empty = spending[spending["share_gdp_pct"].isna() & spending["usd_current_m"].isna()]
    assert empty["notes"].notna().all()
    assert empty["notes"].str.contains("no sipri figure", case=False).all()


def test_shares_and_dollars_are_plausible(spending: pd.DataFrame) -> None:
    both = spending.dropna(subset=["share_gdp_pct", "usd_current_m"])
    assert (both["share_gdp_pct"] > 0).all() and (both["share_gdp_pct"] < 40).all()
    implied_gdp_m = both["usd_current_m"] / (both["share_gdp_pct"] / 100)
    assert (implied_gdp_m > 0).all()
    # No economy in this file is larger than about US$ 40 trillion (the US in 2025 is about 31).
    assert (implied_gdp_m < 40_000_000).all(), both[implied_gdp_m >= 40_000_000][["iso3", "year"]]
    # A share given without dollars (or the reverse) is flagged in notes.
    one = spending[spending["share_gdp_pct"].isna() ^ spending["usd_current_m"].isna()]
    assert one["notes"].notna().all()


# Jumps in SIPRI's own figures, read by script (tools/update_spending_from_sipri.py) from SIPRI's workbook
# and checked there: the GDP in US$ SIPRI implies moves with market exchange rates (Iran's rial, Myanmar's
# kyat: SIPRI footnote 64) and war. Listed so that a new jump, a copying slip, still fails.
SIPRI_JUMPS = {
    ("IRN", 2002), ("IRN", 2019), ("IRN", 2021), ("IRQ", 2008), ("MMR", 2002), ("MMR", 2003), ("MMR", 2012),
    ("MNG", 2005), ("MNG", 2008), ("TLS", 2021),
}  # fmt: skip


def test_the_implied_gdp_moves_smoothly_except_where_noted(spending: pd.DataFrame) -> None:
    """A copying slip (a digit lost, shares and dollars from different rows) shows up as a jump in
    the GDP the two columns imply. Real jumps (currency crises, war) stay under 45% a year here."""
    both = spending.dropna(subset=["share_gdp_pct", "usd_current_m"]).sort_values(["iso3", "year"])
    gdp = both["usd_current_m"] / both["share_gdp_pct"]
    change = gdp.groupby(both["iso3"]).pct_change().abs()
    flagged = both["notes"].fillna("").str.contains("inconsistent")
    explained = flagged | flagged.groupby(both["iso3"]).shift(1, fill_value=False)
    seen = pd.Series([(i, int(y)) in SIPRI_JUMPS for i, y in zip(both["iso3"], both["year"])], index=both.index)
    jumps = both[(change >= 0.45) & ~explained & ~seen]
    assert jumps.empty, jumps[["iso3", "year"]]
    assert all(((both["iso3"] == i) & (both["year"] == y) & (change >= 0.45)).any() for i, y in SIPRI_JUMPS)
    assert ((change >= 0.45) & explained).any()  # the UAE 2000-2001 jump is real and caught


def test_every_korean_year_is_present(spending: pd.DataFrame) -> None:
    kor = spending[spending["iso3"] == "KOR"]
    assert sorted(kor["year"]) == list(range(2000, 2026))
    assert kor["share_gdp_pct"].notna().all() and kor["usd_current_m"].notna().all()


# SIPRI's 2026 release gives 2025 figures for every country we show except the UAE (footnote 98: omitted
# from the 2025 dataset), Afghanistan (none since 2021), Brunei, Laos (none since 2014) and Myanmar.
WITHOUT_2025 = {"ARE", "AFG", "BRN", "LAO", "MMR"}
WITH_2025 = sorted(set(update_tool.SHIPPED) - WITHOUT_2025)


def test_2025_figures_are_present_where_sipri_gives_them(spending: pd.DataFrame) -> None:
    latest = spending[spending["year"] == 2025].set_index("iso3")
    have = latest.dropna(subset=["share_gdp_pct", "usd_current_m"]).index
    assert sorted(have) == WITH_2025
    assert latest.loc["ARE", ["share_gdp_pct", "usd_current_m"]].isna().all()
    assert spending["year"].max() == 2025


def test_the_shipped_countries_are_the_tools_list(spending: pd.DataFrame) -> None:
    assert list(dict.fromkeys(spending["iso3"])) == list(update_tool.SHIPPED)
    assert len(update_tool.SHIPPED) >= 40 and "PRK" not in update_tool.SHIPPED
    assert {"PHL", "VNM", "IDN", "SGP", "THA", "MYS", "PAK", "NZL"} <= set(update_tool.SHIPPED)  # missing before
    for iso3 in update_tool.SHIPPED:
        assert sorted(spending[spending["iso3"] == iso3]["year"]) == list(range(2000, 2026)), iso3


def test_one_sipri_edition_throughout(spending: pd.DataFrame) -> None:
    """SIPRI revises back years each release: a series mixing editions shows false jumps."""
    assert spending["source"].nunique() == 1
    assert "2026 release" in spending["source"].iloc[0]


def test_headline_2025_figures_match_sipri(spending: pd.DataFrame) -> None:
    """Spot checks against SIPRI's own rounding in its April 2026 release (US$ bn, % of GDP)."""
    latest = spending[spending["year"] == 2025].set_index("iso3")
    for iso3, usd_bn, share in [("USA", 954, 3.1), ("CHN", 336, 1.7), ("KOR", 47.8, 2.6), ("JPN", 62.2, 1.4)]:
        assert round(latest.loc[iso3, "usd_current_m"] / 1000, 1 if usd_bn < 100 else 0) == usd_bn
        assert round(latest.loc[iso3, "share_gdp_pct"], 1) == share


def test_nato_and_budget_figures_stay_in_notes(spending: pd.DataFrame) -> None:
    latest = spending[spending["year"] == 2025].set_index("iso3")
    assert "NATO's own estimate for 2025 is 4.48%" in latest.loc["POL", "notes"]
    assert latest.loc["POL", "share_gdp_pct"] == 4.50  # SIPRI's, not NATO's
    assert "KRW 65.8642 tn" in latest.loc["KOR", "notes"]


def test_the_uae_2000_cell_carries_its_caveat(spending: pd.DataFrame) -> None:
    row = spending[(spending["iso3"] == "ARE") & (spending["year"] == 2000)].iloc[0]
    assert "inconsistent" in row["notes"]


def test_targets_are_tiered_by_their_source(targets: pd.DataFrame) -> None:
    by_id = targets.set_index("target_id")["source_tier"]
    assert by_id["NATO-2035-CORE"] == "official"
    assert by_id["GBR-2027-2P5PCT"] == "official"
    assert by_id["KOR-3P5PCT-ASAP"] == "wire_or_major"
    assert targets.set_index("target_id").loc["NATO-2014-WALES-2PCT", "source_url"].startswith("https://www.nato.int/")


def test_koreas_budget_is_the_ministrys_as_it_states_it() -> None:
    budget = data.load("kor_defence_budget", REAL).set_index("year")
    assert list(budget.index) == list(range(2000, 2027))
    assert (budget["source_url"].str.startswith("http")).all() and budget["source_tier"].notna().all()
    # spot checks against the ministry's table (100 million won, % of GDP) and its 2025 statement
    assert (budget.loc[2000, "budget_krw_100m"], budget.loc[2000, "share_gdp_pct"]) == (144390, 2.22)
    assert (budget.loc[2024, "budget_krw_100m"], budget.loc[2024, "share_gdp_pct"]) == (594244, 2.54)
    assert (budget.loc[2025, "budget_krw_100m"], budget.loc[2025, "share_gdp_pct"]) == (612469, 2.32)
    assert budget.loc[2026, "budget_krw_100m"] == 658642 and pd.isna(budget.loc[2026, "share_gdp_pct"])
    assert "not estimated" in budget.loc[2026, "notes"]
    official = budget[budget["source_tier"] == "official"]
    assert list(official.index) == list(range(2000, 2025))
    assert official["source_url"].eq("http://www.mnd.go.kr/mbshome/mbs/mnd/subview.jsp?id=mnd_010401020000").all()
    # the budget grows every year in this span (a slip of a digit would break it)
    assert budget["budget_krw_100m"].is_monotonic_increasing
