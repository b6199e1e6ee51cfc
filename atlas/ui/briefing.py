"""The "Add to briefing" button every page shows (the Briefing page's own code lives in atlas/briefing).

A view is its page and its URL query: enough to rebuild its figures with no browser.
The collected views live in this session's state until the Briefing page writes them into its URL.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from atlas.i18n import t

VIEWS = "_atlas_briefing_views"  # [{"page": str, "query": {key: [values]}, "title": str, "note": str}]


def collected() -> list[dict]:
    return st.session_state.setdefault(VIEWS, [])


def add_button(page_id: str, query: Mapping[str, list[str]], lang: str) -> None:
    """A button that adds the current view (page + URL state) to this session's briefing."""

    def add() -> None:
        views = collected()
        views.append({"page": page_id, "query": {k: list(v) for k, v in query.items()}, "title": "", "note": ""})
        st.toast(t("common.added_to_briefing", lang, n=len(views)), icon=":material/playlist_add_check:")

    st.button(
        t("common.add_to_briefing", lang), key=f"briefing-add-{page_id}", icon=":material/playlist_add:", on_click=add
    )
