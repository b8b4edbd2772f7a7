"""``manage.py check_index``: report notices missing from, stale in, or extra in the index."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from search.backends import get_backend
from search.documents import notice_document, notices_for_indexing
from search.models import IndexTask


class Command(BaseCommand):
    help = "检查检索索引是否与数据库一致;不一致时以非零状态退出。"

    def handle(self, *args, verbosity: int, **options):
        backend = get_backend()
        health = backend.health()
        if not health.ok:
            raise CommandError(" ".join(health.messages))
        indexed = backend.fingerprints()
        missing, stale = [], []
        for notice in notices_for_indexing().iterator(chunk_size=50):
            fingerprint = indexed.pop(notice.key, None)
            if fingerprint is None:
                missing.append(notice.key)
            elif fingerprint != notice_document(notice).fingerprint:
                stale.append(notice.key)
        extra = sorted(indexed)
        for label, keys in (("索引中缺少", missing), ("索引内容过期", stale), ("索引中多余(未发布或已删除)", extra)):
            for key in keys:
                self.stderr.write(f"{label}:{key}")
        if missing or stale or extra:
            queued = IndexTask.objects.count() if backend.queues_writes else 0
            fix = (
                f"有 {queued} 项更改在队列中等待写入:请运行 manage.py run_indexer --once。"
                if queued
                else "请运行 manage.py rebuild_index。"
            )
            raise CommandError(
                f"检索索引与数据库不一致:缺少 {len(missing)} 篇,过期 {len(stale)} 篇,多余 {len(extra)} 篇。{fix}"
            )
        if verbosity >= 1:
            detail = health.messages[0] if health.messages else ""
            self.stdout.write(self.style.SUCCESS(f"检索索引与数据库一致。{detail}"))
