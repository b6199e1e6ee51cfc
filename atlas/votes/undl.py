"""Read the UN Digital Library's "Security Council Voting Data" CSV (pure: no Streamlit, no network).

The file has one row per member per adopted resolution, with the columns in UNDL_COLUMNS; `ms_vote`
is Y, N, A or X (did not vote). Licence: non-commercial use with attribution (CITATION).

The parse is bounded by what the text inflates to, not by the upload's size: at most MAX_ROWS rows
and MAX_CELL characters a cell, read as a stream. Every problem raises UndlError naming the line and
the column, so a user or a maintainer can find it in the file at once.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

UNDL_COLUMNS: tuple[str, ...] = (
    "undl_id",
    "ms_code",
    "ms_name",
    "permanent_member",
    "ms_vote",
    "date",
    "resolution",
    "draft",
    "meeting",
    "description",
    "agenda",
    "subjects",
    "vote_note",
    "modality",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
)
CITATION = "United Nations Digital Library, Security Council Voting Data (non-commercial use with attribution)"
MAX_ROWS = 60_000  # about 4,000 resolutions x 15 members
MAX_CELL = 4_000
MAX_LINE = len(UNDL_COLUMNS) * (4 * MAX_CELL + 3) + 2  # bytes: a line of twenty full, quoted cells in any script
MAX_TEXT = 64 * 1024 * 1024  # bytes of text the whole file may inflate to (a full export is some tens of MB)
GZIP_MAGIC = b"\x1f\x8b"
VOTES = ("Y", "N", "A", "X")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RESOLUTION = re.compile(r"^S/RES/(\d+)\s*\((\d{4})\)$")


class UndlError(ValueError):
    """The file is not Security Council Voting Data as the UN Digital Library publishes it."""


@dataclass(frozen=True)
class UndlVote:
    resolution: str  # S/RES/2270(2016)
    number: int
    date: str  # YYYY-MM-DD
    draft: str
    meeting: str
    agenda: str
    member_iso3: str
    vote: str  # Y, N, A, X
    totals: tuple[int, int, int, int]  # yes, no, abstentions, non-voting
    link: str


def _lines(text: str) -> Iterator[str]:
    # keepends so the csv module sees quoted newlines exactly as written; the csv module's own
    # field limit (131,072 characters) stops a runaway quoted cell before MAX_CELL is checked
    yield from io.StringIO(text, newline="")


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def lines_of(content: bytes, max_text: int = MAX_TEXT, max_line: int = MAX_LINE) -> Iterator[str]:
    """The lines of an uploaded file as text, read as a stream: plain UTF-8 CSV, or the same gzipped
    (a whole export is larger than an upload may be; gzipped it is a fraction). Bounded by what it
    inflates to: at most max_text bytes of text in all and max_line in one line. Lines are split as
    bytes and decoded one by one (a newline byte is never part of another UTF-8 character), so a
    message names the line it is about."""
    raw: io.BufferedIOBase = io.BytesIO(content)
    if content[:2] == GZIP_MAGIC:
        raw = gzip.GzipFile(fileobj=raw)  # type: ignore[assignment]
    total, number = 0, 0
    try:
        while chunk := raw.readline(max_line + 1):
            number += 1
            total += len(chunk)
            if len(chunk) > max_line:
                raise UndlError(f"line {number}: longer than {_size(max_line)}; not a UNDL voting data line")
            if total > max_text:
                raise UndlError(f"line {number}: the text runs past {_size(max_text)}; larger than any UNDL export")
            try:
                yield chunk.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as err:
                raise UndlError(
                    f"line {number}: not UTF-8 text (byte 0x{chunk[err.start]:02x}); save the file as UTF-8 CSV"
                ) from None
    except (OSError, EOFError, zlib.error) as err:  # gzip.BadGzipFile is an OSError
        raise UndlError(f"a damaged gzip file ({err})") from None


def parse(text: str | Iterable[str], max_rows: int = MAX_ROWS, max_cell: int = MAX_CELL) -> Iterator[UndlVote]:
    """Stream the rows of a UNDL voting CSV as UndlVote, checking each against the format."""
    lines = _lines(text) if isinstance(text, str) else iter(text)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise UndlError("the file is empty; expected a header line with undl_id, ms_code, ...") from None
    except csv.Error as err:
        raise UndlError(f"line 1: not a CSV header ({err})") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in UNDL_COLUMNS if c not in header]
    if missing:
        raise UndlError(f"line 1: missing column(s) {', '.join(missing)}; is this the UNDL voting data file?")
    at = {c: header.index(c) for c in UNDL_COLUMNS}
    rows = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            raise UndlError(f"line {reader.line_num}: {err}") from None
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        rows += 1
        if rows > max_rows:
            raise UndlError(f"line {line}: more than {max_rows} rows; the file is larger than any UNDL export")
        if len(cells) != len(header):
            raise UndlError(f"line {line}: {len(cells)} cells, expected {len(header)} (one per column)")
        for name, i in at.items():
            if len(cells[i]) > max_cell:
                raise UndlError(f"line {line}, column '{name}': a cell longer than {max_cell} characters")
        yield _vote(line, {name: cells[i].strip() for name, i in at.items()})


def _vote(line: int, row: dict[str, str]) -> UndlVote:
    def fail(column: str, expected: str) -> UndlError:
        return UndlError(f"line {line}, column '{column}': expected {expected}, found {row[column]!r}")

    m = _RESOLUTION.match(row["resolution"])
    if not m:
        raise fail("resolution", "a resolution symbol like S/RES/2270 (2016)")
    if not _DATE.match(row["date"]):
        raise fail("date", "a date as YYYY-MM-DD")
    if row["date"][:4] != m.group(2):
        raise UndlError(
            f"line {line}, column 'date': {row['date']} is not in {m.group(2)}, the year of {row['resolution']}"
        )
    code = row["ms_code"].upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise fail("ms_code", "an ISO 3166-1 alpha-3 code")
    vote = row["ms_vote"].upper()
    if vote not in VOTES:
        raise fail("ms_vote", "one of Y, N, A, X")
    totals = []
    for column in ("total_yes", "total_no", "total_abstentions", "total_non_voting"):
        if not row[column].isdigit() or int(row[column]) > 15:
            raise fail(column, "a whole number from 0 to 15")
        totals.append(int(row[column]))
    return UndlVote(
        resolution=f"S/RES/{int(m.group(1))}({m.group(2)})",
        number=int(m.group(1)),
        date=row["date"],
        draft=row["draft"],
        meeting=row["meeting"],
        agenda=" ".join(row["agenda"].split()),
        member_iso3=code,
        vote=vote,
        totals=(totals[0], totals[1], totals[2], totals[3]),
        link=row["undl_link"],
    )


def by_resolution(votes: Iterable[UndlVote]) -> dict[str, list[UndlVote]]:
    """Group the votes by resolution and check each group: fifteen members, once each, totals as counted."""
    groups: dict[str, list[UndlVote]] = {}
    for v in votes:
        groups.setdefault(v.resolution, []).append(v)
    for symbol, group in groups.items():
        members = [v.member_iso3 for v in group]
        twice = sorted({m for m in members if members.count(m) > 1})
        if twice:
            raise UndlError(f"{symbol}: {', '.join(twice)} vote(s) more than once")
        if len(group) != 15:
            raise UndlError(f"{symbol}: {len(group)} member rows, expected 15")
        counted = tuple(sum(1 for v in group if v.vote == k) for k in VOTES)
        if counted != group[0].totals:
            raise UndlError(
                f"{symbol}: the totals say {'-'.join(map(str, group[0].totals))} (yes-no-abstain-non-voting), "
                f"the member rows count {'-'.join(map(str, counted))}"
            )
        if len({(v.date, v.totals) for v in group}) != 1:
            raise UndlError(f"{symbol}: its rows disagree on the date or the totals")
    return groups
