"""The votes page's view state: every URL key parsed, checked and written back as codes."""

from __future__ import annotations

import pytest

from atlas.core.figure import Datasets
from atlas.votes.state import SECTIONS, URL_KEYS, State

EVERY_KEY = {
    "topic": ["ukraine", "dprk"],
    "years": ["2022", "2024"],
    "outcome": ["vetoed", "adopted"],
    "focus": ["JPN"],
    "decision": ["S-2022-155"],
    "section": ["whatif"],
    "basis": ["contested"],
    "unanimous": ["on"],
    "mpage": ["1"],
    "differ_a": ["JPN"],
    "differ_b": ["CHN"],
    "wi_decision": ["S-2022-155"],
    "wi_votes": ["RUS:Y,CHN:Y"],
}


@pytest.fixture(scope="module")
def data() -> Datasets:
    return Datasets()


def test_an_empty_url_is_the_default_view_and_writes_nothing(data) -> None:
    state, rejected = State.from_query({}, data)
    assert state == State() and rejected == ()
    assert state.to_query() == {}


def test_every_key_is_read_and_written_back_as_the_same_codes(data) -> None:
    state, rejected = State.from_query(EVERY_KEY, data)
    assert rejected == ()
    assert state.topic == ("ukraine", "dprk") and state.years == (2022, 2024)
    assert state.focus == "JPN" and state.section == "whatif" and state.changes == (("CHN", "Y"), ("RUS", "Y"))
    assert state.basis == "contested" and state.unanimous and (state.differ_a, state.differ_b) == ("JPN", "CHN")
    q = state.to_query()
    assert set(q) == set(URL_KEYS)
    assert q["wi_votes"] == ["v1,CHN:Y,RUS:Y"]  # sorted: one scenario, one link; tagged with its format
    again, _ = State.from_query(q, data)
    assert again == state


def test_url_keys_are_the_state_fields_links_carry() -> None:
    assert URL_KEYS == tuple(EVERY_KEY)


@pytest.mark.parametrize("section", SECTIONS)
def test_the_section_survives_a_link(data, section: str) -> None:
    state, _ = State.from_query({"section": [section]}, data)
    assert state.section == section
    assert State.from_query(state.to_query(), data)[0].section == section


def test_the_full_year_span_is_the_default_and_left_out(data) -> None:
    lo_hi = State.from_query({"years": ["2017", "2025"]}, data)[0]
    assert lo_hi.years is None and "years" not in lo_hi.to_query()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("topic", ["mars"]),
        ("years", ["1800", "3000"]),
        ("outcome", ["maybe"]),
        ("focus", ["XXX"]),
        ("decision", ["S-RES-9999-2099"]),
        ("section", ["<script>"]),
        ("mpage", ["99"]),
        ("mpage", ["-1"]),
        ("wi_decision", ["nope"]),
        ("basis", ["some"]),
        ("basis", ["all", "contested"]),
        ("unanimous", ["yes"]),
        ("differ_a", ["XXX"]),
        ("differ_b", ["<b>"]),
    ],
)
def test_a_bad_value_is_rejected_and_reset(data, key: str, value: list[str]) -> None:
    state, rejected = State.from_query({key: value}, data)
    assert rejected == (key,)
    assert state == State()


def test_changed_votes_need_their_decision(data) -> None:
    state, rejected = State.from_query({"wi_votes": ["RUS:Y"]}, data)
    assert rejected == ("wi_votes",) and state.changes == ()


@pytest.mark.parametrize("raw", ["KOR:Y", "RUS:Q", "RUS", "RUS:Y,RUS:A", ",".join(["RUS:Y"] * 20)])
def test_bad_changed_votes_are_rejected(data, raw: str) -> None:
    # KOR was not on the Council in 2022; Q is no vote code; a member twice; too many
    state, rejected = State.from_query({"wi_decision": ["S-2022-155"], "wi_votes": [raw]}, data)
    assert "wi_votes" in rejected
    assert ("KOR", "Y") not in state.changes and ("RUS", "Q") not in state.changes


def test_a_change_equal_to_the_record_is_dropped_quietly(data) -> None:
    state, rejected = State.from_query({"wi_decision": ["S-2022-155"], "wi_votes": ["RUS:N,USA:Y,CHN:Y"]}, data)
    assert rejected == () and state.changes == (("CHN", "Y"),)


def test_a_recount_outside_the_filters_is_rejected(data) -> None:
    state, rejected = State.from_query({"topic": ["dprk"], "wi_decision": ["S-2022-155"]}, data)
    assert rejected == ("wi_decision",) and state.recount is None and state.topic == ("dprk",)


@pytest.mark.parametrize("basis", ["all", "contested"])
def test_the_basis_round_trips_and_its_default_is_left_out(data, basis: str) -> None:
    state, rejected = State.from_query({"basis": [basis]}, data)
    assert rejected == () and state.basis == basis
    assert state.to_query() == ({} if basis == "all" else {"basis": ["contested"]})
    assert State.from_query(state.to_query(), data)[0] == state


def test_unanimous_on_round_trips_and_off_is_the_default(data) -> None:
    assert State().unanimous is False
    state, rejected = State.from_query({"unanimous": ["on"]}, data)
    assert rejected == () and state.unanimous and state.to_query() == {"unanimous": ["on"]}


def test_the_matrix_page_counts_the_matrix_not_the_selection(data, monkeypatch) -> None:
    """Contested decisions only by default: a page that exists only with the unanimous ones is refused."""
    from atlas.votes import model

    selected = model.filter_decisions(data["unsc_decisions"])
    contested = model.matrix_decisions(selected, data["unsc_votes"])
    assert len(contested) < len(selected)
    # with a page the size of the contested ones, they fill one page and all decisions two
    monkeypatch.setattr(model, "MATRIX_PAGE_SIZE", len(contested))
    assert State.from_query({"mpage": ["2"]}, data)[1] == ("mpage",)
    assert State.from_query({"mpage": ["2"], "unanimous": ["on"]}, data) == (State(page=2, unanimous=True), ())


def test_a_pair_of_members_round_trips_and_one_member_twice_is_refused(data) -> None:
    state, rejected = State.from_query({"differ_a": ["KOR"], "differ_b": ["USA"]}, data)
    assert rejected == () and state.to_query() == {"differ_a": ["KOR"], "differ_b": ["USA"]}
    same, rejected = State.from_query({"differ_a": ["KOR"], "differ_b": ["KOR"]}, data)
    assert rejected == ("differ_b",) and (same.differ_a, same.differ_b) == ("KOR", None)


def test_the_decisions_the_filters_select_are_computed_once_per_link(data, monkeypatch) -> None:
    """The matrix page (mpage) and the recounted decision (wi_decision) both read the filtered decisions:
    the URL table computes them once, and not at all when no key needs them."""
    from atlas.votes import model

    expected, _ = State.from_query(EVERY_KEY, data)
    calls: list[object] = []
    real = model.filter_decisions

    def counted(*args: object, **kwargs: object):  # noqa: ANN202
        calls.append(args[1:])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(model, "filter_decisions", counted)
    state, rejected = State.from_query(EVERY_KEY, data)
    assert len(calls) == 1 and state == expected and rejected == ()
    assert calls[0] == (["ukraine", "dprk"], (2022, 2024), ["vetoed", "adopted"])
    calls.clear()
    State.from_query({"topic": ["ukraine"]}, data)
    assert calls == []
