from playwright.sync_api import expect

from atlas.briefing import state as bstate
from tests.e2e.test_briefing import THREE
from tests.support.browser import wait_for_app


def test_shots(server, offline) -> None:  # noqa: ANN001
    context, _ = offline
    page = context.new_page()
    b = bstate.encode(THREE)
    for w, h in ((1366, 768), (1920, 1080)):
        page.set_viewport_size({"width": w, "height": h})
        page.goto(f"{server.url}/briefing?b={b}&present=on&slide=2")
        wait_for_app(page)
        expect(page.locator(".st-key-briefing-slide img")).to_be_visible(timeout=60_000)
        page.screenshot(path=f"/tmp/deck/present-{w}.png")
    page.goto(f"{server.url}/briefing?b={b}&present=on&presenter=on")
    wait_for_app(page)
    expect(page.locator(".st-key-briefing-presenter img")).to_be_visible(timeout=60_000)
    page.screenshot(path="/tmp/deck/presenter.png")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{server.url}/briefing?b={b}")
    wait_for_app(page)
    page.screenshot(path="/tmp/deck/edit.png", full_page=True)
