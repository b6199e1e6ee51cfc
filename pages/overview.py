import pandas as pd
import streamlit as st

from atlas import data, i18n, ui
from atlas import events as ev
from atlas.events_charts import category_label
from atlas.i18n import t

lang = ui.page_setup("overview")
st.title(t("common.app_name"))
st.write(t("overview.lead"))
ui.show_url_notices()

PAGE_BY_ID = {p.id: p for p in ui.PAGES}
present = set(data.available())


def load(name: str) -> pd.DataFrame | None:
    """A dataset, or None when its file is missing; a file that fails validation is named, not fatal."""
    if name not in present:
        return None
    try:
        return ui.load_dataset_quietly(name)
    except data.DataError:
        st.warning(t("overview.dataset_error", file=f"data/{data.SPECS[name].file}"), icon=":material/error:")
        return None


def more_link(page_id: str) -> None:
    page = PAGE_BY_ID.get(page_id)
    if page is not None:
        st.page_link(page.path, label=t("overview.more"), icon=":material/arrow_forward:", query_params=lang_param)


lang_param = {"lang": lang} if lang != i18n.DEFAULT_LANG else None
catalog = [e for e in data.load_catalog() if e.dataset in present and e.dataset != "countries"]
if catalog:
    st.caption(
        t("overview.current_to_title")
        + ": "
        + " · ".join(f"{t(f'overview.dataset.{e.dataset}')} {i18n.fmt_date(pd.Timestamp(e.current_to))}" for e in catalog)
    )

# ---------------------------------------------------------------- arms exports
deals = load("arms_exports")
ranks = load("arms_exporter_rank")
arms = ev.arms_headline(deals) if deals is not None else None
rank = ev.latest_exporter_rank(ranks) if ranks is not None else None
if arms is not None or rank is not None:
    with st.container(border=True):
        st.subheader(t("overview.arms.title"))
        c1, c2, c3 = st.columns(3)
        if arms is not None:
            c1.metric(
                t("overview.arms.total"),
                i18n.fmt_usd_m(arms.total_value_usd_m),
                help=t("overview.arms.total_help", first=arms.first_year, last=arms.last_year),
            )
            c1.caption(
                t(
                    "overview.arms.total_caption",
                    with_value=arms.deals_with_value,
                    deals=arms.deals,
                    first=arms.first_year,
                    last=arms.last_year,
                )
            )
            c2.metric(t("overview.arms.recipients"), i18n.fmt_int(arms.recipients))
            names = ", ".join(f"{i18n.country_name(c)} {i18n.fmt_usd_m(v)}" for c, v in arms.top_recipients)
            if names:
                c2.caption(t("overview.arms.top", names=names))
        if rank is not None:
            c3.metric(t("overview.arms.rank"), t("overview.arms.rank_value", rank=rank.rank))
            if rank.share_pct is not None:
                c3.caption(t("overview.arms.rank_caption", period=rank.period, share=i18n.fmt_pct(rank.share_pct, 1)))
            else:
                c3.caption(t("overview.arms.rank_caption_no_share", period=rank.period))
        more_link("arms_exports")

# ---------------------------------------------------------------- Security Council
decisions = load("unsc_decisions")
votes = load("unsc_votes")
council = ev.council_headline(decisions) if decisions is not None else None
if council is not None:
    with st.container(border=True):
        st.subheader(t("overview.council.title"))
        agreements: list[ev.Agreement] = []
        seat = None
        if votes is not None:
            seat = ev.member_years(votes, decisions, "KOR")
            agreements = [a for a in ev.agreement_with(votes, decisions, "KOR") if a.both] if seat else []
        cols = st.columns(2 + len(agreements))
        cols[0].metric(t("overview.council.decisions"), i18n.fmt_int(council.decisions))
        cols[0].caption(t("overview.council.decisions_caption", first=council.first_year, last=council.last_year))
        cols[1].metric(t("overview.council.vetoed"), i18n.fmt_int(council.vetoed))
        for col, a in zip(cols[2:], agreements):
            col.metric(
                t("overview.council.agreement", country=i18n.country_name(a.other)),
                i18n.fmt_pct(a.share_pct, 0),
                help=t("overview.council.agreement_help"),
            )
            col.caption(t("overview.council.agreement_caption", same=a.same, both=a.both, first=seat[0], last=seat[1]))
        more_link("unsc_votes")

# ---------------------------------------------------------------- defence spending
spending = load("defense_spending")
targets = load("spending_targets")
kor = ev.spending_headline(spending, "KOR") if spending is not None else None
if kor is not None:
    with st.container(border=True):
        st.subheader(t("overview.spending.title"))
        c1, c2 = st.columns([1, 2])
        c1.metric(t("overview.spending.share"), i18n.fmt_pct(kor.share_gdp_pct))
        c1.caption(t("overview.spending.share_caption", year=kor.year))
        if targets is not None:
            nato = ev.target_shares(targets, "NATO", ("guideline", "commitment"))
            own = ev.target_shares(targets, "KOR")
            if nato:
                c2.markdown(t("overview.spending.nato", values=", ".join(i18n.fmt_pct(v, 1) for v in nato)))
            if own:
                c2.markdown(t("overview.spending.national", values=", ".join(i18n.fmt_pct(v, 1) for v in own)))
        more_link("defense_spending")

# ---------------------------------------------------------------- events
events = load("events")
if events is not None and not events.empty:
    with st.container(border=True):
        st.subheader(t("overview.events.title"))
        lo, hi = ev.year_bounds(events)
        c1, c2 = st.columns([1, 3])
        c1.metric(t("overview.events.count"), i18n.fmt_int(len(events)))
        c1.caption(t("overview.events.count_caption", first=lo, last=hi))
        recent = ev.localised(ev.latest(events, 8), lang)
        esc = ev.escape_markdown
        c2.markdown(
            "\n".join(
                f"- **{esc(i18n.fmt_date(r.date, lang))}** · {esc(category_label(r.category, lang))}: {esc(r.title_text)}"
                for r in recent.itertuples(index=False)
            )
        )
        more_link("events")

# ---------------------------------------------------------------- every page
st.subheader(t("overview.pages.title"))
others = [p for p in ui.PAGES if p.id != "overview"]
cols = st.columns(max(len(others), 1))
for col, page in zip(cols, others):
    with col.container(border=True):
        st.page_link(page.path, label=t(f"nav.{page.id}"), icon=page.icon, query_params=lang_param)
