"""The team's store, as the pages reach it: the definitions every check uses and the
check history, in one database per deployment (`checks.store`). Opened once per server
(`st.cache_resource`: it holds no customer data, only a connection)."""

from __future__ import annotations

import os
from datetime import datetime

import streamlit as st

from checks import CheckSummary, Definitions, Store, StoredDefinitions, StoreError
from checks.i18n import _

StoreUnavailable = StoreError  # what a page catches when the database cannot be used

DATABASE_ENV = "PREFLIGHT_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///preflight.db"
CONNECTION_NAME = "preflight"


def database_url() -> str:
    """The store's URL: the environment, then `[connections.preflight]` in secrets,
    then a SQLite file beside the app so a first start needs no setup."""
    url = os.environ.get(DATABASE_ENV)
    if url:
        return url
    try:
        configured = st.secrets.get("connections", {}).get(CONNECTION_NAME, {}).get("url")
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        configured = None
    return str(configured) if configured else DEFAULT_DATABASE_URL


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    try:
        connection = st.connection(CONNECTION_NAME, type="sql", url=url)
    except Exception as problem:  # a bad URL or a missing driver: say so, never the URL
        raise StoreError(_("The definitions database cannot be opened ({problem}). Check the "
                           "[connections.preflight] url in .streamlit/secrets.toml.").format(
                               problem=type(problem).__name__)) from problem
    store = Store(connection.engine)
    store.migrate()
    return store


def store() -> Store:
    """The team's store (definitions and the check history), migrated once."""
    return _store(database_url())


def active_definitions() -> StoredDefinitions:
    """The organization's definitions every check uses now. Read on each run, so an
    edit saved by any teammate applies to the very next check."""
    return store().active_definitions()


def save_definitions(definitions: Definitions, source: str) -> StoredDefinitions:
    """Save an edit for the whole team; this session's check follows it at once."""
    return store().save_definitions(definitions, source)


def definitions_revisions() -> list[tuple[int, str, str, datetime]]:
    """Every saved revision, newest first: (revision, organization, source, saved_at)."""
    return store().revisions()


def record_check(summary: CheckSummary) -> None:
    """Add a check to the team's history. The history is a by-product: when it cannot
    be written the check is still shown, with a short notice instead of an error."""
    try:
        store().record_check(summary)
    except StoreError:
        st.toast(_("This check could not be added to the history."), icon=":material/history:")
