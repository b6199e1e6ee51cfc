"""Defence spending: SIPRI series over time, a ranking for one year and the what-if for targets.

The page only lays out: atlas.spending.view binds the widgets to the view state and draws
the figures that atlas.spending.figures builds for that view.
"""

import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.spending import view

lang = ui.page_setup("defense_spending")
st.title(t("nav.defense_spending", lang))
st.caption(t("spending.lead", lang))
notice_slot = st.container()  # URL notices go here once every URL-bound widget has read the link


def show_notices() -> None:
    with notice_slot:
        ui.show_url_notices()


view.render(lang, notices=show_notices)
