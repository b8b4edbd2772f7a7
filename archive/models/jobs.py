"""Maintenance work an editor asks for in the admin and a worker process carries out."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MaintenanceJobQuerySet(models.QuerySet):
    def open(self) -> MaintenanceJobQuerySet:
        """Jobs not finished yet: queued or running."""
        return self.filter(status__in=[MaintenanceJob.Status.QUEUED, MaintenanceJob.Status.RUNNING])


class MaintenanceJob(models.Model):
    """A whole-archive task (re-tagging every section), queued by a request and run by a worker process.

    The request only records the job, so it answers at once whatever the size of the archive;
    ``run_indexer`` or ``process_ingest`` runs it.
    """

    class Kind(models.TextChoices):
        RETAG = "retag", "按当前关键词重新归类全部章节"

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("任务", max_length=20, choices=Kind.choices)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    done = models.PositiveIntegerField("已处理通报", default=0)
    total = models.PositiveIntegerField("通报总数", default=0)
    result = models.TextField("结果", blank=True)

    objects = MaintenanceJobQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = verbose_name_plural = "维护任务"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}({self.get_status_display()})"
