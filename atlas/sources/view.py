"""The Sources page's Streamlit code: the catalogue, rows per tier, downloads, and "Use a newer file"."""

from __future__ import annotations

import streamlit as st

from atlas import ui
from atlas.core import data as data_mod
from atlas.core import geo
from atlas.core.figure import Figure
from atlas.i18n import t
from atlas.sources import figures as figs
from atlas.sources.state import State


def render(state: State, lang: str) -> None:
    bundle = ui.datasets()
    entries = data_mod.load_catalog()
    frames, errors = figs.read_all(bundle, entries)
    catalogue = figs.catalogue_figure(entries, frames, lang)
    _catalogue(catalogue)
    for dataset, message in errors.items():
        st.error(f"data/{data_mod.SPECS[dataset].file}: {t('sources.data_error', lang)}", icon=":material/error:")
        st.code(message, language=None)
    missing = [e.file for e in entries if e.dataset not in bundle]
    if missing:
        st.caption(t("sources.missing", lang, files=", ".join(missing)))
    with st.expander(t("sources.downloads_title", lang), icon=":material/download:"):
        for entry in entries:
            if entry.dataset in frames:
                ui.csv_download(
                    frames[entry.dataset],
                    entry.file,
                    label=t("sources.download", lang, file=entry.file),
                    key=f"dl-{entry.dataset}",
                )
    ui.show_figure(figs.tiers_figure(entries, frames, lang))
    newer_file(lang)
    _geometry(lang)
    st.subheader(t("sources.methods_title", lang), anchor=False)
    st.markdown(t("sources.methods", lang))


def _catalogue(fig: Figure) -> None:
    st.subheader(fig.title, anchor=False)
    st.caption(fig.subtitle)
    st.dataframe(fig.table, hide_index=True, width="stretch")


def _geometry(lang: str) -> None:
    with st.container(border=True):
        st.subheader(t("sources.geometry_title", lang), anchor=False)
        st.write(
            t(
                "sources.geometry_text",
                lang,
                markers=", ".join(geo.marker_codes()),
                shapes=len(geo.load_world()["features"]),
            )
        )


def newer_file(lang: str) -> None:
    """Placeholder until the SIPRI workbook upload lands."""
