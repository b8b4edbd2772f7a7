"""Issue-type tagging: heading vs body weight, strong keywords, no inheritance, the vocabulary."""

from __future__ import annotations

from archive.parsing.result import ParsedNotice, ParsedSection
from archive.parsing.tagging import Rule, main_types, section_types, tag_sections
from archive.parsing.vocabulary import VOCABULARY, default_rules

RULES = [
    Rule.from_lines("八项规定", ["*公务用车", "四风", "接待"]),
    Rule.from_lines("选人用人", ["选人用人", "提拔"]),
]


def test_from_lines_reads_every_keyword_form():
    rule = Rule.from_lines(
        "x", [" *公车 ", "", "四风", "四风", "*", "^发展", "-整改主体责任", "信访 [移交 件]", "坏 [", "x []"]
    )
    assert rule.words == ("公车", "四风", "发展", "信访")
    assert rule.strong == ("公车",)
    assert rule.exclude == ("整改主体责任",)
    assert rule.keywords[2].heading_only and rule.keywords[3].context == ("移交", "件")
    assert rule.errors == ("坏 [", "x []")


def test_heading_match_tags():
    assert section_types("解决“四风”问题", "", RULES) == ["八项规定"]


def test_one_passing_mention_in_the_body_does_not_tag():
    assert section_types("加强班子建设", "会上也谈到接待工作。", RULES) == []
    assert section_types("加强管理", "清理公务用车。", RULES) == []  # even a strong one, once


def test_enough_body_weight_tags():
    assert section_types("加强班子建设", "规范接待。纠正四风。严控接待。", RULES) == ["八项规定"]
    assert section_types("加强管理", "清理公务用车,纠正四风。", RULES) == ["八项规定"]


def test_a_passing_type_beside_the_one_the_text_dwells_on_does_not_tag():
    body = "公务用车。" * 8 + "会上谈到提拔、提拔、提拔。"
    assert section_types("加强管理", body, RULES) == ["八项规定"]
    assert section_types("加强管理", "提拔、提拔、提拔。", RULES) == ["选人用人"]


def test_heading_only_keywords_do_not_count_in_the_body():
    rules = [Rule.from_lines("履职发展", ["^发展", "*营商环境"])]
    assert section_types("凝聚发展合力", "", rules) == ["履职发展"]
    assert section_types("加强学习", "推动发展。发展理念。高质量发展。发展成果。", rules) == []


def test_exclusions_keep_a_phrase_out_of_the_evidence():
    rules = [Rule.from_lines("两个责任", ["*主体责任", "-整改主体责任"])]
    assert section_types("压实整改主体责任", "", rules) == []
    assert section_types("落实全面从严治党主体责任", "", rules) == ["两个责任"]


def test_context_keywords_count_only_beside_their_context():
    rules = [Rule.from_lines("信访线索", ["信访 [移交 件]", "*信访件"])]
    assert section_types("做好信访工作", "畅通信访渠道。信访接待日。", rules) == []
    assert section_types("办理巡察组移交的信访件", "", rules) == ["信访线索"]


def _notice(*sections: ParsedSection) -> ParsedNotice:
    return ParsedNotice(raw_text="", text="", sections=list(sections))


def test_children_of_a_problem_heading_inherit_its_type():
    child = ParsedSection("2.1", "(一)", 2, "完善制度", "建立台账。")
    parent = ParsedSection("2", "二、", 1, "关于“四风”问题", "", children=[child])
    notice = _notice(parent)
    tag_sections(notice.iter_sections(), RULES)
    assert parent.issue_types == ["八项规定"] and child.issue_types == ["八项规定"]


def test_under_an_aspect_heading_a_child_naming_its_own_type_stands_alone():
    own = ParsedSection("1.1", "1.", 3, "关于选人用人不规范的问题", "")
    plain = ParsedSection("1.2", "2.", 3, "关于有的单位落实不到位的问题", "建立台账。")
    aspect = ParsedSection("1", "(一)", 2, "执行作风纪律方面的问题", "纠正四风。", children=[own, plain])
    aspect.heading = "落实“四风”整治方面"
    tag_sections(_notice(aspect).iter_sections(), RULES)
    assert own.issue_types == ["选人用人"]
    assert plain.issue_types == ["八项规定"]


def test_a_child_about_something_else_leaves_its_parent_aside():
    body = "规范提拔程序。提拔公示。选人用人导向。选人用人纪实。提拔备案。" * 2
    child = ParsedSection("1.1", "1.", 3, "完善工作机制", body)
    parent = ParsedSection("1", "一、", 1, "关于“四风”问题的整改情况", "", children=[child])
    tag_sections(_notice(parent).iter_sections(), RULES)
    assert child.issue_types == ["选人用人"]


def test_stored_rows_without_children_are_read_by_path():
    rows = [ParsedSection("1.1", "1.", 3, "完善制度", "建立台账。"), ParsedSection("1", "一、", 1, "公务用车问题", "")]
    tag_sections(rows, RULES)
    assert rows[0].issue_types == ["八项规定"]


def test_overview_blocks_are_tagged_by_their_points_not_passing_mentions():
    overview = ParsedSection(
        "1", "一、", 1, "提高政治站位,扎实推进巡察整改工作",
        "对公车管理、选人用人等问题立行立改。一是加强组织领导。二是认真办理巡察组移交的“四风”问题。",
    )  # fmt: skip
    child = ParsedSection("3.1", "(一)", 2, "进一步规范选人用人", "")
    next_steps = ParsedSection("3", "三、", 1, "持续巩固成果", "下一步,我们将继续抓好公务用车管理。", children=[child])
    tag_sections(_notice(overview, next_steps).iter_sections(), RULES)
    assert overview.issue_types == ["八项规定"]  # from the point 二是……“四风”
    assert next_steps.issue_types == []
    assert child.issue_types == ["选人用人"]  # a topical heading inside a next-step block counts


def test_notice_carries_the_union_in_first_seen_order():
    a = ParsedSection("1", "一、", 1, "选人用人问题", "")
    b = ParsedSection("2", "二、", 1, "公务用车问题", "")
    notice = ParsedNotice(raw_text="", text="", sections=[a, b])
    tag_sections(notice.iter_sections(), RULES)
    assert notice.issue_types == ["选人用人", "八项规定"]


def test_vocabulary_is_the_twelve_types_with_unique_ascii_slugs():
    assert [spec.name for spec in VOCABULARY] == [
        "党的领导", "两个责任", "八项规定", "廉洁风险", "选人用人", "干部管理",
        "基层党建", "民主集中制", "意识形态", "以往问题整改", "信访线索", "履职发展",
    ]  # fmt: skip
    slugs = [spec.slug for spec in VOCABULARY]
    assert len(set(slugs)) == 12 and all(slug.isascii() for slug in slugs)
    assert all(spec.description and spec.keywords for spec in VOCABULARY)


def test_default_vocabulary_examples():
    rules = default_rules()
    assert "八项规定" in section_types("规范公务用车管理", "", rules)
    assert "选人用人" in section_types("解决选人用人机制和“三超两乱”治理有待完善问题", "", rules)
    assert "干部管理" in section_types("关于报告个人有关事项不如实的问题", "", rules)
    assert "民主集中制" in section_types("完善决策机制", "规范“三重一大”事项集体决策。", rules)
    assert "意识形态" in section_types("关于“意识形态工作重视不够”问题的整改情况", "", rules)
    assert section_types("推进工作", "加强学习。", rules) == []


def _leaf(path: str, *types: str) -> ParsedSection:
    section = ParsedSection(path, "", 1, "", "")
    section.issue_types = list(types)
    return section


def test_main_types_cover_a_real_share_of_the_tagged_leaves():
    sections = [_leaf("1")] + [_leaf(f"1.{i}", "八项规定") for i in range(1, 7)]
    sections += [_leaf("2.1", "选人用人"), _leaf("2.2", "选人用人", "意识形态"), _leaf("2.3", "基层党建")]
    sections += [_leaf("2", "两个责任")]  # a grouping heading, not a leaf: not counted
    assert main_types(sections) == ["八项规定", "选人用人"]


def test_a_small_notice_needs_one_section_per_main_type():
    assert main_types([_leaf("1", "八项规定"), _leaf("2", "干部管理"), _leaf("3")]) == ["八项规定", "干部管理"]
    assert main_types([_leaf("1")]) == []


def test_samples_have_few_main_types_though_their_union_is_wide(gold_notice):
    from archive.parsing import parse_notice
    from tests.conftest import seed_text

    parsed = parse_notice(seed_text(gold_notice))
    assert 1 <= len(parsed.main_issue_types) <= 4 < len(parsed.issue_types)
    assert parsed.to_json()["main_issue_types"] == parsed.main_issue_types


def test_beside_a_heading_that_names_a_type_the_body_must_dwell_on_another():
    rules = [Rule.from_lines("选人用人", ["*选人用人"]), Rule.from_lines("干部管理", ["*轮岗", "干部监督"])]
    touching = "严格执行选任程序。组织干部轮岗,加强干部监督。"  # weight 3: enough alone, not beside a heading
    assert section_types("规范选人用人工作", touching, rules) == ["选人用人"]
    assert section_types("完善工作制度", touching, rules) == ["干部管理"]
    dwelling = "推动轮岗。轮岗到期即交流,轮岗情况备案,加强干部监督。"  # weight 7
    assert section_types("规范选人用人工作", dwelling, rules) == ["选人用人", "干部管理"]


def test_under_an_aspect_heading_a_child_whose_text_shows_its_own_type_stands_alone():
    own = ParsedSection("1.1", "1.", 3, "加强后勤监管", "清理公务用车。规范公务用车审批。纠正四风。")
    plain = ParsedSection("1.2", "2.", 3, "建立工作台账", "逐项登记,按月销号。")
    aspect = ParsedSection("1", "(一)", 2, "加强选人用人工作方面", "", children=[own, plain])
    tag_sections(_notice(aspect).iter_sections(), RULES)
    assert own.issue_types == ["八项规定"]
    assert plain.issue_types == ["选人用人"]
    # Under a problem heading (not an aspect) the same child is a measure against that problem.
    own.issue_types, aspect.heading = [], "关于选人用人不规范的问题"
    tag_sections(_notice(aspect).iter_sections(), RULES)
    assert own.issue_types == ["八项规定", "选人用人"]


def test_a_heading_inside_an_overview_block_that_speaks_of_the_rectification_names_no_topic():
    rules = [Rule.from_lines("履职发展", ["^发展"])]
    aimed = ParsedSection("1.2", "(二)", 2, "坚持以改促建,服务全县发展", "把整改成效转化为工作动力。")
    topical = ParsedSection("1.3", "(三)", 2, "凝聚发展合力", "")
    block = ParsedSection("1", "一、", 1, "扛牢巡察整改工作责任", "", children=[aimed, topical])
    tag_sections(_notice(block).iter_sections(), rules)
    assert aimed.issue_types == [] and topical.issue_types == ["履职发展"]
    studying = ParsedSection("1.1", "(一)", 2, "学习习近平总书记关于巡察工作的重要论述", "")
    block = ParsedSection("1", "一、", 1, "扛牢巡察整改工作责任", "", children=[studying])
    tag_sections(_notice(block).iter_sections(), default_rules())
    assert studying.issue_types == []  # the study is of how to inspect and rectify, not a finding


def test_revised_vocabulary_examples():
    rules = default_rules()
    assert "党的领导" in section_types("关于“学习贯彻习近平总书记重要讲话精神不深入”问题的整改", "", rules)
    assert "八项规定" in section_types("严控三公经费支出", "", rules)
    assert "廉洁风险" in section_types("关于财务报销审核不严的问题", "", rules)
    assert "廉洁风险" in section_types("规范村级三资管理", "", rules)
    assert "履职发展" in section_types("全面推进乡村振兴", "", rules)
    assert "干部管理" in section_types("加强干部管理", "如实报告个人重大事项。强化干部日常监督。", rules)
    assert "基层党建" in section_types("规范党费收缴", "", rules)


def test_a_measure_naming_another_topic_without_a_word_of_its_problem_is_about_that_topic():
    # A 全面从严治党 problem grouping its parts: the part on party branches is about party branches.
    rules = default_rules()
    branches = ParsedSection("1.1", "(一)", 2, "抓实基层党建工作", "落实三会一课制度,每季度检查支部台账。")
    duty = ParsedSection("1.2", "(二)", 2, "完善责任清单", "修订班子成员职责清单,逐级签订承诺书。")
    problem = ParsedSection("1", "一、", 1, "关于落实全面从严治党主体责任不到位的问题", "", children=[branches, duty])
    tag_sections(_notice(problem).iter_sections(), rules)
    assert branches.issue_types == ["基层党建"]
    assert duty.issue_types == ["两个责任"]  # names nothing of its own: a measure against the problem


def test_a_public_service_measure_under_a_work_style_problem_is_about_public_service():
    rules = default_rules()
    roads = ParsedSection("1.1", "1.", 3, "缓解城区交通拥堵", "新增停车泊位800个,优化12处路口信号灯配时。")
    meetings = ParsedSection("1.2", "2.", 3, "精简会议活动", "全年会议数量压减三成,坚决纠正四风。")
    problem = ParsedSection("1", "(一)", 2, "关于形式主义官僚主义问题", "", children=[roads, meetings])
    tag_sections(_notice(problem).iter_sections(), rules)
    assert roads.issue_types == ["履职发展"]
    assert meetings.issue_types == ["八项规定"]


def test_talent_work_is_development_not_cadre_selection():
    rules = default_rules()
    talent = ParsedSection("1.1", "1.", 3, "做好人才工作", "出台引进高层次人才的补贴办法,建成人才公寓两栋。")
    problem = ParsedSection("1", "(一)", 2, "关于选人用人工作不规范的问题", "", children=[talent])
    tag_sections(_notice(problem).iter_sections(), rules)
    assert talent.issue_types == ["履职发展"]


def test_inside_an_overview_block_the_responsibility_for_the_rectification_names_no_topic():
    rules = default_rules()
    duty = ParsedSection("1.1", "(一)", 2, "层层压实主体责任", "班子成员按分工领办整改事项。")
    block = ParsedSection("1", "一、", 1, "加强组织领导", "", children=[duty])
    tag_sections(_notice(block).iter_sections(), rules)
    assert duty.issue_types == []


def test_words_added_for_headings_about_other_duties():
    rules = default_rules()
    assert section_types("关于贯彻党的路线方针政策有偏差的问题", "", rules) == ["党的领导"]
    for heading in ("整治农贸市场秩序", "加强价格监测", "拆除违法建设", "抓好人才工作", "改善公共交通"):
        assert section_types(heading, "", rules) == ["履职发展"], heading
    for heading in ("推行职业经理人市场化选聘", "规范公务交通补贴"):
        assert "履职发展" not in section_types(heading, "", rules), heading
