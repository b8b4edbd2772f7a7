"""The vocabularies notices point at: issuing bodies, inspecting committees, their rounds, issue types."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from ..parsing.tagging import Rule


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
