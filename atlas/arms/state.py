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
from typing import Any

import pandas as pd

from atlas.arms import model, whatif
from atlas.core import urlstate
from atlas.core.figure import Data
from atlas.core.vocab import ARMS_CATEGORIES, ARMS_STAGES

PAGE = "arms_exports"
EXPORTER = "KOR"
URL_KEYS: tuple[str, ...] = (
    "years",
    "recipients",
    "category",
    "stage",
    "events",
    "deal",
    "estimates",
    "prices",
    "measure",
    "wi",
    "asc",
)


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
        deals = data["arms_exports"]
        rejected: list[str] = []

        def got(key: str) -> list[str]:
            raw = query.get(key, [])
            return [raw] if isinstance(raw, str) else list(raw)

        known = whatif_recipients(data["countries"])
        linked = whatif.decode_rows(got("wi"), known, max_wi)
        if linked.rejected:
            rejected.append("wi")
        named = whatif.decode_named(got("asc"), known)
        if named.rejected:
            rejected.append("asc")
        lo, hi = year_span(deals, linked.rows, named.scenarios)
        years = urlstate.parse_int_range(got("years"), lo, hi)
        recipients = urlstate.parse_codes(got("recipients"), model.known_recipients(deals), [])
        category = urlstate.parse_codes(got("category"), list(ARMS_CATEGORIES), [])
        stage = urlstate.parse_codes(got("stage"), list(ARMS_STAGES), list(model.DEFAULT_STAGES))
        events = urlstate.parse_code(got("events"), ["on", "off"], "off")
        estimates = urlstate.parse_code(got("estimates"), ["on", "off"], "off")
        prices = urlstate.parse_code(got("prices"), list(model.PRICES), "current")
        measure = urlstate.parse_code(got("measure"), list(model.MEASURES), "value")
        deal = model.parse_deal(got("deal"), deals)
        parsed: dict[str, Any] = {
            "years": years,
            "recipients": recipients,
            "category": category,
            "stage": stage,
            "events": events,
            "estimates": estimates,
            "prices": prices,
            "measure": measure,
            "deal": deal,
        }
        rejected += [k for k, p in parsed.items() if p.rejected]
        span = years.value if years.value != (lo, hi) else None
        state = cls(
            years=span,
            recipients=tuple(recipients.value),
            category=tuple(category.value),
            stage=tuple(stage.value),
            events=events.value == "on",
            deal=deal.value,
            estimates=estimates.value == "on",
            prices=prices.value,
            measure=measure.value,
            wi=linked.rows,
            scenarios=named.scenarios,
        )
        return state, tuple(sorted(set(rejected)))

    def cache_key(self) -> str:
        """The whole view as one string, every what-if row however many (the URL caps them): the key of
        its cached figures (atlas.ui.figure_cache.view_key)."""
        import json

        q = self.to_query()
        q["wi"] = [repr(row) for row in self.wi.astype(object).itertuples(index=False, name=None)]  # every digit
        return json.dumps(q, sort_keys=True, ensure_ascii=False)

    def to_query(self) -> dict[str, list[str]]:
        """The view's URL query: codes only, defaults left out."""
        q: dict[str, list[str]] = {}
        if self.years is not None:
            q["years"] = [str(self.years[0]), str(self.years[1])]
        if self.recipients:
            q["recipients"] = list(self.recipients)
        if self.category:
            q["category"] = list(self.category)
        if list(self.stage) != list(model.DEFAULT_STAGES):
            q["stage"] = list(self.stage)
        if self.events:
            q["events"] = ["on"]
        if self.deal:
            q["deal"] = [self.deal]
        if self.estimates:
            q["estimates"] = ["on"]
        if self.prices != "current":
            q["prices"] = [self.prices]
        if self.measure != "value":
            q["measure"] = [self.measure]
        if not self.wi.empty and len(self.wi) <= whatif.MAX_URL_ROWS:
            q["wi"] = whatif.encode_rows(self.wi)
        if self.scenarios:
            q["asc"] = whatif.encode_named(self.scenarios)
        return q
