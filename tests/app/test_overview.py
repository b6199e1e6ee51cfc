"""The Overview (landing) page in AppTest: figures computed from the data, and missing datasets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas import arms, i18n, spending, ui, votes
from atlas import events as ev
from atlas.core import data

ROOT = Path(__file__).resolve().parents[2]


def open_overview(lang: str = "en", params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_is_the_default_page_with_a_title():
    at = open_overview()
    assert at.title[0].value == i18n.t("common.app_name", "en")


def test_headline_figures_are_the_pages_own_figures():
    at = open_overview()
    m = metrics(at)
    deals = data.load_arms_exports()
    rows = arms.filter_deals(deals, arms.Filters(arms.year_bounds(deals)))  # the arms page's default view
    page = arms.totals(rows)
    assert m["Contracted value"] == i18n.fmt_usd_m(page.value_usd_m, "en")
    assert m["Recipient countries"] == str(page.recipients)
    top = arms.by_recipient(rows).head(3)
    expected_top = ", ".join(
        f"{i18n.country_name(c, 'en')} {i18n.fmt_usd_m(v, 'en')}"
        for c, v in zip(top["recipient_iso3"], top["value_usd_m"])
    )
    assert i18n.t("overview.arms.top", "en", names=expected_top) in [c.value for c in at.caption]
    rank = ev.latest_exporter_rank(data.load_arms_exporter_rank())
    assert m["SIPRI exporter rank"] == f"No. {rank.rank}"
    council = ev.council_headline(data.load_unsc_decisions())
    assert m["Decisions covered"] == str(council.decisions)
    assert m["Vetoed drafts"] == str(council.vetoed)
    kor = spending.base_point(data.load_defense_spending(), "KOR")  # the spending page's latest figures
    assert m["South Korea, share of GDP"] == i18n.fmt_pct(kor.share_pct)
    assert i18n.t("overview.spending.share_caption", "en", year=kor.year) in [c.value for c in at.caption]
    nato = spending.reference_lines(data.load_spending_targets())["share_gdp_pct"]  # the lines on its chart
    line = i18n.t("overview.spending.nato", "en", values=", ".join(i18n.fmt_pct(v, 1) for v in sorted(nato)))
    assert line in [md.value for md in at.markdown]
    events = data.load_events()
    lo, hi = ev.year_bounds(events)
    assert f"{len(events)} events in the timeline, {lo}–{hi}." in [c.value for c in at.caption]


def test_agreement_with_the_permanent_members_is_shown():
    at = open_overview()
    m = metrics(at)
    decisions = data.load_unsc_decisions()
    agree = votes.agreement(data.load_unsc_votes(), votes.filter_decisions(decisions)["decision_id"])
    ranking = votes.focus_ranking(agree, "KOR").set_index("member")  # the votes page's focus ranking
    shown = [c for c in ("USA", "CHN", "RUS") if c in ranking.index]
    assert shown, "South Korea's Council votes are missing from the data"
    for c in shown:
        assert m[i18n.country_name(c, "en")] == i18n.fmt_pct(100 * ranking.at[c, "share"], 0)


def test_latest_eight_events_are_listed_newest_first():
    at = open_overview()
    latest = ev.latest(data.load_events(), 8)
    (listing,) = [m.value for m in at.markdown if m.value.startswith("- **")]
    lines = listing.splitlines()
    assert len(lines) == 8
    first = ev.escape_markdown(latest.iloc[0]["title"])
    assert lines[0].endswith(first)


def test_links_to_every_other_page_and_only_those():
    at = open_overview()
    main_links = {p.proto.page for p in at.main.get("page_link")}
    assert main_links == {p.id for p in ui.PAGES if p.id != "overview"}


def test_data_current_to_comes_from_the_catalogue():
    at = open_overview()
    line = next(c.value for c in at.caption if c.value.startswith("Data current to"))
    for entry in data.load_catalog():
        if entry.dataset != "countries":
            assert ev.fmt_current_to(entry.current_to, "en") in line


def test_korean_overview():
    at = open_overview("ko")
    m = metrics(at)
    assert "계약 금액" in m and m["계약 금액"].endswith("달러")
    assert any("년" in c.value for c in at.caption)


def test_bad_url_param_shows_a_notice():
    at = open_overview(params={"lang": "<b>xx</b>"})
    assert any("lang" in i.value for i in at.info)


@pytest.fixture
def partial_data(tmp_path, monkeypatch):
    """Only countries and arms deals are present; events is present but broken."""
    for name in ("countries", "arms_exports"):
        shutil.copy(data.DATA_DIR / data.SPECS[name].file, tmp_path / data.SPECS[name].file)
    (tmp_path / "events.csv").write_text("event_id,date\nE1,not-a-date\n", encoding="utf-8")
    original = data.load
    monkeypatch.setattr(data, "load", lambda dataset, data_dir=tmp_path: original(dataset, tmp_path))
    monkeypatch.setattr(
        data, "available", lambda data_dir=tmp_path: [n for n, s in data.SPECS.items() if (tmp_path / s.file).exists()]
    )
    return tmp_path


def test_overview_works_with_missing_and_broken_datasets(partial_data):
    at = open_overview()
    m = metrics(at)
    assert "Contracted value" in m
    assert "Decisions covered" not in m and "South Korea, share of GDP" not in m
    assert not any("events in the timeline" in c.value for c in at.caption)
    assert [w.value for w in at.warning] == [i18n.t("overview.dataset_error", "en", file="data/events.csv")]
