"""``manage.py check_index``: report notices missing from, stale in, or extra in the index; ``--repair`` fixes them."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.backends import get_backend
from search.backends.base import IndexBusyError, KeyOnly
from search.documents import notice_document, notices_for_indexing
from search.models import IndexTask


class Command(BaseCommand):
    help = "检查检索索引是否与数据库一致;不一致时以非零状态退出。--repair 写入缺少和过期的通报、删除多余的。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="修复:应用排队的更改,重新索引缺少或过期的通报,删除多余的"
        )

    def handle(self, *args, repair: bool, verbosity: int, **options):
        backend = get_backend()
        health = backend.health()
        if not health.ok and not repair:
            raise CommandError(" ".join([*health.messages, "也可运行 manage.py check_index --repair。"]))
        missing, stale, extra = self._compare(backend) if health.ok else ([], [], [])
        for label, keys in (("索引中缺少", missing), ("索引内容过期", stale), ("索引中多余(未发布或已删除)", extra)):
            for key in keys:
                self.stderr.write(f"{label}:{key}")
        derived = backend.derived_problems() if health.ok else []
        for message in derived:
            self.stderr.write(message)
        problems = bool(missing or stale or extra or not health.ok)
        if problems and repair:
            self._repair(backend, health.ok, [*missing, *stale, *extra], verbosity)
            missing, stale, extra = self._compare(backend)
            problems = bool(missing or stale or extra)
        if (problems or derived) and repair:
            # After the entries are right: the totals are recounted from them.
            derived = backend.derived_problems()
            if derived:
                backend.repair_derived()
                if verbosity >= 1:
                    self.stdout.write("已按检索表重新计算分面合计。")
                derived = backend.derived_problems()
        if derived and not problems:
            raise CommandError(" ".join([*derived, "请运行 manage.py check_index --repair。"]))
        if problems:
            queued = IndexTask.objects.count()
            writer = "run_indexer" if backend.queues_writes else "process_ingest"
            fix = (
                f"有 {queued} 项更改在队列中等待写入:请运行 manage.py {writer} --once。"
                if queued
                else "请运行 manage.py check_index --repair 或 manage.py rebuild_index。"
            )
            raise CommandError(
                f"检索索引与数据库不一致:缺少 {len(missing)} 篇,过期 {len(stale)} 篇,多余 {len(extra)} 篇。{fix}"
            )
        if verbosity >= 1:
            detail = backend.health().messages
            self.stdout.write(self.style.SUCCESS(f"检索索引与数据库一致。{detail[0] if detail else ''}"))

    def _compare(self, backend) -> tuple[list[str], list[str], list[str]]:
        indexed = backend.fingerprints()
        missing, stale = [], []
        for notice in notices_for_indexing().iterator(chunk_size=50):
            fingerprint = indexed.pop(notice.key, None)
            if fingerprint is None:
                missing.append(notice.key)
            elif fingerprint != notice_document(notice).fingerprint:
                stale.append(notice.key)
        return missing, stale, sorted(indexed)

    def _repair(self, backend, healthy: bool, keys: list[str], verbosity: int) -> None:
        try:
            if not healthy:
                # An index that cannot be read (missing, old layout) is written afresh.
                count = backend.rebuild()
                if verbosity >= 1:
                    self.stdout.write(f"已重建检索索引:{count} 篇通报。")
                return
            if backend.queues_writes:
                IndexTask.objects.bulk_create(IndexTask(notice_key=key) for key in keys)
                applied = backend.apply_pending(wait=True)
                before, after = backend.merge_segments(threshold=settings.SEARCH_MAX_SEGMENTS)
                if verbosity >= 1:
                    self.stdout.write(f"已重新写入 {applied} 篇通报的索引;索引分段 {before} → {after}。")
                return
            for key in keys:
                backend.index_notice(KeyOnly(key))
            if verbosity >= 1:
                self.stdout.write(f"已重新写入 {len(keys)} 篇通报的索引。")
        except IndexBusyError as exc:
            raise CommandError(f"{exc} 请稍后再运行 check_index --repair。") from exc
