"""Parse and check view state carried in URL query parameters (pure; no Streamlit).

Links must keep working in every language, so the URL carries stable codes (ISO3,
category codes), never the labels a widget displays. Each parser returns the value to
use and whether the URL asked for something we had to drop, so the page can say so.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from atlas.core.export import FORMULA_PREFIXES

T = TypeVar("T")
MAX_PARAM_LENGTH = 200
MAX_REPEATS = 300


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """A URL value read: valid (rejected False), invalid (rejected True: the default is used), or missing
    (the key is absent: the default, not rejected)."""

    value: T
    rejected: bool  # True when the URL held something invalid that was dropped
    missing: bool = False


def parse_codes(raw: Sequence[str], allowed: Sequence[str], default: list[str]) -> Parsed[list[str]]:
    """Several codes (?recipients=POL&recipients=EST, or comma-separated); unknown ones dropped."""
    if not raw:
        return Parsed(list(default), False, missing=True)
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
        return Parsed(default, False, missing=True)
    if len(raw) > 1 or len(raw[0]) > MAX_PARAM_LENGTH:
        return Parsed(default, True)
    lookup = {a.lower(): a for a in allowed}
    value = lookup.get(raw[0].strip().lower())
    return Parsed(value, False) if value is not None else Parsed(default, True)


def parse_int_range(raw: Sequence[str], lo: int, hi: int) -> Parsed[tuple[int, int] | None]:
    """A year range as ?years=2017&years=2025 (or 2017-2025); None means 'use the default'."""
    if not raw:
        return Parsed(None, False, missing=True)
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
        return Parsed(default, False, missing=True)
    try:
        value = float(raw[-1]) if len(raw) == 1 else None
    except (ValueError, OverflowError):
        value = None
    if value is None or value != value or not (lo <= value <= hi):
        return Parsed(default, True)
    return Parsed(value, False)


# ---------------------------------------------------------------- a view's URL schema
Context = Mapping[str, Any]  # what a key's parser needs: the data's codes and spans, and the fields read before it


@dataclass(frozen=True)
class Codec(Generic[T]):
    """How one URL key is read into a state's field and written back.

    parse(raw values, context, the field's default) -> Parsed; the default comes from the state's
    default view, so a key never states its own. same() tells whether a value is the default's: a
    value equal to the default is left out of the URL.
    """

    parse: Callable[[list[str], Context, T], Parsed[T]]
    write: Callable[[T], list[str]]
    same: Callable[[T, T], bool] = operator.eq


@dataclass(frozen=True)
class Key:
    """A URL key and the state field it fills (the same name unless told)."""

    name: str
    codec: Codec[Any]
    field: str = ""

    @property
    def attr(self) -> str:
        return self.field or self.name


@dataclass(frozen=True)
class Derived:
    """Not a URL key: a value several keys read (the decisions the filters select), computed from the
    fields read before it, once, when a key after it first asks for it (context[name]), so that the keys
    share it instead of each computing it again."""

    name: str
    compute: Callable[[Context], Any]


class _Reading(dict[str, Any]):
    """The context of a Schema.read: the caller's, the fields read so far, and Derived values on first use."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.pending: dict[str, Callable[[Context], Any]] = {}

    def __missing__(self, name: str) -> Any:
        if name not in self.pending:
            raise KeyError(name)
        self[name] = value = self.pending.pop(name)(self)
        return value


@dataclass(frozen=True)
class Schema:
    """A view's URL keys, in the order they are read (a key may depend on those read before it) and
    written. The one table each area's state.py declares; a Derived entry names a value that keys after
    it share."""

    keys: tuple[Key | Derived, ...]

    @property
    def url_keys(self) -> tuple[Key, ...]:
        return tuple(k for k in self.keys if isinstance(k, Key))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.url_keys)

    def read(
        self, query: Mapping[str, Sequence[str] | str], context: Context, default: object
    ) -> tuple[dict[str, Any], tuple[str, ...]]:
        """Each field's value from the query, and the keys whose values were rejected (their defaults used)."""
        values: dict[str, Any] = {}
        rejected: list[str] = []
        reading = _Reading(context)
        for key in self.keys:
            if isinstance(key, Derived):
                reading.pending[key.name] = key.compute
                continue
            raw = query.get(key.name, [])
            items = [raw] if isinstance(raw, str) else [str(v) for v in raw]
            parsed = key.codec.parse(items, reading, getattr(default, key.attr))
            values[key.attr] = reading[key.attr] = parsed.value
            if parsed.rejected:
                rejected.append(key.name)
        return values, tuple(dict.fromkeys(rejected))

    def write(self, state: object, default: object) -> dict[str, list[str]]:
        """The state's URL query: every key whose field differs from the default view's, in table order."""
        out: dict[str, list[str]] = {}
        for key in self.url_keys:
            value = getattr(state, key.attr)
            if not key.codec.same(value, getattr(default, key.attr)):
                written = key.codec.write(value)
                if written:  # a value the URL cannot carry (too many rows) is left out
                    out[key.name] = written
        return out


Allowed = Sequence[str] | Callable[[Context], Sequence[str]]


def _allowed(allowed: Allowed, context: Context, raw: Sequence[str]) -> list[str]:
    """The codes a key accepts; none asked for when the key is absent (the list may cost a filter)."""
    if not raw:
        return []
    return list(allowed(context) if callable(allowed) else allowed)


def codes(allowed: Allowed) -> Codec[tuple[str, ...]]:
    """Several codes (?recipients=POL&recipients=EST), unknown ones dropped (parse_codes)."""
    return Codec(
        lambda raw, ctx, default: _as_tuple(parse_codes(raw, _allowed(allowed, ctx, raw), list(default))),
        lambda value: list(value),
    )


def _as_tuple(parsed: Parsed[list[str]]) -> Parsed[tuple[str, ...]]:
    return Parsed(tuple(parsed.value), parsed.rejected, parsed.missing)


def code(allowed: Allowed) -> Codec[str]:
    """One code out of a list (?metric=usd)."""
    return Codec(lambda raw, ctx, default: parse_code(raw, _allowed(allowed, ctx, raw), default), lambda value: [value])


def optional_code(allowed: Allowed) -> Codec[str | None]:
    """One code, or None (the page's own choice, such as a focus member that depends on the years)."""

    def parse(raw: list[str], ctx: Context, default: str | None) -> Parsed[str | None]:
        parsed = parse_code(raw, _allowed(allowed, ctx, raw), "")
        return Parsed(parsed.value or default, parsed.rejected, parsed.missing)

    return Codec(parse, lambda value: [value] if value else [])


def switch() -> Codec[bool]:
    """An on/off switch, ?events=on (off is the absence of the key, and also read as off)."""

    def parse(raw: list[str], ctx: Context, default: bool) -> Parsed[bool]:
        parsed = parse_code(raw, ["on", "off"], "on" if default else "off")
        return Parsed(parsed.value == "on", parsed.rejected, parsed.missing)

    return Codec(parse, lambda value: ["on" if value else "off"])


def year_range(span: Callable[[Context], tuple[int, int]]) -> Codec[tuple[int, int] | None]:
    """?years=2017&years=2025 within the data's span; the whole span reads as None (the default view)."""

    def parse(raw: list[str], ctx: Context, default: tuple[int, int] | None) -> Parsed[tuple[int, int] | None]:
        lo, hi = span(ctx)
        parsed = parse_int_range(raw, lo, hi)
        value = None if parsed.value == (lo, hi) else (parsed.value or default)
        return Parsed(value, parsed.rejected, parsed.missing)

    return Codec(parse, lambda value: [str(value[0]), str(value[1])] if value else [])


def whole(lo: int, hi: int) -> Codec[int]:
    """A whole number in lo..hi written in digits (?page=2); anything else is the default, flagged."""

    def parse(raw: list[str], ctx: Context, default: int) -> Parsed[int]:
        if not raw:
            return Parsed(default, False, missing=True)
        text = raw[0].strip() if len(raw) == 1 else ""
        if not re.fullmatch(rf"[0-9]{{1,{len(str(hi))}}}", text) or not lo <= int(text) <= hi:
            return Parsed(default, True)
        return Parsed(int(text), False)

    return Codec(parse, lambda value: [str(value)])


def number(lo: float, hi: float) -> Codec[float]:
    """A number in lo..hi (?wi_growth=3.5), written without a trailing .0."""
    return Codec(lambda raw, ctx, default: parse_number(raw, lo, hi, default), lambda value: [f"{round(value, 4):g}"])


def plain(parse: Callable[[list[str]], Parsed[T]], write: Callable[[T], list[str]]) -> Codec[T]:
    """A key with its own parser that needs neither the data nor the default (a search text)."""
    return Codec(lambda raw, ctx, default: parse(raw), write)


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


# ---------------------------------------------------------------- versioned values
UNTAGGED = 0  # the version of a value written before its format carried a tag
PROBLEMS = ("malformed", "version")  # why a versioned value was not read (Read.problem)
_TAG = re.compile(r"v[0-9]{1,4}")


def unchanged(value: T) -> T:
    """The migration of a format that only gained its tag: the value reads as it was written."""
    return value


@dataclass(frozen=True)
class Read(Generic[T]):
    """A versioned value read: the value in the current format, the version it was written in
    (UNTAGGED for a link from before tags), and the problem when it could not be read."""

    value: T | None
    version: int | None
    problem: str = ""  # "" when read, else one of PROBLEMS: "version" is a format this app does not know

    @property
    def rejected(self) -> bool:
        return bool(self.problem)


@dataclass(frozen=True, eq=False)
class Versioned(Generic[T]):
    """A URL value whose format names its version, so a shared link survives a change of format: the one
    mechanism for every value that holds a whole row or document (arms `wi` and `asc`, spending `sc`,
    votes `wi_votes`, the briefing's `b`).

    A value is written as "v<current>" + separator + dump(value), the tag standing as the field at
    `tag_at` (an arms scenario's name comes first and may be anything, so its tag goes second, where
    every older value holds an ISO3 code). Reading takes the tag off, load()s the rest and applies
    `migrations[n]` (version n to n + 1) from the version read up to the current one, so a page only
    ever sees the current format. Values written before tags existed are version UNTAGGED and read
    through `migrations[UNTAGGED]` (often `unchanged`); a format that never had untagged values lists
    no such migration and refuses them. A tag this app does not know (a link from a newer Atlas) is
    refused with the problem "version"; a value that load() (ValueError) or a migration (None)
    cannot read, with "malformed". Nothing is guessed.
    """

    separator: str
    current: int = 1
    migrations: Mapping[int, Callable[[Any], Any]] = field(default_factory=dict)  # version n -> n + 1
    tag_at: int = 0
    load: Callable[[str], Any] = unchanged  # the text after the tag -> the value (ValueError: malformed)
    dump: Callable[[Any], str] = unchanged

    def __post_init__(self) -> None:
        oldest = min(self.migrations, default=self.current)
        if self.current < 1 or sorted(self.migrations) != list(range(oldest, self.current)):
            raise ValueError("one migration per version before the current one, in turn")

    @property
    def tag(self) -> str:
        return f"v{self.current}"

    def write(self, value: T) -> str:
        """The value as the URL carries it, tagged with the current version."""
        fields = self.dump(value).split(self.separator, self.tag_at)
        if len(fields) < self.tag_at:  # nothing stands before the tag's place: a value the page never writes
            raise ValueError(f"a value with fewer than {self.tag_at} fields before its tag")
        fields.insert(self.tag_at, self.tag)
        return self.separator.join(fields)

    def read(self, text: str) -> Read[T]:
        """The value in the current format, or the problem that stopped it (never an exception)."""
        fields = text.split(self.separator, self.tag_at + 1)
        version = UNTAGGED
        if len(fields) > self.tag_at + 1 and _TAG.fullmatch(fields[self.tag_at]):
            tag = fields.pop(self.tag_at)
            version = int(tag[1:])
            if tag != f"v{version}" or version == UNTAGGED or version not in (*self.migrations, self.current):
                return Read(None, None, "version")  # "v02" is no tag this app writes
        elif UNTAGGED not in self.migrations:
            return Read(None, None, "malformed")
        try:
            value = self.load(self.separator.join(fields))
        except ValueError:
            return Read(None, version, "malformed")
        for step in range(version, self.current):
            value = self.migrations[step](value)
            if value is None:
                return Read(None, version, "malformed")
        return Read(value, version)
