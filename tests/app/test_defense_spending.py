"""Defence spending page in AppTest: filters, URL state, presets, bad scenarios and bad links."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas import events as ev
from atlas import spending
from atlas.core import data
from atlas.i18n import t

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/defense_spending.py"
FIXTURES = ROOT / "tests" / "unit" / "fixtures" / "spending"


def open_page(params: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts(at: AppTest) -> list:
    return at.get("vega_lite_chart")


def notices(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def real_projection(iso3: str, share: float, year: int, growth: float) -> spending.WhatIf:
    return spending.what_if(data.load("defense_spending"), spending.Scenario(iso3, share, year, growth))


# ---------------------------------------------------------------- defaults and filters
def test_defaults_draw_three_sections_without_notice() -> None:
    at = open_page()
    assert at.multiselect(key="countries").value == list(spending.DEFAULT_COUNTRIES)
    assert at.radio(key="metric").value == "share"
    assert len(charts(at)) == 4  # over time, ranking, what-if path, extra per year
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
    assert any("Current US dollars" in c.value for c in at.caption)


def test_base_year_toggle_shows_change() -> None:
    at = open_page()
    at.selectbox(key="base").set_value("2014").run()
    assert not at.exception
    assert at.query_params["base"] == "2014"
    assert any("percentage points" in c.value for c in at.caption)
    at.selectbox(key="base").set_value("").run()
    assert not at.exception
    assert "base" not in at.query_params


def test_rank_year_from_url_and_change() -> None:
    at = open_page({"rank_year": "2010"})
    assert at.selectbox(key="rank_year").value == "2010"
    at.selectbox(key="rank_year").set_value("2015").run()
    assert not at.exception
    assert at.query_params["rank_year"] == "2015"
    assert any("No figure for 2015" in c.value and "United Arab Emirates" in c.value for c in at.caption)


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
    assert len(charts(at)) == 4  # defaults still draw everything


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
    total = spending.total_extra(expected.projection)
    label = f"Extra over the trend, {expected.base.year + 1}–2027"
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
    assert len(charts(at)) == 4


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
    assert len(charts(at)) == 2  # over time and ranking only
    assert not any(label.startswith("Extra over the trend") for label in metric_values(at))


def test_bad_scenario_typed_in_then_fixed() -> None:
    at = open_page()
    at.number_input(key="wi_growth").set_value(35.0).run()
    assert not at.exception
    assert any("between -10% and 30%" in w for w in warnings(at))
    at.number_input(key="wi_growth").set_value(5.0).run()
    assert not at.exception
    assert not warnings(at)
    assert len(charts(at)) == 4


def test_old_base_year_is_flagged() -> None:
    at = open_page({"wi_country": "ARE"})
    assert any("from 2014" in w for w in warnings(at))
    assert len(charts(at)) == 4


def test_country_without_gdp_base_gets_message(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the fixture data, North Korea has rows but no figure: no GDP can be derived."""
    real_load = data.load
    monkeypatch.setattr(data, "load", lambda name, data_dir=FIXTURES: real_load(name, FIXTURES))
    at = open_page({"wi_country": "PRK", "countries": ["KOR", "PRK"]})
    assert any("North Korea has no year with both" in w for w in warnings(at)), warnings(at)
    assert any("No figures for these choices: North Korea" in c.value for c in at.caption)


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
    import json

    at = open_page({"lang": "ko"})
    assert _reference_labels(_line(at)) == {"NATO 2% · 2024년까지", "NATO 3.5% · 2035년까지", "NATO 5% · 2035년까지"}
    columns = json.loads(at.dataframe[0].proto.columns)
    assert columns["iso3"]["label"] == "ISO3 코드"
    at = open_page()
    assert "NATO 3.5% by 2035" in _reference_labels(_line(at))
    assert json.loads(at.dataframe[0].proto.columns)["iso3"]["label"] == "ISO3 code"


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
    assert at.button(key="preset-NATO-2035-TOTAL").help == ev.escape_markdown(HOSTILE_LABEL)
    at.button(key="preset-NATO-2035-TOTAL").click().run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert t("spending.preset_applied", "en", label=ev.escape_markdown(HOSTILE_LABEL)) in captions
    assert not any(HOSTILE_LABEL in c for c in captions)
