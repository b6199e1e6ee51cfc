"""The UN Security Council votes page in a real Chromium, offline: the matrix draws with the focus
member's row outlined, filters and the open section reach the URL, and no request leaves the
machine (the `offline` fixture checks that in teardown, even when a test fails)."""

from __future__ import annotations

import io
import re
from typing import cast

from PIL import Image
from playwright.sync_api import expect

from atlas.core.colours import HIGHLIGHT
from tests.support.browser import SCREENSHOT_DIR, assert_no_exception, wait_for_app

OUTLINE = tuple(int(HIGHLIGHT[i : i + 2], 16) for i in (1, 3, 5))
RGB = tuple[int, int, int]  # a pixel of an image converted to "RGB"


def _matrix(page):
    return page.locator("[data-testid=stMain] [data-testid=stVegaLiteChart]").first


def _drawn(page):
    drawn = _matrix(page).locator("canvas, svg.marks").first
    expect(drawn).to_be_visible()
    return drawn


def _outline_rows(page) -> list[int]:
    """The pixel rows of the matrix picture where a long run is drawn in the focus outline colour."""
    image = Image.open(io.BytesIO(_drawn(page).screenshot())).convert("RGB")
    width, height = image.size
    px = image.load()
    assert px is not None
    rows = []
    for y in range(height):
        hits = sum(1 for x in range(width) if all(abs(a - b) <= 8 for a, b in zip(cast(RGB, px[x, y]), OUTLINE)))
        if hits > width // 3:
            rows.append(y)
    return rows


def test_matrix_draws_and_filters_reach_the_url_offline(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(server.url + "/unsc_votes?topic=ukraine")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_have_text(re.compile("UN Security Council votes"))
    box = _drawn(page).bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "unsc_votes.png"), full_page=True)

    # a real interaction: move the start of the year range one step right with the keyboard
    thumb = page.locator(".st-key-years input[type=range]").first
    thumb.focus()
    thumb.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"years=2018&years=2025"))
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"topic=ukraine"))
    assert_no_exception(page)


def test_the_focus_members_row_is_outlined_and_follows_the_focus(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(server.url + "/unsc_votes?years=2024&years=2025")
    wait_for_app(page)
    korea = _outline_rows(page)
    assert korea, "no row of the matrix is outlined in the highlight colour"
    assert max(korea) - min(korea) < 40, "the outline is one row high (24 px) plus its stroke"
    page.locator(".st-key-focus input").click()
    page.keyboard.type("Japan")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"focus=JPN"))
    wait_for_app(page)
    expect(page.locator("[data-stale=true]")).to_have_count(0)
    japan = _outline_rows(page)
    assert japan and abs(min(japan) - min(korea)) >= 20, (korea[:3], japan[:3])
    page.screenshot(path=str(SCREENSHOT_DIR / "unsc_votes_focus_jpn.png"), full_page=True)
    assert_no_exception(page)


def test_a_link_to_the_agreement_view_reopens_on_it(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(server.url + "/unsc_votes?section=agreement&focus=JPN")
    wait_for_app(page)
    expect(page.get_by_role("radio", name="Agreement between members")).to_be_checked()
    expect(page.get_by_role("heading", name="Japan: agreement with the other members")).to_be_visible()
    expect(page.get_by_text(re.compile(r"· \d+ of \d+")).first).to_be_attached()  # each share with its n
    page.get_by_role("radio", name="Vetoes", exact=True).click()
    expect(page).to_have_url(re.compile(r"section=vetoes"))
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Vetoes", exact=True)).to_be_visible()
    assert_no_exception(page)


def test_korean_page_draws_offline(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(server.url + "/unsc_votes?lang=ko")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_be_visible()
    _drawn(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "unsc_votes_ko.png"), full_page=True)
