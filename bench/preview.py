"""What the import preview costs next to the check it follows.

The Fix page shows the preview of every final result (after each fix switched or
cell typed), so it must stay a fraction of a check. Both run in this process, in
turn, on the same generated file; the medians and their ratio are printed (absolute
seconds drift on a shared machine, the ratio much less).

Usage: python -m bench.preview [--rows 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.generate import generate
from checks import check_table, demo_definitions, import_preview, read_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    table = read_table(generate(args.rows, error_rate=0.02, seed=1).data.to_pybytes(),
                       "bench.csv")
    definitions = demo_definitions()
    checks, previews = [], []
    for _run in range(args.runs):
        started = time.perf_counter()
        result = check_table(table, definitions)
        checks.append(time.perf_counter() - started)
        started = time.perf_counter()
        import_preview(result)
        previews.append(time.perf_counter() - started)
    check, preview = statistics.median(checks), statistics.median(previews)
    print(f"{args.rows:,} lines, median of {args.runs}: check {check:.2f} s, "
          f"preview {preview:.2f} s, preview/check {preview / check:.2f}")


if __name__ == "__main__":
    main()
