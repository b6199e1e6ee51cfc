"""Date axes as the browser's Vega draws them (not vl-convert): in Korean a day reads "7월 7일" and a month of a
year "2025년 1월", never "7월 7"; English reads as Vega always has. The fixture's key votes of 2020 fall in
July and August, so Vega ticks that axis by day."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_no_exception, wait_for_app


def _axis_texts(page, path: str) -> list[str]:  # noqa: ANN001
    page.goto(path)
    wait_for_app(page, timeout=60_000)
    # Charts draw one after another: wait for every chart's marks, not the first one's.
    expect(page.locator("[data-testid=stVegaLiteChart]").first).to_be_visible(timeout=30_000)
    page.wait_for_timeout(500)  # the page's later charts are placed
    for chart in page.locator("[data-testid=stVegaLiteChart]").all():
        expect(chart.locator("svg.marks text").first).to_be_attached(timeout=30_000)
    assert_no_exception(page)
    return page.evaluate("() => [...document.querySelectorAll('svg.marks text')].map(t => t.textContent)")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_date_ticks_on_screen_read_in_the_reader_s_language(server, offline, lang: str) -> None:  # noqa: ANN001
    context, _blocked = offline
    page = context.new_page()
    suffix = "&lang=ko" if lang == "ko" else ""
    days = _axis_texts(page, f"{server.url}/unsc_votes?years=2020&years=2020&section=key{suffix}")
    months = _axis_texts(page, f"{server.url}/events?years=2025&years=2025{suffix}")
    if lang == "ko":
        assert [s for s in days if re.fullmatch(r"7월 \d{1,2}일", s)], days
        assert not [s for s in days if re.fullmatch(r"\d{1,2}월 \d{1,2}", s)], days
        assert "2025년 1월" in months and "2025-01" not in months, months
    else:
        assert [s for s in days if re.fullmatch(r"(Jul \d\d|(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d)", s)], days
        assert not [s for s in days + months if "일" in s or "월" in s], days
        assert "2025-01" in months, months
