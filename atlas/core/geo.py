"""The shipped world geometry (data/world_110m.geojson, built by tools/build_world.py).

Read and checked by atlas.core.data like every other file: a missing or broken file raises DataError,
and the pages that draw a map do without it (world_problem says why)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from atlas.core import data


def _version(data_dir: Path | None) -> data.FileVersion:
    return data.file_version(data.WORLD_FILE, data_dir)


@lru_cache(maxsize=2)
def _world_text(version: data.FileVersion) -> str:
    # Keyed on the file's version: a changed file is read again. Cached only once it has been read and
    # checked: a missing or broken file is looked for again on the next run.
    return data.load_world_text(Path(version[0]).parent)


def world_problem(data_dir: Path | None = None) -> str | None:
    """Why the world geometry cannot be drawn (the DataError's message), or None when it can."""
    try:
        _world_text(_version(data_dir))
    except data.DataError as err:
        return str(err)
    return None


def load_world(data_dir: Path | None = None) -> dict:
    """The world as a GeoJSON FeatureCollection (a fresh dict per call: callers may annotate it)."""
    return json.loads(_world_text(_version(data_dir)))


def world_codes(data_dir: Path | None = None) -> set[str]:
    return {f["properties"]["iso3"] for f in load_world(data_dir)["features"]}


def marker_codes(data_dir: Path | None = None) -> list[str]:
    """Countries drawn as a small circle because 1:110m has no outline for them."""
    return list(_summary(_version(data_dir))[0])


def shape_count(data_dir: Path | None = None) -> int:
    return _summary(_version(data_dir))[1]


@lru_cache(maxsize=2)
def _summary(version: data.FileVersion) -> tuple[tuple[str, ...], int]:
    # Read once per process, like the text itself: the Sources page states both on every run, and
    # parsing the 160 kB file each time was half of that page's cost under load.
    features = json.loads(_world_text(version))["features"]
    markers = sorted(f["properties"]["iso3"] for f in features if f["properties"].get("marker"))
    return tuple(markers), len(features)
