"""The import preview as the Fix page shows it: plain sentences and a small table per
section, in the session's language, above the downloads.

The wording is the engine's (`checks.export.preview`), shared with the error report's
sheet and the command line, so that the page and the files it hands out say the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from checks.export.preview import (
    PREVIEW_HEADING,
    SECTION_TITLES,
    ImportPreview,
    preview_sentences,
    section_rows,
)
from checks.i18n import _
from checks.views.markdown import escape_markdown

#: What the pages use (through `checks.views`).
__all__ = ["PreviewView", "preview_view"]


@dataclass(frozen=True)
class PreviewView:
    """The preview ready to draw: its heading, its sentences as a Markdown list (the
    names in them escaped: a workflow called `*VIP*` stays as written) and the table
    per section, with plain titles (without the updated and created columns when the
    definitions list no known customers: they could not be told)."""

    heading: str
    markdown: str
    sections: pd.DataFrame


def preview_view(preview: ImportPreview) -> PreviewView:
    """What the Fix page shows of `preview`."""
    markdown = "\n".join(f"- {escape_markdown(sentence)}"
                         for sentence in preview_sentences(preview))
    titles = [_(title) for title in SECTION_TITLES]
    frame = pd.DataFrame(section_rows(preview), columns=titles)
    if not preview.known_customers_listed:  # no column empty from top to bottom
        frame = frame.drop(columns=titles[3:])
    return PreviewView(_(PREVIEW_HEADING), markdown, frame)
