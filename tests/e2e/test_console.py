"""Every page, in English and Korean, opened in Chromium offline: no console error and no failed
request to this machine.

On a deep link (/arms_exports) Streamlit 1.67's frontend used to probe <page>/_stcore/health and
<page>/_stcore/host-config to guess the app's base path and got two 404s (streamlit/streamlit #7074);
atlas/ui/patches.py now tells it the base path in the page's HTML, so nothing is allowed: any
response of 400 or more, failed request or console error fails.
"""

from __future__ import annotations

import time

import pytest

from atlas.ui import PAGES
from tests.support.browser import assert_no_exception, start_entrypoint, stop_server, wait_for_app


def _errors_of(page) -> list[str]:  # noqa: ANN001
    errors: list[str] = []

    def on_response(response) -> None:  # noqa: ANN001
        if response.status >= 400:
            errors.append(f"{response.status} {response.url}")

    page.on("response", on_response)

    # net::ERR_ABORTED is the browser cancelling a lazy chunk when the test moves to the next page
    def on_request_failed(r) -> None:  # noqa: ANN001
        if r.failure != "net::ERR_ABORTED":
            errors.append(f"failed {r.url}: {r.failure}")

    def on_console(m) -> None:  # noqa: ANN001
        if m.type == "error":
            errors.append(f"console: {m.text} ({m.location.get('url', '')})")

    page.on("requestfailed", on_request_failed)
    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    return errors


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_logs_no_error(server, offline, lang: str) -> None:
    context, _blocked = offline
    page = context.new_page()
    errors = _errors_of(page)
    for index, spec in enumerate(PAGES):
        path = "/" if index == 0 else f"/{spec.id}"
        page.goto(f"{server.url}{path}?lang={lang}")
        wait_for_app(page, timeout=90_000)
        assert_no_exception(page)
    assert errors == [], "\n".join(errors)


def test_the_first_visit_to_a_deep_link_on_a_fresh_server_logs_no_error(offline) -> None:
    """The case the page's script alone cannot cover: nobody has run the app in this process yet.
    deploy/entrypoint.sh runs every page once beside the server (deploy/warm.py); the first browser
    then arrives on /arms_exports as a class would after a restart."""
    context, _blocked = offline
    server = start_entrypoint()
    try:
        deadline = time.monotonic() + 120
        while "warm-up: every page ran once" not in server.output():
            assert "warm-up: not done" not in server.output(), server.output()[-2000:]
            assert time.monotonic() < deadline, "no warm-up within 120 s:\n" + server.output()[-2000:]
            time.sleep(0.5)
        page = context.new_page()
        errors = _errors_of(page)
        page.goto(f"{server.url}/arms_exports?years=2017&years=2025")
        wait_for_app(page, timeout=90_000)
        assert_no_exception(page)
        assert errors == [], "\n".join(errors)
    finally:
        stop_server(server)
