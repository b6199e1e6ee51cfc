"""A visitor's "clear_cache" message resets only their own session, never the shared caches."""

from __future__ import annotations

import streamlit as st

import atlas.ui  # noqa: F401  (installs the hardening on import, as every page does)


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
