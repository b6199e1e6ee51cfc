"""Read and validate every dataset in data/: one loader per file, no Streamlit here.

Each loader reads the CSV as text, converts each column to its declared type, then checks
values with a pandera schema. Any problem raises DataError naming the file, the row, the
column, what was expected and what was found, so a curator can fix the file at once.
Types are normalised here once: dates are datetime64, codes are upper-case ISO3.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

# ATLAS_DATA_DIR points the app at another folder of the same files (bench/ uses it for
# synthetic data ten and a hundred times larger); unset, the shipped data/ is used.
DATA_DIR = Path(os.environ.get("ATLAS_DATA_DIR") or Path(__file__).resolve().parents[2] / "data")
MAX_ERRORS_SHOWN = 10

# The code lists live in vocab.py; imported here because the specs check against them.
from atlas.core.vocab import (  # noqa: E402
    ARMS_CATEGORIES,
    ARMS_STAGES,
    EVENT_CATEGORIES,
    ORDER_BASES,
    OUTCOMES,
    REGISTER_LINKS,
    SEATS,
    SOURCE_TIERS,
    TARGET_KINDS,
    UNSC_REGIONS,
    UNSC_TOPICS,
    VALUE_BASES,
    VOTES,
)


class DataError(ValueError):
    """A data file does not meet its contract; the message says where and why."""


@dataclass(frozen=True)
class Col:
    """How to read one column: its type, whether it may be empty, and its value checks."""

    kind: str  # str, code, iso3, int, float, date, bool
    nullable: bool = False
    checks: tuple[pa.Check, ...] = ()
    unique: bool = False


def _isin(values: tuple[str, ...]) -> pa.Check:
    return pa.Check.isin(values, error=f"expected one of {', '.join(values)}")


def _ge(x: float) -> pa.Check:
    return pa.Check.ge(x, error=f"expected a number >= {x:g}")


def _gt(x: float) -> pa.Check:
    return pa.Check.gt(x, error=f"expected a number > {x:g} (leave the cell empty when unknown)")


def _between(lo: float, hi: float) -> pa.Check:
    return pa.Check.in_range(lo, hi, error=f"expected a number from {lo:g} to {hi:g}")


def _matches(pattern: str, what: str) -> pa.Check:
    return pa.Check.str_matches(pattern, error=f"expected {what}")


URL = _matches(r"^https?://\S+$", "a web address starting with http:// or https://")
ID = _matches(r"^[A-Z0-9][A-Z0-9-]*$", "an id of upper-case letters, digits and '-'")
YEAR = _between(1990, 2035)
REGISTER_YEAR = _between(1950, 2035)  # SIPRI's register reaches back to 1950
PRICE_YEAR = _between(1900, 2035)


@dataclass(frozen=True)
class Spec:
    file: str
    columns: dict[str, Col]
    unique_together: tuple[str, ...] = ()
    references: dict[str, str] = field(default_factory=dict)  # column -> dataset it points into
    rows_per: tuple[str, int] | None = None  # (column, n): every value of column has exactly n rows


SPECS: dict[str, Spec] = {
    "countries": Spec(
        "countries.csv",
        {
            "iso3": Col("iso3", unique=True),
            "iso2": Col("code", nullable=True),
            "name_en": Col("str"),
            "name_ko": Col("str"),
            "capital": Col("str", nullable=True),
            "lat": Col("float", checks=(_between(-90, 90),)),
            "lon": Col("float", checks=(_between(-180, 180),)),
        },
    ),
    "arms_exports": Spec(
        "arms_exports.csv",
        {
            "deal_id": Col("code", unique=True, checks=(ID,)),
            "recipient_iso3": Col("iso3"),
            "system": Col("str"),
            "system_ko": Col("str", nullable=True),
            "category": Col("str", checks=(_isin(ARMS_CATEGORIES),)),
            "quantity": Col("int", nullable=True, checks=(_ge(0),)),
            "value_usd_m": Col("float", nullable=True, checks=(_ge(0),)),
            # The value every total uses: US$ as reported for US$ contracts, else the original amount at
            # the signing date's reference rate (tools/value_at_signing.py writes these four columns).
            "usd_m_at_signing": Col("float", nullable=True, checks=(_ge(0),)),
            "fx_rate": Col("float", nullable=True, checks=(_gt(0),)),
            "fx_date": Col("date", nullable=True),
            "value_basis": Col("str", nullable=True, checks=(_isin(VALUE_BASES),)),
            "original_currency": Col("code", nullable=True),
            "original_amount_m": Col("float", nullable=True, checks=(_ge(0),)),
            "year_signed": Col("int", checks=(YEAR,)),
            "date_signed": Col("date", nullable=True),
            # Signing-month rows: the day a source says the deal was announced (values it at signing).
            "announced_date": Col("date", nullable=True),
            "stage": Col("str", checks=(_isin(ARMS_STAGES),)),
            "parent_deal_id": Col("code", nullable=True),
            # false: the row's value is carried by other rows (a framework whose executive contracts are
            # listed), so totals leave it out; empty (older or uploaded files) follows the same rule.
            "counted": Col("bool", nullable=True),
            "contractor": Col("str", nullable=True),
            "source_url": Col("str", checks=(URL,)),
            "source_tier": Col("str", nullable=True, checks=(_isin(SOURCE_TIERS),)),
            "source_title": Col("str", nullable=True),
            "notes": Col("str", nullable=True),
        },
        references={"recipient_iso3": "countries", "parent_deal_id": "arms_exports"},
    ),
    "arms_orders_official": Spec(
        "arms_orders_official.csv",
        {
            "year": Col("int", checks=(YEAR,)),
            "orders_usd_m": Col("float", nullable=True, checks=(_gt(0),)),
            "status": Col("str", checks=(_isin(("preliminary", "final")),)),
            # One row per year and basis: the government's latest tally, an earlier tally it revised, or
            # another body's total (Korea Eximbank); empty = government. ``definition`` says what it counts.
            "basis": Col("str", nullable=True, checks=(_isin(ORDER_BASES),)),
            "definition": Col("str", nullable=True),
            "source_url": Col("str", checks=(URL,)),
            "source_title": Col("str", nullable=True),
            "source_tier": Col("str", nullable=True, checks=(_isin(SOURCE_TIERS),)),
            "notes": Col("str", nullable=True),
        },
        unique_together=("year", "basis"),
    ),
    # South Korea's defence budget as the ministry states it (KRW, share of GDP), shown beside SIPRI's figure.
    "kor_defence_budget": Spec(
        "kor_defence_budget.csv",
        {
            "year": Col("int", unique=True, checks=(YEAR,)),
            "budget_krw_100m": Col("int", checks=(_gt(0),)),  # 억 원, as the ministry's table gives it
            "share_gdp_pct": Col("float", nullable=True, checks=(_gt(0), _between(0, 100))),
            "budget_stage": Col("str", checks=(_isin(("original",)),)),
            "source": Col("str"),
            "source_url": Col("str", checks=(URL,)),
            "source_tier": Col("str", checks=(_isin(SOURCE_TIERS),)),
            "notes": Col("str", nullable=True),
        },
    ),
    "us_price_index": Spec(
        "us_price_index.csv",
        {
            "year": Col("int", unique=True, checks=(PRICE_YEAR,)),
            "cpi_u": Col("float", checks=(_gt(0),)),
            "source": Col("str"),
            "source_url": Col("str", checks=(URL,)),
            "source_tier": Col("str", nullable=True, checks=(_isin(SOURCE_TIERS),)),
            "notes": Col("str", nullable=True),
        },
    ),
    "arms_exporter_rank": Spec(
        "arms_exporter_rank.csv",
        {
            "period": Col("str", unique=True, checks=(_matches(r"^\d{4}-\d{4}$", "a period like 2020-2024"),)),
            "rank": Col("int", nullable=True, checks=(_ge(1),)),
            "share_pct": Col("float", nullable=True, checks=(_between(0, 100),)),
            "source_url": Col("str", checks=(URL,)),
            "source_tier": Col("str", nullable=True, checks=(_isin(SOURCE_TIERS),)),
            "source_title": Col("str", nullable=True),
            "notes": Col("str", nullable=True),
        },
    ),
    "unsc_decisions": Spec(
        "unsc_decisions.csv",
        {
            "decision_id": Col("code", unique=True, checks=(ID,)),
            "date": Col("date"),
            "symbol": Col("str", unique=True),
            "draft_symbol": Col("str", nullable=True),
            "topic": Col("str", checks=(_isin(UNSC_TOPICS),)),
            "title": Col("str"),
            "title_ko": Col("str", nullable=True),
            "outcome": Col("str", checks=(_isin(OUTCOMES),)),
            "procedural": Col("bool"),
            "meeting_record": Col("str", nullable=True),
            "yes": Col("int", checks=(_between(0, 15),)),
            "no": Col("int", checks=(_between(0, 15),)),
            "abstain": Col("int", checks=(_between(0, 15),)),
            "source_url": Col("str", checks=(URL,)),
            "source_tier": Col("str", nullable=True, checks=(_isin(SOURCE_TIERS),)),
            "notes": Col("str", nullable=True),
            # The record's provenance: the UN agenda item as the compilation gives it, a region by the
            # rule table (data/unsc_topic_rules.csv), where the row came from ("curated", or the
            # compilation's repo@commit:path#row) and the UN page it was checked against, if any.
            "agenda": Col("str", nullable=True),
            "region": Col("str", nullable=True, checks=(_isin(UNSC_REGIONS),)),
            "compiled_from": Col("str", nullable=True),
            "checked_against": Col("str", nullable=True, checks=(URL,)),
        },
    ),
    "unsc_votes": Spec(
        "unsc_votes.csv",
        {
            "decision_id": Col("code"),
            "member_iso3": Col("iso3"),
            "vote": Col("code", checks=(_isin(VOTES),)),
        },
        unique_together=("decision_id", "member_iso3"),
        references={"decision_id": "unsc_decisions", "member_iso3": "countries"},
        rows_per=("decision_id", 15),  # one vote from each of the fifteen members
    ),
    "unsc_membership": Spec(
        "unsc_membership.csv",
        {
            "year": Col("int", checks=(YEAR,)),
            "member_iso3": Col("iso3"),
            "seat": Col("str", checks=(_isin(SEATS),)),
        },
        unique_together=("year", "member_iso3"),
        references={"member_iso3": "countries"},
    ),
    "defense_spending": Spec(
        "defense_spending.csv",
        {
            "iso3": Col("iso3"),
            "year": Col("int", checks=(YEAR,)),
            "share_gdp_pct": Col("float", nullable=True, checks=(_gt(0), _between(0, 100))),
            "usd_current_m": Col("float", nullable=True, checks=(_gt(0),)),
            "source": Col("str"),
            "source_url": Col("str", checks=(URL,)),
            "source_tier": Col("str", nullable=True, checks=(_isin(SOURCE_TIERS),)),
            "notes": Col("str", nullable=True),
        },
        unique_together=("iso3", "year"),
        references={"iso3": "countries"},
    ),
    "spending_targets": Spec(
        "spending_targets.csv",
        {
            "target_id": Col("code", unique=True, checks=(ID,)),
            "scope": Col("code"),
            "label": Col("str"),
            "label_ko": Col("str", nullable=True),
            "share_gdp_pct": Col("float", checks=(_gt(0), _between(0, 100))),
            "target_year": Col("int", nullable=True, checks=(YEAR,)),
            "announced_date": Col("date", nullable=True),
            "kind": Col("str", checks=(_isin(TARGET_KINDS),)),
            "source_url": Col("str", checks=(URL,)),
            "source_tier": Col("str", nullable=True, checks=(_isin(SOURCE_TIERS),)),
            "notes": Col("str", nullable=True),
        },
    ),
    # SIPRI's Arms Transfers register, South Korea as supplier (tools/update_arms_from_sipri_trade.py).
    # TIV are SIPRI's trend-indicator values: a measure of military capability, never US$.
    "sipri_register_kor": Spec(
        "sipri_register_kor.csv",
        {
            "register_key": Col("code", unique=True, checks=(ID,)),
            "sipri_id": Col("int", nullable=True),  # unique where present (the tool ties one order per deal)
            "recipient_iso3": Col("iso3"),
            "recipient": Col("str"),
            "year_ordered": Col("int", checks=(REGISTER_YEAR,)),
            "year_ordered_estimated": Col("bool"),
            "number_ordered": Col("int", nullable=True, checks=(_ge(0),)),
            "number_ordered_estimated": Col("bool"),
            "designation": Col("str"),
            "description": Col("str"),
            "sipri_category": Col("str", nullable=True),
            "number_delivered": Col("int", nullable=True, checks=(_ge(0),)),
            "delivery_years": Col(
                "str", nullable=True, checks=(_matches(r"^\d{4}(; \d{4})*$", "years like 2023; 2024"),)
            ),
            "status": Col("str", nullable=True),
            "comments": Col("str", nullable=True),
            "tiv_per_unit": Col("float", nullable=True, checks=(_ge(0),)),
            "tiv_total_order": Col("float", nullable=True, checks=(_ge(0),)),
            "tiv_delivered": Col("float", nullable=True, checks=(_ge(0),)),
            "compiled_from": Col("str"),
            "source": Col("str"),
            "source_url": Col("str", checks=(URL,)),
            "source_tier": Col("str", nullable=True, checks=(_isin(SOURCE_TIERS),)),
        },
        references={"recipient_iso3": "countries"},
    ),
    "sipri_deliveries_kor": Spec(
        "sipri_deliveries_kor.csv",
        {
            "sipri_id": Col("int"),
            "year": Col("int", checks=(REGISTER_YEAR,)),
            "register_key": Col("code", nullable=True),
            "recipient_iso3": Col("iso3"),
            "number_delivered": Col("int", nullable=True, checks=(_ge(0),)),
            "number_delivered_estimated": Col("bool"),
            "year_estimated": Col("bool"),
            "tiv_delivered_m": Col("float", checks=(_ge(0),)),
            "compiled_from": Col("str"),
            "source": Col("str"),
            "source_url": Col("str", checks=(URL,)),
            "source_tier": Col("str", nullable=True, checks=(_isin(SOURCE_TIERS),)),
        },
        unique_together=("sipri_id", "year"),
        references={"recipient_iso3": "countries", "register_key": "sipri_register_kor"},
    ),
    # Our deals tied to SIPRI's register orders by rule (tools/link_arms_register.py); never mixed into totals.
    "arms_register_links": Spec(
        "arms_register_links.csv",
        {
            "deal_id": Col("code"),
            "register_key": Col("code", nullable=True),
            "link": Col("str", checks=(_isin(REGISTER_LINKS),)),
            "match_note": Col("str"),
        },
        unique_together=("deal_id", "register_key"),
        references={"deal_id": "arms_exports", "register_key": "sipri_register_kor"},
    ),
    "events": Spec(
        "events.csv",
        {
            "event_id": Col("code", unique=True, checks=(ID,)),
            "date": Col("date"),
            "title": Col("str"),
            "title_ko": Col("str", nullable=True),
            "summary": Col("str"),
            "summary_ko": Col("str", nullable=True),
            "category": Col("str", checks=(_isin(EVENT_CATEGORIES),)),
            "actors": Col("code", checks=(_matches(r"^[A-Z]{3}(;[A-Z]{3})*$", "ISO3 codes joined by ';'"),)),
            "deal_id": Col("code", nullable=True),
            "decision_id": Col("code", nullable=True),
            "source_url": Col("str", checks=(URL,)),
            "source_tier": Col("str", nullable=True, checks=(_isin(SOURCE_TIERS),)),
            "source_title": Col("str", nullable=True),
        },
        references={"deal_id": "arms_exports", "decision_id": "unsc_decisions", "actors": "countries"},
    ),
}


def _where(file: str, index: object, column: str | None) -> str:
    if isinstance(index, int):
        row = f"row {index + 1} (line {index + 2})"
    else:
        row = "every row"
    return f"{file}, {row}" + (f", column '{column}'" if column else "")


def _fail(problems: list[str]) -> None:
    shown = problems[:MAX_ERRORS_SHOWN]
    more = len(problems) - len(shown)
    tail = f"\n... and {more} more problem(s)" if more > 0 else ""
    raise DataError("\n".join(shown) + tail)


def read_text_table(path: Path) -> pd.DataFrame:
    """Read a CSV as strings (empty cells become NA), with clear errors for bad files."""
    name = f"data/{path.name}" if path.parent == DATA_DIR else str(path)
    if not path.exists():
        raise DataError(f"{name}: file not found")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(
            f"{name}: not UTF-8 text (byte 0x{raw[err.start]:02x} at position {err.start}); save the file as UTF-8"
        ) from None
    if not text.strip():
        raise DataError(f"{name}: the file is empty; expected a header line and at least one row")
    from io import StringIO

    try:
        df = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except pd.errors.ParserError as err:
        raise DataError(f"{name}: not a valid CSV table ({err})") from None
    if df.empty:
        raise DataError(f"{name}: the file has a header but no rows")
    return df.apply(lambda s: s.str.strip() if s.dtype == object or pd.api.types.is_string_dtype(s) else s)


_KIND_EXPECTED = {
    "int": "a whole number",
    "float": "a number",
    "date": "a date as YYYY-MM-DD",
    "bool": "true or false",
    "iso3": "an ISO 3166-1 alpha-3 code (three letters)",
}


def _convert(name: str, df: pd.DataFrame, cols: dict[str, Col]) -> pd.DataFrame:
    problems: list[str] = []
    out = pd.DataFrame(index=df.index)
    for col, spec in cols.items():
        s = df[col] if col in df else pd.Series(pd.NA, index=df.index, dtype="string")
        s = s.astype("string")
        if spec.kind == "int":
            num = pd.to_numeric(s, errors="coerce")
            bad = s.notna() & (num.isna() | (num % 1 != 0))
            conv = num.where(~bad).astype("Int64")
        elif spec.kind == "float":
            conv = pd.to_numeric(s, errors="coerce").astype("Float64")
            bad = s.notna() & conv.isna()
        elif spec.kind == "date":
            conv = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
            bad = s.notna() & conv.isna()
        elif spec.kind == "bool":
            low = s.str.lower()
            conv = low.map({"true": True, "false": False}).astype("boolean")
            bad = s.notna() & conv.isna()
        elif spec.kind == "iso3":
            conv = s.str.upper()
            bad = s.notna() & ~conv.str.fullmatch(r"[A-Z]{3}").fillna(False)
        else:
            conv = s.str.upper() if spec.kind == "code" else s
            bad = pd.Series(False, index=df.index)
        for idx in df.index[bad.fillna(False).to_numpy(dtype=bool)]:
            expected = _KIND_EXPECTED[spec.kind]
            problems.append(f"{_where(name, idx, col)}: expected {expected}, found {df.at[idx, col]!r}")
        missing = conv.isna() & ~bad.fillna(False) if not spec.nullable else None
        if missing is not None:
            for idx in df.index[missing.to_numpy(dtype=bool)]:
                problems.append(f"{_where(name, idx, col)}: expected a value, found an empty cell")
        out[col] = conv
    if problems:
        _fail(problems)
    # keep any extra columns a curator added, as text
    for col in df.columns:
        if col not in out:
            out[col] = df[col].astype("string")
    return out


def _schema(spec: Spec) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {c: pa.Column(checks=list(s.checks), nullable=True, unique=s.unique) for c, s in spec.columns.items()},
        unique=list(spec.unique_together) or None,
        strict=False,
    )


def _validate(name: str, df: pd.DataFrame, spec: Spec) -> None:
    try:
        _schema(spec).validate(df, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems = []
        fc = err.failure_cases
        for _, r in fc.iterrows():
            col = r["column"] if isinstance(r["column"], str) else None
            check = str(r["check"])
            if check == "field_uniqueness":
                what = "expected a unique value; this one appears more than once"
            elif check == "multiple_fields_uniqueness":
                col = None
                per = " + ".join(spec.unique_together)
                what = f"expected one row per {per}; this combination appears more than once"
            else:
                what = check
            idx = r["index"]
            idx = int(idx) if idx is not None and not pd.isna(idx) else None
            problems.append(f"{_where(name, idx, col)}: {what}, found {r['failure_case']!r}")
        _fail(sorted(set(problems), key=problems.index))


def _is_link(spec: Spec, dataset: str, col: str) -> bool:
    """An optional pointer into another dataset (an event's deal_id): one that points nowhere is dropped, not fatal.

    A required reference (a country code) or one inside the same file (a deal's parent) is part of
    the row's meaning, so it still fails the file.
    """
    return spec.columns[col].nullable and spec.references[col] != dataset


def _check_references(
    name: str, df: pd.DataFrame, spec: Spec, known: dict[str, set[str]], dataset: str = ""
) -> list[str]:
    """Fail on a bad required reference; blank each bad optional link and return what was dropped."""
    problems = []
    dropped: list[str] = []
    for col, target in spec.references.items():
        keys = known[target]
        link = _is_link(spec, dataset, col)
        for idx, val in df[col].items():
            if pd.isna(val):
                continue
            for part in str(val).split(";"):
                if part not in keys:
                    label = (
                        "a code listed in data/countries.csv"
                        if target == "countries"
                        else f"an id in data/{SPECS[target].file}"
                    )
                    if link:
                        dropped.append(f"{_where(name, idx, col)}: expected {label}, found {part!r}; link dropped")
                        df.at[idx, col] = pd.NA
                    else:
                        problems.append(f"{_where(name, idx, col)}: expected {label}, found {part!r}")
    if problems:
        _fail(problems)
    return dropped


def _check_rows_per(name: str, df: pd.DataFrame, column: str, n: int) -> None:
    sizes = df.groupby(column, sort=False).size()
    bad = sizes[sizes != n]
    if len(bad):
        _fail([f"{name}, column '{column}': {key!r} has {int(k)} rows, expected {n}" for key, k in bad.items()])


def _key_column(dataset: str) -> str:
    return next(c for c, s in SPECS[dataset].columns.items() if s.unique or c == "iso3")


def _typed(name: str, df: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    """A text table typed and checked against its spec (columns, kinds, checks, rows per key)."""
    missing = [c for c, s in spec.columns.items() if c not in df.columns and not s.nullable]
    if missing:
        raise DataError(f"{name}: missing column(s) {', '.join(missing)}; found {', '.join(df.columns)}")
    typed = _convert(name, df, spec.columns)
    _validate(name, typed, spec)
    if spec.rows_per:
        _check_rows_per(name, typed, *spec.rows_per)
    return typed


def check_table(
    dataset: str, rows: list[dict[str, str]], references: dict[str, pd.DataFrame], name: str
) -> pd.DataFrame:
    """Text rows held in memory (a session's merged record, never a file) typed and validated as load()
    types the dataset's file; references are checked against the frames given (`name` starts messages)."""
    spec = SPECS[dataset]
    df = pd.DataFrame(rows, columns=list(rows[0]) if rows else list(spec.columns), dtype="string")
    df = df.apply(lambda s: s.str.strip()).replace("", pd.NA)
    typed = _typed(name, df, spec)
    known = {
        target: set((typed if target == dataset else references[target])[_key_column(target)].dropna())
        for target in set(spec.references.values())
    }
    degraded = _check_references(name, typed, spec, known, dataset)
    out = typed.reset_index(drop=True)
    out.attrs["degraded"] = degraded
    return out


def load(dataset: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Load one dataset by name, typed and validated (references checked against data_dir)."""
    spec = SPECS[dataset]
    data_dir = data_dir or DATA_DIR
    path = data_dir / spec.file
    name = f"data/{spec.file}"
    typed = _typed(name, read_text_table(path), spec)
    degraded: list[str] = []
    if spec.references:
        known: dict[str, set[str]] = {}
        refs = dict(spec.references)
        for target in set(refs.values()):
            try:
                source = typed if target == dataset else load(target, data_dir)
            except DataError:
                # A broken file degrades only what depends on it: optional links into it are
                # dropped (with a note the page shows); required ones cannot be, so fail.
                optional = [c for c, t in refs.items() if t == target and spec.columns[c].nullable]
                if len(optional) < sum(1 for t in refs.values() if t == target):
                    raise
                for col in optional:
                    dropped = int(typed[col].notna().sum())
                    typed[col] = pd.NA
                    refs.pop(col)
                    degraded.append(f"{col}: {dropped} link(s) dropped because data/{SPECS[target].file} is invalid")
                continue
            known[target] = set(source[_key_column(target)].dropna())
        degraded += _check_references(
            name, typed, Spec(spec.file, spec.columns, spec.unique_together, refs), known, dataset
        )
    if len(degraded) > MAX_ERRORS_SHOWN:
        more = len(degraded) - MAX_ERRORS_SHOWN
        degraded = degraded[:MAX_ERRORS_SHOWN] + [f"{name}: {more} more link(s) dropped"]
    out = typed.reset_index(drop=True)
    out.attrs["degraded"] = degraded
    return out


WORLD_FILE = "world_110m.geojson"


def load_world_text(data_dir: Path | None = None) -> str:
    """data/world_110m.geojson as text, checked like the CSVs: present, UTF-8, a FeatureCollection whose
    every feature has a geometry and an ISO3 code. Any fault raises DataError naming the file and feature."""
    import json

    path = (data_dir or DATA_DIR) / WORLD_FILE
    name = f"data/{WORLD_FILE}"
    if not path.exists():
        raise DataError(f"{name}: file not found")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
        world = json.loads(text)
    except UnicodeDecodeError as err:
        raise DataError(f"{name}: not UTF-8 text (byte at position {err.start}); save the file as UTF-8") from None
    except ValueError as err:
        raise DataError(f"{name}: not valid GeoJSON ({err})") from None
    features = world.get("features") if isinstance(world, dict) else None
    if not isinstance(features, list) or not features:
        raise DataError(f"{name}: expected a GeoJSON FeatureCollection with at least one feature")
    problems = []
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        iso3 = props.get("iso3") if isinstance(props, dict) else None
        if not isinstance(iso3, str) or len(iso3) != 3 or not iso3.isascii() or not iso3.isupper():
            problems.append(f"{name}, feature {i + 1}: expected an ISO3 code in properties.iso3, found {iso3!r}")
        elif not isinstance(feature.get("geometry"), dict):
            problems.append(f"{name}, feature {i + 1} ({iso3}): expected a geometry")
    if problems:
        _fail(problems)
    return text


FileVersion = tuple[str, int, int]


def file_version(file: str, data_dir: Path | None = None) -> FileVersion:
    """What identifies a file of the data folder as it is now (path, modification time, size): the one key
    every cache of something read from a file includes, so an updated file is read again without a restart.
    A missing file is (path, 0, 0)."""
    path = (data_dir or DATA_DIR) / file
    try:
        stat = path.stat()
    except OSError:
        return (str(path), 0, 0)
    return (str(path), stat.st_mtime_ns, stat.st_size)


def dataset_version(dataset: str, data_dir: Path | None = None) -> FileVersion:
    return file_version(SPECS[dataset].file, data_dir)


def available(data_dir: Path | None = None) -> list[str]:
    """The datasets whose file is present, in catalogue order."""
    folder = data_dir or DATA_DIR
    return [name for name, spec in SPECS.items() if (folder / spec.file).exists()]


# Typed loaders, one per dataset, so pages read as prose.
def load_countries(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/countries.csv."""
    return load("countries", data_dir)


def load_arms_exports(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/arms_exports.csv."""
    return load("arms_exports", data_dir)


def load_arms_exporter_rank(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/arms_exporter_rank.csv."""
    return load("arms_exporter_rank", data_dir)


def load_unsc_decisions(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/unsc_decisions.csv."""
    return load("unsc_decisions", data_dir)


def load_unsc_votes(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/unsc_votes.csv."""
    return load("unsc_votes", data_dir)


def load_unsc_membership(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/unsc_membership.csv."""
    return load("unsc_membership", data_dir)


def load_defense_spending(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/defense_spending.csv."""
    return load("defense_spending", data_dir)


def load_spending_targets(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/spending_targets.csv."""
    return load("spending_targets", data_dir)


def load_events(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/events.csv."""
    return load("events", data_dir)


def load_arms_orders_official(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/arms_orders_official.csv."""
    return load("arms_orders_official", data_dir)


def load_us_price_index(data_dir: Path | None = None) -> pd.DataFrame:
    """Load and validate data/us_price_index.csv."""
    return load("us_price_index", data_dir)


@dataclass(frozen=True)
class CatalogEntry:
    dataset: str
    file: str
    covers: dict[str, str]
    source: dict[str, str]
    licence: dict[str, str]
    current_to: str
    year_column: str | None
    complete_to: str | None = None  # every record to this date; rows after it are a selection (the Council's)


def load_catalog(data_dir: Path | None = None) -> list[CatalogEntry]:
    """Describe each dataset (from data/catalog.toml): coverage, source, licence, currency."""
    raw = tomllib.loads(((data_dir or DATA_DIR) / "catalog.toml").read_text(encoding="utf-8"))
    entries = []
    for d in raw["dataset"]:
        entries.append(
            CatalogEntry(
                dataset=d["id"],
                file=SPECS[d["id"]].file,
                covers={"en": d["covers_en"], "ko": d.get("covers_ko", "")},
                source={"en": d["source"], "ko": d.get("source_ko", "")},
                licence={"en": d["licence"], "ko": d.get("licence_ko", "")},
                current_to=d["current_to"],
                year_column=d.get("year_column"),
                complete_to=d.get("complete_to"),
            )
        )
    return entries
