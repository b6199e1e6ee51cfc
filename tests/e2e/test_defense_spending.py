"""Defence spending page in a real Chromium (1366x768) with the network cut off: charts draw, the URL
keeps the view, constant dollars, named scenarios, and preset labels that are never cut."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.support.browser import SCREENSHOT_DIR, assert_no_exception, wait_for_app

CHART = "[data-testid=stVegaLiteChart]"
DRAWN = f"{CHART} canvas, {CHART} svg"


def _truncated_buttons(page) -> list[str]:
    """Labels of preset buttons whose text does not fit its button (cut or ellipsised)."""
    return page.locator("[class*=st-key-preset-] button").evaluate_all(
        "els => els.filter(b => { const p = b.querySelector('p') || b;"
        " return p.scrollWidth > p.clientWidth + 1 || b.scrollWidth > b.clientWidth + 1; })"
        ".map(b => b.innerText)"
    )


def test_spending_charts_draw_and_url_keeps_state(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(f"{server.url}/defense_spending?countries=KOR&countries=JPN&countries=POL")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_have_text("Defence spending")
    # over time, ranking, South Korea's own budget, what-if path, extra per year: each drawn by Vega
    expect(page.locator(CHART)).to_have_count(5, timeout=30_000)
    expect(page.locator(DRAWN).first).to_be_visible()
    expect(page.get_by_text("Cumulative extra over the trend, 2025–2035", exact=True)).to_be_visible()
    expect(page.get_by_text("sum of 11 years", exact=True)).to_be_visible()
    assert _truncated_buttons(page) == []
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "defense_spending.png"), full_page=True)

    # switch the measure to US dollars: the URL carries the code, the chart redraws
    page.get_by_role("radiogroup").filter(has_text="US dollars").get_by_text("US dollars").click()
    expect(page).to_have_url(re.compile(r"metric=usd"))
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator(CHART)).to_have_count(5, timeout=30_000)

    # constant dollars: the URL says so and the charts say which base year
    page.get_by_role("radiogroup").filter(has_text="Current US$").get_by_text(
        re.compile(r"Constant \d{4} US\$")
    ).click()
    expect(page).to_have_url(re.compile(r"prices=constant"))
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"US\$ deflated by US CPI-U, base \d{4}")).first).to_be_visible()

    # a preset fills the what-if inputs and puts them in the URL
    page.get_by_role("button", name=re.compile(r"United Kingdom 2\.5% by 2027")).click()
    expect(page).to_have_url(re.compile(r"wi_country=GBR"))
    expect(page).to_have_url(re.compile(r"wi_year=2027"))
    wait_for_app(page)
    assert_no_exception(page)
    assert "countries=KOR" in page.url and "metric=usd" in page.url

    # keep it as a named scenario: it goes into the link and survives a reload
    page.get_by_label("Name for this scenario").fill("UK plan")
    page.get_by_label("Name for this scenario").press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Keep this scenario").click()
    expect(page).to_have_url(re.compile(r"sc=v1(%7C|\|)GBR"))  # tagged with its format's version
    wait_for_app(page)
    # the five above and the kept scenarios
    expect(page.locator(CHART)).to_have_count(6, timeout=30_000)
    page.reload()
    wait_for_app(page)
    expect(page.locator(CHART)).to_have_count(6, timeout=30_000)
    expect(page.get_by_text("1 scenario kept")).to_be_visible()


def test_spending_bad_scenario_and_korean(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(f"{server.url}/defense_spending?lang=ko&wi_year=2020")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_have_text("국방비")
    expect(page.get_by_text("추계 불가")).to_be_visible()
    expect(page.locator(CHART)).to_have_count(
        3, timeout=30_000
    )  # over time, ranking, South Korea's budget: no projection
    assert _truncated_buttons(page) == []
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "defense_spending_ko.png"), full_page=True)
