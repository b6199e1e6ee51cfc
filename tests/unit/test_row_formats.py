"""The URL's row values (arms `wi` and `asc`, spending `sc`, votes `wi_votes`) carry a format version.

Version 1 is every link written so far (untagged, so no link changes); a later format tags its values
and upgrades older ones, so a shared link keeps opening. Each codec round-trips any valid row.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas.arms import whatif as arms
from atlas.core.export import FORMULA_PREFIXES
from atlas.core.urlstate import RowFormat
from atlas.core.vocab import ARMS_CATEGORIES
from atlas.spending import whatif as spending
from atlas.votes import whatif as votes

ISO3 = ("POL", "VNM", "EST", "PHL", "KOR", "USA")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text a person may type: letters of any script, digits, punctuation and spaces (the rules refuse control
# characters and a leading formula sign, which these cannot form).
TEXT = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "Zs"), whitelist_characters="-_.,()'/&~|:"),
    min_size=1,
)


# ---------------------------------------------------------------- the format itself
def test_version_1_is_written_untagged_so_no_existing_link_changes() -> None:
    fmt = RowFormat("~")
    assert fmt.write("POL~armour~100~2030~K2") == "POL~armour~100~2030~K2"
    assert fmt.read("POL~armour~100~2030~K2").value == "POL~armour~100~2030~K2"
    assert fmt.read("v1~POL~armour~100~2030~K2").value == "POL~armour~100~2030~K2"  # tagged v1 reads the same


def test_a_value_from_a_newer_format_is_refused_not_misread() -> None:
    read = RowFormat("~").read("v2~POL~armour~100~2030~K2")
    assert read.value is None and read.rejected


def test_older_values_are_upgraded_in_turn() -> None:
    """A toy format at version 3: v1 rows lack a currency, v2 rows write it lower case."""
    fmt = RowFormat(
        "~",
        current=3,
        upgrades=(lambda v: v + "~usd", lambda v: v[: -len("usd")] + "USD" if v.endswith("~usd") else None),
    )
    assert fmt.write("POL~100~USD") == "v3~POL~100~USD"
    assert fmt.read("POL~100").value == "POL~100~USD"  # version 1, untagged
    assert fmt.read("v2~POL~100~usd").value == "POL~100~USD"
    assert fmt.read("v3~POL~100~USD").value == "POL~100~USD"
    assert fmt.read("v2~POL~100~eur").rejected  # an upgrade that cannot carry it over
    with pytest.raises(ValueError, match="one upgrade per version"):
        RowFormat("~", current=2)


def test_the_tag_goes_where_a_version_1_value_holds_a_code() -> None:
    """An arms scenario's name comes first and may be anything, 'v2' included: its tag is second."""
    fmt = RowFormat("~", tag_at=1, current=2, upgrades=(lambda v: v,))
    assert fmt.write("v2~POL~armour~100~2030~K2") == "v2~v2~POL~armour~100~2030~K2"
    assert fmt.read("v2~POL~armour~100~2030~K2").value == "v2~POL~armour~100~2030~K2"  # a name, version 1


# ---------------------------------------------------------------- each codec round-trips
rows = st.lists(
    st.tuples(
        st.sampled_from(ISO3),
        st.sampled_from(sorted(ARMS_CATEGORIES)),
        st.floats(min_value=0, max_value=arms.MAX_VALUE_USD_M, allow_nan=False).map(lambda v: float(f"{v:.10g}")),
        st.integers(min_value=arms.HYPO_YEARS[0], max_value=arms.HYPO_YEARS[1]),
        TEXT.map(lambda s: s.strip()[: arms.MAX_SYSTEM_CHARS].strip()).filter(
            lambda s: bool(s) and not s.startswith(FORMULA_PREFIXES)  # the page refuses a leading formula sign
        ),
    ),
    min_size=1,
    max_size=arms.MAX_URL_ROWS,
)


def _frame(items: list[tuple[str, str, float, int, str]]) -> pd.DataFrame:
    return arms.NamedDeals("x", tuple(items)).frame()


@SETTINGS
@given(rows)
def test_arms_wi_rows_round_trip(items) -> None:  # noqa: ANN001
    frame = _frame(items)
    linked = arms.decode_rows(arms.encode_rows(frame), ISO3)
    assert not linked.rejected
    assert linked.rows.astype(str).values.tolist() == frame.astype(str).values.tolist()


@SETTINGS
@given(
    st.lists(
        st.tuples(
            TEXT.map(arms.normal_name).filter(lambda n: arms.name_problem(n) is None),
            rows,
        ),
        min_size=1,
        max_size=arms.MAX_SCENARIOS,
        unique_by=lambda x: x[0],
    )
)
def test_arms_asc_scenarios_round_trip(named) -> None:  # noqa: ANN001
    kept = tuple(arms.NamedDeals.of(name, _frame(items)) for name, items in named)
    values = arms.encode_named(kept)
    if any(len(v) > arms.MAX_ASC_VALUE for v in values):
        return  # a value the page would never write (it refuses to keep such a scenario)
    linked = arms.decode_named(values, ISO3)
    assert not linked.rejected
    assert linked.scenarios == kept


@SETTINGS
@given(
    st.sampled_from(ISO3),
    st.floats(min_value=0.1, max_value=spending.TARGET_SHARE_MAX).map(lambda v: round(v, 2)),
    st.integers(min_value=2000, max_value=2060),
    st.floats(min_value=spending.GROWTH_MIN, max_value=spending.GROWTH_MAX).map(lambda v: round(v, 1)),
    TEXT.map(spending.clean_name).filter(lambda n: bool(n) and spending.name_problem(n) is None),
)
def test_spending_sc_scenarios_round_trip(iso3, share, year, growth, name) -> None:  # noqa: ANN001
    named = spending.NamedScenario(name, spending.Scenario(iso3, share, year, growth))
    assert spending.decode_scenario(spending.encode_scenario(named), list(ISO3)) == named


@SETTINGS
@given(st.dictionaries(st.sampled_from(ISO3), st.sampled_from(sorted(votes.VOTE_CODES)), min_size=1))
def test_votes_wi_votes_changes_round_trip(changes) -> None:  # noqa: ANN001
    recorded = dict.fromkeys(ISO3, "X")
    changed = {m: v for m, v in changes.items() if v != "X"}
    assert votes.parse_changes([votes.format_changes(changed)], recorded) == (changed, False)


def test_each_codec_refuses_a_value_from_a_newer_format() -> None:
    assert arms.decode_rows(["v2~POL~armour~100~2030~K2"], ISO3).rejected
    assert arms.decode_named(["Plan~v2~POL~armour~100~2030~K2"], ISO3).rejected
    assert spending.decode_scenario("v2|KOR|3.5|2035|4|Plan A", list(ISO3)) is None
    assert votes.parse_changes(["v2,RUS:Y"], {"RUS": "N"}) == ({}, True)
