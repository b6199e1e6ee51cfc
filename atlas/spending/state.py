"""The defence spending page's view state: one typed dataclass and one table of URL keys (URL, below).

The URL carries codes only (ISO3, metric and price codes, years, numbers), never labels, so a
link opens the same view in every language. Defaults are left out of the URL. A value the page
cannot use falls back to its default, and its key is reported so the page can say so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from atlas.core import urlstate
from atlas.core.figure import Data
from atlas.core.vocab import EVENT_CATEGORIES
from atlas.spending import model, whatif
from atlas.spending.whatif import NamedScenario

PAGE = "defense_spending"
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
        values, rejected = URL.read(query, {"opts": opts}, cls())
        return cls(**values).normalised(opts), rejected

    def normalised(self, opts: Options) -> State:
        """Data-dependent defaults written as None, so that to_query leaves them out."""
        years = None if self.years == opts.span else self.years
        rank_years = opts.rank_years(self.metric)
        rank = self.rank_year if self.rank_year in rank_years[1:] else None
        return replace(self, years=years, rank_year=rank)

    # ------------------------------------------------------------ writing a URL
    def to_query(self) -> dict[str, list[str]]:
        """The URL parameters of this view: codes only, defaults left out."""
        return URL.write(self, State())

    # ------------------------------------------------------------ what the figures read
    def year_span(self, opts: Options) -> tuple[int, int]:
        return self.years or opts.span

    def ranked_year(self, opts: Options) -> int:
        return self.rank_year or opts.rank_years(self.metric)[0]

    @property
    def scenario(self) -> whatif.Scenario:
        return whatif.Scenario(self.wi_country, float(self.wi_target), int(self.wi_year), float(self.wi_growth))


# ---------------------------------------------------------------- the URL table
Parsed = urlstate.Parsed
Context = urlstate.Context


def _opts(c: Context) -> Options:
    return c["opts"]


def _countries(raw: list[str], c: Context, default: tuple[str, ...]) -> Parsed[tuple[str, ...]]:
    parsed = urlstate.parse_codes(raw, _opts(c).choosable, list(_opts(c).default_countries))
    return Parsed(tuple(parsed.value), parsed.rejected, parsed.missing)


def _base(raw: list[str], c: Context, default: int | None) -> Parsed[int | None]:
    parsed = urlstate.parse_code(raw, [""] + [str(y) for y in _opts(c).base_years], "")
    return Parsed(int(parsed.value) if parsed.value else None, parsed.rejected, parsed.missing)


def _rank_year(raw: list[str], c: Context, default: int | None) -> Parsed[int | None]:
    """A year with figures for the metric read before it; the newest is the default, written as None."""
    codes = [str(y) for y in _opts(c).rank_years(c["metric"])]
    parsed = urlstate.parse_code(raw, codes, codes[0])
    return Parsed(None if parsed.value == codes[0] else int(parsed.value), parsed.rejected, parsed.missing)


def _wi_country(raw: list[str], c: Context, default: str) -> Parsed[str]:
    return urlstate.parse_code(raw, _opts(c).countries, _opts(c).default_wi_country)


def _wi_year(raw: list[str], c: Context, default: int) -> Parsed[int]:
    parsed = urlstate.parse_number(raw, *WI_YEAR_RANGE, default)
    if parsed.value != int(parsed.value):
        return Parsed(default, True)
    return Parsed(int(parsed.value), parsed.rejected, parsed.missing)


def _scenarios(raw: list[str], c: Context, default: tuple[NamedScenario, ...]) -> Parsed[tuple[NamedScenario, ...]]:
    kept: tuple[NamedScenario, ...] = ()
    bad = len(raw) > whatif.MAX_SCENARIOS
    for value in raw[: whatif.MAX_SCENARIOS]:
        named = whatif.decode_scenario(value, list(_opts(c).countries))
        if named is None or any(k.name == named.name for k in kept):
            bad = True
            continue
        kept += (named,)
    return Parsed(kept, bad, not raw)


def _same_or_none(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return a == b or not a  # an empty choice has no URL form: it is written as the default


Key, Codec = urlstate.Key, urlstate.Codec
URL = urlstate.Schema(
    (
        Key("countries", Codec(_countries, list, _same_or_none)),
        Key("years", urlstate.year_range(lambda c: _opts(c).span)),
        Key("metric", urlstate.code(model.METRICS)),
        Key("prices", urlstate.code(model.PRICES)),
        Key("base", Codec(_base, lambda y: [str(y)])),
        Key("events", urlstate.switch()),
        Key("event_cat", Codec(urlstate.codes(EVENT_CATEGORIES).parse, list, _same_or_none)),
        Key("rank_year", Codec(_rank_year, lambda y: [str(y)])),
        Key("wi_country", Codec(_wi_country, lambda c: [c])),
        Key("wi_target", urlstate.number(*WI_TARGET_RANGE)),
        Key("wi_year", Codec(_wi_year, lambda y: [str(y)])),
        Key("wi_growth", urlstate.number(*WI_GROWTH_RANGE)),
        Key("sc", Codec(_scenarios, lambda kept: [whatif.encode_scenario(k) for k in kept]), field="scenarios"),
    )
)
URL_KEYS: tuple[str, ...] = URL.names
