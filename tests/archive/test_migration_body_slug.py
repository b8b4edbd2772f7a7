"""The body-slug migration: stored bodies get distinct slugs from their names."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("archive", "0007_figure_amount")]
AFTER = [("archive", "0008_body_slug_round_units")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_bodies_get_distinct_slugs():
    old = _migrate(BEFORE)
    Body = old.get_model("archive", "IssuingBody")
    for name in ("中共测试市委", "测试 区委", "测试-区委"):
        Body.objects.create(name=name)
    new = _migrate(AFTER)
    slugs = dict(new.get_model("archive", "IssuingBody").objects.values_list("name", "slug"))
    assert slugs == {"中共测试市委": "中共测试市委", "测试 区委": "测试-区委", "测试-区委": "测试-区委-2"}
