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

from checks.i18n import N_, _, pgettext


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

    def __init__(self, problems: list[str], source: str | None = None) -> None:
        """`problems` and `source` ("definitions file"…) in the current language."""
        self.problems = list(problems)
        shown = source_label("definitions" if source is None else source)
        super().__init__(_("The {source} are not valid: {problems}.").format(
            source=shown, problems=problem_list(self.problems)))


def problem_list(problems: list[str] | tuple[str, ...]) -> str:
    """Problems in one sentence, separated the current language's way ("a; b" in
    English, "a ; b" in French)."""
    return pgettext("between problems", "; ").join(problems)


#: The names `Definitions.source` takes (English: they are stored with the definitions),
#: and how a person reads them.
_SOURCES: dict[str, str] = {
    "definitions": N_("definitions"),
    "definitions file": N_("definitions file"),
    "demo definitions": N_("demo definitions"),
    "edited definitions": N_("edited definitions"),
    "the bundled demo organization": N_("the bundled demo organization"),
}
_SOURCE_PATTERNS: tuple[tuple[str, str, str], ...] = (
    ("definitions in '", "'", N_("definitions in '{name}'")),
    ("definitions at ", "", N_("definitions at {name}")),
)


def source_label(source: str) -> str:
    """Where definitions come from (`Definitions.source`, English data such as
    "definitions in 'acme.yaml'"), in the current language; an unknown one as it is."""
    if source in _SOURCES:
        return _(_SOURCES[source])
    for prefix, suffix, template in _SOURCE_PATTERNS:
        if source.startswith(prefix) and source.endswith(suffix) and len(source) > len(
                prefix) + len(suffix):
            name = source[len(prefix):len(source) - len(suffix)]
            return _(template).format(name=name)
    return source


class UsageError(PreflightError):
    code = "bad_usage"
