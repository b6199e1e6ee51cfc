"""What a briefing's deck and handout contain, in the briefing's language (no drawing here).

`handout(briefing, lang, data)` builds every view's figures through the registry (so each
slide shows exactly what its page shows for that view) and gathers the cover (title, date,
language, the currency of every dataset the figures read), one slide per figure, and the
closing list of sources. atlas.render.deck and atlas.render.pdf draw it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from atlas import i18n
from atlas.briefing import registry
from atlas.briefing.model import Briefing
from atlas.core import data as data_mod
from atlas.core.figure import Data, Figure, Source, view_url
from atlas.i18n import t


@dataclass(frozen=True)
class Slide:
    """One figure of one view (or, with figure None, a view that has none, with the reason)."""

    view_index: int  # 0-based position of the view in the briefing
    view_title: str
    figure: Figure | None
    note: str  # the speaker's note of the view
    link: str  # the view's link, relative (the renderers make it absolute)
    problem: str = ""  # a translated sentence when figure is None


@dataclass(frozen=True)
class Handout:
    lang: str
    title: str
    made_on: date
    currency: tuple[tuple[str, str], ...]  # (dataset label, its "current to" as written for lang)
    slides: tuple[Slide, ...]
    sources: tuple[Source, ...]  # every publisher behind any figure, once

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(s.figure for s in self.slides if s.figure is not None)


def view_label(page: str, title: str, lang: str) -> str:
    """A view's own title, or its page's name when it has none."""
    return title.strip() or t(f"nav.{page}", lang)


def _currency(used: Iterable[str], lang: str) -> tuple[tuple[str, str], ...]:
    wanted = set(used)
    try:
        catalog = data_mod.load_catalog()
    except (OSError, ValueError, KeyError):
        return ()
    out = []
    for entry in catalog:
        if entry.dataset in wanted:
            out.append((t(f"briefing.dataset.{entry.dataset}", lang), i18n.fmt_current_to(entry.current_to, lang)))
    return tuple(out)


def _unique_sources(figures: Iterable[Figure]) -> tuple[Source, ...]:
    seen: dict[tuple[str, str], Source] = {}
    for fig in figures:
        for s in fig.sources:
            seen.setdefault((s.publisher, s.url), s)
    return tuple(seen.values())


def handout(briefing: Briefing, lang: str, data: Data, today: date | None = None) -> Handout:
    slides: list[Slide] = []
    used: set[str] = set()
    for i, view in enumerate(briefing.views):
        built = registry.build(view, lang, data)
        used |= built.datasets
        label = view_label(view.page, view.title, lang)
        link = view_url(view.page, view.query_dict(), lang)
        if not built.figures:
            key = {"unavailable": "view_unavailable", "data": "view_data_error"}.get(built.problem, "no_figures")
            slides.append(Slide(i, label, None, view.note, link, t(f"briefing.{key}", lang)))
        for fig in built.figures:
            slides.append(Slide(i, label, fig, view.note, fig.url or link))
    figures = [s.figure for s in slides if s.figure is not None]
    return Handout(
        lang=lang,
        title=briefing.title.strip() or t("briefing.default_title", lang),
        made_on=today or date.today(),
        currency=_currency(used, lang),
        slides=tuple(slides),
        sources=_unique_sources(figures),
    )
