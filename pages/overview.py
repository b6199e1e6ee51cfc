import pandas as pd
import streamlit as st

from atlas import events as ev
from atlas import i18n, spending, ui
from atlas.core import data
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
    df = ui.optional_dataset(name)
    if df is None and name in present:
        st.warning(t("overview.dataset_error", file=f"data/{data.SPECS[name].file}"), icon=":material/error:")
    return df


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
        + " · ".join(f"{t(f'overview.dataset.{e.dataset}')} {ev.fmt_current_to(e.current_to, lang)}" for e in catalog)
    )

# ---------------------------------------------------------------- three headline boxes
deals = load("arms_exports")
ranks = load("arms_exporter_rank")
decisions = load("unsc_decisions")
votes = load("unsc_votes")
spending_rows = load("defense_spending")
targets = load("spending_targets")
arms = ev.arms_headline(deals) if deals is not None else None
rank = ev.latest_exporter_rank(ranks) if ranks is not None else None
council = ev.council_headline(decisions) if decisions is not None else None
# the spending page's own rule for "latest figures": spending.base_point
kor = spending.base_point(spending_rows, spending.HIGHLIGHT) if spending_rows is not None else None

boxes = [b for b, shown in (("arms", arms or rank), ("council", council), ("spending", kor)) if shown]
for box, col in zip(boxes, st.columns(max(len(boxes), 1))):
    with col.container(border=True, height="stretch"):
        if box == "arms":
            st.subheader(t("overview.arms.title"))
            if arms is not None:
                st.metric(
                    t("overview.arms.total"),
                    i18n.fmt_usd_m(arms.total_value_usd_m),
                    help=t("overview.arms.total_help", first=arms.first_year, last=arms.last_year),
                )
                st.caption(
                    t(
                        "overview.arms.total_caption",
                        with_value=arms.deals_with_value,
                        deals=arms.deals,
                        first=arms.first_year,
                        last=arms.last_year,
                    )
                )
            c1, c2 = st.columns(2)
            if arms is not None:
                c1.metric(t("overview.arms.recipients"), i18n.fmt_int(arms.recipients))
            if rank is not None:
                c2.metric(t("overview.arms.rank"), t("overview.arms.rank_value", rank=rank.rank))
                if rank.share_pct is not None:
                    c2.caption(
                        t("overview.arms.rank_caption", period=rank.period, share=i18n.fmt_pct(rank.share_pct, 1))
                    )
                else:
                    c2.caption(t("overview.arms.rank_caption_no_share", period=rank.period))
            if arms is not None and arms.top_recipients:
                names = ", ".join(f"{i18n.country_name(c)} {i18n.fmt_usd_m(v)}" for c, v in arms.top_recipients)
                c1.caption(t("overview.arms.top", names=names))
            more_link("arms_exports")
        elif box == "council":
            st.subheader(t("overview.council.title"))
            c1, c2 = st.columns(2)
            c1.metric(t("overview.council.decisions"), i18n.fmt_int(council.decisions))
            c1.caption(t("overview.council.decisions_caption", first=council.first_year, last=council.last_year))
            c2.metric(t("overview.council.vetoed"), i18n.fmt_int(council.vetoed))
            seat = ev.member_years(votes, decisions, "KOR") if votes is not None else None
            agreements = [a for a in ev.agreement_with(votes, decisions, "KOR") if a.both] if seat else []
            if agreements:
                st.caption(t("overview.council.agreement", first=seat[0], last=seat[1]))
                for a, c in zip(agreements, st.columns(len(agreements))):
                    c.metric(
                        i18n.country_name(a.other),
                        i18n.fmt_pct(a.share_pct, 0),
                        help=t("overview.council.agreement_help"),
                        label_visibility="collapsed",
                    )
                    name = i18n.country_name(a.other)
                    c.caption(t("overview.council.agreement_caption", country=name, same=a.same, both=a.both))
            more_link("unsc_votes")
        else:
            st.subheader(t("overview.spending.title"))
            st.metric(t("overview.spending.share"), i18n.fmt_pct(kor.share_pct))
            st.caption(t("overview.spending.share_caption", year=kor.year))
            if targets is not None:
                nato = ev.nato_thresholds(targets)
                own = ev.national_targets(targets, spending.HIGHLIGHT)
                if nato:
                    st.write(t("overview.spending.nato", values=", ".join(i18n.fmt_pct(v, 1) for v in nato)))
                if own:
                    st.write(t("overview.spending.national", values=", ".join(i18n.fmt_pct(v, 1) for v in own)))
            more_link("defense_spending")

# ---------------------------------------------------------------- latest events and every page
events = load("events")
others = [p for p in ui.PAGES if p.id != "overview"]
left, right = st.columns([3, 1])
if events is not None and not events.empty:
    with left.container(border=True):
        st.subheader(t("overview.events.title"))
        lo, hi = ev.year_bounds(events)
        recent = ev.localised(ev.latest(events, 8), lang)
        esc = ev.escape_markdown
        st.markdown(
            "\n".join(
                f"- **{esc(i18n.fmt_date(r.date, lang))}** · "
                f"{esc(category_label(r.category, lang))}: {esc(r.title_text)}"
                for r in recent.itertuples(index=False)
            )
        )
        st.caption(t("overview.events.count_caption", n=len(events), first=lo, last=hi))
        more_link("events")
with right.container(border=True):
    st.subheader(t("overview.pages.title"))
    for page in others:
        st.page_link(page.path, label=t(f"nav.{page.id}"), icon=page.icon, query_params=lang_param)
