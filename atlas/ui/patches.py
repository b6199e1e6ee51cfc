"""Every change this app makes to Streamlit, Starlette, uvicorn, glibc or Arrow, in one module:
`install()`, called once from app.py, applies them; importing this module changes nothing.

What a public link needs beyond config.toml: no outbound call from the server, no global cache clear,
sessions that give their memory back, bounded uploads, no 404 probe on a deep link, and no 40 ms
stall on a rerun. Every patch was verified on Streamlit VERIFIED_STREAMLIT (below); each checks the
shape it expects (_shaped) and, when it differs, logs a warning and leaves Streamlit alone. The tests
under tests/unit (test_hardening, test_memory, test_nodelay, test_patches) hold each one to the
installed Streamlit.

No outbound call, ever:

Streamlit 1.67 looks up the machine's external IP (an HTTP request to checkip.amazonaws.com,
retried on every miss) and its internal IP (a UDP socket "connected" to 8.8.8.8) when a
websocket arrives from another site's page, to decide whether that origin is the machine itself
(streamlit/web/server/server_util.py, allowed_domains). A cross-origin connection is refused
either way; we make the refusal local. browser.serverAddress in .streamlit/config.toml covers
the same lookup at start. tests/deploy/test_no_outbound.py checks both.

No 40 ms stall after a rerun's first message (send_small_messages_at_once, below). The report
for Streamlit's tracker, as filed text:

    Title: Server socket never gets TCP_NODELAY: reruns stall ~40 ms on the client's delayed ACK

    Streamlit 1.67 (Starlette/uvicorn server). `_bind_socket` in
    streamlit/web/server/starlette/starlette_server.py creates the listening socket with
    `socket.socket(family=family)`, so its `proto` is 0. asyncio turns TCP_NODELAY on for every
    accepted connection, but only when `sock.proto == IPPROTO_TCP`
    (asyncio.base_events._set_nodelay), and an accepted socket inherits the listener's proto, so
    no connection of a Streamlit server gets TCP_NODELAY (uvicorn binding its own socket through
    loop.create_server would have: getaddrinfo returns proto 6). With Nagle's algorithm on, a
    rerun's second small websocket message waits until the browser acknowledges the first, and
    browsers delay that ACK by up to 40 ms. Measured on a 2-core Linux VM, Chromium, localhost:
    a 42 ms gap after the first message of every rerun; with TCP_NODELAY set on the connection a
    rerun of a small page went from 47 ms to 4.7 ms, and first load got 180-280 ms faster.

    Repro: `streamlit run` any app and open it; in the server process, every connection's
    transport.get_extra_info("socket").getsockopt(IPPROTO_TCP, TCP_NODELAY) is 0. Over a plain
    websocket client, timestamp the ForwardMsgs of one rerun: a 40-47 ms gap after the first.

    Fix: create the socket as `socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)`
    (then asyncio sets TCP_NODELAY itself), or set TCP_NODELAY in the protocol's connection_made.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import logging
import os
import socket
import threading
from collections.abc import Sequence
from typing import Any

from streamlit import net_util

VERIFIED_STREAMLIT = "1.67."  # the version every patch here was written for and tested on
_LOGGER = logging.getLogger(__name__)


def _shaped(patch: str, owner: object, *names: str) -> bool:
    """True when owner has every attribute the patch replaces or reads; else a warning, and False."""
    missing = [n for n in names if not hasattr(owner, n)]
    if missing:
        import streamlit

        _LOGGER.warning(
            "%s not applied: %s has no %s on Streamlit %s (written for %s*)",
            patch, getattr(owner, "__name__", owner), ", ".join(missing), streamlit.__version__, VERIFIED_STREAMLIT,
        )  # fmt: skip
    return not missing


def _no_lookup() -> None:
    return None


def forbid_ip_lookups() -> bool:
    if not _shaped("forbid_ip_lookups", net_util, "get_external_ip", "get_internal_ip"):
        return False
    net_util.get_external_ip = _no_lookup
    net_util.get_internal_ip = _no_lookup
    return True


def _clear_own_session_only(self) -> None:  # noqa: ANN001
    # Streamlit clears every user's st.cache_data and st.cache_resource when any client sends a
    # "clear_cache" message (the developer menu sends it; any websocket client can). On a public
    # link that lets one visitor slow every other visitor down. Data caches follow the files'
    # modification times instead (atlas.core.data.file_version), so nothing needs a manual clear: the
    # message now resets only the sender's own session.
    self._session_state.clear()


def refuse_global_cache_clear() -> bool:
    from streamlit.runtime.app_session import AppSession

    if not _shaped("refuse_global_cache_clear", AppSession, "_handle_clear_cache_request"):
        return False
    AppSession._handle_clear_cache_request = _clear_own_session_only  # type: ignore[method-assign]
    return True


# ---------------------------------------------------------------- memory after sessions close
#
# What held the memory: Streamlit keeps a disconnected session (its session state, the last run's
# widgets, download callables and page namespaces: about 46 copies of cached frames per session
# here, and its uploaded files) in a TTL store for server.disconnectedSessionTTL seconds, so that a
# browser whose connection dropped can resume it. But that store (streamlit/runtime/
# memory_session_storage.py over caching/ttl_cache.py) only looks at its clock when it is written
# to, and drops an expired entry without AppSession.shutdown(), the one call that removes the
# session's files from the uploaded-file manager. On a server that goes quiet after a class has
# left, every one of those sessions stayed in memory for good, and what Python did free stayed in
# glibc's heaps.

_REAP_DELAY_S = 0.5  # after the resume window: the store counts the TTL from its own clock read
_RELEASE_DELAY_S = 1.0  # one collection for a burst of closing sessions, not one each


def _libc() -> Any:
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (macOS, musl): its allocator, its behaviour
        return None


def _release_memory_to_os() -> None:
    gc.collect()  # an AppSession sits in reference cycles; an idle server never triggers a collection
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)  # glibc keeps freed pages in its arenas otherwise


# Where the rest stayed, measured with /proc/<pid>/smaps after 50 sessions had closed and been
# reaped (bench/load.py --sessions 50; 234 MB before, 278 MB after): Python's own objects were back
# to what they were (same object counts, same bytes in use), but
# - glibc had given every script thread an arena of its own (up to 8 per core), and each kept a
#   megabyte or two of pages pinned by a few long-lived blocks: +18 MB over 12 arenas;
# - pyarrow (Streamlit serialises every table with it) allocates from its bundled mimalloc, which
#   keeps freed pages per thread and never hands them to malloc_trim: +9 MB.
# Two arenas serve threads that take turns on the GIL anyway; the system pool makes Arrow's buffers
# ordinary malloc blocks that the trim above returns.
_M_ARENA_MAX = -8  # glibc malloc.h


def _allocate_where_trim_reaches() -> None:
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, 2)
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def _reap_expired_sessions(manager: Any) -> None:
    """Shut down every session whose resume window has ended, then give the memory back."""
    cache = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    expire = getattr(cache, "expire", None)
    if expire is None:  # Streamlit changed its store: tests/unit/test_memory.py fails, nothing breaks
        return
    with manager._storage_lock:  # the lock Streamlit holds when it moves sessions in and out
        expired = expire()
    for _session_id, info in expired:
        info.session.shutdown()  # uploaded files, media files, session caches, script loop
    if expired:
        loop = asyncio.get_running_loop()
        pending = manager.__dict__.get("_atlas_release")
        if pending is not None:
            pending.cancel()
        manager.__dict__["_atlas_release"] = loop.call_later(_RELEASE_DELAY_S, _release_memory_to_os)


def close_sessions_when_they_expire() -> bool:
    """When a disconnected session's resume window ends, shut it down and return its memory.

    Each disconnect schedules one sweep of Streamlit's session store for just after that
    session's window; a sweep shuts down whatever has expired by then (a late sweep, on a busy
    loop, still finds its session). Runs on the server's event loop, where Streamlit itself
    moves sessions in and out of the store.
    """
    from streamlit import config
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    if not _shaped("close_sessions_when_they_expire", WebsocketSessionManager, "disconnect_session"):
        return False
    original = WebsocketSessionManager.disconnect_session
    if getattr(original, "_atlas_reaps", False):
        return True

    def disconnect_session(self: WebsocketSessionManager, session_id: str) -> None:
        original(self, session_id)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not on a server's loop (AppTest): leave it to Streamlit
            return
        ttl = float(config.get_option("server.disconnectedSessionTTL"))
        loop.call_later(ttl + _REAP_DELAY_S, _reap_expired_sessions, self)

    disconnect_session._atlas_reaps = True  # type: ignore[attr-defined]
    WebsocketSessionManager.disconnect_session = disconnect_session  # type: ignore[method-assign]
    return True


# ---------------------------------------------------------------- bounded uploads
#
# Bound what one session's uploads may hold, and let a page release a file's bytes once parsed.
#
# Streamlit's uploaded-file manager keeps every file PUT to /_stcore/upload_file/<session>/<id>
# until the browser deletes it or the session shuts down; the per-file cap (server.maxUploadSize)
# holds, but a client can send any number of files (200 x 1 MB from one session held 336 MB).
# The Atlas's only upload is one small what-if table, so a session keeps at most
# SESSION_UPLOAD_FILES files and 2 x server.maxUploadSize bytes: a new file pushes out the oldest.
SESSION_UPLOAD_FILES = 4


def session_upload_bytes() -> int:
    from streamlit import config

    return 2 * int(config.get_option("server.maxUploadSize")) * 1024 * 1024


def _bound_uploads() -> bool:
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    if not _shaped("bound_uploads", MemoryUploadedFileManager, "add_file"):
        return False
    original = MemoryUploadedFileManager.add_file
    if getattr(original, "_atlas_bounded", False):
        return True

    def add_file(self: MemoryUploadedFileManager, session_id: str, file: UploadedFileRec) -> None:
        original(self, session_id, file)
        with self._lock:  # the manager's own lock; its dicts keep insertion order: oldest first
            held = self.file_storage.get(session_id, {})
            budget = session_upload_bytes()
            while len(held) > 1 and (
                len(held) > SESSION_UPLOAD_FILES or sum(len(f.data) for f in held.values()) > budget
            ):
                oldest = next(iter(held))
                gone = held.pop(oldest)
                self._total_bytes -= len(gone.data)
                self._file_count -= 1

    add_file._atlas_bounded = True  # type: ignore[attr-defined]
    MemoryUploadedFileManager.add_file = add_file  # type: ignore[method-assign]
    return True


def read_once(uploaded: Any) -> bytes:
    """The bytes of an st.file_uploader file; the server's copy is emptied (name and id kept, so
    the widget still shows the file and the page sees the same file_id on the next rerun)."""
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    data = bytes(uploaded.getvalue())
    ctx = get_script_run_ctx()
    manager = ctx.uploaded_file_mgr if ctx is not None else None
    if ctx is not None and isinstance(manager, MemoryUploadedFileManager):
        manager.add_file(
            ctx.session_id,
            UploadedFileRec(file_id=uploaded.file_id, name=uploaded.name, type=uploaded.type, data=b""),
        )
    return data


# ---------------------------------------------------------------- no 404 on a deep link
#
# On /arms_exports, Streamlit 1.67's frontend guesses where the server lives by trying
# /arms_exports/_stcore/health and /arms_exports/_stcore/host-config before /_stcore/...; the
# server answers the first two with 404, which the browser logs as two console errors on every
# deep link (streamlit/streamlit #7074). The frontend skips the guess when the page tells it where
# the server is (window.__streamlit.BACKEND_BASE_URL, read once when its bundle starts). So the app
# page's HTML gets a one-line script: when the path ends in one of our page names, the server is the
# path without it (which also holds behind a proxy that adds a prefix). Installed on the first run of
# any script in the process: Streamlit builds its static handler before it imports app code, and
# its class is local to a function, so it is found once among the live objects.


def _base_url_script(page_ids: list[str]) -> bytes:
    import json

    return (
        "<script>(function(){var p=location.pathname.replace(/\\/+$/,''),i=p.lastIndexOf('/');"
        f"if({json.dumps(page_ids)}.indexOf(p.slice(i+1))>=0)"
        "window.__streamlit={BACKEND_BASE_URL:location.origin+p.slice(0,i+1)};})();</script>"
    ).encode()


def tell_frontend_the_base_url(page_ids: list[str]) -> bool:
    """Make the app page say where the server is; True when the static handler was found and patched."""
    import gc as _gc

    handler = next((o for o in _gc.get_objects() if type(o).__name__ == "_StreamlitStaticFiles"), None)
    if handler is None:  # AppTest, or a Streamlit that serves differently: the probe's 404s come back
        return False
    cls = type(handler)
    if getattr(cls, "_atlas_base_url", False):
        return True
    from starlette.responses import FileResponse, Response

    script = _base_url_script(page_ids)
    original = cls.get_response
    index = os.path.realpath(handler._index_path)
    with open(index, "rb") as f:
        page = f.read().replace(b"<head>", b"<head>" + script, 1)

    async def get_response(self: Any, path: str, scope: Any) -> Any:
        response = await original(self, path, scope)
        if isinstance(response, FileResponse) and os.path.realpath(response.path) == index:
            drop = {"content-length", "etag", "last-modified", "content-type"}
            headers = {k: v for k, v in response.headers.items() if k.lower() not in drop}
            return Response(page, status_code=200, headers=headers, media_type="text/html")
        return response

    cls.get_response = get_response
    cls._atlas_base_url = True  # type: ignore[attr-defined]
    return True


# ---------------------------------------------------------------- no 40 ms stall on every rerun
#
# See the module's docstring for the cause (the report for Streamlit's tracker). The connection's
# protocol class is uvicorn's, reached through the running uvicorn.Server (there is one per
# process, built before any app code runs): every connection it accepts from now on, and every one
# already open (the session running the first script), sends without waiting for ACKs. Written for
# Streamlit 1.67's server; on another version, or when the server is not shaped as expected, it
# logs a warning and leaves Streamlit alone. tests/unit/test_nodelay.py holds the contract against
# the installed Streamlit and uvicorn.


def _nodelay(transport: Any) -> bool:
    """TCP_NODELAY on a connection's socket; False when it is not a TCP socket (a unix socket)."""
    sock = transport.get_extra_info("socket") if transport is not None else None
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:  # the peer has already gone
        return False
    return True


def _running_uvicorn_server() -> Any:
    try:
        import uvicorn
    except ImportError:
        return None
    return next((o for o in gc.get_objects() if isinstance(o, uvicorn.Server)), None)


def send_small_messages_at_once(server: Any = None) -> bool:
    """Set TCP_NODELAY on the server's connections, old and new; True when installed.

    server: the running uvicorn.Server (found among the live objects when None; AppTest has none).
    """
    import streamlit

    if not streamlit.__version__.startswith(VERIFIED_STREAMLIT):
        _LOGGER.warning(
            "TCP_NODELAY not set: written for Streamlit %s*, this is %s (reruns may stall ~40 ms)",
            VERIFIED_STREAMLIT,
            streamlit.__version__,
        )
        return False
    server = server if server is not None else _running_uvicorn_server()
    if server is None:  # no server in this process (AppTest, a plain import)
        return False
    protocol: Any = getattr(getattr(server, "config", None), "http_protocol_class", None)
    connections = getattr(getattr(server, "server_state", None), "connections", None)
    shaped = isinstance(protocol, type) and callable(getattr(protocol, "connection_made", None))
    if not shaped or connections is None:
        _LOGGER.warning("TCP_NODELAY not set: Streamlit's uvicorn server is not shaped as expected")
        return False
    if not getattr(protocol, "_atlas_nodelay", False):
        original = protocol.connection_made

        def connection_made(self: Any, transport: Any) -> None:
            _nodelay(transport)
            original(self, transport)

        protocol.connection_made = connection_made
        protocol._atlas_nodelay = True
    for conn in list(connections):
        _nodelay(getattr(conn, "transport", None))
    return True


# ---------------------------------------------------------------- all of them, once
_installed = False
_installing = threading.Lock()  # two sessions' first runs may arrive together


def install(page_ids: Sequence[str]) -> None:
    """Apply every patch, once per process (app.py calls it before each run; later calls return at once).

    page_ids: the app's URL paths, for the deep-link script. The parts that need the running server
    (the static handler, uvicorn's protocol) are found among the live objects, which is why this is
    not done on every run: AppTest has no server, and they return False there.
    """
    global _installed
    with _installing:
        if _installed:
            return
        _installed = True
        import streamlit

        if not streamlit.__version__.startswith(VERIFIED_STREAMLIT):
            _LOGGER.warning(
                "Streamlit %s: these patches were verified on %s*; each checks its shape and is left out "
                "where it differs (see the warnings that follow, if any)",
                streamlit.__version__, VERIFIED_STREAMLIT,
            )  # fmt: skip
        forbid_ip_lookups()  # before any session can send a cross-origin handshake
        refuse_global_cache_clear()
        close_sessions_when_they_expire()
        _allocate_where_trim_reaches()
        _bound_uploads()
        tell_frontend_the_base_url(list(page_ids))
        send_small_messages_at_once()
