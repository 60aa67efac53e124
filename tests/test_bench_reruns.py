"""`bench.reruns` runs the pages and returns one figure per page and file, plus app.py's
own part (figures are printed, never asserted: only their shape is checked here)."""

from __future__ import annotations

import cProfile
import math

from bench import reruns


def test_the_benchmark_returns_a_figure_per_page_and_app_py() -> None:
    figures = reruns.measure((), sample=True, reruns=1, pages=("match", "help"))
    assert [(figure.file, figure.page) for figure in figures] == [
        ("customers_messy.csv", "match"), ("customers_messy.csv", "help"), ("(any)", "app.py")]
    for figure in figures:
        assert figure.own_median >= 0 and figure.wall_median > 0
        assert figure.full_check > 0 and not math.isnan(figure.own_ratio)
    assert "app.py" in reruns.report(figures)


def test_only_code_run_by_streamlit_counts_as_a_pages_work() -> None:
    """Code that no script run called (here, this test's own) is not a page's work."""
    profile = cProfile.Profile()
    profile.enable()
    sorted(range(1000), key=lambda number: -number)
    profile.disable()
    assert reruns.own_seconds(profile) == 0.0
