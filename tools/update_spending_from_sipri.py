"""Rewrite data/defense_spending.csv from SIPRI's Military Expenditure workbook, printing the diff.

    python tools/update_spending_from_sipri.py SIPRI-Milex-data-1949-2025_v1.2.xlsx \
        [--provenance OWNER/REPO@COMMIT:PATH] [--data DIR] [--dry-run]

--provenance names where the file was read (a public repository holding SIPRI's own workbook, by
commit); it goes in the `provenance` column of every row written, and of every row whose `source`
already names this same workbook and release (read from it before) where the column is empty.

Reads the workbook's "Share of GDP" and "Current US$" sheets (atlas/sources/sipri_milex.py), with
SIPRI's estimate colours and its notes column, for the countries in COUNTRIES below (from FIRST_YEAR
on), and prints what changes: rows added, values changed old -> new, rows removed (a country taken
off the list). A figure equal to ours within rounding leaves the row exactly as it was. Rows the tool
writes hold SIPRI's figures rounded half-up as SIPRI displays them (shares of GDP to 2 decimals of a
percent, US$ m to 1 decimal), SIPRI's estimate marks and notes in `notes`, and an empty cell, never
0, where SIPRI gives '...'. Country names the script cannot match are listed, never guessed.

SIPRI's terms allow reuse of under a tenth of a published data set: the tool refuses to write more
than MAX_SHARE of the workbook's country-years (--max-share changes it, for tests only). With
--dry-run nothing is written. Exit status 2 when the workbook cannot be read (the message says why).
"""

from __future__ import annotations

import argparse
import csv
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from atlas.core import data  # noqa: E402
from atlas.sources import model  # noqa: E402
from atlas.sources.sipri_milex import Milex, WorkbookError, read_workbook  # noqa: E402

FIRST_YEAR = 2000
MAX_SHARE = 0.10


class TooMuch(Exception):
    """The list asks for more of SIPRI's data set than its terms allow."""


# The countries we ship, by region as SIPRI groups them. North Korea is not here: SIPRI publishes no
# estimate for it (footnote 57), and the spending page says so (atlas/spending/model.NO_ESTIMATE).
COUNTRIES: dict[str, tuple[str, ...]] = {
    # every country SIPRI covers in East Asia, South-East Asia, South Asia and Oceania
    "East Asia": ("KOR", "CHN", "JPN", "MNG", "TWN"),
    "South-East Asia": ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "TLS", "VNM"),
    "South Asia": ("AFG", "BGD", "IND", "NPL", "PAK", "LKA"),
    "Oceania": ("AUS", "FJI", "NZL", "PNG"),
    # the permanent members of the Security Council not listed above
    "P5": ("USA", "RUS", "GBR", "FRA"),
    # NATO's ten largest spenders in SIPRI's 2025 US$ (USA, GBR, FRA above; TUR under the Middle East),
    # and the allies on NATO's northern and eastern flank shipped since the first release
    "NATO": ("DEU", "ITA", "POL", "ESP", "CAN", "NLD", "NOR", "FIN", "EST"),
    "Europe at war": ("UKR",),
    # the Middle East's seven largest spenders in SIPRI's 2025 US$, and the UAE (largest after Saudi
    # Arabia until SIPRI stopped estimating it in 2015)
    "Middle East": ("SAU", "ISR", "TUR", "KWT", "IRN", "IRQ", "OMN", "ARE"),
}
SHIPPED: tuple[str, ...] = tuple(iso3 for group in COUNTRIES.values() for iso3 in group)
SIGNS = {  # SIPRI's special notes ("Footnotes" sheet), shortened
    "†": "excludes military pensions",
    "‡": "current spending only (excludes capital spending)",
    "§": "adopted budget, not actual expenditure",
    "¶": "excludes paramilitary forces",
    "‖": "currency changed or redenominated; local figures in the latest currency",
}
MARK_WORDS = {"estimate": "estimate (SIPRI blue)", "uncertain": "highly uncertain (SIPRI red)"}
MEASURE_WORDS = {"share_gdp_pct": "share of GDP", "usd_current_m": "US$"}


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


def half_up(value: object, places: int) -> float | None:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    return float(Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))  # type: ignore[arg-type]


def edition(result: Milex) -> str:
    return f"the {result.release} release" if result.release else "this file (its release not stated)"


def source_text(result: Milex, file_name: str) -> str:
    edition = f"{result.release} release" if result.release else "release not stated in the file"
    return (
        f"SIPRI Military Expenditure Database, {edition} (data {result.first_year}-{result.last_year}), workbook "
        f"{file_name}: share of GDP from sheet 'Share of GDP' (stored as fractions, x100, 2 dp), current US$ m "
        "from sheet 'Current US$' (1 dp)"
    )


def footnote_words(notes_cell: str, footnotes: dict[int, str]) -> str:
    """SIPRI's notes cell ('§¶64') in words: the numbered footnote as SIPRI words it (its "Country: "
    prefix dropped), then the signs."""
    signs = [f"{s} {SIGNS[s]}" for s in notes_cell if s in SIGNS]
    digits = "".join(ch for ch in notes_cell if ch.isdigit())
    parts = []
    if digits:
        text = footnotes.get(int(digits), "").split(": ", 1)[-1].strip()
        parts.append(f"SIPRI footnote {digits}" + (f": {text}" if text else ""))
    if signs:
        parts.append("SIPRI markers " + ", ".join(signs))
    return "; ".join(parts)


def read_footnotes(content: bytes) -> dict[int, str]:
    """The numbered footnotes of the workbook's "Footnotes" sheet (the parser's limits hold: it opened already)."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        if "Footnotes" not in book.sheetnames:
            return {}
        out: dict[int, str] = {}
        for row in book["Footnotes"].iter_rows(max_row=1_000, max_col=3, values_only=True):
            number = row[0]
            text = next((str(c) for c in row[1:] if isinstance(c, str) and c.strip()), "")
            if isinstance(number, int) and text:
                out[number] = " ".join(text.split())
        return out
    finally:
        book.close()


def row_notes(iso3: str, year: int, values: dict[str, float | None], result: Milex, footnotes: dict[int, str]) -> str:
    notes: list[str] = []
    missing = [c for c in model.SPENDING_VALUES if values[c] is None]
    if missing:
        where = (
            "both sheets"
            if len(missing) == 2
            else f"'{'Share of GDP' if missing[0] == 'share_gdp_pct' else 'Current US$'}'"
        )
        notes.append(f"No SIPRI figure: SIPRI gives '...' (data unavailable) in {where} of {edition(result)}")
        notes.append("left empty, not estimated")
    marks = result.marks or {}
    marked = [
        f"{MEASURE_WORDS[c]} {MARK_WORDS[m]}"
        for c in model.SPENDING_VALUES
        if values[c] is not None and (m := marks.get((iso3, year, c)))
    ]
    if marked:
        notes.insert(0, "SIPRI marks " + " and ".join(marked))
    if (result.notes or {}).get(iso3):
        notes.append(footnote_words(result.notes[iso3], footnotes))  # type: ignore[index]
    return "; ".join(n for n in notes if n)


def fair_share(result: Milex, countries: int) -> float:
    """What we ship as a share of the workbook's country-years (one sheet; the other is the same shape)."""
    named = result.frame["iso3"].nunique() + len(result.unknown)
    years = result.last_year - FIRST_YEAR + 1
    return countries * years / (named * (result.last_year - result.first_year + 1))


def update(
    workbook: Path,
    data_dir: Path,
    dry_run: bool = False,
    provenance: str | None = None,
    max_share: float = MAX_SHARE,
    countries: tuple[str, ...] = SHIPPED,
) -> model.Diff:
    path = data_dir / data.SPECS["defense_spending"].file
    shipped = data.load("defense_spending", data_dir)
    names = dict(zip(data.load("countries", data_dir)["name_en"], data.load("countries", data_dir)["iso3"]))
    content = workbook.read_bytes()
    result = read_workbook(content, known_names=names, scope=set(countries), marks=True, since=FIRST_YEAR)
    share = fair_share(result, len(countries))
    print(f"{workbook.name}: years {result.first_year}-{result.last_year}, release {result.release or '?'}")
    print(f"{len(countries)} countries {FIRST_YEAR}-{result.last_year}: {share:.1%} of the workbook's country-years")
    if share >= max_share:
        raise TooMuch(
            f"{share:.1%} of the workbook's country-years asked for; SIPRI's terms allow under {max_share:.0%}"
        )
    absent = [c for c in countries if c not in set(result.frame["iso3"])]
    if absent:
        print(f"countries on our list the workbook does not name (not written): {', '.join(absent)}")
    incoming = result.frame.copy()
    incoming["share_gdp_pct"] = [half_up(v, 2) for v in incoming["share_gdp_pct"]]
    incoming["usd_current_m"] = [half_up(v, 1) for v in incoming["usd_current_m"]]
    incoming = incoming.astype({"share_gdp_pct": "Float64", "usd_current_m": "Float64"})
    merged = model.merge_milex(shipped, incoming, workbook.name, countries, result.release)
    merged = merged[merged["iso3"].isin(list(countries))]
    have = set(zip(merged["iso3"], merged["year"].astype(int)))
    gaps = [
        {"iso3": c, "year": y}
        for c in countries
        if c in set(result.frame["iso3"])
        for y in range(FIRST_YEAR, result.last_year + 1)
        if (c, y) not in have
    ]
    if gaps:  # SIPRI has no figure: the row is written empty, so the gap shows and is explained
        merged = pd.concat([merged, pd.DataFrame(gaps).astype({"iso3": "string", "year": "Int64"})], ignore_index=True)
    order = {c: i for i, c in enumerate(countries)}
    merged = merged.sort_values(["iso3", "year"], key=lambda s: s.map(order) if s.name == "iso3" else s)
    merged = merged.reset_index(drop=True)
    diff = model.diff_frames(shipped, merged, ("iso3", "year"), model.SPENDING_VALUES)
    for line in diff.lines():
        print(line)
    if result.unknown:
        print(f"names matched to no country (not used): {', '.join(result.unknown)}")
    if not dry_run and not diff.empty:
        footnotes = read_footnotes(content)
        raw = data.read_text_table(path)
        columns = list(raw.columns) + ([] if "provenance" in raw.columns or not provenance else ["provenance"])
        kept = {(r["iso3"].upper(), int(r["year"])): r for _, r in raw.iterrows()}
        touched = set(diff.added) | {c.key for c in diff.changed}
        source = source_text(result, workbook.name)
        rows, filled = [], 0
        for _, r in merged.iterrows():
            key = (str(r["iso3"]), int(r["year"]))
            if key in kept and key not in touched:
                old = kept[key].to_dict()  # exactly as it was read, but for an empty provenance from this file
                if provenance and old.get("source") == source and not cell(old.get("provenance")):
                    old["provenance"], filled = provenance, filled + 1
                rows.append([cell(old.get(c)) for c in columns])
                continue
            values = {c: (None if pd.isna(r[c]) else float(r[c])) for c in model.SPENDING_VALUES}
            new = {c: None for c in columns} | {"iso3": key[0], "year": key[1], **values}
            new |= {"source": source, "source_url": model.SIPRI_MILEX_URL, "source_tier": "official"}
            new["provenance"] = provenance
            notes = row_notes(key[0], key[1], values, result, footnotes)
            if key in kept and key in touched:
                old = kept[key]
                was = (
                    f"the file before this update gave {cell(old['share_gdp_pct']) or 'no'} % of GDP and "
                    f"US$ {cell(old['usd_current_m']) or 'no'} m"
                )
                notes = "; ".join(n for n in (notes, f"Revised by SIPRI in {edition(result)}", was) if n)
            new["notes"] = notes or None
            rows.append([cell(new.get(c)) for c in columns])
        before = path.read_bytes()
        write_csv(rows, path, columns)
        try:
            data.load("defense_spending", data_dir)  # the rewritten file must still meet its contract
        except data.DataError:
            path.write_bytes(before)  # never leave a file that fails its contract
            raise
        if filled:
            print(f"provenance given to {filled} unchanged rows read from the same workbook before")
        print(f"wrote {path}")
    return diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path)
    parser.add_argument("--data", type=Path, default=data.DATA_DIR, help="the data folder (default: data/)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    parser.add_argument("--provenance", help="where the file was read: OWNER/REPO@COMMIT:PATH (goes in `source`)")
    parser.add_argument("--max-share", type=float, default=MAX_SHARE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        update(args.workbook, args.data, args.dry_run, args.provenance, args.max_share)
    except (WorkbookError, TooMuch, data.DataError, OSError) as err:
        print(f"{args.workbook}: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
