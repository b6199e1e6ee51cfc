"""The shipped world geometry (data/world_110m.geojson, built by tools/build_world.py)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from atlas.core.data import DATA_DIR

WORLD_FILE = "world_110m.geojson"


@cache
def _world_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load_world(data_dir: Path = DATA_DIR) -> dict:
    """The world as a GeoJSON FeatureCollection (a fresh dict per call: callers may annotate it)."""
    return json.loads(_world_text(data_dir / WORLD_FILE))


def world_codes(data_dir: Path = DATA_DIR) -> set[str]:
    return {f["properties"]["iso3"] for f in load_world(data_dir)["features"]}


def marker_codes(data_dir: Path = DATA_DIR) -> list[str]:
    """Countries drawn as a small circle because 1:110m has no outline for them."""
    return list(_summary(data_dir / WORLD_FILE)[0])


def shape_count(data_dir: Path = DATA_DIR) -> int:
    return _summary(data_dir / WORLD_FILE)[1]


@cache
def _summary(path: Path) -> tuple[tuple[str, ...], int]:
    # Read once per process, like the text itself: the Sources page states both on every run, and
    # parsing the 160 kB file each time was half of that page's cost under load.
    features = json.loads(_world_text(path))["features"]
    markers = sorted(f["properties"]["iso3"] for f in features if f["properties"]["marker"])
    return tuple(markers), len(features)
