"""The inspecting committee with its place, inferred from a notice's facts and text."""

from __future__ import annotations

import pytest

from archive.parsing import parse_notice
from archive.parsing.places import committee_of, committees_by_name, gazetteer, infer_committee
from tests.conftest import GOLD, GOLD_IDS, SAMPLE_COMMITTEES, seed_text


def infer(text: str, organ: str | None, **facts):
    return infer_committee(text=text, organ=organ, **facts)


# (issuing body, organ, what the notice says) → committee. Invented bodies, real places.
INFERRED = [
    ("中共深圳市深汕特别合作区工作委员会", "市委", "深圳市委"),
    ("中共深圳市福田区委员会", "市委", "深圳市委"),
    ("中共长沙市岳麓区委员会", "省委", "湖南省委"),
    ("平江县教育局党组", "县委", "平江县委"),
    ("平江县教育局党组", "市委", "岳阳市委"),
    ("中共上海市浦东新区发展和改革委员会党组", "区委", "浦东新区区委"),
    ("中共上海市浦东新区发展和改革委员会党组", "市委", "上海市委"),
    ("广东省交通运输厅党组", "省委", "广东省委"),
    ("广西壮族自治区水利厅党组", "自治区党委", "广西壮族自治区党委"),
    ("义乌市市场监督管理局党组", "市委", "义乌市委"),
    ("中共义乌市委", "市委", "金华市委"),
]


@pytest.mark.parametrize(("body", "organ", "committee"), INFERRED)
def test_committee_from_the_place_of_the_issuing_body(body, organ, committee):
    text = f"{body}关于巡察整改情况的通报\n根据{organ}统一部署,{organ}第二巡察组对{body}开展了巡察。"
    inference, warning = infer(text, organ, issuing_body=body)
    assert warning == ""
    assert inference.committee.name == committee
    assert (inference.start, inference.end) == (0, len(body))
    assert text[inference.start : inference.end] == inference.quote == body
    assert inference.method.startswith(f"由发布机关“{body}”所在地推定")


def test_a_committee_the_text_names_is_taken_as_written():
    text = "根据市委统一部署,中共深圳市委第六巡察组对某某街道党工委开展了巡察。"
    inference, _ = infer(text, "市委", issuing_body="中共上海市某某局委员会")
    assert inference.committee.name == "深圳市委"
    assert inference.quote == "中共深圳市委" == text[inference.start : inference.end]
    assert "直接写明" in inference.method


def test_a_provincial_group_in_a_notice_of_a_provincial_department():
    text = "根据省委统一部署,省委第三巡视组对广东省某某厅党组开展了巡视。"
    inference, _ = infer(text, "省委", issuing_body="中共广东省某某厅党组", inspected_unit="广东省某某厅党组")
    # The issuing body is not in the text as written: the inspected unit is.
    assert inference.committee.name == "广东省委"
    assert inference.quote == "广东省某某厅党组"
    assert inference.method.startswith("由被巡视巡察单位")


def test_a_central_inspection_of_a_state_owned_enterprise():
    text = "根据中央统一部署,2023年4月至7月,中央第十巡视组对中国某某集团有限公司党组进行了常规巡视。"
    inference, warning = infer(text, "中央", issuing_body="中国某某集团有限公司党组")
    assert warning == ""
    assert inference.committee.name == "中央" and inference.committee.full_name == "中共中央"
    assert inference.quote == "中央第十巡视组" == text[inference.start : inference.end]


def test_the_zone_rule_is_said_in_the_method():
    body = "深汕特别合作区党工委"
    inference, _ = infer(f"{body}关于巡察整改情况的通报", "市委", issuing_body=body)
    assert inference.committee.name == "深圳市委"
    assert "深汕特别合作区由深圳市管理" in inference.method


@pytest.mark.parametrize(
    ("body", "organ", "reason"),
    [
        ("某某集团有限公司党委", "市委", "没有可识别的行政区划名称"),
        ("中共鼓楼区委", "省委", "有多处"),
        ("广东省某某厅党组", "市委", "看不出是哪个市"),
        ("中共上海市某某局党组", "省委", "没有省委"),
        ("中共深圳市某某局党组", "区委", "不是区委所在的一级"),
    ],
)
def test_an_unknown_or_ambiguous_place_is_never_guessed(body, organ, reason):
    inference, warning = infer(f"{body}关于整改情况的通报", organ, issuing_body=body)
    assert inference is None
    assert warning.startswith(f"巡视巡察机关只写“{organ}”,无法推定") and reason in warning


def test_no_organ_no_committee_and_no_warning():
    assert infer("关于整改情况的通报", None, issuing_body="中共深圳市委") == (None, "")


def test_committee_names_and_full_names():
    gaz = gazetteer()
    assert committee_of(gaz.named("广东省")).full_name == "中共广东省委员会"
    assert committee_of(gaz.named("浦东新区")).full_name == "中共上海市浦东新区委员会"
    assert committee_of(gaz.named("阿里地区")).name == "阿里地委"
    # Districts that share a name are told apart by their city.
    gulou = [p for p in gaz.places if p.name == "鼓楼区"]
    assert len(gulou) > 1
    assert {committee_of(p).name for p in gulou} >= {"南京市鼓楼区委", "福州市鼓楼区委"}
    assert committees_by_name()["深圳市委"].level == "市"
    assert committees_by_name()["上海市委"].level == "省"


@pytest.mark.parametrize("gold", GOLD, ids=GOLD_IDS)
def test_samples(gold):
    sid = GOLD_IDS[GOLD.index(gold)]
    notice = parse_notice(seed_text(gold))
    assert notice.inspecting_organ == gold["inspecting_organ"]  # the organ as printed stays
    assert notice.inspecting_committee == SAMPLE_COMMITTEES[sid]
    where = notice.provenance["inspecting_committee"]
    assert notice.text[where["start"] : where["end"]] == where["quote"]
    assert where["method"]
    data = notice.to_json()
    assert data["inspecting_committee"] == SAMPLE_COMMITTEES[sid]
    assert data["provenance"]["inspecting_committee"] == where
    assert list(data).index("inspecting_committee") == list(data).index("inspecting_organ") + 1


def test_parse_warns_when_the_committee_is_unknown():
    text = (
        "某某集团有限公司党委关于巡察整改情况的通报\n根据市委统一部署,市委第二巡察组对某某集团有限公司党委开展了巡察。"
    )
    notice = parse_notice(text)
    assert notice.inspecting_organ == "市委" and notice.inspecting_committee is None
    assert "inspecting_committee" not in notice.provenance
    assert any("无法推定是哪里的市委" in w for w in notice.warnings)


def test_a_ministrys_party_group_is_a_committee_without_a_place():
    text = (
        "根据国家卫生健康委党组巡视工作统一部署,2022年3月21日至5月20日,"
        "国家卫生健康委党组第三巡视组对某某康复医院党委进行了巡视。\n一、整改情况\n已完成。\n"
    )
    inference, warning = infer_committee(text=text, organ="国家卫生健康委党组", issuing_body="中共某某康复医院委员会")
    assert warning == ""
    assert inference.committee.name == "国家卫生健康委党组"
    assert inference.committee.full_name == "中共国家卫生健康委党组"
    assert inference.committee.level == "部门" and inference.committee.place_code == ""
    assert text[inference.start : inference.end] == "国家卫生健康委党组"
    notice = parse_notice(text)
    assert notice.inspecting_organ == "国家卫生健康委党组"
    assert notice.inspecting_committee == "国家卫生健康委党组"


@pytest.mark.parametrize("organ", ["党委", "党工委", "某某组织"])
def test_an_organ_without_a_name_or_place_is_no_committee(organ):
    inference, warning = infer_committee(text=f"{organ}第一巡察组对某单位开展巡察。", organ=organ)
    assert inference is None and organ in warning
