"""A figure's chart drawn for a slide: no title or footer (the slide writes them), type a room can read.

The picture on a page carries its own title, filters and sources in 11-20 px text; on a slide those
are slide text at 18 pt or more, so the slide's picture is the chart alone, drawn at the size of the
box it fills (1 CSS px = 1 pt on the slide) with every font at least MIN_FONT px. Charts whose own
size is fixed (a vote matrix, faceted cards) are scaled to fit, and atlas.render.deck checks the
scale keeps their labels at 12 pt or more.
"""

from __future__ import annotations

import copy
from typing import Any

from atlas.core.charts import to_spec
from atlas.core.figure import Figure
from atlas.render import fonts, picture, vega

MIN_FONT = 17  # px at 1 px = 1 pt: labels stay >= 12 pt even when the picture is scaled to 71%
FONT_KEYS = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")
SCALE = 2  # PNG pixels per CSS px: sharp on a projector


def _at_least(node: Any, size: int) -> None:
    """Raise every font size written in the spec to size (marks, axes, legends, headers, titles)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in FONT_KEYS and isinstance(value, (int, float)) and value < size:
                node[key] = size
            else:
                _at_least(value, size)
    elif isinstance(node, list):
        for value in node:
            _at_least(value, size)


def _config(font: str) -> dict[str, Any]:
    big = {"labelFontSize": MIN_FONT, "titleFontSize": MIN_FONT + 2}
    return {
        "font": font,
        "axis": big,
        "legend": {**big, "symbolSize": 160},
        "header": big,
        "title": {"fontSize": MIN_FONT + 2, "subtitleFontSize": MIN_FONT},
        "text": {"fontSize": MIN_FONT},
        "mark": {"fontSize": MIN_FONT},
    }


STEP = 18  # px a category row or column needs for MIN_FONT labels (bars closer than on screen)


def _categories(spec: dict[str, Any], channel: str) -> int:
    """How many distinct values the chart's discrete channel (x or y) shows, from its inline datasets."""
    layers = spec.get("layer") or [spec]
    datasets = spec.get("datasets") or {}
    for layer in layers:
        enc = (layer.get("encoding") or {}).get(channel) or (spec.get("encoding") or {}).get(channel) or {}
        if enc.get("type") not in ("nominal", "ordinal") or "field" not in enc:
            continue
        name = (layer.get("data") or spec.get("data") or {}).get("name")
        rows = datasets.get(name) if name else (layer.get("data") or {}).get("values")
        if isinstance(rows, list):
            return len({str(r.get(enc["field"])) for r in rows if isinstance(r, dict)})
    return 0


def _fixed(node: dict[str, Any]) -> bool:
    """A chart that set its own size in numbers (a map whose labels are placed for that size)."""
    return isinstance(node.get("width"), (int, float)) and isinstance(node.get("height"), (int, float))


def _size_unit(node: dict[str, Any], width: int, height: int) -> None:
    """A unit or layer chart takes the box. Along a discrete axis (one band per recipient, member ...)
    it takes STEP px a band instead, so labels never overlap; the deck then scales the picture to fit."""
    fit = []
    for size, channel, box in (("width", "x", width), ("height", "y", height)):
        asked = node.get(size)
        if isinstance(asked, dict) and "step" in asked:
            node[size] = {"step": max(int(asked["step"]), STEP)}
        elif _categories(node, channel) * STEP > box:
            node[size] = {"step": STEP}
        else:
            node[size] = box
            fit.append(channel)
    if fit:
        node["autosize"] = {"type": "fit" if len(fit) == 2 else f"fit-{fit[0]}", "contains": "padding"}


def slide_spec(fig: Figure, width: int, height: int, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The chart alone as a Vega-Lite spec, to be drawn width x height CSS px (1 px = 1 pt on the slide).

    base: the chart's spec when the caller already has it (a cached one: an arms map's picture twin
    costs about 0.4 s to build); it is copied, not changed."""
    if fig.chart is None:
        raise ValueError(f"figure {fig.id} has no chart to draw")
    spec = copy.deepcopy(base) if base is not None else to_spec(fig.chart)
    spec.pop("$schema", None)
    if spec.get("title") == fig.title or isinstance(spec.get("title"), dict) and spec["title"].get("text") == fig.title:
        spec.pop("title")
    if ("mark" in spec or "layer" in spec) and not _fixed(spec):
        _size_unit(spec, width, height)
    picture._fix_container_sizes(spec)
    font = fonts.chart_font(fig.lang, *picture.texts(fig))  # the CJK face only where Korean is drawn
    spec["config"] = picture._merge(picture._merge(picture._theme(font), spec.get("config", {})), _config(font))
    if font != picture._LATIN:  # numbers and symbols in the Latin face, as picture_spec draws them
        picture._latin_labels(spec, spec.get("datasets", {}))
    _at_least(spec, MIN_FONT)
    spec["padding"] = 8
    spec["background"] = "white"
    spec["$schema"] = "https://vega.github.io/schema/vega-lite/v6.json"
    return spec


def png(fig: Figure, width: int, height: int) -> bytes:
    """The slide picture as PNG (MissingFont when Korean text has no font to draw it)."""
    fonts.require_for(*picture.texts(fig))
    return png_from_spec(slide_spec(fig, width, height), fig.lang, (width, height))


def png_from_spec(spec: dict[str, Any], lang: str, box: tuple[int, int] | None = None) -> bytes:
    """Draw the spec at SCALE pixels per CSS px. The PNG records that scale (ppi = 72 x SCALE; vl-convert
    multiplies scale by ppi / 72), which atlas.render.deck reads back to know its labels' size."""
    return vega.png(spec, lang, scale=1, ppi=72 * SCALE)


def svg_from_spec(spec: dict[str, Any], lang: str) -> str:
    """The same picture as SVG markup, for a screen that scales it: about a fifth of the PNG's time (an
    arms map: 0.1 s against 0.5-0.9 s). Its text names the faces of the spec's font list."""
    return vega.svg(spec, lang)


def png_scale(data: bytes) -> float:
    """The PNG's pixels per CSS px, from its pHYs chunk (SCALE when it has none)."""
    import struct

    at = data.find(b"pHYs")
    if at < 0:
        return float(SCALE)
    per_metre, _, unit = struct.unpack(">IIB", data[at + 4 : at + 13])
    return per_metre * 0.0254 / 72 if unit == 1 else float(SCALE)
