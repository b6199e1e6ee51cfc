"""Every page, in English and Korean, opened in Chromium offline: no console error and no failed
request to this machine.

On a deep link (/arms_exports) Streamlit 1.67's frontend used to probe <page>/_stcore/health and
<page>/_stcore/host-config to guess the app's base path and got two 404s (streamlit/streamlit #7074);
atlas/ui/hardening.py now tells it the base path in the page's HTML, so nothing is allowed: any
response of 400 or more, failed request or console error fails.
"""

from __future__ import annotations

import pytest

from atlas.ui import PAGES
from tests.support.browser import assert_no_exception, wait_for_app


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_page_logs_no_error(server, offline, lang: str) -> None:
    context, _blocked = offline
    page = context.new_page()
    errors: list[str] = []

    def on_response(response) -> None:  # noqa: ANN001
        if response.status >= 400:
            errors.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    # net::ERR_ABORTED is the browser cancelling a lazy chunk when the test moves to the next page
    page.on(
        "requestfailed",
        lambda r: r.failure != "net::ERR_ABORTED" and errors.append(f"failed {r.url}: {r.failure}"),
    )
    page.on(
        "console",
        lambda m: m.type == "error" and errors.append(f"console: {m.text} ({m.location.get('url', '')})"),
    )
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    for index, spec in enumerate(PAGES):
        path = "/" if index == 0 else f"/{spec.id}"
        page.goto(f"{server.url}{path}?lang={lang}")
        wait_for_app(page, timeout=90_000)
        assert_no_exception(page)
    assert errors == [], "\n".join(errors)
