"""Benchmarks of Preflight at scale (issue 7): a deterministic generator of realistic
customer files with known injected errors, the measured floor (pandas' pyarrow reader
plus the same rules in `pyarrow.compute`), an equivalent Frictionless Table Schema,
and the runner that times them side by side.

Not part of the installed package: run from a checkout (`python -m bench.run`).
"""
