"""Per-notice key-figure sums stay equal to the figures through every stored change of a notice."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive import stats
from archive.figure_sums import refresh_key_figure_sums
from archive.models import Figure, Notice, NoticeKeyFigure
from archive.services import publish_notice, reparse_notice
from tests.conftest import GOLD

from .reading_factories import import_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def samples() -> list[Notice]:
    return [import_sample(item) for item in GOLD]


def summed_from_figures(notices) -> dict:
    """Key-figure totals counted the slow way: every figure of every notice, year and level from the notice."""
    sums = {group: defaultdict(lambda: defaultdict(lambda: [Decimal(0), 0])) for group in ("year", "level")}
    for notice in notices.select_related("inspecting_committee"):
        level = notice.inspecting_committee.level if notice.inspecting_committee else ""
        for figure in notice.figures.exclude(key_figure=""):
            for group, value in (("year", notice.year), ("level", level or "")):
                cell = sums[group][figure.key_figure][value]
                cell[0] += figure.value
                cell[1] += 1
    return {
        group: {slug: {value: tuple(cell) for value, cell in cells.items()} for slug, cells in by_slug.items()}
        for group, by_slug in sums.items()
    }


def check(expect_rows: bool = True) -> None:
    """Stored sums equal the figures of each notice, under its year, and the totals equal a direct count."""
    stored = {
        (row.notice_id, row.key_figure): (row.total, row.figures, row.year)
        for row in NoticeKeyFigure.objects.select_related("notice")
    }
    direct = {}
    for notice in Notice.objects.all():
        for figure in notice.figures.exclude(key_figure=""):
            total, n, _ = direct.get((notice.pk, figure.key_figure), (Decimal(0), 0, None))
            direct[(notice.pk, figure.key_figure)] = (total + figure.value, n + 1, notice.year)
    assert stored == direct
    assert bool(stored) == expect_rows
    notices = Notice.objects.published().rectification()
    found = {
        group: {s: g for s, g in by_slug.items() if g} for group, by_slug in stats.key_figure_sums(notices).items()
    }
    assert found == summed_from_figures(notices)


def test_sums_follow_imports_corrections_reparses_publishing_and_deletion(samples, admin_client):
    from .test_admin import change_form_data

    check()
    tianxin = Notice.objects.get(inspected_unit__contains="天心")
    assert NoticeKeyFigure.objects.get(notice=tianxin, key_figure="cases").total == 39

    # An editor corrects a figure in the admin: the correction is what is summed.
    figure = tianxin.figures.get(key_figure="cases")
    data = change_form_data(admin_client, tianxin)
    prefix = next(key for key, value in data.items() if key.endswith("-id") and str(value) == str(figure.pk))[:-3]
    data[f"{prefix}-value"] = "41"
    assert admin_client.post(reverse("admin:archive_notice_change", args=[tianxin.pk]), data).status_code == 302
    assert NoticeKeyFigure.objects.get(notice=tianxin, key_figure="cases").total == 41
    assert stats.key_figure_totals(Notice.objects.published(), "year")["cases"][2016] == (Decimal(41), 1)
    check()

    # A corrected feedback date moves the notice's sums to another year.
    data = change_form_data(admin_client, tianxin)
    data["feedback_on"] = "2014-03-03"
    assert admin_client.post(reverse("admin:archive_notice_change", args=[tianxin.pk]), data).status_code == 302
    assert set(NoticeKeyFigure.objects.filter(notice=tianxin).values_list("year", flat=True)) == {2014}
    assert 2016 not in stats.key_figure_totals(Notice.objects.published(), "year")["cases"]
    check()

    # A re-parse stores the figures again from the text; the corrected date stays.
    reparse_notice(notice=Notice.objects.get(pk=tianxin.pk))
    assert NoticeKeyFigure.objects.get(notice=tianxin, key_figure="cases").year == 2014
    check()

    # Unpublished notices leave the totals; published again, they come back.
    Notice.objects.filter(pk=tianxin.pk).update(status=Notice.Status.REVIEW)
    assert 2014 not in stats.key_figure_totals(Notice.objects.published(), "year")["cases"]
    check()
    publish_notice(notice=Notice.objects.get(pk=tianxin.pk))
    assert 2014 in stats.key_figure_totals(Notice.objects.published(), "year")["cases"]
    check()

    # A deleted notice takes its sums with it.
    tianxin.delete()
    assert not NoticeKeyFigure.objects.filter(notice_id=tianxin.pk).exists()
    check()


def test_classify_figures_sums_the_reclassified_figures_again(samples):
    # Figures classified under older keyword lists: classify_figures sorts them again and sums them again.
    Figure.objects.filter(key_figure="discipline").update(key_figure="")
    refresh_key_figure_sums(notice_ids=Notice.objects.values_list("pk", flat=True))
    assert not NoticeKeyFigure.objects.filter(key_figure="discipline").exists()
    check()
    call_command("classify_figures", verbosity=0)
    assert NoticeKeyFigure.objects.filter(key_figure="discipline").exists()
    check()


def test_a_notice_without_key_figures_has_no_sums():
    notice = Notice.objects.create(key="k", raw_text="x", text="x", content_hash="h")
    Figure.objects.create(notice=notice, measure="完善制度", value=6, unit="项", clause="完善制度6项")
    refresh_key_figure_sums(notice_ids=[notice.pk])
    check(expect_rows=False)
