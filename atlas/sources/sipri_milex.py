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
- shares of GDP stored as fractions (0.028 = 2.8%); money in millions of US dollars.

Every problem raises WorkbookError: a catalogue key (sources.sipri.<code>) and its values, so the
page can say it in the reader's language and the maintainer script in English.
"""

from __future__ import annotations

import io
import statistics
import zipfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from atlas.i18n import t

FIRST_YEAR = 1949  # SIPRI's series start
SHARE_SHEETS = ("Share of GDP",)
CURRENT_SHEETS = ("Current US$", "Current USD")
MISSING_MARKERS = frozenset({"...", "xxx", ". .", "…", ". . ."})
HEADER_SEARCH_ROWS = 30
# A median share above this cannot be a fraction of GDP: the sheet holds percentages.
FRACTION_MEDIAN_LIMIT = 0.25

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


class WorkbookError(ValueError):
    """The file is not a SIPRI workbook we can read; `code` is the catalogue key, `values` fill it."""

    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        self.values = values
        super().__init__(t(f"sources.sipri.{code}", "en", **values))

    def message(self, lang: str) -> str:
        return t(f"sources.sipri.{self.code}", lang, **self.values)


@dataclass(frozen=True)
class Milex:
    """What a workbook says, for the countries we could name: iso3, year, share_gdp_pct, usd_current_m."""

    frame: pd.DataFrame
    unknown: tuple[str, ...]  # names matched to no country (reported, not guessed), region rows excluded
    first_year: int
    last_year: int


def _cell_ref(row: int, col: int) -> str:
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _open(content: bytes) -> Any:
    import openpyxl

    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise WorkbookError("old_xls")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise WorkbookError("not_xlsx")
    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
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


def _read_sheet(
    sheet: Any, names: _Names, last_year: int, scope: Collection[str] | None
) -> tuple[dict[tuple[str, int], float | None], set[str]]:
    title = str(sheet.title)
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    head, years = _header(rows, title, last_year)
    values: dict[tuple[str, int], float | None] = {}
    unknown: set[str] = set()
    seen: dict[str, str] = {}
    for offset, row in enumerate(rows[head + 1 :], start=head + 2):
        name = str(row[0]).strip() if row and row[0] is not None else ""
        cells = {col: (row[col] if col < len(row) else None) for col in years}
        if not name or all(c is None or (isinstance(c, str) and not c.strip()) for c in cells.values()):
            continue  # a blank line, a region heading or a footnote: no figures on the row
        if name in REGIONS:
            continue
        iso3 = names.iso3(name)
        if iso3 is None:
            unknown.add(name)
            continue
        if iso3 in seen:
            raise WorkbookError("duplicate_country", sheet=title, country=name, other=seen[iso3], iso3=iso3)
        seen[iso3] = name
        for col, year in years.items():
            ref = _cell_ref(offset, col)
            value = _value(cells[col], title, ref, name, year)
            if value is not None and value <= 0 and (scope is None or iso3 in scope):
                raise WorkbookError("not_positive", sheet=title, cell=ref, country=name, year=year, found=value)
            values[(iso3, year)] = value
    return values, unknown


def read_workbook(
    content: bytes,
    known_names: Mapping[str, str] | None = None,
    scope: Collection[str] | None = None,
    last_year: int | None = None,
) -> Milex:
    """Parse the workbook's bytes. `known_names` (name -> ISO3, e.g. from data/countries.csv) adds to
    the aliases; `scope` limits the strict value checks to the countries we show; `last_year`
    (default: this year) is the latest year a header may hold."""
    last = last_year or date.today().year
    book = _open(content)
    try:
        share_sheet, usd_sheet = _sheet(book, SHARE_SHEETS), _sheet(book, CURRENT_SHEETS)
        if share_sheet is None or usd_sheet is None:
            found = ", ".join(f"'{n}'" for n in book.sheetnames) or "none"
            raise WorkbookError("sheets", found=found)
        names = _Names(known_names)
        shares, unknown_a = _read_sheet(share_sheet, names, last, scope)
        usd, unknown_b = _read_sheet(usd_sheet, names, last, scope)
    finally:
        book.close()
    _check_fractions(shares.values(), str(share_sheet.title))
    keys = sorted(set(shares) | set(usd))
    frame = pd.DataFrame(
        {
            "iso3": pd.Series([k[0] for k in keys], dtype="string"),
            "year": pd.Series([k[1] for k in keys], dtype="Int64"),
            "share_gdp_pct": pd.Series([_pct(shares.get(k)) for k in keys], dtype="Float64"),
            "usd_current_m": pd.Series([usd.get(k) for k in keys], dtype="Float64"),
        }
    )
    if scope is not None:
        _check_share_range(frame[frame["iso3"].isin(list(scope))], str(share_sheet.title))
    years = [k[1] for k in keys] or [FIRST_YEAR]
    return Milex(frame, tuple(sorted(unknown_a | unknown_b)), min(years), max(years))


def _pct(fraction: float | None) -> float | None:
    # Shares are stored as fractions; rounded to 4 decimals of a percent to drop binary noise (0.028*100).
    return None if fraction is None else round(fraction * 100, 4)


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

    frame: pd.DataFrame  # our defense_spending rows with the workbook's figures taken in
    diff: Any  # model.Diff
    unknown: tuple[str, ...]
    first_year: int
    last_year: int
    older: bool  # the workbook ends before our file does: probably an older release


def compare(content: bytes, file_name: str, shipped: pd.DataFrame, countries: pd.DataFrame) -> Comparison:
    """Parse a workbook and merge it into the shipped rows (raises WorkbookError, naming what was expected)."""
    from atlas.sources import model

    scope = set(shipped["iso3"])
    names = dict(zip(countries["name_en"], countries["iso3"]))
    result = read_workbook(content, known_names=names, scope=scope)
    if not set(result.frame["iso3"]) & scope:
        raise WorkbookError("no_overlap", countries=", ".join(sorted(scope)))
    merged = model.merge_milex(shipped, result.frame, file_name)
    diff = model.diff_frames(shipped, merged, ("iso3", "year"), model.SPENDING_VALUES)
    older = result.last_year < int(shipped["year"].max())
    return Comparison(merged, diff, result.unknown, result.first_year, result.last_year, older)
