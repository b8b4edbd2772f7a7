"""Which sentence the counts come from, and the limits of a completion rate."""

from __future__ import annotations

import pytest

from archive.parsing.counts import find_problem_counts, read_problem_counts


def test_without_feedback_counts_there_is_no_sentence_to_point_at():
    counts, sentence = read_problem_counts("已完成整改5个。")
    assert counts == {"completed": 5} and sentence is None


def test_a_sentence_without_aspects_or_problems_does_not_state_the_feedback():
    assert find_problem_counts("巡察组指出11类。") is None


def test_the_sentence_stating_the_most_counts_wins():
    counts, sentence = read_problem_counts("巡察组反馈了4个方面18个问题。巡察组反馈问题20个。")
    assert counts == {"aspects": 4, "problems": 18} and sentence == "巡察组反馈了4个方面18个问题"


def test_of_two_sentences_stating_as_many_counts_the_first_wins():
    counts, sentence = read_problem_counts("巡视组指出3个方面10个问题。巡视组指出4个方面12个问题。")
    assert counts == {"aspects": 3, "problems": 10} and sentence == "巡视组指出3个方面10个问题"


def test_the_first_completion_rate_is_kept():
    assert find_problem_counts("整改完成率87.1%。年底整改完成率达到100%。") == {"completion_rate": 87.1}


@pytest.mark.parametrize(("rate", "kept"), [("0", None), ("1", 1.0), ("100", 100.0), ("101", None)])
def test_a_completion_rate_lies_above_0_and_up_to_100(rate, kept):
    counts = find_problem_counts(f"整改完成率{rate}%。") or {}
    assert counts.get("completion_rate") == kept


def test_a_feedback_count_may_be_followed_by_any_words():
    assert find_problem_counts("巡察组反馈了4个方面的18个问题。") == {"aspects": 4, "problems": 18}


def test_a_threshold_is_skipped_and_the_count_after_it_read():
    assert find_problem_counts("整改工作中,已完成10个以上,已完成8项。") == {"completed": 8}


def test_a_number_that_counts_something_else_is_skipped_and_the_count_after_it_read():
    assert find_problem_counts("已完成28个部门的调研,已完成整改问题5个。") == {"completed": 5}
