"""Named what-if scenarios on the arms page: the ``asc`` codec, its limits, hostile names and
values, and the side-by-side figure's numbers, checked by hand against the frozen fixture data."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas.arms import figures, whatif
from atlas.arms.state import URL_KEYS, State
from atlas.briefing import registry
from atlas.core.figure import Datasets

KNOWN = ["CAN", "EST", "PHL", "POL", "VNM"]


def table(*rows: tuple[str, str, float, int, str]) -> pd.DataFrame:
    """A clean what-if table, as clean_scenario returns it."""
    records = [dict(zip(("recipient_iso3", "category", "value_usd_m", "year_signed", "system"), r, strict=True))
               for r in rows]  # fmt: skip
    return whatif.clean_scenario(pd.DataFrame(records), KNOWN).rows


PLAN_A = whatif.NamedDeals.of(
    "Plan A", table(("PHL", "aircraft", 500.0, 2026, "FA-50 Block 20"), ("EST", "artillery", 100.0, 2026, "K9 ~ more"))
)
PLAN_B = whatif.NamedDeals.of(
    "계획 B", table(("PHL", "naval", 250.0, 2027, "OPV"), ("CAN", "armour", 300.0, 2024, "K2 (what if)"))
)


# ------------------------------------------------------------------ the codec
def test_asc_is_a_state_url_key() -> None:
    assert "asc" in URL_KEYS


def test_round_trip_keeps_names_rows_and_order() -> None:
    values = whatif.encode_named((PLAN_A, PLAN_B))
    assert values == [
        "Plan A~v1~PHL~aircraft~500~2026~FA-50 Block 20",  # the format's tag after the name
        "Plan A~v1~EST~artillery~100~2026~K9 ~ more",  # the system comes last: it may hold the separator
        "계획 B~v1~PHL~naval~250~2027~OPV",
        "계획 B~v1~CAN~armour~300~2024~K2 (what if)",
    ]
    back = whatif.decode_named(values, KNOWN)
    assert back == whatif.LinkedNamed((PLAN_A, PLAN_B), False)


def test_state_round_trip_through_the_url() -> None:
    data = Datasets()
    q = {"asc": whatif.encode_named((PLAN_A, PLAN_B)), "recipients": ["PHL", "EST"]}
    state, rejected = State.from_query(q, data)
    assert rejected == ()
    assert state.scenarios == (PLAN_A, PLAN_B)
    assert state.to_query()["asc"] == q["asc"]
    again, _ = State.from_query(state.to_query(), data)
    assert again == state


def test_values_are_kept_to_the_links_ten_digits_so_session_and_link_agree() -> None:
    kept = whatif.NamedDeals.of("x", table(("POL", "armour", 1234.567890123, 2025, "K2")))
    assert kept.rows[0][2] == 1234.56789
    assert whatif.decode_named(whatif.encode_named((kept,)), KNOWN).scenarios == (kept,)


def test_kept_scenarios_stretch_the_year_span() -> None:
    data = Datasets()
    state, _ = State.from_query({"asc": whatif.encode_named((PLAN_B,))}, data)
    assert state.filters(data["arms_exports"]).years[1] == 2027


def test_every_value_fits_a_briefing_even_at_the_longest() -> None:
    """A briefing keeps at most 200 characters per value: the longest name, codes, value and system fit."""
    system = "S" * whatif.MAX_SYSTEM_CHARS
    longest = whatif.NamedDeals.of(
        "N" * whatif.MAX_NAME, table(("PHL", "rocket_artillery", 0.0000123456789, 2035, system))
    )
    (value,) = whatif.encode_named((longest,))
    assert len(value) <= whatif.MAX_ASC_VALUE
    assert whatif.decode_named([value], KNOWN).scenarios == (longest,)


# ------------------------------------------------------------------ limits
def test_at_most_three_names_the_first_three_are_kept() -> None:
    kept = [whatif.NamedDeals.of(f"S{i}", table(("POL", "armour", float(i), 2025, "K2"))) for i in range(4)]
    back = whatif.decode_named(whatif.encode_named(kept), KNOWN)
    assert back.rejected and [k.name for k in back.scenarios] == ["S0", "S1", "S2"]


def test_a_scenario_of_more_than_ten_deals_is_left_out_whole() -> None:
    big = whatif.NamedDeals("Big", tuple(("POL", "armour", 1.0, 2025, f"K2 #{i}") for i in range(11)))
    back = whatif.decode_named(whatif.encode_named((PLAN_A, big)), KNOWN)
    assert back.rejected and back.scenarios == (PLAN_A,)


def test_more_values_than_three_full_scenarios_are_refused() -> None:
    values = [f"S~POL~armour~1~2025~K2 #{i}" for i in range(whatif.MAX_SCENARIOS * whatif.MAX_SCENARIO_ROWS + 1)]
    assert whatif.decode_named(values, KNOWN).rejected


def test_keep_replaces_by_name_in_place_and_refuses_a_fourth() -> None:
    a2 = whatif.NamedDeals.of("Plan A", table(("POL", "armour", 1.0, 2025, "K2")))
    assert whatif.keep_named((PLAN_A, PLAN_B), a2) == (a2, PLAN_B)
    three = (PLAN_A, PLAN_B, whatif.NamedDeals("C", PLAN_A.rows))
    assert whatif.keep_named(three, whatif.NamedDeals("D", PLAN_A.rows)) is None
    assert whatif.keep_named(three, a2) == (a2, PLAN_B, three[2])  # a kept name may still be replaced


# ------------------------------------------------------------------ hostile names and values
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("=HYPERLINK(1)", "formula"),
        ("+1 battalion", "formula"),
        ("-10%", "formula"),
        ("@SUM(A1)", "formula"),
        ("Plan\u200bA", "control_chars"),  # zero-width space
        ("Plan \u202eA", "control_chars"),  # right-to-left override
        ("Plan\u2066A", "control_chars"),  # bidi isolate
        ("Plan\nA", "control_chars"),
        ("Plan\tA", "control_chars"),
        ("Plan\x00A", "control_chars"),
        ("Plan~A", "separator"),
        ("x" * (whatif.MAX_NAME + 1), "too_long"),
    ],
)
def test_bad_names_are_refused_with_their_reason(name: str, code: str) -> None:
    problem = whatif.name_problem(name)
    assert problem is not None and problem.code == code
    assert problem.message("en") and problem.message("ko")


@pytest.mark.parametrize("name", ["Plan A", "폴란드 2차", "<b>bold</b>", "x" * whatif.MAX_NAME, "  Plan   A  "])
def test_good_names_are_kept_trimmed(name: str) -> None:
    assert whatif.name_problem(name) is None
    assert whatif.normal_name(name) == " ".join(name.split())


@pytest.mark.parametrize(
    "value",
    [
        "Z" * 5000,
        "%%%garbage%%%",
        "Plan A",  # a name and no deal
        "Plan A~XYZ~armour~1~2025~K2",  # unknown recipient
        "Plan A~KOR~armour~1~2025~K2",  # the exporter itself
        "Plan A~POL~tanks~1~2025~K2",  # unknown category
        "Plan A~POL~armour~inf~2025~K2",
        "Plan A~POL~armour~-1~2025~K2",
        "Plan A~POL~armour~1e300~2025~K2",
        "Plan A~POL~armour~1~2099~K2",
        "Plan A~POL~armour~1~2025.5~K2",
        "Plan A~POL~armour~1~2025~=HYPERLINK(1)",
        "Plan A~POL~armour~1~2025~K2\u200b",
        "=cmd~POL~armour~1~2025~K2",
        "Plan\u202eA~POL~armour~1~2025~K2",
        " Plan A~POL~armour~1~2025~K2",  # not as the page writes it
        "Plan  A~POL~armour~1~2025~K2",
        "~POL~armour~1~2025~K2",
        "Plan A~POL~armour~1~2025~" + "S" * 200,
    ],
)
def test_hostile_values_are_refused(value: str) -> None:
    back = whatif.decode_named([value], KNOWN)
    assert back == whatif.LinkedNamed((), True)


def test_a_scenario_with_one_bad_value_is_left_out_whole_and_the_others_kept() -> None:
    values = [*whatif.encode_named((PLAN_A,)), "Plan C~POL~armour~1~2025~K2", "Plan C~POL~armour~inf~2025~K2"]
    back = whatif.decode_named(values, KNOWN)
    assert back.rejected and back.scenarios == (PLAN_A,)


def test_state_names_the_key_and_never_its_value() -> None:
    state, rejected = State.from_query({"asc": ["<script>alert(1)</script>"]}, Datasets())
    assert rejected == ("asc",) and state.scenarios == ()


# ------------------------------------------------------------------ the figure, by hand
# The frozen fixture (tests/fixtures/data/arms_exports.csv), default stages (contract, option,
# transfer), current prices, media estimates left out (none of these rows is one):
#   EST: EST-2018-K9 53.7 + EST-2019-K9 22.7 + EST-2023-K9 39.2 + EST-2025-CHUNMOO 352.0       =  467.6
#   PHL: PHL-2014-FA50 422.3 + PHL-2016-FRIGATE 334.9 + PHL-2021-CORVETTE 553.8
#        + PHL-2022-OPV 580.0 + PHL-2025-FA50 700.0 + PHL-2025-FRIGATE 624.2 (+ a transfer, no value) = 3,215.2
#   CAN: no recorded deal                                                                      =    0.0
EST, PHL = 467.6, 3215.2


def _figure(lang: str = "en", **query: list[str]) -> figures.Figure:
    q = {"asc": whatif.encode_named((PLAN_A, PLAN_B)), **query}
    state, rejected = State.from_query(q, Datasets())
    assert rejected == ()
    figs = {f.id: f for f in figures.figures(state, Datasets(), lang)}
    return figs["arms.scenarios"]


def test_comparison_numbers_per_recipient_and_in_total() -> None:
    fig = _figure(recipients=["PHL", "EST"])
    rows = [tuple(r) for r in fig.table.itertuples(index=False)]
    every = "All recipients in the filters"
    assert rows == [
        ("Plan A", every, round(EST + PHL, 1), 600.0, round(EST + PHL + 600, 1), 2),
        ("Plan A", "Philippines", PHL, 500.0, round(PHL + 500, 1), 1),
        ("Plan A", "Estonia", EST, 100.0, round(EST + 100, 1), 1),
        ("계획 B", every, round(EST + PHL, 1), 250.0, round(EST + PHL + 250, 1), 1),  # CAN is outside the filters
        ("계획 B", "Philippines", PHL, 250.0, round(PHL + 250, 1), 1),
    ]
    assert "Plan A: $4.28 bn in the filters ($3.68 bn recorded + $600 m hypothetical)." in fig.caption
    assert fig.notes == ()


def test_comparison_chart_draws_the_recorded_value_beside_each_scenario() -> None:
    fig = _figure()
    spec = fig.chart.to_dict()
    values = spec["datasets"][spec["data"]["name"]]
    bars = {(v["series"], v["recipient"]): v["value"] for v in values}
    assert bars == {
        ("Recorded deals", "Philippines"): PHL,
        ("Recorded deals", "Estonia"): EST,
        ("Recorded deals", "Canada"): 0.0,
        ("1 · Plan A", "Philippines"): round(PHL + 500, 1),
        ("1 · Plan A", "Estonia"): round(EST + 100, 1),
        ("2 · 계획 B", "Philippines"): round(PHL + 250, 1),
        ("2 · 계획 B", "Canada"): 300.0,
    }
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Recorded deals", "1 · Plan A", "2 · 계획 B"]
    assert spec["encoding"]["color"]["scale"]["range"][0] == figures.RECORDED_COLOUR
    assert fig.sources and fig.as_of is not None and "asc=" in fig.url


def test_a_scenario_outside_the_filters_is_named_in_a_note() -> None:
    fig = _figure(years=["2014", "2025"])  # every Plan A deal is signed in 2026
    assert fig.notes == (
        "Adds no deal inside the current filters (hypothetical deals are contracts; check the years, recipients, "
        "categories and stages): Plan A.",
    )
    assert set(fig.table.iloc[:, 0]) == {"Plan A", "계획 B"}  # the totals still list it
    none = _figure(stage=["framework"])  # hypothetical deals are contracts
    assert none.chart is None and len(none.notes) == 1


def test_constant_prices_deflate_the_recorded_value_only() -> None:
    current, constant = _figure(recipients=["PHL"]), _figure(recipients=["PHL"], prices=["constant"])
    cur, con = current.table.iloc[0], constant.table.iloc[0]
    assert con.iloc[2] > cur.iloc[2]  # recorded, in dollars of the index's latest year
    assert con.iloc[3] == cur.iloc[3] == 500.0  # Plan A adds 500 to PHL, counted as typed in every basis
    assert "constant" in constant.table.columns[2]


def test_korean_figure() -> None:
    fig = _figure("ko", recipients=["PHL"])
    assert fig.title == "보관한 시나리오 나란히 보기 (기록된 계약과 함께)"
    assert fig.table.iloc[1, 1] == "필리핀"
    assert list(fig.table.columns)[0] == "시나리오"


def test_no_kept_scenario_no_figure() -> None:
    state, _ = State.from_query({}, Datasets())
    assert "arms.scenarios" not in {f.id for f in figures.figures(state, Datasets(), "en")}


def test_a_briefing_builds_the_comparison_from_the_link() -> None:
    q = {"asc": whatif.encode_named((PLAN_A,))}
    figs = registry.figures_for("arms_exports", q, "en", Datasets())
    fig = next(f for f in figs if f.id == "arms.scenarios")
    assert fig.title == "Kept scenario beside the recorded deals"
    assert fig.chart is not None


def test_the_comparison_renders_as_a_picture() -> None:
    from atlas.render import picture

    png = picture.png(_figure(recipients=["PHL", "EST"]))
    assert png.startswith(b"\x89PNG") and picture.png_size(png)[0] >= 800
