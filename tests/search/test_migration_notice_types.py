"""Search migrations 0010–0012 (PostgreSQL): rows already written get their type counts and facet totals."""

from __future__ import annotations

import pytest
from django.db import connection

from search.backends import pg_tally
from search.backends.pg_query import unpack_type_counts
from tests.archive.migrating import migrate_to, migrate_to_latest

BEFORE = [("search", "0009_postgres_notice_text")]
AFTER = [("search", "0010_postgres_notice_types")]
PACKED = [("search", "0011_postgres_packed_type_counts")]
TALLY = [("search", "0012_postgres_facet_tally")]


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


@pytest.mark.django_db(transaction=True)
def test_the_type_arrays_are_packed_into_one_number_and_back():
    if connection.vendor != "postgresql":
        pytest.skip("the type counts exist on PostgreSQL only (on SQLite the migration does nothing)")
    migrate_to(AFTER)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(slot), 0) FROM search_typeslot")
            base = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO search_typeslot (slug, slot) VALUES ('m-first', %s), ('m-second', %s)",
                [base + 1, base + 3],
            )
            cursor.execute(
                "INSERT INTO search_searchnotice (key, body, round, types, type_paths, type_sections, kind, organ,"
                " year, date, fingerprint) VALUES ('m2', '', '', %s::jsonb, %s::jsonb, %s::integer[], '', '', '',"
                " '', 'x')",
                ['["m-first", "m-second"]', '{"m-first": ["1", "2"], "m-second": []}', [None] * base + [2, None, 0]],
            )
        migrate_to(PACKED)
        slots = [("m-first", base + 1), ("m-second", base + 3)]
        with connection.cursor() as cursor:
            cursor.execute("SELECT type_counts::text FROM search_searchnotice WHERE key = 'm2'")
            packed = cursor.fetchone()[0]
        assert "." not in packed
        assert unpack_type_counts(int(packed), slots) == {"m-first": (1, 2), "m-second": (1, 0)}
        migrate_to(AFTER)
        with connection.cursor() as cursor:
            cursor.execute("SELECT type_sections FROM search_searchnotice WHERE key = 'm2'")
            assert cursor.fetchone()[0][base:] == [2, None, 0]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_searchnotice WHERE key = 'm2'")
            cursor.execute("DELETE FROM search_typeslot WHERE slug IN ('m-first', 'm-second')")
        migrate_to_latest()


@pytest.mark.django_db(transaction=True)
def test_the_facet_totals_log_starts_from_the_rows_already_written():
    if connection.vendor != "postgresql":
        pytest.skip("the totals' log exists on PostgreSQL only (on SQLite the migration does nothing)")
    migrate_to(PACKED)
    try:
        with connection.cursor() as cursor:
            for key, year in (("m3", "2019"), ("m4", "2019"), ("m5", "2020")):
                cursor.execute(
                    "INSERT INTO search_searchnotice (key, body, round, types, type_paths, type_counts, kind, organ,"
                    " year, date, fingerprint, parts) VALUES (%s, '', '', '[]', '{}', 3, '巡察', '', %s, '', 'x', 2)",
                    [key, year],
                )
        migrate_to(TALLY)
        with connection.cursor() as cursor:
            assert pg_tally.differences(cursor) == []
            assert pg_tally.archive_totals(cursor)[1] >= 6
            cursor.execute("SELECT value, notices FROM search_facettally WHERE facet = 'year' ORDER BY value")
            assert ("2019", 2) in cursor.fetchall()
    finally:
        migrate_to_latest()
        with connection.cursor() as cursor:
            pg_tally.delete_rows(cursor, ["m3", "m4", "m5"])  # logged out with them
            assert pg_tally.differences(cursor) == []
