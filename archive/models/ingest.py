"""What came in: every received file or address with what became of it, and the pages of scans read by OCR."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .notices import Notice


class IngestRecordQuerySet(models.QuerySet):
    def pending(self) -> IngestRecordQuerySet:
        """Records waiting for the ingest worker (OCR or URL fetch), oldest first."""
        return self.filter(status=IngestRecord.Status.QUEUED).order_by("created_at", "id")

    def in_progress(self) -> IngestRecordQuerySet:
        return self.filter(status__in=[IngestRecord.Status.QUEUED, IngestRecord.Status.PROCESSING])


class IngestRecord(models.Model):
    """One received file or address: kept whatever happens to it, with what the importer said."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        PROCESSING = "processing", "处理中"
        PARSED = "parsed", "已解析"
        NEEDS_REVIEW = "needs_review", "待审核"
        PUBLISHED = "published", "已发布"
        DUPLICATE = "duplicate", "重复"
        FAILED = "failed", "失败"

    file = models.FileField("文件", upload_to="ingest/", max_length=300, blank=True)
    source_url = models.URLField("网址", max_length=1000, blank=True)
    publish = models.BooleanField("处理后直接发布", default=False)
    pages_total = models.PositiveIntegerField("总页数", default=0)
    pages_done = models.PositiveIntegerField("已识别页数", default=0)
    original_name = models.CharField("原始文件名", max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("大小(字节)", default=0)
    status = models.CharField("状态", max_length=20, choices=Status.choices)
    messages = models.JSONField("消息", default=list, blank=True)
    notice = models.ForeignKey(
        Notice, null=True, blank=True, on_delete=models.SET_NULL, related_name="ingest_records", verbose_name="通报"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="上传人"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = IngestRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "导入记录"

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.PROCESSING)

    @property
    def progress(self) -> str:
        """What the worker has done so far, as an editor reads it."""
        if self.status == self.Status.QUEUED:
            return "等待后台处理"
        if self.status == self.Status.PROCESSING:
            if self.pages_total:
                return f"文字识别:第 {self.pages_done}/{self.pages_total} 页"
            return "正在获取和读取"
        return self.get_status_display()


class OcrPage(models.Model):
    """One page of a notice read by OCR: its image, its text (an editor may correct it) and the engine's confidence.

    In a PDF that mixes scanned pages with pages of text, the pages of text are
    kept here too (``origin`` says which), so that the notice's text is always
    the pages joined in order.
    """

    class Origin(models.TextChoices):
        OCR = "ocr", "文字识别"
        TEXT_LAYER = "text_layer", "PDF 文字层"

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="ocr_pages", verbose_name="通报")
    number = models.PositiveIntegerField("页码")
    # A page of a mixed PDF that has a text layer is kept as it is, without an image.
    origin = models.CharField("文字来源", max_length=10, choices=Origin.choices, default=Origin.OCR)
    image = models.FileField("页面图像", upload_to="ocr/", max_length=300, blank=True)
    text = models.TextField("识别文字", blank=True)
    confidence = models.FloatField("平均置信度", default=0.0)
    corrected = models.BooleanField("已人工校对", default=False)

    class Meta:
        ordering = ["notice", "number"]
        constraints = [models.UniqueConstraint(fields=["notice", "number"], name="unique_ocr_page")]
        verbose_name = verbose_name_plural = "识别页面"

    def __str__(self) -> str:
        return f"{self.notice} 第 {self.number} 页"

    @property
    def is_low_confidence(self) -> bool:
        return (
            self.origin == self.Origin.OCR
            and not self.corrected
            and self.confidence < settings.ARCHIVE_OCR_LOW_CONFIDENCE
        )
