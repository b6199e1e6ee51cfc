"""The Overview (landing) page in AppTest: figures computed from the data, the basis of each headline,
the decisions behind the Council figure, and missing or broken datasets."""

from __future__ import annotations

import re
import shutil
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from atlas import arms, i18n, spending, ui, votes
from atlas.core import data
from atlas.events import model as ev
from atlas.i18n import escape_markdown, fmt_current_to
from atlas.overview import model
from tests.support.apptest import ROOT, assert_ok, charts, download_labels, metrics, run


def open_overview(lang: str = "en", params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert_ok(at)
    return at


def texts(at: AppTest) -> list[str]:
    """Captions and markdown as a reader sees them (the page escapes curated text for markdown)."""
    return [re.sub(r"\\(.)", r"\1", x.value) for x in [*at.caption, *at.markdown]]


def test_overview_is_the_default_page_with_a_title():
    at = open_overview()
    assert at.title[0].value == i18n.t("common.app_name", "en")


def test_headline_figures_are_the_pages_own_figures():
    at = open_overview()
    m = metrics(at)
    deals = data.load_arms_exports()
    rows = arms.filter_deals(deals, arms.Filters(arms.year_bounds(deals)))  # the arms page's default view
    page = arms.totals(rows)
    assert m["Listed contracts, known value"] == i18n.fmt_usd_m(page.value_usd_m, "en")
    assert any(f"Recipient countries: **{page.recipients}**" in x for x in texts(at))
    top = arms.by_recipient(rows).head(3)
    expected_top = ", ".join(
        f"{i18n.country_name(c, 'en')} {i18n.fmt_usd_m(v, 'en')}"
        for c, v in zip(top["recipient_iso3"], top["value_usd_m"])
    )
    assert any(x.endswith(f"\nLargest recipients: {expected_top}") for x in texts(at)), texts(at)
    rank = model.latest_exporter_rank(data.load_arms_exporter_rank())
    assert rank is not None
    assert any(f"SIPRI exporter rank: **No. {rank.rank}** ({rank.period}" in x for x in texts(at))
    council = model.council_headline(data.load_unsc_decisions())
    assert council is not None
    covered = f"The data covers {council.decisions} Council decisions, {council.first_year}–{council.last_year}"
    assert f"{covered}: {council.vetoed} vetoed drafts." in texts(at)
    kor = spending.base_point(data.load_defense_spending(), "KOR")  # the spending page's latest figures
    assert kor is not None
    assert m["South Korea, share of GDP"] == i18n.fmt_pct(kor.share_pct)
    nato = spending.reference_lines(data.load_spending_targets())["share_gdp_pct"]  # the lines on its chart
    assert "NATO thresholds: " + ", ".join(i18n.fmt_pct(v, 1) for v in sorted(nato)) in texts(at)
    events = data.load_events()
    lo, hi = ev.year_bounds(events)
    assert f"{len(events)} events in the timeline, {lo}–{hi}." in texts(at)


def test_the_arms_headline_states_its_basis():
    """'N listed contracts with a known value: $X bn (US$ ..., current prices)', and what has no value."""
    at = open_overview()
    h = model.arms_headline(data.load_arms_exports())
    assert h is not None
    basis = "at signing" if h.basis == model.AT_SIGNING else "as reported"
    total = i18n.fmt_usd_m(h.total_usd_m, "en")
    headline = f"{h.with_value} listed contracts with a known value: {total} (US$ {basis}, current prices)"
    assert f"**{headline}**" in texts(at)  # bold under the figure, not in a help
    assert any(f"{h.without_value} more listed contracts have no known value" in s for s in texts(at))


def test_agreement_with_the_permanent_members_is_shown_with_what_it_rests_on():
    """South Korea's latest term, over all decisions (the default) and over contested ones, each with its n:
    the votes page's own numbers for those years."""
    at = open_overview()
    decisions, vote_rows = data.load_unsc_decisions(), data.load_unsc_votes()
    membership = data.load_unsc_membership()
    term = votes.seat_terms(membership, "KOR")[-1]
    both = votes.agreement_both(decisions, vote_rows, membership, "KOR", ["USA", "CHN", "RUS"], term)
    both = both.set_index("member")
    (listing,) = [x for x in texts(at) if x.startswith("- United States: ")]
    for c in ("USA", "CHN", "RUS"):
        r = {k: (int(v) if k.startswith(("same", "n_")) else v) for k, v in both.loc[c].items()}
        assert r["n_shared"] > 0, "South Korea's Council votes are missing from the data"
        line = (
            f"- {i18n.country_name(c, 'en')}: **{i18n.fmt_pct(100 * r['share'], 0)}** ({r['same']} of {r['n_shared']})"
            f" · contested only: **{i18n.fmt_pct(100 * r['share_contested'], 0)}**"
            f" ({r['same_contested']} of {r['n_contested']})"
        )
        assert line in listing.splitlines()
    basis = model.agreement_basis(vote_rows, decisions, years=term)
    assert basis is not None
    said = f"Over all {basis.decisions} decisions of {term[0]}–{term[1]} on which South Korea voted (the default basis)"
    line = next(c for c in texts(at) if c.startswith(said))  # a caption on the card, not a help
    assert f"the {basis.contested} contested ones" in line and f"{basis.vetoed} of them vetoed drafts" in line
    assert "Voted the same as South Korea in its latest Council term, 2024–2025" in " ".join(texts(at))


def test_the_council_card_opens_the_decisions_behind_it():
    at = open_overview()
    basis = model.agreement_basis(data.load_unsc_votes(), data.load_unsc_decisions())
    assert basis is not None
    (link,) = [p for p in at.main.get("page_link") if "section=" in p.proto.query_string]
    assert link.proto.page == "unsc_votes"
    assert parse_qs(link.proto.query_string) == {
        "years": [str(basis.first_year), str(basis.last_year)],
        "section": ["agreement"],
    }
    assert link.proto.label == "Open the decisions behind this figure"


def test_latest_eight_events_are_listed_newest_first():
    at = open_overview()
    latest = ev.latest(data.load_events(), 8)
    (listing,) = [m.value for m in at.markdown if m.value.startswith("- **")]  # the events list
    lines = listing.splitlines()
    assert len(lines) == 8
    assert lines[0].endswith(escape_markdown(latest.iloc[0]["title"]))


def test_links_to_every_other_page_with_their_full_names():
    at = open_overview()
    links = [p for p in at.main.get("page_link") if p.proto.label in {i18n.t(f"nav.{q.id}", "en") for q in ui.PAGES}]
    assert {p.proto.page for p in links} == {p.id for p in ui.PAGES if p.id != "overview"}


def test_the_page_says_what_is_below_the_cards_and_offers_the_briefing():
    at = open_overview()
    assert i18n.t("overview.below", "en") in [c.value for c in at.caption]
    assert [b.proto.label for b in at.button] == ["Add to briefing"]


def test_data_current_to_comes_from_the_catalogue():
    at = open_overview()
    line = next(c.value for c in at.caption if c.value.startswith("Data current to"))
    for entry in data.load_catalog():
        if entry.dataset != "countries":
            assert escape_markdown(fmt_current_to(entry.current_to, "en")) in line


def test_korean_overview():
    at = open_overview("ko")
    m = metrics(at)
    assert "금액이 알려진 계약 합계" in m and m["금액이 알려진 계약 합계"].endswith("달러")
    assert any("년" in c.value for c in at.caption)
    assert any("전체(기본 기준)와 그중 쟁점 결정" in c for c in texts(at))  # both bases, the default said
    assert any("쟁점 결정만: **" in c for c in texts(at))


def test_bad_url_param_shows_a_notice():
    at = open_overview(params={"lang": "<b>xx</b>"})
    assert any("lang" in i.value for i in at.info)


@pytest.fixture
def partial_data(tmp_path, monkeypatch):
    """Only countries and arms deals are present; events is present but broken."""
    for name in ("countries", "arms_exports"):
        shutil.copy(data.DATA_DIR / data.SPECS[name].file, tmp_path / data.SPECS[name].file)
    shutil.copy(data.DATA_DIR / "catalog.toml", tmp_path / "catalog.toml")
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
    assert "Listed contracts, known value" in m
    assert "South Korea, share of GDP" not in m
    assert not any(x.startswith("The data covers") for x in texts(at))
    assert not any("events in the timeline" in c.value for c in at.caption)
    assert [w.value for w in at.warning] == [i18n.t("overview.dataset_error", "en", file="data/events.csv")]


def test_the_cards_as_pictures_and_tables_only_when_asked():
    at = open_overview()
    assert charts(at) == [] and "PNG" not in download_labels(at)  # the landing page stays light
    at.toggle(key="overview_pictures").set_value(True)
    run(at)
    assert len(charts(at)) == 4
    assert download_labels(at).count("PNG") == 4 and download_labels(at).count("Download CSV") == 4
