"""A figure's chart drawn for a slide: no title or footer (the slide writes them), type a room can read.

The picture on a page carries its own title, filters and sources in 11-20 px text; on a slide those
are slide text at 18 pt or more, so the slide's picture is the chart alone, drawn at the size of the
box it fills (1 CSS px = 1 pt on the slide) with every font at least MIN_FONT px. Charts whose own
size is fixed (faceted cards, a map) are scaled to fit, and atlas.render.deck checks the scale keeps
their labels at 12 pt or more; a matrix too big for that continues over slides (split, below).
"""

from __future__ import annotations

import copy
import json
import math
from dataclasses import dataclass, replace
from typing import Any

from atlas.core.charts import to_spec
from atlas.core.figure import Figure
from atlas.render import fonts, picture, vega

MIN_FONT = 17  # px at 1 px = 1 pt: labels stay >= 12 pt even when the picture is scaled to 71%
FONT_KEYS = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")
SCALE = 2  # PNG pixels per CSS px: sharp on a projector


def _at_least(node: Any, size: int) -> None:
    """Raise every font size written in the spec to size (marks, axes, legends, headers, titles). The
    inline data is not walked: rows hold no font sizes (a map's world held 35,000 nodes)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in FONT_KEYS and isinstance(value, (int, float)) and value < size:
                node[key] = size
            elif key not in ("datasets", "values"):
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


def _unit_sizes(node: dict[str, Any], width: int, height: int) -> dict[str, Any]:
    """A unit or layer chart takes the box. Along a discrete axis (one band per recipient, member ...)
    it takes STEP px a band instead, so labels never overlap; the deck then scales the picture to fit."""
    out: dict[str, Any] = {}
    fit = []
    for size, channel, box in (("width", "x", width), ("height", "y", height)):
        asked = node.get(size)
        if isinstance(asked, dict) and "step" in asked:
            out[size] = {"step": max(int(asked["step"]), STEP)}
        elif _categories(node, channel) * STEP > box:
            out[size] = {"step": STEP}
        else:
            out[size] = box
            fit.append(channel)
    if fit:
        out["autosize"] = {"type": "fit" if len(fit) == 2 else f"fit-{fit[0]}", "contains": "padding"}
    return out


def _sized_to_box(spec: dict[str, Any]) -> bool:
    return ("mark" in spec or "layer" in spec) and not _fixed(spec)


def box_sizes(spec: dict[str, Any], width: int, height: int) -> dict[str, Any]:
    """What of a width x height box the slide picture of this chart spec takes: the same answer for two
    boxes means the same picture (a map, or bands of STEP px, keep their own size), so one drawing serves
    both ({} for a chart that keeps its own size)."""
    return _unit_sizes(spec, width, height) if _sized_to_box(spec) else {}


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
    if _sized_to_box(spec):
        spec.update(_unit_sizes(spec, width, height))
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


# ---------------------------------------------------------------- a matrix continued over slides
# A chart may say, in its spec's usermeta, that its columns may continue on further slides:
# {"slide_split": {"x": <column field>, "y": <row field>, "part": <the part line, a template>}}.
# The vote matrix does: sixty decisions and the twenty-odd members who sat for them do not fit one
# slide with labels at 12 pt, so each slide takes as many columns as keep every row of theirs at
# 12 pt, and the slide says which columns it holds and that the others are on the next slides.
SPLIT_KEY = "slide_split"
MIN_SCALE = 12 / MIN_FONT  # the smallest scale of a picture that keeps its MIN_FONT px labels at 12 pt
SPLIT_X_STEP = 24  # px a column takes: labels at -45 degrees, MIN_FONT high, need MIN_FONT / sin 45
SPLIT_ANGLE = -45
LABEL_CHARS = 20  # a longer column label is shortened on the slide and given whole in its notes
PAD = 8  # slide_spec's padding


class PartChart:
    """A part of a split chart, as a chart: its Vega-Lite spec (to_spec reads it with to_dict).

    key: what tells two parts apart in a cache of drawings (the whole chart's id, the part)."""

    def __init__(self, spec: dict[str, Any], key: tuple[int, int, int]) -> None:
        self.spec = spec
        self.key = key

    def to_dict(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return copy.deepcopy(self.spec)


@dataclass(frozen=True)
class Part:
    figure: Figure  # what to draw on this slide
    index: int  # 1-based
    count: int
    first: int  # the first and last column it holds, 1-based, of total
    last: int
    total: int
    line: str  # the part line for the slide ("Decisions 1-28 of 60; all 60 are on these 3 slides.")
    shortened: tuple[tuple[str, str], ...] = ()  # (as drawn, whole) for each label the slide shortened


def split_hint(fig: Figure) -> dict[str, Any] | None:
    """The chart's slide_split hint, or None (read without converting the chart)."""
    meta = getattr(fig.chart, "usermeta", None) if fig.chart is not None else None
    hint = meta.get(SPLIT_KEY) if isinstance(meta, dict) else None
    return hint if isinstance(hint, dict) else None


def _cut(label: str) -> str:
    cut = label.rfind(" ", 0, LABEL_CHARS)
    return label[: cut if cut > LABEL_CHARS // 2 else LABEL_CHARS - 1].rstrip() + "…"


def short_labels(labels: list[str]) -> dict[str, str]:
    """Each column label as a slide draws it: whole up to LABEL_CHARS; a longer one cut at a space with
    an ellipsis ("S/PV.9586 oral…"), or, where two would then read alike, its first and last words
    ("S/PV.9771 … (S/2024/797)"). Two lines at -45 degrees would run into the next label; the slide's
    notes give every shortened label whole."""
    cuts = {x: _cut(x) for x in labels if len(x) > LABEL_CHARS}
    shared = {c for c in cuts.values() if list(cuts.values()).count(c) > 1}
    out = {x: x for x in labels}
    taken = set(labels)
    for x, cut in cuts.items():
        words = x.split()
        ends = f"{words[0]} … {words[-1]}" if len(words) > 2 else ""
        short = ends if cut in shared and ends and ends not in taken else cut
        if short in taken:  # still alike: number it
            short = f"{cut} {sum(1 for v in out.values() if v.startswith(cut)) + 1}"
        out[x] = short
        taken.add(short)
    return out


def _label_extent(label: str) -> float:
    """How far a column label (as drawn) reaches down from the axis, in px, at SPLIT_ANGLE and MIN_FONT."""
    return (picture._text_width(label, MIN_FONT) + MIN_FONT / 2) * math.sin(
        math.radians(-SPLIT_ANGLE)
    ) + 8  # + the tick


def _legend_width(spec: dict[str, Any], layer: dict[str, Any]) -> float:
    colour = (layer.get("encoding") or {}).get("color") or {}
    labels = [str(x) for x in (colour.get("scale") or {}).get("domain") or []] + [str(colour.get("title") or "")]
    return 40 + max((picture._text_width(x, MIN_FONT) for x in labels), default=0)


def split(fig: Figure, width: int, height: int) -> list[Part]:
    """A chart with a slide_split hint as the parts that each fit width x height CSS px with labels at
    12 pt or more (one part when the whole fits); [] for any other figure. Every column is in one part,
    in order, with every row that has a cell in its columns."""
    hint = split_hint(fig)
    if hint is None:
        return []
    spec = to_spec(fig.chart)
    x_field, y_field = hint["x"], hint["y"]
    layers = spec.get("layer") or [spec]
    datasets = spec.get("datasets") or {}
    main = next(x for x in layers if ((x.get("encoding") or {}).get("x") or {}).get("field") == x_field)
    rows = datasets[main["data"]["name"]]
    x_enc, y_enc = main["encoding"]["x"], main["encoding"]["y"]
    columns = [str(c) for c in x_enc.get("sort") or dict.fromkeys(r[x_field] for r in rows)]
    row_order = [str(m) for m in y_enc.get("sort") or dict.fromkeys(r[y_field] for r in rows)]
    short = short_labels(columns)
    members: dict[str, set[str]] = {c: set() for c in columns}
    for r in rows:
        members.setdefault(str(r[x_field]), set()).add(str(r[y_field]))
    room_w, room_h = width / MIN_SCALE, height / MIN_SCALE
    row_labels = max((picture._text_width(m, MIN_FONT) for m in row_order), default=0) + 12
    fixed_w = 2 * PAD + row_labels + _legend_width(spec, main)

    def tall(seated: set[str], reach: float) -> bool:
        return len(seated) * STEP + reach + 2 * PAD > room_h

    chunks: list[list[str]] = []
    chunk: list[str] = []
    seated: set[str] = set()
    reach = 0.0
    for c in columns:
        more, further = seated | members[c], max(reach, _label_extent(short[c]))
        wide = fixed_w + (len(chunk) + 1) * SPLIT_X_STEP > room_w
        # a column too tall on its own is no reason to start a slide: a slide of its own would be as tall
        if chunk and (wide or tall(more, further) and not tall(members[c], _label_extent(short[c]))):
            chunks.append(chunk)
            chunk, more, further = [], set(members[c]), _label_extent(short[c])
        chunk.append(c)
        seated, reach = more, further
    if chunk:
        chunks.append(chunk)
    out, start = [], 0
    for i, cols in enumerate(chunks, start=1):
        keep = set().union(*(members[c] for c in cols))
        part = _part_spec(spec, layers, hint, cols, [m for m in row_order if m in keep], i, short)
        chart = PartChart(part, (id(fig.chart), i, len(chunks)))
        line = str(hint.get("part", "")).format(
            first=start + 1, last=start + len(cols), total=len(columns), part=i, parts=len(chunks)
        )
        cut = tuple((short[c], c) for c in cols if short[c] != c)
        out.append(
            Part(replace(fig, chart=chart), i, len(chunks), start + 1, start + len(cols), len(columns), line, cut)
        )
        start += len(cols)
    return out


def _part_spec(
    spec: dict[str, Any],
    layers: list[dict[str, Any]],
    hint: dict[str, Any],
    cols: list[str],
    keep: list[str],
    i: int,
    short: dict[str, str],
) -> dict[str, Any]:
    """The spec of one part: its columns and the rows seated for them, each layer's data cut to those, the
    legend beside the chart (the width is spare, the height is not), column labels at SPLIT_ANGLE on one line
    (shortened: short_labels), and no axis title (the slide's part line says what the columns are)."""
    x_field, y_field = hint["x"], hint["y"]
    datasets = spec.get("datasets") or {}
    out = {k: v for k, v in spec.items() if k not in ("layer", "datasets", "usermeta", "width", "height")}
    out["datasets"] = {}
    wanted = {x_field: set(cols), y_field: set(keep)}
    new_layers = []
    for layer in layers:
        layer = copy.deepcopy({k: v for k, v in layer.items() if k != "data"}) | {"data": layer.get("data")}
        enc = layer.get("encoding") or {}
        name = (layer.get("data") or {}).get("name")
        if name in datasets:
            fields = [f for f in (x_field, y_field) if (enc.get("x" if f == x_field else "y") or {}).get("field") == f]
            part_name = f"{name}-part{i}"
            rows = [r for r in datasets[name] if all(str(r.get(f)) in wanted[f] for f in fields)]
            if x_field in fields:  # the column as the slide labels it: whole, or shortened (unique either way)
                rows = [{**r, x_field: short[str(r[x_field])]} for r in rows]
            out["datasets"][part_name] = rows
            layer["data"] = {"name": part_name}
        x = enc.get("x")
        if isinstance(x, dict) and x.get("field") == x_field:
            axis = dict(x.get("axis") or {})
            axis |= {"labelAngle": SPLIT_ANGLE, "labelAlign": "right", "labelBaseline": "middle"}
            if isinstance(axis.get("labelFontSize"), dict):  # a highlighted column: bold and dark stays
                axis["labelFontSize"] = MIN_FONT
            enc["x"] = {**x, "sort": [short[c] for c in cols], "title": None, "axis": axis}
        y = enc.get("y")
        if isinstance(y, dict) and y.get("field") == y_field:
            enc["y"] = {**y, "sort": keep}
        colour = enc.get("color")
        if isinstance(colour, dict) and isinstance(colour.get("legend"), dict):
            colour["legend"] = {**colour["legend"], "orient": "right", "direction": "vertical"}
        new_layers.append(layer)
    # expressions that name a column (a highlighted decision: bold label, the others faded) name it as drawn
    renamed = {
        json.dumps(c, ensure_ascii=False): json.dumps(short[c], ensure_ascii=False) for c in cols if short[c] != c
    }
    out["layer"] = _renamed(new_layers, renamed) if renamed else new_layers
    out["width"] = {"step": SPLIT_X_STEP}
    out["height"] = {"step": STEP}
    return out


def _renamed(node: Any, names: dict[str, str]) -> Any:
    """node with every quoted name in its strings (Vega expressions) replaced by its new quoted name."""
    if isinstance(node, dict):
        return {k: _renamed(v, names) for k, v in node.items()}
    if isinstance(node, list):
        return [_renamed(v, names) for v in node]
    if isinstance(node, str):
        for old, new in names.items():
            node = node.replace(old, new)
    return node
