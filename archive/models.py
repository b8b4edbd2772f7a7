"""The archive's data: notices, their sections, figures and the vocabularies they point at."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from .db_functions import DaysBetween, archive_year
from .key_figures import classify as classify_figure
from .parsing.tagging import Rule

DATE_PRECISION = [("day", "日"), ("month", "月")]


class IssuingBody(models.Model):
    """A body that publishes notices. ``name`` is canonical; ``aliases`` lists other spellings."""

    name = models.CharField("名称", max_length=200, unique=True)
    aliases = models.JSONField("别名", default=list, blank=True)
    slug = models.SlugField(
        "URL 名", max_length=220, unique=True, allow_unicode=True, help_text="机关页面的地址,设定后不随名称更改。"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "发布机关"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Set once: a later correction of the name keeps the page's address.
        if not self.slug:
            self.slug = free_slug(IssuingBody, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:body", kwargs={"slug": self.slug})


def free_slug(model, name: str, *, max_length: int = 200) -> str:
    """A unicode slug of ``name`` that no row of ``model`` uses yet (``-2``, ``-3`` … appended)."""
    base = slugify(name, allow_unicode=True)[:max_length] or "body"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Committee(models.Model):
    """A party committee that inspects, named with its place: 深圳市委, 广东省委, 中央."""

    class Level(models.TextChoices):
        CENTRAL = "中央", "中央"
        PROVINCE = "省", "省级"
        CITY = "市", "市级"
        COUNTY = "县", "县级"
        DEPARTMENT = "部门", "部门、单位党组"

    name = models.CharField("名称", max_length=100, unique=True, help_text="如“深圳市委”“广东省委”“中央”。")
    full_name = models.CharField("全称", max_length=200, blank=True, help_text="如“中共深圳市委员会”。")
    level = models.CharField("层级", max_length=4, choices=Level.choices, blank=True)
    place_code = models.CharField("行政区划代码", max_length=12, blank=True)
    slug = models.SlugField("URL 名", max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "巡视巡察机关"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)


class InspectionRound(models.Model):
    """An explicit inspection round of one committee, such as 深圳市委's 七届市委第八轮巡察.

    The same label names different rounds of different committees; ``slug``
    is set once and never follows later corrections, so links stay valid.
    """

    committee = models.ForeignKey(
        Committee, verbose_name="巡视巡察机关", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds"
    )
    label = models.CharField("轮次", max_length=200)
    slug = models.SlugField("URL 名", max_length=255, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["committee__name", "label"]
        verbose_name = verbose_name_plural = "巡视巡察轮次"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "label"],
                name="unique_round_per_committee",
                violation_error_message="该机关已有同名轮次。",
            ),
            models.UniqueConstraint(
                fields=["label"],
                condition=models.Q(committee__isnull=True),
                name="unique_round_without_committee",
                violation_error_message="已有机关未定的同名轮次。",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        # Services pick a free slug under concurrency; this default serves rows made directly.
        if not self.slug:
            base = f"{self.committee.slug}-{self.label}" if self.committee_id else self.label
            self.slug = slugify(base, allow_unicode=True)[:240]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("archive:round", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """Committee and label: 深圳市委 · 七届市委第八轮巡察 (the label alone when the committee is unknown)."""
        return f"{self.committee.name} · {self.label}" if self.committee_id else self.label


class IssueTypeQuerySet(models.QuerySet):
    def rules(self) -> list[Rule]:
        """The tagging rules as editors left them in the table."""
        return [Rule.from_lines(t.name, t.keyword_list) for t in self.order_by("order", "name")]


class IssueType(models.Model):
    """A kind of problem (八项规定, 选人用人 …) with the keyword rules that tag sections."""

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("URL 名", max_length=50, unique=True, allow_unicode=True)
    description = models.TextField("说明", blank=True)
    keywords = models.TextField(
        "关键词",
        blank=True,
        help_text=(
            "每行一个关键词或短语。标题中出现即归类;正文中需有足够分量(强关键词计 2,普通关键词计 1,合计至少 3,"
            "且不少于正文最突出类型的三成;标题已点明类型的章节,正文再添其他类型需合计至少 6)。"
            "写法:*词 = 强关键词;^词 = 只看标题;>词 = 统领下级:标题出现该词时,其下各级章节都归入此类型"
            "(如 *>上轮巡察);-词 = 排除该短语(如 -整改主体责任);"
            "词 [甲 乙] = 只在同一句含甲或乙时计入。子章节沿用上级标题的类型,以下情况除外:"
            "“……方面”标题下自身显示其他类型的子章节;正文不含上级类型任何关键词、而标题点明其他类型的子章节"
            "(如“两个责任”问题下的“聚焦重点领域廉政风险防控”)。"
        ),
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    objects = IssueTypeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = verbose_name_plural = "问题类型"

    def __str__(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


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


# Rows derived from notices for the statistics and round pages (kept in their own module for size).
from .derived_models import NoticeIssueType, NoticeKeyFigure, RoundUnit  # noqa: E402, F401
from .job_models import MaintenanceJob  # noqa: E402, F401
