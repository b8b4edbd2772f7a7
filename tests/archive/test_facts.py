"""Facts of the five samples against gold.json, and crafted variants of each rule."""

from __future__ import annotations

import pytest

from archive.parsing import parse_notice
from archive.parsing.counts import find_problem_counts
from archive.parsing.facts import (
    canonical_body_name,
    canonical_group,
    find_contact,
    find_group,
    find_inspected_unit,
    find_issuing_body,
    find_kind,
    find_round,
    find_source,
    read_notice_counts,
)
from tests.conftest import GOLD_SCALAR_FACTS, seed_text

FACT_FIELDS = GOLD_SCALAR_FACTS


@pytest.fixture
def parsed(gold_notice):
    return parse_notice(seed_text(gold_notice))


def test_gold_facts(parsed, gold_notice):
    got = parsed.to_json()
    for name in FACT_FIELDS:
        assert got[name] == gold_notice[name], name


def test_gold_issuing_body(parsed, gold_notice):
    accepted = [gold_notice["issuing_body"], *gold_notice.get("issuing_body_also", [])]
    assert parsed.issuing_body in accepted


def test_gold_display_title(parsed, gold_notice):
    if gold_notice["title"]:
        assert (parsed.display_title, parsed.title_derived) == (gold_notice["title"], False)
    else:
        assert parsed.title_derived
        assert parsed.display_title.startswith(parsed.issuing_body + "关于" + gold_notice["inspection_kind"])
        assert parsed.display_title.endswith("情况的通报")


def test_gold_figures(parsed, gold_notice):
    for want in gold_notice["figures_include"]:
        assert any(
            fig.value == want["value"]
            and fig.unit == want["unit"]
            and (want["measure"] in fig.measure or want["measure"] in fig.clause)
            for fig in parsed.figures
        ), want


def test_gold_issue_types(parsed, gold_notice):
    sections = {section.path: section for section in parsed.iter_sections()}
    for path, types in gold_notice["issue_types_include"].items():
        assert set(types) <= set(sections[path].issue_types), path
        assert set(types) <= set(parsed.issue_types)


def test_year_from_context_is_noted():
    notice = parse_notice(
        "天心区委关于省委巡视第一组反馈意见整改情况的通报\n\n"
        "根据省委统一部署,2015年11月至2016年1月,省委巡视第一组对天心区进行了巡视,"
        "今年2月26日向天心区委反馈了巡视意见。\n一、整改情况\n正文。\n"
    )
    assert notice.feedback_on.iso() == "2016-02-26"
    assert "今年" in notice.feedback_on.note
    assert notice.to_json()["date_notes"]["feedback_on"] == notice.feedback_on.note


def test_derived_title_follows_preamble_wording():
    notice = parse_notice(
        "根据市委统一部署,2024年4月8日至6月21日,市委第六巡察组对某区党工委开展了巡察。"
        "2024年9月29日,市委第六巡察组向某区党工委反馈了巡察意见。现将巡察整改进展情况予以公布。\n"
        "一、整改情况\n正文。\n"
    )
    assert notice.title is None
    assert notice.display_title == "某区党工委关于巡察整改进展情况的通报"
    assert notice.title_derived


@pytest.mark.parametrize(
    ("text", "organ", "number", "kind"),
    [
        ("省委第七巡视组对广州市进行巡视", "省委", 7, "巡视"),
        ("省委巡视第一组对天心区进行了巡视", "省委", 1, "巡视"),
        ("市委第六巡察组对某区开展了巡察", "市委", 6, "巡察"),
        ("巡察二组对某街道开展巡察", None, 2, "巡察"),
        ("市委第3巡视组对某局开展巡视", "市委", 3, "巡视"),  # a 市委 inspecting with 巡视
        ("省委第十一巡视组进驻", "省委", 11, "巡视"),
    ],
)
def test_group_forms(text, organ, number, kind):
    group = find_group(text)
    assert {k: group[k] for k in ("organ", "number", "kind")} == {"organ": organ, "number": number, "kind": kind}
    assert group["text"] in text  # the words it was read from, for provenance


def test_canonical_group():
    assert canonical_group("省委", 1, "巡视") == "省委第一巡视组"
    assert canonical_group("区委", 12, "巡察") == "区委第十二巡察组"


def test_group_without_organ_takes_it_from_the_deployment():
    notice = parse_notice("根据区委统一部署,2020年3月至5月,巡察二组对某街道党工委开展了巡察。\n一、情况\n正文。\n")
    assert notice.inspection_group == "区委第二巡察组"
    assert notice.inspecting_organ == "区委"
    assert notice.inspection_kind == "巡察"
    assert notice.inspection_start.iso() == "2020-03"


def test_kind_comes_from_the_words_not_the_level():
    notice = parse_notice("根据市委部署,2019年3月1日至4月30日,市委第二巡视组对某县进行了巡视。\n一、情况\n正文。\n")
    assert (notice.inspection_kind, notice.inspection_group) == ("巡视", "市委第二巡视组")
    assert find_kind("关于巡察整改情况的通报") == "巡察"
    assert find_kind("按照巡视巡察工作有关要求,巡察整改") == "巡察"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("市委第六巡察组对某区开展了七届市委第八轮巡察。", "七届市委第八轮巡察"),
        ("关于十二届省委第十一轮巡视整改情况的通报", "十二届省委第十一轮巡视"),
        ("市委第六巡察组对某区开展了巡察。", None),
        ("推动纳入新一轮城市总体规划", None),
    ],
)
def test_round_labels(text, label):
    assert find_round(text) == label


def test_round_in_body_text():
    notice = parse_notice(
        "根据市委部署,2024年4月至6月,市委第一巡察组对某局开展了巡察。\n一、情况\n此次为五届市委第三轮巡察。\n"
    )
    assert notice.round_label == "五届市委第三轮巡察"


def test_inspected_unit_forms():
    assert find_inspected_unit("省委第七巡视组对广州市党政领导班子进行巡视") == "广州市党政领导班子"
    assert find_inspected_unit("省委第二巡视组进驻某市开展巡视") == "某市"


def test_issuing_body_priority():
    closing = "欢迎监督。\n中共某市委员会\n2020年1月2日"
    assert find_issuing_body("某市委关于巡视整改情况的通报", closing, "") == "中共某市委员会"
    assert find_issuing_body("某区委关于巡视整改情况的通报", "欢迎监督。", "") == "某区委"
    opening = "9月14日,省委巡视组向我市反馈了巡视意见;省委第四巡视组向某区党工委反馈了巡视意见"
    assert find_issuing_body(None, "欢迎监督。", opening) == "某区党工委"


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("中共广州市委", "广州市委"),
        ("广州市委", "广州市委"),
        ("中共广州市委员会", "广州市委"),
        ("中国共产党广州市委员会", "广州市委"),
        ("中共深圳市大鹏新区工作委员会", "深圳市大鹏新区党工委"),
        ("深圳市大鹏新区党工委", "深圳市大鹏新区党工委"),
        ("中共某县纪律检查委员会", "某县纪委"),
        (" 天心区委 ", "天心区委"),
    ],
)
def test_canonical_body_name(name, canonical):
    assert canonical_body_name(name) == canonical


def test_source_from_header():
    assert find_source(["发布日期:2017-12-25   来源:深圳市纪委"]) == "深圳市纪委"
    assert find_source(["中共某市委关于巡视整改情况的通报"]) is None


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("对巡察组反馈的四个方面11类18个问题,全部整改", {"aspects": 4, "categories": 11, "problems": 18}),
        ("区委将巡视反馈的四大方面15个具体问题细化为34个小项", {"aspects": 4, "problems": 15, "items": 34}),
        ("对照省委巡视组提出的问题,梳理出4个方面需整改落实的事项", {"aspects": 4}),
        ("对编制职数等四个方面情况进行了全面梳理", None),  # not about the feedback
        ("巡视组反馈指出同一类问题", None),
    ],
)
def test_problem_counts(text, counts):
    assert find_problem_counts(text) == counts


def test_contact_prefers_the_local_number_to_12388():
    contact = find_contact("联系方式:电话12388-1-5(0577-85851359);电子邮箱wzkfqjw@163.com。")
    assert contact.to_json() == {"phone": "0577-85851359", "email": "wzkfqjw@163.com", "postcode": None}


def test_contact_email_with_stray_space_and_postcode_forms():
    contact = find_contact("联系电话:0755-28333312;邮政信箱:某路1号,邮编518119;电子邮箱:ouchangcheng @dpxq.gov.cn。")
    assert contact.to_json() == {"phone": "0755-28333312", "email": "ouchangcheng@dpxq.gov.cn", "postcode": "518119"}
    assert find_contact("邮政信箱:长沙市湘府中路298号天心区纪委,410004;").postcode == "410004"


def test_obfuscated_email_is_not_an_address():
    assert find_contact("电子邮箱:[email protected]").email is None


ROUND_NOTICE = (
    "根据县委统一部署,县委组建2个巡察组,对县教育局、县水利局等2家单位开展常规巡察。"
    "截至目前,巡察反馈的33个问题,已完成整改30个,正在整改3个。\n"
    "一、县教育局党组整改情况\n县教育局党组对照反馈的18个问题,制定整改措施45条。\n"
    "二、县水利局党组整改情况\n县水利局党组对照反馈的15个问题,制定整改措施38条。\n"
)


def test_a_round_notice_takes_its_counts_from_the_opening_only():
    counts, sentence = read_notice_counts(ROUND_NOTICE.split("\n")[0], ROUND_NOTICE)
    assert counts == {"problems": 33, "completed": 30, "in_progress": 3}
    assert "33个问题" in sentence


def test_a_notice_of_one_unit_reads_its_measures_from_its_parts():
    text = ROUND_NOTICE.replace("县委组建2个巡察组,对县教育局、县水利局等2家单位", "县委第一巡察组对县教育局党组")
    counts, _ = read_notice_counts(text.split("\n")[0], text)
    assert counts["measures"] == 45 and counts["problems"] == 33


def test_several_groups_sent_to_one_unit_keep_the_counts_of_its_parts():
    text = ROUND_NOTICE.replace("县委组建2个巡察组,对县教育局、县水利局等2家单位", "县委派出2个巡察组对县教育局党组")
    counts, _ = read_notice_counts(text.split("\n")[0], text, unit="县教育局党组")
    assert counts["measures"] == 45
