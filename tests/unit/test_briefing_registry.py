"""The registry builds a view's figures from page + query with a plain call, for any area that follows
the contract; every page in the registry has its figures module (fails until the areas exist)."""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass
from datetime import date

import altair as alt
import pytest

from atlas import ui
from atlas.briefing import registry
from atlas.briefing.model import FIGURE_PAGES, View
from atlas.core.figure import Datasets, Figure, Source

FAKE_AREA = "fakearea"
FAKE_TITLES = {"en": "South Korea's defence spending", "ko": "한국의 국방비"}


def make_fake_area() -> tuple[types.ModuleType, types.ModuleType]:
    """An area package that follows atlas/README.md's contract, over the fixture's spending data."""
    state_mod = types.ModuleType(f"atlas.{FAKE_AREA}.state")
    figures_mod = types.ModuleType(f"atlas.{FAKE_AREA}.figures")

    @dataclass(frozen=True)
    class State:
        years: tuple[int, int] = (2015, 2024)

        @classmethod
        def from_query(cls, query, data):  # noqa: ANN001, ANN206
            raw = list(query.get("years", []))
            if len(raw) == 2 and all(x.isdigit() for x in raw):
                return cls((int(raw[0]), int(raw[1]))), ()
            return cls(), ("years",) if raw else ()

        def to_query(self) -> dict[str, list[str]]:
            return {} if self.years == (2015, 2024) else {"years": [str(y) for y in self.years]}

    def figures(state, data, lang):  # noqa: ANN001, ANN202
        rows = data["defense_spending"]
        rows = rows[(rows["iso3"] == "KOR") & rows["year"].between(*state.years)][["year", "share_gdp_pct"]]
        chart = alt.Chart(rows).mark_bar().encode(x="year:O", y="share_gdp_pct:Q")
        common = {"table": rows, "sources": (Source("SIPRI", "https://www.sipri.org/databases/milex", "official"),)}
        sub = f"{state.years[0]}–{state.years[1]}"
        return [
            Figure(
                "fake.share",
                FAKE_TITLES[lang],
                sub,
                chart,
                caption="Share of GDP.",
                as_of=date(2024, 12, 31),
                lang=lang,
                **common,
            ),
            Figure("fake.line", FAKE_TITLES[lang] + " (2)", sub, chart.mark_line(), lang=lang, **common),
        ]

    vars(state_mod).update(PAGE="defense_spending", URL_KEYS=("years",), State=State)
    vars(figures_mod).update(figures=figures)
    return state_mod, figures_mod


@pytest.fixture
def fake_area(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every briefable page served by the fake area; returns its name."""
    state_mod, figures_mod = make_fake_area()
    monkeypatch.setitem(sys.modules, state_mod.__name__, state_mod)
    monkeypatch.setitem(sys.modules, figures_mod.__name__, figures_mod)
    for page in FIGURE_PAGES:
        monkeypatch.setitem(ui.AREA_OF_PAGE, page, FAKE_AREA)
    return FAKE_AREA


def test_figures_for_uses_the_area_contract(fake_area: str) -> None:
    figs = registry.figures_for("defense_spending", {"years": ["2020", "2022"]}, "ko", Datasets())
    assert [f.id for f in figs] == ["fake.share", "fake.line"]
    assert figs[0].title == "한국의 국방비" and figs[0].subtitle == "2020–2022"
    assert list(figs[0].table["year"]) == [2020, 2021, 2022]


def test_a_figure_without_a_link_gets_its_views_link(fake_area: str) -> None:
    figs = registry.figures_for("defense_spending", {"years": ["2020", "2022"], "junk": ["1"]}, "ko", Datasets())
    assert {f.url for f in figs} == {"/defense_spending?years=2020&years=2022&lang=ko"}  # the parsed state's link


def test_build_records_the_datasets_read(fake_area: str) -> None:
    built = registry.build(View.of("unsc_votes", {}), "en", Datasets())
    assert built.problem == "" and len(built.figures) == 2
    assert built.datasets == {"defense_spending"}


def test_a_page_without_an_area_package_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ui.AREA_OF_PAGE, "events", "no_such_area_package")
    built = registry.build(View.of("events", {}), "en", Datasets())
    assert built.problem == "unavailable" and built.figures == ()
    with pytest.raises(registry.AreaUnavailable):
        registry.figures_for("sources", {}, "en", Datasets())


def test_a_broken_data_file_spoils_only_that_view(fake_area: str) -> None:
    from atlas.core.data import DataError

    def broken(name: str):  # noqa: ANN202
        raise DataError(f"{name}.csv row 2: bad value")

    built = registry.build(View.of("overview", {}), "en", Datasets(loader=broken))
    assert built.problem == "data" and "row 2" in built.detail


@pytest.mark.parametrize("page", FIGURE_PAGES)
def test_every_briefable_page_has_a_figures_module(page: str) -> None:
    """The integration check: fails while an area package (atlas/<area>/state.py, figures.py) is missing."""
    area = ui.AREA_OF_PAGE[page]
    for part in ("state", "figures"):
        assert importlib.util.find_spec(f"atlas.{area}") is not None, f"atlas/{area}/ is missing"
        module = importlib.import_module(f"atlas.{area}.{part}")
        assert module is not None
    assert callable(importlib.import_module(f"atlas.{area}.figures").figures)
