"""The URL's row values (arms `wi` and `asc`, spending `sc`, votes `wi_votes`) and the briefing's `b` carry
their format's version through one mechanism, urlstate.Versioned.

Each is written tagged ("v1~...", "v2."), reads its tagged form, reads a link from before the tag (untagged)
as the same value, and refuses a tag from a newer format with the reason "version" instead of misreading
it. Hypothesis round-trips every codec on any valid value.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas.arms import whatif as arms
from atlas.briefing import state as bstate
from atlas.briefing.model import FIGURE_PAGES, Briefing, View
from atlas.core import urlstate
from atlas.core.export import FORMULA_PREFIXES
from atlas.core.urlstate import UNTAGGED, Versioned, unchanged
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
FUTURE = st.integers(min_value=2, max_value=9999)  # every row format is at version 1 today
BEFORE_TAGS = {UNTAGGED: unchanged}


# ---------------------------------------------------------------- the mechanism
def test_the_current_version_is_written_tagged_and_an_untagged_value_reads_as_before_tags() -> None:
    fmt: Versioned[str] = Versioned("~", migrations=BEFORE_TAGS)
    assert fmt.write("POL~armour~100~2030~K2") == "v1~POL~armour~100~2030~K2"
    tagged, untagged = fmt.read("v1~POL~armour~100~2030~K2"), fmt.read("POL~armour~100~2030~K2")
    assert (tagged.value, tagged.version, tagged.problem) == ("POL~armour~100~2030~K2", 1, "")
    assert (untagged.value, untagged.version, untagged.problem) == ("POL~armour~100~2030~K2", UNTAGGED, "")


@pytest.mark.parametrize("text", ["v2~POL~armour~100~2030~K2", "v0~POL~x", "v02~POL~x", "v9999~POL~x"])
def test_a_tag_this_app_does_not_write_is_refused_with_a_reason_not_misread(text: str) -> None:
    read = Versioned[str]("~", migrations=BEFORE_TAGS).read(text)
    assert read.value is None and read.rejected and read.problem == "version"


def test_a_format_that_never_went_untagged_refuses_untagged_values() -> None:
    read = Versioned[str](".", current=2, migrations={1: unchanged}).read("eJy")
    assert read.value is None and read.problem == "malformed"


def test_older_values_are_migrated_in_turn() -> None:
    """A toy format at version 3: untagged rows lack a currency, v1 rows write it lower case, v2 upper."""
    fmt: Versioned[str] = Versioned(
        "~",
        current=3,
        migrations={
            UNTAGGED: lambda v: v + "~usd",
            1: lambda v: v,
            2: lambda v: v[: -len("usd")] + "USD" if v.endswith("~usd") else None,
        },
    )
    assert fmt.write("POL~100~USD") == "v3~POL~100~USD"
    assert fmt.read("POL~100").value == "POL~100~USD"
    assert fmt.read("v1~POL~100~usd").value == "POL~100~USD"
    assert fmt.read("v2~POL~100~usd").value == "POL~100~USD"
    assert fmt.read("v3~POL~100~USD").value == "POL~100~USD"
    assert fmt.read("v2~POL~100~eur").problem == "malformed"  # a migration that cannot carry it over
    with pytest.raises(ValueError, match="one migration per version"):
        Versioned("~", current=3, migrations={UNTAGGED: unchanged, 2: unchanged})


def test_load_failures_are_malformed_not_exceptions() -> None:
    fmt: Versioned[int] = Versioned(".", load=int, dump=str)
    assert fmt.write(42) == "v1.42" and fmt.read("v1.42").value == 42
    assert fmt.read("v1.forty").problem == "malformed"


def test_the_tag_goes_where_an_untagged_value_holds_a_code() -> None:
    """An arms scenario's name comes first and may be anything, 'v1' included: its tag is second."""
    fmt: Versioned[str] = Versioned("~", migrations=BEFORE_TAGS, tag_at=1)
    assert fmt.write("v1~POL~armour~100~2030~K2") == "v1~v1~POL~armour~100~2030~K2"
    assert fmt.read("v1~POL~armour~100~2030~K2").value == "v1~POL~armour~100~2030~K2"  # a name, untagged
    assert fmt.read("v1~v1~POL~armour~100~2030~K2").value == "v1~POL~armour~100~2030~K2"


def test_every_row_format_reads_untagged_values_unchanged() -> None:
    for fmt in (arms.WI_FORMAT, arms.ASC_FORMAT, spending.SC_FORMAT, votes.CHANGES_FORMAT):
        assert fmt.current == 1 and fmt.migrations == BEFORE_TAGS


# ---------------------------------------------------------------- each codec: round trip, legacy, future
def _untag(value: str, fmt: Versioned[str]) -> str:
    """The value as a link from before tags carried it."""
    fields = value.split(fmt.separator)
    assert fields[fmt.tag_at] == fmt.tag, value
    del fields[fmt.tag_at]
    return fmt.separator.join(fields)


def _retag(value: str, fmt: Versioned[str], version: int) -> str:
    fields = value.split(fmt.separator)
    fields[fmt.tag_at] = f"v{version}"
    return fmt.separator.join(fields)


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


def _table(frame: pd.DataFrame) -> list[list[str]]:
    return frame.astype(str).values.tolist()


@SETTINGS
@given(rows, FUTURE)
def test_arms_wi_rows(items, future) -> None:  # noqa: ANN001
    frame = _frame(items)
    values = arms.encode_rows(frame)
    assert all(v.startswith("v1~") for v in values)
    linked = arms.decode_rows(values, ISO3)
    assert not linked.rejected and _table(linked.rows) == _table(frame)
    assert arms.encode_rows(linked.rows) == values  # stable: written back exactly as read
    legacy = arms.decode_rows([_untag(v, arms.WI_FORMAT) for v in values], ISO3)
    assert not legacy.rejected and _table(legacy.rows) == _table(frame)
    newer = [_retag(v, arms.WI_FORMAT, future) for v in values]
    assert arms.WI_FORMAT.read(newer[0]).problem == "version"
    assert arms.decode_rows(newer, ISO3).rejected and arms.decode_rows(newer, ISO3).rows.empty


named_deals = st.lists(
    st.tuples(TEXT.map(arms.normal_name).filter(lambda n: arms.name_problem(n) is None), rows),
    min_size=1,
    max_size=arms.MAX_SCENARIOS,
    unique_by=lambda x: x[0],
)


@SETTINGS
@given(named_deals, FUTURE)
def test_arms_asc_scenarios(named, future) -> None:  # noqa: ANN001
    kept = tuple(arms.NamedDeals.of(name, _frame(items)) for name, items in named)
    values = arms.encode_named(kept)
    if any(len(v) > arms.MAX_ASC_VALUE for v in values):
        return  # a value the page would never write (it refuses to keep such a scenario)
    linked = arms.decode_named(values, ISO3)
    assert not linked.rejected and linked.scenarios == kept
    assert arms.encode_named(linked.scenarios) == values
    legacy = arms.decode_named([_untag(v, arms.ASC_FORMAT) for v in values], ISO3)
    assert legacy == linked
    newer = [_retag(v, arms.ASC_FORMAT, future) for v in values]
    assert arms.ASC_FORMAT.read(newer[0]).problem == "version"
    assert arms.decode_named(newer, ISO3) == arms.LinkedNamed((), True)


@SETTINGS
@given(
    st.sampled_from(ISO3),
    st.floats(min_value=0.1, max_value=spending.TARGET_SHARE_MAX).map(lambda v: round(v, 2)),
    st.integers(min_value=2000, max_value=2060),
    st.floats(min_value=spending.GROWTH_MIN, max_value=spending.GROWTH_MAX).map(lambda v: round(v, 1)),
    TEXT.map(spending.clean_name).filter(lambda n: bool(n) and spending.name_problem(n) is None),
    FUTURE,
)
def test_spending_sc_scenarios(iso3, share, year, growth, name, future) -> None:  # noqa: ANN001
    named = spending.NamedScenario(name, spending.Scenario(iso3, share, year, growth))
    value = spending.encode_scenario(named)
    assert value.startswith("v1|")
    back = spending.decode_scenario(value, list(ISO3))
    assert back == named and back is not None and spending.encode_scenario(back) == value
    assert spending.decode_scenario(_untag(value, spending.SC_FORMAT), list(ISO3)) == named
    newer = _retag(value, spending.SC_FORMAT, future)
    assert spending.SC_FORMAT.read(newer).problem == "version"
    assert spending.decode_scenario(newer, list(ISO3)) is None


@SETTINGS
@given(st.dictionaries(st.sampled_from(ISO3), st.sampled_from(sorted(votes.VOTE_CODES)), min_size=1), FUTURE)
def test_votes_wi_votes_changes(changes, future) -> None:  # noqa: ANN001
    recorded = dict.fromkeys(ISO3, "X")
    changed = {m: v for m, v in changes.items() if v != "X"}
    value = votes.format_changes(changed)
    assert value.startswith("v1,")
    back = votes.parse_changes([value], recorded)
    assert back == (changed, False) and votes.format_changes(back[0]) == value
    assert votes.parse_changes([_untag(value, votes.CHANGES_FORMAT)], recorded) == (changed, False)
    newer = _retag(value, votes.CHANGES_FORMAT, future)
    assert votes.CHANGES_FORMAT.read(newer).problem == "version"
    assert votes.parse_changes([newer], recorded) == ({}, True)


# ---------------------------------------------------------------- the briefing's `b`
PAGES = sorted(FIGURE_PAGES)
NOTE = st.text(alphabet=st.characters(whitelist_categories=("L", "N", "Zs", "P")), max_size=40)
VIEWS = st.lists(
    st.builds(
        lambda page, years, title, note: View.of(page, {"years": [str(years), str(years + 1)]}, title, note),
        st.sampled_from(PAGES),
        st.integers(min_value=1990, max_value=2030),
        NOTE,
        NOTE,
    ),
    min_size=1,
    max_size=5,
)


@SETTINGS
@given(VIEWS, NOTE, st.integers(min_value=3, max_value=9999))
def test_briefing_b(views, title, future) -> None:  # noqa: ANN001
    briefing = bstate.decode(bstate.encode(Briefing(views=tuple(views), title=title)))
    encoded = bstate.encode(briefing)
    assert encoded.startswith("v2.")
    again = bstate.decode(encoded)
    assert again == briefing and not again.migrated and bstate.encode(again) == encoded
    # the same briefing as a first-version link: every view on its page's first figure, then written as v2
    v1 = {"t": title, "v": [[v.page, v.query_dict(), v.title, v.note] for v in briefing.views]}
    old = bstate.decode(bstate.FORMAT.write(v1).replace("v2.", "v1.", 1))
    assert old == briefing and old.migrated and bstate.encode(old) == encoded
    with pytest.raises(bstate.LinkProblem) as err:
        bstate.decode(re.sub(r"^v2\.", f"v{future}.", encoded))
    assert err.value.reason == "version"


def test_an_untagged_b_was_never_written_and_is_refused() -> None:
    encoded = bstate.encode(Briefing(views=(View.of("events", {}),)))
    with pytest.raises(bstate.LinkProblem) as err:
        bstate.decode(encoded.removeprefix("v2."))
    assert err.value.reason == "malformed"


def test_one_mechanism_reads_every_versioned_value() -> None:
    formats = (arms.WI_FORMAT, arms.ASC_FORMAT, spending.SC_FORMAT, votes.CHANGES_FORMAT, bstate.FORMAT)
    assert all(isinstance(f, urlstate.Versioned) for f in formats)


# ---------------------------------------------------------------- README's links, written before tags
def _readme_rows() -> list[tuple[str, str, str]]:
    from tests.unit.test_readme_urls import readme_examples

    versioned = {"wi", "asc", "sc", "wi_votes"}
    return [(page, key, query) for page, cell, query in readme_examples() for key in versioned if f"`{key}`" in cell]


@pytest.mark.parametrize(("page", "key", "query"), _readme_rows())
def test_a_readme_link_from_before_tags_opens_the_same_view_and_is_written_back_tagged(
    page: str, key: str, query: str
) -> None:
    import importlib
    from urllib.parse import parse_qs

    from atlas.core.figure import Datasets
    from atlas.core.pages import AREA_OF_PAGE

    module = importlib.import_module(f"atlas.{AREA_OF_PAGE[page]}.state")
    data = Datasets()
    old = parse_qs(query)
    assert not any(re.match(r"v[0-9]", v) or "~v1~" in v for v in old[key]), "README shows the untagged form"
    state, rejected = module.State.from_query(old, data)
    written = state.to_query()
    assert rejected == () and written[key] != old[key]
    assert all(re.match(r"v1[~|,]|[^~]+~v1~", v) for v in written[key]), written[key]
    again, rejected_again = module.State.from_query(written, data)
    assert again == state and rejected_again == ()
