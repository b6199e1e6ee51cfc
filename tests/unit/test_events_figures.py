"""The events page's view state and figures, built with no Streamlit; markers for other pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import vl_convert as vlc

from atlas.core import data
from atlas.core.charts import to_spec
from atlas.core.figure import Datasets
from atlas.core.urlstate import Parsed
from atlas.events import charts, markers, model
from atlas.events.figures import figures
from atlas.events.state import PAGE, URL_KEYS, State
from atlas.i18n import plural, t

EVERY_KEY = {
    "category": ["arms_deal", "un_vote"],
    "actors": ["POL", "KOR"],
    "years": ["2022", "2025"],
    "q": ["K2"],
    "page": ["1"],
}


@pytest.fixture(scope="module")
def bundle() -> Datasets:
    return Datasets()


def test_state_keys_are_the_pages_url_keys():
    assert PAGE == "events" and State.PAGE == "events"
    assert set(URL_KEYS) == {"category", "actors", "years", "q", "page"}


def test_default_state_has_an_empty_url(bundle):
    state, rejected = State.from_query({}, bundle)
    assert state == State() and rejected == ()
    assert state.to_query() == {}


def test_every_key_round_trips(bundle):
    query = {**EVERY_KEY, "page": ["2"]}
    state, rejected = State.from_query(query, bundle)
    assert rejected == ()
    assert state == State(("arms_deal", "un_vote"), ("POL", "KOR"), (2022, 2025), "K2", 2)
    assert state.to_query() == query
    assert State.from_query(state.to_query(), bundle)[0] == state


def test_the_full_year_span_is_the_default_and_left_out(bundle):
    lo, hi = model.year_bounds(bundle["events"])
    state, _ = State.from_query({"years": [str(lo), str(hi)]}, bundle)
    assert state.years is None and "years" not in state.to_query()


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ({"category": ["nope"]}, "category"),
        ({"actors": ["XXX"]}, "actors"),
        ({"years": ["1800", "1900"]}, "years"),
        ({"q": ["<script>"]}, "q"),
        ({"page": ["0"]}, "page"),
        ({"page": ["²"]}, "page"),
        ({"page": ["1", "2"]}, "page"),
    ],
)
def test_bad_values_are_reset_and_named(bundle, query, key):
    state, rejected = State.from_query(query, bundle)
    assert rejected == (key,)
    assert state.to_query() == {}


def test_page_key(bundle):
    assert State.from_query({}, bundle) == (State(), ())
    assert State.from_query({"page": ["3"]}, bundle) == (State(page=3), ())
    for bad in ("99999999", "0", "10001", "2.0", "-1", "x"):
        assert State.from_query({"page": [bad]}, bundle) == (State(), ("page",)), bad


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("query", [{}, EVERY_KEY], ids=["default", "every_key"])
def test_every_figure_builds_without_streamlit(bundle, query, lang):
    state, rejected = State.from_query(query, bundle)
    assert rejected == ()
    figs = figures(state, bundle, lang)
    assert [f.id for f in figs] == ["events.timeline", "events.by_category"]
    shown = model.filter_events(bundle["events"], state.categories, state.actors, state.years, state.q)
    assert len(shown) > 0
    timeline, by_category = figs
    assert len(timeline.table) == len(shown)
    assert by_category.table.iloc[:, 1].sum() == len(shown)
    for f in figs:
        f.chart.to_dict()  # a valid Vega-Lite spec (validated)
        assert f.lang == lang and f.title and f.subtitle and f.caption and f.sources and f.as_of
        assert f.url.startswith("/events") and (("lang=ko" in f.url) == (lang == "ko"))
    assert timeline.title == t("events.timeline", lang)
    if query:
        assert "category=arms_deal" in timeline.url and "2022–2025" in timeline.subtitle
        assert t("events.category.arms_deal", lang) in timeline.subtitle


def test_figures_of_a_view_with_no_events_are_empty(bundle):
    assert figures(State(categories=("defence_budget",), actors=("PRK",)), bundle, "en") == []


def test_korean_figures_read_in_korean(bundle):
    timeline, by_category = figures(State(), bundle, "ko")
    assert list(timeline.table.columns)[:2] == ["날짜", "분류"]
    assert "전체" in timeline.caption and "건" in timeline.caption


def _tick_labels(chart) -> list[str]:  # noqa: ANN001
    svg = vlc.vegalite_to_svg(to_spec(chart))
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_a_one_event_timeline_draws_a_date_axis(bundle):
    one = model.filter_events(bundle["events"], categories=["missile_nuclear"], years=(2023, 2023))
    assert len(one) == 1
    labels = _tick_labels(charts.timeline_chart(one, "en", (2023, 2023)))
    assert {"2023-01", "2023-04", "2023-07", "2023-10"} <= set(labels)


def test_a_long_timeline_is_ticked_by_year(bundle):
    events = bundle["events"]
    lo, hi = model.year_bounds(events)
    labels = _tick_labels(charts.timeline_chart(events, "en"))
    assert str(lo) in labels and str(hi) in labels
    assert not any(re.fullmatch(r"\d{4}-\d{2}", x) for x in labels)


def test_counts_per_category_follow_the_category_order(bundle):
    counts = charts.counts_table(bundle["events"])
    assert list(counts["category"]) == [c for c in model.CATEGORIES if c in set(bundle["events"]["category"])]
    assert counts["events"].sum() == len(bundle["events"])
    spec = charts.counts_chart(counts, "ko").to_dict()
    assert spec["layer"][0]["encoding"]["x"]["title"] == "사건 수"


@pytest.mark.parametrize(
    ("args", "stem"),
    [
        ({}, "events"),
        ({"categories": ["missile_nuclear"], "years": (2023, 2023)}, "events_missile_nuclear_2023"),
        ({"categories": ["arms_deal"], "actors": ["POL"], "years": (2022, 2023)}, "events_arms_deal_pol_2022-2023"),
        ({"query": "K9 Thunder!"}, "events_search_k9-thunder"),
        ({"query": "미사일"}, "events_search"),
        ({"query": "../../etc/passwd"}, "events_search_etc-passwd"),
    ],
)
def test_a_download_is_named_after_its_view(args, stem):
    assert model.export_stem(**args) == stem


def test_a_download_name_stays_short():
    stem = model.export_stem(categories=list(model.CATEGORIES), actors=["POL"] * 30, years=(2017, 2025))
    assert len(stem) <= model.MAX_STEM and re.fullmatch(r"[a-z0-9_-]+", stem)


def test_plural_forms_in_both_languages():
    assert plural("events.count", 1, "en", n=1, total=1) == "1 of 1 event"
    assert plural("events.count", 94, "en", n=3, total=94) == "3 of 94 events"
    assert plural("events.count", 94, "ko", n=3, total=94) == "전체 94건 중 3건"


# ---------------------------------------------------------------- markers for the arms and spending pages
def _folder(tmp_path: Path, events_text: str | None) -> Datasets:
    for name in ("countries", "arms_exports", "unsc_decisions"):
        shutil.copy(data.DATA_DIR / data.SPECS[name].file, tmp_path / data.SPECS[name].file)
    if events_text is not None:
        (tmp_path / "events.csv").write_text(events_text, encoding="utf-8")
    return Datasets(loader=lambda n: data.load(n, tmp_path), available=lambda: data.available(tmp_path))


def test_markers_switch_off_with_a_notice_when_the_file_is_missing(tmp_path):
    assert markers.markers_for(_folder(tmp_path, None), years=(2017, 2024)) == (None, markers.MISSING)


@pytest.mark.parametrize(
    "text",
    [
        "event_id,date\nE1,not-a-date\n",
        "",
        "\x00\x01binary",
        "event_id,date,title,summary,category,actors,source_url\n",
    ],
    ids=["bad_date", "empty", "binary", "header_only"],
)
def test_markers_switch_off_with_a_notice_when_the_file_is_malformed(tmp_path, text):
    assert markers.markers_for(_folder(tmp_path, text)) == (None, markers.INVALID)


def test_markers_notices_are_translated():
    for key in (markers.MISSING, markers.INVALID):
        assert "data/events.csv" in t(key, "en") and "data/events.csv" in t(key, "ko")


def test_markers_filter_like_the_page_and_extend_past_the_last_figure(bundle):
    events = bundle["events"]
    rows, notice = markers.markers_for(bundle, years=(2017, 2024), data_last_year=2024, categories=["summit_diplomacy"])
    assert notice is None and rows is not None
    wanted = model.filter_events(events, categories=["summit_diplomacy"], years=(2017, model.year_bounds(events)[1]))
    assert list(rows["event_id"]) == list(wanted["event_id"])
    rows, _ = markers.markers_for(bundle, years=(2017, 2020), data_last_year=2024, actors=["POL"])
    assert rows is not None
    assert set(rows["date"].dt.year) <= set(range(2017, 2021))
    assert all("POL" in model.split_actors(a) for a in rows["actors"])


def test_each_name_lives_in_one_module_and_the_package_names_that_one():
    from atlas import events as ev
    from atlas.events import charts as ec
    from atlas.events import text

    assert not hasattr(ec, "MARKERS_KEY") and not hasattr(ec, "parse_markers")  # no re-export facade
    assert ev.markers_for is markers.markers_for and ev.MARKERS_KEY == markers.MARKERS_KEY == "events"
    assert ev.category_label is text.category_label is ec.category_label  # one category label


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2066", "\ufeff", "\u200d"])
def test_a_search_hiding_characters_is_dropped_from_a_link_and_cleaned_when_typed(bundle, hidden):
    """?q= accepted U+202E and U+200B; a link carrying them is refused, typed text loses them."""
    assert model.parse_query([f"K9{hidden}"]) == Parsed("", True)
    assert State.from_query({"q": [f"K{hidden}9"]}, bundle) == (State(), ("q",))
    assert model.clean_query(f"K{hidden}9\x85") == "K9"
