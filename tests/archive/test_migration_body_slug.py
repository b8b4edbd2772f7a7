"""Migration 0008: stored bodies get distinct slugs, figures their key figure, notices their type counts."""

from __future__ import annotations

import pytest

from tests.archive.migrating import migrate_to

BEFORE = [("archive", "0010_ocr_and_url_ingest")]
AFTER = [("archive", "0011_body_slug_round_units")]


@pytest.mark.django_db(transaction=True)
def test_existing_bodies_get_distinct_slugs():
    old = migrate_to(BEFORE)
    Body = old.get_model("archive", "IssuingBody")
    for name in ("中共测试市委", "测试 区委", "测试-区委"):
        Body.objects.create(name=name)
    new = migrate_to(AFTER)
    slugs = dict(new.get_model("archive", "IssuingBody").objects.values_list("name", "slug"))
    assert slugs == {"中共测试市委": "中共测试市委", "测试 区委": "测试-区委", "测试-区委": "测试-区委-2"}


@pytest.mark.django_db(transaction=True)
def test_stored_figures_are_classified_and_sections_counted():
    old = migrate_to(BEFORE)
    Notice, Section = old.get_model("archive", "Notice"), old.get_model("archive", "Section")
    Figure, IssueType = old.get_model("archive", "Figure"), old.get_model("archive", "IssueType")
    notice = Notice.objects.create(key="k", raw_text="x", text="x", content_hash="h")
    eight = IssueType.objects.get_or_create(name="八项规定", defaults={"slug": "eight-point-rules"})[0]
    for i in (1, 2, 3):
        section = Section.objects.create(notice=notice, level=1, depth=1, number=f"{i}、", path=str(i), order=i)
        if i < 3:
            section.issue_types.add(eight)
    Figure.objects.create(notice=notice, measure="给予党纪处分", value=5, unit="人", clause="给予党纪处分5人")
    Figure.objects.create(notice=notice, measure="完善制度", value=6, unit="项", clause="完善制度6项")
    new = migrate_to(AFTER)
    figures = new.get_model("archive", "Figure").objects.order_by("id").values_list("key_figure", flat=True)
    assert list(figures) == ["discipline", ""]
    assert new.get_model("archive", "Notice").objects.get(key="k").section_count == 3
    counts = new.get_model("archive", "NoticeIssueType").objects.values_list("issue_type__name", "sections")
    assert list(counts) == [("八项规定", 2)]
