"""UN Security Council votes: the Article 27 rule, agreement, matrix, vetoes, data, charts."""

from __future__ import annotations

import pandas as pd
import pytest

from atlas import votes as V
from atlas.core import data
from atlas.i18n import t
from atlas.votes import charts as VC

P5 = V.PERMANENT_MEMBERS


@pytest.fixture(scope="module")
def decisions() -> pd.DataFrame:
    return data.load_unsc_decisions()


@pytest.fixture(scope="module")
def votes() -> pd.DataFrame:
    return data.load_unsc_votes()


@pytest.fixture(scope="module")
def membership() -> pd.DataFrame:
    return data.load_unsc_membership()


def council(yes: int, no: int = 0, abstain: int = 0, p5: dict[str, str] | None = None) -> dict[str, str]:
    """Fifteen votes: the permanent members as given (default Y), elected members filling the tally."""
    p5 = {m: "Y" for m in P5} | (p5 or {})
    counts = {"Y": yes, "N": no, "A": abstain}
    for v in p5.values():
        if v in counts:
            counts[v] -= 1
    elected = [v for code in ("Y", "N", "A") for v in [code] * counts[code]]
    elected += ["X"] * (10 - len(elected))
    assert len(elected) == 10 and min(counts.values()) >= 0
    return p5 | {f"E{i:02d}": v for i, v in enumerate(elected)}


# ---------------------------------------------------------------- Article 27 on real cases
def test_res_2774_2025_adopted_10_0_5(votes: pd.DataFrame) -> None:
    result = V.decide(V.votes_of(votes, "S-RES-2774-2025"), procedural=False)
    assert (result.outcome, result.yes, result.no, result.abstain) == ("adopted", 10, 0, 5)
    assert result.reason == "adopted_abstain"  # France and the UK abstained: not a veto


def test_s_2022_155_vetoed_by_russia(votes: pd.DataFrame) -> None:
    result = V.decide(V.votes_of(votes, "S-2022-155"), procedural=False)
    assert (result.outcome, result.vetoers) == ("vetoed", ("RUS",))
    assert (result.yes, result.no, result.abstain) == (11, 1, 3)


def test_res_2623_2022_adopted_despite_russian_no_because_procedural(votes: pd.DataFrame) -> None:
    cast = V.votes_of(votes, "S-RES-2623-2022")
    assert cast["RUS"] == "N"
    result = V.decide(cast, procedural=True)
    assert (result.outcome, result.reason, result.vetoers) == ("adopted", "procedural_no", ())


def test_same_votes_on_a_substantive_matter_would_be_vetoed(votes: pd.DataFrame) -> None:
    assert V.decide(V.votes_of(votes, "S-RES-2623-2022"), procedural=False).outcome == "vetoed"


# ---------------------------------------------------------------- Article 27, edge cases
def test_eight_affirmative_votes_fail() -> None:
    result = V.decide(council(8, 0, 7, {m: "A" for m in P5}), procedural=False)
    assert (result.outcome, result.reason) == ("failed", "too_few")


def test_nine_affirmative_votes_adopt() -> None:
    assert V.decide(council(9, 0, 6, {m: "A" for m in P5}), procedural=False).outcome == "adopted"


def test_permanent_abstention_is_not_a_veto() -> None:
    result = V.decide(council(14, 0, 1, {"CHN": "A"}), procedural=False)
    assert (result.outcome, result.reason) == ("adopted", "adopted_abstain")


def test_permanent_absence_is_not_a_veto() -> None:
    assert V.decide(council(14, 0, 0, {"RUS": "X"}), procedural=False).outcome == "adopted"


def test_elected_no_votes_are_not_vetoes() -> None:
    assert V.decide(council(9, 6), procedural=False).outcome == "adopted"


def test_permanent_no_on_a_draft_short_of_nine_is_failed_not_vetoed() -> None:
    result = V.decide(council(7, 2, 6, {"USA": "N", "GBR": "N", "FRA": "A"}), procedural=False)
    assert (result.outcome, result.vetoers) == ("failed", ())


def test_two_vetoers_are_both_named() -> None:
    result = V.decide(council(13, 2, 0, {"CHN": "N", "RUS": "N"}), procedural=False)
    assert result.vetoers == ("CHN", "RUS")
    assert "China, Russia" in result.explain("en")


def test_explanation_is_one_translated_line() -> None:
    result = V.decide(council(11, 1, 3, {"RUS": "N", "CHN": "A"}), procedural=False)
    en, ko = result.explain("en"), result.explain("ko")
    assert en.startswith("Vetoed") and "Russia" in en and "\n" not in en
    assert ko.startswith("거부권") and "러시아" in ko and "\n" not in ko


def test_unknown_vote_code_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown vote code"):
        V.tally({"USA": "Y", "FRA": "maybe"})


# ---------------------------------------------------------------- agreement
def hand_votes() -> pd.DataFrame:
    """Four decisions; C sat only on d1-d3, D only on d4.

        d1 d2 d3 d4
    A   Y  Y  N  A
    B   Y  N  N  A
    C   Y  Y  A  -
    D   -  -  -  Y
    """
    rows: dict[str, list[str | None]] = {
        "A": ["Y", "Y", "N", "A"],
        "B": ["Y", "N", "N", "A"],
        "C": ["Y", "Y", "A", None],
        "D": [None, None, None, "Y"],
    }
    out = [(f"d{i + 1}", m, v) for m, vs in rows.items() for i, v in enumerate(vs) if v is not None]
    return pd.DataFrame(out, columns=["decision_id", "member_iso3", "vote"])


def _pair(agree: pd.DataFrame, a: str, b: str) -> tuple[int, int, float]:
    r = agree[(agree["member_a"] == a) & (agree["member_b"] == b)].iloc[0]
    return int(r["same"]), int(r["shared"]), float(r["share"])


def test_agreement_hand_worked_example() -> None:
    agree = V.agreement(hand_votes(), ["d1", "d2", "d3", "d4"])
    assert _pair(agree, "A", "B") == (3, 4, 0.75)  # differ only on d2
    assert _pair(agree, "A", "C") == (2, 3, pytest.approx(2 / 3))  # C absent on d4; differ on d3
    assert _pair(agree, "B", "C") == (1, 3, pytest.approx(1 / 3))
    assert _pair(agree, "A", "D") == (0, 1, 0.0)


def test_agreement_is_symmetric_and_self_is_one() -> None:
    agree = V.agreement(hand_votes(), ["d1", "d2", "d3", "d4"])
    assert _pair(agree, "C", "A") == _pair(agree, "A", "C")
    assert _pair(agree, "A", "A") == (4, 4, 1.0)


def test_agreement_never_sat_together_is_nan() -> None:
    agree = V.agreement(hand_votes(), ["d1", "d2", "d3", "d4"])
    same, shared, share = _pair(agree, "C", "D")
    assert (same, shared) == (0, 0) and share != share


def test_agreement_uses_only_selected_decisions() -> None:
    agree = V.agreement(hand_votes(), ["d2"])
    assert _pair(agree, "A", "B") == (0, 1, 0.0)
    assert "D" not in set(agree["member_a"])


def test_agreement_of_nothing_is_empty() -> None:
    assert V.agreement(hand_votes(), []).empty


def test_focus_ranking_orders_by_share_and_drops_self_and_strangers() -> None:
    ranking = V.focus_ranking(V.agreement(hand_votes(), ["d1", "d2", "d3", "d4"]), "A")
    assert list(ranking["member"]) == ["B", "C", "D"]
    assert list(ranking["shared"]) == [4, 3, 1]
    assert V.focus_ranking(V.agreement(hand_votes(), ["d1"]), "D").empty


# ---------------------------------------------------------------- filters, matrix, vetoes
def test_filter_by_topic_years_and_outcome(decisions: pd.DataFrame) -> None:
    out = V.filter_decisions(decisions, topics=["dprk"], years=(2022, 2024), outcomes=["vetoed"])
    assert set(out["symbol"]) >= {"S/2022/431", "S/2024/255"}
    assert set(out["topic"]) == {"dprk"} and set(out["outcome"]) == {"vetoed"}
    assert out["date"].dt.year.between(2022, 2024).all()
    assert out["date"].is_monotonic_increasing


def test_filter_empty_lists_mean_all(decisions: pd.DataFrame) -> None:
    assert len(V.filter_decisions(decisions)) == len(decisions)


def test_filter_can_leave_nothing(decisions: pd.DataFrame) -> None:
    assert V.filter_decisions(decisions, topics=["dprk"], years=(2023, 2023), outcomes=["adopted"]).empty


def test_matrix_pages_hold_at_most_page_size() -> None:
    assert V.matrix_pages(0) == 1 and V.matrix_pages(60) == 1 and V.matrix_pages(61) == 2
    big = pd.DataFrame({"decision_id": [f"D{i}" for i in range(610)]})
    assert len(V.page_slice(big, 11)) == 60 and len(V.page_slice(big, 1)) == 10  # the newest page is full
    assert list(V.page_slice(big, 11)["decision_id"]) == [f"D{i}" for i in range(550, 610)]
    assert list(V.page_slice(big, 99)["decision_id"]) == list(V.page_slice(big, 11)["decision_id"])
    assert list(V.page_slice(big, 0)["decision_id"]) == [f"D{i}" for i in range(10)]
    pieces = [V.page_slice(big, p) for p in range(1, 12)]
    assert list(pd.concat(pieces)["decision_id"]) == list(big["decision_id"])  # every decision once, in order


def test_matrix_cells_mark_permanent_first_and_vetoes(decisions, votes, membership) -> None:
    d = decisions[decisions["decision_id"] == "S-2022-155"]
    cells = V.matrix_cells(d, votes, membership, "en")
    assert len(cells) == 15
    assert list(cells["member_iso3"][:5]) == sorted(P5)
    assert set(cells.loc[cells["veto"], "member_iso3"]) == {"RUS"}
    assert cells["member"].iloc[0].startswith("★ ")
    assert set(cells["tally"]) == {"11-1-3"}


def test_matrix_cells_no_veto_mark_on_procedural_no(decisions, votes, membership) -> None:
    d = decisions[decisions["decision_id"] == "S-RES-2623-2022"]
    assert not V.matrix_cells(d, votes, membership, "en")["veto"].any()


def test_matrix_cells_korean_title_falls_back_marked_english_only(membership) -> None:
    d = pd.DataFrame(
        {
            "decision_id": ["T1"],
            "date": pd.to_datetime(["2024-01-02"]),
            "symbol": ["S/2024/1"],
            "topic": ["other"],
            "title": ["A title"],
            "title_ko": [pd.NA],
            "outcome": ["adopted"],
            "procedural": [False],
            "yes": [1],
            "no": [0],
            "abstain": [0],
        }
    )
    v = pd.DataFrame({"decision_id": ["T1"], "member_iso3": ["KOR"], "vote": ["Y"]})
    assert V.matrix_cells(d, v, membership, "ko")["title_label"].iloc[0] == "A title (영문만 있음)"


def test_column_labels_disambiguate_duplicate_symbols() -> None:
    d = pd.DataFrame({"decision_id": ["A1", "A2", "B"], "symbol": ["S/1", "S/1", "S/2"]})
    assert V.column_labels(d) == {"A1": "S/1 (A1)", "A2": "S/1 (A2)", "B": "S/2"}


def test_veto_list_names_russia_on_s_2022_155(decisions, votes, membership) -> None:
    vl = V.veto_list(decisions, votes, membership)
    row = vl[vl["symbol"] == "S/2022/155"]
    assert list(row["member_iso3"]) == ["RUS"]
    assert row["source_url"].iloc[0].startswith("http")
    assert "S/RES/2623(2022)" not in set(vl["symbol"])  # procedural: no veto


# ---------------------------------------------------------------- the data itself
def test_data_every_decision_has_one_vote_per_member_and_matching_tally_and_outcome(
    decisions, votes, membership
) -> None:
    assert V.check_consistency(decisions, votes, membership) == []


def test_data_has_the_cases_the_issue_names(decisions) -> None:
    assert {"S/RES/2774(2025)", "S/2022/155", "S/RES/2623(2022)"} <= set(decisions["symbol"])


def test_check_finds_a_missing_vote(decisions, votes, membership) -> None:
    bad = votes[~((votes["decision_id"] == "S-2022-155") & (votes["member_iso3"] == "USA"))]
    problems = V.check_consistency(decisions, bad, membership)
    assert any("S-2022-155: no vote for Council member(s) USA of 2022" in p for p in problems)


def test_check_finds_a_non_member_vote(decisions, votes, membership) -> None:
    extra = pd.DataFrame({"decision_id": ["S-2022-155"], "member_iso3": ["KOR"], "vote": ["Y"]})
    problems = V.check_consistency(decisions, pd.concat([votes, extra]), membership)
    assert any("S-2022-155: vote(s) from KOR, not on the Council in 2022" in p for p in problems)


def test_check_finds_a_wrong_tally_and_outcome(decisions, votes, membership) -> None:
    bad = votes.copy()
    bad.loc[(bad["decision_id"] == "S-2022-155") & (bad["member_iso3"] == "RUS"), "vote"] = "A"
    problems = V.check_consistency(decisions, bad, membership)
    assert "S-2022-155: tally recorded 11-1-3 but the votes count 11-0-4" in problems
    assert "S-2022-155: outcome recorded 'vetoed' but Article 27 gives 'adopted'" in problems


# ---------------------------------------------------------------- chart builders
TEXT = {
    k: k.upper()
    for k in (
        "member",
        "other",
        "decision",
        "date",
        "topic",
        "title",
        "tally",
        "outcome",
        "vote",
        "veto",
        "veto_yes",
        "legend",
        "share",
        "same",
        "shared",
        "symbol",
        "voted_no",
        "abstained",
        "year",
        "vetoes",
        "vetoed_by",
        "decisions",
        "changed",
    )
}
VOTE_LABELS = {"Y": "Yes", "N": "No", "A": "Abstain", "X": "Did not vote"}


def layer_values(spec: dict, index: int = 0) -> list[dict]:
    """The rows of one layer of a layered spec (its own data, or the chart's when shared)."""
    data = spec["layer"][index].get("data") or spec["data"]
    return spec["datasets"][data["name"]]


def _matrix_spec(decisions, votes, membership) -> dict:
    d = V.filter_decisions(decisions, topics=["ukraine"])
    cells = V.matrix_cells(d, votes, membership, "en")
    rows = list(dict.fromkeys(cells.sort_values("member_rank")["member"]))
    cols = [V.column_labels(d)[i] for i in d["decision_id"]]
    return VC.vote_matrix(cells, rows, cols, VOTE_LABELS, TEXT).to_dict()["layer"][0]


def test_vote_matrix_uses_okabe_ito_with_a_legend(decisions, votes, membership) -> None:
    color = _matrix_spec(decisions, votes, membership)["encoding"]["color"]
    assert color["scale"]["domain"] == ["Yes", "No", "Abstain", "Did not vote"]
    assert color["scale"]["range"] == ["#0072B2", "#D55E00", "#E69F00", "#999999"]
    assert color["title"] == "LEGEND" and color["legend"] is not None


def test_vote_matrix_columns_by_date_and_vetoes_outlined(decisions, votes, membership) -> None:
    spec = _matrix_spec(decisions, votes, membership)
    enc = spec["encoding"]
    ukraine = V.filter_decisions(decisions, topics=["ukraine"])
    assert enc["x"]["sort"][:2] == list(ukraine["symbol"][:2]) == ["S/2022/155", "S/RES/2623(2022)"]
    assert enc["x"]["axis"]["labelLimit"] == 0  # symbols are drawn whole: no truncation to measure
    assert enc["y"]["sort"][0].startswith("★ ")
    assert enc["stroke"]["condition"]["test"] == "datum.veto"
    assert enc["strokeWidth"]["condition"]["value"] > 0


def test_vote_matrix_tooltip_has_symbol_date_topic_title_tally(decisions, votes, membership) -> None:
    tips = {t["field"]: t["title"] for t in _matrix_spec(decisions, votes, membership)["encoding"]["tooltip"]}
    for field in ("symbol", "date_label", "topic_label", "title_label", "tally", "voted_no", "abstained"):
        assert field in tips
    assert tips["tally"] == "TALLY"


def test_vote_matrix_sends_one_page_only_at_ten_times_the_data(decisions, votes, membership) -> None:
    """Ten copies of every decision: a page of the matrix still carries at most 60 x 15 cells."""
    copies_d, copies_v = [], []
    for k in range(10):
        d = decisions.copy()
        d["decision_id"] = d["decision_id"] + f"-{k}"
        d["symbol"] = d["symbol"] + f"#{k}"
        d["date"] = d["date"] + pd.Timedelta(days=k)
        v = votes.copy()
        v["decision_id"] = v["decision_id"] + f"-{k}"
        copies_d.append(d)
        copies_v.append(v)
    big_d, big_v = V.filter_decisions(pd.concat(copies_d)), pd.concat(copies_v)
    assert V.matrix_pages(len(big_d)) == -(-len(big_d) // 60)
    page = V.page_slice(big_d, V.matrix_pages(len(big_d)))
    cells = V.matrix_cells(page, big_v, membership, "en")
    rows = list(dict.fromkeys(cells["member"]))
    spec = VC.vote_matrix(cells, rows, list(page["symbol"]), VOTE_LABELS, TEXT).to_dict()
    values = layer_values(spec)
    assert len(values) <= 60 * 15


def test_agreement_heatmap_share_scale_and_blank_pairs() -> None:
    agree = V.agreement(hand_votes(), ["d1", "d2", "d3", "d4"])
    agree["member_a_label"] = agree["member_a"]
    agree["member_b_label"] = agree["member_b"]
    spec = VC.agreement_heatmap(agree, ["A", "B", "C", "D"], TEXT).to_dict()
    assert spec["encoding"]["color"]["scale"]["domain"] == [0, 1]
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert not [v for v in values if {v["member_a_label"], v["member_b_label"]} == {"C", "D"}]
    assert len(values) == 16 - 2  # C-D and D-C never sat together: blank


def test_focus_bars_keep_ranking_order() -> None:
    ranking = V.focus_ranking(V.agreement(hand_votes(), ["d1", "d2", "d3", "d4"]), "A")
    ranking["label"] = ranking["member"] + " (n)"
    ranking["value_label"] = ranking["shared"].astype(str) + " shared"
    spec = VC.focus_bars(ranking, TEXT).to_dict()
    bars, text = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == ["B (n)", "C (n)", "D (n)"]
    assert bars["encoding"]["x"]["scale"]["domain"][0] == 0
    assert {t["field"] for t in bars["encoding"]["tooltip"]} >= {"share", "shared"}
    assert text["encoding"]["text"]["field"] == "value_label"  # the number of shared decisions beside each bar


# ---------------------------------------------------------------- the decision an event's link opens
def test_parse_decision_accepts_a_known_id(decisions) -> None:
    did = str(decisions["decision_id"].iloc[-1])
    parsed = V.parse_decision([did], decisions)
    assert (parsed.value, parsed.rejected) == (did, False)


@pytest.mark.parametrize("raw", [["S-RES-9999-2099"], ["<b>x</b>"], ["a", "b"], ["Z" * 500]])
def test_parse_decision_drops_anything_else_with_a_flag(decisions, raw) -> None:
    parsed = V.parse_decision(raw, decisions)
    assert (parsed.value, parsed.rejected) == (None, True)


def test_parse_decision_without_a_value_is_quietly_none(decisions) -> None:
    parsed = V.parse_decision([], decisions)
    assert (parsed.value, parsed.rejected) == (None, False)


def test_page_of_finds_the_matrix_page() -> None:
    d = pd.DataFrame({"decision_id": [f"D{i}" for i in range(7)]})
    assert V.page_of(d, "D0", page_size=3) == 1  # pages from the newest: [D0] [D1-D3] [D4-D6]
    assert V.page_of(d, "D1", page_size=3) == 2
    assert V.page_of(d, "D3", page_size=3) == 2
    assert V.page_of(d, "D4", page_size=3) == 3
    assert V.page_of(d, "D6", page_size=3) == 3
    assert V.page_of(d, "NOPE", page_size=3) is None


def test_highlight_first_marks_and_moves_the_rows() -> None:
    table = pd.DataFrame({"Symbol": ["a", "b", "c"]})
    out = V.highlight_first(table, [False, False, True])
    assert out["Symbol"].tolist() == ["c", "a", "b"]
    assert out["highlight"].tolist() == ["▶", "", ""]
    assert list(out.columns) == ["highlight", "Symbol"]


def test_vote_matrix_picks_out_the_highlighted_column(decisions, votes, membership) -> None:
    d = V.filter_decisions(decisions, topics=["ukraine"])
    cells = V.matrix_cells(d, votes, membership, "en")
    rows = list(dict.fromkeys(cells.sort_values("member_rank")["member"]))
    labels = V.column_labels(d)
    target = labels[str(d["decision_id"].iloc[0])]
    spec = VC.vote_matrix(cells, rows, list(labels.values()), VOTE_LABELS, TEXT, highlight=target).to_dict()["layer"][0]
    opacity = spec["encoding"]["opacity"]
    assert opacity["condition"]["value"] == 1.0 and opacity["value"] == VC.FADED_OPACITY
    assert target in opacity["condition"]["test"]
    assert "bold" in spec["encoding"]["x"]["axis"]["labelFontWeight"]["expr"]
    plain = VC.vote_matrix(cells, rows, list(labels.values()), VOTE_LABELS, TEXT, highlight="not a column").to_dict()
    assert "opacity" not in plain["layer"][0]["encoding"]


# ---------------------------------------------------------------- tables and labels the page shows
def test_localized_title_marks_a_missing_korean_title_as_english_only() -> None:
    assert V.localized_title({"title": "A title", "title_ko": "  "}, "ko") == "A title (영문만 있음)"
    assert V.localized_title({"title": "A title", "title_ko": "한국어 제목"}, "ko") == "한국어 제목"
    assert V.localized_title({"title": "A title", "title_ko": "한국어 제목"}, "en") == "A title"


def _hand_vetoes() -> pd.DataFrame:
    return pd.DataFrame({"decision_id": ["D1", "D1", "D2"], "member_iso3": ["RUS", "CHN", "USA"]})


def test_vetoed_by_collects_every_vetoer_of_a_decision_sorted_by_name() -> None:
    assert V.vetoed_by(_hand_vetoes(), "en") == {"D1": ["China", "Russia"], "D2": ["United States"]}


def test_vetoed_by_names_follow_the_language() -> None:
    names = V.vetoed_by(_hand_vetoes(), "ko")["D1"]
    assert names == sorted(names) and all(n not in ("China", "Russia") for n in names) and len(names) == 2


def test_decisions_table_newest_first_with_vetoers_and_translated_columns(decisions, votes, membership) -> None:
    chosen = V.filter_decisions(decisions, topics=["ukraine"])
    table = V.decisions_table(chosen, V.veto_list(chosen, votes, membership), "en")
    assert len(table) == len(chosen)
    assert list(table[t("votes.col.date", "en")]) == sorted(chosen["date"].dt.date, reverse=True)
    row = table[table[t("votes.col.symbol", "en")] == "S/2022/155"].iloc[0]
    assert row[t("votes.col.vetoed_by", "en")] == "Russia"
    assert row[t("votes.col.outcome", "en")] == "Vetoed"
    adopted = table[table[t("votes.col.outcome", "en")] == "Adopted"]
    assert (adopted[t("votes.col.vetoed_by", "en")] == "").all()


def test_decisions_table_in_korean_has_korean_headers(decisions, votes, membership) -> None:
    chosen = V.filter_decisions(decisions, topics=["dprk"])
    table = V.decisions_table(chosen, V.veto_list(chosen, votes, membership), "ko")
    assert t("votes.col.title", "ko") in table.columns and t("votes.col.title", "en") not in table.columns
    titles = table[t("votes.col.title", "ko")]
    assert titles.str.len().gt(0).all()


def test_veto_table_lists_each_veto_newest_first(decisions, votes, membership) -> None:
    vetoes = V.veto_list(decisions, votes, membership)
    table = V.veto_table(vetoes, "en")
    assert len(table) == len(vetoes)
    dates = list(table[t("votes.col.date", "en")])
    assert dates == sorted(dates, reverse=True)
    p5 = {"China", "France", "Russia", "United Kingdom", "United States"}
    assert set(table[t("votes.col.vetoed_by", "en")]) <= p5


def test_explanation_escapes_vetoer_names_when_asked() -> None:
    result = V.decide(council(11, 1, 3, {"RUS": "N"}), procedural=False)
    assert "[Russia]" in result.explain("en", escape=lambda s: f"[{s}]")
    assert "[Russia]" not in result.explain("en")


def test_seat_labels_star_permanent_members_in_the_given_order() -> None:
    agree = V.agreement(hand_votes(), ["d1", "d2", "d3"])  # D did not sit on these
    labels = V.seat_labels(agree, ["D", "C", "B", "A", "Z"], ["A"], "en")
    assert labels == {"C": "C", "B": "B", "A": "★ A"}
    assert list(labels) == ["C", "B", "A"]


def test_heatmap_pairs_leave_out_members_who_never_sat_together() -> None:
    agree = pd.DataFrame(
        {"member_a": ["A", "A", "B"], "member_b": ["A", "B", "A"], "same": [1, 0, 0], "shared": [1, 0, 0]}
    ).assign(share=[1.0, float("nan"), float("nan")])
    pairs = V.heatmap_pairs(agree, {"A": "Alpha", "B": "Beta"})
    assert list(zip(pairs["member_a_label"], pairs["member_b_label"])) == [("Alpha", "Alpha")]


def test_matrix_member_rows_follow_member_rank() -> None:
    cells = pd.DataFrame({"member": ["b", "a", "b", "c"], "member_rank": [1, 0, 1, 2]})
    assert V.matrix_member_rows(cells) == ["a", "b", "c"]


def test_vote_matrix_spec_carries_its_data_and_no_fixed_view_size(decisions, votes, membership) -> None:
    d = V.filter_decisions(decisions, topics=["ukraine"])
    cells = V.matrix_cells(d, votes, membership, "en")
    chart = VC.vote_matrix(cells, V.matrix_member_rows(cells), list(V.column_labels(d).values()), VOTE_LABELS, TEXT)
    spec = VC.to_spec(chart)
    assert "view" not in spec.get("config", {})
    rows = layer_values(spec)
    assert rows and {"member", "column", "vote_label"} <= set(rows[0])
