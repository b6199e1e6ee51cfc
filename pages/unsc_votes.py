"""UN Security Council votes: vote matrix, agreement, vetoes, what-if recount, sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import ui
from atlas import votes as V
from atlas import votes_charts as VC
from atlas.core import data
from atlas.events import escape_markdown as esc
from atlas.i18n import country_name, fmt_date, t

LINKED_SEEN = "_votes_linked_seen"  # the ?decision= already applied to the what-if and matrix page

lang = ui.page_setup("unsc_votes")
st.title(t("nav.unsc_votes"))
st.write(t("votes.intro"))

decisions = ui.dataset("unsc_decisions")
votes = ui.dataset("unsc_votes")
membership = ui.dataset("unsc_membership")


# ---------------------------------------------------------------- cached derived data
# Keyed by plain arguments; each reads the cached datasets itself, so a warm rerun after
# a filter change costs a few dictionary look-ups.
@st.cache_data(show_spinner=False, max_entries=128)
def _cells(ids: tuple[str, ...], lang: str) -> pd.DataFrame:
    d = ui.load_dataset_quietly("unsc_decisions")
    return V.matrix_cells(
        d[d["decision_id"].isin(ids)],
        ui.load_dataset_quietly("unsc_votes"),
        ui.load_dataset_quietly("unsc_membership"),
        lang,
    )


@st.cache_data(show_spinner=False, max_entries=128)
def _agreement(ids: tuple[str, ...]) -> pd.DataFrame:
    return V.agreement(ui.load_dataset_quietly("unsc_votes"), ids)


@st.cache_data(show_spinner=False)
def _member_order() -> list[str]:
    m = ui.load_dataset_quietly("unsc_membership")
    return V.member_order(m["member_iso3"], m)


@st.cache_data(show_spinner=False)
def _permanent() -> tuple[str, ...]:
    return V.permanent_members(ui.load_dataset_quietly("unsc_membership"))


CHART_TEXT = ("member", "other", "decision", "date", "topic", "title", "tally", "outcome", "vote")
CHART_TEXT += ("veto", "veto_yes", "legend", "share", "same", "shared")


def _chart_text(lang: str) -> dict[str, str]:
    return {k: t(f"votes.col.{k}", lang) for k in CHART_TEXT}


# Building and validating a chart dominates a rerun: each chart's Vega-Lite dict is cached by
# the plain inputs that decide it, so an unchanged chart costs a look-up on the next rerun.
@st.cache_data(show_spinner=False, max_entries=64)
def _matrix_spec(ids: tuple[str, ...], lang: str, highlight: str | None) -> dict:
    """The vote matrix of these decisions (one page, date order); highlight: a decision_id."""
    d = ui.load_dataset_quietly("unsc_decisions")
    columns = V.column_labels(d.set_index("decision_id").loc[list(ids)].reset_index())
    cells = _cells(ids, lang)
    chart = VC.vote_matrix(
        cells,
        V.matrix_member_rows(cells),
        list(columns.values()),
        {c: t(f"votes.vote.{c}", lang) for c in V.VOTE_CODES},
        _chart_text(lang),
        highlight=columns.get(highlight) if highlight else None,
    )
    return VC.to_spec(chart)


@st.cache_data(show_spinner=False, max_entries=64)
def _heatmap_spec(ids: tuple[str, ...], lang: str) -> dict:
    agree = _agreement(ids)
    labels = V.seat_labels(agree, _member_order(), _permanent(), lang)
    pairs = V.heatmap_pairs(agree, labels)
    return VC.to_spec(VC.agreement_heatmap(pairs, list(labels.values()), _chart_text(lang)))


@st.cache_data(show_spinner=False, max_entries=64)
def _focus_spec(ids: tuple[str, ...], focus: str, lang: str) -> dict:
    agree = _agreement(ids)
    labels = V.seat_labels(agree, _member_order(), _permanent(), lang)
    ranking = V.focus_ranking(agree, focus)
    ranking["label"] = [
        t("votes.focus_label", lang, member=labels.get(m, m), shared=n)
        for m, n in zip(ranking["member"], ranking["shared"])
    ]
    return VC.to_spec(VC.focus_bars(ranking, _chart_text(lang)))


# Labels bind the language explicitly: widgets may call a format_func outside this run.
def topic_label(code: str) -> str:
    return t(f"votes.topic.{code}", lang)


def outcome_label(code: str) -> str:
    return t(f"votes.outcome.{code}", lang)


def vote_label(code: str) -> str:
    return t(f"votes.vote.{code}", lang)


def member_name(iso3: str) -> str:
    return country_name(iso3, lang)


def col(key: str) -> str:
    return t(f"votes.col.{key}", lang)


def _linked_decision() -> str | None:
    """The decision named by ?decision= (from an event's link); an unknown one is dropped with a notice."""
    parsed = V.parse_decision(st.query_params.get_all("decision"), decisions)
    if parsed.rejected:
        ui.notice("decision")
        del st.query_params["decision"]
    if parsed.value is None:
        st.session_state.pop(LINKED_SEEN, None)
    return parsed.value


def _clear_decision() -> None:
    if "decision" in st.query_params:
        del st.query_params["decision"]


perm = set(_permanent())
all_members = _member_order()

# ---------------------------------------------------------------- filters (URL-bound)
lo, hi = V.year_bounds(decisions)
present_topics = set(decisions["topic"])
topic_options = [c for c in data.UNSC_TOPICS if c in present_topics]
f1, f2, f3, f4 = st.columns([3, 3, 3, 2])
with f1:
    topics = ui.url_multiselect(
        t("votes.filter_topic"), topic_options, key="topic", format_func=topic_label, placeholder=t("votes.filter_all")
    )
with f2:
    years = ui.url_year_range(t("votes.filter_years"), lo, hi, key="years")
with f3:
    outcomes = ui.url_multiselect(
        t("votes.filter_outcome"),
        list(data.OUTCOMES),
        key="outcome",
        format_func=outcome_label,
        placeholder=t("votes.filter_all"),
    )
with f4:
    focus = ui.url_choice(
        t("votes.focus"),
        all_members,
        key="focus",
        format_func=member_name,
        default="KOR" if "KOR" in all_members else all_members[0],
        widget=st.selectbox,
    )
linked = _linked_decision()
ui.show_url_notices()

selected = V.filter_decisions(decisions, topics, years, outcomes)

# ---------------------------------------------------------------- the decision an event's link opened
if linked is not None:
    row = decisions.loc[decisions["decision_id"] == linked].iloc[0]
    if st.session_state.get(LINKED_SEEN) != linked:  # once per link: then the reader is free to move on
        st.session_state[LINKED_SEEN] = linked
        st.session_state["whatif_decision"] = st.session_state["whatif_last"] = linked
        page_no = V.page_of(selected, linked)
        if page_no is not None:
            st.session_state["mpage"] = page_no
    with st.container(border=True, key="votes_highlight"):
        st.markdown(f":material/push_pin: **{esc(t('votes.highlight_title'))}**")
        st.subheader(esc(row["symbol"]), anchor=False)
        st.write(esc(V.localized_title(row, lang)))
        h1, h2, h3, h4 = st.columns([1.4, 1, 1, 1])
        h1.metric(col("date"), fmt_date(row["date"], lang))
        h2.metric(col("outcome"), outcome_label(str(row["outcome"])))
        h3.metric(col("tally"), V.tally_text(int(row["yes"]), int(row["no"]), int(row["abstain"])))
        h4.metric(col("topic"), topic_label(str(row["topic"])))
        in_view = linked in set(selected["decision_id"])
        st.caption(t("votes.highlight_in_view") if in_view else t("votes.highlight_not_in_view"))
        b1, b2 = st.columns([1, 1])
        if isinstance(row["source_url"], str) and row["source_url"]:
            b1.link_button(t("votes.highlight_source"), row["source_url"], icon=":material/open_in_new:")
        b2.button(t("votes.highlight_clear"), key="decision_clear", on_click=_clear_decision, icon=":material/close:")
if selected.empty:
    ui.empty_state("common.no_rows")
    st.stop()

counts = selected["outcome"].value_counts()
st.caption(
    t(
        "votes.summary",
        n=len(selected),
        adopted=int(counts.get("adopted", 0)),
        vetoed=int(counts.get("vetoed", 0)),
        failed=int(counts.get("failed", 0)),
    )
)

# Tabs run lazily (on_change="rerun"): only the open tab's charts are built and sent.
TABS = ("matrix", "agreement", "vetoes", "whatif", "table")
tab_titles = {
    "matrix": t("votes.matrix_title"),
    "agreement": t("votes.agreement_title"),
    "vetoes": t("votes.veto_title"),
    "whatif": t("votes.whatif_title"),
    "table": t("votes.table_title"),
}
if st.session_state.get("view") not in tab_titles.values():
    st.session_state.pop("view", None)  # e.g. after a language switch
tab_matrix, tab_agree, tab_veto, tab_whatif, tab_table = st.tabs(
    [tab_titles[k] for k in TABS], key="view", on_change="rerun"
)

# ---------------------------------------------------------------- vote matrix
with tab_matrix:
    if tab_matrix.open:
        pages = V.matrix_pages(len(selected))
        page = 1
        if pages > 1:
            st.caption(t("votes.matrix_page_note", n=len(selected), size=V.MATRIX_PAGE_SIZE))
            if st.session_state.get("mpage") not in range(1, pages + 1):
                st.session_state["mpage"] = pages  # the most recent decisions first

            def page_label(p: int) -> str:
                s = V.page_slice(selected, p)
                return t(
                    "votes.matrix_page_label",
                    lang,
                    page=p,
                    pages=pages,
                    start=s["date"].iloc[0].strftime("%Y-%m-%d"),
                    end=s["date"].iloc[-1].strftime("%Y-%m-%d"),
                    n=len(s),
                )

            page = int(
                st.selectbox(
                    t("votes.matrix_page"), options=list(range(1, pages + 1)), format_func=page_label, key="mpage"
                )
            )
        shown = V.page_slice(selected, page)
        shown_ids = tuple(shown["decision_id"])
        st.caption(t("votes.matrix_caption"))
        st.vega_lite_chart(
            _matrix_spec(shown_ids, lang, linked if linked in shown_ids else None),
            width="stretch",
            key="vote_matrix",
        )
        with st.expander(t("common.show_table")):
            cells = _cells(shown_ids, lang)
            grid = cells.pivot(index="member", columns="column", values="vote_label")
            grid = grid.reindex(index=V.matrix_member_rows(cells), columns=list(V.column_labels(shown).values()))
            st.dataframe(grid, width="stretch")

# ---------------------------------------------------------------- agreement
with tab_agree:
    if tab_agree.open:
        st.caption(t("votes.agreement_caption"))
        ids = tuple(selected["decision_id"])
        agree = _agreement(ids)
        ranking = V.focus_ranking(agree, focus)
        st.subheader(t("votes.focus_title", member=esc(country_name(focus))))
        if ranking.empty:
            st.info(t("votes.focus_none", member=esc(country_name(focus))), icon=":material/person_off:")
        else:
            st.vega_lite_chart(_focus_spec(ids, focus, lang), width="stretch", key="focus_bars")
            with st.expander(t("common.show_table")):
                st.dataframe(
                    pd.DataFrame(
                        {
                            col("member"): [country_name(m) for m in ranking["member"]],
                            col("share"): ranking["share"] * 100,
                            col("same"): ranking["same"],
                            col("shared"): ranking["shared"],
                        }
                    ),
                    hide_index=True,
                    column_config={col("share"): st.column_config.NumberColumn(format="%.0f%%")},
                )
        st.subheader(t("votes.heatmap_title"))
        st.vega_lite_chart(_heatmap_spec(ids, lang), width="stretch", key="agreement_heatmap")
        with st.expander(t("common.show_table")):
            off_diag = agree[(agree["shared"] > 0) & (agree["member_a"] != agree["member_b"])]
            st.dataframe(
                pd.DataFrame(
                    {
                        col("member"): [country_name(m) for m in off_diag["member_a"]],
                        col("other"): [country_name(m) for m in off_diag["member_b"]],
                        col("share"): off_diag["share"] * 100,
                        col("same"): off_diag["same"],
                        col("shared"): off_diag["shared"],
                    }
                ),
                hide_index=True,
                column_config={col("share"): st.column_config.NumberColumn(format="%.0f%%")},
            )

# ---------------------------------------------------------------- vetoes
with tab_veto:
    if tab_veto.open:
        st.caption(t("votes.veto_caption"))
        vetoes = V.veto_list(selected, votes, membership)
        if vetoes.empty:
            st.info(t("votes.veto_none"), icon=":material/info:")
        else:
            st.dataframe(
                V.veto_table(vetoes, lang),
                hide_index=True,
                width="stretch",
                column_config={
                    col("source"): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+).*")
                },
            )

# ---------------------------------------------------------------- what-if recount
with tab_whatif:
    if tab_whatif.open:
        st.caption(t("votes.whatif_caption"))
        newest_first = selected.iloc[::-1]
        by_id = newest_first.set_index("decision_id")
        options = list(newest_first["decision_id"])
        if st.session_state.get("whatif_decision") not in options:
            saved = st.session_state.get("whatif_last")
            st.session_state["whatif_decision"] = saved if saved in options else options[0]
        decision_id = st.selectbox(
            t("votes.whatif_decision"),
            options,
            format_func=lambda d: (
                f"{by_id.at[d, 'symbol']} · {by_id.at[d, 'date']:%Y-%m-%d} · {topic_label(by_id.at[d, 'topic'])}"
            ),
            key="whatif_decision",
        )
        st.session_state["whatif_last"] = decision_id
        row = by_id.loc[decision_id]
        procedural = bool(row["procedural"])
        recorded = V.votes_of(votes, decision_id)
        members = [m for m in all_members if m in recorded]
        keys = {m: f"whatif_{decision_id}_{m}" for m in members}
        # Edits live in this session only; a plain (non-widget) copy keeps them while the
        # user looks at another tab or decision (Streamlit drops state of unrendered widgets).
        edits: dict[str, str] = st.session_state.setdefault("whatif_edits", {}).setdefault(decision_id, {})
        for m, k in keys.items():
            if st.session_state.get(k) not in V.VOTE_CODES:
                st.session_state[k] = edits.get(m, recorded[m])

        def _remember(member: str, key: str, edits: dict[str, str] = edits) -> None:
            edits[member] = st.session_state[key]

        def _reset(keys: dict[str, str] = keys, recorded: dict[str, str] = recorded, edits=edits) -> None:
            edits.clear()
            for m, k in keys.items():
                st.session_state[k] = recorded[m]

        st.caption(
            f"{esc(V.localized_title(row, lang))} — "
            + (t("votes.whatif_procedural") if procedural else t("votes.whatif_substantive"))
        )
        grid_cols = st.columns(5)
        for i, m in enumerate(members):
            with grid_cols[i % 5]:
                st.selectbox(
                    esc(V.member_label(m, m in perm)),
                    V.VOTE_CODES,
                    format_func=vote_label,
                    key=keys[m],
                    on_change=_remember,
                    args=(m, keys[m]),
                )
        current = {m: st.session_state[k] for m, k in keys.items()}
        st.button(t("votes.whatif_reset"), on_click=_reset, icon=":material/restart_alt:", key="whatif_reset")
        changed = sum(current[m] != recorded[m] for m in members)
        before = V.decide(recorded, procedural, perm)
        after = V.decide(current, procedural, perm)
        c1, c2 = st.columns(2)
        c1.metric(t("votes.whatif_recorded"), outcome_label(str(row["outcome"])), border=True)
        c1.caption(f"{col('tally')}: {V.tally_text(before.yes, before.no, before.abstain)}")
        c2.metric(t("votes.whatif_recount"), outcome_label(after.outcome), border=True)
        c2.caption(f"{col('tally')}: {V.tally_text(after.yes, after.no, after.abstain)}")
        show = st.success if after.outcome == "adopted" else st.error
        show(after.explain(lang, escape=esc), icon=":material/gavel:")
        st.caption(t("votes.whatif_changed", n=changed) if changed else t("votes.whatif_unchanged"))

# ---------------------------------------------------------------- decisions table
with tab_table:
    if tab_table.open:
        table = V.decisions_table(selected, V.veto_list(selected, votes, membership), lang)
        st.dataframe(
            V.highlight_first(table, [d == linked for d in selected["decision_id"].iloc[::-1]]),
            hide_index=True,
            width="stretch",
            key="votes_table",
            column_config={
                "highlight": st.column_config.TextColumn(col("highlight"), width="small"),
                col("source"): st.column_config.LinkColumn(display_text=r"https?://(?:www\.)?([^/]+).*"),
            },
        )
        ui.csv_download(selected, t("votes.download_name"), key="dl-unsc-decisions")
