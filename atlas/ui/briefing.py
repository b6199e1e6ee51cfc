"""The "Add to briefing" button every page shows (the Briefing page's own code lives in atlas/briefing).

A view is its page and its URL query: enough to rebuild its figures with no browser.
The collected views live in this session's state (never shared between sessions) until
the Briefing page writes them into its URL.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from atlas.briefing.model import MAX_VIEWS
from atlas.i18n import t

VIEWS = "_atlas_briefing_views"  # [{"page": str, "query": {key: [values]}, "title": str, "note": str}]
TITLE = "_atlas_briefing_title"


def collected() -> list[dict]:
    return st.session_state.setdefault(VIEWS, [])


def added_message(n: int, lang: str) -> str:
    return t("briefing.added_one", lang) if n == 1 else t("briefing.added_many", lang, n=n)


def add_button(page_id: str, query: Mapping[str, list[str]], lang: str) -> None:
    """A button that adds the current view (page + URL state, without lang) to this session's briefing."""

    def add() -> None:
        views = collected()
        if len(views) >= MAX_VIEWS:
            st.toast(t("briefing.full", lang, n=MAX_VIEWS), icon=":material/block:")
            return
        clean = {k: [str(x) for x in v] for k, v in query.items() if k != "lang"}
        views.append({"page": page_id, "query": clean, "title": "", "note": ""})
        st.toast(added_message(len(views), lang), icon=":material/playlist_add_check:")

    st.button(
        t("common.add_to_briefing", lang), key=f"briefing-add-{page_id}", icon=":material/playlist_add:", on_click=add
    )
