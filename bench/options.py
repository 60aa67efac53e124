"""The check of one file against 10 and against 100,000 select options, side by side.

Why: issue 18 asks that a select field's size not slow a check beyond a hash lookup.
On a shared machine seconds drift, so the figure is a ratio measured in one process:
the same generated file is checked against both definitions in alternating order,
several times, and the medians are compared. The first check against the 100,000
options is shown apart: it builds the closest-name index (once per list of names in
a process, `checks.text.closest`), which later checks reuse.

Usage: python -m bench.options [--rows 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Sequence

from bench.generate import generate
from checks import Definitions, FieldType, check_table, demo_definitions, read_table

SELECT_TYPES = (FieldType.SINGLE_SELECT, FieldType.MULTI_SELECT)


def with_options(definitions: Definitions, count: int) -> Definitions:
    """The definitions with every select field's options padded to `count` (its own
    options first, so the generated values stay valid)."""
    fields = tuple(
        dataclasses.replace(field, options=field.options + tuple(
            f"Extra option {i:06d}" for i in range(count - len(field.options))))
        if field.type in SELECT_TYPES else field for field in definitions.custom_fields)
    return dataclasses.replace(definitions, custom_fields=fields)


def seconds(run: object) -> float:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.options", description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    demo = demo_definitions()
    few, many = with_options(demo, 10), with_options(demo, 100_000)
    table = read_table(generate(args.rows, error_rate=0.02, seed=1).data.to_pybytes(),
                       "customers.csv")
    findings = {name: len(check_table(table, defs).findings)
                for name, defs in (("10", few),)}
    first = seconds(lambda: findings.setdefault("100000", len(check_table(table, many).findings)))
    if findings["10"] != findings["100000"]:
        print("the findings differ between 10 and 100,000 options", file=sys.stderr)
        return 1
    times: dict[str, list[float]] = {"10": [], "100000": []}
    for _ in range(args.runs):
        times["10"].append(seconds(lambda: check_table(table, few)))
        times["100000"].append(seconds(lambda: check_table(table, many)))
    small, large = statistics.median(times["10"]), statistics.median(times["100000"])
    print(f"{args.rows:,} lines, {findings['10']:,} findings, median of {args.runs} runs")
    print(f"10 options:       {small:.3f} s")
    print(f"100,000 options:  {large:.3f} s  (first check, index built: {first:.3f} s)")
    print(f"ratio:            {large / small:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
