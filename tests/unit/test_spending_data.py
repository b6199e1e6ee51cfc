"""The curated spending files: every row sourced and graded, no invented zeros, plausible values,
and the years a briefer expects. These tests read data/ itself, not the frozen fixture."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas.core import data

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


def test_the_implied_gdp_moves_smoothly_except_where_noted(spending: pd.DataFrame) -> None:
    """A copying slip (a digit lost, shares and dollars from different rows) shows up as a jump in
    the GDP the two columns imply. Real jumps (currency crises, war) stay under 45% a year here."""
    both = spending.dropna(subset=["share_gdp_pct", "usd_current_m"]).sort_values(["iso3", "year"])
    gdp = both["usd_current_m"] / both["share_gdp_pct"]
    change = gdp.groupby(both["iso3"]).pct_change().abs()
    flagged = both["notes"].fillna("").str.contains("inconsistent")
    explained = flagged | flagged.groupby(both["iso3"]).shift(1, fill_value=False)
    jumps = both[(change >= 0.45) & ~explained]
    assert jumps.empty, jumps[["iso3", "year"]]
    assert ((change >= 0.45) & explained).any()  # the UAE 2000-2001 jump is real and caught


def test_every_korean_year_is_present(spending: pd.DataFrame) -> None:
    kor = spending[spending["iso3"] == "KOR"]
    assert sorted(kor["year"]) == list(range(2000, 2025))
    assert kor["share_gdp_pct"].notna().all() and kor["usd_current_m"].notna().all()


def test_the_uae_2000_cell_carries_its_caveat(spending: pd.DataFrame) -> None:
    row = spending[(spending["iso3"] == "ARE") & (spending["year"] == 2000)].iloc[0]
    assert "inconsistent" in row["notes"]


def test_targets_are_tiered_by_their_source(targets: pd.DataFrame) -> None:
    by_id = targets.set_index("target_id")["source_tier"]
    assert by_id["NATO-2035-CORE"] == "official"
    assert by_id["GBR-2027-2P5PCT"] == "official"
    assert by_id["KOR-3P5PCT-ASAP"] == "wire_or_major"
    assert targets.set_index("target_id").loc["NATO-2014-WALES-2PCT", "source_url"].startswith(
        "https://www.nato.int/"
    )
