"""Words for events figures: plural forms and the filters said in words (no Streamlit)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from atlas import i18n
from atlas.i18n import t


def plural(key: str, n: int, lang: str, /, **values: object) -> str:
    """t(key.one) for exactly one, else t(key.other), {n} filled unless given: "1 event", "2 events", "3건".

    Both forms exist in every catalogue (Korean has no plural, so its two forms are the same).
    n picks the form; pass n= among values when the number shown is another one.
    """
    form = "one" if n == 1 else "other"
    values.setdefault("n", i18n.fmt_int(n))
    return t(f"{key}.{form}", lang, **values)


def category_label(code: str, lang: str) -> str:
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
