"""The arms page's view state: one frozen dataclass, one codec per URL key (pure; no Streamlit).

URL keys (README's URL table lists them):
  years       two years (signed from, to); left out = the whole span, which reaches the what-if years
  recipients  ISO3 codes, none = every recipient
  category    category codes, none = every category
  stage       stage codes, default contract, option, transfer
  events      on: mark arms-deal events on the deals-by-year chart
  deal        a deal_id to highlight (events link here)
  estimates   on: count values no party confirmed (media estimates)
  prices      current (default) or constant (US$ of the price index's latest year)
  measure     value (default: our contracts' US$) or tiv (SIPRI's TIV delivered): what the map shades
  wi          what-if rows, one value each: ISO3~category~value~year~system (at most MAX_URL_ROWS)
  asc         named scenarios, one value per deal: name~ISO3~category~value~year~system (at most
              MAX_SCENARIOS names, MAX_SCENARIO_ROWS deals each), compared side by side
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

import pandas as pd

from atlas.arms import model, whatif
from atlas.core import urlstate
from atlas.core.figure import Data
from atlas.core.vocab import ARMS_CATEGORIES, ARMS_STAGES

PAGE = "arms_exports"
EXPORTER = "KOR"


def whatif_recipients(countries: pd.DataFrame) -> list[str]:
    """Every country a what-if deal may go to (any known country but the exporter)."""
    return sorted(c for c in countries["iso3"].astype(str) if c != EXPORTER)


def year_span(
    deals: pd.DataFrame, scenario: pd.DataFrame | None = None, named: Sequence[whatif.NamedDeals] = ()
) -> tuple[int, int]:
    """The Years filter's bounds: the deals' years, stretched to reach every what-if year
    (the table's and the kept scenarios')."""
    lo, hi = model.year_bounds(deals)
    extra = (whatif.years_of(scenario) if scenario is not None else ()) + whatif.named_years(named)
    return min([lo, *extra]), max([hi, *extra])


def _rows(frame: pd.DataFrame) -> tuple[tuple[object, ...], ...]:
    return tuple(frame.itertuples(index=False, name=None))


def _wi() -> urlstate.Codec[pd.DataFrame]:
    def parse(raw: list[str], ctx: urlstate.Context, default: pd.DataFrame) -> urlstate.Parsed[pd.DataFrame]:
        linked = whatif.decode_rows(raw, ctx["known"], ctx["max_wi"])
        return urlstate.Parsed(linked.rows, linked.rejected, not raw)

    def write(rows: pd.DataFrame) -> list[str]:
        return whatif.encode_rows(rows) if len(rows) <= whatif.MAX_URL_ROWS else []  # too many for a link

    return urlstate.Codec(parse, write, lambda a, b: _rows(a) == _rows(b))


def _asc() -> urlstate.Codec[tuple[whatif.NamedDeals, ...]]:
    def parse(raw: list[str], ctx: urlstate.Context, default: tuple) -> urlstate.Parsed[tuple]:  # type: ignore[type-arg]
        named = whatif.decode_named(raw, ctx["known"])
        return urlstate.Parsed(named.scenarios, named.rejected, not raw)

    return urlstate.Codec(parse, whatif.encode_named)


# Read in this order: the what-if rows and kept scenarios stretch the Years filter's span.
URL = urlstate.Schema(
    (
        urlstate.Key("wi", _wi()),  # what-if rows, ISO3~category~value~year~system (at most MAX_URL_ROWS)
        urlstate.Key("asc", _asc(), field="scenarios"),  # kept scenarios, name~ISO3~category~value~year~system
        urlstate.Key("years", urlstate.year_range(lambda c: year_span(c["deals"], c["wi"], c["scenarios"]))),
        urlstate.Key("recipients", urlstate.codes(lambda c: model.known_recipients(c["deals"]))),
        urlstate.Key("category", urlstate.codes(ARMS_CATEGORIES)),
        urlstate.Key("stage", urlstate.codes(ARMS_STAGES)),
        urlstate.Key("events", urlstate.switch()),
        urlstate.Key("deal", urlstate.Codec(lambda raw, c, _: model.parse_deal(raw, c["deals"]), lambda d: [d])),
        urlstate.Key("estimates", urlstate.switch()),
        urlstate.Key("prices", urlstate.code(model.PRICES)),
        urlstate.Key("measure", urlstate.code(model.MEASURES)),
    )
)
URL_KEYS: tuple[str, ...] = URL.names


@dataclass(frozen=True, eq=False)
class State:
    years: tuple[int, int] | None = None  # None: the whole span (year_span)
    recipients: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    stage: tuple[str, ...] = model.DEFAULT_STAGES
    events: bool = False
    deal: str | None = None
    estimates: bool = False
    prices: str = "current"
    measure: str = "value"
    wi: pd.DataFrame = field(default_factory=whatif.empty_scenario, compare=False, hash=False)
    scenarios: tuple[whatif.NamedDeals, ...] = ()  # kept under a name, compared side by side
    PAGE = PAGE

    def __eq__(self, other: object) -> bool:
        """Two views are equal when every field is, the what-if rows included (a DataFrame has no ==)."""
        if not isinstance(other, State):
            return NotImplemented
        plain = [f.name for f in fields(self) if f.name != "wi"]
        return all(getattr(self, n) == getattr(other, n) for n in plain) and _rows(self.wi) == _rows(other.wi)

    def __hash__(self) -> int:
        return hash((*(getattr(self, f.name) for f in fields(self) if f.name != "wi"), _rows(self.wi)))

    def filters(self, deals: pd.DataFrame) -> model.Filters:
        years = self.years or year_span(deals, self.wi, self.scenarios)
        return model.Filters(years, self.recipients, self.category, self.stage, self.estimates, self.prices)

    @classmethod
    def from_query(
        cls, query: Mapping[str, Sequence[str]], data: Data, max_wi: int = whatif.MAX_URL_ROWS
    ) -> tuple[State, tuple[str, ...]]:
        """The view a link asks for, and the keys whose values were rejected (reset to defaults).

        max_wi: what-if rows read from ``wi`` (a link carries at most MAX_URL_ROWS; the
        page's own cache key may carry more).
        """
        context = {"deals": data["arms_exports"], "known": whatif_recipients(data["countries"]), "max_wi": max_wi}
        values, rejected = URL.read(query, context, cls())
        return cls(**values), tuple(sorted(rejected))

    def cache_key(self) -> str:
        """The whole view as one string: every field, and every what-if row with every digit (a link caps
        them, and a link leaves out a choice it cannot carry, such as no stage at all): the key of its
        cached figures (atlas.ui.figure_cache.view_key)."""
        plain = tuple((f.name, getattr(self, f.name)) for f in fields(self) if f.name != "wi")
        return repr((plain, _rows(self.wi.astype(object))))

    def to_query(self) -> dict[str, list[str]]:
        """The view's URL query: codes only, defaults left out."""
        return URL.write(self, State())
