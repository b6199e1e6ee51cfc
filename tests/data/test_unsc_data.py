"""The curated Security Council files themselves: membership, tallies, Article 27, sources.

These read data/ explicitly (not the frozen fixture), so a curator who adds or edits a vote
finds out here whether the row adds up.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from atlas import votes as V
from atlas.core import data
from atlas.core.vocab import SOURCE_TIERS

REAL = Path(__file__).resolve().parents[2] / "data"
P5 = {"CHN", "FRA", "GBR", "RUS", "USA"}


@pytest.fixture(scope="module")
def decisions() -> pd.DataFrame:
    return data.load("unsc_decisions", REAL)


@pytest.fixture(scope="module")
def votes() -> pd.DataFrame:
    return data.load("unsc_votes", REAL)


@pytest.fixture(scope="module")
def membership() -> pd.DataFrame:
    return data.load("unsc_membership", REAL)


def _members(membership: pd.DataFrame, year: int) -> set[str]:
    return set(membership.loc[membership["year"] == year, "member_iso3"])


def _expected_outcome(yes: int, no_by_permanent: bool, procedural: bool) -> str:
    """Article 27: nine affirmative votes, and on substance no permanent member voting no."""
    if yes >= 9 and (procedural or not no_by_permanent):
        return "adopted"
    if yes >= 9:
        return "vetoed"
    return "failed"


# ---------------------------------------------------------------- membership
def test_every_year_has_fifteen_members_five_of_them_permanent(membership: pd.DataFrame) -> None:
    for year, group in membership.groupby("year"):
        assert len(group) == 15, year
        assert set(group.loc[group["seat"] == "permanent", "member_iso3"]) == P5, year
        assert (group["seat"] == "elected").sum() == 10, year


def test_2026_council_has_the_five_new_elected_members_and_not_korea(membership: pd.DataFrame) -> None:
    assert _members(membership, 2026) == P5 | {
        "BHR",
        "COL",
        "COD",
        "LVA",
        "LBR",  # elected June 2025 for 2026-2027
        "DNK",
        "GRC",
        "PAK",
        "PAN",
        "SOM",  # second year of 2025-2026
    }
    assert "KOR" in _members(membership, 2025) and "KOR" not in _members(membership, 2026)


def _runs(years: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return runs


def test_elected_terms_are_two_consecutive_years(membership: pd.DataFrame) -> None:
    elected = membership[membership["seat"] == "elected"]
    first, last = int(elected["year"].min()), int(elected["year"].max())
    split_term = {"ITA", "NLD"}  # shared the 2017-2018 seat, one year each
    for code, group in elected.groupby("member_iso3"):
        for run in _runs(list(group["year"])):
            at_edge = run[0] == first or run[-1] == last  # a term cut by the file's span
            if not at_edge and code not in split_term:
                assert len(run) == 2, (code, run)
            assert len(run) <= 2, (code, run)


# ---------------------------------------------------------------- votes against tallies
def test_every_decision_has_one_vote_from_each_member_of_that_year(decisions, votes, membership) -> None:
    for row in decisions.itertuples():
        cast = votes[votes["decision_id"] == row.decision_id]
        assert len(cast) == 15, row.decision_id
        assert set(cast["member_iso3"]) == _members(membership, row.date.year), row.decision_id


def test_tally_columns_equal_the_member_rows(decisions, votes) -> None:
    for row in decisions.itertuples():
        counts = votes.loc[votes["decision_id"] == row.decision_id, "vote"].value_counts()
        got = (counts.get("Y", 0), counts.get("N", 0), counts.get("A", 0))
        assert got == (row.yes, row.no, row.abstain), row.decision_id
        assert row.yes + row.no + row.abstain + counts.get("X", 0) == 15, row.decision_id


def test_outcome_follows_article_27(decisions, votes) -> None:
    for row in decisions.itertuples():
        cast = votes[votes["decision_id"] == row.decision_id]
        p5_no = bool(((cast["vote"] == "N") & cast["member_iso3"].isin(P5)).any())
        assert row.outcome == _expected_outcome(row.yes, p5_no, bool(row.procedural)), row.decision_id


def test_the_app_consistency_check_agrees(decisions, votes, membership) -> None:
    assert V.check_consistency(decisions, votes, membership) == []


# ---------------------------------------------------------------- the 2026 votes and audit fixes
def test_resolution_2817_adopted_13_0_2_with_china_and_russia_abstaining(decisions, votes) -> None:
    row = decisions.set_index("decision_id").loc["S-RES-2817-2026"]
    assert (row["symbol"], row["outcome"], row["yes"], row["no"], row["abstain"]) == (
        "S/RES/2817(2026)",
        "adopted",
        13,
        0,
        2,
    )
    cast = votes[votes["decision_id"] == "S-RES-2817-2026"].set_index("member_iso3")["vote"]
    assert set(cast[cast == "A"].index) == {"CHN", "RUS"}


def test_hormuz_draft_vetoed_by_china_and_russia_pakistan_and_colombia_abstaining(decisions, votes) -> None:
    row = decisions.set_index("decision_id").loc["D-2026-04-07-BHR"]
    assert (row["outcome"], row["yes"], row["no"], row["abstain"]) == ("vetoed", 11, 2, 2)
    cast = votes[votes["decision_id"] == "D-2026-04-07-BHR"].set_index("member_iso3")["vote"]
    assert set(cast[cast == "N"].index) == {"CHN", "RUS"}
    assert set(cast[cast == "A"].index) == {"PAK", "COL"}


def test_russian_draft_of_11_march_failed_short_of_nine_not_vetoed(decisions, votes) -> None:
    row = decisions.set_index("decision_id").loc["D-2026-03-11-RUS"]
    assert (row["outcome"], row["yes"], row["no"], row["abstain"]) == ("failed", 4, 2, 9)
    cast = votes[votes["decision_id"] == "D-2026-03-11-RUS"].set_index("member_iso3")["vote"]
    assert set(cast[cast == "Y"].index) == {"CHN", "PAK", "RUS", "SOM"}
    assert set(cast[cast == "N"].index) == {"LVA", "USA"}


def test_audit_fixes_are_in(decisions) -> None:
    rows = decisions.set_index("decision_id")
    assert rows.loc["S-2024-312", "meeting_record"] == "S/PV.9609"
    assert rows.loc["S-2024-835", "draft_symbol"] == "S/2024/835"


# ---------------------------------------------------------------- sources
def test_every_decision_is_sourced_and_graded(decisions) -> None:
    assert decisions["source_url"].str.match(r"^https?://\S+$").all()
    assert decisions["source_tier"].notna().all()
    assert set(decisions["source_tier"]) <= set(SOURCE_TIERS)


def test_un_pages_are_official_and_secondary_rows_say_why(decisions) -> None:
    un = decisions["source_url"].str.contains(r"://(?:press|www|static)\.un\.org/", regex=True)
    assert (decisions.loc[un, "source_tier"] == "official").all()
    secondary = decisions[decisions["source_tier"] == "secondary"]
    assert secondary["notes"].str.contains("Source tier: secondary", regex=False).all()


def test_the_named_unreliable_outlets_are_never_graded_above_secondary(decisions) -> None:
    bad = decisions["source_url"].str.contains("breitbart|mypeoplesreview|castle-journal|usafricaonline", regex=True)
    assert (decisions.loc[bad, "source_tier"] == "secondary").all()


# ---------------------------------------------------------------- notes stay in step with the files
def test_notes_header_counts_match_the_files(decisions, votes) -> None:
    text = (REAL / "notes" / "unsc.md").read_text(encoding="utf-8")
    found = re.search(r"Coverage \((\d+) decisions, (\d+) vote rows\)", text)
    assert found, "data/notes/unsc.md lost its Coverage header"
    assert (int(found.group(1)), int(found.group(2))) == (len(decisions), len(votes))
