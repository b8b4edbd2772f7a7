"""Real-notice regression cases: every ``real_notices/cases/<id>.json`` parsed and compared in full.

Each case reproduces what made a published notice (or a near-miss that is not a notice) hard to read;
one test per case compares every expectation it states. See ``real_notices/README.md``.
"""

from __future__ import annotations

import pytest

from tests.archive.real_notices.compare import gap_key, load_cases, load_known_gaps, run_case

CASES = load_cases()
KNOWN_GAPS = load_known_gaps()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_real_notice(case):
    """Every check of the case passes, apart from the gaps recorded in ``known_gaps.tsv``.

    A check that passed when the gaps were recorded and fails now is a regression; a recorded gap
    that now passes must be removed from the file (``score --write-known-gaps``), so the record
    never hides progress or loss.
    """
    result = run_case(case)
    assert result.error is None, result.error
    failing = {gap_key(case.id, check): check for check in result.failures()}
    new = [check for key, check in failing.items() if key not in KNOWN_GAPS]
    report = "\n".join(f"  [{check.group}] {check.name}: {check.detail}" for check in new)
    assert not new, f"{case.id} ({case.expected.get('studied', '')}): {len(new)} checks regressed\n{report}"
    fixed = sorted(key for key in KNOWN_GAPS if key.startswith(f"{case.id}\t") and key not in failing)
    assert not fixed, f"{case.id}: recorded gaps now pass; update known_gaps.tsv: {fixed}"


def test_cases_are_well_formed():
    """Ids are unique across parts, every case states its kind and classes, facts use known names."""
    known_facts = {
        "title", "issuing_body", "source", "published_on", "signed_on", "inspection_kind", "inspecting_organ",
        "inspection_group", "group_number", "round_label", "inspected_unit", "inspection_start",
        "inspection_end", "feedback_on", "problem_counts", "inspecting_committee", "contact",
    }  # fmt: skip
    known_counts = {"aspects", "categories", "problems", "items", "measures", "completed", "in_progress",
                    "not_completed", "completion_rate"}  # fmt: skip
    kinds = {"notice", "feedback", "announcement", "news", "other_rectification", "unknown"}
    assert len({case.id for case in CASES}) == len(CASES)
    for case in CASES:
        expected = case.expected
        assert expected.get("studied"), case.id
        assert expected.get("classes"), case.id
        assert expected.get("document_kind") in kinds, case.id
        assert set(expected.get("facts", {})) <= known_facts, case.id
        assert set(expected.get("facts", {}).get("problem_counts") or {}) <= known_counts, case.id
        for item in expected.get("figures_include", []) + expected.get("figures_exclude", []):
            assert {"value", "unit"} <= set(item), case.id
