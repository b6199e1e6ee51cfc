"""Every page's figures come from one plain call, with no Streamlit running, in both languages.

The page draws these figures, the exporter renders them: so a briefing can be built from a list
of view URLs with no browser. Checked here for every page's default view.
"""

from __future__ import annotations

import importlib
import sys
from datetime import date

import pandas as pd
import pytest

from atlas.core.figure import Datasets, Figure
from atlas.core.pages import AREA_OF_PAGE, REGISTRY

FIGURE_PAGES = [p.id for p in REGISTRY if p.has_figures or p.id == "sources"]
# Pages whose view state owns URL keys (the Overview and Sources have no filters, so no keys).
KEYED_PAGES = [p for p in FIGURE_PAGES if importlib.import_module(f"atlas.{AREA_OF_PAGE[p]}.state").URL_KEYS]


def _area(page: str, module: str):  # noqa: ANN202
    return importlib.import_module(f"atlas.{AREA_OF_PAGE[page]}.{module}")


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", FIGURE_PAGES)
def test_default_view_figures_without_streamlit(page: str, lang: str) -> None:
    state_mod, figures_mod = _area(page, "state"), _area(page, "figures")
    data = Datasets()
    state, rejected = state_mod.State.from_query({}, data)
    assert rejected == ()
    assert state_mod.PAGE == page
    figs = figures_mod.figures(state, data, lang)
    assert figs, f"{page} has no figures"
    ids = [f.id for f in figs]
    assert len(ids) == len(set(ids)), ids
    for fig in figs:
        assert isinstance(fig, Figure)
        assert fig.title.strip() and fig.lang == lang
        assert isinstance(fig.table, pd.DataFrame)
        assert fig.sources, f"{fig.id} names no source"
        assert fig.as_of is None or isinstance(fig.as_of, date)
        if fig.chart is not None:
            fig.chart.to_dict()  # a valid Vega-Lite spec (Altair validates)


def test_figures_modules_do_not_import_streamlit() -> None:
    """Checked in a fresh interpreter: importing every figures and state module pulls in no Streamlit."""
    import subprocess
    from pathlib import Path

    modules = [f"atlas.{AREA_OF_PAGE[p]}.{m}" for p in FIGURE_PAGES for m in ("state", "figures")]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'streamlit')\n"
    code += "print(bad)\nsys.exit(1 if bad else 0)\n"
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr[-2000:]


@pytest.mark.parametrize("page", FIGURE_PAGES)
def test_state_round_trips_through_the_url(page: str) -> None:
    state_mod = _area(page, "state")
    data = Datasets()
    state, _ = state_mod.State.from_query({}, data)
    assert state.to_query() == {}, "a default view has an empty query (defaults are left out of the URL)"
    again, rejected = state_mod.State.from_query(state.to_query(), data)
    assert again == state and rejected == ()
    assert set(state_mod.URL_KEYS) >= set(state.to_query())


def test_only_the_pages_without_filters_own_no_url_keys() -> None:
    assert sorted(set(FIGURE_PAGES) - set(KEYED_PAGES)) == ["overview", "sources"]


@pytest.mark.parametrize("page", KEYED_PAGES)
def test_bad_values_are_rejected_by_key(page: str) -> None:
    state_mod = _area(page, "state")
    keys = [k for k in state_mod.URL_KEYS]
    data = Datasets()
    default, _ = state_mod.State.from_query({}, data)
    state, rejected = state_mod.State.from_query({k: ["\u202e<script>"] for k in keys}, data)
    assert set(rejected) <= set(keys)
    assert rejected, f"{page}: no key rejected a hostile value"


# Tokens a real link might carry for some key (codes, ISO3, years, flags), mixed with any text at all.
_TOKENS = ["KOR", "USA", "CHN", "RUS", "POL", "JPN", "2017", "2020", "2024", "2025", "1994", "on", "all",
           "contested", "matrix", "agreement", "differ", "whatif", "decisions", "ukraine", "dprk", "adopted",
           "vetoed", "usd", "gdp", "constant", "map", "table", "1", "2", "0", "-1", "Arms deal", "K2"]  # fmt: skip


@pytest.mark.parametrize("page", KEYED_PAGES)
def test_any_link_settles_on_a_canonical_view_in_one_step(page: str) -> None:
    """Property (hypothesis): whatever a link holds, its page opens without an exception, rejects only keys
    the link carried, and the view's own link reopens the same view with nothing rejected: a shared link
    never drifts from one reload to the next."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    state_mod = _area(page, "state")
    keys = list(state_mod.URL_KEYS)
    data = Datasets()
    junk = st.text(max_size=12)
    # the tokens each key accepts on its own, so that most drawn links are real views, not only rejections
    accepted = {k: [v for v in _TOKENS if k not in state_mod.State.from_query({k: [v]}, data)[1]] for k in keys}
    per_key = {
        k: st.none()
        | st.lists(st.sampled_from(accepted[k]) if accepted[k] else junk, min_size=1, max_size=2)
        | st.lists(junk, min_size=1, max_size=3)
        for k in keys
    }
    queries = st.fixed_dictionaries(per_key).map(lambda q: {k: v for k, v in q.items() if v is not None})

    @settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(queries)
    def settles(query: dict[str, list[str]]) -> None:
        state, rejected = state_mod.State.from_query(query, data)
        assert set(rejected) <= set(query), (query, rejected)
        link = state.to_query()
        assert set(link) <= set(keys)
        again, rejected_again = state_mod.State.from_query(link, data)
        assert rejected_again == () and again == state, (query, link)

    settles()
