"""Defence spending page in a real Chromium with the network cut off: charts draw, URL keeps state."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import SCREENSHOT_DIR, assert_no_exception, offline_context, wait_for_app

CHART = "[data-testid=stVegaLiteChart]"


def test_spending_charts_draw_and_url_keeps_state(server, browser) -> None:
    context, blocked = offline_context(browser)
    page = context.new_page()
    page.goto(f"{server.url}/defense_spending?countries=KOR&countries=JPN&countries=POL")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_have_text("Defence spending")
    # over time, ranking, what-if path, extra per year: each drawn by Vega into a canvas or SVG
    expect(page.locator(CHART)).to_have_count(4)
    expect(page.locator(f"{CHART} canvas, {CHART} svg").first).to_be_visible()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "defense_spending.png"), full_page=True)

    # switch the measure to US dollars: the URL carries the code, the chart redraws
    page.get_by_role("radiogroup").filter(has_text="US dollars").get_by_text("US dollars").click()
    expect(page).to_have_url(re.compile(r"metric=usd"))
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator(CHART)).to_have_count(4)

    # a preset fills the what-if inputs and puts them in the URL
    page.get_by_role("button", name=re.compile(r"United Kingdom 2\.5% by 2027")).click()
    expect(page).to_have_url(re.compile(r"wi_country=GBR"))
    expect(page).to_have_url(re.compile(r"wi_year=2027"))
    wait_for_app(page)
    assert_no_exception(page)
    assert "countries=KOR" in page.url and "metric=usd" in page.url

    context.close()
    assert blocked.urls == [], f"requests left the machine: {blocked.urls}"


def test_spending_bad_scenario_and_korean(server, browser) -> None:
    context, blocked = offline_context(browser)
    page = context.new_page()
    page.goto(f"{server.url}/defense_spending?lang=ko&wi_year=2020")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_have_text("국방비")
    expect(page.get_by_text("추계 불가")).to_be_visible()
    expect(page.locator(CHART)).to_have_count(2)  # no projection drawn
    page.screenshot(path=str(SCREENSHOT_DIR / "defense_spending_ko.png"), full_page=True)
    context.close()
    assert blocked.urls == [], f"requests left the machine: {blocked.urls}"
