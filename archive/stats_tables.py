"""The statistics page's tables, built from :mod:`archive.stats`; charts and CSV files are drawn from them.

A :class:`Table` is what a reader sees next to a chart: row labels, column
headers and cells with a number, its printed form and, where the number sums
something, a link to what it sums.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse

from . import stats
from .key_figures import KEY_FIGURES
from .models import IssueType


@dataclass
class Cell:
    value: float | int | Decimal | None
    text: str
    url: str = ""
    note: str = ""  # extra words for a tooltip and screen readers


@dataclass
class Row:
    label: str
    cells: list[Cell]
    url: str = ""


@dataclass
class Table:
    slug: str
    caption: str
    headers: list[str]  # the first names the row labels
    rows: list[Row] = field(default_factory=list)
    chart: str = "bars"  # "bars", "stacked", "heat", "multiples" or "" (no chart)
    charted_columns: int | None = None  # how many value columns the chart draws (a total column is left out)
    note: str = ""
    unit: str = ""

    @property
    def series(self) -> list[str]:
        columns = self.headers[1:]
        return columns[: self.charted_columns] if self.charted_columns else columns

    def csv_rows(self) -> list[list[str]]:
        """Header and rows as plain strings (numbers unformatted) for a CSV download."""
        lines = [list(self.headers)]
        for row in self.rows:
            lines.append([row.label, *("" if c.value is None else _plain(c.value) for c in row.cells)])
        return lines


def _plain(value) -> str:
    if isinstance(value, Decimal):
        value = value.normalize()
        return format(value, "f")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def number(value, digits: int = 0) -> str:
    """A number as printed on the page: thousands grouped, ``digits`` decimals at most."""
    if value is None:
        return "—"
    if digits and value != int(value):
        return f"{float(value):,.{digits}f}"
    return f"{int(value):,}"


def _year_label(year) -> str:
    return str(year) if year else "未注明年份"


def _years(keys) -> list:
    years = {k for k in keys}
    return sorted((y for y in years if y), key=int) + ([None] if None in years else [])


def _count_table(slug, caption, counts, labels) -> Table:
    table = Table(slug, caption, ["年份", *(label for _, label in labels), "合计"], chart="stacked")
    table.charted_columns = len(labels)
    for year in _years(y for y, _ in counts):
        values = [counts.get((year, value), 0) for value, _ in labels]
        cells = [Cell(v, number(v)) for v in values] + [Cell(sum(values), number(sum(values)))]
        table.rows.append(Row(_year_label(year), cells))
    return table


def notices_by_kind(notices) -> Table:
    return _count_table("kind", "各年通报数(按巡视、巡察)", stats.by_year_and_kind(notices), stats.KIND_LABELS)


def notices_by_level(notices) -> Table:
    return _count_table("level", "各年通报数(按巡视巡察机关层级)", stats.by_year_and_level(notices), stats.LEVEL_LABELS)


def delay_bins(found) -> Table:
    table = Table("delay", "从反馈到公开通报的天数分布", ["天数", "通报数"], unit="份")
    table.note = f"只计反馈日期精确到日、且有发布日期的通报;按规定,一般应在反馈后约{stats.EXPECTED_DAYS}天内公开。"
    table.rows = [Row(label, [Cell(n, number(n))]) for label, n in stats.delay_distribution(found)]
    return table


def delay_medians(found, attribute: str) -> Table:
    if attribute == "year":
        table = Table("delay-year", "从反馈到公开的天数中位数(按反馈年份)", ["反馈年份", "中位数(天)", "通报数"])
        groups = stats.median_delays(found, "year")
        order = sorted(groups)
        label = str
    else:
        table = Table("delay-level", "从反馈到公开的天数中位数(按机关层级)", ["层级", "中位数(天)", "通报数"])
        groups = stats.median_delays(found, "level")
        names = dict(stats.LEVEL_LABELS)
        order = [value for value, _ in stats.LEVEL_LABELS if value in groups]
        label = names.get
    table.charted_columns, table.unit = 1, "天"
    for value in order:
        median, n = groups[value]
        table.rows.append(Row(label(value), [Cell(median, number(median, 1)), Cell(n, number(n))]))
    return table


def slowest(found, limit: int = 10) -> Table:
    table = Table("slowest", "公开最慢的通报", ["通报", "发布机关", "反馈日期", "发布日期", "天数"], chart="")
    details = stats.delay_details(found[:limit])
    for delay in found[:limit]:
        url = reverse("archive:notice", kwargs={"key": delay.key})
        notice = details[delay.key]
        feedback, published = notice.feedback_on.isoformat(), notice.published_on.isoformat()
        cells = [
            Cell(notice.body, notice.body),
            Cell(feedback, feedback),
            Cell(published, published),
            Cell(delay.days, number(delay.days)),
        ]
        table.rows.append(Row(notice.title, cells, url=url))
    return table


def type_shares(notices) -> Table:
    totals, tagged = stats.type_shares_by_year(notices)
    years = _years(totals)
    table = Table("types", "各类问题占章节的比例(按年份)", ["问题类型", *map(_year_label, years)], chart="heat")
    table.note = "每格为当年通报中标注该问题类型的章节占全部章节的百分比;一个章节可有多个类型。"
    table.unit = "%"
    for name in IssueType.objects.values_list("name", flat=True):
        cells = []
        for year in years:
            n, total = tagged.get((year, name), 0), totals[year]
            share = round(100 * n / total, 1) if total else 0.0
            cells.append(Cell(share, f"{share:.1f}%", note=f"{n}/{total} 个章节"))
        if any(c.value for c in cells):
            table.rows.append(Row(name, cells))
    table.rows.append(Row("章节总数", [Cell(totals[y], number(totals[y]), note="个章节") for y in years]))
    return table


def key_figures(notices, group: str, query: str, *, sums: dict | None = None) -> Table:
    """Sums of the key figures by year or level; every sum links to the clauses it adds up.

    ``sums`` is :func:`archive.stats.key_figure_sums` of the same notices, when already read.
    """
    totals = (sums or stats.key_figure_sums(notices))[group]
    headers = [("年份" if group == "year" else "层级"), *(f"{f.label}({f.unit_label})" for f in KEY_FIGURES)]
    caption = "主要数据合计(按年份)" if group == "year" else "主要数据合计(按机关层级)"
    table = Table(f"figures-{group}", caption, headers, chart="multiples")
    table.note = "由通报中的数据句按关键词汇总;点击数字查看所加总的原句。"
    if group == "year":
        groups = _years({g for f in totals.values() for g in f})
        labels = [(g, _year_label(g)) for g in groups]
    else:
        present = {g for f in totals.values() for g in f}
        labels = [(v, label) for v, label in stats.LEVEL_LABELS if v in present]
    base = reverse("archive:stats_figures")
    for value, label in labels:
        cells = []
        for figure in KEY_FIGURES:
            total, n = totals[figure.slug].get(value, (Decimal(0), 0))
            params = [("figure", figure.slug), (group, stats.UNDATED if value is None else str(value))]
            url = f"{base}?{urlencode(params)}&{query}" if n else ""
            cells.append(Cell(total, number(total, 2), url=url.rstrip("&"), note=f"{n} 条数据"))
        table.rows.append(Row(label, cells))
    return table


def all_tables(notices, query: str) -> list[Table]:
    """Every table of the statistics page, in page order."""
    found = stats.delays(notices)
    sums = stats.key_figure_sums(notices)
    return [
        notices_by_kind(notices),
        notices_by_level(notices),
        delay_bins(found),
        delay_medians(found, "year"),
        delay_medians(found, "level"),
        slowest(found),
        type_shares(notices),
        key_figures(notices, "year", query, sums=sums),
        key_figures(notices, "level", query, sums=sums),
    ]


#: Each table alone, for its CSV download: slug → builder(notices, query).
BUILDERS = {
    "kind": lambda notices, query: notices_by_kind(notices),
    "level": lambda notices, query: notices_by_level(notices),
    "delay": lambda notices, query: delay_bins(stats.delays(notices)),
    "delay-year": lambda notices, query: delay_medians(stats.delays(notices), "year"),
    "delay-level": lambda notices, query: delay_medians(stats.delays(notices), "level"),
    "slowest": lambda notices, query: slowest(stats.delays(notices)),
    "types": lambda notices, query: type_shares(notices),
    "figures-year": lambda notices, query: key_figures(notices, "year", query),
    "figures-level": lambda notices, query: key_figures(notices, "level", query),
}


def table(notices, slug: str, query: str) -> Table | None:
    """The table ``slug`` of the statistics page (the same as in :func:`all_tables`), or None for an unknown slug."""
    builder = BUILDERS.get(slug)
    return builder(notices, query) if builder else None
