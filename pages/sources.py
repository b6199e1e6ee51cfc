import streamlit as st

from atlas import ui
from atlas.catalog import summarise
from atlas.core import data, geo
from atlas.events import escape_markdown, fmt_current_to
from atlas.i18n import localized, t

lang = ui.page_setup("sources")
st.title(t("nav.sources"))
st.write(t("sources.intro"))
ui.show_url_notices()

catalog = data.load_catalog()
present = set(data.available())
for entry in (e for e in catalog if e.dataset in present):
    try:
        df = ui.load_dataset_quietly(entry.dataset)
    except data.DataError as err:
        st.error(t("common.data_error", file=entry.file))
        st.code(str(err), language=None)
        continue
    summary = summarise(entry, df)
    with st.container(border=True):
        st.subheader(f"data/{entry.file}")
        st.write(escape_markdown(localized(entry.covers["en"], entry.covers["ko"])))
        c1, c2, c3 = st.columns(3)
        c1.metric(t("sources.rows"), f"{summary.rows:,}")
        span = f"{summary.first_year}–{summary.last_year}" if summary.first_year else "—"
        c2.metric(t("sources.span"), span)
        c3.metric(t("sources.current_to"), fmt_current_to(entry.current_to, lang))
        source = escape_markdown(localized(entry.source["en"], entry.source["ko"]))
        licence = escape_markdown(localized(entry.licence["en"], entry.licence["ko"]))
        st.markdown(f"**{t('sources.source')}:** {source}  \n**{t('sources.licence')}:** {licence}")
        ui.csv_download(df, entry.file, label=t("sources.download", file=entry.file), key=f"dl-{entry.dataset}")

missing = [e.file for e in catalog if e.dataset not in present]
if missing:
    st.caption(t("sources.missing", files=", ".join(missing)))

with st.container(border=True):
    st.subheader(t("sources.geometry_title"))
    st.write(
        t(
            "sources.geometry_text",
            markers=", ".join(geo.marker_codes()),
            shapes=len(geo.load_world()["features"]),
        )
    )

st.subheader(t("sources.methods_title"))
st.markdown(t("sources.methods"))
