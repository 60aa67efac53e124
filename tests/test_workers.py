"""The server's places for heavy work (`ui.workers`) and its memory budget (`ui.budget`):
at most `size` jobs at once, the others in the order they came and told how many are
ahead; uploads charged 4× their size, refused over the budget, given back when dropped
or when the session's state goes."""

from __future__ import annotations

import gc
import sys
import threading
import tomllib
import weakref
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.i18n import use_language
from ui import budget, workers
from ui.budget import FILE_FACTOR, MB, Ledger
from ui.workers import Places

DEADLINE_S = 60  # how long a test thread may take to get somewhere: a deadline only


def _occupy(places: Places) -> tuple[threading.Event, threading.Event, threading.Thread]:
    """A job holding one place until `release` is set; `holding` once it has it."""
    holding, release = threading.Event(), threading.Event()

    def job() -> None:
        with places.place():
            holding.set()
            release.wait(DEADLINE_S)

    thread = threading.Thread(target=job)
    thread.start()
    assert holding.wait(DEADLINE_S)
    return holding, release, thread


def _waiter(places: Places, seen: list[int], started: threading.Event,
            order: list[str], name: str,
            hold: threading.Event | None = None) -> threading.Thread:
    def job() -> None:
        def on_wait(ahead: int) -> None:
            seen.append(ahead)
            started.set()
        with places.place(on_wait, poll_seconds=0.01):
            order.append(name)
            if hold is not None:
                hold.wait(DEADLINE_S)

    thread = threading.Thread(target=job)
    thread.start()
    return thread


def test_a_free_place_is_taken_at_once() -> None:
    places = Places(2)
    told: list[int] = []
    with places.place(told.append):
        assert places.running == 1
    assert told == [] and places.running == 0


def test_waiting_jobs_are_told_their_place_and_served_in_order() -> None:
    places = Places(1)
    _holding, release, holder = _occupy(places)
    order: list[str] = []
    first_seen: list[int] = []
    second_seen: list[int] = []
    first_started, second_started = threading.Event(), threading.Event()
    first_done = threading.Event()
    first = _waiter(places, first_seen, first_started, order, "first", hold=first_done)
    assert first_started.wait(DEADLINE_S)
    second = _waiter(places, second_seen, second_started, order, "second")
    assert second_started.wait(DEADLINE_S)
    assert first_seen[0] == 1 and second_seen[0] == 2
    assert places.waiting == 2
    release.set()
    holder.join(DEADLINE_S)
    for _attempt in range(DEADLINE_S * 100):  # the first one runs, the second moves up
        if order == ["first"] and second_seen[-1] == 1:
            break
        threading.Event().wait(0.01)
    assert order == ["first"] and second_seen[-1] == 1
    first_done.set()
    for thread in (first, second):
        thread.join(DEADLINE_S)
    assert order == ["first", "second"]
    assert places.running == 0 and places.waiting == 0


def test_a_stopped_wait_leaves_the_queue() -> None:
    """Streamlit stops a page that is waiting when the person clicks elsewhere: the
    job leaves the queue, and those behind it move up."""
    places = Places(1)
    _holding, release, holder = _occupy(places)

    class Stopped(Exception):
        pass

    def stop(_ahead: int) -> None:
        raise Stopped

    with pytest.raises(Stopped):
        with places.place(stop):
            pass
    assert places.waiting == 0
    release.set()
    holder.join(DEADLINE_S)
    with places.place():
        assert places.running == 1


def test_run_is_reentrant_for_a_job_that_holds_a_place() -> None:
    """A check that reads its file inside its place must not wait for a second one."""
    assert workers.run(lambda: workers.run(lambda: 7, size=1), size=1) == 7


@given(st.integers(min_value=1, max_value=6), st.integers(min_value=0, max_value=8))
def test_never_more_jobs_at_once_than_places(size: int, extra: int) -> None:
    places = Places(size)
    busiest = 0
    lock = threading.Lock()

    def job() -> None:
        nonlocal busiest
        with places.place(poll_seconds=0.005):
            with lock:
                busiest = max(busiest, places.running)

    threads = [threading.Thread(target=job) for _ in range(size + extra)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE_S)
    assert 1 <= busiest <= size
    assert places.running == 0 and places.waiting == 0


def test_the_waiting_message_counts_in_both_languages() -> None:
    assert workers.waiting_message(1) == "Waiting for a free place: 1 check ahead of you."
    assert workers.waiting_message(2) == "Waiting for a free place: 2 checks ahead of you."
    with use_language("fr"):
        assert "2 vérifications" in workers.waiting_message(2)
        assert "1 vérification " in workers.waiting_message(1)


@pytest.mark.parametrize(("environ", "secrets", "expected"), [
    ({"PREFLIGHT_WORKERS": "3"}, {"preflight": {"workers": 5}}, 3),
    ({}, {"preflight": {"workers": 5}}, 5),
    ({"PREFLIGHT_WORKERS": "0"}, {}, None),
    ({"PREFLIGHT_WORKERS": "many"}, {}, None),
    ({}, {}, None),
])
def test_the_pool_size_setting(environ: dict[str, str], secrets: dict[str, object],
                               expected: int | None) -> None:
    import os

    assert workers.workers_setting(environ, secrets) == (expected or os.cpu_count() or 1)


# ── the memory budget ────────────────────────────────────────────────────────────────

def test_the_budget_refuses_over_the_limit_and_releases_on_drop() -> None:
    ledger = Ledger(limit=100 * FILE_FACTOR)
    assert ledger.admit("anne", "upload", 60)
    assert not ledger.admit("bob", "upload", 41)   # 60 + 41 > 100
    assert ledger.in_use == 60 * FILE_FACTOR
    assert ledger.admit("bob", "upload", 40)
    assert ledger.admit("anne", "upload", 60)      # the same file again: no double charge
    ledger.release("anne", "upload")
    assert ledger.in_use == 40 * FILE_FACTOR
    assert ledger.admit("carl", "upload", 60)
    ledger.release("bob")
    ledger.release("carl")
    assert ledger.in_use == 0


@given(st.lists(st.tuples(st.sampled_from("abcd"), st.sampled_from(("upload", "left")),
                          st.integers(min_value=0, max_value=50)), max_size=30))
def test_the_charges_never_exceed_the_budget(uploads: list[tuple[str, str, int]]) -> None:
    ledger = Ledger(limit=120)
    for owner, slot, size in uploads:
        ledger.admit(owner, slot, size)
        assert ledger.in_use <= ledger.limit
    for owner in "abcd":
        ledger.release(owner)
    assert ledger.in_use == 0


def test_a_session_ending_gives_its_charges_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streamlit drops a session's state when the session ends: its charges go."""

    class State:  # stands for the session's state object
        pass

    held = [State()]
    book = Ledger(limit=10 * MB)
    trimmed = threading.Event()
    monkeypatch.setattr(budget, "ledger", lambda limit=None: book)
    monkeypatch.setattr(budget, "_session", lambda: ("session-1", held[0]))
    monkeypatch.setattr(budget, "TRIM_DELAY_S", 0.0)
    monkeypatch.setattr(budget, "give_back_freed_memory", trimmed.set)
    assert budget.admit_upload("upload", 1000)
    assert budget.admit_upload("match_left_file", 500)
    assert book.in_use == 1500 * FILE_FACTOR
    assert not trimmed.is_set()
    held.clear()
    gc.collect()
    assert book.in_use == 0
    assert trimmed.wait(timeout=60), "the freed memory was never handed back"


def test_freed_memory_is_handed_back_on_this_c_library() -> None:
    """The server runs on Debian (glibc): the call that returns freed memory exists,
    and finding it starts no program and opens no file (the server writes nothing but
    its database: `tests/browser/test_isolation.py`; `ctypes.util.find_library` runs
    `ldconfig` with its output sent to /dev/null)."""
    budget._malloc_trim.cache_clear()
    events: list[str] = []
    listening = threading.Event()

    def audit(event: str, _arguments: tuple[object, ...]) -> None:
        if listening.is_set() and event in {"open", "subprocess.Popen", "os.posix_spawn"}:
            events.append(event)

    sys.addaudithook(audit)  # an audit hook cannot be removed: it stops listening
    listening.set()
    handed_back = budget.give_back_freed_memory()
    listening.clear()
    assert handed_back is True
    assert events == []


def test_an_ended_sessions_cycles_are_collected_before_memory_is_handed_back() -> None:
    """Streamlit's collection after every run is off (`.streamlit/config.toml`), so what
    only a reference cycle keeps alive goes when a session ends, with the collection
    `give_back_freed_memory` runs first (automatic collection is held off here, as it
    may not have come yet on a server)."""

    class Held:
        pass

    held = Held()
    held.itself = held  # type: ignore[attr-defined]
    alive = weakref.ref(held)
    del held
    gc.disable()
    try:
        assert alive() is not None
        budget.give_back_freed_memory()
        assert alive() is None
    finally:
        gc.enable()


def test_streamlit_does_not_collect_after_every_run() -> None:
    """The setting that makes the collection above the only full one."""
    config = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml")
                           .read_text("utf-8"))
    assert config["runner"]["postScriptGC"] is False


def test_the_budget_setting(tmp_path: Path) -> None:
    meminfo = tmp_path / "meminfo"
    meminfo.write_text("MemTotal:       8192000 kB\nMemFree: 1 kB\n")
    assert budget.machine_memory_mb(meminfo) == 8000
    assert budget.machine_memory_mb(tmp_path / "missing") is None
    assert budget.budget_setting({}, {}, machine_mb=8000) == 4000 * MB
    assert budget.budget_setting({"PREFLIGHT_MEMORY_BUDGET_MB": "300"}, {}, 8000) == 300 * MB
    assert budget.budget_setting({}, {"preflight": {"memory_budget_mb": 200}}, 8000) == 200 * MB
    assert budget.budget_setting({"PREFLIGHT_MEMORY_BUDGET_MB": "-1"}, {}, 8000) == 4000 * MB
