"""Altair builders for events: the timeline, and event markers for other pages' time charts (pure).

Every visible text (axis, legend, tooltip titles, category names) comes through i18n.t()
in the language passed in, so a chart built for Korean reads in Korean.

Event markers on another page's chart
-------------------------------------
``event_rules(events, lang, x="year")`` returns a layer of vertical rules, one per event,
with a tooltip (date, title, category). Layer it over any chart whose x axis is time:

    base = alt.Chart(spending).mark_line().encode(x=alt.X("year:Q", title=...), y=...)
    marks = event_rules(events_df, lang, x="year", years=(2017, 2024), categories=["summit_diplomacy"])
    st.altair_chart(base + marks, width="stretch")

- ``x="year"`` puts each rule at its fractional year (2022.15 for 24 February 2022) in a
  quantitative field named ``year`` (``year:Q``), so it lines up with a ``year:Q`` axis.
  Pass ``x_type="O"`` for an ordinal year axis (``year:O``): rules then sit on the whole year.
- ``x="date"`` uses a temporal field named ``date`` (``date:T``) for charts with a date axis.
- Pass the base chart's x field name as ``field`` when it is not "year" / "date".
- ``years`` keeps only events in that range (so markers never stretch the base chart's axis).
- The rules use a fixed grey and no colour encoding, so they never merge into (or add
  to) the base chart's colour legend. Pass the base chart's x axis title as
  ``axis_title``: Vega-Lite merges the titles of layers that share an axis, and an empty
  title in the rules layer would blank the base chart's.

Pages switch the markers on with the URL key ``events`` (``?events=on``; default off):
``parse_markers`` reads it, ``marker_years`` picks the span of events to mark.
"""

from __future__ import annotations

from collections.abc import Collection

import altair as alt
import pandas as pd

from atlas import i18n
from atlas.events.model import CATEGORIES, localised, split_actors
from atlas.events.text import category_label
from atlas.i18n import t

# One colour per category (colour-blind-safe, after Okabe & Ito), in CATEGORIES order.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # un_vote
    "#D55E00",  # arms_deal
    "#009E73",  # summit_diplomacy
    "#CC2936",  # missile_nuclear
    "#E69F00",  # military_exercise
    "#56B4E9",  # defence_budget
    "#8C6D31",  # trade_tariffs
    "#CC79A7",  # alliance_partnership
)
RULE_COLOUR = "#5a5a5a"
LANE_HEIGHT = 38
MAX_DOTS = 600  # above this many events the timeline shows monthly counts


def actor_names(actors: object, lang: str | None = None) -> str:
    return ", ".join(i18n.country_name(a, lang) for a in split_actors(actors))


def _chart_frame(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    loc = localised(events, lang)
    return pd.DataFrame(
        {
            "event_id": loc["event_id"].astype(str),
            "date": pd.to_datetime(loc["date"]),
            "date_text": [i18n.fmt_date(d, lang) for d in loc["date"]],
            "title": loc["title_text"].astype(str),
            "category": [category_label(c, lang) for c in loc["category"]],
            "actors": [actor_names(a, lang) for a in loc["actors"]],
        }
    )


def _year_span(events: pd.DataFrame, years: tuple[int, int] | None) -> tuple[int, int]:
    if years is not None:
        return years
    y = events["date"].dt.year.dropna()
    return (int(y.min()), int(y.max())) if not y.empty else (2000, 2000)


SHORT_SPAN_YEARS = 2  # up to this many years the axis is labelled by quarter, not by year


def date_x(field: str, lang: str, years: tuple[int, int]) -> alt.X:
    """A date axis that always has labels: the domain is the whole selected span (so one event,
    or every event in one year, still spans a year), ticked by year, or by quarter ("2023-04",
    "2023년 4월") when the span is short."""
    lo, hi = years
    short = hi - lo + 1 <= SHORT_SPAN_YEARS
    axis = alt.Axis(
        format=i18n.time_axis_format("month" if short else "year", lang),
        tickCount=alt.TimeIntervalStep(interval="month", step=3) if short else "year",
        labelFontSize=13,
        titleFontSize=14,
        labelOverlap=True,
    )
    domain = [alt.DateTime(year=lo, month=1, date=1), alt.DateTime(year=hi, month=12, date=31)]
    return alt.X(f"{field}:T", title=t("events.chart.date", lang), axis=axis, scale=alt.Scale(domain=domain))


def timeline_chart(events: pd.DataFrame, lang: str, years: tuple[int, int] | None = None) -> alt.Chart:
    """Events as dots: date on x, one lane per category on y, coloured by category, with tooltips.

    years: the span the x axis covers (default: the events' own years). Above MAX_DOTS events
    a dot per event would be unreadable and heavy to send, so the chart shows one dot per
    category and month, sized by the number of events.
    """
    span = _year_span(events, years)
    if len(events) > MAX_DOTS:
        return _monthly_timeline(events, lang, span)
    frame = _chart_frame(events, lang)
    labels = [category_label(c, lang) for c in CATEGORIES]
    present = [lab for lab in labels if lab in set(frame["category"])]
    return (
        alt.Chart(frame)
        .mark_circle(size=150, opacity=0.85, stroke="white", strokeWidth=1)
        .encode(
            x=date_x("date", lang, span),
            y=alt.Y(
                "category:N",
                title=None,
                sort=present,
                scale=alt.Scale(domain=present),
                axis=alt.Axis(labelFontSize=13, labelLimit=260),
            ),
            color=alt.Color(
                "category:N",
                title=t("events.chart.category", lang),
                scale=alt.Scale(domain=labels, range=list(PALETTE)),
                legend=None,  # the lanes already name the categories
            ),
            tooltip=[
                alt.Tooltip("date_text:N", title=t("events.chart.date", lang)),
                alt.Tooltip("title:N", title=t("events.chart.title", lang)),
                alt.Tooltip("category:N", title=t("events.chart.category", lang)),
                alt.Tooltip("actors:N", title=t("events.chart.actors", lang)),
            ],
        )
        .properties(height=max(LANE_HEIGHT * max(len(present), 1), 120))
    )


def _monthly_timeline(events: pd.DataFrame, lang: str, span: tuple[int, int]) -> alt.Chart:
    labels = [category_label(c, lang) for c in CATEGORIES]
    counts = (
        pd.DataFrame({"month": events["date"].dt.to_period("M").dt.to_timestamp(), "category": events["category"]})
        .value_counts()
        .rename("count")
        .reset_index()
    )
    counts["category"] = [category_label(c, lang) for c in counts["category"]]
    counts["month_text"] = counts["month"].dt.strftime("%Y-%m")
    present = [lab for lab in labels if lab in set(counts["category"])]
    return (
        alt.Chart(counts)
        .mark_circle(opacity=0.85, stroke="white", strokeWidth=1)
        .encode(
            x=date_x("month", lang, span),
            y=alt.Y("category:N", title=None, sort=present, scale=alt.Scale(domain=present)),
            size=alt.Size("count:Q", title=t("events.chart.count", lang)),
            color=alt.Color("category:N", scale=alt.Scale(domain=labels, range=list(PALETTE)), legend=None),
            tooltip=[
                alt.Tooltip("month_text:N", title=t("events.chart.month", lang)),
                alt.Tooltip("category:N", title=t("events.chart.category", lang)),
                alt.Tooltip("count:Q", title=t("events.chart.count", lang)),
            ],
        )
        .properties(height=max(LANE_HEIGHT * max(len(present), 1), 120))
    )


def counts_table(events: pd.DataFrame) -> pd.DataFrame:
    """Events per category (codes), in CATEGORIES order, categories with none left out."""
    n = events["category"].value_counts()
    return pd.DataFrame(
        {"category": [c for c in CATEGORIES if n.get(c, 0)], "events": [int(n[c]) for c in CATEGORIES if n.get(c, 0)]}
    )


def counts_chart(counts: pd.DataFrame, lang: str) -> alt.Chart:
    """Events per category as horizontal bars, in the timeline's colours, counts labelled."""
    labels = [category_label(c, lang) for c in CATEGORIES]
    frame = pd.DataFrame(
        {"category": [category_label(c, lang) for c in counts["category"]], "events": counts["events"].astype(int)}
    )
    order = [lab for lab in labels if lab in set(frame["category"])]
    base = alt.Chart(frame).encode(
        y=alt.Y("category:N", title=None, sort=order, axis=alt.Axis(labelFontSize=13, labelLimit=260)),
        x=alt.X("events:Q", title=t("events.chart.count", lang), axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[
            alt.Tooltip("category:N", title=t("events.chart.category", lang)),
            alt.Tooltip("events:Q", title=t("events.chart.count", lang)),
        ],
    )
    bars = base.mark_bar().encode(
        color=alt.Color("category:N", scale=alt.Scale(domain=labels, range=list(PALETTE)), legend=None)
    )
    text = base.mark_text(align="left", dx=4, fontSize=13).encode(text=alt.Text("events:Q", format="d"))
    return (bars + text).properties(height=max(30 * max(len(order), 1), 90))


def event_rules(
    events: pd.DataFrame,
    lang: str,
    x: str = "year",
    *,
    field: str | None = None,
    x_type: str | None = None,
    years: tuple[int, int] | None = None,
    categories: Collection[str] = (),
    event_ids: Collection[str] = (),
    colour: str = RULE_COLOUR,
    axis_title: str | None = None,
) -> alt.Chart:
    """A layer of vertical rules, one per event, with tooltips, to put over another time chart.

    x: "year" (a year number; fractional by default so 24 Feb 2022 sits at 2022.15) or
       "date" (a timestamp). field: the base chart's x field name (default: x).
    x_type: Vega-Lite type of that field; default "Q" for year, "T" for date; with
       x="year", x_type="O" puts each rule on its whole year (for ordinal year axes).
    years / categories / event_ids: keep only these events (empty = all).
    axis_title: the base chart's x axis title (so that the layered chart keeps it).
    See the module docstring for an example.
    """
    if x not in ("year", "date"):
        raise ValueError(f"x must be 'year' or 'date', not {x!r}")
    field = field or x
    x_type = x_type or ("Q" if x == "year" else "T")
    rows = events
    if categories:
        rows = rows[rows["category"].isin(list(categories)).to_numpy(dtype=bool)]
    if event_ids:
        rows = rows[rows["event_id"].isin(list(event_ids)).to_numpy(dtype=bool)]
    if years is not None:
        y = rows["date"].dt.year
        rows = rows[((y >= years[0]) & (y <= years[1])).to_numpy(dtype=bool)]
    frame = _chart_frame(rows, lang)
    dates = frame["date"]
    if x == "date":
        frame[field] = dates
    elif x_type == "Q":
        start = pd.to_datetime(dates.dt.year.astype(str) + "-01-01")
        days_in_year = 365 + dates.dt.is_leap_year.astype(int)
        frame[field] = dates.dt.year + (dates - start).dt.days / days_in_year
    else:
        frame[field] = dates.dt.year.astype(int)
    return (
        alt.Chart(frame)
        .mark_rule(color=colour, strokeDash=[4, 3], strokeWidth=1.5, opacity=0.8)
        .encode(
            x=alt.X(f"{field}:{x_type}", title=axis_title),
            tooltip=[
                alt.Tooltip("date_text:N", title=t("events.chart.date", lang)),
                alt.Tooltip("title:N", title=t("events.chart.event", lang)),
                alt.Tooltip("category:N", title=t("events.chart.category", lang)),
            ],
        )
    )
