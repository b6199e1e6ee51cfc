"""The arms map builder, checked through Deck.to_json(): offline style, layers, tooltips."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from atlas import arms
from atlas.arms import maps
from atlas.core import data, geo
from atlas.i18n import t
from tests.support.spy import count_calls


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
    pol, est = (feature(spec, c)["properties"]["fill"] for c in ("POL", "EST"))
    # binned US$ classes: Poland ($20 bn) in the top class, Estonia ($90 m) in the first
    assert pol == maps.shade(20000.0) == [8, 48, 107, 255]
    assert est == maps.shade(90.0) == [0xC6, 0xDB, 0xEF, 255]
    # every other country is the land beneath, one colour, from the file the browser fetched once
    assert {f["properties"]["iso3"] for f in layer(spec, "countries")["data"]["features"]} == {"POL", "EST", "KOR"}
    assert layer(spec, "land")["getFillColor"] == maps.LAND


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
    assert [f["properties"]["iso3"] for f in layer(second, "countries")["data"]["features"]] == ["KOR"]


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
    assert set(feature(spec, "POL")["properties"]) == {"iso3", "fill", "tip"}


# The fixed layers: fetched once by the browser from static/map/, never sent with a rerun.


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_land_and_borders_are_files_the_browser_fetches_once(countries: pd.DataFrame, lang: str) -> None:
    spec = spec_of(countries, lang)
    assert layer(spec, "land")["data"] == f"/app/static/map/land_{lang}.json"
    assert layer(spec, "borders")["data"] == "/app/static/map/borders.json"
    for name in (f"land_{lang}.json", "borders.json"):
        assert (Path(__file__).resolve().parents[2] / "static" / "map" / name).is_file()
    # what a filter change sends: the recipients' shapes, arcs and dots, not the world (~270 kB before)
    assert len(json.dumps(spec)) < 60_000


def test_the_land_file_names_every_country_in_its_language() -> None:
    static = Path(__file__).resolve().parents[2] / "static" / "map"
    for lang, korea in (("en", "South Korea"), ("ko", "한국")):
        land = json.loads((static / f"land_{lang}.json").read_text(encoding="utf-8"))
        tips = {f["properties"]["iso3"]: f["properties"]["tip"] for f in land["features"]}
        assert tips["KOR"] == korea
        assert all(tips.values()) and len(tips) == len(land["features"]) > 170
        assert all(set(f["properties"]) == {"iso3", "tip"} for f in land["features"])


def test_the_static_layers_are_those_the_shipped_data_gives() -> None:
    import subprocess
    import sys

    tool = Path(__file__).resolve().parents[2] / "tools" / "build_map_layers.py"
    done = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


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


# ------------------------------------------------------------------ the map made for a slide
def _row(iso3: str, value: float, deals: int = 1) -> dict:
    return {
        "recipient_iso3": iso3,
        "value_usd_m": value,
        "deals": deals,
        "deals_without_value": 0 if value else deals,
        "hypothetical_usd_m": 0.0,
        "hypothetical_deals": 0,
        "systems": "K9",
    }


FAR_APART = ["PER", "POL", "PHL"]  # the Americas, Europe and Asia: a fixed world view lost Peru


def _picture_frame(countries: pd.DataFrame, recipients: list[str]) -> maps.PictureGeometry:
    from atlas.arms import charts

    return maps.picture_geometry(geo.load_world(), recipients, countries, "KOR", charts.MAP_WIDTH, charts.MAP_HEIGHT)


def _inside(point: tuple[float, float], frame: maps.PictureGeometry) -> bool:
    return 0 <= point[0] <= frame.width and 0 <= point[1] <= frame.height


@pytest.mark.parametrize("recipients", [FAR_APART, ["PHL", "IDN", "THA"], ["POL"], ["COL", "PER", "SEN"]])
def test_the_picture_is_cropped_to_hold_every_recipient_and_seoul(
    countries: pd.DataFrame, recipients: list[str]
) -> None:
    frame = _picture_frame(countries, recipients)
    caps = countries.set_index("iso3")
    assert set(frame.points) == set(recipients)
    for iso3 in [*recipients, "KOR"]:
        assert _inside(frame.to_px(float(caps.at[iso3, "lon"]), float(caps.at[iso3, "lat"])), frame), iso3
    assert all(_inside(p, frame) for p in [*frame.points.values(), frame.origin])
    shown = {f["properties"]["iso3"] for f in frame.features}
    assert set(recipients) <= shown


def test_a_regional_picture_is_not_a_world_view(countries: pd.DataFrame) -> None:
    frame = _picture_frame(countries, ["PHL", "IDN", "THA"])
    assert not _inside(frame.to_px(-77.04, -12.05), frame)  # Lima is off a map of Southeast Asia
    assert not _inside(frame.to_px(21.01, 52.23), frame)  # and so is Warsaw
    assert _inside(frame.to_px(106.85, -6.2), frame)  # Jakarta is on it


def test_no_country_streaks_across_the_picture(countries: pd.DataFrame) -> None:
    import shapely

    # centred on the Atlantic, the projection's seam runs through the Pacific: Fiji and Russia's far
    # east lie across it, and must come out as islands, not as strips across the map
    frame = _picture_frame(countries, FAR_APART)
    for f in frame.features:
        shape = shapely.geometry.shape(f["geometry"])
        parts = getattr(shape, "geoms", [shape])
        for part in parts:
            x0, y0, x1, y1 = part.bounds
            if x1 - x0 > frame.width * 0.6:
                assert part.area > 0.2 * (x1 - x0) * (y1 - y0), f["properties"]["iso3"]


def _picture_spec(countries: pd.DataFrame, rows: list[dict], lang: str = "en") -> dict:
    from atlas.arms import charts
    from atlas.core.charts import to_spec

    per = pd.DataFrame(rows)
    labels = maps.class_labels(lang)
    per["class_label"] = [labels[maps.value_class(v) or 0] for v in per["value_usd_m"]]
    legend = maps.legend_entries(lang)
    chart = charts.map_picture(geo.load_world(), per, countries, "KOR", legend, lang, "Value, US$ million")
    return to_spec(chart)


def _layer_rows(spec: dict, mark: str) -> list[list[dict]]:
    out = []
    for layer_ in spec["layer"]:
        if layer_["mark"]["type"] == mark:
            data_: dict = layer_.get("data") or spec.get("data") or {}
            out.append(spec["datasets"][data_["name"]] if "name" in data_ else data_["values"])
    return out


def test_routes_from_seoul_are_curved_and_wider_for_more_value(countries: pd.DataFrame) -> None:
    from atlas.arms import charts

    spec = _picture_spec(countries, [_row("PER", 729.0), _row("POL", 27_000.0), _row("PHL", 3_160.0)])
    (points,) = _layer_rows(spec, "line")
    frame = _picture_frame(countries, FAR_APART)
    routes = {iso3: [p for p in points if p["iso3"] == iso3] for iso3 in FAR_APART}
    for iso3, route in routes.items():
        assert len(route) > 10, iso3  # a line of points, not a 2-point segment
        (x1, y1), (x2, y2) = (route[0]["px"], route[0]["py"]), (route[-1]["px"], route[-1]["py"])
        assert (x1, y1) == pytest.approx(frame.origin, abs=0.2)  # from Seoul
        assert (x2, y2) == pytest.approx(frame.points[iso3], abs=0.2)  # to the recipient
        chord = math.hypot(x2 - x1, y2 - y1)
        bulge = max(abs((x2 - x1) * (y1 - p["py"]) - (x1 - p["px"]) * (y2 - y1)) / chord for p in route)
        assert bulge > 0.05 * chord, iso3  # curved, not straight
    width = {iso3: route[0]["width"] for iso3, route in routes.items()}
    assert width["POL"] > width["PHL"] > width["PER"] >= charts.ROUTE_MIN


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_recipient_is_labelled_with_its_value_on_the_map_or_in_the_key(
    countries: pd.DataFrame, lang: str
) -> None:
    from atlas.i18n import country_name, fmt_usd_m

    # Europe's crowd: some labels cannot sit beside their country and go to the numbered key
    rows = [_row(c, v) for c, v in [("POL", 20_000.0), ("EST", 444.0), ("FIN", 294.0), ("NOR", 1_670.0),
                                     ("ROU", 1_000.0), ("GBR", 708.0), ("PER", 729.0), ("PHL", 3_160.0)]]  # fmt: skip
    spec = _picture_spec(countries, rows, lang)
    texts = _layer_rows(spec, "text")
    shown = {r["shown"] for layer_ in texts for r in layer_ if "shown" in r}
    key = " ".join(r["line"] for layer_ in texts for r in layer_ if "line" in r)
    for r in rows:
        label = f"{country_name(r['recipient_iso3'], lang)} {fmt_usd_m(r['value_usd_m'], lang)}"
        assert label in shown or label in key, label
    assert len(shown) == len(rows)  # each recipient has a label or a number beside it


def test_labels_are_placed_at_the_size_they_are_drawn_and_do_not_overlap(countries: pd.DataFrame) -> None:
    from atlas.arms import charts
    from atlas.render import slides

    assert charts.LABEL_SIZE >= slides.MIN_FONT  # a slide raises smaller text, after the labels were placed
    rows = [_row(c, 100.0 * (i + 1)) for i, c in enumerate(["POL", "EST", "FIN", "NOR", "ROU", "GBR", "LTU", "LVA"])]
    spec = _picture_spec(countries, rows)
    sizes = {layer_["mark"].get("fontSize") for layer_ in spec["layer"] if layer_["mark"]["type"] == "text"}
    assert sizes == {charts.LABEL_SIZE}
    boxes = []
    for layer_, data_ in zip(
        [x for x in spec["layer"] if x["mark"]["type"] == "text"], _layer_rows(spec, "text"), strict=True
    ):
        align = layer_["mark"]["align"]
        for r in data_:
            if "shown" not in r or layer_["mark"].get("stroke"):
                continue
            w = charts._text_width(r["shown"])
            left = r["tx"] if align == "left" else r["tx"] - w if align == "right" else r["tx"] - w / 2
            boxes.append((left, r["ty"] - charts.LABEL_SIZE / 2, left + w, r["ty"] + charts.LABEL_SIZE / 2))
    assert len(boxes) == len(rows)
    for i, a in enumerate(boxes):
        assert 0 <= a[0] and a[2] <= charts.MAP_WIDTH and 0 <= a[1] and a[3] <= charts.MAP_HEIGHT
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_map_slide_shows_labels_at_12_pt_or_more_with_its_caption(lang: str) -> None:
    from atlas.arms import figures as arms_figures
    from atlas.arms.state import State
    from atlas.briefing.captions import slide_caption
    from atlas.briefing.figures import Slide
    from atlas.core.figure import Datasets
    from atlas.render import deck, slides

    data_ = Datasets()
    state, _ = State.from_query({}, data_)
    fig = next(f for f in arms_figures.figures(state, data_, lang) if f.id == "arms.map")
    s = Slide(1, "Korean arms on the map", f"{fig.title} · {fig.subtitle}", fig, slide_caption(fig), "", "")
    top, bottom, shown = deck.layout(s)
    assert shown  # the caption fits on the slide ...
    png = slides.png(fig, *deck.picture_size(s))
    assert deck._label_pt(png, bottom - top) >= 12  # ... and the map beside it is read from the back of a room


@pytest.mark.parametrize(
    "recipients", [FAR_APART, ["PER", "COL", "POL", "AUS"], ["PHL", "IDN"], ["POL"]], ids=lambda r: "-".join(r)
)
def test_the_live_maps_first_view_shows_every_recipient_and_seoul(
    countries: pd.DataFrame, recipients: list[str]
) -> None:
    per = pd.DataFrame([_row(c, 100.0) for c in recipients])
    spec = json.loads(maps.arms_map(geo.load_world(), per, countries, "KOR", "en").to_json())
    view = spec["initialViewState"]
    west, south, east, north = maps.view_extent(view)
    caps = countries.set_index("iso3")
    for iso3 in [*recipients, "KOR"]:
        lon, lat = float(caps.at[iso3, "lon"]), float(caps.at[iso3, "lat"])
        assert west < lon < east and south < lat < north, (iso3, view)
    assert view["minZoom"] <= view["zoom"] <= view["maxZoom"]


def test_a_nearby_recipient_is_shown_closer_than_the_world(countries: pd.DataFrame) -> None:
    near = json.loads(
        maps.arms_map(geo.load_world(), pd.DataFrame([_row("PHL", 1.0)]), countries, "KOR", "en").to_json()
    )
    far = json.loads(
        maps.arms_map(geo.load_world(), pd.DataFrame([_row("PER", 1.0)]), countries, "KOR", "en").to_json()
    )
    assert near["initialViewState"]["zoom"] > far["initialViewState"]["zoom"] + 1


def test_the_legend_and_key_sit_inside_the_picture_beside_the_map(countries: pd.DataFrame) -> None:
    from atlas.arms import charts

    rows = [_row(c, 100.0 * (i + 1)) for i, c in enumerate(["POL", "EST", "FIN", "NOR", "ROU", "GBR", "LTU", "LVA"])]
    spec = _picture_spec(countries, rows)
    entries = next(r for r in _layer_rows(spec, "square"))
    assert [e["entry"] for e in entries] == maps.class_labels("en") + [t("arms.class.no_value", "en")]
    key = [r for layer_ in _layer_rows(spec, "text") for r in layer_ if "line" in r]
    assert key  # Europe's crowd needs the numbered key
    side = charts.MAP_WIDTH + charts.SIDE_GAP
    for e in entries:
        assert (
            side <= e["x"] and e["x"] + charts._text_width(e["entry"]) + charts.SWATCH <= side + charts.SIDE_WIDTH + 20
        )
    assert min(r["y"] for r in key) > max(e["y"] for e in entries)  # the key starts under the legend


def test_the_map_picture_is_converted_once_and_every_caller_gets_its_own_copy(
    countries: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Converting the picture's routes and labels again cost a quarter of a second on every picture and deck;
    the spec is converted once, and a caller that moves or changes its parts changes no other caller's."""
    import altair as alt

    from atlas.arms import charts
    from atlas.core.charts import to_spec

    per = pd.DataFrame([_row("POL", 5000.0), _row("PHL", 300.0)])
    labels = maps.class_labels("en")
    per["class_label"] = [labels[maps.value_class(v) or 0] for v in per["value_usd_m"]]
    chart = charts.map_picture(geo.load_world(), per, countries, "KOR", maps.legend_entries("en"), "en", "Value")
    converted = count_calls(monkeypatch, alt.LayerChart, "to_dict")
    first = to_spec(chart)
    first["layer"].pop()
    first["datasets"].pop(charts.LAND_DATA)
    second = to_spec(chart)
    assert len(converted) == 1
    assert second == to_spec(chart) and len(second["layer"]) == len(first["layer"]) + 1
    assert second["datasets"][charts.LAND_DATA]  # the world is in every copy
