"""A round's covered units: read from its announcement, matched by canonical names, corrected by editors."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.insight import round_units
from archive.models import Committee, InspectionRound, Notice, RoundUnit
from archive.parsing.units import listed_units, same_unit, unit_key
from archive.round_units import sync_round_units

from .reading_factories import make_notice

ANNOUNCEMENT = (
    "根据市委巡察工作安排,近日市委第一巡察组对中共测试市甲区委员会、测试市教育局党组和测试市乙区委开展了常规巡察。"
)


def test_units_listed_by_an_announcement():
    assert listed_units(ANNOUNCEMENT) == ["中共测试市甲区委员会", "测试市教育局党组", "测试市乙区委"]
    assert listed_units("市委第二巡察组:测试市卫健局党组、测试市水务局党组。") == [
        "测试市卫健局党组",
        "测试市水务局党组",
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("中共测试市甲区委员会", "测试市甲区委", True),
        ("测试市甲区委", "甲区委", True),
        ("测试市教育局党组", "市教育局党委", True),
        ("中共深圳市大鹏新区工作委员会", "大鹏新区党工委", True),
        ("测试市教育局党组", "测试市水务局党组", False),
        ("测试市甲区委", "区委", False),
    ],
)
def test_unit_names_written_differently_match(a, b, same):
    assert same_unit(unit_key(a), unit_key(b)) is same


@pytest.fixture
def round_():
    committee = Committee.objects.create(name="测试市委", level="市")
    item = InspectionRound.objects.create(committee=committee, label="一届市委第一轮巡察")
    make_notice(document_kind=Notice.DocumentKind.ANNOUNCEMENT, text=ANNOUNCEMENT, inspection_round=item)
    make_notice(
        inspection_round=item,
        inspected_unit="甲区委",
        feedback_on=dt.date(2024, 1, 10),
        published_on=dt.date(2024, 3, 1),
    )
    make_notice(
        inspection_round=item,
        inspected_unit="市教育局党委",
        feedback_on=dt.date(2024, 1, 12),
        published_on=dt.date(2024, 2, 1),
        status=Notice.Status.REVIEW,
    )
    make_notice(
        document_kind=Notice.DocumentKind.FEEDBACK,
        inspection_round=item,
        inspected_unit="测试市乙区委",
        feedback_on=dt.date(2024, 1, 15),
    )
    return item


@pytest.mark.django_db
def test_units_are_matched_to_the_rounds_notices(round_):
    assert sync_round_units(inspection_round=round_) == 3
    rows = {r.name: r for r in RoundUnit.objects.filter(inspection_round=round_)}
    assert set(rows) == {"中共测试市甲区委员会", "测试市教育局党组", "测试市乙区委"}
    assert rows["中共测试市甲区委员会"].notice.inspected_unit == "甲区委"
    assert rows["测试市教育局党组"].notice.inspected_unit == "市教育局党委"
    assert rows["测试市乙区委"].notice is None
    status = {s.unit.name: s for s in round_units(round_, today=dt.date(2024, 6, 1))}
    assert (status["中共测试市甲区委员会"].published, status["中共测试市甲区委员会"].days) == (True, 51)
    # A notice still in review is not published: the days count from feedback to today.
    assert (status["测试市教育局党组"].published, status["测试市教育局党组"].days) == (False, 141)
    assert (status["测试市乙区委"].published, status["测试市乙区委"].days) == (False, 138)
    assert sync_round_units(inspection_round=round_) == 0


@pytest.mark.django_db
def test_a_match_corrected_in_the_admin_survives_re_matching(round_, admin_client):
    sync_round_units(inspection_round=round_)
    row = RoundUnit.objects.get(name="测试市乙区委")
    published = Notice.objects.get(inspected_unit="甲区委")
    data = {"inspection_round": round_.pk, "name": row.name, "notice": published.pk, "source": row.source_id or ""}
    response = admin_client.post(f"/admin/archive/roundunit/{row.pk}/change/", data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.corrected and row.notice == published
    sync_round_units(inspection_round=round_)
    row.refresh_from_db()
    assert row.corrected and row.notice == published


@pytest.mark.django_db
def test_round_page_lists_units_and_waiting_days(round_, client):
    sync_round_units(inspection_round=round_)
    html = client.get(f"/rounds/{round_.slug}/").content.decode()
    assert "测试市乙区委" in html and "未见公开" in html and "已过" in html
    assert client.get("/rounds/no-such-round/").status_code == 404


@pytest.mark.django_db
def test_the_command_matches_units_and_refuses_unknown_rounds(round_):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("sync_round_units", stdout=out)
    assert "3 行覆盖单位有变化" in out.getvalue()
    with pytest.raises(CommandError, match="找不到这些轮次"):
        call_command("sync_round_units", "--round", "nope")
