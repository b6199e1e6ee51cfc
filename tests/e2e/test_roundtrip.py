"""URL state round trip on every filtered page: change filters in one browser, open the
resulting URL in a fresh one, and see the same view (same figures, captions, selections)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import assert_no_exception, offline_context, wait_for_app


def _pick(page, key: str, text: str) -> None:
    """Choose an option of a select box or multiselect by typing its (displayed) label."""
    page.locator(f".st-key-{key} input").first.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def _slide_start(page, key: str) -> None:
    thumb = page.locator(f".st-key-{key} input[type=range]").first
    thumb.focus()
    thumb.press("ArrowRight")


def _settled(page) -> None:
    """The rerun has finished, no element is stale, and lazily loaded element code has arrived.

    Streamlit fetches the code of some elements (st.metric among them) on first use, so
    they appear a moment after the script reports it has finished.
    """
    wait_for_app(page)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid=stApp]');
            return app.getAttribute('data-test-script-state') === 'notRunning'
                && document.querySelectorAll('[data-stale=true]').length === 0;
        }""",
        polling=200,
    )


# what each page reads first: its headline figures (st.metric), drawn a moment after the script ends
HEADLINE = "[data-testid=stMain] [data-testid=stMetricValue]"
WITH_HEADLINE = {"arms_exports", "defense_spending"}  # the pages whose round trip read too early


def _view(page) -> list[str]:
    """What a reader would compare: headline figures, captions, selected chips, checked radios."""
    sel = (
        "[data-testid=stMetricValue], [data-testid=stCaptionContainer], "
        "[data-baseweb=tag], [data-testid=stRadio] input:checked + div"
    )
    return [t.strip() for t in page.locator(f"[data-testid=stMain] :is({sel})").all_inner_texts()]


def _arms_filters(p) -> None:
    _pick(p, "recipients", "Estonia")
    _slide_start(p, "years")


def _votes_filters(p) -> None:
    _pick(p, "topic", "North Korea")
    _pick(p, "focus", "Japan")


def _spending_filters(p) -> None:
    p.locator(".st-key-metric").get_by_text("US dollars").click()
    _pick(p, "countries", "Finland")


def _events_filters(p) -> None:
    _pick(p, "category", "Arms deal")
    _slide_start(p, "years")


CASES = {
    "arms_exports": (_arms_filters, r"recipients=EST"),
    "unsc_votes": (_votes_filters, r"focus=JPN"),
    "defense_spending": (_spending_filters, r"countries=FIN"),
    "events": (_events_filters, r"category=arms_deal.*years="),
}


@pytest.mark.parametrize("page_id", sorted(CASES))
def test_url_round_trip(server, browser, offline, page_id: str) -> None:
    interact, expected_in_url = CASES[page_id]
    first_ctx, _first_blocked = offline  # closed and checked in teardown
    first = first_ctx.new_page()
    first.goto(f"{server.url}/{page_id}")
    wait_for_app(first)
    interact(first)
    expect(first).to_have_url(re.compile(expected_in_url), timeout=30_000)
    _settled(first)
    if page_id in WITH_HEADLINE:
        expect(first.locator(HEADLINE).first).to_be_visible(timeout=30_000)
    assert_no_exception(first)
    url, view = first.url, _view(first)
    assert view, "the page shows figures or captions to compare"

    second_ctx, second_blocked = offline_context(browser)  # a fresh browser: no shared session
    try:
        second = second_ctx.new_page()
        second.goto(url)
        _settled(second)
        if page_id in WITH_HEADLINE:  # the second browser's figures have arrived before it is read
            expect(second.locator(HEADLINE)).to_have_count(first.locator(HEADLINE).count(), timeout=30_000)
        assert_no_exception(second)
        expect(second).to_have_url(re.compile(expected_in_url))
        # The page streams its elements: under load the last captions can arrive after the run is reported
        # finished. Read again for a while before calling the views different.
        second_view = _view(second)
        for _ in range(20):
            if second_view == view:
                break
            second.wait_for_timeout(500)
            second_view = _view(second)
        assert second_view == view, "\n".join(["URL " + url, "FIRST:", *view, "SECOND:", *second_view])
    finally:  # closed and checked even when the comparison fails
        second_ctx.close()
    assert second_blocked.urls == [], f"requests left the machine: {second_blocked.urls}"
