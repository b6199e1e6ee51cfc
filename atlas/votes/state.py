"""The votes page's view state: one frozen dataclass and one table of URL keys (URL, below). Links carry
codes, never labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import pandas as pd

from atlas.core import urlstate
from atlas.core.figure import Data
from atlas.core.vocab import OUTCOMES, UNSC_TOPICS
from atlas.votes import model, whatif

PAGE = "unsc_votes"
SECTIONS: tuple[str, ...] = ("matrix", "agreement", "key", "differ", "vetoes", "whatif", "decisions")
DEFAULT_SECTION = "matrix"


@dataclass(frozen=True)
class State:
    """What the page shows. None / () mean the default, which depends on the data (all years ...)."""

    PAGE: ClassVar[str] = PAGE

    topic: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    outcome: tuple[str, ...] = ()
    focus: str | None = None
    decision: str | None = None
    section: str = DEFAULT_SECTION
    basis: str = model.DEFAULT_BASIS
    unanimous: bool = False
    page: int | None = None  # None: the page with the highlighted decision, else the newest
    recount: str | None = None  # None: the highlighted decision when selected, else the newest
    changes: tuple[tuple[str, str], ...] = ()  # (member, vote), sorted; apply to `recount`
    differ_a: str | None = None  # None: the focus member
    differ_b: str | None = None  # None: model.default_other for differ_a

    def with_(self, **changes: object) -> State:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]], data: Data) -> tuple[State, tuple[str, ...]]:
        """The view a link asks for, and the keys whose values were rejected (reset to defaults)."""
        values, rejected = URL.read(query, {"data": data}, cls())
        return cls(**values), rejected

    def to_query(self) -> dict[str, list[str]]:
        """The URL of this view: defaults left out, codes only, in URL_KEYS order."""
        return URL.write(self, State())


# ---------------------------------------------------------------- the URL table
Parsed = urlstate.Parsed
Context = urlstate.Context


def _decisions(c: Context) -> pd.DataFrame:
    return c["data"]["unsc_decisions"]


def _members(c: Context) -> list[str]:
    return sorted(set(c["data"]["unsc_membership"]["member_iso3"]))


def _selected(c: Context) -> pd.DataFrame:
    """The decisions the filters (topic, years, outcome) select: computed once per link, read by the matrix
    page and the recounted decision (the URL table's Derived "selected")."""
    return model.filter_decisions(_decisions(c), list(c["topic"]), c["years"], list(c["outcome"]))


def _topics(c: Context) -> list[str]:
    present = set(_decisions(c)["topic"])
    return [t for t in UNSC_TOPICS if t in present]


def _decision(raw: list[str], c: Context, default: str | None) -> Parsed[str | None]:
    return model.parse_decision(raw, _decisions(c))


def _page(raw: list[str], c: Context, default: int | None) -> Parsed[int | None]:
    """A matrix page number in 1..pages of the decisions the filters select."""
    if not raw:
        return Parsed(default, False, True)
    shown = model.matrix_decisions(c["selected"], c["data"]["unsc_votes"], c["unanimous"], c["decision"])
    pages = model.matrix_pages(len(shown))
    text = raw[0].strip() if len(raw) == 1 else ""
    if not text.isdigit() or len(text) > 6 or not 1 <= int(text) <= pages:
        return Parsed(default, True)
    return Parsed(int(text), False)


def _differ_b(raw: list[str], c: Context, default: str | None) -> Parsed[str | None]:
    parsed = urlstate.optional_code(_members).parse(raw, c, default)
    if parsed.value is not None and parsed.value == c["differ_a"]:
        return Parsed(default, True)  # a member never differs from itself
    return parsed


def _recount(raw: list[str], c: Context, default: str | None) -> Parsed[str | None]:
    return urlstate.optional_code(lambda c: [str(d) for d in c["selected"]["decision_id"]]).parse(raw, c, default)


def _changes(raw: list[str], c: Context, default: tuple[tuple[str, str], ...]) -> Parsed[tuple[tuple[str, str], ...]]:
    """Changed votes mean nothing without their decision."""
    if not raw:
        return Parsed(default, False, True)
    if c["recount"] is None:
        return Parsed(default, True)
    changes, bad = whatif.parse_changes(raw, model.votes_of(c["data"]["unsc_votes"], c["recount"]))
    return Parsed(tuple(sorted(changes.items())), bool(bad))


Key, Codec = urlstate.Key, urlstate.Codec
URL = urlstate.Schema(
    (
        Key("topic", urlstate.codes(_topics)),  # topic codes (none = all)
        Key("years", urlstate.year_range(lambda c: model.year_bounds(_decisions(c)))),  # none = every year
        Key("outcome", urlstate.codes(OUTCOMES)),  # adopted, vetoed, failed (none = all)
        urlstate.Derived("selected", _selected),  # the decisions these three filters select, for mpage and wi_decision
        # the focus member (none = South Korea when it sat, else the United States ...)
        Key("focus", urlstate.optional_code(_members)),
        Key("decision", Codec(_decision, lambda d: [d])),  # a decision_id to highlight (an event's link)
        Key("section", urlstate.code(SECTIONS)),
        Key("basis", urlstate.code(model.BASES)),  # what agreement is counted over: all or contested only
        Key("unanimous", urlstate.switch()),  # on: the vote matrix shows unanimous decisions too
        Key("mpage", Codec(_page, lambda p: [str(p)]), field="page"),  # the matrix's page beyond 60 decisions
        # the two members whose different votes are listed (default the focus member and the first of
        # the United States, China, Russia ... that sat with it)
        Key("differ_a", urlstate.optional_code(_members)),
        Key("differ_b", Codec(_differ_b, lambda m: [m])),
        Key("wi_decision", Codec(_recount, lambda d: [d]), field="recount"),  # the decision recounted
        Key("wi_votes", Codec(_changes, lambda ch: [whatif.format_changes(dict(ch))]), field="changes"),  # RUS:Y
    )
)
URL_KEYS: tuple[str, ...] = URL.names
