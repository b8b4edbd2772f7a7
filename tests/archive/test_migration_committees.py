"""The committees migration: stored notices get their committee, mixed rounds are split."""

from __future__ import annotations

import pytest

from tests.archive.migrating import migrate_to, migrate_to_latest

BEFORE = [("archive", "0005_notice_source_kind_provenance")]
AFTER = [("archive", "0006_committees_and_rounds")]


def _text(body: str, district: str) -> str:
    return f"{body}关于巡察整改情况的通报\n根据市委统一部署,市委第一巡察组对{district}开展了七届市委第八轮巡察。"


@pytest.mark.django_db(transaction=True)
def test_rounds_get_the_committee_of_their_notices_and_are_split_by_committee():
    old = migrate_to(BEFORE)
    Round, Notice = old.get_model("archive", "InspectionRound"), old.get_model("archive", "Notice")
    shared = Round.objects.create(label="七届市委第八轮巡察")
    lonely = Round.objects.create(label="十一届区委第三轮巡察")
    rows = [
        ("a", "中共深圳市福田区委员会", "福田区委", shared),
        ("b", "中共深圳市南山区委员会", "南山区委", shared),
        ("c", "中共广州市天河区委员会", "天河区委", shared),
        ("d", "某某公司党委", "某某公司党委", lonely),
    ]
    for key, body, unit, round_ in rows:
        text = _text(body, unit)
        Notice.objects.create(
            key=key,
            raw_text=text,
            text=text,
            content_hash=key * 64,
            title=f"{body}关于巡察整改情况的通报",
            issuing_body_text=body,
            inspected_unit=unit,
            inspecting_organ="市委",
            inspection_round=round_,
        )
    try:
        new = migrate_to(AFTER)
        Round, Notice = new.get_model("archive", "InspectionRound"), new.get_model("archive", "Notice")
        notices = {n.key: n for n in Notice.objects.select_related("inspecting_committee", "inspection_round")}
        assert {k: n.inspecting_committee.name for k, n in notices.items() if n.inspecting_committee} == {
            "a": "深圳市委",
            "b": "深圳市委",
            "c": "广州市委",
        }
        assert notices["d"].inspecting_committee is None
        assert notices["a"].provenance["inspecting_committee"]["quote"] == "中共深圳市福田区委员会"
        # The larger group keeps the round (and its id); 广州 gets its own round of the same label.
        assert notices["a"].inspection_round_id == notices["b"].inspection_round_id == shared.pk
        assert notices["c"].inspection_round_id != shared.pk
        assert notices["c"].inspection_round.label == shared.label
        assert notices["c"].inspection_round.committee.name == "广州市委"
        assert notices["d"].inspection_round_id == lonely.pk and notices["d"].inspection_round.committee is None
        slugs = list(Round.objects.values_list("slug", flat=True))
        assert len(set(slugs)) == len(slugs) == 3 and all(slugs)
        assert Round.objects.get(pk=shared.pk).slug == "深圳市委-七届市委第八轮巡察"
        Committee = new.get_model("archive", "Committee")
        assert Committee.objects.get(name="深圳市委").full_name == "中共深圳市委员会"

        # Backwards, the rounds of one label are one again.
        back = migrate_to(BEFORE)
        Round, Notice = back.get_model("archive", "InspectionRound"), back.get_model("archive", "Notice")
        assert sorted(Round.objects.values_list("label", flat=True)) == ["七届市委第八轮巡察", "十一届区委第三轮巡察"]
        assert set(Notice.objects.values_list("inspection_round_id", flat=True)) == {shared.pk, lonely.pk}
    finally:
        migrate_to_latest()
