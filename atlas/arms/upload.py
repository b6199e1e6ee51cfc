"""Check an uploaded what-if CSV: one clear problem per failure mode, first found wins (pure)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from atlas.arms.whatif import (
    HYPO_COLUMNS,
    HYPO_YEARS,
    MAX_SYSTEM_CHARS,
    MAX_VALUE_USD_M,
    Problem,
    bad_char,
    value_ok,
)
from atlas.core.export import FORMULA_PREFIXES
from atlas.core.vocab import ARMS_CATEGORIES

MAX_UPLOAD_BYTES = 200_000
MAX_UPLOAD_ROWS = 500
MAX_NAMES_SHOWN = 5  # unexpected column names quoted in a message; the rest are counted

UploadProblem = Problem  # the name pages and tests have used


@dataclass(frozen=True)
class UploadResult:
    scenario: pd.DataFrame | None
    problem: Problem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _quote(text: object, limit: int = 40) -> str:
    """A user's cell, safe to show inside a code span: no backticks, no control characters."""
    cleaned = "".join(ch for ch in str(text) if ch.isprintable() and ch != "`")
    return cleaned[:limit] + ("…" if len(cleaned) > limit else "")


def _refuse(code: str, **values: object) -> UploadResult:
    return UploadResult(None, Problem(code, values))


def _first(mask: pd.Series) -> object | None:
    """The index label of the first True in mask, or None."""
    hits = mask.fillna(False).astype(bool)
    return hits.idxmax() if hits.any() else None


def _looks_utf16(raw: bytes) -> bool:
    """A UTF-16 file (Excel's "Unicode text"): its byte-order mark, or a NUL beside every ASCII letter."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:400]
    return len(head) >= 4 and head.count(b"\x00") >= len(head) // 3


def _names(columns: list[str]) -> str:
    shown = ", ".join(f"`{_quote(c)}`" for c in columns[:MAX_NAMES_SHOWN])
    more = len(columns) - MAX_NAMES_SHOWN
    return f"{shown} (+{more:,})" if more > 0 else shown


def parse_upload(raw: bytes, known_iso3: Iterable[str]) -> UploadResult:
    """Check an uploaded what-if CSV; one clear problem per failure mode, first found wins.

    Order: too large, UTF-16, not UTF-8, empty, not a CSV table, wrong columns, too many
    rows, control or invisible characters in a cell, empty cells, wrong types, negative
    values, values not finite or above MAX_VALUE_USD_M, year out of range, unknown
    category, unknown ISO3, formula text, text too long. Line numbers are the file's own
    (the header is line 1; blank lines count).
    """
    if len(raw) > MAX_UPLOAD_BYTES:
        return _refuse("too_large", size=f"{len(raw):,}", max=f"{MAX_UPLOAD_BYTES:,}")
    if _looks_utf16(raw):
        return _refuse("utf16")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return _refuse("not_utf8", position=err.start)
    if not text.strip():
        return _refuse("empty")
    # Blank lines are kept as empty rows (then dropped) so that row i is on line i + first_line.
    lines = text.splitlines(keepends=True)
    skipped = next(i for i, line in enumerate(lines) if line.strip())  # blank lines above the header
    first_line = skipped + 2
    try:
        df = pd.read_csv(
            io.StringIO("".join(lines[skipped:])),
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skipinitialspace=True,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError):
        return _refuse("not_csv")
    df.columns = [str(c).strip() for c in df.columns]
    expected = list(HYPO_COLUMNS)
    missing = [c for c in expected if c not in df.columns]
    extra = [c for c in df.columns if c not in expected]
    if missing or extra:
        return _refuse(
            "wrong_columns",
            expected=", ".join(expected),
            missing=", ".join(missing) or "-",
            extra=_names(extra) or "-",
        )
    df = df.dropna(how="all")  # keeps the original index: row i is on line i + first_line
    if df.empty:
        return _refuse("empty")
    if len(df) > MAX_UPLOAD_ROWS:
        return _refuse("too_many_rows", rows=f"{len(df):,}", max_rows=MAX_UPLOAD_ROWS)

    def line(i: object) -> int:
        return int(i) + first_line  # type: ignore[call-overload]

    for col in expected:
        df[col] = df[col].astype("string").str.strip()
    chars = pd.concat([df[c].fillna("").map(bad_char).rename(c) for c in expected], axis=1)
    if (i := _first(chars.notna().any(axis=1))) is not None:
        column = str(chars.loc[i].notna().idxmax())
        return _refuse("control_chars", line=line(i), column=column, char=chars.at[i, column])
    for col in expected:
        if (i := _first(df[col].isna() | (df[col] == ""))) is not None:
            return _refuse("missing_value", line=line(i), column=col)
    value = pd.to_numeric(df["value_usd_m"], errors="coerce")
    if (i := _first(value.isna())) is not None:
        return _refuse("not_number", line=line(i), column="value_usd_m", found=_quote(df.at[i, "value_usd_m"]))
    year = pd.to_numeric(df["year_signed"], errors="coerce")
    if (i := _first(year.isna() | (year % 1 != 0))) is not None:
        return _refuse("not_year", line=line(i), column="year_signed", found=_quote(df.at[i, "year_signed"]))
    if (i := _first(value < 0)) is not None:
        return _refuse("negative", line=line(i), column="value_usd_m", found=f"{value[i]:g}")
    if (i := _first(~value.map(value_ok))) is not None:
        return _refuse(
            "value_range",
            line=line(i),
            column="value_usd_m",
            found=_quote(df.at[i, "value_usd_m"]),
            max=f"{MAX_VALUE_USD_M:,.0f}",
        )
    lo, hi = HYPO_YEARS
    if (i := _first(~year.between(lo, hi))) is not None:
        return _refuse("year_range", line=line(i), found=int(year[i]), lo=lo, hi=hi)
    category = df["category"].str.lower()
    if (i := _first(~category.isin(ARMS_CATEGORIES))) is not None:
        return _refuse(
            "unknown_category", line=line(i), found=_quote(df.at[i, "category"]), allowed=", ".join(ARMS_CATEGORIES)
        )
    iso3 = df["recipient_iso3"].str.upper()
    if (i := _first(~iso3.isin(set(known_iso3)))) is not None:
        return _refuse("unknown_iso3", line=line(i), found=_quote(df.at[i, "recipient_iso3"]))
    system = df["system"]
    if (i := _first(system.str.startswith(FORMULA_PREFIXES))) is not None:
        return _refuse("formula", line=line(i), column="system")
    if (i := _first(system.str.len() > MAX_SYSTEM_CHARS)) is not None:
        return _refuse("too_long", line=line(i), column="system", max_chars=MAX_SYSTEM_CHARS)
    scenario = pd.DataFrame(
        {
            "recipient_iso3": iso3.astype("string"),
            "system": system.astype("string"),
            "category": category.astype("string"),
            "value_usd_m": value.astype("Float64"),
            "year_signed": year.astype("Int64"),
        }
    ).reset_index(drop=True)
    return UploadResult(scenario, None)
