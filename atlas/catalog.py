"""Facts about each dataset for the Sources page: rows, year span, coverage (pure)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas.core.data import CatalogEntry


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
