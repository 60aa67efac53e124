"""The engine looks for reference cycles in larger steps (`checks/_collector.py`),
unless the program importing it chose its own steps."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(("before", "after"), [
    ("", "(700, 10, 100)"),                                    # CPython's own: raised
    ("gc.set_threshold(1234, 5, 5); ", "(1234, 5, 5)"),        # the program's: kept
])
def test_importing_the_engine_sets_the_collectors_steps(before: str, after: str) -> None:
    code = f"import gc; {before}import checks; print(gc.get_threshold())"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert shown == after
