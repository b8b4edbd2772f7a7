"""The parser's result as JSON: every field under its own name, dates to their precision, figures as numbers."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from archive.parsing.result import Contact, DateValue, ParsedFigure, ParsedNotice, ParsedSection


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        (DateValue(dt.date(2021, 7, 9)), "2021-07-09"),
        (DateValue(dt.date(2021, 7, 9), "month"), "2021-07"),
        (DateValue(dt.date(1999, 12, 31), "month"), "1999-12"),
    ],
)
def test_dates_are_written_to_their_precision(value, iso):
    assert value.iso() == iso


@pytest.mark.parametrize(
    ("value", "written"),
    [(Decimal("39"), "39"), (Decimal("17.6"), "17.6"), (Decimal("2.50"), "2.5"), (Decimal("100.0"), "100")],
)
def test_a_figure_is_a_whole_number_when_it_has_no_fraction(value, written):
    figure = ParsedFigure("立案", value, "件", "立案若干件", "1.2", amount=f"{value}件")
    data = figure.to_json()
    assert json.dumps(data["value"]) == written
    assert data == {
        "measure": "立案",
        "value": data["value"],
        "unit": "件",
        "amount": f"{value}件",
        "clause": "立案若干件",
        "section_path": "1.2",
    }


def _sections() -> list[ParsedSection]:
    leaf = ParsedSection("1.1", "(一)", 2, "关于作风问题", "正文乙", issue_types=["八项规定"])
    top = ParsedSection("1", "一、", 1, "总体情况", "正文甲", children=[leaf])
    return [top, ParsedSection("2", "二、", 1, "下一步打算", "正文丙")]


def test_every_field_is_written_under_its_own_name():
    notice = ParsedNotice(
        raw_text="原文",
        text="正文",
        title="标题",
        display_title="显示标题",
        title_derived=True,
        issuing_body="某某党委",
        source="某某网站",
        published_on=DateValue(dt.date(2022, 3, 4), note="发布日期取自页面"),
        signed_on=DateValue(dt.date(2022, 3, 1), note="落款年份取自上文"),
        inspection_kind="巡察",
        inspecting_organ="市委",
        inspecting_committee="某某市委",
        inspection_group="市委第二巡察组",
        group_number=2,
        round_label="第一轮",
        inspected_unit="某某局党组",
        inspection_start=DateValue(dt.date(2021, 5, 1), "month", note="只写了月份"),
        inspection_end=DateValue(dt.date(2021, 6, 30), note="结束日期取自上文"),
        feedback_on=DateValue(dt.date(2021, 9, 2), note="反馈年份取自上文"),
        problem_counts={"problems": 12},
        contact=Contact(phone="010-1234567", email="jb@example.org", postcode="100000"),
        preamble="前言",
        sections=_sections(),
        closing="结尾",
        figures=[ParsedFigure("整改", Decimal("5"), "项", "整改5项", "1", amount="5项")],
        warnings=["一条提醒"],
        script="traditional",
        document_kind="feedback",
        kind_reason="这是反馈情况",
        metadata={"索引号": "ABC-001", "发布机构": "某某局"},
        provenance={"title": {"start": 0, "end": 2, "quote": "标题", "method": "header"}},
    )
    assert notice.to_json() == {
        "document_kind": "feedback",
        "title": "标题",
        "display_title": "显示标题",
        "title_derived": True,
        "issuing_body": "某某党委",
        "source": "某某网站",
        "published_on": "2022-03-04",
        "signed_on": "2022-03-01",
        "inspection_kind": "巡察",
        "inspecting_organ": "市委",
        "inspecting_committee": "某某市委",
        "inspection_group": "市委第二巡察组",
        "group_number": 2,
        "round_label": "第一轮",
        "inspected_unit": "某某局党组",
        "inspection_start": "2021-05",
        "inspection_end": "2021-06-30",
        "feedback_on": "2021-09-02",
        "date_notes": {
            "published_on": "发布日期取自页面",
            "signed_on": "落款年份取自上文",
            "inspection_start": "只写了月份",
            "inspection_end": "结束日期取自上文",
            "feedback_on": "反馈年份取自上文",
        },
        "problem_counts": {"problems": 12},
        "contact": {"phone": "010-1234567", "email": "jb@example.org", "postcode": "100000"},
        "issue_types": ["八项规定"],
        "main_issue_types": ["八项规定"],
        "preamble": "前言",
        "sections": [
            {"path": "1", "number": "一、", "level": 1, "heading": "总体情况", "text": "正文甲", "issue_types": []},
            {
                "path": "1.1",
                "number": "(一)",
                "level": 2,
                "heading": "关于作风问题",
                "text": "正文乙",
                "issue_types": ["八项规定"],
            },
            {"path": "2", "number": "二、", "level": 1, "heading": "下一步打算", "text": "正文丙", "issue_types": []},
        ],
        "closing": "结尾",
        "figures": [
            {"measure": "整改", "value": 5, "unit": "项", "amount": "5项", "clause": "整改5项", "section_path": "1"}
        ],
        "warnings": ["这是反馈情况", "一条提醒"],
        "script": "traditional",
        "index_number": "ABC-001",
        "metadata": {"索引号": "ABC-001", "发布机构": "某某局"},
        "provenance": {"title": {"start": 0, "end": 2, "quote": "标题", "method": "header"}},
    }


def test_missing_facts_stay_empty():
    data = ParsedNotice(raw_text="", text="").to_json()
    assert [data[name] for name in ("published_on", "signed_on", "inspection_start", "inspection_end")] == [None] * 4
    assert data["feedback_on"] is None
    assert data["date_notes"] == {}
    assert data["index_number"] is None
    assert data["contact"] == {"phone": None, "email": None, "postcode": None}
    assert (data["sections"], data["issue_types"], data["main_issue_types"], data["warnings"]) == ([], [], [], [])


def test_only_dates_with_a_note_have_one():
    notice = ParsedNotice(raw_text="", text="", signed_on=DateValue(dt.date(2020, 1, 2)), feedback_on=None)
    notice.inspection_end = DateValue(dt.date(2019, 11, 1), note="年份取自上文")
    assert notice.to_json()["date_notes"] == {"inspection_end": "年份取自上文"}


def test_warnings_without_a_kind_reason_are_the_parsers_own():
    notice = ParsedNotice(raw_text="", text="", warnings=["甲", "乙"])
    assert notice.all_warnings() == ["甲", "乙"]
    notice.kind_reason = "不是整改通报"
    assert notice.all_warnings() == ["不是整改通报", "甲", "乙"]
    assert notice.warnings == ["甲", "乙"]


def test_sections_are_walked_depth_first():
    notice = ParsedNotice(raw_text="", text="", sections=_sections())
    assert [s.path for s in notice.iter_sections()] == ["1", "1.1", "2"]
