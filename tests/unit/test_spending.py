"""Defence spending: data contract, filtering, change, ranking, targets, the what-if arithmetic, charts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from atlas import spending
from atlas.core import data
from atlas.core.charts import to_spec
from atlas.spending import charts

FIXTURES = Path(__file__).parent / "fixtures" / "spending"


@pytest.fixture(scope="module")
def df() -> pd.DataFrame:
    return data.load("defense_spending", FIXTURES)


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return data.load("spending_targets", FIXTURES)


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(country=frame["iso3"])


def _base(df: pd.DataFrame, iso3: str) -> spending.BasePoint:
    """The country's base point, which a projection below starts from."""
    base = spending.base_point(df, iso3)
    assert base is not None, f"{iso3} has no year with both figures"
    return base


# ---------------------------------------------------------------- data contract (real file + fixtures)
def test_real_file_has_no_zero_standing_for_missing() -> None:
    real = data.load("defense_spending")
    for col in ("share_gdp_pct", "usd_current_m"):
        assert not (real[col] == 0).fillna(False).any(), f"a 0 in {col}: leave the cell empty instead"


def test_real_file_has_one_row_per_country_year() -> None:
    real = data.load("defense_spending")
    assert not real.duplicated(["iso3", "year"]).any()


def test_real_file_covers_korea_with_share_and_dollars() -> None:
    real = data.load("defense_spending")
    kor = real[real["iso3"] == "KOR"]
    assert kor["share_gdp_pct"].notna().sum() >= 20 and kor["usd_current_m"].notna().sum() >= 20


def test_loader_rejects_zero_for_missing() -> None:
    with pytest.raises(data.DataError) as err:
        data.load("defense_spending", FIXTURES / "zero_for_missing")
    assert str(err.value) == (
        "data/defense_spending.csv, row 2 (line 3), column 'share_gdp_pct': "
        "expected a number > 0 (leave the cell empty when unknown), found 0.0"
    )


def test_loader_rejects_duplicate_country_year() -> None:
    with pytest.raises(data.DataError) as err:
        data.load("defense_spending", FIXTURES / "duplicate_year")
    assert str(err.value).startswith(
        "data/defense_spending.csv, row 2 (line 3): expected one row per iso3 + year; "
        "this combination appears more than once"
    )


def test_loader_keeps_empty_cells_empty(df: pd.DataFrame) -> None:
    jpn_2022 = df[(df["iso3"] == "JPN") & (df["year"] == 2022)].iloc[0]
    assert pd.isna(jpn_2022["share_gdp_pct"]) and jpn_2022["usd_current_m"] == 46000


# ---------------------------------------------------------------- filtering, change, ranking
def test_filter_series_keeps_countries_and_year_range(df: pd.DataFrame) -> None:
    out = spending.filter_series(df, ["KOR", "JPN"], (2021, 2023))
    assert set(out["iso3"]) == {"JPN", "KOR"}
    assert out["year"].min() == 2021 and out["year"].max() == 2023
    assert len(out) == 6


def test_filter_series_turns_missing_into_nan_not_zero(df: pd.DataFrame) -> None:
    out = spending.filter_series(df, ["PRK"], (2020, 2024))
    assert out["share_gdp_pct"].dtype == np.float64
    assert out["share_gdp_pct"].isna().all() and not (out["share_gdp_pct"] == 0).any()


def test_filter_series_with_no_countries_is_empty(df: pd.DataFrame) -> None:
    assert spending.filter_series(df, [], (2020, 2024)).empty


def test_change_in_share_is_percentage_points(df: pd.DataFrame) -> None:
    out = spending.with_change(spending.filter_series(df, ["KOR"], (2020, 2024)), "share", 2020)
    assert out.set_index("year")["change"].round(6).to_dict() == {
        2020: 0.0,
        2021: -0.1,
        2022: -0.2,
        2023: 0.0,
        2024: -0.3,
    }


def test_change_in_usd_is_per_cent(df: pd.DataFrame) -> None:
    """KOR: 45,000 in 2020 -> 50,000 in 2024 is +11.11%."""
    out = spending.with_change(spending.filter_series(df, ["KOR"], (2020, 2024)), "usd", 2020)
    assert out.set_index("year").loc[2024, "change"] == pytest.approx(100 * (50000 / 45000 - 1))


def test_change_without_base_figure_is_nan_not_zero(df: pd.DataFrame) -> None:
    out = spending.with_change(spending.filter_series(df, ["GBR", "KOR"], (2020, 2024)), "share", 2020)
    assert out.loc[out["iso3"] == "GBR", "change"].isna().all()  # GBR has no 2020 row


def test_change_off_adds_no_change_column(df: pd.DataFrame) -> None:
    out = spending.with_change(spending.filter_series(df, ["KOR"], (2020, 2024)), "share", None)
    assert "change" not in out and out["value"].notna().all()


def test_unknown_metric_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown metric 'gdp'"):
        spending.value_column("gdp")


def test_ranking_orders_highest_first_and_skips_missing(df: pd.DataFrame) -> None:
    out = spending.ranking(df, 2022, "share")
    assert list(out["iso3"]) == ["USA", "KOR", "GBR"]  # JPN has no 2022 share; ARE, PRK none
    assert list(out["rank"]) == [1, 2, 3]


def test_ranking_ties_share_a_rank(df: pd.DataFrame) -> None:
    out = spending.ranking(df, 2024, "share")  # KOR 2.5 and GBR 2.5
    assert out.set_index("iso3").loc[["GBR", "KOR"], "rank"].tolist() == [2, 2]


def test_missing_in_year_names_countries_without_figure(df: pd.DataFrame) -> None:
    assert spending.missing_in_year(df, 2022, "share") == ["ARE", "JPN", "PRK"]


def test_countries_without_values(df: pd.DataFrame) -> None:
    view = spending.filter_series(df, ["KOR", "PRK"], (2020, 2024))
    assert spending.countries_without_values(view, ["KOR", "PRK"], "share_gdp_pct") == ["PRK"]


def test_countries_in_puts_korea_first(df: pd.DataFrame) -> None:
    assert spending.countries_in(df)[0] == "KOR"


def test_years_with_values_newest_first(df: pd.DataFrame) -> None:
    assert spending.years_with_values(df, "share") == [2024, 2023, 2022, 2021, 2020]


# ---------------------------------------------------------------- targets and presets
def test_reference_lines_are_nato_totals_without_related(targets: pd.DataFrame) -> None:
    lines = spending.reference_lines(targets)
    assert lines["share_gdp_pct"].tolist() == [2.0, 3.5, 5.0]


def test_targets_without_share_are_dropped(targets: pd.DataFrame) -> None:
    extra = pd.DataFrame(
        {
            "target_id": ["KOR-2026-BUDGET"],
            "scope": ["KOR"],
            "label": ["Budget in won"],
            "label_ko": [pd.NA],
            "share_gdp_pct": pd.array([pd.NA], dtype="Float64"),
            "target_year": pd.array([2026], dtype="Int64"),
            "kind": ["plan"],
            "source_url": ["https://example.org"],
        }
    )
    usable = spending.usable_targets(pd.concat([targets, extra], ignore_index=True))
    assert "KOR-2026-BUDGET" not in set(usable["target_id"])


def test_presets_nato_first_then_national(targets: pd.DataFrame) -> None:
    ids = [p.target_id for p in spending.presets(targets)]
    assert ids == [
        "NATO-2014-WALES-2PCT",
        "NATO-2035-CORE",
        "NATO-2035-TOTAL",
        "GBR-2027-2P5PCT",
        "GBR-NEXTPARL-3PCT",
    ]


def _preset(targets: pd.DataFrame, target_id: str) -> spending.Preset:
    return next(p for p in spending.presets(targets) if p.target_id == target_id)


def test_national_preset_picks_its_country_and_year(targets: pd.DataFrame) -> None:
    choice = spending.apply_preset(_preset(targets, "GBR-2027-2P5PCT"), "KOR", 2035, {"KOR": 2024, "GBR": 2024})
    assert choice == spending.PresetChoice("GBR", 2.5, 2027, False)


def test_nato_preset_keeps_country(targets: pd.DataFrame) -> None:
    choice = spending.apply_preset(_preset(targets, "NATO-2035-TOTAL"), "KOR", 2030, {"KOR": 2024})
    assert choice == spending.PresetChoice("KOR", 5.0, 2035, False)


def test_preset_with_past_year_keeps_a_valid_year(targets: pd.DataFrame) -> None:
    """NATO 2% 'by 2024' is not after the latest data (2024): keep the chosen year."""
    choice = spending.apply_preset(_preset(targets, "NATO-2014-WALES-2PCT"), "JPN", 2030, {"JPN": 2024})
    assert choice == spending.PresetChoice("JPN", 2.0, 2030, True)


def test_preset_without_year_moves_a_past_year_forward(targets: pd.DataFrame) -> None:
    choice = spending.apply_preset(_preset(targets, "GBR-NEXTPARL-3PCT"), "KOR", 2020, {"GBR": 2024})
    assert choice == spending.PresetChoice("GBR", 3.0, 2025, True)


# ---------------------------------------------------------------- what-if arithmetic
def test_base_point_is_latest_year_with_both_figures(df: pd.DataFrame) -> None:
    """KOR 2024: 50,000 US$ m at 2.5% of GDP -> GDP = 50,000 / 0.025 = 2,000,000 US$ m."""
    bp = spending.base_point(df, "KOR")
    assert bp == spending.BasePoint("KOR", 2024, 2.5, 50000.0)
    assert bp.gdp_usd_m == pytest.approx(2_000_000)


def test_base_point_skips_years_without_figures(df: pd.DataFrame) -> None:
    bp = spending.base_point(df, "ARE")  # ARE 2021-2024 empty
    assert bp is not None and bp.year == 2020


def test_base_point_none_without_any_figures(df: pd.DataFrame) -> None:
    assert spending.base_point(df, "PRK") is None


def test_projection_matches_hand_calculation(df: pd.DataFrame) -> None:
    """KOR from 2024 (2.5% of GDP, US$ 50,000 m) to 3.5% by 2028, nominal GDP growth 5%.

    GDP(2024) = 50,000 / 0.025 = 2,000,000. Share rises by (3.5 - 2.5) / 4 = 0.25 pp a year.
      year  GDP            share  path = GDP*share    trend = GDP*2.5%   extra
      2025  2,100,000      2.75   57,750              52,500             5,250
      2026  2,205,000      3.00   66,150              55,125             11,025
      2027  2,315,250      3.25   75,245.625          57,881.25          17,364.375
      2028  2,431,012.5    3.50   85,085.4375         60,775.3125        24,310.125
    Total extra 2025-2028 = 5,250 + 11,025 + 17,364.375 + 24,310.125 = 57,949.5.
    """
    proj = spending.project(_base(df, "KOR"), 3.5, 2028, 5.0)
    p = proj.set_index("year")
    assert list(p.index) == [2024, 2025, 2026, 2027, 2028]
    assert p["gdp_usd_m"].tolist() == pytest.approx([2_000_000, 2_100_000, 2_205_000, 2_315_250, 2_431_012.5])
    assert p["share_path_pct"].tolist() == pytest.approx([2.5, 2.75, 3.0, 3.25, 3.5])
    assert p["spending_path_usd_m"].tolist() == pytest.approx([50_000, 57_750, 66_150, 75_245.625, 85_085.4375])
    assert p["spending_trend_usd_m"].tolist() == pytest.approx([50_000, 52_500, 55_125, 57_881.25, 60_775.3125])
    assert p["extra_usd_m"].tolist() == pytest.approx([0, 5_250, 11_025, 17_364.375, 24_310.125])
    assert spending.total_extra(proj) == pytest.approx(57_949.5)


def test_projection_with_zero_growth(df: pd.DataFrame) -> None:
    """KOR 2.5% -> 3.0% by 2026, no growth: GDP stays 2,000,000.

    2025: share 2.75 -> 55,000, trend 50,000, extra 5,000; 2026: 3.0 -> 60,000, extra 10,000.
    Total 15,000.
    """
    proj = spending.project(_base(df, "KOR"), 3.0, 2026, 0.0)
    assert proj["extra_usd_m"].tolist() == pytest.approx([0, 5_000, 10_000])
    assert spending.total_extra(proj) == pytest.approx(15_000)


def test_projection_below_current_share_gives_negative_extra(df: pd.DataFrame) -> None:
    """USA 3.4% (US$ 990,000 m, GDP 29,117,647.06) -> 2% by 2025 at 0% growth.

    2025: GDP * 2% = 582,352.94; trend GDP * 3.4% = 990,000; extra = -407,647.06.
    """
    proj = spending.project(_base(df, "USA"), 2.0, 2025, 0.0)
    assert proj["extra_usd_m"].iloc[-1] == pytest.approx(990_000 / 0.034 * 0.02 - 990_000)
    assert proj["extra_usd_m"].iloc[-1] == pytest.approx(-407_647.06, abs=0.01)


def test_projection_with_negative_growth(df: pd.DataFrame) -> None:
    """GBR 2.5% of 3,200,000 (80,000 / 0.025), 2.5% held by 2026, growth -10%: GDP 2,880,000 then 2,592,000."""
    proj = spending.project(_base(df, "GBR"), 2.5, 2026, -10.0)
    assert proj["gdp_usd_m"].tolist() == pytest.approx([3_200_000, 2_880_000, 2_592_000])
    assert proj["extra_usd_m"].tolist() == pytest.approx([0, 0, 0])


def test_project_refuses_year_not_after_base(df: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="target year 2024 must be after the base year 2024"):
        spending.project(_base(df, "KOR"), 3.5, 2024, 3.0)


@pytest.mark.parametrize(
    ("scenario", "error"),
    [
        (spending.Scenario("KOR", 3.5, 2035, 4.0), None),
        (spending.Scenario("KOR", 3.5, 2024, 4.0), spending.YEAR_NOT_AFTER_BASE),
        (spending.Scenario("KOR", 3.5, 2020, 4.0), spending.YEAR_NOT_AFTER_BASE),
        (spending.Scenario("KOR", 3.5, 2035, -10.5), spending.GROWTH_OUT_OF_RANGE),
        (spending.Scenario("KOR", 3.5, 2035, 30.5), spending.GROWTH_OUT_OF_RANGE),
        (spending.Scenario("KOR", 3.5, 2035, -10.0), None),
        (spending.Scenario("KOR", 3.5, 2035, 30.0), None),
        (spending.Scenario("KOR", 0.0, 2035, 4.0), spending.SHARE_OUT_OF_RANGE),
        (spending.Scenario("PRK", 3.5, 2035, 4.0), spending.NO_BASE),
        (spending.Scenario("XYZ", 3.5, 2035, 4.0), spending.NO_BASE),
    ],
)
def test_what_if_checks_the_scenario(df: pd.DataFrame, scenario: spending.Scenario, error: str | None) -> None:
    result = spending.what_if(df, scenario)
    assert result.error == error
    assert (result.projection is None) == (error is not None)


def test_what_if_from_an_old_base_year_starts_there(df: pd.DataFrame) -> None:
    result = spending.what_if(df, spending.Scenario("ARE", 5.0, 2022, 0.0))
    assert result.projection is not None
    assert result.projection["year"].tolist() == [2020, 2021, 2022]


# ---------------------------------------------------------------- chart builders
def _line_spec(df: pd.DataFrame, references: pd.DataFrame | None = None) -> dict:
    view = spending.with_change(spending.filter_series(df, ["KOR", "JPN", "PRK"], (2020, 2024)), "share", None)
    chart = charts.line_chart(
        _named(view),
        value="value",
        value_title="% of GDP",
        value_format=".2f",
        country_title="Country",
        year_title="Year",
        highlight_name="KOR",
        references=references,
    )
    return chart.to_dict()


def test_line_chart_highlights_korea(df: pd.DataFrame) -> None:
    spec = _line_spec(df)
    others, korea = spec["layer"][0], spec["layer"][1]
    color = korea["encoding"]["color"]["scale"]
    assert color["domain"][0] == "KOR"  # first in the legend
    assert color["range"][0] == charts.HIGHLIGHT_COLOR
    assert charts.HIGHLIGHT_COLOR not in color["range"][1:]
    assert korea["transform"] == [{"filter": "datum.highlight"}] and korea["mark"]["strokeWidth"] == charts.WIDE
    assert others["transform"] == [{"filter": "!datum.highlight"}] and others["mark"]["strokeWidth"] == charts.THIN


def test_line_chart_titles_are_the_ones_given(df: pd.DataFrame) -> None:
    enc = _line_spec(df)["layer"][0]["encoding"]
    assert enc["y"]["title"] == "% of GDP" and enc["x"]["title"] == "Year" and enc["color"]["title"] == "Country"


def test_line_chart_keeps_missing_values_as_null(df: pd.DataFrame) -> None:
    spec = _line_spec(df)
    rows = next(iter(spec["datasets"].values()))
    jpn_2022 = next(r for r in rows if r["country"] == "JPN" and r["year"] == 2022)
    assert jpn_2022["value"] is None


def test_line_chart_draws_reference_rules(df: pd.DataFrame, targets: pd.DataFrame) -> None:
    lines = spending.reference_lines(targets)
    refs = pd.DataFrame({"value": lines["share_gdp_pct"], "label": ["2%", "3.5%", "5%"]})
    spec = _line_spec(df, refs)
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "line", "rule", "text"]
    ref_rows = [rows for rows in spec["datasets"].values() if rows and "label" in rows[0]][0]
    assert [r["value"] for r in ref_rows] == [2.0, 3.5, 5.0]


def test_line_chart_without_references_has_only_lines(df: pd.DataFrame) -> None:
    assert [layer["mark"]["type"] for layer in _line_spec(df)["layer"]] == ["line", "line"]


def test_ranking_chart_sorts_and_highlights(df: pd.DataFrame) -> None:
    ranked = _named(spending.ranking(df, 2022, "share"))
    spec = charts.ranking_chart(
        ranked, value_title="% of GDP", value_format=".2f", country_title="Country", highlight_name="KOR"
    ).to_dict()
    bars = spec["layer"][0]
    assert bars["encoding"]["y"]["sort"] == "-x"
    assert bars["encoding"]["color"]["condition"]["value"] == charts.HIGHLIGHT_COLOR
    assert spec["height"] == {"step": 24}  # every country gets a readable row


def test_projection_chart_has_path_and_trend(df: pd.DataFrame) -> None:
    proj = spending.project(_base(df, "KOR"), 3.5, 2028, 5.0)
    spec = charts.projection_chart(
        proj, path_label="Path", trend_label="Trend", series_title="Scenario", value_title="US$ m", year_title="Year"
    ).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {r["series"] for r in rows} == {"Path", "Trend"}
    assert len(rows) == 10
    lines = spec["layer"][0]
    assert lines["encoding"]["color"]["scale"]["range"] == [charts.PATH_COLOR, charts.TREND_COLOR]


def test_projection_legend_draws_the_trend_as_a_line_not_a_blob(df: pd.DataFrame) -> None:
    proj = spending.project(_base(df, "KOR"), 3.5, 2028, 5.0)
    spec = charts.projection_chart(
        proj, path_label="Path", trend_label="Trend", series_title="Scenario", value_title="US$ m", year_title="Year"
    ).to_dict()
    lines, points = spec["layer"]
    assert lines["mark"]["type"] == "line" and "point" not in lines["mark"]  # no point symbol in the legend
    for channel in ("color", "strokeDash"):  # one merged legend: solid path, dashed trend
        assert lines["encoding"][channel]["legend"]["symbolType"] == "stroke"
    assert lines["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [6, 4]]
    assert points["encoding"]["color"]["legend"] is None  # the dots never reach the legend


def test_line_colours_follow_the_country_not_the_selection(df: pd.DataFrame) -> None:
    from atlas.core import colours

    def scale(codes: list[str]) -> dict[str, str]:
        view = spending.with_change(spending.filter_series(df, codes, (2020, 2024)), "share", None)
        chart = charts.line_chart(
            _named(view), value="value", value_title="%", value_format=".2f", country_title="C", year_title="Y",
            highlight_name="KOR",
        ).to_dict()  # fmt: skip
        s = chart["layer"][0]["encoding"]["color"]["scale"]
        return dict(zip(s["domain"], s["range"]))

    one, other = scale(["KOR", "JPN", "GBR"]), scale(["GBR", "USA"])
    assert one["GBR"] == other["GBR"] == colours.colour("GBR")
    assert one["KOR"] == colours.HIGHLIGHT and list(one)[0] == "KOR"


def test_ranking_highlight_is_the_app_highlight(df: pd.DataFrame) -> None:
    from atlas.core import colours

    assert charts.HIGHLIGHT_COLOR == colours.HIGHLIGHT


def test_extra_chart_leaves_out_the_base_year(df: pd.DataFrame) -> None:
    proj = spending.project(_base(df, "KOR"), 3.5, 2028, 5.0)
    spec = charts.extra_chart(proj, value_title="Extra", year_title="Year").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["year"] for r in rows] == [2025, 2026, 2027, 2028]
    assert rows[0]["extra_usd_m"] == pytest.approx(5250)


def test_to_spec_inlines_data_and_drops_fixed_size(df: pd.DataFrame) -> None:
    proj = spending.project(_base(df, "KOR"), 3.5, 2028, 5.0)
    spec = to_spec(charts.extra_chart(proj, value_title="Extra", year_title="Year"))
    assert "view" not in spec.get("config", {})
    assert len(next(iter(spec["datasets"].values()))) == 4


def test_line_chart_with_markers_adds_event_rules_keeping_the_year_title(df: pd.DataFrame) -> None:
    view = spending.with_change(spending.filter_series(df, ["KOR", "JPN"], (2020, 2024)), "share", None)
    events = data.load("events")
    marks = events[events["category"] == "defence_budget"]
    spec = charts.line_chart(
        _named(view),
        value="value",
        value_title="% of GDP",
        value_format=".2f",
        country_title="Country",
        year_title="Year",
        highlight_name="KOR",
        markers=marks,
        markers_lang="ko",
    ).to_dict()
    rules = spec["layer"][-1]
    assert rules["mark"]["type"] == "rule"
    assert rules["encoding"]["x"] == {"field": "year", "type": "quantitative", "title": "Year"}
    rows = spec["datasets"][rules["data"]["name"]]
    assert len(rows) == len(marks)
    assert {r["category"] for r in rows} == {"국방 예산"}  # tooltips in the language asked for


def test_marker_categories_are_event_categories() -> None:
    assert set(spending.MARKER_CATEGORIES) <= set(data.EVENT_CATEGORIES)


# ---------------------------------------------------------------- reference-line labels and names
def test_reference_labels_name_nato_the_share_and_the_year(targets: pd.DataFrame) -> None:
    refs = spending.reference_labels(spending.reference_lines(targets), "en")
    assert list(refs.columns) == ["value", "label"]
    assert dict(zip(refs["value"], refs["label"])) == {
        2.0: "NATO 2% by 2024",
        3.5: "NATO 3.5% by 2035",
        5.0: "NATO 5% by 2035",
    }


def test_reference_labels_without_a_year_and_in_korean() -> None:
    lines = pd.DataFrame({"share_gdp_pct": [2.0, 3.5], "target_year": [pd.NA, 2035]})
    assert list(spending.reference_labels(lines, "en")["label"]) == ["NATO 2%", "NATO 3.5% by 2035"]
    assert list(spending.reference_labels(lines, "ko")["label"]) == ["NATO 2%", "NATO 3.5% · 2035년까지"]


def test_scope_name_is_nato_or_the_country_in_the_language() -> None:
    assert spending.scope_name(spending.NATO, "en") == "NATO"
    assert spending.scope_name("GBR", "en") == "United Kingdom"
    assert spending.scope_name("KOR", "ko") == "한국"


def test_pct_name_drops_needless_decimals() -> None:
    assert (spending.pct_name(2.0), spending.pct_name(3.5), spending.pct_name(2.25)) == ("2%", "3.5%", "2.25%")


def test_base_years_is_base_point_year_for_every_country():
    # base_years is computed in one pass for the presets; it must say what base_point says, country by country.
    from atlas.core import data as core_data
    from atlas.spending import countries_in
    from atlas.spending import whatif as wi

    df = core_data.load("defense_spending")
    expected = {}
    for iso3 in countries_in(df):
        bp = wi.base_point(df, iso3)
        if bp is not None:
            expected[iso3] = bp.year
    assert expected and wi.base_years(df) == expected
    empty = df.assign(usd_current_m=float("nan"))
    assert wi.base_years(empty) == {}
