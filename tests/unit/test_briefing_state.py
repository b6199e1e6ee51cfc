"""A briefing's edits and its URL form: round trip, compactness, and exact messages for bad links."""

from __future__ import annotations

import base64
import json
import zlib

import pytest

from atlas.briefing import state as bstate
from atlas.briefing.model import MAX_VIEWS, Briefing, View, from_records, to_records

THREE = Briefing(
    views=(
        View.of("arms_exports", {"years": ["2017", "2025"], "recipients": ["POL"], "lang": ["ko"]}, "Poland", "K2"),
        View.of("unsc_votes", {"topic": ["ukraine"]}),
        View.of("defense_spending", {}, "", "비중 설명"),
    ),
    title="Seoul, 2 December",
)


def _b(payload: object, version: str = "v1.") -> str:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return version + base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")


def test_round_trip_keeps_order_titles_notes_and_queries() -> None:
    again = bstate.decode(bstate.encode(THREE))
    assert again == THREE
    assert again.views[0].query_dict() == {"recipients": ["POL"], "years": ["2017", "2025"]}  # lang dropped


def test_the_link_is_compact_and_url_safe() -> None:
    encoded = bstate.encode(THREE)
    assert encoded.startswith("v2.") and len(encoded) < 300
    assert set(encoded[3:]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_edits() -> None:
    moved = THREE.move(0, 1)
    assert [v.page for v in moved.views] == ["unsc_votes", "arms_exports", "defense_spending"]
    assert THREE.move(0, -1) == THREE and THREE.move(2, 1) == THREE
    assert [v.page for v in THREE.remove(1).views] == ["arms_exports", "defense_spending"]
    assert THREE.retitle(1, "Votes").views[1].title == "Votes"
    assert THREE.annotate(2, "x" * 5000).views[2].note == "x" * 1500
    full = Briefing(views=(View.of("events", {}),) * MAX_VIEWS)
    assert full.add(View.of("events", {})) == full


def test_session_records_round_trip_and_drop_pages_without_figures() -> None:
    assert from_records(to_records(THREE), THREE.title) == THREE
    assert from_records([{"page": "sources", "query": {}}, {"page": "events"}]).views == (View.of("events", {}),)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("v1.%%%garbage%%%", "malformed"),
        ("v1." + "A" * 20, "malformed"),
        ("<script>alert('x')</script>", "malformed"),
        ("", "malformed"),
        ("v3.eJyrVgpLzClVslIqLU4tUqoFADG+BWI", "version"),
        ("v1." + "Z" * 7000, "too_long"),
        (_b([1, 2, 3]), "malformed"),
        (_b({"v": [["arms_exports", {"years": [2017]}]]}), "malformed"),
        (_b({"v": [["arms_exports", {"years": ["x" * 500]}]]}), "malformed"),
        (_b({"v": [["arms_exports"]]}), "malformed"),
        (_b({"v": [["arms_exports", {}, 5]]}), "malformed"),
        (_b({"v": [["arms_exports", {}]]}, "v2."), "malformed"),  # a v1 view in a v2 link
        (_b({"v": [{"p": "events", "x": 1}]}, "v2."), "malformed"),
        (_b({"v": [{"p": "events", "f": "Not an id!"}]}, "v2."), "malformed"),
        (_b(b'{"v":' + b"[" * 20000 + b"]" * 20000 + b"}", "v2."), "malformed"),  # nesting past the recursion limit
        (_b(b'{"v":[],"t":' + b"7" * 5000 + b"}", "v2."), "malformed"),  # past Python's integer digit limit
        (_b({"v": [{"p": "events", "q": {"years": ["\ud800"]}}]}, "v2."), "malformed"),  # a lone surrogate in a code
        (_b({"v": [{"p": "events", "q": {"ye\u000bars": ["2020"]}}]}, "v2."), "malformed"),
    ],
)
def test_bad_links_say_what_is_wrong(value: str, reason: str) -> None:
    with pytest.raises(bstate.LinkProblem) as err:
        bstate.decode(value)
    assert err.value.reason == reason


def test_a_zip_bomb_stops_at_the_size_cap() -> None:
    bomb = "v2." + base64.urlsafe_b64encode(zlib.compress(b" " * 3_000_000, 9)).decode().rstrip("=")
    assert len(bomb) <= bstate.MAX_LEN
    with pytest.raises(bstate.LinkProblem):
        bstate.decode(bomb)


def test_unknown_pages_and_extra_views_are_dropped_and_counted() -> None:
    views = [{"p": "events"}] * (MAX_VIEWS + 2) + [{"p": "sources"}, {"p": "nowhere"}]
    got = bstate.decode(_b({"v": views}, "v2."))
    assert len(got.views) == MAX_VIEWS and got.dropped == 4


def test_a_first_version_link_opens_with_each_view_on_its_first_figure() -> None:
    old = _b({"t": "Brief", "v": [["arms_exports", {"years": ["2017", "2025"]}, "Poland", "K2"], ["events", {}]]})
    got = bstate.decode(old)
    assert got.migrated and got.title == "Brief"
    assert [(v.page, v.title, v.note, v.figure) for v in got.views] == [
        ("arms_exports", "Poland", "K2", ""),
        ("events", "", "", ""),
    ]
    assert bstate.encode(got).startswith("v2.") and not bstate.decode(bstate.encode(got)).migrated


def test_titles_and_notes_lose_control_characters_and_lone_surrogates() -> None:
    b = _b(
        {"t": "Brief\u000bing\ud83d", "v": [{"p": "events", "t": "A\u0000B\u202eC", "n": "one\r\ntwo\u0007"}]}, "v2."
    )
    got = bstate.decode(b)
    assert got.title == "Briefing" and got.views[0].title == "ABC" and got.views[0].note == "one\ntwo"
    bstate.encode(got).encode("ascii")  # writable again


def test_korean_titles_notes_and_the_chosen_figure_round_trip() -> None:
    two = Briefing(
        views=(View.of("events", {}, "Timeline", "Say it", "events.by_category", "연표", "말하기"),),
        title="Brief",
        title_ko="브리핑",
    )
    again = bstate.decode(bstate.encode(two))
    assert again == two and again.title_for("ko") == "브리핑" and again.views[0].note_for("ko") == "말하기"
    assert (
        again.views[0].title_for("ko") == "연표"
        and View.of("events", {}, "Only English").title_for("ko") == "Only English"
    )


def test_page_state_from_query() -> None:
    b = bstate.encode(THREE)
    state, rejected = bstate.State.from_query({"b": [b], "present": ["on"], "slide": ["2"]})
    assert state.briefing == THREE and state.present and state.slide == 2 and rejected == ()
    assert bstate.State.from_query(state.to_query())[0] == state
    assert bstate.State.from_query({"slide": ["9" * 5000]})[1] == ("slide",)
    bad, rejected = bstate.State.from_query({"b": ["v1.xx"], "present": ["yes"], "slide": ["0"]})
    assert (bad.briefing, bad.problem, bad.present, bad.slide) == (None, "malformed", False, 1)
    assert rejected == ("b", "present", "slide")
    assert bstate.State.from_query({"b": [b, b]})[0].problem == "malformed"
    assert bstate.State().to_query() == {}
