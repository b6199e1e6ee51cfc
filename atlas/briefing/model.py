"""A briefing: the views a reader collected, in order, each with a title and a speaker's note.

Pure values and pure edits (each returns a new Briefing), so the page, the URL codec, the
exporters and the tests all work on the same object. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from atlas.core.pages import FIGURE_PAGES  # the pages whose figures a briefing can show

MAX_VIEWS = 30
MAX_TITLE = 120  # characters
MAX_NOTE = 1500
MAX_BRIEFING_TITLE = 120


@dataclass(frozen=True)
class View:
    page: str
    query: tuple[tuple[str, tuple[str, ...]], ...] = ()  # the view's URL state, codes only, without lang
    title: str = ""
    note: str = ""

    @classmethod
    def of(cls, page: str, query: Mapping[str, list[str] | tuple[str, ...]], title: str = "", note: str = "") -> View:
        """A view from a page's query (lang is dropped: a briefing is shown in the briefing's language)."""
        items = tuple(sorted((str(k), tuple(str(v) for v in vals)) for k, vals in query.items() if k != "lang"))
        return cls(page=page, query=items, title=title[:MAX_TITLE], note=note[:MAX_NOTE])

    def query_dict(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.query}


@dataclass(frozen=True)
class Briefing:
    views: tuple[View, ...] = ()
    title: str = ""
    dropped: int = field(default=0, compare=False)  # views left out when read (unknown page, over the cap)

    def add(self, view: View) -> Briefing:
        if len(self.views) >= MAX_VIEWS:
            return self
        return replace(self, views=(*self.views, view))

    def move(self, index: int, step: int) -> Briefing:
        """Move a view up (step -1) or down (+1); at either end nothing moves."""
        target = index + step
        if not (0 <= index < len(self.views) and 0 <= target < len(self.views)):
            return self
        views = list(self.views)
        views[index], views[target] = views[target], views[index]
        return replace(self, views=tuple(views))

    def remove(self, index: int) -> Briefing:
        if not 0 <= index < len(self.views):
            return self
        return replace(self, views=self.views[:index] + self.views[index + 1 :])

    def retitle(self, index: int, title: str) -> Briefing:
        return self._edit(index, lambda v: replace(v, title=title[:MAX_TITLE]))

    def annotate(self, index: int, note: str) -> Briefing:
        return self._edit(index, lambda v: replace(v, note=note[:MAX_NOTE]))

    def named(self, title: str) -> Briefing:
        return replace(self, title=title[:MAX_BRIEFING_TITLE])

    def _edit(self, index: int, change: Callable[[View], View]) -> Briefing:
        if not 0 <= index < len(self.views):
            return self
        views = list(self.views)
        views[index] = change(views[index])
        return replace(self, views=tuple(views))


def to_records(briefing: Briefing) -> list[dict]:
    """The session's plain form (atlas.ui.briefing keeps a list of these dicts)."""
    return [{"page": v.page, "query": v.query_dict(), "title": v.title, "note": v.note} for v in briefing.views]


def from_records(records: list[dict], title: str = "") -> Briefing:
    views = []
    for r in records[:MAX_VIEWS]:
        if r.get("page") in FIGURE_PAGES:
            views.append(View.of(r["page"], r.get("query") or {}, str(r.get("title") or ""), str(r.get("note") or "")))
    return Briefing(views=tuple(views), title=title[:MAX_BRIEFING_TITLE])
