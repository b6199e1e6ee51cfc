import streamlit as st

from atlas import data, ui
from atlas.i18n import t

ui.page_setup("overview")
st.title(t("common.app_name"))
st.write(t("overview.lead"))
ui.show_url_notices()

latest = max(e.current_to for e in data.load_catalog() if e.dataset in data.available())
st.caption(t("overview.data_as_of", date=latest))

cols = st.columns(2)
for i, page in enumerate(p for p in ui.PAGES if p.id != "overview"):
    with cols[i % 2].container(border=True):
        st.page_link(page.path, label=t(f"nav.{page.id}"), icon=page.icon)
