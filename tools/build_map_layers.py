"""Write the live map's fixed layers to static/map/ from data/world_110m.geojson and data/countries.csv.

    python tools/build_map_layers.py           # after tools/build_world.py or a change of country names
    python tools/build_map_layers.py --check   # exit 1 if the files differ from what the data gives

The browser fetches these once (Streamlit serves static/ at /app/static/); the page sends only what a
filter changes (atlas/arms/maps.py). tests/unit/test_maps.py runs --check.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "static" / "map"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = ap.parse_args()
    os.environ["ATLAS_DATA_DIR"] = str(ROOT / "data")  # always the shipped data, whatever the shell says
    sys.path.insert(0, str(ROOT))
    from atlas import i18n
    from atlas.arms import maps
    from atlas.core import geo

    files = maps.static_layers(geo.load_world(ROOT / "data"), i18n.LANGUAGES)
    stale = [
        name for name, text in files.items() if not (OUT / name).exists() or (OUT / name).read_text("utf-8") != text
    ]
    if args.check:
        for name in stale:
            print(f"static/map/{name} differs from the data: run python tools/build_map_layers.py", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"wrote static/map/{name} ({len(text.encode()):,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
