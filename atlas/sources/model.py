"""Facts about each dataset for the Sources page: rows, year span, rows per source tier (pure)."""

from __future__ import annotations

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
