"""Whoosh's single-writer design: queued changes, run_indexer, batch imports, rebuild by generation swap."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import Notice
from archive.services import ImportSource, import_notice
from search.backends import get_backend
from search.backends.base import SearchRequest
from search.backends.whoosh import CURRENT_FILE, GENERATION_PREFIX, WhooshBackend
from search.models import IndexTask
from search.query import parse_query
from tests.conftest import SEEDS_DIR

GUANGZHOU = SEEDS_DIR / "003_c3387b14ef64247a.txt"
TIANXIN = SEEDS_DIR / "002_ae5bea88daee5e31.txt"


@pytest.fixture(autouse=True)
def _whoosh(settings):
    # These tests are about Whoosh's single writer, whatever backend the suite runs with.
    settings.SEARCH_BACKEND = "whoosh"


def _import(path) -> Notice:
    return import_notice(source=ImportSource(path.name, path.read_bytes())).notice


def _keys(q: str, backend=None) -> set[str]:
    backend = backend or get_backend()
    return {hit.key for hit in backend.search(SearchRequest(parse_query(q).query)).hits}


@pytest.mark.django_db
def test_a_change_made_while_the_lock_is_held_is_queued_then_applied_by_run_indexer():
    backend = get_backend()
    backend.clear()
    holder = WhooshBackend(backend.index_dir)._writer()  # another process holding the lock
    try:
        notice = _import(GUANGZHOU)
        assert list(IndexTask.objects.values_list("notice_key", flat=True)) == [notice.key]
        assert _keys("广州") == set()
        with pytest.raises(CommandError, match="run_indexer --once"):
            call_command("check_index", verbosity=0, stderr=StringIO())
    finally:
        holder.cancel()
    out = StringIO()
    call_command("run_indexer", "--once", stdout=out)
    assert "已索引 1 篇" in out.getvalue()
    assert _keys("广州") == {notice.key}
    assert not IndexTask.objects.exists()


@pytest.mark.django_db
def test_with_inline_indexing_off_only_run_indexer_writes(settings):
    settings.SEARCH_INDEX_INLINE = False
    notice = _import(GUANGZHOU)
    assert _keys("广州") == set()
    call_command("run_indexer", "--once", verbosity=0)
    assert _keys("广州") == {notice.key}
    Notice.objects.get(pk=notice.pk).delete()
    assert _keys("广州") == {notice.key}
    call_command("run_indexer", "--once", verbosity=0)
    assert _keys("广州") == set()


@pytest.mark.django_db(transaction=True)
def test_a_batch_import_indexes_everything_in_a_few_writes(settings):
    settings.SEARCH_BATCH_SIZE = 2
    call_command("import_notices", str(SEEDS_DIR), stdout=StringIO(), stderr=StringIO())
    assert not IndexTask.objects.exists()
    assert set(get_backend().fingerprints()) == set(Notice.objects.values_list("key", flat=True))
    assert len(get_backend().fingerprints()) == 5


@pytest.mark.django_db
def test_rebuild_swaps_in_a_new_generation_and_keeps_changes_made_meanwhile():
    first = _import(GUANGZHOU)
    backend = get_backend()
    reader = WhooshBackend(backend.index_dir)  # another process, already searching
    assert _keys("广州", reader) == {first.key}
    before = (backend.index_dir / CURRENT_FILE).read_text()
    added: list[Notice] = []

    def change_during_rebuild(_count):
        if not added:  # the rebuild holds the lock: this import can only queue its change
            added.append(_import(TIANXIN))

    backend.rebuild(progress=change_during_rebuild)
    assert (backend.index_dir / CURRENT_FILE).read_text() != before
    assert _keys("天心区", reader) == {added[0].key}
    assert _keys("广州", reader) == {first.key}
    assert not IndexTask.objects.exists()
    backend.rebuild()
    backend.rebuild()
    generations = [p for p in backend.index_dir.iterdir() if p.name.startswith(GENERATION_PREFIX)]
    assert len(generations) == 2  # the live one and the one before it


@pytest.mark.django_db
def test_run_indexer_refuses_a_backend_that_writes_in_the_database(settings):
    settings.SEARCH_BACKEND = "postgres"
    with pytest.raises(CommandError, match="只有 SEARCH_BACKEND=whoosh 时才需要 run_indexer"):
        call_command("run_indexer", "--once")
