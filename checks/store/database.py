"""The team's store: the organization's definitions and the history of checks.

One small module on SQLAlchemy Core so the same code runs on SQLite (the default: no
setup) and PostgreSQL (several app instances). The app hands it the engine of
`st.connection`; the engine itself never imports Streamlit.

Tables are created and upgraded by numbered migration steps recorded in
`preflight_schema`, never by dropping and recreating. Saving definitions adds a
revision: the newest one is active and older ones stay, so an edit never loses the
previous document. Every check of a file adds a line to the history: counts only,
never a value of the file (see `checks/store/history.py`). Import recipes are kept
one per organization and kind of file (`checks/store/recipes.py`).

The same code runs on both databases: times are stored timezone-aware and read back
as UTC (SQLite keeps none), JSON is stored as text, ids are autoincrementing integers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from checks.definitions.document import Definitions, demo_definitions, parse_definitions
from checks.i18n import N_, _
from checks.model.errors import DefinitionsError, PreflightError, UsageError, problem_list
from checks.recipe import Recipe
from checks.store import recipes as recipe_rows
from checks.store.history import CheckSummary, history_frame, history_record
from checks.store.locking import migration_transaction

DEMO_SOURCE = "the bundled demo organization"
HISTORY_LIMIT = 1_000  # checks `history` returns at most, newest first
DEFINITIONS = "definitions database"
HISTORY = "history database"
RECIPES = "recipes"

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


def _checks_table(owner: sa.MetaData) -> sa.Table:
    """preflight_checks as migration step 2 creates it. A later change to this table is
    a new step (and a new definition of `check_history`), never an edit of this one."""
    return sa.Table(
        "preflight_checks", owner,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("file_name", sa.String(500), nullable=False),
        sa.Column("row_count", sa.Integer, nullable=False),
        sa.Column("column_count", sa.Integer, nullable=False),
        sa.Column("errors", sa.Integer, nullable=False),
        sa.Column("warnings", sa.Integer, nullable=False),
        sa.Column("infos", sa.Integer, nullable=False),
        sa.Column("by_rule", sa.Text, nullable=False),  # JSON {rule code: findings}
        sa.Column("organization", sa.String(200), nullable=False),
        sa.Column("definitions_revision", sa.Integer, nullable=True),
    )


check_history = _checks_table(metadata)
# Step 4: the upload a line belongs to (a random token per uploaded file and sheet, never
# derived from its content), so that re-checks of one upload update one line.
check_history.append_column(sa.Column("upload_key", sa.String(64), nullable=True))
UPLOAD_KEY_INDEX = "ix_preflight_checks_upload_key"


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


def _create_history(connection: sa.Connection) -> None:
    _checks_table(sa.MetaData()).create(connection)


def _create_recipes(connection: sa.Connection) -> None:
    recipe_rows.recipes_table(sa.MetaData()).create(connection)


def _history_per_upload(connection: sa.Connection) -> None:
    """Lines checked before this step have no upload: each stays a line of its own."""
    connection.execute(sa.text("ALTER TABLE preflight_checks ADD COLUMN upload_key VARCHAR(64)"))
    connection.execute(sa.text(f"CREATE INDEX {UPLOAD_KEY_INDEX} ON preflight_checks (upload_key)"))


# Step n brings the schema from version n to n + 1. Append; never edit a shipped step.
MIGRATIONS: tuple[Callable[[sa.Connection], None], ...] = (
    _create_definitions,
    _create_history,
    _create_recipes,
    _history_per_upload,
)


def _revision_values(definitions: Definitions, source: str,
                     saved_at: datetime) -> dict[str, object]:
    """The columns of a saved revision."""
    return {"organization": definitions.organization[:200], "source": source[:500],
            "document": definitions.to_json(), "saved_at": saved_at}


class Store:
    """Definitions revisions and the check history behind a SQLAlchemy engine."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def version(self) -> int:
        """The schema version of the database (0 for an empty one)."""
        with self._connect() as connection:
            return self._version(connection)

    def migrate(self) -> int:
        """Apply the steps the database has not seen yet, in one transaction that holds
        the database's migration lock (`checks.store.locking`): instances starting
        together on one database migrate one after the other, never both at once."""
        try:
            with migration_transaction(self.engine) as connection:
                if not sa.inspect(connection).has_table(schema_version.name):
                    schema_version.create(connection)
                    connection.execute(schema_version.insert().values(version=0))
                done = self._version(connection)
                for step, migration in enumerate(MIGRATIONS[done:], start=done):
                    migration(connection)
                    connection.execute(schema_version.update().values(version=step + 1))
            return self.version()
        except SQLAlchemyError as problem:
            raise _store_error("prepare", problem, DEFINITIONS) from problem

    def active_definitions(self) -> StoredDefinitions:
        """The newest saved revision; the demo organization when none was saved yet."""
        query = (sa.select(definitions_revisions)
                 .order_by(definitions_revisions.c.id.desc()).limit(1))
        with self._connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return self._first_revision()
        try:
            definitions = parse_definitions(row.document, source=row.source)
        except DefinitionsError as problem:
            raise StoreError(_("The saved definitions (revision {revision}) cannot be used: "
                               "{problems}.").format(revision=row.id,
                                                     problems=problem_list(problem.problems))) \
                from problem
        return StoredDefinitions(definitions, row.source, row.id, _utc(row.saved_at))

    def _first_revision(self) -> StoredDefinitions:
        """Save the demo organization as the first revision, under the migration lock:
        instances starting together on an empty database each find no revision, and
        without the lock each would save the demo (two identical first revisions in
        the Definitions page's list). The one that comes second finds the first one's."""
        query = (sa.select(definitions_revisions)
                 .order_by(definitions_revisions.c.id.desc()).limit(1))
        try:
            with migration_transaction(self.engine) as connection:
                row = connection.execute(query).first()
                if row is None:
                    demo = demo_definitions()
                    saved_at = datetime.now(UTC)
                    result = connection.execute(definitions_revisions.insert().values(
                        **_revision_values(demo, DEMO_SOURCE, saved_at)))
                    return StoredDefinitions(demo, DEMO_SOURCE,
                                             int(result.inserted_primary_key[0]), saved_at)
        except SQLAlchemyError as problem:
            raise _store_error("save the definitions in", problem, DEFINITIONS) from problem
        return self.active_definitions()

    def save_definitions(self, definitions: Definitions, source: str) -> StoredDefinitions:
        """Add a revision; it is active for every session from the next check on."""
        saved_at = datetime.now(UTC)
        values = _revision_values(definitions, source, saved_at)
        try:
            with self.engine.begin() as connection:
                result = connection.execute(definitions_revisions.insert().values(**values))
                revision = int(result.inserted_primary_key[0])
        except SQLAlchemyError as problem:
            raise _store_error("save the definitions in", problem, DEFINITIONS) from problem
        return StoredDefinitions(definitions, source, revision, saved_at)

    def revisions(self) -> list[tuple[int, str, str, datetime]]:
        """Every saved revision, newest first: (revision, organization, source, saved_at)."""
        columns = definitions_revisions.c
        query = (sa.select(columns.id, columns.organization, columns.source, columns.saved_at)
                 .order_by(columns.id.desc()))
        with self._connect() as connection:
            return [(row.id, row.organization, row.source, _utc(row.saved_at))
                    for row in connection.execute(query)]

    def record_check(self, summary: CheckSummary) -> int:
        """Keep one check in the team's history, stamped now; returns its line's id.

        A check of an upload that already has a line (the same file checked again
        after a mapping, recipe or option change) replaces that line's counts and
        time: the history counts files, not clicks, so its trend does not rise as
        a person maps more columns. A check without an upload adds a line."""
        values = {
            "checked_at": datetime.now(UTC), "file_name": summary.file_name[:500],
            "row_count": summary.rows, "column_count": summary.columns,
            "errors": summary.errors, "warnings": summary.warnings, "infos": summary.infos,
            "by_rule": json.dumps(dict(summary.by_rule), sort_keys=True),
            "organization": summary.organization[:200],
            "definitions_revision": summary.revision, "upload_key": summary.upload}
        try:
            with self.engine.begin() as connection:
                line = self._upload_line(connection, summary.upload)
                if line is not None:
                    connection.execute(check_history.update()
                                       .where(check_history.c.id == line).values(**values))
                    return line
                result = connection.execute(check_history.insert().values(**values))
                return int(result.inserted_primary_key[0])
        except SQLAlchemyError as problem:
            raise _store_error("save the check in", problem, HISTORY) from problem

    @staticmethod
    def _upload_line(connection: sa.Connection, upload: str | None) -> int | None:
        """The id of the line an upload already has, if any."""
        if upload is None:
            return None
        query = (sa.select(check_history.c.id).where(check_history.c.upload_key == upload)
                 .order_by(check_history.c.id).limit(1))
        return connection.execute(query).scalar()

    def history(self, organization: str | None = None, since: datetime | None = None,
                until: datetime | None = None, file_contains: str | None = None,
                limit: int = HISTORY_LIMIT) -> pd.DataFrame:
        """Past checks, newest first (`checks.store.history.HISTORY_COLUMNS`), with `by_rule`
        decoded. `since` is included and `until` excluded; `file_contains` ignores case.
        A time without a zone is taken as UTC."""
        query = _history_query(organization, since, until, file_contains).limit(limit)
        with self._connect(HISTORY) as connection:
            rows = connection.execute(query).all()
        return history_frame([history_record(row, _utc(row.checked_at)) for row in rows])

    def history_organizations(self) -> list[str]:
        """The organizations that have checks in the history, alphabetically."""
        column = check_history.c.organization
        query = sa.select(column).distinct().order_by(column)
        with self._connect(HISTORY) as connection:
            return list(connection.execute(query).scalars())

    def save_recipe(self, recipe: Recipe) -> Recipe:
        """Save a recipe for the whole team, stamped now, in place of the organization's
        recipe for the same kind of file (one transaction: a reader sees the old one or
        the new one). Returns it as saved."""
        saved = recipe_rows.stamped(recipe)
        for attempt in (1, 2):  # a teammate saving the same recipe at the same instant
            try:
                with self.engine.begin() as connection:
                    recipe_rows.replace_recipe(connection, saved)
                return saved
            except sa.exc.IntegrityError as problem:
                if attempt == 2:
                    raise _store_error("save the recipe in", problem, RECIPES) from problem
            except SQLAlchemyError as problem:
                raise _store_error("save the recipe in", problem, RECIPES) from problem
        raise AssertionError("unreachable")  # pragma: no cover

    def find_recipe(self, organization: str, signature: str) -> Recipe | None:
        """The organization's recipe for files with this header signature, if any."""
        with self._connect(RECIPES) as connection:
            try:
                return recipe_rows.find(connection, organization, signature)
            except UsageError as problem:
                raise StoreError(_("The saved recipe for this file cannot be used: "
                                   "{problem}").format(problem=problem.message)) from problem

    def recipes(self, organization: str) -> list[Recipe]:
        """The organization's recipes, by name."""
        with self._connect(RECIPES) as connection:
            return recipe_rows.listed(connection, organization)

    def forget_recipe(self, organization: str, signature: str) -> bool:
        """Delete the organization's recipe for files with this header signature."""
        try:
            with self.engine.begin() as connection:
                return recipe_rows.forget(connection, organization, signature)
        except SQLAlchemyError as problem:
            raise _store_error("forget the recipe in", problem, RECIPES) from problem

    def _connect(self, what: str = DEFINITIONS) -> AbstractContextManager[sa.Connection]:
        return _reading(self.engine, what)

    @staticmethod
    def _version(connection: sa.Connection) -> int:
        if not sa.inspect(connection).has_table(schema_version.name):
            return 0
        return int(connection.execute(sa.select(schema_version.c.version)).scalar_one())


def _history_query(organization: str | None, since: datetime | None,
                   until: datetime | None, file_contains: str | None) -> sa.Select:
    """The filtered history, newest first (the id settles checks of the same instant)."""
    columns = check_history.c
    query = sa.select(check_history).order_by(columns.checked_at.desc(), columns.id.desc())
    if organization is not None:
        query = query.where(columns.organization == organization)
    if since is not None:
        query = query.where(columns.checked_at >= _utc(since))
    if until is not None:
        query = query.where(columns.checked_at < _utc(until))
    if file_contains:
        query = query.where(columns.file_name.icontains(file_contains, autoescape=True))
    return query


@contextmanager
def _reading(engine: sa.Engine, what: str) -> Iterator[sa.Connection]:
    """A read connection whose database errors become one StoreError."""
    try:
        with engine.connect() as connection:
            yield connection
    except SQLAlchemyError as problem:
        raise _store_error("read", problem, what) from problem


def _utc(moment: datetime) -> datetime:
    """The saved time as an aware UTC time on every database: SQLite keeps no time zone
    and gives back the naive UTC time that was written."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


#: What could not be done with which database, as whole sentences for translation.
_FAILURES: dict[tuple[str, str], str] = {
    ("prepare", DEFINITIONS): N_("Could not prepare the definitions database "
        "({problem}); check that it is reachable and that the app may write to it."),
    ("prepare", HISTORY): N_("Could not prepare the history database "
        "({problem}); check that it is reachable and that the app may write to it."),
    ("read", DEFINITIONS): N_("Could not read the definitions database "
        "({problem}); check that it is reachable and that the app may write to it."),
    ("read", HISTORY): N_("Could not read the history database "
        "({problem}); check that it is reachable and that the app may write to it."),
    ("save the definitions in", DEFINITIONS): N_(
        "Could not save the definitions in the definitions database ({problem}); check that "
        "it is reachable and that the app may write to it."),
    ("save the check in", HISTORY): N_("Could not save the check in the history database "
        "({problem}); check that it is reachable and that the app may write to it."),
    ("read", RECIPES): N_("Could not read the saved recipes ({problem}); check that the "
        "database is reachable and that the app may write to it."),
    ("save the recipe in", RECIPES): N_("Could not save the recipe ({problem}); check that "
        "the database is reachable and that the app may write to it."),
    ("forget the recipe in", RECIPES): N_("Could not forget the recipe ({problem}); check "
        "that the database is reachable and that the app may write to it."),
}


def _store_error(action: str, problem: SQLAlchemyError, what: str) -> StoreError:
    """A plain message naming what failed, never the database URL (it may hold a
    password) nor the statement (it may hold a file's name); in the current language."""
    template = _FAILURES.get((action, what))
    if template is None:  # pragma: no cover - every call names a known pair
        template = ("Could not " + action + " the " + what + " ({problem}); check that it is "
                    "reachable and that the app may write to it.")
    return StoreError(_(template).format(problem=type(problem).__name__))
