"""A person's text (a header, a file name, a value) shown as written where Streamlit
reads Markdown: widget labels, `st.markdown`, captions. One escaping for every page,
so a header such as `*Total*` or `$ amount` never turns into bold or a formula."""

from __future__ import annotations

import re

#: What the pages use (through `checks.views`).
__all__ = [
    "escape_markdown",
]

#: ASCII punctuation that Markdown or Streamlit's LaTeX would read; a backslash before
#: any ASCII punctuation shows the character itself.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|~<>$:]")


def escape_markdown(text: str) -> str:
    """`text` escaped so that Markdown shows exactly these characters."""
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", text)
