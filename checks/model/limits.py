"""The hard limits on what Preflight agrees to read, in one place.

Each limit turns a file that would take the machine down (or hang a session) into a
plain `file_unreadable` message, decided from sizes known *before* the work starts.
The values are generous on purpose: a genuine customer export must never meet them.
"""

from __future__ import annotations

import math

from checks.i18n import _, language

#: The largest file Preflight reads, in megabytes. It is the app's upload limit
#: (`[server] maxUploadSize` in .streamlit/config.toml, a test keeps them equal): a
#: 1,000,000-line export is about 300 MB, and checking or fixing it takes up to 4
#: times its size in memory (README "Performance"), so 400 MB leaves room for the
#: largest real exports while a file many times bigger cannot exhaust the server. The
#: command line applies the same limit by default (`--max-size-mb` raises it on a
#: machine with the memory to spare).
MAX_UPLOAD_MB = 400

#: The most columns a CSV file's header may have: Excel's own limit (column XFD).
#: A wider "header" is a file whose line breaks were lost (all of it on one line) or
#: not a table at all; building millions of columns would exhaust memory first.
MAX_COLUMNS = 16_384

#: Bytes in one "MB" of the limits: 1024 × 1024. Streamlit's browser side counts a
#: megabyte as 1000 × 1000 bytes on some systems and 1024 × 1024 on others; counting
#: the larger one means the engine never refuses a file the upload widget accepted.
MEGABYTE = 1024 * 1024

#: The most an XLSX workbook may expand to, in megabytes: the sum of the uncompressed
#: sizes its ZIP directory declares for all its parts. A workbook holding the same
#: data as a 400 MB CSV file is about 4× that as XML (every cell is wrapped in tags
#: that repeat its reference), so 2,048 MB admits the largest real workbooks; a ZIP
#: bomb declares far more. The declared sizes bound the real work: Python's zipfile
#: never returns more bytes than an entry declares (a part that holds more fails its
#: CRC check and reads as a damaged file).
MAX_XLSX_EXPANDED_MB = 2048

#: The largest compression ratio (uncompressed ÷ compressed size) accepted for a
#: workbook part bigger than `RATIO_CHECKED_FROM_MB`. Spreadsheet XML compresses about
#: 5 to 20 times, very repetitive sheets up to about 100 times (Apache POI, the Java
#: Office library, refuses beyond 100 by default); DEFLATE's ceiling is about 1,032,
#: which is what ZIP bombs use. 200 leaves twice POI's margin for odd generators.
MAX_XLSX_RATIO = 200

#: Parts smaller than this (uncompressed, in megabytes) are not held to the ratio: a
#: small part cannot do harm whatever its ratio (the expanded total still counts it),
#: and tiny XML parts often compress extremely well.
RATIO_CHECKED_FROM_MB = 10


def megabytes(size: int) -> str:
    """A size in bytes as a person reads it in a message: "400.1 MB", rounded up to
    one decimal so that a file just over a limit never reads as equal to it; in the
    current language ("400,1 Mo" in French)."""
    from babel.numbers import format_decimal

    shown = format_decimal(math.ceil(size * 10 / MEGABYTE) / 10, format="#,##0.0",
                           locale=language())
    return _("{size} MB").format(size=shown)

#: The most cells an OpenDocument sheet may add by repetition (`number-columns-repeated`
#: and `number-rows-repeated`: LibreOffice writes one cell or row for a run of
#: identical ones). Real sheets repeat a few neighbours at a time and runs of empty
#: cells, which cost nothing here; a few bytes declaring a billion repeated cells are
#: a bomb. Ten million is far beyond what a genuine customer sheet repeats.
MAX_REPEATED_CELLS = 10_000_000

#: The largest definitions document, in megabytes, wherever it comes from: a file
#: (`--definitions`, its size on disk before it is read), an upload on the Definitions
#: page, or an address (the body stops streaming past it). The demo organization is
#: 2 KB and a large real one (hundreds of fields, thousands of members and known
#: customers) a few hundred KB; the YAML parser reads about 2 MB a second, so 5 MB
#: keeps the slowest accepted document to a few seconds while refusing a 50 MB one
#: before any parsing.
MAX_DEFINITIONS_MB = 5
MAX_DEFINITIONS_BYTES = MAX_DEFINITIONS_MB * MEGABYTE

#: How many of each thing definitions may list: far above any real organization, low
#: enough that validating the document and building a check from it stay fast (an
#: option is a hash lookup while checking, see `checks.text.closest`). A select field
#: of 100,000 options is accepted and checks a file about as fast as one of 10.
MAX_CUSTOM_FIELDS = 1_000
MAX_OPTIONS_PER_FIELD = 100_000
MAX_OPTIONS = 250_000
MAX_MEMBERS = 10_000
MAX_ROLES = 100
MAX_WORKFLOWS = 1_000
MAX_POSITIONS = 1_000
MAX_KNOWN_CUSTOMERS = 250_000

#: The most values (texts, numbers, lists, mappings) a definitions document may hold
#: once its YAML aliases are expanded. An alias repeats an anchored value without
#: repeating its text, so a few lines can stand for billions of values (a "billion
#: laughs" document); every accepted list together holds far fewer than this.
MAX_DEFINITIONS_VALUES = 2_000_000
