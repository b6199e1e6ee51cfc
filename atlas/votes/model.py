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
# Agreement over fewer shared decisions than this is shown but not ranked:
# with 9 decisions one different vote moves the share by 11 points.
MIN_SHARED = 10
# The default focus member: South Korea when it sat in the chosen years, else the first of
# these that did (the permanent members, South Korea's treaty ally first).
DEFAULT_FOCUS_ORDER: tuple[str, ...] = ("KOR", "USA", "CHN", "RUS", "GBR", "FRA")
# What agreement is counted over: every decision both members voted on (the default), or only the
# contested ones (some member did not vote yes). Most Council decisions are unanimous, and on those
# every member agrees, so the two answers differ a lot; both are shown with their n.
BASES: tuple[str, ...] = ("all", "contested")
DEFAULT_BASIS = "all"
# Key votes: a close margin is an adoption with at most this many votes in favour (one or two more
# than the nine needed) ...
CLOSE_ADOPTED_MAX = AFFIRMATIVE_NEEDED + 1
# ... or a draft that failed with at least this many (one or two short of nine).
CLOSE_FAILED_MIN = AFFIRMATIVE_NEEDED - 2


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


def members_voting(
    votes: pd.DataFrame, decision_ids: Iterable[str], codes: Sequence[str] = ("N", "A", "X")
) -> dict[str, dict[str, list[str]]]:
    """decision_id -> {vote code: [members, by code]} for the given decisions and vote codes (by default
    who voted no, abstained or did not vote: the yes votes, most of the record, are never listed)."""
    ids = set(decision_ids)
    keep = votes["vote"].isin(list(codes)).to_numpy(dtype=bool)
    v = votes.loc[keep]
    v = v.loc[v["decision_id"].isin(ids)].sort_values(["decision_id", "member_iso3"], kind="stable")
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
    """The vote rows on these decisions cast by a member in a year it sat on the Council (unsc_membership)."""
    year = decisions.set_index("decision_id")["date"].dt.year
    v = votes.loc[votes["decision_id"].isin(decisions["decision_id"]), ["decision_id", "member_iso3", "vote"]]
    years = v["decision_id"].map(year).to_numpy(dtype="float64")
    seats = pd.MultiIndex.from_arrays(
        [membership["year"].to_numpy(dtype="float64"), membership["member_iso3"].astype(str).to_numpy()]
    )
    keep = pd.MultiIndex.from_arrays([years, v["member_iso3"].astype(str).to_numpy()]).isin(seats)
    return v.loc[keep]


# ---------------------------------------------------------------- contested decisions
def contested_mask(decisions: pd.DataFrame, votes: pd.DataFrame) -> np.ndarray:
    """True for each decision (in the frame's order) on which some member cast a vote other than yes
    (no, abstain, did not vote). A decision with no vote rows is judged by its tally (no or abstain)."""
    ids = decisions["decision_id"]
    vid = votes["decision_id"]
    not_yes = set(vid[(votes["vote"] != "Y").to_numpy(dtype=bool)].unique())  # sets: far faster than isin on 30k rows
    with_rows = set(vid.unique())
    tally = [pd.to_numeric(decisions[c]).fillna(0) > 0 for c in ("no", "abstain") if c in decisions]
    by_tally = (tally[0] | tally[1]) if len(tally) == 2 else pd.Series(False, index=decisions.index)
    pairs = zip(ids.to_numpy(dtype=object), by_tally.to_numpy(dtype=bool))
    return np.fromiter(((d in not_yes) or (d not in with_rows and t) for d, t in pairs), dtype=bool, count=len(ids))


def on_basis(decisions: pd.DataFrame, votes: pd.DataFrame, basis: str = DEFAULT_BASIS) -> pd.DataFrame:
    """The decisions agreement is counted over: all of them, or the contested ones only."""
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; expected one of {', '.join(BASES)}")
    return decisions if basis == "all" else decisions.loc[contested_mask(decisions, votes)]


def matrix_decisions(
    selected: pd.DataFrame, votes: pd.DataFrame, unanimous: bool = False, keep: str | None = None
) -> pd.DataFrame:
    """The decisions the vote matrix draws: every selected one when unanimous, else the contested
    ones (a unanimous column is all one colour) plus `keep` (a decision a link asked to see)."""
    if unanimous:
        return selected
    mask = contested_mask(selected, votes) | selected["decision_id"].isin([keep] if keep else []).to_numpy(dtype=bool)
    return selected.loc[mask].reset_index(drop=True)


# ---------------------------------------------------------------- Council terms
def seat_terms(membership: pd.DataFrame, member: str) -> tuple[tuple[int, int], ...]:
    """The member's runs of consecutive Council years, oldest first: South Korea's terms
    ((1996, 1997), (2013, 2014), (2024, 2025)) as unsc_membership lists them."""
    runs: list[list[int]] = []
    for y in seat_years(membership, member):
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return tuple((a, b) for a, b in runs)


def agreement(votes: pd.DataFrame, decision_ids: Iterable[str]) -> pd.DataFrame:
    """Pairwise agreement over the given decisions.

    For each ordered pair of members (a, b): `shared` is the number of decisions on which
    both have a vote row (both sat on the Council), `same` the number of those on which
    they cast the same vote code (Y, N, A or X), and `share` = same / shared (NaN when
    they never sat together). Counted over arrays of member pairs per decision, so it stays fast
    with the whole record (2,000 decisions, 30,000 votes).
    """
    ids = set(decision_ids)
    v = votes.loc[votes["decision_id"].isin(ids), ["decision_id", "member_iso3", "vote"]]
    if v.empty:
        return pd.DataFrame(
            {"member_a": pd.Series(dtype=str), "member_b": pd.Series(dtype=str), "same": [], "shared": [], "share": []}
        )
    d_idx, d_keys = pd.factorize(v["decision_id"])
    m_idx, members = pd.factorize(v["member_iso3"], sort=True)
    code = pd.Categorical(v["vote"], categories=list(VOTE_CODES)).codes
    n = len(members)
    # One row per decision holding its members (and their votes), -1 where a decision has fewer:
    # every pair of members on a decision is then one cell of a (decisions x k x k) array, counted
    # with bincount. Linear in the votes (15 a decision), and no dense decisions x members arrays.
    order = np.argsort(d_idx, kind="stable")
    rows = d_idx[order]
    counts = np.bincount(rows, minlength=len(d_keys))
    pos = np.arange(len(order)) - (np.cumsum(counts) - counts)[rows]
    who = np.full((len(d_keys), int(counts.max())), -1, dtype=np.int64)
    cast = np.full(who.shape, -1, dtype=np.int64)
    who[rows, pos] = m_idx[order]
    cast[rows, pos] = code[order]
    pair = who[:, :, None] * n + who[:, None, :]
    both = (who[:, :, None] >= 0) & (who[:, None, :] >= 0)
    alike = both & (cast[:, :, None] == cast[:, None, :])
    shared = np.bincount(pair[both], minlength=n * n).reshape(n, n).astype(float)
    same = np.bincount(pair[alike], minlength=n * n).reshape(n, n).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(shared > 0, same / shared, np.nan)
    names = [str(m) for m in members]
    return pd.DataFrame(
        {
            "member_a": np.repeat(names, n),
            "member_b": np.tile(names, n),
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
    basis: str = DEFAULT_BASIS,
) -> pd.DataFrame:
    """How often `focus` voted as each of `others` did, over the decisions of `years` (all when None)
    taken in years both sat on the Council (unsc_membership), on `basis` (all, or contested only).

    One row per other member, in the given order: member, same, n_shared, share (0-1; NaN when
    they never sat together in those years), small (n_shared < MIN_SHARED). The votes page's
    own rule, so the Overview shows the same figure as the page.
    """
    chosen = on_basis(filter_decisions(decisions, years=years), votes, basis)
    agree = agreement(seated_votes(votes, chosen, membership), chosen["decision_id"])
    pair = agree[agree["member_a"] == focus].set_index("member_b")
    rows = []
    for other in others:
        same = int(pair.at[other, "same"]) if other in pair.index else 0
        n = int(pair.at[other, "shared"]) if other in pair.index else 0
        rows.append({"member": other, "same": same, "n_shared": n, "share": same / n if n else float("nan")})
    out = pd.DataFrame(rows, columns=["member", "same", "n_shared", "share"])
    return out.assign(small=out["n_shared"] < MIN_SHARED)


def agreement_both(
    decisions: pd.DataFrame,
    votes: pd.DataFrame,
    membership: pd.DataFrame,
    focus: str,
    others: Sequence[str],
    years: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """agreement_with on both bases, one row per other member: member, then same, n_shared, share
    over all decisions, and same_contested, n_contested, share_contested over contested ones."""
    every = agreement_with(decisions, votes, membership, focus, others, years, "all")
    contested = agreement_with(decisions, votes, membership, focus, others, years, "contested")
    return every.drop(columns="small").assign(
        same_contested=contested["same"].to_numpy(),
        n_contested=contested["n_shared"].to_numpy(),
        share_contested=contested["share"].to_numpy(),
    )


# ---------------------------------------------------------------- key votes and differences
def key_votes(decisions: pd.DataFrame, votes: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """The decisions worth a briefer's look, in date order, with why: `close` (adopted with at most
    CLOSE_ADOPTED_MAX votes in favour, or failed with at least CLOSE_FAILED_MIN), `split` (the
    permanent members who voted did not all cast the same vote), `veto` (a vetoed draft), and
    `margin` (votes in favour minus the nine needed)."""
    perm = set(permanent_members(membership))
    ids = decisions["decision_id"]
    p = votes.loc[votes["decision_id"].isin(ids) & votes["member_iso3"].isin(perm)]
    split_ids = set(p.groupby("decision_id")["vote"].nunique().loc[lambda n: n > 1].index)
    yes = pd.to_numeric(decisions["yes"]).astype(int)
    outcome = decisions["outcome"]
    close = ((outcome == "adopted") & (yes <= CLOSE_ADOPTED_MAX)) | ((outcome == "failed") & (yes >= CLOSE_FAILED_MIN))
    out = decisions.assign(
        close=close.to_numpy(dtype=bool),
        split=ids.isin(split_ids).to_numpy(dtype=bool),
        veto=(outcome == "vetoed").to_numpy(dtype=bool),
        margin=(yes - AFFIRMATIVE_NEEDED).to_numpy(),
    )
    key = out["close"] | out["split"] | out["veto"]
    return out.loc[key.to_numpy(dtype=bool)].sort_values(["date", "symbol"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Differences:
    """Where two members' votes differed, over the decisions both voted on while seated."""

    rows: pd.DataFrame  # the decisions (date order) with vote_a and vote_b
    shared: int  # decisions both voted on
    contested: int  # of those, contested ones (every difference is on a contested decision)


def differences(decisions: pd.DataFrame, votes: pd.DataFrame, membership: pd.DataFrame, a: str, b: str) -> Differences:
    """The decisions on which members a and b, both seated, cast different votes."""
    v = seated_votes(votes, decisions, membership)
    va = v.loc[v["member_iso3"] == a].set_index("decision_id")["vote"]
    vb = v.loc[v["member_iso3"] == b].set_index("decision_id")["vote"]
    both = decisions.loc[decisions["decision_id"].isin(va.index) & decisions["decision_id"].isin(vb.index)]
    both = both.assign(vote_a=both["decision_id"].map(va).to_numpy(), vote_b=both["decision_id"].map(vb).to_numpy())
    differ = both.loc[(both["vote_a"] != both["vote_b"]).fillna(False).to_numpy(dtype=bool)]
    rows = differ.sort_values(["date", "symbol"], kind="stable").reset_index(drop=True)
    return Differences(rows, len(both), int(contested_mask(both, votes).sum()))


def default_other(membership: pd.DataFrame, span: tuple[int, int], member: str) -> str:
    """The member compared with `member` by default: the first of DEFAULT_FOCUS_ORDER (after it)
    that sat in span, so South Korea is compared with the United States."""
    order = [m for m in DEFAULT_FOCUS_ORDER if m != member]
    other = default_focus(membership, span, order)
    if other != member:
        return other
    sat = membership.loc[membership["year"].between(span[0], span[1]), "member_iso3"]
    return next((m for m in member_order(sat, membership) if m != member), order[0])


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
    out = out.assign(title_ko=out["title_ko"] if "title_ko" in out else pd.NA)
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
