"""Entry point: routes only. Each page script sets itself up (atlas.ui.page_setup)."""

import streamlit as st

from atlas.ui import PAGES, patches, session_key
from atlas.ui.admission import turn

patches.install([p.id for p in PAGES])  # once per process: every change to Streamlit's own behaviour

with turn(session_key()):  # a session that has run much of late waits behind the others
    st.navigation(
        [st.Page(p.path, url_path=p.id, default=(i == 0)) for i, p in enumerate(PAGES)],
        position="hidden",
    ).run()
