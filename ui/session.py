"""What every page shares: the team's definitions and this session's check.

Pages read and change shared state only through these functions, so the session keys
and the store live in one place. The uploaded file stays in this session's memory
(`st.session_state`): it is never written to disk or to the database (the history
keeps counts only). `keep_uploads_in_memory` sees to it that the server does not
either while it receives the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

import streamlit as st

from checks import (
    CheckOptions,
    CheckResult,
    Definitions,
    PreflightError,
    Table,
    check_table,
    read_table,
)
from checks.store.database import Store, StoredDefinitions, StoreError
from checks.store.history import CheckSummary
from ui import access

StoreUnavailable = StoreError  # what a page catches when the database cannot be used

DATABASE_ENV = "PREFLIGHT_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///preflight.db"
CONNECTION_NAME = "preflight"

# Session keys shared between pages; a page's own widgets use keys prefixed by its name.
UPLOAD = "upload"
CHECK = "check_result"
APP_READY = "app_ready"


@dataclass(frozen=True)
class Upload:
    """The file as the user gave it, kept in memory so every page can re-read it."""

    name: str
    data: bytes
    sheet: str | None = None
    separator: str | None = None


#: What a multipart upload adds around the file (boundary, part headers): the server
#: lets the request body exceed `server.maxUploadSize` by as much (Streamlit 1.67).
UPLOAD_FRAMING_BYTES = 1024 * 1024


def keep_uploads_in_memory() -> None:
    """Make the server keep every uploaded file in memory while it receives it.

    Streamlit's server parses an upload with Starlette, which spools a file part
    larger than 1 MB (`MultiPartParser.spool_max_size`) to a temporary file on disk
    before Streamlit reads it into memory anyway. A customer file must never touch the
    disk, so the spool is raised to the largest upload the server accepts: the bytes
    stay in memory, where they end up regardless. Called by app.py on every run (a
    session's first run comes before its first upload); cheap and idempotent.
    """
    from starlette.formparsers import MultiPartParser

    limit = int(st.get_option("server.maxUploadSize")) * 1024 * 1024 + UPLOAD_FRAMING_BYTES
    if MultiPartParser.spool_max_size < limit:
        MultiPartParser.spool_max_size = limit


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
        raise StoreError(f"The definitions database cannot be opened "
                         f"({type(problem).__name__}). Check the [connections.preflight] "
                         f"url in .streamlit/secrets.toml.") from problem
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
    saved = store().save_definitions(definitions, source)
    st.session_state.pop(CHECK, None)
    return saved


def definitions_revisions() -> list[tuple[int, str, str, datetime]]:
    """Every saved revision, newest first: (revision, organization, source, saved_at)."""
    return store().revisions()


def set_upload(upload: Upload | None) -> None:
    """Remember a new file (or forget it); its check is computed on first use."""
    if upload is None:
        st.session_state.pop(UPLOAD, None)
    else:
        st.session_state[UPLOAD] = upload
    st.session_state.pop(CHECK, None)


def current_upload() -> Upload | None:
    return st.session_state.get(UPLOAD)


@st.cache_data(show_spinner=False, max_entries=4)
def read_upload(upload: Upload) -> Table:
    """Read once per file and reading options; reruns reuse the table."""
    return read_table(upload.data, upload.name, sheet=upload.sheet, separator=upload.separator)


def current_check(options: CheckOptions | None = None,
                  overrides: dict[int, str] | None = None) -> CheckResult | None:
    """The check of this session's file against the active definitions.

    Re-checked when the definitions, the options or the column overrides change;
    otherwise the stored result is reused. Each new check goes into the team's history.
    Raises PreflightError for a file that cannot be read, for the page to show.
    """
    upload = current_upload()
    if upload is None:
        return None
    active = active_definitions()
    definitions = active.definitions
    previous: CheckResult | None = st.session_state.get(CHECK)
    options = options or (previous.options if previous else CheckOptions())
    if overrides is None:
        overrides = dict(previous.overrides or {}) if previous else {}
    if (previous is not None and previous.definitions == definitions
            and previous.options == options and dict(previous.overrides or {}) == overrides):
        return previous
    result = check_table(read_upload(upload), definitions, options, overrides or None)
    st.session_state[CHECK] = result
    record_check(CheckSummary.of(result, upload.name, active.revision))
    return result


def record_check(summary: CheckSummary) -> None:
    """Add a check to the team's history. The history is a by-product: when it cannot
    be written the check is still shown, with a short notice instead of an error."""
    try:
        store().record_check(summary)
    except StoreError:
        st.toast("This check could not be added to the history.", icon=":material/history:")


def stored_check() -> CheckResult | None:
    """The last check without re-running anything (for pages that only read it)."""
    return st.session_state.get(CHECK)


def require_check(purpose: str) -> CheckResult:
    """This session's check of a readable file, else the page stops here.

    Pages built on a check (fix, dashboard) have nothing to show without one: they
    say why (no file yet, `purpose` telling what the check is for, or the reason the
    file cannot be read) and point at the check page.
    """
    try:
        result = current_check()
    except PreflightError as problem:
        _back_to_check(problem.message)
    if result is None:
        _back_to_check(purpose, error=False)
    if result.table.unreadable_reason is not None:
        _back_to_check(result.table.unreadable_reason)
    return result


def _back_to_check(message: str, *, error: bool = True) -> NoReturn:
    (st.error if error else st.info)(message)
    st.page_link("pages/check.py", label="Check a file", icon=":material/search:")
    st.stop()


def mark_app_ready() -> None:
    """Called by app.py on every run, before it hands over to a page."""
    st.session_state[APP_READY] = True


def require_app() -> None:
    """Run by each page first: send a session that skipped app.py through it.

    Because this folder is called `pages/`, a freshly started server runs a page file
    on its own, with folder-based navigation (listing even this module), when its first
    visitor opens a page address directly. app.py's `st.navigation` switches the
    whole server to the real navigation, so such a visitor is sent through it once.
    A page run on its own also re-checks sign-in, so it never shows to a visitor that
    app.py would have stopped at the sign-in screen.
    """
    if not st.session_state.get(APP_READY) or not access.current().admitted:
        st.switch_page("app.py")
