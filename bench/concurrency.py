"""Threads or processes for the app's heavy work? Read and check one generated file
alone, then `--jobs` copies at once in threads and in processes, and print each way's
seconds per job (median of `--runs`) beside one job alone.

    python -m bench.concurrency --lines 10000 --jobs 2

The app's places (`ui/workers.py`) are threads because of what this prints: see README
"Performance". A process receives its file as bytes through a pipe (memory only) and
sends back only a count of findings, which flatters processes: the app would also have
to send the whole check result back.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

from bench.generate import generate
from checks import check_table, read_table
from checks.definitions.document import demo_definitions


def one_check(data: bytes) -> int:
    """Read and check the file as the app does; the number of findings."""
    table = read_table(data, "customers.csv")
    return len(check_table(table, demo_definitions()).findings)


def _at_once(make: Callable[[], Executor], data: bytes, jobs: int) -> float:
    """Seconds until `jobs` checks started together have all finished (the pool's
    start-up excluded: one warm-up job first)."""
    with make() as pool:
        pool.submit(one_check, data).result()
        started = time.perf_counter()
        for future in [pool.submit(one_check, data) for _ in range(jobs)]:
            future.result()
        return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.concurrency")
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    data = generate(args.lines, error_rate=0.02).data.to_pybytes()
    one_check(data)  # imports and caches warm
    ways: dict[str, Callable[[], float]] = {
        "one alone": lambda: _at_once(lambda: ThreadPoolExecutor(1), data, 1),
        f"{args.jobs} one after another": lambda: _at_once(lambda: ThreadPoolExecutor(1),
                                                          data, args.jobs),
        f"{args.jobs} at once, threads": lambda: _at_once(
            lambda: ThreadPoolExecutor(args.jobs), data, args.jobs),
        f"{args.jobs} at once, processes": lambda: _at_once(
            lambda: ProcessPoolExecutor(args.jobs), data, args.jobs),
    }
    print(f"{args.lines:,} lines ({len(data) / 1e6:.1f} MB), {args.runs} runs; "
          "seconds until all jobs finished (median)")
    for name, way in ways.items():
        seconds = statistics.median(way() for _ in range(args.runs))
        print(f"  {name:<28} {seconds:6.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
