"""`python -m checks` is the `preflight` command."""

import sys

from checks.cli.main import main

sys.exit(main())
