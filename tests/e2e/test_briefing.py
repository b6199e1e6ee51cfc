"""A briefing in Chromium, offline: built on the pages and never lost (reload, page change, back button),
opened from a link, made into files and downloaded, and presented one slide per screen."""

from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import expect
from pptx import Presentation

from atlas.briefing import state as bstate
from atlas.briefing.model import Briefing, View
from tests.support.browser import assert_no_exception, wait_for_app
from tests.support.impress import open_in_impress, pdf_text

THREE = Briefing(
    views=(
        View.of("overview", {}, "Where things stand", "Open with the headline numbers", figure="overview.arms"),
        View.of("arms_exports", {"years": ["2020", "2025"]}, "Deals since 2020", figure="arms.by_recipient"),
        View.of("defense_spending", {}, "Spending"),
    ),
    title="Briefing for the committee",
)
MAKE_TIMEOUT = 240_000  # ms: a deck is drawn on request, on a shared 2-core machine


def _b(page) -> str:  # noqa: ANN001
    from urllib.parse import parse_qs, urlsplit

    return (parse_qs(urlsplit(page.url).query).get("b") or [""])[0]


def test_a_briefing_being_built_survives_reloads_page_changes_and_the_back_button(server, offline) -> None:  # noqa: ANN001
    context, _blocked = offline
    page = context.new_page()
    page.goto(f"{server.url}/events")
    wait_for_app(page)
    page.get_by_role("button", name="Add to briefing").click()
    page.locator(".st-key-briefing-choose-events").get_by_text("Events by category").click()  # the second figure
    page.get_by_role("button", name="Add this figure").click()
    page.wait_for_function("() => location.search.includes('b=v2.')", timeout=30_000)
    added = bstate.decode(_b(page))
    assert [(v.page, v.figure) for v in added.views] == [("events", "events.by_category")]

    page.reload()  # F5
    wait_for_app(page)
    assert bstate.decode(_b(page)) == added
    page.locator("[data-testid=stSidebar]").get_by_role("link", name="Arms exports").click()
    wait_for_app(page)
    page.wait_for_function("() => location.pathname.endsWith('/arms_exports') && location.search.includes('b=')")
    assert bstate.decode(_b(page)) == added
    page.reload()
    wait_for_app(page)
    pasted = page.url
    other = context.new_page()  # the link pasted into another tab: a new session, restored from b=
    other.goto(pasted)
    wait_for_app(other)
    assert bstate.decode(_b(other)) == added
    page.locator("[data-testid=stSidebar]").get_by_role("link", name="Briefing").click()
    wait_for_app(page)
    expect(page.locator("[data-testid=stMain]").get_by_text("1. Events timeline", exact=True)).to_be_visible()
    page.go_back()  # back to the arms page: the session still holds the briefing
    wait_for_app(page)
    page.wait_for_function("() => location.search.includes('b=v2.')", timeout=30_000)
    assert bstate.decode(_b(page)) == added
    assert_no_exception(page)
    assert_no_exception(other)


def test_briefing_link_files_and_presentation(server, offline, tmp_path: Path) -> None:  # noqa: ANN001
    context, _blocked = offline
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{server.url}/briefing?b={bstate.encode(THREE)}")
    wait_for_app(page)
    main = page.locator("[data-testid=stMain]")
    for i, view in enumerate(THREE.views, start=1):
        expect(main.get_by_text(f"{i}. {view.title}", exact=True)).to_be_visible()
    assert_no_exception(page)

    page.get_by_role("button", name="Make PowerPoint and PDF").click()
    expect(page.get_by_role("button", name="PowerPoint (.pptx)")).to_be_visible(timeout=MAKE_TIMEOUT)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="PowerPoint (.pptx)").click()
    name = info.value.suggested_filename
    assert name.startswith("briefing-for-the-committee_en_") and name.endswith(".pptx"), name
    info.value.save_as(tmp_path / name)
    data = (tmp_path / name).read_bytes()
    slides = list(Presentation(io.BytesIO(data)).slides)
    assert [s.shapes[0].text_frame.text.split("\n")[0] for s in slides[1:4]] == [v.title for v in THREE.views]
    notes = slides[1].notes_slide.notes_text_frame.text
    assert "Open with the headline numbers" in notes and server.url in notes  # the page's own address
    open_in_impress(data, len(slides))
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="PDF", exact=True).click()
    info.value.save_as(tmp_path / "handout.pdf")
    texts = pdf_text((tmp_path / "handout.pdf").read_bytes())
    assert THREE.title in texts[0] and "Deals since 2020" in "".join(texts)

    page.get_by_role("button", name="Present").click()
    wait_for_app(page)
    for width, height in ((1366, 768), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        for n in range(1, 4):
            expect(page.locator("[data-testid=stMain] h1").first).to_have_text(THREE.views[n - 1].title)
            expect(page.locator(".st-key-briefing-slide img")).to_be_visible(timeout=60_000)
            page.wait_for_function("() => [...document.images].every(i => i.complete)")
            fits = page.evaluate(
                """() => { const m = document.querySelector('[data-testid=stMain]');
                           const d = document.documentElement;
                           return [m.scrollHeight, m.clientHeight, d.scrollHeight, innerHeight]; }"""
            )
            assert fits[0] <= fits[1] + 2 and fits[2] <= fits[3] + 2, (width, height, n, fits)
            if n < 3:
                page.keyboard.press("ArrowRight")
                page.wait_for_function(f"() => location.search.includes('slide={n + 1}')")
                wait_for_app(page)
        # back to the first slide, one step at a time: a click during the last one's rerun can be lost
        page.get_by_role("button", name="Previous").click()
        page.wait_for_function("() => location.search.includes('slide=2')")
        wait_for_app(page)
        page.get_by_role("button", name="Previous").click()
        page.wait_for_function("() => !location.search.includes('slide=')")
        wait_for_app(page)
    assert_no_exception(page)


def test_the_presenter_tab_moves_the_audience_tab(server, offline) -> None:  # noqa: ANN001
    context, _blocked = offline
    b = bstate.encode(THREE)
    audience = context.new_page()
    audience.goto(f"{server.url}/briefing?b={b}&present=on")
    wait_for_app(audience)
    presenter = context.new_page()
    presenter.goto(f"{server.url}/briefing?b={b}&present=on&presenter=on")
    wait_for_app(presenter)
    expect(presenter.locator("#atlas-clock")).to_contain_text(":")  # the clock runs
    expect(presenter.get_by_text("Open with the headline numbers")).to_be_visible()  # the note of slide 1
    presenter.set_viewport_size({"width": 1366, "height": 768})
    expect(presenter.locator(".st-key-briefing-presenter img")).to_be_visible(timeout=60_000)
    presenter.wait_for_function("() => [...document.images].every(i => i.complete)")
    fits = presenter.evaluate(
        """() => { const m = document.querySelector('[data-testid=stMain]'); const d = document.documentElement;
                   return [m.scrollHeight, m.clientHeight, d.scrollHeight, innerHeight]; }"""
    )
    assert fits[0] <= fits[1] + 2 and fits[2] <= fits[3] + 2, f"the presenter view scrolls at 1366x768: {fits}"
    presenter.get_by_role("button", name="Next").click()
    wait_for_app(presenter)
    audience.wait_for_function("() => location.search.includes('slide=2')", timeout=30_000)
    wait_for_app(audience)
    expect(audience.locator("[data-testid=stMain] h1").first).to_have_text(THREE.views[1].title)
    assert_no_exception(audience)
    assert_no_exception(presenter)
