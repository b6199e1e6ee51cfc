"""Altair builders for the arms-exports page -> alt.Chart (pure; testable via to_dict()).

Builders take the aggregated frame plus the labels to show, so every axis, legend and
tooltip title is translated by the caller's catalogue and codes never reach the reader.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from atlas import i18n
from atlas.core.data import ARMS_CATEGORIES, ARMS_STAGES
from atlas.events_charts import event_rules
from atlas.i18n import t

CATEGORY_COLORS = ("#1f77b4", "#17becf", "#8c564b", "#d62728", "#ff7f0e", "#2ca02c", "#7f7f7f")
# Total height: Streamlit fits title, axis labels and the two-column legend inside it.
YEARS_HEIGHT = 440
STAGE_COLORS = ("#9ecae1", "#0b5394", "#6baed6", "#bdbdbd", "#31a354", "#e6550d")


def value_by_recipient_category(
    data: pd.DataFrame, recipient_names: Mapping[str, str], lang: str | None = None
) -> alt.Chart:
    """Horizontal stacked bars: counted value per recipient, split by category.

    data: atlas.arms.by_recipient_category (recipient_iso3, category, value_usd_m, deals).
    """
    df = data.copy()
    df["recipient"] = df["recipient_iso3"].map(lambda c: recipient_names.get(c, c))
    df["category_label"] = df["category"].map(lambda c: t(f"arms.category.{c}", lang))
    order = df.groupby("recipient")["value_usd_m"].sum().sort_values(ascending=False).index.tolist()
    cat_labels = [t(f"arms.category.{c}", lang) for c in ARMS_CATEGORIES]
    return (
        alt.Chart(df, title=t("arms.chart_value_title", lang))
        .mark_bar()
        .encode(
            y=alt.Y("recipient:N", sort=order, title=t("arms.axis_recipient", lang), axis=alt.Axis(labelLimit=220)),
            x=alt.X("sum(value_usd_m):Q", title=t("arms.axis_value", lang)),
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
                alt.Tooltip("value_usd_m:Q", title=t("arms.axis_value", lang), format=",.0f"),
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
    title = t("arms.chart_years_title", lang)
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
                alt.Tooltip("value_usd_m:Q", title=t("arms.axis_value", lang), format=",.0f"),
            ],
        )
        .properties(height=YEARS_HEIGHT)
    )
    if markers is None:
        return bars.properties(title=title)
    rules = event_rules(
        markers, lang or i18n.language(), x="date", field="year_start", years=years, axis_title=year_title
    )
    return alt.layer(bars, rules).properties(title=title, height=YEARS_HEIGHT)


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
