"""`preflight match`: compare the identifier column of two exports the way Upflow will
link them, and list every identifier that will not match, with where it is and what
to do, before the mapping is attempted in Upflow."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from checks.cli.exit_status import EXIT_ERRORS, EXIT_OK
from checks.cli.recipes import match_tables
from checks.i18n import _, ngettext, npgettext, pgettext
from checks.match.classes import PAIRED, MatchClass
from checks.match.matching import match_identifiers
from checks.match.result import MatchResult
from checks.model.table import Table
from checks.read import notices
from checks.text.terminal import printable_lines


def run_match(args: argparse.Namespace, stdout: TextIO) -> int:
    """Exit status 1 as soon as one identifier will not match (or a line lacks one),
    since a single unmatched customer is one Upflow would leave unlinked."""
    tables = match_tables(args)
    names = _side_names(args.left, args.right)
    result = match_identifiers(tables[0], args.left_column, tables[1], args.right_column,
                               left_name=names[0], right_name=names[1])
    if args.format == "json":
        json.dump(match_report(args.left, args.right, tables, result), stdout,
                  ensure_ascii=False, indent=2)
        stdout.write("\n")
    else:
        stdout.write(format_match_text(tables, result))
    return EXIT_OK if result.all_matched else EXIT_ERRORS


def _side_names(left: str, right: str) -> tuple[str, str]:
    """The files' names as the advice cites them; whole paths when the names are alike."""
    names = (Path(left).name, Path(right).name)
    return names if names[0] != names[1] else (left, right)


def match_report(left: str, right: str, tables: Sequence[Table],
                 result: MatchResult) -> dict[str, object]:
    """The JSON object of `match --format json` (README, "Command line")."""
    values = result.values.astype(object).where(result.values.notna(), None)
    values = values.astype({"left_count": "int64", "right_count": "int64"})
    pairs = result.pairs.astype(object)
    return {
        "left": {"file": left, "column": result.left_column, "lines": tables[0].rows},
        "right": {"file": right, "column": result.right_column, "lines": tables[1].rows},
        "summary": result.summary,
        "values": values[["value", "class", "left_count", "right_count", "counterpart",
                          "difference", "left_rows", "right_rows"]].to_dict("records"),
        "pairs": pairs.to_dict("records"),
    }


def format_match_text(tables: Sequence[Table], result: MatchResult) -> str:
    """The summary per class, then each problem class with its advice and values."""
    sides = (pgettext("match side", "left"), pgettext("match side", "right"))
    width = max(len(side) for side in sides)
    # English writes the line count as it is ("1 lines"); the plural forms let French agree.
    lines = [ngettext("{side}: {file}, column '{column}', {count} lines",
                      "{side}: {file}, column '{column}', {count} lines", table.rows).format(
        side=side.ljust(width), file=name, column=column, count=table.rows)
             for side, name, column, table in (
                 (sides[0], result.left_name, result.left_column, tables[0]),
                 (sides[1], result.right_name, result.right_column, tables[1]))]
    lines += [f"  {name}: {sentence}" for name, table in zip(
        (result.left_name, result.right_name), tables, strict=True) for sentence in notices(table)]
    for cls, count in result.summary.items():
        unit = (npgettext("count unit", "line", "lines", count) if cls == MatchClass.EMPTY
                else npgettext("count unit", "pair", "pairs", count) if cls in PAIRED
                else npgettext("count unit", "value", "values", count))
        lines.append(f"  {cls:<21} {count:>8} {unit}")
    for cls in MatchClass:
        if cls is not MatchClass.MATCHED and result.summary[cls]:
            lines.append(f"{cls}: {result.advice(cls)}")
            lines += [f"  {item}" for item in _problems(result, cls)]
    problems = sum(c for cls, c in result.summary.items() if cls != MatchClass.MATCHED)
    lines.append(_("Every identifier matches: ready to map customers in Upflow")
                 if result.all_matched else
                 _("{matched} identifiers match, {problems} problems: fix them before mapping "
                   "customers in Upflow").format(matched=result.summary[MatchClass.MATCHED],
                                                 problems=problems))
    return "\n".join(printable_lines(lines)) + "\n"


def _problems(result: MatchResult, cls: MatchClass) -> list[str]:
    """One line per problem of the class: a value, a pair, or an empty line."""
    if cls is MatchClass.EMPTY:
        empty = result.lines[result.lines["class"] == cls]
        return [_("{file} row {row}").format(file=_name(result, item.side), row=item.row)
                for item in empty.itertuples(index=False)]
    values = result.values[result.values["class"] == cls]
    where = {item.value: _where(result, item.left_rows, item.right_rows)
             for item in values.itertuples(index=False)}
    if cls not in PAIRED:
        return [f"'{value}': {place}" for value, place in where.items()]
    pairs = result.pairs[result.pairs["class"] == cls]
    found = [f"'{item.left_value}' ({where[item.left_value]}) ↔ '{item.right_value}' "
             f"({where[item.right_value]}): {item.difference}"
             for item in pairs.itertuples(index=False)]
    alone = values[values["counterpart"].isna()]
    unpaired = _("'{value}' ({where}): {difference}, nothing like it on the other side")
    return found + [unpaired.format(value=item.value, where=where[item.value],
                                    difference=item.difference)
                    for item in alone.itertuples(index=False)]


def _where(result: MatchResult, left_rows: str, right_rows: str) -> str:
    """"billing.csv rows 8, 9; salesforce.csv row 8"."""
    places = [(_("{file} rows {rows}") if "," in rows else _("{file} row {row}")).format(
        file=_name(result, side), rows=rows, row=rows)
              for side, rows in (("left", left_rows), ("right", right_rows)) if rows]
    return "; ".join(places)


def _name(result: MatchResult, side: str) -> str:
    """The name a side is cited by, as `_side_names` chose it."""
    return result.left_name if side == "left" else result.right_name

