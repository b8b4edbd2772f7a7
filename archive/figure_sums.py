"""Keeping :class:`~archive.models.NoticeKeyFigure` in line with the notices' figures.

Called for every notice whose figures or dates were stored (the ``notice_changed``
signal: import, re-parse, admin edit of a figure or a date, publish, a revision
applied), after ``classify_figures`` re-sorts figures, and by the migration for
stored notices. Deleting a notice deletes its sums with it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Sum

from .models import Figure, Notice, NoticeKeyFigure


@transaction.atomic
def refresh_key_figure_sums(*, notice_ids: Iterable[int]) -> None:
    """Sum again each key figure of these notices' figures, under each notice's current year."""
    notice_ids = list(notice_ids)
    years = dict(Notice.objects.filter(pk__in=notice_ids).with_year().values_list("pk", "archive_year"))
    sums = (
        Figure.objects.filter(notice_id__in=notice_ids)
        .exclude(key_figure="")
        .values("notice_id", "key_figure")
        .annotate(total=Sum("value"), n=Count("id"))
        .order_by()
    )
    NoticeKeyFigure.objects.filter(notice_id__in=notice_ids).delete()
    NoticeKeyFigure.objects.bulk_create(
        NoticeKeyFigure(
            notice_id=row["notice_id"],
            key_figure=row["key_figure"],
            total=row["total"],
            figures=row["n"],
            year=years.get(row["notice_id"]),
        )
        for row in sums
    )


def on_notice_changed(sender, notice, **kwargs) -> None:
    refresh_key_figure_sums(notice_ids=[notice.pk])
