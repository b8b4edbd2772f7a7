"""Index maintenance stays out of requests: appends only; merges in run_indexer and commands; repair; the check."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from archive.models import Notice
from archive.services import ImportSource, import_notice, publish_notice
from search.backends import get_backend
from search.backends.base import SearchRequest
from search.models import IndexTask
from search.query import parse_query
from tests.conftest import SEEDS_DIR

SEEDS = sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture
def whoosh(settings):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_MAX_SEGMENTS = 3
    backend = get_backend()
    backend.clear()
    return backend


def _import(path, *, publish=True) -> Notice:
    return import_notice(source=ImportSource(path.name, path.read_bytes()), publish=publish).notice


def _keys(q: str) -> set[str]:
    return {hit.key for hit in get_backend().search(SearchRequest(parse_query(q).query)).hits}


@pytest.mark.django_db
def test_single_writes_append_segments_and_never_merge(whoosh):
    start = whoosh.segment_count()
    notices = [_import(path) for path in SEEDS]
    # One segment per write: Whoosh's default policy would have merged the small ones here.
    assert whoosh.segment_count() == start + len(SEEDS)
    assert _keys("整改") == {n.key for n in notices}


@pytest.mark.django_db
def test_publishing_appends_without_merging(whoosh):
    for path in SEEDS[:4]:
        _import(path)
    notice = _import(SEEDS[4], publish=False)
    before = whoosh.segment_count()
    publish_notice(notice=notice)
    assert whoosh.segment_count() == before + 1


@pytest.mark.django_db
def test_run_indexer_merges_once_segments_pile_up(whoosh):
    for path in SEEDS:
        _import(path)
    assert whoosh.segment_count() > 3
    out = StringIO()
    call_command("run_indexer", "--once", stdout=out)
    assert "已合并索引分段" in out.getvalue()
    assert whoosh.segment_count() <= 3
    call_command("check_index", verbosity=0)  # nothing lost in the merge
    call_command("run_indexer", "--once", "--optimize", verbosity=0)
    assert whoosh.segment_count() == 1
    call_command("check_index", verbosity=0)


@pytest.mark.django_db
def test_import_notices_merges_at_the_end(whoosh, settings, tmp_path):
    settings.SEARCH_BATCH_SIZE = 1  # a commit per notice, so the batch leaves many segments
    call_command("import_notices", *map(str, SEEDS), verbosity=0)
    assert whoosh.segment_count() <= 3
    call_command("check_index", verbosity=0)


@pytest.mark.django_db
def test_check_index_repair_fixes_missing_stale_and_extra(whoosh):
    kept, edited, removed = (_import(path) for path in SEEDS[:3])
    Notice.objects.filter(pk=edited.pk).update(title="修改后的标题")  # changed behind the index's back
    Notice.objects.filter(pk=removed.pk).update(status=Notice.Status.REVIEW)
    IndexTask.objects.all().delete()
    whoosh.remove_notice(kept.key)
    err = StringIO()
    with pytest.raises(CommandError, match="check_index --repair"):
        call_command("check_index", verbosity=0, stderr=err)
    assert f"索引中缺少:{kept.key}" in err.getvalue()
    assert f"索引内容过期:{edited.key}" in err.getvalue()
    assert f"索引中多余(未发布或已删除):{removed.key}" in err.getvalue()
    out = StringIO()
    call_command("check_index", "--repair", stdout=out, stderr=StringIO())
    assert "检索索引与数据库一致" in out.getvalue()
    call_command("check_index", verbosity=0)
    assert removed.key not in _keys("巡")


@pytest.mark.django_db
def test_check_index_repair_rebuilds_an_index_that_is_gone(whoosh):
    import shutil

    notice = _import(SEEDS[0])
    shutil.rmtree(whoosh.index_dir)
    with pytest.raises(CommandError, match="rebuild_index"):
        call_command("check_index", verbosity=0)
    call_command("check_index", "--repair", verbosity=0, stderr=StringIO())
    call_command("check_index", verbosity=0)
    assert notice.key in _keys("巡")


def test_several_workers_with_inline_whoosh_indexing_warn(settings, monkeypatch):
    settings.SEARCH_BACKEND = "whoosh"
    settings.SEARCH_INDEX_INLINE = True
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    with pytest.raises(SystemCheckError, match="search.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "search")
    monkeypatch.setenv("GUNICORN_WORKERS", "1")  # gunicorn.conf.py's own setting wins over WEB_CONCURRENCY
    call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "search", stdout=StringIO())


@pytest.mark.parametrize("inline, backend", [(False, "whoosh"), (True, "postgres")])
def test_no_warning_with_a_single_writer_or_a_database_backend(settings, monkeypatch, inline, backend):
    from search.checks import check_inline_indexing

    settings.SEARCH_BACKEND = backend
    settings.SEARCH_INDEX_INLINE = inline
    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    assert check_inline_indexing() == []


@pytest.mark.django_db
def test_a_long_notice_is_only_queued_by_a_request_and_written_by_run_indexer(whoosh, settings):
    settings.SEARCH_INLINE_MAX_CHARS = 9000  # between the shortest sample and the longest
    lengths = {path: len(path.read_text(encoding="utf-8")) for path in SEEDS}
    long_path = max(lengths, key=lengths.get)
    short_path = min(lengths, key=lengths.get)
    long_notice = _import(long_path)
    assert list(IndexTask.objects.values_list("notice_key", flat=True)) == [long_notice.key]
    assert long_notice.key not in _keys("整改")
    short_notice = _import(short_path)  # the next request writes its own notice, not the long one
    assert _keys("整改") == {short_notice.key}
    assert list(IndexTask.objects.values_list("notice_key", flat=True)) == [long_notice.key]
    out = StringIO()
    call_command("run_indexer", "--once", stdout=out)
    assert "已索引 1 篇" in out.getvalue()
    assert _keys("整改") == {short_notice.key, long_notice.key}
    call_command("check_index", verbosity=0)
