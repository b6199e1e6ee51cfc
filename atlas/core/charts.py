"""What every area's chart builders share."""

from __future__ import annotations

import altair as alt


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as a Vega-Lite dict with its data inline, for st.vega_lite_chart.

    Converting an Altair chart (schema validation included) is the slowest part of a
    rerun; the page caches this dict by the builder's inputs so that an unchanged chart
    costs nothing on the next rerun. Schema validation is skipped here because the unit
    tests validate every builder's output (to_dict() validates). Altair's default theme only
    adds a fixed 300 px view size, which is dropped so that the chart fills its column as
    st.altair_chart does.
    """
    spec = chart.to_dict(validate=False)
    config = spec.get("config", {})
    view = config.get("view", {})
    for key in ("continuousWidth", "continuousHeight"):
        view.pop(key, None)
    if not view:
        config.pop("view", None)
    if not config:
        spec.pop("config", None)
    return spec
