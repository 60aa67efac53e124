"""Import recipes in the team's store, on SQLite and on a real PostgreSQL server
(`tests/store_backends.py`): one recipe per organization and kind of file, the
upgrade of a version-2 database, and never a cell value of the file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from checks import DateOrder, demo_definitions, make_recipe, read_table, settings_for
from checks.recipe import IGNORE, ExportChoices, Recipe, RecipeSettings, header_signature
from checks.store.database import MIGRATIONS, Store, StoreError
from checks.store.recipes import recipes as recipe_rows
from tests.store_backends import free_port

HEADERS = ("Nom du client", "Code client", "Ville", "Commentaire")


def recipe(name: str = "Weekly", organization: str = "Northwind Trading",
           headers: tuple[str, ...] = HEADERS, **changes: object) -> Recipe:
    return Recipe(organization=organization, signature=header_signature(headers),
                  headers=headers, name=name, **changes)  # type: ignore[arg-type]


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    store = Store(sa.create_engine(store_url))
    store.migrate()
    yield store
    store.engine.dispose()


def test_recipes_are_the_third_migration_step(store: Store) -> None:
    assert MIGRATIONS[2].__name__ == "_create_recipes"
    with store.engine.connect() as connection:
        assert sa.inspect(connection).has_table("preflight_recipes")


def test_a_saved_recipe_is_found_by_organization_and_signature(store: Store) -> None:
    before = datetime.now(UTC)
    made = recipe(header_row=3, date_order=DateOrder.DAY_FIRST, columns=((3, IGNORE),),
                  fixes_off=frozenset({"numbers"}), export=ExportChoices(bom=True),
                  saved_by="Marie")
    saved = store.save_recipe(made)
    assert saved.saved_at is not None and before - timedelta(seconds=1) <= saved.saved_at
    found = store.find_recipe("Northwind Trading", made.signature)
    assert found == saved
    assert found.saved_at.tzinfo is not None
    assert store.find_recipe("Other Co", made.signature) is None
    assert store.find_recipe("Northwind Trading", header_signature(("x",))) is None


def test_saving_again_for_the_same_file_replaces_the_recipe(store: Store) -> None:
    store.save_recipe(recipe(name="First"))
    store.save_recipe(recipe(name="Second", columns=((0, "Customer name"),)))
    store.save_recipe(recipe(name="Acme's", organization="Acme"))
    listed = store.recipes("Northwind Trading")
    assert [(r.name, r.columns) for r in listed] == [("Second", ((0, "Customer name"),))]
    with store.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(recipe_rows)).scalar() == 2


def test_the_organizations_recipes_are_listed_by_name(store: Store) -> None:
    other = ("Customer name", "Customer ID")
    store.save_recipe(recipe(name="Salesforce", headers=other))
    store.save_recipe(recipe(name="Billing"))
    store.save_recipe(recipe(name="Elsewhere", organization="Acme"))
    assert [r.name for r in store.recipes("Northwind Trading")] == ["Billing", "Salesforce"]
    assert [r.name for r in store.recipes("Acme")] == ["Elsewhere"]
    assert store.recipes("Nobody") == []


def test_forgetting_a_recipe_deletes_it(store: Store) -> None:
    made = recipe()
    store.save_recipe(made)
    assert store.forget_recipe("Northwind Trading", made.signature) is True
    assert store.find_recipe("Northwind Trading", made.signature) is None
    assert store.forget_recipe("Northwind Trading", made.signature) is False


def test_a_recipe_edited_by_hand_into_something_else_is_a_plain_error(store: Store) -> None:
    made = recipe()
    store.save_recipe(made)
    store.save_recipe(recipe(name="Fine", headers=("a", "b")))
    with store.engine.begin() as connection:
        connection.execute(recipe_rows.update().where(recipe_rows.c.name == "Weekly")
                           .values(document="recipe_format: [1"))
    with pytest.raises(StoreError, match="The saved recipe for this file cannot be used"):
        store.find_recipe("Northwind Trading", made.signature)
    assert [r.name for r in store.recipes("Northwind Trading")] == ["Fine"], \
        "the list leaves the broken one out rather than failing"


def test_a_second_store_on_the_same_database_sees_the_recipe(store: Store,
                                                             store_url: str) -> None:
    store.save_recipe(recipe(name="Shared"))
    other = Store(sa.create_engine(store_url))
    other.migrate()
    assert other.find_recipe("Northwind Trading", recipe().signature).name == "Shared"
    other.engine.dispose()


def test_upgrading_a_version_2_database_keeps_its_definitions_and_history(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("checks.store.database.MIGRATIONS", MIGRATIONS[:2])  # as shipped
    shipped = Store(sa.create_engine(store_url))
    assert shipped.migrate() == 2
    saved = shipped.save_definitions(demo_definitions(), "saved at version 2")
    with shipped.engine.begin() as connection:  # a check as version 2 wrote it
        connection.execute(sa.text(
            "INSERT INTO preflight_checks (checked_at, file_name, row_count, column_count, "
            "errors, warnings, infos, by_rule, organization) VALUES (:at, 'before.csv', 1, 2, "
            "0, 0, 0, '{}', 'Northwind Trading')"), {"at": datetime.now(UTC)})
    with shipped.engine.connect() as connection:
        assert not sa.inspect(connection).has_table("preflight_recipes")
    shipped.engine.dispose()
    monkeypatch.undo()

    upgraded = Store(sa.create_engine(store_url))
    assert upgraded.version() == 2
    assert upgraded.migrate() == len(MIGRATIONS) >= 3
    assert upgraded.active_definitions().revision == saved.revision
    assert list(upgraded.history()["file_name"]) == ["before.csv"]
    upgraded.save_recipe(recipe())
    assert upgraded.find_recipe("Northwind Trading", recipe().signature) is not None
    upgraded.engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_unreachable_database_is_a_store_error_without_its_url(tmp_path: Path,
                                                                   backend: str) -> None:
    url = (f"sqlite:///{tmp_path / 'no' / 'such' / 'secret-name.db'}" if backend == "sqlite"
           else f"postgresql+psycopg://secret-name:s3cret-pw@127.0.0.1:{free_port()}/x")
    store = Store(sa.create_engine(url))
    for action in (lambda: store.save_recipe(recipe()), lambda: store.recipes("N"),
                   lambda: store.find_recipe("N", "s"), lambda: store.forget_recipe("N", "s")):
        with pytest.raises(StoreError) as caught:
            action()
        assert "recipe" in caught.value.message
        for secret in ("secret-name", "s3cret-pw", "127.0.0.1"):
            assert secret not in caught.value.message
    store.engine.dispose()


# Every cell holds "qwyxz": if it shows up in the recipes table, a value was stored.
FILE = (b"Export clients qwyxz du 03/12/2026;;;\n;;;\n"
        b"Nom du client;Code client;Ville;Commentaire\n"
        b"Qwyxz Holdings;QWYXZ-1;Qwyxzville;private qwyxz note\n"
        b"Qwyxz Sub;QWYXZ-2;Qwyxzbourg;another qwyxz note\n")


def test_a_stored_recipe_holds_no_cell_value(store: Store) -> None:
    definitions = demo_definitions()
    table = read_table(FILE, "clients.csv")
    assert table.headers == HEADERS and table.header_row == 3
    assert "Qwyxz Holdings" in set(table.data[0]), "the file does hold the values"
    settings = RecipeSettings(overrides=((3, IGNORE), (2, "Town")),
                              export=settings_for(recipe(), HEADERS, definitions).export)
    made = make_recipe(settings, organization=definitions.organization,
                       signature=header_signature(table.headers), headers=table.headers,
                       name="clients", header_row=3, separator=";",
                       own_separator=table.separator, saved_by="Marie")
    store.save_recipe(made)
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(recipe_rows)).all()
    stored = " | ".join(str(cell) for row in rows for cell in row).lower()
    assert "nom du client" in stored and "town" in stored, stored
    assert "qwyxz" not in stored, stored
