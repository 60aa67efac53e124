"""The load benchmark: K people checking a file of L lines in the served app at once.

    python -m bench.load --people 1,2,4,8 --lines 10000 [--mode at-once|staggered]
                         [--workers N]

Serves the app (`streamlit run app.py`, its own SQLite store, a short
`server.disconnectedSessionTTL` so closed tabs end soon), generates the file once
(`bench/generate.py`, 2% of lines in error), and for each K opens K browser contexts
(Playwright, headless Chromium: one Streamlit session each) on the check page. Then all
K upload the file together (or one every `--stagger` seconds) and each person's time
from handing the file to the uploader to the results on screen is taken. It prints, per
K: median and 95th percentile of those times, their ratio to K = 1 in the same run, the
errors (a person who saw no results, or an error message), the server's peak resident
memory (its process tree, sampled from /proc) and its memory once every session of
that K has ended. A benchmark, not a test: nothing is asserted; README "Performance"
records the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Browser, async_playwright

ROOT = Path(__file__).parents[1]
CHROMIUM = os.environ.get("PREFLIGHT_CHROMIUM", "/usr/bin/chromium")
CHECK_UPLOAD = ".st-key-check_upload [data-testid='stFileUploaderDropzoneInput']"
RESULTS = "[data-testid='stMetric']"
#: A deadline for one person's results, never a measure: a person past it is an error.
RESULTS_DEADLINE_MS = 600_000
SESSION_TTL_S = 2
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Round:
    """One K's figures."""

    people: int
    seconds: tuple[float, ...]     # upload → results, one per person who saw them
    errors: int
    peak_mb: float
    after_mb: float


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def rss_mb(pid: int) -> float:
    """The resident memory of `pid`'s process tree, in MiB."""
    total = 0
    for member in _tree(pid):
        try:
            total += int(Path(f"/proc/{member}/statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            pass
    return total / 2**20


class PeakSampler:
    """The highest resident memory of a process tree, sampled every 0.1 s."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, rss_mb(self.pid))

    def __enter__(self) -> PeakSampler:
        self.peak = rss_mb(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def serving(workdir: Path, workers: int | None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The app served on a free port (as tests/browser/conftest.py serves it)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env = {**os.environ, "PREFLIGHT_DATABASE_URL": f"sqlite:///{workdir / 'preflight.db'}"}
    if workers is not None:
        env["PREFLIGHT_WORKERS"] = str(workers)
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.disconnectedSessionTTL", str(SESSION_TTL_S)]
    with (workdir / "streamlit.log").open("wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("the app did not start") from None
                    time.sleep(0.3)
            yield url, server
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


async def _person(browser: Browser, url: str, path: Path, ready: asyncio.Queue[None],
                  start: asyncio.Event, delay: float) -> float | None:
    """One person: open the app, say so, wait for the signal (and their delay), upload,
    wait for the results. Their seconds from upload to results, or None if they saw
    none (or saw an error)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    announced = False
    try:
        tab = await context.new_page()
        tab.set_default_timeout(RESULTS_DEADLINE_MS)
        await tab.goto(url)
        await tab.wait_for_selector(CHECK_UPLOAD, state="attached")
        ready.put_nowait(None)
        announced = True
        await start.wait()
        await asyncio.sleep(delay)
        started = time.perf_counter()
        await tab.set_input_files(CHECK_UPLOAD, str(path))
        await tab.wait_for_selector(RESULTS, state="visible")
        seconds = time.perf_counter() - started
        errors = await tab.locator("[data-testid='stAlertContentError']").count()
        return None if errors else seconds
    except Exception as problem:  # a benchmark counts failures, it does not stop at one
        print(f"  a person saw no results: {type(problem).__name__}: {problem}"[:300],
              file=sys.stderr)
        if not announced:
            ready.put_nowait(None)
        return None
    finally:
        await context.close()


async def _round(browser: Browser, url: str, path: Path, people: int,
                 stagger: float) -> list[float | None]:
    """Everyone's page open first, then the uploads together (or staggered)."""
    ready: asyncio.Queue[None] = asyncio.Queue()
    start = asyncio.Event()
    tasks = [asyncio.create_task(_person(browser, url, path, ready, start, index * stagger))
             for index in range(people)]
    for _ in range(people):
        await ready.get()
    start.set()
    return list(await asyncio.gather(*tasks))


async def _visit(browser: Browser, url: str) -> None:
    """One visit that only opens the app and leaves. Streamlit forgets a closed tab's
    session only when its session store next changes (a TTL cache expired lazily), so
    the memory read after a round would still count the round's sessions without it."""
    context = await browser.new_context()
    try:
        tab = await context.new_page()
        await tab.goto(url)
        await tab.wait_for_selector(CHECK_UPLOAD, state="attached")
    finally:
        await context.close()


def p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


async def _run(args: argparse.Namespace, path: Path, workdir: Path) -> list[Round]:
    rounds: list[Round] = []
    with serving(workdir, args.workers) as (url, server):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                       headless=True, args=["--no-sandbox"])
            await _round(browser, url, path, 1, 0)  # warm-up: imports, first run
            await asyncio.sleep(SESSION_TTL_S + 3)
            print(f"server after warm-up: {rss_mb(server.pid):.0f} MiB", file=sys.stderr)
            for people in args.people:
                with PeakSampler(server.pid) as sampler:
                    results = await _round(browser, url, path, people, args.stagger)
                await asyncio.sleep(args.settle)
                await _visit(browser, url)  # lets the server evict the sessions that ended
                await asyncio.sleep(3)
                seen = tuple(seconds for seconds in results if seconds is not None)
                rounds.append(Round(people, seen, len(results) - len(seen), sampler.peak,
                                    rss_mb(server.pid)))
                print(f"  K={people} done", file=sys.stderr)
            await browser.close()
    return rounds


def report(rounds: Sequence[Round], lines: int, size: int, args: argparse.Namespace) -> str:
    base = statistics.median(rounds[0].seconds) if rounds and rounds[0].seconds else None
    out = [f"Preflight load: {lines:,} lines ({size / 1e6:.1f} MB), mode {args.mode}, "
           f"workers {args.workers or 'default (cores)'}, {os.cpu_count()} CPUs, "
           f"load {os.getloadavg()[0]:.2f}",
           "",
           "   K  median s   p95 s  median/K=1  errors  peak MiB  after end MiB"]
    for one in rounds:
        if one.seconds:
            median = statistics.median(one.seconds)
            ratio = f"{median / base:10.2f}" if base else "         -"
            out.append(f"{one.people:4d}  {median:8.2f} {p95(one.seconds):7.2f}  {ratio}  "
                       f"{one.errors:6d}  {one.peak_mb:8.0f}  {one.after_mb:13.0f}")
        else:
            out.append(f"{one.people:4d}  {'-':>8} {'-':>7}  {'-':>10}  {one.errors:6d}  "
                       f"{one.peak_mb:8.0f}  {one.after_mb:13.0f}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--people", default="1,2,4,8",
                        help="how many people at once, one round each (default 1,2,4,8)")
    parser.add_argument("--lines", type=int, default=10_000, help="lines of the file")
    parser.add_argument("--mode", choices=("at-once", "staggered"), default="at-once")
    parser.add_argument("--stagger", type=float, default=1.0,
                        help="seconds between two people's uploads in staggered mode")
    parser.add_argument("--workers", type=int, default=None,
                        help="the server's PREFLIGHT_WORKERS (default: the cores)")
    parser.add_argument("--settle", type=float, default=SESSION_TTL_S + 8,
                        help="seconds after a round before memory is read again")
    args = parser.parse_args(argv)
    args.people = [int(part) for part in args.people.split(",")]
    if args.people[0] != 1:
        args.people.insert(0, 1)
    if args.mode == "at-once":
        args.stagger = 0.0
    from bench.generate import generate

    with tempfile.TemporaryDirectory(prefix="preflight-load-") as folder:
        workdir = Path(folder)
        path = workdir / f"customers_{args.lines}.csv"
        generate(args.lines, error_rate=0.02).write(path)
        rounds = asyncio.run(_run(args, path, workdir))
        print(report(rounds, args.lines, path.stat().st_size, args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
