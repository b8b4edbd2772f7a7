"""Invented notices, written the way published notices are, with the types a careful reader gives each section.

They exercise the reading rules on text the shipped vocabulary was not tuned on:
overview and next-step blocks, aspect headings, problems with their measures,
exclusions and context keywords.
"""

from __future__ import annotations

from archive.parsing import parse_notice
from archive.parsing.tagging import Rule, tag_sections

NOTICE = """中共某县委关于巡察整改情况的通报
根据县委统一部署,县委第二巡察组对某镇党委开展了巡察,现将整改情况通报如下。
一、扛牢整改政治责任,扎实推进巡察整改工作
镇党委切实履行整改主体责任,成立整改工作领导小组,落实整改主体责任。一是加强组织领导。召开党委会研究部署。二是建立整改台账。对公车管理、选人用人等问题逐项列出清单。三是认真办理巡察组移交的信访件。对巡察组移交的12件信访件逐件办理,办结率100%。
二、反馈问题整改落实情况
(一)落实全面从严治党方面
1.关于落实主体责任不到位的问题。一是制定党委主体责任清单。二是开展专题约谈。
2.关于违规发放津补贴的问题。一是全面清查2019年以来发放的津补贴。二是清退违规发放的津补贴3.2万元。
(二)关于“选人用人把关不严”的问题
1.严格动议程序。规范干部选拔任用动议环节,落实凡提四必。
2.加强日常管理。开展干部人事档案专项审核,对档案材料不全的及时补充,严肃处理档案造假问题。
(三)关于“信访工作不到位”的问题
1.畅通信访渠道。设立信访接待日,领导干部轮流接访,群众反映的问题及时答复。
三、下一步工作打算
下一步,镇党委将持续巩固整改成果。坚持标本兼治,对公务用车、办公用房、选人用人等问题常抓不懈,推动全面从严治党向纵深发展。
中共某县某镇委员会
2021年5月10日
"""

#: What each section is about, read in the context of its heading.
LABELS = {
    "1": {"信访线索"},  # the third point handles handed-over petitions; the rest frames the work
    "2": set(),
    "2.1": {"两个责任"},
    "2.1.1": {"两个责任"},
    "2.1.2": {"八项规定"},  # under the aspect, its own problem
    "2.2": {"选人用人"},
    "2.2.1": {"选人用人"},
    "2.2.2": {"选人用人", "干部管理"},  # a measure against the problem, about cadre files
    "2.3": set(),  # ordinary petition work, nothing handed over
    "2.3.1": set(),
    "3": set(),  # next steps naming topics in passing
}


def test_invented_notice_is_tagged_as_a_careful_reader_would():
    parsed = parse_notice(NOTICE)
    got = {s.path: set(s.issue_types) for s in parsed.iter_sections()}
    assert set(got) == set(LABELS), got.keys()
    wrong = {path: (got[path], wanted) for path, wanted in LABELS.items() if got[path] != wanted}
    assert not wrong


#: A notice whose top-level sections are the problems themselves, each with its measures.
PROBLEMS = """某区关于巡视整改进展情况的通报
一、关于“履行全面从严治党主体责任不到位”问题的整改情况
(一)压实责任链条。区委落实整改主体责任,制定整改方案,逐项明确责任人。
(二)规范资金存放。开展资金存放专项整治,对违规存放资金的单位责令整改。
(三)加强存放监督。竞争性存放一律公开招标,招标公告在政府采购网发布,招标结果公示;修订资金管理办法,资金管理全程留痕,防范廉政风险。
二、关于“招商引资工作推进不力”问题的整改情况
(一)聚焦主导产业招商。编制招商地图,一把手带队招商,签约项目9个。
(二)防范廉政风险。修订招商项目廉政风险防控办法,加强廉政风险排查。
"""

PROBLEM_LABELS = {
    "1": {"两个责任"},
    "1.1": {"两个责任"},  # the rectification's own 主体责任 is not evidence, but the problem above is
    "1.2": {"廉洁风险"},  # its heading names funds and its text has no word of the problem above: about funds
    "1.3": {"廉洁风险"},  # its heading names nothing, its text is all about funds and tenders
    "2": {"履职发展"},
    "2.1": {"履职发展"},
    "2.2": {"廉洁风险"},  # 廉政风险 is not 履职发展's 风险, and nothing in it is about attracting investment
}


def test_problems_with_their_measures():
    parsed = parse_notice(PROBLEMS)
    got = {s.path: set(s.issue_types) for s in parsed.iter_sections()}
    assert got == PROBLEM_LABELS


#: A notice whose overview quotes a duty phrase and whose problems sit under an earlier-round aspect.
EARLIER_ROUND = """某局党组关于巡察整改进展情况的通报
一、强化政治担当,坚决扛牢巡察整改政治责任
(一)压实整改责任
党组书记切实扛起主体责任,班子成员落实一岗双责,对重点问题逐项督办。
(二)班子成员认真落实“一岗双责”
按照分工领办整改任务,深入基层调研督导。
二、反馈问题整改落实情况
(一)关于上轮巡察反馈问题整改不彻底方面
1.关于“违规发放福利仍有发生”方面
清退违规发放的节日福利2.1万元,修订财务制度。
2.关于“国有资产管理不规范”方面
对闲置房产开展全面清查,登记入账。
(二)关于“妨碍公平竞争的做法仍然存在”问题
清理妨碍公平竞争的文件8件,开展消费者权益保护专项行动。
"""

EARLIER_ROUND_LABELS = {
    "1": set(),  # the rectification work; its political responsibility is the rectification's own
    "1.1": set(),
    "1.2": set(),  # a quoted duty phrase is no finding: still the rectification's own responsibility
    "2": set(),
    "2.1": {"以往问题整改"},
    "2.1.1": {"八项规定", "以往问题整改"},  # a problem of its own, left over from the last round
    "2.1.2": {"廉洁风险", "以往问题整改"},
    "2.2": {"履职发展"},  # fair competition and consumers: a market regulator's duties
}


def test_overview_duty_phrases_earlier_round_aspects_and_market_duties():
    parsed = parse_notice(EARLIER_ROUND)
    got = {s.path: set(s.issue_types) for s in parsed.iter_sections()}
    assert got == EARLIER_ROUND_LABELS


#: A notice that reports first how the rectification was organised and who carried it, under headings
#: that end like the ones holding the problems (……落实情况), then the problems, then what comes next.
ORGANISED = """某县委关于巡察整改进展情况的通报
一、县委及主要负责人组织整改落实情况
(一)县委书记组织落实整改工作情况
一是压实主体责任。县委书记主持召开常委会,把全面从严治党主体责任和整改责任一并压实。二是抓好督办。对公务用车、选人用人等问题逐项督办,定期听取汇报。
(二)县委领导班子巡察整改主体责任落实情况
班子成员按分工领办整改任务,到分管领域推动政府采购、工程建设等问题整改。
二、巡察反馈意见整改落实情况
(一)关于“违规使用公务用车”的问题
收回超标配备的公务用车2辆,建立公务用车使用登记制度。
三、从严从实抓好巡察整改,持续深化整改
继续盯住公务用车、选人用人、工程建设等问题,巩固整改成果。
"""

ORGANISED_LABELS = {
    "1": set(),  # how the rectification was organised: every topic named in passing
    "1.1": set(),  # its first point is the rectification's own responsibility, not 全面从严治党's
    "1.2": set(),
    "2": set(),
    "2.1": {"八项规定"},
    "3": set(),  # the work itself, as its heading's object
}


def test_a_report_of_how_the_rectification_was_organised_is_an_overview():
    rules = [
        Rule.from_lines("两个责任", ["*主体责任", "全面从严治党", "-整改主体责任"]),
        Rule.from_lines("八项规定", ["*公务用车"]),
        Rule.from_lines("廉洁风险", ["*政府采购", "工程建设"]),
        Rule.from_lines("选人用人", ["*选人用人"]),
    ]
    parsed = parse_notice(ORGANISED)
    sections = list(parsed.iter_sections())
    tag_sections(sections, rules)
    got = {s.path: set(s.issue_types) for s in sections}
    assert got == ORGANISED_LABELS
