"""Moved to atlas.sources.model; kept so older imports keep working."""

from atlas.sources.model import DatasetSummary, summarise

__all__ = ["DatasetSummary", "summarise"]
