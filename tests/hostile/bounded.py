"""Running a corpus case under hard limits, so that a hang or a blow-up fails its test
instead of taking the test run (or the machine) down.

Each case runs in a process of its own, forked from a multiprocessing "forkserver"
that has already imported the engine (a fresh interpreter per case would spend a
second or two importing pandas and pyarrow each time). The process builds the file,
reads it (`read_table`) and checks it (`check_table`) with an address-space limit
(`RLIMIT_AS`): GENEROUS_MEMORY more than it had when forked, so an allocation beyond
that fails (MemoryError, or the process dies). The test waits at most
GENEROUS_SECONDS for the result, then kills the process. Both bounds are limits,
not measurements: nothing asserts how long a case took.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from checks import check_table, demo_definitions, read_table
from tests.hostile.builders import zip_bomb
from tests.hostile.corpus import CASES_BY_NAME

GENEROUS_MEMORY = 2 << 30   # bytes of address space a case may add
GENEROUS_SECONDS = 60


@dataclass(frozen=True)
class Outcome:
    """What a case did: the findings reading produced (`read_rules`, one per finding,
    and their messages), the table's shape, the whole check's rules, file-level
    messages and whether it found errors; `failure` is the traceback when something raised
    (including the case's own `verify` assertions and a MemoryError)."""

    read_rules: tuple[str, ...] = ()
    read_messages: tuple[str, ...] = ()
    shape: tuple[int, int] = (0, 0)
    check_rules: tuple[str, ...] = ()
    check_messages: tuple[str, ...] = ()
    has_errors: bool = False
    failure: str | None = None


class CaseFailed(AssertionError):
    """The case hung, died, or raised."""


def observe(name: str) -> Outcome:
    """Build the case's file, read it and check it (in the current process)."""
    if name in PROBES:
        return PROBES[name]()
    case = CASES_BY_NAME[name]
    data = case.build()
    table = read_table(data, case.file_name)
    result = check_table(table, demo_definitions())
    if case.verify is not None:
        case.verify(table)
    file_level = result.findings[result.findings["row"].isna()]
    return Outcome(read_rules=tuple(table.findings["rule"]),
                   read_messages=tuple(table.findings["message"]),
                   shape=table.data.shape,
                   check_rules=tuple(sorted(set(result.findings["rule"]))),
                   check_messages=tuple(file_level["message"]),
                   has_errors=result.has_errors)


def _allocate_beyond_the_bound() -> Outcome:
    bytearray(GENEROUS_MEMORY + (1 << 30))
    return Outcome()


def _hang() -> Outcome:
    time.sleep(3600)
    return Outcome()


def _zip_bomb_unguarded() -> Outcome:
    """The corpus's ZIP bomb read with the ZIP directory check switched off."""
    from checks.read import xlsx_reader

    xlsx_reader._refuse_expansion = lambda entries: None
    table = read_table(zip_bomb(1024), "customers.xlsx")
    return Outcome(read_rules=tuple(table.findings["rule"]),
                   read_messages=tuple(table.findings["message"]))


#: Runs that test the bounds themselves (not README cases).
PROBES: dict[str, Callable[[], Outcome]] = {
    "allocate_beyond_the_bound": _allocate_beyond_the_bound, "hang": _hang,
    "zip_bomb_unguarded": _zip_bomb_unguarded}


def run_bounded(name: str, *, memory: int = GENEROUS_MEMORY,
                seconds: float = GENEROUS_SECONDS) -> Outcome:
    """`observe(name)` in a forked process under the limits; CaseFailed when it does
    not finish in time, dies, or raises."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_bounded_child, args=(name, sender, memory), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            process.kill()
            raise CaseFailed(f"{name}: no result within {seconds:g} s (process killed)")
        outcome: Outcome = receiver.recv()
    except EOFError:
        process.join(5)
        raise CaseFailed(f"{name}: the process died without a result (exit code "
                         f"{process.exitcode}; a negative code is the signal)") from None
    finally:
        receiver.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    if outcome.failure is not None:
        raise CaseFailed(f"{name} raised:\n{outcome.failure}")
    return outcome


def _bounded_child(name: str, sender: Connection, memory: int) -> None:
    limit = _address_space() + memory
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # as pytest's filterwarnings = error
            outcome = observe(name)
    except BaseException:  # noqa: BLE001 (MemoryError and assertions alike: reported)
        outcome = Outcome(failure=traceback.format_exc())
    sender.send(outcome)
    sender.close()


def _address_space() -> int:
    """This process's current virtual memory size, in bytes (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")


_CONTEXT: list[Any] = []


def _context() -> Any:
    """The forkserver context, its server preloading the engine and the corpus."""
    if not _CONTEXT:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tests.hostile.bounded", "openpyxl"])
        _CONTEXT.append(context)
    return _CONTEXT[0]
