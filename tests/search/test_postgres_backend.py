"""The backend contract on PostgreSQL, plus PostgreSQL's own concerns: limits, transactions, concurrency.

Needs DATABASE_URL=postgres://… (``make test-postgres`` starts a throwaway
server). With ARCHIVE_REQUIRE_POSTGRES=1 a missing server fails instead of skipping.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import replace

import pytest
from django.db import connection, connections, transaction

from search.backends import backend_class
from search.backends import pg_vectors as vec
from search.backends.base import SearchFilters, SearchRequest
from search.backends.pg_query import unpack_type_counts
from search.backends.postgres import PostgresBackend, _index_scans
from search.backends.whoosh import WhooshBackend
from search.documents import NoticeDocument, SectionDocument
from search.query import parse_query

from .contract import (
    DATE_RANGES,
    FILTER_KINDS,
    QUERY_KINDS,
    BackendContract,
    number_documents,
    number_matches,
    with_committee_ids,
)
from .samples import SEED_IDS, containing, sample_archive, small_document

pytestmark = pytest.mark.postgres


def _require_postgres() -> None:
    if connection.vendor == "postgresql":
        return
    if os.environ.get("ARCHIVE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"ARCHIVE_REQUIRE_POSTGRES=1 but the database is {connection.vendor}")
    pytest.skip("the PostgreSQL backend needs DATABASE_URL=postgres://… (make test-postgres starts a server)")


@pytest.fixture(autouse=True)
def _postgres_only():
    _require_postgres()


class TestPostgresBackend(BackendContract):
    @staticmethod
    def make_backend(index_dir):
        # One set of tables per database: "fresh" means emptied (inside the test's transaction).
        backend = PostgresBackend()
        backend.clear()
        return backend

    @pytest.fixture(scope="class")
    @classmethod
    def backend(cls, samples, django_db_blocker, tmp_path_factory):
        # The contract builds the backend before it may touch the database; this one needs it to empty
        # its tables, so it is built inside the unblocked section, and emptied again afterwards.
        _require_postgres()
        with django_db_blocker.unblock():
            backend = cls.make_backend(None)
            assert backend.rebuild() == len(SEED_IDS)
        yield backend
        with django_db_blocker.unblock():
            backend.clear()

    @pytest.mark.parametrize("q", QUERY_KINDS)
    def test_facets_as_totals_less_the_left_out_equal_the_direct_counts(self, backend, samples, q):
        # complement_share 0: every search without filters counts from the totals' log (pg_tally); 2: never.
        request = SearchRequest(parse_query(q).query, SearchFilters(), limit=50)
        direct = PostgresBackend(complement_share=2.0).search(request)
        flipped = PostgresBackend(complement_share=0.0).search(request)
        assert (flipped.total, flipped.facets, flipped.type_sections) == (
            direct.total,
            direct.facets,
            direct.type_sections,
        )
        assert [h.key for h in flipped.hits] == [h.key for h in direct.hits]

    def test_huge_result_sets_count_loosely_and_list_only_true_hits(self, backend, samples):
        # verify_cap=0: every query that needs confirming is "huge".
        capped = PostgresBackend(verify_cap=0, rank_cap=2)
        for q in ['"巡察整改"', "公务用车 四风", "集聚区", '"违规发放津补贴"']:
            exact = self.hit_ids(samples, self.run(backend, q))
            loose = self.run(capped, q)
            assert loose.total >= len(exact)
            assert self.hit_ids(samples, loose) <= exact
            assert len(loose.hits) <= 2  # relevance lists the ranked candidates only
            assert self.hit_ids(samples, self.run(capped, q, sort="newest")) == exact
        # One- and two-character words never need confirming: exact whatever the cap.
        assert self.hit_ids(samples, self.run(capped, "车")) == containing("车")

    @pytest.mark.parametrize("q", ["2015", "12015", "015", "201"])
    def test_numbers_count_exactly_however_many_notices_hold_their_digits(self, samples, q):
        # Digit bigrams (20, 01, 15) are in nearly every notice, so a number left to the loose count of a
        # huge result set over-counted every notice with a date; the notice index now decides it alone.
        self.make_backend(None).index_documents(number_documents())
        capped = PostgresBackend(verify_cap=0)
        for sort in ("relevance", "newest"):
            result = self.run(capped, q, sort=sort, limit=50)
            assert {hit.key for hit in result.hits} == number_matches(q)
            assert result.total == len(number_matches(q))
            assert dict(result.facets["year"]) == {"2020": len(number_matches(q))}

    def test_rank_cap_ranks_the_newest_and_keeps_the_rest(self, backend, samples):
        result = self.run(PostgresBackend(rank_cap=1), "整改")
        assert self.hit_ids(samples, result) == containing("整改")
        assert sum(hit.score > 0 for hit in result.hits) == 1


class TestBothBackendsAgree:
    """On the samples, PostgreSQL and Whoosh also agree with each other, ranking aside.

    Each backend is checked against the database in the contract; this catches a
    difference the contract's expectations might share with both backends.
    """

    @pytest.fixture(scope="class")
    @classmethod
    def both(cls, django_db_setup, django_db_blocker, tmp_path_factory):
        _require_postgres()
        with sample_archive(django_db_blocker, tmp_path_factory.mktemp("media")):
            with django_db_blocker.unblock():
                whoosh, postgres = WhooshBackend(tmp_path_factory.mktemp("index")), PostgresBackend()
                whoosh.rebuild()
                postgres.rebuild()
            yield whoosh, postgres
            with django_db_blocker.unblock():
                postgres.clear()

    @pytest.mark.django_db
    @pytest.mark.parametrize("q", QUERY_KINDS)
    def test_same_hits_and_facet_counts(self, both, q):
        for selected in FILTER_KINDS:
            selected = with_committee_ids(selected)
            for dates in DATE_RANGES:
                request = SearchRequest(parse_query(q).query, SearchFilters(selected, *dates), limit=50)
                whoosh, postgres = (backend.search(request) for backend in both)
                case = f"q={q!r} filters={dict(selected)} dates={dates}"
                assert {h.key for h in postgres.hits} == {h.key for h in whoosh.hits}, case
                assert postgres.total == whoosh.total, case
                assert postgres.facets == whoosh.facets, case


def _document(key: str, text: str, *, version: int = 1) -> NoticeDocument:
    return small_document(key, f"版本{version} {text}", heading="标题")


def _keys(backend, q: str) -> set[str]:
    request = SearchRequest(parse_query(q).query, SearchFilters(), limit=50)
    return {hit.key for hit in backend.search(request).hits}


@pytest.mark.django_db
def test_search_leaves_the_planner_settings_as_they_were():
    backend = PostgresBackend()
    backend.index_documents([_document("a", "整改")])
    assert _keys(backend, "整改") == {"a"}
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.django_db
def test_searches_plan_without_jit_and_restore_it():
    # The lexeme function's declared cost lifts every search above jit_above_cost; compiling cost more
    # than the search itself, so searches run without JIT, and the session's own setting comes back.
    with connection.cursor() as cursor:
        cursor.execute("SET jit = on")
    with _index_scans(connection.alias) as cursor:
        cursor.execute("SELECT current_setting('jit'), current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("off", "off")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("on", "on")


def _type_rows(key: str) -> list[tuple[str, int]]:
    """(slug, sections) of the notice's row, unpacked through the type slots."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT type_counts::text FROM search_searchnotice WHERE key = %s", [key])
        row = cursor.fetchone()
        cursor.execute("SELECT slug, slot FROM search_typeslot")
        slots = cursor.fetchall()
    if row is None:
        return []
    return sorted((slug, sections) for slug, (_one, sections) in unpack_type_counts(int(row[0]), slots).items())


@pytest.mark.django_db
def test_the_type_counts_follow_every_write():
    backend = PostgresBackend()
    typed = replace(
        _document("a", "整改"), types=("ideology", "integrity-risk"), type_paths=(("ideology", ("1", "2")),)
    )
    backend.index_documents([typed])
    # A type without sections still counts its notice, with no sections.
    assert _type_rows("a") == [("ideology", 2), ("integrity-risk", 0)]
    request = SearchRequest(parse_query("整改").query, facets=("type",))
    result = backend.search(request)
    assert dict(result.facets["type"]) == {"ideology": 1, "integrity-risk": 1}
    assert result.type_sections == {"ideology": 2, "integrity-risk": 0}
    backend.index_documents([replace(typed, types=("ideology",))])
    assert _type_rows("a") == [("ideology", 2)]
    backend.remove_notice("a")
    assert _type_rows("a") == []
    # A type first seen later gets the sequence's next slot, however often known types were written before.
    # (The sequence, not max(slot): numbers taken by rolled-back transactions of earlier tests are gone.)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('search_typeslot', 'slot')")
        cursor.execute(f"SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM {cursor.fetchone()[0]}")
        next_slot = cursor.fetchone()[0]
    for _ in range(3):
        backend.index_documents([typed])
    backend.index_documents([replace(typed, key="b", types=("first-seen-later", "ideology"))])
    assert _type_rows("b") == [("first-seen-later", 0), ("ideology", 2)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT slot FROM search_typeslot WHERE slug = 'first-seen-later'")
        assert cursor.fetchone()[0] == next_slot
    result = backend.search(request)
    assert dict(result.facets["type"]) == {"ideology": 2, "integrity-risk": 1, "first-seen-later": 1}
    assert result.type_sections == {"ideology": 4, "integrity-risk": 0, "first-seen-later": 0}


def test_setting_selects_the_backend():
    assert backend_class("postgres") is PostgresBackend


@pytest.mark.django_db
def test_long_sections_stay_exact_beyond_the_tsvector_limits():
    # The text has no such limits; this guards them should the layout ever store positions again.
    # 20,000 characters: past 16,383 positions, and 整改 far more than 256 times.
    filler = "整改" * 6000 + "其他内容" * 1000
    text = filler + "跨越边界的短语" + "整改" * 1500
    backend = PostgresBackend()
    backend.index_documents([_document("long", text), _document("short", "整改")])
    assert _keys(backend, '"跨越边界的短语"') == {"long"}
    assert _keys(backend, '"整改其他内容"') == {"long"}
    assert _keys(backend, '"短语整改"') == {"long"}
    assert _keys(backend, '"整改整改"') == {"long"}
    assert _keys(backend, "整改") == {"long", "short"}


@pytest.mark.django_db
def test_index_writes_belong_to_the_callers_transaction():
    backend = PostgresBackend()
    with pytest.raises(RuntimeError), transaction.atomic():
        backend.index_documents([_document("rolled", "回滚的通报")])
        assert _keys(backend, "回滚") == {"rolled"}
        raise RuntimeError("the notice's save failed")
    assert _keys(backend, "回滚") == set()


@pytest.mark.django_db
def test_weights_rank_headings_above_body():
    backend = PostgresBackend()
    heading = NoticeDocument(
        **{**_document("h", "").__dict__, "sections": (SectionDocument("1", "section", "公车改革", "其他", 1),)}
    )
    body = NoticeDocument(
        **{**_document("b", "").__dict__, "sections": (SectionDocument("1", "section", "其他", "公车改革", 1),)}
    )
    backend.index_documents([heading, body])
    hits = backend.search(SearchRequest(parse_query("公车改革").query)).hits
    assert [hit.key for hit in hits] == ["h", "b"]
    assert hits[0].score > hits[1].score > 0


def test_vector_literals_quote_and_weight():
    assert vec.text_vector("标题o'k") == "'标题':1 '题o':2 '标' '题' 'o' 'k'"  # the apostrophe splits
    assert vec.quote("o'k\\") == "'o''k\\\\'"
    assert vec.run_query("巡察整改") == "'巡察' <-> '察整' <-> '整改'"
    assert vec.prefilter_query(["巡察整改", "车"]) == "'巡察' & '察整' & '整改' & '车'"


def test_content_text_keeps_runs_and_parts_apart():
    content = vec.content_text(["标题", "正文o'k,第2015号"])
    assert content == "标题\n正文o k 第2015号"
    assert vec.lexemes(content) == {
        "标题", "标", "题", "正文", "文o", "正", "文", "o", "k", "第2", "第", "20", "01", "15", "5号", "号",
        "2", "0", "1", "5", "201", "015", "2015",
    }  # fmt: skip


@pytest.mark.django_db
def test_the_index_expression_computes_the_same_lexemes():
    text = "巡察整改“三重一大”2015年12月，电话0371-12345678；ABC公司\t车"
    content = vec.content_text([text, "第二部分 ok"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(search_lexemes(%s))", [content])
        found = cursor.fetchone()[0]
        cursor.execute("SELECT search_lexemes('')::text")
        assert cursor.fetchone()[0] == ""
    assert len(found) == len(set(found)) and set(found) == vec.lexemes(content)


def _write_versions(key: str, versions: int) -> None:
    connections.close_all()  # a forked child must not share the parent's connection
    backend = PostgresBackend()
    for version in range(1, versions + 1):
        backend.index_documents([_document(key, "并发写入", version=version)])
        backend.index_documents([_document("shared", "共同写入", version=version)])
    connections.close_all()


def run_in_processes(target, argsets: list[tuple]) -> list[int | None]:
    """Run ``target(*args)`` for each of ``argsets`` in forked processes at once; their exit codes."""
    connections.close_all()  # the children must not inherit the parent's connection
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=target, args=args) for args in argsets]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    return [worker.exitcode for worker in workers]


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_lose_no_update_and_raise_nothing():
    backend = PostgresBackend()
    backend.clear()
    assert run_in_processes(_write_versions, [("a", 10), ("b", 10)]) == [0, 0]
    expected = {key: _document(key, "并发写入", version=10).fingerprint for key in ("a", "b")}
    expected["shared"] = _document("shared", "共同写入", version=10).fingerprint
    assert backend.fingerprints() == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_searchnotice")
        assert cursor.fetchone()[0] == 3  # nothing duplicated
    backend.clear()


@pytest.mark.django_db
def test_a_long_notice_is_queued_by_a_request_and_indexed_by_the_ingest_worker(settings):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from archive.services import ImportSource, import_notice
    from search.backends import get_backend
    from search.models import IndexTask
    from tests.conftest import SEEDS_DIR

    get_backend().clear()
    settings.SEARCH_INLINE_MAX_CHARS = 9000  # between the shortest sample and the longest
    lengths = {path: len(path.read_text(encoding="utf-8")) for path in SEEDS_DIR.glob("*.txt")}
    long_path, short_path = max(lengths, key=lengths.get), min(lengths, key=lengths.get)

    def imported(path):
        return import_notice(source=ImportSource(path.name, path.read_bytes()), publish=True).notice

    def found() -> set[str]:
        return {hit.key for hit in get_backend().search(SearchRequest(parse_query("整改").query)).hits}

    long_notice = imported(long_path)
    assert list(IndexTask.objects.values_list("notice_key", flat=True)) == [long_notice.key]
    assert long_notice.key not in found()
    short_notice = imported(short_path)  # short enough: indexed in its own transaction, as before
    assert found() == {short_notice.key}
    with pytest.raises(CommandError, match="process_ingest --once"):
        call_command("check_index", verbosity=0)
    out = StringIO()
    call_command("process_ingest", "--once", stdout=out)
    assert "已为 1 篇排队的通报建立检索索引" in out.getvalue()
    assert found() == {short_notice.key, long_notice.key}
    assert not IndexTask.objects.exists()
    call_command("check_index", verbosity=0)
