"""The bench's report cells: a median with the range of its samples, and the redraw column against the
one-line app's (bench/run.py)."""

from __future__ import annotations

from bench.run import redraw_cells, spread


def test_a_measurement_shows_its_median_and_its_range() -> None:
    assert spread([1210.4, 96.0, 3477.0, 512.2, 700.0]) == "700 (96–3,477)"
    assert spread([42.0]) == "42 (42–42)"


def test_the_redraw_column_is_a_spread_and_a_ratio_of_medians() -> None:
    assert redraw_cells([900.0, 300.0, 600.0], [20.0, 40.0, 30.0]) == "600 (300–900) | 20.0"


def test_a_page_without_a_year_slider_has_no_redraw_cells() -> None:
    assert redraw_cells(None, [30.0]) == "— | —"
    assert redraw_cells([], [30.0]) == "— | —"
