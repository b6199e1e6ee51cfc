"""TCP_NODELAY on the server's connections: the contract with the installed Streamlit and uvicorn.

Streamlit's own listening socket (its _bind_socket) and its uvicorn settings, a real uvicorn.Server
started the way Streamlit starts it, a real TCP client: a connection open before the patch and one
made after it must both have TCP_NODELAY, and without the patch (the bug) they have not.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import socket
from typing import Any

import pytest
import streamlit

from atlas.ui import patches


async def _app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


async def _nodelay_of_open_connections(server: Any) -> list[int]:
    return [
        c.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        for c in server.server_state.connections
    ]


async def _connect_and_ask(port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")  # keep-alive: the connection stays open
    await writer.drain()
    await reader.readuntil(b"ok")
    return reader, writer


def _streamlit_shaped_server() -> tuple[Any, socket.socket]:
    import uvicorn
    from streamlit.web.server.starlette import starlette_server

    kwargs = starlette_server._get_uvicorn_config_kwargs()
    config = uvicorn.Config(_app, host="127.0.0.1", port=0, log_level="warning", lifespan="off", **kwargs)
    sock = starlette_server._bind_socket("127.0.0.1", 0, config.backlog)
    return uvicorn.Server(config), sock


def test_the_installed_streamlit_is_the_one_the_patch_was_written_for() -> None:
    assert streamlit.__version__.startswith(patches.VERIFIED_STREAMLIT), (
        f"Streamlit {streamlit.__version__}: check whether its server sets TCP_NODELAY now (see "
        "atlas/ui/patches.py), then move VERIFIED_STREAMLIT or drop the patch"
    )


def test_streamlit_listens_on_a_socket_asyncio_will_not_set_nodelay_on() -> None:
    from streamlit.web.server.starlette import starlette_server

    sock = starlette_server._bind_socket("127.0.0.1", 0, 8)
    try:
        assert sock.proto == 0, "Streamlit now binds with IPPROTO_TCP: asyncio sets TCP_NODELAY itself"
    finally:
        sock.close()


def test_old_and_new_connections_get_nodelay() -> None:
    async def scenario() -> tuple[list[int], list[int], list[int]]:
        server, sock = _streamlit_shaped_server()
        port = sock.getsockname()[1]
        server.config.load()  # as Streamlit's UvicornServer.start does before startup()
        server.lifespan = server.config.lifespan_class(server.config)
        await server.startup(sockets=[sock])
        try:
            _, first = await _connect_and_ask(port)
            before = await _nodelay_of_open_connections(server)
            assert patches.send_small_messages_at_once(server)
            old = await _nodelay_of_open_connections(server)
            _, second = await _connect_and_ask(port)
            both = await _nodelay_of_open_connections(server)
            for writer in (first, second):
                writer.close()
            return before, old, both
        finally:
            await server.shutdown(sockets=[sock])

    patched_already = getattr(_protocol_class(), "_atlas_nodelay", False)  # by an earlier test in this process
    # A thread of its own: a browser test earlier in this worker may leave an event loop running here.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        before, old, both = pool.submit(asyncio.run, scenario()).result(timeout=60)
    if not patched_already:
        assert before == [0], "a connection had TCP_NODELAY before the patch: is the patch still needed?"
    assert old == [1]
    assert len(both) == 2 and all(both)


def _protocol_class() -> type:
    import uvicorn

    config = uvicorn.Config(_app)
    config.load()
    return config.http_protocol_class


def test_another_streamlit_is_left_alone(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    class Untouchable:
        def __getattr__(self, name: str) -> Any:
            raise AssertionError(f"touched {name}")

    monkeypatch.setattr(streamlit, "__version__", "1.99.0")
    with caplog.at_level(logging.WARNING, logger=patches.__name__):
        assert patches.send_small_messages_at_once(Untouchable()) is False
    assert "1.99.0" in caplog.text


def test_a_server_of_another_shape_is_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    class Other:
        config = None

    with caplog.at_level(logging.WARNING, logger=patches.__name__):
        assert patches.send_small_messages_at_once(Other()) is False
    assert "not shaped as expected" in caplog.text


def test_without_a_server_nothing_happens() -> None:
    """AppTest and plain imports: no server in the process, no warning, nothing patched."""
    import gc

    gc.collect()  # the server an earlier test started and stopped
    assert patches._running_uvicorn_server() is None
    assert patches.send_small_messages_at_once() is False
