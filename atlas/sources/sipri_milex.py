"""Read SIPRI's Military Expenditure workbook (xlsx) into our defense_spending rows (pure, no Streamlit).

The layout, as public parsers and copies of the 2020-2025 releases show it:
- one sheet per measure: "Share of GDP", "Current US$" (called "Current USD" in the 2020 file),
  "Constant (2023) US$", "Per capita", "Share of Govt. spending", "Regional totals" ...;
- a few title and note rows above the header row; the header row is "Country", "Notes", then one
  column per year from 1949 (the number of title rows differs per sheet and per release, so the
  header row is found by its content, never by position);
- region rows ("Africa", "Europe", "Western Europe" ...) between the country rows, with no values,
  and footnotes below the table;
- "..." where a figure is not available and "xxx" where the country did not exist or was not
  independent (older files also write ". ."); never a 0 for a missing figure;
- shares of GDP stored as fractions (0.028 = 2.8%); money in millions of US dollars;
- figures in blue are SIPRI estimates, figures in red highly uncertain (the font colour);
- the first title row ends with the release: "... 1949–2025  © SIPRI 2026".

An upload is bounded by what it unpacks to, not by its size: the zip's declared sizes are checked
before anything is decompressed, rows are streamed and counted, and an overlong cell is refused.

Every problem raises WorkbookError: a catalogue key (sources.sipri.<code>) and its values, so the
page can say it in the reader's language and the maintainer script in English.
"""

from __future__ import annotations

import io
import re
import statistics
import zipfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from atlas.core.vocab import NO_SIPRI_ESTIMATE
from atlas.i18n import Refusal

FIRST_YEAR = 1949  # SIPRI's series start
SHARE_SHEETS = ("Share of GDP",)
CURRENT_SHEETS = ("Current US$", "Current USD")
MISSING_MARKERS = frozenset({"...", "xxx", ". .", "…", ". . ."})
HEADER_SEARCH_ROWS = 30
# A median share above this cannot be a fraction of GDP: the sheet holds percentages.
FRACTION_MEDIAN_LIMIT = 0.25
# What a file may unpack to. SIPRI's April 2026 workbook: 31 zip members, the largest sheet 0.66 MB,
# every other part under 0.06 MB, 4.0 MB in all; about 200 rows and 79 columns a sheet, no cell over
# 600 characters. A zip member's declared size bounds what zipfile will ever decompress from it.
MAX_PARTS = 200
MAX_SHEET_BYTES = 4_000_000  # a worksheet part: streamed, row by row
MAX_OTHER_BYTES = 1_000_000  # any other part: shared strings and styles are read whole when the file opens
MAX_TOTAL_BYTES = 16_000_000
HEAD_BYTES = 65_536  # how much of each part is read to see what it is
MAX_ROWS = 1_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1_000
_WORKSHEET = re.compile(rb"<(?:\w+:)?worksheet\b")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b")
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
# Font colours (indexed palette) of SIPRI's marks.
ESTIMATE_COLOURS = frozenset({12, "FF0000FF"})  # blue: SIPRI estimate
UNCERTAIN_COLOURS = frozenset({10, "FFFF0000"})  # red: highly uncertain
RELEASE = re.compile(r"©\s*SIPRI\s+(\d{4})")

# SIPRI's spellings that neither pycountry nor our countries file knows as names. Explicit, so a new
# spelling is reported as unknown instead of being matched to a guess.
ALIASES: Mapping[str, str] = {
    "Korea, South": "KOR",
    "Korea, North": "PRK",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "USA": "USA",
    "UK": "GBR",
    "UAE": "ARE",
    "Russia": "RUS",
    "Türkiye": "TUR",
    "Turkey": "TUR",
    "Brunei": "BRN",
    "Cape Verde": "CPV",
    "Cabo Verde": "CPV",
    "Congo, DR": "COD",
    "Congo, Republic": "COG",
    "Congo, Repubic": "COG",
    "Cote d'Ivoire": "CIV",
    "Côte d'Ivoire": "CIV",
    "Côte d’Ivoire": "CIV",
    "eSwatini": "SWZ",
    "Gambia, The": "GMB",
    "Bosnia-Herzegovina": "BIH",
    "Bosnia and Herzegovina": "BIH",
    "North Macedonia": "MKD",
    "Macedonia, FYR": "MKD",
    "Timor Leste": "TLS",
    "Timor-Leste": "TLS",
    "Viet Nam": "VNM",
    "Taiwan": "TWN",
    "Kyrgyz Republic": "KGZ",
    "Czechia": "CZE",
    "Czech Republic": "CZE",
    "Moldova": "MDA",
    "Iran": "IRN",
    "Syria": "SYR",
    "Laos": "LAO",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
}
REGIONS = frozenset(
    {
        "World",
        "World total",
        "NATO",
        "Africa",
        "North Africa",
        "Sub-Saharan Africa",
        "sub-Saharan Africa",
        "Americas",
        "Central America and the Caribbean",
        "North America",
        "South America",
        "Asia & Oceania",
        "Asia and Oceania",
        "Oceania",
        "South Asia",
        "East Asia",
        "South East Asia",
        "South-East Asia",
        "Central Asia",
        "Europe",
        "Eastern Europe",
        "Western Europe",
        "Central Europe",
        "Central and Western Europe",
        "Middle East",
    }
)


class WorkbookError(Refusal, ValueError):
    """The file is not a SIPRI workbook we can read; `code` is the catalogue key, `values` fill it."""

    prefix = "sources.sipri"


@dataclass(frozen=True)
class Milex:
    """What a workbook says, for the countries we could name: iso3, year, share_gdp_pct, usd_current_m."""

    frame: pd.DataFrame
    unknown: tuple[str, ...]  # names matched to no country (reported, not guessed), region rows excluded
    first_year: int
    last_year: int
    release: int | None = None  # the year of "© SIPRI 2026" in the first title row, when it is there
    zeros: tuple[str, ...] = ()  # countries outside the checked scope whose 0 figures were left empty
    # (iso3, year, measure) -> "estimate" (blue) or "uncertain" (red); read only when asked for
    marks: Mapping[tuple[str, int, str], str] | None = None
    notes: Mapping[str, str] | None = None  # iso3 -> SIPRI's "Notes" cell (footnote numbers and signs)


def _cell_ref(row: int, col: int) -> str:
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f}"


def _check_parts(content: bytes) -> None:
    """Refuse a zip by what it declares it unpacks to, before any part is decompressed; then look at the
    head of each part: a worksheet must state its size (<dimension>) before its rows, as Excel writes
    it, because openpyxl otherwise reads the whole sheet to measure it when the file opens."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise WorkbookError("too_many_parts", found=len(parts), limit=MAX_PARTS)
            for part in parts:
                if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise WorkbookError("not_xlsx")  # Excel writes deflate; others inflate unbounded per read
                if part.file_size > MAX_SHEET_BYTES:
                    _too_large(part, MAX_SHEET_BYTES)
            total = sum(p.file_size for p in parts)
            if total > MAX_TOTAL_BYTES:
                raise WorkbookError("too_large", size=_megabytes(total), limit=_megabytes(MAX_TOTAL_BYTES))
            for part in parts:
                with archive.open(part) as stream:
                    head = stream.read(HEAD_BYTES)
                if (root := _WORKSHEET.search(head)) is None:
                    if part.file_size > MAX_OTHER_BYTES:
                        _too_large(part, MAX_OTHER_BYTES)
                    continue
                rows, size = _SHEET_DATA.search(head, root.end()), _DIMENSION.search(head, root.end())
                if size is None or (rows is not None and rows.start() < size.start()):
                    raise WorkbookError("no_dimension", part=_part_name(part))
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise WorkbookError("not_xlsx") from None  # a damaged or encrypted zip


def _part_name(part: zipfile.ZipInfo) -> str:
    return part.filename if len(part.filename) <= 60 else part.filename[:57] + "..."


def _too_large(part: zipfile.ZipInfo, limit: int) -> None:
    raise WorkbookError(
        "part_too_large", part=_part_name(part), size=_megabytes(part.file_size), limit=_megabytes(limit)
    )


def _open(content: bytes) -> Any:
    import openpyxl

    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise WorkbookError("old_xls")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise WorkbookError("not_xlsx")
    _check_parts(content)
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except MemoryError:
        raise  # the worker's memory limit, not a broken file: the page says so
    except Exception:  # openpyxl raises several types for a zip that is no workbook (a .docx, a broken file)
        raise WorkbookError("not_xlsx") from None


def _sheet(book: Any, wanted: tuple[str, ...]) -> Any:
    by_name = {str(name).strip().casefold(): name for name in book.sheetnames}
    for name in wanted:
        if name.casefold() in by_name:
            return book[by_name[name.casefold()]]
    return None


def _as_year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
        return int(value.strip())
    return None


def _header(rows: list[tuple[Any, ...]], sheet: str, last_year: int) -> tuple[int, dict[int, int]]:
    """The header row (0-based) found by content: 'Country' in column A, then years. Years checked."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not row or str(row[0] or "").strip().casefold() != "country":
            continue
        years = {col: y for col, cell in enumerate(row) if col > 0 and (y := _as_year(cell)) is not None}
        if len(years) < 2:
            continue
        for y in years.values():
            if not FIRST_YEAR <= y <= last_year:
                raise WorkbookError("years_range", sheet=sheet, row=i + 1, year=y, first=FIRST_YEAR, last=last_year)
        if len(set(years.values())) < len(years):
            raise WorkbookError("years_duplicate", sheet=sheet, row=i + 1)
        return i, years
    raise WorkbookError("no_header", sheet=sheet, rows=HEADER_SEARCH_ROWS)


def _value(cell: object, sheet: str, ref: str, name: str, year: int) -> float | None:
    if cell is None:
        return None
    if isinstance(cell, str):
        text = cell.strip()
        if text == "" or text in MISSING_MARKERS:
            return None
        try:
            return float(text.replace(",", ""))
        except ValueError:
            raise WorkbookError("bad_cell", sheet=sheet, cell=ref, country=name, year=year, found=text) from None
    if isinstance(cell, bool) or not isinstance(cell, (int, float)):
        raise WorkbookError("bad_cell", sheet=sheet, cell=ref, country=name, year=year, found=str(cell))
    return float(cell)


class _Names:
    """Country name -> ISO3: the explicit aliases, then our countries file, then pycountry's exact names."""

    def __init__(self, extra: Mapping[str, str] | None) -> None:
        self._own = {k.casefold(): v for k, v in (extra or {}).items()}
        self._alias = {k.casefold(): v for k, v in ALIASES.items()}

    def iso3(self, name: str) -> str | None:
        key = name.casefold()
        if key in self._alias:
            return self._alias[key]
        if key in self._own:
            return self._own[key]
        if len(name) <= 3:  # pycountry's lookup also matches codes: "UK" is not a code, "CH" is
            return None
        import pycountry

        try:
            return str(pycountry.countries.lookup(name).alpha_3)
        except LookupError:
            return None


def _colour(cell: Any) -> object:
    colour = getattr(getattr(cell, "font", None), "color", None)
    if colour is None:
        return None
    return colour.indexed if colour.type == "indexed" else colour.rgb if colour.type == "rgb" else None


def _mark(colour: object) -> str | None:
    if colour in ESTIMATE_COLOURS:
        return "estimate"
    if colour in UNCERTAIN_COLOURS:
        return "uncertain"
    return None


def _bounded_rows(sheet: Any, title: str, colours: bool) -> list[tuple[tuple[Any, ...], tuple[object, ...]]]:
    """The sheet's rows, streamed: at most MAX_ROWS rows of MAX_COLUMNS cells, no text over MAX_CELL_CHARS.
    Each row comes with its cells' font colours when asked (else an empty tuple)."""
    out: list[tuple[tuple[Any, ...], tuple[object, ...]]] = []
    # max_row set: the rows in the file are read (and counted), whatever size its <dimension> states
    rows = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=not colours)
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise WorkbookError("too_many_rows", sheet=title, limit=MAX_ROWS)
        values = tuple(c.value for c in row) if colours else tuple(row)
        for col, value in enumerate(values):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise WorkbookError(
                    "cell_too_long", sheet=title, cell=_cell_ref(number, col), length=len(value), limit=MAX_CELL_CHARS
                )
        out.append((values, tuple(_colour(c) for c in row) if colours else ()))
    return out


@dataclass
class _Sheet:
    values: dict[tuple[str, int], float | None]
    unknown: set[str]
    zeros: set[str]
    marks: dict[tuple[str, int], str]
    notes: dict[str, str]
    release: int | None


def _read_sheet(
    sheet: Any, names: _Names, last_year: int, scope: Collection[str] | None, colours: bool = False, since: int = 0
) -> _Sheet:
    title = str(sheet.title)
    rows_and_colours = _bounded_rows(sheet, title, colours)
    rows = [r for r, _ in rows_and_colours]
    head, years = _header(rows, title, last_year)
    first = str(rows[0][0]) if rows and rows[0] and rows[0][0] is not None else ""
    release = int(m.group(1)) if (m := RELEASE.search(first)) else None
    out = _Sheet({}, set(), set(), {}, {}, release)
    seen: dict[str, str] = {}
    for offset, (row, row_colours) in enumerate(rows_and_colours[head + 1 :], start=head + 2):
        name = str(row[0]).strip() if row and row[0] is not None else ""
        cells = {col: (row[col] if col < len(row) else None) for col in years}
        if not name or all(c is None or (isinstance(c, str) and not c.strip()) for c in cells.values()):
            continue  # a blank line, a region heading or a footnote: no figures on the row
        if name in REGIONS:
            continue
        iso3 = names.iso3(name)
        if iso3 is None:
            out.unknown.add(name)
            continue
        if iso3 in seen:
            raise WorkbookError("duplicate_country", sheet=title, country=name, other=seen[iso3], iso3=iso3)
        seen[iso3] = name
        if len(row) > 1 and row[1] is not None and str(row[1]).strip():
            out.notes[iso3] = str(row[1]).strip()
        for col, year in years.items():
            ref = _cell_ref(offset, col)
            value = _value(cells[col], title, ref, name, year)
            if value is not None and value <= 0:
                if (scope is None or iso3 in scope) and year >= since:
                    raise WorkbookError("not_positive", sheet=title, cell=ref, country=name, year=year, found=value)
                out.zeros.add(name)  # SIPRI writes 0 for countries without armed forces; we draw no 0
                value = None
            out.values[(iso3, year)] = value
            if colours and value is not None and (mark := _mark(row_colours[col] if col < len(row_colours) else None)):
                out.marks[(iso3, year)] = mark
    return out


def read_workbook(
    content: bytes,
    known_names: Mapping[str, str] | None = None,
    scope: Collection[str] | None = None,
    last_year: int | None = None,
    marks: bool = False,
    since: int = 0,
) -> Milex:
    """Parse the workbook's bytes. `known_names` (name -> ISO3, e.g. from data/countries.csv) adds to
    the aliases; `scope` limits the strict value checks to the countries we show (a 0 outside it is
    left empty and its country named in `zeros`); `last_year` (default: this year) is the latest year
    a header may hold; `marks` also reads SIPRI's estimate colours and notes column (slower); the
    strict checks hold from the year `since` on (SIPRI's Kuwait 1991 is 117% of GDP, and real)."""
    last = last_year or date.today().year
    book = _open(content)
    try:
        share_sheet, usd_sheet = _sheet(book, SHARE_SHEETS), _sheet(book, CURRENT_SHEETS)
        if share_sheet is None or usd_sheet is None:
            found = ", ".join(f"'{n}'" for n in book.sheetnames[:20]) or "none"
            raise WorkbookError("sheets", found=found)
        names = _Names(known_names)
        shares = _read_sheet(share_sheet, names, last, scope, marks, since)
        usd = _read_sheet(usd_sheet, names, last, scope, marks, since)
    finally:
        book.close()
    _check_fractions(shares.values.values(), str(share_sheet.title))
    keys = sorted(set(shares.values) | set(usd.values))
    frame = pd.DataFrame(
        {
            "iso3": pd.Series([k[0] for k in keys], dtype="string"),
            "year": pd.Series([k[1] for k in keys], dtype="Int64"),
            "share_gdp_pct": pd.Series([_pct(shares.values.get(k)) for k in keys], dtype="Float64"),
            "usd_current_m": pd.Series([usd.values.get(k) for k in keys], dtype="Float64"),
        }
    )
    if scope is not None:
        _check_share_range(frame[frame["iso3"].isin(list(scope)) & (frame["year"] >= since)], str(share_sheet.title))
    years = [k[1] for k in keys] or [FIRST_YEAR]
    found_marks = None
    if marks:
        found_marks = {(*k, "share_gdp_pct"): m for k, m in shares.marks.items()}
        found_marks |= {(*k, "usd_current_m"): m for k, m in usd.marks.items()}
    return Milex(
        frame,
        tuple(sorted(shares.unknown | usd.unknown)),
        min(years),
        max(years),
        release=shares.release or usd.release,
        zeros=tuple(sorted(shares.zeros | usd.zeros)),
        marks=found_marks,
        notes={**usd.notes, **shares.notes} if marks else None,
    )


def _pct(fraction: float | None) -> float | None:
    # Shares are stored as fractions. Rounded to 10 decimals of a percent: that drops binary noise
    # (0.028*100) and keeps enough for the maintainer tool's half-up rounding to 2 decimals to see
    # SIPRI's own figure (1.764997... is 1.76, never 1.765 rounded twice to 1.77).
    return None if fraction is None else round(fraction * 100, 10)


def _check_fractions(values: Iterable[float | None], sheet: str) -> None:
    numbers = [v for v in values if v is not None]
    if numbers and (median := statistics.median(numbers)) > FRACTION_MEDIAN_LIMIT:
        raise WorkbookError("percent_not_fraction", sheet=sheet, median=f"{median:g}")


def _check_share_range(frame: pd.DataFrame, sheet: str) -> None:
    over = frame[frame["share_gdp_pct"] > 100]
    if not over.empty:
        row = over.iloc[0]
        raise WorkbookError(
            "share_over_100", sheet=sheet, iso3=row["iso3"], year=int(row["year"]), found=f"{row['share_gdp_pct']:g}"
        )


@dataclass(frozen=True)
class Comparison:
    """A workbook read against our shipped rows: what the session would use, and what differs."""

    frame: pd.DataFrame  # our defense_spending rows with the workbook's figures taken in, every country
    diff: Any  # model.Diff
    unknown: tuple[str, ...]
    first_year: int
    last_year: int
    older: bool  # the workbook ends before our file does: probably an older release
    new_countries: tuple[str, ...] = ()  # ISO3 codes the workbook brings that our file lacks
    zeros: tuple[str, ...] = ()  # names whose 0 figures were left empty
    release: int | None = None
    withheld: tuple[str, ...] = ()  # ISO3 codes left out as in the shipped data: SIPRI publishes no estimate


def compare(content: bytes, file_name: str, shipped: pd.DataFrame, countries: pd.DataFrame) -> Comparison:
    """Parse a workbook and merge every country it names into the shipped rows (raises WorkbookError,
    naming what was expected). The strict value checks hold for the countries we ship."""
    from atlas.sources import model

    scope = set(shipped["iso3"])
    names = dict(zip(countries["name_en"], countries["iso3"]))
    result = read_workbook(content, known_names=names, scope=scope, since=int(shipped["year"].min()))
    if not set(result.frame["iso3"]) & scope:
        raise WorkbookError("no_overlap", countries=", ".join(sorted(scope)))
    named = set(result.frame["iso3"].dropna())
    withheld = tuple(sorted(c for c in named if c in NO_SIPRI_ESTIMATE and c not in scope))
    merged = model.merge_milex(shipped, result.frame, file_name, named - set(withheld), result.release)
    _check_share_range(merged, SHARE_SHEETS[0])  # every country the session would use (Kuwait 1991 is not)
    diff = model.diff_frames(shipped, merged, ("iso3", "year"), model.SPENDING_VALUES)
    older = result.last_year < int(shipped["year"].max())
    new = tuple(sorted(set(merged["iso3"]) - scope))
    return Comparison(
        merged, diff, result.unknown, result.first_year, result.last_year, older, new, result.zeros, result.release,
        withheld,
    )  # fmt: skip
