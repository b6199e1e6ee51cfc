"""Ten browsers visiting every page at once: no error, the server still answers."""

from __future__ import annotations

import asyncio
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from atlas.ui import PAGES
from tests.support.browser import CHROMIUM_ARGS, LOCAL_HOSTS

CONTEXTS = 10


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _visit_all(browser, base: str, blocked: list[str]) -> list[str]:
    from urllib.parse import urlparse

    context = await browser.new_context(viewport={"width": 1366, "height": 768})

    async def guard(route) -> None:
        if (urlparse(route.request.url).hostname or "") in LOCAL_HOSTS:
            await route.continue_()
        else:
            blocked.append(route.request.url)
            await route.abort()

    await context.route("**/*", guard)
    page = await context.new_page()
    problems = []
    app = page.locator("[data-testid=stApp]")
    for i, spec in enumerate(PAGES):
        await page.goto(base + ("/" if i == 0 else f"/{spec.id}"))
        await app.and_(page.locator("[data-test-connection-state=CONNECTED]")).wait_for(timeout=90_000)
        await page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=90_000)
        await page.locator("h1").first.wait_for(timeout=90_000)
        if await page.locator("[data-testid=stException]").count():
            problems.append(spec.id)
    await context.close()
    return problems


def test_ten_browsers_at_once(fresh_server, chromium) -> None:
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
