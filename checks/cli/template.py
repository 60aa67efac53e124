"""`preflight template`: a blank import template for the organization, so that a file
is built with Upflow's exact headers rather than corrected afterwards."""

from __future__ import annotations

import argparse
from typing import TextIO

from checks.cli.exit_status import EXIT_OK
from checks.cli.inputs import definitions_from
from checks.cli.outputs import write_bytes
from checks.export.templates import allowed_values, left_out, template_columns, template_csv
from checks.i18n import _, ngettext
from checks.text.terminal import printable_lines


def run_template(args: argparse.Namespace, stdout: TextIO) -> int:
    """Names the columns it wrote and the ones it left out, since a column missing
    from the template would otherwise look like an oversight."""
    definitions = definitions_from(args)
    columns = template_columns(args.sections, definitions)
    write_bytes(args.out, template_csv(args.sections, definitions, args.sep))
    # English writes the count as it is ("1 columns"); the plural forms let French agree.
    lines = [ngettext("Wrote a template with {count} columns to {file}: {columns}",
                      "Wrote a template with {count} columns to {file}: {columns}",
                      len(columns)).format(count=len(columns), file=args.out,
                                           columns=", ".join(columns))]
    blocked = left_out(args.sections, definitions)
    if blocked:
        lines.append(_("Left out, since your source system does not allow updating them by "
                       "CSV: {columns}").format(columns=", ".join(blocked)))
    lines += allowed_values(args.sections, definitions)
    stdout.write("\n".join(printable_lines(lines)) + "\n")
    return EXIT_OK

