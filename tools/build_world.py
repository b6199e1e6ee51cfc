"""Regenerate data/world_110m.geojson (run by hand; not imported by the app).

Source: Natural Earth 1:110m admin-0 countries (public domain), the copy shipped inside
the pyogrio wheel. That copy codes France and Norway as -99; we set FRA and NOR. Small
states that 1:110m leaves out (Malta, Saint Vincent and the Grenadines, Singapore ...)
but that our datasets name get a small marker circle around their capital, flagged
`marker=true`, so every country the app talks about can be drawn and hovered.
Coordinates are simplified and rounded to 0.01 degree to keep the file small.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import Point

ROOT = Path(__file__).resolve().parents[1]
SRC = Path(pyogrio.__file__).parent / "tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp"
FIXES = {"France": "FRA", "Norway": "NOR"}
MARKER_RADIUS_DEG = 0.6


def build() -> gpd.GeoDataFrame:
    world = gpd.read_file(SRC)[["name", "iso_a3", "geometry"]]
    world["iso_a3"] = [FIXES.get(n, c) for n, c in zip(world["name"], world["iso_a3"])]
    world = world[world["iso_a3"] != "-99"].rename(columns={"iso_a3": "iso3"})
    world["marker"] = False
    countries = pd.read_csv(ROOT / "data" / "countries.csv")
    missing = countries[~countries["iso3"].isin(world["iso3"])]
    extra = gpd.GeoDataFrame(
        {
            "name": missing["name_en"],
            "iso3": missing["iso3"],
            "marker": True,
            "geometry": [
                Point(lon, lat).buffer(MARKER_RADIUS_DEG, 8) for lat, lon in zip(missing["lat"], missing["lon"])
            ],
        },
        crs=world.crs,
    )
    out = pd.concat([world, extra], ignore_index=True)
    out["geometry"] = shapely.set_precision(out.geometry.simplify(0.05, preserve_topology=True), 0.01)
    return gpd.GeoDataFrame(out[["iso3", "name", "marker", "geometry"]], crs=world.crs)


if __name__ == "__main__":
    gdf = build()
    path = ROOT / "data" / "world_110m.geojson"
    gj = json.loads(gdf.to_json(drop_id=True))
    path.write_text(json.dumps(gj, separators=(",", ":")), encoding="utf-8")
    print(
        f"wrote {len(gdf)} shapes ({path.stat().st_size} bytes); markers: {', '.join(gdf.loc[gdf.marker, 'iso3'])}",
        file=sys.stderr,
    )
