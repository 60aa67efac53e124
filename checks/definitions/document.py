"""The organization's live definitions: custom fields, members, workflows, customers,
contact positions.

The schema is generated from these at run time, so they are validated strictly on
the way in: a bad document raises one `DefinitionsError` listing every problem,
because a half-understood definition would silently produce wrong findings.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from checks.definitions.bounds import aliases_problem, count_problems, size_problem
from checks.i18n import N_, _
from checks.model.errors import DefinitionsError
from checks.text.yaml_text import YamlDumper, shown


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    SINGLE_SELECT = "single_select"
    MULTI_SELECT = "multi_select"
    BOOLEAN = "boolean"


class Managed(StrEnum):
    UPFLOW = "upflow"  # importable by CSV
    SYNCED = "synced"  # owned by the source of truth: not importable


class SourceSystem(StrEnum):
    NATIVE = "native"
    API = "api"
    SALESFORCE_NATIVE = "salesforce_native"
    SALESFORCE_API = "salesforce_api"


ACCOUNT_MANAGER_ROLE = "account_manager"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SELECT_TYPES = (FieldType.SINGLE_SELECT, FieldType.MULTI_SELECT)
#: libyaml's safe loader when PyYAML has it: what `yaml.safe_load` reads, 8 times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_UNREADABLE_VALUE = N_("the document has a value that looks like a date or a number but is "
                        "none (such as 2024-02-30, or a number thousands of digits long); put "
                        "it in quotes to keep it as text")


@dataclass(frozen=True)
class CustomField:
    name: str
    type: FieldType
    options: tuple[str, ...] = ()
    managed: Managed = Managed.UPFLOW

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type.value}
        if self.type in _SELECT_TYPES:
            out["options"] = list(self.options)
        out["managed"] = self.managed.value
        return out


@dataclass(frozen=True)
class Member:
    email: str
    roles: tuple[str, ...] = ()

    @property
    def is_account_manager(self) -> bool:
        return ACCOUNT_MANAGER_ROLE in self.roles


@dataclass(frozen=True)
class KnownCustomer:
    id: str
    name: str = ""


#: The contact positions of Upflow's import article: an organization's positions when its
#: definitions list none (Upflow lets each organization add, rename and delete them).
POSITIONS: tuple[str, ...] = ("Accounting", "Sales", "Purchaser", "Payer")


@dataclass(frozen=True)
class Definitions:
    organization: str
    source_system: SourceSystem = SourceSystem.API
    custom_fields: tuple[CustomField, ...] = ()
    members: tuple[Member, ...] = ()
    workflows: tuple[str, ...] = ()
    customers: tuple[KnownCustomer, ...] = ()
    positions: tuple[str, ...] = POSITIONS
    source: str = field(default="", compare=False)

    def custom_field(self, name: str) -> CustomField | None:
        return next((f for f in self.custom_fields if f.name == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "organization": self.organization,
            "source_system": self.source_system.value,
            "custom_fields": [f.to_dict() for f in self.custom_fields],
            "members": [{"email": m.email, "roles": list(m.roles)} for m in self.members],
            "workflows": list(self.workflows),
            "customers": [{"id": c.id, "name": c.name} for c in self.customers],
            "positions": list(self.positions),
        }

    def to_yaml(self) -> str:
        return yaml.dump(self.to_dict(), Dumper=YamlDumper, sort_keys=False, allow_unicode=True)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def parse_definitions(text: str | bytes, source: str = "definitions") -> Definitions:
    """Definitions from a YAML or JSON document (JSON is YAML, so one parser reads both).

    A document over the size limit is refused unread, and one whose YAML aliases
    multiply its values before they are validated (`checks.definitions.bounds`)."""
    if too_big := size_problem(len(text if isinstance(text, bytes)
                                   else text.encode("utf-8", "surrogatepass"))):
        raise DefinitionsError([too_big], source)
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DefinitionsError([_("the document is not UTF-8 text")], source) from exc
    try:
        document = _load_document(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = (_("the document is not valid YAML or JSON at line {line}").format(
            line=mark.line + 1) if mark is not None
            else _("the document is not valid YAML or JSON"))
        raise DefinitionsError([problem], source) from exc
    except ValueError as exc:
        # PyYAML builds dates and numbers with Python's own constructors, which refuse
        # a day that does not exist (2024-02-30) or a number of over 4,300 digits.
        raise DefinitionsError([_(_UNREADABLE_VALUE)], source) from exc
    except RecursionError as exc:
        raise DefinitionsError([_("the document is nested too deeply")], source) from exc
    except Exception as exc:
        # PyYAML's constructors fail with whatever Python raises on a malformed tagged
        # value ("!!timestamp x": AttributeError, "!!int": IndexError, "!!bool x":
        # KeyError): every one of them means the document cannot be read.
        raise DefinitionsError([_("the document is not valid YAML or JSON")],
                               source) from exc
    repeated = aliases_problem(document) if "&" in text else None  # no anchor, no alias
    if repeated:
        raise DefinitionsError([repeated], source)
    return definitions_from_dict(document, source)


def _load_document(text: str) -> Any:
    """The document a YAML or JSON text holds.

    JSON is YAML, except that YAML forbids a few characters JSON allows as they are
    (DEL, the C1 controls, U+FFFE…): a JSON document, our own export included, is read
    as JSON first so that such a character in a name does not make it unreadable."""
    if text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except ValueError:
            pass  # not JSON after all: YAML says what is wrong with it
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)


def load_definitions(path: str | Path) -> Definitions:
    path = Path(path)
    try:
        if too_big := size_problem(path.stat().st_size):  # before reading a byte of it
            raise DefinitionsError([too_big], f"definitions in '{path.name}'")
        text = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DefinitionsError([_("'{path}' cannot be read ({reason})").format(
            path=path, reason=reason)], "definitions file") from exc
    return parse_definitions(text, source=f"definitions in '{path.name}'")


def demo_definitions() -> Definitions:
    """The bundled demo organization, so the app and CLI work on first start."""
    text = resources.files("checks.definitions").joinpath("demo.yaml").read_text("utf-8")
    return parse_definitions(text, source="demo definitions")


def definitions_from_dict(document: Any, source: str = "definitions") -> Definitions:
    problems: list[str] = []
    if not isinstance(document, dict):
        raise DefinitionsError([_("the document must be a mapping with an 'organization' "
                                  "key")], source)
    if too_many := count_problems(document, shown):  # before validating such lists
        raise DefinitionsError(too_many, source)
    known_keys = {"organization", "source_system", "custom_fields", "members", "workflows",
                  "customers", "positions"}
    for key in document:
        if key not in known_keys:
            problems.append(_("unknown key '{key}'").format(key=shown(key)))

    organization = document.get("organization")
    if not isinstance(organization, str) or not organization.strip():
        problems.append(_("'organization' must be a non-empty name"))
        organization = ""

    source_system = _enum(SourceSystem, document.get("source_system", "api"),
                          "source_system", problems)
    custom_fields = _custom_fields(document.get("custom_fields") or [], problems)
    members = _members(document.get("members") or [], problems)
    workflows = _strings(document.get("workflows") or [], "workflows", problems)
    customers = _customers(document.get("customers") or [], problems)
    # Upflow lets an organization add, rename and delete contact positions; without a
    # list, the four of Upflow's import article.
    positions = _strings(document.get("positions") or [], "positions", problems) or POSITIONS

    if problems:
        raise DefinitionsError(problems, source)
    return Definitions(organization=organization.strip(),
                       source_system=source_system or SourceSystem.API,
                       custom_fields=custom_fields, members=members, workflows=workflows,
                       customers=customers, positions=positions, source=source)


def _enum(kind: type[StrEnum], value: Any, where: str, problems: list[str]) -> Any:
    try:
        return kind(value if isinstance(value, str) else shown(value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        problems.append(_("{where} '{value}' is unknown (use one of: {allowed})").format(
            where=where, value=shown(value), allowed=allowed))
        return None


def _list(value: Any, where: str, problems: list[str]) -> list[Any]:
    if not isinstance(value, list):
        problems.append(_("'{where}' must be a list").format(where=where))
        return []
    return value


def _strings(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    items = _list(value, where, problems)
    out: list[str] = []
    for i, item in enumerate(items, 1):
        text = _text(item) if isinstance(item, (str, int, float)) else None
        if text:
            out.append(text)
        else:
            problems.append(_("{where} item {number} must be a non-empty text").format(
                where=where, number=i))
    duplicates = _twice(out)
    for item in duplicates:
        problems.append(_("{where} lists '{item}' twice").format(where=where,
                                                                  item=shown(item)))
    return tuple(out)


def _custom_fields(value: Any, problems: list[str]) -> tuple[CustomField, ...]:
    fields: list[CustomField] = []
    for i, item in enumerate(_list(value, "custom_fields", problems), 1):
        if not isinstance(item, dict):
            problems.append(_("custom field {number} must be a mapping with name and "
                              "type").format(number=i))
            continue
        name = item.get("name")
        label = (_("custom field '{name}'").format(name=shown(name)) if name
                 else _("custom field {number}").format(number=i))
        if not isinstance(name, str) or not name.strip():
            problems.append(_("{label} has no name").format(label=label))
            continue
        unknown = set(item) - {"name", "type", "options", "managed"}
        for key in sorted(unknown, key=str):  # YAML keys need not be texts
            problems.append(_("{label} has an unknown key '{key}'").format(
                label=label, key=shown(key)))
        field_type = _enum(FieldType, item.get("type"),
                           _("{label}: {key}").format(label=label, key="type"), problems)
        managed = _enum(Managed, item.get("managed", "upflow"),
                        _("{label}: {key}").format(label=label, key="managed"), problems)
        options: tuple[str, ...] = ()
        if field_type in _SELECT_TYPES:
            options = _strings(item.get("options") or [],
                               _("{label} options").format(label=label), problems)
            if not options:
                problems.append(_("{label} is a select field without options").format(
                    label=label))
        elif item.get("options"):
            problems.append(_("{label} has options but is of type {type}").format(
                label=label, type=field_type))
        if field_type and managed:
            fields.append(CustomField(name, field_type, options, managed))
    names = [f.name for f in fields]
    for name in _twice(names):
        problems.append(_("custom field '{name}' is defined twice").format(
            name=shown(name)))
    return tuple(fields)


def _members(value: Any, problems: list[str]) -> tuple[Member, ...]:
    members: list[Member] = []
    for i, item in enumerate(_list(value, "members", problems), 1):
        if not isinstance(item, dict):
            problems.append(_("member {number} must be a mapping with email and "
                              "roles").format(number=i))
            continue
        email = item.get("email")
        if not isinstance(email, str) or not _EMAIL.match(email):
            problems.append(_("member {number} has a bad email '{email}'").format(
                number=i, email=shown(email)))
            continue
        if email != email.lower():
            problems.append(_("member email '{email}' must be lowercase, as in "
                              "Upflow").format(email=shown(email)))
            continue
        roles = _strings(item.get("roles") or [],
                         _("member '{email}' roles").format(email=shown(email)), problems)
        members.append(Member(email, roles))
    emails = [m.email for m in members]
    for email in _twice(emails):
        problems.append(_("member '{email}' is listed twice").format(email=shown(email)))
    return tuple(members)


def _customers(value: Any, problems: list[str]) -> tuple[KnownCustomer, ...]:
    customers: list[KnownCustomer] = []
    for i, item in enumerate(_list(value, "customers", problems), 1):
        customer_id = _text(item.get("id")) if isinstance(item, dict) else None
        if not customer_id:
            problems.append(_("customer {number} must have an id").format(number=i))
            continue
        name = _text(item.get("name") or "")
        if name is None:
            problems.append(_("customer '{id}' must have a name that is a text").format(
                id=shown(customer_id)))
            continue
        customers.append(KnownCustomer(customer_id, name))
    return tuple(customers)


def _twice(items: list[str]) -> list[str]:
    """The items listed more than once, sorted, counted in one pass (not n² compares)."""
    return sorted(item for item, seen in Counter(items).items() if seen > 1)


def _text(value: Any) -> str | None:
    """A single value (text, number, date…) as text; None for a list, a mapping, a
    yes/no, or a number of thousands of digits, which Python refuses to print."""
    if isinstance(value, (list, dict, bool)):
        return None
    try:
        return str(value)
    except ValueError:
        return None
