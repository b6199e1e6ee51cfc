"""What every page shares: language switch kept in the URL and across pages; safe downloads."""

from __future__ import annotations

import csv
import io
import re

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from atlas.i18n import t
from tests.support.browser import assert_no_exception, wait_for_app


def test_language_switch_follows_url_and_pages(server, browser, offline) -> None:
    context, _blocked = offline  # closed, and checked for requests off the machine, in teardown
    page = context.new_page()
    page.goto(server.url + "/sources")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("Sources and data")
    page.locator("[data-testid=stSidebar]").get_by_text("한국어").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"[?&]lang=ko"))
    expect(page.locator("h1").first).to_have_text("출처와 데이터")
    # the sidebar link carries the language to the next page
    page.locator("[data-testid=stSidebar] [data-testid=stPageLink]").first.click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"[?&]lang=ko"))
    expect(page.locator("h1").first).to_have_text("한국 안보 아틀라스")
    page.keyboard.press("r")  # rerun the page, as any filter change does: still Korean
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text("한국 안보 아틀라스")
    expect(page.locator("[data-testid=stSidebar]").get_by_role("radio", name="한국어")).to_be_checked()
    # a link with ?lang=ko opened in a fresh page (a new tab: its own session) shows Korean from the start
    other = context.new_page()
    other.goto(server.url + "/sources?lang=ko")
    wait_for_app(other)
    expect(other.locator("h1").first).to_have_text("출처와 데이터")
    assert_no_exception(other)


def test_sources_downloads_are_csv_and_formula_safe(server, offline) -> None:
    context, _blocked = offline
    page = context.new_page()
    page.goto(server.url + "/sources")
    wait_for_app(page)
    # the full files sit in a collapsed expander; the figures' own CSV buttons are outside it
    files = page.locator("[data-testid=stExpander]").filter(has_text=t("sources.downloads_title", "en"))
    files.locator("summary").click()
    buttons = files.locator("[data-testid=stDownloadButton] button")
    expect(buttons.first).to_be_visible()
    count = buttons.count()
    assert count >= 2
    for i in range(count):
        for attempt in range(2):  # a click landing while the previous file is still being sent can be lost
            try:
                with page.expect_download(timeout=15_000) as info:
                    buttons.nth(i).click()
                break
            except PlaywrightTimeoutError:
                if attempt:
                    raise
        text = open(info.value.path(), encoding="utf-8-sig").read()
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) > 1, info.value.suggested_filename
        for row in rows:
            for cell in row:
                assert not cell.startswith(("=", "+", "@")), (info.value.suggested_filename, cell)
    assert_no_exception(page)
