"""What every page shares about this session: its file and the chain computed from it.

Pages read and change the session's state only through these functions, so the keys
live in one place (the team's store is `ui.team`). The uploaded file stays in this session's memory
(`st.session_state`): it is never written to disk or to the database (the history
keeps counts only). `keep_uploads_in_memory` sees to it that the server does not
either while it receives the file.

What the person changes on the Fix page (cells typed, fixes switched off, columns left
out) is one `ChangeLog` per file, so every change can be undone and redone; the edits,
the fixes off and the columns left out are derived from it. `set_fixes_off` and
`set_left_out` record their difference as one undoable change, whoever calls them
(the Fix page, or a saved recipe applied to a new file): a recipe's choices are listed
among the person's changes, and Reset takes them back like any other.

Streamlit keeps a session only while its tab is open: a reload starts a new one,
without the file. So while a file is here the address carries `?file=1` (no name, no
data), and a new session that finds it without a file knows the tab was reloaded and
says so (`reload_notice`).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import NoReturn, TypeVar

import pandas as pd
import streamlit as st

from checks import (
    ChangeLog,
    CheckOptions,
    CheckResult,
    CheckSummary,
    FixOutcome,
    ImportPreview,
    PreflightError,
    Table,
    apply_fixes,
    available_fixes,
    check_table,
    import_preview,
    read_table,
    recheck_with_edits,
    sheet_names,
    switch_fixes,
)
from checks.i18n import N_, _, use_language
from checks.i18n import language as spoken_language
from ui import access, budget, language, memo, team, visits, workers

T = TypeVar("T")

# Session keys shared between pages; a page's own widgets use keys prefixed by its name,
# and what the chain computes is kept under `ui.memo`'s prefix.
UPLOAD = "upload"
CHOICES = "check_choices"
CHANGES = "changes"          # the file's ChangeLog: edits, fixes off, columns left out
APP_READY = "app_ready"
SHARED_KEYS = frozenset({UPLOAD, CHOICES, CHANGES, APP_READY, *visits.KEYS})

#: The query parameter saying "this tab has a file" (its value is always "1").
FILE_PARAM = "file"
RELOADED = N_("This tab was reloaded, so the file you uploaded and your corrections are "
              "gone: Preflight keeps your file only while this tab is open. Upload it again; "
              "your column mapping and choices come back with the recipe.")


@dataclass(frozen=True)
class Upload:
    """The file as the user gave it, kept in memory so every page can re-read it."""

    name: str
    data: bytes
    sheet: str | None = None
    separator: str | None = None
    header_row: int | None = None   # the header's spreadsheet row (None: detected)
    # A random name for this upload, kept when the file is read again another way:
    # the history keeps one line per upload and sheet (`history_key`).
    token: str = field(default_factory=lambda: secrets.token_hex(16))

    def history_key(self, sheet: str | None) -> str:
        """The history line of this upload's `sheet`: the same for every re-check of
        it, another for another sheet or another upload, and saying nothing of either."""
        return hashlib.sha256(f"{self.token}\0{sheet or ''}".encode()).hexdigest()[:32]


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


def set_upload(upload: Upload | None) -> None:
    """Remember a new file (or forget it). Everything computed from the previous file
    goes, the person's changes included (they name its cells and columns: a new file,
    or another reading of it, starts as uploaded); the new file is read and checked on
    first use."""
    if upload is None:
        st.session_state.pop(UPLOAD, None)
        budget.release_upload(UPLOAD)
    else:
        st.session_state[UPLOAD] = upload
    st.session_state.pop(CHANGES, None)
    for name in CHAIN:
        memo.forget(name)
    _file_in_address(upload is not None)


def current_upload() -> Upload | None:
    return st.session_state.get(UPLOAD)


def _file_in_address(present: bool) -> None:
    """Put `?file=1` in the tab's address while a file is here, take it away when the
    file goes. Page navigation clears the address's parameters, so every page run puts
    it back (`require_app`)."""
    if present:
        if st.query_params.get(FILE_PARAM) != "1":
            st.query_params[FILE_PARAM] = "1"
    elif FILE_PARAM in st.query_params:
        del st.query_params[FILE_PARAM]


def reload_notice() -> str | None:
    """What to tell a person whose tab was reloaded: the address says a file was here,
    the session has none. None otherwise."""
    if current_upload() is None and st.query_params.get(FILE_PARAM) == "1":
        return _(RELOADED)
    return None


# ── the chain: upload → Table → check → fixed → edited ──────────────────────────────
#
# Each step is computed once per change of its inputs (`ui.memo`) and kept in this
# session only; every page asks these functions, so no page computes a step itself
# and all of them see the same objects.

CHAIN = ("table", "check", "offer", "fixed", "final", "preview", "sheets")


@dataclass(frozen=True)
class CheckChoices:
    """What the person chose about the check on the check page."""

    options: CheckOptions = field(default_factory=CheckOptions)
    overrides: tuple[tuple[int, str], ...] = ()  # (column position, target) pairs

    @property
    def override_map(self) -> dict[int, str]:
        return dict(self.overrides)


def read_upload(upload: Upload, slot: str = "table") -> Table:
    """The file as a table, read once per file and reading options in this session
    (`slot` names the file: the check's, or one side of the identifier match). Raises
    PreflightError for a file that cannot be read (once: the refusal is kept)."""
    fields = tuple(field.name for field in team.active_definitions().definitions.custom_fields)
    found = memo.remembered(slot, (upload, fields),
                            lambda: workers.run(lambda: _attempt(upload, fields)))
    if isinstance(found, PreflightError):
        raise found
    return found


def _attempt(upload: Upload, fields: tuple[str, ...]) -> Table | PreflightError:
    """The file read, its header found with the custom fields' names (or on the row the
    person gave)."""
    try:
        return read_table(upload.data, upload.name, sheet=upload.sheet,
                          separator=upload.separator, header_row=upload.header_row,
                          custom_fields=fields)
    except PreflightError as problem:
        return problem


def sheets_of(upload: Upload) -> tuple[str, ...]:
    """The sheets of a workbook with data, once per file in this session."""
    return memo.remembered("sheets", (upload.data,), lambda: sheet_names(upload.data))


def check_choices() -> CheckChoices:
    """The check page's choices, which every page's check follows."""
    return st.session_state.get(CHOICES) or CheckChoices()


def set_check_options(options: CheckOptions) -> None:
    st.session_state[CHOICES] = replace(check_choices(), options=options)


def set_overrides(overrides: Mapping[int, str]) -> None:
    """The column mapping the person chose ({position: target, or IGNORE})."""
    st.session_state[CHOICES] = replace(check_choices(),
                                        overrides=tuple(sorted(overrides.items())))


def current_check() -> CheckResult | None:
    """The check of this session's file against the active definitions, with the check
    page's choices; checked again only when one of them changes. Each check goes into
    the team's history: one line per upload and sheet, which a re-check updates.
    Raises PreflightError for a file that cannot be read, for the page to show."""
    upload = current_upload()
    if upload is None:
        return None
    table = read_upload(upload)
    active = team.active_definitions()
    choices = check_choices()

    def check() -> CheckResult:
        result = check_table(table, active.definitions, choices.options,
                             choices.override_map or None)
        team.record_check(CheckSummary.of(result, upload.name, active.revision,
                                          upload.history_key(table.sheet)))
        return result

    return memo.remembered("check", (table, active.definitions, choices),
                           lambda: workers.run(check))


def fix_offer(result: CheckResult) -> pd.DataFrame:
    """The safe fixes that would change something in this check (`available_fixes`)."""
    return memo.remembered("offer", (result,), lambda: available_fixes(result.findings))


# ── the person's changes: one undoable log per file ─────────────────────────────────

def change_log() -> ChangeLog:
    """The person's changes to this session's file (empty for a new file)."""
    return st.session_state.get(CHANGES, ChangeLog())


def _keep(log: ChangeLog) -> None:
    st.session_state[CHANGES] = log


def record_edits(table: Table, typed: Mapping[tuple[int, int], str]) -> None:
    """Cells typed into the lines of `table` as the editor showed them ({(row number,
    column position): text}), as one change."""
    _keep(change_log().with_edits(table, typed))


def undo() -> None:
    _keep(change_log().undo())


def redo() -> None:
    _keep(change_log().redo())


def undo_one(entry: int) -> None:
    """Take back one change of the list, the others staying. `entry` identifies it
    (`checks.views.ChangeLine.entry`); a change no longer in effect (a second click
    on its button) is left alone, so a click never takes back another change."""
    log = change_log()
    if entry in log.in_effect:
        _keep(log.undo_one(log.in_effect.index(entry)))


def reset() -> None:
    """Back to the file as uploaded: no edit, every fix on, no column choice (the
    columns ignored on the check page stay left out). Undo brings it all back."""
    _keep(change_log().reset())


def set_fixes_off(names: frozenset[str]) -> None:
    """Switch off exactly these fixes (every other one applies), as one undoable change
    of those whose state differs."""
    _keep(change_log().with_fixes_off(names))


def fixes_off() -> frozenset[str]:
    """The fixes switched off for this file."""
    return change_log().fixes_off


def chosen_fixes(result: CheckResult) -> tuple[str, ...]:
    """The fixes that apply to this check: every one on offer but those switched off."""
    off = fixes_off()
    return tuple(name for name in fix_offer(result)["fix"] if name not in off)


def fixed(result: CheckResult) -> FixOutcome:
    """The check's file with the chosen fixes, checked again. A fix switched on or off
    starts from the outcome of the fixes before (`switch_fixes`): only that fix's cells
    are written and checked again."""
    chosen = chosen_fixes(result)
    before = memo.kept("fixed", (result,))

    def compute() -> FixOutcome:
        if isinstance(before, FixOutcome):
            return switch_fixes(result, before, chosen)
        return apply_fixes(result, chosen)

    return memo.remembered("fixed", (result, chosen), lambda: workers.run(compute))


def set_left_out(positions: frozenset[int]) -> None:
    """Leave exactly these columns (positions) out of the corrected file, as one
    undoable change of those whose choice differs."""
    _keep(change_log().with_left_out(positions, _ignored()))


def left_out(result: CheckResult | None = None) -> frozenset[int]:
    """The columns (positions) left out of the corrected file: those ignored on the
    check page (Upflow would read them: an ignored duplicate would be imported twice),
    with the person's choices on top. `result`: this session's check, when the caller
    has it."""
    return change_log().left_out(_ignored(result))


def _ignored(result: CheckResult | None = None) -> frozenset[int]:
    """The columns ignored on the check page: the mapping of the session's check."""
    if result is None:
        try:
            result = current_check()
        except PreflightError:
            return frozenset()
    return result.mapping.ignored if result is not None else frozenset()


def edits(table: Table) -> dict[tuple[int, int], str]:
    """What the person typed for this file: {(row number, column position): text},
    derived from the change log (a later edit of a cell wins; undone edits are gone).
    Edits for lines `table` does not have (another reading of the file) mean the log
    belongs to another table: it goes."""
    typed = change_log().edits
    rows = pd.Index(sorted({row for row, _ in typed}), dtype="int64")
    if not rows.isin(table.data.index).all():
        st.session_state.pop(CHANGES, None)
        return {}
    return typed


def final(result: CheckResult) -> FixOutcome:
    """The fixed file with the person's edits, checked again: what the downloads hold
    and what the dashboard compares with the first check."""
    outcome = fixed(result)
    frozen = frozenset(edits(outcome.table).items())
    return memo.remembered("final", (outcome, frozen),
                           lambda: workers.run(lambda: recheck_with_edits(outcome,
                                                                          dict(frozen))))


def preview(result: CheckResult) -> ImportPreview:
    """What Upflow will do with the file checked in `result` (the final result: what
    the downloads hold), counted once per result. What it derives from the columns is
    kept for the next result of this session (an edit or a fix changes a column or
    two: the others are not read again)."""
    kept = memo.scratchpad("preview_derivations")
    return memo.remembered("preview", (result,), lambda: import_preview(result, kept))


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
    if not error and (reloaded := reload_notice()) is not None:
        st.warning(reloaded, icon=":material/refresh:")
    (st.error if error else st.info)(message)
    st.page_link("pages/check.py", label=_("Check a file"), icon=":material/search:")
    st.stop()


def in_this_language(build: Callable[[], T]) -> Callable[[], T]:
    """`build`, made to run in the language of this run: for a download button's lazy
    `data`, which Streamlit calls when the button is clicked, in a thread of its own
    where the session's language is unknown (it would write English)."""
    spoken = spoken_language()

    def run() -> T:
        with use_language(spoken):
            return workers.run(build)

    return run


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
    app.py would have stopped at the sign-in screen, and speaks the session's language
    (app.py sets it, but a page run on its own, as Streamlit's AppTest runs every rerun
    after the first, would otherwise speak English whatever the person chose).
    """
    language.apply()
    visits.count_run()
    if not st.session_state.get(APP_READY) or not access.current().admitted:
        st.switch_page("app.py")
    if current_upload() is not None:
        _file_in_address(True)
