"""Defence spending: one package (model, whatif, words, charts, state, figures, view).

`from atlas import spending; spending.<name>` keeps working for the names other areas use
(the Overview's latest figures and NATO lines). Only the Streamlit-free core is re-exported
here: charts and figures import atlas.events, which itself imports this package.
"""

from atlas.spending.model import (
    CONSTANT_COLUMN,
    DEFAULT_COUNTRIES,
    GROWTH_DEFAULT,
    GROWTH_MAX,
    GROWTH_MIN,
    HIGHLIGHT,
    MARKER_CATEGORIES,
    METRICS,
    NATO,
    NOT_A_TOTAL,
    PRICES,
    TARGET_SHARE_DEFAULT,
    TARGET_SHARE_MAX,
    TARGET_YEAR_DEFAULT,
    VALUE_COLUMN,
    Preset,
    PresetChoice,
    PriceBase,
    apply_preset,
    countries_in,
    countries_without_values,
    filter_series,
    missing_in_year,
    presets,
    price_base,
    ranking,
    reference_lines,
    usable_targets,
    value_column,
    with_change,
    with_constant,
    years_in,
    years_with_values,
)
from atlas.spending.whatif import (
    GROWTH_OUT_OF_RANGE,
    NO_BASE,
    PROJECTION_COLUMNS,
    SHARE_OUT_OF_RANGE,
    YEAR_NOT_AFTER_BASE,
    BasePoint,
    NamedScenario,
    Scenario,
    WhatIf,
    base_point,
    base_years,
    check_scenario,
    project,
    total_extra,
    what_if,
)
from atlas.spending.words import pct_name, reference_labels, scope_name

__all__ = [
    "BasePoint", "CONSTANT_COLUMN", "DEFAULT_COUNTRIES", "GROWTH_DEFAULT", "GROWTH_MAX", "GROWTH_MIN",
    "GROWTH_OUT_OF_RANGE", "HIGHLIGHT", "MARKER_CATEGORIES", "METRICS", "NATO", "NOT_A_TOTAL", "NO_BASE",
    "NamedScenario", "PRICES", "PROJECTION_COLUMNS", "Preset", "PresetChoice", "PriceBase", "SHARE_OUT_OF_RANGE",
    "Scenario", "TARGET_SHARE_DEFAULT", "TARGET_SHARE_MAX", "TARGET_YEAR_DEFAULT", "VALUE_COLUMN", "WhatIf",
    "YEAR_NOT_AFTER_BASE", "apply_preset", "base_point", "base_years", "check_scenario", "countries_in",
    "countries_without_values", "filter_series", "missing_in_year", "pct_name", "presets", "price_base",
    "project", "ranking", "reference_labels", "reference_lines", "scope_name", "total_extra", "usable_targets",
    "value_column", "what_if", "with_change", "with_constant", "years_in", "years_with_values",
]  # fmt: skip
