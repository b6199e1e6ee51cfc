"""The one figure cache: what an area's view draws, built once per view and shared by every session.

`cached(area, part, key, lang, build)` returns `build()`, kept under

- the area and a part name (a view built in pieces caches each piece: the spending page's series and
  what-if halves, the Briefing's figures of a view);
- `key`, the view (`view_key(state)`: every field of its state, every what-if row included; a briefing's
  view: its query), so sessions opening one link share an entry and two different views never do;
- the language;
- the version (path, modification time, size) of every file the area declares it reads
  (`atlas.<area>.figures.READS`, the files those are checked against, the catalogue and the world map),
  so an updated file is a new entry: no restart, and no stale figure after a data update.

A session that reads its own upload of any of those files builds without the cache: what is built from a
visitor's file is never shared. Entries are pickled copies (Streamlit's cache_data), so no caller can change
another's figures.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

import streamlit as st

from atlas import ui
from atlas.core import data
from atlas.core.charts import to_spec
from atlas.core.figure import Figure, LazyChart

T = TypeVar("T")

ENTRIES = 256  # every area and part together; about 100-350 kB an entry
TTL_S = 3600  # a view nobody opened for an hour gives its memory back
ALWAYS_READ = ("catalog.toml", data.WORLD_FILE)  # every figure's "current to" and the map's land


@cache
def reads(area: str) -> tuple[str, ...]:
    """The datasets an area's figures read: its declared READS and, transitively, the files they are checked
    against (a change to countries.csv changes every view that names a country)."""
    # An area that declares nothing is taken to read every dataset: a stale figure is worse than a rebuild.
    declared = getattr(importlib.import_module(f"atlas.{area}.figures"), "READS", tuple(data.SPECS))
    names, todo = set(declared), list(declared)
    while todo:
        for target in data.SPECS[todo.pop()].references.values():
            if target not in names:
                names.add(target)
                todo.append(target)
    return tuple(sorted(names))


def view_key(state: Any) -> str:
    """A view as one string: `state.cache_key()` where the state defines it (the arms page: its URL caps the
    what-if rows), else the state's repr. Every state is a frozen dataclass of plain values, so its repr
    holds every field, including a view no URL can carry (the spending page with no country chosen reads as
    the default view in a link, yet draws nothing)."""
    own = getattr(state, "cache_key", None)
    if callable(own):
        return str(own())
    return repr(state)


def versions(area: str) -> tuple[data.FileVersion, ...]:
    return tuple(data.dataset_version(n) for n in reads(area)) + tuple(data.file_version(f) for f in ALWAYS_READ)


@st.cache_data(show_spinner=False, max_entries=ENTRIES, ttl=TTL_S)
def _shared(area: str, part: str, key: str, lang: str, files: str, _build: Callable[[], Any]) -> Any:
    return _build()


def cached(area: str, part: str, key: str, lang: str, build: Callable[[], T]) -> T:
    """build(), from the shared cache (see the module's docstring), or built for this session alone when it
    reads its own upload of a file the area reads."""
    if set(ui.session_data()) & set(reads(area)):
        return build()
    # The versions as one string: Streamlit hashes a tuple item by item, 1 ms a call for the Sources page's 17.
    return _shared(area, part, key, lang, repr(versions(area)), build)


def with_specs(figs: list[Figure]) -> list[tuple[Figure, dict | None]]:
    """Each figure with its Vega-Lite dict: converting a chart costs as much as building it, so it is cached
    too. A picture-only chart (LazyChart: the map's static twin, drawn on screen by pydeck) stays unbuilt."""
    return [(f, to_spec(f.chart) if f.chart is not None and not isinstance(f.chart, LazyChart) else None) for f in figs]
