"""Dates at the edges: exact boundaries, invalid forms, several candidates, written-out years."""

from __future__ import annotations

import datetime as dt

from archive.parsing.dates import (
    FEEDBACK_WINDOW,
    disclosure_start,
    find_dates,
    find_feedback_date,
    header_date,
    numeric_date,
    parse_period,
    signature_date,
)
from archive.parsing.result import DateValue

END = DateValue(dt.date(2017, 6, 30))


def iso(value):
    return value.iso() if value else None


def test_feedback_on_the_day_the_inspection_ended_stays_in_that_year():
    assert iso(find_feedback_date("6月30日向区委反馈了巡察意见。", END)) == "2017-06-30"


def test_a_bare_feedback_date_has_its_exact_note_and_precision():
    value = find_feedback_date("9月5日向区委反馈了巡察意见。", END)
    assert value.note == "原文“9月5日”未写年份,按巡视巡察结束时间(2017-06-30)推定为2017年"
    assert value.precision == "day"


def test_the_feedback_window_is_inclusive():
    at_edge = "9月5日" + "某" * FEEDBACK_WINDOW + "反馈"
    assert iso(find_feedback_date(at_edge, END)) == "2017-09-05"
    assert find_feedback_date("9月5日" + "某" * (FEEDBACK_WINDOW + 1) + "反馈", END) is None


def test_the_first_feedback_word_decides():
    text = "9月5日反馈了巡察意见,10月8日再次反馈整改进展。"
    assert iso(find_feedback_date(text, END)) == "2017-09-05"


def test_dates_of_a_period_are_never_the_feedback_date():
    assert find_feedback_date("巡察组5月15日至6月30日开展巡察并反馈。", END) is None
    assert iso(find_feedback_date("2017年5月15日至30日开展巡察,9月5日反馈。", END)) == "2017-09-05"
    assert find_feedback_date("2017年5月15日至30日开展巡察并反馈。", END) is None


def test_a_period_ending_on_its_start_day_stays_in_the_year():
    start, end = parse_period("2017年5月15日至5月15日")
    assert (iso(start), iso(end)) == ("2017-05-15", "2017-05-15")
    assert start.note == "" and end.note == ""


def test_a_day_only_end_needs_a_start_with_a_day():
    assert parse_period("2017年5月至20日") is None
    assert parse_period("2017年5月15日至下旬") is None


def test_the_first_complete_period_is_taken():
    assert [iso(v) for v in parse_period("2017年3月1日召开会议,2017年5月15日至6月30日开展巡察")] == [
        "2017-05-15",
        "2017-06-30",
    ]
    assert [iso(v) for v in parse_period("2017年3月1日至今,2017年5月15日至6月30日开展巡察")] == [
        "2017-05-15",
        "2017-06-30",
    ]


def test_the_last_day_of_a_month_is_a_day():
    (mention,) = find_dates("2017年12月31日")
    assert mention.day == 31
    assert mention.to_value().precision == "day"


def test_years_written_with_ling_and_circle():
    assert find_dates("二零一七年5月1日")[0].year == 2017
    assert find_dates("二〇一七年5月1日")[0].year == 2017


def test_header_dates_need_a_whole_date():
    assert iso(header_date(["2017-12-25"])) == "2017-12-25"
    assert header_date(["2017年12月"]) is None
    assert iso(header_date(["2016-01-01 发布日期:2017-12-25"])) == "2017-12-25"


def test_an_impossible_numeric_date_gives_way_to_the_next_form():
    assert iso(numeric_date("2017-13-45 16.12.2015")) == "2015-12-16"


def test_a_signature_date_is_a_line_that_is_only_a_date():
    assert iso(signature_date(["中共某区委", "2017-12-21"])) == "2017-12-21"
    assert signature_date(["2017年12月21日召开会议"]) is None


def test_the_disclosure_start_is_looked_for_close_to_its_label():
    assert iso(disclosure_start("公开期限:2025年9月18日至10月18日")) == "2025-09-18"
    assert disclosure_start("公开期限:" + "某" * 31 + "2025年9月18日至10月18日") is None
