"""Notices, their numbered sections and the figures taken from them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from ..db_functions import DaysBetween, archive_year
from ..key_figures import classify as classify_figure
from .vocabularies import Committee, InspectionRound, IssueType, IssuingBody

DATE_PRECISION = [("day", "日"), ("month", "月")]


class NoticeQuerySet(models.QuerySet):
    def published(self) -> NoticeQuerySet:
        return self.filter(status=Notice.Status.PUBLISHED)

    def newest_first(self) -> NoticeQuerySet:
        return self.order_by(
            models.F("feedback_on").desc(nulls_last=True),
            models.F("published_on").desc(nulls_last=True),
            "-id",
        )

    def with_year(self) -> NoticeQuerySet:
        """Annotate ``archive_year``: the year of feedback, else of publication (as ``Notice.year``)."""
        return self.annotate(archive_year=archive_year())

    def rectification(self) -> NoticeQuerySet:
        """Rectification notices only (not feedback documents, announcements or news)."""
        return self.filter(document_kind=Notice.DocumentKind.NOTICE)

    def with_publication_delay(self) -> NoticeQuerySet:
        """Notices whose feedback day and publication day are both known, annotated with ``delay_days``.

        ``delay_days`` is publication minus feedback in whole days (an integer, from
        the database). A feedback date known only to the month is left out: its delay
        would be a guess.
        """
        return self.filter(published_on__isnull=False, feedback_on__isnull=False, feedback_on_precision="day").annotate(
            delay_days=DaysBetween("feedback_on", "published_on")
        )

    def type_shares(self) -> dict[int, list[tuple[IssueType, int, float]]]:
        """Per notice: (issue type, sections tagged with it, share of the notice's sections), largest first.

        The share is over all numbered sections of the notice; a notice without
        sections gets an empty list.
        """
        ids = list(self.values_list("pk", flat=True))
        totals = dict(
            Section.objects.filter(notice_id__in=ids)
            .values("notice_id")
            .annotate(n=models.Count("id"))
            .values_list("notice_id", "n")
        )
        tagged = (
            Section.issue_types.through.objects.filter(section__notice_id__in=ids)
            .values("section__notice_id", "issuetype_id")
            .annotate(n=models.Count("section_id", distinct=True))
        )
        types = IssueType.objects.in_bulk()
        shares: dict[int, list[tuple[IssueType, int, float]]] = {pk: [] for pk in ids}
        for row in tagged:
            notice_id = row["section__notice_id"]
            shares[notice_id].append((types[row["issuetype_id"]], row["n"], row["n"] / totals[notice_id]))
        for rows in shares.values():
            rows.sort(key=lambda item: (-item[1], item[0].order, item[0].name))
        return shares


class Notice(models.Model):
    """One published rectification notice (巡视/巡察整改情况的通报)."""

    class Status(models.TextChoices):
        REVIEW = "review", "待审核"
        PUBLISHED = "published", "已发布"

    class Kind(models.TextChoices):
        XUNSHI = "巡视", "巡视"
        XUNCHA = "巡察", "巡察"

    class DocumentKind(models.TextChoices):
        NOTICE = "notice", "整改情况通报"
        FEEDBACK = "feedback", "巡视巡察反馈"
        ANNOUNCEMENT = "announcement", "进驻或轮次公告"
        NEWS = "news", "新闻报道"
        OTHER_RECTIFICATION = "other_rectification", "其他整改报告"
        UNKNOWN = "unknown", "无法判断"

    key = models.CharField("永久标识", max_length=32, unique=True, editable=False)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.REVIEW)

    title = models.CharField("标题", max_length=500, blank=True)
    title_derived = models.BooleanField("标题为推定", default=False)
    issuing_body = models.ForeignKey(
        IssuingBody, verbose_name="发布机关", null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    issuing_body_text = models.CharField("发布机关(原文)", max_length=200, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)
    source_url = models.URLField("原文地址", max_length=1000, blank=True, help_text="通报最初发布的网页地址。")
    document_kind = models.CharField(
        "文件类别", max_length=24, choices=DocumentKind.choices, default=DocumentKind.NOTICE
    )
    published_on = models.DateField("发布日期", null=True, blank=True)
    signed_on = models.DateField("落款日期", null=True, blank=True)

    inspection_kind = models.CharField("类别", max_length=4, choices=Kind.choices, blank=True)
    inspecting_organ = models.CharField("巡视巡察机关(原文)", max_length=50, blank=True)
    inspecting_committee = models.ForeignKey(
        Committee,
        verbose_name="巡视巡察机关",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
        help_text="带地名的机关,如“深圳市委”;原文只写“市委”时由发布机关所在地推定。",
    )
    inspection_group = models.CharField("巡视巡察组", max_length=100, blank=True)
    group_number = models.PositiveSmallIntegerField("组号", null=True, blank=True)
    inspection_round = models.ForeignKey(
        InspectionRound, verbose_name="轮次", null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )
    inspected_unit = models.CharField("被巡视巡察单位", max_length=200, blank=True)
    inspection_start = models.DateField("进驻日期", null=True, blank=True)
    inspection_start_precision = models.CharField(max_length=5, choices=DATE_PRECISION, default="day")
    inspection_end = models.DateField("结束日期", null=True, blank=True)
    inspection_end_precision = models.CharField(max_length=5, choices=DATE_PRECISION, default="day")
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    feedback_on_precision = models.CharField(max_length=5, choices=DATE_PRECISION, default="day")
    date_notes = models.JSONField("日期推定说明", default=dict, blank=True)
    problem_counts = models.JSONField("问题数量", null=True, blank=True)

    contact_phone = models.CharField("联系电话", max_length=100, blank=True)
    contact_email = models.CharField("电子邮箱", max_length=200, blank=True)
    contact_postcode = models.CharField("邮政编码", max_length=10, blank=True)

    preamble = models.TextField("导语", blank=True)
    closing = models.TextField("结尾", blank=True)
    raw_text = models.TextField("原始文本")
    text = models.TextField("规范化文本")
    content_hash = models.CharField("内容指纹", max_length=64, unique=True)
    original_file = models.FileField("原始文件", upload_to="originals/", blank=True)
    original_name = models.CharField("原始文件名", max_length=300, blank=True)
    metadata = models.JSONField(
        "元数据", default=dict, blank=True, help_text="原文件携带的其他信息,如索引号、发布机构。"
    )
    warnings = models.JSONField("解析提示", default=list, blank=True)
    provenance = models.JSONField(
        "事实出处", default=dict, blank=True, help_text="每项事实在规范化文本中的位置与原句。"
    )
    parse_digest = models.CharField("解析结果指纹", max_length=64, blank=True, editable=False)
    section_count = models.PositiveIntegerField(
        "章节数", default=0, editable=False, help_text="统计用:随章节及其问题类型一起更新。"
    )
    edited_fields = models.JSONField(
        "人工更正的字段", default=list, blank=True, help_text="这些字段在重新解析时保留编辑的值。"
    )
    ocr_engine = models.CharField(
        "文字识别引擎", max_length=100, blank=True, help_text="正文由文字识别(OCR)得到时,所用的引擎;否则为空。"
    )
    previous_version = models.ForeignKey(
        "self", verbose_name="上一版本", null=True, blank=True, on_delete=models.SET_NULL, related_name="newer_versions"
    )

    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-feedback_on", "-id"]
        verbose_name = verbose_name_plural = "通报"
        permissions = [("publish_notice", "可以发布通报")]
        indexes = [
            # Covers the statistics' filters and groupings, so counting never reads the notices' texts;
            # the key lets the days to publication list every notice from the index alone.
            models.Index(
                fields=[
                    "status", "document_kind", "feedback_on", "published_on", "inspection_kind",
                    "inspecting_committee", "feedback_on_precision", "section_count", "issuing_body", "key",
                ],
                name="notice_stats",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title or self.key

    def get_absolute_url(self) -> str:
        return reverse("archive:notice", kwargs={"key": self.key})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def year(self) -> int | None:
        """The year the archive files the notice under: feedback, else publication."""
        date = self.feedback_on or self.published_on
        return date.year if date else None


class SectionQuerySet(models.QuerySet):
    def published(self) -> SectionQuerySet:
        """Sections of published notices only."""
        return self.filter(notice__status=Notice.Status.PUBLISHED)

    def in_document_order(self) -> SectionQuerySet:
        return self.order_by("notice_id", "order")


class Section(models.Model):
    """A numbered section. ``path`` (``2.1.3``) is stable across re-imports of the same outline."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.PositiveSmallIntegerField("层级样式")
    depth = models.PositiveSmallIntegerField("深度")
    number = models.CharField("序号", max_length=20)
    path = models.CharField("路径", max_length=50)
    heading = models.TextField("标题", blank=True)
    text = models.TextField("正文", blank=True)
    order = models.PositiveIntegerField("顺序")
    issue_types = models.ManyToManyField(IssueType, blank=True, related_name="sections", verbose_name="问题类型")

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "order"]
        constraints = [models.UniqueConstraint(fields=["notice", "path"], name="unique_section_path")]
        verbose_name = verbose_name_plural = "章节"

    def __str__(self) -> str:
        return f"{self.number}{self.heading}"

    def get_absolute_url(self) -> str:
        return reverse("archive:section", kwargs={"key": self.notice.key, "path": self.path})

    @property
    def anchor(self) -> str:
        return "s-" + self.path.replace(".", "-")


class FigureQuerySet(models.QuerySet):
    def key_figure(self, slug: str) -> FigureQuerySet:
        """Figures counted for the key figure ``slug`` (see :mod:`archive.key_figures`)."""
        return self.filter(key_figure=slug)


class Figure(models.Model):
    """A quantitative fact taken from a clause; money is stored in 元."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="figures")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="figures")
    measure = models.CharField("指标", max_length=200)
    value = models.DecimalField("数值", max_digits=20, decimal_places=2)
    unit = models.CharField("单位", max_length=10)
    amount = models.CharField("原文数量", max_length=40, blank=True, help_text="原文的写法,如 125亿元、17.6万件。")
    clause = models.TextField("原句")
    order = models.PositiveIntegerField("顺序", default=0)
    key_figure = models.CharField(
        "主要数据项", max_length=20, blank=True, db_index=True, editable=False, help_text="按关键词归入的统计项。"
    )

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "order"]
        verbose_name = verbose_name_plural = "数据"
        # Key-figure sums read only this index (per notice, from the notices' statistics index), never the clauses.
        indexes = [models.Index(fields=["notice", "key_figure", "value"], name="figure_key_stats")]

    def __str__(self) -> str:
        return f"{self.measure} {self.value}{self.unit}"

    def save(self, *args, **kwargs):
        self.key_figure = classify_figure(self.measure, self.unit)
        super().save(*args, **kwargs)
