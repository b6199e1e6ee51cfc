"""Draw a Figure on the page: title, chart (or map), how to read it, sources, the table, downloads.

Every area's view calls show_figure for each of its figures, so the screen and the exported
picture are the same object. Pictures are built only when a download button is clicked.
"""

from __future__ import annotations

import re

import streamlit as st

from atlas.core.charts import to_spec
from atlas.core.export import to_safe_csv
from atlas.core.figure import Figure, Source
from atlas.i18n import escape_markdown as _esc
from atlas.i18n import fmt_int, t
from atlas.ui import printing

_TIER_ICON = {
    "official": ":material/verified:",
    "wire_or_major": ":material/newspaper:",
    "secondary": ":material/warning:",
}


def source_line(sources: tuple[Source, ...], lang: str) -> str:
    """'Source: SIPRI ✓ · Yonhap' as markdown, links only to http(s) addresses, text escaped."""
    parts = []
    for s in sources:
        name = _esc(s.publisher)
        if s.url.startswith(("http://", "https://")):
            name = f"[{name}](<{s.url.replace('>', '%3E')}>)"
        icon = _TIER_ICON.get(s.tier, "")
        parts.append(f"{name} {icon}".strip())
    return f"{t('common.source_prefix', lang)} " + " · ".join(parts) if parts else ""


def screen_spec(spec: dict, lang: str) -> dict:
    """The spec as the browser draws it: with month and day names in the reader's language (a shallow copy;
    the cached spec is shared by every session)."""
    from atlas.render.picture import screen_locale

    locale = screen_locale(lang)
    if locale is None:
        return spec
    return {**spec, "config": {**spec.get("config", {}), "locale": dict(locale)}}


def show_figure(fig: Figure, spec: dict | None = None, height: int | None = None, table: bool = True) -> None:
    """The figure with everything a reader needs to trust it; `spec` is a cached to_spec(fig.chart)."""
    lang = fig.lang
    printing.view_link(fig.url)
    # Figure text can carry curated words (titles of decisions, system names): shown literally.
    st.subheader(_esc(fig.title), anchor=False)
    if fig.subtitle:
        st.caption(_esc(fig.subtitle))
    if fig.deck is not None:
        st.pydeck_chart(fig.deck, width="stretch", height=height or 470, key=f"fig-{fig.id}-map")
    elif fig.chart is not None:
        st.vega_lite_chart(screen_spec(spec or to_spec(fig.chart), lang), width="stretch", key=f"fig-{fig.id}")
    for note in fig.notes:
        st.info(_esc(note), icon=":material/info:")
    if fig.caption:
        st.caption(_esc(fig.caption))
    line = source_line(fig.sources, lang)
    if line:
        tiers = sorted({s.tier for s in fig.sources if s.tier})
        st.caption(line, help=" · ".join(t(f"common.tier.{x}", lang) for x in tiers) or None)
    if table and not fig.table.empty:
        with st.expander(t("common.show_table", lang)):  # opened in print (atlas/ui/printing.py)
            if len(fig.table) <= printing.FIGURE_ROWS_MAX:
                printing.table(fig.table, f"fig-{fig.id}", hide_index=True)
            else:  # a long series: the chart prints, its rows stay on screen and in the CSV
                st.dataframe(fig.table, hide_index=True)
                printing.print_caption(
                    t("common.print_rows_left_out", lang, rows=fmt_int(len(fig.table))), f"fig-{fig.id}"
                )
    _downloads(fig)


def download_stem(fig: Figure) -> str:
    """A file name that says which view it holds: events_timeline_missile_nuclear_2023 (codes, never labels)."""
    from urllib.parse import parse_qsl, urlsplit

    values = [v for k, v in parse_qsl(urlsplit(fig.url).query) if k not in {"lang", "b", "wi", "asc"}]
    parts = [fig.id.replace(".", "_"), *values]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", "_".join(parts)).strip("_").lower()
    return stem[:80] or "figure"


def _downloads(fig: Figure) -> None:
    from atlas.render import fonts, picture  # imported on first use: vl-convert is not needed for a plain rerun

    missing = fonts.missing_font_message(fig.lang)
    if missing:
        st.caption(missing)
    # A wrapping row of buttons as wide as their labels: fixed columns cut "Download CSV" in a half-width figure.
    row = st.container(horizontal=True, gap="small")
    c1 = c2 = c3 = row
    stem = download_stem(fig)
    icon = ":material/download:"
    if fig.chart is not None:
        c1.download_button(
            t("common.download_png", fig.lang),
            data=lambda: picture.png(fig),
            file_name=f"{stem}.png",
            mime="image/png",
            key=f"dl-{fig.id}-png",
            on_click="ignore",
            disabled=bool(missing),
            icon=icon,
        )
        c2.download_button(
            t("common.download_svg", fig.lang),
            data=lambda: picture.svg(fig),
            file_name=f"{stem}.svg",
            mime="image/svg+xml",
            key=f"dl-{fig.id}-svg",
            on_click="ignore",
            disabled=bool(missing),
            icon=icon,
        )
    if not fig.table.empty:
        frame = fig.table.copy()
        c3.download_button(
            t("common.download_csv", fig.lang),
            data=lambda: to_safe_csv(frame),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"dl-{fig.id}-csv",
            on_click="ignore",
            icon=icon,
        )
