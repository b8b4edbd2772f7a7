"""The benchmark's own modules (bench/) are scripts, not a package: put their folder on the path."""

from __future__ import annotations

import sys

from django.conf import settings

BENCH_DIR = str(settings.BASE_DIR / "bench")
if BENCH_DIR not in sys.path:
    sys.path.insert(0, BENCH_DIR)
