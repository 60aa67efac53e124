"""The limits a definitions document must stay within, checked before the work.

Definitions come from people (a file, an upload, an address) to a shared server, so
a document must not be able to keep it busy: its size is refused before it is
parsed, its YAML aliases before they multiply its values, and the length of each
list before a single item of it is validated. Each refusal is one plain problem of a
`DefinitionsError`, naming what is too big or too many. The numbers are
`checks.model.limits`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checks.i18n import _, number
from checks.model.limits import (
    MAX_CUSTOM_FIELDS,
    MAX_DEFINITIONS_BYTES,
    MAX_DEFINITIONS_VALUES,
    MAX_KNOWN_CUSTOMERS,
    MAX_MEMBERS,
    MAX_OPTIONS,
    MAX_OPTIONS_PER_FIELD,
    MAX_POSITIONS,
    MAX_ROLES,
    MAX_WORKFLOWS,
    megabytes,
)


def size_problem(size: int) -> str | None:
    """Why a document of `size` bytes is refused unread, or None."""
    if size <= MAX_DEFINITIONS_BYTES:
        return None
    return _("the document is {size}; Preflight reads definitions documents of at most "
             "{limit}").format(size=megabytes(size), limit=megabytes(MAX_DEFINITIONS_BYTES))


def aliases_problem(document: Any) -> str | None:
    """Why a parsed document whose aliases expand to too many values is refused, or
    None. Shared values are counted once each and their sizes added up, so the walk
    takes as long as the document's text, not as its expansion."""
    if expanded_values(document, MAX_DEFINITIONS_VALUES) <= MAX_DEFINITIONS_VALUES:
        return None
    return _("the document repeats parts of itself (YAML anchors and aliases) into more "
             "than {limit} values; write the values out instead").format(
                 limit=number(MAX_DEFINITIONS_VALUES))


def expanded_values(document: Any, limit: int) -> int:
    """How many values `document` holds with every shared list or mapping counted as
    often as it is reached; stops past `limit` (and a value that contains itself
    counts as past it). Iterative, so depth cannot exhaust Python's stack."""
    sizes: dict[int, int] = {}
    open_now: set[int] = set()  # the lists and mappings on the current path
    stack: list[tuple[Any, bool]] = [(document, False)]
    while stack:
        value, finished = stack.pop()
        if not isinstance(value, (list, dict)):
            continue
        key = id(value)
        children = list(value.values()) if isinstance(value, dict) else value
        if finished:
            open_now.discard(key)
            sizes[key] = 1 + sum(sizes.get(id(child), 1) for child in children)
            if sizes[key] > limit:
                return sizes[key]
            continue
        if key in sizes:
            continue
        if key in open_now:
            return limit + 1
        open_now.add(key)
        stack.append((value, True))
        stack.extend((child, False) for child in children
                     if isinstance(child, (list, dict)))
    return sizes.get(id(document), 1)


def count_problems(document: dict[Any, Any], shown: Callable[[Any], str]) -> list[str]:
    """Every list of the document that is longer than Preflight accepts, each named
    with its length and the limit; only lengths are read, never the items."""
    problems: list[str] = []
    _limit(document.get("custom_fields"), MAX_CUSTOM_FIELDS, problems,
           _("they list {count} custom fields; Preflight accepts at most "
             "{limit}"))
    fields = document.get("custom_fields")
    total = 0
    for item in fields[:MAX_CUSTOM_FIELDS] if isinstance(fields, list) else ():
        options = item.get("options") if isinstance(item, dict) else None
        count = len(options) if isinstance(options, list) else 0
        total += count
        if count > MAX_OPTIONS_PER_FIELD:
            problems.append(_("they list {count} options for “{name}”; Preflight "
                              "accepts at most {limit} per field").format(
                                  count=number(count), name=shown(item.get("name")),
                                  limit=number(MAX_OPTIONS_PER_FIELD)))
    if total > MAX_OPTIONS:
        problems.append(_("they list {count} options in all; Preflight accepts "
                          "at most {limit}").format(count=number(total),
                                                    limit=number(MAX_OPTIONS)))
    _limit(document.get("members"), MAX_MEMBERS, problems,
           _("they list {count} members; Preflight accepts at most {limit}"))
    members = document.get("members")
    for item in members[:MAX_MEMBERS] if isinstance(members, list) else ():
        roles = item.get("roles") if isinstance(item, dict) else None
        if isinstance(roles, list) and len(roles) > MAX_ROLES:
            problems.append(_("they give member “{email}” {count} roles; Preflight "
                              "accepts at most {limit}").format(
                                  email=shown(item.get("email")), count=number(len(roles)),
                                  limit=number(MAX_ROLES)))
            break
    _limit(document.get("workflows"), MAX_WORKFLOWS, problems,
           _("they list {count} workflows; Preflight accepts at most {limit}"))
    _limit(document.get("customers"), MAX_KNOWN_CUSTOMERS, problems,
           _("they list {count} known customers; Preflight accepts at most "
             "{limit}"))
    _limit(document.get("positions"), MAX_POSITIONS, problems,
           _("they list {count} contact positions; Preflight accepts at most "
             "{limit}"))
    return problems


def _limit(value: Any, limit: int, problems: list[str], message: str) -> None:
    if isinstance(value, list) and len(value) > limit:
        problems.append(message.format(count=number(len(value)), limit=number(limit)))
