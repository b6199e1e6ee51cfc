"""Export timings for bench/run.py: one chart picture, and a ten-figure deck and handout, cold and warm.

    from bench.exports import time_exports; numbers = time_exports()

Uses the real pages' default figures (through the briefing registry) when the area packages
exist, else a synthetic bar chart of the same size; says which in the result. Cold: every slide
picture drawn; warm: the pictures already drawn (the Briefing page keeps them in its shared cache),
only the files assembled. Goals on the 2-core machine: a picture under 1 s, a ten-figure deck
under 6 s cold and 3 s warm.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _synthetic(i: int):  # noqa: ANN202
    import altair as alt
    import pandas as pd

    from atlas.core.figure import Figure, Source

    rows = pd.DataFrame({"year": list(range(2000, 2025)), "value": [2.0 + 0.03 * y for y in range(25)]})
    chart = alt.Chart(rows).mark_bar().encode(x="year:O", y="value:Q")
    return Figure(
        f"bench.{i}",
        f"Benchmark figure {i}",
        "2000–2024",
        chart,
        rows,
        "A caption.",
        (Source("SIPRI", "https://www.sipri.org"),),
        date(2024, 12, 31),
        "/defense_spending",
    )


def _figures(n: int) -> tuple[list, str]:
    from atlas.briefing import registry
    from atlas.briefing.model import FIGURE_PAGES
    from atlas.core.figure import Datasets

    figs: list = []
    data = Datasets()
    for page in FIGURE_PAGES:
        try:
            figs += [f for f in registry.figures_for(page, {}, "en", data) if f.chart is not None]
        except registry.AreaUnavailable:
            continue
    if figs:
        return [figs[i % len(figs)] for i in range(n)], "pages' default figures"
    return [_synthetic(i) for i in range(n)], "synthetic figures (no area package found)"


def _median(fn, repeat: int = 3) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_exports(repeat: int = 3) -> dict[str, float | str]:
    """Seconds: cold first picture, warm PNG and SVG (median), ten-figure PPTX and PDF cold and warm (median)."""
    from atlas.briefing.captions import slide_caption
    from atlas.briefing.figures import Handout, Slide
    from atlas.render import deck, pdf, picture

    figs, kind = _figures(10)
    start = time.perf_counter()
    picture.png(figs[0])
    cold = time.perf_counter() - start
    slides = tuple(Slide(i + 1, f.title, f.subtitle, f, slide_caption(f), "", "") for i, f in enumerate(figs))
    handout = Handout("en", "Benchmark", date.today(), (), slides)
    warm = deck.memo()
    deck.build(handout, draw=warm)  # draws every picture once
    return {
        "figures": kind,
        "picture_cold_s": round(cold, 3),
        "png_s": round(_median(lambda: picture.png(figs[0]), repeat), 3),
        "svg_s": round(_median(lambda: picture.svg(figs[0]), repeat), 3),
        "pptx_10_cold_s": round(_median(lambda: deck.build(handout, draw=deck.memo()), repeat), 3),
        "pptx_10_warm_s": round(_median(lambda: deck.build(handout, draw=warm), repeat), 3),
        "pdf_10_warm_s": round(_median(lambda: pdf.build(handout, draw=warm), repeat), 3),
        "both_10_cold_s": round(_median(lambda: _both(handout), repeat), 3),
    }


def _both(handout) -> None:  # noqa: ANN001
    """What the Briefing page's one button makes: the deck and the PDF, sharing their pictures."""
    from atlas.render import deck, pdf

    draw = deck.memo()
    deck.build(handout, draw=draw)
    pdf.build(handout, draw=draw)


if __name__ == "__main__":
    for key, value in time_exports().items():
        print(f"{key}: {value}")
