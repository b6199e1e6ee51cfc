"""The spending page's figures built with no Streamlit: every figure, default view and every key set, en and ko."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pandas as pd
import pytest

from atlas.core import data as data_mod
from atlas.core.charts import to_spec
from atlas.core.figure import Datasets
from atlas.spending import figures as F
from atlas.spending import model, whatif
from atlas.spending.state import State
from tests.support.apptest import ROOT
from tests.unit.test_spending_state import FULL

DEFAULT_IDS = [
    "spending.over_time",
    "spending.ranking",
    "spending.kor_budget",
    "spending.whatif",
    "spending.whatif_extra",
]
FULL_IDS = ["spending.change", "spending.ranking", "spending.kor_budget", "spending.whatif", "spending.whatif_extra",
            "spending.scenarios"]  # fmt: skip


@pytest.fixture(scope="module")
def data() -> Datasets:
    return Datasets()


def _state(data: Datasets, query: dict) -> State:
    state, rejected = State.from_query(query, data)
    assert rejected == ()
    return state


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("query", "ids"), [({}, DEFAULT_IDS), (FULL, FULL_IDS)], ids=["default", "every_key"])
def test_every_figure_is_built_without_streamlit(data: Datasets, lang: str, query: dict, ids: list[str]) -> None:
    state = _state(data, query)
    figs = F.figures(state, data, lang)
    assert [f.id for f in figs] == ids
    for fig in figs:
        assert fig.chart is not None and fig.title and fig.subtitle and fig.caption and fig.lang == lang
        fig.chart.to_dict()  # a valid Vega-Lite spec (validates against the schema)
        assert not fig.table.empty and fig.sources
        assert fig.url.startswith("/defense_spending")
        assert fig.as_of is not None and fig.as_of.year >= 2024
        if lang == "ko":
            assert "?" in fig.url and "lang=ko" in fig.url


def test_the_figures_module_does_not_import_streamlit() -> None:
    code = "import sys; import atlas.spending.figures, atlas.spending.state; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_figure_links_open_the_same_view(data: Datasets) -> None:
    state = _state(data, FULL)
    fig = F.figures(state, data, "en")[0]
    from urllib.parse import parse_qs, urlsplit

    assert _state(data, parse_qs(urlsplit(fig.url).query)) == state


# ---------------------------------------------------------------- constant dollars
def _dollar_figures(data: Datasets, prices: str, lang: str = "en") -> list:
    state = _state(data, {"metric": ["usd"], "prices": [prices], "sc": ["KOR|3.5|2035|4|A"]})
    return [f for f in F.figures(state, data, lang) if f.id != "spending.kor_budget"]  # won and shares only


def _texts(fig) -> str:
    spec = json.dumps(to_spec(fig.chart), ensure_ascii=False)
    return " ".join([fig.subtitle, fig.caption, " ".join(fig.table.columns), spec])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_constant_figures_state_the_base_and_method_and_never_the_current_basis(data: Datasets, lang: str) -> None:
    base = int(data["us_price_index"]["year"].max())
    constant = F.Basis(model.price_base(data["us_price_index"]), lang).words()
    current = F.Basis(None, lang).words()
    for fig in _dollar_figures(data, "constant", lang):
        text = _texts(fig)
        assert str(base) in fig.subtitle and constant in fig.subtitle, fig.id
        assert current not in text and f"({F.Basis(None, lang).unit()})" not in text, fig.id  # one basis per chart
        assert any(s.publisher.startswith("BLS CPI-U") for s in fig.sources), fig.id
    if lang == "en":
        assert constant == f"US$ deflated by US CPI-U, base {base}"


def test_current_figures_never_mention_the_constant_basis(data: Datasets) -> None:
    for fig in _dollar_figures(data, "current"):
        assert "CPI-U" not in _texts(fig), fig.id


def test_constant_ranking_is_current_times_the_deflator(data: Datasets) -> None:
    prices = model.price_base(data["us_price_index"])
    df = model.with_constant(data["defense_spending"], prices)
    cur = model.ranking(df, 2015, "usd", "current").set_index("iso3")["value"]
    con = model.ranking(df, 2015, "usd", "constant").set_index("iso3")["value"]
    pd.testing.assert_series_equal(con, cur * prices.factors[2015], check_names=False)
    assert prices.factors[prices.year] == 1.0 and prices.factors[2015] > 1.0


def test_constant_what_if_is_consistent_with_the_current_one(data: Datasets) -> None:
    """Same growth read as real growth: every year of the path, the trend and the total scale by the
    base year's deflator, so the constant scenario is the current one in base-year dollars."""
    prices = model.price_base(data["us_price_index"])
    df = data["defense_spending"]
    sc = whatif.Scenario("KOR", 3.5, 2035, 4.0)
    cur, con = whatif.what_if(df, sc), whatif.what_if(df, sc, prices)
    assert cur.base is not None and cur.projection is not None
    assert con.base is not None and con.projection is not None
    factor = prices.factors[cur.base.year]
    assert con.base.usd_m == pytest.approx(cur.base.usd_m * factor)
    assert con.base.share_pct == cur.base.share_pct
    for col in ("spending_path_usd_m", "spending_trend_usd_m", "extra_usd_m", "gdp_usd_m"):
        assert con.projection[col].to_numpy() == pytest.approx(cur.projection[col].to_numpy() * factor)
    assert whatif.total_extra(con.projection) == pytest.approx(whatif.total_extra(cur.projection) * factor)


def test_share_of_gdp_is_the_same_on_both_bases(data: Datasets) -> None:
    cur = F.figures(_state(data, {}), data, "en")[0]
    con = F.figures(_state(data, {"prices": ["constant"]}), data, "en")[0]
    assert to_spec(cur.chart)["datasets"] == to_spec(con.chart)["datasets"]
    assert "the same in current and constant prices" in con.caption


def test_a_year_outside_the_price_index_has_no_constant_figure() -> None:
    prices = model.price_base(pd.DataFrame({"year": [2020, 2021], "cpi_u": [100.0, 110.0]}))
    df = pd.DataFrame({"iso3": ["KOR"] * 2, "year": [2019, 2021], "usd_current_m": [10.0, 20.0]})
    out = model.with_constant(df, prices)
    assert pd.isna(out["usd_constant_m"].iloc[0]) and out["usd_constant_m"].iloc[1] == 20.0


# ---------------------------------------------------------------- what the page says in words
def test_extra_label_is_a_cumulative_sum_with_its_years(data: Datasets) -> None:
    fig = next(f for f in F.figures(_state(data, {"wi_year": ["2030"]}), data, "en") if f.id == "spending.whatif_extra")
    base_point = whatif.what_if(data["defense_spending"], whatif.Scenario("KOR", 3.5, 2030, 4.0)).base
    assert base_point is not None
    base = base_point.year
    assert fig.caption.startswith(f"Cumulative extra over the trend, {base + 1}–2030 (sum of {2030 - base} years): ")
    ko = next(f for f in F.figures(_state(data, {"wi_year": ["2030"]}), data, "ko") if f.id == "spending.whatif_extra")
    assert ko.caption.startswith(f"추세 대비 추가 지출 누계, {base + 1}–2030년 ({2030 - base}년 합계)")


def test_event_marker_note_uses_proper_plurals(data: Datasets) -> None:
    from atlas.i18n import plural

    assert plural("spending.events_note", 1, "en").startswith("Dashed line: 1 event ")
    assert plural("spending.events_note", 3, "en").startswith("Dashed lines: 3 events ")
    assert plural("spending.sc_count", 1, "en") == "1 scenario kept"


def test_a_bad_scenario_has_no_what_if_figures(data: Datasets) -> None:
    ids = [f.id for f in F.figures(_state(data, {"wi_year": ["2020"]}), data, "en")]
    assert ids == ["spending.over_time", "spending.ranking", "spending.kor_budget"]


def test_no_countries_gives_an_empty_over_time_figure(data: Datasets) -> None:
    state = replace(State(), countries=())
    fig = F.figures(state, data, "en")[0]
    assert fig.chart is None and fig.table.empty


# ---------------------------------------------------------------- a missing or broken events file
class _Without(Datasets):
    def __init__(self, name: str, broken: bool = False) -> None:
        super().__init__()
        self._name, self._broken = name, broken

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name == self._name and self._broken:
            raise data_mod.DataError(f"data/{name}.csv: broken")
        return super().__getitem__(name)

    def __contains__(self, name: object) -> bool:
        return (name != self._name or self._broken) and super().__contains__(name)


@pytest.mark.parametrize("broken", [False, True], ids=["missing", "malformed"])
def test_markers_switch_off_with_a_note_when_events_cannot_be_read(broken: bool) -> None:
    data = _Without("events", broken)
    figs = F.figures(_state(data, {"events": ["on"]}), data, "en")
    assert [f.id for f in figs] == DEFAULT_IDS
    assert "Event markers are off" in figs[0].notes[0]
    assert [layer["mark"]["type"] for layer in figs[0].chart.to_dict()["layer"]] == ["line", "line", "rule", "text"]


def test_constant_prices_without_an_index_fall_back_to_current_with_a_note() -> None:
    data = _Without("us_price_index", broken=True)
    state, _ = State.from_query({"prices": ["constant"], "metric": ["usd"]}, data)
    figs = F.figures(state, data, "en")
    assert figs[0].notes[0].startswith("Constant dollars are not available")
    assert all("CPI-U" not in f.subtitle for f in figs)


# ---------------------------------------------------------------- the edition, North Korea, 48 countries
REAL = ROOT / "data"


@pytest.fixture(scope="module")
def real() -> Datasets:
    """data/ itself: 48 countries, SIPRI's 2026 release (the frozen fixture holds 19 of the 2025 release)."""
    return Datasets(lambda name: data_mod.load(name, REAL), available=lambda: data_mod.available(REAL))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_spending_figure_names_the_sipri_release(real: Datasets, lang: str) -> None:
    """SIPRI revises back years each release (Poland 2024: 4.15% became 3.75%): every figure says which."""
    words = {"en": "SIPRI 2026 release", "ko": "SIPRI 2026년 발표본"}[lang]
    for query in ({}, FULL, {**FULL, "metric": ["usd"], "prices": ["constant"]}):
        figs = F.figures(_state(real, query), real, lang)
        assert len(figs) >= 4 and all(words in f.subtitle for f in figs), [(f.id, f.subtitle) for f in figs]


def test_the_release_comes_from_the_rows_never_a_constant(data: Datasets, real: Datasets) -> None:
    fixture = data["defense_spending"]  # the frozen fixture holds the 2025 release
    assert F.release_words(fixture, "en") == "SIPRI 2025 release"
    assert all("SIPRI 2025 release" in f.subtitle for f in F.figures(_state(data, {}), data, "en"))
    mixed = pd.concat([fixture[fixture["iso3"] == "JPN"], real["defense_spending"]])
    assert F.release_words(mixed, "en") == "SIPRI 2025, 2026 releases"
    assert F.release_words(fixture.assign(source="a file"), "en") == ""


def test_north_korea_is_found_and_said_to_have_no_sipri_estimate(data: Datasets) -> None:
    state = _state(data, {"countries": ["KOR", "PRK"]})
    assert state.countries == ("KOR", "PRK")
    fig = F.figures(state, data, "en")[0]
    assert fig.chart is not None  # Korea is drawn
    assert fig.notes[0] == (
        "SIPRI publishes no estimate for North Korea: its footnote 57 says that, for lack of economic data, it gives "
        "no figures in US dollars or as a share of GDP. Nothing is drawn for it."
    )
    assert set(fig.table["ISO3 code"]) == {"KOR"} and "North Korea" not in fig.caption  # said once, not as "no figures"
    alone = F.figures(_state(data, {"countries": ["PRK"], "metric": ["usd"]}), data, "ko")[0]
    assert alone.chart is None and alone.notes[0].startswith("SIPRI는 북한의 추정치를 내지 않습니다.")


def test_north_korea_is_never_a_what_if_country(data: Datasets) -> None:
    state, rejected = State.from_query({"wi_country": ["PRK"]}, data)
    assert rejected == ("wi_country",) and state.wi_country == "KOR"


def test_the_ranking_draws_the_largest_and_the_chosen_and_tables_all(real: Datasets) -> None:
    state = _state(real, {"countries": ["KOR", "NZL"]})
    fig = next(f for f in F.figures(state, real, "en") if f.id == "spending.ranking")
    spec = fig.chart.to_dict()
    drawn = {row["country"] for rows in spec["datasets"].values() for row in rows}
    assert len(fig.table) > model.RANK_TOP + 10  # every country with a 2025 share
    assert len(drawn) == model.RANK_TOP + 1 and {"South Korea", "New Zealand"} <= drawn  # Korea is in the top 20
    assert f"The {model.RANK_TOP} largest of {len(fig.table)} countries with a figure" in fig.caption


# ---------------------------------------------------------------- Korea's own budget beside SIPRI
def test_koreas_budget_is_shown_beside_sipris_figure_with_why_they_differ(real: Datasets) -> None:
    fig = next(f for f in F.figures(_state(real, {}), real, "en") if f.id == "spending.kor_budget")
    table = fig.table.set_index("Year")
    row = table.loc[2025]
    assert (row["Budget (KRW 100 million, as the ministry states it)"], row["Ministry: % of GDP"]) == (612469, 2.32)
    assert row["SIPRI: % of GDP"] == pytest.approx(2.60)
    assert table.loc[2000, "Ministry: % of GDP"] == 2.22 and table.loc[2000, "SIPRI: % of GDP"] == pytest.approx(2.31)
    assert pd.isna(table.loc[2026, "Ministry: % of GDP"])  # no stored source states it: empty, never guessed
    assert fig.caption.startswith("Why they differ: the ministry states its original budget")
    assert fig.caption.endswith("In 2025: the ministry 2.32% of GDP, SIPRI 2.60%.")
    assert "SIPRI 2026 release" in fig.subtitle
    urls = {s.url for s in fig.sources}
    assert "https://www.sipri.org/databases/milex/sources-and-methods" in urls
    assert "http://www.mnd.go.kr/mbshome/mbs/mnd/subview.jsp?id=mnd_010401020000" in urls
    assert table["Source tier (ministry row)"].dropna().isin(["official", "wire_or_major"]).all()


def test_koreas_budget_only_when_korea_is_chosen(data: Datasets) -> None:
    ids = [f.id for f in F.figures(_state(data, {"countries": ["JPN"]}), data, "en")]
    assert "spending.kor_budget" not in ids
