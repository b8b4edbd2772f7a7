"""Edge cases of dates: which garbled dates are repaired and how the note reads, a start-only inspection."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.parsing.dates import find_start_only, repair_garbled


def repaired(text: str, latest: dt.date | None = None) -> tuple[str, list[str]]:
    warnings: list[str] = []
    return repair_garbled(text, warnings, latest), warnings


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("于31日召开会议", "于31日召开会议"),  # a day of the month, not garbled
        ("于32日召开会议", "于3月2日召开会议"),  # the smallest number that is no day
        ("于105日召开会议", "于10月5日召开会议"),  # 1月05日 is not how a date is written
        ("于131日召开会议", "于1月31日召开会议"),  # there is no 13th month; 31 is a day
        ("于132日召开会议", "于132日召开会议"),  # neither 1月32日 nor 13月2日
        ("510日召开会议", "5月10日召开会议"),  # at the very start of the text
        ("召开会议于510日", "召开会议于5月10日"),
    ],
)
def test_which_garbled_dates_are_repaired(text, fixed):
    result, warnings = repaired(text)
    assert result == fixed
    assert len(warnings) == (result != text)


def test_a_repair_says_what_it_read():
    assert repaired("510日召开会议")[1] == ["日期“510日”缺少“年”或“月”,按唯一可能的读法理解为“5月10日”。"]


@pytest.mark.parametrize("latest", [dt.date(2023, 3, 1), dt.date(2023, 12, 31)])
def test_the_notices_date_only_chooses_between_readings(latest):
    # 510日 has one reading; the notice's date neither drops it nor changes the note.
    assert repaired("2023年510日前完成", latest) == (
        "2023年5月10日前完成",
        ["日期“2023年510日”缺少“年”或“月”,按唯一可能的读法理解为“2023年5月10日”。"],
    )


@pytest.mark.parametrize(
    ("latest", "fixed"),
    [
        (dt.date(2023, 1, 18), "2023年1月18日召开"),  # on the notice's own day: still possible
        (dt.date(2023, 1, 17), "2023年118日召开"),  # both readings after it: left as written
    ],
)
def test_a_reading_on_the_notices_date_is_possible(latest, fixed):
    assert repaired("2023年118日召开", latest)[0] == fixed


ACT = "县委第一巡察组对某局党组进行了为期一个月的巡察。"
NOTE = "原文只写了巡视巡察的开始时间,结束时间未写明"


@pytest.mark.parametrize(
    "before",
    [
        "某局高度重视巡察工作。",  # no inspection in it
        "县委巡察组对某局进行了巡察。",  # an inspection without a date
        "2015年8月召开会议后,县委巡察组对某局进行了巡察。",  # a date of another event
        "9月," + ACT,  # a date without a year, and no year to read it by
    ],
)
def test_a_start_only_inspection_in_a_later_sentence(before):
    found = find_start_only(before + "2015年9月," + ACT)
    assert (found.value, found.precision, found.note) == (dt.date(2015, 9, 1), "month", NOTE)


@pytest.mark.parametrize(("word", "year"), [("今年", 2016), ("本年", 2016), ("去年", None), ("", 2016)])
def test_a_start_without_a_year_takes_the_publication_year_only_for_this_year(word, year):
    found = find_start_only(f"{word}9月," + ACT, 2016)
    if year is None:
        assert found is None  # 去年 is not the publication year: no start is given
    else:
        written = f"{word}9月"
        assert (found.value, found.note) == (
            dt.date(year, 9, 1),
            f"{NOTE};“{written}”未写年份,按发布年份推定为2016年",
        )


def test_a_start_without_a_year_and_no_publication_year_is_not_given():
    assert find_start_only("9月," + ACT) is None
