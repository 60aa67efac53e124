"""The secret headers for a definitions URL, as configured outside the program.

Upflow's API, like many, wants two secrets in two headers (`X-Api-Key` and
`X-Api-Secret`), so one API key is not enough. A deployment gives them in the
environment, one variable per header, or in a table of the app's secrets file; this
module turns both into (name, value) pairs for `RemoteSource.secret_headers`. It is
the one owner of that reading: the command line and the app both call it, so the
two cannot disagree on a variable's meaning.

A value is never put in a message: a problem names the variable or the header only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from checks.definitions.remote import (
    HEADER_NAME_PATTERN,
    HEADER_VALUE_PATTERN,
    RemoteDefinitionsError,
)
from checks.i18n import _

#: `PREFLIGHT_DEFINITIONS_HEADER_X_API_KEY=...` sends the header `X-Api-Key`.
HEADER_ENV_PREFIX = "PREFLIGHT_DEFINITIONS_HEADER_"
#: The older pair of variables, one key in one header (still honoured by the CLI).
API_KEY_ENV = "PREFLIGHT_DEFINITIONS_API_KEY"
API_KEY_HEADER_ENV = "PREFLIGHT_DEFINITIONS_API_KEY_HEADER"
DEFAULT_API_KEY_HEADER = "Authorization"
#: The table of headers under `[definitions]` in `.streamlit/secrets.toml`.
SECRETS_HEADERS_KEY = "headers"

# Letters and digits, parts joined by single underscores: each part becomes one
# dash-separated word of the header name, so the name is always a valid HTTP token.
_ENV_NAME_PART = re.compile(r"^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)*$")

Headers = tuple[tuple[str, str], ...]


def header_name_from_variable(suffix: str) -> str:
    """`X_API_KEY` → `X-Api-Key`: underscores become dashes, each word capitalised.

    Environment variables cannot hold a dash, and header names are case-insensitive,
    so the conventional spelling is chosen rather than the variable's shouting one.
    """
    return "-".join(part.capitalize() for part in suffix.split("_"))


def environment_headers(environ: Mapping[str, str]) -> Headers:
    """Every `PREFLIGHT_DEFINITIONS_HEADER_<NAME>` variable as a (header, value) pair.

    An empty variable counts as unset (as `PREFLIGHT_DEFINITIONS_API_KEY` does), so
    `export VAR=` switches a header off. Surrounding spaces are dropped: they are not
    part of a header value. A badly formed name or value, or two variables naming
    the same header, raise RemoteDefinitionsError naming the variable, never its value.
    Sorted by variable, so the same environment always gives the same request.
    """
    found: dict[str, tuple[str, str, str]] = {}  # lower-case header → (variable, name, value)
    for variable in sorted(environ):
        if not variable.startswith(HEADER_ENV_PREFIX):
            continue
        value = environ[variable].strip()
        if not value:
            continue
        name = _header_from_variable(variable)
        _check_value(value, _("The environment variable {variable}").format(
            variable=variable))
        earlier = found.get(name.lower())
        if earlier is not None:
            raise RemoteDefinitionsError(_(
                "The environment variables {first} and {second} both give the {name} "
                "header; keep one.").format(first=earlier[0], second=variable, name=name))
        found[name.lower()] = (variable, name, value)
    return tuple((name, value) for _variable, name, value in found.values())


def secrets_headers(section: Mapping[str, Any] | None) -> Headers:
    """The `headers` table of `[definitions]` in the app's secrets, checked.

    `[definitions.headers]` holds `X-Api-Key = "..."` lines: TOML keys may contain
    dashes, so the header is written as the server names it. A value that is not text
    or cannot be sent is a RemoteDefinitionsError naming the header, never the value.
    """
    table = (section or {}).get(SECRETS_HEADERS_KEY) or {}
    if not isinstance(table, Mapping):
        raise RemoteDefinitionsError(_(
            "'{key}' under [definitions] in the secrets must be a table of header names and "
            "values.").format(key=SECRETS_HEADERS_KEY))
    headers: dict[str, tuple[str, str]] = {}
    for name, raw in table.items():
        name = str(name).strip()
        where = _("The {name} header under [definitions.{key}]").format(
            name=name, key=SECRETS_HEADERS_KEY)
        if not HEADER_NAME_PATTERN.match(name):
            raise RemoteDefinitionsError(_(
                "'{name}' under [definitions.{key}] is not a header name (use letters, "
                "digits and dashes, e.g. X-Api-Key).").format(name=name, key=SECRETS_HEADERS_KEY))
        if not isinstance(raw, str):
            raise RemoteDefinitionsError(_("{where} must be text in quotes.").format(
                where=where))
        value = raw.strip()
        if not value:
            continue
        _check_value(value, where)
        if name.lower() in headers:
            raise RemoteDefinitionsError(_(
                "The {name} header is given twice under [definitions.{key}]; keep "
                "one.").format(name=name, key=SECRETS_HEADERS_KEY))
        headers[name.lower()] = (name, value)
    return tuple(headers.values())


def merge_headers(*layers: Iterable[tuple[str, str]]) -> Headers:
    """The layers' headers, a later layer replacing an earlier one's header of the
    same name (ignoring case): the environment over the secrets file, a value typed
    on the page over both. The first spelling of a name is kept."""
    merged: dict[str, tuple[str, str]] = {}
    for layer in layers:
        for name, value in layer:
            spelling = merged.get(name.lower(), (name, ""))[0]
            merged[name.lower()] = (spelling, value)
    return tuple(merged.values())


def _header_from_variable(variable: str) -> str:
    suffix = variable[len(HEADER_ENV_PREFIX):]
    if not _ENV_NAME_PART.match(suffix):
        raise RemoteDefinitionsError(_(
            "The environment variable {variable} does not name a header: after {prefix}, "
            "write the header's name with _ for each dash and only letters and digits "
            "otherwise (e.g. {prefix}X_API_KEY for X-Api-Key).").format(
                variable=variable, prefix=HEADER_ENV_PREFIX))
    return header_name_from_variable(suffix)


def _check_value(value: str, where: str) -> None:
    """Refuse what a header cannot carry, without ever quoting the (secret) value."""
    if not HEADER_VALUE_PATTERN.match(value):
        raise RemoteDefinitionsError(_(
            "{where} holds line breaks or characters an HTTP header cannot carry (plain "
            "ASCII only); set it again.").format(where=where))
