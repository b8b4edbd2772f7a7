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


def _typed_document(key: str, text: str):
    from dataclasses import replace

    return replace(small_document(key, text), types=("gongche",), type_paths=(("gongche", ("1",)),))


@pytest.mark.django_db
def test_the_table_leaves_nothing_per_notice_for_the_garbage_collector(tmp_path):
    """After the collector has seen the table once, none of its per-notice containers is tracked.

    A full collection walks every tracked container; with lists or sets per
    notice, a table of 10,000 notices made every fifth request pause for a
    quarter of a second.
    """
    import gc

    backend = WhooshBackend(tmp_path)
    backend.index_documents([_typed_document(k, f"公车整改{k}") for k in "abcdefgh"])
    backend.index_documents([_typed_document("z", "新的一段")])  # a second segment: the advanced table too
    table = backend._table(backend._searcher())
    assert table.metas["a"]["type_paths"] == (("gongche", ("1",)),)
    for _ in range(3):  # dicts are untracked only in full collections, an inner one before its holder
        gc.collect()
    tracked = [
        (key, name)
        for key, meta in table.metas.items()
        for name, value in (("meta", meta), *meta.items())
        if gc.is_tracked(value)
    ]
    tracked += [(key, facet) for facet, by_key in table.values.items() for key, v in by_key.items() if gc.is_tracked(v)]
    assert tracked == []
    assert not any(gc.is_tracked(by_key) for by_key in table.values.values())


def test_by_relevance_scored_notices_come_first_then_the_rest_newest_first():
    from types import SimpleNamespace

    from search.backends.whoosh_match import ordered

    dates = {"a": "2020-01-01", "b": "2023-05-01", "c": "", "d": "2021-07-01", "e": "2023-05-01", "f": "2019-01-01"}
    metas = {k: {"order": tuple(-int(p) for p in d.split("-")) if d else (0,)} for k, d in dates.items()}
    newest = sorted(metas, key=lambda k: (not dates[k], metas[k]["order"], k))
    table = SimpleNamespace(metas=metas, newest=newest, oldest=newest[::-1])
    scores = {"f": 2.0, "a": 3.0}
    matching = {"a", "b", "c", "d", "e", "f"}
    everything = sorted(matching, key=lambda k: (-scores.get(k, 0.0), metas[k]["order"], k))
    assert everything == ["a", "f", "b", "e", "d", "c"]
    for count in range(1, 8):
        assert ordered(table, matching, scores, "relevance", count) == everything[:count]
    # Notices outside the matching set never appear, scored or not.
    assert ordered(table, matching - {"a", "b"}, scores, "relevance", 3) == ["f", "e", "d"]
