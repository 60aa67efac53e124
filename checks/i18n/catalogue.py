"""Keeping the French catalogue in step with the code, with Babel (README, "Translations").

    python -m checks.i18n.catalogue update    extract every marked string, merge into the .po
    python -m checks.i18n.catalogue compile   write the .mo files (the build does it too)

After `update`, translate the new and fuzzy entries of the .po; tests/test_translations.py
fails on any string left untranslated or fuzzy, so nothing reaches a person half done.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from checks.i18n import DOMAIN, LANGUAGES, LOCALE_DIR, compile_catalogue

ROOT = Path(__file__).resolve().parents[2]

#: What is read for marked strings: the engine, the Streamlit files.
SOURCES: tuple[str, ...] = ("checks", "ui", "pages", "app.py")

#: The marking functions and which arguments hold the texts (Babel's notation).
KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "counted": (2, 3),
}


def extract(root: Path = ROOT) -> Catalog:
    """Every marked string of the code, with where it is used."""
    template = Catalog(project="Preflight", fuzzy=False)
    for source in SOURCES:
        path = root / source
        if path.is_file():
            found = extract_from_dir(str(path.parent), [(path.name, "python")],
                                     keywords=KEYWORDS, strip_comment_tags=True)
        else:
            found = extract_from_dir(str(path), [("**.py", "python")], keywords=KEYWORDS,
                                     strip_comment_tags=True)
        for filename, lineno, message, comments, context in found:
            where = (Path(source) / filename if path.is_dir() else Path(source)).as_posix()
            template.add(message, None, [(where, lineno)], auto_comments=comments,
                         context=context)
    return template


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(root: Path = ROOT) -> None:
    """Merge the code's strings into each catalogue: new ones empty, changed ones
    fuzzy (to be checked), gone ones dropped."""
    template = extract(root)
    for language in LANGUAGES[1:]:
        path = catalogue_path(language)
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=language)
        template.creation_date = catalogue.creation_date  # no date churn in the diff
        catalogue.update(template, no_fuzzy_matching=False)
        catalogue.obsolete.clear()
        with path.open("wb") as handle:
            write_po(handle, catalogue, width=0, sort_by_file=True, omit_header=False,
                     include_previous=False, include_lineno=False)


def compile_all() -> None:
    for language in LANGUAGES[1:]:
        source = catalogue_path(language)
        source.with_suffix(".mo").write_bytes(compile_catalogue(source))


def main(argv: list[str]) -> int:
    commands = {"update": update, "compile": compile_all}
    if len(argv) != 1 or argv[0] not in commands:
        print("usage: python -m checks.i18n.catalogue update|compile", file=sys.stderr)
        return 2
    commands[argv[0]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
