"""The defence spending page's view state: one typed dataclass, one codec per URL key.

The URL carries codes only (ISO3, metric and price codes, years, numbers), never labels, so a
link opens the same view in every language. Defaults are left out of the URL. A value the page
cannot use falls back to its default, and its key is reported so the page can say so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import pandas as pd

from atlas.core import urlstate
from atlas.core.figure import Data
from atlas.core.vocab import EVENT_CATEGORIES
from atlas.spending import model, whatif
from atlas.spending.whatif import NamedScenario

V = TypeVar("V")
PAGE = "defense_spending"
URL_KEYS: tuple[str, ...] = (
    "countries",
    "years",
    "metric",
    "prices",
    "base",
    "events",
    "event_cat",
    "rank_year",
    "wi_country",
    "wi_target",
    "wi_year",
    "wi_growth",
    "sc",
)
# The ranges the what-if inputs accept: wider than what makes sense, so that the page can say
# why a scenario cannot be projected instead of silently clamping it (whatif.check_scenario).
WI_TARGET_RANGE = (0.0, model.TARGET_SHARE_MAX)
WI_YEAR_RANGE = (2000, 2060)
WI_GROWTH_RANGE = (-50.0, 100.0)


@dataclass(frozen=True)
class Options:
    """What the data offers the view: countries (Korea first), the year span, years with figures."""

    countries: tuple[str, ...]
    span: tuple[int, int]
    years_with_values: Mapping[str, tuple[int, ...]]  # metric -> years, newest first
    no_estimate: tuple[str, ...] = ()  # found by the country search, said to have no SIPRI estimate

    @classmethod
    def of(cls, df: pd.DataFrame) -> Options:
        return cls(
            tuple(model.countries_in(df)),
            model.years_in(df),
            {m: tuple(model.years_with_values(df, m)) for m in model.METRICS},
            tuple(model.no_estimate_in(df)),
        )

    @property
    def choosable(self) -> tuple[str, ...]:
        """What the country search offers: the countries with rows, then those SIPRI gives no estimate for."""
        return self.countries + self.no_estimate

    @property
    def default_countries(self) -> tuple[str, ...]:
        return tuple(c for c in model.DEFAULT_COUNTRIES if c in self.countries)

    @property
    def base_years(self) -> tuple[int, ...]:
        """Years a change can be measured from, newest first."""
        return tuple(range(self.span[1], self.span[0] - 1, -1))

    def rank_years(self, metric: str) -> tuple[int, ...]:
        return self.years_with_values[metric] or (self.span[1],)

    @property
    def default_wi_country(self) -> str:
        return model.HIGHLIGHT if model.HIGHLIGHT in self.countries else self.countries[0]


@dataclass(frozen=True)
class State:
    countries: tuple[str, ...] = model.DEFAULT_COUNTRIES
    years: tuple[int, int] | None = None  # None: the data's whole span
    metric: str = "share"
    prices: str = "current"
    base: int | None = None  # None: levels, not change
    rank_year: int | None = None  # None: the newest year with figures for the metric
    events: bool = False
    event_cat: tuple[str, ...] = model.MARKER_CATEGORIES
    wi_country: str = model.HIGHLIGHT
    wi_target: float = model.TARGET_SHARE_DEFAULT
    wi_year: int = model.TARGET_YEAR_DEFAULT
    wi_growth: float = model.GROWTH_DEFAULT
    scenarios: tuple[NamedScenario, ...] = ()

    PAGE = PAGE

    # ------------------------------------------------------------ reading a URL
    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]], data: Data) -> tuple[State, tuple[str, ...]]:
        """The view a URL asks for, and the keys whose values were rejected (reset to defaults)."""
        return cls.from_options(query, Options.of(data["defense_spending"]))

    @classmethod
    def from_options(cls, query: Mapping[str, Sequence[str]], opts: Options) -> tuple[State, tuple[str, ...]]:
        rejected: list[str] = []

        def raw(key: str) -> list[str]:
            value = query.get(key, [])
            return [value] if isinstance(value, str) else list(value)

        def take(key: str, parsed: urlstate.Parsed[V]) -> V:
            if parsed.rejected:
                rejected.append(key)
            return parsed.value

        countries = take(
            "countries", urlstate.parse_codes(raw("countries"), opts.choosable, list(opts.default_countries))
        )
        years = take("years", urlstate.parse_int_range(raw("years"), *opts.span))
        metric = str(take("metric", urlstate.parse_code(raw("metric"), model.METRICS, "share")))
        prices = str(take("prices", urlstate.parse_code(raw("prices"), model.PRICES, "current")))
        base_codes = [""] + [str(y) for y in opts.base_years]
        base = str(take("base", urlstate.parse_code(raw("base"), base_codes, "")))
        rank_codes = [str(y) for y in opts.rank_years(metric)]
        rank = str(take("rank_year", urlstate.parse_code(raw("rank_year"), rank_codes, rank_codes[0])))
        events = take("events", urlstate.parse_code(raw("events"), ["on", "off"], "off")) == "on"
        event_cat = take(
            "event_cat", urlstate.parse_codes(raw("event_cat"), EVENT_CATEGORIES, list(model.MARKER_CATEGORIES))
        )
        wi_country = str(
            take("wi_country", urlstate.parse_code(raw("wi_country"), opts.countries, opts.default_wi_country))
        )
        wi_target = float(
            take("wi_target", urlstate.parse_number(raw("wi_target"), *WI_TARGET_RANGE, model.TARGET_SHARE_DEFAULT))
        )
        year = urlstate.parse_number(raw("wi_year"), *WI_YEAR_RANGE, model.TARGET_YEAR_DEFAULT)
        if year.value != int(year.value):
            year = urlstate.Parsed(float(model.TARGET_YEAR_DEFAULT), True)
        wi_year = int(take("wi_year", year))
        wi_growth = float(
            take("wi_growth", urlstate.parse_number(raw("wi_growth"), *WI_GROWTH_RANGE, model.GROWTH_DEFAULT))
        )
        scenarios = cls._scenarios(raw("sc"), opts, rejected)
        state = cls(
            countries=tuple(countries),
            years=None if years is None or years == opts.span else years,
            metric=metric,
            prices=prices,
            base=int(base) if base else None,
            rank_year=None if rank == rank_codes[0] else int(rank),
            events=bool(events),
            event_cat=tuple(event_cat),
            wi_country=wi_country,
            wi_target=wi_target,
            wi_year=wi_year,
            wi_growth=wi_growth,
            scenarios=scenarios,
        )
        return state.normalised(opts), tuple(rejected)

    @staticmethod
    def _scenarios(values: list[str], opts: Options, rejected: list[str]) -> tuple[NamedScenario, ...]:
        kept: tuple[NamedScenario, ...] = ()
        bad = len(values) > whatif.MAX_SCENARIOS
        for value in values[: whatif.MAX_SCENARIOS]:
            named = whatif.decode_scenario(value, list(opts.countries))
            if named is None or any(k.name == named.name for k in kept):
                bad = True
                continue
            kept += (named,)
        if bad:
            rejected.append("sc")
        return kept

    def normalised(self, opts: Options) -> State:
        """Data-dependent defaults written as None, so that to_query leaves them out."""
        years = None if self.years == opts.span else self.years
        rank_years = opts.rank_years(self.metric)
        rank = self.rank_year if self.rank_year in rank_years[1:] else None
        return replace(self, years=years, rank_year=rank)

    # ------------------------------------------------------------ writing a URL
    def to_query(self) -> dict[str, list[str]]:
        """The URL parameters of this view: codes only, defaults left out."""
        d = State()
        q: dict[str, list[str]] = {}
        if self.countries != d.countries and self.countries:
            q["countries"] = list(self.countries)
        if self.years is not None:
            q["years"] = [str(self.years[0]), str(self.years[1])]
        for key in ("metric", "prices", "wi_country"):
            if getattr(self, key) != getattr(d, key):
                q[key] = [str(getattr(self, key))]
        if self.base is not None:
            q["base"] = [str(self.base)]
        if self.events:
            q["events"] = ["on"]
        if self.event_cat != d.event_cat and self.event_cat:
            q["event_cat"] = list(self.event_cat)
        if self.rank_year is not None:
            q["rank_year"] = [str(self.rank_year)]
        for key in ("wi_target", "wi_growth"):
            if getattr(self, key) != getattr(d, key):
                q[key] = [f"{round(float(getattr(self, key)), 4):g}"]
        if self.wi_year != d.wi_year:
            q["wi_year"] = [str(self.wi_year)]
        if self.scenarios:
            q["sc"] = [whatif.encode_scenario(s) for s in self.scenarios]
        return q

    # ------------------------------------------------------------ what the figures read
    def year_span(self, opts: Options) -> tuple[int, int]:
        return self.years or opts.span

    def ranked_year(self, opts: Options) -> int:
        return self.rank_year or opts.rank_years(self.metric)[0]

    @property
    def scenario(self) -> whatif.Scenario:
        return whatif.Scenario(self.wi_country, float(self.wi_target), int(self.wi_year), float(self.wi_growth))
