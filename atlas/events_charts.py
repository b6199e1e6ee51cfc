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

from collections.abc import Collection, Sequence

import altair as alt
import pandas as pd

from atlas import i18n
from atlas.core.urlstate import Parsed, parse_code
from atlas.events import CATEGORIES, localised, split_actors
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
MARKERS_KEY = "events"  # URL key of the "show events on this chart" switch
MARKER_CHOICES = ("off", "on")


def parse_markers(raw: Sequence[str]) -> Parsed[bool]:
    """?events=on|off (default off); anything else -> off, flagged for a notice."""
    parsed = parse_code(raw, MARKER_CHOICES, "off")
    return Parsed(parsed.value == "on", parsed.rejected)


def marker_years(selected: tuple[int, int], data_last_year: int, events_last_year: int) -> tuple[int, int]:
    """The years whose events to mark on a chart showing the selected years.

    Events within the selected years; when the selection runs to the data's last year,
    also the events after it (what happened since the latest figure, e.g. a 2025 summit
    on a series that ends in 2024).
    """
    lo, hi = selected
    if hi >= data_last_year:
        hi = max(hi, events_last_year)
    return (lo, hi)


def category_label(code: str, lang: str | None = None) -> str:
    return t(f"events.category.{code}", lang)


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


def timeline_chart(events: pd.DataFrame, lang: str) -> alt.Chart:
    """Events as dots: date on x, one lane per category on y, coloured by category, with tooltips.

    Above MAX_DOTS events a dot per event would be unreadable and heavy to send, so the chart
    shows one dot per category and month, sized by the number of events.
    """
    if len(events) > MAX_DOTS:
        return _monthly_timeline(events, lang)
    frame = _chart_frame(events, lang)
    labels = [category_label(c, lang) for c in CATEGORIES]
    present = [lab for lab in labels if lab in set(frame["category"])]
    return (
        alt.Chart(frame)
        .mark_circle(size=150, opacity=0.85, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "date:T",
                title=t("events.chart.date", lang),
                axis=alt.Axis(format="%Y", tickCount="year", labelFontSize=13, titleFontSize=14),
            ),
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


def _monthly_timeline(events: pd.DataFrame, lang: str) -> alt.Chart:
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
            x=alt.X("month:T", title=t("events.chart.date", lang), axis=alt.Axis(format="%Y", tickCount="year")),
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
