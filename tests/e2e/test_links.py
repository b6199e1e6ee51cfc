"""Cross-page links and event markers in a real Chromium, offline: an event's deal link lands on the
arms page with the deal highlighted, a decision link on the votes page with the decision highlighted,
and the event-marker switch draws on the spending and arms charts."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from atlas import events as ev
from atlas.core import data
from tests.support.browser import SCREENSHOT_DIR, assert_no_exception, wait_for_app

LINK = "[data-testid=stMain] [data-testid=stPageLink] a"


def newest_target(category: str, kind: str) -> ev.LinkTarget:
    """The first link of that kind on the Events page filtered to one category (newest first)."""
    events = data.load_events()
    index = ev.build_link_index(data.load_arms_exports(), data.load_unsc_decisions())
    rows = ev.latest(events[events["category"] == category], len(events))
    for row in rows.itertuples(index=False):
        for target in ev.link_targets(row.deal_id, row.decision_id, index):
            if target.kind == kind:
                return target
    raise AssertionError(f"no {category} event links to a {kind}")


def _click_first_link(page, server, category: str, kind: str) -> ev.LinkTarget:
    target = newest_target(category, kind)
    page.goto(f"{server.url}/events?category={category}")
    wait_for_app(page)
    link = page.locator(LINK).filter(has_text=target.ref).first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(f"**/{target.page_id}?**")
    wait_for_app(page)
    assert_no_exception(page)
    assert parse_qs(urlparse(page.url).query)[kind] == [target.ref]
    expect(page.locator("[data-testid=stAlertContentInfo]")).to_have_count(0)  # nothing in the link was refused
    return target


def test_deal_link_lands_on_the_highlighted_deal(server, offline) -> None:
    context, _blocked = offline  # closed and checked in teardown, also when the test fails
    page = context.new_page()
    target = _click_first_link(page, server, "arms_deal", "deal")
    box = page.locator(".st-key-arms_highlight")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Deal opened from an event")
    expect(box).to_contain_text(target.ref)
    deals = data.load_arms_exports().set_index("deal_id")
    expect(box.locator("h3")).to_have_text(str(deals.at[target.ref, "system"]))
    expect(box.get_by_role("link", name="Open the source")).to_have_attribute(
        "href", str(deals.at[target.ref, "source_url"])
    )
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "links_deal.png"))
    box.get_by_role("button", name="Clear the highlight").click()
    wait_for_app(page)
    expect(box).to_have_count(0)
    assert "deal" not in parse_qs(urlparse(page.url).query)


def test_decision_link_lands_on_the_highlighted_decision(server, offline) -> None:
    context, _blocked = offline  # closed and checked in teardown, also when the test fails
    page = context.new_page()
    target = _click_first_link(page, server, "un_vote", "decision")
    box = page.locator(".st-key-votes_highlight")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Decision opened from an event")
    decisions = data.load_unsc_decisions().set_index("decision_id")
    expect(box.locator("h3")).to_have_text(str(decisions.at[target.ref, "symbol"]))
    row = decisions.loc[target.ref]
    expect(box).to_contain_text(f"{row['yes']}-{row['no']}-{row['abstain']}")
    page.screenshot(path=str(SCREENSHOT_DIR / "links_decision.png"))
    page.get_by_role("radio", name="What-if recount").click()
    wait_for_app(page)
    picked = page.get_by_role("combobox", name="Decision", exact=True)
    expect(picked).to_have_value(re.compile("^" + re.escape(str(row["symbol"])) + " · "))


def test_event_markers_switch_on_the_spending_and_arms_charts(server, offline) -> None:
    context, _blocked = offline  # closed and checked in teardown, also when the test fails
    page = context.new_page()
    page.goto(f"{server.url}/defense_spending")
    wait_for_app(page)
    page.get_by_text("Mark events on the chart").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"events=on"))
    assert_no_exception(page)
    expect(page.get_by_text(re.compile(r"Dashed lines: \d+ (arms-deal )?event"))).to_be_visible()
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    expect(chart.locator("canvas, svg").first).to_be_visible()
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT_DIR / "spending_events.png"))

    page.goto(f"{server.url}/arms_exports?events=on&lang=ko")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text(re.compile(r"점선: 사건 연표의 무기 계약 사건 \d+건"))).to_be_visible()
    page.get_by_text(re.compile(r"점선: 사건 연표")).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT_DIR / "arms_events_ko.png"))
