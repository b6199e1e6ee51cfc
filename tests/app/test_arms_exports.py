"""The Arms exports page in AppTest: every filter by key, URL state, empty cases, what-if rows."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from atlas import arms
from atlas import events as ev
from atlas.core import data
from atlas.i18n import escape_markdown, fmt_date, fmt_usd_m, plural, t
from tests.support.apptest import shown

ROOT = Path(__file__).resolve().parents[2]
UPLOADS = ROOT / "tests" / "unit" / "fixtures" / "uploads"
PAGE = "pages/arms_exports.py"
HYPO_ROW = {"recipient_iso3": "VNM", "system": "FA-50 (what if)", "category": "aircraft", "value_usd_m": 500.0}


def open_page(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def url(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def deck_spec(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def notices(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


def add_hypothetical(at: AppTest, **row: object) -> AppTest:
    version = at.session_state["arms_scenario_ver"]
    year = arms.year_bounds(data.load_arms_exports())[1]
    at.session_state[f"arms_whatif_{version}"] = {
        "edited_rows": {},
        "added_rows": [{**HYPO_ROW, "year_signed": year, **row}],
        "deleted_rows": [],
    }
    return run(at)


# ------------------------------------------------------------------ default view
def test_default_view_shows_numbers_map_charts_table_and_rank() -> None:
    at = open_page()
    m = metrics(at)
    assert set(m) == {"Listed value", "Deals", "Recipients"}
    assert m["Listed value"].endswith(" bn")
    spec = deck_spec(at)
    assert spec["mapStyle"] == "/app/static/map_style.json"
    assert len(at.get("vega_lite_chart")) == 6  # legend, value, years, official orders, SIPRI TIV, SIPRI share
    assert len(at.dataframe) >= 4  # the three "numbers behind" tables, deals, SIPRI rank
    assert any(b.label == t("arms.download_deals", "en") for b in at.download_button)
    assert not at.toggle(key="arms_fw").value
    assert at.multiselect(key="stage").value == list(arms.DEFAULT_STAGES)


def test_default_totals_leave_frameworks_out_and_name_deals_without_value() -> None:
    at = open_page()
    deals = data.load_arms_exports()
    contracts = deals[deals["stage"].isin(arms.DEFAULT_STAGES)]
    assert metrics(at)["Deals"] == f"{len(contracts):,}"
    missing = int(contracts["usd_m_at_signing"].isna().sum())
    known = int((contracts["usd_m_at_signing"].notna() & (contracts["value_basis"] != "estimate")).sum())
    text = " ".join(m.value for m in at.markdown)
    assert f"{known} listed contracts with a known value" in text and "US\\$ at signing, current prices" in text
    assert f"{missing} deals have no known value" in text


# ------------------------------------------------------------------ URL state
def test_url_recipients_pol_selects_poland() -> None:
    at = open_page(recipients="POL")
    assert at.multiselect(key="recipients").value == ["POL"]
    assert metrics(at)["Recipients"] == "1"
    arcs = next(x for x in deck_spec(at)["layers"] if x["id"] == "arcs")["data"]
    assert [a["iso3"] for a in arcs] == ["POL"]


def test_url_recipients_work_in_korean_and_stay_codes() -> None:
    at = open_page(recipients="POL", lang="ko")
    ms = at.multiselect(key="recipients")
    assert ms.value == ["POL"]
    assert "폴란드" in ms.options
    at.multiselect(key="recipients").select("EST")
    run(at)
    assert url(at, "recipients") == ["POL", "EST"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("recipients", "XYZ"),
        ("recipients", "<script>alert(1)</script>"),
        ("category", "tanks"),
        ("stage", "signed"),
        ("years", ["1900", "2100"]),
        ("years", "garbage"),
    ],
)
def test_bad_url_params_fall_back_with_a_notice(key: str, value: str | list[str]) -> None:
    at = open_page(**{key: value})
    assert any(key in n for n in notices(at)), notices(at)
    assert not any("<script>" in n for n in notices(at))
    assert metrics(at)["Deals"] == open_page().metric[1].value  # the default view


# ------------------------------------------------------------------ each filter
def test_year_filter_narrows_the_deals() -> None:
    at = open_page()
    before = int(metrics(at)["Deals"].replace(",", ""))
    at.slider(key="years").set_range(2022, 2022)
    run(at)
    after = int(metrics(at)["Deals"].replace(",", ""))
    assert 0 < after < before
    assert at.slider(key="years").value == (2022, 2022)  # the URL side is checked in the browser test


def test_category_filter_is_in_the_url_as_codes() -> None:
    at = open_page()
    at.multiselect(key="category").select("air_defence")
    run(at)
    assert url(at, "category") == ["air_defence"]
    assert metrics(at)["Recipients"] == "3"  # UAE, Saudi Arabia, Iraq


def test_include_frameworks_toggle_adds_the_stage_and_never_double_counts() -> None:
    at = open_page(recipients="POL")
    value_before = metrics(at)["Listed value"]
    deals_before = int(metrics(at)["Deals"])
    at.toggle(key="arms_fw").set_value(True)
    run(at)
    assert "framework" in at.multiselect(key="stage").value
    assert "framework" in url(at, "stage")
    # The K2, K9, FA-50 and Chunmoo frameworks wrap contracts already listed: not extra deals.
    assert int(metrics(at)["Deals"]) == deals_before
    assert any(plural("arms.frameworks_with_contracts", 4, "en") in c.value for c in at.caption)
    assert metrics(at)["Listed value"] == value_before  # each framework is within its contracts
    at.toggle(key="arms_fw").set_value(False)
    run(at)
    assert "stage" not in at.query_params


def test_stage_filter_drives_the_toggle() -> None:
    at = open_page(stage=["framework"])
    assert at.toggle(key="arms_fw").value
    assert metrics(at)["Deals"] == str(int((data.load_arms_exports()["stage"] == "framework").sum()))


# ------------------------------------------------------------------ empty results
def test_filters_that_leave_nothing_show_a_message_and_no_chart() -> None:
    at = open_page(recipients="EST", category="naval")
    assert [w.value for w in at.warning] == [t("common.no_rows", "en")]
    assert not at.get("deck_gl_json_chart")
    assert len(at.get("vega_lite_chart")) == 3  # official orders, SIPRI's TIV delivered to Estonia, SIPRI share
    assert not at.metric


def test_no_stage_selected_says_so() -> None:
    at = open_page()
    at.multiselect(key="stage").set_value([])
    run(at)
    assert [w.value for w in at.warning] == [t("arms.stage_empty", "en")]
    assert not at.get("deck_gl_json_chart")


# ------------------------------------------------------------------ what-if
def test_hypothetical_deal_shows_on_map_and_in_a_separate_total() -> None:
    at = open_page()
    real_before = metrics(at)["Listed value"]
    add_hypothetical(at)
    m = metrics(at)
    assert m["Listed value"] == real_before  # the real total is untouched
    assert "Incl. hypothetical" in m
    hypo_arcs = next(x for x in deck_spec(at)["layers"] if x["id"] == "arcs_hypothetical")["data"]
    assert [a["iso3"] for a in hypo_arcs] == ["VNM"]
    assert "HYPOTHETICAL: 1 deal, $500 m" in hypo_arcs[0]["tip"]
    assert any(b.label == t("arms.whatif_download", "en") for b in at.download_button)


def test_hypothetical_rows_never_reach_a_fresh_session() -> None:
    first = open_page()
    add_hypothetical(first)
    assert "Incl. hypothetical" in metrics(first)
    fresh = open_page()
    assert "Incl. hypothetical" not in metrics(fresh)
    assert fresh.session_state["arms_scenario"].empty
    assert not any(x["data"] for x in deck_spec(fresh)["layers"] if x["id"] == "arcs_hypothetical")


def test_hypothetical_row_outside_the_filters_is_not_counted() -> None:
    at = open_page(recipients="POL")
    add_hypothetical(at)  # VNM, filtered out
    assert "Incl. hypothetical" not in metrics(at)
    assert any("1 hypothetical deal in this session; 0 inside" in c.value for c in at.caption)


def test_hypothetical_rows_are_contracts_and_leave_with_the_contract_stage() -> None:
    at = open_page(stage=["framework"])
    add_hypothetical(at)
    assert "Incl. hypothetical" not in metrics(at)
    assert not any(x["data"] for x in deck_spec(at)["layers"] if x["id"] == "arcs_hypothetical")


@pytest.mark.parametrize("value", [float("inf"), 1e300, arms.MAX_VALUE_USD_M * 2])
def test_editor_value_not_finite_or_too_large_is_left_out(value: float) -> None:
    at = open_page()
    real_before = metrics(at)["Listed value"]
    add_hypothetical(at, value_usd_m=value)
    m = metrics(at)
    assert "Incl. hypothetical" not in m and m["Listed value"] == real_before
    assert "inf" not in m["Listed value"]
    assert any("1 row is incomplete" in w.value for w in at.warning)


def test_what_if_csv_is_built_only_when_downloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    import atlas.core.export
    import atlas.ui

    calls: list[int] = []
    real = atlas.core.export.to_safe_csv

    def counting(df, *a, **kw):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls.append(len(df))
        return real(df, *a, **kw)

    monkeypatch.setattr(atlas.core.export, "to_safe_csv", counting)
    monkeypatch.setattr(atlas.ui, "to_safe_csv", counting)
    at = open_page()
    add_hypothetical(at)
    assert [b for b in at.get("download_button") if b.proto.id and "dl-arms-whatif" in b.proto.id]
    assert calls == []  # neither download is serialised on a rerun


def test_unchanged_rerun_rebuilds_neither_map_nor_rank_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    from atlas.arms import maps, view

    at = open_page()
    calls: list[str] = []
    real_map, real_spec = maps.arms_map, view.to_spec

    def counting_map(*a, **kw):  # noqa: ANN002, ANN003, ANN202
        calls.append("map")
        return real_map(*a, **kw)

    def counting_spec(*a, **kw):  # noqa: ANN002, ANN003, ANN202
        calls.append("spec")
        return real_spec(*a, **kw)

    monkeypatch.setattr(maps, "arms_map", counting_map)
    monkeypatch.setattr(view, "to_spec", counting_spec)
    add_hypothetical(at, recipient_iso3="KOR")  # not a valid recipient: the map stays the same
    run(at)
    assert calls == []
    assert deck_spec(at)["mapStyle"] == "/app/static/map_style.json"
    assert json.loads(at.get("deck_gl_json_chart")[0].proto.tooltip) == maps.TOOLTIP


def test_incomplete_editor_row_is_left_out_with_a_note() -> None:
    at = open_page()
    add_hypothetical(at, system=None)
    assert "Incl. hypothetical" not in metrics(at)
    assert any("1 row is incomplete" in w.value for w in at.warning)


def test_good_upload_replaces_the_scenario() -> None:
    at = open_page()
    at.file_uploader(key="arms_upload").upload("ok.csv", (UPLOADS / "ok.csv").read_bytes(), "text/csv")
    run(at)
    assert [s.value for s in at.success] == [plural("arms.whatif_loaded", 2, "en")]
    assert list(at.session_state["arms_scenario"]["recipient_iso3"]) == ["POL", "VNM"]
    assert "Incl. hypothetical" in metrics(at)


@pytest.mark.parametrize(
    "fixture",
    [
        "negative.csv",
        "not_utf8.csv",
        "wrong_columns.csv",
        "formula.csv",
        "value_inf.csv",
        "value_huge.csv",
        "control_chars.csv",
        "blank_lines.csv",
    ],
)
def test_bad_upload_shows_its_message_and_keeps_the_scenario(fixture: str) -> None:
    at = open_page()
    add_hypothetical(at)
    before = metrics(at)["Incl. hypothetical"]
    at.file_uploader(key="arms_upload").upload(fixture, (UPLOADS / fixture).read_bytes(), "text/csv")
    run(at)
    problem = arms.parse_upload((UPLOADS / fixture).read_bytes(), ["VNM", "POL"]).problem
    assert problem is not None
    expected = problem.message("en")
    assert [shown(e.value) for e in at.error] == [f"{t('arms.whatif_upload_failed', 'en')} {expected}"]
    assert metrics(at)["Incl. hypothetical"] == before
    run(at)  # a rerun does not process the same file again, nor lose the scenario
    assert metrics(at)["Incl. hypothetical"] == before


def test_an_upload_whose_parse_hangs_is_stopped_and_the_scenario_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The what-if CSV is parsed in the upload worker: a parse past the time allowed is stopped there."""
    from atlas.ui import parse_worker
    from tests.support import parse_jobs

    at = open_page()
    add_hypothetical(at)
    before = metrics(at)["Incl. hypothetical"]
    monkeypatch.setattr(parse_worker, "TIMEOUT_S", 2.0)
    monkeypatch.setattr("atlas.arms.upload.parse_upload", parse_jobs.hang)
    at.file_uploader(key="arms_upload").upload("ok.csv", (UPLOADS / "ok.csv").read_bytes(), "text/csv")
    run(at)
    stopped = t("common.upload_worker.timeout", "en", seconds="2")
    assert [shown(e.value) for e in at.error] == [f"{t('arms.whatif_upload_failed', 'en')} {stopped}"]
    assert metrics(at)["Incl. hypothetical"] == before


def test_clear_button_empties_the_scenario() -> None:
    at = open_page()
    add_hypothetical(at)
    at.button(key="arms_whatif_clear").click()
    run(at)
    assert "Incl. hypothetical" not in metrics(at)
    assert at.session_state["arms_scenario"].empty


# ------------------------------------------------------------------ language
def test_korean_page_translates_numbers_and_labels() -> None:
    at = open_page(lang="ko", recipients="POL")
    assert at.title[0].value == t("arms.title", "ko")
    assert set(metrics(at)) == {"목록 합계", "계약 수", "수입국 수"}
    assert metrics(at)["목록 합계"].endswith("달러")
    shaded = next(layer for layer in deck_spec(at)["layers"] if layer["id"] == "countries")
    tips = [f["properties"]["tip"] for f in shaded["data"]["features"]]
    assert any(tip.startswith("폴란드\n무기체계:") for tip in tips)


# ------------------------------------------------------------------ event markers (?events=on)
def _specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _year_chart(at: AppTest) -> dict:
    return next(s for s in _specs(at) if "year_start" in json.dumps(s.get("encoding", s.get("layer", ""))))


def _rule_rows(at: AppTest, spec: dict) -> list[dict]:
    name = next(layer["data"]["name"] for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    chart = next(c for c in at.get("vega_lite_chart") if json.loads(c.proto.spec) == spec)
    proto = next(d for d in chart.proto.datasets if d.name == name)
    return pa.ipc.open_stream(proto.data.data).read_all().to_pylist()


def test_events_toggle_layers_arms_deal_rules_and_goes_in_the_url() -> None:
    at = open_page()
    assert "layer" not in _year_chart(at) and not at.toggle(key="events").value
    at.toggle(key="events").set_value(True)
    run(at)
    spec = _year_chart(at)
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "rule"]
    assert url(at, "events") == ["on"]
    events = data.load_events()
    lo, hi = arms.year_bounds(data.load_arms_exports())
    expected = events[(events["category"] == "arms_deal") & events["date"].dt.year.between(lo, hi)]
    assert sorted(r["event_id"] for r in _rule_rows(at, spec)) == sorted(expected["event_id"])
    at.toggle(key="events").set_value(False)
    run(at)
    assert "layer" not in _year_chart(at) and "events" not in at.query_params


def test_events_markers_follow_the_recipient_filter_and_translate() -> None:
    at = open_page(events="on", recipients="AUS", lang="ko")
    assert at.toggle(key="events").value
    rows = _rule_rows(at, _year_chart(at))
    events = data.load_events()
    aus = events[(events["category"] == "arms_deal") & events["actors"].str.contains("AUS")]
    assert sorted(r["event_id"] for r in rows) == sorted(aus["event_id"]) and rows
    assert {r["category"] for r in rows} == {t("events.category.arms_deal", "ko")}


def test_bad_events_value_is_dropped_with_a_notice() -> None:
    at = open_page(events="maybe")
    assert not at.toggle(key="events").value
    assert any("events" in n for n in notices(at))
    assert "events" not in at.query_params


# ------------------------------------------------------------------ ?deal= from an event's link
def _event_link(deal_id: str) -> dict[str, str | list[str]]:
    index = ev.build_link_index(data.load_arms_exports(), data.load_unsc_decisions())
    return ev.link_targets(deal_id, None, index)[0].query_params


def test_deal_link_shows_the_deal_and_lists_it_first() -> None:
    deals = data.load_arms_exports()
    deal = "AUS-2021-HUNTSMAN"
    rec = deals[deals["deal_id"] == deal].iloc[0]
    at = open_page(**_event_link(deal))
    assert notices(at) == []
    m = metrics(at)
    assert m[t("arms.col_recipient", "en")] == "Australia"
    assert m[t("arms.card_value", "en")] == fmt_usd_m(float(rec["usd_m_at_signing"]), "en")
    assert m[t("arms.col_date", "en")] == fmt_date(rec["date_signed"], "en")
    assert any(s.value == escape_markdown(rec["system"]) for s in at.subheader)  # shown literally
    assert any(b.proto.url == rec["source_url"] for b in at.get("link_button"))
    table = next(d.value for d in at.dataframe if "highlight" in d.value.columns)
    assert table.iloc[0]["deal_id"] == deal and table.iloc[0]["highlight"] == "▶"
    assert (table["highlight"] == "▶").sum() == 1
    assert url(at, "deal") == [deal]


def test_deal_outside_the_filters_is_still_shown_and_said_so() -> None:
    at = open_page(deal="AUS-2021-HUNTSMAN", recipients="POL")
    assert any(c.value == t("arms.highlight_not_in_view", "en") for c in at.caption)
    assert metrics(at)[t("arms.col_recipient", "en")] == "Australia"


def test_clearing_the_highlight_removes_it_from_view_and_url() -> None:
    at = open_page(deal="AUS-2021-HUNTSMAN")
    at.button(key="deal_clear").click()
    run(at)
    assert "deal" not in at.query_params
    assert t("arms.col_recipient", "en") not in metrics(at)


@pytest.mark.parametrize("bad", ["NOPE-2099-X", "<script>alert('x')</script>", "[x](javascript:alert(1))"])
def test_unknown_or_hostile_deal_is_dropped_with_a_notice_and_not_echoed(bad: str) -> None:
    at = open_page(deal=bad)
    assert any("deal" in n for n in notices(at))
    assert "deal" not in at.query_params
    assert t("arms.col_recipient", "en") not in metrics(at)  # no highlight box
    shown = " ".join(e.value for e in [*at.markdown, *at.caption, *at.info, *at.subheader] if isinstance(e.value, str))
    assert bad not in shown and "alert" not in shown


# ------------------------------------------------------------------ round 2: basis, links, degraded files
def test_constant_prices_change_the_total_and_name_the_base_year() -> None:
    current = metrics(open_page())["Listed value"]
    at = open_page(prices="constant")
    base = str(int(data.load_us_price_index()["year"].max()))
    assert metrics(at)["Listed value"] != current
    assert any(base in m.value for m in at.markdown)
    assert at.radio(key="prices").value == "constant" and url(at, "prices") == ["constant"]


def test_a_linked_2030_what_if_deal_is_counted_and_stays_in_the_url() -> None:
    row = "VNM~aircraft~500~2030~FA-50 (what if)"  # a link from before the format's tag
    at = open_page(wi=row)
    assert "Incl. hypothetical" in metrics(at)
    assert at.slider(key="years").value[1] == 2030
    assert url(at, "wi") == ["v1~" + row]  # written back tagged


def test_events_on_with_a_missing_events_file_switches_markers_off(monkeypatch: pytest.MonkeyPatch) -> None:
    real = data.available
    monkeypatch.setattr(data, "available", lambda *a, **kw: [n for n in real(*a, **kw) if n != "events"])
    at = open_page(events="on")
    assert any("Event markers are off" in w.value for w in at.warning)
    assert "layer" not in _year_chart(at)


def test_typed_formula_row_is_refused_with_its_reason() -> None:
    at = open_page()
    add_hypothetical(at, system="=HYPERLINK(1)")
    assert "Incl. hypothetical" not in metrics(at)
    assert any("may not start with =" in shown(w.value) for w in at.warning)


# ------------------------------------------------------------------ SIPRI's measure beside ours
def _tips(at: AppTest) -> str:
    countries = next(layer for layer in deck_spec(at)["layers"] if layer["id"] == "countries")
    return "\n".join(f["properties"]["tip"] for f in countries["data"]["features"])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_map_switches_between_contract_value_and_sipri_tiv(lang: str) -> None:
    at = open_page(lang=lang) if lang == "ko" else open_page()
    radio = at.radio(key="measure")
    assert radio.value == "value" and "measure" not in at.query_params
    assert list(radio.options) == [t("arms.measure.value", lang), t("arms.measure.tiv", lang)]
    value_tips = _tips(at)
    assert t("arms.tip_value", lang, value="").strip() in value_tips and "TIV" not in value_tips
    radio.set_value("tiv")
    run(at)
    assert url(at, "measure") == ["tiv"]
    tips = _tips(at)
    assert t("arms.tip_tiv", lang, value="").strip() in tips and "$" not in tips and "달러" not in tips
    wanted = [t("arms.col_recipient", lang), t("arms.col_tiv", lang)]
    listing = next(d.value for d in at.dataframe if list(d.value.columns) == wanted)  # the list beside the map
    assert all("TIV" in v for v in listing.iloc[:, 1])
    assert escape_markdown(t("arms.tiv_map_title", lang)) in [h.value for h in at.subheader]
    at.radio(key="measure").set_value("value")
    run(at)
    assert "measure" not in at.query_params and "TIV" not in _tips(at)


def test_a_link_opens_the_tiv_map_and_a_bad_value_is_reset_with_a_notice() -> None:
    at = open_page(measure="tiv")
    assert at.radio(key="measure").value == "tiv" and "TIV" in _tips(at)
    bad = open_page(measure="usd")
    assert bad.radio(key="measure").value == "value" and "measure" not in bad.query_params
    assert any("measure" in n for n in notices(bad))


def test_sipri_tiv_by_recipient_and_year_is_shown_with_its_table_and_attribution() -> None:
    at = open_page(recipients="POL")
    frames = [d.value for d in at.dataframe]
    tiv = next(f for f in frames if "TIV delivered (millions)" in f.columns and "Year" in f.columns)
    assert set(tiv["Recipient"]) == {"Poland"} and tiv["Year"].max() <= 2024
    shown = " ".join(str(m.value) for m in [*at.get("markdown"), *at.caption])
    assert escape_markdown("SIPRI Arms Transfers Database, data generated 12 Feb 2026") in shown
