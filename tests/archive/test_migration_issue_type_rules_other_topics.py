"""Migration 0018: tables still holding the keywords shipped by 0016 get the revised vocabulary."""

from __future__ import annotations

import importlib

import pytest

from archive.parsing.vocabulary import VOCABULARY
from tests.archive.migrating import assert_keyword_revision

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
    assert_keyword_revision(before=BEFORE, after=AFTER, previous=PREVIOUS, edited="党的领导")
