"""A view's figures from its page and query, by a plain call: no Streamlit, no browser.

Each area follows the contract of atlas/README.md: `atlas.<area>.state.State.from_query(query,
data) -> (State, rejected_keys)` and `atlas.<area>.figures.figures(state, data, lang)`. The
registry finds the area of a page through atlas.core.pages.AREA_OF_PAGE and imports both modules by
name, so an area is briefable as soon as its package exists.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import ModuleType

import pandas as pd

from atlas.briefing.model import FIGURE_PAGES, View
from atlas.core.data import DataError
from atlas.core.figure import Data, Figure, view_url


class AreaUnavailable(LookupError):
    """The page has no area package with state.py and figures.py (yet)."""


def area_of(page: str) -> str:
    from atlas.core.pages import AREA_OF_PAGE  # plain data: no Streamlit for the exporter

    if page not in FIGURE_PAGES or page not in AREA_OF_PAGE:
        raise AreaUnavailable(page)
    return AREA_OF_PAGE[page]


def modules(page: str) -> tuple[ModuleType, ModuleType]:
    """The page's atlas.<area>.state and atlas.<area>.figures modules."""
    area = area_of(page)
    try:
        state = importlib.import_module(f"atlas.{area}.state")
        figures = importlib.import_module(f"atlas.{area}.figures")
    except ModuleNotFoundError as err:
        if err.name and err.name.startswith(f"atlas.{area}"):
            raise AreaUnavailable(page) from err
        raise
    return state, figures


class RecordingData:
    """Data that remembers which datasets were read: the cover slide lists their currency."""

    def __init__(self, data: Data) -> None:
        self._data = data
        self.used: set[str] = set()

    def __getitem__(self, name: str) -> pd.DataFrame:
        frame = self._data[name]
        self.used.add(name)
        return frame

    def __contains__(self, name: object) -> bool:
        return name in self._data


def figures_for(page: str, query: Mapping[str, list[str]], lang: str, data: Data) -> list[Figure]:
    """Exactly the figures the page shows for this view (AreaUnavailable when it has no figures module)."""
    state_mod, figures_mod = modules(page)
    state, _rejected = state_mod.State.from_query(query, data)
    out = []
    kwargs = {}
    if "decks" in inspect.signature(figures_mod.figures).parameters:
        kwargs["decks"] = False  # a briefing draws the map's picture, never the browser's map
    for fig in figures_mod.figures(state, data, lang, **kwargs):
        if not fig.url:  # every picture carries the link of its exact view
            fig = replace(fig, url=view_url(page, state.to_query(), lang))
        out.append(fig)
    return out


@dataclass(frozen=True)
class ViewFigures:
    """A briefing view with its figures, or the reason it has none (a message key)."""

    view: View
    figures: tuple[Figure, ...]
    datasets: frozenset[str]
    problem: str = ""  # "", "unavailable" (no figures module), "data" (a data file failed validation)
    detail: str = ""


def build(view: View, lang: str, data: Data) -> ViewFigures:
    """One view's figures for the page and the exports; a broken area or file spoils only this view."""
    recording = RecordingData(data)
    try:
        figs = figures_for(view.page, view.query_dict(), lang, recording)
    except AreaUnavailable:
        return ViewFigures(view, (), frozenset(), "unavailable")
    except DataError as err:
        return ViewFigures(view, (), frozenset(recording.used), "data", str(err))
    return ViewFigures(view, tuple(figs), frozenset(recording.used))
