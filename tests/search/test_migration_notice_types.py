"""Search migration 0010 (PostgreSQL): notice rows already written get their type counts, by slot."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.archive.migrating import migrate_to, migrate_to_latest

BEFORE = [("search", "0009_postgres_notice_text")]
AFTER = [("search", "0010_postgres_notice_types")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_their_type_counts():
    if connection.vendor != "postgresql":
        pytest.skip("the type slots exist on PostgreSQL only (on SQLite the migration does nothing)")
    migrate_to(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_searchnotice (key, body, round, types, type_paths, kind, organ, year, date,"
                " fingerprint) VALUES ('m1', '', '', %s::jsonb, %s::jsonb, '', '', '', '', 'x')",
                ['["ideology", "party-leadership"]', '{"ideology": ["1", "2.1"], "party-leadership": []}'],
            )
        migrate_to(AFTER)
        with connection.cursor() as cursor:
            cursor.execute("SELECT slug, slot FROM search_typeslot ORDER BY slot")
            assert cursor.fetchall() == [("ideology", 1), ("party-leadership", 2)]
            cursor.execute("SELECT type_sections FROM search_searchnotice WHERE key = 'm1'")
            assert cursor.fetchone()[0] == [2, 0]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchnotice WHERE key = 'm1'")
        migrate_to_latest()
