"""pydeck map builders -> pdk.Deck (pure; testable through Deck.to_json()).

The maps work with no network: the basemap is a blank
MapLibre style served by Streamlit itself (static/map_style.json), and countries are drawn
from the shipped geometry as a GeoJsonLayer. Every pickable object carries a ready-made
``tip`` text, shown with a *text* tooltip (never HTML: what-if systems are user text).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from atlas.i18n import country_name, fmt_usd_m, plural, t

MAP_STYLE = "/app/static/map_style.json"  # served because server.enableStaticServing = true
MAP_PROVIDER = "carto"  # with a style URL of our own, nothing is fetched from Carto

LAND = [238, 236, 228, 255]
EXPORTER = [90, 90, 90, 255]
NO_VALUE = [203, 201, 226, 255]  # a recipient whose deals have no known value
# Binned US$ classes (a reader can decode them, unlike a log ramp): upper bounds in US$ million.
CLASS_BOUNDS: tuple[float, ...] = (100.0, 500.0, 1_000.0, 5_000.0, 10_000.0, float("inf"))
CLASS_COLOURS: tuple[str, ...] = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
# SIPRI's TIV delivered (millions of TIV, not US$): its own classes and legend, the same colours.
TIV_BOUNDS: tuple[float, ...] = (10.0, 50.0, 100.0, 500.0, 1_000.0, float("inf"))
BOUNDS = {"value": CLASS_BOUNDS, "tiv": TIV_BOUNDS}
HYPO_ONLY = [253, 208, 162, 255]
ARC_REAL = [11, 83, 148, 150]
ARC_HYPO = [230, 110, 0, 230]
CAPITAL = [11, 83, 148, 255]
BORDER = [255, 255, 255, 255]

TOOLTIP_STYLE = {
    "backgroundColor": "#ffffff",
    "color": "#1a1a1a",
    "fontSize": "14px",
    "whiteSpace": "pre-line",
    "maxWidth": "360px",
    "border": "1px solid #888",
    "padding": "6px 8px",
}
TOOLTIP = {"text": "{tip}", "style": TOOLTIP_STYLE}


class CompactDeck(pdk.Deck):
    """A pdk.Deck whose JSON is compact: the same content as pydeck's, without indentation.

    pydeck pretty-prints (indent=2), which forces Python's slow JSON encoder and makes the
    world map spec ~1 MB; compact JSON is ~4x smaller and ~6x faster to build per rerun.
    """

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


class PrebuiltDeck(CompactDeck):
    """A deck whose JSON was built earlier (e.g. cached by the page): st.pydeck_chart shows it as is.

    Building the world map and serialising it is the slow part of a rerun; a page caches
    ``arms_map(...).to_json()`` (a plain string) by its inputs and wraps it here. The
    tooltip is the one every map of this module uses (TOOLTIP).
    """

    def __init__(self, spec: str) -> None:
        super().__init__(layers=[], map_provider=MAP_PROVIDER, map_style=MAP_STYLE, tooltip=dict(TOOLTIP))
        self._spec = spec

    def to_json(self) -> str:
        return self._spec


def value_class(value: float | None, measure: str = "value") -> int | None:
    """The class of a recipient's value (US$: 0 = under $100 m ... 5 = $10 bn and more; TIV: TIV_BOUNDS);
    None: no value."""
    if value is None or pd.isna(value) or value <= 0:
        return None
    return next(i for i, bound in enumerate(BOUNDS[measure]) if value < bound)


def _rgba(hex_colour: str) -> list[int]:
    return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)] + [255]


def shade(value: float | None, vmax: float = 0.0, measure: str = "value") -> list[int]:
    """Fill for a recipient: its class colour (no value: NO_VALUE). vmax is ignored (kept for callers)."""
    cls = value_class(value, measure)
    return list(NO_VALUE) if cls is None else _rgba(CLASS_COLOURS[cls])


def class_labels(lang: str, measure: str = "value") -> list[str]:
    table = "class" if measure == "value" else "tiv_class"
    return [t(f"arms.{table}.c{i}", lang) for i in range(len(BOUNDS[measure]))]


def legend_entries(lang: str, with_hypothetical: bool = False, measure: str = "value") -> list[tuple[str, str]]:
    """(label, colour) for the legend beside the map: the classes, then no value, hypothetical only."""
    entries = list(zip(class_labels(lang, measure), CLASS_COLOURS, strict=True))
    if measure == "tiv":
        return entries  # every recipient on the TIV map has TIV delivered; no what-if deal is shown
    entries.append((t("arms.class.no_value", lang), "#{:02x}{:02x}{:02x}".format(*tuple(NO_VALUE[:3]))))
    if with_hypothetical:
        entries.append((t("arms.class.hypothetical", lang), "#{:02x}{:02x}{:02x}".format(*tuple(HYPO_ONLY[:3]))))
    return entries


def arc_width(value: float | None, vmax: float, lo: float = 1.5, hi: float = 9.0) -> float:
    """Arc width in pixels, by the square root of value (no value: the thinnest)."""
    if value is None or pd.isna(value) or value <= 0 or vmax <= 0:
        return lo
    return round(lo + (hi - lo) * math.sqrt(value / vmax), 2)


def recipient_tip(row: Mapping[str, Any], lang: str, money: Callable[[float], str] | None = None) -> str:
    """Tooltip text for one recipient (name, systems, deals, value, hypothetical part)."""
    money = money or (lambda v: fmt_usd_m(v, lang))
    lines = [country_name(str(row["recipient_iso3"]), lang)]
    if row.get("systems"):
        lines.append(t("arms.tip_systems", lang, systems=row["systems"]))
    deals = int(row.get("deals", 0) or 0)
    if deals:
        missing = int(row.get("deals_without_value", 0) or 0)
        if missing:
            lines.append(t("arms.tip_deals_no_value", lang, n=deals, missing=missing))
        else:
            lines.append(t("arms.tip_deals", lang, n=deals))
        value = float(row.get("value_usd_m", 0) or 0)
        if value > 0 or missing < deals:  # all deals without a value: say so above, never "$0"
            lines.append(t("arms.tip_value", lang, value=money(value)))
    hypo = int(row.get("hypothetical_deals", 0) or 0)
    if hypo:
        lines.append(
            plural("arms.tip_hypothetical", hypo, lang, value=money(float(row.get("hypothetical_usd_m", 0) or 0)))
        )
    return "\n".join(lines)


def fmt_tiv(value: float, lang: str) -> str:
    """SIPRI TIV in millions, never written as money: '1,215.2 m TIV'."""
    return t("arms.tiv_value", lang, value=f"{float(value):,.1f}")


def tiv_tip(row: Mapping[str, Any], lang: str) -> str:
    """Tooltip text for one recipient on the TIV map (name, systems, SIPRI deals, TIV delivered)."""
    lines = [country_name(str(row["recipient_iso3"]), lang)]
    if row.get("systems"):
        lines.append(t("arms.tip_systems", lang, systems=row["systems"]))
    lines.append(t("arms.tip_tiv_deals", lang, n=int(row.get("deals", 0) or 0)))
    lines.append(t("arms.tip_tiv", lang, value=fmt_tiv(float(row.get("value_usd_m", 0) or 0), lang)))
    return "\n".join(lines)


def annotate_world(
    world: dict, recipients: pd.DataFrame, tips: Mapping[str, str], exporter: str, lang: str, measure: str = "value"
) -> dict:
    """Give every country feature a fill colour and a tip (mutates and returns ``world``).

    Pass a fresh copy (atlas.geo.load_world() returns one per call).
    """
    values = dict(zip(recipients["recipient_iso3"], recipients["value_usd_m"], strict=True))
    real_deals = dict(zip(recipients["recipient_iso3"], recipients["deals"], strict=True))
    for feature in world["features"]:
        props = feature["properties"]
        iso3 = props["iso3"]
        name = country_name(iso3, lang)
        if name == iso3:  # not in data/countries.csv: use the geometry's own name
            name = props.get("name", iso3)
        if iso3 == exporter:
            props["fill"] = list(EXPORTER)
            props["tip"] = f"{name} ({t('arms.tip_exporter', lang)})"
        elif iso3 in tips:
            props["fill"] = shade(values[iso3], measure=measure) if real_deals.get(iso3) else list(HYPO_ONLY)
            props["tip"] = tips[iso3]
        else:
            props["fill"] = list(LAND)
            props["tip"] = name
        # Only what the layer reads goes to the browser (fill, tip); the rest is dead weight.
        feature["properties"] = {"iso3": iso3, "fill": props["fill"], "tip": props["tip"]}
    return world


def arms_map(
    world: dict,
    recipients: pd.DataFrame,
    capitals: pd.DataFrame,
    exporter: str,
    lang: str,
    money: Callable[[float], str] | None = None,
    measure: str = "value",
) -> CompactDeck:
    """The arms-exports map: countries shaded by value, arcs from the exporter's capital.

    recipients: from atlas.arms.by_recipient (measure "tiv": the same columns, value_usd_m holding
    SIPRI's TIV delivered, shaded in TIV classes). capitals: iso3, lat, lon (data/countries.csv).
    Real deals are blue arcs; hypothetical deals a separate orange layer.
    """
    coords = capitals.set_index("iso3")[["lat", "lon"]].astype(float)
    origin = [float(coords.at[exporter, "lon"]), float(coords.at[exporter, "lat"])]
    rec = recipients[recipients["recipient_iso3"].isin(coords.index)].copy()
    if measure == "tiv":
        tips = {r["recipient_iso3"]: tiv_tip(r, lang) for r in rec.to_dict("records")}
    else:
        tips = {r["recipient_iso3"]: recipient_tip(r, lang, money) for r in rec.to_dict("records")}
    annotate_world(world, rec, tips, exporter, lang, measure)

    vmax_real = float(rec["value_usd_m"].max()) if len(rec) else 0.0
    vmax_hypo = float(rec["hypothetical_usd_m"].max()) if len(rec) else 0.0
    vmax = max(vmax_real, vmax_hypo)
    real_arcs, hypo_arcs, points = [], [], []
    for r in rec.to_dict("records"):
        iso3 = r["recipient_iso3"]
        target = [float(coords.at[iso3, "lon"]), float(coords.at[iso3, "lat"])]
        base = {"iso3": iso3, "source": origin, "target": target, "tip": tips[iso3]}
        if r["deals"]:
            real_arcs.append({**base, "width": arc_width(r["value_usd_m"], vmax)})
        if r["hypothetical_deals"]:
            hypo_arcs.append({**base, "width": arc_width(r["hypothetical_usd_m"], vmax)})
        color = CAPITAL if r["deals"] else ARC_HYPO
        points.append({"iso3": iso3, "position": target, "tip": tips[iso3], "color": list(color)})
    points.append({"iso3": exporter, "position": origin, "tip": world_tip(world, exporter), "color": list(EXPORTER)})

    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id="countries",
            data=world,
            pickable=True,
            filled=True,
            get_fill_color="properties.fill",
            # Not stroked: in the browser's software WebGL, outlining every country with the
            # GeoJsonLayer's PathLayer cost ~2.3 s of CPU before the first paint (bench/map_draw.py);
            # the borders between countries are the "borders" layer below.
            stroked=False,
            auto_highlight=True,
            highlight_color=[255, 255, 255, 90],
        ),
        # Borders as flat arcs of 2 segments (1 draws nothing): the ArcLayer's shader is compiled for the arcs anyway,
        # so the borders cost no program of their own (a LineLayer or PathLayer would).
        pdk.Layer(
            "ArcLayer",
            id="borders",
            data=[{"s": a, "t": b} for a, b in inner_borders(world)],
            pickable=False,
            get_source_position="s",
            get_target_position="t",
            get_source_color=BORDER,
            get_target_color=BORDER,
            get_height=0,
            num_segments=2,
            great_circle=False,
            get_width=1,
            width_units="pixels",
        ),
        pdk.Layer(
            "ArcLayer",
            id="arcs",
            data=real_arcs,
            pickable=True,
            get_source_position="source",
            get_target_position="target",
            get_source_color=ARC_REAL,
            get_target_color=ARC_REAL,
            get_width="width",
            width_units="pixels",
            great_circle=True,
        ),
        pdk.Layer(
            "ArcLayer",
            id="arcs_hypothetical",
            data=hypo_arcs,
            pickable=True,
            get_source_position="source",
            get_target_position="target",
            get_source_color=ARC_HYPO,
            get_target_color=ARC_HYPO,
            get_width="width",
            width_units="pixels",
            get_height=0.6,
            great_circle=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="capitals",
            data=points,
            pickable=True,
            get_position="position",
            get_fill_color="color",
            get_line_color=[255, 255, 255],
            stroked=True,
            line_width_min_pixels=1,
            radius_units="pixels",
            get_radius=5,
        ),
    ]
    view = pdk.ViewState(latitude=30.0, longitude=70.0, zoom=0.9, min_zoom=0.5, max_zoom=6, pitch=0, bearing=0)
    return CompactDeck(
        layers=layers,
        initial_view_state=view,
        map_provider=MAP_PROVIDER,
        map_style=MAP_STYLE,
        tooltip=dict(TOOLTIP),
    )


def inner_borders(world: dict) -> list[tuple[list[float], list[float]]]:
    """The segments two countries share (each once), in the geometry's order: the borders to draw.

    A coastline needs no line (land against the ocean shows it), so this is ~2,300 of the 1:110m
    world's ~9,400 ring segments, drawn as one layer of flat arcs.
    """
    seen: dict[tuple[tuple[float, float], tuple[float, float]], int] = {}
    order: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for feature in world["features"]:
        geometry = feature["geometry"]
        if geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                for a, b in zip(ring, ring[1:], strict=False):
                    pa, pb = (float(a[0]), float(a[1])), (float(b[0]), float(b[1]))
                    if pa == pb:
                        continue
                    key = (pa, pb) if pa < pb else (pb, pa)
                    if key not in seen:
                        seen[key] = 0
                        order.append(key)
                    seen[key] += 1
    return [([*a], [*b]) for a, b in order if seen[a, b] > 1]


def world_tip(world: dict, iso3: str) -> str:
    for feature in world["features"]:
        if feature["properties"]["iso3"] == iso3:
            return str(feature["properties"].get("tip", iso3))
    return country_name(iso3)
