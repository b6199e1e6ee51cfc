"""Altair builders for the Defence spending page (pure; every label is passed in translated).

Each builder takes a tidy frame and the already translated titles, and returns a chart
whose spec tests can read with to_dict().
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from atlas.events_charts import event_rules

HIGHLIGHT_COLOR = "#c8102e"  # strong red: South Korea
OTHER_COLORS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#637939",
    "#8c6d31",
    "#843c39",
    "#7b4173",
    "#3182bd",
    "#e6550d",
    "#31a354",
    "#756bb1",
    "#636363",
)
REFERENCE_COLOR = "#444444"
PATH_COLOR = "#c8102e"
TREND_COLOR = "#7f7f7f"
WIDE, THIN = 4.0, 1.8


def _color_scale(names: Sequence[str], highlight_name: str | None) -> alt.Scale:
    domain = list(dict.fromkeys(names))
    if highlight_name in domain:  # first in the legend
        domain = [highlight_name] + [n for n in domain if n != highlight_name]
    others = iter(OTHER_COLORS * (len(domain) // len(OTHER_COLORS) + 1))
    colors = [HIGHLIGHT_COLOR if n == highlight_name else next(others) for n in domain]
    return alt.Scale(domain=domain, range=colors)


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
) -> alt.LayerChart:
    """Lines per country over years; the highlighted country thick and red.

    df: columns country, year, <value>; NaN values break the line (no invented zeros).
    references: optional columns value, label: horizontal rules with their label.
    markers: optional events (atlas.data.load_events rows, already chosen) drawn as
    vertical rules at their date, with tooltips in markers_lang.
    """
    data = df[["country", "year", value]].rename(columns={value: "value"})
    names = list(data["country"])
    data = data.assign(highlight=data["country"] == highlight_name)
    base = alt.Chart(data).encode(
        x=alt.X("year:Q", title=year_title, axis=alt.Axis(format="d", tickMinStep=1)),
        y=alt.Y("value:Q", title=value_title),
        color=alt.Color(
            "country:N",
            title=country_title,
            scale=_color_scale(names, highlight_name),
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
    """Horizontal bars, highest first; the highlighted country red, the others grey-blue.

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
            color=alt.condition(alt.datum.highlight, alt.value(HIGHLIGHT_COLOR), alt.value("#5b7fa6")),
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
    height: int = 340,
) -> alt.Chart:
    """Spending in US$ m on the target path against the current trend (share held)."""
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
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("year:Q", title=year_title, axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("value:Q", title=value_title),
            color=alt.Color(
                "series:N",
                title=series_title,
                scale=alt.Scale(domain=[path_label, trend_label], range=[PATH_COLOR, TREND_COLOR]),
                legend=alt.Legend(orient="top", labelLimit=300),
            ),
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=[path_label, trend_label], range=[[1, 0], [6, 4]]), legend=None
            ),
            tooltip=[
                alt.Tooltip("series:N", title=series_title),
                alt.Tooltip("year:Q", title=year_title, format="d"),
                alt.Tooltip("value:Q", title=value_title, format=",.0f"),
            ],
        )
        .properties(height=height)
    )


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
