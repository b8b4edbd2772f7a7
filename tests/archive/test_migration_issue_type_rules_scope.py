"""Migration 0019: tables still holding the keywords shipped by 0018 get the revised vocabulary."""

from __future__ import annotations

import importlib

import pytest

from archive.parsing.vocabulary import VOCABULARY
from tests.archive.migrating import assert_keyword_revision

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
    assert_keyword_revision(before=BEFORE, after=AFTER, previous=PREVIOUS, edited="履职发展")
