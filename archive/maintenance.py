"""Queue and run whole-archive maintenance (re-tagging) outside web requests."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import MaintenanceJob, Notice
from .queues import drain
from .services import retag_notices

logger = logging.getLogger(__name__)

# How often a running job writes its progress (notices), so the admin list shows it moving.
PROGRESS_EVERY = 50
# A job still "running" after this long lost its worker (killed); it is marked failed so it can be asked again.
STALE_AFTER = timedelta(hours=6)


def request_retag(*, requested_by=None) -> tuple[MaintenanceJob, bool]:
    """Queue a re-tag of every section; returns the job and whether it is new (an open one is reused)."""
    with transaction.atomic():
        job = MaintenanceJob.objects.open().filter(kind=MaintenanceJob.Kind.RETAG).first()
        if job is not None and job.status == MaintenanceJob.Status.QUEUED:
            return job, False
        # A running job read the rules when it started: edits made since need a run of their own.
        return MaintenanceJob.objects.create(kind=MaintenanceJob.Kind.RETAG, requested_by=requested_by), True


def run_queued_jobs(*, limit: int | None = None, report: Callable[[MaintenanceJob], None] | None = None) -> int:
    """Run queued jobs, oldest first (or at most ``limit``); returns how many ran."""
    _fail_stale()
    return drain(_claim_next, _run, limit=limit, report=report)


def _fail_stale() -> int:
    return MaintenanceJob.objects.filter(
        status=MaintenanceJob.Status.RUNNING, started_at__lt=timezone.now() - STALE_AFTER
    ).update(
        status=MaintenanceJob.Status.FAILED,
        finished_at=timezone.now(),
        result="执行任务的后台进程已停止,任务未完成。请重新申请。",
    )


def _claim_next() -> MaintenanceJob | None:
    """The oldest queued job; two workers never take the same one (a conditional update)."""
    for pk in (
        MaintenanceJob.objects.filter(status=MaintenanceJob.Status.QUEUED)
        .order_by("id")
        .values_list("pk", flat=True)[:5]
    ):
        claimed = MaintenanceJob.objects.filter(pk=pk, status=MaintenanceJob.Status.QUEUED).update(
            status=MaintenanceJob.Status.RUNNING, started_at=timezone.now()
        )
        if claimed:
            return MaintenanceJob.objects.get(pk=pk)
    return None


def _run(job: MaintenanceJob) -> None:
    notices = Notice.objects.order_by("id")
    job.total = notices.count()
    job.save(update_fields=["total"])
    seen = 0

    def progress(notice: Notice, changed: int) -> None:
        nonlocal seen
        seen += 1
        if seen % PROGRESS_EVERY == 0:
            MaintenanceJob.objects.filter(pk=job.pk).update(done=seen)

    try:
        changed = retag_notices(notices=notices.iterator(), progress=progress)
    except Exception:
        logger.exception("Maintenance job %s failed", job.pk)
        job.status = MaintenanceJob.Status.FAILED
        job.result = f"处理到第 {seen} 篇通报时出错,已处理的通报保留新的归类。请查看服务器日志后重新申请。"
    else:
        job.status = MaintenanceJob.Status.DONE
        job.result = f"{changed} 个章节的问题类型有变化。"
    job.done = seen
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "result", "done", "finished_at"])
