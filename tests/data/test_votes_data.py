"""Data tests on the shipped data/ (not the test fixture), so every new row, 2026's included, is
checked: tallies against the per-member votes, fifteen votes per decision, the members of the
Council that year, Article 27 of the UN Charter, and a source for every decision.

Each rule is a small function returning the problems it finds; each is also shown to catch a
planted defect, so none of these tests can pass vacuously.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas.core import data

DATA = Path(__file__).resolve().parents[2] / "data"
COUNCIL_SIZE = 15
NEEDED = 9


@pytest.fixture(scope="module")
def decisions() -> pd.DataFrame:
    return data.load("unsc_decisions", DATA)


@pytest.fixture(scope="module")
def votes() -> pd.DataFrame:
    return data.load("unsc_votes", DATA)


@pytest.fixture(scope="module")
def membership() -> pd.DataFrame:
    return data.load("unsc_membership", DATA)


# ---------------------------------------------------------------- the rules
def tally_problems(decisions: pd.DataFrame, votes: pd.DataFrame) -> list[str]:
    counted = votes.pivot_table(index="decision_id", columns="vote", aggfunc="size", fill_value=0)
    out = []
    for row in decisions.itertuples(index=False):
        c = counted.loc[row.decision_id] if row.decision_id in counted.index else pd.Series(dtype=int)
        found = tuple(int(c.get(k, 0)) for k in ("Y", "N", "A"))
        if found != (row.yes, row.no, row.abstain):
            out.append(
                f"{row.decision_id}: tally {row.yes}-{row.no}-{row.abstain}, votes count {'-'.join(map(str, found))}"
            )
    return out


def council_size_problems(decisions: pd.DataFrame, votes: pd.DataFrame) -> list[str]:
    n = votes.groupby("decision_id").size()
    return [
        f"{d}: {int(n.get(d, 0))} votes, expected {COUNCIL_SIZE}"
        for d in decisions["decision_id"]
        if int(n.get(d, 0)) != COUNCIL_SIZE
    ]


def membership_problems(decisions: pd.DataFrame, votes: pd.DataFrame, membership: pd.DataFrame) -> list[str]:
    seats = {int(y): set(g) for y, g in membership.groupby("year")["member_iso3"]}
    cast = {d: set(g) for d, g in votes.groupby("decision_id")["member_iso3"]}
    out = []
    for d, date in zip(decisions["decision_id"], decisions["date"]):
        council, voters = seats.get(date.year, set()), cast.get(d, set())
        if voters != council:
            out.append(
                f"{d} ({date.year}): not on the Council {sorted(voters - council)}, no vote {sorted(council - voters)}"
            )
    return out


def seat_problems(membership: pd.DataFrame) -> list[str]:
    out = []
    for year, g in membership.groupby("year"):
        perm = int((g["seat"] == "permanent").sum())
        if len(g) != COUNCIL_SIZE or perm != 5:
            out.append(f"{year}: {len(g)} members ({perm} permanent), expected 15 (5 permanent)")
    return out


def article_27_problems(decisions: pd.DataFrame, votes: pd.DataFrame, membership: pd.DataFrame) -> list[str]:
    """A non-procedural draft with >= 9 yes and a permanent member's no is vetoed; < 9 yes fails;
    adopted needs >= 9 yes and (non-procedural) no permanent member's no."""
    perm = set(membership.loc[membership["seat"] == "permanent", "member_iso3"])
    perm_no = set(votes.loc[(votes["vote"] == "N") & votes["member_iso3"].isin(perm), "decision_id"])
    out = []
    for row in decisions.itertuples(index=False):
        yes = int((votes.loc[votes["decision_id"] == row.decision_id, "vote"] == "Y").sum())
        blocked = row.decision_id in perm_no and not row.procedural
        expected = "failed" if yes < NEEDED else "vetoed" if blocked else "adopted"
        if row.outcome != expected:
            out.append(f"{row.decision_id}: recorded {row.outcome}, Article 27 gives {expected} ({yes} yes)")
    return out


def source_problems(decisions: pd.DataFrame) -> list[str]:
    urls = decisions["source_url"].fillna("").astype(str)
    return [
        f"{d}: no source_url"
        for d, u in zip(decisions["decision_id"], urls)
        if not u.startswith(("http://", "https://"))
    ]


# ---------------------------------------------------------------- on data/
def test_tallies_equal_the_per_member_votes(decisions, votes) -> None:
    assert tally_problems(decisions, votes) == []


def test_fifteen_votes_per_decision(decisions, votes) -> None:
    assert council_size_problems(decisions, votes) == []


def test_voters_are_the_council_of_the_decisions_year(decisions, votes, membership) -> None:
    assert membership_problems(decisions, votes, membership) == []


def test_every_year_has_fifteen_members_five_permanent(decisions, membership) -> None:
    assert seat_problems(membership) == []
    assert set(decisions["date"].dt.year) <= set(membership["year"]), "a decision's year has no membership"


def test_outcomes_follow_article_27(decisions, votes, membership) -> None:
    assert article_27_problems(decisions, votes, membership) == []


def test_every_decision_has_a_source(decisions) -> None:
    assert source_problems(decisions) == []


# ---------------------------------------------------------------- each rule catches a planted defect
def _one(decisions: pd.DataFrame, did: str) -> pd.DataFrame:
    return decisions[decisions["decision_id"] == did].copy()


def test_rules_catch_a_wrong_tally(decisions, votes) -> None:
    d = _one(decisions, "S-2022-155").assign(yes=12)
    assert tally_problems(d, votes) == ["S-2022-155: tally 12-1-3, votes count 11-1-3"]


def test_rules_catch_a_missing_vote(decisions, votes, membership) -> None:
    v = votes[~((votes["decision_id"] == "S-2022-155") & (votes["member_iso3"] == "USA"))]
    d = _one(decisions, "S-2022-155")
    assert council_size_problems(d, v) == ["S-2022-155: 14 votes, expected 15"]
    assert membership_problems(d, v, membership) == ["S-2022-155 (2022): not on the Council [], no vote ['USA']"]


def test_rules_catch_a_vote_from_a_non_member(decisions, votes, membership) -> None:
    v = votes.copy()
    v.loc[(v["decision_id"] == "S-2022-155") & (v["member_iso3"] == "USA"), "member_iso3"] = "KOR"
    assert membership_problems(_one(decisions, "S-2022-155"), v, membership) == [
        "S-2022-155 (2022): not on the Council ['KOR'], no vote ['USA']"
    ]


def test_rules_catch_a_wrong_membership_year(membership) -> None:
    assert seat_problems(membership[membership["member_iso3"] != "USA"])  # 14 members, 4 permanent


@pytest.mark.parametrize(
    ("did", "outcome", "expected"),
    [
        ("S-2022-155", "adopted", "vetoed"),  # 11 yes and Russia's no
        ("S-2022-155", "failed", "vetoed"),
        ("S-RES-2774-2025", "vetoed", "adopted"),  # 10 yes, no permanent no
    ],
)
def test_rules_catch_an_outcome_against_article_27(decisions, votes, membership, did, outcome, expected) -> None:
    problems = article_27_problems(_one(decisions, did).assign(outcome=outcome), votes, membership)
    assert len(problems) == 1 and f"Article 27 gives {expected}" in problems[0]


def test_rules_say_fewer_than_nine_yes_fails(decisions, votes, membership) -> None:
    v = votes.copy()
    yes = v[(v["decision_id"] == "S-RES-2774-2025") & (v["vote"] == "Y")].index[:2]
    v.loc[yes, "vote"] = "A"  # 8 yes
    assert (
        "Article 27 gives failed (8 yes)" in article_27_problems(_one(decisions, "S-RES-2774-2025"), v, membership)[0]
    )


def test_rules_say_a_procedural_no_is_not_a_veto(decisions, votes, membership) -> None:
    d = _one(decisions, "S-RES-2623-2022")
    assert bool(d["procedural"].iloc[0]) and article_27_problems(d, votes, membership) == []
    assert article_27_problems(d.assign(procedural=False), votes, membership)  # would be a veto


def test_rules_catch_a_missing_source(decisions) -> None:
    d = _one(decisions, "S-2022-155").assign(source_url="")
    assert source_problems(d) == ["S-2022-155: no source_url"]
