"""The heavy work of every session (read, check, fix, export) through one bounded set of
places per server process, first come first served.

Streamlit runs each session's page in a thread of its own, so two people checking at
once used to run their checks side by side, each slower than alone: on a 2-core
machine, two 7,000-line checks together took about 9 s each where one took 3.6 s.
With at most as many heavy jobs at once as the machine has cores, N people on N cores
each get about one person's time, and the next ones wait their turn, told how many
checks are ahead of them (`waiting_message`).

The places are threads, not processes: the work already runs in the session's script
thread and pyarrow and pandas release the GIL in most of it, so bounding how many run
at once is enough (README "Performance" has the figures); a process pool would copy
every customer table into a worker and back. The set holds no customer data, only
counters, so one per server process is shared by all sessions.

The size is `PREFLIGHT_WORKERS` in the environment, else `[preflight] workers` in
secrets, else the number of cores.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from checks.i18n import ngettext

T = TypeVar("T")

WORKERS_ENV = "PREFLIGHT_WORKERS"
#: How often a waiting page refreshes the number of checks ahead (seconds).
POLL_SECONDS = 0.5

_LOG = logging.getLogger(__name__)


class Places:
    """At most `size` jobs at once; the others wait in the order they came.

    `place` hands a place to the first waiting job as soon as one is free, and tells a
    waiting job, every `poll_seconds` and whenever the queue moves, how many jobs have
    to finish before it starts (`on_wait(ahead)`, ahead ≥ 1). A job whose wait is cut
    short (the person clicked elsewhere, so Streamlit stops the page) leaves the queue.
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a pool needs at least one place, not {size}")
        self.size = size
        self._running = 0
        self._waiting: deque[object] = deque()
        self._moved = threading.Condition()

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    @contextmanager
    def place(self, on_wait: Callable[[int], None] | None = None,
              poll_seconds: float = POLL_SECONDS) -> Iterator[None]:
        ticket = object()
        with self._moved:
            self._waiting.append(ticket)
        try:
            while True:
                with self._moved:
                    if self._waiting[0] is ticket and self._running < self.size:
                        self._waiting.popleft()
                        self._running += 1
                        break
                    ahead = self._waiting.index(ticket) + 1
                if on_wait is not None:
                    on_wait(ahead)   # outside the lock: it draws, and may be stopped
                with self._moved:
                    if not (self._waiting[0] is ticket and self._running < self.size):
                        self._moved.wait(poll_seconds)
        except BaseException:
            with self._moved:
                if ticket in self._waiting:
                    self._waiting.remove(ticket)
                self._moved.notify_all()
            raise
        try:
            yield
        finally:
            with self._moved:
                self._running -= 1
                self._moved.notify_all()


def waiting_message(ahead: int) -> str:
    """What a person waiting for a free place reads, in their language."""
    return ngettext("Waiting for a free place: {count} check ahead of you.",
                    "Waiting for a free place: {count} checks ahead of you.",
                    ahead).format(count=ahead)


def workers_setting(environ: dict[str, str] | None = None,
                    secrets: dict[str, Any] | None = None) -> int:
    """The number of places: the environment, then secrets, then the cores."""
    return whole_number_setting(WORKERS_ENV, "workers", os.cpu_count() or 1,
                                environ=environ, secrets=secrets)


def whole_number_setting(variable: str, key: str, default: int, *,
                         environ: dict[str, str] | None = None,
                         secrets: dict[str, Any] | None = None) -> int:
    """A server setting that is a whole number ≥ 1: the environment's `variable`,
    else `[preflight] key` in secrets, else `default`. Any other value is a setting
    mistake: logged (never shown to a person checking a file), and the default used."""
    environ = dict(os.environ) if environ is None else environ
    secrets = _secrets() if secrets is None else secrets
    configured = environ.get(variable)
    if configured is None:
        configured = (secrets.get("preflight") or {}).get(key)
    if configured is None:
        return default
    try:
        number = int(str(configured).strip())
    except ValueError:
        number = 0
    if number < 1:
        _LOG.warning("%s must be a whole number of at least 1; using %d", variable, default)
        return default
    return number


def _secrets() -> dict[str, Any]:
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return {}


_pools: dict[int, Places] = {}
_pools_lock = threading.Lock()
_held = threading.local()


def places(size: int | None = None) -> Places:
    """The server's places (one set per size, so a changed setting takes effect)."""
    size = workers_setting() if size is None else size
    with _pools_lock:
        return _pools.setdefault(size, Places(size))


def run(compute: Callable[[], T], size: int | None = None) -> T:
    """`compute()`, once a place is free. A page waiting for one shows how many checks
    are ahead, updated while it waits, and the message goes when the work starts. A
    job already holding a place (a check that reads its file) runs at once: waiting
    for a second place would let two jobs block each other."""
    if getattr(_held, "place", False):
        return compute()
    note: Any = None

    def show(ahead: int) -> None:
        nonlocal note
        if get_script_run_ctx(suppress_warning=True) is None:
            return  # a download's builder, in a thread of its own: nowhere to draw
        if note is None:
            note = st.empty()
        note.info(waiting_message(ahead), icon=":material/hourglass_top:")

    with places(size).place(show):
        if note is not None:
            note.empty()
        _held.place = True
        try:
            return compute()
        finally:
            _held.place = False
