"""Opening readers on the embedded index cheaply, and reading each segment's notice values once.

Whoosh's own reader opening is costly on this index in two ways: a compound
segment file is opened by copying each of its parts into memory, and
``Searcher.refresh()`` reuses segment readers by segment id even when a
segment gained deletions since (its reader would still show deleted
notices). The index is therefore written as plain segment files (the
backend's writers pass ``compound=False``), read from the operating system's
page cache, and :func:`open_reader` reuses a previous reader's segment
readers only for segments that are unchanged, deletions included. A write
then costs the next query only the opening of the new segment.

:class:`SegmentValues` keeps, per segment, what its documents store (notice
key, and for notice documents their parsed values), so a new reader parses
only the new segments; :class:`SegmentResults` keeps per segment the
documents matching a query string, so a query repeated after a write
searches only the new segment.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict

from whoosh.reading import EmptyReader, MultiReader, SegmentReader

from .whoosh_schema import CONTENT_KIND, NOTICE_KIND


def _state(segment) -> tuple[str, int]:
    # Deletions only grow within a segment, so their count tells a changed segment apart.
    return segment.segment_id(), segment.deleted_count()


def open_reader(ix, previous=None):
    """A reader on the index's latest generation, reusing ``previous``'s readers of unchanged segments.

    Readers of ``previous`` that are not reused are closed: ``previous`` must
    not be used afterwards.
    """
    toc = ix._read_toc()
    reusable = {}
    if previous is not None:
        reusable = {_state(reader.segment()): reader for reader, _base in previous.leaf_readers() if reader.segment()}
    try:
        readers = []
        for segment in toc.segments:
            reader = reusable.pop(_state(segment), None)
            if reader is None:
                reader = SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
            readers.append(reader)
    finally:
        for reader in reusable.values():
            reader.close()
    if not readers:
        return EmptyReader(toc.schema)
    if len(readers) == 1:
        readers[0]._gen = toc.generation  # a reused reader reports the generation it now belongs to
        return readers[0]
    return MultiReader(readers, generation=toc.generation)


class SegmentValues:
    """Per segment id: each document's notice key, and the parsed values of its notice documents."""

    def __init__(self):
        self._segments: dict[str, tuple] = {}
        self._lock = threading.Lock()

    def read(self, reader) -> list[tuple]:
        """For each segment of ``reader``: (segment id, docnum base, keys by docnum, notice documents
        as (docnum, key, values), content documents as (docnum, key), deleted docnums)."""
        found = []
        current = set()
        for segment_reader, base in reader.leaf_readers():
            segment = segment_reader.segment()
            if segment is None:  # an empty reader
                continue
            segment_id = segment.segment_id()
            current.add(segment_id)
            entry = self._segments.get(segment_id)
            if entry is None:
                entry = _parse(segment_reader)
                with self._lock:
                    self._segments[segment_id] = entry
            deleted = segment_reader.deleted_docs_set if segment_reader.has_deletions() else frozenset()
            found.append((segment_id, base, *entry, deleted))
        with self._lock:  # segments merged away are forgotten
            for segment_id in set(self._segments) - current:
                del self._segments[segment_id]
        return found


def _parse(segment_reader) -> tuple[list[str], list[tuple[int, str, dict]], list[tuple[int, str]]]:
    keys, notices, contents = [], [], []
    for docnum in range(segment_reader.doc_count_all()):
        stored = segment_reader.stored_fields(docnum)
        keys.append(stored.get("notice", ""))
        if stored.get("kind") == NOTICE_KIND:
            meta = json.loads(stored["meta"])
            # Tuples of atoms only inside the meta dict: the collector then stops tracking it (and the
            # tuples) once it has seen them, so a large archive's table costs full collections nothing
            # per notice. A nested dict or list would keep the meta dict tracked for good.
            meta["values"] = tuple((facet, tuple(values)) for facet, values in meta["values"].items())
            # An index written before sections had types counts none.
            meta["type_paths"] = tuple((slug, tuple(paths)) for slug, paths in meta.get("type_paths", {}).items())
            meta["order"] = tuple(-int(part) for part in meta["date"].split("-")) if meta["date"] else (0,)
            notices.append((docnum, stored["notice"], meta))
        elif stored.get("kind") == CONTENT_KIND:
            contents.append((docnum, stored["notice"]))
    return keys, notices, contents


class SegmentResults:
    """A bounded cache of per-segment answers: (segment id, query piece) → matching document numbers.

    A segment's documents never change once written (deletions are applied
    by the caller), so an answer stays right as long as its segment exists;
    the least recently used answers go first when ``max_bytes`` is reached.
    """

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[tuple[str, str], object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]):
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[str, str], docnums) -> None:
        """Keep ``docnums`` (an ``array``) for ``key``."""
        size = docnums.itemsize * len(docnums) + 200  # the array, its key and the entry
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self.size -= previous.itemsize * len(previous) + 200
            self._entries[key] = docnums
            self.size += size
            while self.size > self.max_bytes and self._entries:
                _key, dropped = self._entries.popitem(last=False)
                self.size -= dropped.itemsize * len(dropped) + 200
