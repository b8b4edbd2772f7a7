"""``manage.py process_ingest``: the ingest worker (OCR of scans, imports by URL, queued maintenance jobs)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from archive.ingest import process_pending
from archive.maintenance import run_queued_jobs


class Command(BaseCommand):
    help = (
        "处理排队的导入(扫描件的文字识别、按网址导入)和维护任务(重新归类)。默认持续运行,--once 处理完当前队列后退出。"
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
                if once:
                    if verbosity >= 1:
                        self.stdout.write(f"处理了 {done} 条导入记录、{jobs} 个维护任务。")
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            if verbosity >= 1:
                self.stdout.write("已停止。")

    def _report_job(self, job, verbosity: int) -> None:
        if verbosity >= 1:
            self.stdout.write(f"{job.get_kind_display()}:{job.get_status_display()}。{job.result}")

    def _report(self, record, verbosity: int) -> None:
        if verbosity >= 1:
            line = f"{record.original_name}:{record.get_status_display()}"
            if verbosity >= 2 or record.status == record.Status.FAILED:
                line += "(" + ";".join(record.messages) + ")"
            self.stdout.write(line)
