"""The shipped world geometry (data/world_110m.geojson, built by tools/build_world.py).

Read and checked by atlas.core.data like every other file: a missing or broken file raises DataError,
and the pages that draw a map do without it (world_problem says why)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from atlas.core import data


def _path(data_dir: Path | None) -> Path:
    # The data folder is looked up at call time, as the CSV loaders do (tests and bench point it elsewhere).
    return (data_dir or data.DATA_DIR) / data.WORLD_FILE


@cache
def _world_text(path: Path) -> str:
    # Cached only once it has been read and checked: a missing file is looked for again on the next run.
    return data.load_world_text(path.parent)


def world_problem(data_dir: Path | None = None) -> str | None:
    """Why the world geometry cannot be drawn (the DataError's message), or None when it can."""
    try:
        _world_text(_path(data_dir))
    except data.DataError as err:
        return str(err)
    return None


def load_world(data_dir: Path | None = None) -> dict:
    """The world as a GeoJSON FeatureCollection (a fresh dict per call: callers may annotate it)."""
    return json.loads(_world_text(_path(data_dir)))


def world_codes(data_dir: Path | None = None) -> set[str]:
    return {f["properties"]["iso3"] for f in load_world(data_dir)["features"]}


def marker_codes(data_dir: Path | None = None) -> list[str]:
    """Countries drawn as a small circle because 1:110m has no outline for them."""
    return list(_summary(_path(data_dir))[0])


def shape_count(data_dir: Path | None = None) -> int:
    return _summary(_path(data_dir))[1]


@cache
def _summary(path: Path) -> tuple[tuple[str, ...], int]:
    # Read once per process, like the text itself: the Sources page states both on every run, and
    # parsing the 160 kB file each time was half of that page's cost under load.
    features = json.loads(_world_text(path))["features"]
    markers = sorted(f["properties"]["iso3"] for f in features if f["properties"].get("marker"))
    return tuple(markers), len(features)
