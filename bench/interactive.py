"""After the first check: how long an edited cell and a fix switched on or off take.

Issue 19's engine targets, on the benchmark's file (`bench.generate`, 2 % errors), in
one process so every figure is compared with a full check of the same run:

* one edited cell: ≤ 0.2 s and ≤ 2 % of a full check (`recheck_with_edits`, which
  re-checks only what the cell can change: `checks.check.incremental`);
* one fix switched off, or on again: ≤ 0.5 s (`switch_fixes`).

The edits are the ones a person makes on the Fix page, each on the outcome of every
fix (the page's default), each alone: a plain text cell, a customer ID in a repeated
group (the line leaves its group, or joins another), a date, a contact email. The
first edit after the check also prepares what the next ones reuse (the column counts,
the customers' keys; the plan comes from the check itself); it is one of the samples,
so the worst figure includes it.

Engine time only (no page, no browser: `bench/browser_interactive.py` measures the
click). Figures are printed with their ratio to the median full check; never timed in
tests.

Usage: python -m bench.interactive [--rows 100000] [--work-dir DIR] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

import numpy as np

T = TypeVar("T")

MAX_EDIT_SECONDS = 0.2
MAX_EDIT_OVER_CHECK = 0.02
MAX_SWITCH_SECONDS = 0.5
#: The fixes switched off and on again (the benchmark's file has findings for each).
SWITCHED = ("whitespace", "dates", "options")


class Seconds(NamedTuple):
    """Wall seconds, and the process's CPU seconds for the same step: on a loaded
    machine the wall time includes waiting for a core, the CPU time does not."""

    wall: float
    cpu: float


@dataclass(frozen=True)
class Figure:
    """One measured step: its name, its seconds, and its target in seconds (if any)."""

    name: str
    seconds: Seconds
    target: float | None = None
    ratio_target: float | None = None


def timed(run: Callable[[], T]) -> tuple[Seconds, T]:
    started, cpu = time.perf_counter(), time.process_time()
    value = run()
    return Seconds(time.perf_counter() - started, time.process_time() - cpu), value


def median(values: Sequence[Seconds]) -> Seconds:
    return Seconds(statistics.median(v.wall for v in values),
                   statistics.median(v.cpu for v in values))


def edits_to_make(table, repeat: int) -> dict[str, list[dict[tuple[int, int], str]]]:  # noqa: ANN001
    """Single-cell edits of each kind, at lines spread over the file."""
    headers = list(table.headers)
    data = table.data
    rows = data.index
    spread = [int(rows[int(i)]) for i in np.linspace(7, len(rows) - 7, repeat)]
    ids = data[headers.index("Customer ID")]
    repeated = ids[ids.duplicated(keep=False) & ids.ne("")]
    in_groups = [int(row) for row in repeated.index[:: max(1, len(repeated) // repeat)][:repeat]]
    other_id = str(repeated.iloc[-1])

    def at(column: str, lines: Sequence[int], values: Sequence[str]) -> list[dict]:
        position = headers.index(column)
        return [{(line, position): value} for line, value in zip(lines, values, strict=False)]

    return {
        "plain text (Town)": at("Town", spread, [f"Lyon {i}" for i in range(repeat)]),
        "customer ID in a repeated group": at(
            "Customer ID", in_groups,
            [f"NEW-{i}" if i % 2 == 0 else other_id for i in range(repeat)]),
        "date (Contract end)": at("Contract end", spread,
                                  ["03/04/2025", "2025-13-01", "31/12/2025", "2025-06-30",
                                   "45000"] * repeat),
        "email (Contact email address)": at(
            "Contact email address", spread,
            ["new.person@example.com", "bad@@example", "A.Person@Example.com", "",
             "x@y.example"] * repeat),
    }


def measure(path: Path, repeat: int, tries: int = 1
            ) -> tuple[list[Figure], Seconds, dict[str, list[Seconds]]]:
    """The figures; each edit is timed `tries` times and its fastest kept (on a shared
    machine, the other tenants only ever add time)."""
    from checks import apply_fixes, check_table, demo_definitions, read_table, switch_fixes
    from checks.fix.edits import recheck_with_edits
    from checks.fix.fixes import FIXES_BY_NAME

    definitions = demo_definitions()
    read_s, table = timed(lambda: read_table(path.read_bytes(), path.name))
    checks_s: list[Seconds] = []

    def full_check():  # noqa: ANN202 - a full check, timed among the others
        seconds, result = timed(lambda: check_table(table, definitions))
        checks_s.append(seconds)
        return result

    first = full_check()
    fixes_s, every = timed(lambda: apply_fixes(first))
    per_kind: dict[str, list[Seconds]] = {}
    for kind, edits in edits_to_make(every.table, repeat).items():
        per_kind[kind] = [min((timed(lambda e=edit: recheck_with_edits(every, e))[0]
                               for _try in range(tries)), key=lambda seconds: seconds.wall)
                          for edit in edits]
        full_check()
    check_s = median(checks_s)
    figures = [Figure("read", read_s),
               Figure(f"full check (median of {len(checks_s)}, between the edits)", check_s),
               Figure("all fixes + full re-check (apply_fixes)", fixes_s)]
    everything = list(FIXES_BY_NAME)
    for name in SWITCHED:
        without = [fix for fix in everything if fix != name]
        off_s, off = timed(lambda w=without: switch_fixes(first, every, w))
        on_s, _on = timed(lambda o=off: switch_fixes(first, o, everything))
        figures += [Figure(f"fix '{name}' switched off", off_s, MAX_SWITCH_SECONDS),
                    Figure(f"fix '{name}' switched on again", on_s, MAX_SWITCH_SECONDS)]
    samples = [seconds for values in per_kind.values() for seconds in values]
    figures[3:3] = [
        Figure("one edited cell, median", median(samples), MAX_EDIT_SECONDS,
               MAX_EDIT_OVER_CHECK),
        Figure("one edited cell, worst", max(samples), MAX_EDIT_SECONDS, MAX_EDIT_OVER_CHECK),
    ]
    return figures, check_s, per_kind


def verdict(figure: Figure, check_s: Seconds) -> str:
    """PASS or FAIL on wall time, as the targets are written."""
    if figure.target is None:
        return ""
    wall = figure.seconds.wall
    passed = wall <= figure.target and (
        figure.ratio_target is None or wall / check_s.wall <= figure.ratio_target)
    bounds = f"≤ {figure.target:g} s" + (f" and ≤ {figure.ratio_target:.0%} of a check"
                                         if figure.ratio_target else "")
    return f"{'PASS' if passed else 'FAIL'}  (target {bounds})"


def report(figures: list[Figure], check_s: Seconds, per_kind: dict[str, list[Seconds]],
           rows: int, path: Path) -> str:
    lines = [f"interactive: {rows:,} lines ({path.name}), engine time in one process "
             f"(load {', '.join(f'{x:.2f}' for x in os.getloadavg())})",
             f"{'step':<48}{'wall s':>8}{'/ check':>9}{'cpu s':>8}{'/ check':>9}  verdict"]
    for figure in figures:
        wall, cpu = figure.seconds
        lines.append(f"{figure.name:<48}{wall:>8.3f}{wall / check_s.wall:>9.1%}"
                     f"{cpu:>8.3f}{cpu / check_s.cpu:>9.1%}  {verdict(figure, check_s)}")
    lines.append("edits by kind (wall seconds: median, worst):")
    for kind, values in per_kind.items():
        lines.append(f"  {kind:<46}{median(values).wall:>8.3f}{max(values).wall:>9.3f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from bench.run import DEFAULT_WORK_DIR, ensure_file

    parser = argparse.ArgumentParser(prog="python -m bench.interactive",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR)
    parser.add_argument("--repeat", type=int, default=5, help="edits of each kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tries", type=int, default=1,
                        help="time each edit this many times and keep its fastest")
    args = parser.parse_args(argv)
    args.work_dir.mkdir(parents=True, exist_ok=True)
    path, _truth = ensure_file(args.work_dir, args.rows, 0.02, args.seed, ";")
    figures, check_s, per_kind = measure(path, args.repeat, args.tries)
    print(report(figures, check_s, per_kind, args.rows, path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
