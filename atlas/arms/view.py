"""The arms page's Streamlit code: widgets bound to the view state, cached specs, layout, what-if editor.

Layout order on screen: filters, the deal an event opened, headline, map (with its legend
and a list of recipients), value and year charts, deals table, official totals, SIPRI rank,
what-if, named scenarios and their comparison. The what-if editor and the named scenarios run
first (their rows stretch the Years filter), inside containers placed at the bottom.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import pandas as pd
import streamlit as st

from atlas import ui
from atlas.arms import charts, figures, maps, model, state, upload, whatif
from atlas.arms.state import URL_KEYS, State
from atlas.core import geo
from atlas.core.charts import to_spec
from atlas.core.figure import Figure
from atlas.core.vocab import ARMS_CATEGORIES, ARMS_STAGES
from atlas.i18n import country_name, fmt_date, fmt_int, fmt_usd_m, plural, t
from atlas.i18n import escape_markdown as esc
from atlas.ui import briefing, figure_cache, parse_worker, patches

SCENARIO = "arms_scenario"  # the session's what-if rows (st.session_state only)
SCENARIO_VERSION = "arms_scenario_ver"  # bumped when an upload, a link or "clear" replaces the table
UPLOAD_SEEN = "arms_upload_seen"  # file_id of the last upload handled
UPLOAD_MESSAGE = "arms_upload_msg"
YEARS_SPAN = "arms_years_span"  # the Years filter's bounds on the last run (to follow a stretched span)
NAMED = "arms_named"  # the session's kept scenarios (a tuple of whatif.NamedDeals); the link's asc mirrors it
NAMED_MESSAGE = "arms_named_msg"  # (kind, catalogue key, values) of the last save, load or delete: shown once
NAME_INPUT = "arms_asc_name"
NAME_RESET = "_arms_asc_name_reset"  # empty the name box on the next run (a drawn widget cannot be changed)


# ------------------------------------------------------------------ figures (shared by sessions)
Built = tuple[figures.Computed, list[tuple[Figure, dict | None]]]


def _built(view: State, data: Any, lang: str) -> Built:
    """The view's totals and figures with their Vega-Lite dicts, once per view (every filter and what-if
    row) for every session (atlas.ui.figure_cache): a class opening one link computes it once."""

    def build() -> Built:
        c = figures.compute(view, data, lang)
        return c, figure_cache.with_specs(figures.figures(view, data, lang, computed=c))

    return figure_cache.cached("arms", "page", figure_cache.view_key(view), lang, build)


def _legend_spec(lang: str, with_hypothetical: bool, measure: str = "value") -> dict:
    title = t("arms.col_tiv", lang) if measure == "tiv" else None  # TIV are not the listed value

    def build() -> dict:
        return to_spec(charts.map_legend(maps.legend_entries(lang, with_hypothetical, measure), lang, title))

    return figure_cache.cached("arms", "legend", f"{measure}-{with_hypothetical}", lang, build)


# ------------------------------------------------------------------ the URL <-> the widgets
def _arrive(data: Any) -> None:
    """On arriving at the page (its filter keys are cleared by ui.page_setup), read the URL once.

    The what-if rows and kept scenarios belong to the session: a link's are taken only by a session
    that has none yet.
    """
    ss = st.session_state
    if "recipients" in ss:
        return
    view, rejected = State.from_query(ui.url_query(URL_KEYS), data)
    for key in rejected:
        if key not in ("wi", "asc"):
            ui.notice(key)
    if SCENARIO not in ss:
        ss[SCENARIO], ss[SCENARIO_VERSION] = view.wi, 0
        if "wi" in rejected:
            ui.notice("wi")
    if NAMED not in ss:
        ss[NAMED] = view.scenarios
        if "asc" in rejected:
            ui.notice("asc")
    if view.years is not None:
        ss["years"] = view.years
    ss["recipients"], ss["category"], ss["stage"] = list(view.recipients), list(view.category), list(view.stage)
    ss["events"], ss["estimates"], ss["deal"] = view.events, view.estimates, view.deal
    ss["prices"], ss["measure"] = view.prices, view.measure


# ------------------------------------------------------------------ filters
def _toggle_frameworks() -> None:
    stages = [s for s in st.session_state.get("stage", list(model.DEFAULT_STAGES)) if s != model.FRAMEWORK]
    if st.session_state["arms_fw"]:
        stages = [model.FRAMEWORK, *stages]
    st.session_state["stage"] = stages


def _follow_span(span: tuple[int, int]) -> None:
    """A Years selection that reached the end of the old span follows the span when what-if rows stretch it."""
    old = st.session_state.get(YEARS_SPAN)
    if old and "years" in st.session_state and tuple(old) != span:
        a, b = st.session_state["years"]
        st.session_state["years"] = (span[0] if a == old[0] else a, span[1] if b == old[1] else b)
    st.session_state[YEARS_SPAN] = span


def _filters(lang: str, deals: pd.DataFrame, scenario: pd.DataFrame, kept: tuple[whatif.NamedDeals, ...] = ()) -> State:
    span = state.year_span(deals, scenario, kept)
    _follow_span(span)
    recipient_codes = sorted(model.known_recipients(deals), key=lambda c: country_name(c, lang))
    c_years, c_rec, c_cat, c_stage = st.columns([1.1, 1.3, 1.1, 1.3])
    with c_years:
        years = ui.year_slider(t("common.years", lang), span[0], span[1], key="years", dataset="arms_exports")
        if span[1] > model.year_bounds(deals)[1]:
            st.caption(t("arms.years_stretched", lang, year=span[1]))
    with c_rec:
        recipients = ui.multiselect(
            t("arms.recipients", lang), recipient_codes, key="recipients",
            format_func=lambda c: country_name(c, lang), placeholder=t("arms.recipients_placeholder", lang),
        )  # fmt: skip
    with c_cat:
        categories = ui.multiselect(
            t("arms.category_label", lang), ARMS_CATEGORIES, key="category",
            format_func=lambda c: t(f"arms.category.{c}", lang), placeholder=t("arms.category_placeholder", lang),
        )  # fmt: skip
    with c_stage:
        stages = ui.multiselect(
            t("arms.stage_label", lang), ARMS_STAGES, key="stage", format_func=lambda s: t(f"arms.stage.{s}", lang),
        )  # fmt: skip
    st.session_state["arms_fw"] = model.FRAMEWORK in stages
    # The switches sit in a wrapping row as wide as their labels: equal columns cut them at 1366 px.
    t_switches, t_prices, t_measure = st.columns([3, 1.2, 1.6])
    with t_switches, st.container(horizontal=True, gap="medium"):
        st.toggle(t("arms.include_frameworks", lang), key="arms_fw", on_change=_toggle_frameworks,
                  help=t("arms.include_frameworks_help", lang))  # fmt: skip
        estimates = st.toggle(t("arms.estimates_toggle", lang), key="estimates",
                              help=t("arms.estimates_toggle_help", lang))  # fmt: skip
        events = st.toggle(t("arms.events_toggle", lang), key="events", help=t("arms.events_toggle_help", lang))
    with t_prices:
        prices = st.radio(
            t("arms.prices_label", lang), list(model.PRICES), key="prices",
            format_func=lambda p: t(f"arms.prices.{p}", lang), horizontal=True,
        )  # fmt: skip
    with t_measure:  # SIPRI's measure beside ours, never mixed: the map shows one or the other
        measure = st.radio(
            t("arms.measure_label", lang), list(model.MEASURES), key="measure",
            format_func=lambda m: t(f"arms.measure.{m}", lang), horizontal=True, help=t("arms.measure_help", lang),
        )  # fmt: skip
    return State(
        years=None if tuple(years) == span else (int(years[0]), int(years[1])),
        recipients=tuple(recipients),
        category=tuple(categories),
        stage=tuple(stages),
        events=bool(events),
        deal=st.session_state.get("deal"),
        estimates=bool(estimates),
        prices=str(prices),
        measure=str(measure),
        wi=scenario,
        scenarios=kept,
    )


# ------------------------------------------------------------------ what-if (this session only)
def _upload(lang: str, known: list[str]) -> None:
    # No type filter (as on the Sources page): a file the browser refused would leave the last verdict on screen.
    uploaded = st.file_uploader(t("arms.whatif_upload", lang), key="arms_upload",
                                help=t("arms.whatif_upload_help", lang))  # fmt: skip
    if uploaded is not None and uploaded.file_id != st.session_state.get(UPLOAD_SEEN):
        st.session_state[UPLOAD_SEEN] = uploaded.file_id
        raw = patches.read_once(uploaded)  # the bytes leave the server once parsed
        try:  # in the upload worker: the parse never holds the server's memory or GIL
            result = parse_worker.parse_in_worker(upload.parse_upload, raw, list(known))
            problem = result.problem.message(lang) if result.problem is not None else None
        except parse_worker.UploadStopped as err:
            result, problem = None, err.message(lang)
        del raw  # the bytes are not kept in the session once parsed
        if result is not None and result.ok and result.scenario is not None:
            st.session_state[SCENARIO] = result.scenario
            st.session_state[SCENARIO_VERSION] += 1
            st.session_state[UPLOAD_MESSAGE] = ("ok", plural("arms.whatif_loaded", len(result.scenario), lang))
        elif problem is not None:  # replaces any earlier "Loaded" message
            st.session_state[UPLOAD_MESSAGE] = ("error", esc(f"{t('arms.whatif_upload_failed', lang)} {problem}"))
    elif uploaded is None:
        st.session_state.pop(UPLOAD_SEEN, None)
        st.session_state.pop(UPLOAD_MESSAGE, None)
    kind, text = st.session_state.get(UPLOAD_MESSAGE, (None, None))
    if kind == "ok":
        st.success(text, icon=":material/check_circle:")
    elif kind == "error":
        st.error(text, icon=":material/error:")


def _whatif(lang: str, known: list[str]) -> pd.DataFrame:
    st.subheader(t("arms.whatif_title", lang), anchor=False)
    st.caption(t("arms.whatif_intro", lang))
    _upload(lang, known)
    st.caption(t("arms.whatif_editor_help", lang) + " " + t("arms.whatif_filters_note", lang))
    edited = st.data_editor(
        st.session_state[SCENARIO],
        key=f"arms_whatif_{st.session_state[SCENARIO_VERSION]}",
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "recipient_iso3": st.column_config.SelectboxColumn(
                t("arms.col_recipient", lang), options=known,
                format_func=lambda c: f"{country_name(str(c), lang)} ({c})", required=True,
            ),
            "system": st.column_config.TextColumn(t("arms.col_system", lang), max_chars=whatif.MAX_SYSTEM_CHARS,
                                                  required=True),
            "category": st.column_config.SelectboxColumn(
                t("arms.col_category", lang), options=list(ARMS_CATEGORIES),
                format_func=lambda c: t(f"arms.category.{c}", lang), required=True,
            ),
            "value_usd_m": st.column_config.NumberColumn(
                t("arms.col_whatif_value", lang), min_value=0, max_value=whatif.MAX_VALUE_USD_M, format="%.1f",
                required=True,
            ),
            "year_signed": st.column_config.NumberColumn(
                t("arms.col_year", lang), min_value=whatif.HYPO_YEARS[0], max_value=whatif.HYPO_YEARS[1],
                format="%d", required=True,
            ),
        },
    )  # fmt: skip
    clean = whatif.clean_scenario(edited, known)
    if clean.skipped:
        st.warning(plural("arms.whatif_skipped", clean.skipped, lang), icon=":material/edit_note:")
    for problem in clean.problems[:3]:
        st.warning(esc(problem.message(lang)), icon=":material/block:")
    rows = clean.rows
    if len(rows) > whatif.MAX_URL_ROWS:
        st.info(t("arms.whatif_url_limit", lang, n=len(rows), max=whatif.MAX_URL_ROWS), icon=":material/link_off:")
    if len(rows):
        b1, b2 = st.columns([1, 1])
        with b1:
            ui.csv_download(rows, "korea_arms_what_if.csv", label=t("arms.whatif_download", lang), key="dl-arms-whatif")
        with b2:
            if st.button(t("arms.whatif_clear", lang), key="arms_whatif_clear", icon=":material/delete:"):
                st.session_state[SCENARIO] = whatif.empty_scenario()
                st.session_state[SCENARIO_VERSION] += 1
                st.session_state.pop(UPLOAD_MESSAGE, None)
                st.rerun()
    return rows


# ------------------------------------------------------------------ named scenarios (this session and the link)
def _kept() -> tuple[whatif.NamedDeals, ...]:
    return tuple(st.session_state.get(NAMED, ()))


def _say(kind: str, key: str, values: Mapping[str, object] | None = None) -> None:
    st.session_state[NAMED_MESSAGE] = (kind, key, dict(values or {}))


def _load_named(name: str) -> None:
    """Put a kept scenario's deals in the what-if table (a new editor: the old rows are replaced)."""
    match = next((k for k in _kept() if k.name == name), None)
    if match is None:
        return
    st.session_state[SCENARIO] = match.frame()
    st.session_state[SCENARIO_VERSION] = st.session_state.get(SCENARIO_VERSION, 0) + 1
    st.session_state.pop(UPLOAD_MESSAGE, None)
    _say("ok", "arms.asc_loaded")


def _delete_named(name: str) -> None:
    st.session_state[NAMED] = tuple(k for k in _kept() if k.name != name)
    _say("ok", "arms.asc_deleted")


def _save_named(rows: pd.DataFrame) -> None:
    """Keep the table's clean rows under the typed name, or say why not (nothing kept is dropped)."""
    raw = str(st.session_state.get(NAME_INPUT) or "")
    problem = whatif.name_problem(raw)
    if rows.empty:
        _say("error", "arms.asc_need_rows")
    elif problem is not None:
        _say("error", f"{problem.prefix}.{problem.code}", problem.values)
    elif len(rows) > whatif.MAX_SCENARIO_ROWS:
        _say("error", "arms.asc_too_many_rows", {"n": len(rows), "max": whatif.MAX_SCENARIO_ROWS})
    else:
        before = _kept()
        new = whatif.NamedDeals.of(whatif.normal_name(raw), rows)
        kept = whatif.keep_named(before, new)
        if kept is None:
            _say("error", "arms.asc_full")
        else:
            st.session_state[NAMED] = kept
            _say("ok", "arms.asc_replaced" if any(k.name == new.name for k in before) else "arms.asc_saved")
            st.session_state[NAME_RESET] = True


def _named(lang: str, known: list[str], rows: pd.DataFrame) -> tuple[whatif.NamedDeals, ...]:
    """Save, load and delete named scenarios; the link's ``asc`` follows the kept ones."""
    if st.session_state.pop(NAME_RESET, False):
        st.session_state[NAME_INPUT] = ""
    st.subheader(t("arms.asc_title", lang), anchor=False)
    st.caption(t("arms.asc_lead", lang))
    n1, n2 = st.columns([3, 2], vertical_alignment="bottom")
    n1.text_input(t("arms.asc_name", lang), max_chars=whatif.MAX_NAME, key=NAME_INPUT,
                  placeholder=t("arms.asc_name_placeholder", lang))  # fmt: skip
    # Handled here, not in a callback: the rows are the editor's as of this run, edits included.
    if n2.button(t("arms.asc_save", lang), key="arms-asc-save", disabled=rows.empty, icon=":material/bookmark_add:"):
        _save_named(rows)
        st.rerun()
    if rows.empty:
        st.caption(t("arms.asc_need_rows", lang))
    kind, key, values = st.session_state.pop(NAMED_MESSAGE, (None, "", {}))
    if kind == "ok":
        st.success(t(key, lang, **values), icon=":material/check_circle:")
    elif kind == "error":
        st.warning(t(key, lang, **values), icon=":material/block:")
    kept = _kept()
    if kept:
        st.caption(plural("arms.asc_count", len(kept), lang, max=whatif.MAX_SCENARIOS))
    for i, k in enumerate(kept):
        with st.container(border=True):
            left, right = st.columns([3, 2], vertical_alignment="center")
            summary = plural("arms.asc_summary", len(k.rows), lang, value=fmt_usd_m(k.value_usd_m, lang))
            left.markdown(f"**{esc(figures.series_label(i, k.name))}**  \n{esc(summary)}")
            with right, st.container(horizontal=True, gap="small"):
                st.button(t("arms.asc_load", lang), key=f"arms-asc-load-{i}", on_click=_load_named, args=(k.name,),
                          icon=":material/upload:", width="content")  # fmt: skip
                st.button(t("arms.asc_delete", lang), key=f"arms-asc-delete-{i}", on_click=_delete_named,
                          args=(k.name,), icon=":material/delete:", width="content")  # fmt: skip
    return kept


# ------------------------------------------------------------------ the parts of the page
def _clear_deal() -> None:
    st.session_state["deal"] = None


def _deal_card(lang: str, deals: pd.DataFrame, c: figures.Computed) -> None:
    deal_id = c.state.deal
    rec = model.deal_record(deals, deal_id) if deal_id else None
    if rec is None:
        return
    system = model.system_label(deals[deals["deal_id"] == deal_id], lang).iloc[0]
    with st.container(border=True, key="arms_highlight"):
        st.markdown(f":material/push_pin: **{esc(t('arms.highlight_title', lang))}** · {esc(deal_id)}")
        st.subheader(esc(system), anchor=False)
        h1, h2, h3, h4 = st.columns([1, 1, 1.4, 1])
        h1.metric(t("arms.col_recipient", lang), country_name(str(rec["recipient_iso3"]), lang))
        value = rec.get("usd_m_at_signing", rec["value_usd_m"])
        if value is None:
            value = rec["value_usd_m"]
        h2.metric(t("arms.card_value", lang), fmt_usd_m(float(cast(float, value)), lang) if value is not None
                  else t("arms.highlight_no_value", lang))  # fmt: skip
        date = rec["date_signed"]
        h3.metric(t("arms.col_date", lang), fmt_date(date, lang) if date is not None else str(rec["year_signed"]))
        h4.metric(t("arms.col_stage", lang), t(f"arms.stage.{rec['stage']}", lang))
        if rec.get("value_basis"):
            st.caption(t(f"arms.card_basis.{rec['value_basis']}", lang, currency=rec.get("original_currency") or "",
                         date=rec.get("fx_date") or ""))  # fmt: skip
        in_view = deal_id in set(c.rows["deal_id"])
        st.caption(t("arms.highlight_in_table" if in_view else "arms.highlight_not_in_view", lang))
        b1, b2 = st.columns([1, 1])
        if rec["source_url"]:
            tier = rec.get("source_tier")
            label = t("arms.highlight_source", lang)
            if tier:
                label += f" ({t(f'common.tier.{tier}', lang)})"
            b1.link_button(label, str(rec["source_url"]), icon=":material/open_in_new:")
        b2.button(t("arms.highlight_clear", lang), key="deal_clear", on_click=_clear_deal, icon=":material/close:")


def _headline(lang: str, c: figures.Computed) -> None:
    if c.rows.empty:
        ui.empty_state("arms.stage_empty" if not c.filters.stages else "common.no_rows")
    if c.merged.empty:
        return
    tot = c.totals
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(t("arms.total_value", lang), fmt_usd_m(tot.value_usd_m, lang), help=figures.basis_words(c))
    m2.metric(t("arms.deals", lang), fmt_int(tot.deals))
    m3.metric(t("arms.recipients_count", lang), fmt_int(tot.recipients))
    if tot.hypothetical_deals:
        m4.metric(
            t("arms.incl_hypothetical", lang),
            fmt_usd_m(tot.value_incl_hypothetical_usd_m, lang),
            delta=t("arms.incl_hypothetical_delta", lang, value=fmt_usd_m(tot.hypothetical_usd_m, lang)),
            delta_color="off",
            delta_arrow="off",
        )
    st.markdown(esc(headline_text(c)))
    rule = t("arms.counting_rule_frameworks" if c.filters.include_frameworks else "arms.counting_rule_default", lang)
    enveloped = tot.frameworks_with_contracts
    merged_note = plural("arms.frameworks_with_contracts", enveloped, lang) + " " if enveloped else ""
    st.caption(f"{merged_note}{rule}")


def headline_text(c: figures.Computed) -> str:
    """'12 listed contracts with a known value: $30.12 bn (US$ at signing, current prices). ...'"""
    lang, tot = c.lang, c.totals
    known = tot.deals - tot.deals_without_value - tot.estimates_left_out
    parts = [plural("arms.headline", known, lang, value=fmt_usd_m(tot.value_usd_m, lang),
                    basis=figures.basis_words(c))]  # fmt: skip
    if tot.converted:
        parts.append(plural("arms.headline_converted", tot.converted, lang))
    parts.append(plural("arms.headline_no_value", tot.deals_without_value, lang) if tot.deals_without_value
                 else t("arms.all_have_value", lang))  # fmt: skip
    if tot.estimates_left_out:
        parts.append(plural("arms.headline_estimates", tot.estimates_left_out, lang))
    if c.base_year is not None and c.filters.years[1] > c.base_year:
        parts.append(t("arms.constant_after_base", lang, year=c.base_year))
    return " ".join(parts)


def _map(fig: Figure, lang: str, c: figures.Computed) -> None:
    left, right = st.columns([4, 1.1])
    with left:
        with st.container(key=f"{ui.printing.SCREEN_ONLY}arms-map-drawing"):  # a printout has the map drawn
            st.caption(t("arms.map_drawing", lang), help=t("arms.map_drawing_help", lang))
        ui.show_figure(fig, height=470)
    with right:
        if figures.is_tiv_map(fig):  # the map in SIPRI's measure: TIV classes and values
            st.vega_lite_chart(_legend_spec(lang, False, "tiv"), key="arms_map_legend")
            st.caption(t("arms.recipients_list", lang))
            listing = pd.DataFrame(
                {
                    t("arms.col_recipient", lang): fig.table.iloc[:, 0],
                    t("arms.col_tiv", lang): [maps.fmt_tiv(v, lang) for v in fig.table.iloc[:, 2]],
                }
            )
            st.dataframe(listing, hide_index=True, height=min(38 + 35 * len(listing), 420), key="arms_recipient_list")
            return
        with_hypo = bool((c.per_recipient["deals"] == 0).any())
        st.vega_lite_chart(_legend_spec(lang, with_hypo), key="arms_map_legend")
        st.caption(t("arms.recipients_list", lang))
        per = c.per_recipient
        listing = pd.DataFrame(
            {
                t("arms.col_recipient", lang): per["recipient_iso3"].map(lambda x: country_name(x, lang)),
                t("arms.col_value_short", lang): [fmt_usd_m(v, lang) if d else "—"
                                                  for v, d in zip(per["value_usd_m"], per["deals"], strict=True)],
            }
        )  # fmt: skip
        st.dataframe(listing, hide_index=True, height=min(38 + 35 * len(listing), 420), key="arms_recipient_list")


DEALS_CONFIG_KEYS = {
    "highlight": "col_highlight", "deal_id": "col_deal_id", "recipient": "col_recipient", "system": "col_system",
    "category": "col_category", "stage": "col_stage", "original_currency": "col_currency",
    "parent_deal_id": "col_parent", "contractor": "col_contractor", "source_title": "col_source_title",
    "value_basis": "col_basis", "source_tier": "col_tier",
}  # fmt: skip


def _deals_table(lang: str, c: figures.Computed) -> None:
    st.subheader(t("arms.table_title", lang), anchor=False)
    st.caption(t("arms.table_caption", lang))
    config: dict[str, Any] = {k: t(f"arms.{v}", lang) for k, v in DEALS_CONFIG_KEYS.items()}
    num = st.column_config.NumberColumn
    config.update(
        {
            "highlight": st.column_config.TextColumn(t("arms.col_highlight", lang), width="small"),
            "quantity": num(t("arms.col_quantity", lang), format="%d"),
            "value_usd_m": num(t("arms.col_value", lang), format="%.1f"),
            "usd_m_at_signing": num(t("arms.col_value_at_signing", lang), format="%.1f"),
            "counted_usd_m": num(t("arms.col_counted_basis", lang, basis=figures.basis_words(c)), format="%.1f"),
            "original_amount_m": num(t("arms.col_amount", lang), format="%.1f"),
            "fx_rate": num(t("arms.col_fx_rate", lang), format="%.4g"),
            "year_signed": num(t("arms.col_year", lang), format="%d"),
            "date_signed": st.column_config.DateColumn(t("arms.col_date", lang), format="YYYY-MM-DD"),
            "source_url": st.column_config.LinkColumn(t("arms.col_source", lang),
                                                      display_text=r"https?://(?:www\.)?([^/]+)"),
            "notes": st.column_config.TextColumn(t("arms.col_notes", lang), width="large"),
        }
    )  # fmt: skip
    table = model.highlight_first(model.deals_table(c.rows, lang), c.state.deal)
    ui.printing.table(table, "arms_deals", config, ui.printing.DEALS_COLUMNS, hide_index=True, key="arms_deals_table")
    ui.csv_download(c.rows, "korea_arms_exports_filtered.csv", label=t("arms.download_deals", lang),
                    key="dl-arms-deals")  # fmt: skip


def render(lang: str) -> None:
    """The whole page for this session's view."""
    deals = ui.dataset("arms_exports")
    countries = ui.dataset("countries")
    data = ui.datasets()
    st.title(t("arms.title", lang))
    st.caption(t("arms.intro", lang))
    filters_box = st.container(border=True, key=f"{ui.printing.SCREEN_ONLY}arms-filters")
    card_box, headline_box, figures_box, table_box, more_box = (st.container() for _ in range(5))
    whatif_box, named_box, compare_box = st.container(), st.container(), st.container()
    known = state.whatif_recipients(countries)
    _arrive(data)
    with whatif_box:
        scenario = _whatif(lang, known)
    with named_box:
        st.divider()
        kept = _named(lang, known, scenario)
    with filters_box:
        view = _filters(lang, deals, scenario, kept)
        ui.show_url_notices()
    ui.write_url(URL_KEYS, view.to_query())
    c, built_specs = _built(view, data, lang)
    if c.markers_off_reason:
        with filters_box:
            st.warning(c.markers_off_reason, icon=":material/event_busy:")
    if len(scenario):
        with whatif_box:
            st.caption(plural("arms.whatif_shown", len(scenario), lang, shown=fmt_int(len(c.scenario_in_view))))
    with card_box:
        _deal_card(lang, deals, c)
    with headline_box:
        _headline(lang, c)
        briefing.add_button(state.PAGE, view.to_query(), lang)
    figs = {f.id: f for f, _ in built_specs}
    specs = {f.id: spec for f, spec in built_specs if spec is not None}
    with figures_box:
        if "arms.map" in figs:
            _map(figs["arms.map"], lang, c)
        elif not c.merged.empty and (problem := geo.world_problem()):
            st.warning(t("arms.map_missing", lang, problem=esc(problem)), icon=":material/map:")
        if "arms.by_recipient" in figs:
            left, right = st.columns(2)
            with left:
                ui.show_figure(figs["arms.by_recipient"], spec=specs.get("arms.by_recipient"))
            with right:
                ui.show_figure(figs["arms.by_year"], spec=specs.get("arms.by_year"))
    if not c.rows.empty:
        with table_box:
            _deals_table(lang, c)
    with more_box:
        for fid in ("arms.official", "arms.tiv", "arms.rank"):
            if fid in figs:
                ui.show_figure(figs[fid], spec=specs.get(fid))
    if "arms.scenarios" in figs:
        with compare_box:
            ui.show_figure(figs["arms.scenarios"], spec=specs.get("arms.scenarios"))
