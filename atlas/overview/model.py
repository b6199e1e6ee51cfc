"""The Overview's briefing numbers, taken from the very functions the other pages use (codes only).

So that the Overview always says what the page it links to says, every number here is computed
with atlas.arms, atlas.votes and atlas.spending over that page's default view:
- arms:     arms.filter_deals(deals, arms.Filters(arms.year_bounds(deals))), arms.totals,
            arms.counts_as_deal, arms.by_recipient, and arms.with_counted_values only while
            arms.filter_deals does not yet compute amount_usd_m itself
- votes:    votes.agreement_both (both bases), votes.seat_terms (South Korea's latest term),
            votes.contested_mask
- spending: spending.base_point, spending.reference_lines, spending.usable_targets, spending.HIGHLIGHT
            (spending.BasePoint as a type)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from atlas import arms, spending, votes

AT_SIGNING = "usd_m_at_signing"  # the value every total uses once data/arms_exports.csv has it
AS_REPORTED = "value_usd_m"
ESTIMATE = "estimate"
CONVERTED = "converted"
FOCUS = "KOR"
PERMANENT_THREE = ("USA", "CHN", "RUS")


# ---------------------------------------------------------------- arms
@dataclass(frozen=True)
class ArmsHeadline:
    """The arms page's default view (every year, default stages), as the Overview states it."""

    basis: str  # AT_SIGNING or AS_REPORTED: the column the total sums
    total_usd_m: float
    with_value: int  # listed contracts (counted as deals) with a known value in that column
    converted: int  # of with_value: converted from another currency at the signing date's rate
    without_value: int  # listed contracts with no known value (left out of the total)
    estimates_excluded: int  # contracts whose only value is an unconfirmed estimate (left out)
    recipients: int
    first_year: int
    last_year: int
    top_recipients: tuple[tuple[str, float], ...]  # (ISO3, value), largest first


def has_values_at_signing(deals: pd.DataFrame) -> bool:
    """True once the arms file carries values at signing (the loader adds the column empty when it does not)."""
    return AT_SIGNING in deals and bool(pd.to_numeric(deals[AT_SIGNING], errors="coerce").notna().any())


AMOUNT = "amount_usd_m"  # the value arms.filter_deals counts with, where arms computes it


def valued_rows(rows: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The rows with the value the headline sums (in ``amount_usd_m`` when arms computes it, else in
    ``value_usd_m``), and which basis that is. This is the one place the Overview decides its basis.

    With values at signing: usd_m_at_signing, estimates left out (a figure no party confirmed is not
    a contract value), a row not yet graded keeping its reported US$ value, which is the arms page's
    own rule. When arms.filter_deals already computed ``amount_usd_m`` by that rule, its rows are used
    as they are; otherwise the value is written into value_usd_m so that arms' counting rules
    (frameworks counted once) apply to it. Without values at signing: value_usd_m as reported.
    """
    at_signing = has_values_at_signing(rows)
    basis = AT_SIGNING if at_signing else AS_REPORTED
    if AMOUNT in rows or not at_signing:
        return rows if AMOUNT in rows else arms.with_counted_values(rows), basis
    out = rows.copy()
    grade = out["value_basis"] if "value_basis" in out else pd.Series(pd.NA, index=out.index)
    reported = pd.to_numeric(out[AS_REPORTED], errors="coerce").astype("Float64")
    value = pd.to_numeric(out[AT_SIGNING], errors="coerce").astype("Float64")
    value = value.mask(value.isna().to_numpy(dtype=bool) & grade.isna().to_numpy(dtype=bool), reported)
    value = value.mask((grade == ESTIMATE).fillna(False).to_numpy(dtype=bool))
    out[AT_SIGNING] = value
    out[AS_REPORTED] = value
    return arms.with_counted_values(out), basis


def arms_headline(deals: pd.DataFrame, top: int = 3) -> ArmsHeadline | None:
    """The arms page's own default figures, with the basis of the total stated."""
    if deals.empty or deals["year_signed"].dropna().empty:
        return None
    rows = arms.filter_deals(deals, arms.Filters(arms.year_bounds(deals)))
    if rows.empty:
        return None
    valued, basis = valued_rows(rows)
    tot = arms.totals(valued)
    grade = valued["value_basis"] if "value_basis" in valued else pd.Series(pd.NA, index=valued.index)
    amount = pd.to_numeric(valued[AMOUNT if AMOUNT in valued else AS_REPORTED], errors="coerce")
    is_deal = arms.counts_as_deal(valued).to_numpy(dtype=bool)
    missing = amount.isna().to_numpy(dtype=bool) & is_deal
    at_signing = basis == AT_SIGNING
    estimate = (grade == ESTIMATE).fillna(False).to_numpy(dtype=bool) & missing & at_signing
    converted = (grade == CONVERTED).fillna(False).to_numpy(dtype=bool) & ~missing & is_deal & at_signing
    per = arms.by_recipient(valued)
    per = per[per["value_usd_m"] > 0].head(top)
    return ArmsHeadline(
        basis=basis,
        total_usd_m=tot.value_usd_m,
        with_value=int(is_deal.sum() - missing.sum()),
        converted=int(converted.sum()),
        without_value=int(missing.sum() - estimate.sum()),
        estimates_excluded=int(estimate.sum()),
        recipients=tot.recipients,
        first_year=int(rows["year_signed"].min()),
        last_year=int(rows["year_signed"].max()),
        top_recipients=tuple((str(c), float(v)) for c, v in zip(per["recipient_iso3"], per["value_usd_m"])),
    )


@dataclass(frozen=True)
class ExporterRank:
    period: str
    rank: int | None
    share_pct: float | None


def latest_exporter_rank(ranks: pd.DataFrame) -> ExporterRank | None:
    """South Korea's rank in the latest SIPRI five-year window (periods sort as text: 2020-2024)."""
    rows = ranks.dropna(subset=["rank"]).sort_values("period")
    if rows.empty:
        return None
    r = rows.iloc[-1]
    share = r.get("share_pct")
    return ExporterRank(str(r["period"]), int(r["rank"]), None if pd.isna(share) else float(share))


# ---------------------------------------------------------------- Security Council
@dataclass(frozen=True)
class CouncilHeadline:
    decisions: int
    vetoed: int
    first_year: int
    last_year: int


def council_headline(decisions: pd.DataFrame) -> CouncilHeadline | None:
    if decisions.empty:
        return None
    years = decisions["date"].dt.year
    return CouncilHeadline(
        decisions=len(decisions),
        vetoed=int((decisions["outcome"] == "vetoed").sum()),
        first_year=int(years.min()),
        last_year=int(years.max()),
    )


@dataclass(frozen=True)
class Agreement:
    """How often focus voted as `other`, over all decisions both voted on and over the contested ones."""

    other: str
    same: int
    both: int  # decisions on which both sat on the Council
    same_contested: int = 0
    contested: int = 0  # of those, contested decisions (at least one vote not yes)

    @property
    def share_pct(self) -> float | None:
        return 100 * self.same / self.both if self.both else None

    @property
    def contested_pct(self) -> float | None:
        return 100 * self.same_contested / self.contested if self.contested else None


def seats_from_votes(vote_rows: pd.DataFrame, decisions: pd.DataFrame) -> pd.DataFrame:
    """Council seats (year, member_iso3) as the votes show them: for when unsc_membership is absent."""
    year = decisions.set_index("decision_id")["date"].dt.year
    seats = vote_rows.assign(year=vote_rows["decision_id"].map(year)).dropna(subset=["year"])
    return seats[["year", "member_iso3"]].drop_duplicates().astype({"year": int}).reset_index(drop=True)


def latest_term(
    vote_rows: pd.DataFrame, decisions: pd.DataFrame, membership: pd.DataFrame | None = None, focus: str = FOCUS
) -> tuple[int, int] | None:
    """focus's latest Council term (2024-2025 for South Korea), from unsc_membership, or from the years it voted."""
    seats = membership if membership is not None else seats_from_votes(vote_rows, decisions)
    terms = votes.seat_terms(seats, focus)
    return terms[-1] if terms else None


def agreement_with(
    vote_rows: pd.DataFrame,
    decisions: pd.DataFrame,
    focus: str = FOCUS,
    others: Sequence[str] = PERMANENT_THREE,
    membership: pd.DataFrame | None = None,
    years: tuple[int, int] | None = None,
) -> list[Agreement]:
    """The votes page's own agreement rule (votes.agreement_both) over the decisions of `years` (all when
    None): how often focus voted as each other member did, over every decision on which both sat on
    the Council and over the contested ones. A member it never sat with: both = 0."""
    seats = membership if membership is not None else seats_from_votes(vote_rows, decisions)
    rows = votes.agreement_both(decisions, vote_rows, seats, focus, others, years)
    return [
        Agreement(str(r.member), int(r.same), int(r.n_shared), int(r.same_contested), int(r.n_contested))
        for r in rows.itertuples(index=False)
    ]


@dataclass(frozen=True)
class AgreementBasis:
    """What the agreement figure rests on: the decisions on which the focus member voted."""

    decisions: int
    vetoed: int  # of those, drafts that were vetoed
    first_year: int
    last_year: int
    contested: int = 0  # of those, contested decisions (at least one vote not yes)


def agreement_basis(
    vote_rows: pd.DataFrame, decisions: pd.DataFrame, focus: str = FOCUS, years: tuple[int, int] | None = None
) -> AgreementBasis | None:
    """The decisions in the data (of `years`, all when None) on which focus cast a vote."""
    ids = set(vote_rows.loc[(vote_rows["member_iso3"] == focus).to_numpy(dtype=bool), "decision_id"])
    rows = decisions.loc[decisions["decision_id"].isin(ids).to_numpy(dtype=bool)]
    if years is not None:
        rows = rows.loc[rows["date"].dt.year.between(years[0], years[1]).to_numpy(dtype=bool)]
    if rows.empty:
        return None
    y = rows["date"].dt.year
    vetoed = int((rows["outcome"] == "vetoed").sum())
    contested = int(votes.contested_mask(rows, vote_rows).sum())
    return AgreementBasis(len(rows), vetoed, int(y.min()), int(y.max()), contested)


def member_years(vote_rows: pd.DataFrame, decisions: pd.DataFrame, member: str) -> tuple[int, int] | None:
    """First and last year of the decisions on which member cast a vote (its Council seat, as covered)."""
    basis = agreement_basis(vote_rows, decisions, member)
    return None if basis is None else (basis.first_year, basis.last_year)


# ---------------------------------------------------------------- spending
def nato_thresholds(targets: pd.DataFrame) -> list[float]:
    """NATO's levels as the spending page draws them (spending.reference_lines), smallest first."""
    return sorted(float(x) for x in spending.reference_lines(targets)["share_gdp_pct"])


def national_targets(targets: pd.DataFrame, iso3: str = spending.HIGHLIGHT) -> list[float]:
    """A country's own share-of-GDP targets as the spending page lists them (spending.usable_targets)."""
    rows = spending.usable_targets(targets)
    return sorted({float(x) for x in rows.loc[(rows["scope"] == iso3).to_numpy(dtype=bool), "share_gdp_pct"]})


def latest_spending(series: pd.DataFrame, iso3: str = spending.HIGHLIGHT) -> spending.BasePoint | None:
    """The spending page's rule for 'latest figures' (spending.base_point)."""
    return spending.base_point(series, iso3)
