"""What-ifs belong to one session: two browsers at once never see each other's scenario."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.support.browser import assert_no_exception, offline_context, wait_for_app

UPLOAD = Path(__file__).resolve().parents[1] / "unit" / "fixtures" / "uploads" / "ok.csv"


def test_hypothetical_deals_stay_in_their_session(server, browser) -> None:
    a_ctx, a_blocked = offline_context(browser)
    b_ctx, b_blocked = offline_context(browser)
    a, b = a_ctx.new_page(), b_ctx.new_page()
    a.goto(server.url + "/arms_exports")
    b.goto(server.url + "/arms_exports")
    wait_for_app(a)
    wait_for_app(b)
    a.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(UPLOAD))
    # the upload reruns the script: wait for its result, not for a state it may not have left yet
    expect(a.get_by_text("Incl. hypothetical").first).to_be_visible(timeout=30_000)
    # B reloaded after A's upload: a new run of B's page, read once its headline figures are drawn
    # (an absence checked before that would pass on an empty page)
    b.reload()
    wait_for_app(b)
    expect(b.locator("[data-testid=stMain] [data-testid=stMetricValue]").first).to_be_visible(timeout=30_000)
    expect(b.get_by_text("Incl. hypothetical")).to_have_count(0)
    # and A keeps its own scenario after B's activity
    expect(a.get_by_text("Incl. hypothetical").first).to_be_visible()
    for page in (a, b):
        assert_no_exception(page)
    a_ctx.close()
    b_ctx.close()
    assert a_blocked.urls == [] and b_blocked.urls == []


def test_what_if_votes_stay_in_their_session(server, browser) -> None:
    a_ctx, a_blocked = offline_context(browser)
    b_ctx, b_blocked = offline_context(browser)
    a, b = a_ctx.new_page(), b_ctx.new_page()
    for page in (a, b):
        page.goto(server.url + "/unsc_votes")
        wait_for_app(page)
        page.get_by_role("radio", name="What-if recount").click()
        expect(page.get_by_text("No vote changed: this is the record.")).to_be_visible(timeout=30_000)
    member = a.locator("[class*='st-key-whatif_'] [data-testid=stSelectbox]").first
    member.click()
    # the select's list does not always open on a click once a second session is drawing; a key opens it
    if not a.get_by_role("option").first.is_visible():
        a.keyboard.press("ArrowDown")
    # the record has no "did not vote" (data/notes/unsc.md), so this is always a change
    a.get_by_role("option", name="Did not vote", exact=True).click()
    expect(a.get_by_text(re.compile(r"1 vote changed from the record"))).to_be_visible(timeout=30_000)
    b.reload()
    wait_for_app(b)
    b.get_by_role("radio", name="What-if recount").click()
    expect(b.get_by_text("No vote changed: this is the record.")).to_be_visible(timeout=30_000)
    for page in (a, b):
        assert_no_exception(page)
    a_ctx.close()
    b_ctx.close()
    assert a_blocked.urls == [] and b_blocked.urls == []
