"""The server makes no outbound connection, at start or while serving every page.

The server runs with tests/support/netguard on PYTHONPATH: its sitecustomize records and refuses
any connection or name lookup that would leave the machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.browser import start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
GUARD = ROOT / "tests" / "support" / "netguard"


def _guard_env(log: Path) -> dict[str, str]:
    path = os.pathsep.join([str(GUARD), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return {"PYTHONPATH": path, "ATLAS_NETGUARD_LOG": str(log)}


def _foreign_origin_handshake(url: str) -> str:
    """A websocket upgrade from another site's page; returns the server's status line."""
    import socket
    from urllib.parse import urlparse

    port = urlparse(url).port
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(
            (
                "GET /_stcore/stream HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{port}\r\n"
                "Origin: http://evil.example\r\n"
                "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
            ).encode()
        )
        return s.recv(200).decode(errors="replace").splitlines()[0]


def _upload_without_xsrf_token(url: str) -> int:
    import urllib.error
    import urllib.request

    req = urllib.request.Request(
        f"{url}/_stcore/upload_file/some-session/some-file",
        data=b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na\r\n--x--\r\n',
        method="PUT",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def test_the_guard_records_an_attempt(tmp_path: Path) -> None:
    """The check below can fail: the same guard catches a real outbound attempt."""
    log = tmp_path / "net.log"
    code = (
        "import urllib.request\n"
        "try:\n    urllib.request.urlopen('http://checkip.amazonaws.com', timeout=1)\n"
        "except OSError:\n    pass\n"
    )
    subprocess.run([sys.executable, "-c", code], env={**os.environ, **_guard_env(log)}, check=True, timeout=60)
    assert "checkip.amazonaws.com" in log.read_text()


@pytest.mark.timeout(300)
def test_no_outbound_call_at_start_or_while_serving(tmp_path: Path, browser) -> None:  # noqa: ANN001
    from tests.support.browser import offline_context, wait_for_app

    log = tmp_path / "net.log"
    # Bound to every interface, as on Community Cloud: that is when Streamlit prints (and looks up)
    # an "External URL" at start.
    server = start_server(extra_env=_guard_env(log), address="0.0.0.0")
    try:
        context, blocked = offline_context(browser)
        page = context.new_page()
        from atlas.ui import PAGES

        for spec in PAGES:
            page.goto(f"{server.url}/{'' if spec.id == 'overview' else spec.id}")
            wait_for_app(page, timeout=60_000)
        # A cross-origin websocket handshake is where Streamlit falls back to looking up the
        # machine's external IP; ask for one.
        status = _foreign_origin_handshake(server.url)
        assert status.startswith("HTTP/1.1 403"), status  # server.enableCORS: other sites' pages refused
        assert _upload_without_xsrf_token(server.url) == 403  # server.enableXsrfProtection
        context.close()
        assert blocked.urls == []
    finally:
        stop_server(server)
        output = server.output()
    attempts = log.read_text().splitlines() if log.exists() else []
    assert attempts == [], json.dumps(attempts[:10])
    assert "Did not auto detect external IP" not in output, output[-2000:]
