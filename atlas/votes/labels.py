"""Words for the votes page: translated labels and the tables the page and its
CSV downloads show (column names in the reader's language). No Streamlit here.

Split from model.py so that the counting rules stay codes-only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from atlas.i18n import country_name, localized, t
from atlas.votes.model import AFFIRMATIVE_NEEDED, member_order, members_voting, permanent_members

if TYPE_CHECKING:
    from atlas.votes.model import Outcome


RECORD_COLUMNS = ("agenda", "region", "compiled_from", "checked_against")  # optional columns of unsc_decisions


def explain(result: Outcome, lang: str | None = None, escape: Callable[[str], str] = str) -> str:
    """One translated line saying why the draft passes or fails.

    escape: applied to each country name, e.g. a markdown escape when the line is shown by
    a markdown-rendering element.
    """
    names = ", ".join(escape(country_name(c, lang)) for c in result.vetoers)
    return t(
        f"votes.reason.{result.reason}",
        lang,
        yes=result.yes,
        no=result.no,
        abstain=result.abstain,
        needed=AFFIRMATIVE_NEEDED,
        vetoers=names,
    )


def tally_text(yes: int, no: int, abstain: int) -> str:
    return f"{yes}-{no}-{abstain}"


def format_years(years: Iterable[int]) -> str:
    """2017, 2019, 2020, 2021 -> '2017, 2019-2021' (runs of consecutive years joined)."""
    ys = sorted(set(int(y) for y in years))
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def localized_title(row: Mapping[str, object], lang: str) -> str:
    """The Korean title where there is one, else the English one marked as English only."""
    return localized(row["title"], row.get("title_ko"), lang)


def titles(frame: pd.DataFrame, lang: str) -> list[str]:
    """Each row's title in the reader's language (the English one, marked, where no Korean title is given;
    works whether or not the file has a title_ko column)."""
    korean = frame["title_ko"] if "title_ko" in frame else pd.Series(pd.NA, index=frame.index)
    return [localized(a, b, lang) for a, b in zip(frame["title"], korean)]


def column_labels(decisions: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """decision_id -> matrix column label: the symbol ('S/RES/2774(2025)', 'S/2022/155'), which needs no
    truncation (cutting sixty long titles to fit cost the picture seconds); the title is in the tooltip
    and the table. A symbol two decisions share gets the decision_id. lang: kept for callers."""
    ids, symbols = [str(d) for d in decisions["decision_id"]], [str(x) for x in decisions["symbol"]]
    dup = pd.Series(symbols).duplicated(keep=False).tolist()
    return {i: (f"{s} ({i})" if d else s) for i, s, d in zip(ids, symbols, dup)}


def member_label(iso3: str, permanent: bool, lang: str | None = None) -> str:
    """A member's row label; permanent members carry a star (explained in the legend)."""
    name = country_name(iso3, lang)
    return f"★ {name}" if permanent else name


def names(codes: Sequence[str], lang: str) -> str:
    """Country names joined with commas, alphabetical in the reader's language; '—' for none."""
    return ", ".join(sorted(country_name(c, lang) for c in codes)) or "—"


def matrix_cells(
    decisions: pd.DataFrame,
    votes: pd.DataFrame,
    membership: pd.DataFrame,
    lang: str,
    focus: str | None = None,
) -> pd.DataFrame:
    """One row per (member, decision) vote for the given decisions, ready to draw.

    Members who were not on the Council for a decision have no row (a blank cell).
    `veto` marks a permanent member's negative vote on a vetoed draft; `focus` the focus
    member's row; `voted_no` / `abstained` name who did so on the decision (for the tooltip).
    """
    cols = ["decision_id", "member_iso3", "vote"]
    v = votes.loc[votes["decision_id"].isin(decisions["decision_id"]), cols]
    d = decisions[
        ["decision_id", "date", "symbol", "topic", "title", "outcome", "procedural", "yes", "no", "abstain"]
    ].assign(title_ko=decisions["title_ko"] if "title_ko" in decisions else pd.NA)
    cells = v.merge(d, on="decision_id", how="inner")
    perm = set(permanent_members(membership))
    cells["permanent"] = cells["member_iso3"].isin(perm)
    cells["veto"] = (
        cells["permanent"] & (cells["vote"] == "N") & (cells["outcome"] == "vetoed") & ~cells["procedural"].astype(bool)
    )
    cells["focus"] = cells["member_iso3"] == focus
    order = member_order(cells["member_iso3"], membership)
    rank = {m: i for i, m in enumerate(order)}
    cells["member_rank"] = cells["member_iso3"].map(rank)
    cells["member"] = [member_label(m, m in perm, lang) for m in cells["member_iso3"]]
    cells["vote_label"] = [t(f"votes.vote.{x}", lang) for x in cells["vote"]]
    cells["topic_label"] = [t(f"votes.topic.{x}", lang) for x in cells["topic"]]
    cells["outcome_label"] = [t(f"votes.outcome.{x}", lang) for x in cells["outcome"]]
    cells["date_label"] = cells["date"].dt.strftime("%Y-%m-%d")
    labels = column_labels(decisions, lang)
    cells["column"] = cells["decision_id"].map(labels)
    cells["title_label"] = titles(cells, lang)
    cells["tally"] = [tally_text(a, b, c) for a, b, c in zip(cells["yes"], cells["no"], cells["abstain"])]
    who = members_voting(votes, decisions["decision_id"])
    cells["voted_no"] = [names(who.get(str(i), {}).get("N", []), lang) for i in cells["decision_id"]]
    cells["abstained"] = [names(who.get(str(i), {}).get("A", []), lang) for i in cells["decision_id"]]
    out = cells.drop(columns=["title", "title_ko", "yes", "no", "abstain", "procedural"])
    return out.sort_values(["date", "symbol", "member_rank"], kind="stable").reset_index(drop=True)


def matrix_member_rows(cells: pd.DataFrame) -> list[str]:
    """The matrix's row labels (matrix_cells()' member) in drawing order: by member_rank."""
    return list(dict.fromkeys(cells.sort_values("member_rank", kind="stable")["member"]))


def matrix_grid(cells: pd.DataFrame, decisions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The matrix as a table: one column per decision (its symbol, the column label), a row with its
    date and one with its title, then one row per member with its vote."""
    columns = column_labels(decisions, lang)
    grid = cells.pivot(index="member", columns="column", values="vote_label")
    grid = grid.reindex(index=matrix_member_rows(cells), columns=list(columns.values()))
    head = pd.DataFrame(
        [
            [f"{d:%Y-%m-%d}" for d in decisions["date"]],
            titles(decisions, lang),
        ],
        index=[col("date", lang), col("title", lang)],
        columns=list(columns.values()),
    )
    grid = pd.concat([head, grid.fillna("")])
    grid.index.name = col("member", lang)
    return grid.reset_index()


def key_reasons(close: bool, split: bool, veto: bool, yes: int, vetoers: Sequence[str], lang: str) -> str:
    """Why a decision is a key vote, in words: 'vetoed by Russia; permanent members split; close: 9 in favour'."""
    parts = []
    if veto:
        parts.append(t("votes.why.veto", lang, members=", ".join(vetoers) or "—"))
    if split:
        parts.append(t("votes.why.split", lang))
    if close:
        parts.append(t("votes.why.close", lang, yes=yes, needed=AFFIRMATIVE_NEEDED))
    return "; ".join(parts)


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


def vetoed_by(vetoes: pd.DataFrame, lang: str | None = None) -> dict[str, list[str]]:
    """decision_id -> names of the permanent members who vetoed it (sorted), from veto_list()."""
    out: dict[str, list[str]] = {}
    for did, iso in zip(vetoes["decision_id"], vetoes["member_iso3"]):
        out.setdefault(str(did), []).append(country_name(iso, lang))
    return {did: sorted(names) for did, names in out.items()}


def col(key: str, lang: str) -> str:
    return t(f"votes.col.{key}", lang)


def veto_table(vetoes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """veto_list() rows as the page shows them, newest first, with translated column names."""
    v = vetoes.iloc[::-1]
    return pd.DataFrame(
        {
            col("date", lang): v["date"].dt.date,
            col("vetoed_by", lang): [country_name(m, lang) for m in v["member_iso3"]],
            col("topic", lang): [t(f"votes.topic.{c}", lang) for c in v["topic"]],
            col("symbol", lang): v["symbol"],
            col("title", lang): titles(v, lang),
            col("tally", lang): [tally_text(a, b, c) for a, b, c in zip(v["yes"], v["no"], v["abstain"])],
            col("source", lang): v["source_url"],
        }
    ).reset_index(drop=True)


def decisions_table(
    decisions: pd.DataFrame, vetoes: pd.DataFrame, lang: str, votes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The decisions (date order, as filter_decisions gives them) as the page's table: newest
    first, translated column names and codes, who vetoed each (from veto_list()) and, given the
    votes, who voted no, abstained or did not vote."""
    by = vetoed_by(vetoes, lang)
    d = decisions.iloc[::-1]
    who = members_voting(votes, d["decision_id"]) if votes is not None else {}

    def listed(code: str) -> list[str]:
        return [names(who.get(str(i), {}).get(code, []), lang) for i in d["decision_id"]]

    table = {
        col("date", lang): d["date"].dt.date,
        col("symbol", lang): d["symbol"],
        col("draft", lang): d["draft_symbol"],
        col("topic", lang): [t(f"votes.topic.{c}", lang) for c in d["topic"]],
        col("title", lang): titles(d, lang),
        col("outcome", lang): [t(f"votes.outcome.{c}", lang) for c in d["outcome"]],
        col("tally", lang): [tally_text(a, b, c) for a, b, c in zip(d["yes"], d["no"], d["abstain"])],
        col("vetoed_by", lang): [", ".join(by.get(str(i), [])) for i in d["decision_id"]],
    }
    if votes is not None:
        table[col("voted_no", lang)] = listed("N")
        table[col("abstained", lang)] = listed("A")
        table[col("absent", lang)] = listed("X")
    table |= {
        col("procedural", lang): d["procedural"],
        col("yes", lang): d["yes"],
        col("no", lang): d["no"],
        col("abstain", lang): d["abstain"],
        col("meeting", lang): d["meeting_record"],
        col("source", lang): d["source_url"],
    }
    # The whole record's import adds these (the UN agenda item, and where each row was compiled from and
    # checked against); the curated file has none of them, so each is shown only when the file has it.
    table |= {col(c, lang): d[c] for c in RECORD_COLUMNS if c in d}
    table[col("notes", lang)] = d["notes"]
    return pd.DataFrame(table).reset_index(drop=True)


def votes_long_table(decisions: pd.DataFrame, votes: pd.DataFrame, membership: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every member's vote on each decision, one row per member per decision (the per-member CSV)."""
    order = {m: i for i, m in enumerate(member_order(votes["member_iso3"], membership))}
    v = votes.loc[votes["decision_id"].isin(decisions["decision_id"]), ["decision_id", "member_iso3", "vote"]]
    rows = v.merge(decisions[["decision_id", "date", "symbol", "outcome"]], on="decision_id")
    rows = rows.assign(_rank=rows["member_iso3"].map(order)).sort_values(
        ["date", "symbol", "_rank"], ascending=[False, True, True], kind="stable"
    )
    return pd.DataFrame(
        {
            col("date", lang): rows["date"].dt.date,
            col("symbol", lang): rows["symbol"],
            col("outcome", lang): [t(f"votes.outcome.{c}", lang) for c in rows["outcome"]],
            "ISO3": rows["member_iso3"],
            col("member", lang): [country_name(m, lang) for m in rows["member_iso3"]],
            col("vote", lang): [t(f"votes.vote.{c}", lang) for c in rows["vote"]],
            "decision_id": rows["decision_id"],
        }
    ).reset_index(drop=True)
