"""The Briefing page's view state and the compact URL form of a briefing (key `b`).

`b` is "v1." + urlsafe base64 (no padding) of zlib-compressed JSON:
    {"t": "briefing title", "v": [[page, {key: [values]}, title, note], ...]}
Decoding never evaluates anything: it checks the version, the length, the decompressed
size (a zip bomb stops at MAX_JSON bytes), the JSON's shape and every string, and says
what was wrong (`LinkProblem`) rather than guessing. The views' own queries are checked
later by each area's State.from_query, as for any link.
"""

from __future__ import annotations

import base64
import binascii
import json
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
)

PAGE = "briefing"
URL_KEYS = ("b", "present", "slide")
VERSION = "v1."
MAX_LEN = 6000  # characters of `b`: links stay well under the 8 kB many servers accept
MAX_JSON = 64_000  # bytes after decompression
MAX_KEYS = 24  # URL keys per view
MAX_VALUES = 60  # values per key
MAX_VALUE = 200  # characters per value
PROBLEMS = ("malformed", "too_long", "version")


class LinkProblem(ValueError):
    """The `b` of a link could not be read; `reason` is one of PROBLEMS."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def encode(briefing: Briefing) -> str:
    """The briefing as `b` (may exceed MAX_LEN: check fits_in_url before offering it as a link)."""
    payload: dict[str, Any] = {"v": [[v.page, v.query_dict(), v.title, v.note] for v in briefing.views]}
    if briefing.title:
        payload["t"] = briefing.title
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return VERSION + base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


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


def _text(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise LinkProblem("malformed")
    return value[:limit]


def _query(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict) or len(value) > MAX_KEYS:
        raise LinkProblem("malformed")
    out: dict[str, list[str]] = {}
    for key, values in value.items():
        if not isinstance(key, str) or not 0 < len(key) <= 32 or not isinstance(values, list):
            raise LinkProblem("malformed")
        if len(values) > MAX_VALUES or not all(isinstance(v, str) and len(v) <= MAX_VALUE for v in values):
            raise LinkProblem("malformed")
        out[key] = list(values)
    return out


def decode(encoded: str) -> Briefing:
    """The briefing a `b` describes; LinkProblem when it cannot be read as it was written."""
    if len(encoded) > MAX_LEN:
        raise LinkProblem("too_long")
    if not encoded.startswith(VERSION):
        newer = len(encoded) > 2 and encoded[0] == "v" and encoded[1].isdigit() and "." in encoded[:5]
        raise LinkProblem("version" if newer else "malformed")
    try:
        payload = json.loads(_inflate(encoded[len(VERSION) :]).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise LinkProblem("malformed") from err
    if not isinstance(payload, dict) or not isinstance(payload.get("v"), list):
        raise LinkProblem("malformed")
    views: list[View] = []
    dropped = 0
    for item in payload["v"]:
        if not isinstance(item, list) or not 2 <= len(item) <= 4:
            raise LinkProblem("malformed")
        page = _text(item[0], 40)
        query = _query(item[1])
        title = _text(item[2], MAX_TITLE) if len(item) > 2 else ""
        note = _text(item[3], MAX_NOTE) if len(item) > 3 else ""
        if page not in FIGURE_PAGES or len(views) >= MAX_VIEWS:
            dropped += 1
            continue
        views.append(View.of(page, query, title, note))
    title = _text(payload.get("t", ""), MAX_BRIEFING_TITLE)
    return Briefing(views=tuple(views), title=title, dropped=dropped)


@dataclass(frozen=True)
class State:
    """What the Briefing page's URL says: the briefing (None when `b` is absent), presentation, slide."""

    briefing: Briefing | None = None
    present: bool = False
    slide: int = 1  # 1-based: the view shown in presentation mode
    problem: str = ""  # why `b` was not read: one of PROBLEMS, or ""

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
        present = False
        if "present" in query:
            values = list(query["present"])
            if values in (["on"], ["off"]):
                present = values == ["on"]
            else:
                rejected.append("present")
        slide = 1
        if "slide" in query:
            values = list(query["slide"])
            if len(values) == 1 and values[0].isdigit() and 1 <= int(values[0]) <= MAX_VIEWS:
                slide = int(values[0])
            else:
                rejected.append("slide")
        return cls(briefing, present, slide, problem), tuple(rejected)

    def to_query(self) -> dict[str, list[str]]:
        query: dict[str, list[str]] = {}
        if self.briefing is not None and (self.briefing.views or self.briefing.title):
            query["b"] = [encode(self.briefing)]
        if self.present:
            query["present"] = ["on"]
            if self.slide != 1:
                query["slide"] = [str(self.slide)]
        return query
