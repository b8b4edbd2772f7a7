"""Keeping :class:`~archive.models.NoticeIssueType` and ``Notice.section_count`` in line with the sections.

Called for every notice whose sections, tags or dates were stored (the ``notice_changed``
signal: import, re-parse, re-tag, admin edit, a revision applied), and by the migrations
for stored notices. The rows also carry the notice's archive year, which follows its dates.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from .models import Notice, NoticeIssueType, Section


@transaction.atomic
def refresh_type_counts(*, notice_ids: list[int]) -> None:
    """Recount the sections and the sections per issue type of these notices, under each notice's current year."""
    years = dict(Notice.objects.filter(pk__in=notice_ids).with_year().values_list("pk", "archive_year"))
    totals = dict(
        Section.objects.filter(notice_id__in=notice_ids)
        .values("notice_id")
        .annotate(n=Count("id"))
        .values_list("notice_id", "n")
    )
    tagged = (
        Section.issue_types.through.objects.filter(section__notice_id__in=notice_ids)
        .values("section__notice_id", "issuetype_id")
        .annotate(n=Count("section_id", distinct=True))
    )
    NoticeIssueType.objects.filter(notice_id__in=notice_ids).delete()
    NoticeIssueType.objects.bulk_create(
        NoticeIssueType(
            notice_id=row["section__notice_id"],
            issue_type_id=row["issuetype_id"],
            sections=row["n"],
            year=years.get(row["section__notice_id"]),
        )
        for row in tagged
    )
    for notice_id in notice_ids:
        Notice.objects.filter(pk=notice_id).update(section_count=totals.get(notice_id, 0))


def on_notice_changed(sender, notice, **kwargs) -> None:
    refresh_type_counts(notice_ids=[notice.pk])
