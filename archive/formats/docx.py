"""Word (.docx) files: paragraphs and tables in document order, automatic numbering written out.

Outline numbers that Word generates (一、 (一) 1.) are not part of a
paragraph's text; they are rebuilt from the numbering definitions so the
parser sees the outline as printed.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..parsing.numerals import to_chinese
from . import ExtractedText, ExtractionError

_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified"}


def read_docx(data: bytes) -> ExtractedText:
    """The document's paragraphs and table rows, one per line, and its core properties."""
    try:
        document = Document(BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError("Word 文件已损坏或不是 .docx 格式:请在 Word 中重新保存为 .docx 后上传。") from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if text:
                lines.append(numbering.label(block) + text)
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    properties = document.core_properties
    metadata = {label: value for label, value in (("标题", properties.title), ("作者", properties.author)) if value}
    return ExtractedText(text="\n\n".join(lines), metadata=metadata)


def _table_lines(table: Table) -> list[str]:
    # Merged cells repeat in row.cells; each is written once. A visible separator keeps cells apart
    # (the parser drops plain spaces between Chinese characters).
    lines = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines


class _Numbering:
    """Counters for Word's automatic list numbering, producing labels such as ``一、`` or ``(2)``."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val"))) if ref is not None else None
            if definition is None:
                continue
            for level in definition.findall(qn("w:lvl")):
                self.levels[(num.get(qn("w:numId")), int(level.get(qn("w:ilvl"))))] = (
                    _val(level, "w:numFmt", "decimal"),
                    _val(level, "w:lvlText", ""),
                    int(_val(level, "w:start", "1")),
                )

    def label(self, paragraph: Paragraph) -> str:
        num_id, level = _paragraph_numbering(paragraph)
        if num_id is None or (num_id, level) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        fmt, template, start = self.levels[(num_id, level)]
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        label = template
        for index in range(level + 1):
            level_fmt = self.levels.get((num_id, index), (fmt, "", 1))[0]
            label = label.replace(f"%{index + 1}", _format(counters[index] or 1, level_fmt))
        return label if fmt != "bullet" else ""


def _paragraph_numbering(paragraph: Paragraph) -> tuple[str | None, int]:
    # Numbering set on the paragraph, else on its style (heading styles often carry it).
    for properties in (paragraph._p.pPr, _style_properties(paragraph)):
        num_pr = properties.find(qn("w:numPr")) if properties is not None else None
        if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
            ilvl = num_pr.find(qn("w:ilvl"))
            return num_pr.find(qn("w:numId")).get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
    return None, 0


def _style_properties(paragraph: Paragraph):
    style = paragraph.style
    return style.element.pPr if style is not None else None


def _val(element, tag: str, default: str) -> str:
    child = element.find(qn(tag))
    return child.get(qn("w:val"), default) if child is not None else default


def _format(number: int, fmt: str) -> str:
    if fmt in _CHINESE_FORMATS:
        return to_chinese(number)
    if fmt in {"lowerLetter", "upperLetter"}:
        letter = chr(ord("a") + (number - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalEnclosedCircle" and 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    return str(number)
