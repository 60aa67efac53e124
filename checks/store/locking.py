"""One migration at a time, however many app instances start on one database.

Several Preflight instances behind a load balancer share one PostgreSQL, and they often
start together (a deployment restarts them all). Each migrates the schema on its first
session: without a lock two of them can both find the database empty and both create
`preflight_schema`, and the second fails or records the version twice. So the whole
migration, the creation of `preflight_schema` included, runs as one transaction that
holds the database's migration lock; an instance that comes second waits, then finds
the schema up to date and does nothing.

- PostgreSQL: a transaction-level advisory lock on a fixed key
  (`pg_advisory_xact_lock`), released by the commit or the rollback, so a crashed
  instance never leaves it held. The transaction is READ COMMITTED so that the instance
  that waited sees what the first one committed (a REPEATABLE READ snapshot would be
  taken before the wait).
- SQLite: `BEGIN IMMEDIATE`, the database's write lock, taken before anything is read.
  Python's sqlite3 module would start its own transaction only at the first write, too
  late, so the connection is put in the driver's autocommit mode and the transaction is
  begun and ended here.
- Any other database: one ordinary transaction, without a lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

#: The advisory lock's key: a fixed 64-bit number, the same in every instance and
#: every version of Preflight, that other applications on the database are unlikely to use.
MIGRATION_LOCK_KEY = 0x5052_4546_4C49_4748
#: How long SQLite waits for another process's write lock before giving up, in ms:
#: a migration takes well under a second; a busy machine may make it take longer.
SQLITE_BUSY_TIMEOUT_MS = 60_000


@contextmanager
def migration_transaction(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection inside one transaction that holds the database's migration lock;
    committed when the block ends, rolled back if it raises."""
    with engine.connect() as connection:
        dialect = connection.dialect.name
        if dialect == "postgresql":
            with _postgresql_locked(connection) as locked:
                yield locked
        elif dialect == "sqlite":
            with _sqlite_locked(connection) as locked:
                yield locked
        else:
            with connection.begin():
                yield connection


@contextmanager
def _postgresql_locked(connection: sa.Connection) -> Iterator[sa.Connection]:
    connection = connection.execution_options(isolation_level="READ COMMITTED")
    with connection.begin():
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
        yield connection


@contextmanager
def _sqlite_locked(connection: sa.Connection) -> Iterator[sa.Connection]:
    connection = connection.execution_options(isolation_level="AUTOCOMMIT")
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    connection.exec_driver_sql("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.exec_driver_sql("ROLLBACK")
        raise
    connection.exec_driver_sql("COMMIT")
