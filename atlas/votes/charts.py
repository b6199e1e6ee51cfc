"""Altair builders for the UN Security Council votes page (pure; testable via to_dict()).

Every builder takes a prepared frame and the translated labels it shows, and returns an
Altair chart. Votes use the Okabe-Ito palette, which stays distinct for the common forms
of colour blindness; countries use their stable colours (atlas.core.colours, South Korea
the highlight).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from atlas.core import colours
from atlas.core.charts import to_spec
from atlas.i18n import time_axis_format

__all__ = [
    "agreement_heatmap",
    "decisions_by_year",
    "differ_bars",
    "focus_bars",
    "key_votes",
    "to_spec",
    "veto_bars",
    "vote_matrix",
    "whatif_grid",
]

# Okabe-Ito: Yes blue, No vermilion, Abstain orange, did not vote grey
VOTE_COLOURS: Mapping[str, str] = {"Y": "#0072B2", "N": "#D55E00", "A": "#E69F00", "X": "#999999"}
OUTCOME_COLOURS: Mapping[str, str] = {"adopted": "#009E73", "vetoed": "#D55E00", "failed": "#999999"}
VETO_STROKE = "#000000"
FOCUS_STROKE = colours.HIGHLIGHT  # the focus member's row in the vote matrix
CHANGED_STROKE = "#000000"
CELL_PX = 24  # row height: member names stay readable on a projector
FADED_OPACITY = 0.3  # the other columns, when one decision is highlighted
SMALL_OPACITY = 0.35  # agreement bars on too few shared decisions to rank
HIGHLIGHT_LABEL, FADED_LABEL = "#000000", "#888888"


def _lit(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid Vega expression string


def vote_matrix(
    cells: pd.DataFrame,
    member_order: Sequence[str],
    decision_order: Sequence[str],
    vote_labels: Mapping[str, str],
    text: Mapping[str, str],
    highlight: str | None = None,
    focus: str | None = None,
    slide_part: str = "",
) -> Any:  # alt.LayerChart (alt.layer's type is a union)
    """Members (rows) by decisions (columns, by date), one coloured cell per vote.

    cells: labels.matrix_cells() output. member_order / decision_order: row labels and column
    labels in drawing order. vote_labels: code -> translated label. text: translated titles.
    Vetoes get a thick black outline. highlight: a column label to pick out (its label bold and
    dark, the other columns faded), e.g. the decision an event's link opened. focus: the row
    label of the focus member: its row is outlined in the highlight colour, its label bold.
    slide_part: the line a slide holding some of the columns shows (atlas.render.slides.split fills in
    {first}, {last}, {total} and {parts}); sixty decisions do not fit one slide at 12 pt.
    """
    codes = list(VOTE_COLOURS)
    domain = [vote_labels[c] for c in codes]
    data = cells[
        [
            "member",
            "column",
            "symbol",
            "vote_label",
            "date_label",
            "topic_label",
            "title_label",
            "tally",
            "outcome_label",
            "voted_no",
            "abstained",
            "veto",
        ]
    ].copy()
    data["veto_label"] = data["veto"].map({True: text["veto_yes"], False: ""})
    # Column labels are symbols, short enough to draw whole: labelLimit 0 turns truncation off, which
    # otherwise measures every label character by character (seconds for sixty labels in vl-convert).
    x_axis: dict[str, Any] = {"labelAngle": -60, "labelLimit": 0, "labelOverlap": False, "labelFontSize": 11}
    extra: dict[str, object] = {}
    if highlight is not None and highlight in set(data["column"]):
        lit = _lit(highlight)
        x_axis |= {
            "labelFontSize": alt.ExprRef(f"datum.value === {lit} ? 14 : 11"),
            "labelFontWeight": alt.ExprRef(f"datum.value === {lit} ? 'bold' : 'normal'"),
            "labelColor": alt.ExprRef(f"datum.value === {lit} ? '{HIGHLIGHT_LABEL}' : '{FADED_LABEL}'"),
        }
        extra["opacity"] = alt.condition(f"datum.column === {lit}", alt.value(1.0), alt.value(FADED_OPACITY))
    y_axis: dict[str, Any] = {"labelLimit": 220, "labelOverlap": False, "labelFontSize": 13}
    has_focus = focus is not None and focus in set(data["member"])
    if has_focus:
        lit = _lit(str(focus))
        y_axis |= {
            "labelFontWeight": alt.ExprRef(f"datum.value === {lit} ? 'bold' : 'normal'"),
            "labelColor": alt.ExprRef(f"datum.value === {lit} ? '{FOCUS_STROKE}' : '#31333F'"),
        }
    y = alt.Y("member:N", sort=list(member_order), title=None, axis=alt.Axis(**y_axis))
    cells_layer = (
        alt.Chart(data)
        .mark_rect(strokeWidth=0)
        .encode(
            x=alt.X("column:N", sort=list(decision_order), title=text["decision"], axis=alt.Axis(**x_axis)),
            y=y,
            color=alt.Color(
                "vote_label:N",
                title=text["legend"],
                scale=alt.Scale(domain=domain, range=[VOTE_COLOURS[c] for c in codes]),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            stroke=alt.condition("datum.veto", alt.value(VETO_STROKE), alt.value(None)),
            strokeWidth=alt.condition("datum.veto", alt.value(3), alt.value(0)),
            tooltip=[
                alt.Tooltip("symbol:N", title=text["symbol"]),
                alt.Tooltip("date_label:N", title=text["date"]),
                alt.Tooltip("topic_label:N", title=text["topic"]),
                alt.Tooltip("title_label:N", title=text["title"]),
                alt.Tooltip("tally:N", title=text["tally"]),
                alt.Tooltip("outcome_label:N", title=text["outcome"]),
                alt.Tooltip("voted_no:N", title=text["voted_no"]),
                alt.Tooltip("abstained:N", title=text["abstained"]),
                alt.Tooltip("member:N", title=text["member"]),
                alt.Tooltip("vote_label:N", title=text["vote"]),
                alt.Tooltip("veto_label:N", title=text["veto"]),
            ],
            **extra,
        )
    )
    layers: list[alt.Chart] = [cells_layer]
    if has_focus:
        # A rect with only a y band spans the whole width: an outline around the focus row.
        band = pd.DataFrame({"member": [focus]})
        layers.append(
            alt.Chart(band)
            .mark_rect(fillOpacity=0, stroke=FOCUS_STROKE, strokeWidth=3)
            .encode(y=alt.Y("member:N", sort=list(member_order), title=None))
        )
    # On a slide the decisions may continue over several slides, each with every member seated for them.
    split = {"slide_split": {"x": "column", "y": "member", "part": slide_part}}
    return alt.layer(*layers, height=alt.Step(CELL_PX), usermeta=split)


def agreement_heatmap(agree: pd.DataFrame, member_order: Sequence[str], text: Mapping[str, str]) -> alt.Chart:
    """Share of shared decisions on which two members voted alike (rows x columns).

    agree: columns member_a_label, member_b_label, share (0-1), same, shared; pairs that
    never sat together are left out (blank cells).
    """
    data = agree.loc[agree["shared"] > 0, ["member_a_label", "member_b_label", "share", "same", "shared"]]
    return (
        alt.Chart(data, height=alt.Step(20))
        .mark_rect()
        .encode(
            x=alt.X(
                "member_b_label:N",
                sort=list(member_order),
                title=None,
                axis=alt.Axis(labelAngle=-60, labelLimit=160, orient="top", labelOverlap=False),
            ),
            y=alt.Y(
                "member_a_label:N",
                sort=list(member_order),
                title=None,
                axis=alt.Axis(labelLimit=200, labelOverlap=False),
            ),
            color=alt.Color(
                "share:Q",
                title=text["share"],
                scale=alt.Scale(scheme="blues", domain=[0, 1]),
                legend=alt.Legend(format=".0%"),
            ),
            tooltip=[
                alt.Tooltip("member_a_label:N", title=text["member"]),
                alt.Tooltip("member_b_label:N", title=text["other"]),
                alt.Tooltip("share:Q", title=text["share"], format=".0%"),
                alt.Tooltip("same:Q", title=text["same"]),
                alt.Tooltip("shared:Q", title=text["shared"]),
            ],
        )
    )


def focus_bars(ranking: pd.DataFrame, text: Mapping[str, str]) -> Any:  # alt.LayerChart (alt.layer's type is a union)
    """The focus member's agreement with each other member, in ranking order.

    ranking: columns member (ISO3), label (the row label), value_label (e.g. "64% · 14 shared"),
    share, same, shared, small (too few shared decisions to rank); already in display order.
    Each bar has its country's stable colour; bars on too few decisions are faded, and every
    bar carries its percentage and number of shared decisions as text.
    """
    data = ranking[["member", "label", "value_label", "share", "same", "shared", "small"]].copy()
    domain, range_ = colours.scale(list(data["member"]))
    y = alt.Y(
        "label:N",
        sort=list(data["label"]),
        title=None,
        axis=alt.Axis(labelLimit=280, labelOverlap=False, labelFontSize=13),
    )
    base = alt.Chart(data)
    bars = base.mark_bar().encode(
        x=alt.X(
            "share:Q",
            title=text["share"],
            scale=alt.Scale(domain=[0, 1.25]),
            axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
        ),
        y=y,
        color=alt.Color("member:N", scale=alt.Scale(domain=domain, range=range_), legend=None),
        opacity=alt.condition("datum.small", alt.value(SMALL_OPACITY), alt.value(1.0)),
        tooltip=[
            alt.Tooltip("label:N", title=text["member"]),
            alt.Tooltip("share:Q", title=text["share"], format=".0%"),
            alt.Tooltip("same:Q", title=text["same"]),
            alt.Tooltip("shared:Q", title=text["shared"]),
        ],
    )
    values = base.mark_text(align="left", dx=4, fontSize=12).encode(x="share:Q", y=y, text="value_label:N")
    return alt.layer(bars, values, height=alt.Step(24))


def veto_bars(vetoes: pd.DataFrame, text: Mapping[str, str]) -> alt.Chart:
    """Vetoes cast per year, stacked by permanent member (stable country colours).

    vetoes: columns member (ISO3), member_label, year; one row per veto cast.
    """
    data = vetoes.groupby(["year", "member", "member_label"], as_index=False).size().rename(columns={"size": "n"})
    domain, range_ = colours.scale(sorted(set(data["member"])))
    labels = dict(zip(data["member"], data["member_label"]))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=text["year"], axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title=text["vetoes"], axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "member_label:N",
                title=text["vetoed_by"],
                scale=alt.Scale(domain=[labels[m] for m in domain], range=range_),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("year:O", title=text["year"]),
                alt.Tooltip("member_label:N", title=text["vetoed_by"]),
                alt.Tooltip("n:Q", title=text["vetoes"]),
            ],
        )
    )


def whatif_grid(
    rows: pd.DataFrame, vote_labels: Mapping[str, str], text: Mapping[str, str]
) -> Any:  # alt.LayerChart (alt.layer's type is a union)
    """Each member's vote as recorded and in the recount, side by side; changed votes outlined.

    rows: columns member (row label, in drawing order), column (the translated "Recorded" or
    "Recount"), vote_label, changed (bool, on the recount cell), changed_label, cell_text (the word
    "changed" on changed cells, drawn inside them).
    """
    codes = list(VOTE_COLOURS)
    order = list(dict.fromkeys(rows["member"]))
    columns = list(dict.fromkeys(rows["column"]))
    base = alt.Chart(rows)
    x = alt.X("column:N", sort=columns, title=None, axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=13))
    y = alt.Y("member:N", sort=order, title=None, axis=alt.Axis(labelLimit=220, labelFontSize=13))
    cells = base.mark_rect().encode(
        x=x,
        y=y,
        color=alt.Color(
            "vote_label:N",
            title=text["legend"],
            scale=alt.Scale(domain=[vote_labels[c] for c in codes], range=[VOTE_COLOURS[c] for c in codes]),
            legend=alt.Legend(orient="top", direction="horizontal"),
        ),
        stroke=alt.condition("datum.changed", alt.value(CHANGED_STROKE), alt.value(None)),
        strokeWidth=alt.condition("datum.changed", alt.value(4), alt.value(0)),
        tooltip=[
            alt.Tooltip("member:N", title=text["member"]),
            alt.Tooltip("column:N", title=text["vote"]),
            alt.Tooltip("vote_label:N", title=text["legend"]),
            alt.Tooltip("changed_label:N", title=text["changed"]),
        ],
    )
    labels = base.mark_text(fontSize=12, color="#ffffff", fontWeight="bold").encode(x=x, y=y, text="cell_text:N")
    return alt.layer(cells, labels, height=alt.Step(CELL_PX), width=alt.Step(160))


def decisions_by_year(decisions: pd.DataFrame, text: Mapping[str, str]) -> alt.Chart:
    """The selected decisions per year, stacked by outcome.

    decisions: columns year, outcome (code), outcome_label; one row per decision.
    """
    data = decisions.groupby(["year", "outcome", "outcome_label"], as_index=False).size().rename(columns={"size": "n"})
    present = [c for c in OUTCOME_COLOURS if c in set(data["outcome"])]
    labels = dict(zip(data["outcome"], data["outcome_label"]))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=text["year"], axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title=text["decisions"], axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "outcome_label:N",
                title=text["outcome"],
                scale=alt.Scale(domain=[labels[c] for c in present], range=[OUTCOME_COLOURS[c] for c in present]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("year:O", title=text["year"]),
                alt.Tooltip("outcome_label:N", title=text["outcome"]),
                alt.Tooltip("n:Q", title=text["decisions"]),
            ],
        )
    )


def key_votes(decisions: pd.DataFrame, text: Mapping[str, str], needed: int, *, lang: str) -> Any:  # alt.LayerChart
    """Each key vote as a point: its date and votes in favour, coloured by outcome, with a rule at the
    votes needed, so close margins sit near the line. The date axis is ticked by whatever interval the
    span calls for, each tick named in the reader's language ("May 21", "5월 21일").

    decisions: columns date, yes, outcome, outcome_label, symbol, date_label, title_label, tally, why.
    """
    data = decisions[["date", "yes", "outcome", "outcome_label", "symbol", "date_label", "title_label", "tally", "why"]]
    present = [c for c in OUTCOME_COLOURS if c in set(data["outcome"])]
    labels = dict(zip(data["outcome"], data["outcome_label"]))
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=70, opacity=0.85)
        .encode(
            x=alt.X("date:T", title=text["date"], axis=alt.Axis(format=time_axis_format("auto", lang))),
            y=alt.Y("yes:Q", title=text["yes"], scale=alt.Scale(domain=[0, 15]), axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "outcome_label:N",
                title=text["outcome"],
                scale=alt.Scale(domain=[labels[c] for c in present], range=[OUTCOME_COLOURS[c] for c in present]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("symbol:N", title=text["symbol"]),
                alt.Tooltip("date_label:N", title=text["date"]),
                alt.Tooltip("title_label:N", title=text["title"]),
                alt.Tooltip("tally:N", title=text["tally"]),
                alt.Tooltip("outcome_label:N", title=text["outcome"]),
                alt.Tooltip("why:N", title=text["why"]),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"yes": [needed]})).mark_rule(strokeDash=[4, 4], color="#555555").encode(y="yes:Q")
    return alt.layer(rule, points, height=260)


def differ_bars(rows: pd.DataFrame, text: Mapping[str, str]) -> alt.Chart:
    """Decisions on which two members voted differently, per year, stacked by the pair of votes.

    rows: columns year, pair (the two votes in words, "Yes / Abstain"); one row per decision.
    text["differ"]: the legend title naming the two members in order.
    """
    data = rows.groupby(["year", "pair"], as_index=False).size().rename(columns={"size": "n"})
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=text["year"], axis=alt.Axis(labelAngle=0)),
            y=alt.Y("n:Q", title=text["decisions"], axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("pair:N", title=text["differ"], legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("year:O", title=text["year"]),
                alt.Tooltip("pair:N", title=text["differ"]),
                alt.Tooltip("n:Q", title=text["decisions"]),
            ],
        )
    )
