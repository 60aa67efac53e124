"""An equivalent Frictionless Table Schema of the generated files, from definitions.

Why: the issue's first target compares `preflight check` with frictionless-py's
`validate`, the standard tool for "validate a CSV against a schema", on the same file
with the same rules. Table Schema cannot say everything RULES.md says, so this is
the closest honest translation, built from the same live definitions:

* every field is `string` (cells are text; nothing inferred) except the Date custom
  field, typed `date` so frictionless checks the calendar as `date_format` does;
* `required` on the mandatory columns (Customer name, Customer ID, Contact email);
* `enum` for closed lists: single-select options, workflows, positions, Main contact;
* `pattern` for the rest: numbers, booleans (any case), emails, account managers
  (only the lowercase emails of members with the account manager role: covers
  email_format, email_uppercase, member_not_found, member_not_account_manager and
  list whitespace), multi-select items, identifiers (no spaces, no ".0" or
  exponent), names (no stray spaces), and formula safety on every free-text column;
* `maxLength` 2,000 on the Text custom field;
* `unique` on Customer ID (the duplicate-ID part of customer_conflict,
  duplicate_contact and main_contact_multiple) and a self-referencing foreign key
  from Parent ID to Customer ID (parent_unknown).

Not expressible, hence left out: lost leading zeros (a whole-column judgement),
parent_incomplete and parent_self (two columns of a line), and which lines belong
to a section. Frictionless therefore does slightly *less* than Preflight here.

Usage: python -m bench.frictionless_schema --out schema.json [--sep ';' --dialect D]
       python -m bench.frictionless_schema --validate FILE [--sep ';']
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.generate import UPFLOW_HEADERS, Organization
from checks import Definitions, FieldType, demo_definitions
from checks.definitions.document import POSITIONS

#: A cell a spreadsheet would not run as a formula (Python `re`, anchored by
#: frictionless): it does not start with = or @, nor with + or - unless a number follows
#: (only digits, spaces, parentheses, dots and commas after the sign).
NOT_FORMULA = r"(?![ \u00a0]*(?:[=@]|[+-](?![0-9 ().,]*$)))"
#: No leading/trailing space, no non-breaking space, tab or line break.
NO_STRAY_SPACE = r"(?!\s)(?!.*\s$)(?!.*[\u00a0\u2007\u202f\u2009\u200b\ufeff\t\r\n])"
_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
EMAIL = rf"{_ATOM}(?:\.{_ATOM})*@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{{2,}}"
NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"
BOOLEAN = r"(?i:true|false)"
IDENTIFIER = r"[0-9A-Za-z][0-9A-Za-z/_-]*"
TEXT_LIMIT = 2_000


def _one_of(names: Sequence[str]) -> str:
    return "(?:" + "|".join(re.escape(name) for name in names) + ")"


def _list_of(names: Sequence[str], separators: str) -> str:
    item = _one_of(names)
    return f"{item}(?:[{re.escape(separators)}]{item})*"


def _string(name: str, **constraints: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": "string"}
    if constraints:
        field["constraints"] = constraints
    return field


def build_schema(definitions: Definitions | None = None) -> dict[str, Any]:
    """The Table Schema (as a dict) of a file written by `bench.generate`."""
    org = Organization.of(definitions or demo_definitions())
    text = {"pattern": NOT_FORMULA + ".*"}
    fields: list[dict[str, Any]] = []
    for header in UPFLOW_HEADERS:
        if header == "Customer name":
            fields.append(_string(header, required=True,
                                  pattern=NO_STRAY_SPACE + NOT_FORMULA + ".*"))
        elif header == "Customer ID":
            fields.append(_string(header, required=True, unique=True, pattern=IDENTIFIER))
        elif header == "Parent name":
            fields.append(_string(header, pattern=NO_STRAY_SPACE + NOT_FORMULA + ".*"))
        elif header == "Parent ID":
            fields.append(_string(header, pattern=IDENTIFIER))
        elif header == "Account manager":
            fields.append(_string(header, pattern=_list_of(org.account_managers, ",")))
        elif header == "Workflow":
            fields.append(_string(header, enum=list(org.workflows)))
        elif header == "Contact email address":
            fields.append(_string(header, required=True, pattern=EMAIL))
        elif header == "Position":
            fields.append(_string(header, enum=list(POSITIONS)))
        elif header == "Main contact":
            fields.append(_string(header, enum=["1"]))
        else:
            fields.append(_string(header, **text))
    for kind in (FieldType.SINGLE_SELECT, FieldType.MULTI_SELECT, FieldType.DATE,
                 FieldType.NUMBER, FieldType.BOOLEAN, FieldType.TEXT):
        name, options = org.fields[kind], org.options[kind]
        if kind is FieldType.SINGLE_SELECT:
            fields.append(_string(name, enum=list(options)))
        elif kind is FieldType.MULTI_SELECT:
            fields.append(_string(name, pattern=_list_of(options, ",;")))
        elif kind is FieldType.DATE:
            fields.append({"name": name, "type": "date"})
        elif kind is FieldType.NUMBER:
            fields.append(_string(name, pattern=NUMBER))
        elif kind is FieldType.BOOLEAN:
            fields.append(_string(name, pattern=BOOLEAN))
        else:
            fields.append(_string(name, maxLength=TEXT_LIMIT, **text))
    return {
        "fields": fields,
        "missingValues": [""],
        "foreignKeys": [{"fields": ["Parent ID"],
                         "reference": {"resource": "", "fields": ["Customer ID"]}}],
    }


def dialect(sep: str) -> dict[str, Any]:
    """The Frictionless dialect of a generated file with separator `sep`."""
    return {"csv": {"delimiter": sep}}


def validate(path: Path, sep: str, limit_errors: int = 10**9) -> dict[str, Any]:
    """Validate `path` with frictionless-py's Python API; errors counted by type.

    `limit_errors` is raised from frictionless' default of 1,000, which would stop
    reading at the 1,000th error and make it look faster than it is. Only counts are
    printed: the report itself is not serialised (that would cost frictionless more
    than the validation, which is all the comparison is about)."""
    from frictionless import Dialect, Resource, Schema, system

    with system.use_context(trusted=True):
        resource = Resource(path=str(path), schema=Schema.from_descriptor(build_schema()),
                            dialect=Dialect.from_descriptor(dialect(sep)))
        report = resource.validate(limit_errors=limit_errors)
    by_type: dict[str, int] = {}
    rows = 0
    for task in report.tasks:
        rows += task.stats.get("rows") or 0
        for error in task.errors:
            by_type[error.type] = by_type.get(error.type, 0) + 1
    return {"file": str(path), "valid": report.valid, "rows": rows,
            "errors": sum(by_type.values()), "by_type": dict(sorted(by_type.items()))}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.frictionless_schema",
        description="Write the Table Schema equivalent to Preflight's rules for generated "
                    "files, or validate a file with it (frictionless-py).")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--out", type=Path, help="write the schema JSON here")
    action.add_argument("--validate", type=Path, metavar="FILE",
                        help="validate FILE and print one JSON line of error counts")
    parser.add_argument("--sep", default=";", help="separator of the data file")
    parser.add_argument("--dialect", type=Path, help="with --out: write the dialect JSON too")
    args = parser.parse_args(argv)
    if args.validate:
        print(json.dumps(validate(args.validate, args.sep)))
        return 0
    args.out.write_text(json.dumps(build_schema(), indent=2, ensure_ascii=False),
                        encoding="utf-8")
    if args.dialect:
        args.dialect.write_text(json.dumps(dialect(args.sep)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
