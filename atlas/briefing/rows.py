"""The rows behind a figure, each with the article-level address a reader can open.

A figure names its publishers (a site per source); a deck needs the pages themselves: the deals,
decisions and events the figure counts, each with its own `source_url`. `behind(view, fig, data,
lang)` reads them through the area's own state and model (the same filters the page applies), the
largest first (deals by value, decisions and events newest first), one row per address.
A page whose rows carry no address (series from one publisher) falls back to the figure's sources.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from atlas import i18n
from atlas.briefing import registry
from atlas.briefing.model import View
from atlas.core.data import DataError
from atlas.core.figure import Data, Figure

MAX_ROWS = 40  # rows behind one figure listed in the appendix; beyond, the view's link has them all


@dataclass(frozen=True)
class Row:
    label: str
    value: str  # as written for the reader ("$3.37 bn"), or ""
    when: str  # date or year, or ""
    url: str
    weight: float = 0.0  # larger first


def _http(url: object) -> str:
    text = "" if url is None or (isinstance(url, float) and math.isnan(url)) else str(url).strip()
    return text if text.startswith(("https://", "http://")) and " " not in text else ""


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value).strip()


def _state(view: View, data: Data) -> object:
    state_mod, _ = registry.modules(view.page)
    state, _rejected = state_mod.State.from_query(view.query_dict(), data)
    return state


def _deals(view: View, fig: Figure, data: Data, lang: str) -> list[Row]:
    if fig.id == "arms.rank":
        frame = data["arms_exporter_rank"]
        return [
            Row(f"{_text(r.period)} · #{_text(r.rank)}", f"{_text(r.share_pct)}%", _text(r.period), _http(r.source_url))
            for r in frame.itertuples()
        ]
    if fig.id == "arms.official":
        frame = data["arms_orders_official"]
        return [
            Row(
                _text(getattr(r, "source_title", "")) or str(r.year),
                i18n.fmt_usd_m(r.orders_usd_m, lang),
                str(r.year),
                _http(r.source_url),
                float(r.year),
            )
            for r in frame.itertuples()
        ]
    from atlas.arms import figures as arms_figures

    rows = arms_figures.compute(_state(view, data), data, lang).rows  # type: ignore[arg-type]
    out = []
    for r in rows.itertuples():
        value = getattr(r, "usd_m_at_signing", None)
        system = _text(getattr(r, "system_ko", "")) if lang == "ko" else ""
        label = f"{i18n.country_name(str(r.recipient_iso3), lang)} · {system or _text(r.system)}"
        when = _text(getattr(r, "date_signed", "")) or _text(getattr(r, "year_signed", ""))
        weight = float(value) if value is not None and not pd.isna(value) else -1.0
        out.append(Row(label, i18n.fmt_usd_m(value, lang) if weight >= 0 else "", when, _http(r.source_url), weight))
    return out


def _decisions(view: View, fig: Figure, data: Data, lang: str) -> list[Row]:
    from atlas.votes import figures as votes_figures

    resolved = votes_figures.resolve(_state(view, data), data)  # type: ignore[arg-type]
    frame = resolved.shown if fig.id == "votes.matrix" else resolved.selected
    out = []
    for r in frame.itertuples():
        title = i18n.localized(getattr(r, "title", ""), getattr(r, "title_ko", None), lang)
        when = pd.Timestamp(r.date)
        out.append(Row(f"{_text(r.symbol)} · {title}", "", when.date().isoformat(), _http(r.source_url), when.value))
    return out


def _events(view: View, fig: Figure, data: Data, lang: str) -> list[Row]:
    from atlas.events import figures as events_figures

    frame = events_figures.shown_events(_state(view, data), data)  # type: ignore[arg-type]
    out = []
    for r in frame.itertuples():
        when = pd.Timestamp(r.date)
        title = i18n.localized(r.title, getattr(r, "title_ko", None), lang)
        out.append(Row(title, "", when.date().isoformat(), _http(r.source_url), when.value))
    return out


READERS = {"arms_exports": _deals, "unsc_votes": _decisions, "events": _events}


def _from_figure(fig: Figure) -> list[Row]:
    """A table column of addresses if the figure has one, else the figure's own sources."""
    publishers = {_http(s.url): s.publisher for s in fig.sources if _http(s.url)}
    for column in fig.table.columns:
        values = [_http(v) for v in fig.table[column]]
        if any(values):
            if len(set(values) - {""}) == 1:  # one publisher's series: name it, not the first row
                url = next(v for v in values if v)
                return [Row(publishers.get(url) or url, "", "", url)]
            label_col = fig.table.columns[0]
            return [Row(_text(lab), "", "", u) for lab, u in zip(fig.table[label_col], values) if u]
    return [Row(name, "", "", url) for url, name in publishers.items()]


def unique(rows: Iterable[Row]) -> tuple[Row, ...]:
    """One row per address, the largest first (stable for equal weights)."""
    seen: dict[str, Row] = {}
    for row in sorted(rows, key=lambda r: -r.weight):
        if row.url and row.url not in seen:
            seen[row.url] = row
    return tuple(seen.values())


def behind(view: View, fig: Figure, data: Data, lang: str) -> tuple[Row, ...]:
    """The rows behind fig with their addresses, largest first, one per address."""
    reader = READERS.get(view.page)
    rows: list[Row] = []
    if reader is not None:
        try:
            rows = reader(view, fig, data, lang)
        except (DataError, KeyError, AttributeError, ValueError, TypeError, registry.AreaUnavailable):
            rows = []  # the figure's own sources below still say where it came from
    return unique(rows) or unique(_from_figure(fig))
