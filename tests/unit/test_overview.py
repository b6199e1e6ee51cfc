"""The Overview's numbers and figures, built with no Streamlit: the pages' own functions, the stated bases."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas import arms, spending, votes
from atlas.core import data
from atlas.core.figure import Datasets
from atlas.i18n import t
from atlas.overview import figures as ofig
from atlas.overview import model
from atlas.overview.state import PAGE, URL_KEYS, State


def _deals(**extra: list) -> pd.DataFrame:
    base = {
        "deal_id": ["FW", "EC1", "EC2", "MOU", "OPT", "UAE"],
        "recipient_iso3": ["POL", "POL", "EST", "PHL", "EST", "ARE"],
        "stage": ["framework", "contract", "contract", "mou", "option", "contract"],
        "value_usd_m": [9999.0, 3000.0, 500.0, 100.0, None, 3500.0],
        "year_signed": [2022, 2022, 2023, 2024, 2024, 2022],
        "category": ["armour"] * 6,
        "system": ["K2", "K2", "K9", "FA-50", "K9", "M-SAM"],
        "parent_deal_id": [None, "FW", None, None, None, None],
    }
    df = pd.DataFrame({**base, **extra})
    df["value_usd_m"] = df["value_usd_m"].astype("Float64")
    return df


# ---------------------------------------------------------------- the arms headline and its basis
def test_without_values_at_signing_the_headline_sums_values_as_reported():
    """The fixture's case today: usd_m_at_signing absent (or all empty, as the loader adds it)."""
    for deals in (_deals(), _deals(usd_m_at_signing=[None] * 6, value_basis=[None] * 6)):
        h = model.arms_headline(deals)
        assert h is not None
        assert h.basis == model.AS_REPORTED
        assert h.total_usd_m == 7000.0  # EC1 + EC2 + UAE; the framework's contract counts, not the framework
        assert (h.with_value, h.without_value, h.converted, h.estimates_excluded) == (3, 1, 0, 0)
        assert h.top_recipients == (("ARE", 3500.0), ("POL", 3000.0), ("EST", 500.0))
        assert (h.first_year, h.last_year) == (2022, 2024)


def test_with_values_at_signing_the_headline_sums_them_and_leaves_estimates_out():
    deals = _deals(
        # OPT has no US$ value reported but one converted at signing; the UAE figure is an estimate.
        usd_m_at_signing=[None, 3000.0, 480.0, None, 250.0, 3500.0],
        value_basis=[None, "reported", "converted", None, "converted", "estimate"],
    )
    h = model.arms_headline(deals)
    assert h is not None
    assert h.basis == model.AT_SIGNING
    assert h.total_usd_m == 3730.0
    assert (h.with_value, h.converted, h.without_value, h.estimates_excluded) == (3, 2, 0, 1)
    assert h.top_recipients == (("POL", 3000.0), ("EST", 730.0))


def test_the_headline_is_the_arms_pages_default_total_on_the_fixture():
    deals = data.load_arms_exports()
    page = arms.totals(arms.filter_deals(deals, arms.Filters(arms.year_bounds(deals))))
    h = model.arms_headline(deals)
    assert h is not None
    assert h.total_usd_m == pytest.approx(page.value_usd_m)
    assert h.with_value + h.without_value + h.estimates_excluded == page.deals


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_headline_says_its_basis_in_words(lang):
    as_reported = model.ArmsHeadline(model.AS_REPORTED, 52290.0, 42, 0, 19, 0, 21, 2001, 2026, ())
    at_signing = model.ArmsHeadline(model.AT_SIGNING, 60000.0, 1, 1, 1, 1, 21, 2001, 2026, ())
    head, rest = ofig.arms_lines(as_reported, lang)
    if lang == "en":
        assert head == "42 listed contracts with a known value: $52.29 bn (US$ as reported, current prices)"
        assert rest.startswith("19 more listed contracts have no known value")
        head, rest = ofig.arms_lines(at_signing, lang)
        assert head == "1 listed contract with a known value: $60.00 bn (US$ at signing, current prices)"
        assert "1 of them was converted" in rest and "1 more listed contract has no known value" in rest
        assert "1 contract valued only by an estimate" in rest
    else:
        assert head == "금액이 알려진 계약 42건: 522.9억 달러 (보도된 미 달러 금액, 경상 가격)"
        head, rest = ofig.arms_lines(at_signing, lang)
        assert "체결 당시 미 달러" in head and "환산" in rest and "추정" in rest


def test_latest_exporter_rank():
    ranks = pd.DataFrame({"period": ["2019-2023", "2020-2024"], "rank": [10, 9], "share_pct": [2.0, None]})
    assert model.latest_exporter_rank(ranks) == model.ExporterRank("2020-2024", 9, None)


# ---------------------------------------------------------------- the Council card
def test_council_headline_counts_vetoes():
    decisions = pd.DataFrame(
        {"outcome": ["adopted", "vetoed", "vetoed"], "date": pd.to_datetime(["2017-01-01", "2022-02-25", "2024-03-28"])}
    )
    assert model.council_headline(decisions) == model.CouncilHeadline(3, 2, 2017, 2024)


def _council() -> tuple[pd.DataFrame, pd.DataFrame]:
    decisions = pd.DataFrame(
        {
            "decision_id": ["D1", "D2", "D3"],
            "symbol": ["S/1", "S/2", "S/3"],
            "outcome": ["adopted", "vetoed", "adopted"],
            "date": pd.to_datetime(["2023-1-1", "2024-1-1", "2025-1-1"]),
        }
    )
    vote_rows = pd.DataFrame(
        {
            "decision_id": ["D1", "D2", "D2", "D3", "D3"],
            "member_iso3": ["USA", "USA", "KOR", "USA", "KOR"],
            "vote": ["Y", "Y", "Y", "N", "A"],
        }
    )
    return decisions, vote_rows


def test_agreement_counts_only_decisions_where_both_sat():
    decisions, vote_rows = _council()
    (usa,) = model.agreement_with(vote_rows, decisions, "KOR", ["USA"])
    assert (usa.same, usa.both, usa.share_pct) == (1, 2, 50.0)
    # D2 was unanimous, D3 contested (USA no, KOR abstained): over contested decisions only, 0 of 1
    assert (usa.same_contested, usa.contested, usa.contested_pct) == (0, 1, 0.0)
    assert model.agreement_with(vote_rows, decisions, "KOR", ["CHN"])[0].share_pct is None
    assert model.member_years(vote_rows, decisions, "KOR") == (2024, 2025)


def test_the_agreement_basis_is_the_decisions_south_korea_voted_on():
    decisions, vote_rows = _council()
    basis = model.agreement_basis(vote_rows, decisions)
    assert basis == model.AgreementBasis(decisions=2, vetoed=1, first_year=2024, last_year=2025, contested=1)
    assert ofig.agreement_link(basis) == {"years": ["2024", "2025"], "section": ["agreement"]}
    assert ofig.council_basis_text(basis, "en") == (
        "Over all 2 decisions of 2024–2025 on which South Korea voted (the default basis), and over the 1 "
        "contested ones among them (at least one vote not yes); 1 of them a vetoed draft."
    )
    one = model.AgreementBasis(1, 0, 2024, 2024, 0)
    assert ofig.council_basis_text(one, "en").startswith("Over the only decision of 2024 on which")
    assert "0 of them vetoed drafts" in ofig.council_basis_text(one, "en")
    assert "2024–2025년 한국이 투표한 결정 2건 전체(기본 기준)와 그중 쟁점 결정 1건" in ofig.council_basis_text(
        basis, "ko"
    )
    assert model.agreement_basis(vote_rows, decisions, years=(2025, 2025)) == model.AgreementBasis(1, 0, 2025, 2025, 1)


def test_the_latest_term_comes_from_membership_or_else_from_the_years_voted():
    decisions, vote_rows = _council()
    assert model.latest_term(vote_rows, decisions) == (2024, 2025)
    seats = pd.DataFrame({"year": [1996, 1997, 2013, 2014], "member_iso3": ["KOR"] * 4, "seat": ["elected"] * 4})
    assert model.latest_term(vote_rows, decisions, seats) == (2013, 2014)
    assert model.latest_term(vote_rows, decisions, seats, focus="JPN") is None


def test_the_agreement_is_the_votes_pages_focus_ranking_on_the_fixture():
    decisions, vote_rows = data.load_unsc_decisions(), data.load_unsc_votes()
    ranking = votes.focus_ranking(votes.agreement(vote_rows, votes.filter_decisions(decisions)["decision_id"]), "KOR")
    page = {m: (s, n) for m, s, n in zip(ranking["member"], ranking["same"], ranking["shared"])}
    shown = [a for a in model.agreement_with(vote_rows, decisions) if a.both]
    assert shown, "South Korea's Council votes are missing from the fixture"
    basis = model.agreement_basis(vote_rows, decisions)
    assert basis is not None
    for a in shown:
        assert (a.same, a.both) == page[a.other]
        assert a.both == basis.decisions  # the permanent members sat on every decision South Korea voted on


# ---------------------------------------------------------------- spending
def _targets(rows: list[tuple[str, str, str, float | None]]) -> pd.DataFrame:
    targets = pd.DataFrame(rows, columns=["target_id", "scope", "kind", "share_gdp_pct"])
    targets["share_gdp_pct"] = targets["share_gdp_pct"].astype("Float64")
    return targets


def test_nato_thresholds_are_the_spending_pages_reference_lines():
    targets = _targets(
        [
            ("NATO-2014-WALES-2PCT", "NATO", "guideline", 2.0),
            ("NATO-2035-TOTAL", "NATO", "commitment", 5.0),
            ("NATO-2035-CORE", "NATO", "commitment", 3.5),
            ("NATO-2035-RELATED", "NATO", "commitment", 1.5),  # a part of the 5%, not a level
            ("KOR-3P5PCT-ASAP", "KOR", "commitment", 3.5),
        ]
    )
    assert model.nato_thresholds(targets) == [2.0, 3.5, 5.0]
    assert model.nato_thresholds(targets) == sorted(spending.reference_lines(targets)["share_gdp_pct"])


def test_national_targets_are_the_countrys_usable_targets():
    targets = _targets(
        [
            ("NATO-2014-WALES-2PCT", "NATO", "guideline", 2.0),
            ("KOR-3P5PCT-ASAP", "KOR", "commitment", 3.5),
            ("KOR-BUDGET", "KOR", "plan", None),  # a won budget: no share of GDP
            ("POL-2025", "POL", "plan", 4.7),
        ]
    )
    assert model.national_targets(targets, "KOR") == [3.5]
    assert model.national_targets(targets, "JPN") == []


# ---------------------------------------------------------------- the figures, no Streamlit
def test_the_state_has_no_keys():
    assert PAGE == "overview" and URL_KEYS == ()
    assert State.from_query({"anything": ["x"]}, Datasets()) == (State(), ())
    assert State().to_query() == {}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_figure_builds_without_streamlit(lang):
    figs = ofig.figures(State(), Datasets(), lang)
    assert [f.id for f in figs] == ["overview.arms", "overview.council", "overview.spending", "overview.events"]
    for f in figs:
        f.chart.to_dict()  # every figure has a picture for slides
        assert f.lang == lang and f.title and not f.table.empty and f.sources and f.as_of
        assert f.url == ("/?lang=ko" if lang == "ko" else "/")
    arms_fig, council, _, events = figs
    assert arms_fig.table.iloc[0, 0] == t("overview.arms.total", lang)
    assert len(events.table) == ofig.LATEST_EVENTS
    assert len(council.table) == 3 and council.caption


def test_a_missing_or_broken_dataset_leaves_only_its_figure_out(tmp_path):
    for name in ("countries", "arms_exports", "defense_spending", "spending_targets"):
        (tmp_path / data.SPECS[name].file).write_bytes((data.DATA_DIR / data.SPECS[name].file).read_bytes())
    (tmp_path / "events.csv").write_text("event_id,date\nE1,not-a-date\n", encoding="utf-8")
    bundle = Datasets(loader=lambda n: data.load(n, tmp_path), available=lambda: data.available(tmp_path))
    figs = ofig.figures(State(), bundle, "en")
    assert [f.id for f in figs] == ["overview.arms", "overview.spending"]
    assert ofig.broken(bundle, ("events", "unsc_votes")) == ["events"]


def test_a_row_not_yet_graded_keeps_its_reported_value():
    """As on the arms page: a row with no value_basis and no value at signing counts its reported US$."""
    deals = _deals(
        usd_m_at_signing=[None, 3000.0, None, None, None, 3500.0],
        value_basis=[None, "reported", None, None, None, "estimate"],
    )
    h = model.arms_headline(deals)
    assert h is not None
    assert h.basis == model.AT_SIGNING
    assert h.total_usd_m == 3500.0  # EC1 3000 at signing + EC2's reported 500; the UAE estimate left out
    assert (h.with_value, h.without_value, h.estimates_excluded) == (2, 1, 1)


def test_rows_whose_amount_arms_computed_are_used_as_they_are():
    """Once arms.filter_deals computes amount_usd_m, its rule is the Overview's rule."""
    rows = arms.with_counted_values(_deals(usd_m_at_signing=[None, 1.0, 2.0, None, None, None]))
    rows["amount_usd_m"] = rows["usd_m_at_signing"]
    valued, basis = model.valued_rows(rows)
    assert basis == model.AT_SIGNING and valued is rows
