"""SVG charts drawn on the server from a :class:`~archive.stats_tables.Table`.

No script and no outside request: the geometry is computed here and written
out by :func:`svg` (as a string: a template tag per attribute of a few
hundred shapes costs more than the page's queries). Each shape carries the
row, series and value it stands for (``data-*``), a ``<title>`` for pointer
and screen-reader users, and the chart as a whole has a text alternative; the
table beside it is the full accessible form. Colours are the Okabe–Ito set,
told apart by people with the common colour-vision deficiencies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .stats_tables import Table, number

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999")
WIDTH = 360
LABEL_WIDTH = 80
VALUE_ROOM = 70
LEGEND_PER_LINE = 4
BAR_HEIGHT = 18
ROW_GAP = 8
FONT = 13


@dataclass
class Shape:
    x: float
    y: float
    width: float
    height: float
    fill: str
    row: str
    series: str
    value: str
    title: str
    text_fill: str = "#1a1a1a"


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"
    weight: str = "normal"
    fill: str = "#1a1a1a"
    size: int = FONT


@dataclass
class Chart:
    slug: str
    kind: str
    width: float
    height: float
    title: str
    description: str
    shapes: list[Shape] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    legend: list[tuple[float, float, str, str]] = field(default_factory=list)  # (x, y, colour, series)


def _scale(maximum: float) -> float:
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    return room / maximum if maximum > 0 else 0.0


def _value(cell) -> float:
    return float(cell.value or 0)


def draw(table: Table) -> Chart | None:
    """The chart of ``table`` (None for tables without one or without rows)."""
    if not table.chart or not table.rows:
        return None
    if table.chart == "heat":
        return _heat(table)
    if table.chart == "multiples":
        return _multiples(table)
    return _bars(table, stacked=table.chart == "stacked")


def _description(table: Table) -> str:
    parts = []
    for row in table.rows:
        values = "、".join(f"{name}{cell.text}" for name, cell in zip(table.series, row.cells, strict=False))
        parts.append(f"{row.label}:{values}")
    return f"{table.caption}。" + ";".join(parts) + "。详见下表。"


def _bars(table: Table, *, stacked: bool) -> Chart:
    series = table.series if stacked else table.series[:1]
    legend = []
    if stacked:
        for i, name in enumerate(series):
            x, y = (i % LEGEND_PER_LINE) * 88, 2 + (i // LEGEND_PER_LINE) * 18
            legend.append((x, y, PALETTE[i % len(PALETTE)], name))
    top = (legend[-1][1] + 22) if legend else 4
    totals = [sum(_value(c) for c in row.cells[: len(series)]) for row in table.rows]
    scale = _scale(max(totals, default=0))
    chart = Chart(table.slug, "bars", WIDTH, 0, table.caption, _description(table), legend=legend)
    for index, (row, total) in enumerate(zip(table.rows, totals, strict=True)):
        y = top + index * (BAR_HEIGHT + ROW_GAP)
        chart.labels.append(Label(LABEL_WIDTH - 6, y + BAR_HEIGHT - 4, row.label, anchor="end"))
        x = LABEL_WIDTH
        for i, (name, cell) in enumerate(zip(series, row.cells, strict=False)):
            width = _value(cell) * scale
            colour = PALETTE[i % len(PALETTE)]
            title = f"{row.label} {name}:{cell.text}"
            chart.shapes.append(Shape(x, y, width, BAR_HEIGHT, colour, row.label, name, _raw(cell), title))
            x += width
        shown = number(total) if stacked else row.cells[0].text
        chart.labels.append(Label(x + 4, y + BAR_HEIGHT - 4, shown))
    chart.height = top + len(table.rows) * (BAR_HEIGHT + ROW_GAP)
    return chart


def _multiples(table: Table) -> Chart:
    """One small bar panel per column, each with its own scale (the columns have different units)."""
    chart = Chart(table.slug, "bars", WIDTH, 0, table.caption, _description(table))
    y = 4
    for i, name in enumerate(table.series):
        chart.labels.append(Label(0, y + FONT, name, weight="bold"))
        y += FONT + 8
        cells = [row.cells[i] for row in table.rows]
        scale = _scale(max((_value(c) for c in cells), default=0))
        colour = PALETTE[i % len(PALETTE)]
        for row, cell in zip(table.rows, cells, strict=True):
            width = _value(cell) * scale
            chart.labels.append(Label(LABEL_WIDTH - 6, y + BAR_HEIGHT - 4, row.label, anchor="end"))
            title = f"{row.label} {name}:{cell.text}"
            chart.shapes.append(Shape(LABEL_WIDTH, y, width, BAR_HEIGHT, colour, row.label, name, _raw(cell), title))
            chart.labels.append(Label(LABEL_WIDTH + width + 4, y + BAR_HEIGHT - 4, cell.text))
            y += BAR_HEIGHT + ROW_GAP
        y += 8
    chart.height = y
    return chart


def _heat(table: Table) -> Chart:
    """A grid: rows × columns, each cell shaded by its share and printed with it."""
    rows = [row for row in table.rows if table.unit == "%" and row.label != "章节总数"] or table.rows
    columns = table.series
    cell_width, cell_height = 46, 24
    left, top = 96, 24
    width = left + cell_width * len(columns) + 4
    chart = Chart(table.slug, "heat", width, top + cell_height * len(rows) + 4, table.caption, _description(table))
    peak = max((_value(c) for row in rows for c in row.cells), default=0) or 1
    for j, name in enumerate(columns):
        chart.labels.append(Label(left + j * cell_width + cell_width / 2, top - 8, name, anchor="middle"))
    for i, row in enumerate(rows):
        y = top + i * cell_height
        chart.labels.append(Label(left - 6, y + cell_height - 7, row.label, anchor="end"))
        for j, (name, cell) in enumerate(zip(columns, row.cells, strict=False)):
            strength = _value(cell) / peak
            fill = _blend(strength)
            text_fill = "#ffffff" if strength > 0.55 else "#1a1a1a"
            title = f"{row.label} {name}:{cell.text}({cell.note})" if cell.note else f"{row.label} {name}:{cell.text}"
            x = left + j * cell_width
            chart.shapes.append(
                Shape(x, y, cell_width - 2, cell_height - 2, fill, row.label, name, _raw(cell), title, text_fill)
            )
            chart.labels.append(
                Label(x + cell_width / 2 - 1, y + cell_height - 8, cell.text, "middle", fill=text_fill, size=11)
            )
    return chart


def _blend(strength: float) -> str:
    """White to the palette's blue, by ``strength`` in [0, 1]."""
    start, end = (255, 255, 255), (0, 0x5A, 0x9C)
    rgb = (round(a + (b - a) * strength) for a, b in zip(start, end, strict=True))
    return "#" + "".join(f"{c:02x}" for c in rgb)


def _raw(cell) -> str:
    return "" if cell.value is None else format(cell.value, "f") if not isinstance(cell.value, int) else str(cell.value)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def svg(chart: Chart) -> SafeString:
    """The chart as inline SVG: ``role="img"`` named by its title and described by its summary."""
    slug = escape(chart.slug)
    size = f' width="{_n(chart.width)}" height="{_n(chart.height)}"' if chart.kind == "heat" else ""
    parts = [
        f'<svg class="chart chart--{chart.kind}" role="img" aria-labelledby="{slug}-svg-title {slug}-svg-desc"'
        f' viewBox="0 0 {_n(chart.width)} {_n(chart.height)}"{size} xmlns="http://www.w3.org/2000/svg"'
        f' data-chart="{slug}">',
        f'<title id="{slug}-svg-title">{escape(chart.title)}</title>',
        f'<desc id="{slug}-svg-desc">{escape(chart.description)}</desc>',
        '<g aria-hidden="true">',
    ]
    for x, y, colour, name in chart.legend:
        parts.append(
            f'<g class="chart__legend" transform="translate({_n(x)} {_n(y)})"><rect width="12" height="12"'
            f' fill="{colour}"></rect><text x="16" y="11" font-size="12">{escape(name)}</text></g>'
        )
    for s in chart.shapes:
        parts.append(
            f'<rect x="{_n(s.x)}" y="{_n(s.y)}" width="{_n(s.width)}" height="{_n(s.height)}" fill="{s.fill}"'
            f' data-row="{escape(s.row)}" data-series="{escape(s.series)}" data-value="{escape(s.value)}">'
            f"<title>{escape(s.title)}</title></rect>"
        )
    for label in chart.labels:
        parts.append(
            f'<text x="{_n(label.x)}" y="{_n(label.y)}" text-anchor="{label.anchor}" font-size="{label.size}"'
            f' font-weight="{label.weight}" fill="{label.fill}">{escape(label.text)}</text>'
        )
    parts.append("</g></svg>")
    # Every piece of text above is escaped; the rest are numbers and fixed words.
    return mark_safe("".join(parts))
