"""Arms exports: filters, totals, per-recipient aggregation and what-if deals (pure; no Streamlit).

Counting rule (never double count a framework):
- A framework agreement adds to a total only when the user includes the ``framework``
  stage; by default the totals count the executive contracts signed under it.
- With frameworks included, a framework and the contracts under it (that are in the same
  selection) count once: whichever is larger, the framework's reported value or the sum
  of its contracts' values. The row-level column ``counted_usd_m`` says what each row adds.
- Options under a contract are separate purchases and always count.

What-if deals live only in the caller's session (the page keeps them in
st.session_state); this module validates them and merges them, flagged
``is_hypothetical``, into a *copy* of the filtered deals.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from atlas.core.data import ARMS_CATEGORIES
from atlas.core.export import FORMULA_PREFIXES
from atlas.core.urlstate import Parsed, parse_code
from atlas.i18n import country_name, localized_series, t

# Purchases counted by default. Frameworks and MoUs are opt-in (their contracts count
# instead), and so is co-development: Indonesia's KF-21 row is a development cost share
# (later cut), not a purchase, and would inflate "contract value" by $1.3 bn.
DEFAULT_STAGES: tuple[str, ...] = ("contract", "option", "transfer")
FRAMEWORK = "framework"

# ------------------------------------------------------------------ filters


@dataclass(frozen=True)
class Filters:
    years: tuple[int, int]
    recipients: tuple[str, ...] = ()  # empty = every recipient
    categories: tuple[str, ...] = ()  # empty = every category
    stages: tuple[str, ...] = DEFAULT_STAGES  # empty = nothing

    @property
    def include_frameworks(self) -> bool:
        return FRAMEWORK in self.stages


def year_bounds(deals: pd.DataFrame) -> tuple[int, int]:
    years = deals["year_signed"].dropna()
    return int(years.min()), int(years.max())


def filter_deals(deals: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Rows matching the filters, with ``counted_usd_m`` (what each row adds to a total)."""
    lo, hi = f.years
    mask = deals["year_signed"].between(lo, hi) & deals["stage"].isin(list(f.stages))
    if f.recipients:
        mask &= deals["recipient_iso3"].isin(list(f.recipients))
    if f.categories:
        mask &= deals["category"].isin(list(f.categories))
    out = deals.loc[mask.fillna(False).to_numpy(dtype=bool)].copy()
    return with_counted_values(out)


def with_counted_values(rows: pd.DataFrame) -> pd.DataFrame:
    """Add ``counted_usd_m``: each row's share of the total, frameworks counted once.

    Works on whatever selection it is given: a contract whose framework is not in the
    selection counts in full; a framework counts only if it is in the selection.
    """
    out = rows.copy()
    value = pd.to_numeric(out["value_usd_m"], errors="coerce").astype("Float64")
    counted = value.copy()
    is_fw = (out["stage"] == FRAMEWORK).fillna(False).to_numpy(dtype=bool)
    parent = out["parent_deal_id"] if "parent_deal_id" in out else pd.Series(pd.NA, index=out.index)
    for idx in out.index[is_fw]:
        children = (parent == out.at[idx, "deal_id"]).fillna(False).to_numpy(dtype=bool)
        child_sum = float(value[children].sum(skipna=True)) if children.any() else 0.0
        fw_value = value.at[idx]
        if pd.notna(fw_value) and float(fw_value) > child_sum:
            counted.loc[out.index[children]] = 0.0  # inside the framework's envelope
        else:
            counted.at[idx] = 0.0 if pd.notna(fw_value) else pd.NA  # its contracts say more
    out["counted_usd_m"] = counted
    return out


# ------------------------------------------------------------------ totals


@dataclass(frozen=True)
class Totals:
    value_usd_m: float  # real deals only
    deals: int  # real deals, a framework only when none of its contracts is in the selection
    recipients: int
    deals_without_value: int  # of ``deals``
    hypothetical_usd_m: float = 0.0
    hypothetical_deals: int = 0
    frameworks_with_contracts: int = 0  # frameworks not counted as deals: their contracts are

    @property
    def value_incl_hypothetical_usd_m(self) -> float:
        return self.value_usd_m + self.hypothetical_usd_m


def _hypo_mask(rows: pd.DataFrame) -> pd.Series:
    if "is_hypothetical" not in rows:
        return pd.Series(False, index=rows.index)
    return rows["is_hypothetical"].fillna(False).astype(bool)


def frameworks_with_contracts(rows: pd.DataFrame) -> pd.Series:
    """True for a framework row when a contract under it (parent_deal_id) is in ``rows``.

    Such a framework is an envelope around deals already listed, not a deal of its own:
    deal counts leave it out (its value still counts when larger, see with_counted_values).
    """
    if "parent_deal_id" not in rows or rows.empty:
        return pd.Series(False, index=rows.index)
    parents = set(rows["parent_deal_id"].dropna().astype(str))
    is_fw = (rows["stage"] == FRAMEWORK).fillna(False).astype(bool)
    return is_fw & rows["deal_id"].astype(str).isin(parents)


def counts_as_deal(rows: pd.DataFrame) -> pd.Series:
    """True for a real row that counts as a deal (not hypothetical, not a framework with its contracts)."""
    return ~_hypo_mask(rows) & ~frameworks_with_contracts(rows)


def totals(rows: pd.DataFrame) -> Totals:
    """Headline numbers; ``rows`` comes from filter_deals (optionally merged with what-ifs)."""
    hypo = _hypo_mask(rows)
    real = rows.loc[~hypo]
    fake = rows.loc[hypo]
    enveloped = frameworks_with_contracts(rows) & ~hypo
    counted = rows.loc[counts_as_deal(rows)]
    return Totals(
        value_usd_m=float(real["counted_usd_m"].sum(skipna=True)),
        deals=len(counted),
        recipients=int(real["recipient_iso3"].nunique()),
        deals_without_value=int(counted["value_usd_m"].isna().sum()),
        frameworks_with_contracts=int(enveloped.sum()),
        hypothetical_usd_m=float(fake["counted_usd_m"].sum(skipna=True)),
        hypothetical_deals=len(fake),
    )


def system_label(rows: pd.DataFrame, lang: str) -> pd.Series:
    """The system name in the language shown; English marked "(영문만 있음)" when no Korean name exists."""
    return localized_series(rows["system"], rows["system_ko"] if "system_ko" in rows else None, lang)


def by_recipient(rows: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per recipient: real and hypothetical value and deal counts, systems.

    Columns: recipient_iso3, value_usd_m, deals, deals_without_value, hypothetical_usd_m,
    hypothetical_deals, systems (distinct system names, '; '-joined, in first-seen order).
    Deals are counted as in totals() (a framework with its contracts listed is not a deal).
    Real and hypothetical values are summed apart (masked, never multiplied), so a
    hypothetical value cannot reach a real one. Sorted by real value, then hypothetical
    value, descending.
    """
    cols = [
        "recipient_iso3",
        "value_usd_m",
        "deals",
        "deals_without_value",
        "hypothetical_usd_m",
        "hypothetical_deals",
        "systems",
    ]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    hypo = _hypo_mask(rows).to_numpy(dtype=bool)
    is_deal = counts_as_deal(rows).to_numpy(dtype=bool)
    counted = pd.to_numeric(rows["counted_usd_m"], errors="coerce").astype(float).fillna(0.0).to_numpy()
    frame = pd.DataFrame(
        {
            "recipient_iso3": rows["recipient_iso3"].astype(str).to_numpy(),
            "real_value": np.where(hypo, 0.0, counted),
            "real_deal": is_deal.astype(int),
            "no_value": (rows["value_usd_m"].isna().to_numpy(dtype=bool) & is_deal).astype(int),
            "hypo_value": np.where(hypo, counted, 0.0),
            "hypo_deal": hypo.astype(int),
            "system": system_label(rows, lang).astype(str).to_numpy(),
        }
    )
    g = frame.groupby("recipient_iso3", sort=False)
    result = pd.DataFrame(
        {
            "value_usd_m": g["real_value"].sum(),
            "deals": g["real_deal"].sum(),
            "deals_without_value": g["no_value"].sum(),
            "hypothetical_usd_m": g["hypo_value"].sum(),
            "hypothetical_deals": g["hypo_deal"].sum(),
            "systems": g["system"].agg(lambda s: "; ".join(dict.fromkeys(s))),
        }
    ).reset_index()[cols]
    return result.sort_values(["value_usd_m", "hypothetical_usd_m"], ascending=False, kind="stable").reset_index(
        drop=True
    )


def by_recipient_category(rows: pd.DataFrame) -> pd.DataFrame:
    """Counted value and deals per recipient and category (real deals only)."""
    real = rows.loc[~_hypo_mask(rows)]
    if real.empty:
        return pd.DataFrame(columns=["recipient_iso3", "category", "value_usd_m", "deals"])
    g = real.groupby(["recipient_iso3", "category"], sort=True)
    out = g.agg(
        value_usd_m=("counted_usd_m", lambda s: float(s.sum(skipna=True))), deals=("deal_id", "size")
    ).reset_index()
    out["recipient_iso3"] = out["recipient_iso3"].astype(str)
    out["category"] = out["category"].astype(str)
    return out


def by_year(rows: pd.DataFrame) -> pd.DataFrame:
    """Number of deals and counted value per year signed and stage (real deals only)."""
    real = rows.loc[~_hypo_mask(rows)]
    if real.empty:
        return pd.DataFrame(columns=["year_signed", "stage", "deals", "value_usd_m"])
    g = real.groupby(["year_signed", "stage"], sort=True)
    out = g.agg(
        deals=("deal_id", "size"), value_usd_m=("counted_usd_m", lambda s: float(s.sum(skipna=True)))
    ).reset_index()
    out["year_signed"] = out["year_signed"].astype(int)
    out["stage"] = out["stage"].astype(str)
    return out


DEALS_TABLE_COLUMNS: tuple[str, ...] = (
    "deal_id",
    "recipient",
    "system",
    "category",
    "stage",
    "quantity",
    "value_usd_m",
    "counted_usd_m",
    "original_currency",
    "original_amount_m",
    "year_signed",
    "date_signed",
    "parent_deal_id",
    "contractor",
    "source_url",
    "source_title",
    "notes",
)


def deals_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The deals table as shown: names and labels in ``lang``, numbers as floats, newest first.

    rows: from filter_deals. Recipient, category and stage codes become their labels; the
    system is in ``lang`` (system_label). Sorted by year signed (newest first), then deal id.
    """

    def col(name: str) -> pd.Series:
        return rows[name] if name in rows else pd.Series(pd.NA, index=rows.index, dtype="object")

    shown = pd.DataFrame(
        {
            "deal_id": rows["deal_id"],
            "recipient": rows["recipient_iso3"].map(lambda c: country_name(str(c), lang)),
            "system": system_label(rows, lang),
            "category": rows["category"].map(lambda c: t(f"arms.category.{c}", lang)),
            "stage": rows["stage"].map(lambda s: t(f"arms.stage.{s}", lang)),
            "quantity": pd.to_numeric(col("quantity"), errors="coerce").astype(float),
            "value_usd_m": pd.to_numeric(rows["value_usd_m"], errors="coerce").astype(float),
            "counted_usd_m": pd.to_numeric(rows["counted_usd_m"], errors="coerce").astype(float),
            "original_currency": col("original_currency"),
            "original_amount_m": pd.to_numeric(col("original_amount_m"), errors="coerce").astype(float),
            "year_signed": pd.to_numeric(rows["year_signed"], errors="coerce").astype(float),
            "date_signed": col("date_signed"),
            "parent_deal_id": col("parent_deal_id"),
            "contractor": col("contractor"),
            "source_url": col("source_url"),
            "source_title": col("source_title"),
            "notes": col("notes"),
        },
        columns=list(DEALS_TABLE_COLUMNS),
    )
    return shown.sort_values(["year_signed", "deal_id"], ascending=[False, True], kind="stable")


# ------------------------------------------------------------------ one deal, highlighted
# An event's link opens this page with ?deal=<deal_id> (see atlas.events.link_targets).


def parse_deal(raw: Sequence[str], deals: pd.DataFrame) -> Parsed[str | None]:
    """The deal a link asks to highlight: a known deal_id, else None (flagged when one was given)."""
    ids = [str(d) for d in deals["deal_id"].dropna()]
    parsed = parse_code(raw, ids, "")
    return Parsed(parsed.value or None, parsed.rejected)


def deal_record(deals: pd.DataFrame, deal_id: str) -> dict[str, object] | None:
    """One deal's row as a plain dict (None when the id is unknown)."""
    row = deals.loc[deals["deal_id"] == deal_id]
    if row.empty:
        return None
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.iloc[0].to_dict().items()}


def highlight_first(table: pd.DataFrame, deal_id: str | None, mark: str = "▶") -> pd.DataFrame:
    """The table with a first column ``highlight`` (mark on the highlighted deal's row) and that row first.

    The other rows keep their order; without a deal (or when it is not in the table)
    the column is empty and the order unchanged.
    """
    hit = (table["deal_id"] == deal_id).fillna(False).to_numpy(dtype=bool) if deal_id else [False] * len(table)
    out = table.assign(highlight=["" if not h else mark for h in hit])
    out = out[["highlight", *[c for c in table.columns]]]
    order = sorted(range(len(out)), key=lambda i: not hit[i])  # stable: the hit first
    return out.iloc[order]


# ------------------------------------------------------------------ what-if deals

HYPO_COLUMNS: tuple[str, ...] = ("recipient_iso3", "system", "category", "value_usd_m", "year_signed")
MAX_UPLOAD_BYTES = 200_000
MAX_UPLOAD_ROWS = 500
MAX_SYSTEM_CHARS = 120
HYPO_YEARS = (1990, 2035)
# US$ 100 bn: several times the largest real deal (Poland's K2/K9 packages are ~US$ 6 bn);
# anything above is a typing slip (or inf/1e300) that would swamp every total.
MAX_VALUE_USD_M = 100_000.0
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def has_control_chars(text: str) -> bool:
    """True when text holds a line break, tab or other control / text-direction character."""
    return any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch in _BIDI_CONTROLS for ch in text)


def value_ok(value: float) -> bool:
    """A usable what-if value: a finite number from 0 to MAX_VALUE_USD_M (US$ million)."""
    return math.isfinite(value) and 0 <= value <= MAX_VALUE_USD_M


def empty_scenario() -> pd.DataFrame:
    """An empty what-if table with the editor's column types."""
    return pd.DataFrame(
        {
            "recipient_iso3": pd.Series(dtype="string"),
            "system": pd.Series(dtype="string"),
            "category": pd.Series(dtype="string"),
            "value_usd_m": pd.Series(dtype="Float64"),
            "year_signed": pd.Series(dtype="Int64"),
        }
    )


@dataclass(frozen=True)
class UploadProblem:
    """Why an upload was refused: a catalogue key (arms.upload.<code>) and its values."""

    code: str
    values: Mapping[str, object] = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        return t(f"arms.upload.{self.code}", lang, **self.values)


@dataclass(frozen=True)
class UploadResult:
    scenario: pd.DataFrame | None
    problem: UploadProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _quote(text: object, limit: int = 40) -> str:
    """A user's cell, safe to show inside a code span: no backticks, no control characters."""
    cleaned = "".join(ch for ch in str(text) if ch.isprintable() and ch != "`")
    return cleaned[:limit] + ("…" if len(cleaned) > limit else "")


def _refuse(code: str, **values: object) -> UploadResult:
    return UploadResult(None, UploadProblem(code, values))


def _first(mask: pd.Series) -> object | None:
    """The index label of the first True in mask, or None."""
    hits = mask.fillna(False).astype(bool)
    return hits.idxmax() if hits.any() else None


def parse_upload(raw: bytes, known_iso3: Iterable[str]) -> UploadResult:
    """Check an uploaded what-if CSV; one clear problem per failure mode, first found wins.

    Order: too large, not UTF-8, empty, not a CSV table, wrong columns, too many rows,
    control characters (line breaks, tabs) in a cell, empty cells, wrong types, negative
    values, values not finite or above MAX_VALUE_USD_M, year out of range, unknown
    category, unknown ISO3, formula text, text too long. Line numbers are the file's own
    (the header is line 1; blank lines count).
    """
    if len(raw) > MAX_UPLOAD_BYTES:
        return _refuse("too_large", size_kb=round(len(raw) / 1000), max_kb=MAX_UPLOAD_BYTES // 1000)
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
            extra=", ".join(f"`{_quote(c)}`" for c in extra) or "-",
        )
    df = df.dropna(how="all")  # keeps the original index: row i is on line i + first_line
    if df.empty:
        return _refuse("empty")
    if len(df) > MAX_UPLOAD_ROWS:
        return _refuse("too_many_rows", rows=len(df), max_rows=MAX_UPLOAD_ROWS)

    def line(i: object) -> int:
        return int(i) + first_line  # type: ignore[call-overload]

    for col in expected:
        df[col] = df[col].astype("string").str.strip()
    control = pd.concat([df[c].fillna("").map(has_control_chars).rename(c) for c in expected], axis=1)
    if (i := _first(control.any(axis=1))) is not None:
        return _refuse("control_chars", line=line(i), column=str(control.loc[i].idxmax()))
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


@dataclass(frozen=True)
class CleanScenario:
    rows: pd.DataFrame  # complete, valid rows
    skipped: int  # incomplete or invalid rows left out (still in the editor)


def clean_scenario(edited: pd.DataFrame, known_iso3: Iterable[str]) -> CleanScenario:
    """The editor's rows that can be used: every cell filled and valid."""
    if edited is None or edited.empty:
        return CleanScenario(empty_scenario(), 0)
    df = edited.reindex(columns=list(HYPO_COLUMNS)).reset_index(drop=True)
    iso3 = df["recipient_iso3"].astype("string").str.strip().str.upper()
    system = df["system"].astype("string").str.strip()
    category = df["category"].astype("string").str.strip().str.lower()
    value = pd.to_numeric(df["value_usd_m"], errors="coerce")
    year = pd.to_numeric(df["year_signed"], errors="coerce")
    lo, hi = HYPO_YEARS
    ok = (
        iso3.isin(set(known_iso3)).fillna(False)
        & system.notna()
        & (system.fillna("") != "")
        & (system.fillna("").str.len() <= MAX_SYSTEM_CHARS)
        & ~system.fillna("").map(has_control_chars).astype(bool)
        & category.isin(ARMS_CATEGORIES).fillna(False)
        & value.notna()
        & value.map(lambda v: pd.notna(v) and value_ok(float(v))).astype(bool)
        & year.notna()
        & (year % 1 == 0).fillna(False)
        & year.between(lo, hi).fillna(False)
    )
    ok = ok.fillna(False).astype(bool)
    blank = df.isna().all(axis=1) | (df.astype("string").fillna("").apply(lambda s: s.str.strip()) == "").all(axis=1)
    rows = pd.DataFrame(
        {
            "recipient_iso3": iso3[ok].astype("string"),
            "system": system[ok].astype("string"),
            "category": category[ok].astype("string"),
            "value_usd_m": value[ok].astype("Float64"),
            "year_signed": year[ok].astype("Int64"),
        }
    ).reset_index(drop=True)
    skipped = int((~ok & ~blank).sum())
    return CleanScenario(rows, skipped)


def filter_scenario(scenario: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """What-if rows that fall inside the stage, year, recipient and category filters.

    What-if rows are contracts (merge_hypothetical): none is shown unless the
    ``contract`` stage is selected.
    """
    if scenario.empty or "contract" not in f.stages:
        return scenario.iloc[0:0].copy()
    lo, hi = f.years
    mask = scenario["year_signed"].between(lo, hi).fillna(False)
    if f.recipients:
        mask &= scenario["recipient_iso3"].isin(list(f.recipients))
    if f.categories:
        mask &= scenario["category"].isin(list(f.categories))
    return scenario.loc[mask.to_numpy(dtype=bool)].copy()


def merge_hypothetical(rows: pd.DataFrame, scenario: pd.DataFrame, note: str = "") -> pd.DataFrame:
    """A new frame: the (filtered) real rows plus what-if rows, flagged ``is_hypothetical``.

    What-if rows get ids HYP-1, HYP-2 ..., stage ``contract``, no source, and count in
    full (``counted_usd_m`` = their value). Neither input is modified.
    """
    real = rows.copy()
    real["is_hypothetical"] = False
    if scenario is None or scenario.empty:
        return real
    fake = pd.DataFrame(
        {
            "deal_id": [f"HYP-{i}" for i in range(1, len(scenario) + 1)],
            "recipient_iso3": scenario["recipient_iso3"].astype("string").to_numpy(),
            "system": scenario["system"].astype("string").to_numpy(),
            "system_ko": scenario["system"].astype("string").to_numpy(),  # the user's own text, any language
            "category": scenario["category"].astype("string").to_numpy(),
            "value_usd_m": pd.array(scenario["value_usd_m"], dtype="Float64"),
            "year_signed": pd.array(scenario["year_signed"], dtype="Int64"),
            "stage": "contract",
            "notes": note,
        }
    )
    fake["counted_usd_m"] = fake["value_usd_m"]
    fake["is_hypothetical"] = True
    merged = pd.concat([real, fake.reindex(columns=real.columns)], ignore_index=True)
    merged["is_hypothetical"] = merged["is_hypothetical"].astype(bool)
    return merged


def known_recipients(deals: pd.DataFrame) -> list[str]:
    return sorted(deals["recipient_iso3"].dropna().astype(str).unique())
