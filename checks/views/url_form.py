"""The "Load from a URL" form of the Definitions page: its defaults and what it sends.

The form has rows of key name + key value. Keys set up for the app (`[definitions]`
in secrets, and the `PREFLIGHT_DEFINITIONS_HEADER_*` environment variables, read by
`checks.definitions.credentials` like the command line does) are always sent, and a
value typed in a row replaces the one set up under the same name. Deciding that
lives here, not in the page, so it is tested without a browser. Values never appear
in a repr or a message; names do, since they say which key to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from checks.definitions.credentials import (
    DEFAULT_API_KEY_HEADER,
    Headers,
    environment_headers,
    merge_headers,
    secrets_headers,
)
from checks.definitions.remote import HEADER_NAME_PATTERN, RemoteDefinitionsError
from checks.i18n import _

#: What the pages use (through `checks.views`).
__all__ = ["UPFLOW_KEY_NAMES", "UrlFormSettings", "form_headers"]

SECTION = "definitions"  # [definitions] in .streamlit/secrets.toml
#: The names Upflow's own API expects: the rows offered when nothing is set up.
UPFLOW_KEY_NAMES = ("X-Api-Key", "X-Api-Secret")


@dataclass(frozen=True)
class UrlFormSettings:
    """The form's defaults. `configured` holds secret values: kept out of the repr."""

    url: str = ""
    configured: Headers = field(default=(), repr=False)
    row_names: tuple[str, ...] = UPFLOW_KEY_NAMES

    @property
    def configured_names(self) -> tuple[str, ...]:
        """The names of the keys set up for the app: safe to show, unlike their values."""
        return tuple(name for name, _ in self.configured)

    @classmethod
    def from_settings(cls, secrets: Mapping[str, Any],
                      environ: Mapping[str, str]) -> UrlFormSettings:
        """Read `[definitions]` (url, api_key_header, api_key, the headers table) and
        the environment, which wins per header as it does for the database URL.

        Raises RemoteDefinitionsError when a configured key cannot be sent, so the
        page says what to fix instead of loading without it.
        """
        section = secrets.get(SECTION)
        section = section if isinstance(section, Mapping) else {}
        key_header = _text(section.get("api_key_header"))
        api_key = _text(section.get("api_key"))
        first = ((key_header or DEFAULT_API_KEY_HEADER, api_key),) if api_key else ()
        configured = merge_headers(first, secrets_headers(section),
                                   environment_headers(environ))
        rows = tuple(name for name, _ in configured) or (
            (key_header,) if key_header else UPFLOW_KEY_NAMES)
        return cls(url=_text(section.get("url")), configured=configured, row_names=rows)


def form_headers(rows: Iterable[tuple[str, str]], configured: Headers = ()) -> Headers:
    """The headers to send: the configured ones, a typed value replacing a configured
    one of the same name (ignoring case). A row with a name and no value sends
    nothing of its own; an empty row is ignored.

    Raises RemoteDefinitionsError for a value without a name, a name that is not one,
    or a name typed twice (which value would the person expect?).
    """
    typed: dict[str, tuple[str, str]] = {}
    for number, (raw_name, raw_value) in enumerate(rows, start=1):
        name, value = raw_name.strip(), raw_value.strip()
        if not value:
            continue
        if not name:
            raise RemoteDefinitionsError(_(
                "Row {number} has a key value but no key name: type the name the server "
                "expects, e.g. X-Api-Key.").format(number=number))
        if not HEADER_NAME_PATTERN.match(name):
            raise RemoteDefinitionsError(_(
                "'{name}' is not a key name the server can receive: use letters, digits and "
                "dashes, e.g. X-Api-Key.").format(name=name))
        if name.lower() in typed:
            raise RemoteDefinitionsError(_(
                "The key {name} has a value in two rows; keep one.").format(name=name))
        typed[name.lower()] = (name, value)
    return merge_headers(configured, typed.values())


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
