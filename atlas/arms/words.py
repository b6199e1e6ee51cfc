"""Plural forms for the arms catalogue (pure): key.one for exactly one, key.other otherwise."""

from __future__ import annotations

from atlas.i18n import fmt_int, t


def plural(key: str, n: int, lang: str | None, **values: object) -> str:
    """The sentence for n things; Korean has one form (both keys say the same)."""
    return t(f"{key}.{'one' if n == 1 else 'other'}", lang, n=fmt_int(n), **values)
