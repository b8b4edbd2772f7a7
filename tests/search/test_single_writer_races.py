"""The Whoosh single writer when a notice changes again while its queued change is being written.

Another process saving the same notice cannot take the index lock: it only
queues a task. Whatever moment that happens, the task must survive until a
writer has read the newer state, so the index ends up with the newest
version. The interleavings are played step by step (no sleeping, no luck).
"""

from __future__ import annotations

import pytest

from archive.models import Notice
from archive.services import ImportSource, import_notice
from search.backends import get_backend
from search.backends import whoosh as whoosh_module
from search.backends.base import SearchRequest
from search.models import IndexTask
from search.query import parse_query
from tests.conftest import SEEDS_DIR

GUANGZHOU = SEEDS_DIR / "003_c3387b14ef64247a.txt"
NEW_TITLE = "量子纠缠专项整改情况通报"


@pytest.fixture
def notice(settings) -> Notice:
    """A published notice, indexed; later changes are only queued (as by a web worker that cannot write)."""
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_INLINE = False
    notice = import_notice(source=ImportSource(GUANGZHOU.name, GUANGZHOU.read_bytes()), publish=True).notice
    get_backend().apply_pending()
    assert _titles_found("广州") == {notice.key}
    return notice


def _titles_found(q: str) -> set[str]:
    return {hit.key for hit in get_backend().search(SearchRequest(parse_query(f"title:{q}").query)).hits}


def _change_elsewhere(notice: Notice) -> None:
    """What another process does: save a newer title and queue the notice (it cannot write the index)."""
    Notice.objects.filter(pk=notice.pk).update(title=NEW_TITLE)
    IndexTask.objects.create(notice_key=notice.key)


@pytest.mark.django_db
def test_a_change_queued_while_the_notice_is_being_written_is_applied(notice, monkeypatch):
    IndexTask.objects.create(notice_key=notice.key)  # the change being written now
    real = whoosh_module.document_for_key
    calls = []

    def read_then_changed_elsewhere(key):
        document = real(key)  # the writer has read the notice's state...
        calls.append(document.title)
        if len(calls) == 1:
            _change_elsewhere(notice)  # ...and meanwhile the notice changes again
        return document

    monkeypatch.setattr(whoosh_module, "document_for_key", read_then_changed_elsewhere)
    get_backend().apply_pending()
    assert calls[0] != NEW_TITLE and calls[-1] == NEW_TITLE
    assert _titles_found("量子纠缠") == {notice.key}
    assert not IndexTask.objects.exists()


@pytest.mark.django_db
def test_a_change_queued_between_commit_and_clearing_the_queue_is_applied(notice, monkeypatch):
    IndexTask.objects.create(notice_key=notice.key)
    backend = get_backend()
    real_writer = backend._writer
    commits = []

    def writer_whose_commit_races(**kwargs):
        writer = real_writer(**kwargs)
        real_commit = writer.commit

        def commit(**commit_kwargs):
            real_commit(**commit_kwargs)
            commits.append(1)
            if len(commits) == 1:
                _change_elsewhere(notice)  # after the commit, before the applied tasks are cleared

        writer.commit = commit
        return writer

    monkeypatch.setattr(backend, "_writer", writer_whose_commit_races)
    backend.apply_pending()
    assert len(commits) == 2
    assert _titles_found("量子纠缠") == {notice.key}
    assert not IndexTask.objects.exists()


@pytest.mark.django_db
def test_a_task_stays_queued_when_writing_fails(notice, monkeypatch):
    Notice.objects.filter(pk=notice.pk).update(title=NEW_TITLE)
    IndexTask.objects.create(notice_key=notice.key)
    backend = get_backend()

    def broken(key):
        raise RuntimeError("disk full")

    monkeypatch.setattr(whoosh_module, "document_for_key", broken)
    with pytest.raises(RuntimeError):
        backend.apply_pending()
    assert list(IndexTask.objects.values_list("notice_key", flat=True)) == [notice.key]
    monkeypatch.undo()
    get_backend().apply_pending()
    assert _titles_found("量子纠缠") == {notice.key}
    assert not IndexTask.objects.exists()


@pytest.mark.django_db
def test_several_tasks_for_one_notice_are_written_once(notice, monkeypatch):
    for _ in range(3):
        IndexTask.objects.create(notice_key=notice.key)
    real = whoosh_module.document_for_key
    reads = []
    monkeypatch.setattr(whoosh_module, "document_for_key", lambda key: reads.append(key) or real(key))
    assert get_backend().apply_pending() == 1
    assert reads == [notice.key]
    assert not IndexTask.objects.exists()


def test_opening_retries_when_a_commit_elsewhere_removes_the_table_of_contents(tmp_path, monkeypatch):
    """Another process's commit may delete the table of contents this one is about to read."""
    whoosh_module.WhooshBackend(tmp_path).clear()
    real_open = whoosh_module.whoosh_index.open_dir
    failures = []

    def open_racing_a_commit(path, *args, **kwargs):
        if len(failures) < whoosh_module.OPEN_ATTEMPTS - 1:
            failures.append(path)
            raise FileNotFoundError(f"{path}/_MAIN_1.toc")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(whoosh_module.whoosh_index, "open_dir", open_racing_a_commit)
    fresh = whoosh_module.WhooshBackend(tmp_path)  # another process, opening while the index changes
    assert fresh.search(SearchRequest(parse_query("整改").query)).total == 0
    assert len(failures) == whoosh_module.OPEN_ATTEMPTS - 1
