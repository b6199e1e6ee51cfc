"""Briefings as PowerPoint and PDF, read back with python-pptx, LibreOffice Impress and poppler.

A slide is one chosen figure: the user's title, the figure's title and filters as subtitle, the chart
drawn for the slide and a caption written for paper; every word at least 18 pt and chart labels at
least 12 pt on the 13.33 x 7.5 in slide; the speaker's note on its own slide only; article-level
sources (the largest ten, the rest in the appendix); absolute links only. Every deck built here is
opened in Impress (tests/support/impress.py): one page per slide, nothing in the outer 2%.
"""

from __future__ import annotations

import io
import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from pptx import Presentation

from atlas.briefing.figures import Handout, Slide, handout
from atlas.briefing.model import Briefing, View
from atlas.core.figure import Datasets, Figure
from atlas.render import deck, pdf
from tests.support.impress import open_in_impress, pdf_text
from tests.support.spy import count_calls
from tests.unit.test_briefing_registry import FAKE_TITLES, fake_area  # noqa: F401  (fixture)

BASE = "https://atlas.example"
THREE = Briefing(
    views=(
        View.of("defense_spending", {"years": ["2020", "2024"]}, "Spending since 2020", "Stress the 2.8% figure"),
        View.of("arms_exports", {}, "", "", figure="fake.line"),
        View.of("events", {"years": ["2022", "2023"]}, "Two years", "", title_ko="두 해", note_ko="한국어 메모"),
    ),
    title="Morning brief",
    title_ko="아침 브리핑",
)
TODAY = date(2026, 12, 1)
# Words that point at a screen; none belongs on a slide (Korean: mouse, click, right, below, "the table").
SCREEN_WORDS = {
    "en": ("hover", "below", "right", "table", "click", "tooltip"),
    "ko": ("마우스", "클릭", "오른쪽", "아래", "표를", "표에", "표의", "표는", " 표 ", "도움말"),
}


def _texts(slide) -> str:  # noqa: ANN001
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _sizes(slide) -> list[float]:  # noqa: ANN001
    """Every run's size in points, text boxes and table cells alike."""
    frames = [s.text_frame for s in slide.shapes if s.has_text_frame]
    frames += [c.text_frame for s in slide.shapes if s.has_table for row in s.table.rows for c in row.cells]
    return [r.font.size.pt for f in frames for p in f.paragraphs for r in p.runs if r.text.strip()]


def _pictures(slide) -> int:  # noqa: ANN001
    return sum(1 for s in slide.shapes if s.shape_type == 13)  # MSO_SHAPE_TYPE.PICTURE


def _notes(slide) -> str:  # noqa: ANN001
    return slide.notes_slide.notes_text_frame.text


def _check_room_readable(prs) -> None:  # noqa: ANN001
    for number, slide in enumerate(prs.slides, start=1):
        assert min(_sizes(slide), default=18) >= deck.MIN_PT, f"slide {number}: text under 18 pt"
        for points_per_px in deck.label_points(slide):
            label_pt = points_per_px * deck.slides.MIN_FONT
            assert label_pt >= 12, f"slide {number}: chart labels at {label_pt:.1f} pt"


def _no_relative_links(prs) -> None:  # noqa: ANN001
    for slide in prs.slides:
        for line in (_texts(slide) + "\n" + _notes(slide)).splitlines():
            assert not re.search(r"(^|\s)/[a-z_]*\?", line), line  # "/arms_exports?..." opens nothing


@pytest.mark.usefixtures("fake_area")
def test_a_slide_per_view_with_its_title_subtitle_note_and_sources() -> None:
    h = handout(THREE, "en", Datasets(), today=TODAY, base_url=BASE)
    data = deck.build(h)
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    appendix = slides[4:]
    assert len(slides) == 1 + 3 + len(appendix) and appendix
    cover = _texts(slides[0])
    assert "Morning brief" in cover and "1 December 2026" in cover and "English" in cover
    assert "Defence spending: 2024 (whole year)" in cover  # the one dataset the figures read
    assert "Defence spending: 2024 (whole year) †" in cover  # made 2026-12-01: marked, and the mark explained once
    assert cover.count("† more than three months older than this briefing") == 1
    assert [_pictures(s) for s in slides[1:4]] == [1, 1, 1]
    first = _texts(slides[1]).splitlines()
    assert first[0] == "Spending since 2020"  # the user's title is the slide's title
    assert first[1] == f"{FAKE_TITLES['en']} · 2020–2024"  # the figure's title and filters below it
    assert "Share of GDP." in _texts(slides[1])
    second = _texts(slides[2]).splitlines()
    assert second[0] == FAKE_TITLES["en"] + " (2)"  # no title given: the chosen figure's own
    notes = [_notes(s) for s in slides[1:4]]
    assert "Stress the 2.8% figure" in notes[0] and not any("Stress" in n for n in notes[1:])
    assert "https://www.sipri.org/databases/milex" in notes[0]
    assert f"{BASE}/defense_spending?years=2020&years=2024" in notes[0]
    assert "Appendix · slide 1: Spending since 2020" in _texts(appendix[0])
    _check_room_readable(prs)
    _no_relative_links(prs)
    texts = open_in_impress(data, len(slides))
    assert "Spending since 2020" in texts[1]


@pytest.mark.usefixtures("fake_area")
def test_the_korean_deck_uses_the_korean_titles_and_notes() -> None:
    h = handout(THREE, "ko", Datasets(), today=TODAY)
    data = deck.build(h)
    slides = list(Presentation(io.BytesIO(data)).slides)
    cover = _texts(slides[0])
    assert (
        "아침 브리핑" in cover
        and "작성일 2026년 12월 1일" in cover
        and "언어: 한국어" in cover
        and "국방비: 2024년 전체 †" in cover
        and "† 이 브리핑보다 3개월 이상 앞선 자료" in cover
    )
    assert _texts(slides[3]).splitlines()[0] == "두 해" and "한국어 메모" in _notes(slides[3])
    assert _texts(slides[1]).splitlines()[0] == "Spending since 2020"  # no Korean title: the English one
    english = {"Sources", "From:", "Prepared", "Language", "View:", "Appendix"}
    assert not any(word in _texts(s) + _notes(s) for s in slides for word in english)
    assert not any(re.search(r"(^|\s)/[a-z_]*\?", _notes(s)) for s in slides)  # no public address: no link at all
    open_in_impress(data, len(slides))


@pytest.mark.usefixtures("fake_area")
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pdf_pages_read_back_with_poppler(lang: str) -> None:
    h = handout(THREE, lang, Datasets(), today=TODAY, base_url=BASE)
    pages = pdf_text(pdf.build(h))
    assert len(pages) == 1 + 3 + 1  # cover, a page per view, the appendix
    assert ("아침 브리핑" if lang == "ko" else "Morning brief") in pages[0]
    assert "Spending since 2020" in pages[1] and FAKE_TITLES[lang] in pages[1]
    flat = re.sub(r"\s+", "", pages[1])
    link = f"{BASE}/defense_spending?years=2020&years=2024" + ("&lang=ko" if lang == "ko" else "")
    assert link in flat  # wrapped inside the margins, whole
    assert "Stress the 2.8% figure" in pages[1]
    assert ("부록" if lang == "ko" else "Appendix") in pages[-1]
    for page in pages:  # no near-empty page: every page holds more than a spilled line
        assert len([x for x in page.splitlines() if x.strip()]) >= 2, page


def test_a_view_without_figures_gets_a_slide_that_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    from atlas import ui

    monkeypatch.setitem(ui.AREA_OF_PAGE, "events", "no_such_area_package")
    h = handout(Briefing(views=(View.of("events", {}, "Timeline"),)), "en", Datasets(), today=TODAY)
    data = deck.build(h)
    slides = list(Presentation(io.BytesIO(data)).slides)
    assert len(slides) == 2 and _pictures(slides[1]) == 0
    assert "cannot be built yet" in _texts(slides[1])
    open_in_impress(data, 2)


def test_a_table_only_figure_shows_its_rows_without_a_picture() -> None:
    import pandas as pd

    table = pd.DataFrame({"Deal": ["K2 tanks", "K9 howitzers"], "Value": ["$3.37 bn", "$2.4 bn"]})
    fig = Figure("x.table", "Deals listed", "", None, table, caption="A table of deals.", lang="en")
    h = Handout("en", "T", TODAY, (), (Slide(1, "Deals", "", fig, "Two deals.", "", ""),))
    data = deck.build(h)
    slides = list(Presentation(io.BytesIO(data)).slides)
    assert _pictures(slides[1]) == 0 and "Two deals." in _texts(slides[1])
    cells = [c.text_frame.text for s in slides[1].shapes if s.has_table for r in s.table.rows for c in r.cells]
    assert "K2 tanks" in cells and "$3.37 bn" in cells
    _check_room_readable(Presentation(io.BytesIO(data)))
    assert "Deals" in pdf_text(pdf.build(h))[1]
    open_in_impress(data, len(slides))


# ---------------------------------------------------------------- the real pages, five views
FIVE = Briefing(
    views=(
        View.of("overview", {}, "Where things stand", "Open with the totals", figure="overview.arms"),
        View.of("arms_exports", {"years": ["2020", "2025"]}, "Deals since 2020", "Poland leads", figure="arms.map"),
        View.of("unsc_votes", {"section": ["agreement"]}, "Korea on the Council", "Half the time", title_ko="안보리"),
        View.of("defense_spending", {}, "Spending", "", figure="spending.over_time"),
        View.of("events", {"years": ["2022", "2025"]}, "Events", "", figure="events.by_category"),
    ),
    title="Five views",
    title_ko="다섯 보기",
)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_five_real_views_make_a_deck_a_room_can_read(lang: str) -> None:
    h = handout(FIVE, lang, Datasets(), today=TODAY, base_url=BASE)
    draw = deck.memo()
    data = deck.build(h, draw=draw)
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert len(h.slides) == 5 and all(s.figure is not None for s in h.slides)
    for s, slide in zip(h.slides, slides[1:6]):
        assert s.figure is not None
        shown = _texts(slide).lower()
        assert not [w for w in SCREEN_WORDS[lang] if w in shown], (s.figure.id, shown)
        assert _notes(slide).count(BASE) >= 1
    arms = h.slides[1]
    assert arms.figure is not None
    assert arms.figure.id == "arms.map" and len(arms.rows) > 10
    assert all(urlsplit(r.url).path.strip("/") for r in arms.rows)  # an article, not a publisher's home page
    assert len({r.url for r in arms.rows}) == len(arms.rows)
    weights = [r.weight for r in arms.rows]
    assert weights == sorted(weights, reverse=True)  # the largest deals first
    notes = _notes(slides[2])
    assert "Poland leads" in notes and "Half the time" not in notes
    assert sum(1 for r in arms.top_rows if r.url in notes) == 10
    assert re.search(r"and \d+ more in the appendix" if lang == "en" else r"외 \d+건은 부록", notes)
    _check_room_readable(prs)
    _no_relative_links(prs)
    open_in_impress(data, len(slides))
    pages = pdf_text(pdf.build(h, draw=draw))
    assert (FIVE.title_for(lang)) in pages[0]
    assert any(arms.rows[0].url in re.sub(r"\s+", "", p) for p in pages)


@pytest.mark.parametrize(
    ("lang", "complete", "note"),
    [
        ("en", "complete to 4 June 2025", "† more than three months older"),
        ("ko", "2025년 6월 4일까지 전체", "† 이 브리핑보다"),
    ],
)
def test_the_cover_says_where_a_record_stops_being_complete_and_marks_old_files_once(
    monkeypatch: pytest.MonkeyPatch, lang: str, complete: str, note: str
) -> None:
    from atlas.briefing import figures as bfig
    from atlas.core import data as data_mod

    def entry(dataset: str, current_to: str, complete_to: str | None = None) -> data_mod.CatalogEntry:
        return data_mod.CatalogEntry(dataset, f"{dataset}.csv", {}, {}, {}, current_to, None, complete_to)

    catalog = [entry("unsc_decisions", "2026-04-07", "2025-06-04"), entry("events", "2026-11-30")]
    monkeypatch.setattr(data_mod, "load_catalog", lambda *_: catalog)
    lines = dict(bfig._currency({"unsc_decisions", "events"}, lang, date(2026, 12, 7)))
    council, events = lines.values()
    assert complete in council and council.endswith(bfig.STALE_MARK)  # April is more than three months back
    assert not events.endswith(bfig.STALE_MARK)  # a week old
    assert bfig.currency_note(lines.items(), lang).startswith(note)
    assert bfig.currency_note([("x", events)], lang) == ""  # nothing marked: no note


@pytest.mark.parametrize(("lang", "label", "first"), [("en", "Poland", "LATIN"), ("ko", "폴란드", "KOREAN")])
def test_a_slide_picture_names_the_face_its_language_is_drawn_in(lang: str, label: str, first: str) -> None:
    """Korean slide pictures in the CJK face (the Latin one would leave Hangul to a serif fallback in Impress)."""
    import altair as alt
    import pandas as pd

    from atlas.render import fonts, slides

    chart = alt.Chart(pd.DataFrame({"who": [label], "n": [1]})).mark_bar().encode(x="n:Q", y="who:N")
    fig = Figure("x.bars", "Bars", "", chart, pd.DataFrame(), caption="", lang=lang)
    families = getattr(fonts, f"{first}_FAMILIES")
    assert slides.slide_spec(fig, 600, 300)["config"]["font"] == ", ".join(families)


# ---------------------------------------------------------------- a vote matrix wider than a slide
MATRIX = Briefing(
    views=(View.of("unsc_votes", {}, "Council votes", "Start with the vetoes", figure="votes.matrix"),),
    title="Votes",
)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_vote_matrix_too_big_for_one_slide_continues_on_slides_that_hold_every_decision(lang: str) -> None:
    """The votes page's default matrix (48 decisions of 2017-2025 in the fixture, a different set of members
    each year) scaled onto one slide had 5-7 pt labels; it continues over slides with labels at 12 pt, each
    holding every member seated for its decisions, and the slides say which decisions each holds."""
    from atlas.core.charts import to_spec
    from atlas.render import slides as slides_mod

    h = handout(MATRIX, lang, Datasets(), today=TODAY, base_url=BASE)
    fig = h.slides[0].figure
    assert fig is not None and fig.id == "votes.matrix"
    whole = to_spec(fig.chart)
    columns = whole["layer"][0]["encoding"]["x"]["sort"]
    cells = next(iter(whole["datasets"].values()))
    assert len(columns) == 48
    draw = deck.memo()
    data = deck.build(h, draw=draw)
    prs = Presentation(io.BytesIO(data))
    _check_room_readable(prs)
    shown = deck.shown_slides(h.slides[0])
    n = len(shown)
    assert n > 1
    slides = list(prs.slides)
    short = slides_mod.short_labels(columns)  # a long symbol is shortened on the slide, whole in its notes
    first, drawn_cells = 1, 0
    for i, (part, slide) in enumerate(zip(shown, slides[1 : 1 + n]), start=1):
        text = _texts(slide)
        title = text.splitlines()[0]
        assert title == (f"Council votes ({i} of {n})" if lang == "en" else f"Council votes ({i}/{n})")
        spec = to_spec(part.slide.figure.chart)  # type: ignore[union-attr]
        cols = spec["layer"][0]["encoding"]["x"]["sort"]
        whole_cols = columns[first - 1 : first - 1 + len(cols)]
        assert cols == [short[c] for c in whole_cols]  # in order, none left out, none twice
        last = first + len(cols) - 1
        said = f"Decisions {first}–{last} of 48 · all 48 are on these {n} slides"
        assert (said if lang == "en" else f"결정 48건 중 {first}–{last}번") in text
        rows = [
            r for name, d in spec["datasets"].items() if name.startswith(whole["layer"][0]["data"]["name"]) for r in d
        ]
        seated = {r["member"] for r in cells if r["column"] in whole_cols}
        assert {r["member"] for r in rows} == seated  # every member seated for these decisions, no other
        assert all(f"{short[c]} = {c}" in _notes(slide) for c in whole_cols if short[c] != c)
        drawn_cells += len(rows)
        assert _pictures(slide) == 1
        first = last + 1
    assert first == 49 and drawn_cells == len(cells)  # every vote of the view is on a slide
    notes = [_notes(s) for s in slides[1 : 1 + n]]
    assert "Start with the vetoes" in notes[0] and not any("Start with the vetoes" in x for x in notes[1:])
    assert all(BASE in x for x in notes)
    assert _texts(slides[1 + n]).startswith(("Appendix · slide 1", "부록")) or len(slides) == 1 + n
    open_in_impress(data, len(slides))
    pages = pdf_text(pdf.build(h, draw=draw))
    assert sum(1 for p in pages if ("Decisions " if lang == "en" else "결정 48건 중") in p) == n


def test_a_long_column_label_is_shortened_on_a_slide_and_never_reads_like_another() -> None:
    from atlas.render.slides import LABEL_CHARS, short_labels

    labels = [
        "S/RES/2722(2024)",
        "S/PV.9771 amendment (S/2024/797)",
        "S/PV.9771 amendment (S/2024/798)",
        "Russian draft of 11 Mar 2026",
    ]
    short = short_labels(labels)
    assert short["S/RES/2722(2024)"] == "S/RES/2722(2024)"
    assert short["S/PV.9771 amendment (S/2024/797)"] == "S/PV.9771 … (S/2024/797)"
    assert short["Russian draft of 11 Mar 2026"] == "Russian draft of 11…"
    assert len(set(short.values())) == len(labels)
    assert all(len(v) <= LABEL_CHARS + 4 for v in short.values())


def test_a_map_that_gives_its_caption_room_is_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A map keeps its own size: under a long title, subtitle and caption its labels would fall under 12 pt,
    so the caption goes to the notes and the map takes its room, drawn once (it used to be drawn again for
    the larger box, the same picture at 0.5-0.9 s)."""
    from atlas.briefing import registry
    from atlas.briefing.captions import slide_caption
    from atlas.render import vega

    fig = next(f for f in registry.figures_for("arms_exports", {}, "en", Datasets()) if f.id == "arms.map")
    caption = slide_caption(fig) + " Values are as their sources state them, in US dollars of the year of the deal."
    title = "Where Korean arms went: every recipient of a deal on record, with its value"
    subtitle = fig.subtitle + " · " + "every deal on record, listed and reported, with or without a known value" * 2
    s = Slide(1, title, subtitle, fig, caption, "", "")
    assert deck.lines(caption, deck.BODY_PT) >= 3 and deck.lines(subtitle, deck.SUBTITLE_PT) >= 3
    drawn = count_calls(monkeypatch, vega, "png")
    prs = Presentation(io.BytesIO(deck.build(Handout("en", "T", TODAY, (), (s,)))))
    assert len(drawn) == 1
    slide = list(prs.slides)[1]
    _check_room_readable(prs)
    assert caption not in _texts(slide) and caption in _notes(slide)  # the caption gave the map its room


def test_a_matrix_that_fits_one_slide_stays_one_slide_with_its_caption_when_there_is_room() -> None:
    one_year = Briefing(views=(View.of("unsc_votes", {"years": ["2023", "2023"]}, "2023", "", figure="votes.matrix"),))
    h = handout(one_year, "en", Datasets(), today=TODAY)
    assert len(deck.shown_slides(h.slides[0])) == 1
    prs = Presentation(io.BytesIO(deck.build(h)))
    _check_room_readable(prs)
    slide = list(prs.slides)[1]
    assert _texts(slide).splitlines()[0] == "2023" and "of" not in _texts(slide).splitlines()[0]
    assert "Rows: Council members" in _texts(slide) + _notes(slide)  # on the slide, or in its notes
