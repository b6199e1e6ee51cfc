"""How long the arms map takes to appear in the browser. Run by hand; prints a table.

    python bench/map_draw.py                 # the page and the controls, 5 repetitions each
    python bench/map_draw.py -n 3 --cases page,basemap
    python bench/map_draw.py --cases variants  # map-only apps: where does the time go?

Each repetition opens a fresh offline browser context (cold browser cache, as a first visit)
against one server (warmed by a first, untimed visit), with Debian's Chromium through the test
harness (tests/support/browser.py). Times are from ``page.goto`` on:

- ready: the script has finished (wait_for_app: connected, content there, ``notRunning``);
- canvas: the map element's screenshot first shows the basemap's background colour;
- drawn: it first shows the countries (more than 6 distinct colours, background among them);
- redraw (page only): after picking one recipient (Poland) in the filter, until the canvas
  shows a different picture again (and the script has finished).

Controls, one-line apps written to a temporary folder (static/ linked in, so the blank style
is served the same way): ``empty`` = no MapLibre map, one deck.gl polygon (the ocean); ``basemap`` = no layers,
the blank offline style; ``mapalone`` = the page's own map JSON in an app with nothing else.
Variants (``--cases variants``) change one thing in the map JSON each, to find the cost.
Screenshots are polled every ~100 ms; an element screenshot itself costs some 30-80 ms.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.browser import (  # noqa: E402  (the same server and browser as the e2e tests)
    CHROMIUM_ARGS,
    chromium_path,
    offline_context,
    start_server,
    stop_server,
    wait_for_app,
)

MAP = "[data-testid=stDeckGlJsonChart]"
BACKGROUND = (0xDF, 0xE9, 0xF3)  # static/map_style.json
TIMEOUT_S = 40.0
CONTROLS = {"empty", "basemap"}  # no countries to wait for
POLL_MS = int(os.environ.get("MAP_DRAW_POLL_MS", "100"))  # between screenshots of the map

# A one-file app for the controls and the variants: the map (or nothing) and a heading.
APP = """
import json, os, sys
sys.path.insert(0, {root!r})
import streamlit as st
import pydeck as pdk

st.set_page_config(layout="wide")
st.title("map")
case = os.environ["MAP_DRAW_CASE"]
if case == "empty":  # pydeck's default style with no provider: Streamlit draws no MapLibre map at all
    ocean = pdk.Layer("SolidPolygonLayer", id="ocean", get_polygon="p", get_fill_color=[0xDF, 0xE9, 0xF3, 255],
                      data=[{{"p": [[-720, -85.05], [720, -85.05], [720, 85.05], [-720, 85.05]]}}])
    deck = pdk.Deck(layers=[ocean], map_provider=None)
    st.pydeck_chart(deck, height=470, width="stretch")
elif case == "basemap":
    from atlas.arms import maps
    deck = maps.CompactDeck(layers=[], map_provider=maps.MAP_PROVIDER, map_style=maps.MAP_STYLE)
    st.pydeck_chart(deck, height=470, width="stretch")
else:
    sys.path.insert(0, {bench!r})
    from map_draw import variant_json
    from atlas.arms import maps

    @st.cache_data
    def spec(case):
        return variant_json(case)

    st.pydeck_chart(maps.PrebuiltDeck(spec(case)), height=470, width="stretch")
"""

VARIANTS = {
    "mapalone": "the page's map JSON as built today",
    "nostyle": "map_style None (no MapLibre basemap at all; offline it fetches nothing useful)",
    "nobasemap": "no MapLibre at all (Streamlit's no-style sentinel); the ocean drawn by deck.gl as one polygon",
    "nobasemap_nostroke": "nobasemap, and countries not stroked",
    "nohypo": "no (empty) hypothetical-arcs layer",
    "stroke_recipients": "countries not stroked; a second, unpickable layer outlines only the recipients",
    "lines_all": "countries not stroked; borders of all countries as one LineLayer of segments",
    "lines_recipients": "countries not stroked; recipients' borders as one LineLayer of segments",
    "before": "as the map was before its borders layer: countries stroked by the GeoJsonLayer, no borders layer",
    "world_only": "only the countries layer",
    "no_world": "arcs and points only, no countries layer",
    "unpickable": "countries not pickable (no picking pass, no highlight)",
    "round2": "coordinates rounded to 2 decimals",
    "noprops": "countries without tip text (fill only)",
    "nostroke": "countries not stroked (no border lines)",
}


def _deck_dict() -> dict:
    """The map's deck as a dict, built the way the page builds it (default view, English)."""
    import json

    from atlas import ui  # noqa: F401  (the loaders the page uses)
    from atlas.arms import figures, maps
    from atlas.arms.state import EXPORTER, State
    from atlas.core import geo
    from atlas.ui import datasets, load_dataset_quietly

    data = datasets()
    view, _ = State.from_query({}, data)
    c = figures.compute(view, data, "en")
    capitals = load_dataset_quietly("countries")[["iso3", "lat", "lon"]]
    return json.loads(maps.arms_map(geo.load_world(), c.per_recipient, capitals, EXPORTER, "en").to_json())


def _round(obj, nd: int):
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, list):
        return [_round(x, nd) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v, nd) for k, v in obj.items()}
    return obj


def variant_json(case: str) -> str:
    import json

    deck = _deck_dict()
    layers = {layer["id"]: layer for layer in deck["layers"]}
    world = layers["countries"]
    if case == "nostyle":
        deck["mapStyle"] = None
        deck["mapProvider"] = None
    elif case.startswith("nobasemap"):
        deck["mapStyle"] = "__MAP_STYLE__"
        deck["mapProvider"] = None
        ocean = {
            "@@type": "SolidPolygonLayer",
            "id": "ocean",
            "data": [{"p": [[-720, -85.05], [720, -85.05], [720, 85.05], [-720, 85.05]]}],
            "getPolygon": "@@=p",
            "getFillColor": [0xDF, 0xE9, 0xF3, 255],
            "pickable": False,
        }
        deck["layers"] = [ocean, *deck["layers"]]
        if case.endswith("nostroke"):
            world["stroked"] = False
    elif case == "nohypo":
        deck["layers"] = [x for x in deck["layers"] if x["id"] != "arcs_hypothetical"]
    elif case == "stroke_recipients":
        world["stroked"] = False
        land = [0xEE, 0xEC, 0xE4, 255]
        shaded = [f for f in world["data"]["features"] if f["properties"]["fill"] != land]
        outline = {
            **world,
            "id": "outlines",
            "data": {"type": "FeatureCollection", "features": shaded},
            "filled": False,
            "stroked": True,
            "pickable": False,
            "autoHighlight": False,
        }
        i = deck["layers"].index(world)
        deck["layers"].insert(i + 1, outline)
    elif case.startswith("lines_"):
        world["stroked"] = False
        land = [0xEE, 0xEC, 0xE4, 255]
        feats = [f for f in world["data"]["features"] if case == "lines_all" or f["properties"]["fill"] != land]
        segs = []
        for f in feats:
            g = f["geometry"]
            polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
            for poly in polys:
                for ring in poly:
                    segs += [{"s": ring[k], "t": ring[k + 1]} for k in range(len(ring) - 1)]
        lines = {
            "@@type": "LineLayer",
            "id": "borders",
            "data": segs,
            "getSourcePosition": "@@=s",
            "getTargetPosition": "@@=t",
            "getColor": [255, 255, 255, 255],
            "getWidth": 1,
            "widthUnits": "pixels",
            "pickable": False,
        }
        deck["layers"].insert(deck["layers"].index(world) + 1, lines)
    elif case == "before":
        world.update(stroked=True, getLineColor=[255, 255, 255, 255], lineWidthMinPixels=0.6)
        deck["layers"] = [x for x in deck["layers"] if x["id"] != "borders"]
    elif case == "world_only":
        deck["layers"] = [world]
    elif case == "no_world":
        deck["layers"] = [x for x in deck["layers"] if x["id"] != "countries"]
    elif case == "unpickable":
        world["pickable"] = False
        world["autoHighlight"] = False
    elif case == "round2":
        for f in world["data"]["features"]:
            f["geometry"] = _round(f["geometry"], 2)
    elif case == "noprops":
        for f in world["data"]["features"]:
            f["properties"] = {"fill": f["properties"]["fill"]}
    elif case == "nostroke":
        world["stroked"] = False
    return json.dumps(deck, separators=(",", ":"))


# ------------------------------------------------------------------ measuring
def _pixels(page) -> tuple[set[tuple[int, int, int]], bytes] | None:
    from PIL import Image

    loc = page.locator(MAP).first
    try:
        if not loc.count():
            return None
        raw = loc.screenshot(timeout=2_000, animations="disabled")
    except Exception:  # noqa: BLE001  (the element is (re)mounting: try again at the next poll)
        return None
    image = Image.open(io.BytesIO(raw)).convert("RGB").resize((160, 90))
    data = list(cast(Iterable[tuple[int, int, int]], image.get_flattened_data()))
    return {(r // 8 * 8, g // 8 * 8, b // 8 * 8) for r, g, b in data}, image.tobytes()


def _has_bg(colours: set) -> bool:
    return any(abs(c[0] - BACKGROUND[0]) <= 8 and abs(c[1] - BACKGROUND[1]) <= 8 and abs(c[2] - BACKGROUND[2]) <= 8
               for c in colours)  # fmt: skip


def _watch(page, t0: float, need_drawn: bool) -> tuple[float | None, float | None, bytes | None]:
    """(ms to background, ms to countries, last picture) polling the map element's pixels."""
    canvas = drawn = None
    last = None
    while time.perf_counter() - t0 < TIMEOUT_S:
        got = _pixels(page)
        now = (time.perf_counter() - t0) * 1000
        if got:
            colours, last = got
            if canvas is None and _has_bg(colours):
                canvas = now
            if _has_bg(colours) and len(colours) > 6:
                drawn = now
                break
            if canvas is not None and not need_drawn:
                break
        page.wait_for_timeout(POLL_MS)
    return canvas, drawn, last


def _redraw(page, before: bytes) -> tuple[float, float | None]:
    """Pick Poland as the only recipient; ms until the script finished, and until the map changed."""
    box = page.locator("[data-testid=stMultiSelect]").first
    t0 = time.perf_counter()
    box.locator("input").first.fill("Poland")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page, timeout=TIMEOUT_S * 1000)
    ready = (time.perf_counter() - t0) * 1000
    changed = None
    stable_prev = None
    while time.perf_counter() - t0 < TIMEOUT_S:
        got = _pixels(page)
        if got and got[1] != before and len(got[0]) > 6 and _has_bg(got[0]):
            if stable_prev == got[1]:  # the same new picture twice: drawn, not mid-way
                changed = (time.perf_counter() - t0) * 1000
                break
            stable_prev = got[1]
        page.wait_for_timeout(100)
    return ready, changed


def _chromium_cpu_ms() -> float:
    """CPU time (user + system, ms) used so far by every Chromium process on the machine we started:
    less swayed than wall time by other work on a shared machine."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
        except OSError:
            continue
        if b"chromium" not in cmd:
            continue
        if str(os.getpid()) not in _ancestors(int(pid)):
            continue
        fields = stat.rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) * 1000 / tick
    return total


def _ancestors(pid: int) -> set[str]:
    out = set()
    for _ in range(8):
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                pid = int(f.read().decode(errors="replace").rsplit(")", 1)[1].split()[1])
        except OSError:
            break
        out.add(str(pid))
    return out


def run_case(browser, server, path: str, n: int, need_drawn: bool, redraw: bool) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"ready": [], "canvas": [], "drawn": [], "redraw_ready": [], "redraw": [], "cpu": []}
    for _ in range(n):
        context, blocked = offline_context(browser)
        page = context.new_page()
        cpu0 = _chromium_cpu_ms()
        t0 = time.perf_counter()
        page.goto(server.url + path)
        wait_for_app(page, timeout=TIMEOUT_S * 1000, content="[data-testid=stMain] h1")
        out["ready"].append((time.perf_counter() - t0) * 1000)
        canvas, drawn, last = _watch(page, t0, need_drawn)
        if canvas is not None:
            out["canvas"].append(canvas)
        if drawn is not None:
            out["drawn"].append(drawn)
        out["cpu"].append(_chromium_cpu_ms() - cpu0)
        if redraw and last is not None:
            r_ready, r_drawn = _redraw(page, last)
            out["redraw_ready"].append(r_ready)
            if r_drawn is not None:
                out["redraw"].append(r_drawn)
        context.close()
    return out


def _fmt(values: list[float], n: int) -> str:
    if not values:
        return "—"
    miss = f" ({n - len(values)} never)" if len(values) < n else ""
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f}){miss}"


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=5, help="repetitions per case (default 5)")
    ap.add_argument("--cases", default="page,empty,basemap,mapalone", help="comma list, or 'variants'")
    args = ap.parse_args()
    cases = args.cases.split(",")
    if cases == ["variants"]:
        cases = list(VARIANTS)
    tmp = Path(tempfile.mkdtemp(prefix="map-draw-"))
    (tmp / "static").symlink_to(ROOT / "static")
    app_file = tmp / "map_app.py"
    app_file.write_text(APP.format(root=str(ROOT), bench=str(ROOT / "bench")), encoding="utf-8")
    servers = {}
    try:
        for case in cases:  # every server up front: the cases then take turns (ABAB), so load hits all alike
            if case == "page":
                servers[case] = (start_server(), "/arms_exports")
            else:
                servers[case] = (start_server(extra_env={"MAP_DRAW_CASE": case}, app=str(app_file)), "/")
        results: dict[str, dict[str, list[float]]] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            for case, (server, path) in servers.items():
                run_case(browser, server, path, 1, case not in CONTROLS, False)  # warm the server, untimed
            for _ in range(args.n):
                for case, (server, path) in servers.items():
                    res = run_case(browser, server, path, 1, case not in CONTROLS, case == "page")
                    for k, v in res.items():
                        results.setdefault(case, {}).setdefault(k, []).extend(v)
            browser.close()
    finally:
        for server, _ in servers.values():
            stop_server(server)
    rows = list(results.items())
    print(f"\nmap draw, ms from page.goto: median (min–max) of {args.n}; {time.strftime('%Y-%m-%d %H:%M')}, "
          f"{os.cpu_count()} cores\n")  # fmt: skip
    head = ["case", "ready", "canvas (bg)", "drawn (countries)", "browser CPU to drawn", "redraw: script done"]
    print("| " + " | ".join([*head, "redraw: map changed"]) + " |")
    print("|---|---|---|---|---|---|---|")
    for case, r in rows:
        cells = [_fmt(r[k], args.n) for k in ("ready", "canvas", "drawn", "cpu", "redraw_ready", "redraw")]
        print(f"| {case} | " + " | ".join(cells) + " |")
    print()
    for case, _ in rows:
        if case in VARIANTS:
            print(f"- {case}: {VARIANTS[case]}")


if __name__ == "__main__":
    main()
