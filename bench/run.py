"""The benchmark of issue 7: Preflight, the floor and frictionless, side by side.

Why this shape: on a shared 2-core machine absolute seconds drift from one minute to
the next, so the targets are ratios *measured in one run*: every tool runs on the
same files, in alternating order, several times, and the medians are compared.
Each run is a separate process timed from start to exit (start-up included, as a
user pays it) with its peak resident memory from the kernel (`os.wait4`'s rusage of
that very process).

What runs, on the 2%-error and the 20%-error file and on the adversarial "lists" file
(`bench.generate --shape members-lists`, 2% errors: every account manager in lists,
many lists written `a, b`, customers on several lines; issue 19), each generated once
by `bench.generate` and cached in the work directory, keyed by the generator's source,
so a rerun does not regenerate them:

* check        `preflight check FILE --format json > /dev/null`
* fix          `preflight fix FILE --out OUT > /dev/null` (fixes + corrected CSV export)
* floor        `python -m bench.floor FILE` (pandas' pyarrow reader + pyarrow.compute)
* frictionless `python -m bench.frictionless_schema --validate FILE` (frictionless-py's
               `validate` with the equivalent Table Schema; slow, so it runs
               `--frictionless-runs` times per file, default 1)

Then it prints the medians, the ratios, and PASS/FAIL against each target; then the
"interactive" section (`bench.interactive`, in a process of its own): an edited cell
and a fix switched on or off after the first check, against a full check of its run.

Usage: python -m bench.run --rows 1000000 [--runs 3] [--work-dir DIR] [--verify]
       [--interactive-rows 100000] [--interactive-browser]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DEFAULT_WORK_DIR = Path("/tmp/preflight-bench")
ERROR_RATES = (0.02, 0.20)
#: Files of another shape: label → (the generator's --shape, error rate).
SHAPE_FILES = {"lists": ("members-lists", 0.02)}

# The targets (ratios).
MAX_CHECK_OVER_FLOOR = 2.0
MAX_ERRORS_20_OVER_2 = 1.5
MAX_PEAK_OVER_SIZE = 4.0
MAX_FIX_OVER_CHECK = 2.0
MIN_FRICTIONLESS_OVER_CHECK = 10.0


@dataclass
class Run:
    """One timed process."""

    tool: str
    file: str
    seconds: float
    peak_bytes: int
    exit_code: int
    stdout: str = ""


@dataclass
class Measurements:
    runs: list[Run] = field(default_factory=list)

    def of(self, tool: str, file: str) -> list[Run]:
        return [run for run in self.runs if run.tool == tool and run.file == file]

    def median(self, tool: str, file: str) -> float | None:
        runs = self.of(tool, file)
        return statistics.median(run.seconds for run in runs) if runs else None

    def peak(self, tool: str, file: str) -> int | None:
        runs = self.of(tool, file)
        return max(run.peak_bytes for run in runs) if runs else None


# ── processes ──────────────────────────────────────────────────────────────────


def timed(command: Sequence[str], *, capture: bool = False,
          timeout: float | None = None) -> tuple[float, int, int, str]:
    """Run `command`; (wall seconds, peak RSS in bytes, exit code, stdout if captured).

    Stdout goes to /dev/null unless captured (the floor and frictionless print one
    short JSON line); stderr is kept for error messages. The peak is the child's own
    `ru_maxrss` from `os.wait4` (kilobytes on Linux), so the runner's memory never
    counts. On timeout the process is killed and the exit code is negative."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE, cwd=REPO, text=True)
    timer = threading.Timer(timeout, process.kill) if timeout else None
    if timer:
        timer.start()
    out_chunks: list[str] = []
    err_chunks: list[str] = []
    readers = []
    for stream, sink in ((process.stdout, out_chunks), (process.stderr, err_chunks)):
        if stream is not None:
            reader = threading.Thread(target=lambda s=stream, k=sink: k.append(s.read()))
            reader.start()
            readers.append(reader)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
    for reader in readers:
        reader.join()
    if timer:
        timer.cancel()
    if process.returncode not in (0, 1):
        message = "".join(err_chunks).strip().splitlines()
        print(f"  ! {' '.join(command[:3])}… exited {process.returncode}: "
              f"{message[-1] if message else ''}", file=sys.stderr)
    return seconds, usage.ru_maxrss * 1024, process.returncode, "".join(out_chunks)


def preflight() -> str:
    """The `preflight` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("preflight")
    return str(script) if script.exists() else "preflight"


# ── files ──────────────────────────────────────────────────────────────────────


def generator_key() -> str:
    """A short hash of the generator's source: a changed generator regenerates."""
    return hashlib.sha1((BENCH / "generate.py").read_bytes()).hexdigest()[:8]


def ensure_file(work: Path, rows: int, rate: float, seed: int, sep: str,
                shape: str = "standard") -> tuple[Path, Path]:
    """The generated file and its truth, generated only when not cached yet."""
    sep_name = {";": "semicolon", ",": "comma", "|": "pipe", "\t": "tab"}.get(sep, "sep")
    kind = "customers" if shape == "standard" else shape.replace("-", "_")
    stem = f"{kind}_{rows}_{round(rate * 100)}pct_seed{seed}_{sep_name}_{generator_key()}"
    data, truth = work / f"{stem}.csv", work / f"{stem}.truth.csv"
    if not (data.exists() and truth.exists()):
        print(f"generating {data.name} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "bench.generate", "--rows", str(rows),
                        "--sep", sep, "--error-rate", str(rate), "--seed", str(seed),
                        "--out", str(data), "--truth", str(truth), "--shape", shape],
                       check=True, cwd=REPO)
    return data, truth


def truth_counts(truth: Path) -> dict[str, int]:
    """Injected findings per rule, from a truth file."""
    counts: dict[str, int] = {}
    with open(truth, encoding="utf-8", newline="") as lines:
        for entry in csv.DictReader(lines):
            counts[entry["rule"]] = counts.get(entry["rule"], 0) + 1
    return dict(sorted(counts.items()))


def verify(data: Path, truth: Path) -> str:
    """One untimed `preflight check`: are its findings exactly the injected ones?"""
    import pandas as pd

    out = subprocess.run([preflight(), "check", str(data), "--format", "json"],
                         capture_output=True, text=True, cwd=REPO)
    found = pd.DataFrame(json.loads(out.stdout)["findings"])
    expected = pd.read_csv(truth, keep_default_na=False)
    found_keys = set(zip(found["row"].astype(int), found["column"], found["rule"],
                         strict=True))
    expected_keys = set(zip(expected["row"].astype(int), expected["column"],
                            expected["rule"], strict=True))
    missed, extra = expected_keys - found_keys, found_keys - expected_keys
    return (f"{len(found_keys):,} findings, {len(expected_keys):,} injected: "
            f"{len(missed):,} missed, {len(extra):,} not injected"
            + ("" if not (missed or extra) else
               f" (e.g. {sorted(missed)[:3]} {sorted(extra)[:3]})"))


# ── the benchmark ──────────────────────────────────────────────────────────────


def commands(data: Path, out: Path, sep: str) -> dict[str, list[str]]:
    return {
        "check": [preflight(), "check", str(data), "--format", "json"],
        "fix": [preflight(), "fix", str(data), "--out", str(out)],
        "floor": [sys.executable, "-m", "bench.floor", str(data), "--sep", sep],
        "frictionless": [sys.executable, "-m", "bench.frictionless_schema", "--validate",
                         str(data), "--sep", sep],
    }


def benchmark(args: argparse.Namespace) -> tuple[Measurements, dict[str, Path],
                                                 dict[str, Path]]:
    work: Path = args.work_dir
    work.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    truths: dict[str, Path] = {}
    for rate in ERROR_RATES:
        label = f"{round(rate * 100)}%"
        files[label], truths[label] = ensure_file(work, args.rows, rate, args.seed, args.sep)
    for label, (shape, rate) in SHAPE_FILES.items():
        files[label], truths[label] = ensure_file(work, args.rows, rate, args.seed, args.sep,
                                                  shape)
    measured = Measurements()
    tools = ["check", "fix", "floor"]
    for index in range(args.runs):
        order = tools[index % len(tools):] + tools[:index % len(tools)]
        for label, data in files.items():
            per_tool = commands(data, work / f"fixed_{label.rstrip('%')}.csv", args.sep)
            for tool in order:
                seconds, peak, code, out = timed(per_tool[tool], capture=tool == "floor")
                measured.runs.append(Run(tool, label, seconds, peak, code, out.strip()))
                print(f"  run {index + 1}/{args.runs} {label:>3} {tool:<12} {seconds:7.2f} s "
                      f"{peak / 2**20:7.0f} MiB  exit {code}", file=sys.stderr)
    for index in range(args.frictionless_runs):
        for label, data in files.items():
            if label in SHAPE_FILES:  # the target is on the usual file; frictionless is slow
                continue
            command = commands(data, work / "unused.csv", args.sep)["frictionless"]
            seconds, peak, code, out = timed(command, capture=True,
                                             timeout=args.frictionless_timeout)
            measured.runs.append(Run("frictionless", label, seconds, peak, code, out.strip()))
            print(f"  run {index + 1}/{args.frictionless_runs} {label:>3} frictionless "
                  f"{seconds:7.2f} s {peak / 2**20:7.0f} MiB  exit {code}", file=sys.stderr)
    return measured, files, truths


# ── the report ─────────────────────────────────────────────────────────────────


def _version(module: str) -> str:
    try:
        from importlib.metadata import version
        return version(module)
    except Exception:  # noqa: BLE001 - a missing package is reported, not fatal
        return "not installed"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,
                            text=True, cwd=REPO).stdout.strip() or "unknown"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs ({cpu}), load {load}; "
            f"Python {platform.python_version()}, pandas {_version('pandas')}, "
            f"pyarrow {_version('pyarrow')}, frictionless {_version('frictionless')}; "
            f"preflight at {commit}")


def verdict(passed: bool | None) -> str:
    return "n/a " if passed is None else ("PASS" if passed else "FAIL")


def report(measured: Measurements, files: dict[str, Path], truths: dict[str, Path],
           args: argparse.Namespace) -> str:
    lines = [f"Preflight benchmark: {args.rows:,} lines, separator '{args.sep}', "
             f"{args.runs} runs (frictionless {args.frictionless_runs}), seed {args.seed}",
             machine(), ""]
    for label, data in files.items():
        lines.append(f"file {label}: {data.name}, {data.stat().st_size / 1e6:,.1f} MB, "
                     f"{sum(truth_counts(truths[label]).values()):,} injected findings")
    lines += ["", f"{'tool':<13}{'file':>5}{'median s':>10}{'min s':>8}{'max s':>8}"
                  f"{'peak MiB':>10}{'peak/size':>10}  exit codes"]
    for tool in ("check", "fix", "floor", "frictionless"):
        for label, data in files.items():
            runs = measured.of(tool, label)
            if not runs:
                continue
            seconds = [run.seconds for run in runs]
            peak = max(run.peak_bytes for run in runs)
            codes = ",".join(str(c) for c in sorted({run.exit_code for run in runs}))
            lines.append(f"{tool:<13}{label:>5}{statistics.median(seconds):>10.2f}"
                         f"{min(seconds):>8.2f}{max(seconds):>8.2f}{peak / 2**20:>10.0f}"
                         f"{peak / data.stat().st_size:>10.2f}  {codes}")
    lines += ["", "targets (ratios of medians in this run):"]
    for label, data in files.items():
        check = measured.median("check", label)
        floor = measured.median("floor", label)
        fix = measured.median("fix", label)
        fric = measured.median("frictionless", label)
        peak = measured.peak("check", label)
        fix_peak = measured.peak("fix", label)
        size = data.stat().st_size
        rows = [
            (f"check/floor ({label})", check / floor if check and floor else None,
             MAX_CHECK_OVER_FLOOR, "<="),
            (f"fix/check ({label})", fix / check if fix and check else None,
             MAX_FIX_OVER_CHECK, "<="),
            (f"check peak/file size ({label})", peak / size if peak else None,
             MAX_PEAK_OVER_SIZE, "<="),
            (f"fix peak/file size ({label})", fix_peak / size if fix_peak else None,
             MAX_PEAK_OVER_SIZE, "<="),
            (f"frictionless/check ({label})", fric / check if fric and check else None,
             MIN_FRICTIONLESS_OVER_CHECK, ">="),
        ]
        lines += [_target_line(*row) for row in rows]
    check_2, check_20 = measured.median("check", "2%"), measured.median("check", "20%")
    lines.append(_target_line("check 20%/2%", check_20 / check_2 if check_2 and check_20
                              else None, MAX_ERRORS_20_OVER_2, "<="))
    lines += ["", "honesty checks:"]
    for label in files:
        floor_runs = [run for run in measured.of("floor", label) if run.stdout]
        if floor_runs:
            counts = json.loads(floor_runs[0].stdout)["by_rule"]
            same = counts == truth_counts(truths[label])
            lines.append(f"  floor counts per rule = injected ({label}): "
                         f"{'yes' if same else 'NO'} ({sum(counts.values()):,} findings)")
        fric_runs = [run for run in measured.of("frictionless", label) if run.stdout]
        if fric_runs:
            result = json.loads(fric_runs[0].stdout)
            lines.append(f"  frictionless ({label}): read {result.get('rows', 0):,} rows, "
                         f"{result['errors']:,} errors {result['by_type']}")
        if args.verify:
            lines.append(f"  preflight check ({label}): {verify(files[label], truths[label])}")
    return "\n".join(lines)


def interactive(args: argparse.Namespace) -> str:
    """The "interactive" section, each part from a process of its own: the engine after
    the first check (`bench.interactive`: an edit, a fix switched, against a full
    check), the pages' reruns (`bench.reruns`: Preflight's own work per rerun, against
    a full check) and, with `--interactive-browser`, the click → result time in
    Chromium (`bench.browser_interactive`)."""
    rows, work_dir = str(args.interactive_rows), str(args.work_dir)
    commands = [
        ("after the first check", ["bench.interactive", "--rows", rows, "--work-dir",
                                   work_dir, "--seed", str(args.seed)]),
        ("pages rerun with nothing changed", ["bench.reruns", "--rows", rows, "--no-sample",
                                              "--reruns", "5", "--work-dir", work_dir]),
    ]
    if args.interactive_browser:
        commands.append(("in the browser", ["bench.browser_interactive", "--rows", rows,
                                            "--tries", "3", "--work-dir", work_dir]))
    parts = []
    for title, command in commands:
        done = subprocess.run([sys.executable, "-m", *command], capture_output=True,
                              text=True, cwd=REPO)
        shown = done.stdout.strip() or f"failed ({done.stderr.strip()[-300:]})"
        parts.append(f"interactive, {title} (python -m {' '.join(command)}):\n{shown}")
    return "\n\n".join(parts)


def _target_line(name: str, value: float | None, bound: float, sense: str) -> str:
    if value is None:
        return f"  {'n/a ':<5} {name:<34} (not measured)"
    passed = value <= bound if sense == "<=" else value >= bound
    return f"  {verdict(passed):<5} {name:<34} {value:8.2f}  (target {sense} {bound:g})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="lines per file")
    parser.add_argument("--runs", type=int, default=3, help="runs of check, fix and floor")
    parser.add_argument("--frictionless-runs", type=int, default=1,
                        help="runs of frictionless per file (0 to skip; default 1: slow)")
    parser.add_argument("--frictionless-timeout", type=float, default=3600,
                        help="seconds before a frictionless run is killed")
    parser.add_argument("--work-dir", "--keep-dir", dest="work_dir", type=Path,
                        default=DEFAULT_WORK_DIR,
                        help=f"where generated files are cached (default {DEFAULT_WORK_DIR})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sep", default=";", choices=[";", ",", "|"])
    parser.add_argument("--verify", action="store_true",
                        help="also run check once untimed and compare with the injected errors")
    parser.add_argument("--json", type=Path, help="also save every run as JSON here")
    parser.add_argument("--interactive-rows", type=int, default=100_000,
                        help="lines of the interactive section's file (0 to skip it)")
    parser.add_argument("--interactive-browser", action="store_true",
                        help="also time clicks in Chromium on that file (slow)")
    args = parser.parse_args(argv)
    measured, files, truths = benchmark(args)
    text = report(measured, files, truths, args)
    if args.interactive_rows:
        text += "\n\n" + interactive(args)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"report": text,
                                         "runs": [asdict(run) for run in measured.runs]},
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
