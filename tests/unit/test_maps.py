"""The arms map builder, checked through Deck.to_json(): offline style, layers, tooltips."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from atlas import arms
from atlas.arms import maps
from atlas.core import data, geo


@pytest.fixture(scope="module")
def countries() -> pd.DataFrame:
    return data.load_countries()[["iso3", "lat", "lon"]]


def recipients(with_hypothetical: bool = False) -> pd.DataFrame:
    rows = [
        {
            "recipient_iso3": "POL",
            "value_usd_m": 20000.0,
            "deals": 9,
            "deals_without_value": 1,
            "hypothetical_usd_m": 0.0,
            "hypothetical_deals": 0,
            "systems": "K2; K9",
        },
        {
            "recipient_iso3": "EST",
            "value_usd_m": 90.0,
            "deals": 3,
            "deals_without_value": 0,
            "hypothetical_usd_m": 0.0,
            "hypothetical_deals": 0,
            "systems": "K9",
        },
    ]
    if with_hypothetical:
        rows.append(
            {
                "recipient_iso3": "VNM",
                "value_usd_m": 0.0,
                "deals": 0,
                "deals_without_value": 0,
                "hypothetical_usd_m": 500.0,
                "hypothetical_deals": 1,
                "systems": "<b>FA-50</b>",
            }
        )
    return pd.DataFrame(rows)


def spec_of(countries: pd.DataFrame, lang: str = "en", with_hypothetical: bool = False) -> dict:
    deck = maps.arms_map(geo.load_world(), recipients(with_hypothetical), countries, "KOR", lang)
    return json.loads(deck.to_json())


def layer(spec: dict, layer_id: str) -> dict:
    return next(x for x in spec["layers"] if x["id"] == layer_id)


def feature(spec: dict, iso3: str) -> dict:
    return next(f for f in layer(spec, "countries")["data"]["features"] if f["properties"]["iso3"] == iso3)


def test_map_uses_the_shipped_blank_style_and_no_tile_layer(countries: pd.DataFrame) -> None:
    spec = spec_of(countries)
    assert spec["mapStyle"] == "/app/static/map_style.json"
    assert spec["mapProvider"] == "carto"
    assert {x["@@type"] for x in spec["layers"]} == {"GeoJsonLayer", "ArcLayer", "ScatterplotLayer"}
    assert "http" not in json.dumps(spec)  # nothing to fetch from the internet


def test_shipped_style_is_a_blank_background() -> None:
    style = json.loads((Path(__file__).resolve().parents[2] / "static" / "map_style.json").read_text(encoding="utf-8"))
    assert style["version"] == 8 and style["sources"] == {}
    assert [lyr["type"] for lyr in style["layers"]] == ["background"]


def test_recipients_are_shaded_darker_for_more_value(countries: pd.DataFrame) -> None:
    spec = spec_of(countries)
    pol, est, fra = (feature(spec, c)["properties"]["fill"] for c in ("POL", "EST", "FRA"))
    # binned US$ classes: Poland ($20 bn) in the top class, Estonia ($90 m) in the first
    assert pol == maps.shade(20000.0) == [8, 48, 107, 255]
    assert est == maps.shade(90.0) == [0xC6, 0xDB, 0xEF, 255]
    assert fra == maps.LAND


def test_arcs_start_in_seoul_and_are_wider_for_more_value(countries: pd.DataFrame) -> None:
    spec = spec_of(countries)
    arcs = {a["iso3"]: a for a in layer(spec, "arcs")["data"]}
    kor = countries.set_index("iso3").loc["KOR"]
    assert arcs["POL"]["source"] == [kor["lon"], kor["lat"]]
    pol = countries.set_index("iso3").loc["POL"]
    assert arcs["POL"]["target"] == [pol["lon"], pol["lat"]]
    assert arcs["POL"]["width"] > arcs["EST"]["width"]
    assert layer(spec, "arcs_hypothetical")["data"] == []


def test_tooltip_is_text_with_name_systems_deals_and_value(countries: pd.DataFrame) -> None:
    spec = spec_of(countries)
    tip = feature(spec, "POL")["properties"]["tip"]
    assert tip == ("Poland\nSystems: K2; K9\nDeals: 9 (1 without a reported value)\nTotal value: $20.00 bn")
    assert {a["tip"] for a in layer(spec, "arcs")["data"] if a["iso3"] == "POL"} == {tip}


def test_tooltip_is_translated(countries: pd.DataFrame) -> None:
    tip = feature(spec_of(countries, "ko"), "EST")["properties"]["tip"]
    assert tip == "에스토니아\n무기체계: K9\n계약: 3건\n총액: 0.9억 달러"


def test_hypothetical_deals_get_their_own_orange_layer(countries: pd.DataFrame) -> None:
    spec = spec_of(countries, with_hypothetical=True)
    hypo = layer(spec, "arcs_hypothetical")
    assert [a["iso3"] for a in hypo["data"]] == ["VNM"]
    assert hypo["getSourceColor"] == maps.ARC_HYPO != maps.ARC_REAL
    assert "VNM" not in {a["iso3"] for a in layer(spec, "arcs")["data"]}
    assert "HYPOTHETICAL: 1 deal, $500 m" in feature(spec, "VNM")["properties"]["tip"]


def test_user_text_only_reaches_a_text_tooltip(countries: pd.DataFrame) -> None:
    deck = maps.arms_map(geo.load_world(), recipients(True), countries, "KOR", "en")
    assert set(deck._tooltip) == {"text", "style"}  # never "html"


def test_each_call_annotates_a_fresh_world(countries: pd.DataFrame) -> None:
    first = spec_of(countries)
    empty = arms.by_recipient(pd.DataFrame(columns=["recipient_iso3", "counted_usd_m", "value_usd_m", "system"]))
    deck = maps.arms_map(geo.load_world(), empty, countries, "KOR", "en")
    second = json.loads(deck.to_json())
    assert feature(first, "POL")["properties"]["fill"] != maps.LAND
    assert feature(second, "POL")["properties"]["fill"] == maps.LAND


def test_compact_json_has_the_same_content_as_pydecks(countries: pd.DataFrame) -> None:
    import pydeck as pdk

    deck = maps.arms_map(geo.load_world(), recipients(), countries, "KOR", "en")
    assert isinstance(deck, pdk.Deck)
    assert json.loads(deck.to_json()) == json.loads(pdk.Deck.to_json(deck))
    assert len(deck.to_json()) < len(pdk.Deck.to_json(deck)) / 2


def test_shade_and_width_scale_with_value() -> None:
    assert maps.shade(None, 100) == maps.NO_VALUE
    assert maps.shade(1, 100) != maps.shade(100, 100)
    assert maps.arc_width(None, 100) == 1.5 and maps.arc_width(100, 100) == 9.0


def test_prebuilt_deck_shows_a_cached_spec_as_is(countries: pd.DataFrame) -> None:
    import pydeck as pdk

    spec = maps.arms_map(geo.load_world(), recipients(True), countries, "KOR", "en").to_json()
    deck = maps.PrebuiltDeck(spec)
    assert isinstance(deck, pdk.Deck)  # st.pydeck_chart reads a Deck's tooltip and JSON
    assert deck.to_json() is spec
    assert json.loads(spec)["mapStyle"] == maps.MAP_STYLE


@pytest.mark.parametrize(
    ("value", "cls"),
    [(None, None), (0.0, None), (99.9, 0), (100.0, 1), (999.0, 2), (2400.0, 3), (9999.0, 4), (23000.0, 5)],
)
def test_value_classes_are_binned_in_us_dollars(value: float | None, cls: int | None) -> None:
    assert maps.value_class(value) == cls


def test_legend_lists_every_class_in_both_languages() -> None:
    for lang in ("en", "ko"):
        entries = maps.legend_entries(lang, with_hypothetical=True)
        assert len(entries) == len(maps.CLASS_BOUNDS) + 2
        assert len({label for label, _ in entries}) == len(entries)
    assert maps.legend_entries("en")[0][0] == "under $100 m"


def test_map_features_carry_only_what_the_layer_reads(countries: pd.DataFrame) -> None:
    spec = spec_of(countries)
    assert set(feature(spec, "FRA")["properties"]) == {"iso3", "fill", "tip"}


def test_a_recipient_with_no_known_value_is_never_labelled_zero() -> None:
    from atlas.arms import maps as arms_maps

    row = {"recipient_iso3": "SEN", "systems": "KT-1", "deals": 1, "deals_without_value": 1, "value_usd_m": 0.0}
    tip = arms_maps.recipient_tip(row, "en")
    assert "$0" not in tip and "0 m" not in tip


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_map_picture_never_labels_an_unknown_value_as_zero(lang: str) -> None:
    import json
    import re

    from atlas.arms import figures as arms_figures
    from atlas.arms.state import State
    from atlas.core.figure import Datasets

    data = Datasets()
    state, _ = State.from_query({}, data)
    fig = next(f for f in arms_figures.figures(state, data, lang) if f.id == "arms.map")
    text = json.dumps(fig.chart.to_dict(validate=False), ensure_ascii=False)
    assert re.search(r"\$0 m|(?<![\d.,])0\.0억", text) is None
    assert "no known value" in text or "금액 알 수 없음" in text  # the fixture has a recipient without a value
