"""The Arms exports page in a real Chromium with the network cut off: map draws, URL state."""

from __future__ import annotations

import io
import re
from typing import cast

from playwright.sync_api import expect

from tests.support.browser import SCREENSHOT_DIR, assert_no_exception, wait_for_app

MAP = "[data-testid=stDeckGlJsonChart]"
BACKGROUND = (0xDF, 0xE9, 0xF3)  # static/map_style.json


def _map_colours(page) -> set[tuple[int, int, int]]:
    """The distinct colours the map canvas shows (coarsened), from a screenshot of it."""
    from PIL import Image

    canvas = page.locator(f"{MAP} canvas").first
    expect(canvas).to_be_visible(timeout=30_000)
    image = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB").resize((160, 90))
    pixels = cast("tuple[tuple[int, int, int], ...]", image.get_flattened_data())  # RGB: (r, g, b)
    return {(r // 8 * 8, g // 8 * 8, b // 8 * 8) for r, g, b in pixels}


def _wait_for_map(page) -> set[tuple[int, int, int]]:
    """Wait until the canvas shows the background and at least a few land/recipient colours."""
    colours: set[tuple[int, int, int]] = set()
    for _ in range(60):  # deck.gl draws asynchronously; poll the pixels (bounded), fail on timeout
        colours = _map_colours(page)
        if len(colours) > 6 and any(abs(c[0] - BACKGROUND[0]) <= 8 and abs(c[2] - BACKGROUND[2]) <= 8 for c in colours):
            return colours
        page.wait_for_timeout(250)
    raise AssertionError(f"the map canvas did not draw within ~15 s: {sorted(colours)[:10]}")


def test_map_draws_offline_and_frameworks_toggle_updates_the_url(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(f"{server.url}/arms_exports")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_have_text("South Korea's arms exports")
    colours = _wait_for_map(page)
    legend = page.get_by_text("$10 bn and more").filter(visible=True).first  # not the print-only table copy
    expect(legend).to_be_visible(timeout=30_000)  # the legend's US$ classes
    # a shaded recipient: some clearly blue pixel (blue channel well above red)
    assert any(b - r > 80 for r, _, b in colours), colours
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.locator("h1").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT_DIR / "arms_exports.png"))

    # one real interaction: include framework agreements -> the URL carries the stage codes
    page.get_by_text("Include framework agreements").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"stage=framework"))
    assert_no_exception(page)


def test_url_with_recipients_pol_opens_with_poland_selected(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(f"{server.url}/arms_exports?recipients=POL")
    wait_for_app(page)
    assert_no_exception(page)
    chips = page.locator("[data-testid=stMultiSelect]").first.locator("[data-tag]")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("Poland")
    expect(page.locator("[data-testid=stMetricValue]").nth(2)).to_have_text("1", timeout=30_000)  # one recipient
    expect(page).to_have_url(re.compile(r"recipients=POL"))
    _wait_for_map(page)

    # the same link in Korean: Poland by its Korean name, the URL still in codes
    page.goto(f"{server.url}/arms_exports?recipients=POL&lang=ko")
    wait_for_app(page)
    assert_no_exception(page)
    chips = page.locator("[data-testid=stMultiSelect]").first.locator("[data-tag]")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("폴란드")
    expect(page).to_have_url(re.compile(r"recipients=POL"))
    _wait_for_map(page)
    page.locator("h1").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT_DIR / "arms_exports_ko.png"))
