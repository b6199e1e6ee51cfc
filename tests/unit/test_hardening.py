"""atlas/ui/patches.py: nothing changes on import, install() applies every patch once; a visitor's
"clear_cache" message resets only their own session, and the server makes no IP lookup."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import streamlit as st

from atlas.ui import PAGES, patches


@pytest.fixture(autouse=True)
def _installed() -> None:
    patches.install([p.id for p in PAGES])  # as app.py does on its first run


def test_importing_the_ui_changes_nothing_in_streamlit_and_install_changes_it_once() -> None:
    code = """
import streamlit.net_util as n
from streamlit.runtime.app_session import AppSession
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager as W
before = (n.get_external_ip, AppSession._handle_clear_cache_request, W.disconnect_session)
import atlas.ui, atlas.ui.patches as p
after_import = (n.get_external_ip, AppSession._handle_clear_cache_request, W.disconnect_session)
p.install(["overview"])
installed = (n.get_external_ip, AppSession._handle_clear_cache_request, W.disconnect_session)
p.install(["overview"])
again = (n.get_external_ip, AppSession._handle_clear_cache_request, W.disconnect_session)
print(before == after_import, all(a is not b for a, b in zip(before, installed)), installed == again)
"""
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120)
    assert run.stdout.split() == ["True", "True", "True"], run.stdout + run.stderr[-2000:]


class _FakeSessionState:
    def __init__(self) -> None:
        self.cleared = False

    def clear(self) -> None:
        self.cleared = True


class _FakeSession:
    def __init__(self) -> None:
        self._session_state = _FakeSessionState()


def test_clear_cache_message_keeps_shared_caches() -> None:
    from streamlit.runtime.app_session import AppSession

    calls: list[int] = []

    @st.cache_data
    def shared(x: int) -> int:
        calls.append(x)
        return x

    shared(1)
    session = _FakeSession()
    AppSession._handle_clear_cache_request(session)  # type: ignore[arg-type]
    shared(1)
    assert calls == [1], "the shared cache was cleared"
    assert session._session_state.cleared


def test_no_ip_lookup_left() -> None:
    from streamlit import net_util

    assert net_util.get_external_ip() is None
    assert net_util.get_internal_ip() is None


def test_download_names_follow_the_view() -> None:
    import pandas as pd

    from atlas.core.figure import Figure
    from atlas.ui.figure import download_stem

    fig = Figure(
        id="events.timeline", title="t", subtitle="", chart=None, table=pd.DataFrame(),
        url="/events?category=missile_nuclear&years=2023&years=2023&lang=ko",
    )  # fmt: skip
    assert download_stem(fig) == "events_timeline_missile_nuclear_2023_2023"
    plain = Figure(id="events.timeline", title="t", subtitle="", chart=None, table=pd.DataFrame(), url="/events")
    assert download_stem(plain) == "events_timeline"
