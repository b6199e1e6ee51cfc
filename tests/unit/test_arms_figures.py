"""The arms page's view state and figures, built with no Streamlit running (on the frozen fixture)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from atlas.arms import figures, model, state, whatif
from atlas.arms.state import State
from atlas.core.charts import to_spec
from atlas.core.data import SPECS, DataError, load
from atlas.core.figure import Datasets

FULL = {
    "years": ["2018", "2030"],
    "recipients": ["POL", "EST"],
    "category": ["artillery", "rocket_artillery"],
    "stage": ["framework", "contract", "option"],
    "events": ["on"],
    "deal": ["POL-2023-K9-EC2"],
    "estimates": ["on"],
    "prices": ["constant"],
    "measure": ["tiv"],
    "wi": ["v1~EST~artillery~300~2030~K9 batch 4 (what if)"],  # as the page writes it (an untagged one reads the same)
}


@pytest.fixture(scope="module")
def data() -> Datasets:
    return Datasets()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("query", [{}, FULL], ids=["default", "every_key"])
def test_every_figure_builds_without_streamlit(data: Datasets, query: dict, lang: str) -> None:
    view, rejected = State.from_query(query, data)
    assert rejected == ()
    figs = figures.figures(view, data, lang)
    expected = ["arms.map", "arms.by_recipient", "arms.by_year", "arms.official", "arms.tiv", "arms.rank"]
    assert [f.id for f in figs] == expected
    for fig in figs:
        assert fig.title and fig.subtitle and fig.lang == lang
        assert not fig.table.empty, fig.id
        to_spec(fig.chart)  # every chart, the map's static twin included, converts
        assert fig.url.startswith("/arms_exports")
    assert figs[0].deck is not None
    assert all(s.tier in ("official", "wire_or_major", "secondary", "") for f in figs for s in f.sources)


def test_state_round_trips_through_the_url(data: Datasets) -> None:
    view, _ = State.from_query(FULL, data)
    assert view.to_query() == FULL
    assert State.from_query({}, data)[0].to_query() == {}


def test_bad_values_are_rejected_by_key(data: Datasets) -> None:
    bad = {
        "prices": ["real"],
        "estimates": ["yes"],
        "wi": ["XXX~armour~1~2020~T"],
        "deal": ["NOPE"],
        "measure": ["usd"],
    }
    view, rejected = State.from_query(bad, data)
    assert rejected == ("deal", "estimates", "measure", "prices", "wi")
    assert view == State()


def test_more_than_ten_linked_rows_keep_ten_and_say_so(data: Datasets) -> None:
    rows = [f"POL~armour~{i}~2024~K2 {i}" for i in range(1, 13)]
    view, rejected = State.from_query({"wi": rows}, data)
    assert len(view.wi) == whatif.MAX_URL_ROWS and rejected == ("wi",)


def test_a_2030_what_if_deal_is_counted_by_default(data: Datasets) -> None:
    view, _ = State.from_query({"wi": ["VNM~aircraft~500~2030~FA-50"]}, data)
    c = figures.compute(view, data, "en")
    assert c.filters.years[1] == 2030
    assert c.totals.hypothetical_deals == 1 and c.totals.hypothetical_usd_m == 500.0


def test_totals_use_values_at_signing_and_leave_estimates_out(data: Datasets) -> None:
    deals = data["arms_exports"]
    c = figures.compute(State(), data, "en")
    counted = deals[deals["stage"].isin(model.DEFAULT_STAGES) & (deals["value_basis"] != "estimate")]
    assert c.totals.value_usd_m == pytest.approx(counted["usd_m_at_signing"].sum())
    assert c.totals.estimates_left_out == int(
        (deals["stage"].isin(model.DEFAULT_STAGES) & (deals["value_basis"] == "estimate")).sum()
    )
    with_est = figures.compute(State(estimates=True), data, "en")
    assert with_est.totals.value_usd_m > c.totals.value_usd_m and with_est.totals.estimates_left_out == 0


def test_constant_prices_change_totals_and_name_the_base_year(data: Datasets) -> None:
    current = figures.compute(State(), data, "en")
    constant = figures.compute(State(prices="constant"), data, "en")
    base = int(data["us_price_index"]["year"].max())
    assert constant.base_year == base and constant.totals.value_usd_m > current.totals.value_usd_m
    for fig in figures.figures(State(prices="constant"), data, "en", computed=constant)[:4]:
        assert str(base) in fig.subtitle, fig.id
    assert str(base) in figures.value_title(constant)


def test_official_figure_puts_government_totals_beside_ours(data: Datasets) -> None:
    fig = next(f for f in figures.figures(State(), data, "en") if f.id == "arms.official")
    row = fig.table.set_index("Year").loc[2022]
    assert row["Government total"] == 17300.0
    assert 0 < row["Share our list covers (%)"] == pytest.approx(row["Our listed contracts"] / 17300 * 100, abs=0.1)


@pytest.mark.parametrize("problem", ["missing", "invalid"])
def test_event_markers_switch_off_when_the_events_file_is_missing_or_invalid(data: Datasets, problem: str) -> None:
    def loader(name: str) -> pd.DataFrame:
        if name == "events":
            raise DataError("events.csv failed validation")
        return data[name]

    available = (lambda: [n for n in data._available() if n != "events"]) if problem == "missing" else None
    broken = Datasets(loader=loader, available=available)
    view, _ = State.from_query({"events": ["on"]}, broken)
    figs = figures.figures(view, broken, "en")
    years = next(f for f in figs if f.id == "arms.by_year")
    assert years.notes and "Event markers are off" in years.notes[0]
    assert "layer" not in to_spec(years.chart)


def test_typed_rows_follow_the_upload_rules() -> None:
    edited = pd.DataFrame(
        [
            {"recipient_iso3": "POL", "system": "=HYPERLINK(1)", "category": "armour", "value_usd_m": 1, "year_signed": 2026},  # noqa: E501
            {"recipient_iso3": "POL\u200b", "system": "K2", "category": "armour", "value_usd_m": 1, "year_signed": 2026},  # noqa: E501
            {"recipient_iso3": "POL", "system": "K2\u202e", "category": "armour", "value_usd_m": 1, "year_signed": 2026},  # noqa: E501
            {"recipient_iso3": "POL", "system": "K2", "category": "armour", "value_usd_m": 1, "year_signed": 2026},
        ]
    )  # fmt: skip
    clean = whatif.clean_scenario(edited, ["POL"])
    assert len(clean.rows) == 1 and clean.skipped == 3
    codes = [p.code for p in clean.problems]
    assert codes == ["formula", "control_chars", "control_chars"]
    assert "U+200B ZERO WIDTH SPACE" in clean.problems[1].message("en")
    assert "Row 1" in clean.problems[0].message("en") and "1번째 행" in clean.problems[0].message("ko")


def test_what_if_rows_round_trip_through_wi() -> None:
    rows = whatif.decode_rows(["EST~artillery~300.5~2030~K9 ~ batch"], ["EST"]).rows
    assert rows.iloc[0]["system"] == "K9 ~ batch" and rows.iloc[0]["value_usd_m"] == 300.5
    assert whatif.encode_rows(rows) == ["v1~EST~artillery~300.5~2030~K9 ~ batch"]  # a link from before tags, tagged


def test_year_span_reaches_the_what_if_years(data: Datasets) -> None:
    deals = data["arms_exports"]
    rows = whatif.decode_rows(["EST~artillery~1~2033~X"], ["EST"]).rows
    assert state.year_span(deals, rows) == (model.year_bounds(deals)[0], 2033)


def test_official_figure_lists_every_stated_total_and_draws_the_governments() -> None:
    # On the shipped data: 2025 has the government's and Korea Eximbank's totals, 2023-24 a revised tally.
    real = Path(__file__).resolve().parents[2] / "data"
    shipped = Datasets(
        loader=lambda name: load(name, real), available=lambda: [n for n in SPECS if (real / SPECS[n].file).exists()]
    )
    fig = next(f for f in figures.figures(State(), shipped, "en") if f.id == "arms.official")
    per_year = fig.table.groupby("Year")["Government total"].apply(list)
    assert sorted(per_year.loc[2025]) == [15200.0, 24000.0]
    assert per_year.loc[2023] == [13000.0, 13500.0]  # the latest tally first
    drawn = pd.DataFrame(fig.chart.to_dict()["datasets"].popitem()[1])
    government = drawn[drawn["series"] == "Government total"]
    assert government["year"].is_unique  # one bar per year: totals of different bases are never stacked
    assert government.set_index("year").at["2025", "value"] == 15200.0


# ------------------------------------------------------------------ SIPRI's TIV beside our values, never mixed
def test_tiv_figure_sums_sipri_deliveries_in_the_view_and_says_how_far_they_go(data: Datasets) -> None:
    view, _ = State.from_query({"years": ["2018", "2026"], "recipients": ["POL", "PHL"]}, data)
    fig = next(f for f in figures.figures(view, data, "en") if f.id == "arms.tiv")
    d = data["sipri_deliveries_kor"]
    inside = d[d["recipient_iso3"].isin(["POL", "PHL"]) & d["year"].between(2018, 2026)]
    assert fig.table["TIV delivered (millions)"].sum() == pytest.approx(float(inside["tiv_delivered_m"].sum()))
    assert set(fig.table["Recipient"]) == {"Poland", "Philippines"}
    assert fig.subtitle.startswith("2018–2026 (SIPRI's data go to 2024) · Poland, Philippines")
    assert "not US$" in fig.subtitle and not any("US$" in str(c) for c in fig.table.columns)
    assert [s.publisher for s in fig.sources] == ["SIPRI Arms Transfers Database, data generated 12 Feb 2026"]
    assert fig.as_of is not None and fig.as_of.isoformat() == "2024-12-31"
    spec = to_spec(fig.chart)
    assert spec["encoding"]["color"]["field"] == "tiv_m" and spec["mark"]["type"] == "rect"


def test_tiv_figure_ignores_our_categories_and_stages(data: Datasets) -> None:
    narrow, _ = State.from_query({"category": ["naval"], "stage": ["mou"]}, data)
    wide = State()
    pick = lambda v: next(f for f in figures.figures(v, data, "en") if f.id == "arms.tiv").table  # noqa: E731
    pd.testing.assert_frame_equal(pick(narrow), pick(wide))


def test_the_map_switches_to_sipri_tiv_in_both_languages(data: Datasets) -> None:
    for lang, title in (("en", "Map: SIPRI TIV delivered"), ("ko", "지도: SIPRI TIV 인도량")):
        value_map = figures.figures(State(), data, lang)[0]
        view, _ = State.from_query({"measure": ["tiv"]}, data)
        tiv_map = figures.figures(view, data, lang)[0]
        assert tiv_map.id == value_map.id == "arms.map" and tiv_map.title == title
        assert figures.is_tiv_map(tiv_map) and not figures.is_tiv_map(value_map)
        assert {s.publisher for s in tiv_map.sources} == {"SIPRI Arms Transfers Database, data generated 12 Feb 2026"}
        assert not any("sipri" in s.publisher.lower() for s in value_map.sources)
        deck = tiv_map.deck.to_json()
        assert "TIV" in deck and "$" not in deck.split('"tip"', 1)[1][:2000]


def test_what_if_deals_are_not_drawn_in_sipri_measure(data: Datasets) -> None:
    view, _ = State.from_query({"measure": ["tiv"], "wi": ["POL~armour~500~2024~K2 (what if)"]}, data)
    tiv_map = figures.figures(view, data, "en")[0]
    assert tiv_map.notes == ("What-if deals are in US$ and are not shown on the map in SIPRI's measure.",)


def test_without_the_register_the_map_keeps_our_values_and_says_why(data: Datasets) -> None:
    class NoRegister(Datasets):
        def __contains__(self, name: object) -> bool:
            return name not in ("sipri_register_kor", "sipri_deliveries_kor") and super().__contains__(name)

    bare = NoRegister()
    view, _ = State.from_query({"measure": ["tiv"]}, bare)
    figs = figures.figures(view, bare, "en")
    assert "arms.tiv" not in [f.id for f in figs]
    assert not figures.is_tiv_map(figs[0]) and figs[0].notes[-1].startswith("SIPRI's TIV delivered is not available")
