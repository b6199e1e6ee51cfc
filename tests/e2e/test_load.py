"""A few browsers visiting every page at once: every page is ready within its bound, with no error.

Three browsers is what this 2-core machine carries reliably with the server on it; capacity
(sessions per minute, p50/p95, memory) is measured without browsers by bench/load.py."""

from __future__ import annotations

import asyncio
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from atlas.ui import PAGES
from tests.support.browser import CHROMIUM_ARGS, LOCAL_HOSTS

CONTEXTS = 3
READY_WITHIN_S = 45.0  # from goto to the page's title drawn and its script finished


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _visit_all(browser, base: str, blocked: list[str]) -> list[str]:
    """Problems seen (a page not ready in time, or showing an exception), one per page."""
    from urllib.parse import urlparse

    from playwright.async_api import expect

    context = await browser.new_context(viewport={"width": 1366, "height": 768})

    async def guard(route) -> None:
        if (urlparse(route.request.url).hostname or "") in LOCAL_HOSTS:
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()

    await context.route("**/*", guard)
    try:
        page = await context.new_page()
        problems = []
        app = page.locator("[data-testid=stApp]")
        bound_ms = READY_WITHIN_S * 1000
        for i, spec in enumerate(PAGES):
            t0 = time.perf_counter()
            await page.goto(base + ("/" if i == 0 else f"/{spec.id}"))
            try:
                await expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=bound_ms)
                await expect(page.locator("[data-testid=stMain] h1").first).to_be_visible(timeout=bound_ms)
                await expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=bound_ms)
            except AssertionError:
                problems.append(f"{spec.id}: not ready within {READY_WITHIN_S:.0f} s")
                continue
            elapsed = time.perf_counter() - t0
            if elapsed > READY_WITHIN_S:
                problems.append(f"{spec.id}: ready after {elapsed:.1f} s")
            if await page.locator("[data-testid=stException]").count():
                problems.append(f"{spec.id}: exception shown")
    finally:  # closed even when a wait fails
        await context.close()
    return problems


def test_three_browsers_at_once_every_page_ready_in_time(fresh_server, chromium) -> None:
    from playwright.async_api import async_playwright

    async def run() -> tuple[list[list[str]], list[str]]:
        blocked: list[str] = []
        async with async_playwright() as p:
            b = await p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            results = await asyncio.gather(*(_visit_all(b, fresh_server.url, blocked) for _ in range(CONTEXTS)))
            await b.close()
        return results, blocked

    # Playwright's sync API (other tests) owns this thread's event loop: run ours in a thread.
    with ThreadPoolExecutor(1) as pool:
        results, blocked = pool.submit(asyncio.run, run()).result()
    assert all(r == [] for r in results), results
    assert blocked == []
    with urllib.request.urlopen(f"{fresh_server.url}/_stcore/health", timeout=5) as r:
        assert r.status == 200
    print(f"\nserver peak resident memory with {CONTEXTS} browsers: {_peak_rss_mb(fresh_server.proc.pid):.0f} MB")
