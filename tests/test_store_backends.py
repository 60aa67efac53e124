"""The test databases themselves: PostgreSQL is found, or the tests say how to get it."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests import store_backends


def test_missing_postgres_binaries_fail_and_say_what_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_backends.glob, "glob", lambda pattern: [])
    with pytest.raises(pytest.fail.Exception) as caught:
        store_backends.postgres_binaries()
    assert "apt-get install postgresql" in str(caught.value)
    assert "PREFLIGHT_TEST_POSTGRES_URL" in str(caught.value)


def test_the_newest_installed_postgres_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    found = ["/usr/lib/postgresql/9.6/bin/initdb", "/usr/lib/postgresql/15/bin/initdb",
             "/usr/lib/postgresql/13/bin/initdb"]
    monkeypatch.setattr(store_backends.glob, "glob", lambda pattern: found)
    assert store_backends.postgres_binaries() == Path("/usr/lib/postgresql/15/bin")


def test_each_test_gets_an_empty_database(store_url: str) -> None:
    """Run once per backend: the store tests rely on starting from nothing."""
    engine = sa.create_engine(store_url)
    with engine.connect() as connection:
        assert sa.inspect(connection).get_table_names() == []
    engine.dispose()
