"""The what-if recount: change some members' votes on one decision and apply Article 27 again.

A scenario is small (one decision, at most fifteen changed votes), so it travels in the
page's link: ?wi_decision=S-2022-155&wi_votes=RUS:Y,CHN:Y. Pure; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from atlas.core import urlstate
from atlas.votes.model import VOTE_CODES, Outcome, decide

MAX_CHANGES = 15  # a Council has fifteen members


@dataclass(frozen=True)
class Recount:
    decision_id: str
    recorded: dict[str, str]  # member -> vote as recorded
    current: dict[str, str]  # member -> vote after the changes
    changed: tuple[str, ...]  # members whose vote differs from the record
    before: Outcome
    after: Outcome


def recount(
    decision_id: str,
    recorded: Mapping[str, str],
    changes: Mapping[str, str],
    procedural: bool,
    permanent: Sequence[str],
) -> Recount:
    """The recorded outcome and the outcome with `changes` (member -> vote) applied."""
    current = {m: changes.get(m, v) for m, v in recorded.items()}
    changed = tuple(m for m in recorded if current[m] != recorded[m])
    return Recount(
        decision_id,
        dict(recorded),
        current,
        changed,
        decide(recorded, procedural, permanent),
        decide(current, procedural, permanent),
    )


# The ``wi_votes`` value's format, written "v1,RUS:Y" (urlstate.Versioned); links from before the tag read
# unchanged, each value on its own (a link may repeat the key).
CHANGES_FORMAT: urlstate.Versioned[str] = urlstate.Versioned(
    ",", current=1, migrations={urlstate.UNTAGGED: urlstate.unchanged}
)


def parse_changes(raw: Sequence[str], recorded: Mapping[str, str]) -> tuple[dict[str, str], bool]:
    """'RUS:Y,CHN:A' (or repeated values) -> ({member: vote}, rejected).

    Only members who voted on the decision and known vote codes are kept; a change that equals
    the record is dropped quietly (it changes nothing); anything else is rejected.
    """
    read = [CHANGES_FORMAT.read(str(item)) for item in raw]
    if any(r.value is None for r in read):
        return {}, True
    parts = [p.strip() for r in read for p in str(r.value).split(",") if p.strip()]
    if len(parts) > MAX_CHANGES or any(len(p) > 10 for p in parts):
        return {}, True
    lookup = {m.upper(): m for m in recorded}
    out: dict[str, str] = {}
    rejected = False
    for part in parts:
        member, _, vote = part.partition(":")
        m, v = lookup.get(member.strip().upper()), vote.strip().upper()
        if m is None or v not in VOTE_CODES or m in out:
            rejected = True
            continue
        if v != recorded[m]:
            out[m] = v
    return out, rejected


def format_changes(changes: Mapping[str, str]) -> str:
    """{member: vote} -> 'v1,CHN:A,RUS:Y' (sorted, so one scenario has one link)."""
    return CHANGES_FORMAT.write(",".join(f"{m}:{v}" for m, v in sorted(changes.items())))
