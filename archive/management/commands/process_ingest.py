"""``manage.py process_ingest``: the ingest worker (OCR of scans, imports by URL, queued maintenance jobs).

With a search backend that writes in the database (PostgreSQL) it also indexes the notices an editor's
request queued as too long to index within it; a Whoosh index has its own writer, ``run_indexer``.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from archive.ingest import process_pending
from archive.maintenance import run_queued_jobs
from search.backends import get_backend


class Command(BaseCommand):
    help = (
        "处理排队的导入(扫描件的文字识别、按网址导入)和维护任务(重新归类);使用 PostgreSQL 检索时,"
        "也为太长而未在网页请求中建索引的通报建立索引。默认持续运行,--once 处理完当前队列后退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="处理完当前排队的记录后退出")
        parser.add_argument("--interval", type=float, default=2.0, help="两次查看队列之间的秒数")

    def handle(self, *args, once: bool, interval: float, verbosity: int, **options):
        if verbosity >= 1 and not once:
            self.stdout.write(f"每 {interval:g} 秒查看一次导入队列;按 Ctrl-C 停止。")
        try:
            while True:
                done = process_pending(report=lambda record: self._report(record, verbosity))
                jobs = run_queued_jobs(report=lambda job: self._report_job(job, verbosity))
                indexed = self._index_queued()
                if indexed and verbosity >= 1:
                    self.stdout.write(f"已为 {indexed} 篇排队的通报建立检索索引。")
                if once:
                    if verbosity >= 1:
                        self.stdout.write(f"处理了 {done} 条导入记录、{jobs} 个维护任务。")
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            if verbosity >= 1:
                self.stdout.write("已停止。")

    @staticmethod
    def _index_queued() -> int:
        backend = get_backend()
        # A Whoosh index has one writer, run_indexer; this worker must not open it for writing.
        return 0 if backend.queues_writes else backend.apply_pending()

    def _report_job(self, job, verbosity: int) -> None:
        if verbosity >= 1:
            self.stdout.write(f"{job.get_kind_display()}:{job.get_status_display()}。{job.result}")

    def _report(self, record, verbosity: int) -> None:
        if verbosity >= 1:
            line = f"{record.original_name}:{record.get_status_display()}"
            if verbosity >= 2 or record.status == record.Status.FAILED:
                line += "(" + ";".join(record.messages) + ")"
            self.stdout.write(line)
