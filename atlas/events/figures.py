"""The events page's figures for any view: figures(state, data, lang), with no Streamlit running.

Two figures: the timeline (one dot per event) and the number of events per category. Both
come with the table behind them (columns named in the figure's language), the filters in
words, the view's link and the data's currency, so the page, the pictures and the briefing
slides show the same thing.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from atlas import i18n
from atlas.core.figure import Data, Figure, Source, current_to, view_url
from atlas.events import charts, model
from atlas.events.state import PAGE, State
from atlas.events.text import category_label, filters_in_words
from atlas.i18n import plural, t

# The datasets this area reads: its figures read events; the list links each event to its deal and
# decision (atlas.ui.figure_cache keys on their versions).
READS = ("events", "arms_exports", "unsc_decisions")
MAX_SOURCES = 5  # publishers named under a figure; each event's own source is in its table


def shown_events(state: State, data: Data) -> pd.DataFrame:
    """The events of this view, oldest first."""
    return model.filter_events(
        data["events"], categories=state.categories, actors=state.actors, years=state.years, query=state.q
    )


def as_of(dataset: str = "events") -> date | None:
    """The dataset's 'current to' date from the catalogue (None when it is not a date)."""
    return current_to(dataset)


def publishers(events: pd.DataFrame, limit: int = MAX_SOURCES) -> tuple[Source, ...]:
    """The sites most cited by these events (a publisher per host name), most cited first."""
    hosts: Counter[str] = Counter()
    tier: dict[str, str] = {}
    for url, grade in zip(events["source_url"], events.get("source_tier", pd.Series(pd.NA, index=events.index))):
        host = (urlparse(str(url)).hostname or "").removeprefix("www.")
        if host:
            hosts[host] += 1
            if isinstance(grade, str) and grade:
                tier.setdefault(host, grade)
    return tuple(Source(h, f"https://{h}", tier.get(h, "")) for h, _ in hosts.most_common(limit))


def timeline_table(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    local = model.localised(events, lang)
    return pd.DataFrame(
        {
            t("events.table_columns_date", lang): local["date"].dt.strftime("%Y-%m-%d"),
            t("events.table_columns_category", lang): [category_label(c, lang) for c in local["category"]],
            t("events.table_columns_title", lang): local["title_text"].astype(str),
            t("events.table_columns_actors", lang): [charts.actor_names(a, lang) for a in local["actors"]],
            t("events.table_columns_source", lang): local["source_url"].astype(str),
        }
    ).reset_index(drop=True)


def figures(state: State, data: Data, lang: str) -> list[Figure]:
    """The timeline and the counts per category for this view ([] when no event matches)."""
    events = data["events"]
    shown = shown_events(state, data)
    if shown.empty:
        return []
    span = state.span(data)
    subtitle = filters_in_words(lang, span, state.categories, state.actors, state.q, as_of=as_of())
    common: dict[str, Any] = {
        "subtitle": subtitle,
        "sources": publishers(shown),
        "as_of": as_of(),
        "url": view_url(PAGE, state.to_query(), lang),
        "lang": lang,
    }
    count = plural("events.count", len(events), lang, n=i18n.fmt_int(len(shown)), total=i18n.fmt_int(len(events)))
    timeline = Figure(
        id="events.timeline",
        title=t("events.timeline", lang),
        chart=charts.timeline_chart(shown, lang, span),
        table=timeline_table(shown, lang),
        caption=f"{count}. {t('events.timeline_caption', lang)}",
        **common,
    )
    counts = charts.counts_table(shown)
    by_category = Figure(
        id="events.by_category",
        title=t("events.by_category", lang),
        chart=charts.counts_chart(counts, lang),
        table=pd.DataFrame(
            {
                t("events.table_columns_category", lang): [category_label(c, lang) for c in counts["category"]],
                t("events.chart.count", lang): counts["events"].astype(int),
            }
        ),
        caption=t("events.by_category_caption", lang),
        **common,
    )
    return [timeline, by_category]
