"""The separators Upflow's importer reads, and the ones Preflight reads: the one
definition every step uses.

Reading detects one of the input separators (or takes the person's choice), the
export writes one of Upflow's, the command line and the pages offer them, all from
here. Tab is read but never written: Excel's "Text (Tab delimited)" and "Unicode
Text" exports are tab-separated, and Upflow does not read tab, so their corrected
file is written with `;` (`export_separator_for`).
"""

from __future__ import annotations

from checks.i18n import N_, _
from checks.model.errors import UsageError

#: What Upflow reads, hence what the corrected file is written with.
SEPARATORS: tuple[str, ...] = (";", ",", "|")

TAB = "\t"

#: What Preflight reads: Upflow's separators, then tab.
INPUT_SEPARATORS: tuple[str, ...] = (*SEPARATORS, TAB)

#: The separator of the corrected file when the input's is not one Upflow reads.
EXPORT_SEPARATOR_FOR_TAB = ";"

#: Each separator in words, for people (pages, messages).
#: English, marked: translate with `_` where shown.
SEPARATOR_NAMES: dict[str, str] = {";": N_("semicolon (;)"), ",": N_("comma (,)"),
                                   "|": N_("pipe (|)"), TAB: N_("tab")}

#: The plain names the command line takes for separators that cannot be typed.
SEPARATOR_OPTION_NAMES: dict[str, str] = {"tab": TAB}


def check_separator(separator: str) -> str:
    """`separator` when Upflow reads it, else the usage error people and the CLI see."""
    if separator not in SEPARATORS:
        raise UsageError(_("The separator must be one of {separators}, not {separator}.")
                         .format(separators=" ".join(SEPARATORS), separator=repr(separator)))
    return separator


def check_input_separator(separator: str) -> str:
    """`separator` when Preflight reads it (; , | or tab), else the usage error."""
    if separator not in INPUT_SEPARATORS:
        raise UsageError(_("The separator must be one of {separators} or tab, not "
                           "{separator}.").format(separators=" ".join(SEPARATORS),
                                                  separator=repr(separator)))
    return separator


def export_separator_for(separator: str | None, default: str) -> str:
    """The corrected file's separator when the person chose none: the input's own when
    Upflow reads it, `;` for a tab-separated input, `default` for a workbook (None)."""
    if separator is None:
        return default
    return separator if separator in SEPARATORS else EXPORT_SEPARATOR_FOR_TAB
