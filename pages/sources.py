import streamlit as st

from atlas import ui
from atlas.i18n import t
from atlas.sources import view
from atlas.sources.state import State

lang = ui.page_setup("sources")
st.title(t("nav.sources", lang))
st.write(t("sources.intro", lang))
ui.show_url_notices()
view.render(State(), lang)
