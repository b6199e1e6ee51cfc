"""Capacity: many Streamlit sessions at once, over the websocket, with no browser eating the CPU.

    python bench/load.py --sessions 20            # 20 sessions at once, each loading every page
    python bench/load.py --sessions 50 --waves 1  # 50 at once
    python bench/load.py --sessions 10 --hostile 2  # 10 ordinary sessions beside 2 hostile ones

Each simulated session does what a browser tab does on the wire: opens /_stcore/stream, asks for
every page in turn (a rerun with that page's name and a filter in its query string) and waits for
`script_finished`. Reported: sessions per minute served, p50/p95 time from request to the page's
script finishing, errors (timeouts, exceptions shown, unsuccessful runs), and the server's resident
memory before, at peak and 60 s after the sessions close. Only ever connects to this machine.

--hostile N adds N sessions that do, for as long as the ordinary ones run, what one anonymous visitor
can: upload a crafted SIPRI workbook bomb on the Sources page (a new one each round: 100,000 rows, a
part that unpacks to 100 MB, a 100,000-character cell, a 2 MB shared string; each is parsed in the
upload worker and refused), ask for the files of a briefing link of 30 arms views six times at once
(six tabs of the link, each pressing "Make the files" together: a PowerPoint deck and a PDF of the 12
views the page keeps; each view with other years, so no view is cached by another), open the link and
make its files once more, and rerun the arms page with a new filter 24 times, over and over with no
pause. The
ordinary sessions' p50/p95 are then what everyone else feels while that goes on. The upload and picture
workers' memory is reported beside the server's (they are processes of their own).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402  (a Streamlit dependency)

from deploy.warm import connect, visit  # noqa: E402  (the same wire as the entrypoint's warm-up)
from tests.support.browser import start_server, stop_server  # noqa: E402

# (page name as st.navigation knows it, the query string a shared link would carry)
VISITS = (
    ("overview", ""),
    ("arms_exports", "years=2017&years=2025"),
    ("unsc_votes", "topic=dprk"),
    ("defense_spending", "countries=KOR&countries=JPN"),
    ("events", "category=missile_nuclear"),
    ("sources", ""),
)


def _hostile_visits() -> list[tuple[str, str]]:
    """A 30-view briefing link (the page keeps 12 and says so) and a storm of arms filters."""
    from urllib.parse import urlencode

    from atlas.briefing import state as bstate
    from atlas.briefing.model import Briefing, View

    views = tuple(View.of("arms_exports", {"years": [str(2001 + i % 24), "2025"]}, f"View {i}") for i in range(30))
    link = urlencode({"b": bstate.encode(Briefing(views=views, title="Thirty views"))})
    storm = [("arms_exports", f"years={y}&years=2025&stage=contract") for y in range(2001, 2025)]
    # The upload and the six decks first: a round is cut short when the ordinary sessions finish, and
    # every round is to upload a bomb and ask for decks while they run.
    return [
        ("sources", UPLOAD_BOMB),
        ("briefing", link + "&" + SIX_DECKS),
        ("briefing", link),
        ("briefing", link + "&" + MAKE_FILES),
        *storm,
    ]


DECK_TABS = 6
SIX_DECKS = "press=briefing-make&tabs=6"  # not sent: six sessions of the link press "Make the files" at once
MAKE_FILES = "press=briefing-make"  # not sent: marks the visit that presses the page's "Make the files"
UPLOAD_BOMB = "upload=bomb"  # not sent: marks the visit that uploads a workbook bomb on the Sources page
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _bombs() -> list[tuple[str, bytes]]:
    """The crafted workbooks of the suite's tests, each under the upload size cap."""
    from tests.unit.fixtures.sipri import bombs

    return [
        ("rows.xlsx", bombs.many_rows(100_000)),
        ("unpacks.xlsx", bombs.zip_bomb(100)),
        ("cell.xlsx", bombs.long_cell(100_000)),
        ("strings.xlsx", bombs.huge_string(2)),
    ]


def _xsrf(url: str) -> str:
    """The XSRF cookie the server gives a browser; an upload sends it back as cookie and header."""
    import urllib.request

    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as r:
        for header in r.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "_streamlit_xsrf":
                return rest.split(";")[0].strip('"')
    return ""


def _put(url: str, path: str, name: str, content: bytes, xsrf: str) -> None:
    """PUT one file as the browser's uploader does (multipart, one part)."""
    import urllib.request
    import uuid

    boundary = uuid.uuid4().hex
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
    body = (head + f"Content-Type: {XLSX}\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": url}
    if xsrf:
        headers |= {"X-Xsrftoken": xsrf, "Cookie": f"_streamlit_xsrf={xsrf}"}
    request = urllib.request.Request(f"{url}{path}", data=body, method="PUT", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as r:
        if r.status >= 300:
            raise RuntimeError(f"upload: HTTP {r.status}")


async def _upload(ws, url: str, session: str, uploader: str, bomb: tuple[str, bytes], timeout: float) -> bool:  # noqa: ANN001
    """Upload one file to the session's uploader and run the page with it: was it refused by name?"""
    import uuid

    from streamlit.proto.WidgetStates_pb2 import WidgetState

    name, content = bomb
    file_id = uuid.uuid4().hex
    path = f"/_stcore/upload_file/{session}/{file_id}"
    await asyncio.to_thread(_put, url, path, name, content, await asyncio.to_thread(_xsrf, url))
    state = WidgetState(id=uploader)
    info = state.file_uploader_state_value.uploaded_file_info.add(file_id=file_id, name=name, size=len(content))
    info.file_urls.file_id, info.file_urls.upload_url, info.file_urls.delete_url = file_id, path, path
    drawn: list[str] = []
    alerts: list[str] = []
    await visit(ws, "sources", "", timeout, buttons=drawn, widgets=[state], alerts=alerts)
    refused = any(f"{name} cannot be used" in a.replace("\\", "") for a in alerts)
    return refused and not any(b.endswith("-sipri-use") for b in drawn)  # never called a valid workbook


async def _make_files_in_tab(url: str, link: str, timeout: float) -> bool:
    """One more tab of the briefing link pressing "Make the files": was a deck offered for download?"""
    async with connect(url) as ws:
        buttons: list[str] = []
        await visit(ws, "briefing", link, timeout, buttons=buttons)
        press = next(b for b in buttons if b.endswith("-briefing-make"))
        drawn: list[str] = []
        await visit(ws, "briefing", link, timeout, press=press, buttons=drawn)
        return any(b.endswith("-briefing-dl-pptx") for b in drawn)


async def _six_decks(url: str, link: str, timeout: float, counted: list[int]) -> None:
    """DECK_TABS tabs ask for the files at the same moment (each its own session, as tabs are); the
    round goes on once every tab has its files (or failed), even if the ordinary sessions are done."""
    tabs = [_make_files_in_tab(url, link, timeout) for _ in range(DECK_TABS)]
    for made in await asyncio.gather(*tabs, return_exceptions=True):
        if made is True:
            counted[2] += 1
        elif isinstance(made, BaseException):
            counted[1] += 1


async def _hostile(url: str, stop: asyncio.Event, timeout: float, counted: list[int]) -> None:
    visits = _hostile_visits()
    bombs = _bombs()
    try:
        async with connect(url) as ws:
            buttons: list[str] = []
            session: list[str] = []
            while not stop.is_set():
                for page, query in visits:
                    if stop.is_set():
                        return
                    if query == UPLOAD_BOMB:
                        try:
                            ids: list[str] = []
                            await visit(ws, page, "", timeout, buttons=ids, session=session)
                            uploader = next(b for b in ids if "-sipri-upload-" in b)
                            bomb = bombs[counted[3] % len(bombs)]
                            if await _upload(ws, url, session[-1], uploader, bomb, timeout):
                                counted[3] += 1
                            else:  # not refused by name: the upload was lost, or a bomb passed
                                counted[1] += 1
                        except (TimeoutError, RuntimeError, StopIteration, OSError):
                            counted[1] += 1
                        continue
                    if query.endswith("&" + SIX_DECKS):
                        await _six_decks(url, query.removesuffix("&" + SIX_DECKS), timeout, counted)
                        continue
                    press = ""
                    if query.endswith("&" + MAKE_FILES):
                        query = query.removesuffix("&" + MAKE_FILES)
                        press = next((b for b in buttons if b.endswith("-briefing-make")), "")
                    try:
                        drawn: list[str] = []
                        await visit(ws, page, query, timeout, press=press, buttons=drawn)
                        counted[0] += 1
                        counted[2] += bool(press) and any(b.endswith("-briefing-dl-pptx") for b in drawn)
                        buttons = drawn or buttons
                    except (TimeoutError, RuntimeError):
                        counted[1] += 1
    except (OSError, websockets.exceptions.ConnectionClosed):
        counted[1] += 1


@dataclass
class Result:
    times_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sessions_done: int = 0
    loads: list[tuple[float, str, float]] = field(default_factory=list)  # (asked at, s since start; page; ms)


async def _session(url: str, result: Result, timeout: float) -> None:
    try:
        async with connect(url) as ws:
            for page, query in VISITS:
                try:
                    asked = time.perf_counter()
                    result.times_ms.append(await visit(ws, page, query, timeout))
                    result.loads.append((asked, page, result.times_ms[-1]))
                except TimeoutError:
                    result.errors.append(f"{page}: no script_finished within {timeout:.0f} s")
                    return
                except RuntimeError as err:
                    result.errors.append(str(err))
        result.sessions_done += 1
    except OSError as err:
        result.errors.append(f"connect: {err}")
    except websockets.exceptions.ConnectionClosed as err:
        result.errors.append(f"connection closed by the server: {err}")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children_rss_mb(pid: int) -> float:
    """The resident memory of the server's child processes (the upload worker and the picture worker)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                total += _rss_mb(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return total


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(sessions: int, waves: int, timeout: float, settle: float, hostile: int = 0) -> dict[str, object]:
    server = start_server()
    assert server.url.startswith("http://127.0.0.1:"), "the load driver only ever targets this machine"
    pid = server.proc.pid
    try:
        asyncio.run(_session(server.url, Result(), timeout))  # warm: imports, data caches
        before = _rss_mb(pid)
        peak = [before]
        stop = threading.Event()

        worker_peak = [0.0]

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], _rss_mb(pid))
                worker_peak[0] = max(worker_peak[0], _children_rss_mb(pid))
                time.sleep(0.25)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        result = Result()
        t0 = time.perf_counter()
        attacks = [0, 0, 0, 0]  # hostile runs finished, failed, decks made, bombs uploaded and refused
        for _ in range(waves):

            async def wave() -> None:
                stop_hostile = asyncio.Event()
                attackers = [
                    asyncio.create_task(_hostile(server.url, stop_hostile, timeout, attacks)) for _ in range(hostile)
                ]
                if attackers:
                    await asyncio.sleep(2.0)  # they are already running when the others arrive
                await asyncio.gather(*(_session(server.url, result, timeout) for _ in range(sessions)))
                stop_hostile.set()
                await asyncio.gather(*attackers)

            asyncio.run(wave())
        elapsed = time.perf_counter() - t0
        stop.set()
        sampler.join()
        # memory while the sessions' resume window runs out (server.disconnectedSessionTTL)
        timeline = []
        for second in range(0, int(settle) + 1, 10):
            time.sleep(min(10, settle - second) if second else 0)
            timeline.append((second, _rss_mb(pid)))
        time.sleep(max(0.0, settle - timeline[-1][0]))
        after = _rss_mb(pid)
        worker_after = _children_rss_mb(pid)
    finally:
        stop_server(server)
    return {
        "sessions": sessions * waves,
        "served": result.sessions_done,
        "sessions_per_min": result.sessions_done / elapsed * 60,
        "page_loads": len(result.times_ms),
        "p50_ms": statistics.median(result.times_ms) if result.times_ms else float("nan"),
        "p95_ms": _pct(result.times_ms, 0.95),
        "errors": result.errors,
        "rss_before_mb": before,
        "rss_peak_mb": peak[0],
        "rss_after_mb": after,
        "settle_s": settle,
        "timeline": timeline,
        "hostile": hostile,
        "hostile_runs": attacks[0],
        "hostile_failed": attacks[1],
        "hostile_decks": attacks[2],
        "hostile_uploads": attacks[3],
        "worker_peak_mb": worker_peak[0],
        "worker_after_mb": worker_after,
        "slowest": [(asked - t0, page, ms) for asked, page, ms in sorted(result.loads, key=lambda x: -x[2])[:5]],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=20, help="sessions opened at once (default 20)")
    ap.add_argument("--waves", type=int, default=1, help="how many times to open that many (default 1)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds a page may take before it counts as failed")
    ap.add_argument("--settle", type=float, default=60.0, help="seconds to wait after closing before reading memory")
    ap.add_argument("--hostile", type=int, default=0, help="hostile sessions running beside them (default 0)")
    args = ap.parse_args()
    r = run(args.sessions, args.waves, args.timeout, args.settle, args.hostile)
    errors = r["errors"]
    assert isinstance(errors, list)
    print(
        f"| {r['sessions']} sessions at once x {len(VISITS)} pages | served {r['served']} | "
        f"{r['sessions_per_min']:.0f} sessions/min | p50 {r['p50_ms']:.0f} ms | p95 {r['p95_ms']:.0f} ms | "
        f"errors {len(errors)} | RSS {r['rss_before_mb']:.0f} -> peak {r['rss_peak_mb']:.0f} -> "
        f"{r['rss_after_mb']:.0f} MB after {r['settle_s']:.0f} s |"
    )
    timeline = r["timeline"]
    assert isinstance(timeline, list)
    print("  RSS after the sessions closed: " + ", ".join(f"{s} s {mb:.0f} MB" for s, mb in timeline))
    if r["hostile"]:
        print(
            f"  beside {r['hostile']} hostile sessions: {r['hostile_runs']} of their runs finished, "
            f"{r['hostile_failed']} failed, {r['hostile_decks']} decks made, "
            f"{r['hostile_uploads']} workbook bombs uploaded and refused"
        )
    print(
        f"  the server's child processes (upload and picture workers): peak {r['worker_peak_mb']:.0f} MB, "
        f"{r['worker_after_mb']:.0f} MB after {r['settle_s']:.0f} s"
    )
    slowest = r["slowest"]
    assert isinstance(slowest, list)
    print("  slowest: " + ", ".join(f"{page} {ms / 1000:.1f} s (asked at {at:.0f} s)" for at, page, ms in slowest))
    for e in errors[:10]:
        print("  error:", e)


if __name__ == "__main__":
    main()
