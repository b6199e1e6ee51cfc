"""The votes page's figures built with no Streamlit: every section for the default view and for
a link with every key set, in English and Korean; and what a briefer reads off them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from atlas.core import colours
from atlas.core.figure import Datasets, Figure
from atlas.i18n import t
from atlas.votes import figures as F
from atlas.votes import labels as L
from atlas.votes import model as M
from atlas.votes.state import SECTIONS, State
from tests.unit.test_votes_state import EVERY_KEY

LANGS = ("en", "ko")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data() -> Datasets:
    return Datasets()


def every_key_state(data) -> State:
    state, rejected = State.from_query(EVERY_KEY, data)
    assert rejected == ()
    return state


def _valid(fig: Figure, lang: str) -> None:
    assert fig.id.startswith("votes.") and fig.title and fig.lang == lang
    assert fig.url.startswith("/unsc_votes")
    if fig.chart is not None:
        fig.chart.to_dict()  # validates against the Vega-Lite schema
        assert not fig.table.empty
        assert fig.sources and fig.as_of is not None
    else:
        assert fig.notes, "a figure without a chart says why"
    assert fig.sources, f"{fig.id} names no source"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", SECTIONS)
def test_every_figure_of_the_default_view(data, section: str, lang: str) -> None:
    figs = F.figures(State(section=section), data, lang)
    assert figs, section
    for fig in figs:
        _valid(fig, lang)
        assert fig.chart is not None, f"{fig.id} has a chart in the default view"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("section", SECTIONS)
def test_every_figure_of_a_link_with_every_key(data, section: str, lang: str) -> None:
    state = every_key_state(data).with_(section=section)
    figs = F.figures(state, data, lang)
    assert figs
    for fig in figs:
        _valid(fig, lang)
        assert "lang=ko" in fig.url if lang == "ko" else "lang" not in fig.url
        assert "wi_votes=" in fig.url
        assert ("section=" + section in fig.url) == (section != "matrix")  # the default is left out


def test_figures_need_no_streamlit() -> None:
    """A fresh interpreter builds every section's figures without importing Streamlit."""
    code = (
        "import sys; from atlas.core.figure import Datasets; from atlas.votes import figures as F; "
        "from atlas.votes.state import State; figs = F.all_figures(State(), Datasets(), 'ko'); "
        "assert len(figs) == 8, figs; assert 'streamlit' not in sys.modules, 'streamlit imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_an_empty_selection_has_no_figures(data) -> None:
    state = State(topic=("dprk",), years=(2023, 2023), outcome=("adopted",))
    assert F.figures(state, data, "en") == []


def test_subtitle_states_the_filters_in_words(data) -> None:
    (fig,) = F.figures(State(topic=("dprk",), years=(2022, 2024), outcome=("vetoed",)), data, "en")
    assert fig.subtitle.startswith("2022–2024 · North Korea (DPRK) · Vetoed · ")


# ---------------------------------------------------------------- plurals
def test_one_decision_is_singular_in_the_summary_and_subtitle(data) -> None:
    state = State(topic=("ukraine",), years=(2025, 2025))
    view = F.resolve(state, data)
    assert len(view.selected) == 1
    assert F.summary(view, "en").startswith("1 decision selected:")
    assert "· 1 decision" in F.figures(state, data, "en")[0].subtitle
    assert F.summary(F.resolve(State(), data), "en").startswith(f"{len(data['unsc_decisions'])} decisions selected:")


# ---------------------------------------------------------------- the vote matrix
def _matrix(data, **kw) -> dict:
    (fig,) = F.figures(State(**kw), data, "en")
    return fig.chart.to_dict()


def test_matrix_outlines_the_focus_members_row_and_bolds_its_label(data) -> None:
    spec = _matrix(data, focus="JPN")
    cells, band = spec["layer"]
    assert band["mark"]["stroke"] == colours.HIGHLIGHT and band["mark"]["fillOpacity"] == 0
    assert spec["datasets"][band["data"]["name"]] == [{"member": "Japan"}]
    assert '"Japan"' in cells["encoding"]["y"]["axis"]["labelFontWeight"]["expr"]


def test_matrix_has_no_focus_outline_when_the_focus_never_sat(data) -> None:
    (fig,) = F.figures(State(focus="KOR", years=(2017, 2018)), data, "en")
    assert len(fig.chart.to_dict().get("layer", [])) == 1
    assert any("did not sit on the Council in 2017–2018" in n for n in fig.notes)


def test_matrix_columns_are_symbols_with_the_title_in_tooltip_and_table(data) -> None:
    (fig,) = F.figures(State(topic=("ukraine",)), data, "en")
    layer = fig.chart.to_dict()["layer"][0]
    sort = layer["encoding"]["x"]["sort"]
    assert sort[0] == "S/2022/155" and len(sort) == len(set(sort))
    assert layer["encoding"]["x"]["axis"]["labelLimit"] == 0
    assert "title_label" in {tt["field"] for tt in layer["encoding"]["tooltip"]}
    grid = fig.table.set_index("Member")
    assert grid.at["Date", "S/2022/155"] == "2022-02-25"
    assert grid.at["Title", "S/2022/155"].startswith("Draft deploring")


def test_a_symbol_two_decisions_share_gets_the_decision_id() -> None:
    frame = pd.DataFrame({"decision_id": ["A-1", "A-2", "B"], "symbol": ["S/1", "S/1", "S/2"]})
    assert L.column_labels(frame) == {"A-1": "S/1 (A-1)", "A-2": "S/1 (A-2)", "B": "S/2"}


def test_matrix_tooltip_names_who_voted_no_and_abstained(data) -> None:
    (fig,) = F.figures(State(topic=("ukraine",)), data, "en")
    spec = fig.chart.to_dict()
    rows = [r for r in spec["datasets"][spec["layer"][0]["data"]["name"]] if r["symbol"] == "S/2022/155"]
    assert {r["voted_no"] for r in rows} == {"Russia"}
    assert {r["abstained"] for r in rows} == {"China, India, United Arab Emirates"}
    fields = {tt["field"] for tt in spec["layer"][0]["encoding"]["tooltip"]}
    assert {"voted_no", "abstained"} <= fields


def test_matrix_table_is_the_grid_of_votes(data) -> None:
    (fig,) = F.figures(State(topic=("dprk",)), data, "en")
    grid = fig.table
    assert grid.columns[0] == "Member" and list(grid.iloc[:2, 0]) == ["Date", "Title"]
    assert grid.iloc[2, 0].startswith("★ ")
    assert set(grid.iloc[2:, 1:].stack()) <= {"Yes", "No", "Abstain", "Did not vote", ""}


# ---------------------------------------------------------------- agreement
def _ranking(data, **kw) -> Figure:
    return F.figures(State(section="agreement", **kw), data, "en")[0]


def test_agreement_shows_shared_decisions_beside_every_percentage(data) -> None:
    fig = _ranking(data)
    spec = fig.chart.to_dict()
    rows = (
        spec["datasets"][spec["data"]["name"]] if "data" in spec else spec["datasets"][spec["layer"][0]["data"]["name"]]
    )
    assert rows and all(f"· {r['same']} of {r['shared']}" in r["value_label"] for r in rows)
    assert list(fig.table.columns) == [
        "Rank",
        "Member",
        "Agreement, all decisions",
        "Same vote, all decisions",
        "All decisions both voted on",
        "Agreement, contested decisions",
        "Same vote, contested decisions",
        "Contested decisions both voted on",
        "Note",
    ]
    assert "over all decisions both members voted on (default)" in fig.subtitle


def test_agreement_marks_members_below_the_minimum_and_does_not_rank_them(data) -> None:
    fig = _ranking(data)  # South Korea: 14 decisions with members who sat both years, 9 with the 2025 newcomers
    table = fig.table
    small = table[table["All decisions both voted on"] < M.MIN_SHARED]
    ranked = table[table["All decisions both voted on"] >= M.MIN_SHARED]
    assert not small.empty and not ranked.empty
    assert small["Rank"].isna().all() and (small["Note"] != "").all()
    assert list(ranked["Rank"]) == list(range(1, len(ranked) + 1))
    assert table.index[table["Rank"].isna()].min() > table.index[table["Rank"].notna()].max()  # listed after
    assert any(f"fewer than {M.MIN_SHARED} decisions" in n for n in fig.notes)
    spec = fig.chart.to_dict()
    assert spec["layer"][0]["encoding"]["opacity"]["condition"]["test"] == "datum.small"


def test_agreement_bars_use_stable_country_colours(data) -> None:
    spec = _ranking(data, focus="JPN").chart.to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    mapping = dict(zip(scale["domain"], scale["range"]))
    assert mapping["KOR"] == colours.HIGHLIGHT and mapping["USA"] == colours.colour("USA")


def test_agreement_counts_only_years_both_members_sat(data) -> None:
    decisions, votes, membership = data["unsc_decisions"], data["unsc_votes"], data["unsc_membership"]
    out = M.agreement_with(decisions, votes, membership, "KOR", ["USA", "CHN", "RUS", "MLT"]).set_index("member")
    kor_ids = set(votes.loc[votes["member_iso3"] == "KOR", "decision_id"])
    assert out.at["USA", "n_shared"] == len(kor_ids)
    malta = set(membership.loc[membership["member_iso3"] == "MLT", "year"])
    both = decisions[decisions["decision_id"].isin(kor_ids) & decisions["date"].dt.year.isin(malta)]
    assert out.at["MLT", "n_shared"] == len(both) < out.at["USA", "n_shared"]
    assert list(out.columns) == ["same", "n_shared", "share", "small"]
    assert out.at["USA", "share"] == pytest.approx(out.at["USA", "same"] / out.at["USA", "n_shared"])


def test_agreement_with_a_member_never_seated_together_is_nan(data) -> None:
    d, v, m = data["unsc_decisions"], data["unsc_votes"], data["unsc_membership"]
    out = M.agreement_with(d, v, m, "KOR", ["USA"], years=(2017, 2018))
    assert out.at[0, "n_shared"] == 0 and pd.isna(out.at[0, "share"]) and out.at[0, "small"]


def test_agreement_ignores_a_vote_row_from_a_member_not_seated(data) -> None:
    d, v, m = data["unsc_decisions"], data["unsc_votes"], data["unsc_membership"]
    stray = pd.DataFrame({"decision_id": ["S-2022-155"], "member_iso3": ["KOR"], "vote": ["Y"]})
    out = M.agreement_with(d, pd.concat([v, stray]), m, "KOR", ["USA"], years=(2022, 2022))
    assert out.at[0, "n_shared"] == 0


# ---------------------------------------------------------------- the focus member's seat
def test_default_focus_is_south_korea_when_its_seat_years_are_chosen(data) -> None:
    m = data["unsc_membership"]
    assert M.default_focus(m, (2017, 2025)) == "KOR" and M.default_focus(m, (2025, 2025)) == "KOR"


def test_default_focus_is_the_first_permanent_member_when_korea_did_not_sit(data) -> None:
    m = data["unsc_membership"]
    assert M.default_focus(m, (2017, 2023)) == "USA"
    view = F.resolve(State(years=(2017, 2023), section="agreement"), data)
    assert view.focus == "USA" and view.focus_is_default
    (note, *_) = F.focus_notes(view, "en")
    assert note.startswith("South Korea was not on the Council in 2017–2023 (its seat: 2024–2025)")
    assert "United States" in note
    assert F.focus_notes(view, "ko")[0].startswith("한국은 2017–2023년에")


def test_a_year_without_korea_on_the_council_defaults_elsewhere_with_a_reason() -> None:
    m = pd.DataFrame(
        {
            "year": [2025, 2025, 2026],
            "member_iso3": ["KOR", "USA", "USA"],
            "seat": ["elected", "permanent", "permanent"],
        }
    )
    assert M.default_focus(m, (2026, 2026)) == "USA" and M.default_focus(m, (2025, 2026)) == "KOR"


def test_focus_partly_on_the_council_is_said(data) -> None:
    view = F.resolve(State(focus="KOR"), data)
    notes = F.focus_notes(view, "en")
    assert notes == [
        "South Korea sat on the Council in 2024–2025 only, of 2017–2025: "
        "its agreement counts only decisions of those years."
    ]
    assert F.focus_notes(F.resolve(State(focus="KOR", years=(2024, 2025)), data), "en") == []


def test_focus_off_the_council_gets_a_message_and_no_ranking(data) -> None:
    fig = _ranking(data, focus="KOR", years=(2017, 2018))
    _valid(fig, "en")
    assert fig.chart is None and fig.table.empty
    assert t("votes.focus_none", "en", member="South Korea") in fig.notes


def test_format_years_joins_runs() -> None:
    assert L.format_years([2017, 2019, 2020, 2021]) == "2017, 2019–2021"
    assert L.format_years([]) == ""


# ---------------------------------------------------------------- vetoes and decisions
def test_no_vetoes_is_said_with_the_sources_of_the_decisions(data) -> None:
    (fig,) = F.figures(State(section="vetoes", outcome=("adopted",)), data, "en")
    _valid(fig, "en")
    assert fig.chart is None and fig.notes == (t("votes.veto_none", "en"),)


def test_veto_figure_counts_vetoes_by_member_with_stable_colours(data) -> None:
    (fig,) = F.figures(State(section="vetoes", topic=("ukraine",)), data, "en")
    spec = fig.chart.to_dict()
    rows = spec["datasets"][spec["data"]["name"]]
    assert sum(r["n"] for r in rows) == len(fig.table)
    assert dict(zip(spec["encoding"]["color"]["scale"]["domain"], spec["encoding"]["color"]["scale"]["range"]))[
        "Russia"
    ] == colours.colour("RUS")


def test_decisions_table_names_who_voted_no_abstained_and_did_not_vote(data) -> None:
    (fig,) = F.figures(State(section="decisions", topic=("ukraine",)), data, "en")
    row = fig.table[fig.table["Symbol"] == "S/2022/155"].iloc[0]
    assert (row["Voted no"], row["Abstained"], row["Did not vote"]) == (
        "Russia",
        "China, India, United Arab Emirates",
        "—",
    )


def test_votes_long_table_has_every_vote(data) -> None:
    d, v, m = data["unsc_decisions"], data["unsc_votes"], data["unsc_membership"]
    chosen = M.filter_decisions(d, topics=["ukraine"])
    long = L.votes_long_table(chosen, v, m, "en")
    assert len(long) == len(v[v["decision_id"].isin(chosen["decision_id"])])
    russia = long[(long["Symbol"] == "S/2022/155") & (long["ISO3"] == "RUS")]
    assert list(russia["Vote"]) == ["No"]


def test_decisions_table_marks_the_linked_decision_first(data) -> None:
    (fig,) = F.figures(State(section="decisions", topic=("ukraine",), decision="S-2022-155"), data, "en")
    assert fig.table.iloc[0]["Symbol"] == "S/2022/155" and fig.table.iloc[0]["Linked"] == "▶"


# ---------------------------------------------------------------- what-if
def test_whatif_marks_changed_votes_and_shows_the_recorded_outcome_beside_the_recount(data) -> None:
    state = State(section="whatif", recount="S-2022-155", changes=(("RUS", "Y"),))
    (fig,) = F.figures(state, data, "en")
    assert fig.notes[0] == "Recorded: Vetoed (11-1-3) · Recount: Adopted (12-0-3)"
    assert fig.notes[1] == "1 vote changed from the record: Russia: No → Yes"
    assert fig.caption.startswith("Adopted: 12 votes")
    changed = fig.table[fig.table["Changed"] == "changed"]
    assert list(changed["Member"]) == ["Russia"] and list(changed["Recorded outcome"]) == ["No"]
    spec = fig.chart.to_dict()
    cells = spec["layer"][0]
    assert cells["encoding"]["stroke"]["condition"]["test"] == "datum.changed"
    rows = spec["datasets"][spec["data"]["name"]]
    marked = [r for r in rows if r["changed"]]
    assert [(r["member"], r["vote_label"], r["cell_text"]) for r in marked] == [("★ Russia", "Yes", "changed")]


def test_whatif_two_changes_are_plural_and_none_says_so(data) -> None:
    two = State(section="whatif", recount="S-2022-155", changes=(("CHN", "N"), ("RUS", "Y")))
    assert F.figures(two, data, "en")[0].notes[1].startswith("2 votes changed from the record:")
    none = State(section="whatif", recount="S-2022-155")
    assert F.figures(none, data, "en")[0].notes[1] == t("votes.whatif_unchanged", "en")


def test_whatif_defaults_to_the_linked_decision_then_the_newest(data) -> None:
    assert F.resolve(State(decision="S-2022-155"), data).recount == "S-2022-155"
    newest = M.filter_decisions(data["unsc_decisions"])["decision_id"].iloc[-1]
    assert F.resolve(State(), data).recount == newest


def test_sources_name_publishers_official_first_and_count_the_rest(data) -> None:
    (fig,) = F.figures(State(), data, "en")
    assert fig.sources[0].tier == "official"
    assert len(fig.sources) == F.MAX_SOURCES + 1 and "other publishers" in fig.sources[-1].publisher
