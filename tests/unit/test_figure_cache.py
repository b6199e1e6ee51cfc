"""The one figure cache (atlas.ui.figure_cache): its key holds every file an area reads and the whole view."""

from __future__ import annotations

from dataclasses import replace

import pytest

from atlas.briefing import registry
from atlas.briefing.model import View
from atlas.core import data
from atlas.core.pages import REGISTRY
from atlas.ui import figure_cache

FIGURE_PAGES = [p for p in REGISTRY if p.has_figures]
# Views that read more than the default one: event markers, constant prices, SIPRI's measure.
VIEWS: dict[str, list[dict[str, list[str]]]] = {
    "arms_exports": [{}, {"events": ["on"], "prices": ["constant"]}, {"measure": ["tiv"]}],
    "unsc_votes": [{}, {"section": ["key"]}],
    "defense_spending": [{}, {"events": ["on"], "prices": ["constant"]}],
    "events": [{}],
    "overview": [{}],
}


class Recording:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def __getitem__(self, name: str) -> object:
        self.used.add(name)
        return data.load(name)

    def __contains__(self, name: object) -> bool:
        return name in data.SPECS


@pytest.mark.parametrize("page", FIGURE_PAGES, ids=lambda p: p.id)
def test_every_dataset_a_view_reads_is_declared_by_its_area(page) -> None:  # noqa: ANN001
    """An undeclared file would leave a figure stale after that file changes."""
    declared = set(figure_cache.reads(page.area))
    for query in VIEWS[page.id]:
        recording = Recording()
        registry.figures_for(page.id, query, "en", recording)
        assert recording.used <= declared, (page.id, query, recording.used - declared)


def test_reads_include_the_files_a_dataset_is_checked_against() -> None:
    assert "countries" in figure_cache.reads("votes")  # unsc_votes.member_iso3 -> countries
    assert {"arms_exports", "unsc_decisions"} <= set(figure_cache.reads("events"))  # the list's links


def test_the_versions_cover_the_catalogue_and_the_world_map() -> None:
    names = {v[0].rsplit("/", 1)[-1] for v in figure_cache.versions("events")}
    assert {"events.csv", "catalog.toml", data.WORLD_FILE} <= names


def test_the_key_tells_apart_views_a_link_cannot() -> None:
    """No country chosen draws nothing, yet its URL is the default view's: the key must differ."""
    from atlas.spending.state import State

    empty = replace(State(), countries=())
    assert empty.to_query() == State().to_query()
    assert figure_cache.view_key(empty) != figure_cache.view_key(State())
    # No stage chosen on the arms page shows no deal; its link, too, opens the default stages.
    from atlas.arms.state import State as Arms

    no_stage = Arms(stage=())
    assert no_stage.to_query() == Arms().to_query()
    assert figure_cache.view_key(no_stage) != figure_cache.view_key(Arms())


def test_the_arms_key_holds_every_what_if_row() -> None:
    """The arms link carries at most MAX_URL_ROWS what-if rows; the key carries them all."""
    from atlas.arms import whatif
    from atlas.arms.state import State

    rows = [f"VNM~aircraft~{i + 1}~2030~n{i}" for i in range(whatif.MAX_URL_ROWS + 5)]
    many = whatif.decode_rows(rows, {"VNM"}, limit=len(rows)).rows
    assert len(many) == whatif.MAX_URL_ROWS + 5
    fewer = many.iloc[:-1]
    assert State(wi=many).to_query() == State(wi=fewer).to_query()  # the URL caps the rows
    assert figure_cache.view_key(State(wi=many)) != figure_cache.view_key(State(wi=fewer))


def test_a_briefing_view_key_is_its_query() -> None:
    from atlas.ui.briefing import _query_key

    a = View.of("unsc_votes", {"section": ["key"]}, "Title A")
    b = View.of("unsc_votes", {"section": ["key"]}, "Another title")
    assert _query_key(a) == _query_key(b)  # titles and notes do not change the figures
