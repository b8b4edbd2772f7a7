"""Scope keywords and market-supervision duties: ship the revised vocabulary to tables still holding the last one.

As in 0018, a type whose keywords an editor has changed keeps them; only the
keywords shipped by 0018, untouched, are replaced by the current vocabulary's
(以往问题整改's earlier-round words become scope keywords, ``*>上轮巡察``, so
every problem under a "上轮巡察反馈问题整改不彻底方面" heading carries the type;
履职发展 gains 公平竞争, 消费者 and 知识产权). The help text explains ``>词``.
"""

from django.db import migrations, models

from archive.migrations._keyword_revision import keyword_revision

#: The keyword lines shipped by 0018 for the types this revision changes, by type name.
PREVIOUS_KEYWORDS = {
    "以往问题整改": "*以往巡视\n*以往巡察\n*上一轮巡视\n*上一轮巡察\n*上轮巡视\n*上轮巡察\n*上次巡视\n*上次巡察\n*历次巡视\n*历次巡察\n*审计发现\n*审计反馈\n*审计整改\n*以往反馈\n*未整改到位\n*整改不到位\n*屡查屡犯",
    "履职发展": "*高质量发展\n经济社会发展\n*招商引资\n*营商环境\n*依法行政\n*风险防控\n*安全生产\n*民生\n^发展\n^产业\n^项目建设\n法治\n^风险\n社会事务\n社会治理\n-廉政风险\n-廉洁风险\n*乡村振兴\n*脱贫攻坚\n*生态环境\n*污染防治\n*食品安全\n*耕地保护\n*防范化解\n*疫情防控\n*放管服\n*债务\n^交通\n-公务交通\n-交通补贴\n^市场\n-市场化\n^价格\n*违法建设\n^人才工作",
}


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0018_issue_type_rules_other_topics"),
    ]

    operations = [
        migrations.RunPython(*keyword_revision(PREVIOUS_KEYWORDS)),
        migrations.AlterField(
            model_name="issuetype",
            name="keywords",
            field=models.TextField(
                blank=True,
                help_text="每行一个关键词或短语。标题中出现即归类;正文中需有足够分量(强关键词计 2,普通关键词计 1,合计至少 3,且不少于正文最突出类型的三成;标题已点明类型的章节,正文再添其他类型需合计至少 6)。写法:*词 = 强关键词;^词 = 只看标题;>词 = 统领下级:标题出现该词时,其下各级章节都归入此类型(如 *>上轮巡察);-词 = 排除该短语(如 -整改主体责任);词 [甲 乙] = 只在同一句含甲或乙时计入。子章节沿用上级标题的类型,以下情况除外:“……方面”标题下自身显示其他类型的子章节;正文不含上级类型任何关键词、而标题点明其他类型的子章节(如“两个责任”问题下的“聚焦重点领域廉政风险防控”)。",
                verbose_name="关键词",
            ),
        ),
    ]
