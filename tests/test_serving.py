"""A serving process is prepared before its first request: views and dictionaries loaded, then frozen."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import gc, sys
import django
django.setup()
assert "archive.insight_views" not in sys.modules, "imported before prepare()"
from config.serving import prepare
frozen = prepare()
gc.collect()
print(frozen, len(gc.get_objects()), "archive.insight_views" in sys.modules, "jieba" in sys.modules,
      ",".join(map(str, gc.get_threshold())))
"""


def test_prepare_loads_every_view_and_leaves_the_collector_only_new_objects():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    frozen, tracked, views_loaded, jieba_loaded, thresholds = result.stdout.split()
    assert views_loaded == "True" and jieba_loaded == "True"
    assert thresholds == "50000,20,100"  # young collections rare: a search's garbage no longer sets off full ones
    # Everything alive at start-up is frozen; a full collection then walks only what came after.
    assert int(frozen) > 20_000
    assert int(tracked) < int(frozen) // 20
