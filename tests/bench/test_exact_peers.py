"""The benchmark's exact peers answer a small corpus with the counts of a substring scan.

FTS5 and tantivy run everywhere; pg_trgm needs a PostgreSQL server (the
PostgreSQL suite, ``make test-postgres``) and is skipped elsewhere.
"""

from __future__ import annotations

import os

import pytest
from corpus import CorpusGenerator, seed_texts
from django.db import connection
from exact_peers import Fts5Trigram, PgTrigram, Tantivy
from mix import build_mix, scan_count, string_groups

from tests.conftest import CORPUS_DIR

# Beyond the mix: one and two characters (no trigram to use), mixed groups, a string found nowhere.
EXTRA = ["车", "巡视", "整改 OR 小金库", "两个维护 车", "车 OR 2015年", "不存在的字符串甲乙"]


@pytest.fixture(scope="module")
def texts_and_queries():
    generator = CorpusGenerator(seed_texts(CORPUS_DIR), 0)
    texts = [next(generator).text for _ in range(40)]
    queries = [q.q for q in build_mix(texts, generator.open_sets())] + EXTRA
    return texts, queries


def _check(peer, texts, queries):
    peer.build(enumerate(texts))
    assert peer.index_bytes() > 0
    for q in queries:
        groups = string_groups(q)
        count, ids = peer.search(groups)
        assert count == scan_count(texts, groups), q
        assert len(ids) == min(count, 20), q
        for i in ids:
            assert all(any(s in texts[i] for s in group) for group in groups), (q, i)


def test_fts5_trigram_counts_equal_a_scan(tmp_path, texts_and_queries):
    texts, queries = texts_and_queries
    _check(Fts5Trigram(tmp_path / "fts.sqlite3"), texts, queries)


def test_tantivy_counts_equal_a_scan(tmp_path, texts_and_queries):
    texts, queries = texts_and_queries
    _check(Tantivy(tmp_path / "tantivy"), texts, queries)


@pytest.mark.postgres
def test_pg_trgm_counts_equal_a_scan(db, texts_and_queries):
    if connection.vendor != "postgresql":
        if os.environ.get("ARCHIVE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"ARCHIVE_REQUIRE_POSTGRES=1 but the database is {connection.vendor}")
        pytest.skip("pg_trgm needs DATABASE_URL=postgres://… (make test-postgres starts a server)")
    texts, queries = texts_and_queries
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    peer = PgTrigram(url)
    try:
        _check(peer, texts, queries)
    finally:
        peer.conn.execute("DROP TABLE IF EXISTS peer_docs")
        peer.conn.close()
