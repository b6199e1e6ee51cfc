"""Altair builders for the arms-exports page -> alt.Chart (pure; testable via to_dict()).

Builders take the aggregated frame plus the labels to show, so every axis, legend and
tooltip title is translated by the caller's catalogue and codes never reach the reader.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from functools import partial
from typing import Any, Literal, cast

import altair as alt
import pandas as pd

from atlas import i18n
from atlas.core.vocab import ARMS_CATEGORIES, ARMS_STAGES
from atlas.events.charts import event_rules
from atlas.i18n import t

CATEGORY_COLORS = ("#1f77b4", "#17becf", "#8c564b", "#d62728", "#ff7f0e", "#2ca02c", "#7f7f7f")
# Total height: Streamlit fits title, axis labels and the two-column legend inside it.
YEARS_HEIGHT = 440
STAGE_COLORS = ("#9ecae1", "#0b5394", "#6baed6", "#bdbdbd", "#31a354", "#e6550d")


def value_by_recipient_category(
    data: pd.DataFrame, recipient_names: Mapping[str, str], lang: str | None = None, value_title: str | None = None
) -> alt.Chart:
    """Horizontal stacked bars: counted value per recipient, split by category.

    data: atlas.arms.by_recipient_category (recipient_iso3, category, value_usd_m, deals).
    """
    df = data.copy()
    df["recipient"] = df["recipient_iso3"].map(lambda c: recipient_names.get(c, c))
    df["category_label"] = df["category"].map(lambda c: t(f"arms.category.{c}", lang))
    order = df.groupby("recipient")["value_usd_m"].sum().sort_values(ascending=False).index.tolist()
    cat_labels = [t(f"arms.category.{c}", lang) for c in ARMS_CATEGORIES]
    value_title = value_title or t("arms.axis_value", lang)
    return (
        alt.Chart(df)  # the figure's title is drawn around the chart (show_figure, the picture)
        .mark_bar()
        .encode(
            y=alt.Y("recipient:N", sort=order, title=t("arms.axis_recipient", lang), axis=alt.Axis(labelLimit=220)),
            x=alt.X("sum(value_usd_m):Q", title=value_title),
            color=alt.Color(
                "category_label:N",
                title=t("arms.axis_category", lang),
                scale=alt.Scale(domain=cat_labels, range=list(CATEGORY_COLORS)),
                legend=alt.Legend(orient="bottom", columns=3, labelLimit=0),
            ),
            order=alt.Order("category_label:N"),
            tooltip=[
                alt.Tooltip("recipient:N", title=t("arms.axis_recipient", lang)),
                alt.Tooltip("category_label:N", title=t("arms.axis_category", lang)),
                alt.Tooltip("value_usd_m:Q", title=value_title, format=",.0f"),
                alt.Tooltip("deals:Q", title=t("arms.axis_deals", lang)),
            ],
        )
        .properties(height=alt.Step(22))  # one readable row per recipient, however many
    )


def deals_by_year(
    data: pd.DataFrame,
    lang: str | None = None,
    *,
    years: tuple[int, int] | None = None,
    markers: pd.DataFrame | None = None,
    value_title: str | None = None,
) -> alt.Chart | alt.LayerChart:
    """Stacked bars: number of deals per year signed, split by stage.

    data: atlas.arms.by_year (year_signed, stage, deals, value_usd_m). Each bar spans its
    calendar year on a time axis, so that event markers sit at their date inside it.
    years: the filter's span, shown in full (a year without deals stays visible as a gap).
    markers: events (atlas.data.load_events rows) to draw as dated vertical rules on top.
    """
    df = data.copy()
    df["stage_label"] = df["stage"].map(lambda s: t(f"arms.stage.{s}", lang))
    df["year_start"] = pd.to_datetime(df["year_signed"].astype(int).astype(str) + "-01-01")
    stage_labels = [t(f"arms.stage.{s}", lang) for s in ARMS_STAGES]
    scale = alt.Scale()
    if years is not None:
        scale = alt.Scale(domain=[f"{years[0]}-01-01", f"{years[1] + 1}-01-01"])
    year_title = t("arms.axis_year", lang)
    value_title = value_title or t("arms.axis_value", lang)
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(
                "year_start:T",
                timeUnit="year",
                title=year_title,
                scale=scale,
                axis=alt.Axis(format=i18n.time_axis_format("year", lang), tickCount="year", labelAngle=-45),
            ),
            y=alt.Y("sum(deals):Q", title=t("arms.axis_deals", lang), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "stage_label:N",
                title=t("arms.axis_stage", lang),
                scale=alt.Scale(domain=stage_labels, range=list(STAGE_COLORS)),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("year_signed:O", title=year_title),
                alt.Tooltip("stage_label:N", title=t("arms.axis_stage", lang)),
                alt.Tooltip("deals:Q", title=t("arms.axis_deals", lang)),
                alt.Tooltip("value_usd_m:Q", title=value_title, format=",.0f"),
            ],
        )
        .properties(height=YEARS_HEIGHT)
    )
    if markers is None:
        return bars
    rules = event_rules(
        markers, lang or i18n.language(), x="date", field="year_start", years=years, axis_title=year_title
    )
    return cast(alt.LayerChart, alt.layer(bars, rules).properties(height=YEARS_HEIGHT))


def exporter_share(rank: pd.DataFrame, lang: str | None = None) -> alt.Chart:
    """Bars: South Korea's share of world arms exports per SIPRI five-year window (rank in the label)."""
    df = rank[["period", "rank", "share_pct"]].copy()
    short = [f"{p[:4]}–{p[-2:]}" for p in df["period"]]  # 2020-2024 -> 2020–24
    df["label"] = [s if pd.isna(r) else f"{s} #{int(r)}" for s, r in zip(short, df["rank"], strict=True)]
    df["share_pct"] = df["share_pct"].astype(float)
    df["rank"] = df["rank"].astype(float)
    return (
        alt.Chart(df)  # the section heading above names it
        .mark_bar(color="#0b5394")
        .encode(
            x=alt.X(
                "label:O",
                title=t("arms.col_period", lang),
                sort=None,
                axis=alt.Axis(labelAngle=0, labelOverlap=False, labelExpr="split(datum.label, ' ')"),
            ),
            y=alt.Y("share_pct:Q", title=t("arms.axis_share", lang)),
            tooltip=[
                alt.Tooltip("period:O", title=t("arms.col_period", lang)),
                alt.Tooltip("rank:Q", title=t("arms.col_rank", lang)),
                alt.Tooltip("share_pct:Q", title=t("arms.col_share", lang), format=".1f"),
            ],
        )
        .properties(height=300)
    )


OFFICIAL_COLOR = "#7f7f7f"
LISTED_COLOR = "#0b5394"


def official_vs_listed(table: pd.DataFrame, lang: str, value_title: str) -> alt.Chart:
    """Grouped bars per year: the government's reported orders beside the sum of our listed contracts.

    table: atlas.arms.official_vs_listed. The share our list covers is in the tooltip and the table.
    """
    official, listed = t("arms.official_series", lang), t("arms.listed_series", lang)
    rows = []
    for r in table.to_dict("records"):
        share = "—" if pd.isna(r["share_pct"]) else f"{r['share_pct']:.0f}%"
        rows.append({"year": str(r["year"]), "series": official, "value": r["official_usd_m"], "share": share})
        rows.append({"year": str(r["year"]), "series": listed, "value": r["listed_usd_m"], "share": share})
    df = pd.DataFrame(rows, columns=["year", "series", "value", "share"])
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("year:N", title=t("arms.axis_year", lang), axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("series:N", sort=[official, listed]),
            y=alt.Y("value:Q", title=value_title),
            color=alt.Color(
                "series:N",
                title=None,
                sort=[official, listed],
                scale=alt.Scale(domain=[official, listed], range=[OFFICIAL_COLOR, LISTED_COLOR]),
                legend=alt.Legend(orient="bottom", labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("year:N", title=t("arms.axis_year", lang)),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("value:Q", title=value_title, format=",.0f"),
                alt.Tooltip("share:N", title=t("arms.col_share_listed", lang)),
            ],
        )
        .properties(height=320)
    )


def tiv_by_year(frame: pd.DataFrame, order: list[str], lang: str, tiv_title: str) -> alt.Chart:
    """SIPRI's TIV delivered: one row per recipient (most TIV first), one cell per delivery year, darker
    for more TIV (frame: recipient, year, tiv_m, deals). A grid, not stacked bars: 30 recipients would
    need 30 colours, and TIV must never share an axis with US$."""
    years = sorted(int(y) for y in frame["year"].unique())
    return (
        alt.Chart(frame)
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("year:O", title=t("arms.axis_delivery_year", lang), sort=years, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("recipient:N", title=None, sort=order, axis=alt.Axis(labelLimit=200, labelOverlap=False)),
            color=alt.Color(
                "tiv_m:Q",
                title=tiv_title,
                scale=alt.Scale(scheme="blues", type="sqrt"),
                legend=alt.Legend(orient="bottom", titleLimit=0, gradientLength=240),
            ),
            tooltip=[
                alt.Tooltip("recipient:N", title=t("arms.col_recipient", lang)),
                alt.Tooltip("year:O", title=t("arms.axis_delivery_year", lang)),
                alt.Tooltip("tiv_m:Q", title=tiv_title, format=",.1f"),
                alt.Tooltip("deals:Q", title=t("arms.col_tiv_deals", lang)),
            ],
        )
        .properties(height=alt.Step(22))
    )


def map_legend(classes: list[tuple[str, str]], lang: str, title: str | None = None) -> alt.LayerChart:
    """The map's legend as a tiny chart (pydeck has none): one swatch per US$ class, then the other fills.

    classes: (label, colour hex) in order, smallest first.
    """
    df = pd.DataFrame({"label": [c[0] for c in classes], "colour": [c[1] for c in classes]})
    df["order"] = range(len(df))
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=alt.SortField("order"), axis=None))
    swatch = base.mark_square(size=220, stroke="#888", strokeWidth=0.5).encode(
        x=alt.value(8), color=alt.Color("colour:N", scale=None)
    )
    text = base.mark_text(align="left", dx=18, fontSize=12).encode(x=alt.value(8), text="label:N")
    legend = alt.layer(swatch, text).properties(
        height=alt.Step(20), width=170, title=title or t("arms.legend_title", lang)
    )
    return cast(alt.LayerChart, legend)


def map_picture(
    world: dict,
    recipients: pd.DataFrame,
    capitals: pd.DataFrame,
    exporter: str,
    classes: list[tuple[str, str]],
    lang: str,
    value_title: str,
    money: Any = None,
) -> alt.LayerChart:
    """The map's static twin for pictures and slides (vl-convert draws it offline): the shipped world
    cropped to the recipients, shaded in the same classes as the screen map, a curved route from Seoul
    to each recipient as wide as its value, each recipient labelled with its value, the legend beside
    the map and a numbered key under it for labels that do not fit.

    recipients: atlas.arms.by_recipient with a ``class_label`` column (atlas.arms.maps.value_class).
    Every position is computed here, in pixels (atlas.arms.maps.picture_geometry), so the labels are
    placed where they will be drawn; the chart draws them with an identity projection.
    """
    from atlas.arms import maps
    from atlas.i18n import country_name, fmt_usd_m

    money = money or (lambda v: fmt_usd_m(v, lang))  # the TIV map passes its own: TIV are not money

    known = set(capitals["iso3"])
    rows = [r for r in recipients.to_dict("records") if r["recipient_iso3"] in known]
    geo = maps.picture_geometry(world, [r["recipient_iso3"] for r in rows], capitals, exporter, MAP_WIDTH, MAP_HEIGHT)
    shaded = dict(zip(recipients["recipient_iso3"], recipients["class_label"], strict=True))
    land, coloured = [], []
    for f in geo.features:
        iso3 = f["properties"]["iso3"]
        if iso3 in shaded:
            coloured.append({**f, "properties": {"iso3": iso3, "cls": shaded[iso3]}})
        else:
            land.append(f)
    values = [float(r["value_usd_m"]) + float(r.get("hypothetical_usd_m", 0) or 0) for r in rows]
    vmax = max(values, default=0.0)
    lines = []
    for r, value in zip(rows, values, strict=True):
        iso3 = r["recipient_iso3"]
        x2, y2 = geo.points[iso3]
        hypothetical = bool(r.get("hypothetical_deals", 0)) and not r.get("deals", 0)
        lines.append(
            {
                "iso3": iso3,
                "x": geo.origin[0],
                "y": geo.origin[1],
                "x2": x2,
                "y2": y2,
                # a recipient whose deals have no known value is "no known value", never "$0"
                "label": f"{country_name(iso3, lang)} "
                + (money(value) if value > 0 else f"({t('arms.class.no_value', lang)})"),
                "hypothetical": hypothetical,
                "value": value,
                "width": maps.arc_width(value, vmax, ROUTE_MIN, ROUTE_MAX),
                "colour": HYPOTHETICAL_ROUTE if hypothetical else LISTED_COLOR,
            }
        )
    columns = ["iso3", "x", "y", "x2", "y2", "label", "hypothetical", "value", "width", "colour"]
    df = pd.DataFrame(lines, columns=columns)
    curves = {r.iso3: route((r.x, r.y), (r.x2, r.y2), MAP_WIDTH, MAP_HEIGHT) for r in df.itertuples(index=False)}
    df = place_labels(df.sort_values("value", ascending=False, kind="stable").reset_index(drop=True), routes=curves)
    paths = pd.DataFrame(
        [
            {"iso3": r.iso3, "i": i, "px": px, "py": py, "width": r.width, "colour": r.colour}
            for r in df.itertuples(index=False)
            for i, (px, py) in enumerate(curves[r.iso3])
        ],
        columns=["iso3", "i", "px", "py", "width", "colour"],
    )
    labels, colours = [c[0] for c in classes], [c[1] for c in classes]
    legend_title = wrap_px(value_title, SIDE_WIDTH, bold=True)
    x_px = partial(alt.X, scale=None, axis=None)
    y_px = partial(alt.Y, scale=None, axis=None)
    land_layer = alt.Chart(alt.Data(name=LAND_DATA)).mark_geoshape(fill="#eeece4", stroke="white", strokeWidth=0.5)
    rec_layer = (
        alt.Chart(alt.Data(name=SHADED_DATA))
        .mark_geoshape(stroke="white", strokeWidth=0.5)
        .encode(
            color=alt.Color(
                "properties.cls:N",
                scale=alt.Scale(domain=labels, range=colours),
                legend=None,  # drawn beside the map below, where the key's place is known
            )
        )
    )
    routes = (
        alt.Chart(paths)
        # strokeOpacity, not opacity: the renderer draws an element with opacity on a layer of its own,
        # which made the routes cost 0.5 s of a picture
        .mark_line(clip=True, strokeOpacity=0.75, strokeCap="round", interpolate="linear")
        .encode(
            x=x_px("px:Q"),
            y=y_px("py:Q"),
            detail="iso3:N",
            order="i:Q",
            strokeWidth=alt.StrokeWidth("width:Q", scale=None, legend=None),
            color=alt.Color("colour:N", scale=None, legend=None),
        )
    )
    ends = pd.DataFrame(
        {"px": [*df["x2"], geo.origin[0]], "py": [*df["y2"], geo.origin[1]], "seoul": [False] * len(df) + [True]}
    )
    dots = (
        alt.Chart(ends)
        .mark_circle(opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=x_px("px:Q"),
            y=y_px("py:Q"),
            size=alt.condition(alt.datum.seoul, alt.value(90), alt.value(30)),
            color=alt.condition(alt.datum.seoul, alt.value(ORIGIN_COLOR), alt.value(LISTED_COLOR)),
        )
    )
    # Labels where they fit (placed in Python: Vega-Lite has no label collision for text marks),
    # else a number beside the recipient and the label in a numbered key under the map; each on a
    # white halo so that routes and dark fills never cross the words.
    texts = []
    for align in ("left", "right", "center"):
        part = df[df["align"] == align]
        for halo in (True, False):
            style: dict[str, Any] = {"stroke": "white", "strokeWidth": 4, "strokeJoin": "round"} if halo else {}
            texts.append(
                alt.Chart(part)
                .mark_text(align=align, baseline="middle", fontSize=LABEL_SIZE, color="#1a1a1a", **style)
                .encode(x=x_px("tx:Q"), y=y_px("ty:Q"), text="shown:N")
            )
    # The legend as marks beside the map, not a Vega-Lite legend: in a page picture (a chart inside a
    # titled concat) Vega-Lite places its legend right of the widest part, away from the key under it.
    side = MAP_WIDTH + SIDE_GAP
    row_n = -(-len(classes) // LEGEND_COLUMNS)
    first_column = max((_text_width(c[0]) for c in classes[:row_n]), default=0.0) + SWATCH + 14
    top = len(legend_title) * TITLE_LINE + 8 + LEGEND_ROW / 2
    entries = pd.DataFrame(
        {
            "x": [side + (i // row_n) * first_column for i in range(len(classes))],
            "y": [top + (i % row_n) * LEGEND_ROW for i in range(len(classes))],
            "entry": labels,
            "colour": colours,
        }
    )
    heading = pd.DataFrame({"title": legend_title, "y": [TITLE_LINE * (i + 0.5) for i in range(len(legend_title))]})
    legend = [
        alt.Chart(heading)
        .mark_text(align="left", baseline="middle", fontSize=LABEL_SIZE, fontWeight="bold", color="#31333f")
        .encode(x=alt.value(side), y=y_px("y:Q"), text="title:N"),
        alt.Chart(entries)
        .mark_square(size=SWATCH * SWATCH, stroke="#888", strokeWidth=0.5, opacity=1)
        .encode(x=x_px("xs:Q"), y=y_px("y:Q"), color=alt.Color("colour:N", scale=None, legend=None))
        .transform_calculate(xs=f"datum.x + {SWATCH / 2}"),
        alt.Chart(entries)
        .mark_text(align="left", baseline="middle", fontSize=LABEL_SIZE, color="#31333f")
        .transform_calculate(xt=f"datum.x + {SWATCH + 6}")
        .encode(x=x_px("xt:Q"), y=y_px("y:Q"), text="entry:N"),
    ]
    key_lines = _key_lines(df)
    if key_lines:  # under the legend, beside the map
        start = top + row_n * LEGEND_ROW + KEY_LINE / 2
        key = pd.DataFrame({"line": key_lines, "y": [start + KEY_LINE * i for i in range(len(key_lines))]})
        texts.append(
            alt.Chart(key)
            .mark_text(align="left", baseline="middle", fontSize=LABEL_SIZE, color="#1a1a1a")
            .encode(x=alt.value(side), y=y_px("y:Q"), text="line:N")
        )
    chart = (
        alt.layer(land_layer, rec_layer, routes, dots, *texts, *legend)
        # The geometry is in pixels already: the identity projection draws it as it is.
        .project(type="identity", scale=1, translate=[0, 0])
        .properties(width=MAP_WIDTH, height=MAP_HEIGHT)
    )
    return MapChart.with_geometry(cast(alt.LayerChart, chart), {LAND_DATA: land, SHADED_DATA: coloured})


LAND_DATA, SHADED_DATA = "map_land", "map_recipients"


class MapChart(alt.LayerChart):
    """A layer chart whose countries join its spec only in to_dict (as named datasets).

    Altair deep-copies and walks every inline value at each step of building a chart: for the
    world's coordinates that was half a second per picture, and the geometry needs neither.

    The rest of its spec is converted once and copied after that: the chart is not changed once built
    (its labels are placed for its size), and converting its routes and labels again cost a quarter of a
    second on every picture and deck that draws it.
    """

    _geometry: dict[str, list[dict]]
    _specs: dict[str, dict[str, Any]]

    @classmethod
    def with_geometry(cls, chart: alt.LayerChart, geometry: dict[str, list[dict]]) -> MapChart:
        out = cls(**chart._kwds)
        object.__setattr__(out, "_geometry", geometry)  # beside the schema's fields, not one of them
        object.__setattr__(out, "_specs", {})
        return out

    def to_dict(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        specs = getattr(self, "_specs", None)
        key = repr((args, sorted(kwargs.items())))
        if specs is None:
            spec = super().to_dict(*args, **kwargs)
        else:
            if key not in specs:
                specs[key] = super().to_dict(*args, **kwargs)
            spec = copy.deepcopy(specs[key])  # callers move and change its parts
        spec.setdefault("datasets", {}).update(getattr(self, "_geometry", {}))
        return spec


# ------------------------------------------------------------------ map picture geometry and labels
# The map's frame in CSS px. The legend and the numbered key sit right of it: a slide is wider than a map
# of the recipients, so the picture is drawn as wide as the slide's box allows at 12 pt labels.
MAP_WIDTH, MAP_HEIGHT = 720, 340
# Labels at 17 px: a slide shows the picture at 71% or more (atlas.render.deck keeps chart labels >= 12 pt)
LABEL_SIZE = 17
SIDE_WIDTH = 300  # px a line of the legend's title or of the numbered key may take
LEGEND_COLUMNS = 2  # the legend's entries side by side: the key under it gets the height
SIDE_GAP = 18  # px between the map and the legend
LEGEND_ROW = 22  # px a legend entry takes at LABEL_SIZE
TITLE_LINE = 21  # px a line of the legend's title takes
SWATCH = 15  # px, a legend entry's square
KEY_LINE = 21  # px from one line of the key to the next
ORIGIN_COLOR = "#3a3a3a"
HYPOTHETICAL_ROUTE = "#e66e00"  # the live map's orange for hypothetical deals
ROUTE_MIN, ROUTE_MAX = 1.2, 7.0  # px: a route's width by the square root of its value, as the live map's arcs
ROUTE_POINTS = 24
BEND = 0.2  # a route's bulge, as a share of its length
# Where a label may sit beside its point: (align, dx, dy) in px, tried in this order.
LABEL_SPOTS: tuple[tuple[Literal["left", "right", "center"], int, int], ...] = (
    ("left", 7, -10),
    ("left", 7, 10),
    ("right", -7, -10),
    ("right", -7, 10),
    ("left", 8, 0),
    ("right", -8, 0),
    ("center", 0, -16),
    ("center", 0, 16),
    ("left", 8, -26),
    ("right", -8, -26),
    ("left", 8, 26),
    ("right", -8, 26),
)
# Where a number (a label that fits nowhere) may also sit: around its point, further out.
ALL_SPOTS = LABEL_SPOTS + tuple(
    (("left" if dx > 0 else "right" if dx < 0 else "center"), dx, dy)
    for r in (16, 24, 32)
    for dx, dy in ((r, 0), (-r, 0), (0, -r), (0, r), (r, -r), (-r, -r), (r, r), (-r, r))
)


def route(a: tuple[float, float], b: tuple[float, float], width: float, height: float) -> list[tuple[float, float]]:
    """A curved route from a to b (px, y down): a quadratic arc that bulges up (north), or down when
    bulging up would leave the frame, as ROUTE_POINTS + 1 points."""
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    if ny > 0:  # the normal that points up the picture
        nx, ny = -nx, -ny
    steps = [i / ROUTE_POINTS for i in range(ROUTE_POINTS + 1)]
    first: list[tuple[float, float]] = []
    for sign in (1.0, -1.0):
        cx, cy = (x1 + x2) / 2 + sign * nx * BEND * length, (y1 + y2) / 2 + sign * ny * BEND * length
        points = [
            (
                round((1 - s) ** 2 * x1 + 2 * (1 - s) * s * cx + s * s * x2, 1),
                round((1 - s) ** 2 * y1 + 2 * (1 - s) * s * cy + s * s * y2, 1),
            )
            for s in steps
        ]
        if all(0 <= x <= width and 0 <= y <= height for x, y in points):
            return points
        first = first or points
    return first  # neither fits: the frame clips it


def _text_width(text: str, size: float = LABEL_SIZE) -> float:
    """A generous width in px of a label (wide CJK glyphs count double; the chart font's Latin averages
    under 0.5 em)."""
    return sum(size * (1.0 if ord(ch) > 0x2E80 else 0.53) for ch in text)


def wrap_px(text: str, width: float, bold: bool = False) -> list[str]:
    """text in lines of at most width px at LABEL_SIZE (broken at spaces)."""
    factor = 1.08 if bold else 1.0
    out: list[str] = []
    for word in text.split(" "):
        if out and _text_width(f"{out[-1]} {word}") * factor <= width:
            out[-1] += f" {word}"
        else:
            out.append(word)
    return out


def place_labels(
    df: pd.DataFrame,
    width: float = MAP_WIDTH,
    height: float = MAP_HEIGHT,
    routes: Mapping[str, list[tuple[float, float]]] | None = None,
) -> pd.DataFrame:
    """Give each label (largest value first) a spot beside its point (x2, y2 px) where it overlaps no
    label placed before and no route end or origin dot (x, y): of those, the one that covers fewest
    points of other recipients' routes, the nearest first. A label that fits nowhere becomes a number
    beside its point (``shown``) and goes to the numbered key (``key``).
    Adds pos, shown, key, align and the text's anchor tx, ty."""
    boxes: list[tuple[float, float, float, float]] = []
    dots = list(zip(df["x2"].astype(float), df["y2"].astype(float), strict=True))
    dots += [(float(df["x"].iloc[0]), float(df["y"].iloc[0]))] if len(df) else []

    def free(box: tuple[float, float, float, float], own: int) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 0 or x1 > width or y0 < 0 or y1 > height:
            return False
        # a few px apart, or two neighbours read as one (numbers 4 and 5 as "45")
        if any(x0 - 4 < b[2] and b[0] < x1 + 4 and y0 < b[3] and b[1] < y1 for b in boxes):
            return False
        return not any(x0 - 3 < dx < x1 + 3 and y0 - 3 < dy < y1 + 3 for i, (dx, dy) in enumerate(dots) if i != own)

    def box_for(spot: tuple[str, int, int], x: float, y: float, w: float) -> tuple[float, float, float, float]:
        align, dx, dy = spot
        left = x + dx if align == "left" else x + dx - w if align == "right" else x + dx - w / 2
        return (left, y + dy - LABEL_SIZE / 2 - 1, left + w, y + dy + LABEL_SIZE / 2 + 1)

    pos, shown, key, align, tx, ty = [], [], [], [], [], []
    numbered = 0
    route_points = routes or {}

    def crossings(box: tuple[float, float, float, float], own: str, at: tuple[float, float]) -> int:
        # routes under the box (its own too, away from the point it labels, which it must touch)
        x0, y0, x1, y1 = box
        return sum(
            x0 < px < x1 and y0 < py < y1 and (k != own or math.hypot(px - at[0], py - at[1]) > 2 * LABEL_SIZE)
            for k, pts in route_points.items()
            for px, py in pts
        )

    def best(i: int, text: str, spots: int) -> int | None:
        x, y = dots[i]
        own = str(df["iso3"].iloc[i]) if "iso3" in df else ""
        fits = [(k, box_for(s, x, y, _text_width(text))) for k, s in enumerate(ALL_SPOTS[:spots])]
        fits = [(k, b) for k, b in fits if free(b, i)]
        return min(fits, key=lambda kb: (crossings(kb[1], own, (x, y)), kb[0]))[0] if fits else None

    for i, label in enumerate(df["label"]):
        x, y = dots[i]
        spot = best(i, label, len(LABEL_SPOTS))
        if spot is None:
            numbered += 1
            text = str(numbered)
            # a number is small: it may also sit a little further out, around its point
            spot = best(i, text, len(ALL_SPOTS)) or 0
            key.append(f"{numbered} {label}")
        else:
            text = label
            key.append("")
        chosen = ALL_SPOTS[spot]
        boxes.append(box_for(chosen, x, y, _text_width(text)))
        pos.append(spot)
        shown.append(text)
        align.append(chosen[0])
        tx.append(round(x + chosen[1], 1))
        ty.append(round(y + chosen[2], 1))
    return df.assign(pos=pos, shown=shown, key=key, align=align, tx=tx, ty=ty)


def _key_lines(df: pd.DataFrame) -> list[str]:
    """The numbered key's entries, one an entry, wrapped into lines of at most SIDE_WIDTH px."""
    lines: list[str] = []
    for entry in (k for k in df["key"] if k):
        lines += wrap_px(entry, SIDE_WIDTH)
    return lines
