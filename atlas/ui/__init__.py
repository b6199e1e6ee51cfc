"""The only Streamlit-aware helpers: page setup, the URL in and out, cached loaders, downloads.

Every page script starts with page_setup("<page id>"). That makes a page work the same
whether app.py's st.navigation runs it or a freshly started server runs it directly
from a deep link under legacy navigation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pandas as pd
import streamlit as st

from atlas import i18n
from atlas.core import data, urlstate
from atlas.core.export import to_safe_csv
from atlas.core.figure import Datasets, current_to
from atlas.core.pages import AREA_OF_PAGE, REGISTRY
from atlas.i18n import t
from atlas.ui import printing


@dataclass(frozen=True)
class PageSpec:
    id: str
    path: str
    icon: str

    @property
    def url_keys(self) -> tuple[str, ...]:
        """The query parameters the page reads besides lang: its view state's URL_KEYS, the one list."""
        return state_url_keys(self.id)


ROOT = Path(__file__).resolve().parents[2]
# The sidebar's order is the registry's (atlas.core.pages). PAGES holds only the pages whose script
# exists: a page is added to the app by adding its script and its registry entry.
_ALL_PAGES: tuple[PageSpec, ...] = tuple(PageSpec(p.id, p.path, p.icon) for p in REGISTRY)
PAGES: tuple[PageSpec, ...] = tuple(p for p in _ALL_PAGES if (ROOT / p.path).exists())
_NOTICES = "_atlas_url_notices"
FAVICON = ROOT / "static" / "favicon.png"


def page_setup(page_id: str) -> str:
    """Configure the page, draw the sidebar (language, navigation) and return the language."""
    st.session_state[_NOTICES] = []
    _forget_other_pages_filters(page_id)
    lang = _language_from_state()
    i18n.set_language(lang)
    title = t(f"nav.{page_id}")
    st.set_page_config(
        page_title=f"{title} · {t('common.app_name')}",
        page_icon=str(FAVICON),
        layout="wide",
        initial_sidebar_state="expanded",
    )
    with st.sidebar:
        st.markdown(f"### {t('common.app_name')}")
        for page in PAGES:
            st.page_link(
                page.path,
                label=t(f"nav.{page.id}"),
                icon=page.icon,
                query_params={"lang": lang} if lang != i18n.DEFAULT_LANG else None,
            )
        st.divider()
        _session_data_marker(lang)
        _language_switch(page_id)
        st.caption(t("common.offline_note"))
    printing.setup(page_id, lang)  # print styles + print-only note
    from atlas.ui import briefing  # the briefing being built rides in every page's link (b=)

    briefing.carry(page_id, lang)
    return i18n.language()


def state_url_keys(page_id: str) -> tuple[str, ...]:
    """The URL keys a page's view state declares (atlas.<area>.state.URL_KEYS), if it has one."""
    import importlib

    try:
        module = importlib.import_module(f"atlas.{AREA_OF_PAGE[page_id]}.state")
    except ModuleNotFoundError:
        return ()
    return tuple(getattr(module, "URL_KEYS", ()))


_LANG = "_atlas_lang"  # the session's language: a plain key, so it survives page changes
_PAGE = "_atlas_page"
_SESSION_KEY = "_atlas_session_key"


def session_key() -> str:
    """A random name for this browser session, made on its first run (the admission's ledger uses it)."""
    import uuid

    return str(st.session_state.setdefault(_SESSION_KEY, uuid.uuid4().hex))


def _forget_other_pages_filters(page_id: str) -> None:
    """On arriving at a page, read its filters from the URL, not from another page's state.

    Pages share key names (years, category): without this, the years chosen on the events
    page would override the years= of the link that brought the reader to the arms page.
    """
    if st.session_state.get(_PAGE) == page_id:
        return
    spec = next(p for p in _ALL_PAGES if p.id == page_id)
    for key in spec.url_keys:
        st.session_state.pop(key, None)
    st.session_state[_PAGE] = page_id


def _session_data_marker(lang: str) -> None:
    """Say, on every page, that this session shows a file of its own, with the way back."""
    own = st.session_state.get(SESSION_DATA) or {}
    if not own:
        return
    names = i18n.escape_markdown(", ".join(sorted({name for _, name in own.values()})))
    st.warning(t("common.session_data", lang, files=names), icon=":material/upload_file:")

    def back() -> None:
        st.session_state.pop(SESSION_DATA, None)

    st.button(t("common.session_data_back", lang), key="session-data-back", on_click=back, icon=":material/undo:")


def _language_from_state() -> str:
    if _LANG in st.session_state:
        return st.session_state[_LANG]
    parsed = urlstate.parse_code(st.query_params.get_all("lang"), list(i18n.LANGUAGES), i18n.DEFAULT_LANG)
    if parsed.rejected:
        notice("lang")
    st.session_state[_LANG] = parsed.value
    return parsed.value


def _language_switch(page_id: str) -> None:
    # Streamlit 1.67 gives a widget a new identity on every page, and a widget new to a
    # page starts from its default, not from a same-named key left by another page. So
    # the radio is keyed per page and only mirrors the plain session key above.
    widget_key = f"lang_{page_id}"
    st.session_state[widget_key] = st.session_state[_LANG]

    def changed() -> None:
        st.session_state[_LANG] = st.session_state[widget_key]

    st.radio(
        "Language · 언어",
        options=list(i18n.LANGUAGES),
        format_func=i18n.LANGUAGES.get,
        key=widget_key,
        horizontal=True,
        on_change=changed,
    )
    _write_param("lang", st.session_state[_LANG], i18n.DEFAULT_LANG)


# ---------------------------------------------------------------- the URL and the widgets
def notice(key: str) -> None:
    """Record that the URL's value for key was ignored (shown by show_url_notices)."""
    st.session_state.setdefault(_NOTICES, []).append(key)


def show_url_notices() -> None:
    """One short notice naming the URL parameters that were ignored (never their values)."""
    keys = st.session_state.get(_NOTICES) or []
    if keys:
        st.info(t("common.bad_url_params", keys=", ".join(sorted(set(keys)))), icon=":material/link_off:")


def _write_param(key: str, value: object, default: object) -> None:
    if value == default or value in (None, [], ()):
        if key in st.query_params:
            del st.query_params[key]
    elif isinstance(value, (list, tuple)):
        st.query_params[key] = [str(v) for v in value]
    else:
        st.query_params[key] = str(value)


def url_query(keys: Sequence[str]) -> dict[str, list[str]]:
    """The page's keys as the URL holds them, for its State.from_query."""
    return {k: st.query_params.get_all(k) for k in keys}


def write_url(keys: Sequence[str], wanted: dict[str, list[str]]) -> None:
    """The URL follows the view: the page's keys set to its State.to_query(), nothing else touched."""
    for key in keys:
        value = wanted.get(key)
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get_all(key) != value:
            st.query_params[key] = value


def multiselect(
    label: str, options: Sequence[str], key: str, format_func: Callable[[str], str], **kwargs: Any
) -> list[str]:
    """A multiselect of codes seeded by the page's State; codes the data no longer offers are dropped."""
    st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]
    return list(st.multiselect(label, options=list(options), format_func=format_func, key=key, **kwargs))


def years_label(label: str, last: int, dataset: str, lang: str | None = None) -> str:
    """A year filter's label that never implies coverage the data lacks: "Years (2026: to 30 January)"."""
    note = i18n.fmt_coverage(last, current_to(dataset), lang)
    return f"{label} ({note})" if note else label


def year_slider(label: str, lo: int, hi: int, key: str, dataset: str | None = None) -> tuple[int, int]:
    """A year-range slider seeded by the page's State (dataset: whose currency the label states).

    A kept value is clamped to the data's span, which may have changed under it.
    """
    a, b = st.session_state.get(key, (lo, hi))
    st.session_state[key] = (min(max(a, lo), hi), max(min(b, hi), lo))
    if dataset is not None:
        label = years_label(label, hi, dataset)
    if lo == hi:
        st.caption(f"{label}: {lo}")
        return (lo, hi)
    value = cast(tuple[int, int], st.slider(label, min_value=lo, max_value=hi, step=1, key=key))
    return (int(value[0]), int(value[1]))


# ---------------------------------------------------------------- data and downloads
SESSION_DATA = "_atlas_session_data"  # {dataset: (frame, file name)}: a session's own upload, never shared


@st.cache_data(show_spinner=False, max_entries=64)
def _cached(dataset: str, version: data.FileVersion, refs: tuple[data.FileVersion, ...]) -> pd.DataFrame:
    """A dataset once per version of its file and of the files it is checked against: no restart needed."""
    return data.load(dataset)


Versions = tuple[data.FileVersion, tuple[data.FileVersion, ...]]


def _versions(name: str) -> Versions:
    """The key of a dataset in the caches below: its file's version and those of the files it is checked against."""
    refs = sorted(set(data.SPECS[name].references.values()) - {name})
    return data.dataset_version(name), tuple(data.dataset_version(r) for r in refs)


def _load(name: str) -> pd.DataFrame:
    return _cached(name, *_versions(name))


@st.cache_data(show_spinner=False, max_entries=16)
def _problems(key: str, _keys: tuple[tuple[str, Versions], ...]) -> dict[str, str]:
    """Why each failing file fails validation, kept per version of the files like the loads (one cache lookup
    for all of them, keyed on their repr: hashing the nested tuples themselves costs 2 ms a rerun)."""
    found = {}
    for dataset, (version, refs) in _keys:
        try:
            _cached(dataset, version, refs)
        except data.DataError as err:
            found[dataset] = str(err)
    return found


@st.cache_data(show_spinner=False, max_entries=64)
def _csv(dataset: str, version: data.FileVersion, refs: tuple[data.FileVersion, ...]) -> bytes:
    """A dataset's download, built once per version like the load."""
    return to_safe_csv(_cached(dataset, version, refs))


@st.cache_data(show_spinner=False, max_entries=4)
def _catalog(version: data.FileVersion) -> list[data.CatalogEntry]:
    return data.load_catalog()


def catalog() -> list[data.CatalogEntry]:
    """data/catalog.toml's entries, read once per version of the file."""
    return _catalog(data.file_version("catalog.toml"))


def session_data() -> dict[str, tuple[pd.DataFrame, str]]:
    """Datasets this session replaced with its own file (Sources page, "Use a newer file")."""
    return st.session_state.setdefault(SESSION_DATA, {})


def _read(name: str) -> pd.DataFrame:
    own = session_data().get(name)
    if own is not None:
        return own[0].copy()
    return _load(name)


def datasets() -> Datasets:
    """Every dataset for this session (its own uploads first), for an area's figures(state, data, lang)."""
    return Datasets(loader=_read, overrides={k: v[0] for k, v in session_data().items()})


def dataset(name: str) -> pd.DataFrame:
    """A validated dataset (a copy per caller); a bad file stops the page with its message."""
    try:
        df = _read(name)
    except data.DataError as err:
        st.error(t("common.data_error", file=data.SPECS[name].file), icon=":material/error:")
        st.code(str(err), language=None)
        st.stop()
        raise  # unreachable: st.stop() raises
    for problem in df.attrs.get("degraded", []):
        st.warning(t("common.data_degraded", problem=i18n.escape_markdown(problem)), icon=":material/link_off:")
    return df


def load_dataset_quietly(name: str) -> pd.DataFrame:
    """Like dataset(), but lets the caller handle a bad file (the Sources page lists the rest)."""
    return _read(name)


def dataset_problems(names: Sequence[str]) -> dict[str, str]:
    """Why each of the named datasets' files fails validation, by name: none for a file that loads, is missing,
    or is this session's own (checked when the session took it)."""
    own, present = session_data(), set(data.available())
    keys = tuple((name, _versions(name)) for name in names if name in present and name not in own)
    return _problems(repr(keys), keys)


def optional_dataset(name: str) -> pd.DataFrame | None:
    """A dataset, or None when its file is missing or fails validation (for pages that do without it)."""
    if name not in data.available() and name not in session_data():
        return None
    try:
        return _read(name)
    except data.DataError:
        return None


def csv_download(df: pd.DataFrame, filename: str, label: str | None = None, key: str | None = None) -> None:
    """A download button for df as formula-safe CSV, built only when clicked."""
    frame = df.copy()
    _download(lambda: to_safe_csv(frame), filename, label, key)


def dataset_download(name: str, filename: str, label: str | None = None, key: str | None = None) -> None:
    """A download button for a whole dataset as formula-safe CSV (what csv_download gives for its frame).

    The shipped file's bytes come from the load cache, per version of the file, and only when clicked: a
    rerun reads no dataset. A session's own file is built from its frame, never shared."""
    own = session_data().get(name)
    if own is not None:
        csv_download(own[0], filename, label, key)
        return
    version, refs = _versions(name)
    _download(lambda: _csv(name, version, refs), filename, label, key)


def _download(build: Callable[[], bytes], filename: str, label: str | None, key: str | None) -> None:
    st.download_button(
        label or t("common.download_csv"),
        data=build,
        on_click="ignore",
        file_name=filename,
        mime="text/csv",
        icon=":material/download:",
        key=key or f"dl-{filename}",
    )


def empty_state(message_key: str, **values: object) -> None:
    st.warning(t(message_key, **values), icon=":material/filter_alt_off:")


from atlas.ui.figure import screen_spec, show_figure, source_line  # noqa: E402  (re-exported: pages use ui.show_figure)

__all__ = ["PAGES", "PageSpec", "datasets", "dataset", "page_setup", "screen_spec", "show_figure", "source_line"]
