"""Edges of the date readers' order: which source gives the publication, signing and inspection dates."""

from __future__ import annotations

import pytest

from archive.parsing import parse_notice
from archive.parsing.facts import _read_dates
from archive.parsing.result import ParsedNotice

TITLE = "中共某县林业局党组关于巡察整改情况的通报"
SIGNER = "中共某县林业局党组"


def _dated(header=(), *, opening=None, body="已完成整改问题21个。", closing="欢迎监督。", **facts) -> ParsedNotice:
    """A notice with only what ``_read_dates`` reads, its opening the header unless given."""
    opening = "\n".join(header) if opening is None else opening
    text = f"{opening}\n一、整改工作\n{body}\n{closing}"
    notice = ParsedNotice(raw_text="", text=text, header=list(header), **facts)
    _read_dates(notice, opening, closing)
    return notice


def _iso(value) -> str | None:
    return value.value.isoformat() if value else None


@pytest.mark.parametrize(
    ("header", "facts", "closing", "published"),
    [
        # the page's 发布日期 first, then a dated header line, a line under the title, the disclosure period
        (["2023-08-05"], {"metadata": {"发布日期": "2023年8月2日"}}, "欢迎监督。", "2023-08-02"),
        ([TITLE, "(2023年8月1日)", "发布日期:2023-08-02"], {}, "欢迎监督。", "2023-08-02"),
        ([TITLE, "(2023年8月1日)"], {"title": TITLE}, "公开期限:2023年8月3日至9月3日", "2023-08-01"),
        ([TITLE], {"title": TITLE}, "公开期限:2023年8月3日至9月3日", "2023-08-03"),
        # a title that holds a date is no line under the title
        (
            ["关于2023-07-01至2023-07-31巡察整改情况的通报"],
            {"title": "关于2023-07-01至2023-07-31巡察整改情况的通报"},
            "",
            None,
        ),
        # a date under a name signed under the title is the signing date, not the publication date
        ([TITLE, SIGNER, "(2023年8月1日)"], {"title": TITLE, "signer": SIGNER}, "欢迎监督。", None),
        ([TITLE, "发布日期:2023-08-05", SIGNER], {"title": TITLE, "signer": SIGNER}, "欢迎监督。", "2023-08-05"),
        # a signing date's label never gives the publication date
        ([TITLE, "成文日期:2023-07-30"], {"title": TITLE}, "欢迎监督。", None),
        ([TITLE, "成文日期:2023-07-30", "2023-08-02"], {"title": TITLE}, "欢迎监督。", "2023-08-02"),
    ],
)
def test_the_publication_date_comes_from_the_first_source_that_gives_one(header, facts, closing, published):
    assert _iso(_dated(header, closing=closing, **facts).published_on) == published


SIGNED_CLOSING = "欢迎监督。\n中共某县林业局党组\n2023年8月1日"


@pytest.mark.parametrize(
    ("header", "facts", "closing", "signed"),
    [
        ([TITLE], {"title": TITLE}, SIGNED_CLOSING, "2023-08-01"),
        ([TITLE], {"title": TITLE, "metadata": {"成文日期": "2023-07-30"}}, SIGNED_CLOSING, "2023-08-01"),
        ([TITLE], {"title": TITLE, "metadata": {"成文日期": "2023-07-30"}}, "欢迎监督。", "2023-07-30"),
        # only the closing's last three lines are looked at
        ([TITLE], {"title": TITLE}, SIGNED_CLOSING + "\n联系人:张某\n邮编:518000", "2023-08-01"),
        ([TITLE], {"title": TITLE}, SIGNED_CLOSING + "\n联系人:张某\n电话:0755-28333312\n邮编:518000", None),
        # a name signed under the title: the date under it, unless the closing is dated
        ([TITLE, SIGNER, "(2023年7月28日)"], {"title": TITLE, "signer": SIGNER}, "欢迎监督。", "2023-07-28"),
        ([TITLE, SIGNER, "(2023年7月28日)"], {"title": TITLE, "signer": SIGNER}, SIGNED_CLOSING, "2023-08-01"),
        ([TITLE, SIGNER], {"title": TITLE, "signer": SIGNER}, "欢迎监督。", None),
        ([TITLE, "(2023年7月28日)"], {"title": TITLE}, "欢迎监督。", None),
    ],
)
def test_the_signing_date_comes_from_the_closing_then_the_page_then_under_the_title(header, facts, closing, signed):
    assert _iso(_dated(header, closing=closing, **facts).signed_on) == signed


OPENING = "根据县委统一部署,县委第二巡察组对县林业局党组开展了巡察。现将整改情况予以公布。"


@pytest.mark.parametrize(
    ("header", "facts", "closing", "start"),
    [
        # the publication date's year comes first, else the signing date's
        (["发布日期:2024-01-05"], {}, SIGNED_CLOSING, "2024-03-01"),
        (["发布日期:2024-01-05"], {}, "欢迎监督。", "2024-03-01"),
        ([TITLE], {"title": TITLE}, SIGNED_CLOSING, "2023-03-01"),
        ([TITLE], {"title": TITLE}, "欢迎监督。", None),
    ],
)
def test_dates_without_a_year_take_the_notices_own_year(header, facts, closing, start):
    opening = "\n".join(header) + "\n3月1日至4月20日," + OPENING
    assert _iso(_dated(header, opening=opening, closing=closing, **facts).inspection_start) == start


@pytest.mark.parametrize(
    ("body", "start", "end", "feedback"),
    [
        (
            "2023年3月1日至4月20日,县委第二巡察组开展了巡察。5月12日反馈了意见。",
            "2023-03-01",
            "2023-04-20",
            "2023-05-12",
        ),
        ("3月1日至4月20日,县委第二巡察组开展了巡察。今年5月12日反馈了意见。", "2024-03-01", "2024-04-20", "2024-05-12"),
        # 今年 is the notice's year, even after an inspection of the year before
        (
            "2023年3月1日至4月20日,县委第二巡察组开展了巡察。今年5月12日反馈了意见。",
            "2023-03-01",
            "2023-04-20",
            "2024-05-12",
        ),
        ("2023年3月,县委第二巡察组对县林业局党组进行了巡察。", "2023-03-01", None, None),
        ("今年3月,县委第二巡察组对县林业局党组进行了巡察。", "2024-03-01", None, None),
    ],
)
def test_dates_missing_from_the_opening_are_read_from_the_body(body, start, end, feedback):
    notice = _dated(["发布日期:2024-08-05"], body=body)
    assert (_iso(notice.inspection_start), _iso(notice.inspection_end), _iso(notice.feedback_on)) == (
        start,
        end,
        feedback,
    )


def test_this_years_feedback_in_the_opening_takes_the_notices_year_not_the_inspections():
    opening = "2023年3月1日至4月20日,县委第二巡察组对县林业局党组开展了巡察。今年5月12日,巡察组反馈了意见。"
    notice = _dated(["发布日期:2024-08-05"], opening="发布日期:2024-08-05\n" + opening)
    assert _iso(notice.feedback_on) == "2024-05-12"


@pytest.mark.parametrize(("padding", "found"), [(0, True), (1, False)])
def test_a_start_alone_is_read_from_the_first_1500_characters_of_the_text(padding, found):
    sentence = "2023年3月,县委第二巡察组对县林业局党组进行了巡察"
    head = "发布日期:2024-08-05\n一、整改工作\n"
    filler = "持续推进整改。" * 300
    body_start = len(head)
    body = filler[: 1500 - body_start - len(sentence) + padding - 1] + "\n" + sentence + "。"
    notice = _dated(["发布日期:2024-08-05"], body=body)
    assert notice.text.index(sentence) + len(sentence) == 1500 + padding
    assert (notice.inspection_start is not None) is found


def test_this_years_start_in_a_long_opening_takes_the_notices_year():
    opening = "发布日期:2024-08-05\n" + "持续推进整改。" * 250 + "今年3月,县委第二巡察组对县林业局党组进行了巡察。"
    notice = _dated(["发布日期:2024-08-05"], opening=opening)
    assert len(opening) > 1500 and _iso(notice.inspection_start) == "2024-03-01"


@pytest.mark.parametrize(
    ("where", "start"),
    [("opening", "2023-01-18"), ("body", "2023-01-18")],
)
def test_a_garbled_date_is_read_the_only_way_that_falls_before_the_notice(where, start):
    # 2023年118日 is 1月18日 or 11月8日; the notice is dated before November.
    garbled = "2023年118日至2月20日,县委第二巡察组对县林业局党组开展了巡察。"
    header = ["发布日期:2023-03-15"]
    if where == "opening":
        notice = _dated(header, opening=header[0] + "\n" + garbled)
        assert notice.warnings and "2023年1月18日" in notice.warnings[0]
    else:
        notice = _dated(header, body=garbled)
        assert notice.warnings == []  # the body's repairs are for reading dates only
    assert _iso(notice.inspection_start) == start


def test_the_openings_dates_come_before_those_of_page_lines_set_aside():
    text = (
        "中共某县林业局党组关于巡察整改情况的通报\n发布日期:2024-08-05\n"
        "根据县委统一部署,县委第二巡察组对县林业局党组开展了巡察。\n"
        "索引号:001 有效期:2023年1月1日至2023年12月31日 主题分类:2023年9月1日巡察反馈\n"
        "3月1日至4月20日,县委第二巡察组对县林业局党组开展了巡察。5月12日,巡察组反馈了意见。现将整改情况予以公布。\n"
        "一、整改工作\n立案3件。\n"
    )
    parsed = parse_notice(text)
    assert parsed.page_lines and "有效期" in parsed.text  # set aside, yet still in the text
    dated = (parsed.inspection_start, parsed.inspection_end, parsed.feedback_on)
    assert [_iso(value) for value in dated] == ["2024-03-01", "2024-04-20", "2024-05-12"]
