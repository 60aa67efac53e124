"""Cells per second on a very wide file against a usual one (issue 20, defect 6).

A CSV of 16,384 columns (Excel's widest sheet) and 2 lines used to take 22.7 s and
373 MB to check, where the same number of cells in a usual shape (25 columns, 1,300
lines) takes a fraction of a second: time went with the columns, not the cells. This
prints, for both files built in memory and measured in this one process, the time to
read and to check them (the demo organization, as `preflight check` does), the cells
per second, and the ratio of the two rates (1.0: a wide file costs what its cells
cost). It is a figure to read, not a test: nothing is asserted on time.

    .venv/bin/python -m bench.wide [--columns 16384 ...] [--rows 2] [--tries 3]

Several widths (`--columns 2048 4096 8192 16384`) show whether the time grows with
the cells (a steady rate) or faster.

Each file is read and checked `--tries` times and its fastest try is kept: the usual
file takes a few hundredths of a second, which a busy machine's noise would swamp.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

from checks.check.validate import check_table
from checks.definitions.document import demo_definitions
from checks.read import read_table


@dataclass(frozen=True)
class Shape:
    """A file of `columns` × `rows` data cells (the header line aside)."""

    columns: int
    rows: int

    @property
    def cells(self) -> int:
        return self.columns * self.rows


@dataclass(frozen=True)
class Timing:
    read_seconds: float
    check_seconds: float

    @property
    def total(self) -> float:
        return self.read_seconds + self.check_seconds


def csv_of(shape: Shape) -> bytes:
    """A `;`-separated file: a few Upflow columns first, then "Extra n" columns."""
    known = ["Customer name", "Customer ID", "Town"][:shape.columns]
    header = [*known, *(f"Extra {n}" for n in range(shape.columns - len(known)))]
    lines = [";".join(header)]
    for row in range(1, shape.rows + 1):
        first = [f"Customer {row}", f"C{row}", "Paris"][:len(known)]
        lines.append(";".join([*first, *(f"v{row}" for _ in range(len(known),
                                                                     shape.columns))]))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def measure(data: bytes) -> Timing:
    """Read then check `data`, timed apart."""
    definitions = demo_definitions()
    start = time.perf_counter()
    table = read_table(data, "wide.csv")
    read = time.perf_counter()
    check_table(table, definitions)
    return Timing(read - start, time.perf_counter() - read)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", type=int, nargs="+", default=[16_384],
                        help="one or more widths: several show how time grows with them")
    parser.add_argument("--rows", type=int, default=2)
    parser.add_argument("--tries", type=int, default=3)
    args = parser.parse_args(argv)
    measure(csv_of(Shape(25, 10)))  # imports and first-use costs, outside the figures
    shapes = [("wide", Shape(columns, args.rows)) for columns in args.columns]
    rates = []
    for name, shape in [*shapes, ("usual", Shape(25, 1_300))]:
        data = csv_of(shape)
        timing = min((measure(data) for _ in range(max(1, args.tries))),
                     key=lambda timing: timing.total)
        rates.append(shape.cells / timing.total)
        print(f"{name:5} {shape.columns:>6,} columns × {shape.rows:>5,} lines = "
              f"{shape.cells:>7,} cells: read {timing.read_seconds:6.2f} s, check "
              f"{timing.check_seconds:6.2f} s, {rates[-1]:>10,.0f} cells/s")
    for (_name, shape), rate in zip(shapes, rates, strict=False):
        print(f"ratio (usual cells/s ÷ wide cells/s) at {shape.columns:,} columns: "
              f"{rates[-1] / rate:.1f}")


if __name__ == "__main__":
    main()
