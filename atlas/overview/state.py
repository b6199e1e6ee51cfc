"""The Overview's view state: the page has no filters, so a view is only its language (added by view_url)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from atlas.core.figure import Data

PAGE = "overview"
URL_KEYS: tuple[str, ...] = ()


@dataclass(frozen=True)
class State:
    PAGE = PAGE

    @classmethod
    def from_query(cls, query: Mapping[str, Sequence[str]], data: Data) -> tuple[State, tuple[str, ...]]:
        """Every Overview link opens the same view; other keys are not the Overview's and are ignored."""
        return cls(), ()

    def to_query(self) -> dict[str, list[str]]:
        return {}
