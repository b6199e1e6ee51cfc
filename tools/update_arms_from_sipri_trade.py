"""Rewrite our copy of SIPRI's trade register for South Korea as supplier, printing the diff.

    python tools/update_arms_from_sipri_trade.py trade-register.csv [--out data/sipri_transfers_kor.csv] [--dry-run]

Reads a SIPRI Arms Transfers Database trade register export (CSV, South Korea as supplier;
atlas/sources/sipri_trade.py) and writes one row per order, recipients as ISO3, with SIPRI's
estimates flagged. It does not touch data/arms_exports.csv: SIPRI's trend-indicator values are
not money, and its orders are not our contracts; the file is for checking our list against
SIPRI's (which orders SIPRI lists that we do not). Prints rows added, changed (old -> new) and
removed; recipients it cannot match (NATO, "unknown recipient") are listed, never guessed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from atlas.core import data  # noqa: E402
from atlas.sources import model  # noqa: E402
from atlas.sources.sipri_trade import COLUMNS, SOURCE_URL, TradeRegisterError, read_register  # noqa: E402
from tools.update_spending_from_sipri import cell, write_csv  # noqa: E402

KEYS = ("recipient_iso3", "year_ordered", "designation", "order_no")
VALUES = tuple(c for c in COLUMNS if c not in KEYS)
OUT_COLUMNS = [*KEYS, *VALUES, "source", "source_url", "source_tier"]


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """Two orders of one system by one recipient in one year are told apart by their order number."""
    out = frame.copy()
    out["order_no"] = out.groupby(["recipient_iso3", "year_ordered", "designation"]).cumcount() + 1
    return out


def _read_ours(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=OUT_COLUMNS)
    df = data.read_text_table(path)
    for col in ("year_ordered", "order_no"):
        df[col] = pd.to_numeric(df[col]).astype("Int64")
    return df


def update(register: Path, out: Path, data_dir: Path, dry_run: bool = False) -> model.Diff:
    countries = data.load("countries", data_dir)
    result = read_register(register.read_bytes(), dict(zip(countries["name_en"], countries["iso3"])))
    new = _keyed(result.frame)
    new["source"] = f"SIPRI Arms Transfers Database, trade register export {register.name}"
    new["source_url"] = SOURCE_URL
    new["source_tier"] = "official"
    old = _read_ours(out)
    as_text = {c: new[c].astype("string").where(new[c].notna()) for c in VALUES}
    diff = model.diff_frames(
        old.astype({c: "string" for c in VALUES if c in old}),
        new.assign(**as_text),
        KEYS,
        VALUES,
    )
    for line in diff.lines():
        print(line)
    if result.unknown:
        print(f"recipients matched to no country (not written): {', '.join(result.unknown)}")
    if not dry_run and not diff.empty:
        write_csv([[cell(r[c]) for c in OUT_COLUMNS] for _, r in new.iterrows()], out, OUT_COLUMNS)
        print(f"wrote {out}")
    return diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("register", type=Path)
    parser.add_argument("--out", type=Path, default=data.DATA_DIR / "sipri_transfers_kor.csv")
    parser.add_argument("--data", type=Path, default=data.DATA_DIR, help="the data folder (for countries.csv)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    args = parser.parse_args(argv)
    try:
        update(args.register, args.out, args.data, args.dry_run)
    except (TradeRegisterError, data.DataError, OSError) as err:
        print(f"{args.register}: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
