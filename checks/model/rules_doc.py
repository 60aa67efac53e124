"""Render the rule catalogue as Markdown, so the rule documentation (docs/rules.md) is
generated from the code and cannot drift from it (a test compares the two).

    python -m checks.model.rules_doc > docs/rules.md
"""

from __future__ import annotations

from checks.i18n import use_language
from checks.model.rules import RULES, Scope

_HEADINGS = {
    Scope.FILE: "File-level rules",
    Scope.COLUMN: "Column-level rules",
    Scope.CELL: "Cell-level rules (values and relations between lines)",
}


def render_rules_markdown() -> str:
    """The catalogue as docs/rules.md: always English, whatever the current language
    (the rules' texts are the English source strings, never translated here)."""
    with use_language("en"):
        return _render()


def _render() -> str:
    lines = [
        "# Rules",
        "",
        "Every problem Preflight reports is a finding with one of these stable codes.",
        "This page is generated from `checks/model/rules.py`: run",
        "`python -m checks.model.rules_doc > docs/rules.md` after changing a rule.",
    ]
    for scope, heading in _HEADINGS.items():
        lines += ["", f"## {heading}", ""]
        for rule in (r for r in RULES.values() if r.scope is scope):
            lines += [
                f"### `{rule.code}` ({rule.severity.value}): {rule.title}",
                "",
                f"- **What it means:** {rule.meaning}",
                f"- **Why Upflow cares:** {rule.why}",
                f"- **How to fix it:** {rule.how_to_fix}",
                "",
            ]
        lines.pop()
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(render_rules_markdown(), end="")
