"""Agreement over all decisions and over contested ones (each with its n), Council terms, key votes and
where two members differ: on a small hand-computed record, then on a synthetic record the size of the
real one (about 2,000 decisions 1994-2026)."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from atlas.core import data as data_mod
from atlas.core.figure import Datasets
from atlas.overview import figures as ofig
from atlas.overview import model as omodel
from atlas.votes import figures as F
from atlas.votes import model as M
from atlas.votes.state import SECTIONS, State
from tests.support.council import KOREA_TERMS, write_record

# ---------------------------------------------------------------- a record small enough to count by hand
# 2024: USA, RUS (permanent), KOR, JPN; 2025: USA, RUS, KOR, DZA.
VOTES = {
    "D1": {"USA": "Y", "RUS": "Y", "KOR": "Y", "JPN": "Y"},  # unanimous
    "D2": {"USA": "Y", "RUS": "N", "KOR": "Y", "JPN": "A"},  # vetoed
    "D3": {"USA": "Y", "RUS": "Y", "KOR": "Y", "JPN": "Y"},  # unanimous here, adopted 10-0-5 on the Council
    "D4": {"USA": "N", "RUS": "Y", "KOR": "A", "DZA": "Y"},  # failed 8-2-5
    "D5": {"USA": "Y", "RUS": "Y", "KOR": "Y", "DZA": "Y"},  # unanimous
    "D6": {"USA": "Y", "RUS": "A", "KOR": "Y", "DZA": "Y"},  # adopted 14-0-1
}
TALLIES = {  # decision: (date, outcome, yes, no, abstain)
    "D1": ("2024-01-10", "adopted", 15, 0, 0),
    "D2": ("2024-03-10", "vetoed", 13, 1, 1),
    "D3": ("2024-06-10", "adopted", 10, 0, 5),
    "D4": ("2025-02-10", "failed", 8, 2, 5),
    "D5": ("2025-05-10", "adopted", 15, 0, 0),
    "D6": ("2025-08-10", "adopted", 14, 0, 1),
}


@pytest.fixture()
def small() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    decisions = pd.DataFrame(
        [
            {
                "decision_id": d,
                "date": pd.Timestamp(day),
                "symbol": f"S/{d}",
                "topic": "other",
                "title": f"Decision {d}",
                "title_ko": pd.NA,
                "outcome": outcome,
                "procedural": False,
                "yes": yes,
                "no": no,
                "abstain": abstain,
                "source_url": f"https://digitallibrary.un.org/record/{d}",
            }
            for d, (day, outcome, yes, no, abstain) in TALLIES.items()
        ]
    )
    votes = pd.DataFrame(
        [{"decision_id": d, "member_iso3": m, "vote": v} for d, cast in VOTES.items() for m, v in cast.items()]
    )
    seats = [(2024, m) for m in ("USA", "RUS", "KOR", "JPN")] + [(2025, m) for m in ("USA", "RUS", "KOR", "DZA")]
    membership = pd.DataFrame(
        [{"year": y, "member_iso3": m, "seat": "permanent" if m in ("USA", "RUS") else "elected"} for y, m in seats]
    )
    return decisions, votes, membership


def test_contested_means_some_vote_not_yes(small) -> None:
    decisions, votes, _ = small
    assert list(decisions.loc[M.contested_mask(decisions, votes), "decision_id"]) == ["D2", "D4", "D6"]
    assert list(M.on_basis(decisions, votes, "all")["decision_id"]) == list(decisions["decision_id"])
    with pytest.raises(ValueError, match="unknown basis"):
        M.on_basis(decisions, votes, "some")


def test_a_decision_without_vote_rows_is_judged_by_its_tally(small) -> None:
    decisions, votes, _ = small
    no_rows = votes[votes["decision_id"] != "D3"]  # D3's tally says five abstained
    assert list(decisions.loc[M.contested_mask(decisions, no_rows), "decision_id"]) == ["D2", "D3", "D4", "D6"]


def test_agreement_on_both_bases_with_n_counted_by_hand(small) -> None:
    decisions, votes, membership = small
    both = M.agreement_both(decisions, votes, membership, "KOR", ["USA", "RUS", "JPN", "CHN"]).set_index("member")
    # KOR-USA: same on D1 D2 D3 D5 D6, not D4 (A / N): 5 of 6; contested D2 D4 D6: same on D2 D6, 2 of 3
    assert tuple(both.loc["USA", ["same", "n_shared", "same_contested", "n_contested"]]) == (5, 6, 2, 3)
    # KOR-RUS: same on D1 D3 D5 only: 3 of 6; on the contested ones never: 0 of 3
    assert tuple(both.loc["RUS", ["same", "n_shared", "same_contested", "n_contested"]]) == (3, 6, 0, 3)
    # KOR-JPN sat together in 2024 only: D1 D3 same, D2 Y / A: 2 of 3; contested D2: 0 of 1
    assert tuple(both.loc["JPN", ["same", "n_shared", "same_contested", "n_contested"]]) == (2, 3, 0, 1)
    assert both.loc["USA", "share"] == pytest.approx(5 / 6) and both.loc["USA", "share_contested"] == pytest.approx(
        2 / 3
    )
    assert both.loc["CHN", "n_shared"] == 0 and pd.isna(both.loc["CHN", "share"])  # never on the Council here


def test_agreement_with_a_basis_and_years(small) -> None:
    decisions, votes, membership = small
    (usa,) = M.agreement_with(decisions, votes, membership, "KOR", ["USA"], years=(2025, 2025)).itertuples()
    assert (usa.same, usa.n_shared) == (2, 3)  # D5 D6 same, D4 not
    (usa,) = M.agreement_with(decisions, votes, membership, "KOR", ["USA"], (2025, 2025), "contested").itertuples()
    assert (usa.same, usa.n_shared) == (1, 2)  # D4 D6 contested, same on D6


def test_the_page_states_both_bases_with_n(small) -> None:
    decisions, votes, membership = small
    data = {"unsc_decisions": decisions, "unsc_votes": votes, "unsc_membership": membership}
    for basis, share in (("all", "83%"), ("contested", "67%")):
        fig = F.figures(State(section="agreement", focus="KOR", basis=basis), data, "en")[0]
        row = fig.table.set_index("Member").loc["United States"]
        assert (row["Agreement, all decisions"], row["Same vote, all decisions"]) == ("83%", 5)
        assert row["All decisions both voted on"] == 6
        assert (row["Agreement, contested decisions"], row["Same vote, contested decisions"]) == ("67%", 2)
        assert row["Contested decisions both voted on"] == 3
        spec = fig.chart.to_dict()
        bars = spec["datasets"][(spec.get("data") or spec["layer"][0]["data"])["name"]]
        usa = next(b for b in bars if b["member"] == "USA")
        assert usa["value_label"].startswith(f"{share} · ")
        assert ("5 of 6" if basis == "all" else "2 of 3") in usa["value_label"]
        words = "over all decisions both members voted on (default)" if basis == "all" else "over contested decisions"
        assert words in fig.subtitle
        assert "Agreement over all 6 selected decisions is the default; over the 3 contested ones" in fig.caption


def test_a_selection_with_no_contested_decision_says_so(small) -> None:
    decisions, votes, membership = small
    data = {"unsc_decisions": decisions, "unsc_votes": votes, "unsc_membership": membership}
    state = State(section="agreement", years=(2024, 2024), outcome=("adopted",), basis="contested")
    focus, heat = F.figures(state, data, "en")  # D1 and D3, both unanimous in these votes
    assert focus.chart is None and heat.chart is None
    assert any("All 2 selected decisions were unanimous" in n for n in focus.notes)
    (matrix,) = F.figures(state.with_(section="matrix"), data, "en")
    assert matrix.chart is None and any("All 2 selected decisions were unanimous" in n for n in matrix.notes)
    (shown,) = F.figures(state.with_(section="matrix", unanimous=True), data, "en")
    assert shown.chart is not None


def test_council_terms_are_runs_of_seat_years() -> None:
    seats = pd.DataFrame({"year": [1996, 1997, 2013, 2014, 2024, 2025], "member_iso3": ["KOR"] * 6})
    assert M.seat_terms(seats, "KOR") == ((1996, 1997), (2013, 2014), (2024, 2025))
    assert M.seat_terms(seats, "JPN") == ()
    one = pd.DataFrame({"year": [2017], "member_iso3": ["ITA"]})  # a split term
    assert M.seat_terms(one, "ITA") == ((2017, 2017),)


def test_key_votes_close_split_and_vetoed(small) -> None:
    decisions, votes, membership = small
    key = M.key_votes(decisions, votes, membership).set_index("decision_id")
    assert list(key.index) == ["D2", "D3", "D4", "D6"]  # D1 and D5: unanimous, wide margins
    assert key.loc["D2", ["veto", "split", "close"]].tolist() == [True, True, False]
    assert key.loc["D3", ["veto", "split", "close"]].tolist() == [False, False, True]  # adopted with 10
    assert key.loc["D4", ["veto", "split", "close"]].tolist() == [False, True, True]  # failed with 8
    assert key.loc["D6", ["veto", "split", "close"]].tolist() == [False, True, False]  # Russia abstained
    assert key.loc["D3", "margin"] == 1 and key.loc["D4", "margin"] == -1


@pytest.mark.parametrize(
    ("outcome", "yes", "close"),
    [("adopted", 9, True), ("adopted", 10, True), ("adopted", 11, False), ("failed", 8, True), ("failed", 7, True),
     ("failed", 6, False), ("vetoed", 9, False)],
)  # fmt: skip
def test_the_close_margin_bounds(outcome: str, yes: int, close: bool) -> None:
    decisions = pd.DataFrame(
        {
            "decision_id": ["D"],
            "date": [pd.Timestamp("2024-01-01")],
            "symbol": ["S/1"],
            "outcome": [outcome],
            "yes": [yes],
        }
    )
    votes = pd.DataFrame({"decision_id": ["D"], "member_iso3": ["USA"], "vote": ["Y"]})
    membership = pd.DataFrame({"year": [2024], "member_iso3": ["USA"], "seat": ["permanent"]})
    key = M.key_votes(decisions, votes, membership)
    assert bool(len(key) and key["close"].iloc[0]) == close
    assert len(key) == int(close or outcome == "vetoed")  # a vetoed draft is a key vote, but not a close one


def test_where_two_members_differ(small) -> None:
    decisions, votes, membership = small
    d = M.differences(decisions, votes, membership, "KOR", "USA")
    assert list(d.rows["decision_id"]) == ["D4"] and (d.rows["vote_a"].iloc[0], d.rows["vote_b"].iloc[0]) == ("A", "N")
    assert (d.shared, d.contested) == (6, 3)
    r = M.differences(decisions, votes, membership, "KOR", "RUS")
    assert list(r.rows["decision_id"]) == ["D2", "D4", "D6"]
    never = M.differences(decisions, votes, membership, "JPN", "DZA")
    assert never.rows.empty and never.shared == 0


def test_the_differ_figure_says_n_and_an_empty_pair_says_why(small) -> None:
    decisions, votes, membership = small
    data = {"unsc_decisions": decisions, "unsc_votes": votes, "unsc_membership": membership}
    (fig,) = F.figures(State(section="differ", focus="KOR"), data, "en")
    assert fig.title == "Where South Korea and United States voted differently"
    assert fig.notes == (
        "South Korea and United States voted differently on 1 of the 6 decisions both voted on (3 of them contested).",
    )
    assert list(fig.table["Symbol"]) == ["S/D4"] and fig.table["Vote: South Korea"].iloc[0] == "Abstain"
    (never,) = F.figures(State(section="differ", differ_a="JPN", differ_b="DZA"), data, "ko")
    assert never.chart is None and never.table.empty and "함께 이사국이었던 적이 없어" in never.notes[0]
    (same,) = F.figures(State(section="differ", differ_a="USA", differ_b="KOR", years=(2024, 2024)), data, "en")
    assert same.chart is None and "voted differently on 0 of the 3 decisions" in same.notes[0]


def test_the_key_figure_says_why_each_decision_is_key(small) -> None:
    decisions, votes, membership = small
    data = {"unsc_decisions": decisions, "unsc_votes": votes, "unsc_membership": membership}
    (fig,) = F.figures(State(section="key"), data, "en")
    why = dict(zip(fig.table["Symbol"], fig.table["Why it is a key vote"]))
    assert why["S/D2"] == "vetoed by Russia; permanent members split"
    assert why["S/D4"] == "permanent members split; close margin: 8 in favour, 9 needed"
    assert fig.caption.startswith("4 key votes among the 6 selected decisions: 2 with a close margin, 3 with")
    (split,) = F.figures(State(section="key", years=(2025, 2025), outcome=("adopted",)), data, "en")
    assert list(split.table["Symbol"]) == ["S/D6"]  # D5 unanimous; D6 split
    (close,) = F.figures(State(section="key", years=(2024, 2024), outcome=("adopted",)), data, "en")
    assert list(close.table["Symbol"]) == ["S/D3"] and not close.notes  # D1 unanimous; D3 close
    data_no_key = {**data, "unsc_decisions": decisions[decisions["decision_id"].isin(["D1", "D5"])]}
    (nothing,) = F.figures(State(section="key"), data_no_key, "en")
    assert nothing.chart is None and nothing.notes == (
        "No key votes among the selected decisions: no close margin, no split among the permanent members, no veto.",
    )


# ---------------------------------------------------------------- the whole record's size (synthetic)
@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Datasets:
    out = write_record(tmp_path_factory.mktemp("council"))
    return Datasets(loader=lambda n: data_mod.load(n, out), available=lambda: data_mod.available(out))


def test_the_synthetic_record_is_the_size_of_the_real_one(record) -> None:
    decisions, votes = record["unsc_decisions"], record["unsc_votes"]
    assert 1900 <= len(decisions) <= 2100 and 28000 <= len(votes) <= 32000
    assert {"agenda", "region", "compiled_from", "checked_against"} <= set(decisions.columns)
    assert M.check_consistency(decisions, votes, record["unsc_membership"]) == []


def test_the_decisions_table_shows_the_record_s_provenance_columns_when_the_file_has_them(record, small) -> None:
    (fig,) = F.figures(State(section="decisions"), record, "en")
    assert {"UN agenda item", "Region", "Compiled from", "Checked against"} <= set(fig.table.columns)
    decisions, votes, membership = small  # the curated file's columns only
    data = {"unsc_decisions": decisions.assign(draft_symbol=pd.NA, meeting_record=pd.NA, notes=pd.NA),
            "unsc_votes": votes, "unsc_membership": membership}  # fmt: skip
    (fig,) = F.figures(State(section="decisions"), data, "en")
    assert not {"UN agenda item", "Compiled from"} & set(fig.table.columns)


def test_korea_s_three_terms_come_from_membership(record) -> None:
    assert M.seat_terms(record["unsc_membership"], "KOR") == KOREA_TERMS


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_builds_at_the_size_of_the_record(record, section: str, lang: str) -> None:
    for fig in F.figures(State(section=section), record, lang):
        assert fig.title and fig.sources
        if fig.chart is not None:
            fig.chart.to_dict()
        else:
            assert fig.notes


def test_the_matrix_draws_contested_decisions_a_page_at_a_time_and_says_how_many_it_left_out(record) -> None:
    view = F.resolve(State(), record)
    contested = int(M.contested_mask(view.selected, record["unsc_votes"]).sum())
    assert len(view.matrix) == contested < len(view.selected)
    assert view.unanimous_hidden == len(view.selected) - contested > 1000
    (fig,) = F.figures(State(), record, "en")
    assert fig.table.shape[1] - 1 == M.MATRIX_PAGE_SIZE  # one column per decision on the page
    assert f"contested decisions only ({view.unanimous_hidden:,} unanimous decisions not drawn)" in fig.subtitle
    assert not fig.notes
    everything = F.resolve(State(unanimous=True), record)
    assert everything.pages == M.matrix_pages(len(everything.selected)) > view.pages


def test_korea_s_agreement_over_its_latest_term_on_both_bases(record) -> None:
    """Over every decision the United States and South Korea agree far more often than over contested ones."""
    usa = M.agreement_both(
        record["unsc_decisions"], record["unsc_votes"], record["unsc_membership"], "KOR", ["USA"], (2024, 2025)
    ).iloc[0]
    assert usa["n_shared"] > 100 and 0 < usa["n_contested"] < usa["n_shared"]
    assert usa["share"] > usa["share_contested"]
    basis = ofig.council_basis(record)
    assert basis is not None
    assert (basis.first_year, basis.last_year) == (2024, 2025)
    assert basis.decisions == usa["n_shared"] and basis.contested == usa["n_contested"]
    fig = ofig.council_figure(record, "en")
    assert fig is not None
    row = fig.table.iloc[0]
    assert row.iloc[0] == "United States"
    assert row.iloc[2] == f"{usa['same']} of {usa['n_shared']}" and row.iloc[4] == (
        f"{usa['same_contested']} of {usa['n_contested']}"
    )
    assert fig.subtitle == "Voted the same as South Korea in its latest Council term, 2024–2025"
    assert ofig.council_link(record) == {"years": ["2024", "2025"], "section": ["agreement"]}
    assert omodel.latest_term(record["unsc_votes"], record["unsc_decisions"]) == (2024, 2025)  # without membership


def test_files_without_the_new_columns_or_korean_titles_still_work(tmp_path) -> None:
    out = write_record(tmp_path, per_year=8, extra_columns=False)
    decisions = pd.read_csv(out / "unsc_decisions.csv", dtype=str)
    decisions.drop(columns=["title_ko"]).to_csv(out / "unsc_decisions.csv", index=False)
    data = Datasets(loader=lambda n: data_mod.load(n, out), available=lambda: data_mod.available(out))
    for section in SECTIONS:
        for fig in F.figures(State(section=section, unanimous=True), data, "ko"):
            if fig.chart is not None:
                fig.chart.to_dict()
    (matrix,) = F.figures(State(unanimous=True), data, "ko")
    titles = matrix.table.set_index(matrix.table.columns[0]).loc["제목"]
    assert titles.str.startswith("Synthetic decision").all()  # the English title, no Korean one


def test_the_agreement_bars_draw_a_readable_number_of_members_and_say_so(record) -> None:
    """Over the whole record some 80 members sat with the focus member: the bars keep the ones who sat with it on
    the most decisions (the permanent members always) and say how many were ranked; the table keeps them all."""
    fig = next(f for f in F.figures(State(section="agreement"), record, "en") if f.id == "votes.agreement")
    drawn = {row["label"] for row in next(iter(fig.chart.to_dict()["datasets"].values()))}
    assert len(fig.table) > F.CHART_MEMBERS >= len(drawn) - 5
    assert any(
        n.startswith(f"Drawn: the {len(drawn)} members") and f"of {len(fig.table)} ranked" in n for n in fig.notes
    )
    for permanent in ("China", "France", "Russia", "United Kingdom", "United States"):
        assert any(permanent in label for label in drawn)
    from pptx import Presentation

    from atlas.briefing.figures import Handout, Slide
    from atlas.render import deck

    one = Handout("en", "T", date(2026, 12, 1), (), (Slide(1, "On the Council", "", fig, "", "", ""),))
    (points_per_px,) = deck.label_points(list(Presentation(io.BytesIO(deck.build(one))).slides)[1])
    assert points_per_px * deck.slides.MIN_FONT >= 12  # on a slide, readable from the back of the room


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_counts_over_a_thousand_are_written_with_a_separator(record, lang: str) -> None:
    """'1996' reads as a year out loud; the whole record's count is '1,996'-style in every caption."""
    import re

    figs = F.figures(State(section="agreement"), record, lang)
    captions = " ".join(f.caption for f in figs)  # no years in them: a bare 2013 would be the count
    n = len(record["unsc_decisions"])
    assert f"{n:,}" in captions
    assert not re.search(rf"(?<![\d,]){n}(?![\d,])", captions), "a count written without its separator"
