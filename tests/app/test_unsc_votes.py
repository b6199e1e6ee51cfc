"""AppTest: the UN Security Council votes page, every filter, the tabs and the what-if."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from atlas import events as ev
from atlas import votes as V
from atlas.core import data
from atlas.i18n import t

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/unsc_votes.py"


def open_page(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def show_tab(at: AppTest, title_key: str) -> AppTest:
    at.session_state["view"] = t(title_key, "en")
    return rerun(at)


def url(at: AppTest, key: str) -> list[str]:
    """A query parameter as a list (AppTest gives a single value as a plain string)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def summary(at: AppTest) -> str:
    return next(c.value for c in at.caption if "decisions selected" in c.value)


def expected_count(**filters) -> int:
    return len(V.filter_decisions(data.load_unsc_decisions(), **filters))


def charts(at: AppTest) -> list:
    return at.get("vega_lite_chart")


def chart_values(at: AppTest, index: int = 0) -> list[dict]:
    """The rows a chart sends to the browser (Streamlit ships them as Arrow)."""
    proto = charts(at)[index].proto
    assert len(proto.datasets) == 1, "one dataset per chart"
    return pa.ipc.open_stream(proto.datasets[0].data.data).read_all().to_pylist()


def test_default_view_draws_the_matrix_of_every_decision() -> None:
    at = open_page()
    assert at.title[0].value == t("nav.unsc_votes", "en")
    assert summary(at).startswith(f"{expected_count()} decisions selected")
    assert len(charts(at)) == 1
    symbols = {v["symbol"] for v in chart_values(at)}
    assert "S/2022/155" in symbols and "S/RES/2774(2025)" in symbols
    assert not at.warning and not at.info


def test_topic_filter_narrows_and_writes_codes_to_the_url() -> None:
    at = open_page()
    at.multiselect(key="topic").set_value(["dprk", "syria"])
    rerun(at)
    assert url(at, "topic") == ["dprk", "syria"]
    at.multiselect(key="topic").set_value(["dprk"])
    rerun(at)
    assert url(at, "topic") == ["dprk"]
    assert summary(at).startswith(f"{expected_count(topics=['dprk'])} decisions selected")
    assert {v["topic_label"] for v in chart_values(at)} == {t("votes.topic.dprk", "en")}


def test_years_filter_narrows_and_is_in_the_url() -> None:
    at = open_page()
    at.slider(key="years").set_range(2024, 2025)
    rerun(at)
    # bind="query-params" writes ?years= from the browser: the e2e test checks the URL
    assert summary(at).startswith(f"{expected_count(years=(2024, 2025))} decisions selected")
    assert all(v["date_label"][:4] in ("2024", "2025") for v in chart_values(at))


def test_outcome_filter_narrows_and_is_in_the_url() -> None:
    at = open_page()
    at.multiselect(key="outcome").set_value(["adopted"])
    rerun(at)
    assert url(at, "outcome") == ["adopted"]
    assert summary(at).startswith(f"{expected_count(outcomes=['adopted'])} decisions selected")
    assert {v["outcome_label"] for v in chart_values(at)} == {"Adopted"}
    assert not any(v["veto"] for v in chart_values(at))


def test_link_restores_every_filter() -> None:
    at = open_page(topic="ukraine", outcome="vetoed", years=["2022", "2025"], focus="JPN")
    assert at.multiselect(key="topic").value == ["ukraine"]
    assert at.multiselect(key="outcome").value == ["vetoed"]
    assert at.slider(key="years").value == (2022, 2025)
    assert at.selectbox(key="focus").value == "JPN"
    n = expected_count(topics=["ukraine"], years=(2022, 2025), outcomes=["vetoed"])
    assert summary(at).startswith(f"{n} decisions selected")


def test_filters_that_leave_nothing_show_the_message_and_no_chart() -> None:
    at = open_page(topic="dprk", outcome="adopted", years=["2023", "2023"])
    assert expected_count(topics=["dprk"], years=(2023, 2023), outcomes=["adopted"]) == 0
    assert [w.value for w in at.warning] == [t("common.no_rows", "en")]
    assert not charts(at) and not at.dataframe


def test_bad_url_params_fall_back_with_a_notice() -> None:
    at = open_page(topic="<b>nuclear</b>", outcome="maybe", years=["1800", "3000"], focus="XXX")
    notice = at.info[0].value
    for key in ("focus", "outcome", "topic", "years"):
        assert key in notice
    assert "<b>" not in notice and "nuclear" not in notice
    assert at.multiselect(key="topic").value == [] and at.multiselect(key="outcome").value == []
    assert at.selectbox(key="focus").value == "KOR"
    assert summary(at).startswith(f"{expected_count()} decisions selected")


def test_garbage_years_fall_back_with_a_notice() -> None:
    at = open_page(years="twenty-twenty")
    assert "years" in at.info[0].value
    assert summary(at).startswith(f"{expected_count()} decisions selected")


def test_unknown_topic_code_is_dropped_but_known_one_kept() -> None:
    at = open_page(topic=["dprk", "mars"])
    assert at.multiselect(key="topic").value == ["dprk"]
    assert "topic" in at.info[0].value


def test_focus_member_ranks_the_others_and_goes_in_the_url() -> None:
    at = show_tab(open_page(), "votes.agreement_title")
    assert len(charts(at)) == 2  # focus bars + heatmap
    bars = chart_values(at, 0)
    assert any(v["label"].startswith("Japan (") for v in bars)
    assert [v["share"] for v in bars] == sorted((v["share"] for v in bars), reverse=True)
    at.selectbox(key="focus").set_value("USA")
    rerun(at)
    assert url(at, "focus") == ["USA"]
    assert at.subheader[0].value.startswith("United States")


def test_focus_member_off_the_council_gets_a_message() -> None:
    at = show_tab(open_page(focus="KOR", years=["2017", "2018"]), "votes.agreement_title")
    assert at.info[0].value == t("votes.focus_none", "en", member="South Korea")
    assert len(charts(at)) == 1  # heatmap only


def test_veto_tab_lists_russia_on_s_2022_155() -> None:
    at = show_tab(open_page(topic="ukraine"), "votes.veto_title")
    vetoes = at.dataframe[0].value
    row = vetoes[vetoes[t("votes.col.symbol", "en")] == "S/2022/155"]
    assert list(row[t("votes.col.vetoed_by", "en")]) == ["Russia"]


def test_decisions_table_matches_the_filters_and_offers_a_download() -> None:
    at = show_tab(open_page(topic="israel_gaza"), "votes.table_title")
    table = at.dataframe[0].value
    assert len(table) == expected_count(topics=["israel_gaza"])
    assert table[t("votes.col.source", "en")].str.startswith("http").all()
    assert at.get("download_button")


def _whatif(at: AppTest, decision_id: str) -> AppTest:
    show_tab(at, "votes.whatif_title")
    at.selectbox(key="whatif_decision").set_value(decision_id)
    return rerun(at)


def test_whatif_russia_voting_yes_adopts_s_2022_155() -> None:
    at = _whatif(open_page(), "S-2022-155")
    assert [m.value for m in at.metric] == ["Vetoed", "Vetoed"]
    assert at.error[0].value.startswith("Vetoed") and "Russia" in at.error[0].value
    at.selectbox(key="whatif_S-2022-155_RUS").set_value("Y")
    rerun(at)
    assert [m.value for m in at.metric] == ["Vetoed", "Adopted"]
    assert at.success[0].value.startswith("Adopted: 12 votes")


def test_whatif_abstention_by_russia_is_not_a_veto() -> None:
    at = _whatif(open_page(), "S-2022-155")
    at.selectbox(key="whatif_S-2022-155_RUS").set_value("A")
    rerun(at)
    assert at.metric[1].value == "Adopted"
    assert "abstained" in at.success[0].value


def test_whatif_procedural_no_is_not_a_veto() -> None:
    at = _whatif(open_page(), "S-RES-2623-2022")
    assert at.metric[1].value == "Adopted"
    assert "procedural" in at.success[0].value


def test_whatif_too_few_votes_fail_and_reset_restores_the_record() -> None:
    at = _whatif(open_page(), "S-RES-2774-2025")
    recorded = V.votes_of(data.load_unsc_votes(), "S-RES-2774-2025")
    yes_members = [m for m, v in recorded.items() if v == "Y"][:2]
    for m in yes_members:
        at.selectbox(key=f"whatif_S-RES-2774-2025_{m}").set_value("A")
        rerun(at)
    assert at.metric[1].value == "Failed"
    assert at.error[0].value.startswith("Not adopted: only 8 votes")
    at.button(key="whatif_reset").click()
    rerun(at)
    assert at.metric[1].value == "Adopted"
    assert all(at.selectbox(key=f"whatif_S-RES-2774-2025_{m}").value == "Y" for m in yes_members)


def test_whatif_stays_in_its_own_session() -> None:
    first = _whatif(open_page(), "S-2022-155")
    first.selectbox(key="whatif_S-2022-155_RUS").set_value("Y")
    rerun(first)
    assert first.metric[1].value == "Adopted"
    second = _whatif(open_page(), "S-2022-155")
    assert second.selectbox(key="whatif_S-2022-155_RUS").value == "N"
    assert second.metric[1].value == "Vetoed"
    assert first.selectbox(key="whatif_S-2022-155_RUS").value == "Y"  # the first is untouched


def test_korean_page_translates_labels() -> None:
    at = open_page(lang="ko")
    assert at.title[0].value == t("nav.unsc_votes", "ko")
    assert any("결정" in c.value for c in at.caption)
    assert {v["vote_label"] for v in chart_values(at)} <= {t(f"votes.vote.{c}", "ko") for c in V.VOTE_CODES}


def test_matrix_shows_every_decision_on_one_page_when_few() -> None:
    at = open_page(topic="dprk")
    assert expected_count(topics=["dprk"]) <= V.MATRIX_PAGE_SIZE
    assert not [s for s in at.selectbox if s.key == "mpage"]
    assert len({v["symbol"] for v in chart_values(at)}) == expected_count(topics=["dprk"])


def test_matrix_pages_when_there_are_more_decisions_than_a_page(monkeypatch) -> None:
    """With a page of 10 (standing in for 60 with ten times the data), the matrix pages."""
    monkeypatch.setattr(V, "MATRIX_PAGE_SIZE", 10)
    at = open_page()
    ordered = V.filter_decisions(data.load_unsc_decisions())
    pages = V.matrix_pages(len(ordered))
    assert pages > 1
    assert at.selectbox(key="mpage").value == pages  # the most recent decisions first
    assert {v["symbol"] for v in chart_values(at)} == set(V.page_slice(ordered, pages)["symbol"])
    at.selectbox(key="mpage").set_value(1)
    rerun(at)
    assert {v["symbol"] for v in chart_values(at)} == set(ordered["symbol"][:10])
    at.multiselect(key="topic").set_value(["ukraine"])  # fewer pages now: the choice is clamped
    rerun(at)
    assert len({v["symbol"] for v in chart_values(at)}) <= 10


def test_whatif_edit_survives_a_visit_to_another_tab() -> None:
    at = _whatif(open_page(), "S-2022-155")
    at.selectbox(key="whatif_S-2022-155_RUS").set_value("Y")
    rerun(at)
    show_tab(at, "votes.veto_title")
    show_tab(at, "votes.whatif_title")
    assert at.selectbox(key="whatif_S-2022-155_RUS").value == "Y"
    assert at.metric[1].value == "Adopted"


# ---------------------------------------------------------------- ?decision= from an event's link
def _event_link(decision_id: str) -> dict[str, str | list[str]]:
    index = ev.build_link_index(data.load_arms_exports(), data.load_unsc_decisions())
    return ev.link_targets(None, decision_id, index)[0].query_params


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_decision_link_shows_the_decision_and_picks_it_out_in_the_matrix() -> None:
    at = open_page(**_event_link("S-2022-155"))
    assert not at.info  # every value of the link was understood
    m = _metrics(at)
    assert m[t("votes.col.outcome", "en")] == "Vetoed"
    assert m[t("votes.col.tally", "en")] == "11-1-3"
    assert m[t("votes.col.date", "en")] == "25 February 2022"
    assert any(s.value == ev.escape_markdown("S/2022/155") for s in at.subheader)
    row = data.load_unsc_decisions().set_index("decision_id").loc["S-2022-155"]
    assert any(b.proto.url == row["source_url"] for b in at.get("link_button"))
    matrix = json.loads(charts(at)[0].proto.spec)
    assert "S/2022/155" in matrix["encoding"]["opacity"]["condition"]["test"]
    assert url(at, "decision") == ["S-2022-155"]


def test_decision_link_preselects_the_whatif_and_lists_the_decision_first() -> None:
    at = open_page(topic="ukraine", decision="S-2022-155")  # other Ukraine decisions are newer
    show_tab(at, "votes.whatif_title")
    assert at.selectbox(key="whatif_decision").value == "S-2022-155"
    assert [m.value for m in at.metric][-2:] == ["Vetoed", "Vetoed"]
    at.selectbox(key="whatif_decision").set_value(expected_last_ukraine())
    rerun(at)  # the reader can move on: the link does not pull the choice back
    assert at.selectbox(key="whatif_decision").value == expected_last_ukraine()
    show_tab(at, "votes.table_title")
    table = at.dataframe[0].value
    assert table.iloc[0][t("votes.col.symbol", "en")] == "S/2022/155" and table.iloc[0]["highlight"] == "▶"
    assert (table["highlight"] == "▶").sum() == 1


def expected_last_ukraine() -> str:
    return str(V.filter_decisions(data.load_unsc_decisions(), topics=["ukraine"])["decision_id"].iloc[-1])


def test_clearing_the_decision_highlight() -> None:
    at = open_page(decision="S-2022-155")
    at.button(key="decision_clear").click()
    rerun(at)
    assert "decision" not in at.query_params
    assert "opacity" not in json.loads(charts(at)[0].proto.spec)["encoding"]


@pytest.mark.parametrize("bad", ["S-RES-9999-2099", "<script>alert('x')</script>", "[x](javascript:alert(1))"])
def test_unknown_or_hostile_decision_is_dropped_with_a_notice_and_not_echoed(bad: str) -> None:
    at = open_page(decision=bad)
    assert any("decision" in i.value for i in at.info)
    assert "decision" not in at.query_params
    assert t("votes.col.tally", "en") not in _metrics(at)
    shown = " ".join(e.value for e in [*at.markdown, *at.caption, *at.info, *at.subheader] if isinstance(e.value, str))
    assert bad not in shown and "alert" not in shown


# ---------------------------------------------------------------- cached chart specs follow their inputs
def _symbols(at: AppTest) -> set[str]:
    return {v["symbol"] for v in chart_values(at)}


def test_matrix_follows_a_years_change_and_comes_back_unchanged() -> None:
    at = open_page(topic="ukraine")
    everything = _symbols(at)
    at.slider(key="years").set_value((2022, 2022))
    rerun(at)
    narrowed = _symbols(at)
    expected = V.filter_decisions(data.load_unsc_decisions(), topics=["ukraine"], years=(2022, 2022))
    assert narrowed == set(expected["symbol"]) and narrowed < everything
    lo, hi = V.year_bounds(data.load_unsc_decisions())
    at.slider(key="years").set_value((lo, hi))
    rerun(at)
    assert _symbols(at) == everything


def test_matrix_and_heatmap_follow_the_language() -> None:
    at = open_page(lang="ko", topic="ukraine")
    members = {v["member"] for v in chart_values(at)}
    assert "★ 미국" in members and "★ United States" not in members
    show_tab_ko = t("votes.agreement_title", "ko")
    at.session_state["view"] = show_tab_ko
    rerun(at)
    heat = chart_values(at, 1)
    assert "★ 미국" in {v["member_a_label"] for v in heat}


def test_focus_bars_follow_the_focus_member() -> None:
    at = show_tab(open_page(focus="JPN"), "votes.agreement_title")
    japan = {v["label"].split(" (")[0] for v in chart_values(at, 0)}
    at.selectbox(key="focus").set_value("USA")
    rerun(at)
    usa = {v["label"].split(" (")[0] for v in chart_values(at, 0)}
    assert "★ United States" in japan and "★ United States" not in usa and "Japan" in usa


# ---------------------------------------------------------------- curated text is never markdown
HOSTILE_TITLE = "**Bold** [click](javascript:alert(1)) $x$ <b>tag</b> :material/home:"


def test_a_title_with_markdown_is_shown_literally_in_the_whatif(monkeypatch: pytest.MonkeyPatch) -> None:
    real_load = data.load

    def load(name: str, *args, **kwargs):
        df = real_load(name, *args, **kwargs)
        if name == "unsc_decisions":
            df = df.copy()
            df.loc[df["decision_id"] == "S-2022-155", "title"] = HOSTILE_TITLE
        return df

    monkeypatch.setattr(data, "load", load)
    at = open_page(decision="S-2022-155")
    show_tab(at, "votes.whatif_title")
    captions = [c.value for c in at.caption]
    assert any(c.startswith(ev.escape_markdown(HOSTILE_TITLE) + " — ") for c in captions), captions
    assert not any(HOSTILE_TITLE in c for c in captions)
    shown = [e.value for e in at.markdown if isinstance(e.value, str)]
    assert any(ev.escape_markdown(HOSTILE_TITLE) in s for s in shown)  # the highlight box
    assert not any(HOSTILE_TITLE in s for s in shown)
