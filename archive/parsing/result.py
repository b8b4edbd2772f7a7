"""What the parser returns: plain dataclasses, no ORM, JSON-ready.

Field names follow ``gold.json`` (see the sample corpus README) so that
``parse_notice --json`` output can be compared with the hand-checked facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Precision = Literal["day", "month"]


class ParseError(ValueError):
    """Input that cannot be read at all (e.g. undecodable bytes); the message says why."""


@dataclass(frozen=True)
class DateValue:
    """A date as the text gives it: to the day, or only to the month."""

    value: dt.date
    precision: Precision = "day"
    note: str = ""  # how it was resolved, e.g. a year taken from context

    def iso(self) -> str:
        if self.precision == "month":
            return self.value.strftime("%Y-%m")
        return self.value.isoformat()


@dataclass
class Contact:
    phone: str | None = None
    email: str | None = None
    postcode: str | None = None

    def to_json(self) -> dict:
        return {"phone": self.phone, "email": self.email, "postcode": self.postcode}


@dataclass
class ParsedSection:
    """One numbered section. ``path`` joins the printed numbers of the section
    and its ancestors (二 → （四） → 11. → （18） is ``2.4.11.18``)."""

    path: str
    number: str  # as printed, e.g. "（三）" or "2."
    level: int  # outline style: 1 一、 / 2 （一） / 3 1. / 4 （1）
    heading: str
    text: str  # body of this section without its subsections
    children: list[ParsedSection] = field(default_factory=list)
    issue_types: list[str] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return self.path.count(".") + 1


@dataclass
class ParsedFigure:
    """A quantitative statement: ``立案39件`` → measure 立案, value 39, unit 件."""

    measure: str
    value: Decimal
    unit: str
    clause: str
    section_path: str | None = None
    amount: str = ""  # as printed, for display: 125亿元, 17.6万件

    def to_json(self) -> dict:
        value = int(self.value) if self.value == self.value.to_integral_value() else float(self.value)
        return {
            "measure": self.measure,
            "value": value,
            "unit": self.unit,
            "amount": self.amount,
            "clause": self.clause,
            "section_path": self.section_path,
        }


@dataclass
class ParsedNotice:
    """Everything read from one notice. Unknown facts stay ``None``."""

    raw_text: str
    text: str  # normalised full text
    header: list[str] = field(default_factory=list)  # lines before the preamble: title, 发布日期/来源, 原标题 …
    title: str | None = None
    display_title: str = ""
    title_derived: bool = False
    issuing_body: str | None = None
    source: str | None = None
    published_on: DateValue | None = None
    signed_on: DateValue | None = None
    inspection_kind: str | None = None  # 巡视 / 巡察
    inspecting_organ: str | None = None  # 省委 / 市委 / 区委 … as printed
    inspecting_committee: str | None = None  # with its place: 深圳市委, 广东省委, 中央 (see places.py)
    inspection_group: str | None = None  # canonical: 省委第一巡视组
    group_number: int | None = None
    round_label: str | None = None
    inspected_unit: str | None = None
    inspection_start: DateValue | None = None
    inspection_end: DateValue | None = None
    feedback_on: DateValue | None = None
    problem_counts: dict[str, int] | None = None  # aspects / categories / problems / items
    contact: Contact = field(default_factory=Contact)
    preamble: str = ""
    sections: list[ParsedSection] = field(default_factory=list)  # top level; children nested
    closing: str = ""
    figures: list[ParsedFigure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    script: str = "simplified"  # "traditional" when read through a simplified copy
    document_kind: str = "notice"  # see archive.parsing.kind
    page_lines: list[str] = field(default_factory=list)  # chrome, breadcrumbs, metadata found below the header
    signer: str | None = None  # the body named under a 关于… title (a signature at the top)
    kind_reason: str = ""  # why the text is not a rectification notice (Chinese, for the editor)
    metadata: dict[str, str] = field(default_factory=dict)  # 索引号 / 发布机构 / 成文日期 … found in the text
    provenance: dict[str, dict] = field(default_factory=dict)  # fact name → {start, end, quote, method} in ``text``

    def iter_sections(self) -> Iterator[ParsedSection]:
        """All numbered sections in document order (depth first)."""

        def walk(sections: list[ParsedSection]) -> Iterator[ParsedSection]:
            for section in sections:
                yield section
                yield from walk(section.children)

        return walk(self.sections)

    @property
    def issue_types(self) -> list[str]:
        """The union of the sections' issue types, in first-seen order."""
        seen: dict[str, None] = {}
        for section in self.iter_sections():
            for name in section.issue_types:
                seen.setdefault(name, None)
        return list(seen)

    def all_warnings(self) -> list[str]:
        """The parser's warnings, with the reason of a document kind other than ``notice`` first."""
        return ([self.kind_reason] if self.kind_reason else []) + list(self.warnings)

    @property
    def main_issue_types(self) -> list[str]:
        """The types covering a real share of the sections (see ``tagging.main_types``)."""
        from .tagging import main_types  # tagging reads ParsedSection from this module

        return main_types(self.iter_sections())

    def to_json(self) -> dict:
        """The ``parse_notice --json`` object: gold.json's names plus sections and figures."""

        def iso(value: DateValue | None) -> str | None:
            return value.iso() if value else None

        return {
            "document_kind": self.document_kind,
            "title": self.title,
            "display_title": self.display_title,
            "title_derived": self.title_derived,
            "issuing_body": self.issuing_body,
            "source": self.source,
            "published_on": iso(self.published_on),
            "signed_on": iso(self.signed_on),
            "inspection_kind": self.inspection_kind,
            "inspecting_organ": self.inspecting_organ,
            "inspecting_committee": self.inspecting_committee,
            "inspection_group": self.inspection_group,
            "group_number": self.group_number,
            "round_label": self.round_label,
            "inspected_unit": self.inspected_unit,
            "inspection_start": iso(self.inspection_start),
            "inspection_end": iso(self.inspection_end),
            "feedback_on": iso(self.feedback_on),
            "date_notes": {
                name: value.note
                for name in ("published_on", "signed_on", "inspection_start", "inspection_end", "feedback_on")
                if (value := getattr(self, name)) is not None and value.note
            },
            "problem_counts": self.problem_counts,
            "contact": self.contact.to_json(),
            "issue_types": self.issue_types,
            "main_issue_types": self.main_issue_types,
            "preamble": self.preamble,
            "sections": [
                {
                    "path": s.path,
                    "number": s.number,
                    "level": s.level,
                    "heading": s.heading,
                    "text": s.text,
                    "issue_types": list(s.issue_types),
                }
                for s in self.iter_sections()
            ],
            "closing": self.closing,
            "figures": [f.to_json() for f in self.figures],
            "warnings": self.all_warnings(),
            "script": self.script,
            "index_number": self.metadata.get("索引号"),
            "metadata": dict(self.metadata),
            "provenance": {name: dict(value) for name, value in self.provenance.items()},
        }
