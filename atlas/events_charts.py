"""Kept for older imports (`from atlas import events_charts as ec`): everything lives in atlas.events.charts."""

from atlas.events.charts import *  # noqa: F403
from atlas.events.charts import (  # noqa: F401  (named explicitly for mypy and readers)
    LANE_HEIGHT,
    MARKER_CHOICES,
    MARKERS_KEY,
    MAX_DOTS,
    PALETTE,
    RULE_COLOUR,
    actor_names,
    category_label,
    event_rules,
    marker_years,
    parse_markers,
    timeline_chart,
)
from atlas.events.markers import markers_for  # noqa: F401
