"""The import preview: what Upflow will do with the file as it will be downloaded.

`counts` computes it from a check (`import_preview`), `wording` says it in a person's
words (sentences and a table per section) and as the command line's JSON.
"""

from checks.export.preview.counts import (
    CustomerCounts,
    ImportPreview,
    SectionPreview,
    import_preview,
)
from checks.export.preview.wording import (
    PREVIEW_HEADING,
    SECTION_CODES,
    SECTION_TITLES,
    preview_dict,
    preview_sentences,
    section_rows,
)

__all__ = ["PREVIEW_HEADING", "SECTION_CODES", "SECTION_TITLES", "CustomerCounts",
           "ImportPreview", "SectionPreview", "import_preview", "preview_dict",
           "preview_sentences", "section_rows"]
