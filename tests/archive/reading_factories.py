"""Small builders for reading-page tests: notices and sections made directly in the database."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from decimal import Decimal

from archive.models import Figure, InspectionRound, IssueType, IssuingBody, Notice, Section
from archive.services import ImportSource, import_notice

from ..conftest import CORPUS_DIR

_counter = itertools.count(1)


def import_sample(gold_item: dict) -> Notice:
    """Import and publish one sample notice through the import service."""
    path = CORPUS_DIR / gold_item["file"]
    outcome = import_notice(source=ImportSource(name=path.name, data=path.read_bytes()), publish=True)
    assert not outcome.failed, outcome.messages
    return outcome.notice


def make_notice(*, status: str = Notice.Status.PUBLISHED, **fields) -> Notice:
    """A notice with a unique key and hash; ``fields`` override the defaults."""
    n = next(_counter)
    defaults = {
        "key": f"k{n:09d}",
        "title": f"测试区委关于巡察整改情况的通报{n}",
        "raw_text": "原文",
        "text": "原文",
        "content_hash": hashlib.sha256(f"notice-{n}".encode()).hexdigest(),
        "preamble": "根据区委巡察工作部署,区委第一巡察组对本单位开展了巡察。",
        "closing": "欢迎广大干部群众对巡察整改落实情况进行监督。",
    }
    defaults.update(fields)
    return Notice.objects.create(status=status, **defaults)


def make_section(notice: Notice, path: str, *, heading: str = "", text: str = "", parent=None, order=None) -> Section:
    """A section at ``path``; the printed number follows the level (一、 (一) 1. (1))."""
    depth = path.count(".") + 1
    last = int(path.split(".")[-1])
    numerals = "一二三四五六七八九十"
    number = [f"{numerals[last - 1]}、", f"({numerals[last - 1]})", f"{last}.", f"({last})"][min(depth, 4) - 1]
    if order is None:
        order = notice.sections.count() + 1
    return Section.objects.create(
        notice=notice,
        parent=parent,
        level=min(depth, 4),
        depth=depth,
        number=number,
        path=path,
        heading=heading or f"第{path}节标题",
        text=text,
        order=order,
    )


def make_outline(notice: Notice, outline: dict) -> dict[str, Section]:
    """Sections from ``{"1": ("heading", "text"), "1.1": (...), ...}`` in the given order."""
    made: dict[str, Section] = {}
    for path, (heading, text) in outline.items():
        parent_path = path.rpartition(".")[0]
        made[path] = make_section(notice, path, heading=heading, text=text, parent=made.get(parent_path))
    return made


def issue_type(name: str, slug: str, description: str = "") -> IssueType:
    """The issue type called ``name``: the vocabulary's own when it has one, else a new one."""
    return IssueType.objects.get_or_create(name=name, defaults={"slug": slug, "description": description})[0]


def full_notice() -> tuple[Notice, dict[str, Section]]:
    """A published notice with every fact filled, an outline three levels deep, figures and types."""
    body = IssuingBody.objects.create(name="中共测试市委")
    round_ = InspectionRound.objects.create(label="七届市委第八轮巡察")
    notice = make_notice(
        title="中共测试市委关于巡视整改情况的通报",
        issuing_body=body,
        issuing_body_text="中共测试市委",
        source="测试市纪委",
        published_on=dt.date(2016, 3, 2),
        signed_on=dt.date(2016, 2, 28),
        inspection_kind="巡视",
        inspecting_organ="省委",
        inspection_group="省委第三巡视组",
        group_number=3,
        inspection_round=round_,
        inspected_unit="测试市",
        inspection_start=dt.date(2015, 11, 1),
        inspection_start_precision="month",
        inspection_end=dt.date(2015, 12, 20),
        feedback_on=dt.date(2016, 1, 15),
        problem_counts={"aspects": 4, "categories": 11, "problems": 18, "items": 34},
        contact_phone="020-12345678",
        contact_email="xuncha@example.org",
        contact_postcode="510000",
    )
    sections = make_outline(
        notice,
        {
            "1": ("提高政治站位,抓紧抓实整改", "市委把整改作为头等大事。"),
            "2": ("逐项对照反馈问题整改", "针对反馈的问题逐项整改。"),
            "2.1": ("全面从严治党方面", ""),
            "2.1.1": ("规范公务用车管理", "清理超编公务用车12辆。\n收回违规占用办公用房300平方米。"),
            "2.1.2": ("严格整改干部兼职取酬问题", "清理兼职干部5人。"),
            "2.2": ("选人用人方面", "规范干部选拔任用。"),
            "3": ("下一步工作", "持续抓好整改。"),
        },
    )
    cars = issue_type("八项规定", "eight-point-rules")
    cadres = issue_type("干部管理", "cadre-supervision")
    sections["2.1.1"].issue_types.add(cars)
    sections["2.1.2"].issue_types.add(cadres)
    Figure.objects.create(
        notice=notice,
        section=sections["2.1.1"],
        measure="清理超编公务用车",
        value=Decimal("12"),
        unit="辆",
        clause="清理超编公务用车12辆",
    )
    Figure.objects.create(
        notice=notice, measure="挽回经济损失", value=Decimal("2464600"), unit="元", clause="挽回经济损失246.46万元"
    )
    return notice, sections
