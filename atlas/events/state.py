"""The events page's view state: one frozen dataclass, one codec per URL key (codes, never labels).

    /events?category=missile_nuclear&actors=PRK&years=2023&years=2023&q=ICBM&page=2

Defaults are left out of the URL: every category, every country, every year, no search, page 1.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from atlas.core import urlstate
from atlas.core.figure import Data
from atlas.events import model

PAGE = "events"
URL_KEYS: tuple[str, ...] = ("category", "actors", "years", "q", "page")
MAX_PAGE = 10_000


@dataclass(frozen=True)
class State:
    categories: tuple[str, ...] = ()  # empty = every category
    actors: tuple[str, ...] = ()  # ISO3; empty = every country
    years: tuple[int, int] | None = None  # None = every year of the data
    q: str = ""  # plain-text search
    page: int = 1  # page of the list (1-based); clamped to the pages there are when drawn

    PAGE = PAGE

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]], data: Data) -> tuple[State, tuple[str, ...]]:
        """The view a URL asks for, and the keys whose values were rejected (reset to defaults)."""
        events = data["events"]
        rejected: list[str] = []

        def take(key: str, parsed: urlstate.Parsed):  # noqa: ANN202  (a Parsed's value, typed by the caller)
            if parsed.rejected:
                rejected.append(key)
            return parsed.value

        categories = take("category", urlstate.parse_codes(list(query.get("category", [])), model.CATEGORIES, []))
        actors = take("actors", urlstate.parse_codes(list(query.get("actors", [])), model.actor_codes(events), []))
        lo, hi = model.year_bounds(events)
        years = take("years", urlstate.parse_int_range(list(query.get("years", [])), lo, hi))
        q = take("q", model.parse_query(list(query.get("q", []))))
        page = take("page", parse_page(list(query.get("page", []))))
        state = cls(tuple(categories), tuple(actors), None if years == (lo, hi) else years, q, page)
        return state, tuple(rejected)

    def to_query(self) -> dict[str, list[str]]:
        """The URL of this view: codes only, defaults left out."""
        out: dict[str, list[str]] = {}
        if self.categories:
            out["category"] = list(self.categories)
        if self.actors:
            out["actors"] = list(self.actors)
        if self.years is not None:
            out["years"] = [str(self.years[0]), str(self.years[1])]
        if self.q:
            out["q"] = [self.q]
        if self.page != 1:
            out["page"] = [str(self.page)]
        return out

    def span(self, data: Data) -> tuple[int, int]:
        """The years shown: the chosen range, or every year of the data."""
        return self.years or model.year_bounds(data["events"])


def parse_page(raw: Sequence[str]) -> urlstate.Parsed[int]:
    """?page=N, a whole number from 1; anything else -> 1, flagged."""
    if not raw:
        return urlstate.Parsed(1, False)
    text = raw[0].strip() if len(raw) == 1 else ""
    if not re.fullmatch(r"[0-9]{1,5}", text) or not 1 <= int(text) <= MAX_PAGE:
        return urlstate.Parsed(1, True)
    return urlstate.Parsed(int(text), False)
