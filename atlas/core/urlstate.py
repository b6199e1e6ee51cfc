"""Parse and check view state carried in URL query parameters (pure; no Streamlit).

Links must keep working in every language, so the URL carries stable codes (ISO3,
category codes), never the labels a widget displays. Each parser returns the value to
use and whether the URL asked for something we had to drop, so the page can say so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from atlas.core.export import FORMULA_PREFIXES

T = TypeVar("T")
MAX_PARAM_LENGTH = 200
MAX_REPEATS = 300


@dataclass(frozen=True)
class Parsed(Generic[T]):
    value: T
    rejected: bool  # True when the URL held something invalid that was dropped


def parse_codes(raw: Sequence[str], allowed: Sequence[str], default: list[str]) -> Parsed[list[str]]:
    """Several codes (?recipients=POL&recipients=EST, or comma-separated); unknown ones dropped."""
    if not raw:
        return Parsed(list(default), False)
    parts: list[str] = []
    for item in raw[:MAX_REPEATS]:
        if len(item) > MAX_PARAM_LENGTH * 10:
            return Parsed(list(default), True)
        parts += [p.strip() for p in item.split(",") if p.strip()]
    if not parts:  # ?stage= names nothing: the default, as when the key is absent (an empty list has no URL form)
        return Parsed(list(default), len(raw) > MAX_REPEATS)
    lookup = {a.upper(): a for a in allowed}
    chosen = [lookup[p.upper()] for p in parts if p.upper() in lookup]
    chosen = list(dict.fromkeys(chosen))
    rejected = len(chosen) < len(parts) or len(raw) > MAX_REPEATS
    if parts and not chosen:
        return Parsed(list(default), True)
    return Parsed(chosen, rejected)


def parse_code(raw: Sequence[str], allowed: Sequence[str], default: str) -> Parsed[str]:
    """One code (?metric=usd); repeated keys or unknown codes fall back to the default."""
    if not raw:
        return Parsed(default, False)
    if len(raw) > 1 or len(raw[0]) > MAX_PARAM_LENGTH:
        return Parsed(default, True)
    lookup = {a.lower(): a for a in allowed}
    value = lookup.get(raw[0].strip().lower())
    return Parsed(value, False) if value is not None else Parsed(default, True)


def parse_int_range(raw: Sequence[str], lo: int, hi: int) -> Parsed[tuple[int, int] | None]:
    """A year range as ?years=2017&years=2025 (or 2017-2025); None means 'use the default'."""
    if not raw:
        return Parsed(None, False)
    parts = raw if len(raw) == 2 else (raw[0].replace("..", "-").split("-", 1) if len(raw) == 1 else [])
    try:
        a, b = (int(float(p)) for p in parts)
    except (TypeError, ValueError, OverflowError):
        return Parsed(None, True)
    if not (lo <= a <= b <= hi):
        return Parsed(None, True)
    return Parsed((a, b), False)


def parse_number(raw: Sequence[str], lo: float, hi: float, default: float) -> Parsed[float]:
    if not raw:
        return Parsed(default, False)
    try:
        value = float(raw[-1]) if len(raw) == 1 else None
    except (ValueError, OverflowError):
        value = None
    if value is None or value != value or not (lo <= value <= hi):
        return Parsed(default, True)
    return Parsed(value, False)


# ---------------------------------------------------------------- text a reader types and a link carries
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def bad_char(text: str) -> str | None:
    """The first character a cell or name must not hold, named ("U+200B ZERO WIDTH SPACE"), or None.

    Line breaks, tabs and other control characters; text-direction marks; invisible
    format characters such as the zero-width space (they make "POL" look valid).
    """
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or ch in _BIDI_CONTROLS:
            return f"U+{ord(ch):04X} {unicodedata.name(ch, 'CONTROL CHARACTER')}"
    return None


def name_problem(raw: str, separator: str, max_length: int) -> tuple[str, dict[str, object]] | None:
    """Why a scenario name (arms, spending) cannot be kept, as (code, values), or None: the one rule.

    Codes (common.name_problem.<code>): control_chars, empty, formula, separator, too_long. The name
    is checked as typed, before trimming, so that no invisible character slips through; it may not
    start like a spreadsheet formula (it reaches CSV downloads and decks) nor hold the page's URL
    separator.
    """
    text = str(raw or "")
    char = bad_char(text)
    if char is not None:
        return "control_chars", {"char": char}
    name = " ".join(text.split())
    if not name:
        return "empty", {}
    if name.startswith(FORMULA_PREFIXES):
        return "formula", {}
    if separator in name:
        return "separator", {"separator": separator}
    if len(name) > max_length:
        return "too_long", {"max": max_length}
    return None


# ---------------------------------------------------------------- versioned row values
@dataclass(frozen=True)
class RowFormat:
    """The format of a URL value that holds a row (a what-if deal, a kept scenario, changed votes), with
    its version, so a shared link survives a change of format.

    Version 1 is every value written before versions existed: it carries no tag, so those links stay as
    they are. A later version writes "v<n>" as the field at `tag_at`, a place where a version-1 value
    always holds an ISO3 code, so the two cannot be confused (an arms scenario's name comes first, so its
    tag goes second). `upgrades[n]` turns a version-n value, tag removed, into a version-(n+1) value, or
    None when it cannot; reading applies them in turn, so the page only ever reads the current version.
    """

    separator: str
    tag_at: int = 0
    current: int = 1
    upgrades: tuple[Callable[[str], str | None], ...] = ()  # upgrades[n - 1]: version n to n + 1

    def __post_init__(self) -> None:
        if len(self.upgrades) != self.current - 1:
            raise ValueError("one upgrade per version before the current one")

    def write(self, value: str) -> str:
        """A current-version value as the URL carries it (version 1: as it is)."""
        if self.current == 1:
            return value
        fields = value.split(self.separator)
        fields.insert(self.tag_at, f"v{self.current}")
        return self.separator.join(fields)

    def read(self, value: str) -> Parsed[str | None]:
        """The value in the current version; None and rejected for a version this app does not know (a
        link from a newer Atlas) or one an upgrade cannot carry over."""
        fields = value.split(self.separator)
        version = 1
        if len(fields) > self.tag_at and re.fullmatch(r"v[0-9]{1,3}", fields[self.tag_at]):
            version = int(fields[self.tag_at][1:])
            del fields[self.tag_at]
        if not 1 <= version <= self.current:
            return Parsed(None, True)
        out: str | None = self.separator.join(fields)
        for upgrade in self.upgrades[version - 1 :]:
            out = upgrade(out) if out is not None else None
        return Parsed(out, out is None)
