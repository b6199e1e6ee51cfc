"""UN Security Council votes: the Article 27 outcome rule, filters, Council seats, agreement
between members, the veto list and checks on the data. Codes only: no words, no Streamlit.

Frames come from atlas.core.data: decisions (one row per decision), votes (one row per
member per decision, vote in Y/N/A/X) and membership (one row per member per year).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from atlas.core.urlstate import Parsed, parse_code
from atlas.core.vocab import VOTES

AFFIRMATIVE_NEEDED = 9  # Article 27(2) and (3) of the UN Charter
VOTE_CODES: tuple[str, ...] = VOTES  # Y, N, A, X
PERMANENT_MEMBERS: tuple[str, ...] = ("CHN", "FRA", "GBR", "RUS", "USA")  # Article 23(1)
MATRIX_PAGE_SIZE = 60  # decisions (columns) per page of the vote matrix
# Agreement over fewer shared decisions than this is shown but not ranked (issue 15):
# with 9 decisions one different vote moves the share by 11 points.
MIN_SHARED = 10
# The default focus member: South Korea when it sat in the chosen years, else the first of
# these that did (the permanent members, South Korea's treaty ally first).
DEFAULT_FOCUS_ORDER: tuple[str, ...] = ("KOR", "USA", "CHN", "RUS", "GBR", "FRA")


# ---------------------------------------------------------------- the outcome rule
@dataclass(frozen=True)
class Outcome:
    """What Article 27 says about one set of votes (words: atlas.votes.labels.explain)."""

    outcome: str  # adopted, vetoed, failed
    reason: str  # a key under votes.reason.*
    yes: int
    no: int
    abstain: int
    absent: int
    vetoers: tuple[str, ...]  # permanent members whose negative vote blocked the draft
    procedural: bool

    def explain(self, lang: str | None = None, escape=str) -> str:  # type: ignore[no-untyped-def]
        """One translated line saying why the draft passes or fails (see labels.explain)."""
        from atlas.votes.labels import explain

        return explain(self, lang, escape)


def tally(votes: Mapping[str, str]) -> tuple[int, int, int, int]:
    """(yes, no, abstain, did not vote) for a {member: vote} mapping."""
    values = list(votes.values())
    unknown = sorted({v for v in values if v not in VOTE_CODES})
    if unknown:
        raise ValueError(f"unknown vote code(s) {', '.join(unknown)}; expected one of {', '.join(VOTE_CODES)}")
    return (values.count("Y"), values.count("N"), values.count("A"), values.count("X"))


def decide(votes: Mapping[str, str], procedural: bool, permanent: Iterable[str] = PERMANENT_MEMBERS) -> Outcome:
    """The outcome under Article 27 of the UN Charter.

    Adopted needs at least nine affirmative votes and, on a non-procedural matter, no
    negative vote of a permanent member. An abstention or an absence of a permanent
    member is not a veto (the Council's practice since 1946, confirmed by the ICJ in 1971).
    A draft short of nine votes "failed" even if a permanent member also voted against
    (the UN's veto list counts only negative votes that blocked a draft that had the votes).
    """
    yes, no, abstain, absent = tally(votes)
    perm = set(permanent)
    negative_perm = tuple(sorted(m for m, v in votes.items() if v == "N" and m in perm))
    common: dict[str, Any] = {"yes": yes, "no": no, "abstain": abstain, "absent": absent, "procedural": procedural}
    if yes < AFFIRMATIVE_NEEDED:
        return Outcome("failed", "too_few", vetoers=(), **common)
    if procedural:
        reason = "procedural_no" if negative_perm else "adopted"
        return Outcome("adopted", reason, vetoers=(), **common)
    if negative_perm:
        return Outcome("vetoed", "veto", vetoers=negative_perm, **common)
    reason = "adopted_abstain" if any(votes.get(m) in ("A", "X") for m in perm) else "adopted"
    return Outcome("adopted", reason, vetoers=(), **common)


# ---------------------------------------------------------------- filters and helpers
def filter_decisions(
    decisions: pd.DataFrame,
    topics: Sequence[str] = (),
    years: tuple[int, int] | None = None,
    outcomes: Sequence[str] = (),
) -> pd.DataFrame:
    """Decisions matching the filters (an empty list means 'all'), ordered by date."""
    keep = pd.Series(True, index=decisions.index)
    if topics:
        keep &= decisions["topic"].isin(list(topics))
    if outcomes:
        keep &= decisions["outcome"].isin(list(outcomes))
    if years is not None:
        y = decisions["date"].dt.year
        keep &= (y >= years[0]) & (y <= years[1])
    return decisions[keep].sort_values(["date", "symbol"], kind="stable").reset_index(drop=True)


def year_bounds(decisions: pd.DataFrame) -> tuple[int, int]:
    years = decisions["date"].dt.year
    return int(years.min()), int(years.max())


def permanent_members(membership: pd.DataFrame) -> tuple[str, ...]:
    perm = membership.loc[membership["seat"] == "permanent", "member_iso3"]
    return tuple(sorted(set(perm))) or PERMANENT_MEMBERS


def member_order(members: Iterable[str], membership: pd.DataFrame) -> list[str]:
    """Permanent members first (alphabetical code), then elected by first year, then code."""
    perm = set(permanent_members(membership))
    first = membership.groupby("member_iso3")["year"].min().to_dict()
    return sorted(set(members), key=lambda m: (m not in perm, first.get(m, 9999), m))


def votes_of(votes: pd.DataFrame, decision_id: str) -> dict[str, str]:
    """{member: vote} for one decision."""
    v = votes.loc[votes["decision_id"] == decision_id]
    return dict(zip(v["member_iso3"], v["vote"]))


def members_voting(votes: pd.DataFrame, decision_ids: Iterable[str]) -> dict[str, dict[str, list[str]]]:
    """decision_id -> {vote code: [members, by code]} for the given decisions (who voted no, abstained ...)."""
    ids = set(decision_ids)
    v = votes.loc[votes["decision_id"].isin(ids)].sort_values(["decision_id", "member_iso3"], kind="stable")
    out: dict[str, dict[str, list[str]]] = {str(d): {} for d in ids}
    for did, member, vote in zip(v["decision_id"], v["member_iso3"], v["vote"]):
        out[str(did)].setdefault(str(vote), []).append(str(member))
    return out


# ---------------------------------------------------------------- Council seats
def seat_years(membership: pd.DataFrame, member: str) -> tuple[int, ...]:
    """The years member sat on the Council (from unsc_membership), ascending."""
    rows = membership.loc[(membership["member_iso3"] == member).to_numpy(dtype=bool), "year"]
    return tuple(sorted({int(y) for y in rows}))


def years_in(span: tuple[int, int], years: Iterable[int]) -> tuple[int, ...]:
    return tuple(y for y in years if span[0] <= y <= span[1])


def default_focus(membership: pd.DataFrame, span: tuple[int, int], order: Sequence[str] = DEFAULT_FOCUS_ORDER) -> str:
    """South Korea when it sat in some year of span; else the first member of `order` that did.

    Falls back to the first member (in member_order) who sat in span, then to order[0].
    """
    for member in order:
        if years_in(span, seat_years(membership, member)):
            return member
    sat = membership.loc[membership["year"].between(span[0], span[1]), "member_iso3"]
    ranked = member_order(sat, membership)
    return ranked[0] if ranked else order[0]


# ---------------------------------------------------------------- one decision, highlighted
# An event's link opens this page with ?decision=<decision_id> (atlas.events.link_targets).
def parse_decision(raw: Sequence[str], decisions: pd.DataFrame) -> Parsed[str | None]:
    """The decision a link asks to highlight: a known decision_id, else None (flagged when one was given)."""
    ids = [str(d) for d in decisions["decision_id"].dropna()]
    parsed = parse_code(raw, ids, "")
    return Parsed(parsed.value or None, parsed.rejected)


def page_of(decisions: pd.DataFrame, decision_id: str, page_size: int | None = None) -> int | None:
    """The (1-based) matrix page that shows decision_id in the date-ordered decisions; None if absent."""
    hits = np.flatnonzero((decisions["decision_id"] == decision_id).to_numpy(dtype=bool))
    if not len(hits):
        return None
    size = page_size or MATRIX_PAGE_SIZE
    n = len(decisions)
    return matrix_pages(n, size) - (n - 1 - int(hits[0])) // size


def highlight_first(table: pd.DataFrame, hit: Sequence[bool], mark: str = "▶") -> pd.DataFrame:
    """The table with a first column ``highlight`` (mark on the rows where hit) and those rows first."""
    flags = [bool(h) for h in hit]
    out = table.assign(highlight=[mark if h else "" for h in flags])
    out = out[["highlight", *table.columns]]
    order = sorted(range(len(out)), key=lambda i: not flags[i])
    return out.iloc[order]


# ---------------------------------------------------------------- the vote matrix's pages
def matrix_pages(n_decisions: int, page_size: int | None = None) -> int:
    """How many pages of at most page_size (default MATRIX_PAGE_SIZE) decisions the matrix needs."""
    return max(1, -(-n_decisions // (page_size or MATRIX_PAGE_SIZE)))


def page_slice(decisions: pd.DataFrame, page: int, page_size: int | None = None) -> pd.DataFrame:
    """Decisions on one page (1-based, oldest first) of the date-ordered list; out-of-range pages clamp.

    Pages are counted back from the newest decision, so the last page (the one the matrix opens
    on) is always full and the first page holds the remainder: a new decision never opens the
    matrix on a page of one.
    """
    size = page_size or MATRIX_PAGE_SIZE
    pages = matrix_pages(len(decisions), size)
    page = min(max(1, page), pages)
    end = len(decisions) - (pages - page) * size
    return decisions.iloc[max(0, end - size) : max(0, end)]


# ---------------------------------------------------------------- agreement
def seated_votes(votes: pd.DataFrame, decisions: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """The vote rows cast by a member in a year it sat on the Council (unsc_membership)."""
    year = decisions.set_index("decision_id")["date"].dt.year
    v = votes.assign(year=votes["decision_id"].map(year))
    seats = set(zip(membership["year"].astype(int), membership["member_iso3"]))
    keep = [(int(y), m) in seats if pd.notna(y) else False for y, m in zip(v["year"], v["member_iso3"])]
    return v.loc[keep, ["decision_id", "member_iso3", "vote"]]


def agreement(votes: pd.DataFrame, decision_ids: Iterable[str]) -> pd.DataFrame:
    """Pairwise agreement over the given decisions.

    For each ordered pair of members (a, b): `shared` is the number of decisions on which
    both have a vote row (both sat on the Council), `same` the number of those on which
    they cast the same vote code (Y, N, A or X), and `share` = same / shared (NaN when
    they never sat together). Computed with matrix products, so it stays fast.
    """
    ids = list(dict.fromkeys(decision_ids))
    v = votes.loc[votes["decision_id"].isin(ids), ["decision_id", "member_iso3", "vote"]]
    if v.empty:
        return pd.DataFrame(
            {"member_a": pd.Series(dtype=str), "member_b": pd.Series(dtype=str), "same": [], "shared": [], "share": []}
        )
    wide = v.pivot(index="decision_id", columns="member_iso3", values="vote")
    members = list(wide.columns)
    codes = wide.to_numpy(dtype=object, na_value="")
    present = pd.notna(wide).to_numpy(dtype=float)
    shared = present.T @ present
    same = np.zeros_like(shared)
    for code in VOTE_CODES:
        m = (codes == code).astype(float)
        same += m.T @ m
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(shared > 0, same / shared, np.nan)
    n = len(members)
    return pd.DataFrame(
        {
            "member_a": np.repeat(members, n),
            "member_b": np.tile(members, n),
            "same": same.ravel().astype(int),
            "shared": shared.ravel().astype(int),
            "share": share.ravel(),
        }
    )


def focus_ranking(agree: pd.DataFrame, focus: str, min_shared: int = MIN_SHARED) -> pd.DataFrame:
    """The focus member's agreement with every other member it sat with.

    Members with at least min_shared shared decisions come first, highest share first, with
    a `rank` (1, 2, ...); those below it follow, also by share, with no rank and `small` True:
    a reader sees them but they are not ranked against members compared on more decisions.
    """
    r = agree[(agree["member_a"] == focus) & (agree["member_b"] != focus) & (agree["shared"] > 0)]
    r = r.rename(columns={"member_b": "member"})[["member", "same", "shared", "share"]]
    r = r.assign(small=r["shared"] < min_shared)
    r = r.sort_values(
        ["small", "share", "shared", "member"], ascending=[True, False, False, True], kind="stable"
    ).reset_index(drop=True)
    ranked = (~r["small"]).cumsum().where(~r["small"])
    return r.assign(rank=ranked.astype("Int64"))


def agreement_with(
    decisions: pd.DataFrame,
    votes: pd.DataFrame,
    membership: pd.DataFrame,
    focus: str,
    others: Sequence[str],
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """How often `focus` voted as each of `others` did, over the decisions of `years` (all when None)
    taken in years both sat on the Council (unsc_membership).

    One row per other member, in the given order: member, same, n_shared, share (0-1; NaN when
    they never sat together in those years), small (n_shared < MIN_SHARED). The votes page's
    own rule, so the Overview shows the same figure as the page.
    """
    chosen = filter_decisions(decisions, years=years)
    agree = agreement(seated_votes(votes, chosen, membership), chosen["decision_id"])
    pair = agree[agree["member_a"] == focus].set_index("member_b")
    rows = []
    for other in others:
        same = int(pair.at[other, "same"]) if other in pair.index else 0
        n = int(pair.at[other, "shared"]) if other in pair.index else 0
        rows.append({"member": other, "same": same, "n_shared": n, "share": same / n if n else float("nan")})
    out = pd.DataFrame(rows, columns=["member", "same", "n_shared", "share"])
    return out.assign(small=out["n_shared"] < MIN_SHARED)


# ---------------------------------------------------------------- vetoes
def veto_list(decisions: pd.DataFrame, votes: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """One row per veto cast: the permanent member voting no on a vetoed draft."""
    perm = set(permanent_members(membership))
    vetoed = decisions[(decisions["outcome"] == "vetoed") & ~decisions["procedural"].astype(bool)]
    v = votes[(votes["vote"] == "N") & votes["member_iso3"].isin(perm)]
    out = vetoed.merge(v[["decision_id", "member_iso3"]], on="decision_id", how="inner")
    cols = [
        "decision_id",
        "date",
        "member_iso3",
        "symbol",
        "topic",
        "title",
        "title_ko",
        "yes",
        "no",
        "abstain",
        "source_url",
    ]
    return out[cols].sort_values(["date", "symbol", "member_iso3"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- checks on the data
def check_consistency(decisions: pd.DataFrame, votes: pd.DataFrame, membership: pd.DataFrame) -> list[str]:
    """Problems that make the voting data disagree with itself (an empty list when sound).

    For every decision: exactly one vote per Council member of that year and none from
    anyone else; the tally columns equal the counted votes; the recorded outcome equals
    the outcome Article 27 gives for those votes.
    """
    problems: list[str] = []
    seats = {int(y): set(g) for y, g in membership.groupby("year")["member_iso3"]}
    perm = permanent_members(membership)
    by_decision = {k: g for k, g in votes.groupby("decision_id")}
    for row in decisions.itertuples(index=False):
        did, year = row.decision_id, int(row.date.year)
        g = by_decision.get(did)
        cast = list(g["member_iso3"]) if g is not None else []
        council = seats.get(year)
        if council is None:
            problems.append(f"{did}: no Council membership listed for {year}")
            continue
        dupes = sorted({m for m in cast if cast.count(m) > 1})
        if dupes:
            problems.append(f"{did}: more than one vote for {', '.join(dupes)}")
        missing = sorted(council - set(cast))
        if missing:
            problems.append(f"{did}: no vote for Council member(s) {', '.join(missing)} of {year}")
        extra = sorted(set(cast) - council)
        if extra:
            problems.append(f"{did}: vote(s) from {', '.join(extra)}, not on the Council in {year}")
        mapping = dict(zip(g["member_iso3"], g["vote"])) if g is not None else {}
        yes, no, abstain, _ = tally(mapping)
        if (yes, no, abstain) != (int(row.yes), int(row.no), int(row.abstain)):
            problems.append(
                f"{did}: tally recorded {row.yes}-{row.no}-{row.abstain} but the votes count {yes}-{no}-{abstain}"
            )
        result = decide(mapping, bool(row.procedural), perm)
        if result.outcome != row.outcome:
            problems.append(f"{did}: outcome recorded '{row.outcome}' but Article 27 gives '{result.outcome}'")
    return problems
