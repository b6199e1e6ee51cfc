"""A Figure as a captioned picture (PNG or SVG), drawn offline by vl-convert (no browser, no network).

The picture is one Vega-Lite spec: the figure's title and subtitle (the filters in words) as
the spec's title, the chart, and a footer (a bottom-oriented title) with the sources, the data's date,
the app's name and the exact view's link. PNG and SVG are two renderings of that one spec,
so they cannot differ. vl-convert 1.9 bundles Vega 6 / Vega-Lite 6.4 and one Latin font;
Korean needs the CJK font found by atlas.render.fonts, which also picks each picture's fonts.

Every picture is drawn once: a transparent rule WIDTH px wide under the chart holds the picture
to at least WIDTH (so at least MIN_PNG_WIDTH px at SCALE) whatever the chart's own width, where
a narrow chart used to be drawn, measured and drawn again larger.
"""

from __future__ import annotations

import copy
import os
import re
import struct
import unicodedata
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Any

from atlas.core.charts import to_spec
from atlas.core.figure import Figure
from atlas.i18n import fmt_date, t
from atlas.render import fonts, vega

SCALE = 2
WIDTH = 800  # the chart's and footer's width in CSS px; x2 = 1600 px
MIN_PNG_WIDTH = WIDTH * SCALE  # px: the spacer below guarantees it
HEIGHT = 360  # for charts that asked for the container's height
PRIMARY = "#0b5394"  # .streamlit/config.toml primaryColor
TEXT = "#31333f"
MUTED = "#5f6470"
GRID = "#e6e9ef"
FOOTER_SIZE = 11
FOOTER_LINE = 16
TITLE_SIZE = 20
SUBTITLE_SIZE = 14
BASE_URL_ENV = "ATLAS_PUBLIC_URL"  # e.g. https://korea-atlas.streamlit.app; unset = links stay relative


def absolute_url(url: str, base: str | None = None) -> str:
    """The view's link with the public address in front (base, else $ATLAS_PUBLIC_URL, else as is)."""
    base = (base if base is not None else os.environ.get(BASE_URL_ENV, "")).rstrip("/")
    if not url or url.startswith(("http://", "https://")) or not base:
        return url
    return base + (url if url.startswith("/") else "/" + url)


def _text_width(text: str, size: float) -> float:
    """Roughly how wide text is drawn: CJK and other wide glyphs are a full em, Latin about half."""
    return sum(size * (1.0 if unicodedata.east_asian_width(c) in "WF" else 0.56) for c in text)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break text into lines that fit width px (at spaces where there are any, else anywhere)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if _text_width(candidate, size) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while _text_width(line, size) > width:  # a long link or a long run of Hangul
                cut = 1
                while cut < len(line) and _text_width(line[: cut + 1], size) <= width:
                    cut += 1
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return [x for x in lines if x.strip()]


def footer_lines(fig: Figure, base_url: str | None = None, width: float = WIDTH) -> list[str]:
    """Notes a reader must see, then "Source: ...", "data as of ... · Korea Security Atlas", the link."""
    lang = fig.lang
    parts: list[str] = []
    for note in fig.notes:
        parts += wrap(note, width, FOOTER_SIZE)
    publishers = list(dict.fromkeys(s.publisher for s in fig.sources if s.publisher))
    if publishers:
        parts += wrap(f"{t('common.source_prefix', lang)} {' · '.join(publishers)}", width, FOOTER_SIZE)
    stamp = [t("common.data_as_of", lang, date=fmt_date(fig.as_of, lang))] if fig.as_of else []
    parts += wrap(" · ".join([*stamp, t("common.app_name", lang)]), width, FOOTER_SIZE)
    link = absolute_url(fig.url, base_url)
    if link:
        parts += wrap(link, width, FOOTER_SIZE)
    return parts


def _theme(font: str) -> dict[str, Any]:
    """The app's light theme, in Vega-Lite config terms."""
    return {
        "font": font,
        "background": "white",
        "mark": {"color": PRIMARY},
        "axis": {"labelColor": TEXT, "titleColor": TEXT, "gridColor": GRID, "domainColor": MUTED, "tickColor": MUTED},
        "legend": {"labelColor": TEXT, "titleColor": TEXT},
        "header": {"labelColor": TEXT, "titleColor": TEXT},
        "title": {"color": TEXT, "subtitleColor": MUTED},
        "view": {"stroke": None},
    }


def _merge(base: dict, over: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _fix_container_sizes(node: Any) -> None:
    """vl-convert has no container to measure: give every "container" size a number (not looking into
    the inline data: rows hold no sizes, and a map's world is 35,000 nodes)."""
    if isinstance(node, dict):
        if node.get("width") == "container":
            node["width"] = WIDTH
        if node.get("height") == "container":
            node["height"] = HEIGHT
        for key, value in node.items():
            if key not in ("datasets", "values"):
                _fix_container_sizes(value)
    elif isinstance(node, list):
        for value in node:
            _fix_container_sizes(value)


# Invisible and WIDTH wide: the picture is never narrower than WIDTH, so no chart needs a second,
# larger drawing to reach MIN_PNG_WIDTH. No data, no axes: it draws nothing and measures no text.
_SPACER: dict[str, Any] = {
    "mark": {"type": "rule", "opacity": 0},
    "data": {"values": []},
    "encoding": {},
    "width": WIDTH,
    "height": 0,
}


def picture_spec(fig: Figure, base_url: str | None = None) -> dict[str, Any]:
    """The whole picture as one Vega-Lite spec: title, subtitle, the chart, the footer."""
    if fig.chart is None:
        raise ValueError(f"figure {fig.id} has no chart to draw")
    inner = to_spec(fig.chart)
    top: dict[str, Any] = {}
    for key in ("config", "datasets", "autosize", "padding", "background", "usermeta"):
        if key in inner:
            top[key] = inner.pop(key)
    inner.pop("$schema", None)
    is_unit = "mark" in inner
    if "params" in inner and not is_unit:  # compound charts keep their selections at the top
        top["params"] = inner.pop("params")
    if inner.get("title") == fig.title:
        inner.pop("title")
    if (is_unit or "layer" in inner) and not isinstance(inner.get("width"), (int, float)):
        inner["width"] = WIDTH
    _fix_container_sizes(inner)
    chart_width = inner.get("width")
    width = max(WIDTH, int(chart_width)) if isinstance(chart_width, (int, float)) else WIDTH
    lines = footer_lines(fig, base_url, width)
    font = fonts.chart_font(fig.lang, *texts(fig))
    # The footer is the bottom title of a group around the chart: a title is placed against
    # the group's full bounds, so it starts at the left edge like the top title, whatever
    # width the chart's axis labels take.
    footer = {
        "text": lines,
        "orient": "bottom",
        "anchor": "start",
        "frame": "bounds",
        "fontSize": FOOTER_SIZE,
        "fontWeight": "normal",
        "lineHeight": FOOTER_LINE,
        "color": MUTED,
        "font": font,
        "offset": 18,
    }
    title: dict[str, Any] = {
        "text": wrap(fig.title, width, TITLE_SIZE),
        "anchor": "start",
        "fontSize": TITLE_SIZE,
        "offset": 14,
        "font": font,
    }
    if fig.subtitle:
        title |= {
            "subtitle": wrap(fig.subtitle, width, SUBTITLE_SIZE),
            "subtitleFontSize": SUBTITLE_SIZE,
            "subtitleFont": font,
            "subtitlePadding": 6,
        }
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "title": title,
        "vconcat": [{"vconcat": [inner, _SPACER], "spacing": 0, "title": footer}],
        "padding": 24,
        **{k: v for k, v in top.items() if k not in ("config", "padding")},
        "config": _merge(_theme(font), top.get("config", {})) | {"font": font},
    }
    spec["background"] = "white"
    if font != _LATIN:
        _latin_labels(inner, spec.get("datasets", {}))
    return spec


_LATIN = ", ".join(fonts.LATIN_FAMILIES)
_COMPOSITIONS = ("layer", "vconcat", "hconcat", "concat")
_GUIDES = {"x": "axis", "y": "axis", "color": "legend", "fill": "legend", "stroke": "legend", "size": "legend"}
_WORDY_TIME = re.compile(r"%[-_0]?[aAbBcxXp]")  # day and month names, AM/PM: words in the reader's language


def _digits_only(enc: dict[str, Any], guide: dict[str, Any]) -> bool:
    """Whether a guide's labels are numbers or numeric dates: a quantitative field (d3 number formats write
    digits and signs), or a time one with a format of numeric parts only ("%Y"; Korean month names need CJK)."""
    if enc.get("type") == "temporal" or "timeUnit" in enc:
        fmt = guide.get("format")
        return isinstance(fmt, str) and not _WORDY_TIME.search(fmt)
    return enc.get("type") == "quantitative"


def _latin_labels(node: Any, datasets: Mapping[str, list[dict[str, Any]]], data: Any = None) -> None:
    """In a picture drawn in the CJK face, draw the labels of each axis and legend that writes no CJK text in
    the Latin face, as the English picture draws them: numbers, numeric years, and category labels such as
    the vote matrix's document symbols. The same labels, whole; measuring them in the CJK collection was
    0.4 s of the Korean vote matrix's 1.1 s and a third of a Korean bar chart's time.

    Category labels qualify only when read straight from the chart's own rows: a transformed or binned
    field, or a guide with its own label expression, keeps the picture's font."""
    if isinstance(node, list):
        for item in node:
            _latin_labels(item, datasets, data)
        return
    if not isinstance(node, dict) or node.keys() & {"transform", "facet", "repeat"}:
        return
    data = node.get("data", data)
    rows = datasets.get(data.get("name", "")) if isinstance(data, dict) else None
    for channel, kind in _GUIDES.items():
        enc = (node.get("encoding") or {}).get(channel)
        if not isinstance(enc, dict) or not isinstance(enc.get("field"), str) or "bin" in enc:
            continue
        guide = enc.get(kind, {})
        if guide is None or guide.keys() & {"labelExpr", "formatType", "labelFont"}:
            continue
        if _digits_only(enc, guide) or _words_without_cjk(enc, guide, rows):
            enc[kind] = {**guide, "labelFont": _LATIN}
    for key in _COMPOSITIONS:
        if key in node:
            _latin_labels(node[key], datasets, data)


def _words_without_cjk(enc: dict[str, Any], guide: dict[str, Any], rows: list[dict[str, Any]] | None) -> bool:
    """A category field whose every value in the chart's rows is free of CJK text."""
    field = enc["field"]
    if enc.get("type") not in ("nominal", "ordinal") or enc.keys() & {"timeUnit", "aggregate"} or "format" in guide:
        return False
    if not rows:
        return False
    return all(field in r for r in rows) and not fonts.needs_cjk(*(str(r[field]) for r in rows))


@cache
def screen_locale(lang: str) -> Mapping[str, Any] | None:
    """Vega's locale config for a chart the browser draws: month and day names in the reader's language.
    A picture gets them from vl-convert's time_format_locale; the browser's Vega reads them from the spec's
    config, so this is the same table (vl-convert's ko-KR), given there."""
    if lang != "ko":
        return None
    import vl_convert as vlc  # a table it ships: no drawing, so no engine started in the server

    return MappingProxyType({"time": vlc.get_time_format_locale("ko-KR")})


def svg(fig: Figure, base_url: str | None = None) -> bytes:
    fonts.require_for(*texts(fig))
    return vega.svg(picture_spec(fig, base_url), fig.lang).encode("utf-8")


def png(fig: Figure, base_url: str | None = None, scale: float = SCALE) -> bytes:
    fonts.require_for(*texts(fig))
    return png_from_spec(picture_spec(fig, base_url), fig.lang, scale)


def png_from_spec(spec: dict[str, Any], lang: str, scale: float = SCALE) -> bytes:
    """Draw a picture_spec once, at scale 2 (at least MIN_PNG_WIDTH px wide: see _SPACER)."""
    return vega.png(spec, lang, scale=scale)


def texts(fig: Figure) -> list[str]:
    """Everything the picture writes in words (the footer's app name is Korean in a Korean picture)."""
    return [fig.title, fig.subtitle, *fig.notes, *(s.publisher for s in fig.sources), t("common.app_name", fig.lang)]


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])
