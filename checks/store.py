"""The team's store: the organization's definitions (and later the check history).

One small module on SQLAlchemy Core so the same code runs on SQLite (the default: no
setup) and PostgreSQL (several app instances). The app hands it the engine of
`st.connection`; the engine itself never imports Streamlit.

Tables are created and upgraded by numbered migration steps recorded in
`preflight_schema`, never by dropping and recreating. Saving definitions adds a
revision: the newest one is active and older ones stay, so an edit never loses the
previous document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from checks.definitions import Definitions, demo_definitions, parse_definitions
from checks.errors import DefinitionsError, PreflightError

DEMO_SOURCE = "the bundled demo organization"

metadata = sa.MetaData()

schema_version = sa.Table(
    "preflight_schema", metadata,
    sa.Column("version", sa.Integer, nullable=False),
)

definitions_revisions = sa.Table(
    "preflight_definitions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("organization", sa.String(200), nullable=False),
    sa.Column("source", sa.String(500), nullable=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
)


class StoreError(PreflightError):
    """The database cannot be reached or used; the message never holds its URL."""


@dataclass(frozen=True)
class StoredDefinitions:
    """The active definitions, where they came from and which revision they are."""

    definitions: Definitions
    source: str
    revision: int
    saved_at: datetime


def _create_definitions(connection: sa.Connection) -> None:
    definitions_revisions.create(connection)


# Step n brings the schema from version n to n + 1. Append; never edit a shipped step.
MIGRATIONS: tuple[Callable[[sa.Connection], None], ...] = (_create_definitions,)


class Store:
    """Definitions revisions behind a SQLAlchemy engine."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def version(self) -> int:
        """The schema version of the database (0 for an empty one)."""
        with self._connect() as connection:
            return self._version(connection)

    def migrate(self) -> int:
        """Apply the steps the database has not seen yet, each in its own transaction."""
        try:
            with self.engine.begin() as connection:
                if not sa.inspect(connection).has_table(schema_version.name):
                    schema_version.create(connection)
                    connection.execute(schema_version.insert().values(version=0))
            for step, migration in enumerate(MIGRATIONS):
                with self.engine.begin() as connection:
                    if self._version(connection) > step:
                        continue
                    migration(connection)
                    connection.execute(schema_version.update().values(version=step + 1))
            return self.version()
        except SQLAlchemyError as problem:
            raise _store_error("prepare", problem) from problem

    def active_definitions(self) -> StoredDefinitions:
        """The newest saved revision; the demo organization when none was saved yet."""
        query = (sa.select(definitions_revisions)
                 .order_by(definitions_revisions.c.id.desc()).limit(1))
        with self._connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return self.save_definitions(demo_definitions(), DEMO_SOURCE)
        try:
            definitions = parse_definitions(row.document, source=row.source)
        except DefinitionsError as problem:
            raise StoreError(f"The saved definitions (revision {row.id}) cannot be used: "
                             f"{'; '.join(problem.problems)}.") from problem
        return StoredDefinitions(definitions, row.source, row.id, _utc(row.saved_at))

    def save_definitions(self, definitions: Definitions, source: str) -> StoredDefinitions:
        """Add a revision; it is active for every session from the next check on."""
        saved_at = datetime.now(UTC)
        values = {"organization": definitions.organization[:200], "source": source[:500],
                  "document": definitions.to_json(), "saved_at": saved_at}
        try:
            with self.engine.begin() as connection:
                result = connection.execute(definitions_revisions.insert().values(**values))
                revision = int(result.inserted_primary_key[0])
        except SQLAlchemyError as problem:
            raise _store_error("save the definitions in", problem) from problem
        return StoredDefinitions(definitions, source, revision, saved_at)

    def revisions(self) -> list[tuple[int, str, str, datetime]]:
        """Every saved revision, newest first: (revision, organization, source, saved_at)."""
        columns = definitions_revisions.c
        query = (sa.select(columns.id, columns.organization, columns.source, columns.saved_at)
                 .order_by(columns.id.desc()))
        with self._connect() as connection:
            return [(row.id, row.organization, row.source, _utc(row.saved_at))
                    for row in connection.execute(query)]

    def _connect(self) -> AbstractContextManager[sa.Connection]:
        return _reading(self.engine)

    @staticmethod
    def _version(connection: sa.Connection) -> int:
        if not sa.inspect(connection).has_table(schema_version.name):
            return 0
        return int(connection.execute(sa.select(schema_version.c.version)).scalar_one())


@contextmanager
def _reading(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A read connection whose database errors become one StoreError."""
    try:
        with engine.connect() as connection:
            yield connection
    except SQLAlchemyError as problem:
        raise _store_error("read", problem) from problem


def _utc(moment: datetime) -> datetime:
    """The saved time as an aware UTC time on every database: SQLite keeps no time zone
    and gives back the naive UTC time that was written."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _store_error(action: str, problem: SQLAlchemyError) -> StoreError:
    return StoreError(f"Could not {action} the definitions database "
                      f"({type(problem).__name__}); check that it is reachable and that "
                      f"the app may write to it.")
