"""The Events page in AppTest: every filter, the URL, text search, empty results, bad links, cross-page links,
the figures (timeline and counts), the view's download name, and a broken arms file."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from atlas import events as ev
from atlas import ui
from atlas.core import data
from atlas.i18n import escape_markdown, t
from tests.support.apptest import chart_specs, charts, download_labels, notices, open_page, url, warnings

HTML = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def count(at: AppTest) -> int:
    """The n in the 'n of N events' caption."""
    total = len(data.load_events())
    for c in at.caption:
        if c.value.endswith(f"of {total} events"):
            return int(c.value.split()[0])
    raise AssertionError(f"no count caption in {[c.value for c in at.caption]}")


def qp(at: AppTest, key: str) -> list[str]:
    return url(at, key)


def expected(**filters) -> int:
    return len(ev.filter_events(data.load_events(), **filters))


def ev_text(key: str) -> str:
    return t(key, "en")


def test_page_shows_every_event_chart_list_and_download():
    at = open_page("events")
    assert at.title[0].value == "Events timeline"
    assert count(at) == len(data.load_events())
    assert len(charts(at)) == 2  # the timeline and the counts per category
    assert download_labels(at).count("PNG") == 2 and download_labels(at).count("SVG") == 2
    assert "Download these events (CSV)" in download_labels(at)
    assert [b.proto.label for b in at.button] == ["Add to briefing"]
    assert not notices(at)


def test_category_filter_narrows_and_writes_codes_to_the_url():
    at = open_page("events")
    at.multiselect(key="category").select("un_vote").select("arms_deal").run()
    assert not at.exception
    assert qp(at, "category") == ["un_vote", "arms_deal"]
    assert count(at) == expected(categories=["un_vote", "arms_deal"]) > 0


def test_actors_filter_narrows_and_writes_iso3_to_the_url():
    at = open_page("events")
    at.multiselect(key="actors").select("POL").run()
    assert not at.exception
    assert qp(at, "actors") == ["POL"]
    assert count(at) == expected(actors=["POL"]) > 0


def test_years_filter_narrows_and_is_in_the_url():
    at = open_page("events")
    at.slider(key="years").set_range(2022, 2022).run()
    assert not at.exception
    assert qp(at, "years") == ["2022", "2022"]
    assert count(at) == expected(years=(2022, 2022)) > 0
    lo, hi = ev.year_bounds(data.load_events())
    at.slider(key="years").set_range(lo, hi).run()
    assert "years" not in at.query_params
    assert count(at) == len(data.load_events())


def test_text_search_narrows_and_is_in_the_url():
    at = open_page("events")
    at.text_input(key="q").input("k9").run()
    assert not at.exception
    assert qp(at, "q") == ["k9"]
    assert count(at) == expected(query="K9") > 0
    at.text_input(key="q").input("").run()
    assert "q" not in at.query_params
    assert count(at) == len(data.load_events())


def test_search_in_korean():
    at = open_page("events", {"q": "미사일"}, lang="ko")
    n = expected(query="미사일")
    assert 0 < n < len(data.load_events())
    assert f"전체 {len(data.load_events())}건 중 {n}건" in [c.value for c in at.caption]


def test_html_and_script_in_the_search_box_give_an_empty_result_not_html():
    at = open_page("events")
    at.text_input(key="q").input(HTML).run()
    assert not at.exception
    assert [w.value for w in at.warning] == [ev_text("common.no_rows")]
    assert not charts(at)
    assert all("<script" not in m.value and "onerror" not in m.value for m in at.markdown)


def test_filters_leaving_nothing_show_the_empty_state_and_no_chart():
    at = open_page("events", {"category": "defence_budget", "actors": "PRK"})
    assert expected(categories=["defence_budget"], actors=["PRK"]) == 0
    assert [w.value for w in at.warning] == [ev_text("common.no_rows")]
    assert not charts(at)


def test_url_seeds_every_filter():
    at = open_page("events", {"category": "arms_deal", "actors": "POL", "years": ["2022", "2023"], "q": "K2"})
    assert at.multiselect(key="category").value == ["arms_deal"]
    assert at.multiselect(key="actors").value == ["POL"]
    assert at.slider(key="years").value == (2022, 2023)
    assert at.text_input(key="q").value == "K2"
    assert count(at) == expected(categories=["arms_deal"], actors=["POL"], years=(2022, 2023), query="K2") > 0
    assert not notices(at)


@pytest.mark.parametrize(
    "params, key",
    [
        ({"category": "not_a_category"}, "category"),
        ({"actors": "XXX"}, "actors"),
        ({"years": ["1900", "3000"]}, "years"),
        ({"years": "garbage"}, "years"),
        ({"q": "x" * 500}, "q"),
        ({"q": ["a", "b"]}, "q"),
        ({"q": "K9\u202e"}, "q"),
        ({"q": "K\u200b9"}, "q"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
    ],
)
def test_bad_url_params_are_reset_with_a_notice(params, key):
    at = open_page("events", params)
    (notice,) = notices(at)
    assert key in notice
    assert "xxxx" not in notice and "XXX" not in notice  # never the value itself


def test_long_search_from_the_url_is_capped():
    at = open_page("events", {"q": "k9" + " " * 10 + "z" * 500})
    query = at.text_input(key="q").value
    assert query is not None
    assert len(query) <= ev.MAX_QUERY_LENGTH


@pytest.mark.parametrize("q", [HTML, "[click](javascript:alert(1))"])
def test_markup_in_the_url_search_is_dropped_with_a_notice(q):
    at = open_page("events", {"q": q})
    assert at.text_input(key="q").value == ""
    assert "q" not in at.query_params
    (notice,) = notices(at)
    assert "q" in notice and "script" not in notice
    assert count(at) == len(data.load_events())


def test_korean_page_formats_dates_and_categories_in_korean():
    at = open_page("events", {"category": "un_vote"}, lang="ko")
    body = [m.value for m in at.markdown if "·" in m.value]
    assert body and all("년" in b and "유엔 표결" in b for b in body)


# ---------------------------------------------------------------- links (fixture rows)
@pytest.fixture
def fixture_data(tmp_path, monkeypatch):
    """Real countries, deals and decisions; events replaced by three fixture rows:
    one linked to a deal, one to a decision, one with no link."""
    for name in ("countries", "arms_exports", "unsc_decisions"):
        shutil.copy(data.DATA_DIR / data.SPECS[name].file, tmp_path / data.SPECS[name].file)
    deal = data.load_arms_exports().iloc[0]
    decision = data.load_unsc_decisions().iloc[0]
    rows = [
        "event_id,date,title,title_ko,summary,summary_ko,category,actors,deal_id,decision_id,source_url,source_title",
        f"F1,2022-07-27,Deal event,,A deal,,arms_deal,KOR;{deal.recipient_iso3},{deal.deal_id},,https://example.org/1,",
        f"F2,2022-03-01,Vote event,,A vote,,un_vote,USA;RUS,,{decision.decision_id},https://example.org/2,",
        "F3,2021-01-01,Plain event,,No link,,summit_diplomacy,KOR,,,https://example.org/3,",
    ]
    (tmp_path / "events.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    original = data.load

    def load(dataset: str, data_dir: Path = data.DATA_DIR) -> object:
        return original(dataset, tmp_path if dataset in ("events", "arms_exports", "unsc_decisions") else data_dir)

    monkeypatch.setattr(data, "load", load)
    return deal, decision


def event_links(at: AppTest) -> list:
    """The links drawn under events (the sidebar's links carry no filter)."""
    return [p for p in at.get("page_link") if "years=" in p.proto.query_string]


def test_linked_events_get_a_page_link_that_opens_the_target_filtered(fixture_data):
    deal, decision = fixture_data
    at = open_page("events")
    links = {p.proto.page: parse_qs(p.proto.query_string) for p in event_links(at)}
    assert links == {
        "arms_exports": {
            "recipients": [deal.recipient_iso3],
            "years": [str(deal.year_signed)] * 2,
            "stage": [deal.stage],
            "deal": [deal.deal_id],
        },
        "unsc_votes": {
            "topic": [decision.topic],
            "years": [str(decision.date.year)] * 2,
            "decision": [decision.decision_id],
        },
    }


def test_event_without_link_has_none_and_filtering_drops_links(fixture_data):
    at = open_page("events", {"category": "summit_diplomacy"})
    assert count_fixture(at) == 1
    assert event_links(at) == []


def test_links_keep_the_korean_language(fixture_data):
    at = open_page("events", lang="ko")
    qs = [parse_qs(p.proto.query_string) for p in at.get("page_link") if "deal=" in p.proto.query_string]
    assert qs and qs[0]["lang"] == ["ko"]


def count_fixture(at: AppTest) -> int:
    return int(next(c.value for c in at.caption if c.value.endswith("of 3 events")).split()[0])


def test_opening_a_real_deal_link_shows_the_deal_on_the_arms_page():
    """Follow the first real deal link: the arms page opens with its filters set to it, no notice."""
    events = data.load_events()
    index = ev.build_link_index(data.load_arms_exports(), data.load_unsc_decisions())
    linked = events[events["deal_id"].notna()]
    assert not linked.empty, "no event in data/events.csv links to a deal yet"
    (target,) = ev.link_targets(linked.iloc[0]["deal_id"], None, index)
    at = open_page(target.page_id, target.query_params)
    assert not at.info or all("recipients" not in i.value for i in at.info)
    assert at.multiselect(key="recipients").value == [target.query_params["recipients"]]
    assert at.multiselect(key="stage").value == [target.query_params["stage"]]
    frames = [df.value for df in at.dataframe]
    assert any(target.ref in set(f.astype(str).stack()) for f in frames), "the deal is not in any table"


# ---------------------------------------------------------------- the list, a page at a time
def listed(at: AppTest) -> list[str]:
    """The event cards drawn (each starts with its date in bold, then ' · ' and its category)."""
    return [m.value for m in at.markdown if m.value.startswith("**") and " · " in m.value.splitlines()[0]]


def test_list_draws_one_page_of_events_newest_first():
    at = open_page("events")
    events = data.load_events()
    newest = ev.latest(events, ev.PAGE_SIZE)
    cards = listed(at)
    assert len(cards) == ev.PAGE_SIZE < len(events)
    assert escape_markdown(newest.iloc[0]["title"]) in cards[0]
    assert len(at.selectbox(key="page").options) == ev.page_count(len(events))
    assert at.selectbox(key="page").value == 1


def test_last_page_holds_the_oldest_events():
    at = open_page("events")
    events = data.load_events()
    pages = ev.page_count(len(events))
    at.selectbox(key="page").set_value(pages).run()
    assert not at.exception
    cards = listed(at)
    assert len(cards) == len(events) - (pages - 1) * ev.PAGE_SIZE
    oldest = events.sort_values(["date", "event_id"], kind="stable").iloc[0]
    assert escape_markdown(oldest["title"]) in cards[-1]


def test_changing_a_filter_goes_back_to_the_first_page():
    at = open_page("events")
    at.selectbox(key="page").set_value(2).run()
    assert at.selectbox(key="page").value == 2
    lo, hi = ev.year_bounds(data.load_events())
    assert expected(years=(lo + 1, hi)) > ev.PAGE_SIZE  # still more than one page after the change
    at.slider(key="years").set_range(lo + 1, hi).run()
    assert not at.exception
    assert at.selectbox(key="page").value == 1


def test_a_short_result_has_no_page_selector():
    at = open_page("events", {"category": "un_vote"})
    assert not any(s.key == "epage" for s in at.selectbox)
    assert len(listed(at)) == count(at) == expected(categories=["un_vote"])


def test_the_lists_page_is_in_the_url_and_a_link_reopens_it():
    at = open_page("events", {"page": "2"})
    assert at.selectbox(key="page").value == 2
    assert qp(at, "page") == ["2"]
    assert not notices(at)
    at.selectbox(key="page").set_value(1).run()
    assert "page" not in at.query_params


def test_a_page_beyond_the_last_opens_the_last_page():
    pages = ev.page_count(len(data.load_events()))
    at = open_page("events", {"page": str(pages + 5)})
    assert at.selectbox(key="page").value == pages


def test_a_one_event_view_has_a_date_axis_over_its_year():
    at = open_page("events", {"category": "missile_nuclear", "years": ["2023", "2023"]})
    assert count(at) == expected(categories=["missile_nuclear"], years=(2023, 2023)) == 1
    x = chart_specs(at)[0]["encoding"]["x"]
    assert x["type"] == "temporal" and x["axis"]["format"] == "%Y-%m"
    lo, hi = x["scale"]["domain"]
    assert (lo["year"], lo["month"], hi["year"], hi["month"]) == (2023, 1, 2023, 12)


def test_the_download_is_named_after_the_view(monkeypatch):
    names: list[str] = []
    original = ui.csv_download

    def record(df, filename, **kwargs):  # noqa: ANN001, ANN003, ANN202
        names.append(filename)
        return original(df, filename, **kwargs)

    monkeypatch.setattr(ui, "csv_download", record)
    open_page("events", {"category": "missile_nuclear", "years": ["2023", "2023"]})
    assert names[-1] == "events_missile_nuclear_2023.csv"
    open_page("events")
    assert names[-1] == "events.csv"


def test_one_event_reads_in_the_singular():
    """A view of a single event out of a single event says 'event', not 'events'."""
    assert t("events.count.one", "en", n=1, total=1) == "1 of 1 event"
    assert t("events.count.other", "en", n=1, total=2) == "1 of 2 events"


@pytest.fixture
def broken_arms(tmp_path, monkeypatch):
    """A temp data folder: the fixture's files, with data/arms_exports.csv broken (a year that is not a number)."""
    for spec in data.SPECS.values():
        src = data.DATA_DIR / spec.file
        if src.exists():
            shutil.copy(src, tmp_path / spec.file)
    shutil.copy(data.DATA_DIR / "catalog.toml", tmp_path / "catalog.toml")
    lines = (tmp_path / "arms_exports.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("year_signed")] = "not-a-year"
    lines[1] = ",".join(cells)
    (tmp_path / "arms_exports.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    original_load, original_available = data.load, data.available
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    monkeypatch.setattr(data, "load", lambda dataset, data_dir=tmp_path: original_load(dataset, data_dir))
    monkeypatch.setattr(data, "available", lambda data_dir=tmp_path: original_available(data_dir))
    with pytest.raises(data.DataError):
        data.load("arms_exports")
    return tmp_path


def test_events_show_when_the_arms_file_is_broken(broken_arms):
    """A broken arms file drops only the events' deal links, with a warning; the events all show."""
    events = data.load("events")
    assert events["deal_id"].isna().all() and events["decision_id"].notna().any()
    at = open_page("events")
    assert count(at) == len(events)
    assert len(charts(at)) == 2
    (warning,) = warnings(at)
    assert "deal_id" in warning and "arms_exports.csv" in warning
    votes = open_page("events", {"category": ["un_vote", "arms_deal"]})
    links = [parse_qs(p.proto.query_string) for p in votes.get("page_link") if "years=" in p.proto.query_string]
    assert links and all("decision" in q and "deal" not in q for q in links)  # vote links stay, deal links go


@pytest.fixture
def unknown_deal(tmp_path, monkeypatch):
    """The fixture's files, with one event's deal_id pointing at a deal that no file lists."""
    for spec in data.SPECS.values():
        src = data.DATA_DIR / spec.file
        if src.exists():
            shutil.copy(src, tmp_path / spec.file)
    shutil.copy(data.DATA_DIR / "catalog.toml", tmp_path / "catalog.toml")
    events = (tmp_path / "events.csv").read_text(encoding="utf-8")
    linked = data.load_events()["deal_id"].dropna().iloc[0]
    (tmp_path / "events.csv").write_text(events.replace(f",{linked},", ",NO-SUCH-DEAL,", 1), encoding="utf-8")
    original_load, original_available = data.load, data.available
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    monkeypatch.setattr(data, "load", lambda dataset, data_dir=tmp_path: original_load(dataset, data_dir))
    monkeypatch.setattr(data, "available", lambda data_dir=tmp_path: original_available(data_dir))
    return linked


def test_one_unknown_deal_id_drops_that_link_and_keeps_every_event(unknown_deal):
    events = data.load("events")
    at = open_page("events")
    assert count(at) == len(events)
    assert len(charts(at)) == 2
    (warning,) = warnings(at)
    assert "NO-SUCH-DEAL" in warning and "deal_id" in warning and "link dropped" in warning
    assert events["deal_id"].notna().any()  # the other links stay


def test_a_linked_search_with_a_control_character_is_refused_with_a_notice():
    at = open_page("events", {"q": "K9\x0bThunder"})
    assert at.text_input(key="q").value == ""
    assert any("q" in n for n in notices(at))
    assert count(at) == len(data.load_events())


def test_time_axes_on_screen_name_months_in_the_reader_s_language() -> None:
    """The browser's Vega draws the axis: in Korean its locale comes with the spec (pictures get it from vl-convert)."""
    ko = chart_specs(open_page("events", lang="ko"))
    assert all(s["config"]["locale"]["time"]["shortMonths"][0] == "1월" for s in ko)
    en = chart_specs(open_page("events"))
    assert not any("locale" in s.get("config", {}) for s in en)
