"""README's Performance numbers are the bench's: the section between the bench markers is bench/results.md.

`python bench/run.py` writes both; a hand edit of either, or a results file committed without the
README (or the other way round), fails here.
"""

from __future__ import annotations

from bench.run import README, RESULTS, readme_section


def test_readme_performance_section_is_the_checked_in_bench_results() -> None:
    assert readme_section(README.read_text(encoding="utf-8")) == RESULTS.read_text(encoding="utf-8")


def test_the_results_are_a_bench_report() -> None:
    results = RESULTS.read_text(encoding="utf-8")
    assert results.startswith("Benchmark of ") and "| baseline (one-line app) |" in results
    assert "slowest picture" in results and "ten-figure deck" in results
    # Single samples misled (one filter change read 3.5 s, the next 0.9 s): the browser and websocket columns
    # are medians shown with their range.
    assert "filter change to redrawn, Chromium, median (min–max)" in results
    assert "rerun over the websocket, median (min–max)" in results
