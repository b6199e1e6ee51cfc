"""Arms exports: filters, totals, per-recipient aggregation and what-if deals (pure; no Streamlit).

Counting rule (never double count a framework), one rule for money and deal counts:
- A framework agreement adds to a total only when the user includes the ``framework``
  stage; by default the totals count the executive contracts signed under it.
- A row whose value its contracts carry (``counted`` false in data/arms_exports.csv: a
  framework whose executive contracts are listed) adds nothing and is not a deal while a
  contract under it (``parent_deal_id``) is in the selection; with none of them in the
  selection it counts in full. A file without ``counted`` (an upload) gets the same rule for
  every framework. The row-level column ``counted_usd_m`` says what each row adds.
- Options under a contract are separate purchases and always count.

Money: totals use ``usd_m_at_signing`` (the US$ value at the signing date's
reference rate), never the raw ``value_usd_m``; a value whose ``value_basis`` is
``estimate`` (no party to the deal confirmed it) is left out unless the user opts in; in
constant prices every value is deflated with the US CPI-U to dollars of the index's latest
year. filter_deals writes the value it counts to ``amount_usd_m``.

What-if deals are in atlas.arms.whatif; uploads in atlas.arms.upload.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from atlas.core.urlstate import Parsed, parse_code
from atlas.core.vocab import ORDER_BASES
from atlas.i18n import country_name, localized_series, t

# Purchases counted by default. Frameworks and MoUs are opt-in (their contracts count
# instead), and so is co-development: Indonesia's KF-21 row is a development cost share
# (later cut), not a purchase, and would inflate "contract value" by $1.3 bn.
DEFAULT_STAGES: tuple[str, ...] = ("contract", "option", "transfer")
FRAMEWORK = "framework"
PRICES = ("current", "constant")
# What the map shades: our contract values (US$), or SIPRI's TIV delivered; never the two mixed.
MEASURES = ("value", "tiv")
ESTIMATE = "estimate"
GOVERNMENT = "government"  # the basis of a yearly official total drawn beside our list

# ------------------------------------------------------------------ filters


@dataclass(frozen=True)
class Filters:
    years: tuple[int, int]
    recipients: tuple[str, ...] = ()  # empty = every recipient
    categories: tuple[str, ...] = ()  # empty = every category
    stages: tuple[str, ...] = DEFAULT_STAGES  # empty = nothing
    estimates: bool = False  # count values no party confirmed (value_basis "estimate")
    prices: str = "current"  # or "constant": deflated to dollars of the price index's latest year

    @property
    def include_frameworks(self) -> bool:
        return FRAMEWORK in self.stages


def year_bounds(deals: pd.DataFrame) -> tuple[int, int]:
    years = deals["year_signed"].dropna()
    return int(years.min()), int(years.max())


def price_base_year(price_index: pd.DataFrame) -> int:
    """The year constant dollars are expressed in: the latest year of the price index."""
    return int(price_index["year"].max())


def deflators(price_index: pd.DataFrame) -> dict[int, float]:
    """Factor per year that turns that year's dollars into base-year dollars (CPI-U ratio)."""
    cpi = dict(zip(price_index["year"].astype(int), price_index["cpi_u"].astype(float), strict=True))
    base = cpi[max(cpi)]
    return {year: base / value for year, value in cpi.items()}


def amounts(rows: pd.DataFrame, f: Filters, price_index: pd.DataFrame | None = None) -> pd.Series:
    """The value each row counts with: at signing, estimates only on request, deflated in constant prices.

    Falls back to ``value_usd_m`` when the file has no ``usd_m_at_signing`` column. A year
    after the index's last year keeps its value at signing (there is no index for it yet).
    """
    reported = pd.to_numeric(rows["value_usd_m"], errors="coerce").astype("Float64")
    if "usd_m_at_signing" in rows:
        value = pd.to_numeric(rows["usd_m_at_signing"], errors="coerce").astype("Float64")
        # A row not yet graded (no value_basis: a file from before the at-signing columns) keeps
        # its reported US$ value rather than silently counting nothing.
        ungraded = rows["value_basis"].isna().to_numpy(dtype=bool) if "value_basis" in rows else True
        value = value.mask(value.isna().to_numpy(dtype=bool) & ungraded, reported)
    else:
        value = reported
    if not f.estimates and "value_basis" in rows:
        value = value.mask((rows["value_basis"] == ESTIMATE).fillna(False).to_numpy(dtype=bool))
    if f.prices == "constant":
        if price_index is None:
            raise ValueError("constant prices need the price index")
        factors = deflators(price_index)
        years = pd.to_numeric(rows["year_signed"], errors="coerce")
        value = value * years.map(lambda y: factors.get(int(y), 1.0) if pd.notna(y) else 1.0).astype("Float64")
    return value


def filter_deals(deals: pd.DataFrame, f: Filters, price_index: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows matching the filters, with ``amount_usd_m`` (the value counted, see amounts) and
    ``counted_usd_m`` (what each row adds to a total)."""
    lo, hi = f.years
    mask = deals["year_signed"].between(lo, hi) & deals["stage"].isin(list(f.stages))
    if f.recipients:
        mask &= deals["recipient_iso3"].isin(list(f.recipients))
    if f.categories:
        mask &= deals["category"].isin(list(f.categories))
    out = deals.loc[mask.fillna(False).to_numpy(dtype=bool)].copy()
    out["amount_usd_m"] = amounts(out, f, price_index)
    return with_counted_values(out)


def with_counted_values(rows: pd.DataFrame) -> pd.DataFrame:
    """Add ``counted_usd_m``: what each row adds to a total (0 for a row its contracts carry).

    Works on whatever selection it is given: a contract counts in full; a framework counts
    only if none of its contracts is in the selection (see frameworks_with_contracts).
    """
    out = rows.copy()
    column = "amount_usd_m" if "amount_usd_m" in out else "value_usd_m"
    value = pd.to_numeric(out[column], errors="coerce").astype("Float64")
    carried = frameworks_with_contracts(out).to_numpy(dtype=bool)
    counted = value.copy()
    counted[carried & value.notna().to_numpy(dtype=bool)] = 0.0
    out["counted_usd_m"] = counted
    return out


# ------------------------------------------------------------------ totals


@dataclass(frozen=True)
class Totals:
    value_usd_m: float  # real deals only
    deals: int  # real deals, a framework only when none of its contracts is in the selection
    recipients: int
    deals_without_value: int  # of ``deals``
    hypothetical_usd_m: float = 0.0
    hypothetical_deals: int = 0
    frameworks_with_contracts: int = 0  # frameworks not counted as deals: their contracts are
    converted: int = 0  # of ``deals`` with a value: converted from another currency at signing
    estimates_left_out: int = 0  # of ``deals``: a media estimate, not counted (opt in with estimates)

    @property
    def value_incl_hypothetical_usd_m(self) -> float:
        return self.value_usd_m + self.hypothetical_usd_m


def _hypo_mask(rows: pd.DataFrame) -> pd.Series:
    if "is_hypothetical" not in rows:
        return pd.Series(False, index=rows.index)
    return rows["is_hypothetical"].fillna(False).astype(bool)


def frameworks_with_contracts(rows: pd.DataFrame) -> pd.Series:
    """True for a row whose value contracts in ``rows`` carry: marked ``counted`` false (without
    that column or cell: a framework) and a contract under it (parent_deal_id) in ``rows``.

    Such a row is an envelope around deals already listed, not a deal of its own: totals and
    deal counts leave it out.
    """
    if "parent_deal_id" not in rows or rows.empty:
        return pd.Series(False, index=rows.index)
    parents = set(rows["parent_deal_id"].dropna().astype(str))
    is_fw = (rows["stage"] == FRAMEWORK).fillna(False).astype(bool)
    if "counted" in rows:
        flag = rows["counted"].astype("boolean")
        carried_by_others = (~flag).fillna(is_fw).astype(bool)
    else:
        carried_by_others = is_fw
    return carried_by_others & rows["deal_id"].astype(str).isin(parents)


def counts_as_deal(rows: pd.DataFrame) -> pd.Series:
    """True for a real row that counts as a deal (not hypothetical, not a framework with its contracts)."""
    return ~_hypo_mask(rows) & ~frameworks_with_contracts(rows)


def totals(rows: pd.DataFrame) -> Totals:
    """Headline numbers; ``rows`` comes from filter_deals (optionally merged with what-ifs)."""
    hypo = _hypo_mask(rows)
    real = rows.loc[~hypo]
    fake = rows.loc[hypo]
    enveloped = frameworks_with_contracts(rows) & ~hypo
    counted = rows.loc[counts_as_deal(rows)]
    amount = _amount(counted)
    basis = counted["value_basis"] if "value_basis" in counted else pd.Series(pd.NA, index=counted.index)
    estimate = (basis == ESTIMATE).fillna(False).to_numpy(dtype=bool)
    left_out = amount.isna().to_numpy(dtype=bool) & estimate
    return Totals(
        value_usd_m=float(real["counted_usd_m"].sum(skipna=True)),
        deals=len(counted),
        recipients=int(real["recipient_iso3"].nunique()),
        deals_without_value=int(amount.isna().sum()) - int(left_out.sum()),
        converted=int(((basis == "converted").fillna(False) & amount.notna()).sum()),
        estimates_left_out=int(left_out.sum()),
        frameworks_with_contracts=int(enveloped.sum()),
        hypothetical_usd_m=float(fake["counted_usd_m"].sum(skipna=True)),
        hypothetical_deals=len(fake),
    )


def _amount(rows: pd.DataFrame) -> pd.Series:
    column = "amount_usd_m" if "amount_usd_m" in rows else "value_usd_m"
    return pd.to_numeric(rows[column], errors="coerce")


def system_label(rows: pd.DataFrame, lang: str) -> pd.Series:
    """The system name in the language shown; English marked "(영문만 있음)" when no Korean name exists."""
    return localized_series(rows["system"], rows["system_ko"] if "system_ko" in rows else None, lang)


def by_recipient(rows: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per recipient: real and hypothetical value and deal counts, systems.

    Columns: recipient_iso3, value_usd_m, deals, deals_without_value, hypothetical_usd_m,
    hypothetical_deals, systems (distinct system names, '; '-joined, in first-seen order).
    Deals are counted as in totals() (a framework with its contracts listed is not a deal).
    Real and hypothetical values are summed apart (masked, never multiplied), so a
    hypothetical value cannot reach a real one. Sorted by real value, then hypothetical
    value, descending.
    """
    cols = [
        "recipient_iso3",
        "value_usd_m",
        "deals",
        "deals_without_value",
        "hypothetical_usd_m",
        "hypothetical_deals",
        "systems",
    ]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    hypo = _hypo_mask(rows).to_numpy(dtype=bool)
    is_deal = counts_as_deal(rows).to_numpy(dtype=bool)
    counted = pd.to_numeric(rows["counted_usd_m"], errors="coerce").astype(float).fillna(0.0).to_numpy()
    frame = pd.DataFrame(
        {
            "recipient_iso3": rows["recipient_iso3"].astype(str).to_numpy(),
            "real_value": np.where(hypo, 0.0, counted),
            "real_deal": is_deal.astype(int),
            "no_value": (_amount(rows).isna().to_numpy(dtype=bool) & is_deal).astype(int),
            "hypo_value": np.where(hypo, counted, 0.0),
            "hypo_deal": hypo.astype(int),
            "system": system_label(rows, lang).astype(str).to_numpy(),
        }
    )
    g = frame.groupby("recipient_iso3", sort=False)
    result = pd.DataFrame(
        {
            "value_usd_m": g["real_value"].sum(),
            "deals": g["real_deal"].sum(),
            "deals_without_value": g["no_value"].sum(),
            "hypothetical_usd_m": g["hypo_value"].sum(),
            "hypothetical_deals": g["hypo_deal"].sum(),
            "systems": g["system"].agg(lambda s: "; ".join(dict.fromkeys(s))),
        }
    ).reset_index()[cols]
    return result.sort_values(["value_usd_m", "hypothetical_usd_m"], ascending=False, kind="stable").reset_index(
        drop=True
    )


def by_recipient_category(rows: pd.DataFrame) -> pd.DataFrame:
    """Counted value and deals per recipient and category (real deals only)."""
    real = rows.loc[~_hypo_mask(rows)]
    if real.empty:
        return pd.DataFrame(columns=["recipient_iso3", "category", "value_usd_m", "deals"])
    g = real.groupby(["recipient_iso3", "category"], sort=True)
    out = g.agg(
        value_usd_m=("counted_usd_m", lambda s: float(s.sum(skipna=True))), deals=("deal_id", "size")
    ).reset_index()
    out["recipient_iso3"] = out["recipient_iso3"].astype(str)
    out["category"] = out["category"].astype(str)
    return out


def by_year(rows: pd.DataFrame) -> pd.DataFrame:
    """Number of deals and counted value per year signed and stage (real deals only)."""
    real = rows.loc[~_hypo_mask(rows)]
    if real.empty:
        return pd.DataFrame(columns=["year_signed", "stage", "deals", "value_usd_m"])
    g = real.groupby(["year_signed", "stage"], sort=True)
    out = g.agg(
        deals=("deal_id", "size"), value_usd_m=("counted_usd_m", lambda s: float(s.sum(skipna=True)))
    ).reset_index()
    out["year_signed"] = out["year_signed"].astype(int)
    out["stage"] = out["stage"].astype(str)
    return out


DEALS_TABLE_COLUMNS: tuple[str, ...] = (
    "deal_id",
    "recipient",
    "system",
    "category",
    "stage",
    "quantity",
    "value_usd_m",
    "usd_m_at_signing",
    "value_basis",
    "counted_usd_m",
    "original_currency",
    "original_amount_m",
    "fx_rate",
    "year_signed",
    "date_signed",
    "parent_deal_id",
    "contractor",
    "source_url",
    "source_title",
    "source_tier",
    "notes",
)


def _label(prefix: str, lang: str):  # noqa: ANN202  (a mapper for Series.map)
    def label(code: object) -> object:
        return t(f"{prefix}.{code}", lang) if isinstance(code, str) and code else pd.NA

    return label


def deals_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The deals table as shown: names and labels in ``lang``, numbers as floats, newest first.

    rows: from filter_deals. Recipient, category and stage codes become their labels; the
    system is in ``lang`` (system_label). Sorted by year signed (newest first), then deal id.
    """

    def col(name: str) -> pd.Series:
        return rows[name] if name in rows else pd.Series(pd.NA, index=rows.index, dtype="object")

    shown = pd.DataFrame(
        {
            "deal_id": rows["deal_id"],
            "recipient": rows["recipient_iso3"].map(lambda c: country_name(str(c), lang)),
            "system": system_label(rows, lang),
            "category": rows["category"].map(lambda c: t(f"arms.category.{c}", lang)),
            "stage": rows["stage"].map(lambda s: t(f"arms.stage.{s}", lang)),
            "quantity": pd.to_numeric(col("quantity"), errors="coerce").astype(float),
            "value_usd_m": pd.to_numeric(rows["value_usd_m"], errors="coerce").astype(float),
            "usd_m_at_signing": pd.to_numeric(col("usd_m_at_signing"), errors="coerce").astype(float),
            "value_basis": col("value_basis").map(_label("arms.basis", lang)),
            "counted_usd_m": pd.to_numeric(rows["counted_usd_m"], errors="coerce").astype(float),
            "original_currency": col("original_currency"),
            "original_amount_m": pd.to_numeric(col("original_amount_m"), errors="coerce").astype(float),
            "fx_rate": pd.to_numeric(col("fx_rate"), errors="coerce").astype(float),
            "year_signed": pd.to_numeric(rows["year_signed"], errors="coerce").astype(float),
            "date_signed": col("date_signed"),
            "parent_deal_id": col("parent_deal_id"),
            "contractor": col("contractor"),
            "source_url": col("source_url"),
            "source_title": col("source_title"),
            "source_tier": col("source_tier").map(_label("common.tier", lang)),
            "notes": col("notes"),
        },
        columns=list(DEALS_TABLE_COLUMNS),
    )
    return shown.sort_values(["year_signed", "deal_id"], ascending=[False, True], kind="stable")


# ------------------------------------------------------------------ official totals beside ours
def official_vs_listed(
    listed: pd.DataFrame, orders: pd.DataFrame, price_index: pd.DataFrame | None = None, prices: str = "current"
) -> pd.DataFrame:
    """Per year of the official file: the government's orders, the sum of our listed rows, the share covered.

    listed: from filter_deals (real rows; their ``counted_usd_m`` in the chosen prices).
    orders: data/arms_orders_official.csv, one row per year and ``basis`` (the government's latest
    tally, an earlier one it revised, Korea Eximbank's total; no basis = government): every row
    is kept, so a year with two totals shows both. In constant prices the official totals are
    deflated with the same index. Columns: year, basis, official_usd_m, listed_usd_m,
    listed_deals, share_pct (empty when the official total is unknown), status.
    """
    cols = ["year", "basis", "official_usd_m", "listed_usd_m", "listed_deals", "share_pct", "status"]
    if orders.empty:
        return pd.DataFrame(columns=cols)
    real = listed.loc[~_hypo_mask(listed) & counts_as_deal(listed)] if not listed.empty else listed
    per_year = (
        real.assign(year=pd.to_numeric(real["year_signed"]).astype(int))
        .groupby("year")
        .agg(listed_usd_m=("counted_usd_m", lambda s: float(s.sum(skipna=True))), listed_deals=("deal_id", "size"))
        if not real.empty
        else pd.DataFrame(columns=["listed_usd_m", "listed_deals"])
    )
    official = pd.to_numeric(orders["orders_usd_m"], errors="coerce").astype(float)
    years = orders["year"].astype(int)
    if prices == "constant" and price_index is not None:
        factors = deflators(price_index)
        official = official * years.map(lambda y: factors.get(int(y), 1.0)).astype(float)
    basis = orders["basis"] if "basis" in orders else pd.Series(pd.NA, index=orders.index)
    out = pd.DataFrame(
        {
            "year": years.to_numpy(),
            "basis": basis.astype("string").fillna(GOVERNMENT).astype(str).to_numpy(),
            "official_usd_m": official.to_numpy(),
            "status": orders["status"].astype(str).to_numpy(),
        }
    )
    out["listed_usd_m"] = out["year"].map(per_year["listed_usd_m"]).astype(float).fillna(0.0)
    out["listed_deals"] = out["year"].map(per_year["listed_deals"]).fillna(0).astype(int)
    out["share_pct"] = (out["listed_usd_m"] / out["official_usd_m"] * 100).round(1)
    out["order"] = out["basis"].map(lambda b: ORDER_BASES.index(b) if b in ORDER_BASES else len(ORDER_BASES))
    return out.sort_values(["year", "order"], kind="stable")[cols].reset_index(drop=True)


# ------------------------------------------------------------------ one deal, highlighted
# An event's link opens this page with ?deal=<deal_id> (see atlas.events.link_targets).


def parse_deal(raw: Sequence[str], deals: pd.DataFrame) -> Parsed[str | None]:
    """The deal a link asks to highlight: a known deal_id, else None (flagged when one was given)."""
    ids = [str(d) for d in deals["deal_id"].dropna()]
    parsed = parse_code(raw, ids, "")
    return Parsed(parsed.value or None, parsed.rejected)


def deal_record(deals: pd.DataFrame, deal_id: str) -> dict[str, object] | None:
    """One deal's row as a plain dict (None when the id is unknown)."""
    row = deals.loc[deals["deal_id"] == deal_id]
    if row.empty:
        return None
    return {k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.iloc[0].to_dict().items()}


def highlight_first(table: pd.DataFrame, deal_id: str | None, mark: str = "▶") -> pd.DataFrame:
    """The table with a first column ``highlight`` (mark on the highlighted deal's row) and that row first.

    The other rows keep their order; without a deal (or when it is not in the table)
    the column is empty and the order unchanged.
    """
    hit = (table["deal_id"] == deal_id).fillna(False).to_numpy(dtype=bool) if deal_id else [False] * len(table)
    out = table.assign(highlight=["" if not h else mark for h in hit])
    out = out[["highlight", *[c for c in table.columns]]]
    order = sorted(range(len(out)), key=lambda i: not hit[i])  # stable: the hit first
    return out.iloc[order]


def known_recipients(deals: pd.DataFrame) -> list[str]:
    return sorted(deals["recipient_iso3"].dropna().astype(str).unique())
