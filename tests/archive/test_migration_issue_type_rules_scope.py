"""Migration 0019: tables still holding the keywords shipped by 0018 get the revised vocabulary."""

from __future__ import annotations

import importlib

import pytest

from archive.parsing.vocabulary import VOCABULARY
from tests.archive.migrating import migrate_to, migrate_to_latest

BEFORE = [("archive", "0018_issue_type_rules_other_topics")]
AFTER = [("archive", "0019_issue_type_rules_scope")]
PREVIOUS = importlib.import_module("archive.migrations.0019_issue_type_rules_scope").PREVIOUS_KEYWORDS
CURRENT = {spec.name: "\n".join(spec.keywords) for spec in VOCABULARY}


def test_the_previous_keywords_name_only_revised_types():
    assert set(PREVIOUS) == {"以往问题整改", "履职发展"}
    assert all(PREVIOUS[name] != CURRENT[name] for name in PREVIOUS)
    assert "*>上轮巡察" in CURRENT["以往问题整改"].splitlines()
    assert "*公平竞争" in CURRENT["履职发展"].splitlines()


@pytest.mark.django_db(transaction=True)
def test_untouched_types_are_revised_edited_ones_kept_and_the_revision_undone_backwards():
    old = migrate_to(BEFORE)
    IssueType = old.get_model("archive", "IssueType")
    # What 0019 meets: the lists 0018 shipped, one of them edited by an editor.
    for order, spec in enumerate(VOCABULARY):
        IssueType.objects.update_or_create(
            name=spec.name,
            defaults={"slug": spec.slug, "keywords": PREVIOUS.get(spec.name, CURRENT[spec.name]), "order": order},
        )
    IssueType.objects.filter(name="履职发展").update(keywords="*高质量发展\n*营商环境")
    try:
        new = migrate_to(AFTER)
        stored = dict(new.get_model("archive", "IssueType").objects.values_list("name", "keywords"))
        assert stored["以往问题整改"] == CURRENT["以往问题整改"]
        assert stored["履职发展"] == "*高质量发展\n*营商环境"
        assert stored["八项规定"] == CURRENT["八项规定"]
        reverted = migrate_to(BEFORE)
        stored = dict(reverted.get_model("archive", "IssueType").objects.values_list("name", "keywords"))
        assert stored["以往问题整改"] == PREVIOUS["以往问题整改"]
        assert stored["履职发展"] == "*高质量发展\n*营商环境"
    finally:
        migrate_to_latest()
