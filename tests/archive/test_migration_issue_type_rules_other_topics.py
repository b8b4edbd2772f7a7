"""Migration 0018: tables still holding the keywords shipped by 0016 get the revised vocabulary."""

from __future__ import annotations

import importlib

import pytest

from archive.parsing.vocabulary import VOCABULARY
from tests.archive.migrating import migrate_to, migrate_to_latest

BEFORE = [("archive", "0017_key_figure_sums")]
AFTER = [("archive", "0018_issue_type_rules_other_topics")]
PREVIOUS = importlib.import_module("archive.migrations.0018_issue_type_rules_other_topics").PREVIOUS_KEYWORDS
CURRENT = {spec.name: "\n".join(spec.keywords) for spec in VOCABULARY}


def test_the_previous_keywords_name_only_revised_types():
    assert set(PREVIOUS) == {"党的领导", "履职发展"}
    assert all(PREVIOUS[name] != CURRENT[name] for name in PREVIOUS)
    assert "^人才工作" in CURRENT["履职发展"].splitlines() and "路线方针" in CURRENT["党的领导"].splitlines()


@pytest.mark.django_db(transaction=True)
def test_untouched_types_are_revised_edited_ones_kept_and_the_revision_undone_backwards():
    old = migrate_to(BEFORE)
    IssueType = old.get_model("archive", "IssueType")
    # What 0018 meets: the lists 0016 shipped, one of them edited by an editor.
    for order, spec in enumerate(VOCABULARY):
        IssueType.objects.update_or_create(
            name=spec.name,
            defaults={"slug": spec.slug, "keywords": PREVIOUS.get(spec.name, CURRENT[spec.name]), "order": order},
        )
    IssueType.objects.filter(name="党的领导").update(keywords="党的领导\n*两个维护")
    try:
        new = migrate_to(AFTER)
        stored = dict(new.get_model("archive", "IssueType").objects.values_list("name", "keywords"))
        assert stored["履职发展"] == CURRENT["履职发展"]
        assert stored["党的领导"] == "党的领导\n*两个维护"
        assert stored["八项规定"] == CURRENT["八项规定"]
        reverted = migrate_to(BEFORE)
        stored = dict(reverted.get_model("archive", "IssueType").objects.values_list("name", "keywords"))
        assert stored["履职发展"] == PREVIOUS["履职发展"]
        assert stored["党的领导"] == "党的领导\n*两个维护"
    finally:
        migrate_to_latest()
