"""Feedback dates written with a relative year word (去年, 今年, 本年, 当年, 同年) or none.

Each word resolves against its own reference — the publication year for
去年/今年/本年, the inspection's end for 当年/同年 and a bare month — and the
note that explains the resolution quotes the words the notice actually used.
"""

from __future__ import annotations

import datetime as dt

import pytest

from archive.parsing.dates import find_feedback_date
from archive.parsing.result import DateValue

INSPECTION_END = DateValue(dt.date(2017, 6, 30))
PUBLISHED_YEAR = 2018


def feedback(written: str, *, end=INSPECTION_END, published=PUBLISHED_YEAR) -> DateValue | None:
    return find_feedback_date(f"{written}向区委反馈了巡察意见。", end, published)


@pytest.mark.parametrize(
    ("written", "expected", "reference"),
    [
        ("去年9月5日", "2017-09-05", "按发布年份推定为2017年"),
        ("今年9月5日", "2018-09-05", "按发布年份推定为2018年"),
        ("本年9月5日", "2018-09-05", "按发布年份推定为2018年"),
        ("当年9月5日", "2017-09-05", "按巡视巡察结束时间(2017-06-30)推定为2017年"),
        ("同年9月5日", "2017-09-05", "按巡视巡察结束时间(2017-06-30)推定为2017年"),
        ("9月5日", "2017-09-05", "按巡视巡察结束时间(2017-06-30)推定为2017年"),
    ],
)
def test_each_year_word_resolves_against_its_reference(written, expected, reference):
    value = feedback(written)
    assert value.iso() == expected
    assert f"原文“{written}”" in value.note
    assert reference in value.note


@pytest.mark.parametrize("word", ["当年", "同年", "今年", "本年"])
def test_the_note_names_the_word_the_notice_used(word):
    value = feedback(f"{word}9月5日", published=None)
    assert value.iso() == "2017-09-05"
    assert f"只写“{word}”" in value.note
    others = {"当年", "同年", "今年", "本年"} - {word}
    assert not any(f"“{other}”" in value.note for other in others), value.note


def test_a_bare_date_says_no_year_was_written():
    value = feedback("9月5日")
    assert "未写年份" in value.note and "只写" not in value.note


def test_last_year_needs_the_publication_year():
    assert feedback("去年9月5日", published=None) is None
    assert feedback("去年9月5日", end=None).iso() == "2017-09-05"


def test_this_year_without_any_reference_is_unknown():
    assert feedback("今年9月5日", end=None, published=None) is None


def test_a_bare_date_before_the_inspection_end_falls_in_the_next_year():
    value = feedback("3月5日")
    assert value.iso() == "2018-03-05"
    assert "推定为2018年" in value.note


def test_a_month_precise_inspection_end_keeps_a_date_in_the_same_month():
    end = DateValue(dt.date(2017, 6, 1), "month")
    assert feedback("6月20日", end=end, published=None).iso() == "2017-06-20"
    assert feedback("5月20日", end=end, published=None).iso() == "2018-05-20"


def test_a_written_year_needs_no_note():
    value = feedback("2016年9月5日")
    assert value.iso() == "2016-09-05" and value.note == ""
