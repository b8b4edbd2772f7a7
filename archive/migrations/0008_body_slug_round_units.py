"""Issuing bodies get a stable slug (filled from their names); rounds get their covered units."""

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


class Migration(migrations.Migration):
    dependencies = [("archive", "0007_figure_amount")]

    operations = [
        migrations.AddField(
            model_name="issuingbody",
            name="slug",
            field=models.SlugField(max_length=220, null=True, allow_unicode=True, verbose_name="URL 名"),
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
    ]
