"""The notice-level values of one index reader, kept in memory: filters, facets, sorting, lengths.

A reader after a write differs from the one before by a few notices: a new
segment, and deletions in older ones. :meth:`NoticeTable.advance` builds the
new table from the previous one by removing and adding only those notices
(copying the containers, so a thread still using the previous table is not
disturbed), instead of going over every notice again; after a merge, which
renumbers documents, :meth:`NoticeTable.read` builds it afresh.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .. import analysis
from .base import FACETS
from .whoosh_reader import SegmentValues

GROUPS = ("", "title", "body")  # text groups: content, title, issuing bodies


@dataclass
class NoticeTable:
    """What one index reader knows about its notices."""

    # key → values, date, fingerprint, length, title, body, order, type_paths; values and type_paths
    # are ((facet or type, (values or paths…)), …) tuples, so the collector can stop tracking the meta
    metas: dict[str, dict]
    keys_by_doc: list[str]  # docnum → notice key
    docnums: dict[str, int]  # key → its content document's number
    lengths: dict[str, dict[str, int]]  # text group → key → length in characters
    values: dict[str, dict[str, tuple[str, ...]]]  # facet → key → the notice's values
    keys_with: dict[str, dict[str, set[str]]]  # facet → value → keys of the notices having it
    newest: list[str]  # every key, newest first (undated last, ties by key)
    oldest: list[str]
    type_sections: dict[str, dict[str, int]]  # type → key → sections carrying it
    # segment id → (docnum base, deleted docnums) as read: what advance() compares with
    segments: dict[str, tuple[int, frozenset[int]]] = field(default_factory=dict)
    average: dict[str, float] = field(default_factory=dict)  # text group → average length
    counts_of_all: dict[str, Counter] = field(default_factory=dict)  # facet → counts over every notice
    sections_of_all: Counter | None = None  # type → sections over every notice
    _shared: bool = False  # the keys_with sets may belong to the previous table too
    _copied: set = field(default_factory=set)  # (facet, value) sets already copied for this table

    @classmethod
    def read(cls, reader, segment_values: SegmentValues, previous: NoticeTable | None = None) -> NoticeTable:
        """The table of ``reader``; from ``previous`` where the reader only adds segments and deletions."""
        parts = segment_values.read(reader)
        if previous is not None:
            table = previous._advance(parts)
            if table is not None:
                return table
        table = cls({}, [], {}, {group: {} for group in GROUPS}, {f: {} for f in FACETS}, {}, [], [], {})
        table.keys_with = {facet: defaultdict(set) for facet in FACETS}
        added = {}
        for segment_id, base, keys, notices, contents, deleted in parts:
            added.update((key, meta) for docnum, key, meta in notices if docnum not in deleted)
            table.docnums.update((key, base + docnum) for docnum, key in contents if docnum not in deleted)
            table.keys_by_doc.extend(keys)
            table.segments[segment_id] = (base, deleted)
        table._add(added, sort=True)
        table._finish()
        return table

    def _advance(self, parts) -> NoticeTable | None:
        seen = self.segments
        kept = [part for part in parts if part[0] in seen]
        if len(kept) != len(seen) or any(seen[part[0]][0] != part[1] for part in kept):
            return None  # segments merged away or renumbered: read afresh
        if [part[0] for part in parts[: len(kept)]] != [part[0] for part in kept]:
            return None  # new segments not at the end
        table = NoticeTable(
            dict(self.metas),
            list(self.keys_by_doc),
            dict(self.docnums),
            {group: dict(found) for group, found in self.lengths.items()},
            {facet: dict(found) for facet, found in self.values.items()},
            {facet: defaultdict(set, found) for facet, found in self.keys_with.items()},
            list(self.newest),
            list(self.oldest),
            {slug: dict(found) for slug, found in self.type_sections.items()},
            dict(self.segments),
        )
        table._shared = True
        removed = set()
        for segment_id, base, _keys, notices, _contents, deleted in kept:
            gone = deleted - seen[segment_id][1]
            if gone:
                removed.update(key for docnum, key, _meta in notices if docnum in gone)
                table.segments[segment_id] = (base, deleted)
        table._remove(removed)
        added = {}
        for segment_id, base, keys, notices, contents, deleted in parts[len(kept) :]:
            added.update((key, meta) for docnum, key, meta in notices if docnum not in deleted)
            table.docnums.update((key, base + docnum) for docnum, key in contents if docnum not in deleted)
            table.keys_by_doc.extend(keys)
            table.segments[segment_id] = (base, deleted)
        table._add(added, sort=False)
        table._finish()
        return table

    def _holders(self, facet: str, value: str) -> set[str]:
        """The set of keys having ``value``, ready to change (a copy if the previous table shares it)."""
        holders = self.keys_with[facet].get(value)
        if holders is None:
            holders = self.keys_with[facet][value] = set()
        elif self._shared and (facet, value) not in self._copied:
            holders = self.keys_with[facet][value] = set(holders)
            self._copied.add((facet, value))
        return holders

    def _remove(self, keys: set[str]) -> None:
        if not keys:
            return
        for key in keys:
            meta = self.metas.pop(key, None)
            if meta is None:
                continue
            self.docnums.pop(key, None)
            for found in self.lengths.values():
                found.pop(key, None)
            for facet in FACETS:
                for value in self.values[facet].pop(key, ()):
                    self._holders(facet, value).discard(key)
            for slug, _paths in meta["type_paths"]:
                self.type_sections[slug].pop(key, None)
        self.newest = [key for key in self.newest if key not in keys]
        self.oldest = [key for key in self.oldest if key not in keys]

    def _add(self, added: dict[str, dict], *, sort: bool) -> None:
        self.metas.update(added)
        for key, meta in added.items():
            for group in GROUPS:
                self.lengths[group][key] = _length(meta, group)
            values = dict(meta["values"])
            for facet in FACETS:
                found = self.values[facet][key] = values.get(facet, ())
                for value in found:
                    self._holders(facet, value).add(key)
            for slug, paths in meta["type_paths"]:
                self.type_sections.setdefault(slug, {})[key] = len(paths)
        metas = self.metas
        if sort:
            self.newest = sorted(metas, key=lambda k: _newest_key(metas[k], k))
            self.oldest = sorted(metas, key=lambda k: _oldest_key(metas[k], k))
            return
        for key in added:
            insort(self.newest, key, key=lambda k: _newest_key(metas[k], k))
            insort(self.oldest, key, key=lambda k: _oldest_key(metas[k], k))

    def _finish(self) -> None:
        self.average = {
            group: max(1.0, sum(found.values()) / max(1, len(found))) for group, found in self.lengths.items()
        }


def _newest_key(meta: dict, key: str) -> tuple:
    return (not meta["date"], meta["order"], key)


def _oldest_key(meta: dict, key: str) -> tuple:
    return (not meta["date"], meta["date"], key)


def _length(meta: dict, group: str) -> int:
    if group:
        return len(meta[group]) - meta[group].count(analysis.RUN_SEPARATOR)
    return meta["length"]
