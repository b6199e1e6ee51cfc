"""Every registered page opened by its URL in a real Chromium, with the network cut off."""

from __future__ import annotations

from playwright.sync_api import expect

from atlas.ui import PAGES
from tests.support.browser import SCREENSHOT_DIR, assert_no_exception, wait_for_app


def _url_of(page_id: str, index: int) -> str:
    return "/" if index == 0 else f"/{page_id}"


def test_deep_link_first_then_every_page_offline(fresh_server, offline) -> None:
    """Open a non-root page first on a fresh server (the legacy-navigation trap), then all."""
    context, _blocked = offline  # closed and checked in teardown, also when the test fails
    page = context.new_page()
    order = list(enumerate(PAGES))
    order = order[1:] + order[:1]  # start with a deep link, end with "/"
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    for index, spec in order:
        page.goto(fresh_server.url + _url_of(spec.id, index))
        wait_for_app(page)
        assert_no_exception(page)
        expect(page.locator("h1").first).to_be_visible()
        # the sidebar navigation is ours, drawn the same in both navigation modes
        expect(page.locator("[data-testid=stSidebar] [data-testid=stPageLink]")).to_have_count(len(PAGES))
        page.screenshot(path=str(SCREENSHOT_DIR / f"{spec.id}.png"), full_page=True)
