"""Merge the UN Digital Library's Security Council Voting Data CSV into data/, printing the diff.

    python tools/update_unsc_from_undl.py FILE.csv [--data DIR] [--dry-run]

The file (adopted resolutions only; non-commercial use with attribution) is read with
atlas/votes/undl.py. For each resolution: a curated row is kept as it is and any disagreement is
printed (a person resolves it against the UN record); a compiled row takes the Library's date,
votes and meeting and is marked checked against the Library's record; a resolution we lack is
added, its topic and region from data/unsc_topic_rules.csv. A resolution whose voters are not that
year's fifteen members (data/unsc_membership.csv) is listed and left out. Nothing is removed: the
file holds no failed or vetoed drafts. Prints rows added, changed and removed; --dry-run writes
nothing. Exit status 2 when the file cannot be read (the message names the line and column).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from import_unsc_record import (  # noqa: E402
    CURATED,
    DECISION_COLUMNS,
    UNDOCS,
    VOTE_COLUMNS,
    classify,
    diff,
    read_csv,
    read_rules,
    write_csv,
)

from atlas.votes import undl  # noqa: E402


def merge(path: Path, data_dir: Path) -> tuple[list[dict[str, str]], list[dict[str, str]], list[str]]:
    groups = undl.by_resolution(undl.parse(path.read_text(encoding="utf-8-sig")))
    decisions = read_csv(data_dir / "unsc_decisions.csv")
    votes = read_csv(data_dir / "unsc_votes.csv")
    members: dict[int, set[str]] = {}
    for r in read_csv(data_dir / "unsc_membership.csv"):
        members.setdefault(int(r["year"]), set()).add(r["member_iso3"])
    rules = read_rules(data_dir / "unsc_topic_rules.csv")
    by_id = {r["decision_id"]: r for r in decisions}
    cast: dict[str, dict[str, str]] = {}
    for r in votes:
        cast.setdefault(r["decision_id"], {})[r["member_iso3"]] = r["vote"]
    log: list[str] = []
    for symbol, group in sorted(groups.items(), key=lambda kv: kv[1][0].number):
        first = group[0]
        did = f"S-RES-{first.number}-{first.date[:4]}"
        theirs = {v.member_iso3: v.vote for v in group}
        year = int(first.date[:4])
        if set(theirs) != members.get(year, set()):
            log.append(f"{symbol}: left out, its voters are not the {year} Council in data/unsc_membership.csv")
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
                log.append(f"{did} (curated, kept): " + "; ".join(diffs))
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
            row = dict.fromkeys(DECISION_COLUMNS, "")
            row.update(
                decision_id=did,
                draft_symbol=first.draft if first.draft.startswith("S/") else "",
                topic=topic,
                region=region,
                agenda=first.agenda,
                title=f"Resolution on {first.agenda}" if first.agenda else f"Resolution {symbol}",
                procedural="false",
                compiled_from=f"undl:{path.name}#{symbol}",
                notes=f"From {undl.CITATION}, file {path.name}.",
            )
            decisions.append(row)
            by_id[did] = row
        row.update(update)
        cast[did] = theirs
    order = {r["decision_id"]: (r["date"], r["decision_id"]) for r in decisions}
    decisions.sort(key=lambda r: order[r["decision_id"]])
    new_votes = [
        {"decision_id": d, "member_iso3": k, "vote": v}
        for d in sorted(cast, key=lambda d: order.get(d, ("", d)))
        for k, v in sorted(cast[d].items())
    ]
    return decisions, new_votes, log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="the UNDL Security Council voting data CSV")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder (default: data/)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    args = parser.parse_args(argv)
    try:
        decisions, votes, log = merge(args.file, args.data)
    except (undl.UndlError, OSError, UnicodeDecodeError) as err:
        print(f"{args.file.name}: {err}", file=sys.stderr)
        return 2
    for line in log:
        print(line)
    for name, columns, rows, key in (
        ("unsc_decisions.csv", DECISION_COLUMNS, decisions, ("decision_id",)),
        ("unsc_votes.csv", VOTE_COLUMNS, votes, ("decision_id", "member_iso3")),
    ):
        for line in diff(name, read_csv(args.data / name), rows, key):
            print(line)
        if not args.dry_run:
            write_csv(args.data / name, columns, rows)
    if not args.dry_run:
        from atlas.core import data

        for dataset in ("unsc_decisions", "unsc_votes"):
            data.load(dataset, args.data)
        print(f"wrote {args.data}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
