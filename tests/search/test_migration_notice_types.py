"""Search migration 0010 (PostgreSQL): the type pairs of notice rows already written are filled in."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.archive.migrating import migrate_to, migrate_to_latest

BEFORE = [("search", "0009_postgres_notice_text")]
AFTER = [("search", "0010_postgres_notice_types")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_their_type_pairs():
    if connection.vendor != "postgresql":
        pytest.skip("the type pairs table exists on PostgreSQL only (on SQLite the migration does nothing)")
    migrate_to(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS search_noticetype")
            cursor.execute(
                "INSERT INTO search_searchnotice (key, body, round, types, type_paths, kind, organ, year, date,"
                " fingerprint) VALUES ('m1', '', '', %s::jsonb, %s::jsonb, '', '', '', '', 'x')",
                ['["ideology", "party-leadership"]', '{"ideology": ["1", "2.1"], "party-leadership": []}'],
            )
        migrate_to(AFTER)
        with connection.cursor() as cursor:
            cursor.execute("SELECT notice_key, slug, sections FROM search_noticetype ORDER BY slug")
            assert cursor.fetchall() == [("m1", "ideology", 2), ("m1", "party-leadership", 0)]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchnotice WHERE key = 'm1'")
            cursor.execute("DELETE FROM search_noticetype WHERE notice_key = 'm1'")
        migrate_to_latest()
