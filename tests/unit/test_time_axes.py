"""Date axes read in the reader's language: "5월 21일" and "2025년 5월" in Korean (never "5월 21"), English as
before, in the spec the browser draws (ui.screen_spec) and in the picture vl-convert draws."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd
import pytest

from atlas.arms import charts as arms_charts
from atlas.core.charts import to_spec
from atlas.core.figure import Figure, Source
from atlas.events import charts as event_charts
from atlas.render import picture
from atlas.ui.figure import screen_spec
from atlas.votes import charts as vote_charts

VOTE_TEXT = {k: k for k in ("date", "yes", "outcome", "symbol", "title", "tally", "why")}
KOREAN_DAY = re.compile(r"^\d{1,2}월 \d{1,2}일$")


def key_votes_frame(days: list[str]) -> pd.DataFrame:
    """Key votes a few days apart, so that Vega ticks the axis by day or week."""
    n = len(days)
    return pd.DataFrame(
        {
            "date": pd.to_datetime(days),
            "yes": [13, 9, 8, 11][:n],
            "outcome": ["adopted", "adopted", "failed", "vetoed"][:n],
            "outcome_label": ["adopted", "adopted", "failed", "vetoed"][:n],
            "symbol": [f"S/RES/{2700 + i}" for i in range(n)],
            "date_label": days,
            "title_label": ["t"] * n,
            "tally": ["13-0-2"] * n,
            "why": ["close"] * n,
        }
    )


def events_frame(days: list[str]) -> pd.DataFrame:
    n = len(days)
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "date": pd.to_datetime(days),
            "category": ["arms_deal"] * n,
            "title": ["A deal"] * n,
            "title_ko": ["계약"] * n,
            "summary": [""] * n,
            "actors": ["KOR;POL"] * n,
        }
    )


def temporal_axis_formats(spec: Any) -> list[Any]:
    """Every temporal x axis's format in a Vega-Lite spec (layers and concats included)."""
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            x = node.get("encoding", {}).get("x") if isinstance(node.get("encoding"), dict) else None
            if isinstance(x, dict) and x.get("type") == "temporal" and "axis" in x:
                found.append((x["axis"] or {}).get("format"))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def chart_specs(lang: str) -> dict[str, dict]:
    by_year = pd.DataFrame({"year_signed": [2024, 2025], "stage": ["contract", "contract"], "deals": [2, 3],
                            "value_usd_m": [10.0, 20.0]})  # fmt: skip
    events = events_frame(["2025-05-21", "2025-08-02"])
    return {
        "key_votes": to_spec(
            vote_charts.key_votes(key_votes_frame(["2025-05-02", "2025-05-21"]), VOTE_TEXT, 9, lang=lang)
        ),
        "events_short": to_spec(event_charts.timeline_chart(events, lang, (2025, 2025))),
        "events_long": to_spec(event_charts.timeline_chart(events, lang, (2015, 2025))),
        "arms_by_year": to_spec(arms_charts.deals_by_year(by_year, lang, years=(2024, 2025))),
    }


EXPECTED = {
    "en": {
        "key_votes": {"year": "%Y", "quarter": "%B", "month": "%B", "week": "%b %d", "date": "%a %d"},  # Vega's own
        "events_short": "%Y-%m",
        "events_long": "%Y",
        "arms_by_year": "%Y",
    },
    "ko": {
        "key_votes": {"year": "%Y", "quarter": "%b", "month": "%b", "week": "%b %-d일", "date": "%b %-d일"},
        "events_short": "%Y년 %b",
        "events_long": "%Y",
        "arms_by_year": "%Y",
    },
}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_date_axis_has_its_language_s_format_on_screen(lang: str) -> None:
    for name, spec in chart_specs(lang).items():
        shown = screen_spec(spec, lang)  # what st.vega_lite_chart is given
        formats = temporal_axis_formats(shown)
        assert formats and all(f == EXPECTED[lang][name] for f in formats), (name, formats)
        if lang == "ko":  # the month names the formats use come with the spec
            assert shown["config"]["locale"]["time"]["shortMonths"][4] == "5월"
        else:
            assert "locale" not in shown.get("config", {})


def tick_labels(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def key_votes_picture(lang: str) -> str:
    fig = Figure(
        id="votes.key",
        title={"en": "Key votes", "ko": "주요 표결"}[lang],
        subtitle="2025",
        chart=vote_charts.key_votes(
            key_votes_frame(["2025-05-02", "2025-05-09", "2025-05-21", "2025-05-30"]), VOTE_TEXT, 9, lang=lang
        ),
        table=pd.DataFrame(),
        sources=(Source("UN", "https://digitallibrary.un.org", "official"),),
        as_of=date(2025, 6, 1),
        lang=lang,
    )
    return picture.svg(fig).decode("utf-8")


def test_a_korean_picture_names_days_with_their_counter() -> None:
    labels = tick_labels(key_votes_picture("ko"))
    days = [s for s in labels if KOREAN_DAY.match(s)]
    assert days, f"no tick reads like 5월 21일: {labels}"
    assert not [s for s in labels if re.fullmatch(r"\d{1,2}월 \d{1,2}", s)], labels  # "5월 21"


def test_an_english_picture_reads_as_before() -> None:
    labels = tick_labels(key_votes_picture("en"))
    assert any(re.fullmatch(r"May \d{2}", s) for s in labels), labels
    assert not any("일" in s for s in labels)
