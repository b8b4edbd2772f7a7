"""Search in PostgreSQL itself (``SEARCH_BACKEND=postgres``): shared by every web machine.

Tables: :mod:`search.models` (``SearchNotice`` per notice, ``SearchPart`` per
title, section or pseudo-section), with tsvectors written by
:mod:`search.backends.pg_vectors` from the same analysis the Whoosh backend
uses, so both answer the same queries with the same notices.

* Matching follows the contract in :mod:`search.backends.base`: each required
  unit (a word of a Term, or a Phrase) must occur in one part of the notice.
  A unit of one run of one or two characters is decided on the notice row
  (``content_lex``); a longer one is prefiltered there and confirmed on the
  parts with a bigram phrase query.
* Facets are counted in SQL over the matching notices, each facet with the
  other facets' selections applied (disjunctive).
* Relevance: ``ts_rank_cd`` of the query's jieba words over the notice's
  word vector (title and headings weighted above body), plus a small base so
  every ranked match scores above zero. Ranking reads each candidate's
  vector, so for a huge result set only the newest :attr:`rank_cap` matching
  notices are ranked; older matches follow them by date. Totals and facets
  stay exact. The sections shown for a hit are its parts ranked by
  ``ts_rank_cd`` of the matching units.
* Writes go to the primary inside the caller's transaction (or a new one),
  serialised per notice with an advisory lock; reads use the database router,
  so searches can be served by replicas.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import connections, router, transaction

from .. import analysis
from ..documents import NoticeDocument, document_for_key, notice_document, notices_for_indexing
from ..models import SearchNotice, SearchPart
from ..query import AnyOf, Phrase, Query
from . import pg_vectors as vec
from .base import HealthReport, NoticeMatch, SearchBackend, SearchRequest, SearchResult, SectionMatch
from .whoosh import _facet_list

TITLE_KIND = "title"
# ts_rank_cd weights for D, C, B, A: a heading counts five times a body word.
RANK_WEIGHTS = "{0.2, 0.4, 0.6, 1.0}"
RANK_BASE = 0.001
FACET_COLUMNS = {"body": "body", "round": "round", "kind": "kind", "organ": "organ", "year": "year"}
NOTICE_TABLE = SearchNotice._meta.db_table
PART_TABLE = SearchPart._meta.db_table


class _Sql:
    """A SQL fragment with its parameters, combined without string-formatting values."""

    def __init__(self, sql: str = "", params: Iterable = ()):
        self.sql, self.params = sql, list(params)

    def __and__(self, other: _Sql) -> _Sql:
        if not self.sql:
            return other
        if not other.sql:
            return self
        return _Sql(f"({self.sql}) AND ({other.sql})", self.params + other.params)

    @staticmethod
    def join(parts: list[_Sql], operator: str) -> _Sql:
        return _Sql(f" {operator} ".join(f"({p.sql})" for p in parts), [x for p in parts for x in p.params])


def _leaf_units(leaf) -> list[list[str]]:
    """The units a Term or Phrase requires, each a list of runs that must occur in one part."""
    if isinstance(leaf, Phrase):
        runs = analysis.runs(leaf.text)
        return [runs] if runs else []
    return [runs for unit in analysis.query_units(leaf.text) if (runs := analysis.runs(unit))]


def _unit_condition(field: str | None, runs: list[str]) -> _Sql:
    query = vec.unit_query(runs)
    if field == "title":
        return _Sql("n.title_tsv @@ %s::tsquery", [query])
    if field == "body":
        return _Sql("n.names_tsv @@ %s::tsquery", [query])
    if len(runs) == 1 and len(runs[0]) <= 2:
        return _Sql("n.content_lex @@ %s::tsquery", [query])
    return _Sql(
        f"n.content_lex @@ %s::tsquery AND EXISTS (SELECT 1 FROM {PART_TABLE} p"
        " WHERE p.notice_key = n.key AND p.tsv @@ %s::tsquery)",
        [vec.prefilter_query(runs), query],
    )


def _node_condition(node) -> _Sql | None:
    """SQL true for notices matching ``node``; None when it has nothing searchable."""
    if isinstance(node, AnyOf):
        options = [c for c in map(_node_condition, node.options) if c is not None]
        return _Sql.join(options, "OR") if options else None
    units = _leaf_units(node)
    if not units:
        return None
    return _Sql.join([_unit_condition(node.field, runs) for runs in units], "AND")


def _match_condition(query: Query, exclude: frozenset[str]) -> _Sql:
    condition = _Sql("TRUE")
    for node in query.must:
        found = _node_condition(node)
        if found is not None:
            condition = condition & found
    for node in query.must_not:
        found = _node_condition(node)
        if found is not None:
            condition = condition & _Sql(f"NOT ({found.sql})", found.params)
    if exclude:
        condition = condition & _Sql("NOT (n.key = ANY(%s))", [sorted(exclude)])
    return condition


def _filter_condition(request: SearchRequest, *, ignore: str | None = None) -> _Sql:
    condition = _Sql("TRUE")
    filters = request.filters
    for facet, chosen in filters.selected.items():
        if facet == ignore or not chosen:
            continue
        if facet == "type":
            condition = condition & _Sql("m.types ?| %s", [sorted(chosen)])
        else:
            condition = condition & _Sql(f"m.{FACET_COLUMNS[facet]} = ANY(%s)", [sorted(chosen)])
    if filters.date_from:
        condition = condition & _Sql("m.date <> '' AND m.date >= %s", [filters.date_from.isoformat()])
    if filters.date_to:
        condition = condition & _Sql("m.date <> '' AND m.date <= %s", [filters.date_to.isoformat()])
    return condition


def _part_query(query: Query) -> str:
    """Any positive unit of the content: picks and orders the parts shown for a hit."""
    units = [runs for leaf in query.positive_leaves() if leaf.field is None for runs in _leaf_units(leaf)]
    return " | ".join(f"({vec.unit_query(runs)})" for runs in units)


def _words_query(query: Query) -> str:
    """Any of the positive leaves' words (fields included: a title word is in the word vector too)."""
    return vec.words_query(w for leaf in query.positive_leaves() for w in analysis.query_tokens(leaf.text))


ORDER_BY = {
    "relevance": "score DESC, (m.date = ''), m.date DESC, m.key",
    "newest": "(m.date = ''), m.date DESC, m.key",
    "oldest": "(m.date = ''), m.date ASC, m.key",
}


class PostgresBackend(SearchBackend):
    name = "postgres"

    def __init__(self, *, rank_cap: int | None = None):
        self.rank_cap = rank_cap or getattr(settings, "SEARCH_RANK_CAP", 1000)

    # Writing (always on the primary)

    def _write_alias(self) -> str:
        return router.db_for_write(SearchNotice)

    def index_documents(self, documents: Iterable[NoticeDocument]) -> int:
        documents = sorted(documents, key=lambda d: d.key)
        alias = self._write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            self._lock(cursor, [d.key for d in documents])
            self._delete(cursor, [d.key for d in documents])
            self._insert(cursor, documents)
        return len(documents)

    def index_notice(self, notice) -> None:
        """Index the notice as stored now; concurrent writers of one notice queue on a lock.

        The document is read after the lock is held, so the last writer writes the newest state.
        """
        alias = self._write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            self._lock(cursor, [notice.key])
            document = document_for_key(notice.key)
            self._delete(cursor, [notice.key])
            if document is not None:
                self._insert(cursor, [document])

    def remove_notice(self, key: str) -> None:
        alias = self._write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            self._lock(cursor, [key])
            self._delete(cursor, [key])

    def clear(self) -> None:
        alias = self._write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute(f"TRUNCATE {PART_TABLE}, {NOTICE_TABLE}")

    def rebuild(self, *, batch_size: int = 100, progress=None) -> int:
        """Re-index every published notice in one transaction: searches use the old rows until it commits."""
        alias = self._write_alias()
        with transaction.atomic(using=alias):
            with connections[alias].cursor() as cursor:
                # DELETE, not TRUNCATE: readers keep reading instead of queueing behind an exclusive lock.
                cursor.execute(f"DELETE FROM {PART_TABLE}")
                cursor.execute(f"DELETE FROM {NOTICE_TABLE}")
            total, batch = 0, []
            for notice in notices_for_indexing().iterator(chunk_size=batch_size):
                batch.append(notice_document(notice))
                if len(batch) >= batch_size:
                    total += self._flush(batch, progress)
            total += self._flush(batch, progress)
            with connections[alias].cursor() as cursor:
                cursor.execute(f"ANALYZE {NOTICE_TABLE}, {PART_TABLE}")  # fresh statistics for the planner
        return total

    @staticmethod
    def _lock(cursor, keys: list[str]) -> None:
        # Sorted keys: two batches lock in the same order and cannot deadlock.
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 7))", [f"search:{key}"])

    @staticmethod
    def _delete(cursor, keys: list[str]) -> None:
        cursor.execute(f"DELETE FROM {PART_TABLE} WHERE notice_key = ANY(%s)", [keys])
        cursor.execute(f"DELETE FROM {NOTICE_TABLE} WHERE key = ANY(%s)", [keys])

    @staticmethod
    def _insert(cursor, documents: list[NoticeDocument]) -> None:
        notices, parts = [], []
        for doc in documents:
            vectors = vec.notice_vectors(doc, title_kind=TITLE_KIND)
            notices.append(
                (doc.key, doc.body, doc.round, list(doc.types), doc.kind, doc.organ, doc.year, doc.date,
                 doc.fingerprint, vectors.title, vectors.names, vectors.content_lex, vectors.words)
            )  # fmt: skip
            parts.extend((doc.key, *part) for part in vectors.parts)
        cursor.executemany(
            f"INSERT INTO {NOTICE_TABLE} (key, body, round, types, kind, organ, year, date, fingerprint,"
            " title_tsv, names_tsv, content_lex, words_tsv) VALUES (%s, %s, %s, to_jsonb(%s::text[]), %s, %s, %s,"
            " %s, %s, %s::tsvector, %s::tsvector, %s::tsvector, %s::tsvector)",
            notices,
        )
        cursor.executemany(
            f'INSERT INTO {PART_TABLE} (notice_key, kind, path, "order", tsv) VALUES (%s, %s, %s, %s, %s::tsvector)',
            parts,
        )

    # Reading (replicas when configured)

    def _cursor(self):
        return connections[router.db_for_read(SearchNotice)].cursor()

    def search(self, request: SearchRequest) -> SearchResult:
        match = _match_condition(request.query, request.exclude_notices)
        with self._cursor() as cursor:
            facets = self._facets(cursor, match, request) if request.facets else {}
            total, page = self._page(cursor, match, _words_query(request.query), request)
            sections = self._sections(cursor, [key for key, _ in page], _part_query(request.query), request)
        hits = [NoticeMatch(key, score, sections.get(key, [])) for key, score in page]
        return SearchResult(total=total, hits=hits, facets=facets)

    @staticmethod
    def _matching(match: _Sql) -> _Sql:
        return _Sql(
            f"WITH m AS MATERIALIZED (SELECT n.key, n.body, n.round, n.types, n.kind, n.organ, n.year, n.date"
            f" FROM {NOTICE_TABLE} n WHERE {match.sql})",
            match.params,
        )

    def _facets(self, cursor, match: _Sql, request: SearchRequest) -> dict[str, list[tuple[str, int]]]:
        selects = []
        for facet in request.facets:
            where = _filter_condition(request, ignore=facet)
            if facet == "type":
                source, value = "m CROSS JOIN LATERAL jsonb_array_elements_text(m.types) AS t(value)", "t.value"
            else:
                source, value = "m", f"m.{FACET_COLUMNS[facet]}"
            selects.append(
                _Sql(
                    f"SELECT %s, {value}, count(*) FROM {source} WHERE {value} <> '' AND {where.sql} GROUP BY {value}",
                    [facet, *where.params],
                )
            )
        head = self._matching(match)
        body = _Sql.join(selects, "UNION ALL")
        cursor.execute(f"{head.sql} {body.sql}", head.params + body.params)
        counts: dict[str, dict[str, int]] = {facet: {} for facet in request.facets}
        for facet, value, count in cursor.fetchall():
            counts[facet][value] = count
        return {
            facet: _facet_list(counts[facet], request.filters.selected.get(facet, frozenset()), request.facet_size)
            for facet in request.facets
        }

    def _page(self, cursor, match: _Sql, rank_query: str, request: SearchRequest) -> tuple[int, list]:
        """(total, [(key, score)] of the requested page)."""
        head = self._matching(match)
        where = _filter_condition(request)
        sort = request.sort if request.sort in ORDER_BY else "relevance"
        if sort == "relevance" and not rank_query:
            sort = "newest"  # nothing to rank by: browse newest first
        if sort == "relevance":
            scores = _Sql(
                f", f AS MATERIALIZED (SELECT m.key, m.date FROM m WHERE {where.sql}),"
                " capped AS (SELECT f.key FROM f ORDER BY (f.date = ''), f.date DESC, f.key LIMIT %s),"
                f" scores AS (SELECT n.key, %s + ts_rank_cd('{RANK_WEIGHTS}', n.words_tsv, %s::tsquery) AS score"
                f" FROM {NOTICE_TABLE} n JOIN capped ON capped.key = n.key)"
                " SELECT m.key, coalesce(scores.score, 0) AS score, count(*) OVER ()"
                " FROM f AS m LEFT JOIN scores ON scores.key = m.key",
                [*where.params, self.rank_cap, RANK_BASE, rank_query],
            )
        else:
            scores = _Sql(f" SELECT m.key, 0.0 AS score, count(*) OVER () FROM m WHERE {where.sql}", where.params)
        tail = _Sql(f" ORDER BY {ORDER_BY[sort]} LIMIT %s OFFSET %s", [request.limit, request.offset])
        cursor.execute(head.sql + scores.sql + tail.sql, head.params + scores.params + tail.params)
        rows = cursor.fetchall()
        if rows:
            return rows[0][2], [(key, float(score)) for key, score, _total in rows]
        if request.offset or not request.limit:  # past the end, or facets only: still count
            cursor.execute(f"{head.sql} SELECT count(*) FROM m WHERE {where.sql}", head.params + where.params)
            return cursor.fetchone()[0], []
        return 0, []

    def _sections(self, cursor, keys: list[str], part_query: str, request: SearchRequest) -> dict:
        """The best matching parts (not the title) of each notice on the page."""
        if not keys or not part_query or request.sections_per_hit <= 0:
            return {}
        cursor.execute(
            "SELECT key, kind, path, score FROM ("
            " SELECT key, kind, path, score, row_number() OVER (PARTITION BY key ORDER BY score DESC, ord) AS n"
            ' FROM (SELECT p.notice_key AS key, p.kind, p.path, min(p."order") AS ord,'
            f" max(ts_rank_cd('{RANK_WEIGHTS}', p.tsv, %s::tsquery)) AS score FROM {PART_TABLE} p"
            " WHERE p.notice_key = ANY(%s) AND p.kind <> %s AND p.tsv @@ %s::tsquery"
            " GROUP BY p.notice_key, p.kind, p.path) AS parts) AS best WHERE n <= %s ORDER BY key, n",
            [part_query, keys, TITLE_KIND, part_query, request.sections_per_hit],
        )
        found: dict[str, list[SectionMatch]] = {}
        for key, kind, path, score in cursor.fetchall():
            found.setdefault(key, []).append(SectionMatch(path, kind, float(score)))
        return found

    def fingerprints(self) -> dict[str, str]:
        return dict(SearchNotice.objects.values_list("key", "fingerprint"))

    def word_frequencies(self, words: Iterable[str]) -> tuple[int, dict[str, int]]:
        """Parts containing each word as a substring, counted up to a cap (beyond it a word is simply common)."""
        cap = 5000
        frequencies = {}
        with self._cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {PART_TABLE}")
            total = cursor.fetchone()[0]
            for word in dict.fromkeys(words):
                runs = analysis.runs(word)
                if not runs:
                    frequencies[word] = 0
                    continue
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {PART_TABLE} WHERE tsv @@ %s::tsquery LIMIT %s) AS x",
                    [vec.unit_query(runs), cap],
                )
                frequencies[word] = cursor.fetchone()[0]
        return total, frequencies

    def health(self) -> HealthReport:
        alias = router.db_for_read(SearchNotice)
        if connections[alias].vendor != "postgresql":
            return HealthReport(
                False, 0, [f"SEARCH_BACKEND=postgres 需要 PostgreSQL 数据库(当前为 {connections[alias].vendor})。"]
            )
        try:
            with self._cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {NOTICE_TABLE}")
                notices = cursor.fetchone()[0]
        except Exception as exc:  # any failure to query is what the health check reports
            return HealthReport(False, 0, [f"无法查询 PostgreSQL 检索表:{exc}"])
        return HealthReport(True, notices, [f"PostgreSQL 检索可用:{notices} 篇通报。"])
