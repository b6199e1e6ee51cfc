"""The votes page's figures for a view: figures(state, data, lang) -> [Figure], no Streamlit.

What the page shows, the tests check and the briefing export draws. `resolve` turns a
state's defaults (None = 'the default') into the concrete view: the selected decisions, the
focus member and why, the matrix page, the decision recounted in the what-if.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import pandas as pd

from atlas.core.figure import Data, Figure, Source, complete_to, current_to, view_url
from atlas.i18n import country_name, fmt_int, fmt_years, plural, t
from atlas.votes import charts, labels, model, undl, whatif
from atlas.votes.labels import col
from atlas.votes.state import PAGE, SECTIONS, State

# The datasets this area's figures read (atlas.ui.figure_cache keys on their versions).
READS = ("unsc_decisions", "unsc_votes", "unsc_membership", "countries")
CHART_TEXT = (
    "member", "other", "decision", "date", "topic", "title", "tally", "outcome", "vote", "veto", "veto_yes",
    "legend", "share", "same", "shared", "symbol", "voted_no", "abstained", "year", "vetoes", "vetoed_by",
    "decisions", "changed", "basis", "yes", "why", "differ",
)  # fmt: skip
MAX_SOURCES = 6  # publishers named under a figure; the rest are counted (all are in the table)
UNDL_HOST = "digitallibrary.un.org"
UNDL_URL = f"https://{UNDL_HOST}/"  # the Library's rows are attributed to it, as its terms ask
OFFICIAL_HOSTS = ("un.org", "unmultimedia.org")  # the UN's own sites, when a row has no tier
HOST = r"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)"  # the host part of an absolute address


@dataclass(frozen=True)
class View:
    """A state made concrete against the data."""

    state: State
    decisions: pd.DataFrame
    votes: pd.DataFrame
    membership: pd.DataFrame
    selected: pd.DataFrame  # the filtered decisions, date order
    span: tuple[int, int]  # the chosen years
    permanent: tuple[str, ...]
    focus: str
    focus_is_default: bool
    focus_years: tuple[int, ...]  # the focus member's seat years within span
    matrix: pd.DataFrame  # the decisions the matrix draws (contested ones unless state.unanimous)
    unanimous_hidden: int  # selected decisions left out of the matrix because every vote was yes
    page: int
    pages: int
    shown: pd.DataFrame  # the decisions on the matrix's page
    recount: str | None  # the decision the what-if recounts
    differ_a: str  # the two members whose different votes are listed
    differ_b: str


def resolve(state: State, data: Data) -> View:
    decisions, votes, membership = data["unsc_decisions"], data["unsc_votes"], data["unsc_membership"]
    bounds = model.year_bounds(decisions)
    span = state.years or bounds
    selected = model.filter_decisions(decisions, state.topic, state.years, state.outcome)
    focus = state.focus or model.default_focus(membership, span)
    matrix = model.matrix_decisions(selected, votes, state.unanimous, state.decision)
    pages = model.matrix_pages(len(matrix))
    page = state.page or (model.page_of(matrix, state.decision) if state.decision else None) or pages
    ids = list(selected["decision_id"])
    recount = state.recount if state.recount in ids else None
    if recount is None and ids:
        recount = state.decision if state.decision in ids else str(ids[-1])
    differ_a = state.differ_a or focus
    differ_b = state.differ_b if state.differ_b not in (None, differ_a) else None
    return View(
        state=state,
        decisions=decisions,
        votes=votes,
        membership=membership,
        selected=selected,
        span=span,
        permanent=model.permanent_members(membership),
        focus=focus,
        focus_is_default=state.focus is None,
        focus_years=model.years_in(span, model.seat_years(membership, focus)),
        matrix=matrix,
        unanimous_hidden=len(selected) - len(matrix),
        page=min(page, pages),
        pages=pages,
        shown=model.page_slice(matrix, min(page, pages)),
        recount=recount,
        differ_a=differ_a,
        differ_b=differ_b or model.default_other(membership, span, differ_a),
    )


# ---------------------------------------------------------------- words shared by the figures
def chart_text(lang: str) -> dict[str, str]:
    return {k: t(f"votes.col.{k}", lang) for k in CHART_TEXT}


def span_text(span: tuple[int, int]) -> str:
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def subtitle(view: View, lang: str, extra: str = "") -> str:
    """The filters in words: '2017–2025 · Ukraine, North Korea (DPRK) · all outcomes · 12 decisions'."""
    s = view.state
    topics = ", ".join(t(f"votes.topic.{c}", lang) for c in s.topic) or t("votes.all_topics", lang)
    outcomes = ", ".join(t(f"votes.outcome.{c}", lang) for c in s.outcome) or t("votes.all_outcomes", lang)
    span = fmt_years(*view.span, lang, current_to("unsc_decisions"), complete_to("unsc_decisions"))
    parts = [span, topics, outcomes, plural("votes.n_decisions", len(view.selected), lang)]
    return " · ".join([*parts, extra] if extra else parts)


def summary(view: View, lang: str) -> str:
    """'57 decisions selected: 17 adopted, 34 vetoed, 6 failed.' (proper plural for one)."""
    counts = view.selected["outcome"].value_counts()
    return plural(
        "votes.summary",
        len(view.selected),
        lang,
        adopted=int(counts.get("adopted", 0)),
        vetoed=int(counts.get("vetoed", 0)),
        failed=int(counts.get("failed", 0)),
    )


def focus_notes(view: View, lang: str) -> list[str]:
    """What a reader must know about the focus member's seat in the chosen years."""
    name = country_name(view.focus, lang)
    notes: list[str] = []
    years = set(range(view.span[0], view.span[1] + 1))
    kor_years = model.years_in(view.span, model.seat_years(view.membership, "KOR"))
    if view.focus_is_default and view.focus != "KOR" and not kor_years:
        notes.append(
            t(
                "votes.focus_default_note",
                lang,
                years=span_text(view.span),
                kor_seats=labels.format_years(model.seat_years(view.membership, "KOR")) or "—",
                member=name,
                order=", ".join(country_name(m, lang) for m in model.DEFAULT_FOCUS_ORDER[1:]),
            )
        )
    seats = labels.format_years(model.seat_years(view.membership, view.focus)) or "—"
    if not view.focus_years:
        notes.append(t("votes.focus_off_council", lang, member=name, years=span_text(view.span), seats=seats))
    elif set(view.focus_years) != years:
        notes.append(
            t(
                "votes.focus_part_council",
                lang,
                member=name,
                years=labels.format_years(view.focus_years),
                span=span_text(view.span),
            )
        )
    return notes


def sources(decisions: pd.DataFrame, lang: str) -> tuple[Source, ...]:
    """The publishers behind these decisions' rows, most cited first (official ones first)."""
    if decisions.empty:
        return ()
    tiers = decisions["source_tier"] if "source_tier" in decisions else pd.Series("", index=decisions.index)
    # the host of each address, vectorised: urlparse row by row costs 100 ms over the whole record
    host_of = decisions["source_url"].astype("string").str.extract(HOST, expand=False).str.lower()
    hosts: Counter[str] = Counter()
    tier_of: dict[str, str] = {}
    url_of: dict[str, str] = {}
    for url, host, tier in zip(decisions["source_url"], host_of, tiers):
        if not isinstance(host, str) or not host:
            continue
        host = host.removeprefix("www.")
        hosts[host] += 1
        url_of.setdefault(host, str(url))
        if isinstance(tier, str) and tier:
            tier_of.setdefault(host, tier)
        elif host.endswith(OFFICIAL_HOSTS):
            tier_of.setdefault(host, "official")
    ranked = sorted(hosts, key=lambda h: (tier_of.get(h) != "official", -hosts[h], h))
    out = [Source(h, url_of[h] if hosts[h] == 1 else "", tier_of.get(h, "")) for h in ranked[:MAX_SOURCES]]
    if from_undl(decisions):  # the Library's terms: non-commercial use with attribution
        out.append(Source(undl.CITATION, UNDL_URL, "official"))
    if len(ranked) > MAX_SOURCES:
        out.append(Source(plural("votes.more_sources", len(ranked) - MAX_SOURCES, lang)))
    return tuple(out)


def from_undl(decisions: pd.DataFrame) -> bool:
    """Whether any of these rows was taken from, or checked against, the UN Digital Library's voting data."""
    compiled = decisions.get("compiled_from", pd.Series(dtype="string")).astype("string")
    checked = decisions.get("checked_against", pd.Series(dtype="string")).astype("string")
    return bool(compiled.str.startswith("undl:").fillna(False).any()) or bool(
        checked.str.contains(UNDL_HOST, regex=False).fillna(False).any()
    )


def as_of() -> date | None:
    """The votes data's currency as the catalogue states it."""
    return current_to("unsc_decisions")


def _figure(view: View, lang: str, fid: str, **kw: object) -> Figure:
    return Figure(
        id=f"votes.{fid}",
        url=view_url(PAGE, view.state.to_query(), lang),
        lang=lang,
        as_of=as_of(),
        **kw,  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------- one builder per figure
def matrix_figure(view: View, lang: str) -> Figure:
    shown = view.shown
    page = t("votes.matrix_page_of", lang, page=view.page, pages=view.pages) if view.pages > 1 else ""
    # Which decisions the matrix draws, with the number of unanimous ones left out, said in the subtitle
    # (so on paper too): "contested decisions only (1860 unanimous decisions not drawn)".
    drawn = (
        t("votes.matrix_all_drawn", lang)
        if view.state.unanimous
        else plural("votes.matrix_contested_drawn", view.unanimous_hidden, lang)
    )
    if shown.empty:  # every selected decision was unanimous
        return _figure(
            view,
            lang,
            "matrix",
            title=t("votes.matrix_title", lang),
            subtitle=subtitle(view, lang, drawn),
            chart=None,
            table=pd.DataFrame(),
            sources=sources(view.selected, lang),
            notes=(plural("votes.matrix_all_unanimous", len(view.selected), lang),),
        )
    perm = set(view.permanent)
    cells = labels.matrix_cells(shown, view.votes, view.membership, lang, focus=view.focus)
    columns = labels.column_labels(shown, lang)
    focus_label = labels.member_label(view.focus, view.focus in perm, lang)
    highlight = columns.get(view.state.decision) if view.state.decision else None
    chart = charts.vote_matrix(
        cells,
        labels.matrix_member_rows(cells),
        list(columns.values()),
        {c: t(f"votes.vote.{c}", lang) for c in model.VOTE_CODES},
        chart_text(lang),
        highlight=highlight,
        focus=focus_label,
        slide_part=t("votes.matrix_slide_part", lang),
    )
    # The outlined member has no row at all when it never sat in these years: say so.
    notes = (
        [n for n in focus_notes(view, lang) if n.startswith(country_name(view.focus, lang))]
        if not view.focus_years
        else []
    )
    return _figure(
        view,
        lang,
        "matrix",
        title=t("votes.matrix_title", lang),
        subtitle=subtitle(view, lang, " · ".join(x for x in (drawn, page) if x)),
        chart=chart,
        table=labels.matrix_grid(cells, shown, lang),
        caption=t("votes.matrix_caption", lang, member=country_name(view.focus, lang)),
        sources=sources(shown, lang),
        notes=tuple(notes),
    )


def _pct(share: float) -> str:
    return f"{round(share * 100):.0f}%"


def basis_text(basis: str, lang: str) -> str:
    """The basis of an agreement figure in words ('over all decisions both members voted on (default)')."""
    return t(f"votes.basis.{basis}", lang) + (t("votes.basis_default", lang) if basis == model.DEFAULT_BASIS else "")


def same_of(same: int, shared: int, lang: str) -> str:
    """'7 of 14': how many decisions a share rests on."""
    return t("votes.same_of", lang, same=same, shared=shared)


# The agreement bars draw at most this many members (the permanent ones always): over the whole record some
# 80 members sat with the focus member. 15, the five permanent members and South Korea keep a slide's labels
# at 12 pt or more.
CHART_MEMBERS = 15


def agreement_figures(view: View, lang: str) -> list[Figure]:
    selected = view.selected
    basis = view.state.basis
    seated = model.seated_votes(view.votes, selected, view.membership)
    contested = selected.loc[model.contested_mask(selected, view.votes), "decision_id"]
    agree_on = {
        "all": model.agreement(seated, selected["decision_id"]),
        "contested": model.agreement(seated, contested),
    }
    agree = agree_on[basis]
    ranking = model.focus_ranking(agree, view.focus)
    both = {
        b: model.focus_ranking(a, view.focus, min_shared=0).set_index("member")[["same", "shared"]]
        for b, a in agree_on.items()
    }
    name = country_name(view.focus, lang)
    src = sources(selected, lang)
    perm = set(view.permanent)
    notes = focus_notes(view, lang)
    title = t("votes.focus_title", lang, member=name)
    words = basis_text(basis, lang)
    caption = " ".join(
        (
            t("votes.basis_caption", lang, n_all=fmt_int(len(selected)), n_contested=fmt_int(len(contested))),
            t("votes.agreement_caption", lang, min=model.MIN_SHARED),
        )
    )
    if ranking.empty:
        if basis == "contested" and contested.empty:
            notes.append(plural("votes.basis_no_contested", len(selected), lang))
        else:
            notes.append(t("votes.focus_none", lang, member=name))
        focus_fig = _figure(
            view,
            lang,
            "agreement",
            title=title,
            subtitle=subtitle(view, lang, words),
            chart=None,
            table=pd.DataFrame(),
            sources=src,
            notes=tuple(dict.fromkeys(notes)),
        )
    else:
        ranking = ranking.assign(
            label=[labels.member_label(m, m in perm, lang) for m in ranking["member"]],
            value_label=[
                t("votes.value_small" if s else "votes.value_label", lang, share=_pct(p), of=same_of(k, n, lang))
                for p, k, n, s in zip(ranking["share"], ranking["same"], ranking["shared"], ranking["small"])
            ],
        )
        if ranking["small"].any():
            notes.append(plural("votes.small_note", int(ranking["small"].sum()), lang, min=model.MIN_SHARED))
        drawn = ranking
        if len(ranking) > CHART_MEMBERS:  # the whole record: some 80 members, unreadable as bars on a slide
            always = (perm | {model.DEFAULT_FOCUS_ORDER[0]}) & set(ranking["member"])  # and South Korea
            most = set(ranking.nlargest(CHART_MEMBERS, "shared")["member"]) | always
            drawn = ranking[ranking["member"].isin(most)]
            notes.append(t("votes.chart_members", lang, shown=len(drawn), total=len(ranking), member=name))

        def on(b: str, what: str) -> list[object]:
            """One column of the table on basis b: share (a percentage, '—' when never together), same or shared."""
            out: list[object] = []
            for m in ranking["member"]:
                same, shared = (int(x) for x in both[b].loc[m]) if m in both[b].index else (0, 0)
                out.append({"same": same, "shared": shared}.get(what, _pct(same / shared) if shared else "—"))
            return out

        columns = {
            col("rank", lang): ranking["rank"],
            col("member", lang): [country_name(m, lang) for m in ranking["member"]],
        }
        for b in model.BASES:
            columns |= {col(f"{what}_{b}", lang): on(b, what) for what in ("share", "same", "shared")}
        columns[col("ranked", lang)] = [t("votes.not_ranked", lang) if s else "" for s in ranking["small"]]
        table = pd.DataFrame(columns)
        focus_fig = _figure(
            view,
            lang,
            "agreement",
            title=title,
            subtitle=subtitle(view, lang, words),
            chart=charts.focus_bars(drawn, chart_text(lang) | {"share": t(f"votes.basis_axis.{basis}", lang)}),
            table=table,
            caption=caption,
            sources=src,
            notes=tuple(notes),
        )
    order = model.member_order(view.membership["member_iso3"], view.membership)
    seat = labels.seat_labels(agree, order, view.permanent, lang)
    pairs = labels.heatmap_pairs(agree, seat)
    off_diag = pairs[pairs["member_a"] != pairs["member_b"]]
    heat_table = pd.DataFrame(
        {
            col("member", lang): [country_name(m, lang) for m in off_diag["member_a"]],
            col("other", lang): [country_name(m, lang) for m in off_diag["member_b"]],
            col("share", lang): [_pct(s) for s in off_diag["share"]],
            col("same", lang): off_diag["same"],
            col("shared", lang): off_diag["shared"],
        }
    )
    heat = _figure(
        view,
        lang,
        "heatmap",
        title=t("votes.heatmap_title", lang),
        subtitle=subtitle(view, lang, words),
        chart=charts.agreement_heatmap(pairs, list(seat.values()), chart_text(lang)) if not pairs.empty else None,
        table=heat_table,
        caption=t("votes.heatmap_caption", lang),
        sources=src,
        notes=() if not pairs.empty else (plural("votes.basis_no_contested", len(selected), lang),),
    )
    return [focus_fig, heat]


def key_figure(view: View, lang: str) -> Figure:
    """The key votes among the selection: close margins, split permanent members, vetoes."""
    key = model.key_votes(view.selected, view.votes, view.membership)
    common = {"title": t("votes.key_title", lang), "subtitle": subtitle(view, lang)}
    if key.empty:
        return _figure(
            view,
            lang,
            "key",
            chart=None,
            table=pd.DataFrame(),
            sources=sources(view.selected, lang),
            notes=(t("votes.key_none", lang),),
            **common,
        )
    vetoes = labels.vetoed_by(model.veto_list(key, view.votes, view.membership), lang)
    why = [
        labels.key_reasons(bool(c), bool(sp), bool(v), int(y), vetoes.get(str(d), []), lang)
        for c, sp, v, y, d in zip(key["close"], key["split"], key["veto"], key["yes"], key["decision_id"])
    ]
    frame = key.assign(
        why=why,
        date_label=key["date"].dt.strftime("%Y-%m-%d"),
        title_label=labels.titles(key, lang),
        outcome_label=[t(f"votes.outcome.{c}", lang) for c in key["outcome"]],
        tally=[labels.tally_text(a, b, c) for a, b, c in zip(key["yes"], key["no"], key["abstain"])],
    )
    counts = t(
        "votes.key_counts",
        lang,
        n=len(key),
        selected=len(view.selected),
        close=int(key["close"].sum()),
        split=int(key["split"].sum()),
        veto=int(key["veto"].sum()),
    )
    newest = frame.iloc[::-1]
    table = pd.DataFrame(
        {
            col("date", lang): newest["date"].dt.date,
            col("symbol", lang): newest["symbol"],
            col("title", lang): newest["title_label"],
            col("outcome", lang): newest["outcome_label"],
            col("tally", lang): newest["tally"],
            col("why", lang): newest["why"],
            col("source", lang): newest["source_url"],
        }
    ).reset_index(drop=True)
    return _figure(
        view,
        lang,
        "key",
        chart=charts.key_votes(frame, chart_text(lang), model.AFFIRMATIVE_NEEDED, lang=lang),
        table=table,
        caption=" ".join(
            (counts, t("votes.key_caption", lang, adopted=model.CLOSE_ADOPTED_MAX, failed=model.CLOSE_FAILED_MIN))
        ),
        sources=sources(key, lang),
        **common,
    )


def differ_figure(view: View, lang: str) -> Figure:
    """The decisions on which two chosen members voted differently ('where did Korea and the US differ?')."""
    a, b = view.differ_a, view.differ_b
    name_a, name_b = country_name(a, lang), country_name(b, lang)
    d = model.differences(view.selected, view.votes, view.membership, a, b)
    common = {"title": t("votes.differ_title", lang, a=name_a, b=name_b), "subtitle": subtitle(view, lang)}
    if not d.shared:
        line = t("votes.differ_never", lang, a=name_a, b=name_b, years=span_text(view.span))
    else:
        line = plural(
            "votes.differ_count",
            len(d.rows),
            lang,
            a=name_a,
            b=name_b,
            shared=d.shared,
            contested=d.contested,
        )
    if d.rows.empty:
        return _figure(
            view, lang, "differ", chart=None, table=pd.DataFrame(), sources=sources(view.selected, lang),
            notes=(line,), **common,
        )  # fmt: skip
    rows = d.rows
    vote_a, vote_b = t("votes.vote_of", lang, member=name_a), t("votes.vote_of", lang, member=name_b)
    newest = rows.iloc[::-1]
    table = pd.DataFrame(
        {
            col("date", lang): newest["date"].dt.date,
            col("symbol", lang): newest["symbol"],
            col("title", lang): labels.titles(newest, lang),
            col("outcome", lang): [t(f"votes.outcome.{c}", lang) for c in newest["outcome"]],
            col("tally", lang): [
                labels.tally_text(x, y, z) for x, y, z in zip(newest["yes"], newest["no"], newest["abstain"])
            ],
            vote_a: [t(f"votes.vote.{v}", lang) for v in newest["vote_a"]],
            vote_b: [t(f"votes.vote.{v}", lang) for v in newest["vote_b"]],
            col("source", lang): newest["source_url"],
        }
    ).reset_index(drop=True)
    pairs = rows.assign(
        year=rows["date"].dt.year,
        pair=[
            f"{t(f'votes.vote.{x}', lang)} / {t(f'votes.vote.{y}', lang)}"
            for x, y in zip(rows["vote_a"], rows["vote_b"])
        ],
    )
    return _figure(
        view,
        lang,
        "differ",
        chart=charts.differ_bars(
            pairs, chart_text(lang) | {"differ": t("votes.differ_legend", lang, a=name_a, b=name_b)}
        ),
        table=table,
        caption=t("votes.differ_caption", lang),
        sources=sources(rows, lang),
        notes=(line,),
        **common,
    )


def veto_figure(view: View, lang: str) -> Figure:
    vetoes = model.veto_list(view.selected, view.votes, view.membership)
    common = {
        "title": t("votes.veto_title", lang),
        "subtitle": subtitle(view, lang),
        "caption": t("votes.veto_caption", lang),
    }
    if vetoes.empty:
        return _figure(
            view,
            lang,
            "vetoes",
            chart=None,
            table=pd.DataFrame(),
            sources=sources(view.selected, lang),
            notes=(t("votes.veto_none", lang),),
            **common,
        )
    rows = vetoes.assign(
        member=vetoes["member_iso3"],
        member_label=[country_name(m, lang) for m in vetoes["member_iso3"]],
        year=vetoes["date"].dt.year,
    )
    vetoed = view.selected[view.selected["decision_id"].isin(vetoes["decision_id"])]
    return _figure(
        view,
        lang,
        "vetoes",
        chart=charts.veto_bars(rows, chart_text(lang)),
        table=labels.veto_table(vetoes, lang),
        sources=sources(vetoed, lang),
        **common,
    )


def recount_of(view: View) -> whatif.Recount | None:
    if view.recount is None:
        return None
    row = view.decisions.set_index("decision_id").loc[view.recount]
    recorded = model.votes_of(view.votes, view.recount)
    changes = dict(view.state.changes) if view.state.recount == view.recount else {}
    return whatif.recount(view.recount, recorded, changes, bool(row["procedural"]), view.permanent)


def whatif_figure(view: View, lang: str) -> Figure | None:
    rec = recount_of(view)
    if rec is None:
        return None
    row = view.decisions.set_index("decision_id").loc[rec.decision_id]
    perm = set(view.permanent)
    members = [m for m in model.member_order(rec.recorded, view.membership)]
    recorded_col, recount_col = t("votes.whatif_recorded", lang), t("votes.whatif_recount", lang)
    changed_word = t("votes.whatif_changed_mark", lang)
    rows = []
    for m in members:
        label = labels.member_label(m, m in perm, lang)
        for column, vote, changed in (
            (recorded_col, rec.recorded[m], False),
            (recount_col, rec.current[m], m in rec.changed),
        ):
            rows.append({
                "member": label, "column": column, "vote_label": t(f"votes.vote.{vote}", lang), "changed": changed,
                "changed_label": changed_word if changed else "", "cell_text": changed_word if changed else "",
            })  # fmt: skip
    grid = pd.DataFrame(rows)
    before, after = rec.before, rec.after
    outcome_line = t(
        "votes.whatif_outcomes",
        lang,
        recorded=t(f"votes.outcome.{before.outcome}", lang),
        recorded_tally=labels.tally_text(before.yes, before.no, before.abstain),
        recount=t(f"votes.outcome.{after.outcome}", lang),
        recount_tally=labels.tally_text(after.yes, after.no, after.abstain),
    )
    changes = "; ".join(
        t("votes.whatif_change", lang, member=country_name(m, lang), before=t(f"votes.vote.{rec.recorded[m]}", lang),
          after=t(f"votes.vote.{rec.current[m]}", lang))
        for m in rec.changed
    )  # fmt: skip
    changed_line = (
        plural("votes.whatif_changed", len(rec.changed), lang) + f" {changes}"
        if changes
        else t("votes.whatif_unchanged", lang)
    )
    notes = [outcome_line, changed_line]
    table = pd.DataFrame(
        {
            col("member", lang): [country_name(m, lang) for m in members],
            recorded_col: [t(f"votes.vote.{rec.recorded[m]}", lang) for m in members],
            recount_col: [t(f"votes.vote.{rec.current[m]}", lang) for m in members],
            col("changed", lang): [changed_word if m in rec.changed else "" for m in members],
        }
    )
    matter = t("votes.whatif_procedural" if before.procedural else "votes.whatif_substantive", lang)
    return _figure(
        view,
        lang,
        "whatif",
        title=t("votes.whatif_fig_title", lang, symbol=str(row["symbol"])),
        # The curated title stays out of the figure's own text: show_figure renders that as markdown.
        subtitle=f"{row['date']:%Y-%m-%d} · {t('votes.topic.' + str(row['topic']), lang)} · {matter}",
        chart=charts.whatif_grid(grid, {c: t(f"votes.vote.{c}", lang) for c in model.VOTE_CODES}, chart_text(lang)),
        table=table,
        caption=labels.explain(after, lang),
        sources=sources(view.decisions[view.decisions["decision_id"] == rec.decision_id], lang),
        notes=tuple(notes),
    )


def decisions_figure(view: View, lang: str) -> Figure:
    selected = view.selected
    vetoes = model.veto_list(selected, view.votes, view.membership)
    table = labels.decisions_table(selected, vetoes, lang, view.votes)
    if view.state.decision:
        hits = [d == view.state.decision for d in selected["decision_id"].iloc[::-1]]
        table = model.highlight_first(table, hits).rename(columns={"highlight": col("highlight", lang)})
    by_year = selected.assign(
        year=selected["date"].dt.year, outcome_label=[t(f"votes.outcome.{c}", lang) for c in selected["outcome"]]
    )
    return _figure(
        view,
        lang,
        "decisions",
        title=t("votes.table_title", lang),
        subtitle=subtitle(view, lang),
        chart=charts.decisions_by_year(by_year, chart_text(lang)),
        table=table.reset_index(drop=True),
        caption=t("votes.table_caption", lang),
        sources=sources(selected, lang),
    )


def section_figures(section: str, view: View, lang: str) -> list[Figure]:
    if view.selected.empty:
        return []
    if section == "matrix":
        return [matrix_figure(view, lang)]
    if section == "agreement":
        return agreement_figures(view, lang)
    if section == "key":
        return [key_figure(view, lang)]
    if section == "differ":
        return [differ_figure(view, lang)]
    if section == "vetoes":
        return [veto_figure(view, lang)]
    if section == "whatif":
        fig = whatif_figure(view, lang)
        return [fig] if fig is not None else []
    return [decisions_figure(view, lang)]


def figures(state: State, data: Data, lang: str) -> list[Figure]:
    """The figures the page shows for this view (its open section); [] when nothing is selected."""
    return section_figures(state.section, resolve(state, data), lang)


def all_figures(state: State, data: Data, lang: str) -> list[Figure]:
    """Every section's figures for this view's filters (a briefing of the whole page)."""
    view = resolve(state, data)
    return [f for s in SECTIONS for f in section_figures(s, view, lang)]
