"""What a public link needs beyond config.toml: no outbound call from the server, no global cache clear.

No outbound call, ever:

Streamlit 1.67 looks up the machine's external IP (an HTTP request to checkip.amazonaws.com,
retried on every miss) and its internal IP (a UDP socket "connected" to 8.8.8.8) when a
websocket arrives from another site's page, to decide whether that origin is the machine itself
(streamlit/web/server/server_util.py, allowed_domains). A cross-origin connection is refused
either way; we make the refusal local. browser.serverAddress in .streamlit/config.toml covers
the same lookup at start. tests/deploy/test_no_outbound.py checks both.
"""

from __future__ import annotations

from streamlit import net_util


def _no_lookup() -> None:
    return None


def forbid_ip_lookups() -> None:
    net_util.get_external_ip = _no_lookup
    net_util.get_internal_ip = _no_lookup


def _clear_own_session_only(self) -> None:  # noqa: ANN001
    # Streamlit clears every user's st.cache_data and st.cache_resource when any client sends a
    # "clear_cache" message (the developer menu sends it; any websocket client can). On a public
    # link that lets one visitor slow every other visitor down. Data caches follow the files'
    # modification times instead (atlas.ui._file_key), so nothing needs a manual clear: the
    # message now resets only the sender's own session.
    self._session_state.clear()


def refuse_global_cache_clear() -> None:
    from streamlit.runtime.app_session import AppSession

    AppSession._handle_clear_cache_request = _clear_own_session_only  # type: ignore[method-assign]
