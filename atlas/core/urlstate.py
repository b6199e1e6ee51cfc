"""Parse and check view state carried in URL query parameters (pure; no Streamlit).

Links must keep working in every language, so the URL carries stable codes (ISO3,
category codes), never the labels a widget displays. Each parser returns the value to
use and whether the URL asked for something we had to drop, so the page can say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

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
