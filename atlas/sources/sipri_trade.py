"""Read a SIPRI Arms Transfers Database trade register export (CSV) for South Korea as supplier (pure).

The layout, as public parsers of the export show it: a few title and note lines, then the header
line "Recipient,Supplier,Year of order,,Number ordered,,Weapon designation,Weapon description,
Number delivered,,Year(s) of delivery,status,Comments,SIPRI TIV per unit,SIPRI TIV for total order,
SIPRI TIV of delivered weapons". The unnamed columns hold an uncertainty flag ("?") for the column
before them; figures SIPRI estimated are in parentheses ("(2025)", "(10)"); delivery years are
listed as "2023; 2024; 2025". The header line is found by content, never by position.

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
SOURCE_URL = "https://www.sipri.org/databases/armstransfers"
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
    if name.casefold() in known:
        return known[name.casefold()]
    if len(name) <= 3:
        return None
    import pycountry

    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        return None


def read_register(content: bytes, known_names: Mapping[str, str] | None = None) -> Register:
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
