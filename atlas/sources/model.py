"""Facts about each dataset for the Sources page: rows, year span, rows per source tier (pure)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from atlas.core.data import CatalogEntry
from atlas.core.vocab import SOURCE_TIERS

NOT_GRADED = "not_graded"
# The columns of the tier table, in reading order: the three grades, then rows nobody graded yet.
TIER_COLUMNS: tuple[str, ...] = (*SOURCE_TIERS, NOT_GRADED)


@dataclass(frozen=True)
class DatasetSummary:
    rows: int
    first_year: int | None
    last_year: int | None


def summarise(entry: CatalogEntry, df: pd.DataFrame) -> DatasetSummary:
    years: pd.Series | None = None
    if entry.year_column and entry.year_column in df:
        years = pd.to_numeric(df[entry.year_column], errors="coerce")
    elif "date" in df and pd.api.types.is_datetime64_any_dtype(df["date"]):
        years = df["date"].dt.year
    if years is None or years.dropna().empty:
        return DatasetSummary(len(df), None, None)
    return DatasetSummary(len(df), int(years.min()), int(years.max()))


def tier_counts(df: pd.DataFrame) -> dict[str, int]:
    """Rows per source tier. A file without a source_tier column, an empty cell, or a value
    outside the vocabulary all count as not graded: a reader must not trust an ungraded row."""
    counts = dict.fromkeys(TIER_COLUMNS, 0)
    if "source_tier" not in df:
        counts[NOT_GRADED] = len(df)
        return counts
    tiers = df["source_tier"].astype("string").str.strip()
    for tier in SOURCE_TIERS:
        counts[tier] = int((tiers == tier).fillna(False).sum())
    counts[NOT_GRADED] = len(df) - sum(counts[t] for t in SOURCE_TIERS)
    return counts


# ---------------------------------------------------------------- a publisher's file against our data
SIPRI_MILEX_URL = "https://www.sipri.org/databases/milex"
SPENDING_VALUES = ("share_gdp_pct", "usd_current_m")
# Differences below these are rounding (our file holds SIPRI's shares to two decimals), not news.
TOLERANCE = {"share_gdp_pct": 0.005, "usd_current_m": 0.05}


@dataclass(frozen=True)
class Change:
    key: tuple[object, ...]
    column: str
    old: object
    new: object


@dataclass(frozen=True)
class Diff:
    """What a rewrite does to a file: rows added and removed (by key), values changed old -> new."""

    keys: tuple[str, ...]
    added: tuple[tuple[object, ...], ...]
    changed: tuple[Change, ...]
    removed: tuple[tuple[object, ...], ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def lines(self) -> list[str]:
        """The diff as a maintainer reads it in a terminal."""

        def key(k: tuple[object, ...]) -> str:
            return " ".join(str(x) for x in k)

        out = [f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"]
        out += [f"+ {key(k)}" for k in self.added]
        out += [f"~ {key(c.key)} {c.column}: {_show(c.old)} -> {_show(c.new)}" for c in self.changed]
        out += [f"- {key(k)}" for k in self.removed]
        return out


def _show(value: object) -> str:
    return "(empty)" if _missing(value) else str(value)


def _missing(value: object) -> bool:
    if isinstance(value, str):
        return value.strip() == ""
    return value is None or bool(pd.isna(value))  # type: ignore[arg-type]


def _same(column: str, a: object, b: object) -> bool:
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    if column in TOLERANCE:
        return abs(float(a) - float(b)) < TOLERANCE[column]  # type: ignore[arg-type]
    return str(a) == str(b)


def diff_frames(old: pd.DataFrame, new: pd.DataFrame, keys: tuple[str, ...], columns: tuple[str, ...]) -> Diff:
    def index(df: pd.DataFrame) -> dict[tuple[object, ...], pd.Series]:
        return {tuple(r[k] for k in keys): r for _, r in df.iterrows()}

    a, b = index(old), index(new)
    changed = [
        Change(k, col, a[k].get(col), b[k].get(col))
        for k in a
        if k in b
        for col in columns
        if not _same(col, a[k].get(col), b[k].get(col))
    ]
    return Diff(
        keys,
        tuple(k for k in b if k not in a),
        tuple(changed),
        tuple(k for k in a if k not in b),
    )


def merge_milex(
    shipped: pd.DataFrame,
    milex: pd.DataFrame,
    file_name: str,
    countries: Collection[str] | None = None,
    release: int | None = None,
) -> pd.DataFrame:
    """Our defense_spending rows with a SIPRI workbook's figures taken in.

    Scope: `countries` (default: the countries our file already has; an upload passes every country
    the workbook names), from our file's first year on. For a country-year the workbook covers, its
    figures win (a "..." there empties our cell: SIPRI withdrew the figure); a figure equal to ours
    within rounding leaves our row as it was. Rows the workbook does not cover stay. Years and
    countries the workbook adds are new rows. Nothing is ever filled with 0.
    """
    first = int(shipped["year"].min())
    scope = set(shipped["iso3"]) if countries is None else set(countries)
    incoming = milex[milex["iso3"].isin(list(scope)) & (milex["year"] >= first)]
    ours = {(r["iso3"], int(r["year"])): r for _, r in shipped.iterrows()}
    edition = f"{release} release, " if release else ""
    source = f"SIPRI Military Expenditure Database, {edition}file {file_name}: 'Share of GDP' and 'Current US$' sheets"
    rows = {k: r.to_dict() for k, r in ours.items()}
    for r in incoming.itertuples(index=False):
        key = (str(r.iso3), int(r.year))
        new = {c: (None if _missing(getattr(r, c)) else float(getattr(r, c))) for c in SPENDING_VALUES}
        old = ours.get(key)
        if old is not None and all(_same(c, old[c], new[c]) for c in SPENDING_VALUES):
            continue
        if old is None and all(v is None for v in new.values()):
            continue  # nothing to add: SIPRI has no figure for a year we do not list
        missing = [c for c in SPENDING_VALUES if new[c] is None]
        note = f"'...' (not available) in {file_name}: {', '.join(missing)}" if missing else None
        base = dict(old) if old is not None else dict.fromkeys(shipped.columns)
        base.update({"iso3": key[0], "year": key[1], **new, "source": source, "source_url": SIPRI_MILEX_URL})
        base.update({"source_tier": "official", "notes": note})
        rows[key] = base
    out = pd.DataFrame([rows[k] for k in sorted(rows, key=_country_order(shipped))])
    for col in shipped.columns.union(out.columns, sort=False):
        if col not in out:
            out[col] = pd.NA
        if col in shipped:
            out[col] = out[col].astype(shipped[col].dtype)
    if "source_tier" not in shipped:
        out["source_tier"] = out["source_tier"].astype("string")
    return out.reset_index(drop=True)


def _country_order(shipped: pd.DataFrame):  # type: ignore[no-untyped-def]
    """Keep the file's country order (KOR first), countries it lacks after it by code, years ascending."""
    order = {iso3: i for i, iso3 in enumerate(dict.fromkeys(shipped["iso3"]))}
    return lambda k: (order.get(k[0], len(order)), "" if k[0] in order else k[0], k[1])  # new ones by code


def spending_changes(diff: Diff, merged: pd.DataFrame) -> pd.DataFrame:
    """One row per value a workbook adds or changes: iso3, year, measure, old, new, change (new - old)."""
    new = merged.set_index(["iso3", "year"])
    rows: list[dict[str, object]] = []
    for key in diff.added:
        for col in SPENDING_VALUES:
            value = new.at[key, col]
            if not _missing(value):
                rows.append({"iso3": key[0], "year": key[1], "measure": col, "old": None, "new": float(value)})
    for c in diff.changed:
        old = None if _missing(c.old) else float(c.old)  # type: ignore[arg-type]
        value = None if _missing(c.new) else float(c.new)  # type: ignore[arg-type]
        rows.append({"iso3": c.key[0], "year": c.key[1], "measure": c.column, "old": old, "new": value})
    out = pd.DataFrame(rows, columns=["iso3", "year", "measure", "old", "new"])
    out["old"] = out["old"].astype("Float64")
    out["new"] = out["new"].astype("Float64")
    out["change"] = (out["new"] - out["old"]).round(4)
    return out.sort_values(["iso3", "year", "measure"], kind="stable").reset_index(drop=True)
