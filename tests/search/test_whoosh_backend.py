"""The backend contract for the embedded Whoosh index, plus Whoosh's own concerns: locking."""

from __future__ import annotations

import multiprocessing

import pytest

from search.backends.base import IndexBusyError
from search.backends.whoosh import WhooshBackend
from search.documents import NoticeDocument

from .contract import BackendContract
from .samples import small_document


class TestWhooshBackend(BackendContract):
    @staticmethod
    def make_backend(index_dir):
        return WhooshBackend(index_dir)


def _document(key: str, version: int) -> NoticeDocument:
    return small_document(key, f"版本{version} 整改通报{key}")


def _write_versions(index_dir: str, key: str, versions: int) -> None:
    backend = WhooshBackend(index_dir, lock_timeout=5, lock_attempts=12)
    for version in range(1, versions + 1):
        backend.index_documents([_document(key, version)])


def test_concurrent_writers_lose_no_update(tmp_path):
    """Two processes rewrite their own notices at once; every final version arrives, no error."""
    index_dir = str(tmp_path / "index")
    WhooshBackend(index_dir).clear()
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_write_versions, args=(index_dir, key, 15)) for key in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0]
    backend = WhooshBackend(index_dir)
    assert backend.fingerprints() == {key: _document(key, 15).fingerprint for key in ("a", "b")}
    searcher = backend._searcher()
    assert searcher.doc_count() == 4  # one notice document and one section each: no duplicates


def test_a_writer_waits_for_the_lock_then_reports_busy(tmp_path):
    holder = WhooshBackend(tmp_path)
    holder.clear()
    writer = holder._writer()  # hold the lock
    try:
        impatient = WhooshBackend(tmp_path, lock_timeout=0.2, lock_attempts=2)
        with pytest.raises(IndexBusyError):
            impatient.index_documents([_document("c", 1)])
    finally:
        writer.cancel()
    WhooshBackend(tmp_path, lock_timeout=0.2, lock_attempts=2).index_documents([_document("c", 1)])
    assert set(WhooshBackend(tmp_path).fingerprints()) == {"c"}


def test_constructor_touches_nothing(tmp_path):
    WhooshBackend(tmp_path / "not-yet")
    assert not (tmp_path / "not-yet").exists()


def test_health_reports_a_missing_index(tmp_path):
    report = WhooshBackend(tmp_path / "none").health()
    assert not report.ok and "rebuild_index" in report.messages[0]
