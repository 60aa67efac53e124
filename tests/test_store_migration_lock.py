"""Instances starting together on one empty database (issue 18): the migration lock of
`checks.store.locking`, on SQLite and on a real PostgreSQL server.

Without the lock these racers both find no `preflight_schema` and both create it: one
fails ("already exists"), or the version is recorded twice."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from checks.store.database import MIGRATIONS, Store, StoreError

RACERS = 4  # instances starting at the same moment


def _schema_rows(url: str) -> list[int]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.text("select version from preflight_schema"))
                        .scalars())
    finally:
        engine.dispose()


def test_instances_starting_together_migrate_once(store_url: str) -> None:
    barrier = threading.Barrier(RACERS)
    versions: list[int] = []
    failures: list[BaseException] = []

    def start_an_instance() -> None:
        store = Store(sa.create_engine(store_url))
        try:
            with store.engine.connect():  # connected before the start line, like a server
                pass
            barrier.wait(timeout=60)
            versions.append(store.migrate())
        except BaseException as problem:  # noqa: BLE001 - reported by the test below
            failures.append(problem)
        finally:
            store.engine.dispose()

    racers = [threading.Thread(target=start_an_instance) for _ in range(RACERS)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=300)
    assert not any(racer.is_alive() for racer in racers), "a migration never finished"
    assert failures == []
    assert versions == [len(MIGRATIONS)] * RACERS
    assert _schema_rows(store_url) == [len(MIGRATIONS)]


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
