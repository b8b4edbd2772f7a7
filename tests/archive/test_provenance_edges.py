"""Edge cases of provenance: the quoted sentence, where a value is looked for, what is dropped."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.parsing.provenance import MAX_QUOTE, find_span, record, span_of
from archive.parsing.result import Contact, DateValue, ParsedNotice


def day(text: str) -> DateValue:
    return DateValue(dt.date.fromisoformat(text))


def month(text: str) -> DateValue:
    return DateValue(dt.date.fromisoformat(text + "-01"), precision="month")


def notice_of(text: str, **fields) -> ParsedNotice:
    notice = ParsedNotice(raw_text=text, text=text)
    for name, value in fields.items():
        setattr(notice, name, value)
    return notice


# --- span_of: the sentence around a span ------------------------------------------------------


@pytest.mark.parametrize("stop", ["。", "!", "?", ";", "\n"])
def test_the_quote_starts_after_any_sentence_end_before_the_span(stop):
    text = f"前面的话{stop}整改问题10个,后面"
    assert span_of(text, 7, 9) == {"start": 7, "end": 9, "quote": "整改问题10个,后面"}


@pytest.mark.parametrize("stop", ["。", "!", "?"])
def test_the_quote_keeps_the_full_stop_that_ends_it(stop):
    text = f"甲。整改问题10个{stop}后面的话"
    assert span_of(text, 6, 8) == {"start": 6, "end": 8, "quote": f"整改问题10个{stop}"}


@pytest.mark.parametrize("stop", [";", "\n"])
def test_the_quote_leaves_out_a_semicolon_or_line_break_that_ends_it(stop):
    text = f"甲。整改问题10个{stop}后面的话"
    assert span_of(text, 6, 8)["quote"] == "整改问题10个"


def test_the_nearest_sentence_end_wins_on_both_sides():
    text = "一。二;三\n整改问题10个;四。五"
    assert span_of(text, 10, 12)["quote"] == "整改问题10个"


def test_a_quote_without_a_sentence_end_runs_to_the_ends_of_the_text_and_is_stripped():
    text = "  整改问题10个  "
    assert span_of(text, 6, 8) == {"start": 6, "end": 8, "quote": "整改问题10个"}


def test_a_quote_at_the_very_end_of_the_text():
    text = "甲。整改问题10个"
    assert span_of(text, 6, 8)["quote"] == "整改问题10个"


@pytest.mark.parametrize(
    ("text", "quote"), [("。后面的话", "。"), ("!后面的话", "!"), (";后面的话", ""), ("\n后面的话", "")]
)
def test_an_empty_span_at_the_start_ends_at_a_sentence_end_standing_there(text, quote):
    assert span_of(text, 0, 0) == {"start": 0, "end": 0, "quote": quote}


def test_a_long_sentence_is_cut_around_the_span():
    text = "甲" * 300 + "十个" + "乙" * 300
    quote = span_of(text, 300, 302)["quote"]
    half = MAX_QUOTE // 2
    assert quote == text[300 - half : 302 + half]


def test_a_sentence_of_exactly_the_longest_quote_is_kept_whole():
    text = "甲" * 100 + "十个" + "乙" * (MAX_QUOTE - 102)
    assert span_of(text, 100, 102)["quote"] == text
    longer = text + "乙"
    assert span_of(longer, 100, 102)["quote"] == longer[: 102 + MAX_QUOTE // 2]


def test_a_long_sentence_is_not_cut_past_its_own_ends():
    text = "前言。" + "甲" * 10 + "十个" + "乙" * 300
    quote = span_of(text, 13, 15)["quote"]
    assert quote == text[3 : 15 + MAX_QUOTE // 2]


# --- find_span ------------------------------------------------------------------------------


def test_nothing_to_find_gives_no_span():
    assert find_span("整改问题", None) is None
    assert find_span("整改问题", "") is None
    assert find_span("整改问题", "巡视") is None
    assert find_span("整改问题", "巡视", after=2) is None


def test_find_span_takes_the_first_or_the_last_occurrence():
    text = "巡视组。又见巡视组。"
    assert find_span(text, "巡视组")["start"] == 0
    assert find_span(text, "巡视组", prefer="first")["start"] == 0
    assert find_span(text, "巡视组", prefer="last") == {"start": 6, "end": 9, "quote": "又见巡视组。"}


def test_find_span_looks_from_after_and_then_from_the_start():
    text = "巡视组。又见巡视组。"
    assert find_span(text, "巡视组", after=1)["start"] == 6
    assert find_span(text, "又见", after=8)["start"] == 4


# --- record: text facts -----------------------------------------------------------------------


def test_text_facts_point_to_their_words():
    text = "某县委关于巡察整改情况的通报\n来源:某县纪委\n第一轮。某镇党委。某县委"
    notice = notice_of(
        text,
        title="某县委关于巡察整改情况的通报",
        issuing_body="某县委",
        source="某县纪委",
        round_label="第一轮",
        inspected_unit="某镇党委",
    )
    record(notice)
    prov = notice.provenance
    assert prov["title"] == {"start": 0, "end": 14, "quote": "某县委关于巡察整改情况的通报"}
    assert prov["issuing_body"]["start"] == text.rindex("某县委")  # the signature, not the title
    assert prov["source"]["start"] == text.index("某县纪委")
    assert prov["round_label"]["start"] == text.index("第一轮")
    assert prov["inspected_unit"]["start"] == text.index("某镇党委")
    assert notice.warnings == []


def test_a_recorded_span_is_kept():
    notice = notice_of("第一轮巡察。", round_label="2019年第一轮")
    notice.provenance["round_label"] = {"start": 0, "end": 3, "quote": "第一轮巡察。"}
    record(notice)
    assert notice.provenance["round_label"] == {"start": 0, "end": 3, "quote": "第一轮巡察。"}
    assert notice.round_label == "2019年第一轮"


def test_an_issuing_body_written_with_spaces_is_found():
    text = "通报正文。\n中共某县委  办公室\n2020年1月2日"
    notice = notice_of(text, issuing_body="中共某县委办公室")
    record(notice)
    assert notice.provenance["issuing_body"]["start"] == text.index("中共")
    assert notice.provenance["issuing_body"]["end"] == text.index("办公室") + 3
    assert notice.issuing_body == "中共某县委办公室"


def test_only_the_issuing_body_is_looked_for_with_spaces():
    notice = notice_of("中共某县委  办公室", source="中共某县委办公室")
    record(notice)
    assert notice.source is None and "source" not in notice.provenance


def test_a_title_not_in_the_text_is_found_by_its_first_twelve_characters():
    text = "中共某某县委关于巡察整改情况的通报(全文)"
    notice = notice_of(text, title="中共某某县委关于巡察整改情况的公告")
    record(notice)
    assert notice.provenance["title"]["start"] == 0 and notice.provenance["title"]["end"] == 12
    assert notice.title == "中共某某县委关于巡察整改情况的公告"


def test_a_title_or_source_from_the_page_metadata_is_kept_with_that_as_its_source():
    notice = notice_of("正文。", title="关于整改情况的通报", source="某县纪委", metadata={"来源": "某县纪委"})
    record(notice)
    assert notice.provenance["title"] == {"start": None, "end": None, "quote": "网页元数据:关于整改情况的通报"}
    assert notice.provenance["source"] == {"start": None, "end": None, "quote": "网页元数据:某县纪委"}
    assert (notice.title, notice.source) == ("关于整改情况的通报", "某县纪委")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("title", "标题"),
        ("issuing_body", "发布机关"),
        ("source", "来源"),
        ("round_label", "轮次"),
        ("inspected_unit", "被巡视巡察单位"),
    ],
)
def test_a_text_fact_nothing_supports_is_dropped_with_a_warning(name, label):
    notice = notice_of("正文。", **{name: "不存在的值"})
    record(notice)
    assert getattr(notice, name) is None
    assert name not in notice.provenance
    assert notice.warnings == [f"“不存在的值”在正文中找不到出处,未作为{label}保存。"]


def test_metadata_does_not_save_a_body_or_unit_nothing_supports():
    notice = notice_of("正文。", issuing_body="某县委", metadata={"来源": "某县纪委"})
    record(notice)
    assert notice.issuing_body is None and len(notice.warnings) == 1


# --- record: the inspection group -----------------------------------------------------------------


def test_the_group_words_are_the_source_of_every_group_fact_that_has_a_value():
    text = "根据部署,省委巡视第一组对某厅进行了巡视。"
    notice = notice_of(text, inspection_group="省委第一巡视组", group_number=1, inspection_kind="巡视")
    record(notice, group_match="省委巡视第一组")
    span = {"start": 5, "end": 12, "quote": text}
    assert notice.provenance["inspection_group"] == span
    assert notice.provenance["group_number"] == span
    assert notice.provenance["inspection_kind"] == span
    assert "inspecting_organ" not in notice.provenance  # no value


def test_group_words_not_in_the_text_give_no_group_source():
    notice = notice_of("正文。", inspection_group="省委第一巡视组", inspection_kind="巡视")
    record(notice, group_match="省委巡视第一组")
    assert notice.provenance == {}


def test_without_group_words_the_inspection_kind_points_to_its_word():
    notice = notice_of("正文。开展巡察。", inspection_kind="巡察")
    record(notice)
    assert notice.provenance == {"inspection_kind": {"start": 5, "end": 7, "quote": "开展巡察。"}}
    missing = notice_of("正文。", inspection_kind="巡察")
    record(missing)
    assert missing.provenance == {}


# --- record: dates ------------------------------------------------------------------------------


def test_every_date_points_to_the_date_as_written():
    text = "2019年3月4日至5月6日,巡视。7月10日反馈。2019年9月发布。\n某厅\n2019年9月30日"
    notice = notice_of(
        text,
        inspection_start=day("2019-03-04"),
        inspection_end=day("2019-05-06"),
        feedback_on=day("2019-07-10"),
        published_on=month("2019-09"),
        signed_on=day("2019-09-30"),
        closing="某厅\n2019年9月30日",
    )
    record(notice)
    prov = notice.provenance
    assert (prov["inspection_start"]["start"], prov["inspection_start"]["end"]) == (0, 9)
    assert text[prov["inspection_end"]["start"] : prov["inspection_end"]["end"]] == "5月6日"
    assert text[prov["feedback_on"]["start"] : prov["feedback_on"]["end"]] == "7月10日"
    assert text[prov["published_on"]["start"] : prov["published_on"]["end"]] == "2019年9月"
    assert prov["signed_on"]["start"] == text.rindex("2019年9月30日")


def test_a_date_of_another_year_or_day_is_not_its_source():
    notice = notice_of("2018年3月4日开始,2019年3月5日结束。", inspection_start=day("2019-03-04"))
    record(notice)
    assert "inspection_start" not in notice.provenance


def test_a_month_date_matches_any_day_of_that_month():
    text = "2018年9月。2019年9月20日发布"
    notice = notice_of(text, published_on=month("2019-09"))
    record(notice)
    assert notice.provenance["published_on"]["start"] == text.index("2019年9月20日")


def test_iso_and_day_first_dates_are_sources():
    text = "发布时间:2019-09-30 10:00\n16.12.2015 15:21"
    notice = notice_of(text, published_on=day("2019-09-30"), signed_on=day("2015-12-16"))
    record(notice)
    assert text[notice.provenance["published_on"]["start"] : notice.provenance["published_on"]["end"]] == "2019-09-30"
    assert text[notice.provenance["signed_on"]["start"] : notice.provenance["signed_on"]["end"]] == "16.12.2015"


def test_an_iso_date_of_another_day_is_not_a_source():
    notice = notice_of("2019-09-29", published_on=day("2019-09-30"))
    record(notice)
    assert notice.provenance == {}


def test_a_garbled_date_is_its_own_source():
    text = "于2023年118日召开会议,11月9日以后。"
    notice = notice_of(text, feedback_on=day("2023-11-08"))
    record(notice)
    assert text[notice.provenance["feedback_on"]["start"] : notice.provenance["feedback_on"]["end"]] == "2023年118日"


def test_a_garbled_date_without_a_year_is_a_source_too():
    text = "巡视组于118日反馈意见。"
    notice = notice_of(text, feedback_on=day("2023-11-08"))
    record(notice)
    assert text[notice.provenance["feedback_on"]["start"] : notice.provenance["feedback_on"]["end"]] == "118日"


def test_a_garbled_date_of_another_year_or_day_or_a_month_date_is_not_a_source():
    for value in (day("2022-11-08"), day("2023-11-09"), month("2023-11")):
        notice = notice_of("于2023年118日召开会议。", feedback_on=value)
        record(notice)
        assert notice.provenance == {}, value


@pytest.mark.parametrize(
    ("text", "closing"),
    [
        ("2019年9月30日前完成整改。\n某厅\n2019年9月30日\n附:2019年9月30日", "某厅\n2019年9月30日\n附:2019年9月30日"),
        ("2019年9月30日签发。2019年9月30日完成。\n欢迎监督。", "欢迎监督。"),
        ("2019年9月30日签发。2019年9月30日完成。", None),
        ("2019年9月30日签发。\n某厅\n2019年9月30日", "正文里没有的落款"),
        ("某厅\n2019年9月30日\n2019年9月30日起施行。", "某厅\n2019年9月30日"),
    ],
    ids=["dates-in-closing", "closing-without-date", "no-closing", "closing-not-found", "date-after-closing"],
)
def test_the_signing_date_is_the_last_one_of_that_day_wherever_the_closing_is(text, closing):
    notice = notice_of(text, signed_on=day("2019-09-30"), closing=closing)
    record(notice)
    assert notice.provenance["signed_on"]["start"] == text.rindex("2019年9月30日")


def test_the_feedback_date_is_the_first_one_followed_by_feedback_words():
    text = "7月10日召开会议" + "甲" * 60 + "。7月10日,巡视组反馈了意见。7月10日再次反馈。"
    notice = notice_of(text, feedback_on=day("2019-07-10"))
    record(notice)
    assert notice.provenance["feedback_on"]["start"] == text.index("7月10日,")


def test_feedback_words_too_far_after_the_date_do_not_count():
    gap = "甲" * 60
    text = f"7月10日召开会议。7月10日{gap}反馈"
    notice = notice_of(text, feedback_on=day("2019-07-10"))
    record(notice)
    assert notice.provenance["feedback_on"]["start"] == 0
    near = f"7月10日召开会议。7月10日{gap[:-2]}反馈"
    notice = notice_of(near, feedback_on=day("2019-07-10"))
    record(notice)
    assert notice.provenance["feedback_on"]["start"] == near.index("7月10日", 1)


def test_without_feedback_words_the_feedback_date_is_the_first_one():
    text = "7月10日召开会议。7月10日再次召开。"
    notice = notice_of(text, feedback_on=day("2019-07-10"))
    record(notice)
    assert notice.provenance["feedback_on"]["start"] == 0


def test_other_dates_are_the_first_one():
    text = "正文。2019年3月4日开始。2019年3月4日。"
    notice = notice_of(text, inspection_start=day("2019-03-04"))
    record(notice)
    assert notice.provenance["inspection_start"]["start"] == 3


def test_a_page_date_not_in_the_text_is_kept_with_the_page_as_its_source():
    meta = {"发布日期": "2019-09-30"}
    notice = notice_of("正文。", published_on=day("2019-09-30"), signed_on=day("2019-09-29"), metadata=meta)
    record(notice)
    assert notice.provenance["published_on"] == {"start": None, "end": None, "quote": "网页元数据"}
    assert notice.provenance["signed_on"] == {"start": None, "end": None, "quote": "网页元数据"}
    other = notice_of("正文。", feedback_on=day("2019-09-30"), metadata=meta)
    record(other)
    assert other.provenance == {}
    plain = notice_of("正文。", published_on=day("2019-09-30"))
    record(plain)
    assert plain.provenance == {}


# --- record: counts and contact ---------------------------------------------------------------------


def test_the_counts_point_to_their_sentence():
    text = "正文。反馈问题12个,已整改10个。"
    notice = notice_of(text, problem_counts={"problems": 12})
    record(notice, counts_sentence=" 反馈问题12个,已整改10个。 ")
    assert notice.provenance["problem_counts"] == {"start": 3, "end": 18, "quote": "反馈问题12个,已整改10个。"}


def test_counts_without_their_sentence_point_to_a_number_near_problem_words():
    text = "共12人参加会议的时间很长。反馈问题12个。"
    notice = notice_of(text, problem_counts={"problems": 12})
    record(notice, counts_sentence="别的句子")
    assert notice.provenance["problem_counts"]["start"] == text.rindex("12")
    plain = notice_of(text, problem_counts={"problems": 12})
    record(plain)
    assert plain.provenance["problem_counts"]["start"] == text.rindex("12")


def test_counts_are_looked_for_in_their_order_and_written_without_a_decimal_point():
    text = "整改8项,共12个问题。"
    notice = notice_of(text, problem_counts={"problems": 12.0, "items": 8})
    record(notice)
    assert notice.provenance["problem_counts"]["start"] == text.index("12")
    decimal = notice_of("整改率达到95.5%。", problem_counts={"rate": 95.5})
    record(decimal)
    assert decimal.provenance["problem_counts"]["start"] == 5


def test_counts_look_for_problem_words_thirty_characters_before_and_ten_after():
    before = "问题" + "甲" * 28 + "12"
    notice = notice_of(before, problem_counts={"problems": 12})
    record(notice)
    assert notice.provenance["problem_counts"]["start"] == 30
    too_far = "问题" + "甲" * 29 + "12"
    notice = notice_of(too_far, problem_counts={"problems": 12})
    record(notice)
    assert "problem_counts" not in notice.provenance
    after = "12" + "甲" * 8 + "整改"
    notice = notice_of(after, problem_counts={"problems": 12})
    record(notice)
    assert notice.provenance["problem_counts"]["start"] == 0
    after_too_far = "12" + "甲" * 9 + "整改"
    notice = notice_of(after_too_far, problem_counts={"problems": 12})
    record(notice)
    assert "problem_counts" not in notice.provenance


def test_empty_counts_have_no_source():
    notice = notice_of("反馈问题12个。", problem_counts={})
    record(notice, counts_sentence="反馈问题12个。")
    assert notice.provenance == {}


def test_contact_details_point_to_their_last_mention():
    text = "电话12345678。邮箱a@b.cn,邮编510000。联系电话:020-12345678,邮箱a@b.cn,邮编510000"
    notice = notice_of(text, contact=Contact(phone="020-12345678", email="a@b.cn", postcode="510000"))
    record(notice)
    prov = notice.provenance
    assert (prov["contact.phone"]["start"], prov["contact.phone"]["end"]) == (text.rindex("12345678"), len(text) - 18)
    assert prov["contact.email"]["start"] == text.rindex("a@b.cn")
    assert prov["contact.postcode"]["start"] == text.rindex("510000")


def test_contact_details_not_in_the_text_have_no_source():
    notice = notice_of("正文。", contact=Contact(phone="020-12345678", email="a@b.cn", postcode="510000"))
    record(notice)
    assert notice.provenance == {}


# --- more edges ---------------------------------------------------------------------------------


def test_the_quote_starts_after_the_last_sentence_end_before_the_span():
    text = "一。二。三。整改问题10个"
    assert span_of(text, 10, 12)["quote"] == "整改问题10个"


def test_a_sentence_end_at_the_very_start_of_the_text_is_left_out():
    assert span_of("。整改问题10个", 5, 7)["quote"] == "整改问题10个"


def test_a_sentence_not_longer_than_the_longest_quote_is_kept_whole_far_into_the_text():
    sentence = "乙" * 200 + "十个。"
    text = "甲" * 100 + "。" + sentence
    start = text.index("十个")
    assert span_of(text, start, start + 2)["quote"] == sentence


def test_find_span_falls_back_to_the_first_occurrence_before_after():
    text = "巡视组,巡视组,结尾"
    assert find_span(text, "巡视组", after=8)["start"] == 0


def test_a_value_the_text_repeats_points_to_its_first_occurrence():
    text = "第一轮巡察整改情况的通报。第一轮"
    notice = notice_of(text, title="第一轮巡察整改情况的通报", round_label="第一轮", inspected_unit="巡察整改")
    record(notice)
    assert notice.provenance["title"]["start"] == 0
    assert notice.provenance["round_label"]["start"] == 0
    assert notice.provenance["inspected_unit"]["start"] == 3


def test_facts_after_a_recorded_or_dropped_one_are_still_recorded():
    text = "某县委关于整改情况的通报。某县纪委"
    recorded = notice_of(text, title="某县委关于整改情况的通报", issuing_body="某县委", source="某县纪委")
    recorded.provenance["title"] = {"start": 0, "end": 12, "quote": "某县委关于整改情况的通报。"}
    record(recorded)
    assert recorded.provenance["issuing_body"]["start"] == 0
    assert recorded.provenance["source"]["start"] == text.index("某县纪委")
    dropped = notice_of(text, title="不存在的标题", issuing_body="某县委", source="某县纪委")
    record(dropped)
    assert dropped.title is None
    assert dropped.provenance["issuing_body"]["start"] == 0
    assert dropped.provenance["source"]["start"] == text.index("某县纪委")


def test_a_written_date_wins_over_a_garbled_one():
    text = "于118日召开会议。2023年11月8日反馈。"
    notice = notice_of(text, feedback_on=day("2023-11-08"))
    record(notice)
    assert notice.provenance["feedback_on"]["start"] == text.index("2023年")


def test_a_count_span_ends_where_its_number_ends():
    notice = notice_of("整改率达到95.5%。", problem_counts={"rate": 95.5})
    record(notice)
    assert (notice.provenance["problem_counts"]["start"], notice.provenance["problem_counts"]["end"]) == (5, 9)


def test_the_phone_is_found_by_its_last_part_and_an_email_by_the_whole_address():
    text = "电话0755-1234-5678,又5678。邮箱li-ming@a.cn。"
    notice = notice_of(text, contact=Contact(phone="0755-1234-5678", email="li-ming@a.cn"))
    record(notice)
    assert notice.provenance["contact.phone"]["start"] == text.rindex("5678")
    assert notice.provenance["contact.email"]["start"] == text.index("li-ming")
