"""pydeck map builders -> pdk.Deck (pure; testable through Deck.to_json()).

The maps work with no network: the basemap is a blank
MapLibre style served by Streamlit itself (static/map_style.json), and countries are drawn
from the shipped geometry as a GeoJsonLayer. Every pickable object carries a ready-made
``tip`` text, shown with a *text* tooltip (never HTML: what-if systems are user text).

The live map opens on a view that holds Seoul and every recipient (initial_view). The picture's
twin (atlas.arms.charts.map_picture) takes its geometry from picture_geometry: the world projected,
cropped to the recipients and clipped with geopandas, in pixels.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from atlas.i18n import country_name, fmt_usd_m, plural, t

MAP_STYLE = "/app/static/map_style.json"  # served because server.enableStaticServing = true
# The layers that never change with a filter (the land with each country's name, the borders between
# countries) are files the browser fetches once (static/map/, written by tools/build_map_layers.py from
# data/world_110m.geojson). A filter change then sends only the recipients' shapes, arcs and dots, about
# a tenth of the ~270 kB the whole world took, and deck.gl, handed the same URL, keeps the land and
# borders it has already laid out instead of tessellating 180 countries again.
STATIC_MAP = "/app/static/map"
BORDERS_FILE = "borders.json"


def land_file(lang: str) -> str:
    return f"land_{lang}.json"


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


def _name(props: Mapping[str, Any], lang: str) -> str:
    name = country_name(props["iso3"], lang)
    return str(props.get("name", name)) if name == props["iso3"] else name  # not in our file: the geometry's


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
        name = _name(props, lang)
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
    shaded = {**tips, exporter: ""}
    recipients_shapes = {
        "type": "FeatureCollection",
        "features": [f for f in world["features"] if f["properties"]["iso3"] in shaded],
    }
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

    # Not stroked: in the browser's software WebGL, outlining every country with the GeoJsonLayer's
    # PathLayer cost ~2.3 s of CPU before the first paint (bench/map_draw.py); borders are their own layer.
    countries = {"pickable": True, "filled": True, "stroked": False, "auto_highlight": True}
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id="land",
            data=f"{STATIC_MAP}/{land_file(lang)}",
            get_fill_color=LAND,
            highlight_color=[255, 255, 255, 90],
            **countries,
        ),
        pdk.Layer(
            "GeoJsonLayer",
            id="countries",
            data=recipients_shapes,
            get_fill_color="properties.fill",
            highlight_color=[255, 255, 255, 90],
            **countries,
        ),
        # Borders as flat arcs of 2 segments (1 draws nothing): the ArcLayer's shader is compiled for the arcs anyway,
        # so the borders cost no program of their own (a LineLayer or PathLayer would).
        pdk.Layer(
            "ArcLayer",
            id="borders",
            data=f"{STATIC_MAP}/{BORDERS_FILE}",
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
    # The first view shows Seoul and every recipient in the filter (a fixed world view lost Peru and Colombia).
    view = initial_view([(float(p["position"][0]), float(p["position"][1])) for p in points])
    return CompactDeck(
        layers=layers,
        initial_view_state=view,
        map_provider=MAP_PROVIDER,
        map_style=MAP_STYLE,
        tooltip=dict(TOOLTIP),
    )


def static_layers(world: dict, languages: Iterable[str]) -> dict[str, str]:
    """The files of static/map/ (name -> compact JSON): the land in each language, every country with its
    name as its tip, and the borders. tools/build_map_layers.py writes them; a test keeps them current."""
    files = {BORDERS_FILE: _compact([{"s": a, "t": b} for a, b in inner_borders(world)])}
    for lang in languages:
        features = [
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {"iso3": f["properties"]["iso3"], "tip": _name(f["properties"], lang)},
            }
            for f in world["features"]
        ]
        files[land_file(lang)] = _compact({"type": "FeatureCollection", "features": features})
    return files


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


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


# ------------------------------------------------------------------ the live map's first view
# The live map's size as the page draws it: st.pydeck_chart's height, and the width of a narrow main
# column (a wider one shows more around the recipients, never less).
VIEW_WIDTH, VIEW_HEIGHT = 640, 470
VIEW_MARGIN = 36  # px kept free around the outermost recipient, for its dot and tooltip target
MIN_ZOOM, MAX_START_ZOOM = 0.0, 5.0
TILE = 512  # deck.gl's world is 512 px wide at zoom 0


def _mercator_y(lat: float) -> float:
    lat = max(-85.0, min(85.0, lat))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def initial_view(
    points: list[tuple[float, float]], width: int = VIEW_WIDTH, height: int = VIEW_HEIGHT
) -> pdk.ViewState:
    """The first view that shows every (lon, lat) point: centred on their box, zoomed to fit it.

    The box never crosses the antimeridian: the map draws the world once, so a view centred on the
    Pacific would leave Korea (or Peru) off it.
    """
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east = min(lons), max(lons)
    north, south = _mercator_y(max(lats)), _mercator_y(min(lats))
    room_w, room_h = width - 2 * VIEW_MARGIN, height - 2 * VIEW_MARGIN
    zoom_x = math.log2(room_w * 360 / (TILE * max(east - west, 1e-6)))
    zoom_y = math.log2(room_h * 2 * math.pi / (TILE * max(north - south, 1e-6)))
    zoom = max(MIN_ZOOM, min(MAX_START_ZOOM, zoom_x, zoom_y))
    lat = math.degrees(2 * math.atan(math.exp((north + south) / 2)) - math.pi / 2)
    return pdk.ViewState(
        latitude=round(lat, 4),
        longitude=round((west + east) / 2, 4),
        zoom=math.floor(zoom * 100) / 100,  # rounded down: never a hair too close
        min_zoom=MIN_ZOOM,
        max_zoom=6,
        pitch=0,
        bearing=0,
    )


def view_extent(view: Mapping[str, Any], width: int = VIEW_WIDTH, height: int = VIEW_HEIGHT) -> tuple[float, ...]:
    """(west, south, east, north) that a view state (as in the deck's JSON) shows in width x height px."""
    world = TILE * 2 ** float(view["zoom"])
    half_lon = width / 2 * 360 / world
    y = _mercator_y(float(view["latitude"]))
    half_y = height / 2 * 2 * math.pi / world
    lat = lambda m: math.degrees(2 * math.atan(math.exp(m)) - math.pi / 2)  # noqa: E731
    lon = float(view["longitude"])
    return lon - half_lon, lat(y - half_y), lon + half_lon, lat(y + half_y)


# ------------------------------------------------------------------ the picture's geometry
R_EARTH = 6_371_000.0  # a sphere, as Vega's projections use: pyproj then matches d3's Equal Earth
NEAR_KM = 4_000  # a recipient's island or exclave this near its capital belongs to its extent
MARGIN = 0.04  # of the recipients' extent, added on each side
PAD = 22  # px more, so that Seoul's dot and an outermost recipient's are never on the frame's edge
MIN_SPAN = 0.45  # projected units (~25 degrees): one nearby recipient still shows its region


@dataclass(frozen=True)
class PictureGeometry:
    """The world drawn for one picture, in pixels: Equal Earth centred on the exporter and recipients,
    cropped to their extent with a margin, so that no recipient is lost in a world view.

    features: GeoJSON features (properties: iso3) clipped to the width x height frame, y down.
    points: per recipient, where its route ends and its label sits (a point inside the country,
    from representative_point() of its largest part; its capital when the world has no outline for it).
    origin: the exporter's capital.
    """

    width: int
    height: int
    centre: float
    scale: float  # px per projected metre
    x0: float  # projected metres at the frame's left edge
    y0: float  # ... and top edge
    features: list[dict]
    points: dict[str, tuple[float, float]]
    origin: tuple[float, float]

    def to_px(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = _projector(self.centre).transform(_shift(lon, self.centre), lat)
        return (x - self.x0) * self.scale, (self.y0 - y) * self.scale


def _crs(centre: float) -> str:
    # +over: a longitude written past 180 (the far side of the seam, moved there) is not wrapped back
    return f"+proj=eqearth +lon_0={centre:.6f} +R={R_EARTH} +units=m +over +no_defs"


LONLAT = f"+proj=longlat +R={R_EARTH} +over +no_defs"  # +over: 180.2 stays east of 180


@functools.lru_cache(maxsize=32)
def _projector(centre: float) -> Any:
    from pyproj import Transformer

    return Transformer.from_crs(LONLAT, _crs(centre), always_xy=True)


def _shift(lon: float, centre: float) -> float:
    """lon within 180 degrees of centre (the same place, written on the projection's side of the seam)."""
    return (lon - centre + 180.0) % 360.0 - 180.0 + centre


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return R_EARTH / 1000 * math.acos(max(-1.0, min(1.0, cos)))


def _main_parts(geometry: Any, capital: tuple[float, float] | None) -> Any:
    """The parts of a country that make its place on the map: the largest, and any other within NEAR_KM
    of its capital (Svalbard, Papua stay; French Guiana, Alaska and Hawaii do not stretch the crop)."""
    import shapely

    parts = list(getattr(geometry, "geoms", [geometry]))
    if len(parts) == 1 or capital is None:
        return geometry
    largest = max(parts, key=lambda p: p.area)
    kept = [
        p for p in parts if p is largest or _km(*capital, *(lambda q: (q.x, q.y))(p.representative_point())) <= NEAR_KM
    ]
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def _unwrap(geometry: Any) -> Any:
    """A country whose rings cross the antimeridian (1:110m Fiji's jump from 180 to -180) written with
    continuous longitudes (past 180), so that it is not drawn as a strip across the world."""
    import numpy as np
    import shapely

    def ring(coords: Any) -> Any:
        c = np.asarray(coords, dtype=float)
        if c[:, 1].min() < -85 or np.ptp(c[:, 0]) <= 180:  # Antarctica's ring runs along the pole: as it is
            return c
        c = c.copy()
        c[:, 0] = np.degrees(np.unwrap(np.radians(c[:, 0])))
        return c

    polygons = getattr(geometry, "geoms", [geometry])
    fixed = [shapely.Polygon(ring(p.exterior.coords), [ring(i.coords) for i in p.interiors]) for p in polygons]
    return shapely.MultiPolygon(fixed) if len(fixed) > 1 else fixed[0]


def picture_geometry(
    world: dict, recipients: list[str], capitals: pd.DataFrame, exporter: str, width: int, height: int
) -> PictureGeometry:
    """Project, crop and clip the world for a width x height map of the exporter and its recipients."""
    import geopandas as gpd
    import numpy as np
    import shapely

    coords = capitals.set_index("iso3")[["lon", "lat"]].astype(float)
    cap = {iso3: (float(r.lon), float(r.lat)) for iso3, r in coords.iterrows()}
    gdf = gpd.GeoDataFrame.from_features(world["features"], crs=LONLAT)
    wide = (gdf.geometry.bounds["maxx"] - gdf.geometry.bounds["minx"] > 300).to_numpy()
    gdf.loc[wide, "geometry"] = [_unwrap(g) for g in gdf.geometry[wide]]
    by_iso = dict(zip(gdf["iso3"], gdf.geometry, strict=True))
    main = {iso3: _main_parts(by_iso[iso3], cap.get(iso3)) for iso3 in recipients if iso3 in by_iso}
    # the lon/lat box of what must show: the recipients' main parts and capitals, and the exporter's capital
    boxes = [g.bounds for g in main.values()]
    boxes += [(*cap[i], *cap[i]) for i in [exporter, *recipients] if i in cap]
    west, east = min(b[0] for b in boxes), max(b[2] for b in boxes)
    centre = round((west + east) / 2, 4)

    def seamless(geoms: Any) -> Any:
        """Geometry within 180 degrees of the centre: what lies past the projection's seam is cut off
        there and written on the other side (the same place), so no country streaks across the map."""
        gap = 1e-4  # both sides stay off the seam itself, where a rounding error would flip a point across
        west_edge, east_edge = centre - 180.0 + gap, centre + 180.0 - gap
        copies = [
            geoms.translate(xoff=360.0 * k).clip_by_rect(west_edge, -90, east_edge, 90).values for k in (-1, 0, 1)
        ]
        return gpd.GeoSeries(shapely.union_all(np.stack(copies), axis=0), crs=LONLAT)

    world_m = seamless(gdf.geometry).to_crs(_crs(centre))
    main_m = seamless(gpd.GeoSeries(list(main.values()), crs=LONLAT)).to_crs(_crs(centre)) if main else None
    caps_m = gpd.GeoSeries(
        [shapely.Point(_shift(cap[i][0], centre), cap[i][1]) for i in [exporter, *recipients] if i in cap],
        crs=LONLAT,
    ).to_crs(_crs(centre))
    parts = [caps_m] + ([main_m] if main_m is not None else [])
    x_min, y_min, x_max, y_max = np.array([p.total_bounds for p in parts]).T
    x_min, y_min, x_max, y_max = x_min.min(), y_min.min(), x_max.max(), y_max.max()
    span = MIN_SPAN * R_EARTH
    dx, dy = max(x_max - x_min, span), max(y_max - y_min, span * height / width)
    dx, dy = dx * (1 + 2 * MARGIN), dy * (1 + 2 * MARGIN)
    scale = min((width - 2 * PAD) / dx, (height - 2 * PAD) / dy)
    cx, cy = (x_min + x_max) / 2, (y_min + y_max) / 2
    x0, y0 = cx - width / 2 / scale, cy + height / 2 / scale

    def to_frame(geoms: Any) -> Any:
        return gpd.GeoSeries(shapely.transform(geoms.values, lambda c: (c - (x0, y0)) * (scale, -scale)))

    # Cut to the frame (a country far outside it is left out; the rest is made valid first: the
    # projected 1:110m rings touch themselves here and there, and a rectangle clip of an invalid ring
    # can fill the whole frame). Coordinates to half a px keep the picture's data small.
    frame = shapely.box(0, 0, width, height)
    framed = to_frame(world_m)
    inside = framed.intersects(frame).to_numpy()
    cut = shapely.intersection(shapely.make_valid(framed.values[inside]), frame)
    cut = shapely.transform(cut, lambda c: np.round(c * 2) / 2)  # half a px: one device pixel at scale 2
    features = [
        {"type": "Feature", "geometry": json.loads(text), "properties": {"iso3": iso3}}
        for iso3, text, geom in zip(gdf["iso3"][inside], shapely.to_geojson(cut), cut, strict=True)
        if not geom.is_empty and geom.area > 0
    ]
    points: dict[str, tuple[float, float]] = {}
    if main_m is not None:
        # inside the country's largest part (mainland Norway, not Svalbard)
        largest = [max(getattr(g, "geoms", [g]), key=lambda p: p.area) for g in to_frame(main_m)]
        for iso3, point in zip(main, gpd.GeoSeries(largest).representative_point(), strict=True):
            points[iso3] = (round(point.x, 1), round(point.y, 1))
    located = [i for i in [exporter, *recipients] if i in cap]
    capital_px = {i: (round(p.x, 1), round(p.y, 1)) for i, p in zip(located, to_frame(caps_m), strict=True)}
    for iso3 in recipients:
        if iso3 not in points and iso3 in capital_px:
            points[iso3] = capital_px[iso3]
    return PictureGeometry(
        width, height, centre, scale, x0, y0, features, points, capital_px.get(exporter, (width / 2, height / 2))
    )
