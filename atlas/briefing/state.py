"""The Briefing page's view state and the compact URL form of a briefing (key `b`).

`b` is "v2." + urlsafe base64 (no padding) of zlib-compressed JSON:
    {"t": "title", "tk": "Korean title",
     "v": [{"p": page, "q": {key: [values]}, "f": figure id, "t": title, "n": note, "tk": .., "nk": ..}, ...]}
(empty fields left out). The version tag and its migrations are urlstate.Versioned's, as for every
row value of a link (FORMAT). Links of the first version, "v1." + {"t": title, "v": [[page, query,
title, note], ...]}, still open through their migration: each of their views shows its page's first
figure (a v1 view stood for every figure of its page; the page says so once). A `b` never went
untagged, so an untagged one is refused.
Decoding never evaluates anything: it checks the version, the length, the decompressed
size (a zip bomb stops at MAX_JSON bytes), the JSON's shape (deep nesting, huge numbers) and
every string, and says what was wrong (`LinkProblem`) rather than guessing. Titles and notes
lose control characters and lone surrogates. The views' own queries are checked later by each
area's State.from_query, as for any link.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from atlas.briefing.model import (
    FIGURE_PAGES,
    MAX_BRIEFING_TITLE,
    MAX_NOTE,
    MAX_TITLE,
    MAX_VIEWS,
    Briefing,
    View,
    clean_figure_id,
    clean_text,
)
from atlas.core import urlstate

PAGE = "briefing"
URL_KEYS = ("b", "present", "slide", "presenter")
MAX_LEN = 6000  # characters of `b`: links stay well under the 8 kB many servers accept
MAX_JSON = 64_000  # bytes after decompression
MAX_KEYS = 24  # URL keys per view
MAX_VALUES = 60  # values per key
MAX_VALUE = 200  # characters per value
PROBLEMS = ("too_long", *urlstate.PROBLEMS)


class LinkProblem(ValueError):
    """The `b` of a link could not be read; `reason` is one of PROBLEMS."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _view_payload(v: View) -> dict[str, Any]:
    item: dict[str, Any] = {"p": v.page}
    for key, value in (("q", v.query_dict()), ("f", v.figure), ("t", v.title), ("n", v.note)):
        if value:
            item[key] = value
    for key, value in (("tk", v.title_ko), ("nk", v.note_ko)):
        if value:
            item[key] = value
    return item


def encode(briefing: Briefing) -> str:
    """The briefing as `b` (may exceed MAX_LEN: check fits_in_url before offering it as a link)."""
    payload: dict[str, Any] = {"v": [_view_payload(v) for v in briefing.views]}
    if briefing.title:
        payload["t"] = briefing.title
    if briefing.title_ko:
        payload["tk"] = briefing.title_ko
    return FORMAT.write(payload)


def _pack(payload: Any) -> str:
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def fits_in_url(encoded: str) -> bool:
    return len(encoded) <= MAX_LEN


def _inflate(body: str) -> bytes:
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as err:
        raise LinkProblem("malformed") from err
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(packed, MAX_JSON)
    except zlib.error as err:
        raise LinkProblem("malformed") from err
    if inflater.unconsumed_tail or not inflater.eof:  # larger than allowed, or cut short
        raise LinkProblem("malformed")
    return raw


def _text(value: Any, limit: int, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise LinkProblem("malformed")
    return clean_text(value[: limit * 2], limit, multiline)


def _value(value: Any) -> str:
    if not isinstance(value, str) or len(value) > MAX_VALUE:
        raise LinkProblem("malformed")
    cleaned = clean_text(value, MAX_VALUE)
    if cleaned != value:  # a code or a number never holds control characters or lone surrogates
        raise LinkProblem("malformed")
    return value


def _query(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict) or len(value) > MAX_KEYS:
        raise LinkProblem("malformed")
    out: dict[str, list[str]] = {}
    for key, values in value.items():
        if not isinstance(key, str) or not 0 < len(key) <= 32 or not isinstance(values, list):
            raise LinkProblem("malformed")
        if len(values) > MAX_VALUES:
            raise LinkProblem("malformed")
        out[_value(key)] = [_value(v) for v in values]
    return out


def _load(body: str) -> Any:
    try:
        return json.loads(_inflate(body).decode("utf-8"))
    # ValueError covers bad JSON and integers past Python's digit limit; RecursionError, deep nesting
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise LinkProblem("malformed") from err


def _v1_to_v2(payload: Any) -> Any:
    """A first-version payload in the current shape: each [page, query, title, note] a view with no figure
    (its page's first), and no Korean title (the first version had none). None when it is not one."""
    if not isinstance(payload, dict) or not isinstance(payload.get("v"), list):
        return None
    views: list[dict[str, Any]] = []
    for item in payload["v"]:
        if not isinstance(item, list) or not 2 <= len(item) <= 4:
            return None
        views.append(dict(zip(("p", "q", "t", "n"), item, strict=False)))
    return {"v": views, **({"t": payload["t"]} if "t" in payload else {})}


def _view(item: Any) -> tuple[str, dict[str, list[str]], dict[str, str]]:
    if not isinstance(item, dict) or not set(item) <= {"p", "q", "f", "t", "n", "tk", "nk"}:
        raise LinkProblem("malformed")
    figure = _text(item.get("f", ""), 80)
    if figure and not clean_figure_id(figure):
        raise LinkProblem("malformed")
    fields = {
        "figure": figure,
        "title": _text(item.get("t", ""), MAX_TITLE),
        "note": _text(item.get("n", ""), MAX_NOTE, True),
        "title_ko": _text(item.get("tk", ""), MAX_TITLE),
        "note_ko": _text(item.get("nk", ""), MAX_NOTE, True),
    }
    return _text(item.get("p"), 40), _query(item.get("q", {})), fields


FORMAT: urlstate.Versioned[Any] = urlstate.Versioned(".", current=2, migrations={1: _v1_to_v2}, load=_load, dump=_pack)


def decode(encoded: str) -> Briefing:
    """The briefing a `b` describes; LinkProblem when it cannot be read as it was written."""
    if len(encoded) > MAX_LEN:
        raise LinkProblem("too_long")
    read = FORMAT.read(encoded)
    payload = read.value
    if read.problem:
        raise LinkProblem(read.problem)
    if not isinstance(payload, dict) or not isinstance(payload.get("v"), list):
        raise LinkProblem("malformed")
    views: list[View] = []
    dropped = 0
    for item in payload["v"]:
        page, query, fields = _view(item)
        if page not in FIGURE_PAGES or len(views) >= MAX_VIEWS:
            dropped += 1
            continue
        views.append(View.of(page, query, **fields))
    return Briefing(
        views=tuple(views),
        title=_text(payload.get("t", ""), MAX_BRIEFING_TITLE),
        title_ko=_text(payload.get("tk", ""), MAX_BRIEFING_TITLE),
        dropped=dropped,
        migrated=read.version != FORMAT.current and bool(views),
    )


@dataclass(frozen=True)
class State:
    """What the Briefing page's URL says: the briefing (None when `b` is absent), presentation, slide."""

    briefing: Briefing | None = None
    present: bool = False
    slide: int = 1  # 1-based: the view shown in presentation mode
    problem: str = ""  # why `b` was not read: one of PROBLEMS, or ""
    presenter: bool = False  # the presenter's view (a second tab): this slide, the next, the note, a clock

    @classmethod
    def from_query(cls, query: Mapping[str, list[str]], data: object = None) -> tuple[State, tuple[str, ...]]:
        rejected: list[str] = []
        briefing, problem = None, ""
        b = list(query.get("b", []))
        if b:
            try:
                if len(b) != 1:
                    raise LinkProblem("malformed")
                briefing = decode(b[0])
            except LinkProblem as err:
                problem = err.reason
                rejected.append("b")
        switches = {}
        for key in ("present", "presenter"):
            switches[key] = False
            if key in query:
                values = list(query[key])
                if values in (["on"], ["off"]):
                    switches[key] = values == ["on"]
                else:
                    rejected.append(key)
        slide = 1
        if "slide" in query:
            values = list(query["slide"])
            if len(values) == 1 and re.fullmatch("[0-9]{1,3}", values[0]) and 1 <= int(values[0]) <= MAX_VIEWS:
                slide = int(values[0])
            else:
                rejected.append("slide")
        present = switches["present"] or switches["presenter"]
        return cls(briefing, present, slide, problem, switches["presenter"]), tuple(rejected)

    def to_query(self) -> dict[str, list[str]]:
        query: dict[str, list[str]] = {}
        if self.briefing is not None and (self.briefing.views or self.briefing.title):
            query["b"] = [encode(self.briefing)]
        if self.present:
            query["present"] = ["on"]
            if self.slide != 1:
                query["slide"] = [str(self.slide)]
            if self.presenter:
                query["presenter"] = ["on"]
        return query
