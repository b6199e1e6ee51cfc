"""The Briefing page in AppTest: views from the session and from the URL, reload from the URL,
editing, bad links, presentation mode."""

from __future__ import annotations

import pytest

from atlas.briefing import state as bstate
from atlas.briefing.model import Briefing, View
from atlas.ui import briefing as collect
from tests.support.apptest import assert_ok, download_labels, open_page, run, url
from tests.unit.test_briefing_registry import FAKE_TITLES, fake_area  # noqa: F401  (fixture)

THREE = Briefing(
    views=(
        View.of("defense_spending", {"years": ["2020", "2024"]}, "Spending", "Note one"),
        View.of("arms_exports", {}, "Deals"),
        View.of("events", {}, "Timeline"),
    ),
    title="Morning brief",
)


def _headings(at) -> list[str]:  # noqa: ANN001
    return [h.value for h in at.subheader]


@pytest.mark.usefixtures("fake_area")
def test_a_link_opens_its_briefing_and_survives_a_reload() -> None:
    b = bstate.encode(THREE)
    at = open_page("briefing", {"b": b})
    assert _headings(at)[:3] == ["1. Spending", "2. Deals", "3. Timeline"]
    assert download_labels(at) == ["PowerPoint (.pptx)", "PDF"]
    assert len(at.get("vega_lite_chart")) == 6
    assert url(at, "b") == [b]
    again = open_page("briefing", {"b": url(at, "b")[0]})  # a new session: only the URL carries it
    assert _headings(again)[:3] == _headings(at)[:3]
    assert at.text_input(key="briefing-w-title").value == "Morning brief"


@pytest.mark.usefixtures("fake_area")
def test_the_print_note_gives_the_link_that_reopens_this_briefing() -> None:
    at = open_page("briefing", {"b": bstate.encode(THREE)})
    shown = [c.value.replace("\\", "") for c in at.caption]  # Markdown-escaped for display
    notes = [c for c in shown if "/briefing?b=" in c]
    assert len(notes) == 1, shown
    link = notes[0].split("/briefing?b=", 1)[1].split()[0].rstrip(".")
    assert bstate.decode(link) == bstate.decode(url(at, "b")[0])


@pytest.mark.usefixtures("fake_area")
def test_views_added_on_pages_are_shown_and_written_to_the_url() -> None:
    at = open_page("briefing")
    assert any("no views yet" in m.value for m in at.markdown) and not at.info
    at.session_state[collect.VIEWS] = [{"page": "events", "query": {}, "title": "", "note": ""}]
    run(at)
    assert _headings(at)[0] == "1. Events timeline"
    assert bstate.decode(url(at, "b")[0]).views == (View.of("events", {}),)


@pytest.mark.usefixtures("fake_area")
def test_reorder_remove_and_retitle_update_the_link() -> None:
    at = open_page("briefing", {"b": bstate.encode(THREE)})
    at.button(key="briefing-down-0").click()
    run(at)
    assert [v.title for v in bstate.decode(url(at, "b")[0]).views] == ["Deals", "Spending", "Timeline"]
    at.button(key="briefing-remove-2").click()
    run(at)
    at.text_input(key="briefing-w-vt-0").input("Deals <b>bold</b>")
    at.text_area(key="briefing-w-vn-1").input("Say: 2.8%")
    run(at)
    got = bstate.decode(url(at, "b")[0])
    assert [(v.title, v.note) for v in got.views] == [("Deals <b>bold</b>", ""), ("Spending", "Say: 2.8%")]
    assert _headings(at)[0] == "1. Deals \\<b\\>bold\\</b\\>"  # shown as typed, never as HTML


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("v1.%%%garbage%%%", "damaged or incomplete"),
        ("v9.abc", "newer version"),
        ("v1." + "Z" * 7000, "longer than a briefing can be"),
    ],
)
def test_a_bad_link_says_so_and_keeps_the_session(value: str, message: str) -> None:
    at = open_page("briefing", {"b": value})
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert "b" not in at.query_params
    assert "Z" * 300 not in str([e.value for e in at.error])


def test_korean_bad_link_message() -> None:
    at = open_page("briefing", {"b": "v1.xx"}, lang="ko")
    assert any("손상" in e.value for e in at.error)


@pytest.mark.usefixtures("fake_area")
def test_presentation_mode_shows_one_view_and_moves_on() -> None:
    at = open_page("briefing", {"b": bstate.encode(THREE), "present": "on"})
    assert [t.value for t in at.title] == ["Spending"]
    assert any("stSidebar" in h.proto.body for h in at.get("html"))
    assert len(at.get("vega_lite_chart")) == 2
    at.button(key="briefing-next").click()
    run(at)
    assert [t.value for t in at.title] == ["Deals"] and url(at, "slide") == ["2"]
    at.button(key="briefing-prev").click()
    run(at)
    assert [t.value for t in at.title] == ["Spending"] and url(at, "slide") == []
    at.button(key="briefing-exit").click()
    run(at)
    assert "present" not in at.query_params and at.title[0].value == "Briefing"


@pytest.mark.usefixtures("fake_area")
def test_a_slide_past_the_end_shows_the_last_view_and_bad_values_are_noticed() -> None:
    at = open_page("briefing", {"b": bstate.encode(THREE), "present": "on", "slide": "9"})
    assert [t.value for t in at.title] == ["Timeline"]
    at = open_page("briefing", {"b": bstate.encode(THREE), "present": "maybe", "slide": "x"})
    assert_ok(at)
    assert any("present" in i.value and "slide" in i.value for i in at.info)


@pytest.mark.usefixtures("fake_area")
def test_the_add_button_collects_a_view_without_its_language() -> None:
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        from atlas.ui import briefing

        briefing.add_button("events", {"years": ["2022", "2023"], "lang": ["ko"]}, "en")

    at = AppTest.from_function(page)
    at.run()
    at.button(key="briefing-add-events").click().run()
    assert at.session_state[collect.VIEWS] == [
        {"page": "events", "query": {"years": ["2022", "2023"]}, "title": "", "note": ""}
    ]
    assert "1 view)" in at.toast[0].value


@pytest.mark.usefixtures("fake_area")
def test_on_arrival_the_link_wins_over_the_session() -> None:
    at = open_page("briefing")
    at.session_state[collect.VIEWS] = [{"page": "events", "query": {}, "title": "Old", "note": ""}]
    run(at)
    assert _headings(at)[0] == "1. Old"
    at.query_params["b"] = bstate.encode(THREE)  # a shared link opened in the same browser session
    run(at)
    assert _headings(at)[:3] == ["1. Spending", "2. Deals", "3. Timeline"]
    assert [v["title"] for v in at.session_state[collect.VIEWS]] == ["Spending", "Deals", "Timeline"]


@pytest.mark.usefixtures("fake_area")
def test_files_are_built_only_on_click(monkeypatch: pytest.MonkeyPatch) -> None:
    from atlas.render import deck, pdf

    def refuse(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("built on a rerun")

    monkeypatch.setattr(deck, "build", refuse)
    monkeypatch.setattr(pdf, "build", refuse)
    at = open_page("briefing", {"b": bstate.encode(THREE)})
    assert download_labels(at) == ["PowerPoint (.pptx)", "PDF"]


@pytest.mark.usefixtures("fake_area")
def test_without_the_korean_font_the_page_says_so_and_offers_no_broken_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from atlas.render import fonts

    monkeypatch.setenv("ATLAS_CJK_FONT", "none")
    fonts.find_cjk_font.cache_clear()
    try:
        at = open_page("briefing", {"b": bstate.encode(THREE)}, lang="ko")
        assert any("fonts-noto-cjk" in w.value for w in at.warning)
        assert all(b.proto.disabled for b in at.get("download_button"))
        assert download_labels(at) == ["PowerPoint (.pptx) 내려받기", "PDF 내려받기"]
    finally:
        monkeypatch.delenv("ATLAS_CJK_FONT")
        fonts.find_cjk_font.cache_clear()
    at = open_page("briefing", {"b": bstate.encode(THREE)}, lang="ko")
    assert not at.warning and not any(b.proto.disabled for b in at.get("download_button"))
