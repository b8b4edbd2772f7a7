"""The embedded default backend: a Whoosh index in ``settings.SEARCH_INDEX_DIR``.

Each notice is two documents (see :mod:`.whoosh_schema`): its notice-level
values, and its content as characters with their offsets beside jieba words
with their ordinals. Matching, ranking
and facet counting work per notice (:mod:`.whoosh_match`), so a query touches
at most one content document per notice; the best parts of the notices on
the requested page are found afterwards from their text in the database.
Text lives in the database; the index keeps only terms, counts, offsets and
the few values needed to filter, sort and rank.

Whoosh allows one writer at a time (a file lock), so writes follow a
single-writer design. A change is recorded as an ``IndexTask`` row first;
whoever next holds the lock (the request that made the change, the
``run_indexer`` process, a batch import or a rebuild) applies every pending
task, reading each notice's current state from the database, so an update is
never lost and the newest version wins. Requests wait for the lock only
briefly; a busy lock leaves the task for the next writer.

Every write of changes commits a new segment without merging (``NO_MERGE``):
a request pays only for the notices it wrote. Merging segments, which
rewrites every posting of the segments merged and can take minutes on a
large archive, is :meth:`WhooshBackend.merge_segments`, run by
``run_indexer`` when segments pile up, at the end of ``import_notices`` and
by ``check_index --repair``; never by a request.

The index folder holds generations: ``CURRENT`` names the live one. A rebuild
writes a new generation while holding the old one's lock (changes made
meanwhile queue up), then swaps ``CURRENT`` atomically and applies the queue.
Filtering, facet counting and sorting are done on notice-level values kept
in memory per index reader.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from whoosh import index as whoosh_index
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import CLEAR, MERGE_SMALL

from .. import analysis
from ..documents import NoticeDocument, document_for_key, notice_document, notices_for_indexing
from . import whoosh_pool
from .base import HealthReport, IndexBusyError, NoticeMatch, SearchBackend, SearchRequest, SearchResult
from .whoosh_match import (
    Matcher,
    NoticeTable,
    allowed,
    best_parts,
    content_runs,
    content_texts,
    facet_counts,
    notice_meta,
    ordered,
    passing,
    typed_paths,
)
from .whoosh_reader import SegmentResults, SegmentValues, open_reader
from .whoosh_schema import (
    CHARS_FIELD,
    CONTENT_KIND,
    NOTICE_KIND,
    OFFSETS_FIELD,
    WORDS_FIELD,
    build_schema,
    is_current,
    posting_blocks,
)

logger = logging.getLogger(__name__)

CURRENT_FILE = "CURRENT"  # names the live generation folder
GENERATION_PREFIX = "gen-"
PENDING_PER_COMMIT = 500  # tasks applied in one writer commit
OPEN_ATTEMPTS = 5  # tries at opening an index that other processes are committing to
POOL_LIMIT_MB = 256  # a writer keeps postings in memory up to about this size, then spills to disk
RESULTS_CACHE_BYTES = 32 * 1024 * 1024  # per-segment answers to query strings kept by a process


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, index_dir: str | Path | None = None, *, lock_timeout: float = 10.0, lock_attempts: int = 6):
        self._index_dir = Path(index_dir) if index_dir else None
        self.lock_timeout = lock_timeout
        self.lock_attempts = lock_attempts
        self._ix = None
        self._ix_generation: str | None = None
        self._open_lock = threading.Lock()
        self._local = threading.local()
        self._meta: tuple[object, NoticeTable | None] = (None, None)
        self._segment_values = SegmentValues()
        self._segment_results = SegmentResults(RESULTS_CACHE_BYTES)

    @property
    def index_dir(self) -> Path:
        return self._index_dir or Path(settings.SEARCH_INDEX_DIR)

    # Opening and writing

    # Generations: CURRENT names the live index folder; a rebuild swaps it atomically.

    def _live_generation(self) -> str | None:
        try:
            return (self.index_dir / CURRENT_FILE).read_text(encoding="ascii").strip() or None
        except FileNotFoundError:
            return None

    def _point_to(self, generation: str) -> None:
        temporary = self.index_dir / f".{CURRENT_FILE}.{uuid.uuid4().hex}"
        temporary.write_text(generation, encoding="ascii")
        os.replace(temporary, self.index_dir / CURRENT_FILE)

    def _generation(self) -> str:
        """The live generation, creating the first one if there is none (the first process to link wins)."""
        live = self._live_generation()
        if live is not None:
            return live
        self.index_dir.mkdir(parents=True, exist_ok=True)
        proposal = self.index_dir / f".{CURRENT_FILE}.{uuid.uuid4().hex}"
        proposal.write_text(_new_generation_name(), encoding="ascii")
        try:
            os.link(proposal, self.index_dir / CURRENT_FILE)
        except FileExistsError:
            pass
        finally:
            proposal.unlink()
        return self._live_generation()

    def _index(self):
        generation = self._generation()
        if self._ix is None or self._ix_generation != generation:
            with self._open_lock:
                if self._ix is None or self._ix_generation != generation:
                    self._ix = self._open_or_create(self.index_dir / generation)
                    self._ix_generation = generation
        return self._ix

    def _open_or_create(self, path: Path):
        path.mkdir(parents=True, exist_ok=True)
        for _attempt in range(OPEN_ATTEMPTS - 1):
            try:
                return self._open_or_create_once(path)
            except FileNotFoundError:
                # Another process committed between our listing the folder and reading the table of
                # contents it named (a commit deletes the previous one): read the folder again.
                time.sleep(0.05)
        return self._open_or_create_once(path)

    def _open_or_create_once(self, path: Path):
        try:
            return whoosh_index.open_dir(str(path))
        except whoosh_index.EmptyIndexError:
            # Two processes may race to create the index: the loser opens the winner's.
            try:
                return whoosh_index.create_in(str(path), build_schema())
            except LockError:
                time.sleep(0.2)
                return whoosh_index.open_dir(str(path))

    def _writer(self, *, attempts: int | None = None, timeout: float | None = None, **kwargs):
        """A writer on the live generation, waiting up to ``attempts × timeout`` seconds for the lock."""
        attempts = self.lock_attempts if attempts is None else attempts
        timeout = self.lock_timeout if timeout is None else timeout
        for _attempt in range(attempts):
            ix = self._index()
            try:
                writer = ix.writer(timeout=timeout, codec=whoosh_pool.codec(), compound=False, **kwargs)
            except (LockError, FileNotFoundError):
                continue
            if self._live_generation() == self._ix_generation:
                whoosh_pool.install(writer, self.index_dir / self._ix_generation, POOL_LIMIT_MB)
                return writer
            writer.cancel()  # a rebuild swapped generations while we waited: write to the new one
        raise IndexBusyError(f"检索索引被另一进程占用超过 {timeout * attempts:.0f} 秒。")

    def _write(self, apply, **commit_kwargs) -> int:
        writer = self._writer()
        try:
            written = apply(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(**(commit_kwargs or {"merge": False}))
        return written

    def _add(self, writer, document: NoticeDocument) -> None:
        key = document.key
        runs = content_runs(document)
        writer.add_document(doc_id=f"{key}#", notice=key, kind=NOTICE_KIND, meta=notice_meta(document, runs))
        values = {CHARS_FIELD: runs, OFFSETS_FIELD: runs, WORDS_FIELD: content_texts(document)}
        if not isinstance(writer.pool, whoosh_pool.TermPool):  # a writer without this backend's pool
            writer.add_document(doc_id=f"{key}#{CONTENT_KIND}", notice=key, kind=CONTENT_KIND, **values)
            return
        # The postings go to the pool in one call per field rather than through Whoosh's per-posting loop.
        writer.add_document(doc_id=f"{key}#{CONTENT_KIND}", notice=key, kind=CONTENT_KIND)
        docnum = writer.docnum - 1
        for name, value in values.items():
            writer.pool.add_terms(name, docnum, writer.schema[name].postings(value))

    def _replace(self, writer, documents: Iterable[NoticeDocument]) -> int:
        count = 0
        for document in documents:
            writer.delete_by_term("notice", document.key)
            self._add(writer, document)
            count += 1
        return count

    def index_documents(self, documents: Iterable[NoticeDocument]) -> int:
        documents = list(documents)
        return self._write(lambda writer: self._replace(writer, documents))

    def index_notice(self, notice) -> None:
        def apply(writer) -> int:
            # Read the notice while holding the lock: a later writer will then read a newer state.
            writer.delete_by_term("notice", notice.key)
            document = document_for_key(notice.key)
            if document is not None:
                self._add(writer, document)
            return int(document is not None)

        self._write(apply)

    def remove_notice(self, key: str) -> None:
        self._write(lambda writer: writer.delete_by_term("notice", key))

    def clear(self) -> None:
        self._write(lambda writer: 0, mergetype=CLEAR)

    queues_writes = True

    def apply_pending(self, *, wait: bool = True, lock_wait: float | None = None, max_chars: int | None = None) -> int:
        """Apply queued :class:`~search.models.IndexTask` rows; returns how many notices were written.

        With ``wait=False`` a busy lock returns 0 at once and leaves the tasks
        for the next writer; with ``wait=True`` it waits (``lock_wait``
        seconds, else the backend's full patience) and then raises
        :class:`IndexBusyError`. With ``max_chars``, notices with longer text
        are left queued (a request's write stays small; ``run_indexer``
        writes those). Each commit appends a segment and merges nothing (see
        :meth:`merge_segments`).
        """
        applied = 0
        skipped: set[str] = set()
        while self._pending(max_chars, skipped):
            if not wait:
                writer = self._try_writer()
            elif lock_wait is not None:
                writer = self._writer(attempts=1, timeout=lock_wait)
            else:
                writer = self._writer()
            if writer is None:
                return applied
            tasks = self._pending(max_chars, skipped)  # read again: the lock's previous holder may have applied some
            try:
                keys = list(dict.fromkeys(key for _id, key in tasks))
                for key in keys:
                    self._refresh(writer, key)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(merge=False)
            # Deleted only once committed: a crash in between re-applies them, which is harmless.
            from ..models import IndexTask

            IndexTask.objects.filter(id__in=[task_id for task_id, _key in tasks]).delete()
            applied += len(keys)
        return applied

    def _pending(self, max_chars: int | None, skipped: set[str]) -> list[tuple[int, str]]:
        """The next queued tasks (id, notice key) to apply, leaving out notices longer than ``max_chars``."""
        from django.db.models.functions import Length

        from archive.models import Notice

        from ..models import IndexTask

        tasks = list(
            IndexTask.objects.exclude(notice_key__in=skipped).values_list("id", "notice_key")[:PENDING_PER_COMMIT]
        )
        if max_chars is None or not tasks:
            return tasks
        long = Notice.objects.filter(key__in={key for _id, key in tasks}).annotate(size=Length("text"))
        skipped.update(long.filter(size__gt=max_chars).values_list("key", flat=True))
        return [(task_id, key) for task_id, key in tasks if key not in skipped]

    def segment_count(self) -> int:
        """How many segments the live generation has (each unmerged commit adds one)."""
        return len(self._index()._segments())

    def merge_segments(self, *, optimize: bool = False, threshold: int = 0) -> tuple[int, int]:
        """Merge small segments (all of them with ``optimize``); returns (segments before, after).

        Index maintenance for the indexer process and commands, never for a
        request: it holds the writer lock while it rewrites the postings of
        the segments merged. Does nothing when there are at most
        ``threshold`` segments. Queued changes are applied in the same commit.
        """
        from ..models import IndexTask

        before = self.segment_count()
        if before <= max(threshold, 1 if optimize else 0) and not IndexTask.objects.exists():
            return before, before
        writer = self._writer()
        tasks = list(IndexTask.objects.values_list("id", "notice_key")[:PENDING_PER_COMMIT])
        try:
            for key in dict.fromkeys(key for _id, key in tasks):
                self._refresh(writer, key)
        except BaseException:
            writer.cancel()
            raise
        if optimize:
            writer.commit(optimize=True)
        else:
            writer.commit(mergetype=MERGE_SMALL)
        IndexTask.objects.filter(id__in=[task_id for task_id, _key in tasks]).delete()
        return before, self.segment_count()

    def _try_writer(self):
        try:
            return self._writer(attempts=1, timeout=0.0)
        except IndexBusyError:
            return None

    def _refresh(self, writer, key: str) -> None:
        writer.delete_by_term("notice", key)
        document = document_for_key(key)
        if document is not None:
            self._add(writer, document)

    def rebuild(self, *, batch_size: int = 50, progress=None) -> int:
        """Index every published notice into a new generation, then swap it in atomically.

        Searchers use the old generation until the swap; writers queue their
        changes meanwhile (the old generation's lock is held), and the queue
        is applied to the new generation right after.
        """
        old_writer = self._writer()
        try:
            generation = _new_generation_name()
            folder = self._new_folder(generation)
            ix = whoosh_index.create_in(str(folder), build_schema())
            writer = ix.writer(codec=whoosh_pool.codec(), compound=False)
            whoosh_pool.install(writer, folder, POOL_LIMIT_MB)
            count = 0
            try:
                for notice in notices_for_indexing().iterator(chunk_size=batch_size):
                    self._add(writer, notice_document(notice))
                    count += 1
                    if progress:
                        progress(1)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
            self._point_to(generation)
        finally:
            old_writer.cancel()
        self._remove_old_generations()
        self.apply_pending()
        return count

    def _new_folder(self, generation: str) -> Path:
        path = self.index_dir / generation
        path.mkdir(parents=True)
        return path

    def _remove_old_generations(self) -> None:
        """Delete all but the live generation and the one before it (a process may still read that)."""
        live = self._live_generation()
        folders = sorted(
            (p for p in self.index_dir.glob(f"{GENERATION_PREFIX}*") if p.is_dir() and p.name != live),
            key=lambda p: p.stat().st_mtime,
        )
        for folder in folders[:-1]:
            shutil.rmtree(folder, ignore_errors=True)

    # Reading

    def _searcher(self):
        """This thread's searcher, renewed when the index changed or a rebuild swapped generations."""
        ix = self._index()
        generation, searcher = getattr(self._local, "searcher", (None, None))
        if searcher is None or generation != self._ix_generation:
            if searcher is not None:
                searcher.close()
            searcher = Searcher(open_reader(ix), fromindex=ix)
        elif not searcher.up_to_date():
            # Unchanged segments keep their open readers: a write costs only opening its own segment.
            searcher = Searcher(open_reader(ix, searcher.reader()), fromindex=ix)
        self._local.searcher = (self._ix_generation, searcher)
        return searcher

    def _table(self, searcher) -> NoticeTable:
        """The notice-level values of the searcher's reader, read once per reader."""
        reader = searcher.reader()
        cached_reader, table = self._meta
        if cached_reader is not reader:
            table = NoticeTable.read(reader, self._segment_values, table)
            self._meta = (reader, table)
        return table

    def search(self, request: SearchRequest) -> SearchResult:
        searcher = self._searcher()
        if _outdated(searcher):
            logger.error("The search index has an older layout: run manage.py rebuild_index.")
            metas = {}
        else:
            table = self._table(searcher)
            metas = table.metas
        if not metas:  # an empty index has no columns to read
            empty = {f: _facet_list(Counter(), request.filters.selected.get(f, frozenset()), 0) for f in request.facets}
            return SearchResult(total=0, hits=[], facets=empty)
        matcher = Matcher(searcher.reader(), table, self._segment_results)
        candidates = matcher.candidates(request.query) - request.exclude_notices
        filters = request.filters
        dated, having = passing(table, candidates, filters)
        counts, sections = facet_counts(table, request.facets, dated, having)
        facets = {
            facet: _facet_list(counts[facet], filters.selected.get(facet, frozenset()), request.facet_size)
            for facet in request.facets
        }
        matching = allowed(dated, having)
        type_sections = {value: sections.get(value, 0) for value, _count in facets.get("type", [])}
        if request.offset + request.limit <= 0:  # a count: nothing to score or order
            return SearchResult(total=len(matching), hits=[], facets=facets, type_sections=type_sections)
        scores = matcher.scores(request.query, matching) if not request.query.is_empty else {}
        sort = "newest" if request.sort == "relevance" and not scores else request.sort
        page = ordered(table, matching, scores, sort, request.offset + request.limit)[request.offset :]
        chosen = filters.selected.get("type")
        only = typed_paths(table, page, chosen) if chosen else None
        parts = best_parts(page, matcher.content_pieces(request.query), request.sections_per_hit, only)
        hits = [NoticeMatch(key, scores.get(key, 0.0), parts.get(key, [])) for key in page]
        return SearchResult(total=len(matching), hits=hits, facets=facets, type_sections=type_sections)

    def fingerprints(self) -> dict[str, str]:
        searcher = self._searcher()
        if _outdated(searcher):  # nothing in it is current: every notice needs indexing again
            return {}
        return {key: meta["fingerprint"] for key, meta in self._table(searcher).metas.items()}

    def word_frequencies(self, words: Iterable[str]) -> tuple[int, dict[str, int]]:
        """(number of index documents, word → number of notices holding it as an indexed jieba word)."""
        reader = self._searcher().reader()
        frequencies = {}
        for word in words:
            term = analysis.normalize(word)
            frequencies[word] = sum(len(docnums) for docnums, _w, _v in posting_blocks(reader, WORDS_FIELD, term))
        return reader.doc_count(), frequencies

    def health(self) -> HealthReport:
        live = self._live_generation()
        if live is None or not whoosh_index.exists_in(str(self.index_dir / live)):
            return HealthReport(False, 0, [f"检索索引不存在({self.index_dir}),请运行 manage.py rebuild_index。"])
        try:
            searcher = self._searcher()
            if _outdated(searcher):
                return HealthReport(False, 0, ["检索索引的格式已过时,请运行 manage.py rebuild_index。"])
            list(posting_blocks(searcher.reader(), "kind", NOTICE_KIND))
            notices = len(self._table(searcher).metas)
            return HealthReport(True, notices, [f"Whoosh 索引可用:{notices} 篇通报,{searcher.doc_count()} 个文档。"])
        except Exception as exc:  # any failure to open or read is what the health check reports
            return HealthReport(False, 0, [f"无法读取检索索引:{exc}"])


def _new_generation_name() -> str:
    return f"{GENERATION_PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"


def _outdated(searcher) -> bool:
    """Whether the index was written with an earlier layout (it must be rebuilt)."""
    return not is_current(searcher.schema)


def _facet_list(counts: Counter, selected: frozenset[str], size: int | None) -> list[tuple[str, int]]:
    ranked = sorted(((v, c) for v, c in counts.items() if c > 0), key=lambda item: (-item[1], item[0]))
    if size is not None:
        top = ranked[: size + 1]
        shown = {v for v, _ in top}
        top.extend((v, counts.get(v, 0)) for v in sorted(selected) if v not in shown)
        return top
    shown = {v for v, _ in ranked}
    return ranked + [(v, 0) for v in sorted(selected) if v not in shown]
