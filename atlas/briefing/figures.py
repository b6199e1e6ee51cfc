"""What a briefing's deck and handout contain, in one language (no drawing here).

`handout(briefing, lang, data)` builds each view's figures through the registry (so a slide shows
exactly what its page shows for that view), picks the view's chosen figure, and gathers, per
slide: the title (the user's, else the figure's), the subtitle (the figure's title and filters),
the caption written for a slide, the speaker's note of that view only, the view's absolute link
and the rows behind the figure with their article-level addresses. The cover lists the currency
of every dataset the figures read. atlas.render.deck and atlas.render.pdf draw it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from atlas import i18n
from atlas.briefing import registry, rows
from atlas.briefing.captions import slide_caption
from atlas.briefing.model import Briefing, View
from atlas.briefing.rows import Row
from atlas.core import data as data_mod
from atlas.core.figure import Data, Figure, view_url
from atlas.i18n import t

BASE_URL_ENV = "ATLAS_PUBLIC_URL"  # the app's public address, e.g. https://korea-atlas.streamlit.app
TOP_SOURCES = 10  # addresses under a figure; the rest are in the appendix
Builder = Callable[[View, str, Data], registry.ViewFigures]


@dataclass(frozen=True)
class Slide:
    """One view: its chosen figure (or, with figure None, the reason it has none)."""

    number: int  # 1-based position in the briefing
    title: str
    subtitle: str
    figure: Figure | None
    caption: str  # written for a slide: nothing to hover, click or look below
    note: str  # the speaker's note of this view, in the handout's language
    link: str  # the view's absolute link, or "" when the app's public address is unknown
    rows: tuple[Row, ...] = ()  # the rows behind the figure, one per address, largest first
    problem: str = ""  # a translated sentence when figure is None

    @property
    def top_rows(self) -> tuple[Row, ...]:
        return self.rows[:TOP_SOURCES]

    @property
    def more(self) -> int:
        return max(0, len(self.rows) - TOP_SOURCES)


@dataclass(frozen=True)
class Handout:
    lang: str
    title: str
    made_on: date
    currency: tuple[tuple[str, str], ...]  # (dataset label, its "current to" as written for lang)
    slides: tuple[Slide, ...]
    link: str = ""  # the briefing's own absolute link, or ""
    currency_note: str = ""  # what the mark on an old dataset's line means, when a line has it

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(s.figure for s in self.slides if s.figure is not None)


def view_label(page: str, title: str, lang: str) -> str:
    """A view's own title, or its page's name when it has none."""
    return title.strip() or t(f"nav.{page}", lang)


def public_base(base_url: str | None = None) -> str:
    """The app's public address (given, else $ATLAS_PUBLIC_URL), without a trailing slash; "" if unknown."""
    base = (base_url if base_url is not None else os.environ.get(BASE_URL_ENV, "")).strip().rstrip("/")
    return base if base.startswith(("https://", "http://")) else ""


def absolute(link: str, base: str) -> str:
    """link made absolute on base; "" when it cannot be (a relative link is never printed)."""
    if link.startswith(("https://", "http://")):
        return link
    if not base or not link:
        return ""
    return base + (link if link.startswith("/") else "/" + link)


STALE_AFTER_DAYS = 92  # a dataset more than three months behind the day the deck is made is marked on its cover
STALE_MARK = "†"


def _currency(used: Iterable[str], lang: str, made_on: date) -> tuple[tuple[str, str], ...]:
    """(dataset, how current it is) for the cover: its date, where its record stops being complete, and a mark
    (STALE_MARK, explained once by `currency_note`) when it is more than three months older than the deck. A
    mark and not words on every line: most files are that old and the cover must stay one readable slide."""
    wanted = set(used)
    try:
        catalog = data_mod.load_catalog()
    except (OSError, ValueError, KeyError):
        return ()
    out = []
    for entry in catalog:
        if entry.dataset not in wanted:
            continue
        words = [i18n.fmt_current_to(entry.current_to, lang)]
        if entry.complete_to:
            words.append(t("briefing.cover_complete_to", lang, date=i18n.fmt_current_to(entry.complete_to, lang)))
        try:
            stale = (made_on - date.fromisoformat(str(entry.current_to).strip())).days > STALE_AFTER_DAYS
        except ValueError:
            stale = False
        out.append(
            (t(f"briefing.dataset.{entry.dataset}", lang), " · ".join(words) + (f" {STALE_MARK}" if stale else ""))
        )
    return tuple(out)


def currency_note(currency: Iterable[tuple[str, str]], lang: str) -> str:
    """The cover's one line saying what STALE_MARK means, when any dataset carries it."""
    marked = any(line.endswith(STALE_MARK) for _, line in currency)
    return t("briefing.cover_stale", lang, mark=STALE_MARK) if marked else ""


def chosen(figures: Iterable[Figure], figure_id: str) -> Figure | None:
    """The view's figure: the one chosen by id, else the page's first (a figure the page no longer has)."""
    figs = list(figures)
    return next((f for f in figs if f.id == figure_id), figs[0] if figs else None)


def slide_for(
    number: int, view: View, built: registry.ViewFigures, lang: str, data: Data, base: str, with_rows: bool = True
) -> Slide:
    """The view's slide; with_rows=False leaves out the rows behind it (the screen shows the figure's
    sources, and reading the rows costs a second pass over the view's data on every rerun)."""
    own_title = view.title_for(lang)
    note = view.note_for(lang)
    link = absolute(view_url(view.page, view.query_dict(), lang), base)
    fig = chosen(built.figures, view.figure)
    if fig is None:
        key = {"unavailable": "view_unavailable", "data": "view_data_error"}.get(built.problem, "no_figures")
        return Slide(
            number, view_label(view.page, own_title, lang), "", None, "", note, link, (), t(f"briefing.{key}", lang)
        )
    subtitle = " · ".join(x for x in (fig.title if own_title else "", fig.subtitle) if x)
    return Slide(
        number,
        own_title or fig.title,
        subtitle,
        fig,
        slide_caption(fig),
        note,
        absolute(fig.url, base) or link,
        rows.behind(view, fig, data, lang) if with_rows else (),
    )


def handout(
    briefing: Briefing,
    lang: str,
    data: Data,
    today: date | None = None,
    base_url: str | None = None,
    build: Builder = registry.build,
    progress: Callable[[int, int], None] | None = None,
) -> Handout:
    base = public_base(base_url)
    slides: list[Slide] = []
    used: set[str] = set()
    for i, view in enumerate(briefing.views):
        built = build(view, lang, data)
        used |= built.datasets
        slides.append(slide_for(i + 1, view, built, lang, data, base))
        if progress is not None:
            progress(i + 1, len(briefing.views))
    from atlas.briefing import state as bstate  # the briefing's own link reopens it

    encoded = bstate.encode(briefing)
    currency = _currency(used, lang, today or date.today())
    own = view_url("briefing", {"b": [encoded]}, lang) if bstate.fits_in_url(encoded) else ""
    return Handout(
        lang=lang,
        title=briefing.title_for(lang).strip() or t("briefing.default_title", lang),
        made_on=today or date.today(),
        currency=currency,
        slides=tuple(slides),
        link=absolute(own, base),
        currency_note=currency_note(currency, lang),
    )
