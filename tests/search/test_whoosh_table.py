"""The in-memory notice table follows writes incrementally and equals a table read afresh."""

from __future__ import annotations

import copy

import pytest

from search.backends.whoosh import WhooshBackend
from search.backends.whoosh_reader import SegmentValues
from search.backends.whoosh_table import NoticeTable

from .samples import small_document

FIELDS = ("metas", "keys_by_doc", "docnums", "lengths", "values", "type_sections", "newest", "oldest", "average")


def _comparable(table: NoticeTable) -> dict:
    found = {name: getattr(table, name) for name in FIELDS}
    found["keys_with"] = {f: {v: keys for v, keys in by.items() if keys} for f, by in table.keys_with.items()}
    return found


@pytest.mark.django_db
def test_tables_advanced_write_by_write_equal_fresh_ones(tmp_path):
    backend = WhooshBackend(tmp_path)
    backend.index_documents([small_document(k, f"整改通报{k}") for k in ("a", "b", "c")])
    steps = [
        lambda: backend.index_documents([small_document("d", "新的通报")]),  # a new segment
        lambda: backend.index_documents([small_document("a", "改过的通报")]),  # an update: deletion + segment
        lambda: backend.remove_notice("b"),  # a deletion only
        lambda: backend.index_documents([small_document("e", "又一篇"), small_document("c", "再改")]),
    ]
    table = backend._table(backend._searcher())
    for step in steps:
        before = copy.deepcopy(_comparable(table))
        step()
        searcher = backend._searcher()
        advanced = backend._table(searcher)
        assert advanced is not table and advanced.segments.keys() >= table.segments.keys()
        fresh = NoticeTable.read(searcher.reader(), SegmentValues())
        assert _comparable(advanced) == _comparable(fresh)
        assert _comparable(table) == before  # the previous table is left as it was
        table = advanced
    assert set(table.metas) == {"a", "c", "d", "e"}
    backend.merge_segments(optimize=True)  # renumbers documents: read afresh
    merged = backend._table(backend._searcher())
    assert _comparable(merged)["metas"] == _comparable(table)["metas"]
