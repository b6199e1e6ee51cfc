"""The UN Security Council votes page in a real Chromium, offline: the matrix draws, filters
change the view and the URL, and no request leaves the machine."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import SCREENSHOT_DIR, assert_no_exception, offline_context, wait_for_app


def _matrix(page):
    return page.locator(".st-key-view [data-testid=stVegaLiteChart]").first


def test_matrix_draws_and_filters_reach_the_url_offline(server, browser) -> None:
    context, blocked = offline_context(browser)
    page = context.new_page()
    page.goto(server.url + "/unsc_votes?topic=ukraine")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_have_text(re.compile("UN Security Council votes"))
    chart = _matrix(page)
    expect(chart).to_be_visible()
    # Vega draws into a canvas (or an svg when the renderer is svg) inside the chart element
    drawn = chart.locator("canvas, svg.marks").first
    expect(drawn).to_be_visible()
    box = drawn.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 150
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "unsc_votes.png"), full_page=True)

    # a real interaction: move the start of the year range one step right with the keyboard
    thumb = page.locator(".st-key-years input[type=range]").first
    thumb.focus()
    thumb.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"years=2018&years=2025|years=2018.*years=\d{4}"))
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"topic=ukraine"))
    assert_no_exception(page)

    # a second: pick another focus member by typing into the select box
    page.locator(".st-key-focus input").click()
    page.keyboard.type("Japan")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"focus=JPN"))
    wait_for_app(page)
    expect(_matrix(page).locator("canvas, svg.marks").first).to_be_visible()
    assert_no_exception(page)
    context.close()
    assert blocked.urls == [], f"requests left the machine: {blocked.urls}"


def test_korean_page_draws_offline(server, browser) -> None:
    context, blocked = offline_context(browser)
    page = context.new_page()
    page.goto(server.url + "/unsc_votes?lang=ko")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_be_visible()
    expect(_matrix(page).locator("canvas, svg.marks").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOT_DIR / "unsc_votes_ko.png"), full_page=True)
    context.close()
    assert blocked.urls == [], f"requests left the machine: {blocked.urls}"
