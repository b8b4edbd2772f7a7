"""Tagging against the hand-labelled sections of the samples 000, 002 and 004.

Run with ``-s`` to see the per-type table and the score of each notice.
"""

from __future__ import annotations

from django.conf import settings

from archive.parsing.vocabulary import default_rules
from archive.tag_scores import format_table, load_labelled, score_rules

MIN_PRECISION = 0.85
MIN_RECALL = 0.85


def test_labelled_sections_score():
    notices = load_labelled(settings.ARCHIVE_LABELLED_SECTIONS)
    assert {n.name[6:9] for n in notices} == {"000", "002", "004"}
    scores = score_rules(default_rules(), notices)
    micro = scores.micro
    print(
        f"\nlabelled sections: {scores.sections}; micro P={micro.precision:.3f} R={micro.recall:.3f} F1={micro.f1:.3f}"
    )
    print(format_table(scores))
    for notice in notices:
        one = score_rules(default_rules(), (notice,)).micro
        print(f"{notice.name}: P={one.precision:.3f} R={one.recall:.3f} F1={one.f1:.3f}")
    assert not scores.missing, scores.missing
    assert micro.precision >= MIN_PRECISION
    assert micro.recall >= MIN_RECALL


def test_every_notice_holds_up_on_its_own():
    """No notice carries the others: each reaches a floor on its own labels."""
    for notice in load_labelled(settings.ARCHIVE_LABELLED_SECTIONS):
        micro = score_rules(default_rules(), (notice,)).micro
        assert micro.f1 >= 0.85, notice.name
