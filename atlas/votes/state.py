"""The votes page's view state: one frozen dataclass, one codec per URL key (parse, default,
serialise). The single source of the page's URL keys; links carry codes, never labels.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from atlas.core.figure import Data
from atlas.core.urlstate import parse_code, parse_codes, parse_int_range
from atlas.core.vocab import OUTCOMES, UNSC_TOPICS
from atlas.votes import model, whatif

PAGE = "unsc_votes"
SECTIONS: tuple[str, ...] = ("matrix", "agreement", "key", "differ", "vetoes", "whatif", "decisions")
DEFAULT_SECTION = "matrix"
URL_KEYS: tuple[str, ...] = (
    "topic",  # topic codes (none = all)
    "years",  # ?years=2022&years=2025 (none = every year of the data)
    "outcome",  # adopted, vetoed, failed (none = all)
    "focus",  # ISO3 of the focus member (none = South Korea when it sat, else the United States ...)
    "decision",  # a decision_id to highlight (an event's link)
    "section",  # matrix, agreement, key, differ, vetoes, whatif, decisions
    "basis",  # what agreement is counted over: all (default) or contested decisions only
    "unanimous",  # on: the vote matrix shows unanimous decisions too (default: contested ones only)
    "mpage",  # the vote matrix's page when it holds more than 60 decisions
    "differ_a",  # the two members whose different votes are listed (ISO3; default the focus member ...
    "differ_b",  # ... and the first of the United States, China, Russia ... that sat with it)
    "wi_decision",  # the decision recounted in the what-if
    "wi_votes",  # the what-if's changed votes: RUS:Y,CHN:A
)


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
        decisions = data["unsc_decisions"]
        membership = data["unsc_membership"]
        rejected: list[str] = []

        def raw(key: str) -> list[str]:
            return [str(v) for v in query.get(key, [])]

        def take(key: str, parsed):  # type: ignore[no-untyped-def]
            if parsed.rejected:
                rejected.append(key)
            return parsed.value

        present = set(decisions["topic"])
        topic = take("topic", parse_codes(raw("topic"), [c for c in UNSC_TOPICS if c in present], []))
        lo, hi = model.year_bounds(decisions)
        years = take("years", parse_int_range(raw("years"), lo, hi))
        years = None if years == (lo, hi) else years
        outcome = take("outcome", parse_codes(raw("outcome"), list(OUTCOMES), []))
        members = sorted(set(membership["member_iso3"]))
        focus = take("focus", parse_code(raw("focus"), members, "")) or None
        decision = take("decision", model.parse_decision(raw("decision"), decisions))
        section = take("section", parse_code(raw("section"), list(SECTIONS), DEFAULT_SECTION))
        basis = take("basis", parse_code(raw("basis"), list(model.BASES), model.DEFAULT_BASIS))
        unanimous = take("unanimous", parse_code(raw("unanimous"), ["on"], "")) == "on"
        differ_a = take("differ_a", parse_code(raw("differ_a"), members, "")) or None
        differ_b = take("differ_b", parse_code(raw("differ_b"), members, "")) or None
        if differ_b is not None and differ_b == differ_a:
            rejected.append("differ_b")  # a member never differs from itself
            differ_b = None

        selected = model.filter_decisions(decisions, topic, years, outcome)
        shown = model.matrix_decisions(selected, data["unsc_votes"], unanimous, decision)
        page = _parse_page(raw("mpage"), model.matrix_pages(len(shown)))
        if page is False:
            rejected.append("mpage")
            page = None
        ids = [str(d) for d in selected["decision_id"]]
        recount = take("wi_decision", parse_code(raw("wi_decision"), ids, "")) or None
        changes: dict[str, str] = {}
        if raw("wi_votes"):
            if recount is None:
                rejected.append("wi_votes")  # changed votes mean nothing without their decision
            else:
                changes, bad = whatif.parse_changes(raw("wi_votes"), model.votes_of(data["unsc_votes"], recount))
                if bad:
                    rejected.append("wi_votes")
        state = cls(
            topic=tuple(topic),
            years=years,
            outcome=tuple(outcome),
            focus=focus,
            decision=decision,
            section=section,
            basis=basis,
            unanimous=unanimous,
            page=page,
            recount=recount,
            changes=tuple(sorted(changes.items())),
            differ_a=differ_a,
            differ_b=differ_b,
        )
        return state, tuple(dict.fromkeys(rejected))

    def to_query(self) -> dict[str, list[str]]:
        """The URL of this view: defaults left out, codes only, in URL_KEYS order."""
        q: dict[str, list[str]] = {}
        if self.topic:
            q["topic"] = list(self.topic)
        if self.years is not None:
            q["years"] = [str(self.years[0]), str(self.years[1])]
        if self.outcome:
            q["outcome"] = list(self.outcome)
        if self.focus:
            q["focus"] = [self.focus]
        if self.decision:
            q["decision"] = [self.decision]
        if self.section != DEFAULT_SECTION:
            q["section"] = [self.section]
        if self.basis != model.DEFAULT_BASIS:
            q["basis"] = [self.basis]
        if self.unanimous:
            q["unanimous"] = ["on"]
        if self.page is not None:
            q["mpage"] = [str(self.page)]
        if self.differ_a:
            q["differ_a"] = [self.differ_a]
        if self.differ_b:
            q["differ_b"] = [self.differ_b]
        if self.recount:
            q["wi_decision"] = [self.recount]
            if self.changes:
                q["wi_votes"] = [whatif.format_changes(dict(self.changes))]
        return q


def _parse_page(raw: Sequence[str], pages: int) -> int | None | bool:
    """A matrix page number in 1..pages; None when absent; False when invalid."""
    if not raw:
        return None
    if len(raw) > 1 or not raw[0].strip().isdigit() or len(raw[0]) > 6:
        return False
    page = int(raw[0])
    return page if 1 <= page <= pages else False
