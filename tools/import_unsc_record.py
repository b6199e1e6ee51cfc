"""Rebuild the Security Council record in data/ from a public compilation, validated by rule.

    python tools/import_unsc_record.py sc_voting.xlsx DPPA-SCMEMBERSHIP.csv [--data DIR] [--dry-run]
        [--compilation-ref oliverunv/Voting-Agent@50cbeca:data/sc_voting.xlsx]
        [--membership-ref tanxpyox/io-unsc@b1ad634:DPPA-SCMEMBERSHIP.csv]

The compilation (one row per member per vote) is a finding aid, never the cited source: each
imported decision cites the UN document itself by symbol (undocs.org). Every decision is checked
by rule before it enters the record:
  - fifteen votes, one from each member of that year's Council (membership table);
  - the outcome agrees with Article 27 (adopted = at least nine yes and no permanent member's no,
    procedural votes listed in PROCEDURAL) and "adopted unanimously" means every vote is yes;
  - resolution numbers, and meeting numbers, rise with their dates (a day/month swap breaks this);
  - one decision per symbol.
A date a rule catches is fixed only when swapping day and month restores the order and the
swapped date is the only permutation that does (or a UN page in data/unsc_record_checks.csv
confirms it; such a date also anchors the order); the row's notes say which. A row whose votes the
compilation gives wrongly (its 1995 rows list another year's members) takes the fifteen votes a UN page
lists, from the same file (field `votes`, read in the UN Digital Library's record of the resolution);
fields `resolution`, `meeting` and `agenda` (AGENDA ITEM|SUB-ITEM, in the compilation's wording of that
item) replace a symbol, meeting record or agenda item the compilation gives wrongly, each with a note.
Whatever stays unresolved is kept out of the record and listed in data/notes/unsc_record_report.md.
Curated rows (compiled_from = curated) win over compiled ones; every decision both hold is compared
member by member and disagreements printed.
Topics and regions come from data/unsc_topic_rules.csv (first matching rule), curated topics on top.
An imported row's English title is "{kind} on {sub-item}" (drafts and amendments add "(submitted by
...)"). Its Korean title (`title_ko`) is generated from data/unsc_subject_ko.csv, the Korean for
each sub-item the compilation names (a sub-item missing from it stops the import and is named):
"{sub-item} 관련 결의", "... 관련 결의안 초안", "... 관련 수정안", plus " (... 제출)" when every
submitter has a Korean name: data/countries.csv by English name or by ISO code (read as iso3()
reads names), else pycountry's Korean translation as tools/build_countries.py takes it. If any
submitter has none, the Korean title names no submitters. Curated rows keep their own `title_ko`.
Prints rows added, changed and removed per file; with --dry-run nothing is written.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import gettext
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pycountry  # noqa: E402

# The record's provenance words, the rule table and its reading are shared with the app's merge of
# the UN Digital Library file: one definition of each, in atlas.
from atlas.votes.record_merge import CURATED, UNDOCS, RecordError, Rule, classify, read_csv, read_rules  # noqa: E402, F401

DECISION_COLUMNS = [
    "decision_id",
    "date",
    "symbol",
    "draft_symbol",
    "topic",
    "title",
    "title_ko",
    "outcome",
    "procedural",
    "meeting_record",
    "yes",
    "no",
    "abstain",
    "source_url",
    "source_tier",
    "notes",
    "agenda",
    "region",
    "compiled_from",
    "checked_against",
]
VOTE_COLUMNS = ["decision_id", "member_iso3", "vote"]
MEMBERSHIP_COLUMNS = ["year", "member_iso3", "seat"]
FIRST_YEAR = 1994
P5 = ("CHN", "FRA", "GBR", "RUS", "USA")

# Votes the Council took as procedural (no veto applies), by symbol, with the UN page saying so.
PROCEDURAL: dict[str, str] = {
    "S/RES/2623(2022)": "https://press.un.org/en/2022/sc14809.doc.htm",
}

# Names the compilation and the DPPA table use that pycountry does not resolve to the right code
# (misspellings, UN short forms, former names). Everything else must match pycountry exactly.
ALIASES: dict[str, str] = {
    "Ethipia": "ETH",
    "Bolivia": "BOL",
    "Bolivia (Plurinational State of)": "BOL",
    "Czech Republic": "CZE",
    "Czechia": "CZE",
    "Democratic Republic of the Congo": "COD",
    "Former Yugoslav Republic of Macedonia": "MKD",
    "Côte d'Ivoire": "CIV",
    "Cote d'Ivoire": "CIV",
    "Congo": "COG",
    "Republic of Korea": "KOR",
    "Russian Federation": "RUS",
    "Syria": "SYR",
    "Syrian Arab Republic": "SYR",
    "Tanzania": "TZA",
    "United Republic of Tanzania": "TZA",
    "Turkey": "TUR",
    "Türkiye": "TUR",
    "United Kingdom": "GBR",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "United States": "USA",
    "United States of America": "USA",
    "Venezuela": "VEN",
    "Venezuela (Bolivarian Republic of)": "VEN",
    "Viet Nam": "VNM",
}
VOTE_CODES = {"Yes": "Y", "No": "N", "Abstain": "A"}
OUTCOMES = {
    "Adopted unanimously": "adopted",
    "Adopted by majority": "adopted",
    "Adopted by consensus": "adopted",
    "Adopted by acclamation": "adopted",
    "Not adopted - veto": "vetoed",
    "Not adopted - failed to receive required number of votes": "failed",
}
XLSX_COLUMNS = (
    "Year",
    "Date,",
    "Resolution",
    "Meeting",
    "Draft",
    "Agenda item",
    "Category",
    "Region",
    "Submitted by",
    "Outcome results",
    "Vote",
    "Member State",
    "ID",
    "Membership_Status",
    "Topic",
)


def iso3(name: str) -> str | None:
    name = " ".join(str(name).split())
    if name in ALIASES:
        return ALIASES[name]
    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        return None


# ---------------------------------------------------------------- Korean titles
KIND_KO = {"Resolution": "결의", "Draft resolution": "결의안 초안", "Amendment": "수정안"}


def read_subjects_ko(path: Path) -> dict[str, str]:
    """data/unsc_subject_ko.csv: the Korean for each sub-item the compilation names."""
    rows = read_csv(path)
    if not rows:
        raise RecordError(f"{path.name}: missing or empty (the Korean for each of the compilation's sub-items)")
    out: dict[str, str] = {}
    for line, r in enumerate(rows, start=2):
        en, ko = " ".join(r.get("subject_en", "").split()), r.get("subject_ko", "")
        if not en or not ko:
            raise RecordError(f"{path.name}, line {line}: both subject_en and subject_ko must be filled")
        if en in out:
            raise RecordError(f"{path.name}, line {line}: subject_en {en!r} given twice")
        out[en] = ko
    return out


@functools.cache
def _pycountry_ko() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"])


@dataclass
class KoreanNames:
    """Korean country names: data/countries.csv by English name, then by code (names the alias table and
    pycountry read), then pycountry's Korean translation as tools/build_countries.py takes it."""

    by_name: dict[str, str]
    by_code: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> KoreanNames:
        rows = read_csv(path)
        if not rows:
            raise RecordError(f"{path.name}: missing or empty (the Korean country names)")
        return cls({r["name_en"]: r["name_ko"] for r in rows}, {r["iso3"]: r["name_ko"] for r in rows})

    def of(self, name: str) -> str | None:
        name = " ".join(name.replace("\u2019", "'").split())
        if name in self.by_name:
            return self.by_name[name]
        code = iso3(name) if name else None
        if code is None:
            return None
        if code in self.by_code:
            return self.by_code[code]
        country = pycountry.countries.get(alpha_3=code)
        if country is None:
            return None
        ko = _pycountry_ko().gettext(country.name)
        return ko if ko != country.name else None  # gettext gives the English back when it has no Korean

    def submitters(self, by: str) -> str | None:
        """The Korean of "Belarus, China, Nicaragua and Syrian Arab Republic", or None if a name has none."""
        out: list[str] = []
        for part in (p.strip() for p in by.split(",")):
            if not part:
                continue
            ko = self.of(part)
            if ko is None and " and " in part:
                pieces = [self.of(p) for p in part.split(" and ")]
                if all(pieces):
                    out += [p for p in pieces if p]
                    continue
            if ko is None:
                return None
            out.append(ko)
        return "·".join(out) or None


def _subject(c: Compiled) -> str:
    return c.subject or c.agenda


def check_subjects(compiled: list[Compiled], subjects_ko: dict[str, str]) -> None:
    """Every sub-item the compilation names has its Korean in data/unsc_subject_ko.csv, or the import stops."""
    missing = sorted({_subject(c) for c in compiled} - set(subjects_ko))
    if missing:
        raise RecordError(
            f"unsc_subject_ko.csv has no Korean for {len(missing)} of the compilation's sub-items "
            f"(add a row for each): {'; '.join(repr(m) for m in missing)}"
        )


def _kind(c: Compiled) -> str:
    return "Resolution" if c.outcome == "adopted" else "Amendment" if c.amendment else "Draft resolution"


def _submitted_by(c: Compiled) -> str:
    """Who submitted a draft or amendment, as the English title names them ("" for a resolution)."""
    if c.outcome == "adopted" or not c.submitted_by or c.submitted_by in ("-none-",):
        return ""
    return c.submitted_by


def korean_title(c: Compiled, subjects_ko: dict[str, str], names: KoreanNames) -> str:
    """The Korean of the English title _row gives: "{sub-item} 관련 결의" etc., submitters where all map."""
    title = f"{subjects_ko[_subject(c)]} 관련 {KIND_KO[_kind(c)]}"
    by = _submitted_by(c)
    submitters = names.submitters(by) if by else None
    return f"{title} ({submitters} 제출)" if submitters else title


# ---------------------------------------------------------------- reading the inputs
@dataclass
class Compiled:
    """One vote as the compilation lists it (all its member rows folded together)."""

    cid: int
    date: dt.date
    resolution: str  # S/RES/n(yyyy) or ""
    res_number: int | None
    draft: str  # normalised draft or amendment symbol, or ""
    draft_raw: str
    amendment: str  # "", "amendment", "oral amendment N"
    meeting: str  # S/PV.nnnn or ""
    meeting_number: int | None
    meeting_raw: str
    agenda: str
    subject: str  # the compilation's "Topic" (a sub-item such as "Middle East (Syria)")
    submitted_by: str
    outcome_label: str
    outcome: str
    votes: list[tuple[str, str, str]] = field(default_factory=list)  # (raw name, iso3 or "", Y/N/A)
    date_note: str = ""
    x_note: str = ""
    draft_note: str = ""
    votes_note: str = ""
    symbol_note: str = ""
    meeting_note: str = ""
    agenda_note: str = ""
    date_changed: bool = False  # by the swap rule or a UN page
    date_confirmed: bool = False  # read on a UN page (a `date` or `checked` check): an anchor of the order rule
    checked_against: str = ""


SYMBOL = re.compile(r"[Ss]/(\d{4})[/-](\d+)")


def _resolution(raw: str) -> tuple[str, int | None]:
    m = re.search(r"(?:S/RES/|Resolution\s+|^\s*)(\d{3,4})\s*(?:\((\d{4})\)|/(\d{4}))?", raw)
    if not m or "RES" not in raw.upper() and not re.match(r"^\s*(Resolution\s+)?\d", raw):
        return "", None
    number = int(m.group(1))
    year = m.group(2) or m.group(3)
    return (f"S/RES/{number}({year})" if year else f"S/RES/{number}"), number


def read_compilation(path: Path) -> list[Compiled]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a file that is not a workbook
        raise RecordError(f"{path.name}: not an Excel workbook ({err})") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = tuple(str(c).strip() if c is not None else "" for c in next(rows))
    if header[: len(XLSX_COLUMNS)] != XLSX_COLUMNS:
        raise RecordError(f"{path.name}: expected the columns {', '.join(XLSX_COLUMNS)}; found {', '.join(header)}")
    col = {name: i for i, name in enumerate(XLSX_COLUMNS)}
    out: dict[int, Compiled] = {}
    for line, row in enumerate(rows, start=2):
        if row is None or all(c is None for c in row):
            continue

        def get(name: str, row: tuple[object, ...] = row) -> str:
            v = row[col[name]]
            return "" if v is None else str(v).strip()

        try:
            cid = int(float(get("ID")))
        except ValueError:
            raise RecordError(
                f"{path.name}, line {line}, column 'ID': expected a number, found {get('ID')!r}"
            ) from None
        when = row[col["Date,"]]
        if not isinstance(when, dt.datetime | dt.date):
            raise RecordError(f"{path.name}, line {line}, column 'Date,': expected a date, found {when!r}")
        vote = VOTE_CODES.get(get("Vote"))
        if vote is None:
            raise RecordError(
                f"{path.name}, line {line}, column 'Vote': expected Yes, No or Abstain, found {get('Vote')!r}"
            )
        label = get("Outcome results")
        if label not in OUTCOMES:
            raise RecordError(f"{path.name}, line {line}, column 'Outcome results': unknown outcome {label!r}")
        member = get("Member State")
        if cid not in out:
            out[cid] = _decision(cid, when, get, label)
        out[cid].votes.append((member, iso3(member) or "", vote))
    return [out[k] for k in sorted(out)]


def _decision(cid: int, when: dt.date, get, label: str) -> Compiled:  # type: ignore[no-untyped-def]
    date = when.date() if isinstance(when, dt.datetime) else when
    res_raw, draft_raw = get("Resolution"), get("Draft")
    # One vote has its resolution and draft cells swapped: read each by what it holds.
    if "RES" in draft_raw.upper() and "RES" not in res_raw.upper():
        res_raw, draft_raw = draft_raw, res_raw
    resolution, number = _resolution(res_raw) if res_raw and res_raw != "Missing" else ("", None)
    if resolution and "(" not in resolution:
        resolution = f"{resolution}({date.year})"
    m = SYMBOL.search(draft_raw)
    draft = f"S/{m.group(1)}/{int(m.group(2))}" if m and "RES" not in draft_raw.upper() else ""
    low = draft_raw.lower()
    amendment = ""
    if low.startswith("oral amendment"):
        amendment = low
        draft = ""
    elif "amendment" in low and "amended" not in low:
        amendment = "amendment"
    meeting_raw = get("Meeting")
    mm = re.fullmatch(r"(?:S/)?(?:PV\.)?(\d+)(?:\.0)?", meeting_raw)
    meeting_number = int(mm.group(1)) if mm else None
    return Compiled(
        cid=cid,
        date=date,
        resolution=resolution,
        res_number=number,
        draft=draft,
        draft_raw=draft_raw,
        amendment=amendment,
        meeting=f"S/PV.{meeting_number}" if meeting_number else "",
        meeting_number=meeting_number,
        meeting_raw=meeting_raw,
        agenda=" ".join(get("Agenda item").split()),
        subject=" ".join(get("Topic").split()),
        submitted_by=get("Submitted by"),
        outcome_label=label,
        outcome=OUTCOMES[label],
    )


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, columns, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


# ---------------------------------------------------------------- membership
def build_membership(
    dppa: Path, curated: list[dict[str, str]], compiled: list[Compiled], problems: list[str]
) -> dict[int, dict[str, str]]:
    """Members per year: the curated file's years as they are; other years from the DPPA table.

    The DPPA table leaves a name empty in some years (a character it could not encode); such a
    seat is filled only when that year's compiled votes name exactly one member the table lacks."""
    years: dict[int, dict[str, str]] = defaultdict(dict)
    for r in curated:
        years[int(r["year"])][r["member_iso3"].upper()] = r["seat"]
    curated_years = set(years)
    table: dict[int, set[str]] = defaultdict(set)
    blanks: Counter[int] = Counter()
    for line, r in enumerate(read_csv(dppa), start=2):
        year = int(r["year"])
        if year < FIRST_YEAR:
            continue
        name = r.get("security_council_member", "")
        if not name:
            blanks[year] += 1
            continue
        code = iso3(name)
        if code is None:
            raise RecordError(f"{dppa.name}, line {line}, column 'security_council_member': no ISO3 code for {name!r}")
        table[year].add(code)
    voters: dict[int, Counter[str]] = defaultdict(Counter)
    for c in compiled:
        for _, code, _ in c.votes:
            if code:
                voters[c.date.year][code] += 1
    for year in sorted(table):
        members = set(table[year])
        if blanks[year]:
            extra = sorted(k for k in voters[year] if k not in members)
            if len(extra) == blanks[year]:
                members |= set(extra)
                problems.append(
                    f"membership {year}: the DPPA table has {blanks[year]} empty name(s); filled with "
                    f"{', '.join(extra)}, the only member(s) that year's compiled votes name and the table lacks"
                )
            else:
                problems.append(f"membership {year}: {blanks[year]} empty name(s) in the DPPA table, not resolved")
        if year in curated_years:
            if members != set(years[year]):
                problems.append(
                    f"membership {year}: the DPPA table differs from the curated file (curated kept): "
                    f"table only {sorted(members - set(years[year]))}, "
                    f"curated only {sorted(set(years[year]) - members)}"
                )
            continue
        years[year] = {k: ("permanent" if k in P5 else "elected") for k in members}
    return dict(sorted(years.items()))


# ---------------------------------------------------------------- rules
def longest_ordered(seq: list[tuple[int, dt.date]]) -> set[int]:
    """Indexes of a longest run (not necessarily contiguous) whose dates never decrease."""
    import bisect

    tails: list[dt.date] = []
    tail_idx: list[int] = []
    prev = [-1] * len(seq)
    for i, (_, d) in enumerate(seq):
        k = bisect.bisect_right(tails, d)
        if k == len(tails):
            tails.append(d)
            tail_idx.append(i)
        else:
            tails[k] = d
            tail_idx[k] = i
        prev[i] = tail_idx[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_idx[-1] if tail_idx else -1
    while i >= 0:
        keep.add(i)
        i = prev[i]
    return keep


def swapped(d: dt.date) -> dt.date | None:
    if d.day > 12 or d.day == d.month:
        return None
    return dt.date(d.year, d.day, d.month)


def fix_order(items: list[Compiled], key: str, what: str, unresolved: dict[int, list[str]]) -> int:
    """Fix dates that break the order of `key` by a day/month swap when it is the only valid one."""
    seq = sorted((getattr(c, key), c.date, c.cid) for c in items if getattr(c, key) is not None)
    by_id = {c.cid: c for c in items}
    # A date read on a UN page is an anchor: the order is taken from the longest run that keeps every
    # anchor, so a wrong date next to a confirmed one is the one fixed or held out, never the anchor.
    anchors = [(n, d) for n, d, cid in seq if by_id[cid].date_confirmed]
    eligible = [
        i
        for i, (n, d, cid) in enumerate(seq)
        if by_id[cid].date_confirmed or not any((n > an) != (d > ad) and d != ad for an, ad in anchors if n != an)
    ]
    keep = {eligible[k] for k in longest_ordered([(seq[i][0], seq[i][1]) for i in eligible])}
    fixed = 0
    for i, (number, date, cid) in enumerate(seq):
        if i in keep:
            continue
        lo = max((seq[j][1] for j in range(i) if j in keep), default=dt.date.min)
        hi = min((seq[j][1] for j in range(i + 1, len(seq)) if j in keep), default=dt.date.max)
        alt = swapped(date)
        c = by_id[cid]
        if alt and lo <= alt <= hi and not c.date_confirmed:
            c.date_note = (
                f"Date: the compilation gives {date.isoformat()}, which breaks the order of {what}s "
                f"(neighbours {lo.isoformat()} .. {hi.isoformat()}); swapping day and month gives "
                f"{alt.isoformat()}, the only permutation that restores it (rule)."
            )
            c.date = alt
            c.date_changed = True
            fixed += 1
        elif not c.date_confirmed:
            unresolved[cid].append(
                f"date {date.isoformat()} breaks the order of {what}s ({what} {number}; neighbours "
                f"{lo.isoformat()} .. {hi.isoformat()}) and no day/month swap restores it"
            )
    return fixed


def article_27(yes: int, p5_no: bool, procedural: bool) -> str:
    if yes >= 9 and (procedural or not p5_no):
        return "adopted"
    return "vetoed" if yes >= 9 else "failed"


# ---------------------------------------------------------------- ids, symbols, topics
def decision_key(c: Compiled) -> tuple[str, str]:
    """(decision_id, symbol) in the curated file's style."""
    if c.outcome == "adopted" and c.res_number:
        year = c.resolution[c.resolution.index("(") + 1 : -1]
        return f"S-RES-{c.res_number}-{year}", c.resolution
    if c.amendment == "amendment" and c.draft:
        # "S/2020/24 amendment" or "S/2016/239 (amendment)": whether the symbol is the amended draft or
        # the amendment itself the cell does not say, so the id and symbol say "amendment" beside it.
        y, n = c.draft.split("/")[1:]
        where = f"S/PV.{c.meeting_number} " if c.meeting_number else ""
        return f"S-{y}-{n}-AMENDMENT", f"{where}amendment ({c.draft})".strip()
    if c.draft:
        y, n = c.draft.split("/")[1:]
        return f"S-{y}-{n}", c.draft
    if c.amendment.startswith("oral amendment") and c.meeting_number:
        k = re.sub(r"\D", "", c.amendment) or "1"
        return f"S-PV-{c.meeting_number}-ORAL-{k}", f"S/PV.{c.meeting_number} oral amendment {k}"
    if c.meeting_number:
        return f"S-PV-{c.meeting_number}", f"S/PV.{c.meeting_number} draft"
    return "", ""


# ---------------------------------------------------------------- checks confirmed on UN pages
def read_checks(path: Path) -> dict[int, list[dict[str, str]]]:
    """data/unsc_record_checks.csv: what a person read on a UN page about a compiled row."""
    out: dict[int, list[dict[str, str]]] = defaultdict(list)
    for r in read_csv(path):
        out[int(r["compiled_id"])].append(r)
    return out


def apply_checks(c: Compiled, checks: list[dict[str, str]], dropped: dict[int, str]) -> None:
    for r in checks:
        if r["field"] == "date":
            old = c.date
            c.date = dt.date.fromisoformat(r["value"])
            c.checked_against = r["checked_against"]
            c.date_confirmed = True
            c.date_changed = c.date != old
            c.date_note = (
                f"Date: the compilation gives {old.isoformat()}; {c.date.isoformat()} per the UN page "
                f"{r['checked_against']} (confirmed). {r['note']}"
                if c.date != old
                else f"Date confirmed on the UN page {r['checked_against']}. {r['note']}"
            ).strip()
        elif r["field"] == "votes":
            # The fifteen votes as a UN page lists them (CODE=VOTE;...), replacing the compilation's.
            listed = [pair.split("=") for pair in r["value"].split(";")]
            if any(len(p) != 2 or p[1] not in ("Y", "N", "A", "X") for p in listed):
                raise RecordError(f"unsc_record_checks.csv: id {c.cid}: votes must read CODE=Y|N|A|X;...")
            theirs = ", ".join(sorted(code for _, code, _ in c.votes if code)) or "none"
            c.votes = [("", code, vote) for code, vote in listed]
            c.checked_against = r["checked_against"]
            c.votes_note = (
                f"Votes: the compilation lists the votes of {theirs}; the fifteen votes here are the UN page's "
                f"{r['checked_against']}. {r['note']}".strip()
            )
            if c.outcome_label == "Adopted unanimously" and any(v != "Y" for _, v in listed):
                # The UN page's votes win over the compilation's word for them; Article 27 still applies.
                c.votes_note += " The compilation calls it adopted unanimously; the UN page's votes are not all yes."
                c.outcome_label = "Adopted (votes per the UN page)"
        elif r["field"] == "resolution":
            # The symbol as the UN page gives it (the compilation has typos such as S/RES/1588(2055)).
            written = c.resolution
            if not re.fullmatch(r"S/RES/[0-9]+\([0-9]{4}\)", r["value"]):
                raise RecordError(f"unsc_record_checks.csv: id {c.cid}: a resolution reads S/RES/<n>(<year>)")
            c.resolution, c.res_number = _resolution(r["value"])
            c.checked_against = r["checked_against"]
            c.symbol_note = f"Symbol: the compilation writes {written}; {c.resolution} per {r['checked_against']}."
        elif r["field"] == "meeting":
            # The meeting record as the UN page gives it (the compilation gives 1751 (2007) the meeting of 1720 (2006)).
            m = re.fullmatch(r"S/PV\.([0-9]+)", r["value"])
            if not m:
                raise RecordError(f"unsc_record_checks.csv: id {c.cid}: a meeting reads S/PV.<n>")
            written = c.meeting or "no meeting"
            c.meeting, c.meeting_number = r["value"], int(m.group(1))
            c.checked_against = r["checked_against"]
            c.meeting_note = f"Meeting: the compilation writes {written}; {c.meeting} per {r['checked_against']}."
        elif r["field"] == "agenda":
            # The agenda item as the UN page gives it, in the compilation's wording of that item
            # (AGENDA|SUB-ITEM), so that topic, region and the Korean title follow the same rules as other rows.
            agenda, _, subject = r["value"].partition("|")
            if not agenda or not subject:
                raise RecordError(f"unsc_record_checks.csv: id {c.cid}: an agenda reads <agenda item>|<sub-item>")
            c.agenda_note = (
                f"Agenda: the compilation gives '{c.agenda}' ({c.subject}); '{agenda}' per {r['checked_against']}."
            )
            c.agenda, c.subject = agenda, subject
            c.checked_against = r["checked_against"]
        elif r["field"] == "drop":
            dropped[c.cid] = f"{r['note']} (checked against {r['checked_against']})"
        elif r["field"] == "checked":  # the whole row, its date included, read on the UN page
            c.checked_against = r["checked_against"]
            c.date_confirmed = True
        else:
            raise RecordError(f"unsc_record_checks.csv: unknown field {r['field']!r} for id {c.cid}")


# ---------------------------------------------------------------- the build
@dataclass
class Build:
    decisions: list[dict[str, str]]
    votes: list[dict[str, str]]
    membership: list[dict[str, str]]
    report: list[str]
    log: list[str]


def build(xlsx: Path, dppa: Path, data_dir: Path, compilation_ref: str, membership_ref: str) -> Build:
    compiled = read_compilation(xlsx)
    subjects_ko = read_subjects_ko(data_dir / "unsc_subject_ko.csv")
    check_subjects(compiled, subjects_ko)
    names = KoreanNames.read(data_dir / "countries.csv")
    rules = read_rules(data_dir / "unsc_topic_rules.csv")
    checks = read_checks(data_dir / "unsc_record_checks.csv")
    old_decisions = read_csv(data_dir / "unsc_decisions.csv")
    old_votes = read_csv(data_dir / "unsc_votes.csv")
    # A file without compiled_from is the curated file from before the record: every row is curated.
    curated = [r for r in old_decisions if r.get("compiled_from", CURATED) in ("", CURATED)]
    curated_ids = {r["decision_id"] for r in curated}
    curated_votes: dict[str, dict[str, str]] = defaultdict(dict)
    for r in old_votes:
        if r["decision_id"] in curated_ids:
            curated_votes[r["decision_id"]][r["member_iso3"].upper()] = r["vote"].upper()
    old_membership = read_csv(data_dir / "unsc_membership.csv")

    problems: list[str] = []
    membership = build_membership(dppa, old_membership, compiled, problems)
    unresolved: dict[int, list[str]] = defaultdict(list)
    dropped: dict[int, str] = {}
    for c in compiled:
        apply_checks(c, checks.get(c.cid, []), dropped)
    check_subjects(compiled, subjects_ko)  # an `agenda` check may name another sub-item
    live = [c for c in compiled if c.cid not in dropped]

    # Names the alias table and pycountry cannot read are listed, never guessed.
    unknown = sorted({name for c in live for name, code, _ in c.votes if not code})
    for c in live:
        if any(not code for _, code, _ in c.votes):
            unresolved[c.cid].append(f"member name(s) with no ISO3 code: {unknown}")

    # Duplicates: the same symbol twice. Keep the row whose outcome its own votes support.
    by_symbol: dict[str, list[Compiled]] = defaultdict(list)
    for c in live:
        by_symbol[decision_key(c)[1] or f"#{c.cid}"].append(c)
    for symbol, group in sorted(by_symbol.items()):
        if len(group) < 2:
            continue
        agree = [c for c in group if _outcome_problem(c) is None]
        if len(agree) == 1:
            for c in group:
                if c is not agree[0]:
                    dropped[c.cid] = (
                        f"second row for {symbol}: its outcome ({c.outcome_label}) contradicts its votes; "
                        f"row {agree[0].cid}, whose outcome the votes support, is kept (rule)"
                    )
        else:
            for c in group:
                unresolved[c.cid].append(f"{symbol} appears {len(group)} times and the rule cannot tell which is right")
    live = [c for c in live if c.cid not in dropped]

    # A draft symbol given to two decisions cannot identify either: adopted resolutions keep their
    # S/RES symbol and lose the draft symbol; a failed or vetoed draft so named is kept out.
    draft_use: Counter[str] = Counter(c.draft for c in live if c.draft and c.amendment != "amendment")
    for c in live:
        if c.draft and c.amendment != "amendment" and draft_use[c.draft] > 1:
            if c.outcome == "adopted" and c.res_number:
                c.draft_note = f"Draft symbol left empty: the compilation gives {c.draft} to another vote as well."
                c.draft = ""
            else:
                unresolved[c.cid].append(f"draft symbol {c.draft} is also given to another vote")

    fixed_res = fix_order([c for c in live if c.outcome == "adopted"], "res_number", "resolution number", unresolved)
    fixed_mtg = fix_order([c for c in live if c.cid not in unresolved], "meeting_number", "meeting number", unresolved)
    log = [f"dates fixed by a day/month swap: {fixed_res} (resolution order), {fixed_mtg} (meeting order)"]

    for c in live:
        did, symbol = decision_key(c)
        if not did:
            unresolved[c.cid].append("no resolution, draft or meeting symbol to identify it")
        if c.resolution:
            year = int(c.resolution[c.resolution.index("(") + 1 : -1])
            if year != c.date.year:
                unresolved[c.cid].append(f"{c.resolution} dated {c.date.isoformat()} (another year)")
        members = membership.get(c.date.year)
        if members is None:
            unresolved[c.cid].append(f"no membership for {c.date.year}")
            continue
        cast = Counter(code for _, code, _ in c.votes if code)
        twice = sorted(k for k, n in cast.items() if n > 1)
        outside = sorted(set(cast) - set(members))
        absent = sorted(set(members) - set(cast))
        if not twice and not outside and len(absent) == 1 and len(c.votes) == 14:
            # The compilation lists the votes cast; a member of that year's Council it lists no vote
            # for did not vote (as Rwanda in July 1994, Syria on resolution 1483, Algeria on 2756).
            c.votes.append(("", absent[0], "X"))
            c.x_note = (
                f"The compilation lists no vote for {absent[0]}, a member in {c.date.year}: recorded as "
                "did not vote (X) (rule: its 14 listed votes are all from that year's members)."
            )
        elif twice or outside or absent or len(c.votes) != 15:
            unresolved[c.cid].append(
                f"{len(c.votes)} votes listed; twice {twice}, not on the {c.date.year} Council {outside}, "
                f"no vote listed for {absent}"
            )
        problem = _outcome_problem(c)
        if problem:
            unresolved[c.cid].append(problem)

    # ---- curated rows win; compare every decision both hold, member by member
    compiled_by_id: dict[str, Compiled] = {}
    for c in live:
        did, _ = decision_key(c)
        if did:
            compiled_by_id.setdefault(did, c)
    by_meeting: dict[str, list[Compiled]] = defaultdict(list)
    for c in live:
        if c.meeting_number:
            by_meeting[f"S-PV-{c.meeting_number}"].append(c)
    crosscheck: list[str] = []
    matched: dict[str, Compiled] = {}
    for r in curated:
        did = r["decision_id"]
        hit = compiled_by_id.get(did)
        if hit is None and did.startswith("S-PV-"):
            cands = [x for x in by_meeting.get(did, []) if x.outcome != "adopted"]
            hit = cands[0] if len(cands) == 1 else None
        if hit is None:
            crosscheck.append(f"{did}: not in the compilation (curated only)")
            continue
        matched[did] = c = hit
        diffs = []
        if c.date.isoformat() != r["date"]:
            diffs.append(f"date curated {r['date']}, compiled {c.date.isoformat()}")
        if c.outcome != r["outcome"]:
            diffs.append(f"outcome curated {r['outcome']}, compiled {c.outcome}")
        theirs = {code: v for _, code, v in c.votes if code}
        ours = curated_votes.get(did, {})
        for code in sorted(set(ours) | set(theirs)):
            if ours.get(code) != theirs.get(code):
                diffs.append(f"{code} curated {ours.get(code, '-')}, compiled {theirs.get(code, '-')}")
        tag = f"{did} (compiled row {c.cid}, {decision_key(c)[1]})"
        crosscheck.append(f"{tag}: " + ("; ".join(diffs) if diffs else "agrees member by member"))
    matched_cids = {c.cid for c in matched.values()}

    decisions: list[dict[str, str]] = []
    votes: list[dict[str, str]] = []
    for r in curated:
        found = matched.get(r["decision_id"])
        agenda = r.get("agenda") or (found.agenda if found else "")
        _, region = classify(rules, agenda, found.subject if found else "") if agenda else ("", "")
        if not region:
            region = {"ukraine": "europe", "dprk": "asia", "israel_gaza": "middle_east", "syria": "middle_east"}.get(
                r["topic"], r.get("region", "")
            )
        un_page = r["source_url"] if re.search(r"://(press|www|static)\.un\.org/|undocs\.org", r["source_url"]) else ""
        row = {k: r.get(k, "") for k in DECISION_COLUMNS}
        row.update(
            agenda=agenda,
            region=region,
            compiled_from=CURATED,
            checked_against=r.get("checked_against") or un_page,
        )
        decisions.append(row)
        for code, v in sorted(curated_votes.get(r["decision_id"], {}).items()):
            votes.append({"decision_id": r["decision_id"], "member_iso3": code, "vote": v})

    kept_out: list[Compiled] = []
    for c in live:
        if c.cid in matched_cids:
            continue
        if c.cid in unresolved:
            kept_out.append(c)
            continue
        did, symbol = decision_key(c)
        if did in curated_ids:
            continue
        topic, region = classify(rules, c.agenda, c.subject)
        tally = Counter(v for _, _, v in c.votes)
        title_ko = korean_title(c, subjects_ko, names)
        decisions.append(_row(c, did, symbol, topic, region, tally, compilation_ref, title_ko))
        for _, code, v in sorted(c.votes, key=lambda t: t[1]):
            votes.append({"decision_id": did, "member_iso3": code, "vote": v})

    order = {r["decision_id"]: (r["date"], _symbol_rank(r["symbol"]), r["decision_id"]) for r in decisions}
    decisions.sort(key=lambda r: order[r["decision_id"]])
    votes.sort(key=lambda r: (order[r["decision_id"]], r["member_iso3"]))
    members_rows = [
        {"year": str(y), "member_iso3": k, "seat": seat}
        for y, m in membership.items()
        for k, seat in sorted(m.items(), key=lambda kv: (kv[1] != "permanent", kv[0]))
    ]
    report = _report(
        compiled,
        live,
        dropped,
        unresolved,
        kept_out,
        crosscheck,
        problems,
        decisions,
        votes,
        members_rows,
        unknown,
        log,
        compilation_ref,
        membership_ref,
    )
    return Build(decisions, votes, members_rows, report, log + crosscheck)


def _symbol_rank(symbol: str) -> tuple[int, int]:
    m = re.match(r"S/RES/(\d+)", symbol)
    if m:
        return (0, int(m.group(1)))
    m = SYMBOL.match(symbol)
    return (1, int(m.group(2))) if m else (2, 0)


def _outcome_problem(c: Compiled) -> str | None:
    procedural = c.resolution in PROCEDURAL
    cast = {code: v for _, code, v in c.votes if code and v != "X"}
    yes = sum(1 for v in cast.values() if v == "Y")
    p5_no = any(cast.get(p) == "N" for p in P5)
    expected = article_27(yes, p5_no, procedural)
    if c.outcome != expected:
        return f"outcome '{c.outcome_label}' but its votes give {expected} under Article 27 ({yes} yes)"
    if c.outcome_label == "Adopted unanimously" and any(v != "Y" for v in cast.values()):
        return f"outcome 'Adopted unanimously' but its votes are {dict(sorted(Counter(cast.values()).items()))}"
    return None


def _row(  # noqa: PLR0913
    c: Compiled, did: str, symbol: str, topic: str, region: str, tally: Counter[str], ref: str, title_ko: str
) -> dict[str, str]:
    by = _submitted_by(c)
    title = f"{_kind(c)} on {_subject(c)}" + (f" (submitted by {by})" if by else "")
    url = f"{UNDOCS}{symbol.split(' ')[0]}"  # the draft, the resolution, or the meeting record
    notes = [
        f"Compiled from {ref} (row id {c.cid}): votes, date and outcome as listed there "
        f"(outcome given as '{c.outcome_label}'); not checked against a UN page."
        if not c.checked_against
        else f"Compiled from {ref} (row id {c.cid}); checked against {c.checked_against}."
    ]
    if c.date_note:
        notes.append(c.date_note)
    if c.symbol_note:
        notes.append(c.symbol_note)
    if c.meeting_note:
        notes.append(c.meeting_note)
    if c.agenda_note:
        notes.append(c.agenda_note)
    if c.votes_note:
        notes.append(c.votes_note)
    if c.x_note:
        notes.append(c.x_note)
    if c.draft_note:
        notes.append(c.draft_note)
    if c.meeting_raw and not c.meeting:
        notes.append(f"No meeting: the compilation gives '{c.meeting_raw}' (a vote by written procedure).")
    if c.amendment:
        notes.append(f"An amendment (the compilation's draft cell reads '{c.draft_raw}').")
    if c.draft_raw and c.draft and c.draft_raw != c.draft:
        notes.append(f"Draft as given: '{c.draft_raw}'.")
    procedural = c.resolution in PROCEDURAL
    return {
        "decision_id": did,
        "date": c.date.isoformat(),
        "symbol": symbol,
        "draft_symbol": "" if c.amendment == "amendment" else c.draft,
        "topic": topic,
        "title": title,
        "title_ko": title_ko,
        "outcome": c.outcome,
        "procedural": "true" if procedural else "false",
        "meeting_record": c.meeting,
        "yes": str(tally["Y"]),
        "no": str(tally["N"]),
        "abstain": str(tally["A"]),
        "source_url": url,
        "source_tier": "official",
        "notes": " ".join(notes),
        "agenda": c.agenda,
        "region": region,
        "compiled_from": f"{ref}#{c.cid}",
        "checked_against": c.checked_against,
    }


def _report(  # noqa: PLR0913
    compiled: list[Compiled],
    live: list[Compiled],
    dropped: dict[int, str],
    unresolved: dict[int, list[str]],
    kept_out: list[Compiled],
    crosscheck: list[str],
    problems: list[str],
    decisions: list[dict[str, str]],
    votes: list[dict[str, str]],
    members: list[dict[str, str]],
    unknown: list[str],
    log: list[str],
    compilation_ref: str,
    membership_ref: str,
) -> list[str]:
    date_fixed = [c for c in live if c.date_changed]
    n_cur = sum(1 for r in decisions if r["compiled_from"] == CURATED)
    out = [
        "# Security Council record: import report",
        "",
        "Generated by `tools/import_unsc_record.py`; do not edit by hand (rerun the tool).",
        f"Compilation: `{compilation_ref}` (a finding aid; each decision cites the UN document). "
        f"Membership: `{membership_ref}`.",
        "",
        "## Counts",
        "",
        f"- compiled votes read: {len(compiled)} ({sum(1 for c in compiled for v in c.votes if v[0])} member rows)",
        f"- dropped as duplicates or by a check on a UN page: {len(dropped)}",
        f"- kept out of the record, unresolved: {len(kept_out)}",
        f"- dates fixed by rule or a UN page: {len(date_fixed)} ({log[0]})",
        f"- decisions in data/unsc_decisions.csv: {len(decisions)} ({n_cur} curated, "
        f"{len(decisions) - n_cur} compiled); vote rows: {len(votes)}; membership rows: {len(members)} "
        f"({len({m['year'] for m in members})} years)",
        "- imported rows' `title_ko` is generated from data/unsc_subject_ko.csv (the Korean for each sub-item; "
        "submitters named only where every one has a Korean name)",
        f"- member names the alias table could not read: {unknown or 'none'}",
        "",
        "Unresolved votes are kept out of the record rather than flagged in it: the record's files must",
        "pass the same rules the app checks on load (fifteen votes from that year's members, Article 27),",
        "and a vote whose members or outcome are in doubt would otherwise be counted in agreement figures.",
        "",
        "## Membership",
        "",
        *([f"- {p}" for p in problems] or ["- no problems"]),
        "",
        "## Duplicates and rows dropped",
        "",
    ]
    for cid in sorted(dropped):
        out.append(f"- row {cid}: {dropped[cid]}")
    out += ["", "## Dates fixed", ""]
    for c in sorted(date_fixed, key=lambda c: c.cid):
        out.append(f"- row {c.cid} {decision_key(c)[1]}: {c.date_note}")
    out += ["", "## Did not vote (X) by rule", ""]
    for c in sorted((c for c in live if c.x_note and c.cid not in unresolved), key=lambda c: c.cid):
        out.append(f"- row {c.cid} {decision_key(c)[1]} {c.date.isoformat()}: {c.x_note}")
    out += ["", "## Unresolved (kept out of the record)", ""]
    for c in sorted(kept_out, key=lambda c: c.cid):
        out.append(
            f"- row {c.cid} {decision_key(c)[1] or '(no symbol)'} {c.date.isoformat()} {c.agenda[:60]!r}: "
            + "; ".join(unresolved[c.cid])
        )
    out += ["", "## Curated decisions cross-checked against the compilation", ""]
    out += [f"- {line}" for line in crosscheck]
    return out + [""]


# ---------------------------------------------------------------- diff and write
def diff(name: str, old: list[dict[str, str]], new: list[dict[str, str]], key: tuple[str, ...]) -> list[str]:
    def k(r: dict[str, str]) -> tuple[str, ...]:
        return tuple(r.get(c, "") for c in key)

    before, after = {k(r): r for r in old}, {k(r): r for r in new}
    added = [x for x in after if x not in before]
    removed = [x for x in before if x not in after]
    changed = []
    for x in after:
        if x in before:
            cols = [c for c in after[x] if before[x].get(c, "") != after[x][c]]
            if cols:
                changed.append((x, cols))
    lines = [f"{name}: {len(added)} added, {len(changed)} changed, {len(removed)} removed"]
    lines += [f"  + {'/'.join(x)}" for x in added[:20]] + (
        [f"  ... {len(added) - 20} more added"] if len(added) > 20 else []
    )
    lines += [f"  ~ {'/'.join(x)}: {', '.join(cols)}" for x, cols in changed[:20]]
    lines += [f"  ... {len(changed) - 20} more changed"] if len(changed) > 20 else []
    lines += [f"  - {'/'.join(x)}" for x in removed[:50]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("compilation", type=Path, help="sc_voting.xlsx from oliverunv/Voting-Agent")
    parser.add_argument("membership", type=Path, help="DPPA-SCMEMBERSHIP.csv from tanxpyox/io-unsc")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder (default: data/)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff, write nothing")
    parser.add_argument(
        "--compilation-ref", default="oliverunv/Voting-Agent@50cbeca:data/sc_voting.xlsx", help="repo@commit:path"
    )
    parser.add_argument("--membership-ref", default="tanxpyox/io-unsc@b1ad634:DPPA-SCMEMBERSHIP.csv")
    args = parser.parse_args(argv)
    try:
        b = build(args.compilation, args.membership, args.data, args.compilation_ref, args.membership_ref)
    except (RecordError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for line in b.log:
        print(line)
    files = {
        "unsc_decisions.csv": (DECISION_COLUMNS, b.decisions, ("decision_id",)),
        "unsc_votes.csv": (VOTE_COLUMNS, b.votes, ("decision_id", "member_iso3")),
        "unsc_membership.csv": (MEMBERSHIP_COLUMNS, b.membership, ("year", "member_iso3")),
    }
    report_path = args.data / "notes" / "unsc_record_report.md"
    report_text = "\n".join(b.report)
    old_report = report_path.read_text(encoding="utf-8") if report_path.exists() else ""
    for name, (columns, rows, key) in files.items():
        old = read_csv(args.data / name)
        for line in diff(name, old, rows, key):
            print(line)
        if not args.dry_run:
            write_csv(args.data / name, columns, rows)
    print(f"{report_path.name}: {'unchanged' if old_report == report_text else 'changed'}")
    if not args.dry_run:
        report_path.write_text(report_text, encoding="utf-8")
        from atlas.core import data

        for dataset in ("unsc_membership", "unsc_decisions", "unsc_votes"):
            data.load(dataset, args.data)  # the written files must meet their contract
        print(f"wrote {args.data}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
