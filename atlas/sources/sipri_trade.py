"""Read SIPRI Arms Transfers Database exports for South Korea as supplier (pure): orders and deliveries.

The layout, as public parsers of the export show it: a few title and note lines, then the header
line "Recipient,Supplier,Year of order,,Number ordered,,Weapon designation,Weapon description,
Number delivered,,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,
SIPRI TIV of delivered weapons". The unnamed columns hold an uncertainty flag ("?") for the column
before them; figures SIPRI estimated are in parentheses ("(2025)", "(10)"); delivery years are
listed as "2023; 2024; 2025". The header line is found by content, never by position.

The newer per-delivery export (read_deliveries) has one line per order and delivery year, each line
ending in ';', after a note block that states "Data generated: 12 Feb 2026 ...": header "SIPRI AT
Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,Order date is
estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,Delivery year is estimate,
Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production". It names SIPRI's own deal
id, which match_deliveries() ties to the orders of the register export by rule, never by guess.

TIV (trend-indicator values) are SIPRI's own unit of military capability, not money: they never
go into a US$ column. Problems raise TradeRegisterError (a catalogue key and its values).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from atlas.i18n import t
from atlas.sources.sipri_milex import ALIASES

SUPPLIER = "South Korea"
SUPPLIER_NAMES = frozenset({"south korea", "korea, south", "korea south"})
REQUIRED = (
    "Recipient",
    "Supplier",
    "Year of order",
    "Number ordered",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    "Year(s) of delivery",
    "SIPRI TIV per unit",
    "SIPRI TIV for total order",
    "SIPRI TIV of delivered weapons",
)
HEADER_SEARCH_LINES = 40
SOURCE_URL = "https://armstransfers.sipri.org/"
# SIPRI's spellings that neither the spending aliases nor pycountry know.
TRADE_ALIASES: Mapping[str, str] = {"Turkiye": "TUR"}
COLUMNS = (
    "recipient_iso3",
    "recipient",
    "year_ordered",
    "year_ordered_estimated",
    "number_ordered",
    "number_ordered_estimated",
    "designation",
    "description",
    "number_delivered",
    "delivery_years",
    "status",
    "comments",
    "tiv_per_unit",
    "tiv_total_order",
    "tiv_delivered",
)


class TradeRegisterError(ValueError):
    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        self.values = values
        super().__init__(t(f"sources.trade.{code}", "en", **values))


@dataclass(frozen=True)
class Register:
    frame: pd.DataFrame  # COLUMNS, one row per order, recipients we could name
    unknown: tuple[str, ...]  # recipient names matched to no country (NATO, "unknown recipient" ...)


def _text(content: bytes) -> str:
    if b"\0" in content[:4096]:
        raise TradeRegisterError("not_text")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TradeRegisterError("not_text")


def _number(raw: str, line: int, column: str, whole: bool = False) -> tuple[float | None, bool]:
    """A figure and whether SIPRI estimated it (written in parentheses); empty stays empty."""
    text = raw.strip()
    if not text:
        return None, False
    estimated = text.startswith("(") and text.endswith(")")
    body = text.strip("()").replace(",", "").strip()
    try:
        value = float(body)
    except ValueError:
        raise TradeRegisterError("bad_number", line=line, column=column, found=text) from None
    if value < 0 or (whole and not value.is_integer()):
        raise TradeRegisterError("bad_number", line=line, column=column, found=text)
    return value, estimated


def _iso3(name: str, known: Mapping[str, str]) -> str | None:
    if name in ALIASES:
        return ALIASES[name]
    if name in TRADE_ALIASES:
        return TRADE_ALIASES[name]
    if name.casefold() in known:
        return known[name.casefold()]
    if len(name) <= 3:
        return None
    import pycountry

    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        return None


def read_register(
    content: bytes, known_names: Mapping[str, str] | None = None, other_suppliers: str = "refuse"
) -> Register:
    """The orders with South Korea as supplier. other_suppliers: "refuse" (a Korea-only export is
    expected: any other supplier is an error) or "skip" (the whole register: keep Korea's rows only)."""
    rows = list(csv.reader(io.StringIO(_text(content))))
    known = {k.casefold(): v for k, v in (known_names or {}).items()}
    head = next(
        (
            i
            for i, r in enumerate(rows[:HEADER_SEARCH_LINES])
            if len(r) > 1 and {r[0].strip(), r[1].strip()} == {"Recipient", "Supplier"}
        ),
        None,
    )
    if head is None:
        raise TradeRegisterError("no_header", lines=HEADER_SEARCH_LINES)
    header = [h.strip() for h in rows[head]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise TradeRegisterError("columns", line=head + 1, missing=", ".join(missing))
    col = {name: header.index(name) for name in REQUIRED}
    status_col = next((i for i, h in enumerate(header) if h.casefold() == "status"), None)
    comments_col = next((i for i, h in enumerate(header) if h.casefold() == "comments"), None)

    def flag(r: list[str], name: str) -> bool:
        i = col[name] + 1  # the unnamed column after a figure holds SIPRI's "?" uncertainty flag
        return i < len(header) and header[i] == "" and i < len(r) and r[i].strip() == "?"

    out: list[dict[str, object]] = []
    unknown: set[str] = set()
    for line, r in enumerate(rows[head + 1 :], start=head + 2):
        if not any(cell.strip() for cell in r):
            continue
        r = r + [""] * (len(header) - len(r))
        supplier = r[col["Supplier"]].strip()
        if supplier.casefold() not in SUPPLIER_NAMES:
            if other_suppliers == "skip":
                continue
            raise TradeRegisterError("supplier", line=line, found=supplier or "(empty)", expected=SUPPLIER)
        recipient = r[col["Recipient"]].strip()
        iso3 = _iso3(recipient, known)
        if iso3 is None:
            unknown.add(recipient)
            continue
        year, year_est = _number(r[col["Year of order"]], line, "Year of order", whole=True)
        if year is None or not 1950 <= year <= 2100:
            raise TradeRegisterError("bad_year", line=line, found=r[col["Year of order"]].strip() or "(empty)")
        ordered, ordered_est = _number(r[col["Number ordered"]], line, "Number ordered", whole=True)
        delivered, _ = _number(r[col["Number delivered"]], line, "Number delivered", whole=True)
        out.append(
            {
                "recipient_iso3": iso3,
                "recipient": recipient,
                "year_ordered": int(year),
                "year_ordered_estimated": year_est or flag(r, "Year of order"),
                "number_ordered": None if ordered is None else int(ordered),
                "number_ordered_estimated": ordered_est or flag(r, "Number ordered"),
                "designation": r[col["Weapon designation"]].strip(),
                "description": r[col["Weapon description"]].strip(),
                "number_delivered": None if delivered is None else int(delivered),
                "delivery_years": "; ".join(y.strip() for y in r[col["Year(s) of delivery"]].split(";") if y.strip()),
                "status": r[status_col].strip() if status_col is not None else "",
                "comments": r[comments_col].strip() if comments_col is not None else "",
                "tiv_per_unit": _number(r[col["SIPRI TIV per unit"]], line, "SIPRI TIV per unit")[0],
                "tiv_total_order": _number(r[col["SIPRI TIV for total order"]], line, "SIPRI TIV for total order")[0],
                "tiv_delivered": _number(
                    r[col["SIPRI TIV of delivered weapons"]], line, "SIPRI TIV of delivered weapons"
                )[0],
            }
        )
    if not out and not unknown:
        raise TradeRegisterError("no_rows")
    frame = pd.DataFrame(out, columns=list(COLUMNS))
    for name in ("number_ordered", "number_delivered", "year_ordered"):
        frame[name] = frame[name].astype("Int64")
    for name in ("tiv_per_unit", "tiv_total_order", "tiv_delivered"):
        frame[name] = frame[name].astype("Float64")
    return Register(frame, tuple(sorted(unknown)))


# ---------------------------------------------------------------- deliveries by year (the newer export)
DELIVERY_REQUIRED = (
    "SIPRI AT Database ID",
    "Supplier",
    "Recipient",
    "Designation",
    "Description",
    "Armament category",
    "Order date",
    "Numbers delivered",
    "Delivery year",
    "TIV deal unit",
    "TIV delivery values",
)
DELIVERY_COLUMNS = (
    "sipri_id",
    "recipient_iso3",
    "recipient",
    "designation",
    "description",
    "category",
    "year_ordered",
    "year_ordered_estimated",
    "year",
    "year_estimated",
    "number_delivered",
    "number_delivered_estimated",
    "status",
    "tiv_per_unit",
    "tiv_delivered",
)
_MONTHS = {
    m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)
}


@dataclass(frozen=True)
class Deliveries:
    frame: pd.DataFrame  # DELIVERY_COLUMNS, one row per order and delivery year, Korea as supplier
    unknown: tuple[str, ...]  # recipient names matched to no country
    generated: str | None  # "2026-02-12" from "Data generated: 12 Feb 2026 ...", None when not stated
    years: tuple[int, int] | None  # the delivery years the export covers ("year range '1995' to '2025'")
    categories: dict[str, str]  # SIPRI's description -> its armament category, where the file is unanimous


def _generated(lines: list[str]) -> str | None:
    import re

    for line in lines:
        m = re.search(r"Data generated:\s*(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})", line)
        if m and m.group(2) in _MONTHS:
            return f"{int(m.group(3)):04d}-{_MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"
    return None


def _covered(lines: list[str]) -> tuple[int, int] | None:
    import re

    for line in lines:
        m = re.search(r"year range '(\d{4})' to '(\d{4})'", line)
        if m:
            return int(m.group(1)), int(m.group(2))
    return None


def _yes(raw: str) -> bool:
    return raw.strip().casefold() == "yes"


def read_deliveries(content: bytes, known_names: Mapping[str, str] | None = None) -> Deliveries:
    """The deliveries by year with South Korea as supplier, from SIPRI's per-delivery export (every
    supplier may be in the file: the other suppliers' rows are read only for SIPRI's own category of
    each weapon description, never kept)."""
    text = _text(content)
    lines = [line.rstrip().removesuffix(";") for line in text.splitlines()]
    known = {k.casefold(): v for k, v in (known_names or {}).items()}
    head = next(
        (i for i, line in enumerate(lines[:HEADER_SEARCH_LINES]) if line.startswith("SIPRI AT Database ID,")), None
    )
    if head is None:
        raise TradeRegisterError("deliveries_header", lines=HEADER_SEARCH_LINES)
    rows = list(csv.reader(io.StringIO("\n".join(lines[head:]))))
    header = [h.strip() for h in rows[0]]
    missing = [c for c in DELIVERY_REQUIRED if c not in header]
    if missing:
        raise TradeRegisterError("columns", line=head + 1, missing=", ".join(missing))
    col = {name: i for i, name in enumerate(header)}

    def cell(r: list[str], name: str) -> str:
        i = col.get(name)
        return r[i].strip() if i is not None and i < len(r) else ""

    seen: dict[str, set[str]] = {}
    out: list[dict[str, object]] = []
    unknown: set[str] = set()
    for line, r in enumerate(rows[1:], start=head + 2):
        if not any(c.strip() for c in r):
            continue
        description = cell(r, "Description")
        seen.setdefault(description, set()).add(cell(r, "Armament category"))
        if cell(r, "Supplier").casefold() not in SUPPLIER_NAMES:
            continue
        recipient = cell(r, "Recipient")
        iso3 = _iso3(recipient, known)
        if iso3 is None:
            unknown.add(recipient)
            continue
        sipri_id, _ = _number(cell(r, "SIPRI AT Database ID"), line, "SIPRI AT Database ID", whole=True)
        ordered, _ = _number(cell(r, "Order date"), line, "Order date", whole=True)
        year, _ = _number(cell(r, "Delivery year"), line, "Delivery year", whole=True)
        for name, value in (("Order date", ordered), ("Delivery year", year)):
            if value is None or not 1950 <= value <= 2100:
                raise TradeRegisterError("bad_year", line=line, found=cell(r, name) or "(empty)")
        if sipri_id is None:
            raise TradeRegisterError("bad_number", line=line, column="SIPRI AT Database ID", found="(empty)")
        number, _ = _number(cell(r, "Numbers delivered"), line, "Numbers delivered", whole=True)
        out.append(
            {
                "sipri_id": int(sipri_id),
                "recipient_iso3": iso3,
                "recipient": recipient,
                "designation": cell(r, "Designation"),
                "description": description,
                "category": cell(r, "Armament category"),
                "year_ordered": int(ordered),  # type: ignore[arg-type]
                "year_ordered_estimated": _yes(cell(r, "Order date is estimate")),
                "year": int(year),  # type: ignore[arg-type]
                "year_estimated": _yes(cell(r, "Delivery year is estimate")),
                "number_delivered": None if number is None else int(number),
                "number_delivered_estimated": _yes(cell(r, "Numbers delivered is estimate")),
                "status": cell(r, "Status"),
                "tiv_per_unit": _number(cell(r, "TIV deal unit"), line, "TIV deal unit")[0],
                "tiv_delivered": _number(cell(r, "TIV delivery values"), line, "TIV delivery values")[0],
            }
        )
    if not out and not unknown:
        raise TradeRegisterError("no_rows")
    frame = pd.DataFrame(out, columns=list(DELIVERY_COLUMNS))
    for name in ("sipri_id", "year_ordered", "year", "number_delivered"):
        frame[name] = frame[name].astype("Int64")
    for name in ("tiv_per_unit", "tiv_delivered"):
        frame[name] = frame[name].astype("Float64")
    categories = {d: next(iter(c)) for d, c in seen.items() if d and len(c) == 1 and next(iter(c))}
    return Deliveries(frame, tuple(sorted(unknown)), _generated(lines[:head]), _covered(lines[:head]), categories)


# ---------------------------------------------------------------- orders and deliveries tied together
@dataclass(frozen=True)
class Matched:
    sipri_id: pd.Series  # per order (the orders' index): SIPRI's deal id, <NA> where no rule tied one
    unmatched: tuple[int, ...]  # deal ids of the deliveries that no order took
    ambiguous: tuple[str, ...]  # what the rule could not decide, in words for the maintainer
    disagreements: tuple[str, ...]  # matched pairs whose delivered numbers or TIV differ


def _years(text: object, span: tuple[int, int]) -> frozenset[int]:
    if not isinstance(text, str):
        return frozenset()
    return frozenset(y for y in (int(x) for x in text.replace(";", " ").split()) if span[0] <= y <= span[1])


def match_deliveries(orders: pd.DataFrame, deliveries: Deliveries) -> Matched:
    """Tie each SIPRI deal id of the deliveries to one order of the register export.

    The rule: same recipient, same year of order, same TIV per unit, and the order's delivery years
    inside the deliveries' span equal to that deal's delivery years. One candidate: tied. None: the
    deal id stays unmatched. Several (or one order wanted by two deal ids): nothing is tied and the
    case is listed: designations are not compared, as SIPRI renames them between releases
    ("K-9 Thunder 155mm" / "K-9 155mm -").
    """
    d = deliveries.frame
    span = deliveries.years or ((int(d["year"].min()), int(d["year"].max())) if len(d) else (0, 0))
    per_id = (
        d.groupby("sipri_id", sort=True)
        .agg(
            recipient_iso3=("recipient_iso3", "first"),
            year_ordered=("year_ordered", "first"),
            tiv_per_unit=("tiv_per_unit", "first"),
            designation=("designation", "first"),
            years=("year", lambda s: frozenset(int(x) for x in s)),
            delivered=("number_delivered", lambda s: int(s.fillna(0).sum())),
            tiv=("tiv_delivered", lambda s: float(s.fillna(0).sum())),
        )
        .reset_index()
    )
    order_years = {i: _years(orders.at[i, "delivery_years"], span) for i in orders.index}
    wanted: dict[int, list[int]] = {}
    ambiguous: list[str] = []
    unmatched: list[int] = []
    for r in per_id.itertuples(index=False):
        same = orders[
            (orders["recipient_iso3"] == r.recipient_iso3)
            & (orders["year_ordered"] == r.year_ordered)
            & ((orders["tiv_per_unit"].astype("Float64") - float(r.tiv_per_unit)).abs() < 1e-9).fillna(False)
        ]
        cands = [i for i in same.index if order_years[i] == r.years]
        if len(cands) == 1:
            wanted.setdefault(cands[0], []).append(int(r.sipri_id))
        elif not cands:
            unmatched.append(int(r.sipri_id))
        else:
            unmatched.append(int(r.sipri_id))
            names = ", ".join(str(orders.at[i, "designation"]) for i in cands)
            deal = f"SIPRI deal {r.sipri_id} ({r.recipient_iso3} {r.year_ordered} {r.designation})"
            ambiguous.append(f"{deal}: {len(cands)} orders fit ({names})")
    ids = pd.Series(pd.NA, index=orders.index, dtype="Int64")
    disagreements: list[str] = []
    for i, found in wanted.items():
        if len(found) > 1:
            unmatched += found
            order = (
                f"order {orders.at[i, 'recipient_iso3']} {orders.at[i, 'year_ordered']} {orders.at[i, 'designation']}"
            )
            ambiguous.append(f"{order}: SIPRI deals {', '.join(map(str, found))} all fit")
            continue
        ids[i] = found[0]
        r = per_id.set_index("sipri_id").loc[found[0]]
        whole = _years(orders.at[i, "delivery_years"], (0, 9999)) == order_years[i]  # every delivery inside the span
        n = orders.at[i, "number_delivered"]
        if whole and not pd.isna(n) and int(n) != int(r["delivered"]):
            disagreements.append(
                f"SIPRI deal {found[0]}: {int(n)} delivered in the orders, {int(r['delivered'])} in the deliveries"
            )
    return Matched(ids, tuple(sorted(unmatched)), tuple(ambiguous), tuple(disagreements))


def register_keys(orders: pd.DataFrame) -> pd.Series:
    """A stable key per order from SIPRI's own fields: ISO3-YEAR-DESIGNATION, '-2', '-3' ... for a second
    and third order of one designation by one recipient in one year (in the file's order)."""
    import re

    slug = orders["designation"].map(lambda s: re.sub(r"[^A-Z0-9]+", "-", str(s).upper()).strip("-") or "X")
    base = orders["recipient_iso3"].astype(str) + "-" + orders["year_ordered"].astype(str) + "-" + slug
    n = base.groupby(base).cumcount() + 1
    return pd.Series([b if k == 1 else f"{b}-{k}" for b, k in zip(base, n, strict=True)], index=orders.index)
