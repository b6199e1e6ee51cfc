"""Printing in a real Chromium, offline: no sidebar or controls on paper, the deals register printed whole."""

from __future__ import annotations

import io
import re
import unicodedata
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from atlas.arms import figures
from atlas.arms.state import State
from atlas.core.figure import Datasets
from atlas.i18n import t
from atlas.ui import PAGES
from atlas.ui.printing import SCREEN_ONLY
from tests.support.browser import SCREENSHOT_DIR, assert_no_exception, wait_for_app

COPY = ".st-key-atlas-print-arms_deals"
NOTE = ".st-key-atlas-print-note"
CONTROLS = ("stSidebar", "stHeader", "stMultiSelect", "stSlider", "stCheckbox", "stButton", "stDownloadButton")


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)  # the PDF's ligatures (ﬀ) back to letters


def _pdf_links(pdf: bytes) -> set[str]:
    from pypdf import PdfReader

    links = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and action.get("/URI"):
                links.add(unquote(str(action["/URI"])))
    return links


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_arms_page_prints_every_deal_and_source_without_sidebar_or_controls(server, offline, lang: str) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(f"{server.url}/arms_exports" + ("?lang=ko" if lang == "ko" else ""))
    wait_for_app(page)
    assert_no_exception(page)
    rows = figures.compute(State(), Datasets(), lang).rows
    # On screen: the print copy is drawn (every row, not a placeholder) but out of sight.
    expect(page.locator(f"{COPY} table tbody tr")).to_have_count(len(rows), timeout=30_000)
    expect(page.locator(COPY)).to_be_hidden()
    expect(page.locator(NOTE)).to_be_hidden()
    expect(page.locator("[data-testid=stSidebar]")).to_be_visible()

    page.emulate_media(media="print")
    for testid in CONTROLS:
        for element in page.locator(f"[data-testid={testid}]").all():
            expect(element).to_be_hidden()
    expect(page.locator("[data-testid=stDataFrame]").first).to_be_hidden()  # canvas grids: the copy prints instead
    expect(page.locator(f".st-key-{SCREEN_ONLY}arms-filters")).to_be_hidden()  # its widgets gone, an empty box
    expect(page.locator(f".st-key-{SCREEN_ONLY}arms-map-drawing")).to_be_hidden()
    for zoom in page.locator(".mapboxgl-ctrl").all():  # the map's + and - buttons
        expect(zoom).to_be_hidden()
    expect(page.locator(COPY)).to_be_visible()
    expect(page.locator(NOTE)).to_contain_text(t("nav.briefing", lang))
    expect(page.locator(NOTE)).to_contain_text("/arms_exports")

    pdf = page.pdf(format="A4")
    text = re.sub(r"\s+", "", _pdf_text(pdf))  # wrapped cells rejoin without whitespace
    assert re.sub(r"\s+", "", t("arms.col_source", lang)) in text
    missing_ids = [d for d in rows["deal_id"] if d not in text]
    assert missing_ids == [], f"deal ids not on paper: {missing_ids[:5]}"
    urls = {unquote(u) for u in rows["source_url"].dropna()}
    # A cell's address wraps over lines, which text extraction interleaves with the next cells' lines
    # (so whether "www.example.com" survives in the text depends on where a line breaks): the address
    # is read as the print copy lays it out, and the PDF's links carry each address whole (Chromium
    # writes a link only for an anchor drawn on paper, and it keeps the address clickable).
    shown = page.locator(f"{COPY} td a").evaluate_all(
        "els => els.filter(e => e.getClientRects().length > 0).map(e => e.textContent.trim())"
    )
    assert [u for u in urls if u not in {unquote(x) for x in shown}] == [], "a source's address is not printed"
    assert urls <= _pdf_links(pdf), f"sources not on paper: {sorted(urls - _pdf_links(pdf))[:3]}"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"print_arms_exports_{lang}.png"), full_page=True)


def test_every_page_opens_in_print_media_without_errors_or_sidebar(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    for spec in PAGES:
        page.emulate_media(media="screen")
        page.goto(f"{server.url}/{'' if spec.id == 'overview' else spec.id}")
        wait_for_app(page)
        expect(page.locator(NOTE)).to_be_attached(timeout=15_000)  # drawn right after the stylesheet
        page.emulate_media(media="print")
        assert_no_exception(page)
        # a page that reruns itself once (URL sync) redraws the stylesheet: allow the redraw to land
        expect(page.locator("[data-testid=stSidebar]"), spec.id).to_be_hidden(timeout=15_000)
        expect(page.locator(NOTE)).to_be_visible()
        for testid in ("stButton", "stDownloadButton", "stRadio", "stMultiSelect"):
            for element in page.locator(f"[data-testid=stMain] [data-testid={testid}]").all():
                expect(element).to_be_hidden()


def test_print_note_links_to_the_view_just_chosen_not_the_one_before(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(f"{server.url}/arms_exports")
    wait_for_app(page)
    page.get_by_text("Include framework agreements").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"stage=framework"))
    page.emulate_media(media="print")
    expect(page.locator(NOTE)).to_contain_text("stage=framework")
