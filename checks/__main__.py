"""`python -m checks` is the `preflight` command."""

import sys

from checks.cli import main

sys.exit(main())
