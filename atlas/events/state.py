"""The events page's view state: one frozen dataclass and one table of URL keys (codes, never labels).

    /events?category=missile_nuclear&actors=PRK&years=2023&years=2023&q=ICBM&page=2

Defaults are left out of the URL: every category, every country, every year, no search, page 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from atlas.core import urlstate
from atlas.core.figure import Data
from atlas.events import model

PAGE = "events"
MAX_PAGE = 10_000
URL = urlstate.Schema(
    (
        urlstate.Key("category", urlstate.codes(model.CATEGORIES), field="categories"),
        urlstate.Key("actors", urlstate.codes(lambda ctx: model.actor_codes(ctx["events"]))),
        urlstate.Key("years", urlstate.year_range(lambda ctx: model.year_bounds(ctx["events"]))),
        urlstate.Key("q", urlstate.plain(model.parse_query, lambda q: [q])),
        urlstate.Key("page", urlstate.whole(1, MAX_PAGE)),
    )
)
URL_KEYS: tuple[str, ...] = URL.names


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
        values, rejected = URL.read(query, {"events": data["events"]}, cls())
        return cls(**values), rejected

    def to_query(self) -> dict[str, list[str]]:
        """The URL of this view: codes only, defaults left out."""
        return URL.write(self, State())

    def span(self, data: Data) -> tuple[int, int]:
        """The years shown: the chosen range, or every year of the data."""
        return self.years or model.year_bounds(data["events"])
