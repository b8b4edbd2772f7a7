"""The embedded default backend: a Whoosh index in ``settings.SEARCH_INDEX_DIR``.

Each notice is one "notice" document (title and issuing-body names, and the
notice-level values as stored JSON) plus one document per section or
pseudo-section. Text lives in the database; the index keeps only terms,
positions and the few values needed to find a hit again.

Whoosh allows one writer at a time (a file lock): writers wait for the lock
with a timeout and retry, and build the documents they write only once they
hold it, so the last committed write carries the newest database state.
Filtering, facet counting and sorting are done on notice-level values kept
in memory per index generation.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.index import LockError
from whoosh.writing import CLEAR

from .. import analysis
from ..documents import NoticeDocument, document_for_key, notice_document, notices_for_indexing
from ..query import AnyOf, Phrase, Query
from .base import (
    HealthReport,
    IndexBusyError,
    NoticeMatch,
    SearchBackend,
    SearchRequest,
    SearchResult,
    SectionMatch,
)

NOTICE_KIND = "notice"
TEXT_GROUPS = ("", "title_", "body_")  # content (sections and title), title only, issuing-body names


def build_schema() -> Schema:
    """The index layout: three analysed views (words, bigrams, chars) for each text group."""
    fields = {
        "doc_id": ID(unique=True, stored=True),
        "notice": ID(stored=True, sortable=True),
        "kind": ID(stored=True),
        "path": STORED(),
        "meta": STORED(),
    }
    for group in TEXT_GROUPS:
        fields[f"{group}words"] = TEXT(analyzer=analysis.WordTokenizer(), phrase=False)
        fields[f"{group}grams"] = TEXT(analyzer=analysis.BigramTokenizer(), phrase=True)
        fields[f"{group}chars"] = TEXT(analyzer=analysis.CharTokenizer(), phrase=False)
    return Schema(**fields)


def _substring_query(group: str, text: str) -> wq.Query | None:
    """Documents whose ``group`` text contains every run of ``text`` exactly."""
    parts: list[wq.Query] = []
    for run in analysis.runs(text):
        if len(run) == 1:
            parts.append(wq.Term(f"{group}chars", run))
        elif len(run) == 2:
            parts.append(wq.Term(f"{group}grams", run))
        else:
            parts.append(wq.Phrase(f"{group}grams", analysis.bigrams_of(run)))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _leaf_queries(leaf) -> list[wq.Query]:
    """One Whoosh query per required unit of a Term (each word) or Phrase (the whole phrase)."""
    group = f"{leaf.field}_" if leaf.field else ""
    if isinstance(leaf, Phrase):
        found = _substring_query(group, leaf.text)
        return [found] if found else []
    queries = []
    for token in analysis.query_units(leaf.text):
        substring = _substring_query(group, token)
        if substring is not None:
            # The word match adds to the score; the substring match decides what is found.
            queries.append(wq.Or([wq.Term(f"{group}words", token), substring]))
    return queries


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, index_dir: str | Path | None = None, *, lock_timeout: float = 10.0, lock_attempts: int = 6):
        self._index_dir = Path(index_dir) if index_dir else None
        self.lock_timeout = lock_timeout
        self.lock_attempts = lock_attempts
        self._ix = None
        self._open_lock = threading.Lock()
        self._local = threading.local()
        self._meta: tuple[object, dict[str, dict]] = (None, {})

    @property
    def index_dir(self) -> Path:
        return self._index_dir or Path(settings.SEARCH_INDEX_DIR)

    # Opening and writing

    def _index(self):
        if self._ix is None:
            with self._open_lock:
                if self._ix is None:
                    self.index_dir.mkdir(parents=True, exist_ok=True)
                    try:
                        self._ix = whoosh_index.open_dir(str(self.index_dir))
                    except whoosh_index.EmptyIndexError:
                        self._ix = self._create()
        return self._ix

    def _create(self):
        # Two processes may race to create the index: the loser opens the winner's.
        try:
            return whoosh_index.create_in(str(self.index_dir), build_schema())
        except LockError:
            time.sleep(0.2)
            return whoosh_index.open_dir(str(self.index_dir))

    def _writer(self, **kwargs):
        ix = self._index()
        for _attempt in range(self.lock_attempts):
            try:
                return ix.writer(timeout=self.lock_timeout, **kwargs)
            except LockError:
                continue
        raise IndexBusyError(f"检索索引被另一进程占用超过 {self.lock_timeout * self.lock_attempts:.0f} 秒。")

    def _write(self, apply, **commit_kwargs) -> int:
        writer = self._writer()
        try:
            written = apply(writer)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(**commit_kwargs)
        return written

    def _add(self, writer, document: NoticeDocument) -> None:
        key = document.key
        meta = {
            "values": document.facet_values,
            "date": document.date,
            "fingerprint": document.fingerprint,
        }
        writer.add_document(
            doc_id=f"{key}#",
            notice=key,
            kind=NOTICE_KIND,
            path="",
            meta=json.dumps(meta, ensure_ascii=False),
            words=document.title,
            grams=document.title,
            chars=document.title,
            title_words=document.title,
            title_grams=document.title,
            title_chars=document.title,
            body_words=document.body_names,
            body_grams=document.body_names,
            body_chars=document.body_names,
        )
        for part in document.sections:
            content = part.content
            writer.add_document(
                doc_id=f"{key}#{part.kind}:{part.path}",
                notice=key,
                kind=part.kind,
                path=part.path,
                words=content,
                grams=content,
                chars=content,
            )

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

    def rebuild(self, *, batch_size: int = 50, progress=None) -> int:
        """Re-index everything in one writer: searchers keep the old index until it commits."""

        def apply(writer) -> int:
            count = 0
            for notice in notices_for_indexing().iterator(chunk_size=batch_size):
                self._add(writer, notice_document(notice))
                count += 1
                if progress:
                    progress(1)
            return count

        return self._write(apply, mergetype=CLEAR)

    # Reading

    def _searcher(self):
        ix = self._index()
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = ix.searcher()
        elif not searcher.up_to_date():
            searcher.close()
            searcher = ix.searcher()
        self._local.searcher = searcher
        return searcher

    def _notice_meta(self, searcher) -> dict[str, dict]:
        """Notice key → {values, date, fingerprint}, cached for the searcher's index generation."""
        reader = searcher.reader()
        cached_reader, metas = self._meta
        if cached_reader is reader:
            return metas
        metas = {}
        for stored in searcher.documents(kind=NOTICE_KIND):
            meta = json.loads(stored["meta"])
            meta["values"] = {facet: tuple(values) for facet, values in meta["values"].items()}
            metas[stored["notice"]] = meta
        self._meta = (reader, metas)
        return metas

    def _notices_of(self, searcher, query: wq.Query, notice_column) -> set[str]:
        return {notice_column[docnum] for docnum in searcher.docs_for_query(query)}

    def _node_notices(self, searcher, node, notice_column) -> set[str] | None:
        """Notices matching a query node; None when the node has nothing searchable."""
        if isinstance(node, AnyOf):
            found = [self._node_notices(searcher, option, notice_column) for option in node.options]
            found = [f for f in found if f is not None]
            return set().union(*found) if found else None
        queries = _leaf_queries(node)
        if not queries:
            return None
        sets = [self._notices_of(searcher, q, notice_column) for q in queries]
        return set.intersection(*sets)

    def _candidates(self, searcher, query: Query, metas: dict, notice_column) -> set[str]:
        candidates = set(metas)
        for node in query.must:
            found = self._node_notices(searcher, node, notice_column)
            if found is not None:
                candidates &= found
        for node in query.must_not:
            found = self._node_notices(searcher, node, notice_column)
            if found:
                candidates -= found
        return candidates

    def _scores(self, searcher, query: Query, candidates: set[str], notice_column):
        """Per notice: its score and its (score, docnum) list, best first."""
        parts = [q for leaf in query.positive_leaves() for q in _leaf_queries(leaf)]
        per_notice: dict[str, list[tuple[float, int]]] = defaultdict(list)
        if parts and candidates:
            results = searcher.search(wq.Or(parts), limit=None)
            for score, docnum in results.top_n:
                key = notice_column[docnum]
                if key in candidates:
                    per_notice[key].append((score, docnum))
        scores = {}
        for key, docs in per_notice.items():
            docs.sort(key=lambda item: (-item[0], item[1]))
            best = docs[0][0]
            scores[key] = best + 0.1 * (sum(s for s, _ in docs) - best)
        return scores, per_notice

    def search(self, request: SearchRequest) -> SearchResult:
        searcher = self._searcher()
        metas = self._notice_meta(searcher)
        if not metas:  # an empty index has no columns to read
            empty = {f: _facet_list(Counter(), request.filters.selected.get(f, frozenset()), 0) for f in request.facets}
            return SearchResult(total=0, hits=[], facets=empty)
        notice_column = searcher.reader().column_reader("notice")
        candidates = self._candidates(searcher, request.query, metas, notice_column) - request.exclude_notices
        filters = request.filters
        facets = {facet: self._facet(facet, candidates, metas, request) for facet in request.facets}
        matching = [k for k in candidates if filters.allows(metas[k]["values"], metas[k]["date"])]
        scores, per_notice = self._scores(searcher, request.query, set(matching), notice_column)
        sort = "newest" if request.sort == "relevance" and not scores else request.sort
        ordered = _sort(matching, metas, scores, sort)
        page = ordered[request.offset : request.offset + request.limit]
        hits = [
            NoticeMatch(key, scores.get(key, 0.0), self._sections(searcher, per_notice.get(key, []), request))
            for key in page
        ]
        return SearchResult(total=len(matching), hits=hits, facets=facets)

    def _sections(self, searcher, docs: list[tuple[float, int]], request: SearchRequest) -> list[SectionMatch]:
        found = []
        for score, docnum in docs:
            stored = searcher.stored_fields(docnum)
            if stored["kind"] != NOTICE_KIND:
                found.append(SectionMatch(stored.get("path", ""), stored["kind"], score))
                if len(found) >= request.sections_per_hit:
                    break
        return found

    def _facet(self, facet: str, candidates: set[str], metas: dict, request: SearchRequest) -> list[tuple[str, int]]:
        counts: Counter[str] = Counter()
        filters = request.filters
        for key in candidates:
            meta = metas[key]
            if filters.allows(meta["values"], meta["date"], ignore=facet):
                counts.update(meta["values"].get(facet, ()))
        return _facet_list(counts, filters.selected.get(facet, frozenset()), request.facet_size)

    def fingerprints(self) -> dict[str, str]:
        return {key: meta["fingerprint"] for key, meta in self._notice_meta(self._searcher()).items()}

    def word_frequencies(self, words: Iterable[str]) -> tuple[int, dict[str, int]]:
        reader = self._searcher().reader()
        return reader.doc_count(), {w: reader.doc_frequency("words", w) for w in words}

    def health(self) -> HealthReport:
        if not whoosh_index.exists_in(str(self.index_dir)):
            return HealthReport(False, 0, [f"检索索引不存在({self.index_dir}),请运行 manage.py rebuild_index。"])
        try:
            searcher = self._searcher()
            searcher.search(wq.Every(), limit=1)
            notices = len(self._notice_meta(searcher))
            return HealthReport(True, notices, [f"Whoosh 索引可用:{notices} 篇通报,{searcher.doc_count()} 个文档。"])
        except Exception as exc:  # any failure to open or read is what the health check reports
            return HealthReport(False, 0, [f"无法读取检索索引:{exc}"])


def _sort(keys: list[str], metas: dict, scores: dict[str, float], sort: str) -> list[str]:
    """Order notice keys; dates compare as ISO strings, notices without a date last."""
    if sort == "relevance":
        return sorted(keys, key=lambda k: (-scores.get(k, 0.0), _neg_date(metas[k]["date"]), k))
    if sort == "oldest":
        return sorted(keys, key=lambda k: (not metas[k]["date"], metas[k]["date"], k))
    return sorted(keys, key=lambda k: (not metas[k]["date"], _neg_date(metas[k]["date"]), k))


def _neg_date(date: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in date.split("-")) if date else (0,)


def _facet_list(counts: Counter, selected: frozenset[str], size: int | None) -> list[tuple[str, int]]:
    ranked = sorted(((v, c) for v, c in counts.items() if c > 0), key=lambda item: (-item[1], item[0]))
    if size is not None:
        top = ranked[: size + 1]
        shown = {v for v, _ in top}
        top.extend((v, counts.get(v, 0)) for v in sorted(selected) if v not in shown)
        return top
    shown = {v for v, _ in ranked}
    return ranked + [(v, 0) for v in sorted(selected) if v not in shown]
