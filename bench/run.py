"""Performance benchmark (run by hand): prints a Markdown report and writes it to bench/results.md and
README.md's Performance section (between the bench markers), then runs the timing and memory checks
(`python -m pytest -m perf`).

    python bench/run.py              # everything: reruns, browser loads, memory, scale, exports
    python bench/run.py --quick      # fewer repetitions, no x100 scale case
    python bench/run.py --no-perf-tests
    python bench/run.py --pages sources,overview --repeats 5   # only these warm reruns and the one-line app

Per page, on this machine, in one run:
- warm rerun after a filter change: median of N AppTest reruns (server-side script time);
- the same over a real server's websocket (request to script_finished, what the browser waits for);
- page ready: opening the URL in Chromium until the script has finished and every chart
  and map has drawn;
- bytes sent to the browser for one page load (HTTP bodies + WebSocket frames);
- server resident memory after every page has been visited;
- the same for a one-line Streamlit app (bench/baseline_app.py) and each page's ratio; over the
  websocket the yardstick is that app with the app's server settings (bench/baseline_nodelay_app.py:
  TCP_NODELAY), and stock Streamlit's one-line app is shown beside it (the 40 ms stall);
- reruns with synthetic data ten and a hundred times larger (decisions, votes, deals, events);
- exports (bench/exports.py): every page's slowest picture, decks and handouts, in both languages.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.browser import (  # noqa: E402  (reuse the test harness: same server, same browser)
    CHROMIUM_ARGS,
    chromium_path,
    offline_context,
    start_server,
    stop_server,
    wait_for_app,
)

GROWN = {  # file -> id columns that must stay unique / keep pointing at their copies
    "arms_exports.csv": ["deal_id", "parent_deal_id"],
    "unsc_decisions.csv": ["decision_id"],
    "unsc_votes.csv": ["decision_id"],
    "events.csv": ["event_id", "deal_id", "decision_id"],
}


def make_synthetic(factor: int, out: Path) -> Path:
    """A copy of data/ with deals, decisions, votes and events repeated `factor` times."""
    shutil.copytree(ROOT / "data", out, dirs_exist_ok=True)
    for file, id_cols in GROWN.items():
        src = ROOT / "data" / file
        if not src.exists():
            continue
        df = pd.read_csv(src, dtype=str, keep_default_na=False)
        copies = []
        for k in range(factor):
            c = df.copy()
            if k:
                for col in id_cols:
                    if col in c:
                        c[col] = c[col].where(c[col] == "", c[col] + f"-S{k}")
            copies.append(c)
        pd.concat(copies).to_csv(out / file, index=False)
    return out


# ------------------------------------------------------------------ server-side reruns
def rerun_times(repeats: int, pages: list[str] | None = None) -> dict[str, float]:
    """Median warm rerun (ms) per page (every page, or those named) after a filter change, in this process's
    data dir."""
    from streamlit.testing.v1 import AppTest

    from atlas.ui import PAGES

    result = {}
    for spec in PAGES:
        if pages is not None and spec.id not in pages:
            continue
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.switch_page(spec.path).run()
        change = _filter_change(at)
        for _ in range(2):  # warm the caches
            change()
            at.run()
        times = []
        for _ in range(repeats):
            change()
            t0 = time.perf_counter()
            at.run()
            times.append((time.perf_counter() - t0) * 1000)
            assert not at.exception, [e.message for e in at.exception]
        result[spec.id] = statistics.median(times)
    return result


def baseline_rerun_ms(repeats: int) -> float:
    """Median rerun of the one-line app (bench/baseline_app.py), the yardstick for the pages' reruns."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "bench" / "baseline_app.py"), default_timeout=60)
    at.run()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _filter_change(at):
    """Alternate the page's year range (its common filter); else a plain rerun."""
    sliders = [s for s in at.slider if s.key == "years"]
    if not sliders:
        return lambda: None
    s = sliders[0]
    lo, hi = s.min, s.max
    state = {"n": 0}

    def change() -> None:
        state["n"] += 1
        s.set_value((lo + 1, hi) if state["n"] % 2 else (lo, hi))

    return change


def rerun_times_in(data_dir: Path | None, repeats: int) -> dict[str, float]:
    env = {**os.environ}
    if data_dir:
        env["ATLAS_DATA_DIR"] = str(data_dir)
    out = subprocess.run(
        [sys.executable, __file__, "--reruns-json", "--repeats", str(repeats)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise RuntimeError(f"reruns failed with data in {data_dir}:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ browser loads
def browser_loads(
    app: str, paths: list[tuple[str, str]], content: str = "[data-testid=stMain] h1", loads: int = 3
) -> tuple[dict[str, tuple[list[float], int]], float, int, int]:
    """Per path: ready ms of `loads` loads (each in a new browser context: no browser cache) and the bytes of
    the first; the first page's ready on the fresh server; the server's RSS and peak RSS (kB) after all pages.
    In the first load's context the page's filter change to redrawn is timed (BROWSER_REDRAWS)."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    server = start_server(app=app)
    results: dict[str, tuple[list[float], int]] = {}
    redraws: dict[str, list[float] | None] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            # The server's first page pays Python's imports and the data caches; time it on its
            # own, then measure every page against a warm server as a reader would meet it.
            warm = browser.new_page()
            t0 = time.perf_counter()
            warm.goto(server.url + paths[0][1])
            wait_for_app(warm, timeout=60_000, content=content)
            _wait_for_figures(warm)
            cold_start = (time.perf_counter() - t0) * 1000
            warm.close()
            for page_id, path in paths:
                readies: list[float] = []
                sent = 0
                for k in range(loads):
                    context, blocked = offline_context(browser)
                    page = context.new_page()
                    requests: list[Any] = []
                    ws_bytes = {"n": 0}

                    def on_ws(ws, ws_bytes=ws_bytes) -> None:
                        ws.on("framereceived", lambda data: ws_bytes.__setitem__("n", ws_bytes["n"] + len(data)))

                    page.on("requestfinished", lambda request, requests=requests: requests.append(request))
                    page.on("websocket", on_ws)
                    t0 = time.perf_counter()
                    page.goto(server.url + path)
                    wait_for_app(page, timeout=60_000, content=content)
                    _wait_for_figures(page)
                    readies.append((time.perf_counter() - t0) * 1000)
                    if k == 0:
                        # Bytes once the page has fetched all it fetches (the map's chunk can finish after the
                        # figures show): counted at ready, the column would depend on how busy the machine was.
                        try:
                            page.wait_for_load_state("networkidle", timeout=15_000)
                        except PlaywrightError:
                            pass
                        # bytes on the wire: encoded bodies and headers of every response, plus WebSocket frames
                        sizes = (r.sizes() for r in requests)
                        sent = sum(z["responseBodySize"] + z["responseHeadersSize"] for z in sizes) + ws_bytes["n"]
                        redraws[page_id] = redraw_samples(page) if page_id != "baseline" else None
                    context.close()
                results[page_id] = (readies, sent)
            browser.close()
        rss, peak = _rss_kb(server.proc.pid)
    finally:
        stop_server(server)
    BROWSER_REDRAWS.update(redraws)
    return results, cold_start, rss, peak


BROWSER_REDRAWS: dict[str, list[float] | None] = {}
WIRE_REPEATS = 12
REDRAW_SAMPLES = 5  # filter changes timed per page in Chromium


async def _years_slider(ws, page: str) -> tuple[str, float, float] | None:
    """Run the page once (its own URL state); the id, min and max of its "years" slider, if it draws one."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from deploy.warm import DEFAULT_PAGE

    msg = BackMsg()
    msg.rerun_script.page_name = "" if page == DEFAULT_PAGE else page
    await ws.send(msg.SerializeToString())
    found = None
    while True:
        fm = ForwardMsg()
        fm.ParseFromString(await asyncio.wait_for(ws.recv(), 120))
        kind = fm.WhichOneof("type")
        if kind == "delta" and fm.delta.new_element.WhichOneof("type") == "slider":
            slider = fm.delta.new_element.slider
            if found is None and slider.id.endswith("-years"):
                found = (slider.id, slider.min, slider.max)
        if kind == "script_finished":
            return found


async def interleaved_wire_reruns(
    app_url: str, pages: list[str], base_url: str, stock_url: str | None, repeats: int
) -> dict[str, list[float]]:
    """Warm reruns over real servers' websockets, ms from the request to script_finished: what the browser
    waits for, the wire included.

    Each round runs every page of the app once (a change of its year range, as a reader's filter
    change) and the one-line app (with the app's server settings) right after it, on the same machine
    at the same moment: a busy second slows both alike. Three untimed rounds warm the caches. Returns
    the samples per page and "baseline"; with stock_url, also "stock": stock Streamlit's one-line app,
    rerun back to back on one connection, as a reader clicking through does (a message waiting for
    the client's delayed ACK shows there; interleaved, the client's quick ACKs after a pause hide it).
    """
    from deploy.warm import connect

    out: dict[str, list[float]] = {p: [] for p in [*pages, "baseline"]}
    # A session per page, as a reader's tab: each run changes the filter of the page it is on (one session
    # going round the pages would switch pages every run, and a switch reads the page's URL afresh).
    async with AsyncExitStack() as stack:
        one = await stack.enter_async_context(connect(base_url))
        tabs = {page: await stack.enter_async_context(connect(app_url)) for page in pages}
        sliders = {page: await _years_slider(tabs[page], page) for page in pages}
        for rnd in range(3 + repeats):
            for page in pages:
                t = await _change(tabs[page], page, sliders[page], rnd)
                b = await _change(one, "overview", None, rnd)
                if rnd >= 3:
                    out[page].append(t)
                    out["baseline"].append(b)
    if stock_url:
        async with connect(stock_url) as stock:
            out["stock"] = [await _change(stock, "overview", None, i) for i in range(3 + repeats)][3:]
    return out


async def _change(ws, page: str, slider: tuple[str, float, float] | None, i: int) -> float:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    from deploy.warm import visit

    widgets = []
    if slider is not None:
        sid, lo, hi = slider
        state = WidgetState(id=sid)
        state.double_array_value.data.extend([lo + 1 if i % 2 == 0 else lo, hi])
        widgets.append(state)
    return await visit(ws, page, "", 120, widgets=widgets)


def wire_reruns(repeats: int = WIRE_REPEATS, extra_env: dict[str, str] | None = None) -> dict[str, list[float]]:
    """interleaved_wire_reruns on servers of their own: the app, the one-line app with the app's server
    settings (bench/baseline_nodelay_app.py) and stock Streamlit's one-line app (bench/baseline_app.py)."""
    from atlas.ui import PAGES

    servers = [
        start_server(extra_env=extra_env),
        start_server(extra_env=extra_env, app="bench/baseline_nodelay_app.py"),
        start_server(extra_env=extra_env, app="bench/baseline_app.py"),
    ]
    try:
        app, base, stock = (s.url for s in servers)
        return asyncio.run(interleaved_wire_reruns(app, [p.id for p in PAGES], base, stock, repeats))
    finally:
        for server in servers:
            stop_server(server)


_OBSERVE = """() => {
  // The page is busy while its DOM changes or its main thread runs a long task (a chart or the map drawing
  // on a canvas changes no DOM): __busyUntil is the end of the last of either.
  window.__busyUntil = performance.now();
  window.__ranAt = 0;
  const busy = (t) => { if (t > window.__busyUntil) window.__busyUntil = t; };
  new MutationObserver(() => busy(performance.now()))
    .observe(document.querySelector('[data-testid=stMain]'), {subtree: true, childList: true, attributes: true});
  new PerformanceObserver((list) => { for (const e of list.getEntries()) busy(e.startTime + e.duration); })
    .observe({type: 'longtask'});
  const app = document.querySelector('[data-testid=stApp]');
  // A rerun of 100-150 ms can start and finish between two polls: note when the script starts running.
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__ranAt = performance.now();
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
QUIET_MS = 300  # the page counts as redrawn once it has been quiet (no DOM change, no long task) this long


def _wait_quiet(page, quiet_ms: float, timeout_ms: float = 30_000) -> None:
    deadline = time.perf_counter() + timeout_ms / 1000
    while page.evaluate("performance.now() - window.__busyUntil") < quiet_ms and time.perf_counter() < deadline:
        page.wait_for_timeout(50)


def redraw_samples(page, n: int = REDRAW_SAMPLES) -> list[float] | None:
    """What a user feels, n times: from a filter change (the year slider's key press) to the page redrawn.

    Once the page has settled after its load (the map draws after the script has finished), the
    page's first year slider moves one step by keyboard, then back, n changes in all; each time runs
    from the key press until the script has finished and the page has been quiet for QUIET_MS (no DOM
    change, no long task: charts and the map redrawn), and the next change waits for that. The first
    change of a page is among the samples (a view not yet computed on the server); the others move
    between two views as a reader trying a filter does. None when the page shows no slider within
    5 s, or its slider starts no rerun.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect

    slider = page.get_by_role("slider").first
    try:  # the filters may appear a moment after the figures
        slider.wait_for(state="attached", timeout=5_000)
    except PlaywrightError:
        return None
    page.evaluate(_OBSERVE)
    _wait_quiet(page, 500)
    thumb = slider.element_handle()
    thumb.focus()
    app = page.locator("[data-testid=stApp]")
    keys = ["ArrowRight", "ArrowLeft"]  # a thumb already at its end does not move one way: try the other
    samples: list[float] = []
    while len(samples) < n:
        before = thumb.evaluate("el => el.value")  # the thumb is an <input type=range>
        if not thumb.evaluate("el => el === document.activeElement"):
            thumb.focus()
        # The key goes to the focused thumb: a locator's press would first search the page by role, which on a
        # page of thousands of elements takes the browser's main thread 100-300 ms, inside the time measured.
        t0 = page.evaluate("performance.now()")
        page.keyboard.press(keys[0])
        try:  # a page still busy drawing takes a while to take the key (a loaded machine: seconds)
            page.wait_for_function("([el, v]) => el.value !== v", arg=[thumb, before],
                                   timeout=15_000)  # fmt: skip
        except PlaywrightError:
            if samples or keys[0] != "ArrowRight":
                break  # the thumb moves neither way: nothing (more) to time
            keys.reverse()
            continue
        keys.reverse()  # the next change moves the thumb back
        try:
            page.wait_for_function(f"window.__ranAt > {t0}", timeout=15_000)
        except PlaywrightError:
            pass  # a rerun of a few ms can finish before the app shows it running: the quiet wait still covers it
        expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=60_000)
        _wait_quiet(page, QUIET_MS, 60_000)
        samples.append(float(page.evaluate("window.__busyUntil")) - float(t0))
    return samples or None


def _wait_for_figures(page) -> None:
    from playwright.sync_api import expect

    for chart in page.locator("[data-testid=stVegaLiteChart]").all():
        expect(chart.locator("canvas, svg").first).to_be_visible(timeout=30_000)
    for deck in page.locator("[data-testid=stDeckGlJsonChart]").all():
        expect(deck.locator("canvas").first).to_be_visible(timeout=30_000)


def _rss_kb(pid: int) -> tuple[int, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


# ------------------------------------------------------------------ report
RESULTS = ROOT / "bench" / "results.md"
README = ROOT / "README.md"
BEGIN, END = "<!-- bench -->", "<!-- /bench -->"
RERUN_GOAL_X = 15  # a warm rerun within this many times the one-line app's


def baseline_redraws() -> list[float]:
    """Filter change to redrawn in the one-line app with a year slider (bench/baseline_slider_app.py): the floor
    that Streamlit and the browser set on this machine."""
    from playwright.sync_api import sync_playwright

    server = start_server(app="bench/baseline_slider_app.py")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            context, _ = offline_context(browser)
            page = context.new_page()
            page.goto(server.url)
            wait_for_app(page, timeout=60_000)
            samples = redraw_samples(page) or []
            context.close()
            browser.close()
    finally:
        stop_server(server)
    if not samples:
        raise RuntimeError("the slider of bench/baseline_slider_app.py started no rerun")
    return samples


def pages_only(names: list[str], repeats: int) -> None:
    """Print these pages' websocket reruns (interleaved with the one-line app) and filter change to redrawn."""
    from playwright.sync_api import sync_playwright

    servers = [start_server(), start_server(app="bench/baseline_nodelay_app.py")]
    try:
        wire = asyncio.run(interleaved_wire_reruns(servers[0].url, names, servers[1].url, None, repeats))
        base = statistics.median(wire["baseline"])
        print(f"one-line app over the websocket: {spread(wire['baseline'])} ms")
        for page in names:
            ms = statistics.median(wire[page])
            print(f"{page}: rerun over the websocket {spread(wire[page])} ms, {ms / base:.1f}x the one-line app")
        floor = baseline_redraws()
        print(f"one-line app with a year slider: filter change to redrawn {spread(floor)} ms")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            for page_id in names:
                context, _ = offline_context(browser)
                page = context.new_page()
                page.goto(servers[0].url + "/" + ("" if page_id == "overview" else page_id))
                wait_for_app(page, timeout=60_000)
                _wait_for_figures(page)
                samples = redraw_samples(page)
                shown = (
                    "no year slider"
                    if not samples
                    else f"{spread(samples)} ms ({', '.join(f'{x:.0f}' for x in samples)})"
                )
                print(f"{page_id}: filter change to redrawn {shown}")
                context.close()
            browser.close()
    finally:
        for server in servers:
            stop_server(server)


def redraw_cells(samples: list[float] | None, base: list[float]) -> str:
    """The redraw column and its ratio to the one-line app's ('— | —' on a page without a year slider)."""
    if not samples:
        return "— | —"
    return f"{spread(samples)} | {statistics.median(samples) / statistics.median(base):.1f}"


def spread(values: list[float]) -> str:
    """'712 (640–1,020)': the median and the range of the samples, in ms."""
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})"


def readme_section(text: str) -> str:
    """What README.md holds between the bench markers (tests/unit/test_readme_performance.py reads it too)."""
    match = re.search(re.escape(BEGIN) + r"\n(.*?)" + re.escape(END), text, re.S)
    if match is None:
        raise ValueError(f"README.md has no {BEGIN} ... {END} section")
    return match.group(1)


def write_results(report: str) -> None:
    """bench/results.md and README.md's section between the bench markers, the same text."""
    body = report.rstrip("\n") + "\n"
    RESULTS.write_text(body, encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    old = readme_section(text)
    README.write_text(text.replace(BEGIN + "\n" + old + END, BEGIN + "\n" + body + END, 1), encoding="utf-8")


def perf_tests(exports: dict) -> str:
    """Run the timing and memory checks (marker perf) on the exports just measured; how they went, in a line."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(exports, f)
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "perf", "-q", "-p", "no:randomly", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, "ATLAS_BENCH_EXPORTS": f.name},
        capture_output=True,
        text=True,
    )
    Path(f.name).unlink()
    tail = [line for line in out.stdout.splitlines() if line.strip()]
    failed = [line.split(" - ")[0].removeprefix("FAILED ") for line in tail if line.startswith("FAILED ")]
    summary = tail[-1].strip("= ") if tail else f"exit status {out.returncode}"
    return f"`python -m pytest -m perf`: {summary}" + (f" ({', '.join(failed)})" if failed else "") + "."


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int, default=12)
    ap.add_argument("--no-perf-tests", action="store_true", help="skip `pytest -m perf` after the report")
    ap.add_argument("--reruns-json", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument(
        "--pages", help="comma-separated page ids: print only their warm reruns (AppTest) and the one-line app's"
    )
    ap.add_argument(
        "--browser", action="store_true", help="with --pages: also their websocket reruns and filter change to redrawn"
    )
    args = ap.parse_args()
    if args.pages:
        names = args.pages.split(",")
        base = baseline_rerun_ms(args.repeats)
        for page, ms in rerun_times(args.repeats, names).items():
            print(f"{page}: warm rerun {ms:.1f} ms, {ms / base:.1f}x the one-line app ({base:.1f} ms)")
        if args.browser:
            pages_only(names, args.repeats)
        return
    if args.reruns_json:
        print(json.dumps(rerun_times(args.repeats)))
        return

    from atlas.ui import PAGES

    load_before = os.getloadavg()[0]
    repeats = 10 if args.quick else args.repeats
    paths = [(p.id, "/" if i == 0 else f"/{p.id}") for i, p in enumerate(PAGES)]
    reruns = rerun_times_in(None, repeats)
    base_rerun = baseline_rerun_ms(repeats)
    n_loads = 3 if args.quick else 5
    loads, cold, rss, peak = browser_loads("app.py", paths, loads=n_loads)
    base_loads, base_cold, base_rss, _ = browser_loads(
        "bench/baseline_app.py", [("baseline", "/")], content="[data-testid=stMarkdown]", loads=n_loads
    )
    base_readies, base_bytes = base_loads["baseline"]
    base_ms = statistics.median(base_readies)
    wire_repeats = 20 if args.quick else 30  # cheap (a few seconds a round), and a busy second sways a median of 10
    wire = wire_reruns(wire_repeats)
    base_wire = statistics.median(wire["baseline"])
    base_redraw = baseline_redraws()
    scale: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (10,) if args.quick else (10, 100):
            scale[factor] = rerun_times_in(make_synthetic(factor, Path(tmp) / f"x{factor}"), repeats)
    from bench.exports import report_lines, time_exports

    exports = time_exports(repeat=2 if args.quick else 3)
    load_after = os.getloadavg()[0]

    lines = [
        f"Benchmark of {date.today().isoformat()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{'quick' if args.quick else 'full'} run, reruns median of {repeats}, "
        f"filter change to redrawn median (min–max) of {REDRAW_SAMPLES}, ready of {n_loads} loads; load average "
        f"{load_before:.1f} at the start and {load_after:.1f} at the end (other work on the machine slows "
        "every number, the app's and the baseline's alike).",
        "",
        "| page | warm rerun (ms) | ×baseline | rerun over the websocket, median (min–max) (ms) | ×baseline "
        "| filter change to redrawn, Chromium, median (min–max) (ms) | ×baseline "
        "| ready in Chromium, median (min–max) (ms) | ×baseline | bytes sent | ×baseline | "
        + " | ".join(f"rerun ×{f} data (ms)" for f in scale)
        + " |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(scale),
    ]
    for page_id, _ in paths:
        readies, sent = loads[page_id]
        redraw = BROWSER_REDRAWS.get(page_id)
        lines.append(
            f"| {page_id} | {reruns[page_id]:.0f} | {reruns[page_id] / base_rerun:.1f} | "
            f"{spread(wire[page_id])} | {statistics.median(wire[page_id]) / base_wire:.1f} | "
            f"{redraw_cells(redraw, base_redraw)} | {spread(readies)} | {statistics.median(readies) / base_ms:.1f} | "
            f"{sent / 1e6:.2f} MB | {sent / base_bytes:.1f} | "
            + " | ".join(f"{scale[f][page_id]:.0f}" for f in scale)
            + " |"
        )
    lines.append(
        f"| baseline (one-line app) | {base_rerun:.0f} | 1.0 | {spread(wire['baseline'])} | 1.0 "
        f"| {spread(base_redraw)} | 1.0 | {spread(base_readies)} | 1.0 | "
        f"{base_bytes / 1e6:.2f} MB | 1.0 |" + " — |" * len(scale)
    )
    stock_wire = statistics.median(wire["stock"])
    lines.append(
        f"| one-line app, stock Streamlit (no TCP_NODELAY) | — | — | {spread(wire['stock'])} | "
        f"{stock_wire / base_wire:.1f} "
        "| — | — | — | — | — | — |" + " — |" * len(scale)
    )
    worst_wire = max(statistics.median(wire[p]) / base_wire for p, _ in paths)
    worst = max(reruns[p] / base_rerun for p, _ in paths)
    lines += [
        "",
        f"Warm reruns over the websocket (a real server, request to `script_finished`: what the browser waits "
        f"for), each a change of the page's year range: at most {worst_wire:.1f}× the one-line app's (goal: within "
        f"{RERUN_GOAL_X}×), median of {wire_repeats}, the one-line app run right after each page's rerun (interleaved, "
        "so a busy moment slows both; pages without a year slider rerun unchanged); the one-line app there runs "
        "with the app's server settings (`bench/baseline_nodelay_app.py`), and stock Streamlit's "
        "one-line app, rerun back to back, is shown below it: its connections wait for the client's delayed ACK "
        "(TCP_NODELAY in "
        f"`atlas/ui/patches.py`). The first column is the script alone (AppTest, no server): at most "
        f"{worst:.0f}× a one-line script's {base_rerun:.0f} ms.",
        f"Filter change to redrawn: in each page's browser context, once the page has settled after loading, "
        f"its year slider moves one step by keyboard and back, {REDRAW_SAMPLES} changes; each runs from the key "
        f"press until the script has finished and the page has been quiet for {QUIET_MS} ms (no DOM change and "
        "no long task: charts and the map drawn). The first change of a page is among them (its view not yet "
        "computed on the server). Its yardstick is the one-line app with a year slider "
        "(`bench/baseline_slider_app.py`): what Streamlit and the browser take on this machine for any rerun.",
        f"First page on a freshly started server (imports and data caches): {cold:.0f} ms "
        f"(baseline app: {base_cold:.0f} ms); the table measures pages on a warm server, "
        f"each load in a new browser context (no browser cache); ready: until the script has finished and every "
        f"chart and map shows its canvas or SVG, median of {n_loads} loads; bytes: the first load's, once its "
        "network is idle.",
        f"Server memory after visiting every page: {rss / 1024:.0f} MB resident (peak {peak / 1024:.0f} MB); "
        f"baseline app: {base_rss / 1024:.0f} MB ({rss / base_rss:.1f}×).",
        "",
        *report_lines(exports),
    ]
    if not args.no_perf_tests:
        lines += ["", perf_tests(exports)]
    report = "\n".join(lines)
    print(report)
    write_results(report)


if __name__ == "__main__":
    main()
