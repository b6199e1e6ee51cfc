"""Merge the UN Digital Library's voting data into the Council record (pure: no Streamlit, no network).

One implementation for both users of the file: tools/update_unsc_from_undl.py writes the merge to
data/, and the Sources page's "Use a newer file" holds it in one session. Rows are text, as the
CSV files hold them (`rows_of` turns a loaded frame back into such rows).

For each resolution in the file: a curated row (compiled_from = curated) is kept as it is and any
disagreement is reported, never applied (a person resolves it against the UN record); a compiled
row takes the Library's date, votes and meeting and is marked checked against the Library's
record; a resolution the record lacks is added, its topic and region from the rule table
(data/unsc_topic_rules.csv). A resolution whose voters are not that year's fifteen members is
reported and left out. Nothing is removed: the file holds adopted resolutions only.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from atlas.votes import undl

CURATED = "curated"
UNDOCS = "https://undocs.org/en/"


class RecordError(ValueError):
    """An input file cannot be read as expected; the message names the file, row and column."""


# ---------------------------------------------------------------- topic and region by rule
@dataclass(frozen=True)
class Rule:
    order: int
    agenda: re.Pattern[str] | None
    subject: re.Pattern[str] | None
    topic: str
    region: str


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]


def read_rules(path: Path) -> list[Rule]:
    """data/unsc_topic_rules.csv, in the order its rules are tried."""
    rules = []
    for line, r in enumerate(read_csv(path), start=2):
        try:
            rules.append(
                Rule(
                    int(r["order"]),
                    re.compile(r["agenda_pattern"], re.I) if r["agenda_pattern"] else None,
                    re.compile(r["subject_pattern"], re.I) if r["subject_pattern"] else None,
                    r["topic"],
                    r["region"],
                )
            )
        except (KeyError, ValueError, re.error) as err:
            raise RecordError(f"{path.name}, line {line}: {err}") from None
    return sorted(rules, key=lambda r: r.order)


def classify(rules: list[Rule], agenda: str, subject: str) -> tuple[str, str]:
    for r in rules:
        if (r.agenda is None or r.agenda.search(agenda)) and (r.subject is None or r.subject.search(subject)):
            return r.topic, r.region
    raise RecordError(f"no rule in unsc_topic_rules.csv matches agenda {agenda!r} / {subject!r}; add a catch-all")


# ---------------------------------------------------------------- the merge
@dataclass
class Merged:
    """The record with the file merged in, and what the merge did, in words a maintainer reads."""

    decisions: list[dict[str, str]]
    votes: list[dict[str, str]]
    added: list[str] = field(default_factory=list)  # symbols the record lacked
    changed: list[str] = field(default_factory=list)  # symbols of compiled rows the file changed
    disagreements: list[str] = field(default_factory=list)  # curated rows kept: what the file says otherwise
    left_out: list[str] = field(default_factory=list)  # resolutions not merged, and why
    resolutions: int = 0  # in the file

    @property
    def log(self) -> list[str]:
        return [*self.left_out, *self.disagreements]


def _members(membership: Iterable[Mapping[str, str]]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for r in membership:
        out.setdefault(int(r["year"]), set()).add(r["member_iso3"])
    return out


def merge(  # noqa: PLR0913
    groups: Mapping[str, list[undl.UndlVote]],
    decisions: list[dict[str, str]],
    votes: list[dict[str, str]],
    membership: Iterable[Mapping[str, str]],
    rules: list[Rule],
    file_name: str,
    columns: Iterable[str],
) -> Merged:
    """Merge undl.by_resolution(...) groups into the record's text rows (the inputs are not changed).

    `columns` are unsc_decisions' columns (a new row has every one); `file_name` is recorded in an
    added row's provenance."""
    decisions = [dict(r) for r in decisions]
    members = _members(membership)
    by_id = {r["decision_id"]: r for r in decisions}
    cast: dict[str, dict[str, str]] = {}
    for r in votes:
        cast.setdefault(r["decision_id"], {})[r["member_iso3"]] = r["vote"]
    out = Merged(decisions, [], resolutions=len(groups))
    for symbol, group in sorted(groups.items(), key=lambda kv: kv[1][0].number):
        first = group[0]
        did = f"S-RES-{first.number}-{first.date[:4]}"
        theirs = {v.member_iso3: v.vote for v in group}
        year = int(first.date[:4])
        if set(theirs) != members.get(year, set()):
            out.left_out.append(f"{symbol}: left out, its voters are not the {year} Council in unsc_membership.csv")
            continue
        meeting = f"S/PV.{first.meeting.split('.')[-1]}" if first.meeting.split(".")[-1].isdigit() else ""
        yes, no, abstain, _ = first.totals
        row = by_id.get(did)
        if row is not None and row.get("compiled_from", CURATED) in ("", CURATED):
            ours = cast.get(did, {})
            diffs = [
                f"{k} ours {ours.get(k, '-')}, UNDL {theirs.get(k, '-')}"
                for k in sorted(set(ours) | set(theirs))
                if ours.get(k) != theirs.get(k)
            ]
            if row["date"] != first.date:
                diffs.insert(0, f"date ours {row['date']}, UNDL {first.date}")
            if diffs:
                out.disagreements.append(f"{did} (curated, kept): " + "; ".join(diffs))
            continue
        link = first.link if first.link.startswith(("http://", "https://")) else ""
        update = {
            "date": first.date,
            "symbol": symbol,
            "yes": str(yes),
            "no": str(no),
            "abstain": str(abstain),
            "outcome": "adopted",
            "meeting_record": meeting or (row or {}).get("meeting_record", ""),
            "checked_against": link,
            "source_url": f"{UNDOCS}{symbol}",
            "source_tier": "official",
        }
        if row is None:
            topic, region = classify(rules, first.agenda, "")
            row = dict.fromkeys(columns, "")
            row.update(
                decision_id=did,
                draft_symbol=first.draft if first.draft.startswith("S/") else "",
                topic=topic,
                region=region,
                agenda=first.agenda,
                title=f"Resolution on {first.agenda}" if first.agenda else f"Resolution {symbol}",
                procedural="false",
                compiled_from=f"undl:{file_name}#{symbol}",
                notes=f"From {undl.CITATION}, file {file_name}.",
            )
            decisions.append(row)
            by_id[did] = row
            out.added.append(symbol)
        elif any(row.get(k, "") != v for k, v in update.items()) or cast.get(did) != theirs:
            out.changed.append(symbol)
        row.update(update)
        cast[did] = theirs
    order = {r["decision_id"]: (r["date"], r["decision_id"]) for r in decisions}
    decisions.sort(key=lambda r: order[r["decision_id"]])
    out.votes = [
        {"decision_id": d, "member_iso3": k, "vote": v}
        for d in sorted(cast, key=lambda d: order.get(d, ("", d)))
        for k, v in sorted(cast[d].items())
    ]
    return out


# ---------------------------------------------------------------- loaded frames <-> text rows
def rows_of(frame: pd.DataFrame) -> list[dict[str, str]]:
    """A loaded (typed) frame as the text rows its CSV holds: dates YYYY-MM-DD, true/false, empty for NA."""

    def text(value: object) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, pd.Timestamp):
            return "" if pd.isna(value) else value.strftime("%Y-%m-%d")
        if pd.api.types.is_bool(value):
            return "true" if value else "false"
        return str(value)

    columns = list(frame.columns)
    return [dict(zip(columns, map(text, values))) for values in frame.itertuples(index=False, name=None)]


# ---------------------------------------------------------------- an uploaded file against the shipped record
@dataclass(frozen=True)
class Comparison:
    """An uploaded file merged into the shipped record: the typed frames a session reads, and the report."""

    merged: Merged
    decisions: pd.DataFrame
    votes: pd.DataFrame
    first: str  # the file's first and last dates, YYYY-MM-DD
    last: str

    @property
    def empty(self) -> bool:
        return not self.merged.added and not self.merged.changed


def compare(content: bytes, file_name: str, shipped: Mapping[str, pd.DataFrame], rules: list[Rule]) -> Comparison:
    """Read an uploaded UNDL file (bounded: undl.lines_of and undl.parse) and merge it into the shipped
    unsc_decisions, unsc_votes and unsc_membership frames; raises undl.UndlError, RecordError or DataError."""
    from atlas.core import data

    groups = undl.by_resolution(undl.parse(undl.lines_of(content)))
    if not groups:
        raise undl.UndlError("the file has a header but no votes")
    merged = merge(
        groups,
        rows_of(shipped["unsc_decisions"]),
        rows_of(shipped["unsc_votes"]),
        rows_of(shipped["unsc_membership"]),
        rules,
        file_name,
        data.SPECS["unsc_decisions"].columns,
    )
    decisions = data.check_table("unsc_decisions", merged.decisions, {}, f"{file_name} merged into unsc_decisions")
    votes = data.check_table(
        "unsc_votes",
        merged.votes,
        {"unsc_decisions": decisions, "countries": shipped["countries"]},
        f"{file_name} merged into unsc_votes",
    )
    dates = sorted(group[0].date for group in groups.values())
    return Comparison(merged, decisions, votes, dates[0], dates[-1])
