"""Without data/world_110m.geojson the pages that draw or describe the map still open, and say why."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from atlas.briefing import state as bstate
from atlas.briefing.model import Briefing, View
from atlas.core import data
from tests.support.apptest import all_text, charts, deck_specs, open_page, shown


@pytest.fixture
def no_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, folder)
    (folder / data.WORLD_FILE).unlink()
    monkeypatch.setattr(data, "DATA_DIR", folder)
    original_load, original_available = data.load, data.available
    monkeypatch.setattr(data, "load", lambda dataset, data_dir=folder: original_load(dataset, data_dir))
    monkeypatch.setattr(data, "available", lambda data_dir=folder: original_available(data_dir))
    return folder


@pytest.mark.usefixtures("no_world")
def test_the_arms_page_is_drawn_without_the_map_and_says_so() -> None:
    at = open_page("arms_exports")
    assert not deck_specs(at)
    assert len(charts(at)) >= 3  # value by recipient, deals by year, the rank: all still drawn
    (missing,) = [shown(w.value) for w in at.warning if "map is not drawn" in w.value]
    assert "data/world_110m.geojson: file not found" in missing


@pytest.mark.usefixtures("no_world")
def test_the_sources_page_names_the_missing_geometry() -> None:
    at = open_page("sources")
    assert any("data/world_110m.geojson: file not found" in shown(e.value) for e in at.error)


@pytest.mark.usefixtures("no_world")
def test_a_briefing_with_an_arms_view_opens_without_the_map() -> None:
    at = open_page("briefing", {"b": bstate.encode(Briefing(views=(View.of("arms_exports", {}, "Deals"),)))})
    assert "1. Deals" in [h.value for h in at.subheader]
    assert charts(at)
    assert "Traceback" not in all_text(at)


def test_a_broken_world_file_is_refused_with_where(tmp_path: Path) -> None:
    (tmp_path / data.WORLD_FILE).write_text('{"type": "FeatureCollection", "features": [{"properties": {}}]}')
    with pytest.raises(data.DataError, match=r"feature 1: expected an ISO3 code in properties.iso3, found None"):
        data.load_world_text(tmp_path)
    (tmp_path / data.WORLD_FILE).write_text("{not json")
    with pytest.raises(data.DataError, match=r"data/world_110m.geojson: not valid GeoJSON|world_110m.geojson: not"):
        data.load_world_text(tmp_path)
