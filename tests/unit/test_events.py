"""Events: filters, text search, cross-page links, chart builders, markers, and the real data's links."""

from __future__ import annotations

from urllib.parse import parse_qs

import pandas as pd
import pytest

from atlas import events as ev
from atlas.core import data
from atlas.core.urlstate import Parsed, parse_codes, parse_int_range
from atlas.events.charts import event_rules, timeline_chart
from atlas.i18n import escape_markdown, t


def _events(rows: list[dict]) -> pd.DataFrame:
    base = {
        "title_ko": None,
        "summary_ko": None,
        "deal_id": None,
        "decision_id": None,
        "source_url": "https://example.org/a",
        "source_title": "Example",
    }
    df = pd.DataFrame([{**base, **r} for r in rows])
    df["date"] = pd.to_datetime(df["date"])
    return df


@pytest.fixture
def events() -> pd.DataFrame:
    return _events(
        [
            {
                "event_id": "E1",
                "date": "2017-09-03",
                "title": "North Korea conducts sixth nuclear test",
                "title_ko": "북한, 6차 핵실험",
                "summary": "A test at Punggye-ri.",
                "summary_ko": "풍계리에서 실험.",
                "category": "missile_nuclear",
                "actors": "PRK",
            },
            {
                "event_id": "E2",
                "date": "2022-07-27",
                "title": "Poland signs K2 framework",
                "summary": "Framework for K2 tanks and K9 howitzers.",
                "summary_ko": "K2 전차 기본계약.",
                "category": "arms_deal",
                "actors": "POL;KOR",
                "deal_id": "POL-2022-K2-EC1",
            },
            {
                "event_id": "E3",
                "date": "2025-02-24",
                "title": "Council adopts resolution 2774",
                "title_ko": "안보리, 결의 2774호 채택",
                "summary": "The US draft passed 10-0-5.",
                "category": "un_vote",
                "actors": "USA;RUS;UKR;KOR",
                "decision_id": "S-RES-2774-2025",
            },
        ]
    )


@pytest.fixture
def index() -> ev.LinkIndex:
    deals = pd.DataFrame(
        {"deal_id": ["POL-2022-K2-EC1"], "recipient_iso3": ["POL"], "year_signed": [2022], "stage": ["framework"]}
    )
    decisions = pd.DataFrame(
        {"decision_id": ["S-RES-2774-2025"], "topic": ["ukraine"], "date": pd.to_datetime(["2025-02-24"])}
    )
    return ev.build_link_index(deals, decisions)


def ids(df: pd.DataFrame) -> list[str]:
    return list(df["event_id"])


# ---------------------------------------------------------------- filters
def test_no_filter_keeps_every_event_oldest_first(events):
    assert ids(ev.filter_events(events.iloc[::-1])) == ["E1", "E2", "E3"]


def test_category_filter(events):
    assert ids(ev.filter_events(events, categories=["un_vote", "arms_deal"])) == ["E2", "E3"]


def test_actor_filter_matches_any_listed_actor(events):
    assert ids(ev.filter_events(events, actors=["KOR"])) == ["E2", "E3"]
    assert ids(ev.filter_events(events, actors=["PRK", "POL"])) == ["E1", "E2"]


def test_actor_filter_matches_whole_codes_only(events):
    assert ids(ev.filter_events(events, actors=["KO"])) == []


def test_years_are_inclusive(events):
    assert ids(ev.filter_events(events, years=(2022, 2025))) == ["E2", "E3"]
    assert ids(ev.filter_events(events, years=(2017, 2017))) == ["E1"]


def test_filters_combine(events):
    assert ids(ev.filter_events(events, categories=["un_vote"], actors=["POL"])) == []


def test_search_is_case_insensitive_in_english_title(events):
    assert ids(ev.filter_events(events, query="NUCLEAR")) == ["E1"]


def test_search_finds_text_in_summary(events):
    assert ids(ev.filter_events(events, query="howitzers")) == ["E2"]


def test_search_finds_korean_title_and_summary(events):
    assert ids(ev.filter_events(events, query="결의")) == ["E3"]
    assert ids(ev.filter_events(events, query="풍계리")) == ["E1"]


def test_search_is_plain_text_not_a_pattern(events):
    assert ids(ev.filter_events(events, query=".*")) == []
    assert ids(ev.filter_events(events, query="10-0-5")) == ["E3"]
    assert ids(ev.filter_events(events, query="(")) == []


def test_search_with_html_matches_nothing_and_does_not_fail(events):
    assert ids(ev.filter_events(events, query="<script>alert(1)</script>")) == []


def test_clean_query_caps_length_and_strips_control_characters():
    assert ev.clean_query("  K9\x00\n  Thunder ") == "K9 Thunder"
    assert len(ev.clean_query("x" * 500)) == ev.MAX_QUERY_LENGTH
    assert ev.clean_query(None) == ""


def test_parse_query_flags_too_long_or_repeated_values():
    assert ev.parse_query([]).value == ""
    assert ev.parse_query(["nato"]) == Parsed("nato", False)
    long = ev.parse_query(["y" * 300])
    assert long.rejected and len(long.value) == ev.MAX_QUERY_LENGTH
    assert ev.parse_query(["a", "b"]) == Parsed("", True)


@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", "[click](javascript:alert(1))", "JavaScript:x"])
def test_parse_query_drops_markup_from_a_link(raw):
    assert ev.parse_query([raw]) == Parsed("", True)


def test_actor_codes_and_year_bounds(events):
    assert ev.actor_codes(events) == ["KOR", "POL", "PRK", "RUS", "UKR", "USA"]
    assert ev.year_bounds(events) == (2017, 2025)


def test_latest_is_newest_first(events):
    assert ids(ev.latest(events, 2)) == ["E3", "E2"]


def test_korean_text_falls_back_to_english_marked(events):
    mark = t("common.english_only", "ko")
    loc = ev.localised(events, "ko").set_index("event_id")
    assert loc.at["E1", "title_text"] == "북한, 6차 핵실험"
    assert loc.at["E2", "title_text"] == f"Poland signs K2 framework {mark}"
    assert loc.at["E3", "summary_text"] == f"The US draft passed 10-0-5. {mark}"
    assert ev.localised(events, "en").set_index("event_id").at["E1", "title_text"].startswith("North Korea")


def test_escape_markdown_shows_dollars_html_and_links_literally():
    text = "$3.4 bn <b>x</b> [a](http://x) *y* :red[z]"
    out = escape_markdown(text)
    assert out == r"\$3\.4 bn \<b\>x\</b\> \[a\]\(http\://x\) \*y\* \:red\[z\]"
    assert escape_markdown(None) == ""


def test_safe_link_url_encodes_parentheses():
    assert ev.safe_link_url("https://x.org/a_(b) c") == "https://x.org/a_%28b%29%20c"


def test_export_frame_keeps_the_files_columns(events):
    out = ev.export_frame(events)
    assert list(out.columns)[:3] == ["event_id", "date", "title"]
    assert "title_text" not in out


# ---------------------------------------------------------------- cross-page links
def test_deal_link_opens_arms_page_filtered_to_recipient_year_and_stage(index):
    (target,) = ev.link_targets("POL-2022-K2-EC1", None, index)
    assert (target.page_id, target.page_path) == ("arms_exports", "pages/arms_exports.py")
    assert target.query_params == {
        "recipients": "POL",
        "years": ["2022", "2022"],
        "stage": "framework",
        "deal": "POL-2022-K2-EC1",
    }


def test_deal_link_query_is_what_the_arms_page_parses(index):
    """The query string Streamlit builds from the link, read back by the URL parsers the page uses."""
    from streamlit.runtime.state.query_params import process_query_params

    (target,) = ev.link_targets("POL-2022-K2-EC1", None, index)
    qs = parse_qs(process_query_params(target.query_params))
    assert parse_codes(qs["recipients"], ["EST", "POL"], []).value == ["POL"]
    assert parse_int_range(qs["years"], 2000, 2026).value == (2022, 2022)
    assert parse_codes(qs["stage"], list(data.ARMS_STAGES), ["contract"]).value == ["framework"]


def test_decision_link_opens_votes_page_filtered_to_topic_and_year(index):
    (target,) = ev.link_targets(None, "S-RES-2774-2025", index)
    assert (target.page_id, target.page_path) == ("unsc_votes", "pages/unsc_votes.py")
    assert target.query_params == {"topic": "ukraine", "years": ["2025", "2025"], "decision": "S-RES-2774-2025"}


def test_event_with_both_links_gets_both(index):
    kinds = [x.kind for x in ev.link_targets("POL-2022-K2-EC1", "S-RES-2774-2025", index)]
    assert kinds == ["deal", "decision"]


@pytest.mark.parametrize("deal, decision", [(None, None), ("", "  "), (float("nan"), pd.NA)])
def test_empty_links_give_no_target(index, deal, decision):
    assert ev.link_targets(deal, decision, index) == []


def test_unknown_id_gives_no_target(index):
    assert ev.link_targets("NOPE-1", "S-NOPE", index) == []


def test_link_to_a_page_not_in_the_app_is_left_out(index):
    assert ev.link_targets("POL-2022-K2-EC1", "S-RES-2774-2025", index, pages={"events", "unsc_votes"})[0].kind == (
        "decision"
    )
    assert ev.link_targets("POL-2022-K2-EC1", None, index, pages={"events"}) == []


def test_link_keeps_a_non_default_language(index):
    assert ev.link_targets("POL-2022-K2-EC1", None, index, lang="ko")[0].query_params["lang"] == "ko"
    assert "lang" not in ev.link_targets("POL-2022-K2-EC1", None, index, lang="en")[0].query_params


def test_link_index_without_datasets_is_empty():
    assert ev.build_link_index(None, None) == ev.LinkIndex()


def linked(events: pd.DataFrame, index: ev.LinkIndex) -> list[str]:
    """The events the page draws at least one link under (it calls link_targets per event)."""
    return [
        e
        for e, d, c in zip(events["event_id"], events["deal_id"], events["decision_id"])
        if ev.link_targets(d, c, index)
    ]


def test_only_events_naming_a_known_deal_or_decision_get_links(events, index):
    assert linked(events, index) == ["E2", "E3"]


def test_list_pages_hold_page_size_events_and_the_rest_on_the_last():
    rows = pd.DataFrame({"event_id": [f"E{i}" for i in range(45)]})
    assert ev.page_count(45, 20) == 3 and ev.page_count(40, 20) == 2
    assert ev.page_count(0, 20) == 1
    assert ids(ev.page_slice(rows, 1, 20)) == [f"E{i}" for i in range(20)]
    assert ids(ev.page_slice(rows, 3, 20)) == ["E40", "E41", "E42", "E43", "E44"]


def test_a_page_out_of_range_gives_the_nearest_page():
    rows = pd.DataFrame({"event_id": [f"E{i}" for i in range(45)]})
    assert ids(ev.page_slice(rows, 9, 20)) == ids(ev.page_slice(rows, 3, 20))
    assert ids(ev.page_slice(rows, 0, 20)) == ids(ev.page_slice(rows, 1, 20))


def test_unknown_references_and_actors_are_listed(events):
    deals = pd.DataFrame({"deal_id": ["OTHER"]})
    decisions = pd.DataFrame({"decision_id": ["S-RES-2774-2025"]})
    assert ev.unknown_references(events, deals, decisions) == ["E2: deal_id POL-2022-K2-EC1"]
    assert ev.unknown_actors(events, ["KOR", "POL", "PRK", "RUS", "USA"]) == ["E3: UKR"]


# ---------------------------------------------------------------- charts
def test_timeline_has_date_x_category_lanes_and_translated_tooltips(events):
    spec = timeline_chart(events, "en").to_dict()
    enc = spec["encoding"]
    assert enc["x"]["field"] == "date" and enc["x"]["type"] == "temporal"
    assert enc["y"]["field"] == "category" and enc["color"]["field"] == "category"
    assert [t["title"] for t in enc["tooltip"]] == ["Date", "Event", "Category", "Countries"]
    assert enc["y"]["scale"]["domain"] == ["UN vote", "Arms deal", "Missile or nuclear test"]


def test_timeline_in_korean(events):
    spec = timeline_chart(events, "ko").to_dict()
    assert spec["encoding"]["x"]["title"] == "날짜"
    rows = next(iter(spec["datasets"].values()))
    assert {r["category"] for r in rows} == {"유엔 표결", "방산 계약", "미사일·핵 시험"}
    assert any(r["date_text"] == "2025년 2월 24일" for r in rows)


def test_event_rules_on_a_year_axis_use_fractional_years(events):
    spec = event_rules(events, "en", x="year").to_dict()
    assert spec["mark"]["type"] == "rule"
    assert spec["encoding"]["x"] == {"field": "year", "type": "quantitative", "title": None}
    assert "color" not in spec["encoding"]  # never joins the base chart's colour legend
    rows = next(iter(spec["datasets"].values()))
    e3 = next(r for r in rows if r["event_id"] == "E3")
    assert e3["year"] == pytest.approx(2025 + 54 / 365)


def test_event_rules_filters_and_ordinal_or_date_axes(events):
    spec = event_rules(events, "en", x="year", x_type="O", years=(2020, 2025), categories=["un_vote"]).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [(r["event_id"], r["year"]) for r in rows] == [("E3", 2025)]
    spec = event_rules(events, "en", x="date", field="when").to_dict()
    assert spec["encoding"]["x"]["field"] == "when" and spec["encoding"]["x"]["type"] == "temporal"


def test_event_rules_layer_over_a_year_chart(events):
    import altair as alt

    base = alt.Chart(pd.DataFrame({"year": [2017, 2025], "v": [1, 2]})).mark_line().encode(x="year:Q", y="v:Q")
    spec = (base + event_rules(events, "en", event_ids=["E1"])).to_dict()
    assert len(spec["layer"]) == 2


def test_event_rules_rejects_an_unknown_axis(events):
    with pytest.raises(ValueError, match="x must be 'year' or 'date'"):
        event_rules(events, "en", x="month")


# ---------------------------------------------------------------- the real data
@pytest.fixture(scope="module")
def real_events() -> pd.DataFrame:
    return data.load_events()


def test_real_events_every_linked_deal_and_decision_exists(real_events):
    assert ev.unknown_references(real_events, data.load_arms_exports(), data.load_unsc_decisions()) == []


def test_real_events_every_actor_is_a_known_country(real_events):
    assert ev.unknown_actors(real_events, data.load_countries()["iso3"]) == []


def test_real_events_categories_are_known_and_every_link_resolves(real_events):
    assert set(real_events["category"]) <= set(ev.CATEGORIES)
    index = ev.build_link_index(data.load_arms_exports(), data.load_unsc_decisions())
    named = real_events[real_events["deal_id"].notna() | real_events["decision_id"].notna()]
    assert linked(named, index) == list(named["event_id"])


def test_loader_checks_event_references(tmp_path):
    """The loader refuses an event naming an unknown actor; an unknown deal or decision loses only that link."""
    for name in ("countries.csv", "arms_exports.csv", "unsc_decisions.csv"):
        (tmp_path / name).write_bytes((data.DATA_DIR / name).read_bytes())
    header = "event_id,date,title,summary,category,actors,deal_id,decision_id,source_url\n"
    ok = "E1,2025-01-01,T,S,un_vote,KOR,,,https://example.org\n"
    (tmp_path / "events.csv").write_text(header + ok, encoding="utf-8")
    assert len(data.load("events", tmp_path)) == 1
    (tmp_path / "events.csv").write_text(header + "E1,2025-01-01,T,S,un_vote,KOR;XXZ,,,https://example.org\n")
    with pytest.raises(data.DataError, match="column 'actors'"):
        data.load("events", tmp_path)
    for bad, column in (
        ("E1,2025-01-01,T,S,arms_deal,KOR,NO-SUCH-DEAL,,https://example.org\n", "deal_id"),
        ("E1,2025-01-01,T,S,un_vote,KOR,,NO-SUCH-VOTE,https://example.org\n", "decision_id"),
    ):
        (tmp_path / "events.csv").write_text(header + bad, encoding="utf-8")
        events = data.load("events", tmp_path)
        assert len(events) == 1 and pd.isna(events.at[0, column])
        (problem,) = events.attrs["degraded"]
        assert f"column '{column}'" in problem and problem.endswith("link dropped")


def _parsed_link(target: ev.LinkTarget) -> dict[str, list[str]]:
    """The link's query string as the target page receives it."""
    from streamlit.runtime.state.query_params import process_query_params

    return parse_qs(process_query_params(target.query_params))


def test_real_deal_links_open_the_arms_page_with_the_deal_in_view(real_events):
    """Each linked deal survives the arms page's own filter, fed with the link's URL."""
    from atlas import arms

    deals = data.load_arms_exports()
    index = ev.build_link_index(deals, None)
    lo, hi = arms.year_bounds(deals)
    checked = 0
    for deal_id in real_events["deal_id"].dropna():
        (target,) = ev.link_targets(deal_id, None, index)
        qs = _parsed_link(target)
        years = parse_int_range(qs["years"], lo, hi).value
        assert years is not None, target
        filters = arms.Filters(
            years=years,
            recipients=tuple(parse_codes(qs["recipients"], arms.known_recipients(deals), []).value),
            stages=tuple(parse_codes(qs["stage"], list(data.ARMS_STAGES), list(arms.DEFAULT_STAGES)).value),
        )
        assert deal_id in set(arms.filter_deals(deals, filters)["deal_id"]), deal_id
        checked += 1
    assert checked == real_events["deal_id"].notna().sum()


def test_real_decision_links_open_the_votes_page_with_the_decision_in_view(real_events):
    from atlas import votes

    decisions = data.load_unsc_decisions()
    index = ev.build_link_index(None, decisions)
    lo, hi = votes.year_bounds(decisions)
    for decision_id in real_events["decision_id"].dropna():
        (target,) = ev.link_targets(None, decision_id, index)
        qs = _parsed_link(target)
        topics = parse_codes(qs["topic"], list(data.UNSC_TOPICS), []).value
        years = parse_int_range(qs["years"], lo, hi).value
        assert decision_id in set(votes.filter_decisions(decisions, topics, years)["decision_id"]), decision_id


# ---------------------------------------------------------------- markers on other pages' charts
@pytest.mark.parametrize(
    ("raw", "value", "rejected"),
    [([], False, False), (["on"], True, False), (["OFF"], False, False), (["maybe"], False, True)],
)
def test_parse_markers_reads_on_and_off(raw, value, rejected):
    from atlas.events.markers import parse_markers

    parsed = parse_markers(raw)
    assert (parsed.value, parsed.rejected) == (value, rejected)


def test_parse_markers_rejects_repeats_and_markup():
    from atlas.events.markers import parse_markers

    assert parse_markers(["on", "on"]).rejected and not parse_markers(["on", "on"]).value
    assert parse_markers(["<script>on</script>"]).rejected


def test_marker_years_extend_past_the_latest_figure_only_at_the_end():
    from atlas.events.markers import marker_years

    assert marker_years((2010, 2024), 2024, 2025) == (2010, 2025)  # a 2025 summit after the 2024 figures
    assert marker_years((2010, 2020), 2024, 2025) == (2010, 2020)  # a range that stops earlier stays as it is
    assert marker_years((2018, 2024), 2024, 2023) == (2018, 2024)  # never shrinks the selection


def test_event_rules_keep_the_base_charts_axis_title(events):
    spec = event_rules(events, "en", x="year", axis_title="Year").to_dict()
    assert spec["encoding"]["x"]["title"] == "Year"


def test_timeline_aggregates_by_month_when_there_are_many_events() -> None:
    from atlas.core import data
    from atlas.events.charts import MAX_DOTS, timeline_chart

    events = data.load_events()
    many = pd.concat([events] * (MAX_DOTS // len(events) + 2), ignore_index=True)
    spec = timeline_chart(many, "en").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) < len(many) and sum(r["count"] for r in rows) == len(many)
    assert spec["encoding"]["size"]["field"] == "count"
    assert "size" not in timeline_chart(events, "en").to_dict()["encoding"]


@pytest.mark.parametrize("raw", ["K9\x0bThunder", "K9\tThunder", "K9\nThunder", "K9\x00", "K9\x85"])
def test_parse_query_refuses_control_characters_from_a_link(raw):
    assert ev.parse_query([raw]) == Parsed("", True)
