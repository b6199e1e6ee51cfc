"""The one shape every page's figures take: what the page shows, the tests check and the exporter draws.

A page's figures for any view come from one plain call, `atlas.<area>.figures.figures(state,
data, lang)`, with no Streamlit running. The page draws them with `atlas.ui.show_figure`;
`atlas.render` turns the same objects into PNG, SVG, slides and PDF pages. So what is
exported is exactly what is on the screen for that view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Protocol

import pandas as pd

from atlas.core import data as data_mod


@dataclass(frozen=True)
class Source:
    """One publisher behind a figure, with how far a reader can trust it."""

    publisher: str  # "SIPRI", "UN Security Council", "Yonhap" ...
    url: str = ""
    tier: str = ""  # one of vocab.SOURCE_TIERS, or "" when not graded


@dataclass(frozen=True)
class Figure:
    """One chart (or map) with everything a slide needs around it.

    `chart` is an Altair chart: the page shows it and the exporter renders it, so the two
    cannot differ. The arms map is the one exception on screen: `deck` holds the pydeck
    map drawn in the browser, and `chart` its static twin (an Altair geoshape of the same
    rows) for pictures. `table` holds the numbers behind the chart, columns already named
    in the figure's language, ready for st.dataframe and for CSV.
    """

    id: str  # stable within its page, e.g. "arms.by_recipient"; used for keys and file names
    title: str
    subtitle: str  # the filters in words: "2017-2025 · Poland, Estonia · contracts, options"
    chart: Any  # alt.TopLevelMixin (typed loosely: Altair's classes are not mypy-friendly)
    table: pd.DataFrame
    caption: str = ""  # how to read it; counting rules; base year; what is excluded
    sources: tuple[Source, ...] = ()
    as_of: date | None = None  # the data's currency (the newest file behind the figure)
    url: str = ""  # the view's link, relative: "/arms_exports?years=2017&years=2025"
    lang: str = "en"
    deck: Any = None  # pydeck.Deck, on screen only
    notes: tuple[str, ...] = field(default_factory=tuple)  # warnings a reader must see (small samples ...)
    # The caption written for a slide or a page, where nothing can be hovered or clicked; None: the
    # screen caption without its screen-only sentences (atlas.briefing.captions).
    slide_caption: str | None = None


def current_to(dataset: str) -> date | None:
    """The date a dataset is complete to (data/catalog.toml), for a figure's as_of and its subtitle's span
    (i18n.fmt_years): None when the catalogue gives no date for it or cannot be read.

    Read once per version of the catalogue file (its path, modification time and size), not per figure.
    """
    return _catalogue_dates(data_mod.file_version("catalog.toml"), "current_to").get(dataset)


def complete_to(dataset: str) -> date | None:
    """The date up to which a dataset holds every record (data/catalog.toml `complete_to`), when rows after it
    are only a selection: the Council record is complete to 4 June 2025, curated decisions follow."""
    return _catalogue_dates(data_mod.file_version("catalog.toml"), "complete_to").get(dataset)


@lru_cache(maxsize=8)
def _catalogue_dates(version: data_mod.FileVersion, field: str) -> Mapping[str, date]:
    from pathlib import Path

    path, _mtime, size = version
    if not size:
        return MappingProxyType({})
    try:
        entries = data_mod.load_catalog(Path(path).parent)
    except (OSError, ValueError, KeyError):  # a broken catalogue must not stop a figure
        return MappingProxyType({})
    out = {}
    for e in entries:
        try:
            value = getattr(e, field)
            if value:
                out[e.dataset] = date.fromisoformat(str(value).strip())
        except ValueError:
            continue
    return MappingProxyType(out)


class Data(Protocol):
    """Datasets by name: `data["arms_exports"]`. The page passes cached loads; tests and the exporter plain ones."""

    def __getitem__(self, name: str) -> pd.DataFrame: ...

    def __contains__(self, name: object) -> bool: ...


class Datasets:
    """A lazy, memoising Data over a loader (default: atlas.core.data.load on the data folder).

    `overrides` replaces a dataset for this object only (a session's uploaded SIPRI file).
    A dataset whose file is missing is `not in` the bundle; one that fails validation raises
    DataError when read, so each figure degrades only on what it reads.
    """

    def __init__(
        self,
        loader: Callable[[str], pd.DataFrame] | None = None,
        overrides: Mapping[str, pd.DataFrame] | None = None,
        available: Callable[[], list[str]] | None = None,
    ) -> None:
        self._loader = loader or data_mod.load
        self._available = available or data_mod.available
        self._overrides = dict(overrides or {})
        self._memo: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self._overrides:
            return self._overrides[name]
        if name not in self._memo:
            self._memo[name] = self._loader(name)
        return self._memo[name]

    def __contains__(self, name: object) -> bool:
        return name in self._overrides or name in self._available()


class ViewState(Protocol):
    """What every area's state.State provides: a typed view parsed from, and written to, a URL."""

    PAGE: str

    def to_query(self) -> dict[str, list[str]]: ...


def view_url(page: str, query: Mapping[str, list[str]], lang: str = "en") -> str:
    """The relative link of a view: "/arms_exports?years=2017&years=2025&lang=ko"."""
    from urllib.parse import urlencode

    pairs = [(k, v) for k, vals in query.items() for v in vals]
    if lang != "en":
        pairs.append(("lang", lang))
    path = "/" if page == "overview" else f"/{page}"
    return path + (f"?{urlencode(pairs)}" if pairs else "")


class LazyChart:
    """A chart built on first use: for a picture-only twin that the screen never draws.

    The arms map is drawn on screen by pydeck; its static Altair twin (a geoshape of the world,
    ~0.7 s to build) is needed only when someone downloads a picture or a deck. Anything that
    reads the chart (to_dict, properties ...) builds it once and then uses the real chart.
    """

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._chart: Any = None

    def get(self) -> Any:
        if self._chart is None:
            self._chart = self._build()
        return self._chart

    def to_dict(self, *args: Any, **kwargs: Any) -> dict:
        return dict(self.get().to_dict(*args, **kwargs))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.get(), name)
