"""``manage.py run_indexer``: the single writer of a Whoosh index shared by several web workers.

It applies the queued changes and does the index maintenance that requests
never do: once more than ``SEARCH_MAX_SEGMENTS`` segments have piled up, it
merges the small ones.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive.ingest import process_pending
from archive.maintenance import run_queued_jobs
from search.backends import get_backend
from search.backends.base import IndexBusyError


class Command(BaseCommand):
    help = (
        "写入排队的检索索引更改并合并索引分段,之后持续运行(每个索引目录运行一个;Web 进程设 SEARCH_INDEX_INLINE=false)。"
        "两次写索引之间也逐条处理排队的导入工作(文字识别、按网址导入)和维护任务(重新归类),除非指定 --no-ingest。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="只处理当前排队的更改,然后退出")
        parser.add_argument("--interval", type=float, default=1.0, help="两次查看队列之间的秒数")
        parser.add_argument("--optimize", action="store_true", help="先把全部分段合并为一个(较慢)")
        parser.add_argument("--no-ingest", action="store_true", help="导入工作和维护任务交给 process_ingest 处理")

    def handle(
        self, *args, once: bool, interval: float, optimize: bool, verbosity: int, no_ingest: bool = False, **options
    ):
        backend = get_backend()
        if not backend.queues_writes:
            raise CommandError(
                f"{backend.name} 检索后端在保存通报的同一事务中写入索引;"
                "只有 SEARCH_BACKEND=whoosh 时才需要 run_indexer。"
            )
        if verbosity >= 1 and not once:
            self.stdout.write(f"每 {interval:g} 秒处理一次排队的索引更改;按 Ctrl-C 停止。")
        try:
            if optimize:
                self._merge(backend, verbosity, optimize=True)
            while True:
                self._apply(backend, verbosity)
                self._merge(backend, verbosity)
                # One ingest record per round, so queued index changes never wait behind a long OCR batch.
                if not no_ingest and process_pending(limit=1) and verbosity >= 1:
                    self.stdout.write("已处理一条排队的导入记录。")
                if not no_ingest:
                    run_queued_jobs(limit=1, report=lambda job: self._report_job(job, verbosity))
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            if verbosity >= 1:
                self.stdout.write("已停止。")

    def _report_job(self, job, verbosity: int) -> None:
        if verbosity >= 1:
            self.stdout.write(f"{job.get_kind_display()}:{job.get_status_display()}。{job.result}")

    def _apply(self, backend, verbosity: int) -> None:
        try:
            applied = backend.apply_pending(wait=True)
        except IndexBusyError as exc:
            self.stderr.write(f"{exc} 稍后重试。")
            return
        if applied and verbosity >= 1:
            self.stdout.write(f"已索引 {applied} 篇有更改的通报。")

    def _merge(self, backend, verbosity: int, *, optimize: bool = False) -> None:
        try:
            before, after = backend.merge_segments(optimize=optimize, threshold=settings.SEARCH_MAX_SEGMENTS)
        except IndexBusyError as exc:
            self.stderr.write(f"{exc} 稍后再合并。")
            return
        if before != after and verbosity >= 1:
            self.stdout.write(f"已合并索引分段:{before} → {after}。")
