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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from atlas.data import ARMS_CATEGORIES, ARMS_STAGES
from atlas.export import FORMULA_PREFIXES
from atlas.i18n import t
from atlas.urlstate import Parsed, parse_code

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
    deals: int
    recipients: int
    deals_without_value: int
    hypothetical_usd_m: float = 0.0
    hypothetical_deals: int = 0

    @property
    def value_incl_hypothetical_usd_m(self) -> float:
        return self.value_usd_m + self.hypothetical_usd_m


def _hypo_mask(rows: pd.DataFrame) -> pd.Series:
    if "is_hypothetical" not in rows:
        return pd.Series(False, index=rows.index)
    return rows["is_hypothetical"].fillna(False).astype(bool)


def totals(rows: pd.DataFrame) -> Totals:
    """Headline numbers; ``rows`` comes from filter_deals (optionally merged with what-ifs)."""
    hypo = _hypo_mask(rows)
    real = rows.loc[~hypo]
    fake = rows.loc[hypo]
    return Totals(
        value_usd_m=float(real["counted_usd_m"].sum(skipna=True)),
        deals=len(real),
        recipients=int(real["recipient_iso3"].nunique()),
        deals_without_value=int(real["value_usd_m"].isna().sum()),
        hypothetical_usd_m=float(fake["counted_usd_m"].sum(skipna=True)),
        hypothetical_deals=len(fake),
    )


def system_label(rows: pd.DataFrame, lang: str, fallback_mark: str = " (EN)") -> pd.Series:
    """The system name in the language shown; English marked when no Korean name exists."""
    if lang != "ko" or "system_ko" not in rows:
        return rows["system"].astype("string")
    ko = rows["system_ko"].astype("string")
    has_ko = ko.notna() & (ko.str.strip() != "")
    return ko.where(has_ko, rows["system"].astype("string") + fallback_mark)


def by_recipient(rows: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per recipient: real and hypothetical value and deal counts, systems.

    Columns: recipient_iso3, value_usd_m, deals, deals_without_value, hypothetical_usd_m,
    hypothetical_deals, systems (distinct system names, '; '-joined, in first-seen order).
    Sorted by real value, then hypothetical value, descending.
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
    counted = pd.to_numeric(rows["counted_usd_m"], errors="coerce").astype(float).fillna(0.0).to_numpy()
    frame = pd.DataFrame(
        {
            "recipient_iso3": rows["recipient_iso3"].astype(str).to_numpy(),
            "real_value": counted * ~hypo,
            "real_deal": (~hypo).astype(int),
            "no_value": (rows["value_usd_m"].isna().to_numpy(dtype=bool) & ~hypo).astype(int),
            "hypo_value": counted * hypo,
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


def parse_upload(raw: bytes, known_iso3: Iterable[str]) -> UploadResult:
    """Check an uploaded what-if CSV; one clear problem per failure mode, first found wins.

    Order: too large, not UTF-8, empty, not a CSV table, wrong columns, too many rows,
    empty cells, wrong types, negative values, year out of range, unknown category,
    unknown ISO3, formula text, text too long.
    """
    if len(raw) > MAX_UPLOAD_BYTES:
        return _refuse("too_large", size_kb=round(len(raw) / 1000), max_kb=MAX_UPLOAD_BYTES // 1000)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return _refuse("not_utf8", position=err.start)
    if not text.strip():
        return _refuse("empty")
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""], skipinitialspace=True)
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
    df = df.dropna(how="all")
    if df.empty:
        return _refuse("empty")
    if len(df) > MAX_UPLOAD_ROWS:
        return _refuse("too_many_rows", rows=len(df), max_rows=MAX_UPLOAD_ROWS)
    df = df.reset_index(drop=True)
    for col in expected:
        df[col] = df[col].astype("string").str.strip()
    for col in expected:
        blank = df[col].isna() | (df[col] == "")
        if blank.any():
            return _refuse("missing_value", line=int(blank.idxmax()) + 2, column=col)
    value = pd.to_numeric(df["value_usd_m"], errors="coerce")
    if value.isna().any():
        i = int(value.isna().idxmax())
        return _refuse("not_number", line=i + 2, column="value_usd_m", found=_quote(df.at[i, "value_usd_m"]))
    year = pd.to_numeric(df["year_signed"], errors="coerce")
    bad_year = year.isna() | (year % 1 != 0)
    if bad_year.any():
        i = int(bad_year.idxmax())
        return _refuse("not_year", line=i + 2, column="year_signed", found=_quote(df.at[i, "year_signed"]))
    if (value < 0).any():
        i = int((value < 0).idxmax())
        return _refuse("negative", line=i + 2, column="value_usd_m", found=f"{value[i]:g}")
    lo, hi = HYPO_YEARS
    out_of_range = ~year.between(lo, hi)
    if out_of_range.any():
        i = int(out_of_range.idxmax())
        return _refuse("year_range", line=i + 2, found=int(year[i]), lo=lo, hi=hi)
    category = df["category"].str.lower()
    bad_cat = ~category.isin(ARMS_CATEGORIES)
    if bad_cat.any():
        i = int(bad_cat.idxmax())
        return _refuse(
            "unknown_category", line=i + 2, found=_quote(df.at[i, "category"]), allowed=", ".join(ARMS_CATEGORIES)
        )
    iso3 = df["recipient_iso3"].str.upper()
    known = set(known_iso3)
    bad_iso = ~iso3.isin(known)
    if bad_iso.any():
        i = int(bad_iso.idxmax())
        return _refuse("unknown_iso3", line=i + 2, found=_quote(df.at[i, "recipient_iso3"]))
    system = df["system"]
    formula = system.str.startswith(FORMULA_PREFIXES)
    if formula.any():
        i = int(formula.idxmax())
        return _refuse("formula", line=i + 2, column="system")
    too_long = system.str.len() > MAX_SYSTEM_CHARS
    if too_long.any():
        i = int(too_long.idxmax())
        return _refuse("too_long", line=i + 2, column="system", max_chars=MAX_SYSTEM_CHARS)
    scenario = pd.DataFrame(
        {
            "recipient_iso3": iso3.astype("string"),
            "system": system.astype("string"),
            "category": category.astype("string"),
            "value_usd_m": value.astype("Float64"),
            "year_signed": year.astype("Int64"),
        }
    )
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
        & category.isin(ARMS_CATEGORIES).fillna(False)
        & value.notna()
        & (value >= 0).fillna(False)
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
    """What-if rows that fall inside the year, recipient and category filters."""
    if scenario.empty:
        return scenario.copy()
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


def stage_options() -> tuple[str, ...]:
    return ARMS_STAGES


def known_recipients(deals: pd.DataFrame) -> list[str]:
    return sorted(deals["recipient_iso3"].dropna().astype(str).unique())


def sort_codes_by_label(codes: Sequence[str], label: Mapping[str, str]) -> list[str]:
    return sorted(codes, key=lambda c: label.get(c, c))
