"""Words for events figures: the filters said in words (no Streamlit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from atlas import i18n
from atlas.i18n import t


def category_label(code: str, lang: str | None = None) -> str:
    return t(f"events.category.{code}", lang)


def filters_in_words(
    lang: str,
    span: tuple[int, int],
    categories: Sequence[str] = (),
    actors: Sequence[str] = (),
    query: str = "",
    as_of: date | None = None,
) -> str:
    """'2023 · Missile or nuclear test · North Korea · search: ICBM' (every filter that narrows); as_of, the
    date the events are complete to, is said when the span runs past it ('2026: to 14 May')."""
    years = i18n.fmt_years(span[0], span[1], lang, as_of)
    parts = [years]
    parts.append(", ".join(category_label(c, lang) for c in categories) or t("events.all_categories", lang))
    if actors:
        parts.append(", ".join(i18n.country_name(a, lang) for a in actors))
    if query:
        parts.append(t("events.subtitle_search", lang, q=query))
    return " · ".join(parts)
