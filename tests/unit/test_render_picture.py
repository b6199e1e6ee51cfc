"""Captioned pictures: PNG of the stated size that is not blank, SVG with title, source and date,
the same footer in both languages, and a clear refusal when Korean has no font."""

from __future__ import annotations

import io
from datetime import date
from typing import cast

import altair as alt
import pandas as pd
import pytest
from PIL import Image

from atlas.core.figure import Figure, Source
from atlas.render import fonts, picture
from tests.support.spy import count_calls

ROWS = pd.DataFrame({"country": ["Poland", "Estonia", "Norway"], "value": [3.0, 1.2, 0.4]})
TITLES = {"en": "Arms exports by recipient", "ko": "수령국별 방산 수출"}


def synthetic(lang: str = "en", chart: alt.TopLevelMixin | None = None, **kw: object) -> Figure:
    chart = chart if chart is not None else alt.Chart(ROWS).mark_bar().encode(x="value:Q", y="country:N")
    fields: dict = {
        "id": "arms.by_recipient",
        "title": TITLES[lang],
        "subtitle": "2017–2025 · Poland, Estonia, Norway",
        "chart": chart,
        "table": ROWS,
        "caption": "Contracts and options only.",
        "sources": (Source("SIPRI", "https://www.sipri.org", "official"), Source("Yonhap", "", "wire_or_major")),
        "as_of": date(2026, 1, 30),
        "url": "/arms_exports?years=2017&years=2025",
        "lang": lang,
    }
    return Figure(**(fields | kw))


def assert_real_png(data: bytes, theme_bar: bool = True) -> tuple[int, int]:
    width, height = picture.png_size(data)
    assert width >= picture.MIN_PNG_WIDTH and height > 300
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert image.size == (width, height)
    small = image.resize((200, max(1, 200 * height // width)))
    pixels = list(cast("tuple[tuple[int, int, int], ...]", small.get_flattened_data()))  # RGB: (r, g, b)
    inked = sum(1 for p in pixels if sum(p) < 600) / len(pixels)
    least = 0.03 if theme_bar else 0.01  # a timeline of dots inks less than a bar chart
    assert inked > least, f"the picture is nearly blank ({inked:.1%} inked)"
    primary = tuple(int(picture.PRIMARY[i : i + 2], 16) for i in (1, 3, 5))
    if theme_bar:  # the synthetic bar chart is drawn in the theme colour; a page's text card need not be
        assert any(all(abs(a - b) < 24 for a, b in zip(p, primary)) for p in pixels), "no bar in the theme colour"
    return width, height


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_png_is_large_and_not_blank(lang: str) -> None:
    width, _ = assert_real_png(picture.png(synthetic(lang)))
    assert width >= 2 * picture.WIDTH  # the chart is WIDTH px wide, drawn at scale 2


def test_a_narrow_chart_reaches_the_minimum_width_in_one_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    narrow = alt.hconcat(alt.Chart(ROWS).mark_bar().encode(x="value:Q", y="country:N").properties(width=80))
    fig = synthetic(chart=narrow, subtitle="")
    drawn = count_calls(monkeypatch, picture.vega, "png")
    assert_real_png(picture.png(fig), theme_bar=False)  # a small chart on a wide page, MIN_PNG_WIDTH wide
    assert len(drawn) == 1


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Arms exports by recipient", "Source:", "SIPRI", "data as of 30 January 2026", "Korea Security Atlas"]),
        ("ko", ["수령국별 방산 수출", "출처:", "SIPRI", "2026년 1월 30일 기준 데이터", "한국 안보 아틀라스"]),
    ],
)
def test_svg_carries_title_source_date_and_link(lang: str, words: list[str]) -> None:
    svg = picture.svg(synthetic(lang), base_url="https://atlas.example/").decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    for word in [*words, "2017–2025", "https://atlas.example/arms_exports?years=2017&amp;years=2025"]:
        assert word in svg, word
    assert "Source:" not in svg if lang == "ko" else "출처:" not in svg


def test_links_stay_relative_without_a_base(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(picture.BASE_URL_ENV, raising=False)
    assert picture.absolute_url("/events?q=K9") == "/events?q=K9"
    monkeypatch.setenv(picture.BASE_URL_ENV, "https://atlas.example")
    assert picture.absolute_url("/events?q=K9") == "https://atlas.example/events?q=K9"
    assert picture.absolute_url("https://other.example/x", "https://atlas.example") == "https://other.example/x"


def test_footer_lists_notes_and_publishers_once() -> None:
    fig = synthetic(notes=("Small sample: 3 deals.",), sources=(Source("SIPRI"), Source("SIPRI"), Source("UN")))
    lines = picture.footer_lines(fig)
    assert lines[0] == "Small sample: 3 deals."
    assert lines[1] == "Source: SIPRI · UN"
    assert lines[-1] == "/arms_exports?years=2017&years=2025"


def test_long_text_wraps_to_the_picture_width() -> None:
    lines = picture.wrap("https://example.org/" + "x" * 400, picture.WIDTH, picture.FOOTER_SIZE)
    assert len(lines) > 1 and "".join(lines) == "https://example.org/" + "x" * 400
    hangul = picture.wrap("가" * 200, picture.WIDTH, picture.FOOTER_SIZE)
    assert all(picture._text_width(x, picture.FOOTER_SIZE) <= picture.WIDTH for x in hangul)


def test_the_cjk_face_comes_first_only_where_korean_is_written() -> None:
    spec = picture.picture_spec(synthetic("ko"))
    assert spec["config"]["font"].split(", ")[0] == fonts.FAMILY
    assert spec["title"]["text"] == [TITLES["ko"]]
    english = picture.picture_spec(synthetic("en"))["config"]["font"].split(", ")
    assert english[0] == fonts.LATIN_FALLBACK and english[-1] == "sans-serif"
    hangul_title = picture.picture_spec(synthetic("en", title=TITLES["ko"]))["config"]["font"]
    assert hangul_title.split(", ")[0] == fonts.FAMILY


def _axes(spec: dict) -> dict[str, dict]:
    unit = spec["vconcat"][0]["vconcat"][0]
    return {ch: (unit["encoding"][ch].get("axis") or {}) for ch in ("x", "y")}


def test_a_korean_picture_draws_labels_without_korean_in_the_latin_face() -> None:
    """Symbols, numbers and numeric years on an axis are drawn as the English picture draws them (measuring them
    in the CJK collection was half the Korean vote matrix's time); Korean labels, month names, and every label
    of a transformed axis keep the CJK face."""
    latin = ", ".join(fonts.LATIN_FAMILIES)
    rows = pd.DataFrame({"symbol": ["S/RES/2722(2024)", "S/2024/173"], "member": ["한국", "미국"], "n": [1, 2]})
    chart = alt.Chart(rows).mark_rect().encode(x="symbol:N", y="member:N")
    axes = _axes(picture.picture_spec(synthetic("ko", chart=chart, table=rows)))
    assert axes["x"]["labelFont"] == latin
    assert "labelFont" not in axes["y"]  # Korean names: the picture's CJK face
    english = _axes(picture.picture_spec(synthetic("en", chart=chart, table=rows)))
    assert "labelFont" not in english["x"]  # the whole English picture is in the Latin face already
    from atlas.render import slides

    slide = slides.slide_spec(synthetic("ko", chart=chart, table=rows), 600, 400)  # a deck's slide: the same rule
    assert slide["encoding"]["x"]["axis"]["labelFont"] == latin and "labelFont" not in slide["encoding"]["y"].get(
        "axis", {}
    )
    calculated = chart.transform_calculate(symbol="'결의 ' + datum.symbol")  # the rows no longer say what is drawn
    assert "labelFont" not in _axes(picture.picture_spec(synthetic("ko", chart=calculated, table=rows)))["x"]

    dates = rows.assign(date=pd.to_datetime(["2024-01-10", "2025-03-01"]))
    for fmt, font in (("%Y", latin), ("%b %Y", None)):  # "1월 2024": Korean month names
        bars = alt.Chart(dates).mark_bar().encode(x=alt.X("date:T", axis=alt.Axis(format=fmt)), y="n:Q")
        axes = _axes(picture.picture_spec(synthetic("ko", chart=bars, table=dates)))
        assert axes["x"].get("labelFont") == font, fmt
        assert axes["y"]["labelFont"] == latin  # numbers


def test_svg_names_a_list_of_families_that_ends_in_a_generic_one() -> None:
    import re

    for lang in ("en", "ko"):
        families = set(re.findall(r'font-family="([^"]*)"', picture.svg(synthetic(lang)).decode("utf-8")))
        assert families and all(f.split(", ")[-1] == "sans-serif" and f.count(",") >= 3 for f in families), families


def test_hangul_in_an_english_picture_is_still_drawn() -> None:
    """The Latin face has no Hangul: the renderer must take those glyphs from the CJK font, not draw boxes."""
    from PIL import ImageChops

    def picture_of(country: str) -> Image.Image:
        rows = pd.DataFrame({"country": [country], "value": [1.0]})
        chart = alt.Chart(rows).mark_text(fontSize=40).encode(text="country:N").properties(width=300, height=60)
        return Image.open(io.BytesIO(picture.png(synthetic(chart=chart, table=rows)))).convert("L")

    # Two different Hangul words drawn as tofu would be two identical rows of boxes.
    assert ImageChops.difference(picture_of("한국"), picture_of("폴란")).getbbox() is not None


def test_container_sizes_become_numbers() -> None:
    chart = alt.Chart(ROWS).mark_bar().encode(x="value:Q", y="country:N").properties(width="container")
    inner = picture.picture_spec(synthetic(chart=chart))["vconcat"][0]["vconcat"][0]
    assert inner["width"] == picture.WIDTH


def test_the_font_is_found_on_this_machine() -> None:
    font = fonts.find_cjk_font()
    assert font is not None and font.regular.is_file() and font.index == 1  # the KR face of the .ttc
    assert fonts.missing_font_message("ko") is None


def test_without_the_font_korean_is_refused_and_the_ui_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_CJK_FONT", "none")
    fonts.find_cjk_font.cache_clear()
    try:
        assert fonts.find_cjk_font() is None
        assert "fonts-noto-cjk" in (fonts.missing_font_message("ko") or "")
        assert fonts.missing_font_message("en") is None
        with pytest.raises(fonts.MissingFont):
            picture.png(synthetic("ko"))
        assert picture.picture_spec(synthetic("en"))["config"]["font"].startswith(fonts.LATIN_FALLBACK + ",")
    finally:
        monkeypatch.delenv("ATLAS_CJK_FONT")
        fonts.find_cjk_font.cache_clear()


def test_charts_with_selections_layers_and_concats_still_draw() -> None:
    pick = alt.selection_point(fields=["country"])
    base = alt.Chart(ROWS).encode(x="value:Q", y="country:N")
    bars = base.mark_bar().encode(opacity=alt.condition(pick, alt.value(1), alt.value(0.3))).add_params(pick)
    layered = bars + base.mark_text(align="left", dx=3).encode(text="value:Q")
    for chart in (bars, layered, alt.hconcat(layered, bars), alt.vconcat(bars, base.mark_point())):
        assert_real_png(picture.png(synthetic(chart=chart)))
