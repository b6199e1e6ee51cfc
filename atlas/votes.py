"""UN Security Council votes: the Article 27 outcome rule, agreement between members,
the vote matrix, the veto list and data checks. Pure functions; no Streamlit here.

Frames come from atlas.data: decisions (one row per decision), votes (one row per
member per decision, vote in Y/N/A/X) and membership (one row per member per year).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from atlas.core.urlstate import Parsed, parse_code
from atlas.i18n import country_name, localized, t

AFFIRMATIVE_NEEDED = 9  # Article 27(2) and (3) of the UN Charter
VOTE_CODES: tuple[str, ...] = ("Y", "N", "A", "X")
PERMANENT_MEMBERS: tuple[str, ...] = ("CHN", "FRA", "GBR", "RUS", "USA")  # Article 23(1)
MATRIX_PAGE_SIZE = 60  # decisions (columns) per page of the vote matrix


# ---------------------------------------------------------------- the outcome rule
@dataclass(frozen=True)
class Outcome:
    """What Article 27 says about one set of votes."""

    outcome: str  # adopted, vetoed, failed
    reason: str  # a key under votes.reason.*
    yes: int
    no: int
    abstain: int
    absent: int
    vetoers: tuple[str, ...]  # permanent members whose negative vote blocked the draft
    procedural: bool

    def explain(self, lang: str | None = None, escape: Callable[[str], str] = str) -> str:
        """One translated line saying why the draft passes or fails.

        escape: applied to each country name, e.g. a markdown escape when the line is
        shown by a markdown-rendering element.
        """
        names = ", ".join(escape(country_name(c, lang)) for c in self.vetoers)
        return t(
            f"votes.reason.{self.reason}",
            lang,
            yes=self.yes,
            no=self.no,
            abstain=self.abstain,
            needed=AFFIRMATIVE_NEEDED,
            vetoers=names,
        )


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
    common = {"yes": yes, "no": no, "abstain": abstain, "absent": absent, "procedural": procedural}
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


def localized_title(row: Mapping[str, object], lang: str) -> str:
    """The Korean title where there is one, else the English one marked as English only."""
    return localized(row["title"], row.get("title_ko"), lang)


def tally_text(yes: int, no: int, abstain: int) -> str:
    return f"{yes}-{no}-{abstain}"


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
    return int(hits[0]) // (page_size or MATRIX_PAGE_SIZE) + 1


def highlight_first(table: pd.DataFrame, hit: Sequence[bool], mark: str = "▶") -> pd.DataFrame:
    """The table with a first column ``highlight`` (mark on the rows where hit) and those rows first."""
    flags = [bool(h) for h in hit]
    out = table.assign(highlight=[mark if h else "" for h in flags])
    out = out[["highlight", *table.columns]]
    order = sorted(range(len(out)), key=lambda i: not flags[i])
    return out.iloc[order]


# ---------------------------------------------------------------- the vote matrix
def matrix_pages(n_decisions: int, page_size: int | None = None) -> int:
    """How many pages of at most page_size (default MATRIX_PAGE_SIZE) decisions the matrix needs."""
    return max(1, -(-n_decisions // (page_size or MATRIX_PAGE_SIZE)))


def page_slice(decisions: pd.DataFrame, page: int, page_size: int | None = None) -> pd.DataFrame:
    """Decisions on one page (1-based) of the date-ordered list; out-of-range pages clamp."""
    page_size = page_size or MATRIX_PAGE_SIZE
    page = min(max(1, page), matrix_pages(len(decisions), page_size))
    return decisions.iloc[(page - 1) * page_size : page * page_size]


def matrix_cells(
    decisions: pd.DataFrame,
    votes: pd.DataFrame,
    membership: pd.DataFrame,
    lang: str,
) -> pd.DataFrame:
    """One row per (member, decision) vote for the given decisions, ready to draw.

    Members who were not on the Council for a decision have no row (a blank cell).
    `veto` marks a permanent member's negative vote on a vetoed draft.
    """
    cols = ["decision_id", "member_iso3", "vote"]
    v = votes.loc[votes["decision_id"].isin(decisions["decision_id"]), cols]
    d = decisions[
        ["decision_id", "date", "symbol", "topic", "title", "title_ko", "outcome", "procedural", "yes", "no", "abstain"]
    ]
    cells = v.merge(d, on="decision_id", how="inner")
    perm = set(permanent_members(membership))
    cells["permanent"] = cells["member_iso3"].isin(perm)
    cells["veto"] = (
        cells["permanent"] & (cells["vote"] == "N") & (cells["outcome"] == "vetoed") & ~cells["procedural"].astype(bool)
    )
    order = member_order(cells["member_iso3"], membership)
    rank = {m: i for i, m in enumerate(order)}
    cells["member_rank"] = cells["member_iso3"].map(rank)
    cells["member"] = [member_label(m, m in perm, lang) for m in cells["member_iso3"]]
    cells["vote_label"] = [t(f"votes.vote.{x}", lang) for x in cells["vote"]]
    cells["topic_label"] = [t(f"votes.topic.{x}", lang) for x in cells["topic"]]
    cells["outcome_label"] = [t(f"votes.outcome.{x}", lang) for x in cells["outcome"]]
    cells["date_label"] = cells["date"].dt.strftime("%Y-%m-%d")
    labels = column_labels(decisions)
    cells["column"] = cells["decision_id"].map(labels)
    cells["title_label"] = _titles(cells, lang)
    cells["tally"] = [tally_text(a, b, c) for a, b, c in zip(cells["yes"], cells["no"], cells["abstain"])]
    out = cells.drop(columns=["title", "title_ko", "yes", "no", "abstain", "procedural"])
    return out.sort_values(["date", "symbol", "member_rank"], kind="stable").reset_index(drop=True)


def column_labels(decisions: pd.DataFrame) -> dict[str, str]:
    """decision_id -> matrix column label: the symbol, made unique where two decisions share one."""
    dup = decisions["symbol"].duplicated(keep=False)
    return {
        did: f"{sym} ({did})" if is_dup else str(sym)
        for did, sym, is_dup in zip(decisions["decision_id"], decisions["symbol"], dup)
    }


def matrix_member_rows(cells: pd.DataFrame) -> list[str]:
    """The matrix's row labels (matrix_cells()' member) in drawing order: by member_rank."""
    return list(dict.fromkeys(cells.sort_values("member_rank", kind="stable")["member"]))


def member_label(iso3: str, permanent: bool, lang: str | None = None) -> str:
    """A member's row label; permanent members carry a star (explained in the legend)."""
    name = country_name(iso3, lang)
    return f"★ {name}" if permanent else name


# ---------------------------------------------------------------- agreement
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
    out = pd.DataFrame(
        {
            "member_a": np.repeat(members, n),
            "member_b": np.tile(members, n),
            "same": same.ravel().astype(int),
            "shared": shared.ravel().astype(int),
            "share": share.ravel(),
        }
    )
    return out


def seat_labels(
    agree: pd.DataFrame, order: Sequence[str], permanent: Iterable[str], lang: str | None = None
) -> dict[str, str]:
    """iso3 -> row label (member_label) for the members in agree, in the given member order."""
    present = set(agree["member_a"])
    perm = set(permanent)
    return {m: member_label(m, m in perm, lang) for m in order if m in present}


def heatmap_pairs(agree: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """The pairs that sat together (shared > 0) with member_a_label / member_b_label added."""
    pairs = agree[agree["shared"] > 0].copy()
    pairs["member_a_label"] = pairs["member_a"].map(labels)
    pairs["member_b_label"] = pairs["member_b"].map(labels)
    return pairs


def focus_ranking(agree: pd.DataFrame, focus: str) -> pd.DataFrame:
    """The focus member's agreement with every other member it sat with, highest first."""
    r = agree[(agree["member_a"] == focus) & (agree["member_b"] != focus) & (agree["shared"] > 0)]
    r = r.rename(columns={"member_b": "member"})[["member", "same", "shared", "share"]]
    return r.sort_values(["share", "shared", "member"], ascending=[False, False, True], kind="stable").reset_index(
        drop=True
    )


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


def vetoed_by(vetoes: pd.DataFrame, lang: str | None = None) -> dict[str, list[str]]:
    """decision_id -> names of the permanent members who vetoed it (sorted), from veto_list()."""
    out: dict[str, list[str]] = {}
    for did, iso in zip(vetoes["decision_id"], vetoes["member_iso3"]):
        out.setdefault(str(did), []).append(country_name(iso, lang))
    return {did: sorted(names) for did, names in out.items()}


def _col(key: str, lang: str) -> str:
    return t(f"votes.col.{key}", lang)


def _titles(frame: pd.DataFrame, lang: str) -> list[str]:
    return [localized(a, b, lang) for a, b in zip(frame["title"], frame["title_ko"])]


def veto_table(vetoes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """veto_list() rows as the page shows them, newest first, with translated column names."""
    v = vetoes.iloc[::-1]
    return pd.DataFrame(
        {
            _col("date", lang): v["date"].dt.date,
            _col("vetoed_by", lang): [country_name(m, lang) for m in v["member_iso3"]],
            _col("topic", lang): [t(f"votes.topic.{c}", lang) for c in v["topic"]],
            _col("symbol", lang): v["symbol"],
            _col("title", lang): _titles(v, lang),
            _col("tally", lang): [tally_text(a, b, c) for a, b, c in zip(v["yes"], v["no"], v["abstain"])],
            _col("source", lang): v["source_url"],
        }
    ).reset_index(drop=True)


def decisions_table(decisions: pd.DataFrame, vetoes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The decisions (date order, as filter_decisions gives them) as the page's table: newest
    first, translated column names and codes, and who vetoed each (from veto_list())."""
    by = vetoed_by(vetoes, lang)
    d = decisions.iloc[::-1]
    return pd.DataFrame(
        {
            _col("date", lang): d["date"].dt.date,
            _col("symbol", lang): d["symbol"],
            _col("draft", lang): d["draft_symbol"],
            _col("topic", lang): [t(f"votes.topic.{c}", lang) for c in d["topic"]],
            _col("title", lang): _titles(d, lang),
            _col("outcome", lang): [t(f"votes.outcome.{c}", lang) for c in d["outcome"]],
            _col("vetoed_by", lang): [", ".join(by.get(str(i), [])) for i in d["decision_id"]],
            _col("procedural", lang): d["procedural"],
            _col("yes", lang): d["yes"],
            _col("no", lang): d["no"],
            _col("abstain", lang): d["abstain"],
            _col("meeting", lang): d["meeting_record"],
            _col("source", lang): d["source_url"],
            _col("notes", lang): d["notes"],
        }
    ).reset_index(drop=True)


# ---------------------------------------------------------------- checks on the data
def votes_of(votes: pd.DataFrame, decision_id: str) -> dict[str, str]:
    """{member: vote} for one decision."""
    v = votes.loc[votes["decision_id"] == decision_id]
    return dict(zip(v["member_iso3"], v["vote"]))


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
