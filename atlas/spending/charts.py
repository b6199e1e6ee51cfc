"""Altair builders for the Defence spending page (pure; every label is passed in translated).

Each builder takes a tidy frame and the already translated titles, and returns a chart
whose spec tests can read with to_dict().
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from atlas.core import colours
from atlas.events.charts import event_rules

HIGHLIGHT_COLOR = colours.HIGHLIGHT  # South Korea, as on every page
NEUTRAL_BAR = "#9aa7b4"  # the other countries' bars in a ranking: one neutral tone, Korea stands out
REFERENCE_COLOR = "#444444"
PATH_COLOR = colours.HIGHLIGHT
TREND_COLOR = "#7f7f7f"
WIDE, THIN = 4.0, 1.8


def _color_scale(df: pd.DataFrame, highlight_name: str | None) -> alt.Scale:
    """Country names to their fixed colours (atlas.core.colours by ISO3): China is the same
    colour whichever countries are chosen; the highlighted country comes first in the legend."""
    pairs = dict(zip(df["country"], df["iso3"]))
    names = list(pairs)
    if highlight_name in pairs:
        names = [highlight_name] + [n for n in names if n != highlight_name]
    return alt.Scale(domain=names, range=[colours.colour(pairs[n]) for n in names])


def line_chart(
    df: pd.DataFrame,
    *,
    value: str,
    value_title: str,
    value_format: str,
    country_title: str,
    year_title: str,
    highlight_name: str | None,
    references: pd.DataFrame | None = None,
    markers: pd.DataFrame | None = None,
    markers_lang: str = "en",
    height: int = 380,
) -> alt.TopLevelMixin:
    """Lines per country over years; the highlighted country thick and red.

    df: columns country, iso3, year, <value>; NaN values break the line (no invented zeros).
    references: optional columns value, label: horizontal rules with their label.
    markers: optional events (atlas.data.load_events rows, already chosen) drawn as
    vertical rules at their date, with tooltips in markers_lang.
    """
    data = df[["country", "iso3", "year", value]].rename(columns={value: "value"})
    data = data.assign(highlight=data["country"] == highlight_name)
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title=year_title, axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title=value_title),
        color=alt.Color(
            "country:N",
            title=country_title,
            scale=_color_scale(data, highlight_name),
            legend=alt.Legend(orient="right", labelLimit=200, labelFontSize=12),
        ),
        order=alt.Order("year:Q"),
        tooltip=[
            alt.Tooltip("country:N", title=country_title),
            alt.Tooltip("year:Q", title=year_title, format="d"),
            alt.Tooltip("value:Q", title=value_title, format=value_format),
        ],
    )
    point = alt.OverlayMarkDef(size=18)
    # the highlighted country is its own layer, drawn last so that it sits on top
    others = base.transform_filter("!datum.highlight").mark_line(point=point, strokeWidth=THIN)
    lines = base.transform_filter("datum.highlight").mark_line(point=point, strokeWidth=WIDE)
    layers: list[alt.Chart] = [others, lines]
    if references is not None and not references.empty:
        refs = references[["value", "label"]]
        rule = (
            alt.Chart(refs)
            .mark_rule(color=REFERENCE_COLOR, strokeDash=[6, 4], strokeWidth=1.5)
            .encode(y="value:Q", tooltip=[alt.Tooltip("label:N", title=value_title)])
        )
        text = (
            alt.Chart(refs)
            .mark_text(align="left", baseline="bottom", dx=4, dy=-2, color=REFERENCE_COLOR, fontSize=12)
            .encode(y="value:Q", x=alt.value(0), text="label:N")
        )
        layers += [rule, text]
    if markers is not None:
        layers.append(event_rules(markers, markers_lang, x="year", axis_title=year_title))
    return alt.layer(*layers).properties(height=height)


def ranking_chart(
    df: pd.DataFrame,
    *,
    value_title: str,
    value_format: str,
    country_title: str,
    highlight_name: str | None,
    height_per_bar: int = 24,
) -> alt.Chart:
    """Horizontal bars, highest first; the highlighted country in its colour, the others neutral.

    df: columns country, value, rank.
    """
    data = df[["country", "value", "rank"]].assign(highlight=df["country"] == highlight_name)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "country:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False, labelFontSize=12)
            ),
            x=alt.X("value:Q", title=value_title),
            color=alt.condition(alt.datum.highlight, alt.value(HIGHLIGHT_COLOR), alt.value(NEUTRAL_BAR)),
            tooltip=[
                alt.Tooltip("rank:Q", title="#"),
                alt.Tooltip("country:N", title=country_title),
                alt.Tooltip("value:Q", title=value_title, format=value_format),
            ],
        )
    )
    labels = bars.mark_text(align="left", dx=3, color="#222222").encode(
        text=alt.Text("value:Q", format=value_format), color=alt.value("#222222")
    )
    return (bars + labels).properties(height=alt.Step(height_per_bar))


def projection_chart(
    projection: pd.DataFrame,
    *,
    path_label: str,
    trend_label: str,
    series_title: str,
    value_title: str,
    year_title: str,
    path_colour: str = PATH_COLOR,
    height: int = 340,
) -> alt.TopLevelMixin:
    """Spending on the target path against the current trend (share held), one price basis.

    Lines and points are separate layers so that the legend draws each series as a line
    (solid path, dashed trend), not as a point symbol.
    """
    long = pd.concat(
        [
            pd.DataFrame(
                {"year": projection["year"], "series": path_label, "value": projection["spending_path_usd_m"]}
            ),
            pd.DataFrame(
                {"year": projection["year"], "series": trend_label, "value": projection["spending_trend_usd_m"]}
            ),
        ],
        ignore_index=True,
    )
    domain = [path_label, trend_label]
    legend = alt.Legend(orient="top", labelLimit=300, symbolType="stroke", symbolStrokeWidth=3, symbolSize=400)
    base = alt.Chart(long).encode(
        x=alt.X("year:Q", title=year_title, axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title=value_title),
        color=alt.Color(
            "series:N",
            title=series_title,
            scale=alt.Scale(domain=domain, range=[path_colour, TREND_COLOR]),
            legend=legend,
        ),
        tooltip=[
            alt.Tooltip("series:N", title=series_title),
            alt.Tooltip("year:Q", title=year_title, format="d"),
            alt.Tooltip("value:Q", title=value_title, format=",.0f"),
        ],
    )
    lines = base.mark_line(strokeWidth=2.5).encode(
        strokeDash=alt.StrokeDash(
            "series:N", title=series_title, scale=alt.Scale(domain=domain, range=[[1, 0], [6, 4]]), legend=legend
        )
    )
    points = base.mark_point(filled=True, size=30).encode(
        color=alt.Color("series:N", scale=alt.Scale(domain=domain, range=[path_colour, TREND_COLOR]), legend=None)
    )
    return alt.layer(lines, points).properties(height=height)


def extra_chart(projection: pd.DataFrame, *, value_title: str, year_title: str, height: int = 240) -> alt.Chart:
    """Extra spending over the trend, per year, as bars (US$ m)."""
    data = projection.loc[projection["year"] > projection["year"].min(), ["year", "extra_usd_m"]]
    return (
        alt.Chart(data)
        .mark_bar(color=PATH_COLOR)
        .encode(
            x=alt.X("year:O", title=year_title),
            y=alt.Y("extra_usd_m:Q", title=value_title),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("extra_usd_m:Q", title=value_title, format=",.0f"),
            ],
        )
        .properties(height=height)
    )


SCENARIO_COLOURS = ("#0b5394", "#e15759", "#59a14f")  # first, second, third kept scenario


def comparison_chart(
    paths: pd.DataFrame, *, names: list[str], series_title: str, value_title: str, year_title: str, height: int = 320
) -> alt.Chart:
    """The kept scenarios' spending paths on one axis, one price basis (paths: name, year, spending_path_usd_m)."""
    colours_ = list(SCENARIO_COLOURS[: len(names)])
    legend = alt.Legend(orient="top", labelLimit=300, symbolType="stroke", symbolStrokeWidth=3)
    return (
        alt.Chart(paths)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=alt.X("year:Q", title=year_title, axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("spending_path_usd_m:Q", title=value_title),
            color=alt.Color("name:N", title=series_title, scale=alt.Scale(domain=names, range=colours_), legend=legend),
            tooltip=[
                alt.Tooltip("name:N", title=series_title),
                alt.Tooltip("year:Q", title=year_title, format="d"),
                alt.Tooltip("spending_path_usd_m:Q", title=value_title, format=",.0f"),
            ],
        )
        .properties(height=height)
    )


def budget_chart(
    df: pd.DataFrame,
    *,
    series_title: str,
    value_title: str,
    year_title: str,
    sipri_name: str,
) -> alt.TopLevelMixin:
    """Two lines of one country's share of GDP: SIPRI's figure (Korea's colour) and the ministry's (grey, dashed).

    df: columns year, series, value; NaN breaks a line.
    """
    names = list(dict.fromkeys(df["series"]))
    scale = alt.Scale(domain=names, range=[HIGHLIGHT_COLOR if n == sipri_name else REFERENCE_COLOR for n in names])
    dash = alt.Scale(domain=names, range=[[1, 0] if n == sipri_name else [6, 3] for n in names])
    return (
        alt.Chart(df[["year", "series", "value"]])
        .mark_line(point=alt.OverlayMarkDef(size=18), strokeWidth=2.5)
        .encode(
            x=alt.X("year:Q", title=year_title, axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("value:Q", title=value_title, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=series_title,
                scale=scale,
                legend=alt.Legend(orient="bottom", labelLimit=400, labelFontSize=12),
            ),  # fmt: skip
            strokeDash=alt.StrokeDash("series:N", scale=dash, legend=None),
            order=alt.Order("year:Q"),
            tooltip=[
                alt.Tooltip("series:N", title=series_title),
                alt.Tooltip("year:Q", title=year_title, format="d"),
                alt.Tooltip("value:Q", title=value_title, format=".2f"),
            ],
        )
        .properties(height=300)
    )
