"""The curated events file itself: sources graded, links resolving, Korean text for 2026.

Reads data/ explicitly (not the frozen fixture the page tests use).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from atlas.core import data
from atlas.core.vocab import SOURCE_TIERS

REAL = Path(__file__).resolve().parents[2] / "data"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
UNRELIABLE = "breitbart|mypeoplesreview|castle-journal|usafricaonline"


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return data.load("events", REAL)


@pytest.fixture(scope="module")
def events_2026(events: pd.DataFrame) -> pd.DataFrame:
    return events[events["date"].dt.year == 2026]


def test_every_event_is_sourced_and_graded(events) -> None:
    assert events["source_url"].str.match(r"^https?://\S+$").all()
    assert events["source_tier"].notna().all()
    assert set(events["source_tier"]) <= set(SOURCE_TIERS)


def test_no_row_cites_the_outlets_the_issue_named(events) -> None:
    assert not events["source_url"].str.contains(UNRELIABLE, regex=True).any()


def test_un_press_releases_are_official(events) -> None:
    un = events["source_url"].str.contains("://press.un.org/", regex=False)
    assert un.any() and (events.loc[un, "source_tier"] == "official").all()


def test_deal_links_resolve_to_arms_exports(events) -> None:
    deals = set(data.load("arms_exports", REAL)["deal_id"])
    linked = set(events["deal_id"].dropna())
    assert linked and linked <= deals, sorted(linked - deals)


def test_decision_links_resolve_and_share_the_decision_date(events) -> None:
    decisions = data.load("unsc_decisions", REAL).set_index("decision_id")
    linked = events.dropna(subset=["decision_id"])
    assert set(linked["decision_id"]) <= set(decisions.index)
    for row in linked.itertuples():
        assert row.date == decisions.loc[row.decision_id, "date"], row.event_id


def test_actors_are_known_countries(events) -> None:
    known = set(data.load("countries", REAL)["iso3"])
    used = {code for actors in events["actors"] for code in actors.split(";")}
    assert used <= known, sorted(used - known)


def test_event_ids_are_unique_and_dates_not_in_the_future(events) -> None:
    assert events["event_id"].is_unique
    assert events["date"].max() <= pd.Timestamp(date.today())  # nothing dated in the future


def test_2026_has_the_events_a_briefer_expects(events_2026) -> None:
    assert len(events_2026) >= 15
    categories = set(events_2026["category"])
    assert {"un_vote", "missile_nuclear", "trade_tariffs", "summit_diplomacy", "arms_deal"} <= categories


def test_every_2026_event_has_korean_title_and_summary(events_2026) -> None:
    for row in events_2026.itertuples():
        assert isinstance(row.title_ko, str) and HANGUL.search(row.title_ko), row.event_id
        assert isinstance(row.summary_ko, str) and HANGUL.search(row.summary_ko), row.event_id
        assert len(row.summary_ko) >= 40, row.event_id  # a sentence, not a stub


def test_every_2026_council_vote_event_links_its_decision(events_2026) -> None:
    votes = events_2026[events_2026["category"] == "un_vote"]
    assert len(votes) >= 3 and votes["decision_id"].notna().all()


def test_notes_header_count_matches_the_file(events) -> None:
    text = (REAL / "notes" / "events.md").read_text(encoding="utf-8")
    found = re.search(r"^(\d+) dated events,", text, flags=re.MULTILINE)
    assert found, "data/notes/events.md lost its count line"
    assert int(found.group(1)) == len(events)


# --- corrections and 2026 additions: each would fail if the error came back ------------------


def test_the_4_january_2026_launch_is_several_missiles_of_about_900_km(events) -> None:
    row = events.set_index("event_id").loc["E095"]
    assert "missiles" in row["title"] and "multiple" in row["summary"] and "900" in row["summary"]
    assert "여러 발" in row["summary_ko"]


def test_aggregator_copies_are_not_graded_above_secondary(events) -> None:
    menafn = events["source_url"].str.contains("menafn", regex=False)
    assert menafn.any() and (events.loc[menafn, "source_tier"] == "secondary").all()


def test_the_russian_draft_of_11_march_2026_is_graded_by_the_page_its_tally_rests_on() -> None:
    row = data.load("unsc_decisions", REAL).set_index("decision_id").loc["D-2026-03-11-RUS"]
    assert row["source_tier"] == "wire_or_major" and "unb.com.bd" in row["source_url"]


def test_2026_events_from_stored_sources_are_in(events_2026) -> None:
    by_date = events_2026.set_index("date")
    assert "National Defense Strategy" in by_date.loc[pd.Timestamp("2026-01-23"), "title"]
    assert "blockade" in by_date.loc[pd.Timestamp("2026-04-13"), "title"]
    june = events_2026[(events_2026["date"].dt.month == 6) & events_2026["actors"].str.contains("IRN")]
    assert len(june) == 1 and "deal" in june.iloc[0]["title"]
    assert events_2026["actors"].str.contains("CAN").any()  # the Canadian submarine competition
