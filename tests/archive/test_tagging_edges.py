"""Edge cases of tagging: the points of an overview block, the share of the top type, leaving a parent aside."""

from __future__ import annotations

import pytest

from archive.parsing.result import ParsedSection
from archive.parsing.tagging import Keyword, Rule, is_overview, main_types, section_types, tag_sections

RULES = [
    Rule.from_lines("八项规定", ["*公务用车", "四风", "接待"]),
    Rule.from_lines("选人用人", ["选人用人", "提拔"]),
    Rule.from_lines("信访线索", ["信访 [移交]"]),
]


def overview_types(body: str) -> list[str]:
    """The types of a top-level block about the rectification work itself, whose points alone tag it."""
    section = ParsedSection("1", "一、", 1, "扎实推进巡察整改工作", body)
    tag_sections([section], RULES)
    return section.issue_types


# --- keyword lines --------------------------------------------------------------------------------


def test_a_plain_keyword_line_has_no_context_words():
    rule = Rule.from_lines("八项规定", ["四风", "*公务用车"])
    assert rule.keywords == (Keyword("四风"), Keyword("公务用车", strong=True))


@pytest.mark.parametrize("line", ["信访 ]", "信访 [移交", "信访]移交["])
def test_a_line_with_a_stray_bracket_is_an_error(line):
    rule = Rule.from_lines("信访线索", [line, "信访件"])
    assert (rule.errors, rule.words) == ((line,), ("信访件",))


def test_a_context_keyword_in_the_body_needs_its_context_in_the_same_sentence():
    rule = Rule.from_lines("信访线索", ["信访 [移交]"])
    assert rule.body_weight("畅通信访渠道。设立信访接待日。开展信访回访。对移交的问题逐件整改。") == 0
    assert rule.body_weight("对移交的信访件逐件办理。") == 1


# --- the points of an overview block -----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "types"),
    [
        # The context word 移交 stands in the rest of the second of three points, not in its lead.
        ("一是加强学习。二是认真办理信访件。对巡察组移交的件逐件办结。三是建立制度。", ["信访线索"]),
        ("一是认真办理信访件,对巡察组移交的件逐件办结。", ["信访线索"]),
        # ... but never in the next point.
        ("一是认真办理信访件。二是对移交的问题逐一整改。", []),
        ("一是认真办理信访件。二是对移交的问题逐一整改。三是加强学习。", []),
    ],
)
def test_a_point_takes_its_context_words_from_its_own_text_only(body, types):
    assert overview_types(body) == types


@pytest.mark.parametrize(
    ("body", "types"),
    [
        ("一是规范公务用车。二是加强学习。", ["八项规定"]),
        ("一是规范公务用车。二是严格选人用人。三是加强学习。", ["八项规定", "选人用人"]),
        # In the rules' order, whatever the order of the names' characters.
        ("一是认真办理巡察组移交的信访件。二是规范公务用车。", ["八项规定", "信访线索"]),
    ],
)
def test_every_point_of_an_overview_block_adds_its_types(body, types):
    assert overview_types(body) == types


# --- body weight against the best-supported type ------------------------------------------------


@pytest.mark.parametrize(("mentions", "types"), [(3, ["八项规定", "选人用人"]), (2, ["八项规定"])])
def test_a_type_at_exactly_the_share_of_the_top_type_is_tagged(mentions, types):
    # 公务用车 five times weighs 10; three mentions of 提拔 weigh 3, exactly 0.3 of it (and the weight needed).
    body = "规范公务用车。" * 5 + "严格提拔。" * mentions
    assert section_types("加强管理", body, RULES) == types


# --- a child about something else ----------------------------------------------------------------


def _child_of_a_problem(body: str) -> ParsedSection:
    child = ParsedSection("1.1", "1.", 3, "完善工作机制", body)
    parent = ParsedSection("1", "一、", 1, "关于“四风”问题的整改情况", "", children=[child])
    tag_sections([parent, child], RULES)
    return child


def test_a_child_with_a_word_of_its_parent_keeps_the_parent_whatever_else_it_dwells_on():
    child = _child_of_a_problem("严格提拔。" * 12 + "杜绝违规接待。")
    assert child.issue_types == ["八项规定", "选人用人"]


@pytest.mark.parametrize(("mentions", "types"), [(9, ["选人用人"]), (8, ["八项规定", "选人用人"])])
def test_a_child_leaves_its_parent_aside_from_three_times_the_weight_needed(mentions, types):
    assert _child_of_a_problem("严格提拔。" * mentions).issue_types == types


# --- what opens an overview block ---------------------------------------------------------------


@pytest.mark.parametrize(("before", "overview"), [(0, True), (78, True), (79, False)])
def test_next_steps_open_a_block_only_within_the_first_80_characters(before, overview):
    section = ParsedSection("3", "三、", 1, "持续用力", "加" * before + "今后,继续抓好落实。")
    assert is_overview(section, False) is overview


def test_inside_an_overview_block_a_child_is_tagged_by_its_points_not_its_passing_words():
    child = ParsedSection("1.1", "(一)", 2, "压实责任", "规范公务用车。严控接待。纠正四风。")
    block = ParsedSection("1", "一、", 1, "扎实推进巡察整改工作", "", children=[child])
    tag_sections([block, child], RULES)
    assert (block.issue_types, child.issue_types) == ([], [])


def test_work_words_in_a_lower_heading_do_not_open_an_overview_block():
    # A measure titled with 长效机制 under a problem is still about that problem: its text counts.
    child = ParsedSection("2.1", "(一)", 2, "健全长效机制", "规范公务用车。严控接待。纠正四风。")
    parent = ParsedSection("2", "二、", 1, "反馈问题整改落实情况", "", children=[child])
    assert not is_overview(child, False)
    tag_sections([parent, child], RULES)
    assert (parent.issue_types, child.issue_types) == ([], ["八项规定"])


def test_the_title_of_an_overview_block_names_no_topic():
    block = ParsedSection("1", "一、", 1, "压实整改责任,严格选人用人", "")
    assert is_overview(block, False)
    tag_sections([block], RULES)
    assert block.issue_types == []


@pytest.mark.parametrize(
    ("heading", "types"),
    [
        ("压实责任", []),  # nothing of its own: the block's points are not handed down
        ("关于选人用人不规范的问题", ["选人用人"]),  # a problem inside the block stands alone
        ("关于制度执行不到位的问题", []),  # a problem naming nothing takes nothing from the block's points
    ],
)
def test_nothing_is_inherited_inside_an_overview_block(heading, types):
    child = ParsedSection("1.1", "(一)", 2, heading, "")
    block = ParsedSection("1", "一、", 1, "扎实推进巡察整改工作", "一是规范公务用车。", children=[child])
    tag_sections([block, child], RULES)
    assert (block.issue_types, child.issue_types) == (["八项规定"], types)


# --- main types ----------------------------------------------------------------------------------


def _leaves(*types: str) -> list[ParsedSection]:
    sections = []
    for i, name in enumerate(types, start=1):
        section = ParsedSection(str(i), "", 1, "", "")
        section.issue_types = [name] if name else []
        sections.append(section)
    return sections


@pytest.mark.parametrize(
    ("types", "main"),
    [
        (["八项规定"] * 3 + ["选人用人"], ["八项规定", "选人用人"]),  # four tagged leaves: one section will do
        (["八项规定"] * 4 + ["选人用人"], ["八项规定"]),  # five: a main type needs two
    ],
)
def test_a_notice_of_five_tagged_leaves_needs_two_sections_per_main_type(types, main):
    assert main_types(_leaves(*types)) == main


@pytest.mark.parametrize(
    ("types", "main"),
    [
        (["八项规定", "选人用人", "选人用人", "选人用人"], ["选人用人", "八项规定"]),  # most-covered first
        (["选人用人", "八项规定", "选人用人", "八项规定"], ["选人用人", "八项规定"]),  # a tie: first seen first
    ],
)
def test_main_types_are_ranked_by_coverage_then_first_seen(types, main):
    assert main_types(_leaves(*types)) == main


def test_untagged_leaves_do_not_raise_the_share_a_main_type_needs():
    assert main_types(_leaves("八项规定", *[""] * 10)) == ["八项规定"]


# --- leaving a parent aside outside an aspect ------------------------------------------------------


def _named_child_of_a_problem(body: str) -> ParsedSection:
    child = ParsedSection("1.1", "1.", 3, "规范选人用人", body)
    parent = ParsedSection("1", "一、", 1, "关于“四风”问题的整改情况", "", children=[child])
    tag_sections([parent, child], RULES)
    return child


@pytest.mark.parametrize(
    ("body", "types"),
    [
        ("", ["选人用人"]),  # its heading names its own type; nothing of the problem in its text
        ("建立台账。", ["选人用人"]),
        ("杜绝违规接待。", ["八项规定", "选人用人"]),  # one word of the problem: a measure against it
    ],
)
def test_a_child_naming_its_own_type_keeps_the_parent_only_with_a_word_of_it(body, types):
    assert _named_child_of_a_problem(body).issue_types == types


@pytest.mark.parametrize("heading", ["扛牢主体责任", "履行第一责任人职责", "落实一岗双责", "层层传导压力"])
def test_responsibility_headings_in_an_overview_block_name_no_topic(heading):
    rules = [*RULES, Rule.from_lines("两个责任", ["主体责任", "一岗双责", "第一责任", "^压力"])]
    child = ParsedSection("1.1", "(一)", 2, heading, "")
    block = ParsedSection("1", "一、", 1, "扎实推进巡察整改工作", "", children=[child])
    tag_sections([block, child], rules)
    assert child.issue_types == ([] if heading != "层层传导压力" else ["两个责任"])


# --- scope keywords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "keyword"),
    [
        ("*>上轮巡察", Keyword("上轮巡察", strong=True, scope=True)),
        (">*上轮巡察", Keyword("上轮巡察", strong=True, scope=True)),
        (">^上轮巡察", Keyword("上轮巡察", heading_only=True, scope=True)),
        ("> 上轮巡察 [反馈]", Keyword("上轮巡察", context=("反馈",), scope=True)),
    ],
)
def test_scope_marks_combine_with_the_others_in_any_order(line, keyword):
    assert Rule.from_lines("以往问题整改", [line]).keywords == (keyword,)


def test_a_mark_without_a_word_is_no_keyword():
    assert Rule.from_lines("以往问题整改", [">", "*>", "上轮巡察"]).words == ("上轮巡察",)


def test_only_a_scope_keyword_frames_and_an_exclusion_masks_it():
    rule = Rule.from_lines("以往问题整改", [">上轮巡察", "整改不到位", "-上轮巡察组"])
    assert rule.frames("关于上轮巡察反馈问题方面")
    assert not rule.frames("关于整改不到位的问题")
    assert not rule.frames("关于上轮巡察组指出的问题")
    assert rule.in_heading("关于整改不到位的问题")


SCOPED = [*RULES, Rule.from_lines("以往问题整改", [">上轮巡察", "整改不到位"])]


def test_every_section_below_a_scope_heading_carries_its_type_whatever_it_names():
    grand = ParsedSection("2.1.1.1", "(1)", 4, "严格接待", "")
    child = ParsedSection("2.1.1", "1.", 3, "关于违规发放津补贴方面", "规范公务用车,严控接待。", children=[grand])
    aspect = ParsedSection("2.1", "(一)", 2, "关于上轮巡察反馈问题整改不彻底方面", "", children=[child])
    top = ParsedSection("2", "二、", 1, "反馈问题整改落实情况", "", children=[aspect])
    tag_sections([top, aspect, child, grand], SCOPED)
    assert top.issue_types == []
    assert aspect.issue_types == ["以往问题整改"]
    assert child.issue_types == ["八项规定", "以往问题整改"]  # its own problem under the aspect, and the round's
    assert grand.issue_types == ["八项规定", "以往问题整改"]


def test_a_plain_keyword_of_the_same_type_does_not_frame():
    child = ParsedSection("2.1.1", "1.", 3, "关于违规发放津补贴方面", "规范公务用车,严控接待。")
    aspect = ParsedSection("2.1", "(一)", 2, "关于整改不到位方面", "", children=[child])
    tag_sections([aspect, child], SCOPED)
    assert (aspect.issue_types, child.issue_types) == (["以往问题整改"], ["八项规定"])


def test_nothing_frames_the_sections_of_an_overview_block():
    # The sub-heading names the earlier round (so it shows the type), but inside the block that frames nothing.
    child = ParsedSection("1.1", "(一)", 2, "对照上轮巡察逐项销号", "")
    grand = ParsedSection("1.1.1", "1.", 3, "建立台账", "")
    child.children.append(grand)
    block = ParsedSection("1", "一、", 1, "扎实推进巡察整改工作", "", children=[child])
    tag_sections([block, child, grand], SCOPED)
    assert (block.issue_types, child.issue_types, grand.issue_types) == ([], ["以往问题整改"], [])


def test_a_problem_heading_inside_an_overview_block_frames_the_sections_below_it():
    child = ParsedSection("1.1", "(一)", 2, "关于上轮巡察问题的整改", "")
    grand = ParsedSection("1.1.1", "1.", 3, "建立台账", "")
    child.children.append(grand)
    block = ParsedSection("1", "一、", 1, "扎实推进巡察整改工作", "", children=[child])
    tag_sections([block, child, grand], SCOPED)
    assert (child.issue_types, grand.issue_types) == (["以往问题整改"], ["以往问题整改"])


# --- quotations and work words in headings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "problem"),
    [
        ("认真落实“一岗双责”", False),  # a set phrase
        ("认真落实“一二三四五六”", False),  # six characters: still a phrase
        ("关于“一二三四五六七”", True),  # ``关于`` alone makes it a problem
        ("着力解决“一二三四五六七”", True),  # seven: a clause quoted from the feedback
        ("着力解决“”", True),
        ("着力解决“未闭合的引号", True),
    ],
)
def test_a_short_quotation_is_a_set_phrase_and_a_clause_a_finding(heading, problem):
    section = ParsedSection("1.1", "(一)", 2, heading, "")
    assert is_overview(section, True) is not problem


@pytest.mark.parametrize("heading", ["强化政治担当,抓紧抓实整改", "坚决扛牢巡察整改政治责任", "落实管党治党政治责任"])
def test_political_responsibility_for_the_inspection_opens_an_overview_block(heading):
    assert is_overview(ParsedSection("1", "一、", 1, heading, ""), False) is (heading != "落实管党治党政治责任")


# --- headings that report how the rectification was organised -----------------------------------------


@pytest.mark.parametrize(
    ("path", "heading", "overview"),
    [
        ("1", "党委及主要负责人组织落实整改情况", True),
        ("1", "组织整改落实情况", True),  # ends like a heading holding the problems, yet reports the work
        ("1", "整改工作的组织情况", True),
        ("1", "巡视整改主体责任落实情况", True),
        ("1", "巡察反馈意见整改落实情况", False),  # the problems
        ("1", "关于落实整改主体责任不到位的问题", False),  # a problem that names the responsibility
        ("1", "整改主体责任落实不到位方面", False),
        ("1.2", "主要负责人组织落实整改工作情况", True),  # a report, at any level
        ("1.2", "压实整改主体责任", False),  # a measure under a problem
    ],
)
def test_a_report_of_how_the_rectification_was_organised_opens_an_overview_block(path, heading, overview):
    section = ParsedSection(path, "一、", path.count(".") + 1, heading, "")
    assert is_overview(section, False) is overview


def test_inside_an_overview_block_an_organising_report_stays_in_the_block():
    section = ParsedSection("1.2", "(二)", 2, "班子成员组织整改落实情况", "")
    assert is_overview(section, True)


@pytest.mark.parametrize(
    ("path", "heading", "overview"),
    [
        ("3", "从严从实抓好巡察整改", True),  # the rectification as the clause's object
        ("3", "持续深化整改,巩固成果", True),
        ("3", "明确整改方向", False),  # 整改 qualifies another word
        ("3.1", "抓好巡察整改", False),  # only a top-level section opens a block this way
        ("3", "主要做法和成效", True),
        ("3", "下步打算", True),
        ("3", "后续工作安排", True),
    ],
)
def test_a_top_level_heading_about_the_work_itself_opens_an_overview_block(path, heading, overview):
    section = ParsedSection(path, "三、", path.count(".") + 1, heading, "")
    assert is_overview(section, False) is overview


def test_a_point_lead_about_the_rectification_names_no_topic_but_the_next_point_still_does():
    rules = [*RULES, Rule.from_lines("两个责任", ["*主体责任", "-整改主体责任"])]
    section = ParsedSection(
        "1", "一、", 1, "扎实推进巡察整改工作", "一是压实主体责任。二是认真办理巡察组移交的信访件。"
    )
    tag_sections([section], rules)
    assert section.issue_types == ["信访线索"]


def test_the_rest_of_a_point_supplies_context_words_only_not_a_type():
    # The lead names nothing; the topic named in the rest of the point is a passing mention.
    assert overview_types("一是加强督办。对公务用车问题逐项督办。") == []
