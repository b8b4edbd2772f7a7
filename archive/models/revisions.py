"""Changes to published notices waiting for someone who may publish."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .notices import Notice


class NoticeRevision(models.Model):
    """Changes to a published notice proposed by an editor without the publish permission.

    The notice itself stays as published until someone who may publish
    approves the revision (its values are then applied) or rejects it.
    ``changes`` and ``previous`` hold field name → value as JSON (dates as
    ISO strings, related rows as their primary key).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"

    notice = models.ForeignKey(Notice, verbose_name="通报", on_delete=models.CASCADE, related_name="revisions")
    changes = models.JSONField("提议的值", default=dict)
    previous = models.JSONField("提议时的原值", default=dict)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提议人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField("提议时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = verbose_name_plural = "待审核的修改"

    def __str__(self) -> str:
        return f"《{self.notice}》的修改({self.get_status_display()})"

    @property
    def field_labels(self) -> list[str]:
        """The changed fields as the admin names them."""
        return [str(Notice._meta.get_field(name).verbose_name) for name in self.changes]
