"""Events page (and the Overview's layout) in a real Chromium, offline: the timeline draws, the search is
in the URL, an event's link lands on the related page already filtered to the deal or vote, the list turns
pages, and the Overview's page links are not clipped at 1366x768."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from atlas import events as ev
from atlas.core import data
from atlas.i18n import country_name, t
from tests.support.browser import SCREENSHOT_DIR, assert_no_exception, wait_for_app

CHART = "[data-testid=stVegaLiteChart] canvas, [data-testid=stVegaLiteChart] svg"


def first_linked_target() -> ev.LinkTarget:
    """The link of the newest event that has one (the first link on the page, which lists newest
    first, a page of ev.PAGE_SIZE events at a time)."""
    events = data.load_events()
    index = ev.build_link_index(data.load_arms_exports(), data.load_unsc_decisions())
    for row in ev.latest(events, ev.PAGE_SIZE).itertuples(index=False):
        targets = ev.link_targets(row.deal_id, row.decision_id, index)
        if targets:
            return targets[0]
    raise AssertionError("no event on the list's first page links to a deal or a decision: nothing to click")


def test_timeline_draws_and_search_is_in_the_url(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(server.url + "/events")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_have_text("Events timeline")
    expect(page.locator(CHART).first).to_be_visible()
    total = len(data.load_events())
    expect(page.get_by_text(f"{total} of {total} events", exact=True)).to_be_visible()

    box = page.get_by_role("textbox", name="Search titles and summaries")
    box.fill("K9")
    box.press("Enter")
    expected = len(ev.filter_events(data.load_events(), query="K9"))
    expect(page.get_by_text(f"{expected} of {total} events", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=K9(&|$)"))
    wait_for_app(page)
    assert parse_qs(urlparse(page.url).query)["q"] == ["K9"]
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "events_search.png"), full_page=False)


def test_a_one_event_view_draws(server, offline) -> None:
    """The one-event timeline draws in the browser (its ticks are checked in the unit tests, rendered by vl-convert)."""
    context, _ = offline
    page = context.new_page()
    page.goto(server.url + "/events?category=missile_nuclear&years=2023&years=2023")
    wait_for_app(page)
    assert_no_exception(page)
    total = len(data.load_events())
    expect(page.get_by_text(f"1 of {total} events", exact=True)).to_be_visible()
    expect(page.locator(CHART).first).to_be_visible()
    page.screenshot(path=str(SCREENSHOT_DIR / "events_one.png"), full_page=False)


def test_clicking_an_event_link_lands_on_the_filtered_page(server, offline) -> None:
    target = first_linked_target()
    context, _ = offline
    page = context.new_page()
    page.goto(server.url + "/events")
    wait_for_app(page)
    # The events page itself, listed: under load the app's first page (the Overview, with page links of
    # its own) can still be on screen when the app first reports ready.
    expect(page.locator("h1").first).to_have_text("Events timeline")
    total = len(data.load_events())
    expect(page.get_by_text(f"{total} of {total} events", exact=True)).to_be_visible()
    link = page.locator("[data-testid=stMain] [data-testid=stPageLink] a").first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(f"**/{target.page_id}?**")
    wait_for_app(page)
    assert_no_exception(page)
    query = parse_qs(urlparse(page.url).query)
    for key, value in target.query_params.items():
        assert query.get(key) == (value if isinstance(value, list) else [value]), (key, query)
    # the target page's own filters took the link's values (no "not recognised" notice)
    expect(page.locator("[data-testid=stAlertContentInfo]")).to_have_count(0)
    if target.kind == "deal":
        name = country_name(str(target.query_params["recipients"]), "en")
        expect(page.locator("[data-testid=stMultiSelect]").get_by_text(name, exact=True).first).to_be_visible()
    page.screenshot(path=str(SCREENSHOT_DIR / "events_link_target.png"), full_page=False)


def test_events_page_in_korean(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(server.url + "/events?lang=ko&category=arms_deal")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator("h1").first).to_have_text("사건 연표")
    expect(page.locator(CHART).first).to_be_visible()
    link = page.locator("[data-testid=stMain] [data-testid=stPageLink] a").first
    expect(link).to_have_attribute("href", re.compile(r"lang=ko"))
    page.screenshot(path=str(SCREENSHOT_DIR / "events_ko.png"), full_page=False)


def test_the_list_turns_to_the_next_page_and_the_url_keeps_it(server, offline) -> None:
    events = data.load_events()
    newest = ev.latest(events, 2 * ev.PAGE_SIZE)
    first_of_page_2 = str(newest.iloc[ev.PAGE_SIZE]["title"])
    context, _ = offline
    page = context.new_page()
    page.goto(server.url + "/events")
    wait_for_app(page)
    main = page.locator("[data-testid=stMain]")
    expect(main.get_by_text(str(newest.iloc[0]["title"]), exact=True)).to_be_visible()
    expect(main.get_by_text(first_of_page_2, exact=True)).to_have_count(0)
    box = page.get_by_role("combobox", name="Page")
    box.click()
    box.press("ArrowDown")  # opens the list of pages
    page.get_by_role("option", name=re.compile(rf"^Page 2 of {ev.page_count(len(events))}")).click()
    expect(main.get_by_text(first_of_page_2, exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    wait_for_app(page)
    assert_no_exception(page)
    page.reload()
    wait_for_app(page)
    expect(main.get_by_text(first_of_page_2, exact=True)).to_be_visible()


def test_overview_cards_and_page_links_are_whole_at_1366x768(server, offline) -> None:
    """The Pages card's labels are not clipped, and the page says what is below the cards."""
    context, _ = offline
    page = context.new_page()
    page.goto(server.url + "/")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.get_by_text(t("overview.below", "en"), exact=True)).to_be_visible()
    labels = page.locator("[data-testid=stMain] [data-testid=stPageLink] p")
    expect(labels.first).to_be_visible()
    clipped = labels.evaluate_all("els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)")
    assert clipped == [], f"clipped page-link labels: {clipped}"
    expect(page.get_by_text("on which South Korea voted (the default basis", exact=False).first).to_be_visible()
    page.screenshot(path=str(SCREENSHOT_DIR / "overview_1366.png"), full_page=False)
