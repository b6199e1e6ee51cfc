"""The Sources page's view state. The page has no filters, so its URL carries no keys of its own.

It still has a State, so the Sources page is built like every other page: a briefing can ask
for its figures from a URL, and every other key in the URL (another page's, or a stale one)
is left alone rather than rejected: only keys a page owns can be wrong for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

PAGE = "sources"
URL_KEYS: tuple[str, ...] = ()


@dataclass(frozen=True)
class State:
    PAGE: ClassVar[str] = PAGE

    @classmethod
    def from_query(cls, query: Mapping[str, list[str]], data: Any = None) -> tuple[State, tuple[str, ...]]:
        """The view for a URL, and the keys whose values were rejected (none: the page owns no keys)."""
        return cls(), ()

    def to_query(self) -> dict[str, list[str]]:
        return {}
