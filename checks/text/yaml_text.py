"""YAML the way Preflight writes it, and document values the way a problem quotes them:
shared by the definitions and the import recipes, the two YAML documents people edit."""

from __future__ import annotations

import reprlib
from typing import Any

import yaml

from checks.i18n import _
from checks.text.terminal import ESCAPES

__all__ = ["YamlDumper", "shown"]


class YamlDumper(yaml.SafeDumper):
    """`yaml.safe_dump`, except for texts holding a line break other than "\n" (NEL,
    U+2028, U+2029): PyYAML writes those raw in a single-quoted text, where reading
    folds them into a space, so a saved name would change. Double-quoted, they are
    escaped and read back as they were."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if any(mark in value for mark in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


YamlDumper.add_representer(str, _represent_text)


#: Bounded repr for a list or mapping quoted in a problem: a few items, two levels.
_SHORT = reprlib.Repr()
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict, _SHORT.maxstring = 2, 4, 4, 30
_SHOWN_LENGTH = 60


def shown(value: Any) -> str:
    """A value of the document as a problem quotes it: one short line, whatever it is.

    A text may hold line breaks or run for pages, a YAML number may have more digits
    than Python will print, and a list may be nested or, through YAML aliases, huge:
    quoting any of them whole would break the message, or never finish."""
    try:
        text = _SHORT.repr(value) if isinstance(value, (list, dict)) else str(value)
    except ValueError:
        text = _("a number too long to show")
    text = text.translate(ESCAPES)  # one line, nothing a terminal obeys
    return text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH - 1] + "…"
