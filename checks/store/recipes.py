"""The recipes of the team's store: one per organization and kind of file.

A recipe is kept as its YAML document (`checks.recipe.document`, the same file a team
downloads), keyed by the organization and the header signature of the files it was
made for: saving a recipe for the same kind of file replaces the previous one. It
holds decisions and headers, never a cell of the file (tests/test_store_recipes.py).

These functions work on a connection and let SQLAlchemy's errors through; the
`Store` (`checks/store/database.py`) opens the transactions and turns database
errors into one plain `StoreError`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import sqlalchemy as sa

from checks.model.errors import UsageError
from checks.recipe import Recipe, recipes_from_yaml, recipes_to_yaml

#: Where a stored recipe's problems say it comes from.
STORED = "(saved recipe)"
_NAME_LENGTH = 200


def recipes_table(owner: sa.MetaData) -> sa.Table:
    """preflight_recipes as migration step 3 creates it. A later change to this table is
    a new step, never an edit of this one."""
    return sa.Table(
        "preflight_recipes", owner,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("organization", sa.String(200), nullable=False),
        sa.Column("signature", sa.String(64), nullable=False),
        sa.Column("name", sa.String(_NAME_LENGTH), nullable=False),
        sa.Column("document", sa.Text, nullable=False),  # the recipe's YAML
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(200), nullable=True),
        sa.UniqueConstraint("organization", "signature", name="preflight_recipes_file"),
    )


recipes = recipes_table(sa.MetaData())


def stamped(recipe: Recipe) -> Recipe:
    """The recipe as it is saved now: its time is the save's."""
    return replace(recipe, name=recipe.name[:_NAME_LENGTH], saved_at=datetime.now(UTC))


def replace_recipe(connection: sa.Connection, recipe: Recipe) -> None:
    """Save `recipe` (already `stamped`) in place of the one for the same organization
    and kind of file, inside the caller's transaction."""
    columns = recipes.c
    connection.execute(recipes.delete().where(
        columns.organization == recipe.organization[:200],
        columns.signature == recipe.signature))
    connection.execute(recipes.insert().values(
        organization=recipe.organization[:200], signature=recipe.signature, name=recipe.name,
        document=recipes_to_yaml([recipe]), saved_at=recipe.saved_at,
        saved_by=recipe.saved_by[:200] if recipe.saved_by else None))


def find(connection: sa.Connection, organization: str, signature: str) -> Recipe | None:
    """The organization's recipe for files with this signature. UsageError when the
    saved document cannot be read (edited by hand into something else)."""
    columns = recipes.c
    row = connection.execute(sa.select(columns.document).where(
        columns.organization == organization[:200], columns.signature == signature)).first()
    return None if row is None else _recipe(row.document)


def listed(connection: sa.Connection, organization: str) -> list[Recipe]:
    """The organization's recipes by name, then newest first; a saved document that
    cannot be read is left out rather than hiding the others."""
    columns = recipes.c
    query = (sa.select(columns.document).where(columns.organization == organization[:200])
             .order_by(columns.name, columns.saved_at.desc(), columns.id))
    found = []
    for row in connection.execute(query):
        try:
            found.append(_recipe(row.document))
        except UsageError:
            continue
    return found


def forget(connection: sa.Connection, organization: str, signature: str) -> bool:
    """Delete the organization's recipe for files with this signature; whether there was
    one."""
    columns = recipes.c
    result = connection.execute(recipes.delete().where(
        columns.organization == organization[:200], columns.signature == signature))
    return bool(result.rowcount)


def _recipe(document: str) -> Recipe:
    (recipe,) = recipes_from_yaml(document, STORED)[:1]
    return recipe
