"""The data step of the migrations that ship a revised keyword vocabulary (0009, 0016, 0018, 0019).

Not a migration itself: the loader skips modules whose name starts with an underscore.
"""

from archive.parsing.vocabulary import VOCABULARY


def keyword_revision(previous: dict[str, str]):
    """(forwards, backwards) functions for ``RunPython``, given the lists shipped before, by type name.

    Forwards, a type still holding its ``previous`` list gets the current
    vocabulary's; a list an editor has changed is kept. Backwards, a type still
    holding the current list gets ``previous`` back.
    """

    def revise(apps, schema_editor):
        IssueType = apps.get_model("archive", "IssueType")
        for spec in VOCABULARY:
            if spec.name in previous:
                IssueType.objects.filter(name=spec.name, keywords=previous[spec.name]).update(
                    keywords="\n".join(spec.keywords)
                )

    def restore(apps, schema_editor):
        IssueType = apps.get_model("archive", "IssueType")
        for spec in VOCABULARY:
            if spec.name in previous:
                IssueType.objects.filter(name=spec.name, keywords="\n".join(spec.keywords)).update(
                    keywords=previous[spec.name]
                )

    return revise, restore
