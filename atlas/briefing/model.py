"""A briefing: the figures a reader collected, in order, each with a title and a speaker's note.

A view is one figure of one page's view (the page, its URL state and the figure's id), with a
title and a note in English and, optionally, in Korean: each language's deck uses its own
(and the English when the Korean is empty). Pure values and pure edits (each returns a new
Briefing), so the page, the URL codec, the exporters and the tests all work on the same
object. No Streamlit here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from atlas.core.pages import FIGURE_PAGES  # the pages whose figures a briefing can show

# A view costs a page's figures to build (cached per view, but a link can ask for new ones): a
# briefing of a dozen slides is a long talk already, and a link asking for more is cut here, with a
# message that says how many were left out.
MAX_VIEWS = 12
MAX_TITLE = 120  # characters
MAX_NOTE = 1500
MAX_BRIEFING_TITLE = 120
MAX_FIGURE_ID = 60
LANGS = ("en", "ko")

# Characters that have no place in a title or a note: C0/C1 controls (a U+000B in a title made the
# PowerPoint file fail to save), lone surrogates (they cannot be written as UTF-8), bidi overrides and
# invisible joiners that make text read differently from what it says.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_FIGURE_ID = re.compile(r"^[a-z0-9_.-]{1,60}$")


def clean_text(value: object, limit: int, multiline: bool = False) -> str:
    """Text as typed, without control or invisible characters; newlines kept in notes only; capped."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", str(value or "")))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = " ".join(text.replace("\t", " ").split("\n"))
    return text[:limit]


def clean_figure_id(value: object) -> str:
    """A figure id as the areas write them ("arms.by_recipient"), or "" (the page's first figure)."""
    text = str(value or "")
    return text if _FIGURE_ID.match(text) else ""


@dataclass(frozen=True)
class View:
    page: str
    query: tuple[tuple[str, tuple[str, ...]], ...] = ()  # the view's URL state, codes only, without lang
    title: str = ""
    note: str = ""
    figure: str = ""  # the chosen figure's id; "" = the page's first figure
    title_ko: str = ""
    note_ko: str = ""

    @classmethod
    def of(
        cls,
        page: str,
        query: Mapping[str, list[str] | tuple[str, ...]],
        title: str = "",
        note: str = "",
        figure: str = "",
        title_ko: str = "",
        note_ko: str = "",
    ) -> View:
        """A view from a page's query (lang is dropped: a briefing is shown in the briefing's language)."""
        items = tuple(sorted((str(k), tuple(str(v) for v in vals)) for k, vals in query.items() if k != "lang"))
        return cls(
            page=page,
            query=items,
            title=clean_text(title, MAX_TITLE),
            note=clean_text(note, MAX_NOTE, multiline=True),
            figure=clean_figure_id(figure),
            title_ko=clean_text(title_ko, MAX_TITLE),
            note_ko=clean_text(note_ko, MAX_NOTE, multiline=True),
        )

    def query_dict(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.query}

    def title_for(self, lang: str) -> str:
        """The title in lang: the Korean one in a Korean deck when there is one, else the English."""
        return (self.title_ko if lang == "ko" else "") or self.title

    def note_for(self, lang: str) -> str:
        return (self.note_ko if lang == "ko" else "") or self.note


@dataclass(frozen=True)
class Briefing:
    views: tuple[View, ...] = ()
    title: str = ""
    title_ko: str = ""
    dropped: int = field(default=0, compare=False)  # views left out when read (unknown page, over the cap)
    migrated: bool = field(default=False, compare=False)  # read from a link of the first version (v1.)

    def title_for(self, lang: str) -> str:
        return (self.title_ko if lang == "ko" else "") or self.title

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

    def retitle(self, index: int, title: str, lang: str = "en") -> Briefing:
        text = clean_text(title, MAX_TITLE)
        if lang == "ko":
            return self._edit(index, lambda v: replace(v, title_ko=text))
        return self._edit(index, lambda v: replace(v, title=text))

    def annotate(self, index: int, note: str, lang: str = "en") -> Briefing:
        text = clean_text(note, MAX_NOTE, multiline=True)
        if lang == "ko":
            return self._edit(index, lambda v: replace(v, note_ko=text))
        return self._edit(index, lambda v: replace(v, note=text))

    def choose(self, index: int, figure: str) -> Briefing:
        return self._edit(index, lambda v: replace(v, figure=clean_figure_id(figure)))

    def named(self, title: str, lang: str = "en") -> Briefing:
        text = clean_text(title, MAX_BRIEFING_TITLE)
        return replace(self, title_ko=text) if lang == "ko" else replace(self, title=text)

    def _edit(self, index: int, change: Callable[[View], View]) -> Briefing:
        if not 0 <= index < len(self.views):
            return self
        views = list(self.views)
        views[index] = change(views[index])
        return replace(self, views=tuple(views))


RECORD_FIELDS = ("title", "note", "figure", "title_ko", "note_ko")


def to_records(briefing: Briefing) -> list[dict]:
    """The session's plain form (atlas.ui.briefing keeps a list of these dicts)."""
    return [
        {"page": v.page, "query": v.query_dict(), **{name: getattr(v, name) for name in RECORD_FIELDS}}
        for v in briefing.views
    ]


def from_records(records: list[dict], title: str = "", title_ko: str = "") -> Briefing:
    views = []
    for r in records[:MAX_VIEWS]:
        if r.get("page") in FIGURE_PAGES:
            views.append(View.of(r["page"], r.get("query") or {}, **{n: str(r.get(n) or "") for n in RECORD_FIELDS}))
    return Briefing(
        views=tuple(views),
        title=clean_text(title, MAX_BRIEFING_TITLE),
        title_ko=clean_text(title_ko, MAX_BRIEFING_TITLE),
    )
