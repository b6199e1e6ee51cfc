"""The votes page at the size of the whole record: figures() and the vote matrix's picture, timed on a
synthetic Council record of about 2,000 decisions 1994-2026 (tests/support/council.py). Run by hand:

    python bench/votes_scale.py          # median CPU time of 3 runs (5 for the default view)

CPU time of this process (all threads, vl-convert's included), so that a busy machine shared with other
work changes the numbers less than wall time would.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def median_cpu(fn: Callable[[], object], repeat: int = 3) -> float:
    fn()  # warm: imports, fonts, caches
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    from atlas.core import data
    from atlas.core.figure import Datasets
    from atlas.render import picture
    from atlas.votes import figures
    from atlas.votes.state import SECTIONS, State
    from tests.support.council import write_record

    out = write_record(Path(tempfile.mkdtemp()))
    bundle = Datasets(loader=lambda n: data.load(n, out), available=lambda: data.available(out))
    print(f"{len(bundle['unsc_decisions'])} decisions, {len(bundle['unsc_votes'])} votes (synthetic)")
    for lang in ("en", "ko"):
        default = median_cpu(partial(figures.figures, State(), bundle, lang), 5)
        print(f"figures() default view (matrix), {lang}: {default * 1000:.0f} ms")
        every = sum(median_cpu(partial(figures.figures, State(section=s), bundle, lang)) for s in SECTIONS)
        print(f"figures() every section ({len(SECTIONS)}), {lang}: {every * 1000:.0f} ms")
        fig = figures.figures(State(), bundle, lang)[0]
        png = median_cpu(partial(picture.png, fig))
        print(f"matrix PNG, {lang}: {png:.2f} s ({fig.table.shape[1] - 1} columns)")


if __name__ == "__main__":
    main()
