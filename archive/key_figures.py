"""Which figures count as the archive's key figures (立案, 处分, 组织处理, 追缴/挽回资金).

One place for the keyword lists: a figure counts for a key figure when its
measure (the words the parser took before the number) contains one of the
keywords, none of the exclusions, and its unit is one of the units. The
answer is stored with each figure (``Figure.key_figure``, set on import and
on every save) so that totals are one indexed GROUP BY; after changing these
lists run ``manage.py classify_figures``. Readers of the totals can open the
list of clauses behind every sum.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyFigure:
    slug: str
    label: str
    keywords: tuple[str, ...]
    units: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    unit_label: str = ""

    def matches(self, measure: str, unit: str) -> bool:
        return (
            unit in self.units
            and any(word in measure for word in self.keywords)
            and not any(word in measure for word in self.excluded)
        )


KEY_FIGURES: tuple[KeyFigure, ...] = (
    # 初核转立案 is a part of a larger 立案 count in the same notice: counting it would count twice.
    # Regulators' administrative cases (监管系统立案3370宗) are not disciplinary cases.
    KeyFigure(
        "cases", "立案", ("立案",), ("件", "起", "人", "宗"), ("转立案", "不予立案", "监管", "执法", "行政"), "件/人"
    ),
    KeyFigure(
        "discipline",
        "党纪政务处分",
        ("党纪政务处分", "党纪政纪处分", "党纪处分", "政务处分", "政纪处分", "纪律处分"),
        ("人", "名", "人次"),
        ("双重处分",),
        "人",
    ),
    KeyFigure("organisational", "组织处理", ("组织处理",), ("人", "名", "人次"), (), "人"),
    # Per-person amounts (每人500元) are rates, not sums.
    KeyFigure(
        "money",
        "追缴/挽回资金",
        ("追缴", "挽回", "追回", "收缴", "退缴", "清退", "收回"),
        ("元",),
        ("每人",),
        "元",
    ),
)

BY_SLUG = {figure.slug: figure for figure in KEY_FIGURES}


def classify(measure: str, unit: str) -> str:
    """The slug of the key figure a figure counts for, or "" (a figure counts for one at most)."""
    return next((figure.slug for figure in KEY_FIGURES if figure.matches(measure, unit)), "")
