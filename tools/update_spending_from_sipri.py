"""Rewrite data/defense_spending.csv from SIPRI's Military Expenditure workbook, printing the diff.

    python tools/update_spending_from_sipri.py SIPRI-Milex-data-1949-2025.xlsx [--data DIR] [--dry-run]

Reads the workbook's "Share of GDP" and "Current US$" sheets (atlas/sources/sipri_milex.py), takes
in its figures for the countries our file has (from our first year on), and prints what changes:
rows added, values changed old -> new, rows removed. A figure equal to ours within rounding leaves
the row as it is. Country names the script cannot match are listed, never guessed. With --dry-run
nothing is written. Exit status 2 when the workbook cannot be read (the message says why).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from atlas.core import data  # noqa: E402
from atlas.sources import model  # noqa: E402
from atlas.sources.sipri_milex import WorkbookError, read_workbook  # noqa: E402


def write_csv(rows: list[list[str]], path: Path, columns: list[str]) -> None:
    """Our CSV conventions: UTF-8, header first, empty cells for missing values, minimal quoting."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return ""
    return str(value)


def update(workbook: Path, data_dir: Path, dry_run: bool = False) -> model.Diff:
    path = data_dir / data.SPECS["defense_spending"].file
    shipped = data.load("defense_spending", data_dir)
    countries = data.load("countries", data_dir)
    names = dict(zip(countries["name_en"], countries["iso3"]))
    result = read_workbook(workbook.read_bytes(), known_names=names, scope=set(shipped["iso3"]))
    merged = model.merge_milex(shipped, result.frame, workbook.name)
    diff = model.diff_frames(shipped, merged, ("iso3", "year"), model.SPENDING_VALUES)
    print(f"{workbook.name}: years {result.first_year}-{result.last_year}")
    for line in diff.lines():
        print(line)
    if result.unknown:
        print(f"names matched to no country (not used): {', '.join(result.unknown)}")
    if not dry_run and not diff.empty:
        # Rows the workbook leaves as they were are written back exactly as they were read.
        raw = data.read_text_table(path)
        columns = list(raw.columns)
        kept = {(r["iso3"].upper(), int(r["year"])): r for _, r in raw.iterrows()}
        touched = set(diff.added) | {c.key for c in diff.changed}
        rows = []
        for _, r in merged.iterrows():
            key = (r["iso3"], int(r["year"]))
            source = r if key in touched or key not in kept else kept[key]
            rows.append([cell(source.get(c)) for c in columns])
        write_csv(rows, path, columns)
        data.load("defense_spending", data_dir)  # the rewritten file must still meet its contract
        print(f"wrote {path}")
    return diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--data", type=Path, default=data.DATA_DIR, help="the data folder (default: data/)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    args = parser.parse_args(argv)
    try:
        update(args.workbook, args.data, args.dry_run)
    except (WorkbookError, data.DataError, OSError) as err:
        print(f"{args.workbook}: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
