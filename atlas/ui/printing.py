"""Printing a page (the app menu's Print, or the browser's): our print stylesheet and print-only tables.

On paper the sidebar, the header and every control are left out and the content runs the
page's full width. st.dataframe draws a canvas grid that prints as the few rows and columns
on screen, so a register drawn with `table(...)` carries a second, print-only copy as a
plain st.table (every row; long cells wrap), hidden on screen; in print the grid is hidden
instead. A print-only line at the top gives the view's link and points to the Briefing
page's PDF handout.

The stylesheet is a constant of ours (no user text) and goes in with st.html, which asks
for nothing over the network. Table cells are shown by st.table as Markdown, so every cell
and header is escaped here (no links, emphasis or HTML from data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

import pandas as pd
import streamlit as st

from atlas.core.figure import view_url
from atlas.i18n import escape_markdown, t

PRINT_ONLY = "atlas-print-"  # key prefix of a container shown only in print (its class: st-key-atlas-print-...)
SCREEN_ONLY = "atlas-screen-"  # key prefix of a container left out of print: a box of filters prints empty
NOTE_KEY = f"{PRINT_ONLY}note"
FIGURE_ROWS_MAX = 40  # a longer figure table is left off paper (and off the wire twice): a page, not a ream
# The arms deals register on paper (atlas/arms/view.py): the columns an A4 page has room for, the
# sources whole; notes, currencies and FX rates stay on screen and in the CSV.
DEALS_COLUMNS = ("highlight", "deal_id", "recipient", "system", "stage", "quantity", "usd_m_at_signing",
                 "value_basis", "year_signed", "contractor", "source_title", "source_url")  # fmt: skip
_NOTE = "_atlas_print_note"  # session key: (page id, language, the note's placeholder) for this run

_WIDGETS = ", ".join(
    f'[data-testid="{x}"]'
    for x in (
        "stSlider", "stMultiSelect", "stSelectbox", "stRadio", "stCheckbox", "stToggle", "stNumberInput",
        "stTextInput", "stTextArea", "stDateInput", "stTimeInput", "stColorPicker", "stFileUploader",
        "stButton", "stDownloadButton", "stFormSubmitButton", "stButtonGroup", "stPopover",
        "stChatInput", "stElementToolbar", "stTooltipIcon", "stSidebar", "stSidebarCollapsedControl",
        "stSidebarCollapseButton", "stHeader", "stToolbar", "stDecoration", "stStatusWidget", "stBottom",
        "stSkipToContent",
    )
)  # fmt: skip
_PRINT = f'[class*="st-key-{PRINT_ONLY}"]'

# A fixed stylesheet: ours, never user text.
STYLESHEET = f"""<style>
@media screen {{
  /* Out of sight but laid out: Streamlit draws an element only once it knows its width (display:none would
     leave a placeholder, and the browser's print preview does not wait for it to be drawn). */
  [data-testid="stLayoutWrapper"]:has(> {_PRINT}) {{
    position: absolute !important; top: 0; left: 0; width: 100% !important; height: 0 !important;
    overflow: hidden !important; visibility: hidden !important; pointer-events: none !important;
  }}
  {_PRINT} {{ visibility: hidden !important; }}
}}
@media print {{
  @page {{ margin: 12mm 10mm; }}
  {_WIDGETS} {{ display: none !important; }}
  [class*="st-key-{SCREEN_ONLY}"], .mapboxgl-ctrl, .maplibregl-ctrl {{ display: none !important; }}  /* + map zoom */
  /* Canvas grids print as the rows and columns on screen: hidden; registers carry a print copy instead. */
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) {{ display: none !important; }}
  [data-testid="stExpander"]:has(> details:not([open])):not(:has({_PRINT})) {{ display: none !important; }}
  [data-testid="stExpander"] details:has({_PRINT})::details-content {{
    content-visibility: visible !important; display: block !important; height: auto !important;
  }}
  [data-testid="stExpander"] details:has({_PRINT}) summary [data-testid="stIconMaterial"] {{ display: none; }}
  [data-testid="stExpander"] details {{ border: none !important; }}
  [data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stMainBlockContainer"] {{
    max-width: none !important; width: 100% !important; margin: 0 !important; padding: 0 !important;
    overflow: visible !important; position: static !important; height: auto !important;
  }}
  {_PRINT}, [data-testid="stLayoutWrapper"]:has(> {_PRINT}) {{
    position: static !important; visibility: visible !important; height: auto !important; overflow: visible !important;
  }}
  {_PRINT} table {{ width: 100% !important; font-size: 7.5pt !important; border-collapse: collapse; }}
  {_PRINT} th, {_PRINT} td {{
    padding: 1px 3px !important; overflow-wrap: break-word; word-break: keep-all; vertical-align: top;
  }}
  {_PRINT} td a {{ overflow-wrap: anywhere; word-break: break-all; }}
  {_PRINT} td p, {_PRINT} th p {{ margin: 0 !important; line-height: 1.25; }}
  {_PRINT} tr, {_PRINT} td {{ break-inside: avoid; }}
  {_PRINT} thead {{ display: table-header-group; }}
  {_PRINT} div {{ max-height: none !important; overflow: visible !important; }}
  [data-testid="stHeading"] {{ break-after: avoid; }}
}}
</style>"""
STYLESHEET = re.sub(r"\s+", " ", re.sub(r"/\*.*?\*/", "", STYLESHEET, flags=re.S))  # sent on every run: no comments


def setup(page_id: str, lang: str) -> None:
    """Inject the print stylesheet and the print-only note at the top of the page (from page_setup)."""
    st.html(STYLESHEET)
    with st.container(key=NOTE_KEY):
        placeholder = st.empty()
    st.session_state[_NOTE] = (page_id, lang, placeholder)
    # Until a figure of this page names its view (view_link), the page's own address: never the URL's
    # raw values, which are not checked yet (and lag a widget just changed).
    _write_note(placeholder, view_url(page_id, {}, lang), lang)


def view_link(url: str) -> None:
    """Point the print note at this view's link (a figure's url), when the figure is this page's own.

    At page_setup the URL is the one the browser sent, which lags a widget just changed;
    a figure's url is built from the view state of this run, so it is the view shown.
    """
    page_id, lang, placeholder = st.session_state.get(_NOTE, (None, None, None))
    if placeholder is None or not url.startswith("/"):
        return
    if (urlsplit(url).path.strip("/") or "overview") != page_id:
        return  # a figure of another page (the overview's tiles, a briefing's views)
    _write_note(placeholder, url, lang)


def _write_note(placeholder: Any, url: str, lang: str) -> None:
    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001  (no browser context: AppTest)
        base = ""
    parts = urlsplit(base)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    placeholder.caption(t("common.print_note", lang, url=escape_markdown(origin + url)))


def _label(config: Mapping[str, Any], column: str) -> str:
    spec = config.get(column)
    if isinstance(spec, str):
        return spec
    if isinstance(spec, Mapping) and spec.get("label"):
        return str(spec["label"])
    return str(column)


def _format(config: Mapping[str, Any], column: str) -> str | None:
    spec = config.get(column)
    if isinstance(spec, Mapping):
        fmt = (spec.get("type_config") or {}).get("format")
        if isinstance(fmt, str) and fmt.startswith("%"):
            return fmt
    return None


def _is_link(config: Mapping[str, Any], column: str) -> bool:
    spec = config.get(column)
    return isinstance(spec, Mapping) and (spec.get("type_config") or {}).get("type") == "link"


def _link(value: object) -> str:
    """A web address shown whole (escaped) and linked, so a PDF printout keeps it clickable; others as text."""
    url = str(value).strip()
    if not url.startswith(("http://", "https://")):
        return escape_markdown(url)
    target = re.sub(r"[\s<>\\]", lambda m: quote(m.group()), url)
    return f"[{escape_markdown(url)}](<{target}>)"


def _cell(value: object, fmt: str | None, link: bool = False) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):  # type: ignore[arg-type]
        return ""
    if link:
        return _link(value)
    if fmt and isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return escape_markdown(fmt % value)
        except (TypeError, ValueError):
            pass
    if isinstance(value, float) and value.is_integer():
        return escape_markdown(str(int(value)))
    if isinstance(value, pd.Timestamp):
        return escape_markdown(value.strftime("%Y-%m-%d"))
    return escape_markdown(value)


def print_frame(
    frame: pd.DataFrame, column_config: Mapping[str, Any] | None = None, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """The table as strings for st.table: every row, the chosen columns, headers and cells escaped Markdown.

    Headers are the column_config labels; numbers follow its printf formats ("%.1f");
    empty cells stay empty; a link column shows its whole address, linked when it is a web address
    (a printed PDF keeps it clickable); nothing from the data becomes a link, emphasis or HTML otherwise.
    """
    config = column_config or {}
    keep = [c for c in (columns or frame.columns) if c in frame.columns]
    out: dict[str, list[str]] = {}
    for column in keep:
        fmt, link = _format(config, column), _is_link(config, column)
        header = escape_markdown(_label(config, column))
        while header in out:  # two columns with one label: keep both
            header += " "
        out[header] = [_cell(v, fmt, link) for v in frame[column].tolist()]
    return pd.DataFrame(out, columns=list(out))


def print_copy(
    frame: pd.DataFrame,
    key: str,
    column_config: Mapping[str, Any] | None = None,
    columns: Sequence[str] | None = None,
    paper: pd.DataFrame | None = None,
) -> None:
    """A print-only copy of frame: a plain table of every row, hidden on screen (`paper`: print_frame's result
    for these arguments, kept with a cached figure)."""
    with st.container(key=f"{PRINT_ONLY}{key}"):
        copy = paper if paper is not None else print_frame(frame, column_config, columns)
        st.table(copy, hide_index=True, border="horizontal")


def print_caption(text: str, key: str) -> None:
    """A caption shown only in print (text: ours, Markdown-escaped by the caller where it holds data)."""
    with st.container(key=f"{PRINT_ONLY}{key}"):
        st.caption(text)


def table(
    frame: pd.DataFrame,
    name: str,
    column_config: Mapping[str, Any] | None = None,
    print_columns: Sequence[str] | None = None,
    paper: pd.DataFrame | None = None,
    **kwargs: Any,
) -> None:
    """st.dataframe(frame, column_config=..., **kwargs) on screen, every row in print.

    name: unique on the page (the containers' keys); print_columns: the columns paper has room for;
    paper: the print copy already made (print_frame of the same arguments), else it is made here.
    """
    st.dataframe(frame, column_config=column_config, **kwargs)  # type: ignore[arg-type]
    print_copy(frame, name, column_config, print_columns, paper)
