"""What a page rerun with nothing changed costs, on every page, after a check.

Why: Streamlit runs a page from the top on every click, so whatever a page computes
instead of reading it from the session's chain (`ui.session`, `ui.memo`) is paid again
and again. The issue's target is ≤ 0.1 s of Preflight's own work per rerun with
nothing changed, on every page, the Dashboard included.

How: the real app is driven by Streamlit's `AppTest` in this process, on its own
empty SQLite store. A file (the 40-line sample, or the benchmark generator's file) is
put into the session as the check page's uploader would, the check page runs (the
first check, timed), then each page is opened once (its first visit, which may build
the fixed file or the dashboard) and run again `--reruns` times with nothing changed.

Each rerun is timed twice:

* `wall`: the whole `AppTest.run()` (Streamlit's script runner, Preflight's code,
  Streamlit drawing the elements, and AppTest reading the messages back).
* `own`: Preflight's own work in that run, from a cProfile of the script's thread:
  the time spent in the app's code (app.py, pages/, ui/, checks/ and the libraries
  they call: pandas, plotly…) *minus* the time spent inside Streamlit calls made from
  that code (`st.dataframe`, `st.plotly_chart`, widgets: Streamlit serialising what it
  is given). Concretely, in the profile's call graph: the inclusive time of app.py's
  and the page's `<module>`, plus every call from Streamlit into the app's code
  (callbacks, `format_func`), minus every call from the app's code into Streamlit.
  Profiling slows Python code down, so `own` errs on the high side.

AppTest reruns a page's file alone, without app.py; app.py's own part (the navigation
and the sidebar, which a browser runs before the page on every rerun) is measured
apart, on fresh sessions, as the line "app.py": add it to a page's `own` for the whole.

A full check of the same file (`read_table` + `check_table`, engine only) is timed in
the same process, and each figure is printed with its ratio to it.

Usage: python -m bench.reruns [--rows 10000 --rows 100000] [--sample] [--reruns 5]
       [--page dashboard] [--explain 15] [--work-dir DIR]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
APP = REPO / "app.py"
SAMPLE = REPO / "samples" / "customers_messy.csv"
DEFAULT_WORK_DIR = Path("/tmp/preflight-bench")
PAGES = ("check", "fix", "dashboard", "history", "definitions", "match", "help")
TARGET_OWN_S = 0.1
RUN_TIMEOUT_S = 1_800


@dataclass(frozen=True)
class RerunFigure:
    """One page's reruns with nothing changed, on one file (seconds)."""

    file: str
    rows: int
    page: str
    first_visit: float       # wall time of opening the page after the check
    wall_median: float       # whole AppTest.run() of a rerun
    wall_max: float
    own_median: float        # Preflight's own work in a rerun (profiled)
    own_max: float
    full_check: float        # read + check of the same file, engine only

    @property
    def own_ratio(self) -> float:
        return self.own_median / self.full_check if self.full_check else float("nan")

    @property
    def meets_target(self) -> bool:
        return self.own_max <= TARGET_OWN_S


# ── separating Preflight's work from Streamlit's ─────────────────────────────────────

def _is_app_code(filename: str) -> bool:
    if not os.path.isabs(filename):  # "<string>", "~" (built-in functions)
        return False
    path = os.path.normpath(filename)
    return (path.startswith(str(REPO) + os.sep) and f"{os.sep}site-packages{os.sep}" not in path
            and f"{os.sep}.venv{os.sep}" not in path)


def _is_streamlit(filename: str) -> bool:
    return f"{os.sep}streamlit{os.sep}" in filename and not _is_app_code(filename)


def own_seconds(profile: cProfile.Profile) -> float:
    """Preflight's own time in one profiled script run (see the module's docstring)."""
    stats: dict[Any, Any] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    own = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, cumulative, callers) in stats.items():
        if _is_app_code(filename) and name == "<module>":
            own += cumulative
        for (caller_file, _caller_line, _caller_name), edge in callers.items():
            edge_cumulative = edge[3]
            if _is_streamlit(caller_file) and _is_app_code(filename):
                own += edge_cumulative
            elif _is_app_code(caller_file) and _is_streamlit(filename):
                own -= edge_cumulative
    return max(own, 0.0)


def app_only_seconds(profile: cProfile.Profile) -> float:
    """app.py's own time in one profiled run, the page excluded: its `<module>` minus
    every call it makes into Streamlit (the page runs inside `navigation.run`). The
    `ui` functions it calls count whole, their Streamlit calls included: errs high."""
    stats: dict[Any, Any] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    own = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, cumulative, callers) in stats.items():
        if os.path.normpath(filename) == str(APP) and name == "<module>":
            own += cumulative
        if _is_streamlit(filename):
            own -= sum(edge[3] for (caller_file, _l, _n), edge in callers.items()
                       if os.path.normpath(caller_file) == str(APP))
    return max(own, 0.0)


class _Profiled:
    """Profile the script thread of every AppTest run (AppTest runs the script in a
    thread of its own, which a profiler enabled in this thread would not see)."""

    def __init__(self) -> None:
        self.last: cProfile.Profile | None = None

    @contextmanager
    def installed(self) -> Iterator[None]:
        from streamlit.testing.v1.local_script_runner import LocalScriptRunner  # noqa: TID251

        original = LocalScriptRunner._run_script_thread
        outer = self

        def profiled(runner: LocalScriptRunner) -> None:
            profile = cProfile.Profile()
            profile.enable()
            try:
                original(runner)
            finally:
                profile.disable()
                outer.last = profile

        LocalScriptRunner._run_script_thread = profiled  # type: ignore[method-assign]
        try:
            yield
        finally:
            LocalScriptRunner._run_script_thread = original  # type: ignore[method-assign]


# ── the measurement ──────────────────────────────────────────────────────────────────

def _full_check(path: Path) -> tuple[float, int]:
    """Seconds to read and check the file (engine only), and its lines."""
    from checks import check_table, demo_definitions, read_table

    data = path.read_bytes()
    started = time.perf_counter()
    result = check_table(read_table(data, path.name), demo_definitions())
    return time.perf_counter() - started, result.table.rows


def _run(at: Any) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"the page failed: {at.exception}")
    return elapsed


def measure_file(path: Path, reruns: int = 5, pages: Sequence[str] = PAGES,
                 explain: int = 0) -> list[RerunFigure]:
    """Every page's rerun figures for the file at `path`, in a fresh session;
    `explain`: print that many of the app's functions that took longest in each page's
    last rerun (where the time goes)."""
    from streamlit.testing.v1 import AppTest  # noqa: TID251 (it drives the app)

    from ui import session

    full_check, rows = _full_check(path)
    profiled = _Profiled()
    figures = []
    with profiled.installed():
        at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)
        _run(at)
        at.session_state[session.UPLOAD] = session.Upload(path.name, path.read_bytes())
        for page in pages:
            at.switch_page(f"pages/{page}.py")
            first = _run(at)
            walls, owns = [], []
            for _ in range(reruns):
                walls.append(_run(at))
                assert profiled.last is not None
                owns.append(own_seconds(profiled.last))
            if explain and profiled.last is not None:
                _explain(path.name, page, profiled.last, explain)
            figures.append(RerunFigure(
                file=path.name, rows=rows, page=page, first_visit=first,
                wall_median=statistics.median(walls), wall_max=max(walls),
                own_median=statistics.median(owns), own_max=max(owns),
                full_check=full_check))
    return figures


def _explain(file: str, page: str, profile: cProfile.Profile, count: int) -> None:
    stats: dict[Any, Any] = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    slowest = sorted(((cumulative, f"{Path(name[0]).relative_to(REPO)}:{name[1]} {name[2]}")
                      for name, (_cc, _nc, _tt, cumulative, _callers) in stats.items()
                      if _is_app_code(name[0])), reverse=True)[:count]
    print(f"── {file}, {page}: the app's slowest functions in the last rerun (inclusive s)")
    for cumulative, where in slowest:
        print(f"   {cumulative:8.4f}  {where}")


def _generated(rows: int, work_dir: Path) -> Path:
    """The benchmark generator's file of `rows` lines (2 % errors, seed 1), made once."""
    path = work_dir / f"reruns_{rows}.csv"
    if not path.exists():
        work_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "bench.generate", "--rows", str(rows),
                        "--sep", ";", "--error-rate", "0.02", "--seed", "1",
                        "--out", str(path), "--truth", str(work_dir / f"reruns_{rows}_truth.csv")],
                       cwd=REPO, check=True, stdout=subprocess.DEVNULL)
    return path


@contextmanager
def _own_store() -> Iterator[None]:
    """An empty SQLite store for the measurement, never the team's."""
    with tempfile.TemporaryDirectory(prefix="preflight-reruns-") as folder:
        saved = os.environ.get("PREFLIGHT_DATABASE_URL")
        os.environ["PREFLIGHT_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'preflight.db'}"
        try:
            yield
        finally:
            if saved is None:
                os.environ.pop("PREFLIGHT_DATABASE_URL", None)
            else:
                os.environ["PREFLIGHT_DATABASE_URL"] = saved


def measure_sidebar(reruns: int, full_check: float) -> RerunFigure:
    """app.py's own work (the navigation and the sidebar), which a browser runs before
    the page on every rerun. AppTest runs app.py on a session's first run only (its
    reruns run the page's file), so it is measured on the first runs of fresh sessions
    without a file, the page left out; the first of them, which imports, is dropped."""
    from streamlit.testing.v1 import AppTest  # noqa: TID251 (it drives the app)

    profiled = _Profiled()
    walls, owns = [], []
    with profiled.installed():
        for attempt in range(reruns + 1):
            at = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_S)
            wall = _run(at)
            if attempt and profiled.last is not None:
                walls.append(wall)
                owns.append(app_only_seconds(profiled.last))
    return RerunFigure(file="(any)", rows=0, page="app.py", first_visit=float("nan"),
                       wall_median=statistics.median(walls), wall_max=max(walls),
                       own_median=statistics.median(owns), own_max=max(owns),
                       full_check=full_check)


def measure(rows: Sequence[int] = (10_000, 100_000), *, sample: bool = True,
            reruns: int = 5, pages: Sequence[str] = PAGES,
            work_dir: Path = DEFAULT_WORK_DIR, explain: int = 0) -> list[RerunFigure]:
    """The rerun figures of every page on the 40-line sample (`sample`) and on the
    generator's file of each of `rows` lines; for `bench.run`."""
    files = ([SAMPLE] if sample else []) + [_generated(count, work_dir) for count in rows
                                            if count > 0]
    figures: list[RerunFigure] = []
    with _own_store():
        for path in files:
            figures.extend(measure_file(path, reruns, pages, explain))
        if figures:
            figures.append(measure_sidebar(reruns, figures[0].full_check))
    return figures


def report(figures: Sequence[RerunFigure]) -> str:
    """The figures as a table, one line per file and page."""
    lines = [f"{'file':<22} {'rows':>8} {'page':<12} {'first':>7} {'wall med':>9} "
             f"{'wall max':>9} {'own med':>8} {'own max':>8} {'check':>7} {'own/check':>9} "
             f"target"]
    for figure in figures:
        lines.append(
            f"{figure.file:<22} {figure.rows:>8} {figure.page:<12} {figure.first_visit:>7.3f} "
            f"{figure.wall_median:>9.3f} {figure.wall_max:>9.3f} {figure.own_median:>8.3f} "
            f"{figure.own_max:>8.3f} {figure.full_check:>7.3f} {figure.own_ratio:>9.1%} "
            f"{'PASS' if figure.meets_target else 'FAIL'} (own max ≤ {TARGET_OWN_S} s)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append",
                        help="a generated file of this many lines (repeatable; "
                             "default 10000 and 100000; 0: none)")
    parser.add_argument("--no-sample", action="store_true",
                        help="skip the 40-line sample")
    parser.add_argument("--reruns", type=int, default=5)
    parser.add_argument("--page", action="append", choices=PAGES,
                        help="only this page (repeatable; default every page)")
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    parser.add_argument("--explain", type=int, default=0, metavar="N",
                        help="print the N slowest functions of the app in each page's rerun")
    options = parser.parse_args(argv)
    figures = measure(tuple(options.rows or (10_000, 100_000)), sample=not options.no_sample,
                      reruns=options.reruns, pages=tuple(options.page or PAGES),
                      work_dir=options.work_dir, explain=options.explain)
    print(report(figures))


if __name__ == "__main__":
    main()
