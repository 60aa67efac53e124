"""The exit statuses every command shares, so that a script can tell "errors found"
from "could not even look": 0 no error findings (for `match`: every identifier
matched), 1 error findings (identifiers that will not match), 2 unusable input or
misuse."""

from __future__ import annotations

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
