"""Per-notice sums of the key figures, so that totals by year and level add a few rows per notice;
the notices' statistics index also holds the key, so the days to publication read no notice row; the issue-type
counts' statistics index is ordered as type shares group them (year, issue type)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Sum


def fill_sums(apps, schema_editor):
    # The same sums as archive.figure_sums.refresh_key_figure_sums, for every stored notice at once; the
    # archive year as archive.models.Notice.year gives it: feedback, else publication.
    Notice = apps.get_model("archive", "Notice")
    Figure = apps.get_model("archive", "Figure")
    NoticeKeyFigure = apps.get_model("archive", "NoticeKeyFigure")
    years = {
        pk: (feedback_on or published_on).year if (feedback_on or published_on) else None
        for pk, feedback_on, published_on in Notice.objects.values_list("pk", "feedback_on", "published_on").iterator()
    }
    sums = (
        Figure.objects.exclude(key_figure="")
        .values("notice_id", "key_figure")
        .annotate(total=Sum("value"), n=Count("id"))
        .order_by()
    )
    NoticeKeyFigure.objects.bulk_create(
        (
            NoticeKeyFigure(
                notice_id=row["notice_id"],
                key_figure=row["key_figure"],
                total=row["total"],
                figures=row["n"],
                year=years.get(row["notice_id"]),
            )
            for row in sums.iterator()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0016_issue_type_rules_beside_headings'),
    ]

    operations = [
        migrations.CreateModel(
            name='NoticeKeyFigure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key_figure', models.CharField(max_length=20, verbose_name='主要数据项')),
                ('total', models.DecimalField(decimal_places=2, max_digits=20, verbose_name='合计')),
                ('figures', models.PositiveIntegerField(verbose_name='数据条数')),
                ('year', models.PositiveSmallIntegerField(editable=False, help_text='通报的归档年份(反馈日期,无则发布日期),随通报一起更新。', null=True, verbose_name='年份')),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='key_figure_sums', to='archive.notice')),
            ],
            options={
                'verbose_name': '通报主要数据合计',
                'verbose_name_plural': '通报主要数据合计',
                'indexes': [models.Index(fields=['notice', 'year', 'key_figure', 'total', 'figures'], name='key_figure_sum_stats')],
                'constraints': [models.UniqueConstraint(fields=('notice', 'key_figure'), name='unique_key_figure_sum')],
            },
        ),
        migrations.RemoveIndex(
            model_name="notice",
            name="notice_stats",
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
                    "key",
                ],
                name="notice_stats",
            ),
        ),
        migrations.RemoveIndex(
            model_name="noticeissuetype",
            name="type_count_stats",
        ),
        migrations.AddIndex(
            model_name="noticeissuetype",
            index=models.Index(fields=["year", "issue_type", "notice", "sections"], name="type_count_stats"),
        ),
        migrations.RunPython(fill_sums, migrations.RunPython.noop),
    ]
