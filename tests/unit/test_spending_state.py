"""The spending page's view state: URL codec (defaults left out, codes only), rejected keys, scenarios."""

from __future__ import annotations

import pytest

from atlas.core.figure import Datasets
from atlas.spending import whatif
from atlas.spending.state import URL_KEYS, Options, State
from atlas.spending.whatif import NamedScenario, Scenario

FULL = {
    "countries": ["KOR", "JPN"],
    "years": ["2010", "2020"],
    "metric": ["usd"],
    "prices": ["constant"],
    "base": ["2014"],
    "events": ["on"],
    "event_cat": ["defence_budget"],
    "rank_year": ["2015"],
    "wi_country": ["JPN"],
    "wi_target": ["2"],
    "wi_year": ["2030"],
    "wi_growth": ["3"],
    "sc": ["v1|KOR|3.5|2035|4|Plan A", "v1|JPN|2|2027|1.5|Japan"],  # as the page writes them
}


@pytest.fixture(scope="module")
def data() -> Datasets:
    return Datasets()


def test_an_empty_url_is_the_default_view_and_writes_nothing(data: Datasets) -> None:
    state, rejected = State.from_query({}, data)
    assert rejected == ()
    assert state == State()
    assert state.to_query() == {}


def test_every_key_round_trips_as_codes(data: Datasets) -> None:
    state, rejected = State.from_query(FULL, data)
    assert rejected == ()
    assert state.countries == ("KOR", "JPN") and state.years == (2010, 2020) and state.base == 2014
    assert state.prices == "constant" and state.events and state.rank_year == 2015
    assert state.scenarios == (
        NamedScenario("Plan A", Scenario("KOR", 3.5, 2035, 4.0)),
        NamedScenario("Japan", Scenario("JPN", 2.0, 2027, 1.5)),
    )
    assert state.to_query() == FULL
    assert set(state.to_query()) == set(URL_KEYS)  # every key the page declares is carried


def test_data_dependent_defaults_are_left_out(data: Datasets) -> None:
    opts = Options.of(data["defense_spending"])
    latest = opts.rank_years("share")[0]
    state, _ = State.from_query({"years": [str(opts.span[0]), str(opts.span[1])], "rank_year": [str(latest)]}, data)
    assert state.years is None and state.rank_year is None and state.to_query() == {}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("countries", "XYZ"),
        ("years", "1800-3000"),
        ("metric", "gdp"),
        ("prices", "real"),
        ("base", "1066"),
        ("events", "maybe"),
        ("event_cat", "<b>x</b>"),
        ("rank_year", "<b>2020</b>"),
        ("wi_country", "ZZZ"),
        ("wi_target", "500"),
        ("wi_year", "2035.5"),
        ("wi_growth", "nan"),
        ("sc", "KOR|3|2035"),
    ],
)
def test_a_bad_value_is_reset_and_its_key_reported(data: Datasets, key: str, value: str) -> None:
    state, rejected = State.from_query({key: [value]}, data)
    assert rejected == (key,)
    assert state == State()


def test_the_rank_year_is_checked_against_the_metric(data: Datasets) -> None:
    opts = Options.of(data["defense_spending"])
    share_only = sorted(set(opts.rank_years("share")) - set(opts.rank_years("usd")))
    if share_only:  # the fixture has years with a share but no dollar figure
        _, rejected = State.from_query({"metric": ["usd"], "rank_year": [str(share_only[0])]}, data)
        assert rejected == ("rank_year",)
    _, rejected = State.from_query({"rank_year": [str(opts.rank_years("share")[-1])]}, data)
    assert rejected == ()


def test_more_than_three_scenarios_keep_the_first_three_with_a_notice(data: Datasets) -> None:
    values = [f"KOR|{n}|2035|4|S{n}" for n in (2, 3, 4, 5)]
    state, rejected = State.from_query({"sc": values}, data)
    assert [k.name for k in state.scenarios] == ["S2", "S3", "S4"] and rejected == ("sc",)


def test_duplicate_scenario_names_keep_the_first(data: Datasets) -> None:
    state, rejected = State.from_query({"sc": ["KOR|3|2035|4|A", "JPN|2|2035|4|A"]}, data)
    assert [k.scenario.iso3 for k in state.scenarios] == ["KOR"] and rejected == ("sc",)


@pytest.mark.parametrize(
    "raw",
    [
        "KOR|3|2035|4|",
        "KOR|0|2035|4|zero",
        "KOR|3|2035|45|fast",
        "KOR|3|1999|4|early",
        "XYZ|3|2035|4|nowhere",
        "KOR|3|2035|4|bidi\u202eevil",
        "KOR|3|2035|4|zero\u200bwidth",
        "KOR|3|2035|4|" + "x" * 41,
    ],
)
def test_decode_rejects_what_the_page_would_not_accept(raw: str) -> None:
    assert whatif.decode_scenario(raw, ["KOR"]) is None


def test_encode_and_decode_are_inverse() -> None:
    assert whatif.name_problem("Korea | 3.5% plan") == ("separator", {"separator": "|"})
    named = NamedScenario(whatif.clean_name("  Korea   3.5% plan "), Scenario("KOR", 3.5, 2035, 4.0))
    assert named.name == "Korea 3.5% plan"
    assert whatif.decode_scenario(whatif.encode_scenario(named), ["KOR"]) == named


@pytest.mark.parametrize("name", ["=HYPERLINK(1)", "+1", "-plan", "@SUM(A1)", "Plan\tA"])
def test_scenario_names_obey_the_arms_page_rule(name: str) -> None:
    from atlas.arms import whatif as arms_whatif

    problem = whatif.name_problem(name)
    assert problem is not None and whatif.decode_scenario(f"KOR|3|2035|4|{name}", ["KOR"]) is None
    arms = arms_whatif.name_problem(name)
    assert arms is not None and arms.code == problem[0]


def test_keep_replaces_by_name_and_drops_the_oldest() -> None:
    a, b, c, d = (NamedScenario(n, Scenario("KOR", 3.0, 2035, 4.0)) for n in "ABCD")
    kept = whatif.keep(whatif.keep(whatif.keep((), a), b), c)
    assert whatif.keep(kept, d) == (b, c, d)
    a2 = NamedScenario("A", Scenario("KOR", 5.0, 2035, 4.0))
    assert whatif.keep(kept, a2) == (b, c, a2)


def _readme_examples() -> list[tuple[str, str]]:
    """(keys cell, example query) of README's URL table rows for the spending page."""
    import re

    from tests.support.apptest import ROOT

    rows = []
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and "/defense_spending" in cells[0]:
            example = re.search(r"`\?([^`]+)`", cells[3])
            if example:
                rows.append((cells[1], example.group(1)))
    return rows


def test_readme_links_open_their_view_without_a_notice(data: Datasets) -> None:
    from urllib.parse import parse_qs

    examples = _readme_examples()
    assert len(examples) >= 7  # the table is read, not skipped
    for keys, query in examples:
        parsed = parse_qs(query)
        assert set(parsed) <= set(URL_KEYS), keys
        state, rejected = State.from_query(parsed, data)
        assert rejected == (), query
        assert State.from_query(state.to_query(), data)[0] == state
