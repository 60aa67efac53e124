"""The one exception family of Preflight.

Bad *data* is never an exception: it becomes a finding. An exception is only for
input the checker cannot use at all (a file it cannot open, definitions it cannot
trust, a misused command). Callers catch the base class and show `message`:

    PreflightError            code + one plain-language line
    ├── UnreadableFileError   the file cannot be read at all (CLI exit status 2)
    ├── DefinitionsError      the definitions document is invalid (lists every problem)
    ├── UsageError            the command or option is misused
    ├── RemoteDefinitionsError  definitions cannot be fetched from a URL (checks.definitions.remote)
    └── StoreError            the team's database cannot be used (checks.store.database)

The last two live beside the code that raises them; their messages never hold a
secret or a database URL.
"""

from __future__ import annotations


class PreflightError(Exception):
    """Input Preflight cannot use; `message` is safe to show to a person as it is."""

    code = "preflight_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnreadableFileError(PreflightError):
    code = "file_unreadable"


class DefinitionsError(PreflightError):
    """Raised with every problem of the document at once, so one edit can fix them all."""

    code = "bad_definitions"

    def __init__(self, problems: list[str], source: str = "definitions") -> None:
        self.problems = list(problems)
        super().__init__(f"The {source} are not valid: " + "; ".join(self.problems) + ".")


class UsageError(PreflightError):
    code = "bad_usage"
