"""The curated arms files: values at signing reproduce from the ECB rates, every source is graded,
the government's annual totals validate. These tests read data/ itself, not the frozen fixture."""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from atlas.core import data

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "data"
TIERS = {"official", "wire_or_major", "secondary"}


def _load_tool():
    spec = importlib.util.spec_from_file_location("value_at_signing", ROOT / "tools" / "value_at_signing.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["value_at_signing"] = module
    spec.loader.exec_module(module)
    return module


vas = _load_tool()


@pytest.fixture(scope="module")
def arms() -> pd.DataFrame:
    return data.load("arms_exports", REAL)


@pytest.fixture(scope="module")
def rates():
    return vas.EcbRates()


# --- the conversion script -------------------------------------------------------------------


def test_stored_values_at_signing_match_what_the_script_computes() -> None:
    assert vas.main(["--check"], path=REAL / "arms_exports.csv") == 0


def test_check_mode_catches_a_changed_value(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((REAL / "arms_exports.csv").read_text(encoding="utf-8"))))
    target = next(r for r in rows if r["value_basis"] == "converted")
    target["usd_m_at_signing"] = str(float(target["usd_m_at_signing"]) + 1)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    copy = tmp_path / "arms_exports.csv"
    copy.write_text(out.getvalue(), encoding="utf-8")
    assert vas.main(["--check"], path=copy) == 1


def test_conversion_is_deterministic(rates) -> None:
    text = (REAL / "arms_exports.csv").read_text(encoding="utf-8")
    assert vas.compute(text, rates) == vas.compute(text, rates) == text


def _row(**cells: str) -> dict[str, str]:
    base = {
        "deal_id": "TEST-1",
        "value_usd_m": "",
        "original_currency": "",
        "original_amount_m": "",
        "date_signed": "",
        "month_signed": "",
        "announced_date": "",
        "value_basis": "",
    }
    return base | cells


def test_a_weekend_signing_uses_the_last_ecb_rate_before_it(rates) -> None:
    # 16 Jan 2022 was a Sunday: the rate is Friday 14 Jan's
    cells = vas.at_signing(_row(original_currency="KRW", original_amount_m="1000", date_signed="2022-01-16"), rates)
    assert cells.fx_date == "2022-01-14"
    assert cells.basis == "converted"


def test_a_known_month_uses_the_rate_of_the_15th(rates) -> None:
    cells = vas.at_signing(_row(original_currency="EUR", original_amount_m="100", month_signed="2022-11"), rates)
    assert cells.fx_date == "2022-11-15"


def test_a_known_announcement_day_values_a_signing_month_row(rates) -> None:
    cells = vas.at_signing(
        _row(original_currency="KRW", original_amount_m="313100", month_signed="2023-02", announced_date="2023-02-02"),
        rates,
    )
    assert (cells.fx_date, cells.usd_m) == ("2023-02-02", "255.6")


def test_an_announcement_outside_the_signing_month_is_refused(rates) -> None:
    with pytest.raises(vas.ConversionError, match="not in month_signed"):
        vas.at_signing(
            _row(original_currency="EUR", original_amount_m="10", month_signed="2023-02", announced_date="2023-03-01"),
            rates,
        )


def test_the_dirham_uses_the_peg(rates) -> None:
    cells = vas.at_signing(_row(original_currency="AED", original_amount_m="3672.5", date_signed="2022-01-16"), rates)
    assert (cells.fx_rate, cells.usd_m) == ("3.6725", "1000.0")


def test_a_usd_contract_keeps_the_reported_value(rates) -> None:
    cells = vas.at_signing(_row(value_usd_m="208.873", original_currency="USD", original_amount_m="208.873"), rates)
    assert cells == vas.AtSigning("208.873", "", "", "reported")


def test_an_estimate_flag_is_kept(rates) -> None:
    cells = vas.at_signing(
        _row(original_currency="KRW", original_amount_m="1000", date_signed="2022-01-14", value_basis="estimate"), rates
    )
    assert cells.basis == "estimate" and cells.usd_m


def test_a_foreign_amount_without_a_signing_month_is_refused(rates) -> None:
    with pytest.raises(vas.ConversionError, match="no date_signed or month_signed"):
        vas.at_signing(_row(original_currency="EUR", original_amount_m="10"), rates)


# --- the stored columns ----------------------------------------------------------------------


def test_every_row_with_an_original_amount_has_a_value_at_signing(arms: pd.DataFrame) -> None:
    missing = arms[arms["original_amount_m"].notna() & arms["usd_m_at_signing"].isna()]
    assert missing.empty, list(missing["deal_id"])


def test_every_reported_value_has_a_value_at_signing(arms: pd.DataFrame) -> None:
    missing = arms[arms["value_usd_m"].notna() & arms["usd_m_at_signing"].isna()]
    assert missing.empty, list(missing["deal_id"])


def test_non_usd_rows_carry_their_rate_and_date(arms: pd.DataFrame) -> None:
    foreign = arms[arms["original_currency"].notna() & (arms["original_currency"] != "USD")]
    assert len(foreign) > 0
    assert foreign["fx_rate"].notna().all() and foreign["fx_date"].notna().all()
    assert set(foreign["value_basis"]) <= {"converted", "estimate"}
    usd = arms[arms["original_currency"] == "USD"]
    assert usd["fx_rate"].isna().all() and usd["fx_date"].isna().all()
    assert set(usd["value_basis"]) <= {"reported", "estimate"}


def test_converted_values_reproduce_from_the_stored_rate(arms: pd.DataFrame) -> None:
    conv = arms[arms["fx_rate"].notna()]
    recomputed = (conv["original_amount_m"] / conv["fx_rate"]).round(1)
    assert ((recomputed - conv["usd_m_at_signing"]).abs() < 0.051).all()


def test_the_rate_date_is_the_signing_date_or_just_before(arms: pd.DataFrame) -> None:
    for _, r in arms[arms["fx_date"].notna()].iterrows():
        if pd.notna(r["date_signed"]):
            day = r["date_signed"].date()
        elif pd.notna(r["announced_date"]):
            day = r["announced_date"].date()
        else:
            year, month = (int(p) for p in str(r["month_signed"]).split("-"))
            day = date(year, month, 15)
        lag = (day - r["fx_date"].date()).days
        assert 0 <= lag <= 4, (r["deal_id"], day, r["fx_date"])


def test_totals_at_signing_are_computable(arms: pd.DataFrame) -> None:
    counted = arms[arms["stage"].isin(["contract", "option"])]
    total = float(counted["usd_m_at_signing"].sum())
    confirmed = float(counted.loc[counted["value_basis"] != "estimate", "usd_m_at_signing"].sum())
    assert total > confirmed > 0
    assert str(arms["usd_m_at_signing"].dtype) == "Float64"


def test_the_uae_figure_is_flagged_as_an_estimate(arms: pd.DataFrame) -> None:
    row = arms.set_index("deal_id").loc["ARE-2022-MSAM2"]
    assert row["value_basis"] == "estimate"
    assert row["value_usd_m"] == 3500  # the reported figure is kept


def test_india_2017_is_valued_at_signing_not_at_the_2020_conversion(arms: pd.DataFrame) -> None:
    row = arms.set_index("deal_id").loc["IND-2017-K9VAJRA"]
    assert row["value_usd_m"] == 615.7  # Janes, 2020, kept as reported
    assert 60 < row["fx_rate"] < 68  # INR per US$ in May 2017, not 2020's ~70.9
    assert row["usd_m_at_signing"] > 650


def test_philippine_frigates_2025_signing_date(arms: pd.DataFrame) -> None:
    row = arms.set_index("deal_id").loc["PHL-2025-FRIGATE"]
    assert row["date_signed"] == pd.Timestamp("2025-12-26")


def test_month_signed_is_a_month(arms: pd.DataFrame) -> None:
    months = arms["month_signed"].dropna()
    assert months.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])").all()
    both = arms[arms["month_signed"].notna() & arms["date_signed"].notna()]
    assert both.empty, list(both["deal_id"])


# --- source tiers and the other two files ----------------------------------------------------


@pytest.mark.parametrize("dataset", ["arms_exports", "arms_orders_official", "arms_exporter_rank"])
def test_every_row_has_a_source_tier(dataset: str) -> None:
    df = data.load(dataset, REAL)
    assert df["source_tier"].notna().all()
    assert set(df["source_tier"]) <= TIERS


def test_secondary_sources_say_why(arms: pd.DataFrame) -> None:
    weak = arms[arms["source_tier"] == "secondary"]
    assert weak["notes"].str.contains("secondary", case=False).all(), list(weak["deal_id"])


def test_official_orders_validate_with_sources() -> None:
    orders = data.load("arms_orders_official", REAL)
    assert not orders.duplicated(["year", "basis"]).any()
    assert orders["source_url"].notna().all() and orders["notes"].notna().all()
    assert orders["basis"].notna().all() and orders["definition"].notna().all()
    gov = orders[orders["basis"] == "government"].set_index("year")
    assert gov.index.is_unique and {2021, 2022, 2023, 2024, 2025} <= set(gov.index)
    # The record year is the record year in every government statement quoted.
    assert gov["orders_usd_m"].idxmax() == 2022


def test_both_2025_totals_are_shown_with_what_each_counts() -> None:
    orders = data.load("arms_orders_official", REAL)
    year = orders[orders["year"] == 2025].set_index("basis")
    assert year.at["government", "orders_usd_m"] == 15200  # presidential office; DAPA "over $15 billion"
    assert year.at["eximbank", "orders_usd_m"] == 24000  # Korea Eximbank research institute
    assert "over $15 billion" in year.at["government", "notes"]
    assert year["definition"].nunique() == 2 and (year["definition"].str.len() > 100).all()


def test_dapa_revised_2023_and_2024_and_the_earlier_tallies_stay() -> None:
    orders = data.load("arms_orders_official", REAL).set_index(["year", "basis"])["orders_usd_m"]
    assert orders[(2023, "government")] == 13000 and orders[(2024, "government")] == 9600
    assert orders[(2023, "government_earlier")] == 13500 and orders[(2024, "government_earlier")] == 9500


def test_sipri_2016_2020_window() -> None:
    rank = data.load("arms_exporter_rank", REAL).set_index("period")
    assert (rank.loc["2016-2020", "rank"], rank.loc["2016-2020", "share_pct"]) == (9, 2.7)
    starts = sorted(int(p[:4]) for p in rank.index)
    assert starts == list(range(starts[0], starts[-1] + 1)), "a SIPRI window is missing"


def test_sipri_2021_2025_window() -> None:
    rank = data.load("arms_exporter_rank", REAL).set_index("period")
    assert rank.loc["2021-2025", "rank"] == 9
    assert rank.loc["2021-2025", "share_pct"] == 3.0


# --- corrections found by the independent check: each would fail if the error came back ------


def _deal(arms: pd.DataFrame, deal_id: str) -> pd.Series:
    return arms.set_index("deal_id").loc[deal_id]


def test_perus_first_pohang_corvette_was_agreed_on_22_september_2015(arms: pd.DataFrame) -> None:
    assert "PER-2018-POHANG-TRANSFER" not in set(arms["deal_id"])
    row = _deal(arms, "PER-2015-POHANG-TRANSFER")
    assert row["date_signed"] == pd.Timestamp("2015-09-22") and row["year_signed"] == 2015


def test_altay_engine_is_valued_at_its_announcement_day(arms: pd.DataFrame) -> None:
    row = _deal(arms, "TUR-2023-ALTAY-ENGINE")
    assert row["fx_date"] == pd.Timestamp("2023-02-02")
    assert row["usd_m_at_signing"] == pytest.approx(255.6)


def test_every_month_row_with_an_announcement_day_is_valued_on_it(arms: pd.DataFrame) -> None:
    rows = arms[arms["announced_date"].notna()]
    assert len(rows) >= 5 and rows["date_signed"].isna().all() and rows["month_signed"].notna().all()
    for r in rows.itertuples():
        assert 0 <= (r.announced_date - r.fx_date).days <= 4, r.deal_id


def test_peru_k808_contract_has_its_stated_value_and_day(arms: pd.DataFrame) -> None:
    row = _deal(arms, "PER-2024-K808")
    assert row["value_usd_m"] == 60 and row["usd_m_at_signing"] == 60
    assert row["date_signed"] == pd.Timestamp("2024-05-20")


def test_turkey_kt1t_value_cites_a_stored_source(arms: pd.DataFrame) -> None:
    row = _deal(arms, "TUR-2007-KT1T")
    assert row["value_usd_m"] == 350 and "hurriyetdailynews" in row["source_url"]
    assert row["source_tier"] != "secondary"


def test_iraq_cheongung_is_eight_batteries_and_the_surion_sale_is_listed(arms: pd.DataFrame) -> None:
    msam = _deal(arms, "IRQ-2024-MSAM2")
    assert msam["quantity"] == 8 and msam["date_signed"] == pd.Timestamp("2024-09-19")
    surion = _deal(arms, "IRQ-2024-SURION")
    assert (surion["year_signed"], surion["quantity"], surion["category"]) == (2024, 2, "aircraft")
    assert surion["original_currency"] == "KRW" and surion["usd_m_at_signing"] > 90


def test_peru_framework_estimate_is_the_newspapers_not_the_presidential_office(arms: pd.DataFrame) -> None:
    for deal in ("PER-2025-K2-FW", "PER-2025-K808-FW"):
        notes = _deal(arms, deal)["notes"]
        assert "JoongAng Daily's own" in notes, deal
        assert "per Seoul presidential office" not in notes, deal


def test_counted_is_false_exactly_for_frameworks_whose_contracts_are_listed(arms: pd.DataFrame) -> None:
    assert arms["counted"].notna().all()
    parents = set(arms["parent_deal_id"].dropna())
    carried = (arms["stage"] == "framework") & arms["deal_id"].isin(parents)
    assert (arms["counted"].astype(bool) == ~carried).all()
    assert not _deal(arms, "POL-2022-FA50-FW")["counted"]


def test_a_total_of_the_file_counts_the_fa50_money_once(arms: pd.DataFrame) -> None:
    fa50 = arms[arms["deal_id"].str.startswith("POL-2022-FA50")]
    assert fa50["usd_m_at_signing"].sum() == 6000  # framework and contract both say $3bn
    assert fa50.loc[fa50["counted"].astype(bool), "usd_m_at_signing"].sum() == 3000
    # The app's total over every stage is the downloaded file's sum over counted rows: one rule.
    from atlas import arms as model
    from atlas.core.vocab import ARMS_STAGES

    every = model.Filters(model.year_bounds(arms), stages=ARMS_STAGES, estimates=True)
    app_total = model.totals(model.filter_deals(arms, every)).value_usd_m
    assert app_total == pytest.approx(float(arms.loc[arms["counted"].astype(bool), "usd_m_at_signing"].sum()))
