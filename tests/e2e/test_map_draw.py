"""The arms map paints in the browser, and its picture twin's labels do not collide.

Timing in this shared headless Chromium (software WebGL) varies two-fold with the machine's
load, so the browser test bounds the paint generously (a hang, not a few seconds); the numbers
before and after are bench/map_draw.py's.
"""

from __future__ import annotations

import io
import time
from typing import cast

from playwright.sync_api import expect

from tests.support.browser import assert_no_exception, wait_for_app

MAP = "[data-testid=stDeckGlJsonChart]"
BACKGROUND = (0xDF, 0xE9, 0xF3)  # the ocean: static/map_style.json
LAND = (0xEE, 0xEC, 0xE4)  # countries with no deal: the layer the browser fetches from static/map/
PAINT_BOUND_S = 45.0  # a hang, not a slow paint: a loaded 2-core machine takes ~15 s


def _colours(page) -> set[tuple[int, int, int]]:
    from PIL import Image
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:  # software WebGL on a busy machine: one screenshot can take seconds; the loop's bound decides
        raw = page.locator(MAP).first.screenshot(timeout=15_000, animations="disabled")
    except PlaywrightTimeout:
        return set()
    image = Image.open(io.BytesIO(raw)).convert("RGB").resize((160, 90))
    pixels = cast("tuple[tuple[int, int, int], ...]", image.get_flattened_data())  # RGB: (r, g, b)
    return {(r // 8 * 8, g // 8 * 8, b // 8 * 8) for r, g, b in pixels}


def test_map_canvas_paints_countries_and_the_legend_shows_us_dollar_classes(server, offline) -> None:
    context, _ = offline
    page = context.new_page()
    page.goto(f"{server.url}/arms_exports")
    wait_for_app(page)
    assert_no_exception(page)
    expect(page.locator(MAP).first).to_be_visible(timeout=30_000)
    t0 = time.monotonic()
    colours: set[tuple[int, int, int]] = set()
    while time.monotonic() - t0 < PAINT_BOUND_S:
        colours = _colours(page)
        ocean, land = (
            any(all(abs(c[i] - ref[i]) <= 8 for i in range(3)) for c in colours) for ref in (BACKGROUND, LAND)
        )
        if ocean and land and len(colours) > 6 and any(b - r > 80 for r, _, b in colours):  # a blue recipient
            break
        page.wait_for_timeout(200)
    else:
        raise AssertionError(f"the map did not paint countries within {PAINT_BOUND_S:.0f} s: {sorted(colours)[:8]}")
    for label in ("under $100 m", "$1–5 bn", "$10 bn and more", "no known value"):
        expect(page.get_by_text(label, exact=True).filter(visible=True).first).to_be_visible(timeout=10_000)
    expect(page.get_by_text("The map draws in your browser", exact=False).first).to_be_visible()


def test_picture_labels_do_not_overlap_and_every_recipient_is_named() -> None:
    """Europe's recipients (Poland, Norway, Finland, Estonia, Romania ...) sit close together:
    each label gets a free spot beside its country or a number there and a line in the key."""
    from atlas.arms import charts, figures
    from atlas.arms.state import State
    from atlas.core.charts import to_spec
    from atlas.core.figure import Datasets

    data = Datasets()
    state, _ = State.from_query({}, data)
    for lang in ("en", "ko"):
        fig = next(f for f in figures.figures(state, data, lang) if f.id == "arms.map")
        spec = to_spec(fig.chart)
        # the labels are drawn by alignment (left, right, centred), each set with its halo
        by_iso = {r["iso3"]: r for v in spec["datasets"].values() if v and "shown" in v[0] for r in v}
        rows = list(by_iso.values())
        boxes = []
        half = charts.LABEL_SIZE / 2
        for r in rows:  # each label's anchor (tx, ty) is in the picture's pixels, as drawn
            w = charts._text_width(r["shown"])
            left = r["tx"] if r["align"] == "left" else r["tx"] - w if r["align"] == "right" else r["tx"] - w / 2
            boxes.append((left, r["ty"] - half, left + w, r["ty"] + half, r["shown"]))
        clashes = [
            (a[4], b[4])
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        ]
        assert clashes == [], clashes
        named = {r["label"] for r in rows if r["shown"] == r["label"]} | {
            r["key"].split(" ", 1)[1] for r in rows if r["key"]
        }
        assert named == {r["label"] for r in rows}
        assert len(rows) == len(fig.table)  # every recipient of the table is on the picture


def test_countries_are_not_outlined_by_a_path_layer_and_borders_ride_on_the_arc_shader() -> None:
    """The GeoJsonLayer's outlines (a PathLayer over every ring) were the largest single cost of
    the first paint in software WebGL; borders shared by two countries are flat arcs instead."""
    import json

    from atlas.arms import maps
    from atlas.core import geo
    from atlas.core.figure import Datasets

    data = Datasets()
    deck = maps.arms_map(geo.load_world(), _per_recipient(data), data["countries"][["iso3", "lat", "lon"]], "KOR", "en")
    layers = {x["id"]: x for x in json.loads(deck.to_json())["layers"]}
    assert layers["countries"]["stroked"] is False
    borders = layers["borders"]
    assert borders["@@type"] == "ArcLayer" and borders["pickable"] is False
    assert borders["getHeight"] == 0 and borders["greatCircle"] is False
    assert borders["data"] == f"{maps.STATIC_MAP}/{maps.BORDERS_FILE}"  # fetched once, not sent with a rerun
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[2] / "static" / "map" / maps.BORDERS_FILE
    assert 2_000 < len(json.loads(shipped.read_text(encoding="utf-8"))) < 3_000  # the world's inner borders, once each


def _per_recipient(data):  # noqa: ANN001, ANN202
    from atlas.arms import figures
    from atlas.arms.state import State

    state, _ = State.from_query({}, data)
    return figures.compute(state, data, "en").per_recipient
