"""Events: filters, search, paging, cross-page links and downloads (codes only; no Streamlit).

Events come from data/events.csv (atlas.data.load_events): one row per event with its
date, title/summary in English and Korean, a category code, the actors as ISO3 codes
joined by ";", and optional links to an arms deal (deal_id) or a Security Council
decision (decision_id).

A link from an event opens the related page already filtered to it, with the URL keys
those pages read (codes, never labels):
- arms exports page:  recipients=<ISO3>, years=<y>&years=<y>, stage=<stage>, deal=<deal_id>
- UNSC votes page:    topic=<topic>, years=<y>&years=<y>, decision=<decision_id>
(deal / decision name the row so the target page can highlight it.)

(The Overview's briefing figures live in atlas.overview.model.)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from atlas.core.urlstate import Parsed
from atlas.core.vocab import EVENT_CATEGORIES
from atlas.i18n import (
    localized_series,
)

CATEGORIES: tuple[str, ...] = EVENT_CATEGORIES
MAX_QUERY_LENGTH = 80
ACTOR_SEP = ";"
PAGE_SIZE = 20  # events per page of the list

ARMS_PAGE = ("arms_exports", "pages/arms_exports.py")
VOTES_PAGE = ("unsc_votes", "pages/unsc_votes.py")


# ---------------------------------------------------------------- filters
def split_actors(actors: object) -> list[str]:
    """'USA;KOR' -> ['USA', 'KOR'] (empty or missing -> [])."""
    if actors is None or (not isinstance(actors, str) and pd.isna(actors)):
        return []
    return [a.strip().upper() for a in str(actors).split(ACTOR_SEP) if a.strip()]


def actor_codes(events: pd.DataFrame) -> list[str]:
    """Every ISO3 code named as an actor, sorted, each once."""
    codes: set[str] = set()
    for value in events["actors"].dropna():
        codes.update(split_actors(value))
    return sorted(codes)


def year_bounds(events: pd.DataFrame) -> tuple[int, int]:
    years = events["date"].dt.year
    return int(years.min()), int(years.max())


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Characters a reader cannot see that change how text reads or matches: bidi overrides and
# isolates (U+202E shows "txt.exe" as "exe.txt"), zero-width spaces and joiners, the BOM.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def clean_query(raw: str | None) -> str:
    """A search text as typed, made safe to use: no control or invisible characters, single spaces, capped."""
    if not raw:
        return ""
    text = _CONTROL.sub(" ", str(raw))
    text = _INVISIBLE.sub("", text)
    text = " ".join(text.split())
    return text[:MAX_QUERY_LENGTH]


_MARKUP = re.compile(r"[<>]|\]\(|javascript:", re.IGNORECASE)


def parse_query(raw: Sequence[str]) -> Parsed[str]:
    """The search text from the URL (?q=...): one value, capped; anything else is flagged.

    A link whose search looks like markup or a script (<, >, "](", javascript:) or holds
    control or hidden characters (a tab or line break, bidi overrides, zero-width spaces) is
    not put into the search box: it is dropped with a notice, as README.md says. (Typed into
    the box, such text is only ever searched for as plain text, cleaned by clean_query.)
    """
    if not raw:
        return Parsed("", False)
    if len(raw) > 1 or _MARKUP.search(raw[0]) or _INVISIBLE.search(raw[0]) or _CONTROL.search(raw[0]):
        return Parsed("", True)
    value = clean_query(raw[0])
    return Parsed(value, len(raw[0].strip()) > MAX_QUERY_LENGTH)


def _search_blob(events: pd.DataFrame) -> pd.Series:
    parts = [events[c].fillna("").astype(str) for c in ("title", "title_ko", "summary", "summary_ko") if c in events]
    blob = parts[0]
    for p in parts[1:]:
        blob = blob + "\n" + p
    return blob.str.casefold()


def filter_events(
    events: pd.DataFrame,
    categories: Collection[str] = (),
    actors: Collection[str] = (),
    years: tuple[int, int] | None = None,
    query: str = "",
) -> pd.DataFrame:
    """The events that match every given filter, by date (oldest first).

    categories: any of these codes (empty = all); actors: events naming any of these
    ISO3 codes (empty = all); years: inclusive range of the event date's year; query:
    case-insensitive plain text (not a pattern) in the title or summary, English or Korean.
    """
    mask = pd.Series(True, index=events.index)
    if categories:
        mask &= events["category"].isin(list(categories)).fillna(False).astype(bool)
    if actors:
        wanted = set(actors)
        mask &= events["actors"].map(lambda a: bool(wanted.intersection(split_actors(a))), na_action=None)
    if years is not None:
        y = events["date"].dt.year
        mask &= ((y >= years[0]) & (y <= years[1])).fillna(False).astype(bool)
    query = clean_query(query)
    if query:
        mask &= _search_blob(events).str.contains(query.casefold(), regex=False)
    return events[mask.to_numpy(dtype=bool)].sort_values(["date", "event_id"], kind="stable")


def latest(events: pd.DataFrame, n: int = 8) -> pd.DataFrame:
    """The n most recent events, newest first."""
    return events.sort_values(["date", "event_id"], ascending=False, kind="stable").head(n)


def localised(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Add title_text and summary_text in lang (i18n.localized: an empty Korean cell shows the English, marked)."""
    out = events.copy()
    for col in ("title", "summary"):
        out[f"{col}_text"] = localized_series(out[col], out.get(f"{col}_ko"), lang)
    return out


def page_count(n_rows: int, page_size: int = PAGE_SIZE) -> int:
    """Pages needed to list n_rows (at least one)."""
    return max(1, -(-n_rows // page_size))


def page_slice(rows: pd.DataFrame, page: int, page_size: int = PAGE_SIZE) -> pd.DataFrame:
    """Page `page` (1-based) of rows; a page out of range gives the nearest page."""
    page = min(max(int(page), 1), page_count(len(rows), page_size))
    start = (page - 1) * page_size
    return rows.iloc[start : start + page_size]


def safe_link_url(url: str) -> str:
    """A URL usable inside a markdown link target: parentheses and spaces percent-encoded."""
    return str(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")


# ---------------------------------------------------------------- cross-page links
@dataclass(frozen=True)
class LinkIndex:
    """What a link needs to know about each deal and decision."""

    deals: Mapping[str, tuple[str, int, str]] = field(default_factory=dict)  # deal_id -> (recipient, year, stage)
    decisions: Mapping[str, tuple[str, int]] = field(default_factory=dict)  # decision_id -> (topic, year)


def build_link_index(deals: pd.DataFrame | None, decisions: pd.DataFrame | None) -> LinkIndex:
    deal_map: dict[str, tuple[str, int, str]] = {}
    if deals is not None and not deals.empty:
        for d, r, y, s in zip(deals["deal_id"], deals["recipient_iso3"], deals["year_signed"], deals["stage"]):
            if pd.notna(d) and pd.notna(r) and pd.notna(y) and pd.notna(s):
                deal_map[str(d)] = (str(r), int(y), str(s))
    decision_map: dict[str, tuple[str, int]] = {}
    if decisions is not None and not decisions.empty:
        for d, tp, dt in zip(decisions["decision_id"], decisions["topic"], decisions["date"]):
            if pd.notna(d) and pd.notna(tp) and pd.notna(dt):
                decision_map[str(d)] = (str(tp), int(pd.Timestamp(dt).year))
    return LinkIndex(deal_map, decision_map)


@dataclass(frozen=True)
class LinkTarget:
    kind: str  # "deal" or "decision"
    ref: str  # the deal_id or decision_id
    page_id: str
    page_path: str
    query_params: dict[str, str | list[str]]


def _present(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def link_targets(
    deal_id: object,
    decision_id: object,
    index: LinkIndex,
    pages: Collection[str] | None = None,
    lang: str | None = None,
    default_lang: str = "en",
) -> list[LinkTarget]:
    """The pages an event links to, each with the query that opens it filtered to the deal or vote.

    pages: the page ids that exist (a link to a page not yet in the app is left out);
    lang: kept in the link when it is not the default, so the reader stays in their language.
    An id that is empty, or not in the index, gives no link.
    """
    extra: dict[str, str | list[str]] = {"lang": lang} if lang and lang != default_lang else {}
    out: list[LinkTarget] = []
    deal = _present(deal_id)
    if deal and deal in index.deals and (pages is None or ARMS_PAGE[0] in pages):
        recipient, year, stage = index.deals[deal]
        params: dict[str, str | list[str]] = {
            "recipients": recipient,
            "years": [str(year), str(year)],
            "stage": stage,  # the arms page hides frameworks and MoUs by default
            "deal": deal,
            **extra,
        }
        out.append(LinkTarget("deal", deal, ARMS_PAGE[0], ARMS_PAGE[1], params))
    decision = _present(decision_id)
    if decision and decision in index.decisions and (pages is None or VOTES_PAGE[0] in pages):
        topic, year = index.decisions[decision]
        params = {"topic": topic, "years": [str(year), str(year)], "decision": decision, **extra}
        out.append(LinkTarget("decision", decision, VOTES_PAGE[0], VOTES_PAGE[1], params))
    return out


def unknown_references(events: pd.DataFrame, deals: pd.DataFrame | None, decisions: pd.DataFrame | None) -> list[str]:
    """Every deal_id / decision_id an event names that the other dataset does not hold."""
    problems = []
    deal_ids = set(deals["deal_id"]) if deals is not None else set()
    decision_ids = set(decisions["decision_id"]) if decisions is not None else set()
    for eid, d, c in zip(events["event_id"], events["deal_id"], events["decision_id"]):
        if _present(d) and d not in deal_ids:
            problems.append(f"{eid}: deal_id {d}")
        if _present(c) and c not in decision_ids:
            problems.append(f"{eid}: decision_id {c}")
    return problems


def unknown_actors(events: pd.DataFrame, known: Iterable[str]) -> list[str]:
    """Every actor code not listed in data/countries.csv, as 'event_id: code'."""
    known_set = set(known)
    return [
        f"{eid}: {code}"
        for eid, actors in zip(events["event_id"], events["actors"])
        for code in split_actors(actors)
        if code not in known_set
    ]


def export_frame(events: pd.DataFrame) -> pd.DataFrame:
    """The filtered events as they are downloaded: the file's own columns, in its order."""
    cols = [
        "event_id",
        "date",
        "title",
        "title_ko",
        "summary",
        "summary_ko",
        "category",
        "actors",
        "deal_id",
        "decision_id",
        "source_url",
        "source_title",
    ]
    return events[[c for c in cols if c in events]].reset_index(drop=True)


_SLUG = re.compile(r"[^a-z0-9]+")
MAX_STEM = 80


def export_stem(
    categories: Sequence[str] = (),
    actors: Sequence[str] = (),
    years: tuple[int, int] | None = None,
    query: str = "",
) -> str:
    """A file name (without extension) that says which view was downloaded.

    events_missile_nuclear_2023, events_arms_deal_pol_2022-2023, events_search_k9; the full file
    is plain "events". Only ASCII letters, digits, "_" and "-", so it is safe on every system;
    a search in Korean is named "search" (its words stay in the file, not in its name).
    """
    parts = ["events", *categories, *(a.lower() for a in actors)]
    if years is not None:
        parts.append(str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}")
    if query:
        slug = _SLUG.sub("-", query.casefold()).strip("-")[:24].strip("-")
        parts += ["search", slug] if slug else ["search"]
    return "_".join(parts)[:MAX_STEM].rstrip("_-")
