"""Event markers on other pages' time charts: the URL switch, the years to mark, and a safe load.

The arms and spending pages draw events as rules over their time charts (?events=on). The
events file is optional for them: when data/events.csv is missing or fails validation, their
charts must still draw, without markers and with a notice. `markers_for` is the one call they
make: it never raises, and returns the events to mark (or None) with a notice key (or None).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd

from atlas.core.data import DataError
from atlas.core.figure import Data
from atlas.core.urlstate import Parsed, parse_code

MARKERS_KEY = "events"  # URL key of the "show events on this chart" switch
MARKER_CHOICES = ("off", "on")
# Notice keys (events.toml), for ui.notice-like display by the calling page: t(key, lang)
MISSING = "events.markers.missing"
INVALID = "events.markers.invalid"


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


def markers_for(
    data: Data,
    *,
    years: tuple[int, int] | None = None,
    data_last_year: int | None = None,
    categories: Collection[str] = (),
    actors: Collection[str] = (),
) -> tuple[pd.DataFrame | None, str | None]:
    """The events to mark on a chart, or (None, notice key) when the events file cannot be used.

    years: the chart's selected years; with data_last_year (the chart data's last year) the
    span runs on to the latest event, as marker_years says. categories / actors: keep events
    of these categories / naming any of these ISO3 codes (empty = all). Never raises: a
    missing file gives (None, MISSING), a file that fails validation (None, INVALID).
    An empty selection is (an empty frame, None): markers on, nothing to mark.
    """
    from atlas.events.model import filter_events, year_bounds  # local: model imports nothing from here

    if "events" not in data:
        return None, MISSING
    try:
        events = data["events"]
    except (DataError, OSError, ValueError, KeyError):
        return None, INVALID
    if events.empty:
        return events, None
    span = years
    if years is not None and data_last_year is not None:
        span = marker_years(years, data_last_year, year_bounds(events)[1])
    return filter_events(events, categories=categories, actors=actors, years=span), None
