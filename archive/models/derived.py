"""Rows derived from notices: per-notice issue-type counts and key-figure sums, and a round's covered units."""

from __future__ import annotations

from django.db import models

from ..parsing.units import unit_key
from .notices import Notice
from .vocabularies import InspectionRound, IssueType


class NoticeIssueType(models.Model):
    """How many of a notice's sections carry an issue type: the Section ↔ IssueType relation counted per notice.

    Kept with the sections (:func:`archive.type_counts.refresh_type_counts` on every
    stored change), so statistics over thousands of notices read a few rows per notice.
    ``year`` repeats the notice's archive year (:attr:`Notice.year`), refreshed with the
    counts, so shares by year need no join to the notices.
    """

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="type_counts")
    issue_type = models.ForeignKey(IssueType, on_delete=models.CASCADE, related_name="notice_counts")
    sections = models.PositiveIntegerField("章节数")
    year = models.PositiveSmallIntegerField(
        "年份", null=True, editable=False, help_text="通报的归档年份(反馈日期,无则发布日期),随通报一起更新。"
    )

    class Meta:
        verbose_name = verbose_name_plural = "通报问题类型章节数"
        constraints = [models.UniqueConstraint(fields=["notice", "issue_type"], name="unique_type_count")]
        # Type shares by year read only this index, in the order they are grouped: no row of the counts and
        # none of the notices (a notice's own counts are found by the unique constraint's index).
        indexes = [models.Index(fields=["year", "issue_type", "notice", "sections"], name="type_count_stats")]

    def __str__(self) -> str:
        return f"{self.issue_type_id}: {self.sections}"


class NoticeKeyFigure(models.Model):
    """The sum and the number of a notice's figures counted for one key figure (:mod:`archive.key_figures`).

    Kept with the figures (:func:`archive.figure_sums.refresh_key_figure_sums` on every
    stored change of the notice, and after ``classify_figures``), so that the totals
    over thousands of notices add a few rows per notice instead of every figure.
    ``year`` repeats the notice's archive year, refreshed with the sums. The
    inspecting committee's level is read from the notice, so a corrected level counts.
    """

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="key_figure_sums")
    key_figure = models.CharField("主要数据项", max_length=20)
    total = models.DecimalField("合计", max_digits=20, decimal_places=2)
    figures = models.PositiveIntegerField("数据条数")
    year = models.PositiveSmallIntegerField(
        "年份", null=True, editable=False, help_text="通报的归档年份(反馈日期,无则发布日期),随通报一起更新。"
    )

    class Meta:
        verbose_name = verbose_name_plural = "通报主要数据合计"
        constraints = [models.UniqueConstraint(fields=["notice", "key_figure"], name="unique_key_figure_sum")]
        # Totals by year and level read only this index (beside the notices' statistics index).
        indexes = [
            models.Index(fields=["notice", "year", "key_figure", "total", "figures"], name="key_figure_sum_stats")
        ]

    def __str__(self) -> str:
        return f"{self.key_figure}: {self.total}"


class RoundUnit(models.Model):
    """A unit an inspection round covered, matched to the archive's notice about it.

    Rows are derived from the round's announcements, feedback documents and
    notices; a row an editor ``corrected`` is kept as the editor left it.
    """

    inspection_round = models.ForeignKey(
        InspectionRound, verbose_name="轮次", on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField("被巡视巡察单位", max_length=200)
    key = models.CharField("规范名", max_length=200, editable=False, help_text="用于匹配的规范名称。")
    source = models.ForeignKey(
        Notice,
        verbose_name="来源文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="列出该单位的轮次公告、反馈文件或通报。",
    )
    notice = models.ForeignKey(
        Notice,
        verbose_name="对应整改通报",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="round_units",
        help_text="该单位的整改情况通报;留空表示档案中尚无。",
    )
    corrected = models.BooleanField("人工更正", default=False, help_text="勾选后,重新匹配不会改动这一行。")

    class Meta:
        ordering = ["inspection_round", "name"]
        verbose_name = verbose_name_plural = "轮次覆盖单位"
        constraints = [
            models.UniqueConstraint(fields=["inspection_round", "key"], name="unique_unit_per_round"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = unit_key(self.name)[:200]
        super().save(*args, **kwargs)
