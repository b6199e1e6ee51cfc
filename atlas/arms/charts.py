"""Altair builders for the arms-exports page -> alt.Chart (pure; testable via to_dict()).

Builders take the aggregated frame plus the labels to show, so every axis, legend and
tooltip title is translated by the caller's catalogue and codes never reach the reader.
"""

from __future__ import annotations

from collections.abc import Mapping
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
                axis=alt.Axis(format="%Y", tickCount="year", labelAngle=-45),
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
    """The map's static twin for pictures: the shipped world geometry, recipients shaded in the same
    US$ classes as the screen map, lines from Seoul and labelled values (vl-convert draws it offline).

    recipients: atlas.arms.by_recipient with a ``class_label`` column (atlas.arms.maps.value_class).
    """
    from atlas.i18n import country_name, fmt_usd_m

    money = money or (lambda v: fmt_usd_m(v, lang))  # the TIV map passes its own: TIV are not money

    shaded = dict(zip(recipients["recipient_iso3"], recipients["class_label"], strict=True))
    land, coloured = [], []
    for f in world["features"]:
        iso3 = f["properties"]["iso3"]
        slim = {"type": "Feature", "geometry": f["geometry"], "properties": {"iso3": iso3}}
        if iso3 in shaded:
            slim["properties"]["cls"] = shaded[iso3]
            coloured.append(slim)
        else:
            land.append(slim)
    coords = capitals.set_index("iso3")[["lat", "lon"]].astype(float)
    origin = coords.loc[exporter]
    lines = []
    for r in recipients.to_dict("records"):
        if r["recipient_iso3"] not in coords.index:
            continue
        c = coords.loc[r["recipient_iso3"]]
        value = float(r["value_usd_m"]) + float(r.get("hypothetical_usd_m", 0) or 0)
        lines.append(
            {
                "lon": float(origin["lon"]),
                "lat": float(origin["lat"]),
                "lon2": float(c["lon"]),
                "lat2": float(c["lat"]),
                # a recipient whose deals have no known value is "no known value", never "$0"
                "label": f"{country_name(r['recipient_iso3'], lang)} "
                + (money(value) if value > 0 else f"({t('arms.class.no_value', lang)})"),
                "hypothetical": bool(r.get("hypothetical_deals", 0)) and not r.get("deals", 0),
                "value": value,
            }
        )
    df = pd.DataFrame(lines, columns=["lon", "lat", "lon2", "lat2", "label", "hypothetical", "value"])
    df = place_labels(df.sort_values("value", ascending=False, kind="stable").reset_index(drop=True))
    labels, colours = [c[0] for c in classes], [c[1] for c in classes]
    projection: dict[str, Any] = {"type": "equalEarth"}
    land_layer = alt.Chart(alt.Data(values=land)).mark_geoshape(fill="#eeece4", stroke="white", strokeWidth=0.4)
    rec_layer = (
        alt.Chart(alt.Data(values=coloured))
        .mark_geoshape(stroke="white", strokeWidth=0.4)
        .encode(
            color=alt.Color(
                "properties.cls:N",
                title=value_title,
                scale=alt.Scale(domain=labels, range=colours),
                legend=alt.Legend(orient="bottom-left", labelLimit=0, titleLimit=0),
            )
        )
    )
    rules = (
        alt.Chart(df)
        .mark_rule(color=LISTED_COLOR, strokeWidth=1.2, opacity=0.7)
        .encode(longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q")
    )
    # Labels where they fit (placed in Python: Vega-Lite has no label collision for text marks),
    # else a number at the capital and the label in a numbered key under the map.
    texts = [
        alt.Chart(df)
        .transform_filter(alt.datum.pos == pos)
        .mark_text(align=align, baseline="middle", dx=dx, dy=dy, fontSize=LABEL_SIZE, color="#1a1a1a")
        .encode(longitude="lon2:Q", latitude="lat2:Q", text="shown:N")
        for pos, (align, dx, dy) in enumerate(LABEL_SPOTS)
    ]
    key_lines = _key_lines(df)
    if key_lines:
        key = pd.DataFrame({"line": key_lines, "y": [PICTURE_HEIGHT + 14 + 14 * i for i in range(len(key_lines))]})
        texts.append(
            alt.Chart(key)
            .mark_text(align="left", baseline="middle", fontSize=LABEL_SIZE, color="#1a1a1a")
            .encode(x=alt.value(0), y=alt.Y("y:Q", scale=None), text="line:N")
        )
    return cast(
        alt.LayerChart,
        alt.layer(land_layer, rec_layer, rules, *texts)
        .project(**projection)
        .properties(width=PICTURE_WIDTH, height=PICTURE_HEIGHT),
    )


# ------------------------------------------------------------------ map picture labels
PICTURE_WIDTH, PICTURE_HEIGHT = 900, 480
LABEL_SIZE = 10
# Where a label may sit beside its capital: (align, dx, dy) in px, tried in this order.
LABEL_SPOTS: tuple[tuple[Literal["left", "right"], int, int], ...] = (
    ("left", 5, -6),
    ("left", 5, 7),
    ("right", -5, -6),
    ("right", -5, 7),
    ("left", 6, 0),
    ("right", -6, 0),
)
KEY_WIDTH = 150  # characters per line of the numbered key under the map


def _equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Equal Earth projection (Šavrič et al. 2018, as d3.geoEqualEarth), unit scale, y up."""
    import math

    a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
    m = math.sqrt(3) / 2
    th = math.asin(m * math.sin(math.radians(lat)))
    t2 = th * th
    t6 = t2 * t2 * t2
    x = math.radians(lon) * math.cos(th) / (m * (a1 + 3 * a2 * t2 + t6 * (7 * a3 + 9 * a4 * t2)))
    y = th * (a1 + a2 * t2 + t6 * (a3 + a4 * t2))
    return x, y


def _to_px(lon: float, lat: float) -> tuple[float, float]:
    """Where vega's equalEarth, fitted to the whole world in PICTURE_WIDTH x PICTURE_HEIGHT, puts a point."""
    x_max = _equal_earth(180, 0)[0]
    y_top, y_bottom = _equal_earth(0, 83.65)[1], _equal_earth(0, -90)[1]  # Natural Earth's land extent
    scale = min(PICTURE_WIDTH / (2 * x_max), PICTURE_HEIGHT / (y_top - y_bottom))
    x, y = _equal_earth(lon, lat)
    return PICTURE_WIDTH / 2 + scale * x, PICTURE_HEIGHT / 2 - scale * (y - (y_top + y_bottom) / 2)


def _text_width(text: str) -> float:
    """A generous width in px of a LABEL_SIZE label (wide CJK glyphs count double)."""
    return sum(LABEL_SIZE * (1.0 if ord(ch) > 0x2E80 else 0.58) for ch in text)


def place_labels(df: pd.DataFrame) -> pd.DataFrame:
    """Give each label (largest value first) the first spot beside its capital where it overlaps
    no label placed before and no capital dot; a label that fits nowhere becomes a number at
    its capital (``shown``) and goes to the numbered key (``key``). Adds pos, shown, key."""
    boxes: list[tuple[float, float, float, float]] = []
    dots = [_to_px(lon, lat) for lon, lat in zip(df["lon2"], df["lat2"], strict=True)]
    dots += [_to_px(float(df["lon"].iloc[0]), float(df["lat"].iloc[0]))] if len(df) else []

    def free(box: tuple[float, float, float, float], own: int) -> bool:
        x0, y0, x1, y1 = box
        if x0 < 0 or x1 > PICTURE_WIDTH or y0 < 0 or y1 > PICTURE_HEIGHT:
            return False
        if any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in boxes):
            return False
        return not any(x0 - 2 < dx < x1 + 2 and y0 - 2 < dy < y1 + 2 for i, (dx, dy) in enumerate(dots) if i != own)

    def box_for(spot: tuple[str, int, int], x: float, y: float, width: float) -> tuple[float, float, float, float]:
        align, dx, dy = spot
        left = x + dx if align == "left" else x + dx - width
        return (left, y + dy - LABEL_SIZE / 2 - 1, left + width, y + dy + LABEL_SIZE / 2 + 1)

    pos, shown, key = [], [], []
    numbered = 0
    for i, label in enumerate(df["label"]):
        x, y = dots[i]
        spot = next(
            (k for k, s in enumerate(LABEL_SPOTS) if free(box_for(s, x, y, _text_width(label)), i)),
            None,
        )
        if spot is None:
            numbered += 1
            text = str(numbered)
            spot = next((k for k, s in enumerate(LABEL_SPOTS) if free(box_for(s, x, y, _text_width(text)), i)), 0)
            key.append(f"{numbered} {label}")
        else:
            text = label
            key.append("")
        boxes.append(box_for(LABEL_SPOTS[spot], x, y, _text_width(text)))
        pos.append(spot)
        shown.append(text)
    return df.assign(pos=pos, shown=shown, key=key)


def _key_lines(df: pd.DataFrame) -> list[str]:
    """The numbered key's entries, wrapped into lines of at most KEY_WIDTH characters."""
    lines: list[str] = []
    for entry in (k for k in df["key"] if k):
        if lines and len(lines[-1]) + 5 + len(entry) <= KEY_WIDTH:
            lines[-1] += "   ·   " + entry
        else:
            lines.append(entry)
    return lines
