"""The command line (`preflight`, `python -m checks`)."""
