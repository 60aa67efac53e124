"""Privacy tests that drive the app use the page tests' fixtures: each test on an
empty database of its own."""

from tests.app.conftest import app, open_page, own_database  # noqa: F401 (fixtures)
