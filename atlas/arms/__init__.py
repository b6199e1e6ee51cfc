"""Arms exports: the model's public API, re-exported so `from atlas import arms; arms.totals(...)` keeps working.

Submodules: model (filters, counting rules, aggregates), whatif (hypothetical deals),
upload (what-if CSV checks), state (the page's view state), figures (what the page
shows), charts and maps (builders), view (the only Streamlit code). charts, maps,
figures and view are not imported here: atlas.events imports this package, and the
charts import atlas.events.charts.
"""

from atlas.arms.model import (
    DEALS_TABLE_COLUMNS,
    DEFAULT_STAGES,
    ESTIMATE,
    FRAMEWORK,
    PRICES,
    Filters,
    Totals,
    amounts,
    by_recipient,
    by_recipient_category,
    by_year,
    counts_as_deal,
    deal_record,
    deals_table,
    deflators,
    filter_deals,
    frameworks_with_contracts,
    highlight_first,
    known_recipients,
    official_vs_listed,
    parse_deal,
    price_base_year,
    system_label,
    totals,
    with_counted_values,
    year_bounds,
)
from atlas.arms.upload import MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS, UploadProblem, UploadResult, parse_upload
from atlas.arms.whatif import (
    HYPO_COLUMNS,
    HYPO_YEARS,
    MAX_SYSTEM_CHARS,
    MAX_URL_ROWS,
    MAX_VALUE_USD_M,
    CleanScenario,
    Problem,
    bad_char,
    clean_scenario,
    decode_rows,
    empty_scenario,
    encode_rows,
    filter_scenario,
    has_control_chars,
    merge_hypothetical,
    value_ok,
    years_of,
)

__all__ = [
    "DEALS_TABLE_COLUMNS", "DEFAULT_STAGES", "ESTIMATE", "FRAMEWORK", "HYPO_COLUMNS", "HYPO_YEARS",
    "MAX_SYSTEM_CHARS", "MAX_UPLOAD_BYTES", "MAX_UPLOAD_ROWS", "MAX_URL_ROWS", "MAX_VALUE_USD_M", "PRICES",
    "CleanScenario", "Filters", "Problem", "Totals", "UploadProblem", "UploadResult", "amounts", "bad_char",
    "by_recipient", "by_recipient_category", "by_year", "clean_scenario", "counts_as_deal", "deal_record",
    "deals_table", "decode_rows", "deflators", "empty_scenario", "encode_rows", "filter_deals", "filter_scenario",
    "frameworks_with_contracts", "has_control_chars", "highlight_first", "known_recipients", "merge_hypothetical",
    "official_vs_listed", "parse_deal", "parse_upload", "price_base_year", "system_label", "totals", "value_ok",
    "with_counted_values", "year_bounds", "years_of",
]  # fmt: skip
