"""The Sources page's Streamlit code: the catalogue, rows per tier, downloads, and "Use a newer file"."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from atlas import ui
from atlas.core import data as data_mod
from atlas.core import geo
from atlas.core.charts import to_spec
from atlas.core.figure import Figure
from atlas.i18n import (
    Refusal,
    country_name,
    escape_markdown,  # noqa: I001
    t,
)
from atlas.sources import figures as figs
from atlas.sources.state import State
from atlas.ui import figure_cache, parse_worker, patches

Built = tuple[Figure, tuple[Figure, dict], list[Figure], dict[str, pd.DataFrame]]


def _figures(lang: str) -> Built:
    """The catalogue, the tiers (with its Vega-Lite dict), the register's two lists and the print copies of the
    catalogue and lists, once per language and version of the files for every session (atlas.ui.figure_cache):
    building them was most of a rerun."""

    def build() -> Built:
        bundle = ui.datasets()
        entries = ui.catalog()
        frames, _ = figs.read_all(bundle, entries)
        tiers = figs.tiers_figure(entries, frames, lang)
        catalogue = figs.catalogue_figure(entries, frames, lang)
        register = figs.register_figures(bundle, lang)
        papers = {catalogue.id: ui.printing.print_frame(catalogue.table)}
        papers |= {f.id: ui.printing.print_frame(f.table, *_register_layout(f)) for f in register}
        return catalogue, (tiers, to_spec(tiers.chart)), register, papers

    return figure_cache.cached("sources", "page", "", lang, build)


def render(state: State, lang: str) -> None:
    st.title(t("nav.sources", lang))
    st.write(t("sources.intro", lang))
    ui.show_url_notices()
    entries = ui.catalog()
    present = set(data_mod.available()) | set(ui.session_data())
    # The errors and the downloads come from the load cache, per version of each file: a rerun reads no dataset.
    errors = ui.dataset_problems([e.dataset for e in entries])
    catalogue, (tiers, tiers_spec), register, papers = _figures(lang)
    _catalogue(catalogue, papers[catalogue.id])
    for dataset, message in errors.items():
        st.error(f"data/{data_mod.SPECS[dataset].file}: {t('sources.data_error', lang)}", icon=":material/error:")
        st.code(message, language=None)
    missing = [e.file for e in entries if e.dataset not in present]
    if missing:
        st.caption(t("sources.missing", lang, files=", ".join(missing)))
    with st.expander(t("sources.downloads_title", lang), icon=":material/download:"):
        for entry in entries:
            if entry.dataset in present and entry.dataset not in errors:
                ui.dataset_download(
                    entry.dataset,
                    entry.file,
                    label=t("sources.download", lang, file=entry.file),
                    key=f"dl-{entry.dataset}",
                )
    ui.show_figure(tiers, spec=tiers_spec)
    _register(register, papers, lang)
    newer_file(lang)
    newer_votes(lang)
    _geometry(lang)
    st.subheader(t("sources.methods_title", lang), anchor=False)
    st.markdown(t("sources.methods", lang))


def _catalogue(fig: Figure, paper: pd.DataFrame) -> None:
    st.subheader(fig.title, anchor=False)
    st.caption(fig.subtitle)
    ui.printing.table(fig.table, "sources_catalogue", paper=paper, hide_index=True, width="stretch")


def _register_layout(fig: Figure) -> tuple[dict | None, list[str]]:
    """A register list's column config (our list's links) and the columns paper has room for."""
    cols = list(fig.table.columns)
    paper = [cols[i] for i in ((0, 1, 2, 7) if fig.id == "sources.register_only" else (0, 1, 2, 5))]
    if fig.id != "sources.ours_only":
        return None, paper
    return {cols[-1]: st.column_config.LinkColumn(cols[-1], display_text=r"https?://(?:www\.)?([^/]+)")}, paper


def _register(found: list[Figure], papers: dict[str, pd.DataFrame], lang: str) -> None:
    """SIPRI's register beside our list: the orders on one side only, the deals on the other, each as CSV."""
    if not found:
        return
    st.subheader(t("sources.register.title", lang), anchor=False)
    st.caption(escape_markdown(t("sources.register.intro", lang)))
    downloads = {
        "sources.register_only": ("sipri_register_not_in_our_list.csv", "sources.register.download_register"),
        "sources.ours_only": ("our_deals_not_in_sipri_register.csv", "sources.register.download_ours"),
    }
    for fig in found:
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(fig.title)}**")
            st.caption(escape_markdown(f"{fig.subtitle}. {fig.caption}"))
            config, columns = _register_layout(fig)
            ui.printing.table(fig.table, fig.id.replace(".", "_"), config, columns, papers[fig.id],
                              hide_index=True, width="stretch")  # fmt: skip
            name, label = downloads[fig.id]
            ui.csv_download(fig.table, name, label=t(label, lang), key=f"dl-{fig.id}")


def _geometry(lang: str) -> None:
    with st.container(border=True):
        st.subheader(t("sources.geometry_title", lang), anchor=False)
        if problem := geo.world_problem():
            st.error(t("sources.geometry_missing", lang, problem=escape_markdown(problem)), icon=":material/map:")
            return
        st.write(
            t(
                "sources.geometry_text",
                lang,
                markers=", ".join(geo.marker_codes()),
                shapes=geo.shape_count(),
            )
        )


_CANDIDATE = "_sources_sipri_candidate"  # the parsed file waiting for "Use it", this session only
_NONCE = "_sources_sipri_nonce"  # bumped to give the uploader a new key, which drops the uploaded bytes


def _safe_name(name: str, default: str = "upload.xlsx") -> str:
    """The file's name as the sidebar shows it: no path, no markdown, no control characters."""
    base = re.split(r"[\\/]", name)[-1]
    return (re.sub(r"[^\w .()+-]", "_", base).strip() or default)[:80]


def newer_file(lang: str) -> None:
    """Use a newer SIPRI workbook for this session: upload, validate, see the diff, then use it."""
    with st.container(border=True):
        st.subheader(t("sources.newer.title", lang), anchor=False)
        st.write(t("sources.newer.intro", lang))
        nonce = st.session_state.setdefault(_NONCE, 0)
        # No type filter: a file the browser refuses never reaches the page, so the last file's verdict would
        # stay on screen beside it. Every file comes here instead and gets its own verdict (an .xls, a PDF:
        # "not an Excel workbook"); only a file over the size cap is still refused by the browser.
        upload = st.file_uploader(t("sources.newer.upload", lang), key=f"sipri-upload-{nonce}")
        if upload is None:
            st.session_state.pop(_CANDIDATE, None)
            return
        candidate = st.session_state.get(_CANDIDATE)
        if candidate is None or candidate["file_id"] != upload.file_id:
            # The bytes leave the server's upload store once read: the parsed comparison is what is kept.
            candidate = _parse(patches.read_once(upload), _safe_name(upload.name), upload.file_id)
            st.session_state[_CANDIDATE] = candidate
        if "error" in candidate:
            # The message quotes the file (sheet names, cells): shown as plain text, never as Markdown.
            problem = t("sources.newer.refused", lang, file=candidate["name"], problem=candidate["error"].message(lang))
            st.error(escape_markdown(problem), icon=":material/error:")
            st.caption(t("sources.newer.unchanged", lang))
            return
        _show_diff(candidate, lang)


def _parse(content: bytes, name: str, file_id: str) -> dict:
    from atlas.sources import sipri_milex

    shipped = data_mod.load("defense_spending")  # the diff is against the shipped file, not a session's
    try:
        # In the upload worker: a workbook's parse never holds the server's memory or GIL.
        comparison = parse_worker.parse_in_worker(sipri_milex.compare, content, name, shipped, ui.dataset("countries"))
    except Refusal as err:  # a workbook we cannot read, or a parse the worker stopped: said in the reader's language
        return {"file_id": file_id, "name": name, "error": err}
    return {"file_id": file_id, "name": name, "comparison": comparison}


def _diff_table(candidate: dict, lang: str) -> pd.DataFrame:
    from atlas.sources.model import spending_changes

    comparison = candidate["comparison"]
    codes = spending_changes(comparison.diff, comparison.frame)
    return pd.DataFrame(
        {
            t("sources.newer.col.country", lang): [country_name(str(c), lang) for c in codes["iso3"]],
            t("sources.newer.col.year", lang): codes["year"],
            t("sources.newer.col.measure", lang): [t(f"sources.newer.measure.{m}", lang) for m in codes["measure"]],
            t("sources.newer.col.shipped", lang): codes["old"],
            t("sources.newer.col.new", lang): codes["new"],
            t("sources.newer.col.change", lang): codes["change"],
        }
    )


def _show_diff(candidate: dict, lang: str) -> None:
    comparison = candidate["comparison"]
    diff = comparison.diff
    st.success(
        t(
            "sources.newer.valid",
            lang,
            file=escape_markdown(candidate["name"]),
            first=comparison.first_year,
            last=comparison.last_year,
        ),
        icon=":material/check:",
    )
    if comparison.older:
        st.warning(t("sources.newer.older", lang, last=comparison.last_year), icon=":material/history:")
    changed_keys = {c.key for c in diff.changed}
    countries = {k[0] for k in [*diff.added, *changed_keys]}
    c1, c2, c3 = st.columns(3)
    c1.metric(t("sources.newer.added", lang), len(diff.added))
    c2.metric(t("sources.newer.changed", lang), len(changed_keys))
    c3.metric(t("sources.newer.countries", lang), len(countries))
    if comparison.new_countries:
        st.caption(t("sources.newer.new_countries", lang, count=len(comparison.new_countries)))
    if comparison.unknown:
        names = ", ".join(escape_markdown(n) for n in comparison.unknown[:30])
        more = len(comparison.unknown) - 30
        st.caption(t("sources.newer.unknown", lang, names=names + (f" (+{more})" if more > 0 else "")))
    if comparison.withheld:
        names = ", ".join(escape_markdown(country_name(c, lang)) for c in comparison.withheld)
        st.caption(t("sources.newer.withheld", lang, names=names))
    if comparison.zeros:
        names = ", ".join(escape_markdown(n) for n in comparison.zeros[:30])
        st.caption(t("sources.newer.zeros", lang, names=names))
    if diff.empty:
        st.info(t("sources.newer.same", lang), icon=":material/info:")
        return
    st.dataframe(_diff_table(candidate, lang), hide_index=True, width="stretch", key="sipri-diff")

    def use() -> None:
        ui.session_data()["defense_spending"] = (comparison.frame, candidate["name"])
        st.session_state.pop(_CANDIDATE, None)
        st.session_state[_NONCE] = st.session_state.get(_NONCE, 0) + 1  # a new uploader: the bytes are dropped

    st.button(t("sources.newer.use", lang), key="sipri-use", on_click=use, type="primary", icon=":material/check:")


# ---------------------------------------------------------------- the UN Digital Library's voting data
_VOTES_CANDIDATE = "_sources_undl_candidate"  # the merged record waiting for "Use it", this session only
_VOTES_NONCE = "_sources_undl_nonce"
_SHOWN = 5  # symbols named per list; the counts give the rest


def newer_votes(lang: str) -> None:
    """Use a newer UN Digital Library voting file for this session: upload, check, see what it adds, use it."""
    from atlas.votes import undl

    with st.container(border=True):
        st.subheader(t("sources.undl.title", lang), anchor=False)
        st.write(t("sources.undl.intro", lang, limit=st.get_option("server.maxUploadSize")))
        nonce = st.session_state.setdefault(_VOTES_NONCE, 0)
        upload = st.file_uploader(t("sources.undl.upload", lang), key=f"undl-upload-{nonce}")
        if upload is None:
            st.session_state.pop(_VOTES_CANDIDATE, None)
            return
        candidate = st.session_state.get(_VOTES_CANDIDATE)
        if candidate is None or candidate["file_id"] != upload.file_id:
            candidate = _merge_votes(patches.read_once(upload), _safe_name(upload.name, "upload.csv"))
            candidate["file_id"] = upload.file_id
            st.session_state[_VOTES_CANDIDATE] = candidate
        if "error" in candidate:
            # The message quotes the file's cells: plain text, never Markdown.
            error = candidate["error"]
            said = error.message(lang) if isinstance(error, Refusal) else error
            problem = t("sources.newer.refused", lang, file=candidate["name"], problem=said)
            st.error(escape_markdown(problem), icon=":material/error:")
            st.caption(t("sources.newer.unchanged", lang))
            return
        # The Library's terms: non-commercial use with attribution, said with what is taken from it.
        st.caption(escape_markdown(t("sources.undl.attribution", lang, citation=undl.CITATION)))
        _show_votes_merge(candidate, lang)


def _merge_votes(content: bytes, name: str) -> dict:
    from atlas.votes import record_merge, undl

    # The comparison is with the shipped record, not with a file this session already uses.
    try:
        shipped = {n: data_mod.load(n) for n in ("unsc_decisions", "unsc_votes", "unsc_membership", "countries")}
        rules = record_merge.read_rules(data_mod.DATA_DIR / "unsc_topic_rules.csv")
        # In the upload worker, as the SIPRI workbook: the server's memory and GIL stay the pages'.
        comparison = parse_worker.parse_in_worker(record_merge.compare, content, name, shipped, rules)
    except (undl.UndlError, record_merge.RecordError, data_mod.DataError) as err:
        return {"name": name, "error": str(err)}
    except Refusal as err:  # said in the reader's language when shown
        return {"name": name, "error": err}
    return {"name": name, "comparison": comparison}


def _named(symbols: list[str]) -> str:
    more = len(symbols) - _SHOWN
    return escape_markdown(", ".join(symbols[:_SHOWN]) + (f" (+{more})" if more > 0 else ""))


def _show_votes_merge(candidate: dict, lang: str) -> None:
    comparison = candidate["comparison"]
    merged = comparison.merged
    st.success(
        t(
            "sources.undl.valid",
            lang,
            file=escape_markdown(candidate["name"]),
            count=merged.resolutions,
            first=comparison.first,
            last=comparison.last,
        ),
        icon=":material/check:",
    )
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("sources.undl.added", lang), len(merged.added))
    c2.metric(t("sources.undl.changed", lang), len(merged.changed))
    c3.metric(t("sources.undl.kept", lang), len(merged.disagreements))
    c4.metric(t("sources.undl.left_out", lang), len(merged.left_out))
    if merged.added:
        st.caption(t("sources.undl.added_list", lang, symbols=_named(merged.added)))
    if merged.changed:
        st.caption(t("sources.undl.changed_list", lang, symbols=_named(merged.changed)))
    for key, lines in (
        ("sources.undl.kept_list", merged.disagreements),
        ("sources.undl.left_out_list", merged.left_out),
    ):
        if lines:
            st.caption(t(key, lang))
            shown, more = lines[: _SHOWN * 4], len(lines) - _SHOWN * 4
            st.code("\n".join(shown + ([f"(+{more})"] if more > 0 else [])), language=None)  # the file's words, as text
    if comparison.empty:
        st.info(t("sources.undl.same", lang), icon=":material/info:")
        return

    def use() -> None:
        name = candidate["name"]
        own = ui.session_data()
        own["unsc_decisions"], own["unsc_votes"] = (comparison.decisions, name), (comparison.votes, name)
        st.session_state.pop(_VOTES_CANDIDATE, None)
        st.session_state[_VOTES_NONCE] = st.session_state.get(_VOTES_NONCE, 0) + 1  # a new uploader: bytes dropped

    st.button(t("sources.undl.use", lang), key="undl-use", on_click=use, type="primary", icon=":material/check:")
