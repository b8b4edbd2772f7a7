"""Migration 0016: tables still holding the previously shipped keywords get the revised vocabulary."""

from __future__ import annotations

import importlib

import pytest

from archive.parsing.vocabulary import VOCABULARY
from tests.archive.migrating import migrate_to

BEFORE = [("archive", "0015_statistics_year_indexes")]
AFTER = [("archive", "0016_issue_type_rules_beside_headings")]
PREVIOUS = importlib.import_module("archive.migrations.0016_issue_type_rules_beside_headings").PREVIOUS_KEYWORDS


def test_the_previous_keywords_cover_every_shipped_type_and_differ_from_the_current():
    assert set(PREVIOUS) == {spec.name for spec in VOCABULARY}
    changed = [spec.name for spec in VOCABULARY if PREVIOUS[spec.name] != "\n".join(spec.keywords)]
    assert "履职发展" in changed and "八项规定" in changed


@pytest.mark.django_db(transaction=True)
def test_untouched_types_are_revised_and_edited_ones_kept():
    old = migrate_to(BEFORE)
    IssueType = old.get_model("archive", "IssueType")
    # The seeded rows may have been flushed by an earlier transactional test: put back what 0016 meets.
    for order, spec in enumerate(VOCABULARY):
        IssueType.objects.update_or_create(
            name=spec.name, defaults={"slug": spec.slug, "keywords": PREVIOUS[spec.name], "order": order}
        )
    IssueType.objects.filter(name="八项规定").update(keywords="*公务用车\n*四风")  # an editor's own list
    new = migrate_to(AFTER)
    stored = dict(new.get_model("archive", "IssueType").objects.values_list("name", "keywords"))
    current = {spec.name: "\n".join(spec.keywords) for spec in VOCABULARY}
    assert stored["履职发展"] == current["履职发展"]
    assert stored["八项规定"] == "*公务用车\n*四风"
    reverted = migrate_to(BEFORE)
    stored = dict(reverted.get_model("archive", "IssueType").objects.values_list("name", "keywords"))
    assert stored["履职发展"] == PREVIOUS["履职发展"]
