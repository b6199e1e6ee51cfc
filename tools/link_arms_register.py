"""Rewrite data/arms_register_links.csv: each of our deals tied to SIPRI's register order(s), printing the diff.

    python tools/link_arms_register.py [--data data] [--dry-run]

Reads data/arms_exports.csv (our deals) and data/sipri_register_kor.csv (SIPRI's register, written by
tools/update_arms_from_sipri_trade.py) and applies the rule of atlas/arms/register.py (link_deals: same
recipient, same family of systems, year within one; what the rule cannot decide stays unlinked, with a
note), then the curated decisions below, each with its reason. One row per deal and register order;
a deal with no register order has one row with an empty register_key and says why in match_note.
Prints rows added, changed and removed. Run it again after either file changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from atlas.arms import register  # noqa: E402
from atlas.core import data  # noqa: E402
from atlas.sources import model  # noqa: E402
from tools.update_spending_from_sipri import cell, write_csv  # noqa: E402

COLUMNS = ["deal_id", "register_key", "link", "match_note"]
# Decisions the rule cannot make (our system's name names no family the register uses), each read from
# both rows: deal_id -> (register keys, link, why).
CURATED: dict[str, tuple[tuple[str, ...], str, str]] = {
    "PER-2024-HHI-WARSHIPS": (
        ("PER-2024-HDC-3200", "PER-2024-HDL-1500", "PER-2024-HDP-2200"),
        "part",
        "curated: SIPRI's three 2024 orders for Peru (1 HDC-3200 frigate, 1 HDP-2200 patrol ship, 2 HDL-1500 "
        "landing ships, each 'Part of KRW 641 b ($463 m) deal', produced under licence in Peru) are our one "
        "KRW 640.6 bn contract with SIMA Peru for a frigate, an OPV and two landing craft",
    ),
}


def build(deals: pd.DataFrame, reg: pd.DataFrame) -> pd.DataFrame:
    links = register.links_frame(register.link_deals(deals, reg))
    known = set(reg["register_key"])
    for deal_id, (keys, link, why) in CURATED.items():
        if deal_id not in set(deals["deal_id"]) or not set(keys) <= known:
            print(f"curated link not applied (a deal or register order is gone): {deal_id} -> {', '.join(keys)}")
            continue
        rows = pd.DataFrame({"deal_id": deal_id, "register_key": list(keys), "link": link, "match_note": why})
        at = links.index[links["deal_id"] == deal_id]
        links = pd.concat([links.loc[: at[0] - 1], rows, links.loc[at[-1] + 1 :]], ignore_index=True)
    return links[COLUMNS]


def update(data_dir: Path, dry_run: bool = False) -> model.Diff:
    deals = data.load("arms_exports", data_dir)
    reg = data.load("sipri_register_kor", data_dir)
    new = build(deals, reg).fillna("").astype("string")
    out = data_dir / "arms_register_links.csv"
    old = data.read_text_table(out).fillna("") if out.exists() else pd.DataFrame(columns=COLUMNS)
    diff = model.diff_frames(old.astype("string"), new, ("deal_id", "register_key"), ("link", "match_note"))
    for line in diff.lines():
        print(line)
    counts = new[new["link"] != ""].drop_duplicates("deal_id")["link"].value_counts()
    print("deals per link: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if not dry_run and not diff.empty:
        write_csv([[cell(v) for v in r] for r in new.itertuples(index=False)], out, COLUMNS)
        print(f"wrote {out}")
    return diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data.DATA_DIR)
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    args = parser.parse_args(argv)
    try:
        update(args.data, args.dry_run)
    except (data.DataError, OSError) as err:
        print(f"{err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
