"""Every cache follows the files: a data file changed while the app runs shows on the next rerun.

Each test changes one file under a running AppTest (same session, no restart) and reruns. The caches
involved: the loaded datasets (atlas.ui), the one figure cache (atlas.ui.figure_cache), country names
(atlas.i18n), the world geometry (atlas.core.geo), the catalogue's dates (atlas.core.figure) and the
events page's links into deals and decisions.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from atlas.core import data
from tests.support.apptest import all_text, deck_specs, open_page, run, shown

pytestmark = pytest.mark.xdist_group("files_followed")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the data folder the app reads, for this test alone."""
    copy = tmp_path / "data"
    shutil.copytree(data.DATA_DIR, copy)
    monkeypatch.setattr(data, "DATA_DIR", copy)
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    stat = path.stat()
    path.write_text(text.replace(old, new), encoding="utf-8")
    # A later modification time even on a file system whose clock is coarse: the version is (mtime, size).
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


@pytest.mark.parametrize(
    ("page", "file", "old", "new"),
    [
        ("events", "events.csv", "Finland approves purchase of 48 used K9 Thunder howitzers",
         "Finland approves purchase of 48 used K9 Thunder guns (edited)"),
        ("unsc_votes", "unsc_decisions.csv", "UAE draft demanding an immediate humanitarian ceasefire in Gaza",
         "UAE draft on a ceasefire in Gaza (retitled)"),
    ],
    ids=["event", "decision"],
)  # fmt: skip
def test_a_title_changed_in_its_file_shows_on_the_next_rerun(folder: Path, page: str, file: str, old: str,
                                                              new: str) -> None:  # fmt: skip
    at = open_page(page)
    assert old in all_text(at)
    _edit(folder / file, old, new)
    text = all_text(run(at))
    assert new in text
    assert old not in text


def test_a_country_renamed_in_its_file_shows_in_figures_and_names(folder: Path) -> None:
    """countries.csv feeds the country names (i18n) and every area's figures that name a country."""
    at = open_page("arms_exports")
    assert "Poland" in at.multiselect(key="recipients").options
    _edit(folder / "countries.csv", "POL,PL,Poland,", "POL,PL,Polandia,")
    time.sleep(1.1)  # country_name looks at the file's version at most once a second
    run(at)
    options = at.multiselect(key="recipients").options
    assert "Polandia" in options
    assert "Poland" not in options
    assert '"Polandia"' in all_text(at)  # the figures' data too, not only the filter


def test_a_spending_figure_changed_in_its_file_shows_on_the_next_rerun(folder: Path) -> None:
    at = open_page("defense_spending")
    assert "2.97" not in all_text(at)
    _edit(folder / "defense_spending.csv", "KOR,2024,2.56,", "KOR,2024,2.97,")
    assert "2.97" in all_text(run(at))


def test_the_world_file_removed_and_restored_is_followed(folder: Path) -> None:
    at = open_page("arms_exports")
    assert deck_specs(at)
    world = folder / data.WORLD_FILE
    kept = world.read_bytes()
    world.unlink()
    run(at)
    assert not deck_specs(at)
    assert any("map is not drawn" in shown(w.value) for w in at.warning)
    world.write_bytes(kept)
    run(at)
    assert deck_specs(at)


def test_the_catalogue_date_changed_shows_in_the_figures_span(folder: Path) -> None:
    """A figure's "current to" comes from catalog.toml, read once per version of that file."""
    at = open_page("events")
    catalogue = folder / "catalog.toml"
    text = catalogue.read_text(encoding="utf-8")
    block = text[text.index('id = "events"') :]
    current = block[block.index('current_to = "') + len('current_to = "') :][:10]
    _edit(catalogue, f'current_to = "{current}"', 'current_to = "2019-03-04"')
    assert "4 March 2019" in all_text(run(at)) or "2019-03-04" in all_text(at)
