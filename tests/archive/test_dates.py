"""Written dates, periods, the feedback date and header/closing dates."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.parsing.dates import (
    disclosure_start,
    find_dates,
    find_feedback_date,
    find_start_only,
    header_date,
    parse_period,
    signature_date,
)
from archive.parsing.result import DateValue


def iso(value):
    return value.iso() if value else None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2017年5月15日至6月30日市委第一巡察组", "2017-05-15", "2017-06-30"),  # end inherits the year
        ("2015年11月至2016年1月,省委巡视第一组", "2015-11", "2016-01"),  # month precision
        ("2018年11月20日至1月18日", "2018-11-20", "2019-01-18"),  # end rolls into the next year
        ("2019年3月4日至28日", "2019-03-04", "2019-03-28"),  # end gives only the day
        ("二〇二〇年五月六日至七月十日", "2020-05-06", "2020-07-10"),
    ],
)
def test_periods(text, start, end):
    period = parse_period(text)
    assert (iso(period[0]), iso(period[1])) == (start, end)


def test_month_precision_value():
    start, end = parse_period("2015年11月至2016年1月")
    assert (start.precision, start.value) == ("month", dt.date(2015, 11, 1))
    assert end.precision == "month"


def test_period_without_year_takes_the_reference_year_and_notes_it():
    start, end = parse_period("5月15日至6月30日,市委巡察组", reference_year=2017)
    assert (iso(start), iso(end)) == ("2017-05-15", "2017-06-30")
    assert "2017" in start.note


def test_no_period():
    assert parse_period("会议于2017年9月13日召开") is None


def test_feedback_takes_the_year_of_the_inspection():
    text = "2017年5月15日至6月30日市委第一巡察组对某区开展了巡察,9月5日巡察组向新区反馈了巡察意见。"
    start, end = parse_period(text)
    value = find_feedback_date(text, end)
    assert iso(value) == "2017-09-05"
    assert "2017" in value.note


def test_feedback_before_inspection_end_moves_to_next_year():
    text = "2018年11月1日至12月20日,省委巡视组进行了巡视。1月10日向某市反馈了巡视意见。"
    _, end = parse_period(text)
    assert iso(find_feedback_date(text, end)) == "2019-01-10"


def test_feedback_this_year_resolved_and_noted():
    text = "2015年11月至2016年1月,省委巡视第一组对天心区进行了巡视,今年2月26日向天心区委反馈了巡视意见。"
    _, end = parse_period(text)
    value = find_feedback_date(text, end)
    assert iso(value) == "2016-02-26"
    assert "今年" in value.note and "2016" in value.note


def test_feedback_this_year_uses_publication_year_when_known():
    end = DateValue(dt.date(2016, 1, 1), "month")
    value = find_feedback_date("今年2月26日向天心区委反馈了巡视意见。", end, reference_year=2016)
    assert iso(value) == "2016-02-26" and value.note


def test_explicit_feedback_date_has_no_note():
    value = find_feedback_date("2024年9月29日,市委第六巡察组向某区反馈了巡察意见。")
    assert iso(value) == "2024-09-29" and value.note == ""


def test_feedback_meeting():
    end = DateValue(dt.date(2017, 6, 30))
    assert iso(find_feedback_date("9月5日,市委第一巡察组在新区召开巡察情况反馈会。", end)) == "2017-09-05"


def test_other_dates_are_not_the_feedback():
    end = DateValue(dt.date(2017, 6, 30))
    text = (
        "9月13日,新区党工委会议专门组织学习。截至11月30日,反馈问题已整改16个。"
        "2017年5月15日至6月30日巡察组进驻后反馈问题。"
    )
    assert find_feedback_date(text, end) is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["发布日期:2017-12-25   来源:深圳市纪委"], "2017-12-25"),
        (["中共广州市委关于巡视整改情况的通报(全文)", "16.12.2015  15:21"], "2015-12-16"),
        (["2019年3月2日 10:00"], "2019-03-02"),
        (["中共某市委关于巡视整改情况的通报"], None),
        (["原标题:2018年巡视整改情况"], None),
    ],
)
def test_header_dates(lines, expected):
    assert iso(header_date(lines)) == expected


def test_disclosure_period_start_is_publication():
    assert iso(disclosure_start("欢迎监督。公开期限:2025年9月18日至10月18日。")) == "2025-09-18"
    assert disclosure_start("欢迎监督。") is None


def test_signature_date():
    assert iso(signature_date(["中共广州市委", "2015年12月14日"])) == "2015-12-14"
    assert signature_date(["联系电话:0755-28333312"]) is None


def test_find_dates_ignores_months_glued_to_numbers():
    assert [d.text for d in find_dates("从以往的3个月一排查到今年9月份以来")] == ["今年9月份"]


# --- dates a page garbled ------------------------------------------------------


def test_garbled_dates_are_repaired_only_where_one_reading_is_possible():
    from archive.parsing.dates import repair_garbled

    warnings: list[str] = []
    assert repair_garbled("2023年510日至628日", warnings) == "2023年5月10日至6月28日"
    assert repair_garbled("根据部署,202136日至428日,", warnings) == "根据部署,2021年3月6日至4月28日,"
    assert repair_garbled("2022年111日至121日", warnings) == "2022年111日至121日"  # 1月11日 or 11月1日?
    assert repair_garbled("为期45日", warnings) == "为期45日"  # a duration
    assert any("2023年5月10日" in w for w in warnings)


def test_month_parts_give_a_month():
    from archive.parsing.dates import parse_period

    start, end = parse_period("2023年10月中旬至2024年1月底,省委第一巡视组开展巡视")
    assert (start.iso(), end.iso()) == ("2023-10", "2024-01")


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        (
            "2015年9月,县委第一巡察组对县林业局党组进行了为期一个月的巡察,于2015年11月反馈了巡察意见。",
            "2015-09",
            "month",
        ),
        ("2019年3月4日,省委第二巡视组进驻某市开展常规巡视。", "2019-03-04", "day"),
        ("省委第二巡视组于2019年3月4日对某厅党组开展了巡视。", "2019-03-04", "day"),
        ("今年4月,区委第三巡察组对某街道党工委开展了常规巡察。", "2024-04", "month"),
    ],
)
def test_an_inspection_dated_by_its_start_alone(text, iso, precision):
    value = find_start_only(text, 2024)
    assert value.iso() == iso and value.precision == precision
    assert "结束时间未写明" in value.note


@pytest.mark.parametrize(
    "text",
    [
        "2015年11月,县委第一巡察组向县林业局党组反馈了巡察意见。",  # the feedback, not the start
        "2016年3月召开整改会议,县委第一巡察组对整改情况开展了巡察回访。",  # a meeting's date
        "截至2016年3月,县委第一巡察组对12个单位开展了巡察。",  # a cut-off
        "4月,区委第三巡察组对某街道党工委开展了常规巡察。",  # no year and no reference year
    ],
)
def test_other_dates_are_no_start(text):
    assert find_start_only(text, None) is None


def test_a_garbled_date_whose_other_reading_is_after_the_notice_is_repaired():
    from archive.parsing.dates import repair_garbled

    warnings: list[str] = []
    latest = dt.date(2023, 3, 15)
    # 118日: 1月18日 or 11月8日; only the first is before the notice of 2023-03-15.
    assert repair_garbled("2023年118日,县委第四巡察组反馈了巡察意见。", warnings, latest).startswith("2023年1月18日")
    assert "晚于通报日期" in warnings[0]
    # Both readings of 2022年111日 are before the notice: still ambiguous, left as written.
    assert repair_garbled("2022年111日至121日", warnings, latest) == "2022年111日至121日"
    # Without the notice's date nothing is chosen.
    assert repair_garbled("2023年118日", [], None) == "2023年118日"


def test_a_repaired_feedback_date_points_at_its_garbled_words():
    from archive.parsing import parse_notice

    text = (
        "某局党组关于巡察整改情况的通报\n发布日期:2023-03-15\n"
        "根据县委统一部署,县委第四巡察组对县林业局党组进行了常规巡察。2023年118日,县委第四巡察组向局党组反馈了巡察意见。\n"
        "一、整改情况\n已完成。\n"
    )
    notice = parse_notice(text)
    assert notice.feedback_on.iso() == "2023-01-18"
    source = notice.provenance["feedback_on"]
    assert notice.text[source["start"] : source["end"]] == "2023年118日"
