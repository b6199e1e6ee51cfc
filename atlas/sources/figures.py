"""The Sources page's figures, built without Streamlit: the catalogue of data files and the
rows per source tier in each file. The page shows exactly these; a briefing can export them."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from atlas.core import data as data_mod
from atlas.core.data import CatalogEntry, DataError
from atlas.core.figure import Data, Figure, Source, view_url
from atlas.i18n import fmt_current_to, fmt_int, localized, t
from atlas.sources import model
from atlas.sources.state import PAGE, State

READS = tuple(data_mod.SPECS)  # the catalogue and the tiers count every file (atlas.ui.figure_cache keys on them)


def _as_of(entries: list[CatalogEntry]) -> date | None:
    stamps = pd.to_datetime(pd.Series([e.current_to for e in entries], dtype="string"), errors="coerce").dropna()
    return None if stamps.empty else stamps.max().date()


def read_all(data: Data, entries: list[CatalogEntry]) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Each catalogued dataset that is present, and the message of each one that fails validation."""
    frames: dict[str, pd.DataFrame] = {}
    errors: dict[str, str] = {}
    for entry in entries:
        if entry.dataset not in data:
            continue
        try:
            frames[entry.dataset] = data[entry.dataset]
        except DataError as err:
            errors[entry.dataset] = str(err)
    return frames, errors


def catalogue_figure(entries: list[CatalogEntry], frames: dict[str, pd.DataFrame], lang: str) -> Figure:
    rows = []
    for entry in entries:
        if entry.dataset not in frames:
            continue
        summary = model.summarise(entry, frames[entry.dataset])
        span = f"{summary.first_year}–{summary.last_year}" if summary.first_year is not None else "—"
        rows.append(
            {
                t("sources.col.file", lang): f"data/{entry.file}",
                t("sources.covers", lang): localized(entry.covers["en"], entry.covers["ko"], lang),
                t("sources.rows", lang): summary.rows,
                t("sources.span", lang): span,
                t("sources.current_to", lang): fmt_current_to(entry.current_to, lang),
                t("sources.source", lang): localized(entry.source["en"], entry.source["ko"], lang),
                t("sources.licence", lang): localized(entry.licence["en"], entry.licence["ko"], lang),
            }
        )
    return Figure(
        id="sources.catalogue",
        title=t("sources.catalogue_title", lang),
        subtitle=t("sources.catalogue_subtitle", lang, n=fmt_int(len(rows))),
        chart=None,
        table=pd.DataFrame(rows),
        caption=t("sources.intro", lang),
        as_of=_as_of(entries),
        url=view_url(PAGE, {}, lang),
        lang=lang,
        sources=(Source(t("sources.catalogue_source", lang)),),
    )


def tier_table(entries: list[CatalogEntry], frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows per tier per data file, in codes: file, official, wire_or_major, secondary, not_graded, total."""
    rows = []
    for entry in entries:
        if entry.dataset in frames:
            counts = model.tier_counts(frames[entry.dataset])
            rows.append({"file": f"data/{entry.file}", **counts, "total": sum(counts.values())})
    return pd.DataFrame(rows, columns=["file", *model.TIER_COLUMNS, "total"])


def _tier_chart(codes: pd.DataFrame, lang: str) -> alt.Chart:
    names = {tier: t(f"sources.tier.{tier}", lang) for tier in model.TIER_COLUMNS}
    long = codes.melt(id_vars="file", value_vars=list(model.TIER_COLUMNS), var_name="tier", value_name="rows")
    long["tier_name"] = long["tier"].map(names)
    long["order"] = long["tier"].map({tier: i for i, tier in enumerate(model.TIER_COLUMNS)})
    domain = [names[tier] for tier in model.TIER_COLUMNS]
    return (
        alt.Chart(long[long["rows"] > 0])
        .mark_bar()
        .encode(
            y=alt.Y("file:N", title=None, sort=list(codes["file"])),
            x=alt.X("rows:Q", title=t("sources.rows", lang), stack="zero"),
            color=alt.Color(
                "tier_name:N",
                title=t("sources.tier_title", lang),
                scale=alt.Scale(domain=domain, range=["#1b7837", "#4575b4", "#d6604d", "#bababa"]),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("file:N", title=t("sources.col.file", lang)),
                alt.Tooltip("tier_name:N", title=t("sources.tier_title", lang)),
                alt.Tooltip("rows:Q", title=t("sources.rows", lang), format=","),
            ],
        )
    )


def tiers_figure(entries: list[CatalogEntry], frames: dict[str, pd.DataFrame], lang: str) -> Figure:
    codes = tier_table(entries, frames)
    shown = codes.rename(
        columns={
            "file": t("sources.col.file", lang),
            **{tier: t(f"sources.tier.{tier}", lang) for tier in model.TIER_COLUMNS},
            "total": t("sources.col.total", lang),
        }
    )
    ungraded = int(codes[model.NOT_GRADED].sum())
    # Said in the caption, not as a note: a note is drawn as st.info, which pages keep for URL notices.
    caption = t("sources.tiers_caption", lang)
    if ungraded:
        caption = f"{t('sources.tiers_ungraded', lang, n=ungraded)} {caption}"
    return Figure(
        id="sources.tiers",
        title=t("sources.tiers_title", lang),
        subtitle=t("sources.tiers_subtitle", lang, n=int(codes["total"].sum())),
        chart=_tier_chart(codes, lang),
        table=shown,
        caption=caption,
        as_of=_as_of(entries),
        url=view_url(PAGE, {}, lang),
        lang=lang,
        sources=(Source(t("sources.catalogue_source", lang)),),
    )


# ---------------------------------------------------------------- SIPRI's register beside our list
REGISTER_FILES = ("arms_exports", "sipri_register_kor", "arms_register_links")


def register_figures(data: Data, lang: str) -> list[Figure]:
    """Two lists: SIPRI's register orders that no deal of ours is linked to, and our deals linked to no
    register order (with the rule's reason). None when a file behind them is missing or invalid."""
    from atlas.arms import register

    try:
        if not all(name in data for name in REGISTER_FILES):
            return []
        deals, reg, links = (data[name] for name in REGISTER_FILES)
    except DataError:
        return []
    # SIPRI's attribution with the generation date the register was checked against (the deliveries' export)
    publisher = str(reg["source"].iloc[0]).split(" (")[0]
    try:
        if "sipri_deliveries_kor" in data:
            publisher = str(data["sipri_deliveries_kor"]["source"].iloc[0])
    except DataError:
        pass
    source = Source(publisher, str(reg["source_url"].iloc[0]), "official")
    theirs = register.register_only(reg, links)
    from atlas.i18n import country_name

    def names(codes: pd.Series) -> pd.Series:
        return codes.map(lambda c: country_name(str(c), lang))

    register_table = pd.DataFrame(
        {
            t("sources.register.col.recipient", lang): names(theirs["recipient_iso3"]),
            t("sources.register.col.year_ordered", lang): theirs["year_ordered"],
            t("sources.register.col.designation", lang): theirs["designation"],
            t("sources.register.col.description", lang): theirs["description"],
            t("sources.register.col.ordered", lang): theirs["number_ordered"],
            t("sources.register.col.delivered", lang): theirs["number_delivered"],
            t("sources.register.col.delivery_years", lang): theirs["delivery_years"],
            t("sources.register.col.comment", lang): theirs["comments"],
            t("sources.register.col.tiv_order", lang): theirs["tiv_total_order"],
            t("sources.register.col.key", lang): theirs["register_key"],
        }
    )
    ours = register.ours_only(deals, links)
    ours_table = pd.DataFrame(
        {
            t("sources.register.col.deal", lang): ours["deal_id"],
            t("sources.register.col.recipient", lang): names(ours["recipient_iso3"]),
            t("sources.register.col.system", lang): ours["system"],
            t("sources.register.col.year_signed", lang): ours["year_signed"],
            t("sources.register.col.stage", lang): ours["stage"].map(lambda x: t(f"arms.stage.{x}", lang)),
            t("sources.register.col.link", lang): ours["link"].map(lambda x: t(f"sources.register.link.{x}", lang)),
            t("sources.register.col.note", lang): ours["match_note"],
            t("sources.register.col.source", lang): ours["source_url"],
        }
    )
    linked = int(links.loc[links["register_key"].notna(), "deal_id"].nunique())
    entries = {e.dataset: e for e in data_mod.load_catalog()}
    common = {"url": view_url(PAGE, {}, lang), "lang": lang, "chart": None}
    first, last = int(reg["year_ordered"].min()), int(reg["year_ordered"].max())
    return [
        Figure(
            id="sources.register_only",
            title=t("sources.register.only_title", lang),
            subtitle=t(
                "sources.register.only_subtitle",
                lang,
                n=fmt_int(len(theirs)),
                total=fmt_int(len(reg)),
                first=first,
                last=last,
            ),
            table=register_table,
            caption=t("sources.register.only_caption", lang),
            sources=(source,),
            as_of=_as_of([entries[n] for n in ("sipri_register_kor",) if n in entries]),
            **common,  # type: ignore[arg-type]
        ),
        Figure(
            id="sources.ours_only",
            title=t("sources.register.ours_title", lang),
            subtitle=t(
                "sources.register.ours_subtitle", lang, n=fmt_int(len(ours)), total=fmt_int(len(deals)), linked=linked
            ),
            table=ours_table,
            caption=t("sources.register.ours_caption", lang),
            sources=(Source(t("sources.catalogue_source", lang)),),
            as_of=_as_of([entries[n] for n in ("arms_exports",) if n in entries]),
            **common,  # type: ignore[arg-type]
        ),
    ]


def figures(state: State, data: Data, lang: str) -> list[Figure]:
    """What the Sources page shows for a view: the catalogue of files, rows per source tier, and SIPRI's
    register beside our list (register orders not in our list, our deals not in the register)."""
    entries = data_mod.load_catalog()
    frames, _errors = read_all(data, entries)
    return [catalogue_figure(entries, frames, lang), tiers_figure(entries, frames, lang), *register_figures(data, lang)]
