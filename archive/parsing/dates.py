"""Dates in notices: written dates, periods, the feedback date and header dates.

Notices leave things out: a period's end inherits the start's year
(``2017年5月15日至6月30日``), a date may give only a month
(``2015年11月至2016年1月``) or say 今年. Everything here takes plain strings
and returns :class:`DateValue` objects; a year taken from context is recorded
in ``DateValue.note``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .numerals import to_int
from .result import DateValue

#: A written date: optional year (digits, 〇-style numerals or a word such as
#: 今年), a month, and optionally a day. The lookbehind keeps ``112月`` or
#: ``3.5月`` from being read as a month.
DATE_RE = re.compile(
    r"(?<![0-9.])"
    r"(?:(?P<year>\d{4}|[〇零一二三四五六七八九]{4})\s*年|(?P<yword>今年|去年|当年|同年|本年))?"
    r"\s*(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月份?"
    r"(?:\s*(?P<day>3[01]|[12][0-9]|0?[1-9]|三十一?|二?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"
    # 10月中旬, 9月底: a part of a month is given to the month only
    r"|(?:上旬|中旬|下旬|初|底|末))?"
)

#: What joins the two ends of a period.
RANGE_JOIN_RE = re.compile(r"\s*(?:至|到|—+|－|-|~|～)\s*")

#: A period end that gives only a day (``5月15日至30日``).
DAY_ONLY_RE = re.compile(r"(?P<day>3[01]|[12][0-9]|0?[1-9])\s*日")

#: What stands before the second date of a period: the first one's end and a join.
PERIOD_END_BEFORE_RE = re.compile(r"[日月]\s*(?:至|到|—+|－|-|~|～)\s*$")

#: Words before a date that make it a cut-off, never an event date.
CUTOFF_BEFORE_RE = re.compile(r"(?:截至|截止到?|到)\s*$")

#: Numeric header dates: ``2017-12-25``, ``2017/12/25``, ``2017.12.25``.
ISO_DATE_RE = re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)")

#: Day-first header dates as some portals print them: ``16.12.2015 15:21``.
DAY_FIRST_DATE_RE = re.compile(r"(?<!\d)(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})(?!\d)")

#: The publication date label of a header line.
PUBLISHED_LABEL_RE = re.compile(r"(?:发布日期|发布时间|日期|时间)\s*[:：]\s*")

#: A disclosure period in the closing; its start is the publication date.
DISCLOSURE_RE = re.compile(r"公开期限\s*[:：]?\s*")

#: The word that ties a date to the feedback of the inspection's findings.
FEEDBACK_WORD = "反馈"

#: How far (characters) a feedback date may stand before the word 反馈.
FEEDBACK_WINDOW = 60


@dataclass(frozen=True)
class DateMention:
    """One date as written, before any year is filled in from context."""

    start: int
    end: int
    text: str
    year: int | None
    year_word: str | None
    month: int
    day: int | None

    def to_value(self, year: int | None = None, note: str = "") -> DateValue | None:
        """The date with ``year`` filling a missing year; ``None`` when no year is known."""
        year = self.year or year
        if year is None:
            return None
        try:
            value = dt.date(year, self.month, self.day or 1)
        except ValueError:
            return None
        return DateValue(value, "day" if self.day else "month", note)


def find_dates(text: str) -> list[DateMention]:
    """Every written date in ``text``, in order."""
    mentions = []
    for match in DATE_RE.finditer(text):
        mention = _mention(match)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _mention(match: re.Match) -> DateMention | None:
    month = to_int(match["month"])
    day = to_int(match["day"]) if match["day"] else None
    year = _year(match["year"]) if match["year"] else None
    if not month or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return DateMention(match.start(), match.end(), match.group().strip(), year, match["yword"], month, day)


def _year(span: str) -> int | None:
    if span.isdigit():
        return int(span)
    # 二〇一七: each character is one digit.
    digits = "".join(str("〇一二三四五六七八九".index("〇" if c == "零" else c)) for c in span)
    return int(digits)


def parse_period(text: str, reference_year: int | None = None) -> tuple[DateValue, DateValue] | None:
    """The first ``A至B`` period in ``text``: start and end.

    The end inherits the start's year (and month when it gives only a day);
    an end that would fall before the start moves to the next year. A start
    without any year takes ``reference_year``, noted.
    """
    for mention in find_dates(text):
        join = RANGE_JOIN_RE.match(text, mention.end)
        if not join:
            continue
        end_mention = _period_end(text, join.end(), mention)
        if end_mention is None:
            continue
        return _resolve_period(mention, end_mention, reference_year)
    return None


def _period_end(text: str, pos: int, start: DateMention) -> DateMention | None:
    match = DATE_RE.match(text, pos)
    if match:
        return _mention(match)
    day = DAY_ONLY_RE.match(text, pos)
    if day and start.day:
        return DateMention(day.start(), day.end(), day.group(), None, None, start.month, int(day["day"]))
    return None


def _resolve_period(
    start: DateMention, end: DateMention, reference_year: int | None
) -> tuple[DateValue, DateValue] | None:
    note = ""
    if start.year is None:
        note = f"原文“{start.text}”未写年份,按发布年份推定为{reference_year}年" if reference_year else ""
    start_value = start.to_value(reference_year, note)
    if start_value is None:
        return None
    end_value = end.to_value(start_value.value.year)
    if end_value is None:
        return None
    if end.year is None and end_value.value < start_value.value:
        end_value = end.to_value(start_value.value.year + 1)
    return start_value, end_value


#: The act of inspecting in a sentence: …组对某局党组进行了为期一个月的巡察 / …组进驻某局开展巡视.
INSPECTING_ACT_RE = re.compile(
    r"组[^。;；\n]{0,40}?(?P<verb>(?:开展|进行|实施)了?[^,，。;；\n]{0,12}?(?:巡视|巡察)|进驻)"
)

#: Words between a date and the inspecting act that tie the date to something else.
OTHER_EVENT_RE = re.compile(r"反馈|召开|会议|印发|部署|截至|截止")


def find_start_only(text: str, reference_year: int | None = None) -> DateValue | None:
    """The start of an inspection that a notice dates by its start alone.

    ``2015年9月,县委第一巡察组对某局党组进行了为期一个月的巡察`` gives 2015-09:
    the date opens the sentence whose subject, the group, carries out the
    inspection, and nothing else (a feedback, a meeting) stands between them.
    The end is not given, and it is not guessed from a duration; the note says so.
    """
    for sentence in _sentences(text):
        act = INSPECTING_ACT_RE.search(sentence)
        if act is None:
            continue
        before = [m for m in find_dates(sentence[: act.start("verb")]) if not _in_period(sentence, m)]
        if not before:
            continue
        mention = before[-1]
        if OTHER_EVENT_RE.search(sentence[: mention.start] + sentence[mention.end : act.end()]):
            continue
        note = "原文只写了巡视巡察的开始时间,结束时间未写明"
        if mention.year is None:
            if mention.year_word not in (None, "今年", "本年") or reference_year is None:
                continue
            note += f";“{mention.text}”未写年份,按发布年份推定为{reference_year}年"
        return mention.to_value(reference_year, note)
    return None


def find_feedback_date(
    text: str,
    inspection_end: DateValue | None = None,
    reference_year: int | None = None,
) -> DateValue | None:
    """The date on which the findings were fed back (…反馈了巡视意见 / 反馈会).

    It is the last date standing before the word 反馈 in the same sentence,
    within :data:`FEEDBACK_WINDOW` characters, that is neither part of a
    period nor a cut-off (截至). A date without a year is resolved by
    :func:`resolve_feedback_year`.
    """
    for sentence in _sentences(text):
        mention = _feedback_mention(sentence)
        if mention is not None:
            return resolve_feedback_year(mention, inspection_end, reference_year)
    return None


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[。;；!！?？\n])", text)


def _feedback_mention(sentence: str) -> DateMention | None:
    word = sentence.find(FEEDBACK_WORD)
    if word < 0:
        return None
    candidates = [
        m
        for m in find_dates(sentence[:word])
        if word - m.end <= FEEDBACK_WINDOW and not _in_period(sentence, m) and not _is_cutoff(sentence, m)
    ]
    return candidates[-1] if candidates else None


def _in_period(text: str, mention: DateMention) -> bool:
    join = RANGE_JOIN_RE.match(text, mention.end)
    if join and (DATE_RE.match(text, join.end()) or DAY_ONLY_RE.match(text, join.end())):
        return True
    return bool(PERIOD_END_BEFORE_RE.search(text[: mention.start]))


def _is_cutoff(text: str, mention: DateMention) -> bool:
    return bool(CUTOFF_BEFORE_RE.search(text[: mention.start]))


def resolve_feedback_year(
    mention: DateMention,
    inspection_end: DateValue | None,
    reference_year: int | None = None,
) -> DateValue | None:
    """Fill a feedback date's missing year and say how in the note.

    今年/本年 take ``reference_year`` (the publication year) when it is known;
    otherwise, and for a bare ``9月5日``, the year of the inspection's end,
    or the next year if that would put the feedback before the inspection end.
    """
    if mention.year is not None:
        return mention.to_value()
    if mention.year_word in {"今年", "本年"} and reference_year:
        return mention.to_value(reference_year, f"原文“{mention.text}”,年份按发布年份推定为{reference_year}年")
    if mention.year_word == "去年" and reference_year:
        return mention.to_value(reference_year - 1, f"原文“{mention.text}”,年份按发布年份推定为{reference_year - 1}年")
    if inspection_end is None or mention.year_word == "去年":
        return None
    year = inspection_end.value.year
    value = mention.to_value(year)
    if value is not None and _before(value, inspection_end):
        year += 1
        value = mention.to_value(year)
    if value is None:
        return None
    written = f"只写“{mention.year_word}”" if mention.year_word else "未写年份"
    note = f"原文“{mention.text}”{written},按巡视巡察结束时间({inspection_end.iso()})推定为{year}年"
    return DateValue(value.value, value.precision, note)


def _before(value: DateValue, reference: DateValue) -> bool:
    if reference.precision == "month":
        return (value.value.year, value.value.month) < (reference.value.year, reference.value.month)
    return value.value < reference.value


def header_date(lines: list[str]) -> DateValue | None:
    """The publication date of header lines: ``发布日期:2017-12-25``, ``16.12.2015 15:21`` or a written date."""
    for line in lines:
        label = PUBLISHED_LABEL_RE.search(line)
        segment = line[label.end() :] if label else line
        if not label and not _is_date_line(line):
            continue
        value = numeric_date(segment) or _written_date(segment)
        if value is not None:
            return value
    return None


def _is_date_line(line: str) -> bool:
    """A line that is only a date (and maybe a time), like ``16.12.2015  15:21``."""
    rest = ISO_DATE_RE.sub("", line)
    rest = DAY_FIRST_DATE_RE.sub("", rest)
    rest = DATE_RE.sub("", rest)
    return not re.sub(r"[\s\d:：]", "", rest) and rest != line


def numeric_date(text: str) -> DateValue | None:
    """The first ``2017-12-25`` or ``16.12.2015`` date in ``text``."""
    for pattern in (ISO_DATE_RE, DAY_FIRST_DATE_RE):
        match = pattern.search(text)
        if match:
            try:
                return DateValue(dt.date(int(match["year"]), int(match["month"]), int(match["day"])))
            except ValueError:
                continue
    return None


def _written_date(text: str) -> DateValue | None:
    for mention in find_dates(text):
        if mention.year and mention.day:
            return mention.to_value()
    return None


def disclosure_start(text: str) -> DateValue | None:
    """The start of a ``公开期限:2025年9月18日至10月18日`` period."""
    label = DISCLOSURE_RE.search(text)
    if not label:
        return None
    return _written_date(text[label.end() : label.end() + 40])


def signature_date(lines: list[str]) -> DateValue | None:
    """The date under the signature: the last closing line that is only a full date."""
    for line in reversed([line.strip() for line in lines if line.strip()]):
        if _is_date_line(line):
            value = _written_date(line) or numeric_date(line)
            if value is not None:
                return value
    return None


#: A date whose 年/月 were lost by a page (``202136日`` for 2021年3月6日, ``2023年510日`` for
#: 2023年5月10日): digits before 日 that cannot be a day.
GARBLED_DATE_RE = re.compile(r"(?<![\d年月.])(?:(?P<year>(?:19|20)\d{2})年?)?(?P<md>\d{2,4})日")


#: What may stand before a garbled date without a year: the start of a clause or a range.
_GARBLED_BEFORE = "\n,，。;；、 至于到—-~(（"


def repair_garbled(text: str, warnings: list[str], latest: dt.date | None = None) -> str:
    """``text`` with garbled dates written out where only one reading is possible.

    ``510日`` can only be 5月10日; ``111日`` may be 1月11日 or 11月1日 and is left
    as it is. ``latest`` is the notice's own date: a dated event it reports
    cannot come after it, so ``2023年118日`` in a notice of 2023-03-15 is
    2023年1月18日 (11月8日 is still to come). The repaired copy is for reading
    dates only; each repair is noted.
    """

    def fix(match: re.Match) -> str:
        md = match["md"]
        before = text[match.start() - 1] if match.start() else "\n"
        if int(md) <= 31 or (not match["year"] and before not in _GARBLED_BEFORE):
            return match.group()  # a day, or a duration (为期45日)
        readings = [
            (int(md[:i]), int(md[i:]))
            for i in range(1, len(md))
            if not md[i:].startswith("0") and 1 <= int(md[:i]) <= 12 and 1 <= int(md[i:]) <= 31
        ]
        why = "按唯一可能的读法"
        if len(readings) > 1 and match["year"] and latest is not None:
            readings = [r for r in readings if _on_or_before(int(match["year"]), *r, latest)]
            why = f"其他读法晚于通报日期({latest.isoformat()}),按唯一可能的读法"
        if len(readings) != 1:
            return match.group()
        month, day = readings[0]
        year = f"{match['year']}年" if match["year"] else ""
        fixed = f"{year}{month}月{day}日"
        warnings.append(f"日期“{match.group()}”缺少“年”或“月”,{why}理解为“{fixed}”。")
        return fixed

    return GARBLED_DATE_RE.sub(fix, text)


def _on_or_before(year: int, month: int, day: int, latest: dt.date) -> bool:
    try:
        return dt.date(year, month, day) <= latest
    except ValueError:
        return False
