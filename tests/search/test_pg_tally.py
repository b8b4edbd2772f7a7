"""The PostgreSQL backend's facet totals' log: it follows every write, folds without loss, and counts as directly.

Needs DATABASE_URL=postgres://… (``make test-postgres`` starts a throwaway server).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from django.db import connection, connections, transaction

from search.backends import pg_tally
from search.backends.base import SearchFilters, SearchRequest
from search.backends.postgres import PostgresBackend
from search.query import parse_query

from .samples import small_document
from .test_postgres_backend import _require_postgres, run_in_processes

pytestmark = pytest.mark.postgres

FACETS = ("body", "round", "type", "kind", "organ", "year")


@pytest.fixture(autouse=True)
def _postgres_only():
    _require_postgres()


@pytest.fixture
def backend() -> PostgresBackend:
    """The PostgreSQL backend over an emptied search table and log (inside the test's transaction)."""
    emptied = PostgresBackend()
    emptied.clear()
    return emptied


def _differences() -> list:
    with connection.cursor() as cursor:
        return pg_tally.differences(cursor)


def _log_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {pg_tally.TALLY_TABLE}")
        return cursor.fetchone()[0]


def _document(key: str, *, year: str = "2020", organ: str = "1", types=(), text: str = "整改落实"):
    document = replace(small_document(key, text), year=year, organ=organ, types=types)
    return replace(document, type_paths=tuple((slug, ("1",)) for slug in types))


@pytest.mark.django_db
def test_the_log_follows_every_write_and_folds_without_loss(backend):
    assert _log_rows() == 0
    backend.index_documents([_document("a", types=("ideology",)), _document("b", year="2021")])
    backend.index_documents([_document("a", year="2022", organ="2", types=("ideology", "integrity-risk"))])
    backend.remove_notice("b")
    assert _differences() == []
    before = _log_rows()
    assert backend.compact(limit=0)
    assert _log_rows() < before
    assert _differences() == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), sum(parts) FROM search_searchnotice")
        counted = tuple(cursor.fetchone())
        assert pg_tally.archive_totals(cursor) == counted == (1, 2)  # a section and the title
    backend.rebuild()  # no published notices in this test's database: the log empties with the table
    assert _differences() == [] and _log_rows() == 0


@pytest.mark.django_db
def test_compaction_only_when_the_log_has_grown(backend):
    backend.index_documents([_document("a")])
    rows = _log_rows()
    assert not backend.compact(limit=rows)
    assert _log_rows() == rows
    assert backend.compact(limit=rows - 1)


@pytest.mark.django_db
def test_a_write_rolled_back_leaves_no_trace_in_the_log(backend):
    backend.index_documents([_document("a")])
    rows = _log_rows()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            backend.index_documents([_document("b")])
            raise RuntimeError("roll back")
    assert _log_rows() == rows
    assert _differences() == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["整改", "落实", "整改 -落实", "并发", ""])
def test_counting_as_totals_less_the_left_out_gives_the_direct_counts(backend, q):
    kinds = [("ideology",), ("integrity-risk",), ()]
    texts = ["并发写入", "整改工作", "整改落实", "整改落实", "整改落实"]
    documents = [
        _document(f"n{i}", year=str(2018 + i % 4), organ=str(i % 3), types=kinds[i % 3], text=texts[i % 5])
        for i in range(12)
    ]
    backend.index_documents(documents)
    request = SearchRequest(parse_query(q).query, SearchFilters(), limit=20, facets=FACETS)
    direct = PostgresBackend(complement_share=2.0).search(request)  # never flips
    flipped = PostgresBackend(complement_share=0.0).search(request)  # always flips (no filters chosen)
    assert flipped.total == direct.total
    assert [h.key for h in flipped.hits] == [h.key for h in direct.hits]
    assert flipped.facets == direct.facets
    assert flipped.type_sections == direct.type_sections
    assert direct.facets["year"], "the case must have something to count"


@pytest.mark.django_db
def test_the_complement_is_taken_only_for_most_notices_and_never_with_filters():
    backend = PostgresBackend(complement_share=0.9)
    backend.clear()
    backend.index_documents([_document(f"n{i}", text="整改落实" if i else "并发写入") for i in range(10)])

    def plan(q: str, selected=None) -> str:
        from search.backends.pg_query import filter_condition, match_query, page_select, words_query
        from search.backends.postgres import RANK_WEIGHTS, _index_scans

        request = SearchRequest(parse_query(q).query, SearchFilters(selected or {}), facets=FACETS)
        complement = None
        if filter_condition(request).sql == "TRUE":
            complement = pg_tally.complement(backend.complement_share, request.facets)
        statement = page_select(
            match_query(request.query, frozenset()).exact, False, words_query(request.query), request,
            complement=complement, rank_cap=1000, weights=RANK_WEIGHTS,
        )  # fmt: skip
        with _index_scans(connection.alias) as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + statement.sql, statement.params)
            return "\n".join(row[0] for row in cursor.fetchall())

    def lines(text: str, pattern: str) -> list[str]:
        return [line for line in text.splitlines() if re.search(pattern, line)]

    # 9 of 10 match: flipped. The totals are read, the one left out is counted, the direct count never runs.
    flipped = plan("整改")
    assert lines(flipped, r"Seq Scan on search_facettally") and not lines(flipped, r"facettally.*never executed")
    assert lines(flipped, r"CTE Scan on gone \S+ \(actual rows=1 ")
    assert lines(flipped, r"CTE Scan on m \S+ \(never executed\)")
    # 1 of 10: counted directly; the totals (but the whole's count) and the left-out are never read.
    direct = plan("并发")
    assert lines(direct, r"Seq Scan on search_facettally \S+ \(never executed\)")
    assert lines(direct, r"CTE Scan on gone \S+ \(never executed\)")
    # A filter chosen: no complement in the statement at all.
    assert "search_facettally" not in plan("整改", {"year": frozenset({"2020"})})


def _write(key: str, rounds: int) -> None:
    connections.close_all()  # a forked child must not share the parent's connection
    backend = PostgresBackend()
    for i in range(rounds):
        backend.index_documents([_document(key, year=str(2000 + i))])
        backend.index_documents([_document("shared", organ=str(i))])
        if i % 3 == 2:
            backend.compact(limit=0)
        if i % 4 == 3:
            backend.repair_derived()  # a recount beside the others' folds and writes
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_folds_and_recounts_keep_the_log_exact():
    backend = PostgresBackend()
    backend.clear()
    assert run_in_processes(_write, [("a", 12), ("b", 12), ("c", 12)]) == [0, 0, 0]
    assert _differences() == []
    with connection.cursor() as cursor:
        assert pg_tally.archive_totals(cursor)[0] == 4
    backend.clear()


@pytest.mark.django_db
def test_check_index_reports_a_log_that_disagrees_and_repair_recounts_it(backend):
    from io import StringIO

    from django.core.management import CommandError, call_command

    # (The fixture emptied the table: with no published notices here, that is what check_index expects.)
    call_command("check_index", stdout=StringIO(), stderr=StringIO())
    with connection.cursor() as cursor:  # a row written past the backend, as a hand-made SQL fix might
        columns = "(facet, value, notices, parts, type_counts)"
        cursor.execute(f"INSERT INTO {pg_tally.TALLY_TABLE} {columns} VALUES ('year', '1999', 1, 0, 0)")
    errors = StringIO()
    with pytest.raises(CommandError, match="分面合计与通报不一致"):
        call_command("check_index", stdout=StringIO(), stderr=errors)
    assert "year 1999" in errors.getvalue()
    out = StringIO()
    call_command("check_index", "--repair", stdout=out, stderr=StringIO())
    assert "重新计算分面合计" in out.getvalue()
    assert _differences() == [] and _log_rows() == 0
    call_command("check_index", stdout=StringIO(), stderr=StringIO())
