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


@pytest.mark.parametrize("page", FIGURE_PAGES)
def test_bad_values_are_rejected_by_key(page: str) -> None:
    state_mod = _area(page, "state")
    keys = [k for k in state_mod.URL_KEYS]
    if not keys:
        return  # a page with no view state (nothing to reject)
    data = Datasets()
    default, _ = state_mod.State.from_query({}, data)
    state, rejected = state_mod.State.from_query({k: ["\u202e<script>"] for k in keys}, data)
    assert set(rejected) <= set(keys)
    assert rejected, f"{page}: no key rejected a hostile value"
