"""Keyword rules for children about another topic: ship the revised vocabulary to tables still holding the last one.

As in 0016, a type whose keywords an editor has changed keeps them; only the
keywords shipped by 0016, untouched, are replaced by the current vocabulary's
(党的领导 gains 路线方针; 履职发展 gains the public-service words of measures
that sit under a 四风 or 选人用人 problem: 交通, 市场, 价格, 违法建设, 人才工作).
The help text states when a child does not take its parent's types.
"""

from django.db import migrations, models

from archive.migrations._keyword_revision import keyword_revision

#: The keyword lines shipped by 0016 for the types this revision changes, by type name.
PREVIOUS_KEYWORDS = {
    "党的领导": "党的领导\n*党的政治建设\n*两个维护\n*四个意识\n决策部署\n领导核心\n政治核心\n把方向\n*统揽全局\n*党管\n*政治生态\n-党管干部\n^习近平\n*重要指示批示\n^政治建设",
    "履职发展": "*高质量发展\n经济社会发展\n*招商引资\n*营商环境\n*依法行政\n*风险防控\n*安全生产\n*民生\n^发展\n^产业\n^项目建设\n法治\n^风险\n社会事务\n社会治理\n-廉政风险\n-廉洁风险\n*乡村振兴\n*脱贫攻坚\n*生态环境\n*污染防治\n*食品安全\n*耕地保护\n*防范化解\n*疫情防控\n*放管服\n*债务",
}


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0017_key_figure_sums"),
    ]

    operations = [
        migrations.RunPython(*keyword_revision(PREVIOUS_KEYWORDS)),
        migrations.AlterField(
            model_name="issuetype",
            name="keywords",
            field=models.TextField(
                blank=True,
                help_text="每行一个关键词或短语。标题中出现即归类;正文中需有足够分量(强关键词计 2,普通关键词计 1,合计至少 3,且不少于正文最突出类型的三成;标题已点明类型的章节,正文再添其他类型需合计至少 6)。写法:*词 = 强关键词;^词 = 只看标题;-词 = 排除该短语(如 -整改主体责任);词 [甲 乙] = 只在同一句含甲或乙时计入。子章节沿用上级标题的类型,以下情况除外:“……方面”标题下自身显示其他类型的子章节;正文不含上级类型任何关键词、而标题点明其他类型的子章节(如“两个责任”问题下的“聚焦重点领域廉政风险防控”)。",
                verbose_name="关键词",
            ),
        ),
    ]
