"""The browser harness the e2e tests and bench/ share: start a real `streamlit run` of the app
it is given, drive it with Debian's Chromium, block and count every request that would leave
the machine."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the repository
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOT_DIR = ROOT / "tests" / "e2e" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path | None = None  # the server's output: a file, never a pipe nobody reads (a full pipe blocks it)

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log and self.log.exists() else ""


def start_server(extra_env: dict[str, str] | None = None, app: str = "app.py", address: str = "127.0.0.1") -> Server:
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", app, "--server.headless", "true"]
    return _launch([*command, "--server.port", str(port), "--server.address", address], port, extra_env or {})


def start_entrypoint(root: Path = ROOT, extra_env: dict[str, str] | None = None) -> Server:
    """The server as deploy/entrypoint.sh starts it in a container (with its warm-up beside it),
    from the repository or from a copy of it."""
    port = _free_port()
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])  # this python
    env = {"PATH": path, "PORT": str(port), "ADDRESS": "127.0.0.1", **(extra_env or {})}
    return _launch([str(root / "deploy" / "entrypoint.sh")], port, env, cwd=root, wait_s=90)


def _launch(command: list[str], port: int, extra_env: dict[str, str], cwd: Path = ROOT, wait_s: float = 60) -> Server:
    import tempfile

    env = {**os.environ, **extra_env}
    log = Path(tempfile.mkstemp(prefix="atlas-server-", suffix=".log")[1])
    out = log.open("wb")
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    out.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return Server(url, proc, log)
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"streamlit did not answer /_stcore/health within {wait_s:.0f} s")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(10)
    except subprocess.TimeoutExpired:
        server.proc.kill()


@pytest.fixture
def fresh_server() -> Iterator[Server]:
    """A server nobody has visited yet: the first request is the test's own."""
    server = start_server()
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    server = start_server()
    yield server
    stop_server(server)


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium; in CI a missing browser is a failure, never a skip."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium on PATH: CI must install Debian's chromium (see .ci/run)")
        pytest.skip("no Chromium on PATH (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@dataclass
class Blocked:
    urls: list[str] = field(default_factory=list)


def offline_context(browser, **kwargs):
    """A browser context in which every request to a host other than this machine is blocked."""
    blocked = Blocked()
    context = browser.new_context(viewport={"width": 1366, "height": 768}, **kwargs)

    def handle(route):
        host = urlparse(route.request.url).hostname or ""
        if host in LOCAL_HOSTS or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            blocked.urls.append(route.request.url)
            route.abort()

    context.route("**/*", handle)
    return context, blocked


def wait_for_app(page, timeout: float = 30_000, content: str = "[data-testid=stMain] h1") -> None:
    """Connected, the script has run (its content is there) and has finished.

    Right after a page load the app reports "notRunning" before its first run has even
    started, so the script state alone would let a test look at an empty page.
    """
    from playwright.sync_api import expect

    app = page.locator("[data-testid=stApp]")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(page.locator(content).first).to_be_visible(timeout=timeout)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)


def assert_no_exception(page) -> None:
    from playwright.sync_api import expect

    expect(page.locator("[data-testid=stException]")).to_have_count(0)
