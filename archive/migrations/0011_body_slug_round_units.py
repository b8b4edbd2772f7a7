"""Issuing bodies get a stable slug (filled from their names); rounds get their covered units;
figures are classified as key figures (立案, 处分, 组织处理, 追缴/挽回资金); notices get their sections
counted per issue type for the statistics."""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    IssuingBody = apps.get_model("archive", "IssuingBody")
    used: set[str] = set()
    for body in IssuingBody.objects.order_by("id"):
        base = slugify(body.name, allow_unicode=True)[:200] or "body"
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        body.slug = slug
        body.save(update_fields=["slug"])


def classify_figures(apps, schema_editor):
    # The keyword lists as they are when the migration runs; `manage.py classify_figures` re-applies later ones.
    from archive.key_figures import classify

    Figure = apps.get_model("archive", "Figure")
    changed = []
    for figure in Figure.objects.only("measure", "unit").iterator(chunk_size=2000):
        figure.key_figure = classify(figure.measure, figure.unit)
        if figure.key_figure:
            changed.append(figure)
    Figure.objects.bulk_update(changed, ["key_figure"], batch_size=500)


def count_sections(apps, schema_editor):
    # The same counts as archive.type_counts.refresh_type_counts, for every stored notice at once.
    from django.db.models import Count

    Notice = apps.get_model("archive", "Notice")
    Section = apps.get_model("archive", "Section")
    NoticeIssueType = apps.get_model("archive", "NoticeIssueType")
    totals = Section.objects.values("notice_id").annotate(n=Count("id")).values_list("notice_id", "n")
    for notice_id, n in totals.iterator():
        Notice.objects.filter(pk=notice_id).update(section_count=n)
    tagged = (
        Section.issue_types.through.objects.values("section__notice_id", "issuetype_id")
        .annotate(n=Count("section_id", distinct=True))
        .order_by()
    )
    NoticeIssueType.objects.bulk_create(
        (
            NoticeIssueType(notice_id=r["section__notice_id"], issue_type_id=r["issuetype_id"], sections=r["n"])
            for r in tagged.iterator()
        ),
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_ocr_and_url_ingest")]

    operations = [
        migrations.AddField(
            model_name="issuingbody",
            name="slug",
            # No index yet: PostgreSQL would get the same "_like" index twice when the field turns unique below.
            field=models.SlugField(
                max_length=220, null=True, allow_unicode=True, db_index=False, verbose_name="URL 名"
            ),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="issuingbody",
            name="slug",
            field=models.SlugField(
                allow_unicode=True,
                help_text="机关页面的地址,设定后不随名称更改。",
                max_length=220,
                unique=True,
                verbose_name="URL 名",
            ),
        ),
        migrations.AddField(
            model_name="figure",
            name="key_figure",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                help_text="按关键词归入的统计项。",
                max_length=20,
                verbose_name="主要数据项",
            ),
        ),
        migrations.RunPython(classify_figures, migrations.RunPython.noop),
        migrations.CreateModel(
            name="RoundUnit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="被巡视巡察单位")),
                (
                    "key",
                    models.CharField(
                        editable=False, help_text="用于匹配的规范名称。", max_length=200, verbose_name="规范名"
                    ),
                ),
                (
                    "corrected",
                    models.BooleanField(
                        default=False, help_text="勾选后,重新匹配不会改动这一行。", verbose_name="人工更正"
                    ),
                ),
                (
                    "inspection_round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="units",
                        to="archive.inspectionround",
                        verbose_name="轮次",
                    ),
                ),
                (
                    "notice",
                    models.ForeignKey(
                        blank=True,
                        help_text="该单位的整改情况通报;留空表示档案中尚无。",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="round_units",
                        to="archive.notice",
                        verbose_name="对应整改通报",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        help_text="列出该单位的轮次公告、反馈文件或通报。",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="archive.notice",
                        verbose_name="来源文件",
                    ),
                ),
            ],
            options={
                "verbose_name": "轮次覆盖单位",
                "verbose_name_plural": "轮次覆盖单位",
                "ordering": ["inspection_round", "name"],
                "constraints": [
                    models.UniqueConstraint(fields=("inspection_round", "key"), name="unique_unit_per_round")
                ],
            },
        ),
        migrations.CreateModel(
            name="NoticeIssueType",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sections", models.PositiveIntegerField(verbose_name="章节数")),
            ],
            options={
                "verbose_name": "通报问题类型章节数",
                "verbose_name_plural": "通报问题类型章节数",
            },
        ),
        migrations.AddField(
            model_name="notice",
            name="section_count",
            field=models.PositiveIntegerField(
                default=0, editable=False, help_text="统计用:随章节及其问题类型一起更新。", verbose_name="章节数"
            ),
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
                ],
                name="notice_stats",
            ),
        ),
        migrations.AddField(
            model_name="noticeissuetype",
            name="issue_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="notice_counts", to="archive.issuetype"
            ),
        ),
        migrations.AddField(
            model_name="noticeissuetype",
            name="notice",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="type_counts", to="archive.notice"
            ),
        ),
        migrations.AddConstraint(
            model_name="noticeissuetype",
            constraint=models.UniqueConstraint(fields=("notice", "issue_type"), name="unique_type_count"),
        ),
        migrations.RunPython(count_sections, migrations.RunPython.noop),
    ]
