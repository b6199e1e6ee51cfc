"""The container recipe: its entrypoint starts a healthy server that serves a page, from a read-only copy."""

from __future__ import annotations

import shutil
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.browser import ROOT, start_entrypoint, stop_server


def _overview_runs(url: str) -> float:
    """Run the Overview's script over the websocket, as a browser tab would (deploy/warm.py)."""
    import asyncio

    from deploy.warm import connect, visit

    async def go() -> float:
        async with connect(url) as ws:
            return await visit(ws, "overview", "", 60)

    # In a thread of its own: Playwright's sync API may hold this thread's event loop (session fixtures).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result(timeout=120)


def _deep_link_says_where_the_server_is(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}/arms_exports", timeout=5) as r:
            if b"BACKEND_BASE_URL" in r.read():
                return True
        time.sleep(0.5)
    return False


def test_dockerfile_runs_the_readme_commands() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -r requirements.txt" in text
    assert "fonts-noto-cjk" in text  # Korean pictures and PDFs
    assert 'ENTRYPOINT ["./deploy/entrypoint.sh"]' in text
    entrypoint = (ROOT / "deploy" / "entrypoint.sh").read_text()
    assert "streamlit run app.py" in entrypoint and "deploy/warm.py" in entrypoint


@pytest.mark.timeout(180)
def test_entrypoint_serves_from_a_read_only_copy(tmp_path: Path) -> None:
    copy = tmp_path / "app"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "screenshots"))
    for path in copy.rglob("*"):  # read-only, as a container's image layer may be
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        server = start_entrypoint(copy, {"PYTHONDONTWRITEBYTECODE": "1"})  # returns once /_stcore/health is 200
        try:
            with urllib.request.urlopen(f"{server.url}/app/static/map_style.json", timeout=5) as r:
                assert b"background" in r.read()
            # The entrypoint's warm-up has run the app before any visitor: a first browser on a deep link
            # is told where the server is instead of probing under the page's path (two 404s).
            assert _deep_link_says_where_the_server_is(server.url, 90)
            assert _overview_runs(server.url) > 0
        finally:
            stop_server(server)
    finally:
        for path in copy.rglob("*"):
            path.chmod(path.stat().st_mode | 0o200)
