"""The Overview's Streamlit code: three headline cards, the latest events and every page, in one screen.

Every number comes from atlas.overview.figures (the same Figure objects a briefing slide draws);
this module only lays them out as cards.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import i18n, ui
from atlas.core import data
from atlas.core.charts import to_spec
from atlas.core.figure import Figure
from atlas.i18n import escape_markdown as esc
from atlas.i18n import plural, t
from atlas.overview import figures as ofig
from atlas.overview import model
from atlas.overview.state import PAGE, State
from atlas.ui import briefing, figure_cache

Bundle = tuple[dict[str, Figure], dict[str, dict], "model.CouncilHeadline | None", "dict[str, list[str]] | None"]


def _build(lang: str) -> Bundle:
    bundle = dict(_frames())
    figs = {f.id: f for f in ofig.figures(State(), bundle, lang)}
    specs = {fid: to_spec(f.chart) for fid, f in figs.items() if f.chart is not None}
    return figs, specs, ofig.council_counts(bundle), ofig.council_link(bundle)


def _bundle(lang: str) -> Bundle:
    """The cards' figures, once per language and version of the files for every session (atlas.ui.figure_cache):
    the datasets are read only when they are built."""
    return figure_cache.cached("overview", "page", "", lang, lambda: _build(lang))


def _frames() -> tuple[tuple[str, pd.DataFrame], ...]:
    """The datasets present and valid."""
    frames = ((name, ui.optional_dataset(name)) for name in ofig.READS)
    return tuple((name, df) for name, df in frames if df is not None)


def _warn_broken(lang: str) -> None:
    """Name each file that fails validation (not fatal: its card is left out), from the load cache."""
    for name in ui.dataset_problems(ofig.READS):
        st.warning(t("overview.dataset_error", lang, file=f"data/{data.SPECS[name].file}"), icon=":material/error:")


def _page_link(
    page_id: str,
    label: str,
    lang: str,
    query: dict[str, list[str]] | None = None,
    icon: str = ":material/arrow_forward:",
) -> None:
    page = next((p for p in ui.PAGES if p.id == page_id), None)
    if page is None:
        return
    params: dict[str, str | list[str]] = dict(query or {})
    if lang != i18n.DEFAULT_LANG:
        params["lang"] = lang
    st.page_link(page.path, label=label, icon=icon, query_params=params or None)


def _rows(fig: Figure) -> list[tuple[str, ...]]:
    return [tuple(str(x) for x in r) for r in fig.table.itertuples(index=False)]  # type: ignore[misc]


def _arms_card(fig: Figure, lang: str) -> None:
    st.subheader(fig.title, anchor=False)
    rows = {r[0]: r for r in _rows(fig)}
    total = rows.get(t("overview.arms.total", lang))
    if total is not None:
        counted = rows.get(t("overview.arms.counted", lang))
        st.metric(total[0], total[1], help=counted[2] if counted else None)
        st.markdown(f"**{esc(total[2])}**")  # the headline states its basis, visibly
        st.caption(esc(fig.caption))  # what has no value, what was converted, what is left out
    facts = [rows.get(t(k, lang)) for k in ("overview.arms.recipients", "overview.arms.rank")]
    lines = [" · ".join(f"{esc(r[0])}: **{esc(r[1])}**" + (f" ({esc(r[2])})" if r[2] else "") for r in facts if r)]
    largest = rows.get(t("overview.arms.largest", lang))
    if largest is not None:
        lines.append(esc(f"{largest[0]}: {largest[2]}"))
    st.caption("  \n".join(x for x in lines if x))  # small print, so the three cards fit one screen
    _page_link("arms_exports", t("overview.more", lang), lang)


def _council_card(
    fig: Figure, counts: model.CouncilHeadline | None, link: dict[str, list[str]] | None, lang: str
) -> None:
    st.subheader(fig.title, anchor=False)
    if not fig.table.empty:
        st.markdown(f"**{esc(fig.subtitle)}**")
        # a line per member, not metrics: a metric's label is clipped in a third of a card; both bases, each with n
        lines = []
        for name, share, same, share_c, same_c in _rows(fig):
            contested = "—" if share_c in ("None", "nan") else i18n.fmt_pct(float(share_c), 0)
            lines.append(
                f"- {esc(name)}: **{i18n.fmt_pct(float(share), 0)}** ({esc(same)}) · "
                + t("overview.council.contested_line", lang, share=contested, same=esc(same_c))
            )
        st.markdown("\n".join(lines))
        st.caption(esc(fig.caption))  # what the figure rests on: shown, not hidden in a help
        if link is not None:
            _page_link("unsc_votes", t("overview.council.open_decisions", lang), lang, link, ":material/fact_check:")
    if counts is not None:
        vetoed = plural("overview.council.vetoed_count", counts.vetoed, lang)
        st.caption(
            plural(
                "overview.council.covered",
                counts.decisions,
                lang,
                first=counts.first_year,
                last=counts.last_year,
                vetoed=vetoed,
            )
        )
    _page_link("unsc_votes", t("overview.more", lang), lang)


def _spending_card(fig: Figure, lang: str) -> None:
    st.subheader(fig.title, anchor=False)
    rows = _rows(fig)
    st.metric(rows[0][0], rows[0][1])
    st.caption(esc(rows[0][2]))
    for item, value, _ in rows[1:]:
        st.markdown(esc(f"{item}: {value}"))
    _page_link("defense_spending", t("overview.more", lang), lang)


def _events_card(fig: Figure, lang: str) -> None:
    st.subheader(fig.title, anchor=False)
    st.markdown("\n".join(f"- **{esc(d)}** · {esc(c)}: {esc(x)}" for d, c, x in _rows(fig)))
    st.caption(esc(fig.caption))
    _page_link("events", t("overview.more", lang), lang)


def _current_to(lang: str) -> None:
    present = set(data.available())
    catalog = [e for e in ui.catalog() if e.dataset in present and e.dataset != "countries"]
    if catalog:
        parts = " · ".join(
            f"{t(f'overview.dataset.{e.dataset}', lang)} {esc(i18n.fmt_current_to(e.current_to, lang))}"
            for e in catalog
        )
        st.caption(f"{t('overview.current_to_title', lang)}: {parts}")


def render(lang: str) -> None:
    st.title(t("common.app_name", lang))
    st.write(t("overview.lead", lang))
    ui.show_url_notices()
    _warn_broken(lang)
    figs, specs, counts, link = _bundle(lang)
    top, note = st.columns([1, 3], vertical_alignment="center")
    with top:
        briefing.add_button(PAGE, State().to_query(), lang)
    note.caption(t("overview.below", lang))
    cards: list[str] = [fid for fid in ("overview.arms", "overview.council", "overview.spending") if fid in figs]
    for fid, col in zip(cards, st.columns(max(len(cards), 1))):
        with col.container(border=True, height="stretch"):
            if fid == "overview.arms":
                _arms_card(figs[fid], lang)
            elif fid == "overview.council":
                _council_card(figs[fid], counts, link, lang)
            else:
                _spending_card(figs[fid], lang)
    left, right = st.columns([3, 2])
    if "overview.events" in figs:
        with left.container(border=True):
            _events_card(figs["overview.events"], lang)
    with right.container(border=True):
        st.subheader(t("overview.pages.title", lang), anchor=False)
        for page in ui.PAGES:
            if page.id != PAGE:
                _page_link(page.id, t(f"nav.{page.id}", lang), lang, icon=page.icon)
    _current_to(lang)
    # The cards as pictures and tables (PNG, SVG, CSV), drawn only when asked: the landing page stays light.
    if st.toggle(t("overview.pictures", lang), key="overview_pictures"):
        for fid, fig in figs.items():
            ui.show_figure(fig, spec=specs.get(fid))
