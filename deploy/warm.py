"""Open every page once on a server that has just started, before its first visitor does.

    python deploy/warm.py --port 8501      # deploy/entrypoint.sh runs it beside the server

A freshly started Streamlit has run none of the app's code: the first visitor waits for the imports
and the data caches, and, on a deep link such as /arms_exports, the browser logs two 404s while
Streamlit's frontend probes for the server under the page's path (atlas/ui/patches.py tells the
frontend where the server is, but only once the app's code has run in the process). One session
over the websocket, from this machine, runs every page's script as a browser tab would.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from atlas.core.pages import AREA_OF_PAGE  # noqa: E402  (plain data: no Streamlit, no pandas)

DEFAULT_PAGE = "overview"  # st.navigation serves the default page under the empty name
_WIDGETS_NAMED = ("button", "download_button", "file_uploader")  # the widgets whose ids visit() reports


async def visit(  # noqa: ANN001, PLR0913
    ws,
    page: str,
    query: str,
    timeout: float,
    press: str = "",
    buttons: list[str] | None = None,
    widgets: Sequence[Any] = (),
    session: list[str] | None = None,
    alerts: list[str] | None = None,
) -> float:
    """Run one page's script in the session on `ws`; milliseconds to its script_finished.

    press: the id of a button to press in this run (as a click does); buttons: filled with the ids of
    the buttons, download buttons and file uploaders the run draws (an id ends with the widget's key);
    widgets: more WidgetStates sent with the run (a file uploader's files); session: filled with the
    session's id when the server names it (an upload's URL needs it); alerts: filled with the text of
    the run's error, warning, info and success boxes."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.page_name = "" if page == DEFAULT_PAGE else page
    msg.rerun_script.query_string = query
    if press:
        clicked = msg.rerun_script.widget_states.widgets.add()
        clicked.id = press
        clicked.trigger_value = True
    for widget in widgets:
        msg.rerun_script.widget_states.widgets.add().CopyFrom(widget)
    t0 = time.perf_counter()
    await ws.send(msg.SerializeToString())
    while True:
        raw = await asyncio.wait_for(ws.recv(), timeout)
        fm = ForwardMsg()
        fm.ParseFromString(raw)
        kind = fm.WhichOneof("type")
        if kind == "delta" and fm.delta.new_element.WhichOneof("type") == "exception":
            raise RuntimeError(f"{page}: exception shown")
        if kind == "new_session" and session is not None and fm.new_session.initialize.session_id:
            session.append(fm.new_session.initialize.session_id)
        element = fm.delta.new_element if kind == "delta" else None
        if element is not None and alerts is not None and element.WhichOneof("type") == "alert":
            alerts.append(element.alert.body)
        if element is not None and buttons is not None and element.WhichOneof("type") in _WIDGETS_NAMED:
            buttons.append(getattr(element, str(element.WhichOneof("type"))).id)
        if kind == "script_finished":
            if fm.script_finished != ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY:
                raise RuntimeError(f"{page}: script finished with status {fm.script_finished}")
            return (time.perf_counter() - t0) * 1000


def connect(url: str):  # noqa: ANN201
    """A websocket session as the browser opens it (same origin, Streamlit's subprotocol)."""
    import websockets  # a Streamlit dependency
    from websockets.typing import Origin, Subprotocol

    # No client pings: a browser sends none, and on a loaded machine a late pong would end the session.
    uri = url.replace("http://", "ws://") + "/_stcore/stream"
    return websockets.connect(
        uri, subprotocols=[Subprotocol("streamlit")], max_size=None, origin=Origin(url), ping_interval=None
    )


def wait_until_healthy(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} not healthy within {seconds:.0f} s")
        time.sleep(0.5)


async def warm(url: str, timeout: float = 120.0) -> dict[str, float]:
    async with connect(url) as ws:
        return {page: await visit(ws, page, "", timeout) for page in AREA_OF_PAGE}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=8501)
    ap.add_argument("--wait", type=float, default=120.0, help="seconds to wait for the server to start")
    args = ap.parse_args()
    url = f"http://127.0.0.1:{args.port}"  # only ever this machine
    try:
        wait_until_healthy(url, args.wait)
        times = asyncio.run(warm(url))
    except Exception as err:  # the server serves anyway; its first visitor is merely slower
        print(f"warm-up: not done ({err})", flush=True)
        return 1
    print("warm-up: every page ran once: " + ", ".join(f"{p} {ms:.0f} ms" for p, ms in times.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
