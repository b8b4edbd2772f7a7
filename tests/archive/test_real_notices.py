"""Real-notice regression cases: every ``real_notices/cases/<id>.json`` parsed and compared in full.

Each case reproduces what made a published notice (or a near-miss that is not a notice) hard to read;
one test per case compares every expectation it states. See ``real_notices/README.md``.
"""

from __future__ import annotations

import pytest

from tests.archive.real_notices.compare import load_cases, run_case

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_real_notice(case):
    result = run_case(case)
    assert result.error is None, result.error
    failures = result.failures()
    report = "\n".join(f"  [{check.group}] {check.name}: {check.detail}" for check in failures)
    assert not failures, (
        f"{case.id} ({case.expected.get('studied', '')}): {len(failures)} of {len(result.checks)} checks fail\n{report}"
    )


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
