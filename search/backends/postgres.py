"""Search in PostgreSQL itself (``SEARCH_BACKEND=postgres``): shared by every web machine.

Table: :class:`search.models.SearchNotice`, one row per notice, with its
matching text and vectors written by :mod:`search.backends.pg_vectors` from
the same analysis the Whoosh backend uses, so both answer the same queries
with the same notices.

* Matching follows the contract in :mod:`search.backends.base` (SQL built by
  :mod:`search.backends.pg_query`): a unit of one run of one or two
  characters, or of up to eight digits, is decided on the GIN index of the
  notice's lexemes; a longer one is prefiltered there and confirmed with
  ``strpos`` on the notice's text.
* Facets are counted in SQL over the matching notices, each facet with the
  other facets' selections applied (disjunctive); the type facet by one sum of
  each notice's packed ``type_counts`` (a fixed slot per type, see
  :func:`search.backends.pg_query.pack_type_counts` and migration 0011). When
  no filter is chosen and the matches are at least :attr:`complement_share` of
  all notices, they are the totals kept by :mod:`search.backends.pg_tally`
  less the notices left out.
* Searches run without JIT compilation (see :func:`_index_scans`).
* Relevance: ``ts_rank_cd`` of the query's jieba words over the notice's
  word vector (title and headings weighted above body), plus a small base so
  every ranked match scores above zero. The sections shown for a hit are its
  parts, read from the archive's own tables, ranked as the Whoosh backend
  ranks them (:func:`search.backends.whoosh_match.best_parts`).
* Caps for huge result sets (both read vectors, so cost grows with matches):
  only the newest :attr:`rank_cap` matches are ranked, older ones follow by
  date; when more than :attr:`verify_cap` notices pass the prefilter of a
  unit that needs confirming, totals and facets count the prefiltered
  notices (an estimate from above) and only the hits listed are confirmed.
  Below the caps everything is exact.
* Writes go to the primary inside the caller's transaction (or a new one),
  serialised per notice with an advisory lock; reads use the database router,
  so searches can be served by replicas.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import contextmanager
from decimal import Decimal

from django.conf import settings
from django.db import connections, router, transaction

from .. import analysis
from ..documents import NoticeDocument, document_for_key, notice_document, notices_for_indexing
from ..models import SearchNotice
from ..query import Phrase, Query
from . import pg_tally
from . import pg_vectors as vec
from .base import HealthReport, KeyOnly, NoticeMatch, SearchBackend, SearchRequest, SearchResult
from .pg_query import (
    NOTICE_TABLE,
    SLOT_TABLE,
    Sql,
    confirm_select,
    content_pieces,
    filter_condition,
    match_query,
    pack_type_counts,
    page_select,
    unpack_type_counts,
    words_query,
)
from .whoosh import _facet_list
from .whoosh_match import best_parts

# ts_rank_cd weights for D, C, B, A: a heading counts five times a body word.
RANK_WEIGHTS = "{0.2, 0.4, 0.6, 1.0}"
# Candidates confirmed per statement when there are too many to confirm them all.
CONFIRM_BATCH = 40


@contextmanager
def _index_scans(alias: str):
    """A cursor in a transaction whose statements the planner answers from the GIN indexes.

    When most notices match, PostgreSQL prefers a sequential scan, which reads and
    decompresses every notice's term vector (tens of kilobytes each); the bitmap scan
    of the GIN index answers the same condition without opening those vectors.

    JIT compilation is off as well: the lexeme function's declared cost (it must never
    be computed per row) puts every search's plan above ``jit_above_cost``, and compiling
    the statement took longer than running it (about 100 ms at 600 matching notices,
    more with the optimisation a larger archive's estimate brings in). Both settings are
    local to the transaction (or savepoint): an error takes them back with it.
    """
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('enable_seqscan'), current_setting('jit'),"
            " set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
        )
        seqscan, jit = cursor.fetchone()[:2]
        yield cursor
        cursor.execute("SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)", [seqscan, jit])


class PostgresBackend(SearchBackend):
    name = "postgres"

    # Facets are counted as the totals less the notices left out when the matches are this share of all.
    complement_share = 0.9

    def __init__(
        self, *, rank_cap: int | None = None, verify_cap: int | None = None, complement_share: float | None = None
    ):
        self.rank_cap = rank_cap if rank_cap is not None else getattr(settings, "SEARCH_RANK_CAP", 1000)
        self.verify_cap = verify_cap if verify_cap is not None else getattr(settings, "SEARCH_VERIFY_CAP", 300)
        if complement_share is not None:
            self.complement_share = complement_share

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

    def apply_pending(self, *, wait: bool = True, lock_wait: float | None = None, max_chars: int | None = None) -> int:
        """Index the notices queued as :class:`~search.models.IndexTask` rows; returns how many were written.

        An editor's request queues a notice too long to index within it (``SEARCH_INLINE_MAX_CHARS``,
        see :mod:`search.signals`); the ingest worker (``process_ingest``) calls this. Each notice is
        written in its own transaction and its tasks deleted with it, so a crash re-applies at most one.
        """
        from ..models import IndexTask

        applied = 0
        while tasks := list(IndexTask.objects.values_list("id", "notice_key")[:100]):
            for key in dict.fromkeys(key for _id, key in tasks):
                alias = self._write_alias()
                with transaction.atomic(using=alias):
                    self.index_notice(KeyOnly(key))
                    IndexTask.objects.filter(notice_key=key, id__lte=max(i for i, _k in tasks)).delete()
                applied += 1
        self.compact()
        return applied

    def compact(self, *, limit: int = pg_tally.COMPACT_ABOVE) -> bool:
        """Fold the facet totals' log (:mod:`search.backends.pg_tally`) if it has grown; whether it did."""
        alias = self._write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            return pg_tally.compact_if_grown(cursor, limit)

    def remove_notice(self, key: str) -> None:
        alias = self._write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            self._lock(cursor, [key])
            self._delete(cursor, [key])

    def clear(self) -> None:
        alias = self._write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            # The type slots stay: they are never reused.
            cursor.execute(f"TRUNCATE {NOTICE_TABLE}, {pg_tally.TALLY_TABLE}")

    def rebuild(self, *, batch_size: int = 100, progress=None) -> int:
        """Re-index every published notice in one transaction: searches use the old rows until it commits."""
        alias = self._write_alias()
        with transaction.atomic(using=alias):
            with connections[alias].cursor() as cursor:
                # DELETE, not TRUNCATE: readers keep reading instead of queueing behind an exclusive lock.
                pg_tally.delete_rows(cursor, None)
            total, batch = 0, []
            for notice in notices_for_indexing().iterator(chunk_size=batch_size):
                batch.append(notice_document(notice))
                if len(batch) >= batch_size:
                    total += self._flush(batch, progress)
            total += self._flush(batch, progress)
            with connections[alias].cursor() as cursor:
                pg_tally.compact(cursor)
                cursor.execute(f"ANALYZE {NOTICE_TABLE}")  # fresh statistics for the planner
        return total

    @staticmethod
    def _lock(cursor, keys: list[str]) -> None:
        # Sorted keys: two batches lock in the same order and cannot deadlock.
        for key in sorted(set(keys)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 7))", [f"search:{key}"])

    @staticmethod
    def _delete(cursor, keys: list[str]) -> None:
        pg_tally.delete_rows(cursor, keys)

    @staticmethod
    def _slots(cursor, slugs: list[str]) -> dict[str, int]:
        """Each type's fixed slot in ``type_counts``, giving new types the next free one."""
        if not slugs:
            return {}
        # Only the missing slugs reach the INSERT: a conflicting row would still use up a number of the
        # sequence, and slots are array indexes, so every write would push the next new type's slot further.
        cursor.execute(
            f"INSERT INTO {SLOT_TABLE} (slug) SELECT s.slug FROM unnest(%s::text[]) AS s(slug)"
            f" WHERE NOT EXISTS (SELECT 1 FROM {SLOT_TABLE} t WHERE t.slug = s.slug) ON CONFLICT DO NOTHING",
            [sorted(slugs)],
        )
        cursor.execute(f"SELECT slug, slot FROM {SLOT_TABLE} WHERE slug = ANY(%s)", [sorted(slugs)])
        return dict(cursor.fetchall())

    @classmethod
    def _insert(cls, cursor, documents: list[NoticeDocument]) -> None:
        slots = cls._slots(cursor, sorted({slug for doc in documents for slug in doc.types}))
        notices = []
        for doc in documents:
            vectors = vec.notice_vectors(doc)
            paths = dict(doc.type_paths)
            type_paths = json.dumps({slug: list(paths.get(slug, ())) for slug in doc.types}, ensure_ascii=False)
            type_counts = pack_type_counts({slots[slug]: len(paths.get(slug, ())) for slug in doc.types})
            notices.append(
                (doc.key, doc.body, doc.round, list(doc.types), type_paths, str(type_counts), doc.kind, doc.organ,
                 doc.year, doc.date, doc.fingerprint, vectors.title, vectors.names, vectors.content, vectors.parts,
                 vectors.words)
            )  # fmt: skip
        cursor.executemany(
            f"INSERT INTO {NOTICE_TABLE} (key, body, round, types, type_paths, type_counts, kind, organ, year, date,"
            " fingerprint, title_tsv, names_tsv, content, parts, words_tsv) VALUES (%s, %s, %s,"
            " to_jsonb(%s::text[]), %s::jsonb, %s::numeric, %s, %s, %s, %s, %s, %s::tsvector, %s::tsvector, %s,"
            " %s, %s::tsvector)",
            notices,
        )
        pg_tally.log_rows(cursor, [doc.key for doc in documents])

    # Reading (replicas when configured)

    def _cursor(self):
        return connections[router.db_for_read(SearchNotice)].cursor()

    def search(self, request: SearchRequest) -> SearchResult:
        match = match_query(request.query, request.exclude_notices)
        with _index_scans(router.db_for_read(SearchNotice)) as cursor:
            # Too many candidates to confirm them all: count the loose matches, confirm only the hits listed.
            confirm = match.verifies and self._more_than(cursor, match.loose, self.verify_cap)
            condition = match.loose if confirm else match.exact
            complement = None
            if request.facets and filter_condition(request).sql == "TRUE":
                complement = pg_tally.complement(self.complement_share, request.facets)
            slots = []
            if "type" in request.facets:
                cursor.execute(f"SELECT slug, slot FROM {SLOT_TABLE} ORDER BY slot")
                slots = cursor.fetchall()
            statement = page_select(
                condition,
                confirm,
                words_query(request.query),
                request,
                complement=complement,
                rank_cap=self.rank_cap,
                weights=RANK_WEIGHTS,
            )
            cursor.execute(statement.sql, statement.params)
            total, page, counts, sections_of_type = self._read_rows(cursor.fetchall(), slots)
            if confirm:
                page = self._confirmed(cursor, page, match.scan, request)
            sections = self._sections(cursor, [key for key, _ in page], request)
        hits = [NoticeMatch(key, score, sections.get(key, [])) for key, score in page]
        facets = {
            facet: _facet_list(
                counts.get(facet, {}), request.filters.selected.get(facet, frozenset()), request.facet_size
            )
            for facet in request.facets
        }
        type_sections = {value: sections_of_type.get(value, 0) for value, _count in facets.get("type", [])}
        return SearchResult(total=total, hits=hits, facets=facets, type_sections=type_sections)

    @staticmethod
    def _more_than(cursor, condition: Sql, limit: int) -> bool:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {NOTICE_TABLE} n WHERE {condition.sql} LIMIT %s) AS x",
            [*condition.params, limit + 1],
        )
        return cursor.fetchone()[0] > limit

    @staticmethod
    def _read_rows(rows, slots) -> tuple[int, list[tuple[str, float]], dict[str, dict[str, int]], dict[str, int]]:
        """(total, [(key, score)] in order, {facet: {value: count}}, {type: sections}) from page_select's rows.

        ``slots``: every (slug, slot) of the slot table, to unpack the type facet's rows. Rows
        whose kind ends in "-" are subtracted (the notices a complement count leaves out).
        """
        total, page, counts, packed, typed = 0, [], {}, 0, False
        for row_kind, name, value, count, score in rows:
            sign = -1 if row_kind.endswith("-") else 1
            if row_kind.startswith("facet"):
                values = counts.setdefault(name, {})
                values[value] = values.get(value, 0) + sign * count
            elif row_kind.startswith("types"):
                packed += sign * int(Decimal(value))
                typed = True
            elif row_kind == "hit":
                page.append((name, score))
            else:
                total = count
        counts = {name: {value: n for value, n in values.items() if n > 0} for name, values in counts.items()}
        sections = {}
        if typed:
            by_type = unpack_type_counts(packed, slots)
            counts["type"] = {slug: notices for slug, (notices, _sections) in by_type.items()}
            sections = {slug: found for slug, (_notices, found) in by_type.items()}
        return total, page, counts, sections

    @staticmethod
    def _confirmed(cursor, candidates: list, scan: Sql, request: SearchRequest) -> list:
        """The requested page of the candidates (in order) that truly match, confirming only what it needs."""
        wanted = request.offset + request.limit
        confirmed: list = []
        for start in range(0, len(candidates), CONFIRM_BATCH):
            if len(confirmed) >= wanted:
                break
            batch = candidates[start : start + CONFIRM_BATCH]
            statement = confirm_select([key for key, _ in batch], scan)
            cursor.execute(statement.sql, statement.params)
            true = {row[0] for row in cursor.fetchall()}
            confirmed.extend(item for item in batch if item[0] in true)
        return confirmed[request.offset : wanted]

    @staticmethod
    def _sections(cursor, keys: list[str], request: SearchRequest) -> dict:
        """The best matching parts (not the title) of each notice on the page, as the Whoosh backend picks them.

        With a type chosen, only the sections carrying it; where none matches the
        query (or there is no query), the first of them in document order.
        """
        if not keys or request.sections_per_hit <= 0:
            return {}
        only = None
        if chosen := request.filters.selected.get("type"):
            cursor.execute(f"SELECT key, type_paths FROM {NOTICE_TABLE} WHERE key = ANY(%s)", [keys])
            only = {}
            for key, type_paths in cursor.fetchall():
                paths = json.loads(type_paths) if isinstance(type_paths, str) else type_paths
                only[key] = {path for slug in chosen for path in paths.get(slug, [])}
        return best_parts(keys, content_pieces(request.query), request.sections_per_hit, only)

    def fingerprints(self) -> dict[str, str]:
        return dict(SearchNotice.objects.values_list("key", "fingerprint"))

    def word_frequencies(self, words: Iterable[str]) -> tuple[int, dict[str, int]]:
        """(indexed parts, word → notices holding it by the index), counted up to a cap (then simply common).

        Parts and notices, as the Whoosh backend counts (its index documents, notices holding the word):
        a notice's text is decided by its index row, a part's would need every candidate's text read.
        """
        cap = 5000
        frequencies = {}
        with _index_scans(router.db_for_read(SearchNotice)) as cursor:
            _notices, total = pg_tally.archive_totals(cursor)
            for word in dict.fromkeys(words):
                runs = analysis.runs(word)
                if not runs:
                    frequencies[word] = 0
                    continue
                match = match_query(Query(must=(Phrase(word),)), frozenset())
                # The index alone: exact up to two characters, for longer words the notices holding all
                # their bigrams (an idf needs no more, and reading every candidate's text would).
                cursor.execute(
                    f"SELECT count(*) FROM (SELECT 1 FROM {NOTICE_TABLE} n WHERE {match.loose.sql} LIMIT %s) AS x",
                    [*match.loose.params, cap],
                )
                frequencies[word] = cursor.fetchone()[0]
        return total, frequencies

    def derived_problems(self) -> list[str]:
        with self._cursor() as cursor:
            wrong = pg_tally.differences(cursor)
        if not wrong:
            return []
        return [f"检索表的分面合计与通报不一致:{len(wrong)} 项(如 {wrong[0][0] or '总数'} {wrong[0][1]})。"]

    def repair_derived(self) -> None:
        alias = self._write_alias()
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            pg_tally.recount(cursor)

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
