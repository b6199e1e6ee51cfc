"""The defence spending page's only Streamlit code: widgets bound to the view state, then the figures.

A run has two phases. First every widget is drawn into its section's slot, its value seeded
from the URL (state.State.from_options) when the session does not hold it yet; the widgets'
values make the State, and the URL is rewritten from State.to_query (codes, defaults left
out). Then figures.figures(state, ...) builds what the page shows and each figure is drawn
with ui.show_figure into the slot under its controls. What is on screen is what a briefing
or an exported picture of the same view contains.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from atlas import ui
from atlas.core import data as data_mod
from atlas.core.figure import Figure, view_url
from atlas.core.vocab import EVENT_CATEGORIES
from atlas.i18n import country_name, escape_markdown, fmt_pct, fmt_usd_m, localized, localized_series, plural, t
from atlas.i18n import escape_markdown as esc
from atlas.spending import figures, model, whatif, words
from atlas.spending.state import PAGE, URL_KEYS, WI_GROWTH_RANGE, WI_TARGET_RANGE, WI_YEAR_RANGE, Options, State
from atlas.ui import briefing, figure_cache

PRESET_STATE = "_spending_preset"  # (target_id, year_kept) of the preset last applied
SCENARIOS = "sc"  # session key of the kept scenarios (encoded as in the URL); a URL key too
SC_MESSAGE = "_spending_sc_message"


# ---------------------------------------------------------------- cached, shared by every session
def _read_options() -> Options:
    return Options.of(ui.load_dataset_quietly("defense_spending"))


def _read_targets() -> tuple[pd.DataFrame, list[model.Preset], str | None]:
    """Targets with a share (for the table) and presets; none, with the error, if the file fails."""
    try:
        targets, error = ui.load_dataset_quietly("spending_targets"), None
    except data_mod.DataError as err:
        targets, error = pd.DataFrame(columns=list(data_mod.SPECS["spending_targets"].columns)), str(err)
    return model.usable_targets(targets), model.presets(targets), error


def _read_price_year() -> int | None:
    index = figures.price_index(ui.datasets())
    return index.year if index else None


def _static() -> tuple[Options, tuple[pd.DataFrame, list[model.Preset], str | None], int | None]:
    """Options, targets and the price index's year, derived once per version of the files."""
    return figure_cache.cached(
        "spending", "static", "", "", lambda: (_read_options(), _read_targets(), _read_price_year())
    )


def _figures(state: State, lang: str) -> list[tuple[Figure, dict | None]]:
    """The view's figures. Each half is cached on the fields it reads only (the other half's fields at
    their defaults), then given the whole view's link, so editing the what-if leaves the series cached."""
    d = State()
    series = replace(state, wi_country=d.wi_country, wi_target=d.wi_target, wi_year=d.wi_year,
                     wi_growth=d.wi_growth, scenarios=())  # fmt: skip
    what_if = replace(d, prices=state.prices, wi_country=state.wi_country, wi_target=state.wi_target,
                      wi_year=state.wi_year, wi_growth=state.wi_growth, scenarios=state.scenarios)  # fmt: skip
    url = view_url(PAGE, state.to_query(), lang)
    out: list[tuple[Figure, dict | None]] = []
    for half, part in ((series, "series"), (what_if, "whatif")):
        key = figure_cache.view_key(half)
        out += figure_cache.cached("spending", part, key, lang, partial(_half, half, lang, part))
    return [(replace(f, url=url), spec) for f, spec in out]


def _half(state: State, lang: str, part: str) -> list[tuple[Figure, dict | None]]:
    return figure_cache.with_specs(figures.figures(state, ui.datasets(), lang, (part,)))


# ---------------------------------------------------------------- the URL binder
def _seed(opts: Options) -> None:
    """Give every widget key the session lacks its value from the URL; note rejected keys once."""
    missing = [k for k in URL_KEYS if k not in st.session_state]
    if not missing:
        return
    parsed, rejected = State.from_options(ui.url_query(URL_KEYS), opts)
    for key in rejected:
        if key in missing:
            ui.notice(key)
    values: dict[str, object] = {
        "countries": list(parsed.countries),
        "years": parsed.year_span(opts),
        "metric": parsed.metric,
        "prices": parsed.prices,
        "base": str(parsed.base) if parsed.base is not None else "",
        "events": parsed.events,
        "event_cat": list(parsed.event_cat),
        "rank_year": str(parsed.ranked_year(opts)),
        "wi_country": parsed.wi_country,
        "wi_target": float(parsed.wi_target),
        "wi_year": int(parsed.wi_year),
        "wi_growth": float(parsed.wi_growth),
        SCENARIOS: [whatif.encode_scenario(s) for s in parsed.scenarios],
    }
    for key in missing:
        st.session_state[key] = values[key]


def _kept(opts: Options) -> tuple[whatif.NamedScenario, ...]:
    decoded = (whatif.decode_scenario(v, list(opts.countries)) for v in st.session_state.get(SCENARIOS, []))
    return tuple(k for k in decoded if k is not None)


# ---------------------------------------------------------------- widgets
def _filters(opts: Options, lang: str, price_year: int | None) -> None:
    c1, c2 = st.columns([3, 2])
    st.session_state["countries"] = [c for c in st.session_state["countries"] if c in opts.choosable]
    c1.multiselect(
        t("spending.countries", lang),
        options=list(opts.choosable),
        format_func=lambda c: country_name(c, lang),
        placeholder=t("spending.countries_placeholder", lang),
        key="countries",
    )
    lo, hi = opts.span
    with c2:
        if lo == hi:
            st.caption(f"{t('common.years', lang)}: {lo}")
        else:
            st.slider(t("common.years", lang), min_value=lo, max_value=hi, step=1, key="years")
    c3, c4, c5 = st.columns([2, 2, 2])
    c3.radio(
        t("spending.metric", lang),
        options=list(model.METRICS),
        format_func=lambda m: t(f"spending.metric_{m}", lang),
        horizontal=True,
        key="metric",
    )
    if price_year is None and st.session_state["prices"] != "current":
        st.session_state["prices"] = "current"
        st.info(t("spending.prices_unavailable", lang), icon=":material/info:")
    c4.radio(
        t("spending.prices", lang),
        options=list(model.PRICES),
        format_func=lambda p: t(f"spending.prices_{p}", lang, year=price_year or ""),
        horizontal=True,
        key="prices",
        disabled=price_year is None,
        help=t("spending.prices_help", lang, year=price_year) if price_year else t("spending.prices_unavailable", lang),
    )
    base_options = [""] + [str(y) for y in opts.base_years]
    if st.session_state["base"] not in base_options:
        st.session_state["base"] = ""
    c5.selectbox(
        t("spending.base", lang),
        options=base_options,
        format_func=lambda y: t("spending.base_off", lang) if y == "" else y,
        help=t("spending.base_help", lang),
        key="base",
    )


def _event_controls(lang: str) -> None:
    e1, e2 = st.columns([2, 3])
    with e1:
        st.toggle(t("spending.events_toggle", lang), help=t("spending.events_toggle_help", lang), key="events")
    e2.multiselect(
        t("spending.events_categories", lang),
        options=list(EVENT_CATEGORIES),
        format_func=lambda c: t(f"events.category.{c}", lang),
        placeholder=t("spending.events_all_categories", lang),
        disabled=not st.session_state["events"],
        key="event_cat",
    )


def _rank_control(opts: Options, lang: str) -> None:
    options = [str(y) for y in opts.rank_years(st.session_state["metric"])]
    if st.session_state["rank_year"] not in options:
        st.session_state["rank_year"] = options[0]
    st.columns([1, 3])[0].selectbox(t("spending.rank_year", lang), options=options, key="rank_year")


def _what_if_inputs(opts: Options, lang: str) -> None:
    w1, w2, w3, w4 = st.columns(4)
    if st.session_state["wi_country"] not in opts.countries:
        st.session_state["wi_country"] = opts.default_wi_country
    w1.selectbox(
        t("spending.wi_country", lang),
        options=list(opts.countries),
        format_func=lambda c: country_name(c, lang),
        key="wi_country",
    )
    w2.number_input(
        t("spending.wi_target", lang), min_value=WI_TARGET_RANGE[0], max_value=WI_TARGET_RANGE[1], step=0.1,
        format="%.2f", key="wi_target",
    )  # fmt: skip
    w3.number_input(t("spending.wi_year", lang), min_value=WI_YEAR_RANGE[0], max_value=WI_YEAR_RANGE[1], step=1,
                    key="wi_year")  # fmt: skip
    w4.number_input(
        t("spending.wi_growth", lang), min_value=WI_GROWTH_RANGE[0], max_value=WI_GROWTH_RANGE[1], step=0.5,
        format="%.1f", help=esc(t("spending.wi_growth_help", lang)), key="wi_growth",
    )  # fmt: skip


def _apply_preset(preset: model.Preset, base_by_country: dict[str, int]) -> None:
    choice = model.apply_preset(
        preset, st.session_state.get("wi_country", model.HIGHLIGHT), int(st.session_state["wi_year"]), base_by_country
    )
    st.session_state["wi_country"] = choice.country
    st.session_state["wi_target"] = float(choice.target_share)
    st.session_state["wi_year"] = int(choice.target_year)
    st.session_state[PRESET_STATE] = (preset.target_id, choice.year_kept)


def _presets(presets: list[model.Preset], error: str | None, lang: str, wi_year: int) -> None:
    if presets:
        st.caption(t("spending.presets_short", lang))
        base_by_country = whatif.base_years(ui.load_dataset_quietly("defense_spending"))
        # A wrapping row of buttons as wide as their labels: no label is cut at 1366 px, in either language.
        with st.container(horizontal=True, gap="small"):
            for p in presets:
                st.button(
                    esc(words.preset_label(p, lang)),
                    key=f"preset-{p.target_id}",
                    help=esc(localized(p.label, p.label_ko, lang)),
                    on_click=_apply_preset,
                    args=(p, base_by_country),
                    width="content",
                )
    if error:
        st.warning(t("spending.targets_fallback", lang))
        st.code(error, language=None)
    applied = st.session_state.get(PRESET_STATE)
    match = next((p for p in presets if applied and p.target_id == applied[0]), None)
    if match is not None and applied:
        st.caption(t("spending.preset_applied", lang, label=esc(localized(match.label, match.label_ko, lang))))
        if applied[1]:
            st.caption(t("spending.preset_year_kept", lang, year=wi_year))


# ---------------------------------------------------------------- named scenarios
def _keep_scenario(opts: Options) -> None:
    """Keep the inputs as they are now (read here, not bound when the button was drawn)."""
    s = st.session_state
    scenario = whatif.Scenario(s["wi_country"], float(s["wi_target"]), int(s["wi_year"]), float(s["wi_growth"]))
    raw = str(s.get("sc_name") or "")
    problem = whatif.name_problem(raw)  # the rule every scenario name obeys (the arms page's too)
    if problem is not None:
        st.session_state[SC_MESSAGE] = (f"common.name_problem.{problem[0]}", problem[1])
        return
    name = whatif.clean_name(raw)
    kept = _kept(opts)
    new = whatif.keep(kept, whatif.NamedScenario(name, scenario))
    replaced = len(kept) == whatif.MAX_SCENARIOS and all(k.name != name for k in kept)
    st.session_state[SCENARIOS] = [whatif.encode_scenario(k) for k in new]
    st.session_state[SC_MESSAGE] = ("spending.sc_replaced", {}) if replaced else None
    st.session_state["sc_name"] = ""


def _remove_scenario(opts: Options, name: str) -> None:
    st.session_state[SCENARIOS] = [whatif.encode_scenario(k) for k in _kept(opts) if k.name != name]
    st.session_state[SC_MESSAGE] = None


def _scenario_controls(opts: Options, state: State, can_keep: bool, lang: str) -> None:
    st.subheader(t("spending.sc_title", lang), anchor=False)
    st.caption(t("spending.sc_lead", lang))
    n1, n2 = st.columns([3, 2], vertical_alignment="bottom")
    n1.text_input(t("spending.sc_name", lang), max_chars=whatif.MAX_NAME, key="sc_name",
                  placeholder=t("spending.sc_name_placeholder", lang))  # fmt: skip
    n2.button(t("spending.sc_keep", lang), key="sc-keep", on_click=_keep_scenario, args=(opts,),
              disabled=not can_keep, icon=":material/bookmark_add:")  # fmt: skip
    if not can_keep:
        st.caption(t("spending.sc_need_projection", lang))
    message = st.session_state.get(SC_MESSAGE)
    if message:
        key, values = message
        st.caption(esc(t(key, lang, **values)))
    if state.scenarios:
        st.caption(plural("spending.sc_count", len(state.scenarios), lang))
        cols = st.columns(whatif.MAX_SCENARIOS)
        for i, k in enumerate(state.scenarios):
            s = k.scenario
            label = f"{k.name} · {country_name(s.iso3, lang)} {words.pct_name(s.target_share_pct)} · {s.target_year}"
            cols[i].button(f"{t('spending.sc_remove', lang)}: {esc(label)}", key=f"sc-remove-{i}",
                           on_click=_remove_scenario, args=(opts, k.name), icon=":material/close:")  # fmt: skip


# ---------------------------------------------------------------- the page
def _show(fig: Figure | None, spec: dict | None) -> None:
    """A figure, or the empty state when its view has nothing to draw."""
    if fig is None:
        return
    if fig.chart is None:
        st.subheader(escape_markdown(fig.title), anchor=False)
        for note in fig.notes:
            st.info(escape_markdown(note), icon=":material/info:")
        ui.empty_state("common.no_rows")
        return
    ui.show_figure(fig, spec=spec)


def _metrics(result: whatif.WhatIf, b: figures.Basis, lang: str) -> None:
    bp, proj, sc = result.base, result.projection, result.scenario
    assert bp is not None and proj is not None
    last = proj.iloc[-1]
    # two by two: at 1366 px four columns cut a Korean amount such as 1,027.6억 달러
    m1, m2 = st.columns(2)
    m3, m4 = st.columns(2)
    m1.metric(t("spending.wi_base", lang, year=bp.year), fmt_pct(bp.share_pct), fmt_usd_m(bp.usd_m, lang),
              delta_color="off", delta_arrow="off", help=b.words())  # fmt: skip
    m2.metric(t("spending.wi_gdp", lang, year=bp.year), fmt_usd_m(bp.gdp_usd_m, lang), help=b.words())
    m3.metric(
        t("spending.wi_at_target", lang, year=sc.target_year),
        fmt_usd_m(float(last["spending_path_usd_m"]), lang),
        t("spending.wi_vs_trend", lang, value=fmt_usd_m(float(last["spending_trend_usd_m"]), lang)),
        delta_color="off",
        delta_arrow="off",
        help=b.words(),
    )
    label, summed = figures.extra_label(result, b)
    m4.metric(label, fmt_usd_m(whatif.total_extra(proj), lang), summed, delta_color="off", delta_arrow="off",
              help=b.words())  # fmt: skip
    st.caption(b.words())


def _error(result: whatif.WhatIf, lang: str) -> None:
    st.warning(
        t(
            f"spending.error.{result.error}",
            lang,
            country=esc(country_name(result.scenario.iso3, lang)),
            base_year=result.base.year if result.base else "",
            year=result.scenario.target_year,
            lo=f"{model.GROWTH_MIN:g}",
            hi=f"{model.GROWTH_MAX:g}",
            max=f"{model.TARGET_SHARE_MAX:g}",
        ),
        icon=":material/block:",
    )


def _targets_table(usable: pd.DataFrame, lang: str) -> None:
    if usable.empty:
        return
    with st.expander(t("spending.targets_table", lang)):
        table = pd.DataFrame(
            {
                t("spending.col.scope", lang): [words.scope_name(s, lang) for s in usable["scope"]],
                t("spending.col.target", lang): localized_series(usable["label"], usable["label_ko"], lang),
                t("spending.axis_share", lang): usable["share_gdp_pct"],
                t("spending.col.target_year", lang): usable["target_year"],
                t("spending.col.kind", lang): [t(f"spending.kind.{k}", lang) for k in usable["kind"]],
                t("spending.source_url", lang): usable["source_url"],
            }
        )
        ui.printing.table(table, "spending_targets", hide_index=True, width="stretch")
        ui.csv_download(usable, "spending_targets.csv", key="dl-spending-targets")


def state_from_widgets(opts: Options) -> State:
    s = st.session_state
    return State(
        countries=tuple(s["countries"]),
        years=tuple(s["years"]) if opts.span[0] != opts.span[1] else None,  # type: ignore[arg-type]
        metric=s["metric"],
        prices=s["prices"],
        base=int(s["base"]) if s["base"] else None,
        rank_year=int(s["rank_year"]),
        events=bool(s["events"]),
        event_cat=tuple(s["event_cat"]),
        wi_country=s["wi_country"],
        wi_target=float(s["wi_target"]),
        wi_year=int(s["wi_year"]),
        wi_growth=float(s["wi_growth"]),
        scenarios=_kept(opts),
    ).normalised(opts)


def render(lang: str) -> State:
    """Draw the page for this session's view and return that view."""
    st.title(t("nav.defense_spending", lang))
    st.caption(t("spending.lead", lang))
    notice_slot = st.container()  # URL notices go here once every URL-bound widget has read the link
    ui.dataset("defense_spending")  # a broken spending file stops the page here, with its message
    opts, (usable, presets, targets_error), price_year = _static()
    _seed(opts)

    filters, briefing_slot = st.container(), st.container()
    over_slot, over_controls = st.container(), st.container()
    rank_controls, rank_slot, budget_slot = st.container(), st.container(), st.container()
    wi_head, wi_slot, sc_head, sc_slot = st.container(), st.container(), st.container(), st.container()
    with filters:
        _filters(opts, lang, price_year)
    with over_controls:
        _event_controls(lang)
    with rank_controls:
        st.divider()
        _rank_control(opts, lang)
    with wi_head:
        st.divider()
        st.subheader(t("spending.wi_title", lang), anchor=False)
        st.caption(t("spending.wi_lead", lang))
        _what_if_inputs(opts, lang)
        _presets(presets, targets_error, lang, int(st.session_state["wi_year"]))

    state = state_from_widgets(opts)
    ui.write_url(URL_KEYS, state.to_query())
    with notice_slot:
        ui.show_url_notices()
    with briefing_slot:
        briefing.add_button(PAGE, state.to_query(), lang)

    built = {f.id: (f, spec) for f, spec in _figures(state, lang)}
    b = figures.basis(state, ui.datasets(), lang)
    with over_slot:
        _show(*built.get("spending.change", built.get("spending.over_time", (None, None))))
    with rank_slot:
        _show(*built["spending.ranking"])
    if "spending.kor_budget" in built:  # South Korea chosen: its own budget beside SIPRI's figure
        with budget_slot:
            st.divider()
            _show(*built["spending.kor_budget"])
    result = figures.what_if_result(state, figures.spending_rows(ui.datasets(), b), b)
    with wi_slot:
        if result.error is not None:
            _error(result, lang)
        else:
            _metrics(result, b, lang)
            # one under the other: side by side, each figure's download row is too narrow for its labels
            _show(*built["spending.whatif"])
            _show(*built["spending.whatif_extra"])
    with sc_head:
        st.divider()
        _scenario_controls(opts, state, result.error is None, lang)
    with sc_slot:
        _show(*built.get("spending.scenarios", (None, None)))
    _targets_table(usable, lang)
    return replace(state)
