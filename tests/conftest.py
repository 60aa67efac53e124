"""Shared test setup: Hypothesis profiles and the sample organization.

Profiles are picked with HYPOTHESIS_PROFILE: `ci` (the default under CI=true) is
derandomised so a red CI is reproducible; `dev` explores new examples on every run;
`deep` is for long local runs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.store_backends import postgres_server, store_url  # noqa: F401 (fixtures)

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile("ci", max_examples=150, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE",
                                     "ci" if os.environ.get("CI") else "dev"))

SAMPLES = Path(__file__).parent / "samples"


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES
