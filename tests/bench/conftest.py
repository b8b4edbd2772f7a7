"""The benchmark's own modules (bench/) are scripts, not a package: put their folder on the path."""

from __future__ import annotations

import sys

from django.conf import settings

BENCH_DIR = str(settings.BASE_DIR / "bench")
if BENCH_DIR not in sys.path:
    sys.path.append(BENCH_DIR)  # last: bench/search.py must never shadow the search app
