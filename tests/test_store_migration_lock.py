"""Instances starting together on one empty database (issue 18): the migration lock of
`checks.store.locking`, on SQLite and on a real PostgreSQL server.

Without the lock these racers both find no `preflight_schema` and both create it: one
fails ("already exists"), or the version is recorded twice."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
import sqlalchemy as sa

from checks.store.database import MIGRATIONS, Store, StoreError

RACERS = 4  # instances starting at the same moment
T = TypeVar("T")


def _schema_rows(url: str) -> list[int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.text("select version from preflight_schema"))
                        .scalars())
    finally:
        engine.dispose()


def _race(store_url: str, start: Callable[[Store], T]) -> list[T]:
    """What `start` returns in each of RACERS instances let go at the same moment,
    each with its own connection pool, as separate servers would be."""
    barrier = threading.Barrier(RACERS)
    answers: list[T] = []
    failures: list[BaseException] = []

    def start_an_instance() -> None:
        store = Store(sa.create_engine(store_url))
        try:
            with store.engine.connect():  # connected before the start line, like a server
                pass
            barrier.wait(timeout=60)
            answers.append(start(store))
        except BaseException as problem:  # noqa: BLE001 - reported by the test below
            failures.append(problem)
        finally:
            store.engine.dispose()

    racers = [threading.Thread(target=start_an_instance) for _ in range(RACERS)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=300)
    assert not any(racer.is_alive() for racer in racers), "an instance never finished"
    assert failures == []
    return answers


def test_instances_starting_together_migrate_once(store_url: str) -> None:
    versions = _race(store_url, Store.migrate)
    assert versions == [len(MIGRATIONS)] * RACERS
    assert _schema_rows(store_url) == [len(MIGRATIONS)]


def test_instances_starting_together_save_the_demo_once(store_url: str) -> None:
    """On a database without definitions every instance's first session asks for the
    active definitions; the demo organization is saved once, and every instance uses
    that very revision (not one each, which would list the demo twice)."""
    store = Store(sa.create_engine(store_url))
    try:
        store.migrate()
        active = _race(store_url, lambda racer: racer.active_definitions().revision)
        saved = store.revisions()
    finally:
        store.engine.dispose()
    assert len(saved) == 1
    assert active == [saved[0][0]] * RACERS


def test_a_step_that_fails_leaves_the_database_as_it_was(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The migration is one transaction: an instance that fails half way (here on a
    broken step after the first) leaves neither a table nor a version behind, so the
    next start begins again from an empty database."""
    def broken(connection: sa.Connection) -> None:
        connection.execute(sa.text("select * from no_such_table"))

    monkeypatch.setattr("checks.store.database.MIGRATIONS", (MIGRATIONS[0], broken))
    store = Store(sa.create_engine(store_url))
    try:
        with pytest.raises(StoreError):
            store.migrate()
        assert store.version() == 0
        with store.engine.connect() as connection:
            assert sa.inspect(connection).get_table_names() == []
        monkeypatch.setattr("checks.store.database.MIGRATIONS", MIGRATIONS)
        assert store.migrate() == len(MIGRATIONS)
    finally:
        store.engine.dispose()
