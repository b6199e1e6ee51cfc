"""Defence spending page in AppTest: filters, URL state, prices, presets, scenarios, bad scenarios and bad links."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas import events as ev
from atlas import spending
from atlas.core import data
from atlas.i18n import escape_markdown, t
from tests.support import apptest
from tests.support.apptest import charts, notices, warnings

FIXTURES = apptest.ROOT / "tests" / "unit" / "fixtures" / "spending"


def open_page(params: Mapping[str, str | list[str]] | None = None) -> AppTest:
    params = dict(params or {})
    lang = params.pop("lang", None)
    return apptest.open_page("defense_spending", params, lang=lang if isinstance(lang, str) else None)


def metric_values(at: AppTest) -> dict[str, str]:
    return apptest.metrics(at)


def captions(at: AppTest) -> list[str]:
    """Captions as a reader sees them (the markdown escapes removed)."""
    return [c.value.replace("\\", "") for c in at.caption]


def extra_label(at: AppTest) -> str:
    return next(k for k in metric_values(at) if "extra over the trend" in k.lower())


def real_projection(iso3: str, share: float, year: int, growth: float) -> spending.WhatIf:
    return spending.what_if(data.load("defense_spending"), spending.Scenario(iso3, share, year, growth))


# ---------------------------------------------------------------- defaults and filters
def test_defaults_draw_three_sections_without_notice() -> None:
    at = open_page()
    assert at.multiselect(key="countries").value == list(spending.DEFAULT_COUNTRIES)
    assert at.radio(key="metric").value == "share"
    assert len(charts(at)) == 5  # over time, ranking, Korea's budget beside SIPRI, what-if path, extra per year
    assert notices(at) == []
    assert not warnings(at)
    assert "countries" not in at.query_params  # defaults keep the URL clean


def test_country_filter_writes_codes_to_url() -> None:
    at = open_page()
    at.multiselect(key="countries").set_value(["KOR", "FIN"]).run()
    assert not at.exception
    assert at.query_params["countries"] == ["KOR", "FIN"]


def test_no_countries_shows_empty_state_and_no_time_chart() -> None:
    at = open_page()
    at.multiselect(key="countries").set_value([]).run()
    assert not at.exception
    assert any("Nothing matches" in w for w in warnings(at))
    assert len(charts(at)) == 3  # ranking and what-if still drawn


def test_years_without_figures_show_empty_state() -> None:
    """ARE has rows for 2015-2024 but SIPRI gives no figure: nothing to draw, no zero line."""
    at = open_page({"countries": "ARE", "years": ["2016", "2020"]})
    assert any("Nothing matches" in w for w in warnings(at))
    assert len(charts(at)) == 3


def test_metric_switch_to_usd() -> None:
    at = open_page()
    at.radio(key="metric").set_value("usd").run()
    assert not at.exception
    assert at.query_params["metric"] == "usd"
    assert any("US dollars at market exchange rates" in c for c in captions(at))


def test_base_year_toggle_shows_change() -> None:
    at = open_page()
    at.selectbox(key="base").set_value("2014").run()
    assert not at.exception
    assert at.query_params["base"] == "2014"
    assert any("percentage points" in c for c in captions(at))
    at.selectbox(key="base").set_value("").run()
    assert not at.exception
    assert "base" not in at.query_params


def test_rank_year_from_url_and_change() -> None:
    at = open_page({"rank_year": "2010"})
    assert at.selectbox(key="rank_year").value == "2010"
    at.selectbox(key="rank_year").set_value("2015").run()
    assert not at.exception
    assert at.query_params["rank_year"] == "2015"
    assert any("No figure for 2015" in c and "United Arab Emirates" in c for c in captions(at))


def test_korean_page_renders_in_korean() -> None:
    at = open_page({"lang": "ko"})
    assert at.title[0].value == "국방비"
    assert any("추세" in m for m in metric_values(at))


# ---------------------------------------------------------------- bad links
@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("countries", "XYZ"),
        ("countries", "<script>alert(1)</script>"),
        ("years", "1800-3000"),
        ("years", "abc"),
        ("metric", "gdp"),
        ("base", "1066"),
        ("rank_year", "<b>2020</b>"),
        ("wi_country", "ZZZ"),
        ("wi_target", "lots"),
        ("wi_target", "500"),
        ("wi_year", "2035.5"),
        ("wi_year", "1900"),
        ("wi_growth", "nan"),
        ("wi_growth", "1e9"),
    ],
)
def test_bad_url_param_falls_back_with_notice(key: str, value: str) -> None:
    at = open_page({key: value})
    assert any(key in n for n in notices(at)), notices(at)
    assert all(value not in n for n in notices(at))  # the notice names the key, never the value
    assert all(value not in m.value for m in at.markdown)
    assert len(charts(at)) == 5  # defaults still draw everything


def test_partly_valid_countries_keep_the_valid_ones() -> None:
    at = open_page({"countries": ["KOR", "XYZ", "JPN"]})
    assert at.multiselect(key="countries").value == ["KOR", "JPN"]
    assert any("countries" in n for n in notices(at))


# ---------------------------------------------------------------- what-if
def test_scenario_from_url_is_projected() -> None:
    at = open_page({"wi_country": "JPN", "wi_target": "2", "wi_year": "2027", "wi_growth": "3"})
    assert notices(at) == []
    assert at.selectbox(key="wi_country").value == "JPN"
    assert at.number_input(key="wi_target").value == 2.0
    assert at.number_input(key="wi_year").value == 2027
    expected = real_projection("JPN", 2.0, 2027, 3.0)
    assert expected.base is not None
    total = spending.total_extra(expected.projection)
    first = expected.base.year + 1
    label = f"Cumulative extra over the trend, {first}–2027"
    assert metric_values(at)[label] == f"${total / 1000:,.2f} bn"


def test_editing_what_if_inputs_updates_url() -> None:
    at = open_page()
    at.selectbox(key="wi_country").set_value("POL").run()
    at.number_input(key="wi_target").set_value(4.0).run()
    at.number_input(key="wi_year").set_value(2030).run()
    at.number_input(key="wi_growth").set_value(6.5).run()
    assert not at.exception
    assert at.query_params["wi_country"] == "POL"
    assert at.query_params["wi_target"] == "4"
    assert at.query_params["wi_year"] == "2030"
    assert at.query_params["wi_growth"] == "6.5"


def test_uk_preset_fills_country_share_and_year() -> None:
    at = open_page()
    at.button(key="preset-GBR-2027-2P5PCT").click().run()
    assert not at.exception
    assert at.selectbox(key="wi_country").value == "GBR"
    assert at.number_input(key="wi_target").value == 2.5
    assert at.number_input(key="wi_year").value == 2027
    assert at.query_params["wi_country"] == "GBR" and at.query_params["wi_year"] == "2027"
    assert any("Preset:" in c.value for c in at.caption)
    assert len(charts(at)) == 5


def test_nato_five_percent_preset_keeps_korea() -> None:
    at = open_page()
    at.button(key="preset-NATO-2035-TOTAL").click().run()
    assert not at.exception
    assert at.selectbox(key="wi_country").value == "KOR"
    assert at.number_input(key="wi_target").value == 5.0
    assert at.number_input(key="wi_year").value == 2035
    assert at.query_params["wi_target"] == "5"


def test_nato_two_percent_preset_keeps_a_future_year() -> None:
    at = open_page({"wi_year": "2030"})
    at.button(key="preset-NATO-2014-WALES-2PCT").click().run()
    assert not at.exception
    assert at.number_input(key="wi_target").value == 2.0
    assert at.number_input(key="wi_year").value == 2030
    assert any("target year stays at 2030" in c.value for c in at.caption)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"wi_year": "2020"}, "is not after"),
        ({"wi_year": "2024"}, "is not after"),
        ({"wi_growth": "-15"}, "between -10% and 30%"),
        ({"wi_growth": "45"}, "between -10% and 30%"),
        ({"wi_target": "0"}, "target share must be above 0%"),
    ],
)
def test_bad_scenario_shows_message_and_no_projection(params: dict[str, str], message: str) -> None:
    at = open_page(params)
    assert notices(at) == []  # valid URL values, only the scenario makes no sense
    assert any(message in w for w in warnings(at)), warnings(at)
    assert len(charts(at)) == 3  # over time and ranking only
    assert not any("extra over the trend" in label.lower() for label in metric_values(at))


def test_bad_scenario_typed_in_then_fixed() -> None:
    at = open_page()
    at.number_input(key="wi_growth").set_value(35.0).run()
    assert not at.exception
    assert any("between -10% and 30%" in w for w in warnings(at))
    at.number_input(key="wi_growth").set_value(5.0).run()
    assert not at.exception
    assert not warnings(at)
    assert len(charts(at)) == 5


def test_old_base_year_is_flagged() -> None:
    at = open_page({"wi_country": "ARE"})
    assert any("from 2014" in n for n in notices(at))
    assert len(charts(at)) == 5


def test_country_without_gdp_base_gets_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the fixture data, North Korea has rows but no figure: no GDP can be derived."""
    real_load = data.load
    monkeypatch.setattr(data, "load", lambda name, data_dir=FIXTURES: real_load(name, FIXTURES))
    at = open_page({"wi_country": "PRK", "countries": ["KOR", "PRK"]})
    assert any("North Korea has no year with both" in w for w in warnings(at)), warnings(at)
    # said once, as SIPRI's missing estimate, not also as "no figures for these choices"
    assert any("SIPRI publishes no estimate for North Korea" in i.value for i in at.info)
    assert not any("No figures for these choices: North Korea" in c for c in apptest.captions(at))


# ---------------------------------------------------------------- event markers (?events=on)
def _line(at: AppTest):
    return charts(at)[0]  # the over-time chart comes first


def _marker_rows(chart) -> list[dict]:
    import json

    import pyarrow as pa

    spec = json.loads(chart.proto.spec)
    rules = [  # the event rules (the NATO reference rules carry only a label)
        layer
        for layer in spec["layer"]
        if layer["mark"]["type"] == "rule"
        and any(tip["field"] == "date_text" for tip in layer["encoding"].get("tooltip", []))
    ]
    if not rules:
        return []
    name = rules[-1]["data"]["name"]
    proto = next(d for d in chart.proto.datasets if d.name == name)
    return pa.ipc.open_stream(proto.data.data).read_all().to_pylist()


def test_events_toggle_layers_event_rules_and_goes_in_the_url() -> None:
    at = open_page()
    assert not at.toggle(key="events").value and _marker_rows(_line(at)) == []
    assert at.multiselect(key="event_cat").disabled
    at.toggle(key="events").set_value(True).run()
    assert not at.exception
    rows = _marker_rows(_line(at))
    events = data.load("events")
    wanted = ev.filter_events(
        events, categories=spending.MARKER_CATEGORIES, actors=spending.DEFAULT_COUNTRIES, years=(2000, 2025)
    )
    assert sorted(r["event_id"] for r in rows) == sorted(wanted["event_id"]) and rows
    assert "NATO Hague summit sets 5% of GDP defence target by 2035 (3.5% core + 1.5%)" in {r["title"] for r in rows}
    assert at.query_params["events"] == "on"
    assert not at.multiselect(key="event_cat").disabled
    at.multiselect(key="event_cat").set_value(["defence_budget"]).run()
    rows = _marker_rows(_line(at))
    assert {r["category"] for r in rows} == {"Defence budget"}
    assert at.query_params["event_cat"] == "defence_budget"


def test_event_markers_follow_the_countries_and_the_language() -> None:
    at = open_page({"events": "on", "countries": ["UKR", "POL"], "lang": "ko"})
    rows = _marker_rows(_line(at))
    assert "러시아, 우크라이나 전면 침공 개시" in {r["title"] for r in rows}  # actors RUS;UKR
    assert all(r["category"] in {"국방 예산", "정상회담·외교", "동맹·협력"} for r in rows)


def test_event_markers_stop_at_an_earlier_end_year() -> None:
    at = open_page({"events": "on", "years": ["2010", "2020"]})
    rows = _marker_rows(_line(at))
    assert rows and all(r["year"] < 2021 for r in rows)


@pytest.mark.parametrize("bad", ["maybe", "<script>alert('x')</script>"])
def test_bad_events_values_fall_back_with_a_notice(bad: str) -> None:
    at = open_page({"events": bad, "event_cat": "<b>x</b>"})
    assert not at.toggle(key="events").value
    assert any("events" in n and "event_cat" in n for n in notices(at))
    assert _marker_rows(_line(at)) == []


# ---------------------------------------------------------------- labels from the catalogue, curated text escaped
def _reference_labels(chart) -> set[str]:
    import json

    import pyarrow as pa

    spec = json.loads(chart.proto.spec)
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    out: set[str] = set()
    for layer in texts:
        proto = next(d for d in chart.proto.datasets if d.name == layer["data"]["name"])
        out |= {r["label"] for r in pa.ipc.open_stream(proto.data.data).read_all().to_pylist()}
    return out


def test_reference_lines_and_table_headers_are_translated() -> None:
    at = open_page({"lang": "ko"})
    assert _reference_labels(_line(at)) == {"NATO 2% · 2024년까지", "NATO 3.5% · 2035년까지", "NATO 5% · 2035년까지"}
    assert "ISO3 코드" in list(at.dataframe[0].value.columns)
    at = open_page()
    assert "NATO 3.5% by 2035" in _reference_labels(_line(at))
    assert "ISO3 code" in list(at.dataframe[0].value.columns)


def test_switching_events_off_clears_the_url_and_the_markers() -> None:
    at = open_page({"events": "on"})
    assert at.toggle(key="events").value and _marker_rows(_line(at))
    at.toggle(key="events").set_value(False).run()
    assert not at.exception
    assert "events" not in at.query_params and _marker_rows(_line(at)) == []
    assert notices(at) == []


HOSTILE_LABEL = "**Pledge** [click](javascript:alert(1)) $x$ <b>tag</b>"


def test_a_target_label_with_markdown_is_shown_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    real_load = data.load

    def load(name: str, *args, **kwargs):
        df = real_load(name, *args, **kwargs)
        if name == "spending_targets":
            df = df.copy()
            df.loc[df["target_id"] == "NATO-2035-TOTAL", "label"] = HOSTILE_LABEL
        return df

    monkeypatch.setattr(data, "load", load)
    at = open_page()
    assert at.button(key="preset-NATO-2035-TOTAL").help == escape_markdown(HOSTILE_LABEL)
    at.button(key="preset-NATO-2035-TOTAL").click().run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert t("spending.preset_applied", "en", label=escape_markdown(HOSTILE_LABEL)) in captions
    assert not any(HOSTILE_LABEL in c for c in captions)


# ---------------------------------------------------------------- constant dollars (?prices=constant)
def _axis_titles(at: AppTest) -> list[str]:
    out = []
    for spec in apptest.chart_specs(at):
        for layer in spec.get("layer", [spec]):
            title = layer.get("encoding", {}).get("y", {}).get("title")
            if title:
                out.append(title)
    return out


def test_constant_prices_change_the_totals_and_state_the_base_year() -> None:
    current = open_page({"metric": "usd"})
    constant = open_page({"metric": "usd", "prices": "constant"})
    assert notices(constant) == []
    base = int(data.load("us_price_index")["year"].max())
    assert constant.radio(key="prices").value == "constant"
    assert apptest.url(constant, "prices") == ["constant"]
    label = extra_label(constant)
    assert metric_values(constant)[label] != metric_values(current)[label]  # deflated, so a different total
    titles = _axis_titles(constant)
    assert any(f"constant {base}" in x for x in titles) and not any("(current)" in x for x in titles)
    assert any(f"US$ deflated by US CPI-U, base {base}" in c for c in captions(constant))
    assert not any(f"base {base}" in c for c in captions(current))


def test_constant_total_is_the_current_projection_in_base_year_dollars() -> None:
    at = open_page({"prices": "constant", "wi_growth": "0"})
    index = data.load("us_price_index").set_index("year")["cpi_u"]
    current = real_projection("KOR", 3.5, 2035, 0.0)
    assert current.base is not None
    assert index.idxmax() == index.index.max(), "constant prices are in dollars of the index's latest, highest year"
    factor = index.max() / index[current.base.year]
    total = spending.total_extra(current.projection) * factor
    label = extra_label(at)
    assert metric_values(at)[label] == f"${total / 1000:,.2f} bn"


def test_share_of_gdp_is_the_same_in_both_bases() -> None:
    current = open_page()
    constant = open_page({"prices": "constant"})
    rows = [[d.data.data for d in charts(at)[0].proto.datasets] for at in (current, constant)]
    assert rows[0] == rows[1]
    assert any("the same in current and constant prices" in c for c in captions(constant))


def test_prices_switch_writes_the_url_and_back() -> None:
    at = open_page()
    at.radio(key="prices").set_value("constant")
    apptest.run(at)
    assert apptest.url(at, "prices") == ["constant"]
    at.radio(key="prices").set_value("current")
    apptest.run(at)
    assert "prices" not in at.query_params


def test_bad_prices_value_falls_back_with_a_notice() -> None:
    at = open_page({"prices": "real"})
    assert at.radio(key="prices").value == "current"
    assert any("prices" in n for n in notices(at))


def test_constant_prices_without_a_price_index_stay_current_with_a_notice(tmp_path, monkeypatch) -> None:
    _data_folder_without(tmp_path, monkeypatch, "us_price_index.csv")
    at = open_page({"prices": "constant", "metric": "usd"})
    assert at.radio(key="prices").disabled
    assert any("Constant dollars are not available" in n for n in notices(at))
    assert len(charts(at)) == 5


# ---------------------------------------------------------------- what a briefer reads off the screen
def test_extra_over_the_trend_says_it_is_a_cumulative_sum_with_its_years() -> None:
    at = open_page({"wi_year": "2030"})
    projection = real_projection("KOR", 3.5, 2030, 4.0)
    assert projection.base is not None
    base = projection.base.year
    metric = next(m for m in at.metric if m.label == f"Cumulative extra over the trend, {base + 1}–2030")
    assert metric.proto.delta == f"sum of {2030 - base} years"
    ko = open_page({"wi_year": "2030", "lang": "ko"})
    assert f"추세 대비 추가 지출 누계, {base + 1}–2030년" in metric_values(ko)


def test_one_year_of_extra_is_singular() -> None:
    projection = real_projection("KOR", 3.5, 2035, 4.0)
    assert projection.base is not None
    base = projection.base.year
    at = open_page({"wi_year": str(base + 1)})
    metric = next(m for m in at.metric if m.label == f"Extra over the trend, {base + 1}")
    assert metric.proto.delta == "1 year"


def test_dollar_amounts_in_captions_are_not_read_as_latex() -> None:
    at = open_page()
    extra = next(c.value for c in at.caption if c.value.startswith("Cumulative extra"))
    assert extra.count("\\$") == extra.count("$") >= 2  # every $ escaped, so no $...$ math span


def test_korean_preset_labels_name_the_kind_once() -> None:  # the width is checked in the browser test
    at = open_page({"lang": "ko"})
    assert at.button(key="preset-GBR-NEXTPARL-3PCT").label == escape_markdown("영국 3% (의지 표명)")  # no doubled 목표
    button = at.button(key="preset-KOR-3P5PCT-ASAP")
    assert button.label == escape_markdown("한국 3.5% (약속)")


def test_add_to_briefing_collects_this_view() -> None:
    at = open_page({"countries": ["KOR", "JPN"], "prices": "constant"})
    at.button(key="briefing-add-defense_spending").click()
    apptest.run(at)
    if at.button(key="briefing-add-chosen-defense_spending"):  # several figures: it asks which
        at.button(key="briefing-add-chosen-defense_spending").click()
        apptest.run(at)
    views = at.session_state["_atlas_briefing_views"]
    assert views[-1]["page"] == "defense_spending"
    assert views[-1]["query"] == {"countries": ["KOR", "JPN"], "prices": ["constant"]}


def test_figures_show_png_svg_and_csv_downloads() -> None:
    at = open_page()
    labels = apptest.download_labels(at)
    assert labels.count("PNG") == 5 and labels.count("SVG") == 5  # one per chart, Korea's budget included


# ---------------------------------------------------------------- named scenarios
def test_keeping_two_scenarios_compares_them_and_puts_them_in_the_url() -> None:
    at = open_page()
    at.text_input(key="sc_name").set_value("Korea 3.5")
    at.button(key="sc-keep").click()
    apptest.run(at)
    at.selectbox(key="wi_country").set_value("JPN")
    at.number_input(key="wi_target").set_value(2.0)
    at.text_input(key="sc_name").set_value("Japan 2")
    at.button(key="sc-keep").click()
    apptest.run(at)
    assert apptest.url(at, "sc") == ["v1|KOR|3.5|2035|4|Korea 3.5", "v1|JPN|2|2035|4|Japan 2"]
    assert len(charts(at)) == 6  # the kept scenarios side by side
    names = [list(d.value.iloc[:, 0]) for d in at.dataframe]
    assert ["Korea 3.5", "Japan 2"] in names, names
    assert "2 scenarios kept" in [c.value for c in at.caption]


def test_scenarios_from_a_link_are_restored_and_can_be_removed() -> None:
    at = open_page({"sc": ["KOR|5|2035|4|NATO five", "POL|4.8|2030|3|Poland"]})
    assert notices(at) == []
    assert len(charts(at)) == 6
    at.button(key="sc-remove-0").click()
    apptest.run(at)
    assert apptest.url(at, "sc") == ["v1|POL|4.8|2030|3|Poland"]  # an untagged link, written back tagged
    assert "1 scenario kept" in [c.value for c in at.caption]


def test_a_fourth_scenario_replaces_the_oldest() -> None:
    at = open_page({"sc": ["KOR|5|2035|4|A", "KOR|4|2035|4|B", "KOR|3|2035|4|C"]})
    at.text_input(key="sc_name").set_value("D")
    at.button(key="sc-keep").click()
    apptest.run(at)
    assert [v.rsplit("|", 1)[1] for v in apptest.url(at, "sc")] == ["B", "C", "D"]
    assert any("oldest was replaced" in c.value for c in at.caption)


@pytest.mark.parametrize(
    "bad",
    ["XYZ|3|2035|4|Nowhere", "KOR|3|2035|4|", "KOR|abc|2035|4|x", "KOR|3|2035|4|bidi\u202eevil", "KOR|3|2035"],
)
def test_bad_scenario_in_the_link_is_dropped_with_a_notice(bad: str) -> None:
    at = open_page({"sc": [bad, "KOR|5|2035|4|Good"]})
    assert any("sc" in n for n in notices(at))
    assert apptest.url(at, "sc") == ["v1|KOR|5|2035|4|Good"]


def test_a_scenario_name_with_markdown_is_shown_literally() -> None:
    at = open_page({"sc": ["KOR|5|2035|4|**bold** [x](javascript:alert(1))"]})
    label = at.button(key="sc-remove-0").label
    assert "\\*\\*bold\\*\\*" in label and "[x](javascript" not in label


# ---------------------------------------------------------------- events file missing or broken (?events=on)
def _data_folder_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drop: str, broken: bool = False) -> None:
    """A copy of the fixture data folder with one file removed (or replaced by a malformed one)."""
    shutil.copytree(data.DATA_DIR, tmp_path, dirs_exist_ok=True)
    if broken:
        (tmp_path / drop).write_text("event_id,date\nE1,not a date\n", encoding="utf-8")
    else:
        (tmp_path / drop).unlink()
    real_load, real_available = data.load, data.available
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    monkeypatch.setattr(data, "load", lambda name, data_dir=None: real_load(name, tmp_path))
    monkeypatch.setattr(data, "available", lambda data_dir=None: real_available(tmp_path))


@pytest.mark.parametrize("broken", [False, True], ids=["missing", "malformed"])
def test_events_on_without_a_usable_events_file_keeps_the_page(tmp_path, monkeypatch, broken: bool) -> None:
    _data_folder_without(tmp_path, monkeypatch, "events.csv", broken=broken)
    at = open_page({"events": "on"})
    assert len(charts(at)) == 5  # the whole page is there
    assert _marker_rows(_line(at)) == []
    assert any("Event markers are off" in n for n in notices(at)), notices(at)


# ---------------------------------------------------------------- one session's own file stays its own
def test_a_sessions_own_spending_file_never_reaches_another_session() -> None:
    own = data.load("defense_spending")
    own = own[own["iso3"].isin(["KOR", "FIN"])].reset_index(drop=True)
    mine = AppTest.from_file(str(apptest.ROOT / "app.py"), default_timeout=60)
    apptest.run(mine)
    mine.session_state["_atlas_session_data"] = {"defense_spending": (own, "mine.csv")}
    mine.switch_page(apptest.page_path("defense_spending"))
    apptest.run(mine)
    assert len(mine.selectbox(key="wi_country").options) == 2
    other = open_page()
    assert len(other.selectbox(key="wi_country").options) == data.load("defense_spending")["iso3"].nunique()


def test_north_korea_is_found_by_the_country_search_and_said_to_have_no_estimate() -> None:
    at = open_page()
    assert "North Korea" in at.multiselect(key="countries").options
    at.multiselect(key="countries").set_value(["KOR", "PRK"])
    at.run()
    assert not at.exception
    assert at.query_params["countries"] == ["KOR", "PRK"]
    said = [i.value.replace("\\", "") for i in at.info]
    assert any(s.startswith("SIPRI publishes no estimate for North Korea: its footnote 57 says") for s in said)


def test_every_spending_figure_on_the_page_names_its_sipri_release() -> None:
    at = open_page({"sc": "KOR|3.5|2035|4|Plan A"})
    subtitles = [c for c in captions(at) if " · " in c and not c.startswith(("Printed from", "Source"))]
    assert len(subtitles) >= 4 and all("SIPRI 2025 release" in c for c in subtitles)  # the frozen fixture's edition


@pytest.mark.parametrize(("name", "code"), [("+plan", "formula"), ("@SUM(A1)", "formula"), ("A|B", "separator")])
def test_a_scenario_name_the_arms_page_would_refuse_is_refused_here_too(name: str, code: str) -> None:
    at = open_page()
    at.text_input(key="sc_name").set_value(name)
    at.button(key="sc-keep").click()
    apptest.run(at)
    assert apptest.url(at, "sc") == []
    said = t(f"common.name_problem.{code}", "en", separator="|")
    assert said in [apptest.shown(c.value) for c in at.caption]
