"""An XLSX package as openpyxl can read it: the workbooks Excel opens that openpyxl
alone refuses or reads as empty.

* The workbook part is wherever the package's root relationships (`_rels/.rels`,
  type officeDocument) say, not necessarily `xl/workbook.xml`: openpyxl finds it by
  its content type, so the package gets that content type declared for it (and its
  stylesheet copied to where openpyxl looks for one).
* A *Strict Open XML* workbook (Excel's "Strict Open XML Spreadsheet" in Save As) uses
  other namespaces for the same elements: openpyxl finds no sheet in it. Its XML
  parts are translated to the usual (transitional) namespaces in memory.
* A stylesheet openpyxl cannot use (a legal, minimal one whose cell styles point at
  formats it does not hold) is left out: the values are read without number formats,
  and the table says so (`Table.number_formats_lost`).

Nothing here is decompressed before the ZIP guard (`checks.read.zip_guard`) has
bounded the package's size; a package is only rewritten (in memory, never on disk)
when one of these cases needs it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree

ROOT_RELS = "_rels/.rels"
CONTENT_TYPES = "[Content_Types].xml"
USUAL_WORKBOOK = "xl/workbook.xml"
USUAL_STYLES = "xl/styles.xml"

#: The Strict namespaces, with the transitional namespace of the same elements.
_STRICT_NAMESPACES: tuple[tuple[bytes, bytes], ...] = tuple(
    (b"http://purl.oclc.org/ooxml/" + strict.encode(),
     b"http://schemas.openxmlformats.org/" + usual.encode()) for strict, usual in (
        ("officeDocument/relationships/extendedProperties",
         "officeDocument/2006/relationships/extended-properties"),
        ("officeDocument/relationships/customProperties",
         "officeDocument/2006/relationships/custom-properties"),
        ("officeDocument/relationships", "officeDocument/2006/relationships"),
        ("officeDocument/extendedProperties", "officeDocument/2006/extended-properties"),
        ("officeDocument/customProperties", "officeDocument/2006/custom-properties"),
        ("officeDocument/docPropsVTypes", "officeDocument/2006/docPropsVTypes"),
        ("officeDocument/sharedTypes", "officeDocument/2006/sharedTypes"),
        ("officeDocument/math", "officeDocument/2006/math"),
        ("officeDocument/bibliography", "officeDocument/2006/bibliography"),
        ("spreadsheetml/main", "spreadsheetml/2006/main"),
        ("drawingml/main", "drawingml/2006/main"),
        ("drawingml/chart", "drawingml/2006/chart"),
        ("drawingml/chartDrawing", "drawingml/2006/chartDrawing"),
        ("drawingml/spreadsheetDrawing", "drawingml/2006/spreadsheetDrawing"),
        ("drawingml/picture", "drawingml/2006/picture"),
        ("drawingml/diagram", "drawingml/2006/diagram"),
    ))
#: The namespace of a Strict workbook's elements: what tells a Strict workbook apart.
STRICT_MAIN = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
_STRICT_PATTERN = re.compile(b"|".join(re.escape(strict) for strict, _ in _STRICT_NAMESPACES))
_TRANSITIONAL = dict(_STRICT_NAMESPACES)

_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_WORKBOOK_TYPES = (_WORKBOOK_TYPE.encode(), b"application/vnd.ms-excel.sheet.macroEnabled",
                   b"spreadsheetml.template.main+xml", b"application/vnd.ms-excel.template")


@dataclass(frozen=True)
class Package:
    """What openpyxl is given to read (`data`), and what was changed to make it
    readable: `strict` (namespaces translated), `without_styles` (the stylesheet left
    out, so no number format can be applied)."""

    data: bytes
    strict: bool = False
    without_styles: bool = False


def workbook_part(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """Where the workbook part is: the target of the root officeDocument
    relationship, else `xl/workbook.xml`; None when the package holds neither."""
    if ROOT_RELS in names:
        for target in _targets(archive.read(ROOT_RELS), "/officeDocument", ""):
            if target in names:
                return target
    return USUAL_WORKBOOK if USUAL_WORKBOOK in names else None


def readable_package(data: bytes, *, drop_styles: bool = False) -> Package:
    """The package as openpyxl can read it (see the module docstring); `drop_styles`
    leaves the stylesheet out whatever it holds (the retry after openpyxl failed on
    it). The caller has checked the container (`workbook_part` is not None)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = {entry.filename for entry in archive.infolist()}
        workbook = workbook_part(archive, names) or USUAL_WORKBOOK
        strict = STRICT_MAIN in archive.read(workbook)
        styles = _styles_part(archive, names, workbook, strict)
        drop = drop_styles or (styles is not None and not usable_styles(
            _translated(archive.read(styles)) if strict else archive.read(styles)))
        moved = workbook != USUAL_WORKBOOK
        if not (strict or drop or moved):
            return Package(data)
        parts = {name: archive.read(name) for name in archive.namelist()}
    if strict:
        parts = {name: _translated(content) if _is_xml(name) else content
                 for name, content in parts.items()}
    if drop and styles is not None:
        del parts[styles]
    elif moved and styles is not None and USUAL_STYLES not in parts:
        parts[USUAL_STYLES] = parts[styles]
    if moved and CONTENT_TYPES in parts:
        parts[CONTENT_TYPES] = _declaring(parts[CONTENT_TYPES], workbook)
    return Package(_zipped(parts), strict=strict, without_styles=drop)


def usable_styles(content: bytes) -> bool:
    """Whether openpyxl can use this stylesheet: every named cell style (cellStyles)
    points at a style format (cellStyleXfs) the sheet holds. A minimal stylesheet
    without style formats is legal, and Excel opens it, but openpyxl fails on it (and
    prints to standard output first)."""
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError:  # not XML: openpyxl would fail on it too
        return False  # (entity declarations are refused: DefusedXmlException goes up)
    namespace = root.tag[:root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    formats = root.find(f"{namespace}cellStyleXfs")
    count = 0 if formats is None else len(formats.findall(f"{namespace}xf"))
    for style in root.iter(f"{namespace}cellStyle"):
        if not str(style.get("xfId", "0")).isdigit() or int(style.get("xfId", "0")) >= count:
            return False
    return True


def _styles_part(archive: zipfile.ZipFile, names: set[str], workbook: str,
                 strict: bool) -> str | None:
    """The stylesheet the workbook's relationships name, else `xl/styles.xml`."""
    folder, file = posixpath.split(workbook)
    rels = posixpath.join(folder, "_rels", file + ".rels")
    if rels in names:
        content = archive.read(rels)
        for target in _targets(_translated(content) if strict else content, "/styles",
                               folder):
            if target in names:
                return target
    return USUAL_STYLES if USUAL_STYLES in names else None


def _targets(rels: bytes, kind: str, folder: str) -> list[str]:
    """The part names the relationships of type `…kind` point at (relative to
    `folder`, or absolute)."""
    try:
        root = ElementTree.fromstring(rels)
    except (ElementTree.ParseError, ValueError):  # openpyxl reports the damage
        return []
    found = []
    for relation in root.iter(_RELATIONSHIP):
        if str(relation.get("Type", "")).endswith(kind) and relation.get("Target"):
            target = str(relation.get("Target"))
            path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            found.append(posixpath.normpath(path))
    return found


def _translated(content: bytes) -> bytes:
    """Strict namespaces replaced by their transitional twins."""
    return _STRICT_PATTERN.sub(lambda match: _TRANSITIONAL[match.group()], content)


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml"))


def _declaring(types: bytes, workbook: str) -> bytes:
    """The content types with the workbook part's declared when they do not name it
    (openpyxl finds the workbook by its content type)."""
    if f'PartName="/{workbook}"'.encode() in types and any(
            kind in types for kind in _WORKBOOK_TYPES):
        return types
    override = (f'<Override PartName="/{workbook}" ContentType="{_WORKBOOK_TYPE}"/>'
                ).encode()
    end = types.rfind(b"</")
    return types[:end] + override + types[end:] if end > 0 else types


def _zipped(parts: dict[str, bytes]) -> bytes:
    """The parts as a ZIP held in memory, stored (not compressed: it is read once,
    at once)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()
