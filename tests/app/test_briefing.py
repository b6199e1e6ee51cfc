"""The Briefing page in AppTest: views from the session and from the URL, reload from the URL, editing in
two languages, the figure choice, bad and damaged links, escaping, files made on request, presenting."""

from __future__ import annotations

import base64
import io
import json
import re
import zlib
from typing import cast

import pytest

from atlas.briefing import state as bstate
from atlas.briefing.model import MAX_VIEWS, Briefing, View
from atlas.ui import briefing as collect
from tests.support.apptest import all_text, assert_ok, download_labels, open_page, run, url
from tests.support.spy import count_calls
from tests.unit.test_briefing_registry import FAKE_TITLES, fake_area  # noqa: F401  (fixture)

THREE = Briefing(
    views=(
        View.of("defense_spending", {"years": ["2020", "2024"]}, "Spending", "Note one"),
        View.of("arms_exports", {}, "Deals", figure="fake.line"),
        View.of("events", {}, "Timeline"),
    ),
    title="Morning brief",
)


def _headings(at) -> list[str]:  # noqa: ANN001
    return [h.value for h in at.subheader if re.match(r"\d+\. ", h.value)]


def _raw_b(payload: object, version: str = "v2.") -> str:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return version + base64.urlsafe_b64encode(zlib.compress(raw)).decode().rstrip("=")


@pytest.mark.usefixtures("fake_area")
def test_a_link_opens_its_briefing_and_survives_a_reload() -> None:
    b = bstate.encode(THREE)
    at = open_page("briefing", {"b": b})
    assert _headings(at) == ["1. Spending", "2. Deals", "3. Timeline"]
    assert len(at.get("vega_lite_chart")) == 3  # one chosen figure a view
    assert url(at, "b") == [b]
    again = open_page("briefing", {"b": url(at, "b")[0]})  # a new session: only the URL carries it
    assert _headings(again) == _headings(at)
    assert at.text_input(key="briefing-w-title").value == "Morning brief"
    assert at.selectbox(key="briefing-w-fig-1").value == "fake.line"


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
def test_reorder_remove_retitle_in_both_languages_and_choose_a_figure() -> None:
    at = open_page("briefing", {"b": bstate.encode(THREE)})
    at.button(key="briefing-down-0").click()
    run(at)
    assert [v.title for v in bstate.decode(url(at, "b")[0]).views] == ["Deals", "Spending", "Timeline"]
    at.button(key="briefing-remove-2").click()
    run(at)
    at.text_input(key="briefing-w-vt-0").input("Deals <b>bold</b>")
    at.text_input(key="briefing-w-vt-ko-0").input("계약")
    at.text_area(key="briefing-w-vn-1").input("Say: 2.8%")
    at.text_area(key="briefing-w-vn-ko-1").input("2.8%를 강조")
    at.selectbox(key="briefing-w-fig-1").set_value("fake.line")
    at.text_input(key="briefing-w-title-ko").input("아침 브리핑")
    run(at)
    got = bstate.decode(url(at, "b")[0])
    assert [(v.title, v.note) for v in got.views] == [("Deals <b>bold</b>", ""), ("Spending", "Say: 2.8%")]
    assert [(v.title_ko, v.note_ko) for v in got.views] == [("계약", ""), ("", "2.8%를 강조")]
    assert got.views[1].figure == "fake.line" and got.title_ko == "아침 브리핑"
    assert _headings(at)[0] == "1. Deals \\<b\\>bold\\</b\\>"  # shown as typed, never as HTML


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("v1.%%%garbage%%%", "damaged or incomplete"),
        ("v9.abc", "newer version"),
        ("v1." + "Z" * 7000, "longer than a briefing can be"),
        (_raw_b(b'{"v":' + b"[" * 5000 + b"]" * 5000 + b"}"), "damaged or incomplete"),  # deep nesting
        (_raw_b(b'{"v":[],"t":' + b"9" * 5000 + b"}"), "damaged or incomplete"),  # a 5,000-digit integer
        (_raw_b({"v": [{"p": "events", "q": {"years": ["\ud800"]}}]}), "damaged or incomplete"),  # lone surrogate
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
def test_control_characters_and_lone_surrogates_leave_titles_and_notes() -> None:
    b = _raw_b({"t": "Brief\u000bing", "v": [{"p": "events", "t": "Ti\x00tle\ud800", "n": "a\u202eb\nc"}]})
    at = open_page("briefing", {"b": b})
    got = bstate.decode(url(at, "b")[0])
    assert got.title == "Briefing" and got.views[0].title == "Title" and got.views[0].note == "ab\nc"


@pytest.mark.usefixtures("fake_area")
def test_a_first_version_link_still_opens_and_says_what_changed() -> None:
    payload = {"t": "Old brief", "v": [["defense_spending", {"years": ["2020", "2024"]}, "Spending", "Note"]]}
    old = _raw_b(payload, "v1.")
    at = open_page("briefing", {"b": old})
    assert _headings(at) == ["1. Spending"]
    assert any("earlier version" in i.value for i in at.info)
    assert url(at, "b")[0].startswith("v2.")  # the page writes the current version back


@pytest.mark.usefixtures("fake_area")
def test_a_link_asking_for_too_many_views_is_cut_and_says_so() -> None:
    payload = {"v": [{"p": "events", "q": {"years": [str(2000 + i), "2025"]}} for i in range(MAX_VIEWS + 18)]}
    at = open_page("briefing", {"b": _raw_b(payload)})
    assert len(_headings(at)) == MAX_VIEWS
    assert any("18 views more" in w.value and f"at most {MAX_VIEWS}" in w.value for w in at.warning)


MARKUP = "[link](https://evil.example) ![img](https://evil.example/x.png) <img src=x> $x^2$ **b** :red[r]"


@pytest.mark.usefixtures("fake_area")
def test_user_text_is_never_markdown_html_or_a_formula() -> None:
    fields = {"t": MARKUP, "tk": MARKUP, "n": MARKUP, "nk": MARKUP}
    b = _raw_b({"t": MARKUP, "tk": MARKUP, "v": [{"p": "events", **fields}, {"p": "overview", **fields}]})
    for present in ({}, {"present": "on"}, {"present": "on", "presenter": "on"}):
        for lang in ("en", "ko"):
            at = open_page("briefing", {"b": b, **present}, lang=lang)
            bodies = [m.value for m in at.markdown] + [h.value for h in at.subheader] + [t.value for t in at.title]
            bodies += [c.value for c in at.caption] + [i.value for i in at.info] + [w.value for w in at.warning]
            for body in bodies:
                links = re.findall(r"(?<!\\)\[[^\]]*(?<!\\)\]\(<?([^)>]*)", body)
                assert not [x for x in links if "evil" in x], body  # no link from the user's text
                assert not re.search(r"(?<!\\)!(?<!\\)\[", body), body  # no image
                assert not re.search(r"(?<!\\)<img", body), body  # no HTML
                assert not re.search(r"(?<!\\)\$[^$]+(?<!\\)\$", body), body  # no formula
            assert "evil.example" not in "".join(h.proto.body for h in at.get("html"))


@pytest.mark.usefixtures("fake_area")
def test_presentation_mode_shows_one_slide_and_moves_on() -> None:
    at = open_page("briefing", {"b": bstate.encode(THREE), "present": "on"})
    assert [t.value for t in at.title] == ["Spending"]
    assert any("stSidebar" in h.proto.body for h in at.get("html"))
    assert len(at.get("image")) == 1  # the slide's picture, as in the deck
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
def test_the_presenter_view_shows_this_slide_the_next_the_note_and_a_clock() -> None:
    at = open_page("briefing", {"b": bstate.encode(THREE), "present": "on", "presenter": "on"})
    text = all_text(at)
    assert "Note one" in text and "Deals" in text and "atlas-clock" in text
    assert any("BroadcastChannel" in h.proto.body for h in at.get("html"))


def test_a_long_note_is_set_smaller_to_fit_the_presenters_column_and_a_longer_one_says_it_scrolls() -> None:
    """At 1280 x 720 the note column holds about 470 x 380 px: an 850-character Korean note at the page's 17.6 px
    scrolled inside it. It is set smaller, down to a floor; a note too long even then says that it scrolls."""
    from atlas.briefing import view as bview
    from atlas.briefing.model import MAX_NOTE

    assert bview.note_size("Open with Poland.") == (bview.NOTE_PX, True)
    long_ko = ("폴란드의 두 번째 기본계약은 일부만 이행되었습니다. " * 30)[:850]
    size, fits = bview.note_size(long_ko)
    assert fits and bview.NOTE_FLOOR_PX <= size < bview.NOTE_PX
    assert bview.note_size(long_ko[:300])[0] > size  # shorter notes stay larger
    too_long = ("가" * 9 + " ") * (MAX_NOTE // 10)
    assert bview.note_size(too_long) == (bview.NOTE_FLOOR_PX, False)
    for note, says in ((long_ko, False), (too_long, True)):
        talk = Briefing(views=(View.of("events", {}, "Events", note),), title="T")
        at = open_page("briefing", {"b": bstate.encode(talk), "present": "on", "presenter": "on"})
        assert_ok(at)
        styles = [h.proto.body for h in at.get("html") if ".st-key-briefing-note p" in h.proto.body]
        assert styles and f"{bview.NOTE_FLOOR_PX:.1f}px" in styles[0]  # a size never under the floor
        assert ("scroll it to read the rest" in all_text(at)) is says


@pytest.mark.usefixtures("fake_area")
def test_a_slide_past_the_end_shows_the_last_view_and_bad_values_are_noticed() -> None:
    at = open_page("briefing", {"b": bstate.encode(THREE), "present": "on", "slide": "9"})
    assert [t.value for t in at.title] == ["Timeline"]
    at = open_page("briefing", {"b": bstate.encode(THREE), "present": "maybe", "slide": "1" * 5000})
    assert_ok(at)
    assert any("present" in i.value and "slide" in i.value for i in at.info)


@pytest.mark.usefixtures("fake_area")
def test_the_add_button_asks_which_figure_and_keeps_the_briefing_in_the_link() -> None:
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        from atlas.ui import briefing

        briefing.add_button("events", {"years": ["2022", "2023"], "lang": ["ko"]}, "en")

    at = AppTest.from_function(page, default_timeout=60)
    at.run()
    assert not at.radio  # nothing is built until asked
    at.button(key="briefing-add-events").click().run()
    assert [o.replace("\\", "") for o in at.radio[0].options] == [FAKE_TITLES["en"], FAKE_TITLES["en"] + " (2)"]
    at.radio[0].set_value("fake.line")
    at.button(key="briefing-add-chosen-events").click().run()
    assert at.session_state[collect.VIEWS] == [
        {
            "page": "events",
            "query": {"years": ["2022", "2023"]},
            "figure": "fake.line",
            "title": "",
            "note": "",
            "title_ko": "",
            "note_ko": "",
        }
    ]
    assert "1 view)" in at.toast[0].value
    assert bstate.decode(url(at, "b")[0]).views[0].figure == "fake.line"


@pytest.mark.usefixtures("fake_area")
def test_on_arrival_the_link_wins_over_the_session() -> None:
    at = open_page("briefing")
    at.session_state[collect.VIEWS] = [{"page": "events", "query": {}, "title": "Old", "note": ""}]
    run(at)
    assert _headings(at)[0] == "1. Old"
    at.query_params["b"] = bstate.encode(THREE)  # a shared link opened in the same browser session
    run(at)
    assert _headings(at) == ["1. Spending", "2. Deals", "3. Timeline"]
    assert [v["title"] for v in at.session_state[collect.VIEWS]] == ["Spending", "Deals", "Timeline"]


@pytest.mark.usefixtures("fake_area")
@pytest.mark.parametrize("page", ["events", "arms_exports", "overview"])
def test_every_page_carries_the_briefing_in_its_link(page: str) -> None:
    b = bstate.encode(THREE)
    at = open_page(page, {"b": b})  # a reload of any page, or a pasted link with its b
    assert url(at, "b") == [b]
    assert [v["title"] for v in at.session_state[collect.VIEWS]] == ["Spending", "Deals", "Timeline"]
    at.switch_page("pages/briefing.py")
    at.query_params.pop("b", None)  # the sidebar's links carry only the language
    run(at)
    assert _headings(at) == ["1. Spending", "2. Deals", "3. Timeline"] and url(at, "b") == [b]


@pytest.mark.usefixtures("fake_area")
def test_files_are_made_on_request_with_their_names_and_a_failure_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    from pptx import Presentation

    from atlas.core.worker import WorkerStopped
    from atlas.render import deck, files, pdf

    at = open_page("briefing", {"b": bstate.encode(THREE)})
    assert download_labels(at) == []  # nothing is drawn on a plain run
    at.button(key="briefing-make").click()
    run(at)
    assert download_labels(at) == ["PowerPoint (.pptx)", "PDF"]
    made = at.session_state["_atlas_briefing_files"]
    assert re.fullmatch(r"morning-brief_en_\d{4}-\d{2}-\d{2}", made["name"])
    assert len(Presentation(io.BytesIO(made["pptx"])).slides) >= 4 and made["pdf"].startswith(b"%PDF")
    at.radio(key="briefing-file-lang").set_value("ko")
    run(at)
    assert download_labels(at) == []  # the files are English: make the Korean ones first

    def broken(*args: object, **kwargs: object) -> bytes:
        raise OSError("disk full")

    # The files are made in the picture worker: this process's deck and PDF code is never run for them.
    monkeypatch.setattr(deck, "build", broken)
    monkeypatch.setattr(pdf, "build", broken)
    at.button(key="briefing-make").click()
    run(at)
    assert not at.error and download_labels(at) == ["PowerPoint (.pptx)", "PDF"]
    assert len(Presentation(io.BytesIO(at.session_state["_atlas_briefing_files"]["pptx"])).slides) >= 4

    from atlas.briefing import view as briefing_view

    briefing_view._shared_files.clear()  # the English files are shared from the first build: build again
    monkeypatch.setattr(files, "make", broken)
    at.radio(key="briefing-file-lang").set_value("en")
    run(at)
    at.button(key="briefing-make").click()
    run(at)
    assert any("could not be made (OSError)" in e.value for e in at.error), [e.value for e in at.error]

    def stopped(*args: object, **kwargs: object) -> bytes:
        raise WorkerStopped("timeout", "pictures")

    monkeypatch.setattr(files, "make", stopped)
    at.button(key="briefing-make").click()
    run(at)
    assert any("took longer than 120 s" in e.value for e in at.error), [e.value for e in at.error]


@pytest.mark.usefixtures("fake_area")
def test_a_class_pressing_make_on_one_link_gets_one_build(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from atlas.render import files

    built = count_calls(monkeypatch, files, "make")
    shared = replace(THREE, title="A class's brief")  # a briefing no other test makes files of
    for _ in range(3):
        at = open_page("briefing", {"b": bstate.encode(shared)})
        at.button(key="briefing-make").click()
        run(at)
        assert download_labels(at) == ["PowerPoint (.pptx)", "PDF"]
    assert len(built) == 1
    other = replace(shared, title="Another brief")
    at = open_page("briefing", {"b": bstate.encode(other)})
    at.button(key="briefing-make").click()
    run(at)
    assert len(built) == 2


@pytest.mark.usefixtures("fake_area")
def test_a_link_of_more_views_than_the_page_previews_runs_as_heavy_work(monkeypatch: pytest.MonkeyPatch) -> None:
    from contextlib import contextmanager

    from atlas.core import vocab
    from atlas.ui import admission

    declared: list[int] = []
    real = admission.heavy_work

    @contextmanager
    def counting():  # noqa: ANN202
        declared.append(1)
        with real():
            yield

    monkeypatch.setattr(admission, "heavy_work", counting)
    open_page("briefing", {"b": bstate.encode(THREE)})
    assert declared == []  # three views: all previewed, an ordinary page
    many = Briefing(views=tuple(View.of("events", {"category": [c]}, c) for c in vocab.EVENT_CATEGORIES[:5]))
    open_page("briefing", {"b": bstate.encode(many)})
    assert declared == [1]


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
        assert at.button(key="briefing-make").proto.disabled
    finally:
        monkeypatch.delenv("ATLAS_CJK_FONT")
        fonts.find_cjk_font.cache_clear()
    at = open_page("briefing", {"b": bstate.encode(THREE)}, lang="ko")
    assert not at.warning and not at.button(key="briefing-make").proto.disabled


@pytest.mark.parametrize("page", ["events", "overview"])
def test_a_damaged_briefing_link_on_another_page_is_noticed_and_dropped(page: str) -> None:
    deep = _raw_b(b'{"v":' + b"[" * 5000 + b"]" * 5000 + b"}")
    at = open_page(page, {"b": deep})
    assert any("b" in i.value for i in at.info), [i.value for i in at.info]
    assert "b" not in at.query_params and not at.session_state[collect.VIEWS]


def test_a_rerun_of_a_briefing_of_maps_draws_no_map_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each view's preview is drawn once for every session, not on every rerun. Before, the
    figures' cache handed each run a copy whose lazy map picture was built again: a twelve-map briefing
    link cost 5 s of server time on every rerun of the page."""
    from atlas.arms import charts

    maps = Briefing(
        views=tuple(
            View.of("arms_exports", {"years": [str(y), "2025"]}, f"Since {y}", figure="arms.map")
            for y in (2015, 2018, 2021)
        ),
        title="Maps",
    )
    at = open_page("briefing", {"b": bstate.encode(maps)})
    assert len(at.get("image")) == 3  # a map's preview is its slide picture (laid out in pixels, never clipped)
    drawn: list[int] = []
    real = charts.map_picture

    def counting(*a, **k):  # noqa: ANN002, ANN003, ANN202
        drawn.append(1)
        return real(*a, **k)

    monkeypatch.setattr(charts, "map_picture", counting)
    run(at)
    assert drawn == [] and len(at.get("image")) == 3


def test_a_long_briefing_link_draws_four_views_and_opens_the_others_on_a_switch() -> None:
    """A link of twelve arms views drew every figure and map on arrival (7.5 s of server
    time before anyone could act). The first four are drawn; each other view opens on its switch."""
    from atlas.briefing.view import PREVIEWS_AT_ONCE

    views = tuple(View.of("arms_exports", {"years": [str(2001 + i), "2025"]}, f"View {i + 1}") for i in range(12))
    at = open_page("briefing", {"b": bstate.encode(Briefing(views=views, title="Twelve"))})
    assert len(_headings(at)) == 12, "every view is listed, with its heading and its buttons"
    assert len(at.get("image")) == PREVIEWS_AT_ONCE == 4  # an arms map's preview is its slide picture
    assert any("Views 5 to 12 open when you ask" in c.value for c in at.caption)
    assert len(at.toggle) == 12 - PREVIEWS_AT_ONCE
    titles = [cast(str, ti.value) for ti in at.text_input]  # every text input here has a value
    assert [v for v in titles if v.startswith("View ")] == [f"View {i}" for i in range(1, 5)]
    at.toggle(key=f"{collect.WIDGET}open-5").set_value(True)
    run(at)
    assert len(at.get("image")) == PREVIEWS_AT_ONCE + 1
    assert "View 6" in [ti.value for ti in at.text_input]
    assert len(bstate.decode(url(at, "b")[0]).views) == 12, "nothing of the briefing is lost"


@pytest.mark.parametrize("presenter", [False, True])
def test_presenting_a_map_draws_its_picture_once_for_every_rerun(
    monkeypatch: pytest.MonkeyPatch, presenter: bool
) -> None:
    from atlas.arms import charts

    maps = Briefing(views=(View.of("arms_exports", {"years": ["2016", "2025"]}, "Since 2016", figure="arms.map"),))
    query = {"b": bstate.encode(maps), "present": "on", **({"presenter": "on"} if presenter else {})}
    at = open_page("briefing", query)
    assert len(at.get("image")) == 1
    drawn: list[int] = []
    real = charts.map_picture

    def counting(*a, **k):  # noqa: ANN002, ANN003, ANN202
        drawn.append(1)
        return real(*a, **k)

    monkeypatch.setattr(charts, "map_picture", counting)
    run(at)
    assert drawn == [] and len(at.get("image")) == 1
