"""The team's store on a real SQLite file: migrations, revisions, and plain errors."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from checks.definitions import SourceSystem, demo_definitions
from checks.store import (
    DEMO_SOURCE,
    MIGRATIONS,
    Store,
    StoreError,
    definitions_revisions,
)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'preflight.db'}"


@pytest.fixture
def store(url: str) -> Store:
    store = Store(sa.create_engine(url))
    store.migrate()
    yield store
    store.engine.dispose()


def test_migrate_is_idempotent_and_returns_the_version(url: str) -> None:
    store = Store(sa.create_engine(url))
    assert store.version() == 0
    assert store.migrate() == len(MIGRATIONS)
    assert store.migrate() == len(MIGRATIONS)
    assert store.version() == len(MIGRATIONS)
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("select count(*) from preflight_schema")).scalar() == 1
    store.engine.dispose()


def test_migrate_keeps_saved_revisions(store: Store) -> None:
    store.save_definitions(demo_definitions(), "first")
    store.migrate()
    assert [source for _, _, source, _ in store.revisions()] == ["first"]


def test_an_empty_store_starts_on_the_demo_organization(store: Store) -> None:
    active = store.active_definitions()
    assert active.definitions == demo_definitions()
    assert (active.source, active.revision) == (DEMO_SOURCE, 1)
    again = store.active_definitions()
    assert again.revision == 1, "the demo is saved once, not on every read"
    assert [(r, org, src) for r, org, src, _ in store.revisions()] == [
        (1, "Northwind Trading", DEMO_SOURCE)]


def test_save_makes_the_new_revision_active_and_keeps_the_old(store: Store) -> None:
    store.active_definitions()
    edited = replace(demo_definitions(), organization="Acme Renamed",
                     source_system=SourceSystem.NATIVE, workflows=("Only one",))
    saved = store.save_definitions(edited, "edited on the Definitions page")
    assert saved.revision == 2
    active = store.active_definitions()
    assert active.definitions == edited
    assert (active.source, active.revision) == ("edited on the Definitions page", 2)
    assert [(r, org, src) for r, org, src, _ in store.revisions()] == [
        (2, "Acme Renamed", "edited on the Definitions page"),
        (1, "Northwind Trading", DEMO_SOURCE)]


def test_saved_at_is_an_aware_utc_time_on_every_path(store: Store) -> None:
    before = datetime.now(UTC)
    saved = store.save_definitions(demo_definitions(), "now")
    active = store.active_definitions()
    (_, _, _, listed), = store.revisions()
    for moment in (saved.saved_at, active.saved_at, listed):
        assert moment.tzinfo is not None
        assert before - timedelta(seconds=1) <= moment <= datetime.now(UTC)
    assert active.saved_at == saved.saved_at == listed


def test_a_second_store_on_the_same_database_sees_the_save(store: Store, url: str) -> None:
    store.save_definitions(replace(demo_definitions(), organization="Shared Co"), "teammate")
    other = Store(sa.create_engine(url))
    other.migrate()
    assert other.active_definitions().definitions.organization == "Shared Co"
    other.engine.dispose()


def test_a_corrupt_saved_document_is_a_store_error(store: Store) -> None:
    store.save_definitions(demo_definitions(), "good")
    with store.engine.begin() as connection:
        connection.execute(definitions_revisions.insert().values(
            organization="Broken", source="edited by hand", document="organization: [",
            saved_at=datetime.now(UTC)))
    with pytest.raises(StoreError) as caught:
        store.active_definitions()
    message = caught.value.message
    assert message.startswith("The saved definitions (revision 2) cannot be used: ")
    assert "not valid YAML or JSON" in message
    assert "edited by hand" not in message


def test_an_invalid_saved_document_lists_its_problems(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(definitions_revisions.insert().values(
            organization="X", source="s", document='{"organization": "X", "workflows": 3}',
            saved_at=datetime.now(UTC)))
    with pytest.raises(StoreError, match="'workflows' must be a list"):
        store.active_definitions()


def test_an_unreachable_database_is_a_store_error_without_its_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'secret-name.db'}"
    store = Store(sa.create_engine(url))
    for action in (store.migrate, store.version, store.active_definitions, store.revisions,
                   lambda: store.save_definitions(demo_definitions(), "x")):
        with pytest.raises(StoreError) as caught:
            action()
        assert "secret-name" not in caught.value.message
        assert "definitions database" in caught.value.message


def test_an_unmigrated_database_is_a_store_error(url: str) -> None:
    store = Store(sa.create_engine(url))
    with pytest.raises(StoreError, match="Could not read the definitions database"):
        store.active_definitions()
    store.engine.dispose()
