"""Edge cases of placing the inspecting committee: the gazetteer, the levels, the reasons given."""

from __future__ import annotations

import pytest

from archive.parsing.places import (
    CENTRAL_COMMITTEE,
    Gazetteer,
    Place,
    committee_at_level,
    committee_named,
    committee_of,
    fill_inspecting_committee,
    gazetteer,
    infer_committee,
    party_group_committee,
)
from archive.parsing.result import ParsedNotice


def named(name: str) -> Place:
    place = gazetteer().named(name)
    assert place is not None, name
    return place


# --- places and the gazetteer -----------------------------------------------------------------


def test_a_place_knows_its_province_and_full_path():
    tianxin = named("天心区")
    assert tianxin.province.name == "湖南省"
    assert tianxin.path == "湖南省长沙市天心区"
    hunan = named("湖南省")
    assert hunan.province is hunan and hunan.path == "湖南省"


def test_short_names_of_provinces_regions_and_cities():
    gaz = gazetteer()
    assert [p.name for p in gaz.by_name["广西"]] == ["广西壮族自治区"]
    assert [p.name for p in gaz.by_name["新疆"]] == ["新疆维吾尔自治区"]
    assert [p.name for p in gaz.by_name["宁夏"]] == ["宁夏回族自治区"]
    assert [p.name for p in gaz.by_name["内蒙古"]] == ["内蒙古自治区"]
    assert [p.name for p in gaz.by_name["湖南"]] == ["湖南省"]
    assert [p.name for p in gaz.by_name["北京"]] == ["北京市"]
    assert [p.path for p in gaz.by_name["深圳"]] == ["广东省深圳市"]
    # Only prefecture-level cities get a short name; a county-level city does not.
    assert "义乌" not in gaz.by_name
    assert "天心" not in gaz.by_name


def test_generic_division_names_are_not_places():
    gaz = gazetteer()
    assert "城区" not in gaz.by_name and "新区" not in gaz.by_name
    assert gaz.locate("城区党委") == (None, "“城区党委”中没有可识别的行政区划名称")


def test_special_administrative_regions_are_left_out():
    assert gazetteer().named("香港特别行政区") is None
    assert "香港" not in gazetteer().by_name


def test_named_is_none_for_an_unknown_or_shared_name():
    gaz = gazetteer()
    assert gaz.named("某某县") is None
    assert gaz.named("鼓楼区") is None  # Nanjing's, Xuzhou's, Fuzhou's
    assert gaz.named("深圳") is None  # a short name, not a full one
    assert gaz.named("深圳市").code == "4403"


def test_a_small_gazetteer():
    province = Place("1", "甲省", "省")
    city = Place("101", "乙丙市", "地级市", province)
    county = Place("10101", "丁县", "县", city)
    gaz = Gazetteer([province, city, county])
    assert gaz.places == [province, city, county]
    assert gaz.longest == 3
    assert gaz.by_name == {"甲省": [province], "甲": [province], "乙丙市": [city], "乙丙": [city], "丁县": [county]}
    assert gaz.full_name_count == {"甲省": 1, "乙丙市": 1, "丁县": 1}
    # Longest first at each position, left to right, one-character names never.
    assert gaz.scan("甲省乙丙市丁县") == [(0, 2, [province]), (2, 5, [city]), (5, 7, [county])]
    assert gaz.scan("乙丙某丁县") == [(0, 2, [city]), (3, 5, [county])]
    assert gaz.scan("甲") == []
    assert gaz.locate("甲省丁县") == (county, "")


def test_full_names_are_counted_once_per_place():
    one = Place("1", "甲省", "省")
    a = Place("101", "城关县", "县", one)
    b = Place("102", "城关县", "县", one)
    gaz = Gazetteer([one, a, b])
    assert gaz.full_name_count["城关县"] == 2 and gaz.full_name_count["甲省"] == 1
    assert gaz.named("城关县") is None


def test_scan_finds_the_longest_name_at_a_position():
    gaz = gazetteer()
    found = gaz.scan("广东省深圳市南山区")
    assert [(s, e) for s, e, _ in found] == [(0, 3), (3, 6), (6, 9)]
    assert [p.path for p in found[2][2]] == ["黑龙江省鹤岗市南山区", "广东省深圳市南山区"]
    # 延边朝鲜族自治州 (8 characters) rather than any shorter name inside it.
    assert [(s, e) for s, e, _ in gaz.scan("延边朝鲜族自治州")] == [(0, 8)]


def test_locate_follows_the_places_down_and_settles_shared_names():
    gaz = gazetteer()
    place, why = gaz.locate("中共深圳市南山区委员会")
    assert (place.path, why) == ("广东省深圳市南山区", "")
    place, why = gaz.locate("广东省深圳市委")
    assert place.path == "广东省深圳市" and why == ""


def test_locate_refuses_a_shared_name_with_the_candidates():
    place, why = gazetteer().locate("鼓楼区委员会")
    assert place is None
    assert why == (
        "“鼓楼区委员会”中的地名“鼓楼区”有多处(江苏省南京市鼓楼区、江苏省徐州市鼓楼区、福建省福州市鼓楼区、"
        "河南省开封市鼓楼区),无法确定是哪一处"
    )


def test_locate_lists_at_most_four_candidates():
    province = Place("1", "甲省", "省")
    cities = [Place(f"10{i}", f"{name}市", "地级市", province) for i, name in enumerate("乙丙丁戊己")]
    gaz = Gazetteer([province, *cities, *(Place(c.code + "01", "城关区", "市辖区", c) for c in cities)])
    place, why = gaz.locate("城关区委")
    assert place is None
    listed = "甲省乙市城关区、甲省丙市城关区、甲省丁市城关区、甲省戊市城关区"
    assert why == f"“城关区委”中的地名“城关区”有多处({listed}),无法确定是哪一处"
    # Within a province the shared name is still shared; within a city it is not.
    assert gaz.locate("甲省城关区")[0] is None
    assert gaz.locate("丙市城关区") == (gaz.by_name["城关区"][1], "")


def test_locate_keeps_a_place_outside_the_chain_from_changing_it():
    # 长沙市 then a 南山区 of another province: the second does not fit and is passed over.
    gaz = gazetteer()
    assert gaz.locate("长沙市南山区") == (named("长沙市"), "")
    assert gaz.locate("湖南省鼓楼区") == (named("湖南省"), "")
    # Inside 江苏省 two 鼓楼区 remain; inside 南京市 one.
    assert gaz.locate("江苏省鼓楼区") == (
        None,
        "“江苏省鼓楼区”中的地名“鼓楼区”有多处(江苏省南京市鼓楼区、江苏省徐州市鼓楼区),无法确定是哪一处",
    )
    assert gaz.locate("南京市鼓楼区")[0].code == "320106"


def test_locate_a_zone_by_the_city_that_runs_it():
    gaz = gazetteer()
    assert gaz.locate("深汕特别合作区管委会") == (named("深圳市"), "")
    assert gaz.locate("雄安新区党工委") == (named("河北省"), "")


def test_locate_a_broader_place_after_a_narrower_one_keeps_the_narrower():
    place, why = gazetteer().locate("天心区湖南省")
    assert (place.path, why) == ("湖南省长沙市天心区", "")


@pytest.mark.parametrize("text", ["吉林市船营区委巡察组在吉林", "船营区委员会(吉林)", "吉林省吉林市船营区,吉林"])
def test_a_name_around_the_last_place_changes_nothing_even_when_it_names_two(text):
    # 吉林 is the province and its city 吉林市, and both contain 船营区.
    assert gazetteer().locate(text) == (named("船营区"), "")


def test_a_shared_name_is_quoted_as_written_in_the_refusal():
    assert gazetteer().locate("吉林船营区") == (
        None,
        "“吉林船营区”中的地名“吉林”有多处(吉林省、吉林省吉林市),无法确定是哪一处",
    )


def test_a_refusal_lists_only_the_places_inside_the_last_one():
    province = Place("1", "城关省", "省")
    cities = [Place("11", "甲市", "地级市", province), Place("12", "乙市", "地级市", province)]
    gaz = Gazetteer([province, *cities, *(Place(c.code + "01", "城关", "县", c) for c in cities)])
    assert gaz.by_name["城关"][0] is province  # the province's short name, and both counties'
    assert gaz.locate("城关省城关") == (
        None,
        "“城关省城关”中的地名“城关”有多处(城关省甲市城关、城关省乙市城关),无法确定是哪一处",
    )
    assert gaz.locate("城关省乙市城关") == (gaz.by_name["城关"][2], "")


# --- committees of places ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "name", "full_name", "level"),
    [
        ("广西壮族自治区", "广西壮族自治区党委", "中共广西壮族自治区委员会", "省"),
        ("湖南省", "湖南省委", "中共湖南省委员会", "省"),
        ("北京市", "北京市委", "中共北京市委员会", "省"),
        ("长沙市", "长沙市委", "中共长沙市委员会", "市"),
        ("阿里地区", "阿里地委", "中共阿里地区委员会", "市"),
        ("延边朝鲜族自治州", "延边朝鲜族自治州委", "中共延边朝鲜族自治州委员会", "市"),
        ("天心区", "天心区委", "中共长沙市天心区委员会", "县"),
        ("浦东新区", "浦东新区区委", "中共上海市浦东新区委员会", "县"),
        ("义乌市", "义乌市委", "中共义乌市委员会", "县"),
        ("准格尔旗", "准格尔旗委", "中共准格尔旗委员会", "县"),
        ("神农架林区", "神农架林区委", "中共神农架林区委员会", "县"),
    ],
)
def test_committee_of_each_kind_of_division(place, name, full_name, level):
    division = named(place)
    committee = committee_of(division)
    assert (committee.name, committee.full_name, committee.level, committee.place_code) == (
        name,
        full_name,
        level,
        division.code,
    )


def test_a_county_sharing_its_name_is_named_with_its_city():
    gaz = gazetteer()
    gulou = next(p for p in gaz.by_name["鼓楼区"] if p.parent.name == "福州市")
    committee = committee_of(gulou)
    assert (committee.name, committee.full_name) == ("福州市鼓楼区委", "中共福州市鼓楼区委员会")


def test_a_division_without_parent_that_shares_a_name():
    orphan = Place("9", "鼓楼区", "市辖区")
    committee = committee_of(orphan)
    assert (committee.name, committee.full_name) == ("鼓楼区委", "中共鼓楼区委员会")


# --- climbing to the organ's level -------------------------------------------------------------


def test_a_provincial_organ_is_the_province_of_any_place():
    assert committee_at_level(named("天心区"), "省委", "天心区") == (named("湖南省"), "天心区属湖南省")
    assert committee_at_level(named("湖南省"), "省委", "湖南省") == (named("湖南省"), "")
    assert committee_at_level(named("鄂尔多斯市"), "自治区党委", "x") == (
        named("内蒙古自治区"),
        "鄂尔多斯市属内蒙古自治区",
    )


def test_a_provincial_organ_of_the_wrong_kind_of_province():
    assert committee_at_level(named("鄂尔多斯市"), "省委", "x") == (None, "“鄂尔多斯市”属内蒙古自治区,那里没有省委")
    assert committee_at_level(named("长沙市"), "自治区党委", "x") == (None, "“长沙市”属湖南省,那里没有自治区党委")


def test_a_city_organ_by_the_kind_of_place():
    assert committee_at_level(named("北京市"), "市委", "北京市某局") == (named("北京市"), "")
    assert committee_at_level(named("湖南省"), "市委", "湖南省某厅") == (
        None,
        "“湖南省某厅”只写到湖南省,看不出是哪个市",
    )
    assert committee_at_level(named("长沙市"), "市委", "x") == (named("长沙市"), "")
    assert committee_at_level(named("阿里地区"), "州委", "x") == (named("阿里地区"), "")
    assert committee_at_level(named("天心区"), "市委", "x") == (named("长沙市"), "天心区属长沙市")


def test_a_county_level_city_inspects_its_own_units_unless_the_body_is_its_committee():
    yiwu = named("义乌市")
    assert committee_at_level(yiwu, "市委", "义乌市教育局") == (yiwu, "义乌市是县级市,其市委巡察本市单位")
    for body in ("中共义乌市委", "义乌市委员会", "中国共产党义乌市委员会"):
        assert committee_at_level(yiwu, "市委", body) == (named("金华市"), "义乌市属金华市"), body
    assert committee_at_level(yiwu, "市委", "中共义乌市委办公室") == (yiwu, "义乌市是县级市,其市委巡察本市单位")


@pytest.mark.parametrize(
    ("place", "organ"),
    [("天心区", "区委"), ("准格尔旗", "旗委"), ("神农架林区", "县委"), ("六枝特区", "县委")],
)
def test_a_county_organ_is_the_place_itself_when_the_kinds_agree(place, organ):
    assert committee_at_level(named(place), organ, place) == (named(place), "")


@pytest.mark.parametrize(
    ("place", "organ"), [("天心区", "县委"), ("准格尔旗", "区委"), ("长沙市", "区委"), ("义乌市", "县委")]
)
def test_a_county_organ_of_another_kind_of_place_is_refused(place, organ):
    assert committee_at_level(named(place), organ, f"{place}某局") == (
        None,
        f"“{place}某局”中的“{place}”不是{organ}所在的一级行政区划",
    )


# --- inferring the committee -----------------------------------------------------------------


def test_a_central_inspection_without_its_group_in_the_text():
    inference, warning = infer_committee(text="根据中央统一部署开展巡视。", organ="中央")
    assert warning == ""
    assert inference.committee is CENTRAL_COMMITTEE
    assert (inference.start, inference.end, inference.quote) == (2, 4, "中央")
    assert inference.method == "由正文“中央”写明中央巡视"
    assert infer_committee(text="开展巡视。", organ="中央") == (
        None,
        "巡视机关为中央,但正文中找不到写明中央巡视组的原文。",
    )


def test_a_central_round_is_quoted_as_written():
    inference, _ = infer_committee(text="十九届中央第二轮巡视", organ="中央")
    assert inference.quote == "中央第二轮巡视" and inference.start == 3


def test_a_party_group_not_in_the_text_is_not_a_committee():
    inference, warning = infer_committee(text="某单位开展巡视。", organ="国家卫生健康委党组")
    assert inference is None
    assert warning == "巡视巡察机关为“国家卫生健康委党组”,暂不能推定是哪一个党组织。"
    found, _ = infer_committee(text="根据中共某集团党组部署。", organ="中共某集团党组")
    assert (found.committee.name, found.start, found.end) == ("某集团党组", 2, 9)
    assert found.method == "由正文“中共某集团党组”写明,是部门或单位党组巡视本系统单位"


def test_party_groups_and_committee_names():
    assert party_group_committee("某集团党组").full_name == "中共某集团党组"
    assert party_group_committee("党组") is None
    assert party_group_committee("某集团党组办公室") is None
    assert committee_named("深圳市委").level == "市"
    assert committee_named("中央") is CENTRAL_COMMITTEE
    assert committee_named("某集团党组").level == "部门"
    assert committee_named("某某") is None


def test_a_committee_named_in_the_text_with_or_without_zhonggong():
    text = "根据深圳市委第六巡察组的反馈。"
    inference, _ = infer_committee(text=text, organ="市委")
    assert (inference.quote, inference.start, inference.end) == ("深圳市委", 2, 6)
    assert inference.method == "由正文“深圳市委”直接写明"
    inference, _ = infer_committee(text="中共长沙市委统一部署", organ="市委")
    assert (inference.quote, inference.start) == ("中共长沙市委", 0)


@pytest.mark.parametrize(
    "after",
    ["第一轮巡察", "第十二巡察组", "巡视", "巡察", "统一部署", "关于工作部署", "第3巡察组"],
)
def test_words_that_show_a_named_committee_is_the_inspecting_one(after):
    inference, _ = infer_committee(text=f"长沙市委{after}", organ="市委")
    assert inference is not None and inference.committee.name == "长沙市委"


def test_a_committee_named_without_inspection_words_is_not_taken():
    inference, warning = infer_committee(text="长沙市委召开会议。", organ="市委")
    assert inference is None and "无法推定是哪里的市委" in warning


def test_a_named_committee_of_another_level_is_not_the_organ():
    # 湖南省委 is named, but the organ is a 市委: the text's committee does not speak for it.
    inference, warning = infer_committee(text="湖南省委巡视组", organ="市委")
    assert inference is None


def test_an_autonomous_region_committee_speaks_for_its_organ():
    inference, _ = infer_committee(text="广西壮族自治区党委第一巡视组", organ="自治区党委")
    assert inference.committee.name == "广西壮族自治区党委"
    # A 党委 that is no province's does not.
    assert infer_committee(text="某某党委巡视", organ="自治区党委")[0] is None


def test_the_sources_are_tried_in_order_and_only_when_in_the_text():
    text = "中共湖南省长沙市天心区某局关于巡察整改的通报。长沙市教育局"
    inference, _ = infer_committee(
        text=text, organ="市委", issuing_body="天津市某局", inspected_unit="长沙市教育局", title=None
    )
    assert inference.quote == "长沙市教育局" and inference.method.startswith("由被巡视巡察单位“长沙市教育局”所在地推定")
    assert inference.start == text.index("长沙市教育局")


def test_the_title_body_is_the_last_source():
    title = "中共天心区某局关于巡察整改情况的通报"
    inference, _ = infer_committee(text=title, organ="区委", title=title)
    assert inference.committee.name == "天心区委"
    assert inference.method == "由标题“中共天心区某局”所在地推定(区委即天心区委)"
    assert (inference.start, inference.end) == (0, 7)


@pytest.mark.parametrize("title", [None, "", "天心区某局整改情况的通报", "关于整改情况的通报"])
def test_a_title_without_a_body_before_its_subject_is_no_source(title):
    inference, warning = infer_committee(text="正文", organ="区委", title=title)
    assert inference is None
    assert warning == "巡视巡察机关只写“区委”,无法推定是哪里的区委:发布机关和被巡视巡察单位都没有写出地名。"


def test_the_reasons_of_every_source_are_said_once_each():
    text = "鼓楼区某局;鼓楼区某局;某某单位"
    inference, warning = infer_committee(
        text=text, organ="区委", issuing_body="鼓楼区某局", inspected_unit="鼓楼区某局"
    )
    assert inference is None
    assert warning.count("有多处") == 1
    _, warning = infer_committee(
        text="湖南省某厅;某某单位", organ="市委", issuing_body="湖南省某厅", inspected_unit="某某单位"
    )
    assert warning == (
        "巡视巡察机关只写“市委”,无法推定是哪里的市委:“湖南省某厅”只写到湖南省,看不出是哪个市;"
        "“某某单位”中没有可识别的行政区划名称。"
    )


def test_the_method_says_how_the_place_was_climbed():
    inference, _ = infer_committee(text="天心区某局", organ="市委", issuing_body="天心区某局")
    assert inference.method == "由发布机关“天心区某局”所在地推定(天心区属长沙市;市委即长沙市委)"
    zone, _ = infer_committee(text="深汕特别合作区某局", organ="市委", issuing_body="深汕特别合作区某局")
    assert zone.method == "由发布机关“深汕特别合作区某局”所在地推定(深汕特别合作区由深圳市管理;市委即深圳市委)"


# --- on a parsed notice ----------------------------------------------------------------------


def test_fill_sets_the_committee_and_its_source():
    notice = ParsedNotice(raw_text="", text="天心区某局", inspecting_organ="市委", issuing_body="天心区某局")
    fill_inspecting_committee(notice)
    assert notice.inspecting_committee == "长沙市委"
    assert notice.provenance["inspecting_committee"] == {
        "start": 0,
        "end": 5,
        "quote": "天心区某局",
        "method": "由发布机关“天心区某局”所在地推定(天心区属长沙市;市委即长沙市委)",
    }
    assert notice.warnings == []


def test_fill_clears_the_committee_and_warns_only_when_there_is_an_organ():
    notice = ParsedNotice(raw_text="", text="正文", inspecting_committee="旧值", inspecting_organ="市委")
    fill_inspecting_committee(notice)
    assert notice.inspecting_committee is None and len(notice.warnings) == 1
    quiet = ParsedNotice(raw_text="", text="正文", inspecting_committee="旧值")
    fill_inspecting_committee(quiet)
    assert quiet.inspecting_committee is None and quiet.warnings == []


def test_short_names_only_for_provinces_and_prefecture_cities():
    region = Place("2", "庚辛壮族自治区", "自治区")
    county = Place("201", "壬癸县", "县", region)
    gaz = Gazetteer([region, county])
    assert gaz.by_name == {"庚辛壮族自治区": [region], "庚辛": [region], "壬癸县": [county]}


def test_locate_takes_the_deeper_of_two_places_sharing_a_name():
    province = Place("3", "庚辛省", "省")
    city = Place("301", "壬癸市", "地级市", province)
    district = Place("30101", "庚辛", "市辖区", city)
    gaz = Gazetteer([province, city, district])
    assert gaz.locate("壬癸市庚辛") == (district, "")


def test_locate_passes_over_a_place_that_does_not_fit_and_goes_on():
    assert gazetteer().locate("长沙市南山区天心区") == (named("天心区"), "")


def test_a_county_sharing_its_name_with_one_other_is_named_with_its_city():
    nanshan = next(p for p in gazetteer().by_name["南山区"] if p.parent.name == "深圳市")
    assert committee_of(nanshan).name == "深圳市南山区委"
    unknown = committee_of(Place("9", "某某区", "市辖区"))
    assert (unknown.name, unknown.full_name) == ("某某区委", "中共某某区委员会")


def test_a_prefecture_committee_keeps_the_whole_place_name():
    assert committee_of(named("大兴安岭地区")).name == "大兴安岭地委"


@pytest.mark.parametrize(("place", "organ"), [("鄂伦春自治旗", "旗委"), ("青龙满族自治县", "县委")])
def test_autonomous_banners_and_counties_have_their_own_committee(place, organ):
    assert committee_at_level(named(place), organ, place) == (named(place), "")


def test_a_named_committee_of_another_level_is_passed_over_for_a_later_one():
    inference, _ = infer_committee(text="湖南省委巡视工作部署,长沙市委第一巡察组", organ="市委")
    assert inference.quote == "长沙市委"


def test_only_an_autonomous_region_committee_speaks_for_its_organ():
    inference, _ = infer_committee(text="长沙市委巡视", organ="自治区党委")
    assert inference is None
    inference, _ = infer_committee(text="广西壮族自治区党委巡视组", organ="市委")
    assert inference is None


def test_the_title_body_stops_at_the_first_subject_word():
    title = "天心区某局关于转发关于整改的通报"
    inference, _ = infer_committee(text=title, organ="区委", title=title)
    assert inference.quote == "天心区某局"


def test_fill_uses_the_inspected_unit_and_the_title():
    unit = ParsedNotice(raw_text="", text="天心区某局", inspecting_organ="市委", inspected_unit="天心区某局")
    fill_inspecting_committee(unit)
    assert unit.inspecting_committee == "长沙市委"
    title = "天心区某局关于整改的通报"
    titled = ParsedNotice(raw_text="", text=title, inspecting_organ="区委", title=title)
    fill_inspecting_committee(titled)
    assert titled.inspecting_committee == "天心区委"


def test_a_party_group_at_the_start_of_the_text_is_quoted_at_its_first_mention():
    text = "某集团党组统一部署。某集团党组"
    inference, warning = infer_committee(text=text, organ="某集团党组")
    assert warning == ""
    assert (inference.start, inference.end, inference.quote) == (0, 5, "某集团党组")


def test_a_committee_named_in_the_text_gives_no_warning():
    assert infer_committee(text="长沙市委第一巡察组", organ="市委")[1] == ""


@pytest.mark.parametrize(
    "facts",
    [
        {"issuing_body": None, "inspected_unit": "天心区某局"},
        {"issuing_body": "不在正文的机关", "inspected_unit": "天心区某局"},
        {"issuing_body": "鼓楼区某局", "inspected_unit": "天心区某局"},
        {"issuing_body": "湖南省某厅", "inspected_unit": "天心区某局"},
    ],
)
def test_a_source_that_gives_nothing_leaves_the_next_one_to_try(facts):
    text = "鼓楼区某局。湖南省某厅。天心区某局"
    inference, warning = infer_committee(text=text, organ="市委", **facts)
    assert warning == ""
    assert inference.committee.name == "长沙市委" and inference.quote == "天心区某局"
