"""How many examples each fuzz test tries: its share of the loaded Hypothesis profile.

Each test names what it tries under the `ci` profile, chosen so the whole folder
runs in well under a minute; every other profile scales that by its own ratio to
`ci` (`deep`: 5,000 / 150, about 33 times more), so `HYPOTHESIS_PROFILE=deep`
(scripts/fuzz) deepens every fuzz test at once without touching them.
"""

from __future__ import annotations

from hypothesis import settings


def examples(under_ci: int) -> settings:
    """Settings with `under_ci` examples under the ci profile, scaled for the loaded one."""
    loaded = settings.default
    assert loaded is not None
    scale = loaded.max_examples / settings.get_profile("ci").max_examples
    return settings(max_examples=max(1, round(under_ci * scale)))
