"""Inspecting committees as entities; rounds identified by (committee, label).

The data step infers each stored notice's committee with the parser's pure
function (``archive.parsing.places.infer_committee``) from the facts already
stored, then gives every round the committee of its notices: a round whose
notices belong to different committees is split into one round per committee.
"""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify


def _committee(Committee, name, cache):
    from archive.parsing.places import committees_by_name

    if name not in cache:
        known = committees_by_name().get(name)
        defaults = {"slug": slugify(name, allow_unicode=True) or f"committee-{len(cache) + 1}"}
        if known:
            defaults.update(full_name=known.full_name, level=known.level, place_code=known.place_code)
        cache[name] = Committee.objects.get_or_create(name=name, defaults=defaults)[0]
    return cache[name]


def infer_committees(apps, schema_editor):
    from archive.parsing.places import infer_committee

    Committee = apps.get_model("archive", "Committee")
    Notice = apps.get_model("archive", "Notice")
    InspectionRound = apps.get_model("archive", "InspectionRound")
    cache = {}
    for notice in Notice.objects.order_by("pk").iterator():
        inference, _warning = infer_committee(
            text=notice.text,
            organ=notice.inspecting_organ,
            issuing_body=notice.issuing_body_text,
            inspected_unit=notice.inspected_unit,
            title=None if notice.title_derived else notice.title,
        )
        if inference is None:
            continue
        notice.inspecting_committee = _committee(Committee, inference.committee.name, cache)
        notice.provenance = {**notice.provenance, "inspecting_committee": inference.provenance()}
        notice.save(update_fields=["inspecting_committee", "provenance"])

    used = set()

    def unique_slug(base):
        base = slugify(base, allow_unicode=True)[:240] or "round"
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        return slug

    for round_ in list(InspectionRound.objects.order_by("pk")):
        notices = list(Notice.objects.filter(inspection_round=round_).order_by("pk"))
        groups = Counter(n.inspecting_committee_id for n in notices)
        ranked = [committee for committee, _count in groups.most_common()] or [None]
        # The largest group keeps the round (and its id, so links to it stay); each other committee gets its own.
        for index, committee_id in enumerate(ranked):
            committee = Committee.objects.get(pk=committee_id) if committee_id else None
            base = f"{committee.slug}-{round_.label}" if committee else round_.label
            if index == 0:
                target = round_
                target.committee = committee
                target.slug = unique_slug(base)
                target.save(update_fields=["committee", "slug"])
            else:
                target = InspectionRound.objects.create(committee=committee, label=round_.label, slug=unique_slug(base))
                Notice.objects.filter(
                    pk__in=[n.pk for n in notices if n.inspecting_committee_id == committee_id]
                ).update(inspection_round=target)
    if schema_editor.connection.vendor == "postgresql":
        # Deferred foreign-key checks would otherwise block the ALTER TABLEs that follow.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def merge_rounds_by_label(apps, schema_editor):
    Notice = apps.get_model("archive", "Notice")
    InspectionRound = apps.get_model("archive", "InspectionRound")
    kept = {}
    for round_ in InspectionRound.objects.order_by("pk"):
        if round_.label in kept:
            Notice.objects.filter(inspection_round=round_).update(inspection_round=kept[round_.label])
            round_.delete()
        else:
            kept[round_.label] = round_
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_notice_source_kind_provenance"),
    ]

    operations = [
        migrations.CreateModel(
            name="Committee",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        help_text="如“深圳市委”“广东省委”“中央”。", max_length=100, unique=True, verbose_name="名称"
                    ),
                ),
                (
                    "full_name",
                    models.CharField(
                        blank=True, help_text="如“中共深圳市委员会”。", max_length=200, verbose_name="全称"
                    ),
                ),
                (
                    "level",
                    models.CharField(
                        blank=True,
                        choices=[("中央", "中央"), ("省", "省级"), ("市", "市级"), ("县", "县级")],
                        max_length=4,
                        verbose_name="层级",
                    ),
                ),
                ("place_code", models.CharField(blank=True, max_length=12, verbose_name="行政区划代码")),
                ("slug", models.SlugField(allow_unicode=True, max_length=100, unique=True, verbose_name="URL 名")),
            ],
            options={
                "verbose_name": "巡视巡察机关",
                "verbose_name_plural": "巡视巡察机关",
                "ordering": ["name"],
            },
        ),
        migrations.AlterModelOptions(
            name="inspectionround",
            options={
                "ordering": ["committee__name", "label"],
                "verbose_name": "巡视巡察轮次",
                "verbose_name_plural": "巡视巡察轮次",
            },
        ),
        migrations.AlterField(
            model_name="inspectionround",
            name="label",
            field=models.CharField(max_length=200, verbose_name="轮次"),
        ),
        migrations.AddField(
            model_name="inspectionround",
            name="committee",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rounds",
                to="archive.committee",
                verbose_name="巡视巡察机关",
            ),
        ),
        migrations.AddField(
            model_name="inspectionround",
            name="slug",
            # No index yet: the unique one comes with the AlterField below (two would clash on PostgreSQL).
            field=models.SlugField(
                allow_unicode=True, db_index=False, max_length=255, null=True, verbose_name="URL 名"
            ),
        ),
        migrations.AlterField(
            model_name="notice",
            name="inspecting_organ",
            field=models.CharField(blank=True, max_length=50, verbose_name="巡视巡察机关(原文)"),
        ),
        migrations.AddField(
            model_name="notice",
            name="inspecting_committee",
            field=models.ForeignKey(
                blank=True,
                help_text="带地名的机关,如“深圳市委”;原文只写“市委”时由发布机关所在地推定。",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="notices",
                to="archive.committee",
                verbose_name="巡视巡察机关",
            ),
        ),
        migrations.RunPython(infer_committees, merge_rounds_by_label),
        migrations.AlterField(
            model_name="inspectionround",
            name="slug",
            field=models.SlugField(allow_unicode=True, max_length=255, unique=True, verbose_name="URL 名"),
        ),
        migrations.AddConstraint(
            model_name="inspectionround",
            constraint=models.UniqueConstraint(
                fields=("committee", "label"),
                name="unique_round_per_committee",
                violation_error_message="该机关已有同名轮次。",
            ),
        ),
        migrations.AddConstraint(
            model_name="inspectionround",
            constraint=models.UniqueConstraint(
                condition=models.Q(("committee__isnull", True)),
                fields=("label",),
                name="unique_round_without_committee",
                violation_error_message="已有机关未定的同名轮次。",
            ),
        ),
    ]
