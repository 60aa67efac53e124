"""The team's store on SQLite and on a real PostgreSQL server (`tests/store_backends.py`):
migrations and upgrades, definitions revisions, the check history, and plain errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from checks import check_table, demo_definitions, read_table
from checks.definitions.document import SourceSystem
from checks.store.database import (
    DEMO_SOURCE,
    MIGRATIONS,
    Store,
    StoreError,
    check_history,
    definitions_revisions,
)
from checks.store.history import HISTORY_COLUMNS, CheckSummary
from tests.store_backends import free_port


@pytest.fixture
def url(store_url: str) -> str:
    """An empty database, once on SQLite and once on PostgreSQL."""
    return store_url


@pytest.fixture
def store(url: str) -> Iterator[Store]:
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


def _unreachable(tmp_path: Path, backend: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'secret-name.db'}"
    return f"postgresql+psycopg://secret-name:s3cret-pw@127.0.0.1:{free_port()}/secret-name"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_unreachable_database_is_a_store_error_without_its_url(
        tmp_path: Path, backend: str) -> None:
    store = Store(sa.create_engine(_unreachable(tmp_path, backend)))
    definitions = (store.migrate, store.version, store.active_definitions, store.revisions,
                   lambda: store.save_definitions(demo_definitions(), "x"))
    history = (store.history, store.history_organizations,
               lambda: store.record_check(summary_of(MESSY, "secret-file.csv")))
    for action, where in [(a, "definitions database") for a in definitions] + [
            (a, "history database") for a in history]:
        with pytest.raises(StoreError) as caught:
            action()
        message = caught.value.message
        assert where in message
        for secret in ("secret-name", "s3cret-pw", "secret-file", "127.0.0.1"):
            assert secret not in message
    store.engine.dispose()


def test_an_unmigrated_database_is_a_store_error(url: str) -> None:
    store = Store(sa.create_engine(url))
    with pytest.raises(StoreError, match="Could not read the definitions database"):
        store.active_definitions()
    store.engine.dispose()


# ── the check history ───────────────────────────────────────────────────────────────

# Every cell and the one unknown header hold "qwyxz" or "qx-77": if either ever shows
# up in the history table, a value of the file was stored.
MESSY = """Customer name;Customer ID;Account manager;Credit limit;Zq Private Header
Qwyxz Holdings;QX-7781;zqx.nobody@qwyxz.example;lots-of-qwyxz;Qwyxz private note
Qwyxz Sub;QX-7782;zqx.nobody2@qwyxz.example;12;another qwyxz note
"""
CLEAN = "Customer name;Customer ID\nAcme Holdings;000123\nGlobex SA;000124\n"
SECRETS_OF_THE_FILE = ("qwyxz", "qx-77", "zq private header")


def summary_of(text: str, name: str, revision: int | None = 1) -> CheckSummary:
    result = check_table(read_table(text.encode(), name), demo_definitions())
    return CheckSummary.of(result, name, revision)


def _stamp(store: Store, check_id: int, moment: datetime) -> None:
    """Move a recorded check in time (record_check always stamps now)."""
    with store.engine.begin() as connection:
        connection.execute(check_history.update().where(check_history.c.id == check_id)
                           .values(checked_at=moment))


def test_a_summary_is_counts_of_the_check_and_the_files_own_name() -> None:
    result = check_table(read_table(MESSY.encode(), "clients.csv"), demo_definitions())
    summary = CheckSummary.of(result, "C:\\Users\\camille\\Desktop\\clients.csv", 7)
    assert summary == CheckSummary(
        file_name="clients.csv", rows=2, columns=5, errors=3, warnings=1, infos=0,
        organization="Northwind Trading", revision=7,
        by_rule={"member_not_found": 2, "number_format": 1, "unknown_column": 1})
    assert summary.by_rule == result.summary.by_rule


def test_upgrading_a_version_1_database_keeps_its_definitions(
        url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("checks.store.database.MIGRATIONS", MIGRATIONS[:1])  # the app as shipped
    shipped = Store(sa.create_engine(url))
    assert shipped.migrate() == 1
    shipped.active_definitions()
    saved = shipped.save_definitions(replace(demo_definitions(), organization="Before Co"),
                                     "saved at version 1")
    with shipped.engine.connect() as connection:
        assert not sa.inspect(connection).has_table(check_history.name)
    shipped.engine.dispose()
    monkeypatch.undo()

    upgraded = Store(sa.create_engine(url))
    assert upgraded.version() == 1
    assert upgraded.migrate() == len(MIGRATIONS)
    active = upgraded.active_definitions()
    assert (active.definitions, active.source, active.revision, active.saved_at) == (
        saved.definitions, "saved at version 1", 2, saved.saved_at)
    assert [(r, org) for r, org, _, _ in upgraded.revisions()] == [
        (2, "Before Co"), (1, "Northwind Trading")]
    upgraded.record_check(summary_of(CLEAN, "after-upgrade.csv", active.revision))
    assert list(upgraded.history()["file_name"]) == ["after-upgrade.csv"]
    upgraded.engine.dispose()


def test_two_checks_in_a_row_are_listed_newest_first(store: Store) -> None:
    before = datetime.now(UTC)
    first = store.record_check(summary_of(MESSY, "first.csv"))
    second = store.record_check(summary_of(CLEAN, "second.csv", revision=2))
    history = store.history()
    assert list(history.columns) == list(HISTORY_COLUMNS)
    assert list(history["id"]) == [second, first]
    assert second > first
    as_listed = history.drop(columns=["id", "checked_at"]).to_dict("records")
    assert as_listed == [
        {"file_name": "second.csv", "rows": 2, "columns": 2, "errors": 0, "warnings": 0,
         "infos": 0, "by_rule": {}, "organization": "Northwind Trading", "revision": 2},
        {"file_name": "first.csv", "rows": 2, "columns": 5, "errors": 3, "warnings": 1,
         "infos": 0, "by_rule": {"member_not_found": 2, "number_format": 1,
                                 "unknown_column": 1},
         "organization": "Northwind Trading", "revision": 1}]
    newest, oldest = history["checked_at"]
    assert str(history["checked_at"].dt.tz) == "UTC"
    assert before - timedelta(seconds=1) <= oldest <= newest <= datetime.now(UTC)


def test_an_empty_history_is_an_empty_frame_with_every_column(store: Store) -> None:
    history = store.history()
    assert history.empty
    assert list(history.columns) == list(HISTORY_COLUMNS)
    assert store.history_organizations() == []


def test_the_history_filters_by_organization_time_and_file_name(store: Store) -> None:
    day = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    checks = [("Acme", "Clients March.csv", day), ("Acme", "100%_done.csv", day + timedelta(1)),
              ("Globex", "clients-april.xlsx", day + timedelta(2)),
              ("Globex", "100x_done.csv", day + timedelta(3))]
    for organization, name, moment in checks:
        summary = replace(summary_of(CLEAN, name), organization=organization)
        _stamp(store, store.record_check(summary), moment)

    def files(**filters: object) -> list[str]:
        return list(store.history(**filters)["file_name"])

    assert files() == ["100x_done.csv", "clients-april.xlsx", "100%_done.csv",
                       "Clients March.csv"]
    assert files(organization="Acme") == ["100%_done.csv", "Clients March.csv"]
    assert files(organization="Nobody") == []
    assert files(file_contains="CLIENTS") == ["clients-april.xlsx", "Clients March.csv"]
    assert files(file_contains="0%_") == ["100%_done.csv"], "% and _ are literal"
    assert files(since=day + timedelta(1), until=day + timedelta(3)) == [
        "clients-april.xlsx", "100%_done.csv"], "since included, until excluded"
    paris = datetime(2025, 3, 12, 13, 0, tzinfo=ZoneInfo("Europe/Paris"))  # 12:00 UTC
    assert files(since=paris) == ["100x_done.csv", "clients-april.xlsx"]
    assert files(until=datetime(2025, 3, 11, 12, 0)) == ["Clients March.csv"], \
        "a time without a zone is UTC"
    assert files(organization="Globex", file_contains="done", since=day) == ["100x_done.csv"]
    assert files(limit=2) == ["100x_done.csv", "clients-april.xlsx"]
    assert store.history_organizations() == ["Acme", "Globex"]


def test_a_long_file_name_is_kept_shortened(store: Store) -> None:
    name = "x" * 600 + ".csv"
    store.record_check(summary_of(CLEAN, name))
    assert list(store.history()["file_name"]) == ["x" * 500]


def test_a_line_edited_by_hand_does_not_hide_the_history(store: Store) -> None:
    store.record_check(summary_of(MESSY, "f.csv"))
    with store.engine.begin() as connection:
        connection.execute(check_history.update().values(by_rule="not json"))
    history = store.history()
    assert history["by_rule"].tolist() == [{}]
    assert history["errors"].tolist() == [3]


def test_the_history_never_holds_a_value_of_the_checked_file(store: Store) -> None:
    result = check_table(read_table(MESSY.encode(), "march.csv"), demo_definitions())
    assert "lots-of-qwyxz" in set(result.findings["value"]), "the check did see the values"
    store.record_check(CheckSummary.of(result, "march.csv", 1))
    with store.engine.connect() as connection:
        rows = connection.execute(sa.select(check_history)).all()
    assert len(rows) == 1 and len(rows[0]) == len(check_history.columns)
    stored = " | ".join(str(cell) for row in rows for cell in row).lower()
    assert "march.csv" in stored and "member_not_found" in stored, stored
    for secret in SECRETS_OF_THE_FILE:
        assert secret not in stored, stored


# ── one line per upload ─────────────────────────────────────────────────────────────

def test_rechecking_an_upload_updates_its_line(store: Store) -> None:
    first = store.record_check(replace(summary_of(MESSY, "march.csv"), upload="u1"))
    again = store.record_check(replace(summary_of(CLEAN, "march.csv", revision=2), upload="u1"))
    assert again == first
    history = store.history()
    assert history[["id", "file_name", "errors", "columns", "revision"]].values.tolist() == [
        [first, "march.csv", 0, 2, 2]], "the latest check's counts, on the one line"


def test_another_upload_or_none_adds_a_line(store: Store) -> None:
    ids = [store.record_check(replace(summary_of(CLEAN, "a.csv"), upload=upload))
           for upload in ("u1", "u2", None, None, "u1")]
    assert ids[4] == ids[0]
    assert len(set(ids)) == 4
    assert len(store.history()) == 4


def test_upgrading_a_version_2_history_keeps_its_lines_one_per_check(
        url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("checks.store.database.MIGRATIONS", MIGRATIONS[:2])
    shipped = Store(sa.create_engine(url))
    assert shipped.migrate() == 2
    with shipped.engine.begin() as connection:  # as version 2 wrote it: no upload column
        for name in ("old-1.csv", "old-2.csv"):
            connection.execute(sa.text(
                "INSERT INTO preflight_checks (checked_at, file_name, row_count, column_count, "
                "errors, warnings, infos, by_rule, organization) VALUES (:at, :name, 2, 2, 1, "
                "0, 0, '{}', 'Northwind Trading')"), {"at": datetime.now(UTC), "name": name})
    shipped.engine.dispose()
    monkeypatch.undo()

    upgraded = Store(sa.create_engine(url))
    assert upgraded.migrate() == len(MIGRATIONS)
    upgraded.record_check(replace(summary_of(CLEAN, "new.csv"), upload="u1"))
    upgraded.record_check(replace(summary_of(CLEAN, "new.csv"), upload="u1"))
    assert sorted(upgraded.history()["file_name"]) == ["new.csv", "old-1.csv", "old-2.csv"]
    upgraded.engine.dispose()
