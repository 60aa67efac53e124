"""How long the browser waits for the result of an edit and of a fix switched off, on
the benchmark's 100,000-line file.

Why: the engine's figures (`bench.reruns`, part A's `bench.interactive`) leave out what
a person actually waits for: the click travelling to the server, the page's runs,
Streamlit drawing the grid and the lists again. This measures the whole of it, in a
real browser, as a person does it.

How: the app is served by `streamlit run` (its own empty SQLite store, as the browser
tests do), Debian's Chromium is driven headless by Playwright; the generator's file
(2 % errors, seed 1) is uploaded on *Check a file*, then on *Fix & export*:

* an edit: a cell of one of the editor's first lines is typed, and the clock runs from
  the Enter that records it until the page shows "Your changes (n)" with one more
  change;
* a fix switched off (then on again, the next try): from the click on the first fix's
  switch until "Your changes (n)" counts it.

Each is tried `--tries` times; the median and the extremes are printed. A figure, never
a test assertion.

Usage: python -m bench.browser_interactive [--rows 100000] [--tries 5] [--work-dir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from tests.browser.conftest import CHECK_UPLOAD, CHROMIUM, serving, wait_for_app

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_WORK_DIR = Path("/tmp/preflight-bench")
WAIT_MS = 300_000           # a deadline for a step on a busy machine, not a measure
ROW_HEIGHT = 35             # Streamlit's grid rows (and its header row), in pixels
#: The editor's first column of the file, from the grid's left edge, in pixels: after
#: the row numbers, "To correct" (medium) and "Status" (small), pinned at fixed widths.
FIRST_COLUMN_X = 420
CHANGES_SHOWN = """([count]) => [...document.querySelectorAll('h3')].some(
    heading => heading.textContent.includes('Your changes (' + count + ')'))
    && !document.querySelector('[data-stale="true"]')"""


@dataclass(frozen=True)
class BrowserFigure:
    """One kind of action's click-to-result times (seconds)."""

    action: str
    rows: int
    median: float
    fastest: float
    slowest: float
    tries: int


def _generated(rows: int, work_dir: Path) -> Path:
    path = work_dir / f"reruns_{rows}.csv"
    if not path.exists():
        work_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "bench.generate", "--rows", str(rows),
                        "--sep", ";", "--error-rate", "0.02", "--seed", "1",
                        "--out", str(path), "--truth", str(work_dir / f"reruns_{rows}_truth.csv")],
                       cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return path


def _settle(tab: Page) -> None:
    wait_for_app(tab)
    tab.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')")


def _go_to_fix(tab: Page) -> None:
    tab.get_by_test_id("stSidebarNav").get_by_text("Fix & export", exact=True).click()
    tab.get_by_role("heading", name="Fix & export", level=1).wait_for()
    tab.locator("[class*='st-key-fix_editor_']").wait_for()
    _settle(tab)


def _changes(tab: Page) -> int:
    heading = tab.locator("h3", has_text="Your changes (").first
    text = heading.inner_text()
    return int(text.split("(", 1)[1].split(")", 1)[0].replace("\u202f", "").replace(",", ""))


def _wait_for_count(tab: Page, count: int) -> None:
    tab.wait_for_function(CHANGES_SHOWN, arg=[count], polling=50, timeout=WAIT_MS)


def _edit(tab: Page, line: int, text: str) -> float:
    """Type `text` into the first data cell of the editor's `line`-th line (another line
    each time: a cell typed again is the same change, not another); seconds from the
    Enter that records it to the change listed."""
    _settle(tab)
    before = _changes(tab)
    grid = tab.locator("[class*='st-key-fix_editor_']")
    grid.scroll_into_view_if_needed()
    tab.wait_for_timeout(300)
    box = grid.get_by_test_id("stDataFrameResizable").bounding_box()
    assert box is not None
    tab.mouse.click(box["x"] + FIRST_COLUMN_X, box["y"] + ROW_HEIGHT * (line + 1.5))
    tab.wait_for_timeout(300)
    tab.keyboard.press("Enter")
    tab.locator("#portal textarea, #portal input").first.wait_for()
    tab.keyboard.type(text, delay=20)
    started = time.perf_counter()
    tab.keyboard.press("Enter")
    _wait_for_count(tab, before + 1)
    return time.perf_counter() - started


def _toggle(tab: Page) -> float:
    """Flip the first fix's switch; seconds from the click to the change listed."""
    _settle(tab)
    before = _changes(tab)
    switch = tab.locator("[class*='st-key-fix_toggle_'] label").first
    switch.scroll_into_view_if_needed()
    started = time.perf_counter()
    switch.click()
    _wait_for_count(tab, before + 1)
    return time.perf_counter() - started


def measure(rows: int = 100_000, tries: int = 5,
            work_dir: Path = DEFAULT_WORK_DIR) -> list[BrowserFigure]:
    """The edit's and the fix switch's click-to-result times on the generator's file."""
    path = _generated(rows, work_dir)
    edits: list[float] = []
    toggles: list[float] = []
    with tempfile.TemporaryDirectory(prefix="preflight-browser-bench-") as folder, \
            serving(Path(folder)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            tab = context.new_page()
            tab.set_default_timeout(WAIT_MS)
            tab.goto(url)
            wait_for_app(tab)
            tab.set_input_files(CHECK_UPLOAD, str(path))
            tab.get_by_test_id("stMetric").first.wait_for()
            _settle(tab)
            _go_to_fix(tab)
            for attempt in range(tries):
                try:
                    edits.append(_edit(tab, attempt, f"Bench {attempt}"))
                    toggles.append(_toggle(tab))
                except Exception:
                    shot = work_dir / "browser_interactive_failure.png"
                    tab.screenshot(path=str(shot), full_page=True)
                    print(f"stopped: the page as it was is in {shot}", file=sys.stderr)
                    raise
        finally:
            browser.close()
    return [_figure("edit one cell", rows, edits), _figure("switch a fix", rows, toggles)]


def _figure(action: str, rows: int, seconds: Sequence[float]) -> BrowserFigure:
    return BrowserFigure(action, rows, statistics.median(seconds), min(seconds), max(seconds),
                         len(seconds))


def report(figures: Sequence[BrowserFigure]) -> str:
    lines = [f"{'action':<16} {'rows':>8} {'median':>8} {'fastest':>8} {'slowest':>8} tries"]
    lines += [f"{f.action:<16} {f.rows:>8} {f.median:>8.2f} {f.fastest:>8.2f} "
              f"{f.slowest:>8.2f} {f.tries:>5}" for f in figures]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--tries", type=int, default=5)
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    options = parser.parse_args(argv)
    print(report(measure(options.rows, options.tries, options.work_dir)))


if __name__ == "__main__":
    main()
