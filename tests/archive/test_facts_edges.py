"""Edges of the fact readers: the limits each rule states, and documents that are not notices."""

from __future__ import annotations

import pytest

from archive.parsing import parse_notice
from archive.parsing.facts import (
    _byline_date,
    canonical_group,
    choose_issuing_body,
    clean_source,
    display_title,
    find_contact,
    find_issuing_body,
    find_signature,
)
from archive.parsing.result import ParsedNotice
from archive.parsing.tagging import Rule

ARRIVAL = "近日,县委第一巡察组进驻县林业局开展巡察。巡察期间设立值班电话和邮政信箱。\n"
TWO_GROUPS_ARRIVE = """县委第五轮巡察完成进驻
近日,县委第一巡察组进驻县林业局开展巡察,县委第二巡察组进驻县水务局开展巡察。巡察期间设立值班电话和邮政信箱。
"""


def test_a_headline_stands_in_for_a_missing_title_as_the_documents_own():
    parsed = parse_notice("县委第五轮巡察完成进驻\n" + ARRIVAL)
    assert parsed.document_kind == "announcement"
    assert parsed.title == parsed.display_title == "县委第五轮巡察完成进驻"
    assert parsed.title_derived is False


def test_an_announcement_of_one_group_keeps_its_group_and_unit():
    parsed = parse_notice("县委第五轮巡察完成进驻\n" + ARRIVAL)
    assert (parsed.inspection_group, parsed.group_number, parsed.inspected_unit) == ("县委第一巡察组", 1, "县林业局")


def test_an_announcement_of_two_groups_names_no_one_group_or_unit():
    parsed = parse_notice(TWO_GROUPS_ARRIVE)
    assert parsed.document_kind == "announcement"
    assert (parsed.inspection_group, parsed.group_number, parsed.inspected_unit) == (None, None, None)
    # What was cleared has no provenance left either; what was kept keeps it.
    assert not {"inspection_group", "group_number", "inspected_unit"} & parsed.provenance.keys()
    assert parsed.round_label == "县委第五轮巡察" and "round_label" in parsed.provenance


@pytest.mark.parametrize(("length", "is_headline"), [(60, True), (61, False)])
def test_a_headline_has_at_most_sixty_characters(length, is_headline):
    line = ("县委第五轮巡察各巡察组已于本周完成进驻" + "工作" * 30)[:length]
    parsed = parse_notice(line + "\n" + ARRIVAL)
    assert (parsed.title == line) is is_headline
    if not is_headline:
        assert parsed.title is None


def test_a_headline_with_a_space_is_kept_whole():
    parsed = parse_notice("县委第五轮巡察完成进驻 Round 5\n" + ARRIVAL)
    assert parsed.title == "县委第五轮巡察完成进驻 Round 5"


#: Page lines (buttons, metadata) that a headline may follow.
PAGE_LINES = ["分享", "朗读", "纠错", "返回", "索引号:001", "主题分类:党务", "文号:无", "公开方式:主动"]


@pytest.mark.parametrize(("page_lines", "found"), [(7, True), (8, False)])
def test_a_headline_is_looked_for_among_the_first_eight_lines(page_lines, found):
    text = "\n".join(PAGE_LINES[:page_lines]) + "\n县委第五轮巡察完成进驻\n" + ARRIVAL
    parsed = parse_notice(text)
    assert (parsed.title == "县委第五轮巡察完成进驻") is found


def test_a_byline_date_skips_sentences_and_long_lines():
    assert _byline_date(["本站讯。2021-06-30"]) is None
    assert _byline_date(["一句话。", "2021-06-30"]).value.isoformat() == "2021-06-30"
    sixty = "某某网" + "字" * 46 + " 2021-06-30"
    assert len(sixty) == 60
    assert _byline_date([sixty]).value.isoformat() == "2021-06-30"
    assert _byline_date([sixty + "字"]) is None
    assert _byline_date(["字" * 61, "(2021年9月30日)"]).value.isoformat() == "2021-09-30"


def test_no_issuing_body_candidates_gives_none():
    assert find_issuing_body(None, "", "") is None
    assert find_issuing_body(None, "欢迎监督。", "县委第一巡察组进驻县林业局开展巡察。") is None


NOTICE = """中共某县林业局党组关于县委第二巡察组巡察反馈意见整改情况的通报
根据县委统一部署,2023年3月1日至4月20日,县委第二巡察组对县林业局党组开展了常规巡察。\
5月12日,县委第二巡察组向县林业局党组反馈了巡察意见。现将巡察整改进展情况予以公布。
一、整改工作的组织领导
局党组召开专题会议,研究部署整改工作,已完成整改问题21个。
二、严肃查处违纪违法问题
立案3件,给予党纪处分2人。
欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0755-28333312;邮政信箱:某县林业局,邮编518000。
中共某县林业局党组
2023年8月1日
"""


def test_a_group_without_an_organ_is_written_without_one():
    assert canonical_group(None, 3, "巡察") == "第三巡察组"
    assert canonical_group("县委", 12, "巡视") == "县委第十二巡视组"


def test_sections_are_tagged_with_the_rules_given():
    rules = [Rule.from_lines("纪律审查", ["查处"])]
    parsed = parse_notice(NOTICE, rules=rules)
    assert [s.issue_types for s in parsed.sections] == [[], ["纪律审查"]]


def test_the_group_facts_point_at_the_words_they_were_read_from():
    parsed = parse_notice(NOTICE)
    assert parsed.inspection_group == "县委第二巡察组"
    for name in ("inspection_group", "group_number", "inspection_kind", "inspecting_organ"):
        span = parsed.provenance[name]
        assert parsed.text[span["start"] : span["end"]] == "县委第二巡察组", name


def _with_phone_at(distance: int) -> str:
    """A notice whose only phone number starts ``distance`` characters before the end of its text."""
    closing = "欢迎广大干部群众进行监督。"
    phone = "0755-28333312"
    filler = "持续推进整改。" * 200
    head = NOTICE.split("欢迎")[0].rstrip("\n") + "举报电话" + phone
    gap = distance - len(phone) - len(closing) - 1
    return head + filler[:gap] + "\n" + closing


@pytest.mark.parametrize(("distance", "phone"), [(800, "0755-28333312"), (801, None)])
def test_a_contact_outside_the_closing_is_read_from_the_last_800_characters(distance, phone):
    parsed = parse_notice(_with_phone_at(distance))
    assert parsed.text.endswith("欢迎广大干部群众进行监督。")
    assert len(parsed.text) - parsed.text.index("0755-") == distance
    assert parsed.contact.phone == phone


#: A notice without a title line: its opening is its first lines.
UNTITLED = "县委第一巡察组对县林业局开展巡察,现将整改情况予以公布。\n一、整改工作\n已完成整改问题21个。\n"


@pytest.mark.parametrize(("lines_before", "source"), [(0, "县纪委监委网站"), (2, "县纪委监委网站"), (3, None)])
def test_without_a_header_the_source_is_read_from_the_first_three_lines(lines_before, source):
    notes = "".join(f"说明{i}\n" for i in range(lines_before))
    parsed = parse_notice(notes + "本文来源:县纪委监委网站\n" + UNTITLED)
    assert parsed.header == [] and parsed.source == source


def test_the_counts_point_at_the_whole_sentence_that_states_them():
    text = (
        "中共某县林业局党组关于县委第二巡察组巡察反馈意见整改情况的通报\n"
        "2023年3月1日至4月20日,县委第二巡察组对县林业局党组开展了常规巡察,反馈了3个方面12个问题\n"
        "一、整改工作的组织领导\n局党组召开专题会议,研究部署整改工作,已完成整改问题10个。\n"
    )
    parsed = parse_notice(text)
    assert parsed.problem_counts == {"aspects": 3, "problems": 12, "completed": 10}
    span = parsed.provenance["problem_counts"]
    assert parsed.text[span["start"] : span["end"]] == (
        "2023年3月1日至4月20日,县委第二巡察组对县林业局党组开展了常规巡察,反馈了3个方面12个问题"
    )


def test_a_notice_without_a_title_gets_a_derived_one_not_its_first_line():
    parsed = parse_notice("县林业局党组\n" + UNTITLED)
    assert parsed.document_kind == "notice"
    assert parsed.title is None
    assert (parsed.display_title, parsed.title_derived) == ("县林业局关于巡察整改情况的通报", True)


def test_a_near_miss_says_what_it_is_and_why():
    parsed = parse_notice(TWO_GROUPS_ARRIVE)
    assert parsed.kind_reason == "文件类别:进驻或轮次公告。这是巡视巡察进驻或轮次安排的公告,不是整改情况通报。"


def test_the_body_the_findings_went_to_is_read_from_the_opening_only():
    # Without a preamble the opening is the header; a 向…反馈 in a section does not name the issuing body.
    text = "关于巡察整改情况的通报\n一、整改工作\n县委第二巡察组向县水务局反馈了巡察意见。已完成整改问题21个。\n"
    parsed = parse_notice(text)
    assert parsed.preamble == "" and parsed.issuing_body is None
    with_preamble = parse_notice(
        text.replace("一、整改工作\n", "县委第二巡察组向县水务局反馈了巡察意见。\n一、整改工作\n")
    )
    assert with_preamble.issuing_body == "县水务局"


#: A notice whose invitations to write in stand inside its sections, so it has no closing part.
INVITATIONS_INSIDE = (
    "中共某县林业局党组关于巡察整改情况的通报\n县委第二巡察组对县林业局党组开展了巡察,现将整改情况予以公布。\n一、整改工作\n"
    "已完成整改问题21个,欢迎来信提出意见,电话0755-11111111。\n二、下步打算\n继续整改,欢迎广大群众监督,电话0755-22222222。\n"
)


def test_without_a_closing_the_contact_follows_the_last_invitation():
    parsed = parse_notice(INVITATIONS_INSIDE)
    assert parsed.closing == "" and parsed.contact.phone == "0755-22222222"


def test_without_a_closing_an_invitation_far_from_the_end_still_gives_the_contact():
    text = INVITATIONS_INSIDE.replace(",欢迎广大群众监督,电话0755-22222222", "持续推进整改。" * 130)
    parsed = parse_notice(text)
    assert len(parsed.text) - parsed.text.rfind("欢迎") > 800
    assert parsed.closing == "" and parsed.contact.phone == "0755-11111111"


def test_a_text_without_sections_is_signed_by_its_last_lines():
    text = (
        "中共某县林业局党组关于巡察整改情况的通报\n县委第二巡察组对县林业局党组开展了巡察,现将整改情况予以公布。"
        "已完成整改问题21个。\n某县林业局党组\n2023年8月1日\n"
    )
    parsed = parse_notice(text)
    assert parsed.sections == [] and parsed.closing == ""
    assert parsed.signed_on.value.isoformat() == "2023-08-01"


def test_an_invitation_opening_the_text_counts_as_the_last_one():
    text = "欢迎提出意见和建议,电话0755-11111111。\n" + "县林业局持续推进巡察整改。" * 70
    parsed = parse_notice(text)
    assert parsed.text.rfind("欢迎") == 0 and len(parsed.text) > 800
    assert parsed.closing == "" and parsed.contact.phone == "0755-11111111"


def test_a_round_written_with_its_batch_last_points_at_the_words_as_written():
    text = (
        "中共某县林业局党组关于巡察整改情况的通报\n根据县委统一部署,十二届县委第九轮巡察第一批,"
        "县委第二巡察组对县林业局党组开展了巡察。现将整改情况予以公布。\n一、整改工作\n立案3件。\n"
    )
    parsed = parse_notice(text)
    assert parsed.round_label == "十二届县委第九轮第一批巡察"
    span = parsed.provenance["round_label"]
    assert parsed.text[span["start"] : span["end"]] == "十二届县委第九轮巡察第一批"


def test_without_a_group_the_kind_is_read_from_the_title_first():
    from archive.parsing.facts import _read_inspection
    from archive.parsing.result import ParsedNotice

    notice = ParsedNotice(raw_text="", text="现将整改情况予以公布。", title="关于巡察整改情况的通报")
    _read_inspection(notice, "现将整改情况予以公布。")
    assert notice.inspection_kind == "巡察"


def test_a_unit_read_from_a_sentence_fragment_is_dropped_with_a_warning():
    text = "县委组建3个巡察组对全县12个乡镇开展了巡察。现将整改情况予以公布。\n一、整改工作\n立案3件。\n"
    parsed = parse_notice(text)
    assert parsed.inspected_unit is None
    assert "被巡视巡察单位“全县12个乡镇”含有“全县12个”,像是句子的一部分,不予采用。" in parsed.warnings


@pytest.mark.parametrize(("lines_before", "published"), [(3, "2023-08-01"), (4, None)])
def test_without_a_header_the_publication_date_is_read_from_the_first_four_lines(lines_before, published):
    notes = "".join(f"说明{i}\n" for i in range(lines_before))
    parsed = parse_notice(notes + "2023-08-01\n" + UNTITLED)
    assert parsed.header == []
    assert (parsed.published_on.value.isoformat() if parsed.published_on else None) == published


def test_the_signing_date_gives_the_year_of_dates_written_without_one():
    text = (
        "中共某县林业局党组关于巡察整改情况的通报\n3月1日至4月20日,县委第二巡察组对县林业局党组开展了巡察。"
        "现将整改情况予以公布。\n一、整改工作\n立案3件。\n某县林业局党组\n2023年8月1日\n"
    )
    parsed = parse_notice(text)
    assert parsed.published_on is None and parsed.signed_on.value.isoformat() == "2023-08-01"
    assert parsed.inspection_start.value.isoformat() == "2023-03-01"


def test_without_a_date_under_the_signature_the_pages_signing_date_is_used():
    text = "中共某县林业局党组关于巡察整改情况的通报\n成文日期:2023-07-30\n" + UNTITLED
    parsed = parse_notice(text)
    assert parsed.signed_on.value.isoformat() == "2023-07-30"


@pytest.mark.parametrize(
    ("value", "source"),
    [
        ("县纪委监委网站", "县纪委监委网站"),
        ("：县纪委监委网站:", "县纪委监委网站"),  # colons left by the label are trimmed
        ("X县纪委监委网站", "X县纪委监委网站"),  # a placeholder letter is part of the name
        ("县纪委监委网站 浏览次数:12", "县纪委监委网站"),
        ("县纪委监委网站浏览次数:12", "县纪委监委网站"),
        ("县纪委监委网站【字体:大 中 小】", "县纪委监委网站"),
        ("县纪委监委网站|打印本页", "县纪委监委网站"),
        ("县纪委监委网站作者:张某", "县纪委监委网站"),
        (":", None),
        ("", None),
        (None, None),
    ],
)
def test_a_source_value_loses_the_page_chrome_after_it(value, source):
    assert clean_source(value) == source


def test_a_source_keeps_at_most_two_hundred_characters():
    assert clean_source("网" * 250) == "网" * 200


def _untitled(**facts) -> ParsedNotice:
    return ParsedNotice(raw_text="", text="现将整改情况予以公布。", **facts)


@pytest.mark.parametrize(
    ("facts", "opening", "title"),
    [
        ({}, "现将整改情况予以公布。", "关于巡视巡察整改情况的通报"),
        ({"inspection_kind": "巡察"}, "现将整改情况予以公布。", "关于巡察整改情况的通报"),
        (
            {"issuing_body": "县林业局党组"},
            "现将巡察整改进展情况予以公布。",
            "县林业局党组关于巡视巡察整改进展情况的通报",
        ),
    ],
)
def test_a_derived_title_names_only_what_the_text_states(facts, opening, title):
    assert display_title(_untitled(**facts), opening) == (title, True)


def test_a_title_the_text_gives_is_shown_as_it_is_and_not_derived():
    notice = _untitled(title="县林业局党组关于巡察整改情况的通报", issuing_body="县水务局党组", inspection_kind="巡视")
    assert display_title(notice, "现将巡察整改进展情况予以公布。") == ("县林业局党组关于巡察整改情况的通报", False)


@pytest.mark.parametrize(
    ("closing", "email"),
    [
        ("电子邮箱:xclyj@163.com。", "xclyj@163.com"),
        ("电子邮箱:xc_lyj.2023 @ mail.example.gov.cn;", "xc_lyj.2023@mail.example.gov.cn"),
        ("电子邮箱:xclyj@163", None),  # no top-level domain
        ("欢迎监督。", None),
    ],
)
def test_an_email_address_is_read_without_the_spaces_around_its_at_sign(closing, email):
    assert find_contact(closing).email == email


@pytest.mark.parametrize(
    ("closing", "phone"),
    [
        ("举报电话:6123456。", "6123456"),
        ("举报电话 61234567", "61234567"),
        ("举报电话:0755-28333312,值班电话:6123456。", "0755-28333312"),  # the area code wins
        ("举报电话:612345678。", None),  # nine digits: no local number
        ("欢迎监督。", None),
    ],
)
def test_a_local_number_labelled_as_a_phone_stands_in_for_a_full_one(closing, phone):
    assert find_contact(closing).phone == phone


@pytest.mark.parametrize(
    ("closing", "postcode"),
    [
        ("来信请寄:县纪委信访室,邮编:518000。", "518000"),
        ("通信地址:某县某路1号 518000", "518000"),
        ("电子邮箱:jw518000@163.com。", None),  # no address: a lone number is no postcode
        ("通信地址:某县某路1号;电子邮箱:jw518000@163.com。", None),  # digits of an e-mail address
        ("通信地址:某县某路1号;电子邮箱:518000@qq.com。", None),
        ("通信地址:某县某路1号,电话0755-2833331。", None),
        ("通信地址:某县某路1号,518000-1。", None),
    ],
)
def test_a_postcode_is_labelled_or_a_lone_six_digit_number_in_an_address(closing, postcode):
    assert find_contact(closing).postcode == postcode


@pytest.mark.parametrize(
    ("closing", "signature"),
    [
        ("欢迎监督。\n中共某县林业局党组\n2023年8月1日", "中共某县林业局党组"),
        ("  中共某县林业局党组  \n\n  2023年8月1日  ", "中共某县林业局党组"),  # blank lines between
        ("欢迎监督。\n2023年8月1日", None),  # the line above is no body's name
        ("中共某县林业局党组\n欢迎监督。\n2023年8月1日", None),  # the name is not just above the date
        ("中共某县林业局党组\n县水务局", None),  # no date under it
        ("中共某县林业局党组\n县水务局\n2023年8月1日", "县水务局"),
    ],
)
def test_a_signature_is_a_bodys_name_just_above_the_closings_date(closing, signature):
    assert find_signature(closing) == signature


SIGNED = "欢迎监督。\n中共某县林业局党组\n2023年8月1日"
TITLED = "县林业局党组关于巡察整改情况的通报"


def _choose(closing: str = "欢迎监督。", opening: str = "", **facts) -> tuple[str | None, list[str]]:
    notice = ParsedNotice(raw_text="", text=facts.pop("text", "现将整改情况予以公布。"), **facts)
    return choose_issuing_body(notice, closing, opening), notice.warnings


@pytest.mark.parametrize(
    ("closing", "facts", "body"),
    [
        # a name signed under the title stands first only when the closing is not signed
        (SIGNED, {"signer": "县委办公室", "title": TITLED}, "中共某县林业局党组"),
        ("欢迎监督。", {"signer": "县委办公室", "title": TITLED}, "县委办公室"),
        ("欢迎监督。", {"title": TITLED}, "县林业局党组"),
        # without any candidate: the inspected unit, then the page's 发布机构
        ("欢迎监督。", {"inspected_unit": "县水务局党组", "metadata": {"发布机构": "县纪委监委"}}, "县水务局党组"),
        ("欢迎监督。", {"metadata": {"发布机构": "县纪委监委"}}, "县纪委监委"),
        ("欢迎监督。", {}, None),
    ],
)
def test_the_issuing_body_is_the_first_name_found_in_order(closing, facts, body):
    assert _choose(closing, **facts)[0] == body


def test_a_candidate_that_is_no_bodys_name_is_dropped_with_a_warning_and_the_next_taken():
    body, warnings = _choose(signer="现将有关情况通报如下", title=TITLED)
    assert body == "县林业局党组"
    assert warnings == ["发布机关候选“现将有关情况通报如下”含有“情况”,像是句子的一部分,不予采用。"]


def test_no_acceptable_candidate_gives_none_with_a_warning_for_each():
    body, warnings = _choose(signer="现将有关情况通报如下", metadata={"发布机构": "县"})
    assert body is None
    assert warnings == [
        "发布机关候选“现将有关情况通报如下”含有“情况”,像是句子的一部分,不予采用。",
        "发布机关候选“县”太短,不予采用。",
    ]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("局党组关于巡察整改情况的通报", "中共某县林业局党组"),  # the notice's own short name, written out
        ("中共某县林业局党组(以下简称“局党组”)关于巡察整改情况的通报", "中共某县林业局党组"),
        ("县水务局党组关于巡察整改情况的通报", "县水务局党组"),  # not a short name the notice defines
    ],
)
def test_a_short_name_the_notice_defines_is_written_out(title, body):
    text = "县委第二巡察组对中共某县林业局党组(以下简称“局党组”)开展了巡察。"
    assert _choose(title=title, text=text)[0] == body


@pytest.mark.parametrize(
    ("title", "opening", "candidates"),
    [
        (TITLED, "", ["县林业局党组"]),
        (None, "", []),
        ("关于巡察整改情况的通报", "", []),
        (None, "县委第二巡察组向我局党组反馈了巡察意见,向县林业局党组反馈了意见,向县水务局党组反馈", ["县林业局党组"]),
        (None, "县委第二巡察组向 县林业局党组 反馈了巡察意见", ["县林业局党组"]),
        (" 县林业局党组 关于巡察整改情况的通报", "", ["县林业局党组"]),
    ],
)
def test_issuing_body_candidates_in_order(title, opening, candidates):
    from archive.parsing.facts import issuing_body_candidates

    assert issuing_body_candidates(title, "欢迎监督。", opening) == candidates
    assert issuing_body_candidates(title, SIGNED, opening) == ["中共某县林业局党组", *candidates]
