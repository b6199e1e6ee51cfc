"""Rewrite our copy of SIPRI's register of arms transfers with South Korea as supplier, printing the diff.

    python tools/update_arms_from_sipri_trade.py ORDERS.csv [--orders-from REPO@COMMIT:PATH]
        [--deliveries DELIVERIES.csv --deliveries-from REPO@COMMIT:PATH]
        [--out data/sipri_register_kor.csv] [--deliveries-out data/sipri_deliveries_kor.csv] [--dry-run]

ORDERS.csv is a SIPRI Arms Transfers Database trade register export (a Korea-only export, or the
whole register: other suppliers' rows are skipped); it gives one row per order with SIPRI's comment
and TIV. DELIVERIES.csv is SIPRI's per-delivery export ("Data generated: ..."); it gives SIPRI's deal
id and the TIV delivered in each year. atlas/sources/sipri_trade.py reads both and ties each deal id to
one order by rule (match_deliveries); what the rule cannot decide stays untied and is printed.

Writes data/sipri_register_kor.csv (one row per order, keyed by register_key) and
data/sipri_deliveries_kor.csv (one row per deal and delivery year). Each row records the file(s) it was
compiled from (--orders-from / --deliveries-from: repository@commit:path, else the file's name). It
never touches data/arms_exports.csv: SIPRI's trend-indicator values are not money, and its orders are
not our contracts (data/arms_register_links.csv ties the two). Prints rows added, changed (old -> new)
and removed per file; recipients it cannot match to a country are listed, never guessed.
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
from atlas.sources.sipri_trade import (  # noqa: E402
    SOURCE_URL,
    Deliveries,
    TradeRegisterError,
    match_deliveries,
    read_deliveries,
    read_register,
    register_keys,
)
from tools.update_spending_from_sipri import cell, write_csv  # noqa: E402

PUBLISHER = "SIPRI Arms Transfers Database"
REGISTER_COLUMNS = [
    "register_key",
    "sipri_id",
    "recipient_iso3",
    "recipient",
    "year_ordered",
    "year_ordered_estimated",
    "number_ordered",
    "number_ordered_estimated",
    "designation",
    "description",
    "sipri_category",
    "number_delivered",
    "delivery_years",
    "status",
    "comments",
    "tiv_per_unit",
    "tiv_total_order",
    "tiv_delivered",
    "compiled_from",
    "source",
    "source_url",
    "source_tier",
]
DELIVERY_COLUMNS = [
    "sipri_id",
    "year",
    "register_key",
    "recipient_iso3",
    "number_delivered",
    "number_delivered_estimated",
    "year_estimated",
    "tiv_delivered_m",
    "compiled_from",
    "source",
    "source_url",
    "source_tier",
]


def generated_words(generated: str | None) -> str:
    """'data generated 12 Feb 2026' (as SIPRI writes it) from '2026-02-12'."""
    if not generated:
        return "generation date not stated in the copy read"
    stamp = pd.Timestamp(generated)
    return f"data generated {stamp.day} {stamp.strftime('%b %Y')}"


def build(
    orders_file: Path,
    orders_from: str,
    deliveries_file: Path | None,
    deliveries_from: str,
    names: dict[str, str],
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The two tables to write (as text) and the lines to print about the import itself."""
    said: list[str] = []
    reg = read_register(orders_file.read_bytes(), names, other_suppliers="skip")
    orders = reg.frame.copy()
    orders["register_key"] = register_keys(orders)
    if reg.unknown:
        said.append(f"recipients matched to no country (not written): {', '.join(reg.unknown)}")
    deliveries: Deliveries | None = None
    if deliveries_file is not None:
        deliveries = read_deliveries(deliveries_file.read_bytes(), names)
        matched = match_deliveries(orders, deliveries)
        orders["sipri_id"] = matched.sipri_id
        said.append(
            f"{deliveries_file.name} ({generated_words(deliveries.generated)}): "
            f"{int(matched.sipri_id.notna().sum())} of {deliveries.frame['sipri_id'].nunique()} "
            "SIPRI deals tied to an order"
        )
        said += [f"not tied (no order fits): SIPRI deal {i}" for i in matched.unmatched]
        said += [f"ambiguous, not tied: {a}" for a in matched.ambiguous]
        said += [f"disagree: {a}" for a in matched.disagreements]
        if deliveries.unknown:
            said.append(f"delivery recipients matched to no country (not written): {', '.join(deliveries.unknown)}")
        by_id = deliveries.frame.drop_duplicates("sipri_id").set_index("sipri_id")["category"]
        cats = orders["sipri_id"].map(lambda i: by_id.get(i) if not pd.isna(i) else None)
        orders["sipri_category"] = cats.where(cats.notna(), orders["description"].map(deliveries.categories))
    else:
        orders["sipri_id"] = pd.Series(pd.NA, index=orders.index, dtype="Int64")
        orders["sipri_category"] = None
    tied = orders["sipri_id"].notna()
    checked = f"; checked against {generated_words(deliveries.generated)}" if deliveries is not None else ""
    orders["compiled_from"] = orders_from
    orders.loc[tied, "compiled_from"] = f"{orders_from}; {deliveries_from}"
    orders["source"] = f"{PUBLISHER} (trade register; generation date not stated in the copy read)"
    orders.loc[tied, "source"] = f"{PUBLISHER} (trade register{checked})"
    orders["source_url"] = SOURCE_URL
    orders["source_tier"] = "official"
    register = orders.sort_values(["recipient_iso3", "year_ordered", "register_key"], kind="stable")
    register = register[REGISTER_COLUMNS].reset_index(drop=True)

    per_year = pd.DataFrame(columns=DELIVERY_COLUMNS)
    if deliveries is not None:
        d = deliveries.frame.copy()
        key_of = dict(zip(orders.loc[tied, "sipri_id"].astype(int), orders.loc[tied, "register_key"], strict=True))
        d["register_key"] = d["sipri_id"].map(lambda i: key_of.get(int(i)))
        d["tiv_delivered_m"] = d["tiv_delivered"]
        d["compiled_from"] = deliveries_from
        d["source"] = f"{PUBLISHER}, {generated_words(deliveries.generated)}"
        d["source_url"] = SOURCE_URL
        d["source_tier"] = "official"
        per_year = d.sort_values(["recipient_iso3", "sipri_id", "year"], kind="stable")[DELIVERY_COLUMNS]
        per_year = per_year.reset_index(drop=True)
    return register, per_year, said


def _figure(value: object) -> str:
    """A value as SIPRI writes it: 30 not 30.0, 4.34 as 4.34; empty stays empty."""
    text = cell(value)
    return text[:-2] if isinstance(value, float) and text.endswith(".0") else text


def _as_text(df: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({c: [_figure(v) for v in df[c]] for c in df.columns}, dtype="string")


def _write(new: pd.DataFrame, out: Path, keys: tuple[str, ...], dry_run: bool) -> model.Diff:
    text = _as_text(new)
    old = data.read_text_table(out).fillna("") if out.exists() else pd.DataFrame(columns=list(new.columns))
    values = tuple(c for c in new.columns if c not in keys)
    diff = model.diff_frames(old.astype("string"), text, keys, values)
    print(f"{out.name}:")
    for line in diff.lines():
        print(line)
    if not dry_run and not diff.empty:
        write_csv([list(r) for r in text.itertuples(index=False)], out, list(new.columns))
        print(f"wrote {out}")
    return diff


def update(
    orders_file: Path,
    out: Path,
    data_dir: Path,
    dry_run: bool = False,
    deliveries_file: Path | None = None,
    deliveries_out: Path | None = None,
    orders_from: str | None = None,
    deliveries_from: str | None = None,
) -> model.Diff:
    countries = data.load("countries", data_dir)
    names = dict(zip(countries["name_en"], countries["iso3"], strict=True))
    register, per_year, said = build(
        orders_file,
        orders_from or orders_file.name,
        deliveries_file,
        deliveries_from or (deliveries_file.name if deliveries_file else ""),
        names,
    )
    for line in said:
        print(line)
    diff = _write(register, out, ("register_key",), dry_run)
    if deliveries_file is not None:
        _write(per_year, deliveries_out or out.with_name("sipri_deliveries_kor.csv"), ("sipri_id", "year"), dry_run)
    return diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("register", type=Path, help="SIPRI's trade register export (CSV)")
    parser.add_argument("--orders-from", help="where ORDERS.csv came from: repository@commit:path")
    parser.add_argument("--deliveries", type=Path, help="SIPRI's per-delivery export (CSV)")
    parser.add_argument("--deliveries-from", help="where DELIVERIES.csv came from: repository@commit:path")
    parser.add_argument("--out", type=Path, default=data.DATA_DIR / "sipri_register_kor.csv")
    parser.add_argument("--deliveries-out", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=data.DATA_DIR, help="the data folder (for countries.csv)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    args = parser.parse_args(argv)
    try:
        update(
            args.register,
            args.out,
            args.data,
            args.dry_run,
            deliveries_file=args.deliveries,
            deliveries_out=args.deliveries_out,
            orders_from=args.orders_from,
            deliveries_from=args.deliveries_from,
        )
    except (TradeRegisterError, data.DataError, OSError) as err:
        print(f"{args.register}: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
