"""The votes page's Streamlit code: widgets bound to the view state, the URL, the figures.

The URL is the view (atlas.votes.state): on arrival the page reads it once into the widgets;
after every run it writes the state back (defaults left out, codes only). Values whose widget
is not drawn on every run (the open section, the matrix page, the what-if) are kept in plain
session keys, so they survive a visit to another section.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from atlas import ui
from atlas.core.export import to_safe_csv
from atlas.core.figure import Figure
from atlas.core.vocab import OUTCOMES, UNSC_TOPICS
from atlas.i18n import country_name, fmt_date, fmt_int, t
from atlas.i18n import escape_markdown as esc
from atlas.ui import briefing, figure_cache
from atlas.votes import figures as F
from atlas.votes import labels as L
from atlas.votes import model as M
from atlas.votes import undl
from atlas.votes.state import PAGE, SECTIONS, URL_KEYS, State

# Plain (non-widget) session keys, namespaced to this page.
FOCUS_CHOSEN = "_votes_focus_chosen"  # the reader (or the link) chose the focus member
SECTION = "_votes_section"
PAGE_NO = "_votes_page"
DECISION = "_votes_decision"
RECOUNT = "_votes_recount"
CHANGES = "_votes_changes"  # {member: vote} for RECOUNT
MEMORY = "_votes_whatif_memory"  # {decision_id: {member: vote}}: edits kept while looking at another decision
BASIS = "_votes_basis"
UNANIMOUS = "_votes_unanimous"
DIFFER_A = "_votes_differ_a"
DIFFER_B = "_votes_differ_b"
SECTION_TITLES = {"matrix": "matrix_title", "agreement": "agreement_title", "vetoes": "veto_title"}
SECTION_TITLES |= {"whatif": "whatif_title", "decisions": "table_title", "key": "key_title", "differ": "differ_section"}
TERM_MEMBER = "KOR"  # the member whose Council terms are offered as presets for the years


def render(lang: str) -> None:
    st.title(t("nav.unsc_votes", lang))
    st.write(t("votes.intro", lang))
    own = ui.session_data().get("unsc_votes")
    if own is not None:  # this session merged the UN Digital Library's file: say so, with its attribution
        st.caption(esc(t("votes.undl_session", lang, file=own[1], citation=undl.CITATION)))
    for name in ("unsc_decisions", "unsc_votes", "unsc_membership"):
        ui.dataset(name)  # a bad file stops the page here with its message
    data = ui.datasets()
    decisions, membership = data["unsc_decisions"], data["unsc_membership"]
    _arrive(data)
    state = _filters(decisions, membership, lang)
    _terms(decisions, membership, lang)
    ui.show_url_notices()
    view = F.resolve(state, data)
    for note in F.focus_notes(view, lang)[:1] if view.focus_is_default and view.focus != "KOR" else []:
        st.caption(f":material/info: {esc(note)}")
    if state.decision:
        _highlight_card(view, lang)
    if view.selected.empty:
        ui.write_url(URL_KEYS, state.to_query())
        ui.empty_state("common.no_rows")
        st.stop()
    st.caption(F.summary(view, lang))
    section = _section_control(lang)
    state = state.with_(section=section)
    if section == "matrix":
        state = _matrix_page(F.resolve(_matrix_unanimous(state, lang), data), lang)
    elif section == "agreement":
        state = _basis_control(state, lang)
    elif section == "differ":
        state = _differ_controls(F.resolve(state, data), lang)
    elif section == "whatif":
        state = _whatif_controls(F.resolve(state, data), lang)
    state = _normalised(state, data)
    figs = _figures(state, data, lang)
    if section == "whatif":
        _whatif_outcomes(F.resolve(state, data), lang)
    for fig, spec in figs:
        ui.show_figure(fig, spec=spec)
    if section == "decisions":
        _votes_download(F.resolve(state, data), lang)
    ui.write_url(URL_KEYS, state.to_query())
    briefing.add_button(PAGE, state.to_query(), lang)


# ---------------------------------------------------------------- the URL <-> the widgets
def _arrive(data) -> None:  # type: ignore[no-untyped-def]
    """On arriving at the page (its filter keys are cleared by ui.page_setup), read the URL once."""
    ss = st.session_state
    if "topic" in ss:
        return
    state, rejected = State.from_query(ui.url_query(URL_KEYS), data)
    for key in rejected:
        ui.notice(key)
    lo, hi = M.year_bounds(data["unsc_decisions"])
    ss["topic"] = list(state.topic)
    ss["years"] = state.years or (lo, hi)
    ss["outcome"] = list(state.outcome)
    ss[FOCUS_CHOSEN] = state.focus is not None
    if state.focus:
        ss["focus"] = state.focus
    ss[SECTION], ss[PAGE_NO], ss[DECISION] = state.section, state.page, state.decision
    ss[RECOUNT], ss[CHANGES], ss[MEMORY] = state.recount, dict(state.changes), {}
    ss[BASIS], ss[UNANIMOUS] = state.basis, state.unanimous
    ss[DIFFER_A], ss[DIFFER_B] = state.differ_a, state.differ_b
    for key in ("section", "mpage", "wi_decision", "basis", "unanimous", "differ_a", "differ_b", "term"):
        ss.pop(key, None)


def _normalised(state: State, data) -> State:  # type: ignore[no-untyped-def]
    """The state as a link must carry it: a page within range, a recount inside the selection."""
    view = F.resolve(state, data)
    page = min(state.page, view.pages) if state.page else None
    if state.recount is not None and view.recount != state.recount:
        return state.with_(page=page, recount=None, changes=())
    return state.with_(page=page)


def _focus_changed() -> None:
    st.session_state[FOCUS_CHOSEN] = True


def _filters(decisions: pd.DataFrame, membership: pd.DataFrame, lang: str) -> State:
    ss = st.session_state
    lo, hi = M.year_bounds(decisions)
    present = set(decisions["topic"])
    topics = [c for c in UNSC_TOPICS if c in present]
    members = M.member_order(membership["member_iso3"], membership)
    ss["topic"] = [v for v in ss["topic"] if v in topics]
    a, b = ss["years"]
    ss["years"] = (min(max(a, lo), hi), max(min(b, hi), lo))  # the data's span may have changed
    f1, f2, f3, f4 = st.columns([3, 3, 3, 2])
    topic = f1.multiselect(
        t("votes.filter_topic", lang),
        topics,
        format_func=lambda c: t(f"votes.topic.{c}", lang),
        key="topic",
        placeholder=t("votes.filter_all", lang),
    )
    if lo == hi:
        f2.caption(f"{t('votes.filter_years', lang)}: {lo}")
        years: tuple[int, ...] = (lo, hi)
    else:
        label = ui.years_label(t("votes.filter_years", lang), hi, "unsc_decisions", lang)
        chosen: Any = f2.slider(label, min_value=lo, max_value=hi, step=1, key="years")
        years = (int(chosen[0]), int(chosen[1]))
    outcome = f3.multiselect(
        t("votes.filter_outcome", lang),
        list(OUTCOMES),
        format_func=lambda c: t(f"votes.outcome.{c}", lang),
        key="outcome",
        placeholder=t("votes.filter_all", lang),
    )
    span = (int(years[0]), int(years[1]))
    if not ss.get(FOCUS_CHOSEN) or ss.get("focus") not in members:
        ss[FOCUS_CHOSEN] = False
        ss["focus"] = M.default_focus(membership, span)  # follows the years until the reader picks one
    focus = f4.selectbox(
        t("votes.focus", lang),
        members,
        format_func=lambda m: country_name(m, lang),
        key="focus",
        on_change=_focus_changed,
    )
    return State(
        topic=tuple(topic),
        years=None if span == (lo, hi) else span,
        outcome=tuple(outcome),
        focus=str(focus) if ss.get(FOCUS_CHOSEN) else None,
        decision=ss.get(DECISION),
        section=ss.get(SECTION, "matrix"),
        basis=ss.get(BASIS) or M.DEFAULT_BASIS,
        unanimous=bool(ss.get(UNANIMOUS)),
        page=ss.get(PAGE_NO),
        recount=ss.get(RECOUNT),
        changes=tuple(sorted((ss.get(CHANGES) or {}).items())),
        differ_a=ss.get(DIFFER_A) if ss.get(DIFFER_A) in members else None,
        differ_b=ss.get(DIFFER_B) if ss.get(DIFFER_B) in members else None,
    )


def _term_label(term: str, lang: str) -> str:
    return t("votes.term_all", lang) if term == "all" else term.replace("-", "–")


def _term_chosen(bounds: tuple[int, int]) -> None:
    term = st.session_state.get("term")
    if term == "all":
        st.session_state["years"] = bounds
    elif term:
        a, b = term.split("-")
        st.session_state["years"] = (int(a), int(b))


def _terms(decisions: pd.DataFrame, membership: pd.DataFrame, lang: str) -> None:
    """South Korea's Council terms (from unsc_membership, within the data's years) as presets for the years."""
    ss = st.session_state
    lo, hi = M.year_bounds(decisions)
    terms = [(max(a, lo), min(b, hi)) for a, b in M.seat_terms(membership, TERM_MEMBER) if b >= lo and a <= hi]
    if not terms or lo == hi:
        return
    options = [f"{a}-{b}" for a, b in terms] + ["all"]
    years = tuple(ss["years"])
    ss["term"] = next((o for o, tm in zip(options, [*terms, (lo, hi)]) if tm == years), None)
    st.pills(
        t("votes.terms", lang),
        options,
        format_func=lambda o: _term_label(o, lang),
        key="term",
        on_change=_term_chosen,
        args=((lo, hi),),
    )


def _section_changed() -> None:
    st.session_state[SECTION] = st.session_state["section"]


def _section_control(lang: str) -> str:
    """The open section, a segmented control bound to ?section= (st.tabs cannot be set from a URL)."""
    ss = st.session_state
    if ss.get(SECTION) not in SECTIONS:
        ss[SECTION] = "matrix"
    ss["section"] = ss[SECTION]
    value = st.segmented_control(
        t("votes.section", lang),
        list(SECTIONS),
        format_func=lambda s: t(f"votes.{SECTION_TITLES[s]}", lang),
        key="section",
        required=True,
        on_change=_section_changed,
        label_visibility="collapsed",
    )
    return str(value or ss[SECTION])


# ---------------------------------------------------------------- the decision an event's link opened
def _clear_decision() -> None:
    st.session_state[DECISION] = None
    st.session_state[PAGE_NO] = None


def _highlight_card(view: F.View, lang: str) -> None:
    row = view.decisions.loc[view.decisions["decision_id"] == view.state.decision].iloc[0]
    with st.container(border=True, key="votes_highlight"):
        st.markdown(f":material/push_pin: **{esc(t('votes.highlight_title', lang))}**")
        st.subheader(esc(row["symbol"]), anchor=False)
        st.write(esc(L.localized_title(row, lang)))
        h1, h2, h3, h4 = st.columns([1.4, 1, 1, 1])
        h1.metric(L.col("date", lang), fmt_date(row["date"], lang))
        h2.metric(L.col("outcome", lang), t(f"votes.outcome.{row['outcome']}", lang))
        h3.metric(L.col("tally", lang), L.tally_text(int(row["yes"]), int(row["no"]), int(row["abstain"])))
        h4.metric(L.col("topic", lang), t(f"votes.topic.{row['topic']}", lang))
        in_view = view.state.decision in set(view.selected["decision_id"])
        st.caption(t("votes.highlight_in_view" if in_view else "votes.highlight_not_in_view", lang))
        b1, b2 = st.columns([1, 1])
        if isinstance(row["source_url"], str) and row["source_url"].startswith(("http://", "https://")):
            b1.link_button(t("votes.highlight_source", lang), row["source_url"], icon=":material/open_in_new:")
        b2.button(
            t("votes.highlight_clear", lang), key="decision_clear", on_click=_clear_decision, icon=":material/close:"
        )


# ---------------------------------------------------------------- section controls
def _copy(widget_key: str, plain_key: str, reset_page: bool = False) -> None:
    st.session_state[plain_key] = st.session_state[widget_key]
    if reset_page:
        st.session_state[PAGE_NO] = None


def _matrix_unanimous(state: State, lang: str) -> State:
    st.session_state["unanimous"] = bool(st.session_state.get(UNANIMOUS))
    on = st.toggle(
        t("votes.matrix_unanimous", lang),
        key="unanimous",
        help=t("votes.matrix_unanimous_help", lang),
        on_change=_copy,
        args=("unanimous", UNANIMOUS, True),
    )
    return state.with_(unanimous=bool(on))


def _basis_control(state: State, lang: str) -> State:
    """What agreement is counted over; the default (all decisions) is said in its label."""
    ss = st.session_state
    ss["basis"] = ss.get(BASIS) if ss.get(BASIS) in M.BASES else M.DEFAULT_BASIS
    value = st.segmented_control(
        t("votes.basis_label", lang),
        list(M.BASES),
        format_func=lambda b: t(f"votes.basis.{b}", lang) + (t("votes.basis_default", lang) if b == "all" else ""),
        key="basis",
        required=True,
        on_change=_copy,
        args=("basis", BASIS),
    )
    return state.with_(basis=str(value or ss["basis"]))


def _differ_controls(view: F.View, lang: str) -> State:
    """The two members compared: any two who sat on the Council (defaults: the focus member, then the United
    States or the next permanent member that sat with it); chosen ones are kept in the link."""
    ss = st.session_state
    members = M.member_order(view.membership["member_iso3"], view.membership)
    c1, c2 = st.columns(2)
    ss["differ_a"] = view.differ_a
    a = c1.selectbox(
        t("votes.differ_a", lang),
        members,
        format_func=lambda m: country_name(m, lang),
        key="differ_a",
        on_change=_copy,
        args=("differ_a", DIFFER_A),
    )
    ss["differ_b"] = view.differ_b
    others = [m for m in members if m != a]
    if ss["differ_b"] not in others:
        ss["differ_b"] = M.default_other(view.membership, view.span, str(a))
    b = c2.selectbox(
        t("votes.differ_b", lang),
        others,
        format_func=lambda m: country_name(m, lang),
        key="differ_b",
        on_change=_copy,
        args=("differ_b", DIFFER_B),
    )
    return view.state.with_(differ_a=ss.get(DIFFER_A) and str(a), differ_b=ss.get(DIFFER_B) and str(b))


def _page_changed() -> None:
    st.session_state[PAGE_NO] = st.session_state["mpage"]


def _matrix_page(view: F.View, lang: str) -> State:
    if view.pages <= 1:
        return view.state
    st.caption(t("votes.matrix_page_note", lang, n=fmt_int(len(view.matrix)), size=M.MATRIX_PAGE_SIZE))

    def label(p: int) -> str:
        s = M.page_slice(view.matrix, p)
        start, end = s["date"].iloc[0].strftime("%Y-%m-%d"), s["date"].iloc[-1].strftime("%Y-%m-%d")
        return t("votes.matrix_page_label", lang, page=p, pages=view.pages, start=start, end=end, n=fmt_int(len(s)))

    st.session_state["mpage"] = view.page
    page = st.selectbox(
        t("votes.matrix_page", lang),
        list(range(1, view.pages + 1)),
        format_func=label,
        key="mpage",
        on_change=_page_changed,
    )
    return view.state.with_(page=int(page) if st.session_state.get(PAGE_NO) else None)


def _recount_changed() -> None:
    ss = st.session_state
    memory = ss.setdefault(MEMORY, {})
    if ss.get(RECOUNT):
        memory[ss[RECOUNT]] = dict(ss.get(CHANGES) or {})
    ss[RECOUNT] = ss["wi_decision"]
    ss[CHANGES] = dict(memory.get(ss["wi_decision"], {}))


def _vote_changed(member: str, key: str, recorded: str) -> None:
    ss = st.session_state
    changes = dict(ss.get(CHANGES) or {})
    if ss[key] == recorded:
        changes.pop(member, None)
    else:
        changes[member] = ss[key]
    ss[CHANGES] = changes


def _reset_votes() -> None:
    st.session_state[CHANGES] = {}


def _whatif_controls(view: F.View, lang: str) -> State:
    ss = st.session_state
    st.caption(t("votes.whatif_caption", lang))
    newest_first = view.selected.iloc[::-1]
    by_id = newest_first.set_index("decision_id")
    options = list(newest_first["decision_id"])
    ss["wi_decision"] = view.recount
    decision_id = str(
        st.selectbox(
            t("votes.whatif_decision", lang),
            options,
            format_func=lambda d: " · ".join(
                (
                    str(by_id.at[d, "symbol"]),
                    f"{by_id.at[d, 'date']:%Y-%m-%d}",
                    t(f"votes.topic.{by_id.at[d, 'topic']}", lang),
                )
            ),
            key="wi_decision",
            on_change=_recount_changed,
        )
    )
    if ss.get(RECOUNT) not in (None, decision_id):  # the chosen decision left the selection
        ss.setdefault(MEMORY, {})[ss[RECOUNT]] = dict(ss.get(CHANGES) or {})
        ss[RECOUNT], ss[CHANGES] = None, {}
    row = by_id.loc[decision_id]
    st.caption(esc(L.localized_title(row, lang)))
    recorded = M.votes_of(view.votes, decision_id)
    changes = dict(ss.get(CHANGES) or {}) if ss.get(RECOUNT) in (decision_id, None) else {}
    perm = set(view.permanent)
    grid = st.columns(5)
    for i, m in enumerate(M.member_order(recorded, view.membership)):
        key = f"whatif_{decision_id}_{m}"
        ss[key] = changes.get(m, recorded[m])
        with grid[i % 5]:
            st.selectbox(
                esc(L.member_label(m, m in perm, lang)),
                M.VOTE_CODES,
                format_func=lambda c: t(f"votes.vote.{c}", lang),
                key=key,
                on_change=_vote_changed,
                args=(m, key, recorded[m]),
            )
    if changes:
        ss[RECOUNT] = decision_id  # a scenario names its decision in the link
    st.button(t("votes.whatif_reset", lang), on_click=_reset_votes, icon=":material/restart_alt:", key="whatif_reset")
    recount = ss.get(RECOUNT)
    return view.state.with_(recount=recount, changes=tuple(sorted(changes.items())) if recount else ())


def _whatif_outcomes(view: F.View, lang: str) -> None:
    """The recorded outcome beside the recount's, large, above the figure that shows every vote."""
    rec = F.recount_of(view)
    if rec is None:
        return
    c1, c2 = st.columns(2)
    for column, label, result in ((c1, "votes.whatif_recorded", rec.before), (c2, "votes.whatif_recount", rec.after)):
        column.metric(t(label, lang), t(f"votes.outcome.{result.outcome}", lang), border=True)
        column.caption(f"{L.col('tally', lang)}: {L.tally_text(result.yes, result.no, result.abstain)}")


def _votes_download(view: F.View, lang: str) -> None:
    frame_args = (view.selected, view.votes, view.membership, lang)
    st.download_button(
        t("votes.download_votes_long", lang),
        data=lambda: to_safe_csv(L.votes_long_table(*frame_args)),
        file_name=t("votes.votes_long_name", lang),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="dl-unsc-votes-long",
    )


# ---------------------------------------------------------------- figures shared by sessions
def _figures(state: State, data: Any, lang: str) -> list[tuple[Figure, dict | None]]:
    """The view's figures with their Vega-Lite dicts, once per view for every session (atlas.ui.figure_cache)."""
    return figure_cache.cached(
        "votes", "page", figure_cache.view_key(state), lang,
        lambda: figure_cache.with_specs(F.figures(state, data, lang)),
    )  # fmt: skip
