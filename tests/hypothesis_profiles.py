"""Hypothesis settings for the property tests, registered once for the whole suite.

``ci`` (the default) keeps every property test to a bounded number of examples,
the same ones every run, so the suite's time stays predictable; no per-example
deadline, as a slow example on a busy machine is not a failure. ``thorough`` runs many more
examples: ``HYPOTHESIS_PROFILE=thorough make test``. ``mutants`` is the small
budget mutation runs use (mutmut runs the tests once per mutant).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}

# Derandomised: a run of the suite explores the same examples every time, so a
# failure always reproduces; the thorough profile explores new ones each run.
settings.register_profile("ci", max_examples=100, derandomize=True, **_COMMON)
settings.register_profile("thorough", max_examples=2000, **_COMMON)
settings.register_profile("mutants", max_examples=20, derandomize=True, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
