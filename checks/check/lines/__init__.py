"""Rules about lines and their relations: mandatory values and cross-row checks.

Each rule is a `LineCheck` (`base`): given the file as a frame of canonical columns
(index = row numbers), a boolean mask per line (True = no problem) attached to one
column. Everything is a vectorised mask (numpy over the codes of the customer keys,
`duplicated`, Arrow's `is_in`): no Python loop over lines, since `groupby` checks of
pandera would not name the rows.

One module per family of rules, each declaring the codes it implements
(`IMPLEMENTS`): `required` (mandatory values per section), `parents` (Parent name
and Parent ID), `conflicts` (lines of one customer that disagree), `contacts`
(repeated contacts, several main contacts) and `customers` (assignments for customers
Upflow does not have). `assembly.line_checks` picks the rules
that apply to a file.
"""

from checks.check.lines.assembly import LINE_MODULES, line_checks
from checks.check.lines.base import LineCheck

__all__ = ["LINE_MODULES", "LineCheck", "line_checks"]
