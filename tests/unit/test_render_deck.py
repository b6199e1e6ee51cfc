"""A briefing of three views as PowerPoint and PDF: the expected slides, pictures, notes and links,
read back with python-pptx and pypdf, in English and entirely in Korean."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pptx import Presentation
from pypdf import PdfReader

from atlas.briefing.figures import handout
from atlas.briefing.model import Briefing, View
from atlas.core.figure import Datasets
from atlas.render import deck, pdf
from tests.unit.test_briefing_registry import FAKE_TITLES, fake_area  # noqa: F401  (fixture)

BASE = "https://atlas.example"
THREE = Briefing(
    views=(
        View.of("defense_spending", {"years": ["2020", "2024"]}, "Spending since 2020", "Stress the 2.8% figure"),
        View.of("arms_exports", {}, "", ""),
        View.of("events", {"years": ["2022", "2023"]}, "Two years", ""),
    ),
    title="Morning brief",
)
TODAY = date(2026, 12, 1)


def _texts(slide) -> str:  # noqa: ANN001
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _pictures(slide) -> int:  # noqa: ANN001
    return sum(1 for s in slide.shapes if s.shape_type == 13)  # MSO_SHAPE_TYPE.PICTURE


def _pdf_text(data: bytes) -> list[str]:
    # fpdf2 writes CJK-font text with 2-byte codes that pypdf reads as NUL + character: drop the NULs
    return [re.sub("\x00", "", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.usefixtures("fake_area")
def test_deck_of_three_views_has_cover_figures_and_sources() -> None:
    h = handout(THREE, "en", Datasets(), today=TODAY)
    prs = Presentation(io.BytesIO(deck.build(h, base_url=BASE)))
    slides = list(prs.slides)
    assert len(slides) == 1 + 3 * 2 + 1  # cover, two figures per view, sources
    cover = _texts(slides[0])
    assert "Morning brief" in cover and "1 December 2026" in cover and "English" in cover
    assert "Defence spending: 2024 (whole year)" in cover  # the one dataset the figures read
    for s in slides[1:-1]:
        assert _pictures(s) == 1
    first = slides[1]
    assert FAKE_TITLES["en"] in _texts(first) and "Share of GDP." in _texts(first)
    notes = first.notes_slide.notes_text_frame.text
    assert "Stress the 2.8% figure" in notes
    assert "SIPRI — https://www.sipri.org/databases/milex" in notes
    assert f"{BASE}/defense_spending?years=2020&years=2024" in notes
    assert f"{BASE}/arms_exports" in slides[3].notes_slide.notes_text_frame.text
    assert "From: Arms exports" in _texts(slides[3])  # a view without a title is named by its page
    assert "Sources" in _texts(slides[-1]) and "https://www.sipri.org/databases/milex" in _texts(slides[-1])


@pytest.mark.usefixtures("fake_area")
def test_korean_deck_is_korean() -> None:
    h = handout(THREE, "ko", Datasets(), today=TODAY)
    slides = list(Presentation(io.BytesIO(deck.build(h))).slides)
    cover = _texts(slides[0])
    assert "작성일 2026년 12월 1일" in cover and "언어: 한국어" in cover and "국방비: 2024년 전체" in cover
    assert FAKE_TITLES["ko"] in _texts(slides[1])
    notes = slides[1].notes_slide.notes_text_frame.text
    assert "출처:" in notes and "보기 링크: /defense_spending?years=2020&years=2024&lang=ko" in notes
    assert "출처" in _texts(slides[-1])
    english = {"Sources", "From:", "Prepared", "Language", "View:"}
    assert not any(word in _texts(s) + s.notes_slide.notes_text_frame.text for s in slides for word in english)


@pytest.mark.usefixtures("fake_area")
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pdf_pages_and_text(lang: str) -> None:
    h = handout(THREE, lang, Datasets(), today=TODAY)
    pages = _pdf_text(pdf.build(h, base_url=BASE))
    assert len(pages) == 1 + 6 + 1
    assert "Morning brief" in pages[0]
    assert FAKE_TITLES[lang] in pages[1]
    link = f"{BASE}/defense_spending?years=2020&years=2024" + ("&lang=ko" if lang == "ko" else "")
    assert link in pages[1].replace("\n", "")
    assert "Stress the 2.8% figure" in pages[1]
    assert ("출처" if lang == "ko" else "Sources") in pages[-1]
    if lang == "ko":
        assert "작성일 2026년 12월 1일" in pages[0] and "국방비" in pages[0]


def test_a_view_without_figures_gets_a_slide_that_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    from atlas import ui

    monkeypatch.setitem(ui.AREA_OF_PAGE, "events", "no_such_area_package")
    h = handout(Briefing(views=(View.of("events", {}, "Timeline"),)), "en", Datasets(), today=TODAY)
    slides = list(Presentation(io.BytesIO(deck.build(h))).slides)
    assert len(slides) == 3 and _pictures(slides[1]) == 0
    assert "cannot be built yet" in _texts(slides[1])


def test_a_table_only_figure_keeps_its_slide_without_a_picture() -> None:
    import pandas as pd

    from atlas.briefing.figures import Handout, Slide
    from atlas.core.figure import Figure

    fig = Figure("x.table", "Deals listed", "", None, pd.DataFrame({"a": [1]}), caption="A table.", lang="en")
    h = Handout("en", "T", TODAY, (), (Slide(0, "View", fig, "", "/events"),), ())
    slides = list(Presentation(io.BytesIO(deck.build(h))).slides)
    assert _pictures(slides[1]) == 0 and "A table." in _texts(slides[1])
    assert "Deals listed" in _pdf_text(pdf.build(h))[1]
