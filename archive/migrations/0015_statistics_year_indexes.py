"""The statistics read covering indexes: per-notice issue-type counts carry the notice's year,
key figures are indexed with their notice and value, and the notices' statistics index also
holds the issuing body."""

from django.db import migrations, models


def fill_years(apps, schema_editor):
    # The archive year as archive.models.Notice.year gives it: feedback, else publication.
    Notice = apps.get_model("archive", "Notice")
    NoticeIssueType = apps.get_model("archive", "NoticeIssueType")
    dates = Notice.objects.filter(type_counts__isnull=False).distinct().values_list("pk", "feedback_on", "published_on")
    by_year: dict[int, list[int]] = {}
    for pk, feedback_on, published_on in dates.iterator():
        date = feedback_on or published_on
        if date:
            by_year.setdefault(date.year, []).append(pk)
    for year, pks in by_year.items():
        for start in range(0, len(pks), 500):
            NoticeIssueType.objects.filter(notice_id__in=pks[start : start + 500]).update(year=year)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0014_ocr_page_origin"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="notice",
            name="notice_stats",
        ),
        migrations.AddField(
            model_name="noticeissuetype",
            name="year",
            field=models.PositiveSmallIntegerField(
                editable=False,
                help_text="通报的归档年份(反馈日期,无则发布日期),随通报一起更新。",
                null=True,
                verbose_name="年份",
            ),
        ),
        migrations.AddIndex(
            model_name="figure",
            index=models.Index(fields=["notice", "key_figure", "value"], name="figure_key_stats"),
        ),
        migrations.AddIndex(
            model_name="notice",
            index=models.Index(
                fields=[
                    "status",
                    "document_kind",
                    "feedback_on",
                    "published_on",
                    "inspection_kind",
                    "inspecting_committee",
                    "feedback_on_precision",
                    "section_count",
                    "issuing_body",
                ],
                name="notice_stats",
            ),
        ),
        migrations.AddIndex(
            model_name="noticeissuetype",
            index=models.Index(fields=["notice", "year", "issue_type", "sections"], name="type_count_stats"),
        ),
        migrations.RunPython(fill_years, migrations.RunPython.noop),
    ]
