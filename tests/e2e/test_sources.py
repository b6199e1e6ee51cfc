"""In a real browser: a SIPRI workbook uploaded on the Sources page changes the spending page in that
browser's session only; a second browser, open at the same time, keeps the shipped figures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from atlas.i18n import t
from tests.support.browser import Blocked, assert_no_exception, offline_context, wait_for_app
from tests.unit.fixtures.sipri import milex as fx

WORKBOOK = "SIPRI-Milex-data-1949-2025.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The frozen test data ends in 2024 with South Korea at 2.56% of GDP; the fixture workbook adds
# 2025 at 2.71% (tests/unit/fixtures/sipri/milex.py).
NEW, SHIPPED = "2.71%", "2.56%"


@pytest.fixture
def second_offline(browser) -> Iterator[tuple[object, Blocked]]:
    """Another blocked-network context (another user), checked in teardown like `offline`."""
    context, blocked = offline_context(browser)
    yield context, blocked
    context.close()
    assert blocked.urls == [], f"requests tried to leave the machine: {blocked.urls[:5]}"


def test_an_uploaded_workbook_changes_the_spending_page_in_its_session_only(server, offline, second_offline) -> None:
    a = offline[0].new_page()
    b = second_offline[0].new_page()
    a.goto(server.url + "/sources")
    b.goto(server.url + "/defense_spending")
    wait_for_app(a)
    wait_for_app(b)
    expect(b.get_by_text(SHIPPED).first).to_be_visible(timeout=30_000)

    a.locator("[class*=st-key-sipri-upload-] input[type=file]").set_input_files(
        {"name": WORKBOOK, "mimeType": XLSX, "buffer": fx.workbook()}
    )
    expect(a.get_by_text(t("sources.newer.added", "en")).first).to_be_visible(timeout=30_000)
    a.get_by_role("button", name=t("sources.newer.use", "en")).click()
    expect(a.get_by_text(f"Session data: {WORKBOOK}").first).to_be_visible(timeout=30_000)
    # within the app (a reload would be a new session): the sidebar link to the spending page
    a.locator("[data-testid=stSidebar]").get_by_role("link", name=t("nav.defense_spending", "en")).click()
    expect(a.get_by_text(NEW).first).to_be_visible(timeout=30_000)
    assert_no_exception(a)

    # B, open all along and then reloaded, still shows the shipped figures and no session marker
    b.reload()
    wait_for_app(b)
    expect(b.get_by_text(SHIPPED).first).to_be_visible(timeout=30_000)
    expect(b.get_by_text(NEW)).to_have_count(0)
    expect(b.get_by_text(f"Session data: {WORKBOOK}")).to_have_count(0)
    assert_no_exception(b)
