"""The Overview's figures for its one view: figures(state, data, lang), with no Streamlit running.

Four figures, each with the table the page draws its card from (item, value, detail), a caption
that states what the numbers rest on, and a picture for slides:
- overview.arms      the arms headline, stating its basis (US$ at signing or as reported)
- overview.council   how often South Korea voted as the US, China and Russia, with the decisions it rests on
- overview.spending  South Korea's latest share of GDP, NATO's levels and its own target
- overview.events    the latest events
A dataset that is missing or fails validation leaves its figure out (figures degrade one by one).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import altair as alt
import pandas as pd

from atlas import i18n
from atlas.core.data import DataError
from atlas.core.figure import Data, Figure, Source, complete_to, view_url
from atlas.events import model as events_model
from atlas.events.figures import as_of
from atlas.events.text import category_label
from atlas.i18n import plural, t
from atlas.overview import model
from atlas.overview.state import PAGE, State

# The datasets this area's figures read (atlas.ui.figure_cache keys on their versions).
READS = (
    "arms_exporter_rank", "arms_exports", "defense_spending", "events", "spending_targets",
    "unsc_decisions", "unsc_membership", "unsc_votes",
)  # fmt: skip
LATEST_EVENTS = 8
VOTES_PAGE = "unsc_votes"
AGREEMENT_SECTION = "agreement"


def _get(data: Data, name: str) -> pd.DataFrame | None:
    """A dataset, or None when its file is missing or fails validation."""
    if name not in data:
        return None
    try:
        return data[name]
    except DataError:
        return None


def broken(data: Data, names: tuple[str, ...]) -> list[str]:
    """The datasets among names whose file is present but fails validation (the page names them)."""
    out = []
    for name in names:
        if name in data:
            try:
                data[name]
            except DataError:
                out.append(name)
    return out


def _columns(lang: str) -> list[str]:
    return [t("overview.col.item", lang), t("overview.col.value", lang), t("overview.col.detail", lang)]


def card_chart(table: pd.DataFrame, title: str) -> alt.LayerChart:
    """A card as a picture: one line per row, the value in bold beside its label (for slides)."""
    item, value, _ = table.columns
    frame = pd.DataFrame({"row": range(len(table)), "item": table[item].astype(str), "value": table[value].astype(str)})
    base = alt.Chart(frame).encode(y=alt.Y("row:O", axis=None))
    label = base.mark_text(align="left", fontSize=15).encode(x=alt.value(0), text="item:N")
    number = base.mark_text(align="left", fontSize=18, fontWeight="bold").encode(x=alt.value(330), text="value:N")
    return (label + number).properties(width=640, height=34 * max(len(frame), 1), title=title)


def _common(lang: str, sources: tuple[Source, ...], as_of_date: date | None) -> dict[str, Any]:
    return {
        "subtitle": "",
        "sources": sources,
        "as_of": as_of_date,
        "url": view_url(PAGE, State().to_query(), lang),
        "lang": lang,
    }


# ---------------------------------------------------------------- arms
def arms_lines(h: model.ArmsHeadline, lang: str) -> tuple[str, str]:
    """The headline sentence and what it leaves out, in words (basis stated, plurals proper)."""
    key = "overview.arms.headline_at_signing" if h.basis == model.AT_SIGNING else "overview.arms.headline_as_reported"
    headline = plural(key, h.with_value, lang, total=i18n.fmt_usd_m(h.total_usd_m, lang))
    parts = []
    if h.basis == model.AT_SIGNING:
        parts.append(plural("overview.arms.converted", h.converted, lang))
    parts.append(plural("overview.arms.no_value", h.without_value, lang))
    if h.estimates_excluded:
        parts.append(plural("overview.arms.estimates", h.estimates_excluded, lang))
    return headline, " ".join(parts)


def arms_figure(data: Data, lang: str) -> Figure | None:
    deals = _get(data, "arms_exports")
    ranks = _get(data, "arms_exporter_rank")
    h = model.arms_headline(deals) if deals is not None else None
    rank = model.latest_exporter_rank(ranks) if ranks is not None else None
    if h is None and rank is None:
        return None
    rows: list[tuple[str, str, str]] = []
    caption = ""
    if h is not None:
        headline, caption = arms_lines(h, lang)
        rows.append((t("overview.arms.total", lang), i18n.fmt_usd_m(h.total_usd_m, lang), headline))
        rows.append(
            (
                t("overview.arms.counted", lang),
                i18n.fmt_years(h.first_year, h.last_year, lang, as_of("arms_exports")),
                t("overview.arms.counting", lang, first=h.first_year, last=h.last_year),
            )
        )
        rows.append((t("overview.arms.recipients", lang), i18n.fmt_int(h.recipients), ""))
        if h.top_recipients:
            names = ", ".join(f"{i18n.country_name(c, lang)} {i18n.fmt_usd_m(v, lang)}" for c, v in h.top_recipients)
            rows.append((t("overview.arms.largest", lang), i18n.country_name(h.top_recipients[0][0], lang), names))
    if rank is not None:
        detail = (
            t("overview.arms.rank_caption", lang, period=rank.period, share=i18n.fmt_pct(rank.share_pct, 1))
            if rank.share_pct is not None
            else t("overview.arms.rank_caption_no_share", lang, period=rank.period)
        )
        rows.append((t("overview.arms.rank", lang), t("overview.arms.rank_value", lang, rank=rank.rank), detail))
    table = pd.DataFrame(rows, columns=_columns(lang))
    title = t("overview.arms.title", lang)
    sources: tuple[Source, ...] = (Source("Korea Security Atlas: arms export contracts (source on each row)"),)
    if rank is not None:
        sources += (
            Source("SIPRI Arms Transfers Database", "https://www.sipri.org/databases/armstransfers", "official"),
        )
    return Figure(
        id="overview.arms",
        title=title,
        chart=card_chart(table, title),
        table=table,
        caption=caption,
        **_common(lang, sources, as_of("arms_exports")),
    )


# ---------------------------------------------------------------- Security Council
def agreement_link(basis: model.AgreementBasis) -> dict[str, list[str]]:
    """The votes page's Agreement view over the same years: the decisions behind the figure."""
    return {"years": [str(basis.first_year), str(basis.last_year)], "section": [AGREEMENT_SECTION]}


def _years(first: int, last: int) -> str:
    return f"{first}–{last}" if first != last else str(first)


def council_basis_text(basis: model.AgreementBasis, lang: str) -> str:
    """'Over all 120 decisions of 2024–2025 on which South Korea voted (the default), and over the 14 contested
    ones (at least one vote not yes); 9 of them vetoed drafts.'"""
    vetoed = plural("overview.council.basis_vetoed", basis.vetoed, lang)
    return plural(
        "overview.council.basis",
        basis.decisions,
        lang,
        years=_years(basis.first_year, basis.last_year),
        contested=basis.contested,
        vetoed=vetoed,
    )


def _council_inputs(data: Data) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None] | None:
    decisions, vote_rows = _get(data, "unsc_decisions"), _get(data, "unsc_votes")
    if decisions is None or vote_rows is None:
        return None
    return decisions, vote_rows, _get(data, "unsc_membership")


def council_basis(data: Data) -> model.AgreementBasis | None:
    """The decisions the headline rests on: South Korea's latest Council term, over the whole record."""
    inputs = _council_inputs(data)
    if inputs is None:
        return None
    decisions, vote_rows, membership = inputs
    term = model.latest_term(vote_rows, decisions, membership)
    return model.agreement_basis(vote_rows, decisions, years=term) if term else None


def council_figure(data: Data, lang: str) -> Figure | None:
    decisions = _get(data, "unsc_decisions")
    if decisions is None:
        return None
    head = model.council_headline(decisions)
    if head is None:
        return None
    basis = council_basis(data)
    inputs = _council_inputs(data)
    agreements: list[model.Agreement] = []
    if basis is not None and inputs is not None:
        years = (basis.first_year, basis.last_year)
        every = model.agreement_with(inputs[1], decisions, membership=inputs[2], years=years)
        agreements = [a for a in every if a.both]
    cols = [t(f"overview.council.col_{c}", lang) for c in ("country", "share", "same", "share_contested", "contested")]
    table = pd.DataFrame(
        {
            cols[0]: [i18n.country_name(a.other, lang) for a in agreements],
            cols[1]: [round(a.share_pct or 0.0, 1) for a in agreements],
            cols[2]: [t("overview.council.same_of", lang, same=a.same, both=a.both) for a in agreements],
            cols[3]: [None if a.contested_pct is None else round(a.contested_pct, 1) for a in agreements],
            cols[4]: [t("overview.council.same_of", lang, same=a.same_contested, both=a.contested) for a in agreements],
        }
    )
    title = t("overview.council.title", lang)
    caption = council_basis_text(basis, lang) if basis else ""
    term = (
        i18n.fmt_years(basis.first_year, basis.last_year, lang, as_of("unsc_decisions"), complete_to("unsc_decisions"))
        if basis
        else ""
    )
    subtitle = t("overview.council.agreement", lang, years=term) if basis else ""
    chart = _agreement_chart(table, lang) if agreements else card_chart(_council_card(head, lang), title)
    common = _common(lang, (Source("UN Security Council", "https://www.un.org/securitycouncil/", "official"),), None)
    common["subtitle"] = subtitle
    common["as_of"] = as_of("unsc_decisions")
    return Figure(
        id="overview.council",
        title=title,
        chart=chart,
        table=table,
        caption=caption,
        **common,
    )


def council_counts(data: Data) -> model.CouncilHeadline | None:
    decisions = _get(data, "unsc_decisions")
    return model.council_headline(decisions) if decisions is not None else None


def council_link(data: Data) -> dict[str, list[str]] | None:
    basis = council_basis(data)
    return agreement_link(basis) if basis else None


def _council_card(head: model.CouncilHeadline, lang: str) -> pd.DataFrame:
    rows = [
        (
            t("overview.council.decisions", lang),
            i18n.fmt_int(head.decisions),
            i18n.fmt_years(
                head.first_year, head.last_year, lang, as_of("unsc_decisions"), complete_to("unsc_decisions")
            ),
        ),
        (t("overview.council.vetoed", lang), i18n.fmt_int(head.vetoed), ""),
    ]
    return pd.DataFrame(rows, columns=_columns(lang))


def _agreement_chart(table: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Two bars a member: agreement over all decisions (the default) and over contested ones, each with its n."""
    country, share, same, share_c, same_c = table.columns
    bases = (t("overview.council.bar_all", lang), t("overview.council.bar_contested", lang))
    frame = pd.concat(
        [
            pd.DataFrame({"country": table[country], "basis": bases[0], "share": table[share], "label": table[same]}),
            pd.DataFrame(
                {"country": table[country], "basis": bases[1], "share": table[share_c], "label": table[same_c]}
            ),
        ],
        ignore_index=True,
    )
    frame["text"] = ["—" if pd.isna(s) else f"{s:.0f}% ({lab})" for s, lab in zip(frame["share"], frame["label"])]
    base = alt.Chart(frame).encode(
        y=alt.Y("country:N", title=None, sort=None, axis=alt.Axis(labelFontSize=13)),
        yOffset=alt.YOffset("basis:N", sort=list(bases)),
        x=alt.X("share:Q", title=t("overview.council.axis", lang), scale=alt.Scale(domain=[0, 130])),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            "basis:N",
            title=None,
            sort=list(bases),
            scale=alt.Scale(domain=list(bases), range=["#0b5394", "#9fc5e8"]),
            legend=alt.Legend(orient="top"),
        )
    )
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text="text:N")
    return (bars + text).properties(height=alt.Step(18))


# ---------------------------------------------------------------- spending
def spending_figure(data: Data, lang: str) -> Figure | None:
    series = _get(data, "defense_spending")
    if series is None:
        return None
    kor = model.latest_spending(series)
    if kor is None:
        return None
    rows = [
        (
            t("overview.spending.share", lang),
            i18n.fmt_pct(kor.share_pct),
            t("overview.spending.share_caption", lang, year=kor.year),
        )
    ]
    targets = _get(data, "spending_targets")
    if targets is not None:
        nato = model.nato_thresholds(targets)
        own = model.national_targets(targets)
        if nato:
            rows.append((t("overview.spending.nato_label", lang), ", ".join(i18n.fmt_pct(v, 1) for v in nato), ""))
        if own:
            rows.append((t("overview.spending.national_label", lang), ", ".join(i18n.fmt_pct(v, 1) for v in own), ""))
    table = pd.DataFrame(rows, columns=_columns(lang))
    title = t("overview.spending.title", lang)
    return Figure(
        id="overview.spending",
        title=title,
        chart=card_chart(table, title),
        table=table,
        **_common(
            lang,
            (Source("SIPRI Military Expenditure Database", "https://www.sipri.org/databases/milex", "official"),),
            as_of("defense_spending"),
        ),
    )


# ---------------------------------------------------------------- events
def events_figure(data: Data, lang: str) -> Figure | None:
    events = _get(data, "events")
    if events is None or events.empty:
        return None
    recent = events_model.localised(events_model.latest(events, LATEST_EVENTS), lang)
    table = pd.DataFrame(
        {
            t("overview.col.item", lang): [i18n.fmt_date(d, lang) for d in recent["date"]],
            t("overview.col.value", lang): [category_label(c, lang) for c in recent["category"]],
            t("overview.col.detail", lang): recent["title_text"].astype(str).to_numpy(),
        }
    )
    lo, hi = events_model.year_bounds(events)
    title = t("overview.events.title", lang)
    frame = pd.DataFrame(
        {"row": range(len(table)), "line": [f"{d} · {x}" for d, x in zip(table.iloc[:, 0], table.iloc[:, 2])]}
    )
    chart = (
        alt.Chart(frame)
        .mark_text(align="left", fontSize=14)
        .encode(y=alt.Y("row:O", axis=None), x=alt.value(0), text="line:N")
        .properties(width=900, height=28 * len(frame), title=title)
    )
    return Figure(
        id="overview.events",
        title=title,
        chart=chart,
        table=table,
        caption=plural("overview.events.count_caption", len(events), lang, first=lo, last=hi),
        **_common(lang, (Source("Korea Security Atlas: events (source on each row)"),), as_of("events")),
    )


def figures(state: State, data: Data, lang: str) -> list[Figure]:
    """Every figure the Overview can show with the data present, in page order."""
    built = (
        arms_figure(data, lang),
        council_figure(data, lang),
        spending_figure(data, lang),
        events_figure(data, lang),
    )
    return [f for f in built if f is not None]
