"""The Sources page in a running app: the catalogue, rows per tier, and "Use a newer file"."""

from __future__ import annotations

from tests.support.apptest import open_page


def test_sources_page_shows_the_catalogue_and_the_tier_table() -> None:
    at = open_page("sources")
    frames = [d.value for d in at.dataframe]
    tiers = next(f for f in frames if "Not graded" in f.columns)
    assert "data/defense_spending.csv" in set(tiers["File"])
    assert (
        tiers["All rows"] == tiers[["Official", "Wire or major outlet", "Secondary", "Not graded"]].sum(axis=1)
    ).all()
    assert any("What it covers" in f.columns for f in frames)


def test_sources_page_in_korean() -> None:
    at = open_page("sources", lang="ko")
    frames = [d.value for d in at.dataframe]
    assert any("미분류" in f.columns for f in frames)
