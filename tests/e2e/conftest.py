"""Browser fixtures: the harness lives in tests/support/browser.py (bench/ uses it too)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.browser import (  # noqa: F401  (fixtures re-exported for the e2e tests)
    CHROMIUM_ARGS,
    LOCAL_HOSTS,
    ROOT,
    SCREENSHOT_DIR,
    Blocked,
    Server,
    assert_no_exception,
    chromium_path,
    offline_context,
    start_server,
    stop_server,
    wait_for_app,
)


@pytest.fixture
def offline(browser) -> Iterator[tuple[object, Blocked]]:  # noqa: ANN001
    """A blocked-network context, closed and checked in teardown even when the test fails:
    no request may have tried to leave the machine."""
    context, blocked = offline_context(browser)
    yield context, blocked
    context.close()
    assert blocked.urls == [], f"requests tried to leave the machine: {blocked.urls[:5]}"
