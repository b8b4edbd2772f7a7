"""Keyword rules read in context: ship the revised vocabulary to tables still holding the first one.

A type whose keywords an editor has changed keeps them; only the first
shipped keywords, untouched, are replaced by the current vocabulary's.
"""

from django.db import migrations, models

from archive.migrations._keyword_revision import keyword_revision

#: The first shipped keyword lines (migration 0002), by type name.
FIRST_KEYWORDS = {
    "党的领导": "党的领导\n*党的政治建设\n政治站位\n*两个维护\n*四个意识\n决策部署\n领导核心\n把方向\n*统揽全局\n*党管\n政治责任\n*政治生态",
    "两个责任": "*两个责任\n*主体责任\n*监督责任\n全面从严治党\n一岗双责\n党风廉政建设责任制\n管党治党",
    "八项规定": "*八项规定\n*四风\n*公车\n*公务用车\n*办公用房\n*公务接待\n*津补贴\n*文山会海\n*形式主义\n*官僚主义\n享乐主义\n奢靡之风\n违规发放\n吃喝\n*作风建设\n*超标准接待\n*操办\n*礼金",
    "廉洁风险": "*廉洁风险\n*廉政风险\n*招投标\n*招标\n工程建设\n*政府采购\n资金管理\n*国有资产\n*国资\n土地\n腐败\n*利益输送\n资金\n工程\n采购",
    "选人用人": "*选人用人\n*选拔任用\n*三超两乱\n*超职数\n干部选拔\n*带病提拔\n*凡提四必\n*党管干部\n提拔\n任用\n干部调整\n*动议",
    "干部管理": "*个人有关事项\n*报告个人\n*兼职取酬\n*违规兼职\n*轮岗\n干部监督\n干部管理\n*组织纪律\n交流\n考核\n*档案",
    "基层党建": "*基层党建\n*基层党组织\n*三会一课\n*组织生活\n党员管理\n*发展党员\n*软弱涣散\n*党支部\n党建\n支部\n*失联党员\n*组织关系\n*第一书记",
    "民主集中制": "*民主集中制\n*三重一大\n*议事规则\n*集体决策\n*集体研究\n*一言堂\n议事决策\n决策程序",
    "意识形态": "*意识形态\n*舆论\n*宣传思想\n*网络安全\n理论学习\n*文化阵地\n*文化礼堂",
    "以往问题整改": "*以往巡视\n*以往巡察\n*上一轮巡视\n*上一轮巡察\n*审计发现\n*审计反馈\n*审计整改\n*以往反馈\n*未整改到位\n*整改不到位\n*屡查屡犯",
    "信访线索": "*信访件\n*问题线索\n*信访举报\n*移交的问题\n*移交问题\n信访\n线索\n办结",
    "履职发展": "*高质量发展\n经济社会发展\n*招商引资\n*营商环境\n*依法行政\n*风险防控\n*安全生产\n*民生\n发展\n产业\n项目建设\n法治\n风险",
}


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0008_notice_revision"),
    ]

    operations = [
        migrations.RunPython(*keyword_revision(FIRST_KEYWORDS)),
        migrations.AlterField(
            model_name="issuetype",
            name="keywords",
            field=models.TextField(
                blank=True,
                help_text="每行一个关键词或短语。标题中出现即归类;正文中需有足够分量(强关键词计 2,普通关键词计 1,合计至少 3,且不少于正文最突出类型的三成)。写法:*词 = 强关键词;^词 = 只看标题;-词 = 排除该短语(如 -整改主体责任);词 [甲 乙] = 只在同一句含甲或乙时计入。子章节沿用上级标题的类型。",
                verbose_name="关键词",
            ),
        ),
    ]
