"""Export timings for bench/run.py: every page's slowest picture, decks and handouts, in both languages.

    python bench/exports.py            # prints the numbers
    python bench/exports.py --json     # the same as one line of JSON (tests/perf reads it)
    from bench.exports import time_exports; numbers = time_exports()

On the pages' default figures (through the briefing registry, as the Briefing page draws them):
- every figure of every page drawn as PNG, warm (median of `repeat`); per page and language the
  slowest, by name (wall time and this process's CPU time);
- a ten-figure deck and handout (PowerPoint and PDF): the Overview's four cards, then the other pages'
  figures in turn (the arms map, the vote matrix, spending over time, the events timeline, value by
  recipient, the spending ranking), so the map and the matrix are in it; the matrix of sixty decisions
  continues over three slides (twelve figure slides). Cold (no picture drawn before: a fresh picture
  cache, in a process that has drawn) and warm (median of `repeat`), in English and Korean;
- a five-view briefing of every figure page's default view (its first figure), PowerPoint and PDF,
  in English and Korean, once each on a warm process.
Goals on the 2-core machine: every picture under 1 s, the ten-figure deck under 3 s.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LANGS = ("en", "ko")
PICTURE_GOAL_S = 1.0
DECK_GOAL_S = 3.0  # ten figures, warm


def _worker_cpu_s() -> float:
    """CPU seconds the picture worker has used (atlas.render.vega: the pictures are drawn there), 0 when none runs."""
    import os

    from atlas.render import vega

    pid = vega.WORKER.pid()
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def seconds(fn: Callable[[], object], repeat: int = 1) -> tuple[float, float]:
    """Median wall time and median CPU time of fn over `repeat` calls: this process's (every thread) and
    the picture worker's, which draws the pictures (a worker started by the call counts from its start).

    On a shared machine the wall time grows with other work; the CPU time is what the export costs,
    close to what an idle machine's wall time would be (vl-convert draws on one thread).
    """
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu, worker = time.perf_counter(), time.process_time(), _worker_cpu_s()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu + max(0.0, _worker_cpu_s() - worker))
    return statistics.median(walls), statistics.median(cpus)


def page_figures(lang: str) -> dict[str, list[Any]]:
    """Every figure page's default figures that draw a chart, by page."""
    from atlas.briefing import registry
    from atlas.briefing.model import FIGURE_PAGES
    from atlas.core.figure import Datasets

    data = Datasets()
    out: dict[str, list[Any]] = {}
    for page in FIGURE_PAGES:
        try:
            out[page] = [f for f in registry.figures_for(page, {}, lang, data) if f.chart is not None]
        except registry.AreaUnavailable:
            continue
    return out


def slowest_pictures(lang: str, repeat: int = 3) -> dict[str, tuple[str, float, float]]:
    """Per page: (figure id, wall s, CPU s) of its slowest PNG (by CPU time: steadier), warm."""
    from atlas.render import picture

    out = {}
    for page, figs in page_figures(lang).items():
        timed = []
        for fig in figs:
            picture.png(fig)  # warm: this figure's fonts and spec paths
            timed.append((fig.id, *seconds(partial(picture.png, fig), repeat)))
        if timed:
            out[page] = max(timed, key=lambda x: x[2])
    return out


def ten_figures(lang: str) -> list[Any]:
    """The Overview's four cards, then one figure of each other page in turn until there are ten."""
    pages = page_figures(lang)
    figs = list(pages.pop("overview", []))
    queues = [list(p) for p in pages.values()]
    while len(figs) < 10 and any(queues):
        for queue in queues:
            if queue and len(figs) < 10:
                figs.append(queue.pop(0))
    return figs


def ten_figure_handout(lang: str) -> Any:
    from atlas.briefing.captions import slide_caption
    from atlas.briefing.figures import Handout, Slide

    figs = ten_figures(lang)
    slides = tuple(Slide(i + 1, f.title, f.subtitle, f, slide_caption(f), "", "") for i, f in enumerate(figs))
    return Handout(lang, "Benchmark", date.today(), (), slides)


def default_briefing_handout(lang: str) -> Any:
    """A briefing of five views, each figure page's default view with its first figure (a slide a view; the
    vote matrix continues over three)."""
    from atlas.briefing.figures import handout
    from atlas.briefing.model import FIGURE_PAGES, Briefing, View
    from atlas.core.figure import Datasets

    briefing = Briefing(views=tuple(View.of(page, {}) for page in FIGURE_PAGES), title="Benchmark")
    return handout(briefing, lang, Datasets())


def _cold_deck(handout: Any) -> bytes:
    """The deck with no picture drawn before (a new memo)."""
    from atlas.render import deck

    return deck.build(handout, draw=deck.memo())


def _figure_slides(handout: Any) -> list[Any]:
    """The slides a handout's figures take (a matrix too big for one slide continues on the next)."""
    from atlas.render import deck

    return [shown for s in handout.slides for shown in deck.shown_slides(s)]


def time_exports(repeat: int = 3) -> dict[str, Any]:
    """Seconds (wall, CPU): cold first picture; per language every page's slowest picture, the ten-figure
    deck and handout, and the five-view briefing's deck and handout (with its figure count)."""
    from atlas.render import deck, pdf, picture

    first = page_figures("en")["defense_spending"][0]
    result: dict[str, Any] = {"picture_cold_s": seconds(lambda: picture.png(first))}
    for lang in LANGS:
        ten = ten_figure_handout(lang)
        warm = deck.memo()  # the Briefing page keeps drawn slide pictures in its shared cache
        deck.build(ten, draw=warm)
        five = default_briefing_handout(lang)
        five_warm = deck.memo()
        result[lang] = {
            "slowest": slowest_pictures(lang, repeat),
            "pptx_10_cold_s": seconds(partial(_cold_deck, ten)),
            "pptx_10_s": seconds(partial(deck.build, ten, draw=warm), repeat),
            "pdf_10_s": seconds(partial(pdf.build, ten, draw=warm), repeat),
            "ten_figures": [s.figure.id for s in ten.slides],
            "ten_slides": len(_figure_slides(ten)),
            "briefing_figures": len(five.figures),
            "briefing_slides": len(_figure_slides(five)),
            "briefing_pptx_s": seconds(partial(deck.build, five, draw=five_warm)),
            "briefing_pdf_s": seconds(partial(pdf.build, five, draw=five_warm)),
        }
    return result


def _s(pair: Any) -> str:
    wall, cpu = pair
    return f"{wall:.2f} s ({cpu:.2f})"


def report_lines(exports: dict[str, Any]) -> list[str]:
    """The exports part of the bench's report: seconds of wall time, CPU time in brackets."""
    pages = list(exports["en"]["slowest"])
    lines = [
        "| slowest picture, PNG, warm: wall (CPU) | " + " | ".join(pages) + " |",
        "|---|" + "---|" * len(pages),
    ]
    for lang in LANGS:
        cells = []
        for page in pages:
            fig_id, wall, cpu = exports[lang]["slowest"][page]
            cells.append(f"{_s((wall, cpu))} `{fig_id}`")
        lines.append(f"| {'English' if lang == 'en' else 'Korean'} | " + " | ".join(cells) + " |")
    en, ko = exports["en"], exports["ko"]
    n = en.get("briefing_slides", en["briefing_figures"])
    ten = en.get("ten_slides", 10)
    five = f"five default views ({n} figure slides)"
    lines += [
        "",
        "| export (warm unless cold): wall (CPU) | English | Korean |",
        "|---|---:|---:|",
        f"| ten-figure deck ({ten} figure slides), PowerPoint, cold | {_s(en['pptx_10_cold_s'])} | "
        f"{_s(ko['pptx_10_cold_s'])} |",
        f"| ten-figure deck, PowerPoint | {_s(en['pptx_10_s'])} | {_s(ko['pptx_10_s'])} |",
        f"| ten-figure handout, PDF | {_s(en['pdf_10_s'])} | {_s(ko['pdf_10_s'])} |",
        f"| {five}, PowerPoint | {_s(en['briefing_pptx_s'])} | {_s(ko['briefing_pptx_s'])} |",
        f"| {five}, PDF | {_s(en['briefing_pdf_s'])} | {_s(ko['briefing_pdf_s'])} |",
        "",
        "The ten figures: " + ", ".join(f"`{x}`" for x in en.get("ten_figures", [])) + ".",
        "",
        f"First picture in a fresh process: {_s(exports['picture_cold_s'])}. Goals: every picture under "
        f"{PICTURE_GOAL_S:.0f} s, the ten-figure deck under {DECK_GOAL_S:.0f} s (wall time). The CPU time "
        "in brackets is what the drawing cost this process and the picture worker that draws; when the machine "
        "is busy it is the closer estimate of an idle machine's wall time.",
    ]
    return lines


if __name__ == "__main__":
    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
        raise SystemExit(0)
    numbers = time_exports()
    if "--json" in sys.argv:  # for tests/perf (one line, last)
        print(json.dumps(numbers))
    else:
        print("\n".join(report_lines(numbers)))
