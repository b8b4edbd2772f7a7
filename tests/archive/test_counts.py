"""Problem counts of the feedback and progress counts of the rectification."""

from __future__ import annotations

import pytest

from archive.parsing.counts import find_problem_counts


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        (
            "省委巡视组共反馈问题31个,已完成整改27个,正在整改4个,整改完成率87.1%。",
            {"problems": 31, "completed": 27, "in_progress": 4, "completion_rate": 87.1},
        ),
        ("针对巡视反馈的问题,制定整改措施118条。", {"measures": 118}),
        (
            "将反馈的问题细化为72项整改任务,已完成65项,其余7项正在推进。",
            {"measures": 72, "completed": 65, "in_progress": 7},
        ),
        (
            "对照巡察反馈的3个方面12个问题,逐项制定整改措施,形成整改清单35条。",
            {"aspects": 3, "problems": 12, "measures": 35},
        ),
        ("截至目前,55项整改措施已全部完成,整改完成率100%。", {"measures": 55, "completed": 55, "completion_rate": 100}),
        (
            "118条整改措施已完成103条,其余15条正在按计划推进并将长期坚持。",
            {"measures": 118, "completed": 103, "in_progress": 15},
        ),
        (
            "反馈问题412个,已完成整改398个,正在整改9个,未完成5个。",
            {"problems": 412, "completed": 398, "in_progress": 9, "not_completed": 5},
        ),
        ("巡视组反馈的四大方面15个具体问题细化为34个小项。", {"aspects": 4, "problems": 15, "items": 34}),
        ("共梳理出问题46个,制定整改措施153条。", {"problems": 46, "measures": 153}),
        (
            "村党支部对反馈的12个问题全部认领,目前已整改10个,正在整改2个。",
            {"problems": 12, "completed": 10, "in_progress": 2},
        ),
    ],
)
def test_counts(text, counts):
    assert find_problem_counts(text) == counts


@pytest.mark.parametrize(
    "text",
    [
        "完成28个部门的权责清单审核工作,已完成28个部门的审核整改。",  # departments, not problems
        "对3000万元以上项目开展整改检查。",  # a threshold
        "已完成整改措施44条。",  # completed, but 44 is not the number of measures
    ],
)
def test_not_counts_of_what_they_seem(text):
    counts = find_problem_counts(text) or {}
    assert "measures" not in counts
    assert counts.get("completed") in (None, 44)
