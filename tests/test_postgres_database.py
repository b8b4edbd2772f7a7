"""The archive on PostgreSQL: the configured server is really used, and the schema and import work on it.

Set ``ARCHIVE_REQUIRE_POSTGRES=1`` (``make test-postgres`` does) to turn a missing
PostgreSQL connection into a failure instead of a skip.
"""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.db import connection

from archive.models import Notice, Section
from archive.services import ImportSource, import_notice

REQUIRED = os.environ.get("ARCHIVE_REQUIRE_POSTGRES") == "1"

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor == "postgresql":
        return
    if REQUIRED:
        pytest.fail(
            f"ARCHIVE_REQUIRE_POSTGRES=1 but the database is {connection.vendor}: set DATABASE_URL=postgres://…"
        )
    pytest.skip("needs DATABASE_URL=postgres://… (make test-postgres starts a throwaway server)")


def test_server_is_postgresql_with_utf8():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"
        cursor.execute("SHOW server_version_num")
        assert int(cursor.fetchone()[0]) >= 130000


def test_models_and_migrations_agree():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_samples_import_and_reimport_unchanged(seed_paths):
    outcomes = [import_notice(source=ImportSource(p.name, p.read_bytes())) for p in seed_paths]
    assert [o.status for o in outcomes] == ["imported"] * len(seed_paths)
    assert Notice.objects.count() == len(seed_paths)
    assert Section.objects.count() > 0
    # Chinese text round-trips byte for byte through the server.
    for path, outcome in zip(seed_paths, outcomes, strict=True):
        stored = Notice.objects.get(pk=outcome.notice.pk)
        assert stored.raw_text.strip()[:20] in path.read_text(encoding="utf-8")
    again = [import_notice(source=ImportSource(p.name, p.read_bytes())).status for p in seed_paths]
    assert again == ["unchanged"] * len(seed_paths)


def test_case_and_substring_filters_work_on_chinese_text(seed_paths):
    for path in seed_paths:
        import_notice(source=ImportSource(path.name, path.read_bytes()))
    with_word = Section.objects.filter(text__icontains="整改").count()
    assert 0 < with_word <= Section.objects.count()
