"""A briefing opened from a link in Chromium, offline: three views, a reload, both downloads checked."""

from __future__ import annotations

import io
import re
from pathlib import Path

from playwright.sync_api import expect
from pptx import Presentation
from pypdf import PdfReader

from atlas.briefing import registry
from atlas.briefing import state as bstate
from atlas.briefing.model import Briefing, View
from atlas.core.figure import Datasets
from tests.support.browser import assert_no_exception, wait_for_app

THREE = Briefing(
    views=(
        View.of("overview", {}, "Where things stand", "Open with the headline numbers"),
        View.of("arms_exports", {"years": ["2020", "2025"]}, "Deals since 2020"),
        View.of("defense_spending", {}, "Spending"),
    ),
    title="Briefing for the committee",
)
DOWNLOAD_TIMEOUT = 180_000  # ms: a deck is drawn on click, on a shared 2-core machine


def _expected_figures() -> tuple[list[int], int]:
    """How many figures each view has, and how many have a chart to draw, built in this process
    from the same frozen data."""
    counts, charts = [], 0
    for view in THREE.views:
        try:
            figs = registry.figures_for(view.page, view.query_dict(), "en", Datasets())
        except registry.AreaUnavailable:
            figs = []
        counts.append(len(figs))
        charts += sum(1 for f in figs if f.chart is not None)
    return counts, charts


def _title(slide) -> str:  # noqa: ANN001
    return next((sh.text_frame.text.split("\n")[0] for sh in slide.shapes if sh.has_text_frame), "")


def _download(page, label: str, folder: Path) -> bytes:  # noqa: ANN001
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
        page.get_by_role("button", name=label).click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target.read_bytes()


def test_briefing_link_reload_and_downloads(server, offline, tmp_path: Path) -> None:  # noqa: ANN001
    counts, charts = _expected_figures()
    assert sum(counts) > 0, "no page of the briefing has figures: the area packages are missing"
    context, _blocked = offline
    page = context.new_page()
    page.goto(f"{server.url}/briefing?b={bstate.encode(THREE)}")
    wait_for_app(page)
    main = page.locator("[data-testid=stMain]")
    for i, view in enumerate(THREE.views, start=1):
        expect(main.get_by_text(f"{i}. {view.title}", exact=True)).to_be_visible()
    assert_no_exception(page)

    page.reload()
    wait_for_app(page)
    expect(main.get_by_text("3. Spending", exact=True)).to_be_visible()
    expect(page.get_by_label("Title of the briefing")).to_have_value(THREE.title)
    assert "b=v1." in page.url

    deck = Presentation(io.BytesIO(_download(page, "PowerPoint (.pptx)", tmp_path)))
    slides = list(deck.slides)
    titles = " | ".join(_title(s) for s in slides)
    # cover, one slide per figure, then the sources (which run over as many slides as they need)
    closing = [i for i, sl in enumerate(slides) if i and "Sources" == _title(sl)]
    assert closing and closing[0] == 1 + sum(max(n, 1) for n in counts), titles
    assert all(_title(sl) == "Sources" for sl in slides[closing[0] :]), titles
    cover = "\n".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert THREE.title in cover and "English" in cover
    pictures = sum(1 for s in slides for shape in s.shapes if shape.shape_type == 13)
    assert pictures == charts
    notes = [s.notes_slide.notes_text_frame.text for s in slides[1 : closing[0]]]
    assert "Open with the headline numbers" in notes[0]
    assert all("View: " in n for n in notes)
    assert any("/arms_exports?" in n and "years=2020" in n for n in notes)

    handout = PdfReader(io.BytesIO(_download(page, "PDF", tmp_path)))
    texts = [re.sub("\x00", "", p.extract_text() or "") for p in handout.pages]
    assert len(texts) >= closing[0] + 1  # cover, a page per figure, then the sources (paged as they fit)
    assert THREE.title in texts[0] and "Sources" in texts[-1]
    assert_no_exception(page)
