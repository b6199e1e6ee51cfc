"""Merge the UN Digital Library's Security Council Voting Data CSV into data/, printing the diff.

    python tools/update_unsc_from_undl.py FILE.csv [--data DIR] [--dry-run]

The file (adopted resolutions only; non-commercial use with attribution; plain or gzipped CSV) is
read with atlas/votes/undl.py and merged by atlas/votes/record_merge.py, the merge the Sources
page's "Use a newer file" uses too. For each resolution: a curated row is kept as it is and any disagreement is
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

from import_unsc_record import DECISION_COLUMNS, VOTE_COLUMNS, diff, read_csv, write_csv  # noqa: E402

from atlas.votes import record_merge, undl  # noqa: E402


def merge(path: Path, data_dir: Path) -> record_merge.Merged:
    """The file merged into data/'s record by the one merge the app also uses (atlas/votes/record_merge.py)."""
    groups = undl.by_resolution(undl.parse(undl.lines_of(path.read_bytes())))
    return record_merge.merge(
        groups,
        read_csv(data_dir / "unsc_decisions.csv"),
        read_csv(data_dir / "unsc_votes.csv"),
        read_csv(data_dir / "unsc_membership.csv"),
        record_merge.read_rules(data_dir / "unsc_topic_rules.csv"),
        path.name,
        DECISION_COLUMNS,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="the UNDL Security Council voting data CSV")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder (default: data/)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    args = parser.parse_args(argv)
    try:
        merged = merge(args.file, args.data)
    except (undl.UndlError, record_merge.RecordError, OSError) as err:
        print(f"{args.file.name}: {err}", file=sys.stderr)
        return 2
    decisions, votes = merged.decisions, merged.votes
    for line in merged.log:
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
