"""The server's memory budget for the files people upload: a new upload that would take
it over is refused with a plain message instead of letting the server run out of memory.

A session holding a file needs about 4× its size (the file, its table, the check and
the corrected file: README "Performance"), so each upload is charged 4× its bytes to
the session that holds it, one charge per uploader slot (the check page's file, each
side of the identifier match). A charge goes when the session drops or replaces its
file, and when the session itself ends: Streamlit drops a session's state when its tab
closes (after `server.disconnectedSessionTTL` for a tab that may reconnect), and a
finalizer on that state gives the session's charges back.

The budget is `PREFLIGHT_MEMORY_BUDGET_MB` in the environment, else `[preflight]
memory_budget_mb` in secrets, else half of the machine's memory. Only sizes are kept
here, never a file's content.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import threading
import weakref
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from checks.i18n import N_, _
from ui import workers

BUDGET_ENV = "PREFLIGHT_MEMORY_BUDGET_MB"
#: What a session needs in memory per byte of its file (README "Performance").
FILE_FACTOR = 4
#: When the machine's memory cannot be read.
FALLBACK_MB = 4096
MB = 1024 * 1024
BUSY = N_("The server is busy with other people's files right now; try again in a few "
          "minutes, or with a smaller file.")



class Ledger:
    """The bytes charged to each (session, slot), within `limit` bytes in all."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._charges: dict[tuple[Hashable, str], int] = {}
        self._lock = threading.Lock()

    @property
    def in_use(self) -> int:
        with self._lock:
            return sum(self._charges.values())

    def charged(self, owner: Hashable) -> int:
        with self._lock:
            return sum(size for (who, _slot), size in self._charges.items() if who == owner)

    def admit(self, owner: Hashable, slot: str, file_size: int) -> bool:
        """Charge a file of `file_size` bytes to `owner`'s `slot` (replacing the file it
        held there), unless that would take the charges over the limit: then nothing
        changes and the answer is False."""
        cost = file_size * FILE_FACTOR
        with self._lock:
            others = sum(size for key, size in self._charges.items() if key != (owner, slot))
            if others + cost > self.limit:
                return False
            self._charges[(owner, slot)] = cost
            return True

    def release(self, owner: Hashable, slot: str | None = None) -> None:
        """Give back `owner`'s charge for `slot`, or all of its charges."""
        with self._lock:
            for key in [key for key in self._charges
                        if key[0] == owner and (slot is None or key[1] == slot)]:
                del self._charges[key]


def machine_memory_mb(meminfo: Path = Path("/proc/meminfo")) -> int | None:
    """The machine's memory (MemTotal) in MB, or None where it cannot be read."""
    try:
        for line in meminfo.read_text("ascii").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def budget_setting(environ: dict[str, str] | None = None,
                   secrets: dict[str, Any] | None = None,
                   machine_mb: int | None = None) -> int:
    """The budget in bytes: the environment, then secrets, then half the machine's
    memory. A value that is not a whole number of MB ≥ 1 is logged, and the default
    used."""
    machine_mb = machine_memory_mb() if machine_mb is None else machine_mb
    default_mb = machine_mb // 2 if machine_mb else FALLBACK_MB
    return workers.whole_number_setting(BUDGET_ENV, "memory_budget_mb", default_mb,
                                        environ=environ, secrets=secrets) * MB


_ledgers: dict[int, Ledger] = {}
_ledgers_lock = threading.Lock()
_watched: set[str] = set()


def ledger(limit: int | None = None) -> Ledger:
    """The server's ledger (one per budget, so a changed setting takes effect)."""
    limit = budget_setting() if limit is None else limit
    with _ledgers_lock:
        return _ledgers.setdefault(limit, Ledger(limit))


def _session() -> tuple[str, object] | None:
    """This session's id and its state object (None outside a page run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return None if ctx is None else (ctx.session_id, ctx.session_state)


def admit_upload(slot: str, file_size: int) -> bool:
    """Charge this session's new file in `slot`; False when the server has no room for
    it (the page shows `refusal()`). The session's charges go when its state does."""
    found = _session()
    if found is None:
        return True
    session_id, state = found
    book = ledger()
    if not book.admit(session_id, slot, file_size):
        return False
    with _ledgers_lock:
        if session_id not in _watched:
            _watched.add(session_id)
            weakref.finalize(state, _session_ended, book, session_id)
    return True


def _session_ended(book: Ledger, session_id: str) -> None:
    book.release(session_id)
    with _ledgers_lock:
        _watched.discard(session_id)
    # The finalizer runs as the state starts to go, before its tables are freed.
    threading.Timer(TRIM_DELAY_S, give_back_freed_memory).start()


#: Seconds between a session's end and handing its freed memory back to the system.
TRIM_DELAY_S = 2.0


def give_back_freed_memory() -> bool:
    """Ask the C allocator to return the memory freed by ended sessions to the system.

    glibc keeps freed memory in its arenas (one per thread that allocated, and every
    session runs in threads of its own) for reuse, and after a large free it raises
    the size above which it maps memory separately, so a server that served eight
    people stayed about 60 MiB above where it started once they had all left.
    `malloc_trim` returns those free pages; it takes milliseconds and changes no
    data. False where the C library has no such call (not glibc).

    Objects of the session kept alive only by reference cycles are collected first:
    Streamlit's collection after every run of a page is switched off
    (`.streamlit/config.toml`, `runner.postScriptGC`), as it cost a tenth of a second
    or more per click once a large file was in memory."""
    gc.collect()
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True


@functools.cache
def _malloc_trim() -> Any:
    """The C library's `malloc_trim`, looked up among the symbols the process already
    has (`ctypes.util.find_library` would run `ldconfig` in a subprocess)."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except OSError:
        return None


def release_upload(slot: str) -> None:
    """This session dropped its file in `slot`."""
    found = _session()
    if found is not None:
        ledger().release(found[0], slot)


def refusal() -> str:
    return _(BUSY)
