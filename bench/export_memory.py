"""What pictures for exports hold in the server's memory: N distinct briefing pictures through the page's
own cache (atlas.briefing.view._png_of_spec), then the process's resident memory and the cache's content.

    python bench/export_memory.py [--pictures 40] [--lang ko]

Prints one line per stage (MB resident, after a full collection and malloc_trim, as the server does when
sessions end), then the picture worker's (atlas.render.vega: the pictures are drawn there). A measurement, not a
test; run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def settled_mb() -> float:
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass
    return rss_mb()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pictures", type=int, default=40, help="distinct pictures to draw (default 40)")
    ap.add_argument("--lang", default="ko", choices=["en", "ko"])
    args = ap.parse_args()

    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from atlas.briefing import registry
    from atlas.briefing import view as bview
    from atlas.core.figure import Datasets

    print(f"start: {settled_mb():.0f} MB")
    figs = [f for f in registry.figures_for("defense_spending", {}, args.lang, Datasets()) if f.chart is not None]
    print(f"figures built: {settled_mb():.0f} MB")
    sizes: list[int] = []
    t0 = time.perf_counter()
    for i in range(args.pictures):
        fig = replace(figs[i % len(figs)], subtitle=f"{figs[i % len(figs)].subtitle} · {i}")  # a distinct spec
        png = bview.draw_slide(fig, 1600, 700)
        sizes.append(len(png))
        if i in (0, 15, args.pictures - 1):
            print(f"after {i + 1} pictures: {settled_mb():.0f} MB")
    elapsed = time.perf_counter() - t0
    mean = sum(sizes) / len(sizes) / 1e6
    cap = bview.PICTURE_CACHE_ENTRIES
    print(f"{args.pictures} pictures in {elapsed:.0f} s, {mean:.2f} MB each on average")
    print(f"the cache holds at most {cap} of them: {cap * mean:.0f} MB (64 entries would hold {64 * mean:.0f} MB)")
    bview._png_of_spec.clear()
    print(f"cache cleared: {settled_mb():.0f} MB")
    from atlas.render import vega

    pid = vega.WORKER.pid()
    if pid is not None:  # vl-convert's engine lives there, and leaves with it (vega.IDLE_S after the last picture)
        print(f"the picture worker: {rss_mb(pid):.0f} MB")
    json.dumps(sizes)


if __name__ == "__main__":
    main()
