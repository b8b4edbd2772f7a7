"""The archive's first issue-type vocabulary: twelve types with keyword rules.

The database's ``IssueType`` table is loaded from :data:`VOCABULARY` once (a
data migration); editors extend it there. Keywords follow the tagging rule in
:mod:`.tagging`: a ``*`` marks a keyword strong enough to tag a section on a
single mention in its body. Set phrases that every notice uses in passing
(全面从严治党, 两个维护) are deliberately not strong.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tagging import Rule


@dataclass(frozen=True)
class IssueTypeSpec:
    """One issue type as shipped: its name, URL slug, what it covers and its keyword lines."""

    name: str
    slug: str
    description: str
    keywords: tuple[str, ...]

    def rule(self) -> Rule:
        return Rule.from_lines(self.name, self.keywords)


VOCABULARY: tuple[IssueTypeSpec, ...] = (
    IssueTypeSpec(
        "党的领导", "party-leadership",
        "政治建设,贯彻落实党中央和上级决策部署,党组织的领导核心作用。",
        ("党的领导", "*党的政治建设", "*两个维护", "*四个意识", "决策部署", "领导核心", "政治核心",
         "把方向", "*统揽全局", "*党管", "*政治生态", "-党管干部", "^习近平", "*重要指示批示", "^政治建设",
         "路线方针"),
    ),
    IssueTypeSpec(
        "两个责任", "two-responsibilities",
        "全面从严治党主体责任和监督责任。",
        ("*两个责任", "*主体责任", "*监督责任", "全面从严治党", "一岗双责", "党风廉政建设责任", "管党治党",
         "党建责任", "-整改主体责任", "-整改工作主体责任", "-招标主体责任"),
    ),
    IssueTypeSpec(
        "八项规定", "eight-point-rules",
        "中央八项规定精神和“四风”:公务用车、办公用房、公务接待、津补贴、文山会海、形式主义和官僚主义。",
        ("*八项规定", "*四风", "*公车", "*公务用车", "*办公用房", "*公务接待", "*津补贴", "*文山会海",
         "*形式主义", "*官僚主义", "享乐主义", "奢靡之风", "违规发放", "吃喝", "宴请", "*作风建设",
         "*超标准接待", "*操办", "*礼金", "为官不为", "不作为", "庸懒散", "*三公经费", "*因公出国", "*违规吃喝",
         "*公款吃喝", "*私车公养", "*基层减负", "*督查检查考核", "超标准"),
    ),
    IssueTypeSpec(
        "廉洁风险", "integrity-risk",
        "重点领域的廉洁风险:工程建设、招投标、政府采购、资金管理、国有资产、土地。",
        ("*廉洁风险", "*廉政风险", "廉洁纪律", "*招投标", "*招标", "工程建设", "*政府采购", "资金管理",
         "*国有资产", "*国资", "^土地", "^征地", "^拆迁", "腐败", "*利益输送", "^资金", "^建设工程", "^工程项目",
         "^重点领域", "采购", "-反腐败", "^财政", "^财务", "*专项资金", "*三资"),
    ),
    IssueTypeSpec(
        "选人用人", "cadre-selection",
        "干部选拔任用,超职数配备干部(三超两乱)。",
        ("*选人用人", "*选拔任用", "*三超两乱", "*超职数", "干部选拔", "*带病提拔", "*凡提四必", "*党管干部",
         "提拔", "任用", "干部调整", "*动议", "*选任", "*超配", "职数"),
    ),
    IssueTypeSpec(
        "干部管理", "cadre-supervision",
        "干部监督管理:个人有关事项报告、兼职取酬、轮岗交流。",
        ("*个人有关事项", "*报告个人", "*兼职取酬", "*违规兼职", "*轮岗", "干部监督", "干部管理",
         "*组织纪律", "规矩意识", "管理监督 [干部]", "^交流", "^考核", "*档案", "*个人重大事项",
         "日常监督 [干部]", "经常性监督"),
    ),
    IssueTypeSpec(
        "基层党建", "grassroots-party-building",
        "组织建设,组织生活,三会一课,党员管理。",
        ("*基层党建", "*基层党组织", "*三会一课", "*组织生活", "*党内政治生活", "党员管理", "*发展党员",
         "*软弱涣散", "*党支部", "^党建", "^支部", "*失联党员", "*组织关系", "*第一书记", "*党费", "*主题党日",
         "*两新组织", "党员教育"),
    ),
    IssueTypeSpec(
        "民主集中制", "democratic-centralism",
        "集体决策,三重一大,议事规则。",
        ("*民主集中制", "*三重一大", "*议事规则", "*集体决策", "*集体研究", "*一言堂", "议事决策", "决策程序",
         "违规决策", "个人决定", "*集体讨论"),
    ),
    IssueTypeSpec(
        "意识形态", "ideology",
        "意识形态工作。",
        ("*意识形态", "*舆论", "*宣传思想", "*网络安全", "理论学习", "*文化阵地", "*文化礼堂"),
    ),
    IssueTypeSpec(
        "以往问题整改", "earlier-findings",
        "以往巡视巡察、审计发现问题的整改。",
        ("*>以往巡视", "*>以往巡察", "*>上一轮巡视", "*>上一轮巡察", "*>上轮巡视", "*>上轮巡察", "*>上次巡视",
         "*>上次巡察", "*>历次巡视", "*>历次巡察", "*>审计发现", "*>审计反馈", "*>审计整改", "*>以往反馈",
         "*未整改到位", "*整改不到位", "*屡查屡犯"),
    ),
    IssueTypeSpec(
        "信访线索", "petitions-and-leads",
        "巡视巡察组移交的信访件和问题线索的办理。",
        ("*信访件 [巡视 巡察 移交 交办]", "*问题线索 [巡视 巡察 交办]", "*信访举报 [巡视 巡察 移交 交办]",
         "*移交的问题", "*移交问题", "信访 [移交 交办 巡视 巡察]", "线索 [交办 巡视 巡察]", "办结 [信访 线索]"),
    ),
    IssueTypeSpec(
        "履职发展", "duties-and-development",
        "经济社会发展职责:发展、法治、风险防控。",
        ("*高质量发展", "经济社会发展", "*招商引资", "*营商环境", "*依法行政", "*风险防控", "*安全生产",
         "*民生", "^发展", "^产业", "^项目建设", "法治", "^风险", "社会事务", "社会治理",
         "-廉政风险", "-廉洁风险", "*乡村振兴", "*脱贫攻坚", "*生态环境", "*污染防治", "*食品安全",
         "*耕地保护", "*防范化解", "*疫情防控", "*放管服", "*债务", "^交通", "-公务交通", "-交通补贴",
         "^市场", "-市场化", "^价格", "*违法建设", "^人才工作", "*公平竞争", "*消费者", "*知识产权"),
    ),
)  # fmt: skip


def default_rules() -> list[Rule]:
    """The shipped vocabulary's tagging rules, in its order."""
    return [spec.rule() for spec in VOCABULARY]
