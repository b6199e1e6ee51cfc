"""Altair builders for the UN Security Council votes page (pure; testable via to_dict()).

Every builder takes a prepared frame and the translated labels it shows, and returns an
alt.Chart. Colours follow the Okabe-Ito palette, which stays distinct for the common
forms of colour blindness.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

# The page caches each chart's Vega-Lite dict (built by to_spec) by small plain inputs, so
# a rerun that leaves a chart's inputs unchanged neither rebuilds nor re-validates it.
from atlas.core.charts import to_spec

__all__ = ["agreement_heatmap", "focus_bars", "to_spec", "vote_matrix"]

# Okabe-Ito: Yes blue, No vermilion, Abstain orange, did not vote grey
VOTE_COLOURS: Mapping[str, str] = {"Y": "#0072B2", "N": "#D55E00", "A": "#E69F00", "X": "#999999"}
VETO_STROKE = "#000000"
CELL_PX = 24  # row height: member names stay readable on a projector
FADED_OPACITY = 0.3  # the other columns, when one decision is highlighted
HIGHLIGHT_LABEL, FADED_LABEL = "#000000", "#888888"


def vote_matrix(
    cells: pd.DataFrame,
    member_order: Sequence[str],
    decision_order: Sequence[str],
    vote_labels: Mapping[str, str],
    text: Mapping[str, str],
    highlight: str | None = None,
) -> alt.Chart:
    """Members (rows) by decisions (columns, by date), one coloured cell per vote.

    cells: matrix_cells() output. member_order / decision_order: row labels and column labels in
    drawing order. vote_labels: code -> translated label. text: translated titles
    (member, decision, vote, date, topic, title, tally, outcome, veto, legend).
    Vetoes get a thick black outline. highlight: a column label to pick out (its label
    bold and dark, the other columns faded), e.g. the decision an event's link opened.
    """
    codes = [c for c in VOTE_COLOURS]
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
            "veto",
        ]
    ].copy()
    data["veto_label"] = data["veto"].map({True: text["veto_yes"], False: ""})
    axis = alt.Axis(labelAngle=-60, labelLimit=160, labelOverlap=False, labelFontSize=11)
    extra: dict[str, object] = {}
    if highlight is not None and highlight in set(data["column"]):
        literal = json.dumps(highlight)  # a JSON string is a valid Vega expression string
        axis = alt.Axis(
            labelAngle=-60,
            labelLimit=160,
            labelOverlap=False,
            labelFontSize=alt.ExprRef(f"datum.value === {literal} ? 14 : 11"),
            labelFontWeight=alt.ExprRef(f"datum.value === {literal} ? 'bold' : 'normal'"),
            labelColor=alt.ExprRef(f"datum.value === {literal} ? '{HIGHLIGHT_LABEL}' : '{FADED_LABEL}'"),
        )
        extra["opacity"] = alt.condition(f"datum.column === {literal}", alt.value(1.0), alt.value(FADED_OPACITY))
    return (
        alt.Chart(data, height=alt.Step(CELL_PX))
        .mark_rect(strokeWidth=0)
        .encode(
            x=alt.X("column:N", sort=list(decision_order), title=text["decision"], axis=axis),
            y=alt.Y(
                "member:N",
                sort=list(member_order),
                title=None,
                axis=alt.Axis(labelLimit=220, labelOverlap=False, labelFontSize=13),
            ),
            color=alt.Color(
                "vote_label:N",
                title=text["legend"],
                scale=alt.Scale(domain=domain, range=[VOTE_COLOURS[c] for c in codes]),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
            stroke=alt.condition("datum.veto", alt.value(VETO_STROKE), alt.value(None)),
            strokeWidth=alt.condition("datum.veto", alt.value(3), alt.value(0)),
            tooltip=[
                alt.Tooltip("symbol:N", title=text["decision"]),
                alt.Tooltip("date_label:N", title=text["date"]),
                alt.Tooltip("topic_label:N", title=text["topic"]),
                alt.Tooltip("title_label:N", title=text["title"]),
                alt.Tooltip("tally:N", title=text["tally"]),
                alt.Tooltip("outcome_label:N", title=text["outcome"]),
                alt.Tooltip("member:N", title=text["member"]),
                alt.Tooltip("vote_label:N", title=text["vote"]),
                alt.Tooltip("veto_label:N", title=text["veto"]),
            ],
            **extra,
        )
    )


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


def focus_bars(ranking: pd.DataFrame, text: Mapping[str, str]) -> alt.Chart:
    """The focus member's agreement with each other member, highest first.

    ranking: columns label (member name with the number of shared decisions), share, same,
    shared; already in display order.
    """
    data = ranking[["label", "share", "same", "shared"]]
    return (
        alt.Chart(data, height=alt.Step(24))
        .mark_bar(color=VOTE_COLOURS["Y"])
        .encode(
            x=alt.X("share:Q", title=text["share"], scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%")),
            y=alt.Y(
                "label:N",
                sort=list(data["label"]),
                title=None,
                axis=alt.Axis(labelLimit=260, labelOverlap=False, labelFontSize=13),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=text["member"]),
                alt.Tooltip("share:Q", title=text["share"], format=".0%"),
                alt.Tooltip("same:Q", title=text["same"]),
                alt.Tooltip("shared:Q", title=text["shared"]),
            ],
        )
    )
