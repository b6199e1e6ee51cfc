"""AppTest: the UN Security Council votes page on the frozen fixture: every filter, the section
control (in the URL), the figures, the what-if (in the URL) and the decision an event links to."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from atlas import events as ev
from atlas import votes as V
from atlas.core import data
from atlas.core.colours import HIGHLIGHT
from atlas.i18n import country_name, escape_markdown, t
from tests.support.apptest import (
    captions,
    chart_specs,
    charts,
    download_labels,
    metrics,
    notices,
    open_page,
    run,
    shown,
    url,
    warnings,
)

PAGE = "unsc_votes"


def page(params: dict | None = None, lang: str | None = None) -> AppTest:
    return open_page(PAGE, params, lang)


def section(at: AppTest, name: str) -> AppTest:
    at.segmented_control(key="section").set_value(name)
    return run(at)


def summary(at: AppTest) -> str:
    return next(c.value for c in at.caption if "selected:" in c.value or c.value.startswith("선택된 결정"))


def expected_count(**filters) -> int:
    return len(V.filter_decisions(data.load_unsc_decisions(), **filters))


def rows(at: AppTest, index: int = 0, layer: int = 0) -> list[dict]:
    """The rows one layer of a chart sends to the browser (Streamlit ships them as Arrow)."""
    chart = charts(at)[index]
    spec = json.loads(chart.proto.spec)
    node = spec["layer"][layer] if "layer" in spec else spec
    name = (node.get("data") or spec.get("data"))["name"]
    (ds,) = [d for d in chart.proto.datasets if d.name == name]
    return pa.ipc.open_stream(ds.data.data).read_all().to_pylist()


def test_default_view_draws_the_matrix_of_every_decision() -> None:
    at = page()
    assert at.title[0].value == t("nav.unsc_votes", "en")
    assert summary(at).startswith(f"{expected_count()} decisions selected")
    assert len(charts(at)) == 1
    symbols = {v["symbol"] for v in rows(at)}
    assert "S/2022/155" in symbols and "S/RES/2774(2025)" in symbols
    # contested decisions only, by default, and the unanimous ones counted in words
    decisions, vote_rows = data.load_unsc_decisions(), data.load_unsc_votes()
    unanimous = set(decisions.loc[~V.contested_mask(decisions, vote_rows), "symbol"])
    assert unanimous and not unanimous & symbols
    said = t("votes.matrix_contested_drawn.other", "en", n=len(unanimous))
    assert any(said in shown(c.value) for c in at.caption)  # in the figure's subtitle, so on paper too
    assert not at.warning and not at.info
    assert at.segmented_control(key="section").value == "matrix"
    assert "section" not in at.query_params


def test_every_section_shows_its_figures_with_downloads_and_a_briefing_button() -> None:
    at = page()
    for name, n_charts in (
        ("matrix", 1),
        ("agreement", 2),
        ("key", 1),
        ("differ", 1),
        ("vetoes", 1),
        ("whatif", 1),
        ("decisions", 1),
    ):
        section(at, name)
        assert len(charts(at)) == n_charts, name
        labels = download_labels(at)
        assert {"PNG", "SVG", "Download CSV"} <= set(labels), (name, labels)
        assert at.button(key="briefing-add-unsc_votes")
        assert url(at, "section") == ([] if name == "matrix" else [name])


@pytest.mark.parametrize("name", ["agreement", "key", "differ", "vetoes", "whatif", "decisions"])
def test_a_link_reopens_on_its_section(name: str) -> None:
    at = page({"section": name})
    assert at.segmented_control(key="section").value == name
    assert (
        shown(at.subheader[0].value)
        == {
            "agreement": t("votes.focus_title", "en", member="South Korea"),
            "key": t("votes.key_title", "en"),
            "differ": t("votes.differ_title", "en", a="South Korea", b="United States"),
            "vetoes": t("votes.veto_title", "en"),
            "whatif": t(
                "votes.whatif_fig_title",
                "en",
                symbol=str(V.filter_decisions(data.load_unsc_decisions())["symbol"].iloc[-1]),
            ),
            "decisions": t("votes.table_title", "en"),
        }[name]
    )


def test_add_to_briefing_collects_this_view() -> None:
    at = page({"section": "agreement", "focus": "JPN"})
    at.button(key="briefing-add-unsc_votes").click()
    run(at)
    if at.button(key="briefing-add-chosen-unsc_votes"):  # several figures: it asks which
        at.button(key="briefing-add-chosen-unsc_votes").click()
        run(at)
    (view,) = at.session_state["_atlas_briefing_views"]
    assert view["page"] == PAGE and view["query"] == {"focus": ["JPN"], "section": ["agreement"]}


def test_topic_filter_narrows_and_writes_codes_to_the_url() -> None:
    at = page()
    at.multiselect(key="topic").set_value(["dprk", "syria"])
    run(at)
    assert url(at, "topic") == ["dprk", "syria"]
    at.multiselect(key="topic").set_value(["dprk"])
    run(at)
    assert url(at, "topic") == ["dprk"]
    assert summary(at).startswith(f"{expected_count(topics=['dprk'])} decisions selected")
    assert {v["topic_label"] for v in rows(at)} == {t("votes.topic.dprk", "en")}


def test_years_filter_narrows_and_is_in_the_url() -> None:
    at = page()
    at.slider(key="years").set_range(2024, 2025)
    run(at)
    assert url(at, "years") == ["2024", "2025"]
    assert summary(at).startswith(f"{expected_count(years=(2024, 2025))} decisions selected")
    assert all(v["date_label"][:4] in ("2024", "2025") for v in rows(at))


def test_outcome_filter_narrows_and_is_in_the_url() -> None:
    at = page()
    at.multiselect(key="outcome").set_value(["adopted"])
    run(at)
    assert url(at, "outcome") == ["adopted"]
    assert {v["outcome_label"] for v in rows(at)} == {"Adopted"}
    assert not any(v["veto"] for v in rows(at))


def test_link_restores_every_filter() -> None:
    at = page({"topic": "ukraine", "outcome": "vetoed", "years": ["2022", "2025"], "focus": "JPN"})
    assert at.multiselect(key="topic").value == ["ukraine"]
    assert at.multiselect(key="outcome").value == ["vetoed"]
    assert at.slider(key="years").value == (2022, 2025)
    assert at.selectbox(key="focus").value == "JPN"
    n = expected_count(topics=["ukraine"], years=(2022, 2025), outcomes=["vetoed"])
    assert summary(at).startswith(f"{n} decisions selected")


def test_one_decision_is_singular() -> None:
    at = page({"topic": "ukraine", "years": ["2025", "2025"]})
    assert summary(at).startswith("1 decision selected:")


def test_filters_that_leave_nothing_show_the_message_and_no_chart() -> None:
    at = page({"topic": "dprk", "outcome": "adopted", "years": ["2023", "2023"]})
    assert warnings(at) == [t("common.no_rows", "en")]
    assert not charts(at) and not at.dataframe
    assert url(at, "topic") == ["dprk"]  # the link still says what was asked


def test_bad_url_params_fall_back_with_a_notice() -> None:
    at = page(
        {"topic": "<b>nuclear</b>", "outcome": "maybe", "years": ["1800", "3000"], "focus": "XXX", "section": "x"}
    )
    notice = notices(at)[0]
    for key in ("focus", "outcome", "topic", "years", "section"):
        assert key in notice
    assert "<b>" not in notice and "nuclear" not in notice
    assert at.multiselect(key="topic").value == [] and at.multiselect(key="outcome").value == []
    assert at.selectbox(key="focus").value == "KOR"
    assert summary(at).startswith(f"{expected_count()} decisions selected")
    assert not {"topic", "outcome", "years", "focus", "section"} & set(at.query_params)


# ---------------------------------------------------------------- the vote matrix
def test_matrix_outlines_the_focus_row_and_labels_columns_with_their_symbol() -> None:
    at = page({"topic": "ukraine", "focus": "JPN"})
    spec = chart_specs(at)[0]
    band = spec["layer"][1]
    assert band["mark"]["stroke"] == HIGHLIGHT
    assert rows(at, 0, 1) == [{"member": "Japan"}]
    assert spec["layer"][0]["encoding"]["x"]["sort"][0] == "S/2022/155"
    assert any(v["title_label"].startswith("Draft deploring") for v in rows(at) if v["symbol"] == "S/2022/155")
    at.selectbox(key="focus").set_value("USA")
    run(at)
    assert rows(at, 0, 1) == [{"member": "★ United States"}]
    assert url(at, "focus") == ["USA"]


def test_matrix_tooltip_rows_name_no_votes_and_abstentions() -> None:
    at = page({"topic": "ukraine"})
    hit = [r for r in rows(at) if r["symbol"] == "S/2022/155"]
    assert {r["voted_no"] for r in hit} == {"Russia"} and {r["abstained"] for r in hit} == {
        "China, India, United Arab Emirates"
    }


def test_matrix_pages_when_there_are_more_decisions_than_a_page(monkeypatch) -> None:
    """With a page of 10 (standing in for 60 with ten times the data), the matrix pages, in the URL."""
    monkeypatch.setattr(V.model, "MATRIX_PAGE_SIZE", 10)
    at = page()
    ordered = V.matrix_decisions(V.filter_decisions(data.load_unsc_decisions()), data.load_unsc_votes())
    pages = V.matrix_pages(len(ordered), 10)
    assert pages > 1 and at.selectbox(key="mpage").value == pages  # the most recent decisions first
    first = V.page_slice(ordered, 1, 10)
    start, end = (f"{d:%Y-%m-%d}" for d in (first["date"].iloc[0], first["date"].iloc[-1]))
    assert at.selectbox(key="mpage").options[0] == f"Page 1 of {pages}: {start} to {end} ({len(first)} decisions)"
    assert {v["symbol"] for v in rows(at)} == set(V.page_slice(ordered, pages, 10)["symbol"])
    at.selectbox(key="mpage").set_value(1)
    run(at)
    assert {v["symbol"] for v in rows(at)} == set(V.page_slice(ordered, 1, 10)["symbol"])
    assert len(V.page_slice(ordered, pages, 10)) == 10  # the page the matrix opens on is full
    assert url(at, "mpage") == ["1"]
    at.multiselect(key="topic").set_value(["ukraine"])  # fewer pages now: the choice is clamped
    run(at)
    assert len({v["symbol"] for v in rows(at)}) <= 10


def test_unanimous_decisions_join_the_matrix_when_asked_and_the_link_says_so() -> None:
    at = page({"topic": "dprk"})
    decisions = V.filter_decisions(data.load_unsc_decisions(), topics=["dprk"])
    contested = V.matrix_decisions(decisions, data.load_unsc_votes())
    assert len(contested) < len(decisions)
    assert {v["symbol"] for v in rows(at)} == set(contested["symbol"])
    at.toggle(key="unanimous").set_value(True)
    run(at)
    assert {v["symbol"] for v in rows(at)} == set(decisions["symbol"]) and url(at, "unanimous") == ["on"]
    assert any(t("votes.matrix_all_drawn", "en") in shown(c.value) for c in at.caption)
    again = page({"topic": "dprk", "unanimous": "on"})
    assert again.toggle(key="unanimous").value and {v["symbol"] for v in rows(again)} == set(decisions["symbol"])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_selection_of_unanimous_decisions_says_why_the_matrix_and_contested_agreement_are_empty(lang: str) -> None:
    """The DPRK resolutions adopted in 2017 were all unanimous: no matrix of contested decisions, no
    agreement over contested decisions, no key vote, no difference; each says why, nothing fails."""
    params = {"topic": "dprk", "years": ["2017", "2017"], "outcome": "adopted"}
    only = V.filter_decisions(data.load_unsc_decisions(), topics=["dprk"], years=(2017, 2017), outcomes=["adopted"])
    assert len(only) > 1 and not V.contested_mask(only, data.load_unsc_votes()).any()
    n = len(only)
    at = page(params, lang)
    assert not charts(at)
    assert notices(at) == [t("votes.matrix_all_unanimous.other", lang, n=n)]
    at = page({**params, "section": "agreement", "basis": "contested", "focus": "USA"}, lang)
    assert t("votes.basis_no_contested.other", lang, n=n) in notices(at) and not charts(at)
    at = page({**params, "section": "key"}, lang)
    assert notices(at) == [t("votes.key_none", lang)] and not charts(at)
    at = page({**params, "section": "differ", "differ_a": "USA", "differ_b": "RUS"}, lang)
    usa, rus = (country_name(c, lang) for c in ("USA", "RUS"))
    assert notices(at) == [t("votes.differ_count.other", lang, n=0, a=usa, b=rus, shared=n, contested=0)]


# ---------------------------------------------------------------- agreement and the focus member
def test_focus_member_ranks_the_others_with_shared_counts() -> None:
    at = section(page(), "agreement")
    bars = rows(at, 0)
    assert any(v["label"] == "Japan" for v in bars)
    assert all(f"{v['same']} of {v['shared']}" in v["value_label"] for v in bars)
    ranked = [v["share"] for v in bars if not v["small"]]
    assert ranked == sorted(ranked, reverse=True)
    assert any(f"fewer than {V.MIN_SHARED} decisions" in n for n in notices(at))
    at.selectbox(key="focus").set_value("USA")
    run(at)
    assert url(at, "focus") == ["USA"] and at.subheader[0].value.startswith("United States")


def test_focus_member_off_the_council_gets_a_message() -> None:
    at = page({"focus": "KOR", "years": ["2017", "2018"], "section": "agreement"})
    assert t("votes.focus_none", "en", member="South Korea") in notices(at)
    assert len(charts(at)) == 1  # heatmap only


def test_default_focus_follows_the_years_and_says_why() -> None:
    at = page({"years": ["2017", "2023"], "section": "agreement"})
    assert at.selectbox(key="focus").value == "USA"
    assert "focus" not in at.query_params
    assert any(
        c.value.startswith(":material/info: South Korea was not on the Council in 2017–2023") for c in at.caption
    )
    at.slider(key="years").set_range(2017, 2025)
    run(at)
    assert at.selectbox(key="focus").value == "KOR"  # a default, not a choice: it follows the years


def test_a_chosen_focus_stays_when_the_years_change() -> None:
    at = page()
    at.selectbox(key="focus").set_value("JPN")
    run(at)
    at.slider(key="years").set_range(2017, 2018)
    run(at)
    assert at.selectbox(key="focus").value == "JPN" and url(at, "focus") == ["JPN"]


# ---------------------------------------------------------------- vetoes and decisions
def test_veto_section_lists_russia_on_s_2022_155() -> None:
    at = page({"topic": "ukraine", "section": "vetoes"})
    vetoes = at.dataframe[0].value
    row = vetoes[vetoes[t("votes.col.symbol", "en")] == "S/2022/155"]
    assert list(row[t("votes.col.vetoed_by", "en")]) == ["Russia"]


def test_decisions_table_matches_the_filters_and_names_no_votes() -> None:
    at = page({"topic": "israel_gaza", "section": "decisions"})
    table = at.dataframe[0].value
    assert len(table) == expected_count(topics=["israel_gaza"])
    assert table[t("votes.col.source", "en")].str.startswith("http").all()
    assert t("votes.col.voted_no", "en") in table.columns and t("votes.col.abstained", "en") in table.columns
    assert t("votes.download_votes_long", "en") in download_labels(at)


# ---------------------------------------------------------------- what-if, in the link
def _whatif(params: dict | None = None, decision_id: str = "S-2022-155") -> AppTest:
    at = section(page(params), "whatif")
    at.selectbox(key="wi_decision").set_value(decision_id)
    return run(at)


def test_whatif_russia_voting_yes_adopts_s_2022_155_and_the_link_carries_it() -> None:
    at = _whatif()
    assert [m.value for m in at.metric] == ["Vetoed", "Vetoed"]
    at.selectbox(key="whatif_S-2022-155_RUS").set_value("Y")
    run(at)
    assert [m.value for m in at.metric] == ["Vetoed", "Adopted"]
    assert "Recorded: Vetoed (11-1-3) · Recount: Adopted (12-0-3)" in notices(at)
    assert url(at, "wi_decision") == ["S-2022-155"] and url(at, "wi_votes") == ["v1,RUS:Y"]
    again = page({k: url(at, k) for k in ("section", "wi_decision", "wi_votes")})
    assert [m.value for m in again.metric] == ["Vetoed", "Adopted"]
    assert again.selectbox(key="whatif_S-2022-155_RUS").value == "Y"


def test_whatif_chart_marks_the_changed_vote() -> None:
    at = page({"section": "whatif", "wi_decision": "S-2022-155", "wi_votes": "RUS:Y"})
    marked = [r for r in rows(at) if r["changed"]]
    assert [(r["member"], r["vote_label"]) for r in marked] == [("★ Russia", "Yes")]
    assert "1 vote changed from the record: Russia: No → Yes" in notices(at)


def test_whatif_abstention_by_russia_is_not_a_veto() -> None:
    at = _whatif()
    at.selectbox(key="whatif_S-2022-155_RUS").set_value("A")
    run(at)
    assert at.metric[1].value == "Adopted"
    assert "abstained" in next(c.value for c in at.caption if c.value.startswith("Adopted"))


def test_whatif_procedural_no_is_not_a_veto() -> None:
    at = _whatif(decision_id="S-RES-2623-2022")
    assert at.metric[1].value == "Adopted"
    assert any("procedural" in c.value for c in at.caption if c.value.startswith("Adopted"))


def test_whatif_too_few_votes_fail_and_reset_restores_the_record() -> None:
    at = _whatif(decision_id="S-RES-2774-2025")
    recorded = V.votes_of(data.load_unsc_votes(), "S-RES-2774-2025")
    yes_members = [m for m, v in recorded.items() if v == "Y"][:2]
    for m in yes_members:
        at.selectbox(key=f"whatif_S-RES-2774-2025_{m}").set_value("A")
        run(at)
    assert at.metric[1].value == "Failed"
    assert any(c.startswith("Not adopted: only 8 votes") for c in captions(at))
    at.button(key="whatif_reset").click()
    run(at)
    assert at.metric[1].value == "Adopted" and "wi_votes" not in at.query_params
    assert all(at.selectbox(key=f"whatif_S-RES-2774-2025_{m}").value == "Y" for m in yes_members)


def test_whatif_stays_in_its_own_session() -> None:
    first = _whatif()
    first.selectbox(key="whatif_S-2022-155_RUS").set_value("Y")
    run(first)
    second = _whatif()
    assert second.selectbox(key="whatif_S-2022-155_RUS").value == "N"
    assert second.metric[1].value == "Vetoed"
    assert first.selectbox(key="whatif_S-2022-155_RUS").value == "Y"


def test_whatif_edit_survives_a_visit_to_another_section_and_decision() -> None:
    at = _whatif()
    at.selectbox(key="whatif_S-2022-155_RUS").set_value("Y")
    run(at)
    section(at, "vetoes")
    section(at, "whatif")
    assert at.selectbox(key="whatif_S-2022-155_RUS").value == "Y" and at.metric[1].value == "Adopted"
    at.selectbox(key="wi_decision").set_value("S-RES-2774-2025")
    run(at)
    assert "wi_votes" not in at.query_params
    at.selectbox(key="wi_decision").set_value("S-2022-155")
    run(at)
    assert at.selectbox(key="whatif_S-2022-155_RUS").value == "Y" and url(at, "wi_votes") == ["v1,RUS:Y"]


def test_whatif_of_a_decision_filtered_out_starts_from_the_record() -> None:
    at = _whatif({"topic": "ukraine"})
    at.selectbox(key="whatif_S-2022-155_RUS").set_value("Y")
    run(at)
    at.multiselect(key="topic").set_value(["dprk"])
    run(at)
    newest = str(V.filter_decisions(data.load_unsc_decisions(), topics=["dprk"])["decision_id"].iloc[-1])
    assert at.selectbox(key="wi_decision").value == newest
    assert "wi_votes" not in at.query_params and "wi_decision" not in at.query_params
    assert t("votes.whatif_unchanged", "en") in notices(at)


def test_korean_page_translates_labels() -> None:
    at = page(lang="ko")
    assert at.title[0].value == t("nav.unsc_votes", "ko")
    assert summary(at).startswith("선택된 결정")
    assert {v["vote_label"] for v in rows(at)} <= {t(f"votes.vote.{c}", "ko") for c in V.VOTE_CODES}
    assert "★ 미국" in {v["member"] for v in rows(at)}
    section(at, "agreement")
    assert "★ 미국" in {v["member_a_label"] for v in rows(at, 1)}


# ---------------------------------------------------------------- ?decision= from an event's link
def _event_link(decision_id: str) -> dict[str, str | list[str]]:
    index = ev.build_link_index(data.load_arms_exports(), data.load_unsc_decisions())
    return ev.link_targets(None, decision_id, index)[0].query_params


def test_decision_link_shows_the_decision_and_picks_it_out_in_the_matrix() -> None:
    at = page(_event_link("S-2022-155"))
    assert not at.info  # every value of the link was understood
    m = metrics(at)
    assert m[t("votes.col.outcome", "en")] == "Vetoed" and m[t("votes.col.tally", "en")] == "11-1-3"
    assert m[t("votes.col.date", "en")] == "25 February 2022"
    assert any(s.value == escape_markdown("S/2022/155") for s in at.subheader)
    row = data.load_unsc_decisions().set_index("decision_id").loc["S-2022-155"]
    assert any(b.proto.url == row["source_url"] for b in at.get("link_button"))
    assert "S/2022/155" in chart_specs(at)[0]["layer"][0]["encoding"]["opacity"]["condition"]["test"]
    assert url(at, "decision") == ["S-2022-155"]


def test_decision_link_preselects_the_whatif_and_lists_the_decision_first() -> None:
    at = section(page({"topic": "ukraine", "decision": "S-2022-155"}), "whatif")
    assert at.selectbox(key="wi_decision").value == "S-2022-155"
    last = str(V.filter_decisions(data.load_unsc_decisions(), topics=["ukraine"])["decision_id"].iloc[-1])
    at.selectbox(key="wi_decision").set_value(last)
    run(at)  # the reader can move on: the link does not pull the choice back
    assert at.selectbox(key="wi_decision").value == last
    section(at, "decisions")
    table = at.dataframe[0].value
    linked = t("votes.col.highlight", "en")
    assert table.iloc[0][t("votes.col.symbol", "en")] == "S/2022/155" and table.iloc[0][linked] == "▶"
    assert (table[linked] == "▶").sum() == 1


def test_clearing_the_decision_highlight() -> None:
    at = page({"decision": "S-2022-155"})
    at.button(key="decision_clear").click()
    run(at)
    assert "decision" not in at.query_params
    assert "opacity" not in chart_specs(at)[0]["layer"][0]["encoding"]


@pytest.mark.parametrize("bad", ["S-RES-9999-2099", "<script>alert('x')</script>", "[x](javascript:alert(1))"])
def test_unknown_or_hostile_decision_is_dropped_with_a_notice_and_not_echoed(bad: str) -> None:
    at = page({"decision": bad})
    assert any("decision" in i for i in notices(at))
    assert "decision" not in at.query_params
    assert t("votes.col.tally", "en") not in metrics(at)
    shown = " ".join(e.value for e in [*at.markdown, *at.caption, *at.info, *at.subheader] if isinstance(e.value, str))
    assert bad not in shown and "alert" not in shown


# ---------------------------------------------------------------- cached chart specs follow their inputs
def test_matrix_follows_a_years_change_and_comes_back_unchanged() -> None:
    at = page({"topic": "ukraine"})
    everything = {v["symbol"] for v in rows(at)}
    at.slider(key="years").set_value((2022, 2022))
    run(at)
    expected = V.filter_decisions(data.load_unsc_decisions(), topics=["ukraine"], years=(2022, 2022))
    assert {v["symbol"] for v in rows(at)} == set(expected["symbol"]) < everything
    lo, hi = V.year_bounds(data.load_unsc_decisions())
    at.slider(key="years").set_value((lo, hi))
    run(at)
    assert {v["symbol"] for v in rows(at)} == everything and "years" not in at.query_params


# ---------------------------------------------------------------- curated text is never markdown
HOSTILE_TITLE = "**Bold** [click](javascript:alert(1)) $x$ <b>tag</b> :material/home:"


def test_a_title_with_markdown_is_shown_literally(monkeypatch: pytest.MonkeyPatch) -> None:
    real_load = data.load

    def load(name: str, *args, **kwargs):
        df = real_load(name, *args, **kwargs)
        if name == "unsc_decisions":
            df = df.copy()
            df.loc[df["decision_id"] == "S-2022-155", "title"] = HOSTILE_TITLE
        return df

    monkeypatch.setattr(data, "load", load)
    at = section(page({"decision": "S-2022-155"}), "whatif")
    captions = [c.value for c in at.caption]
    assert escape_markdown(HOSTILE_TITLE) in captions
    shown = [e.value for e in [*at.markdown, *at.caption, *at.info, *at.subheader] if isinstance(e.value, str)]
    assert not any(HOSTILE_TITLE in s for s in shown)
    assert any(escape_markdown(HOSTILE_TITLE) in m.value for m in at.markdown if isinstance(m.value, str))


@pytest.mark.parametrize("bad", ["<script>alert('x')</script>", "RUS:Y,KOR:N", "Z" * 500])
def test_hostile_whatif_votes_are_dropped_with_a_notice_and_not_echoed(bad: str) -> None:
    at = page({"section": "whatif", "wi_decision": "S-2022-155", "wi_votes": bad})
    assert any("wi_votes" in n for n in notices(at))
    shown = " ".join(e.value for e in [*at.markdown, *at.caption, *at.info] if isinstance(e.value, str))
    assert "alert" not in shown and "Z" * 100 not in shown
    assert url(at, "wi_votes") == (["v1,RUS:Y"] if bad.startswith("RUS:Y") else [])


# ---------------------------------------------------------------- agreement bases, terms, key votes, differences
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_agreement_basis_is_said_chosen_and_kept_in_the_link(lang: str) -> None:
    at = section(page(lang=lang), "agreement")
    assert at.segmented_control(key="basis").value == "all"
    words = t("votes.basis.all", lang) + t("votes.basis_default", lang)
    assert any(words in shown(c.value) for c in at.caption)  # the default, said in words under the figure
    assert "basis" not in at.query_params
    at.segmented_control(key="basis").set_value("contested")
    run(at)
    assert url(at, "basis") == ["contested"]
    assert any(t("votes.basis.contested", lang) in shown(c.value) for c in at.caption)
    bars = rows(at, 0)
    assert bars and all(t("votes.same_of", lang, same=b["same"], shared=b["shared"]) in b["value_label"] for b in bars)
    section(at, "vetoes")
    section(at, "agreement")  # the choice survives a visit to another section
    assert at.segmented_control(key="basis").value == "contested" and url(at, "basis") == ["contested"]
    again = page({"section": "agreement", "basis": "contested"}, lang)
    assert again.segmented_control(key="basis").value == "contested"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_korea_s_terms_set_the_years(lang: str) -> None:
    at = page(lang=lang)
    terms = V.seat_terms(data.load_unsc_membership(), "KOR")
    options = at.pills(key="term").options
    assert [o for o in options][:-1] == [f"{a}–{b}" for a, b in terms]
    assert at.pills(key="term").value == "all"
    a, b = terms[-1]
    at.pills(key="term").set_value(f"{a}-{b}")
    run(at)
    assert at.slider(key="years").value == (a, b) and url(at, "years") == [str(a), str(b)]
    assert at.selectbox(key="focus").value == "KOR"
    at.pills(key="term").set_value("all")
    run(at)
    assert "years" not in at.query_params


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_key_votes_list_why_each_is_key(lang: str) -> None:
    at = page({"section": "key", "topic": "ukraine"}, lang)
    table = at.dataframe[0].value
    why = dict(zip(table[t("votes.col.symbol", lang)], table[t("votes.col.why", lang)]))
    assert why["S/2022/155"].startswith(t("votes.why.veto", lang, members=country_name("RUS", lang)))
    key = V.key_votes(V.filter_decisions(data.load_unsc_decisions(), topics=["ukraine"]), data.load_unsc_votes(),
                      data.load_unsc_membership())  # fmt: skip
    assert len(table) == len(key) and len(charts(at)) == 1


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_where_korea_and_the_us_differed_and_another_pair_in_the_link(lang: str) -> None:
    at = page({"section": "differ"}, lang)
    assert at.selectbox(key="differ_a").value == "KOR" and at.selectbox(key="differ_b").value == "USA"
    d = V.differences(data.load_unsc_decisions(), data.load_unsc_votes(), data.load_unsc_membership(), "KOR", "USA")
    table = at.dataframe[0].value
    assert list(table[t("votes.col.symbol", lang)]) == list(d.rows["symbol"].iloc[::-1])
    kor, usa = country_name("KOR", lang), country_name("USA", lang)
    assert notices(at) == [t("votes.differ_count.other", lang, n=len(d.rows), a=kor, b=usa, shared=d.shared,
                             contested=d.contested)]  # fmt: skip
    assert "differ_a" not in at.query_params  # defaults stay out of the link
    at.selectbox(key="differ_b").set_value("CHN")
    run(at)
    assert url(at, "differ_b") == ["CHN"]
    again = page({"section": "differ", "differ_a": "KOR", "differ_b": "CHN"}, lang)
    assert at.subheader[0].value == again.subheader[0].value
    assert country_name("CHN", lang) in shown(again.subheader[0].value)


def test_members_who_never_sat_together_are_told_so() -> None:
    at = page({"section": "differ", "differ_a": "KOR", "differ_b": "BOL"})  # Bolivia sat in 2017-2018
    assert not charts(at) and not at.dataframe
    assert notices(at) == [t("votes.differ_never", "en", a="South Korea", b="Bolivia", years="2017–2025")]
