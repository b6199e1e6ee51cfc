"""Every figure says how far its data goes: a year span that runs past a dataset's last date says so in the
subtitle and in the year filter's label; a 31 December currency reads as the whole year."""

from __future__ import annotations

from tests.support.apptest import captions, open_page, shown


def test_the_arms_subtitles_and_slider_say_2026_runs_to_30_january() -> None:
    at = open_page("arms_exports")  # the fixture's deals run to 2026, its catalogue to 30 January 2026
    assert at.slider(key="years").label == "Years (2026: to 30 January)"
    subtitles = [c for c in captions(at) if c.startswith("2")]
    assert subtitles and all(c.startswith("20") and "(2026: to 30 January)" in c for c in subtitles[:3]), subtitles


def test_a_span_ending_before_the_last_date_says_nothing_more() -> None:
    at = open_page("arms_exports", {"years": ["2018", "2024"]})
    assert at.slider(key="years").label == "Years (2026: to 30 January)"  # the slider itself still reaches 2026
    assert not any("to 30 January" in c for c in captions(at))


def test_korean_subtitles_say_it_in_korean() -> None:
    at = open_page("arms_exports", lang="ko")
    assert "(2026년은 1월 30일까지)" in at.slider(key="years").label
    assert any("2026년은 1월 30일까지" in c for c in captions(at))


def test_the_overview_reads_a_31_december_currency_as_the_whole_year() -> None:
    at = open_page("overview")
    (line,) = [c for c in captions(at) if c.startswith("Data current to")]
    assert "2025 (whole year)" in shown(line) and "31 December" not in line
    assert "30 January 2026" in shown(line)
