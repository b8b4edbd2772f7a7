"""Load the shipped issue-type vocabulary into IssueType; editors extend it in the admin."""

from django.db import migrations

from archive.parsing.vocabulary import VOCABULARY


def load_vocabulary(apps, schema_editor):
    IssueType = apps.get_model("archive", "IssueType")
    for order, spec in enumerate(VOCABULARY, start=1):
        # update_or_create keys on the name so a type an editor already made is completed, not duplicated.
        IssueType.objects.update_or_create(
            name=spec.name,
            defaults={
                "slug": spec.slug,
                "description": spec.description,
                "keywords": "\n".join(spec.keywords),
                "order": order,
            },
        )


def unload_vocabulary(apps, schema_editor):
    IssueType = apps.get_model("archive", "IssueType")
    IssueType.objects.filter(slug__in=[spec.slug for spec in VOCABULARY]).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(load_vocabulary, unload_vocabulary)]
