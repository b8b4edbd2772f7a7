"""Facts read from a parsed notice: who, whom, when, how many, and how to reach them.

Each fact has its own small reader over plain strings (the opening — header
and preamble —, the closing, the whole text), with its patterns named where
they are defined. :func:`extract_facts` runs them in order, because some
depend on others (the feedback year on the inspection period, the derived
title on the issuing body).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import dates, provenance
from .counts import read_problem_counts
from .figures import extract_figures
from .header import WRITTEN_BYLINE_RE, is_breadcrumb, is_chrome, read_metadata
from .kind import KIND_LABELS, classify
from .names import expand_self_reference, name_problem, strip_name_notes, unit_problem
from .numerals import CN_NUMBER, NUMBER, to_chinese, to_int
from .places import fill_inspecting_committee
from .result import Contact, ParsedNotice
from .tagging import Rule, tag_sections
from .vocabulary import default_rules

#: Who inspects, as group names write it; longer names first so that
#: 自治区党委 wins over 区委. 中央 is a level of its own.
ORGANS = ("自治区党委", "中央", "省委", "市委", "州委", "盟委", "区委", "县委", "旗委", "党工委", "党委")
_ORGAN = "(?P<organ>" + "|".join(ORGANS) + ")"
_KIND = "(?P<kind>巡视|巡察)"

#: The three ways a group is written: 省委第七巡视组, 省委巡视第一组, 巡察二组.
#: The kind is always taken from these words, never from the organ's level.
GROUP_PATTERNS = (
    # 国家卫生健康委党组第三巡视组: a ministry's or department's party group inspecting its own units
    re.compile(f"(?<![^,，。;；\\n、])(?P<organ>[\\u4e00-\\u9fff]{{2,16}}?党组)第(?P<n>{NUMBER}){_KIND}组"),
    re.compile(f"{_ORGAN}?第(?P<n>{NUMBER}){_KIND}组"),
    re.compile(f"{_ORGAN}?{_KIND}第(?P<n>{NUMBER})组"),
    re.compile(f"{_ORGAN}?{_KIND}(?P<n>{CN_NUMBER}|[0-9]+)组"),
)

#: Where a notice names the organ when its group name leaves it out:
#: 根据区委统一部署, 根据市委巡察工作部署.
ORGAN_CONTEXT_RE = re.compile(f"根据{_ORGAN}|{_ORGAN.replace('?P<organ>', '?P<organ2>')}(?:组建|派出|抽调|成立)")

#: An explicit round: 七届市委第八轮巡察, 2019年省委第一轮巡视.
ROUND_RE = re.compile(
    f"(?:(?:\\d{{4}}年度?)|(?:{CN_NUMBER}届))?(?:{'|'.join(ORGANS)})?第{NUMBER}轮"
    f"(?:第(?P<batch1>{NUMBER})批)?(?P<kind>巡视|巡察)(?!组)(?:第(?P<batch2>{NUMBER})批)?"
)

#: The inspected unit: …组对大鹏新区党工委开展了巡察 / …组进驻X开展巡视.
UNIT_PATTERNS = (
    # 省委第二巡视组(于2019年3月4日至5月6日)对某厅党组进行了巡视
    re.compile(
        r"组(?:于[^,，。;；:：对\n]{2,30}?)?(?:进驻|派驻)?对(?P<unit>[^,，。;；:：\n]{2,40}?)(?:开展|进行|实施)了?"
    ),
    re.compile(r"组(?:于[^,，。;；:：\n]{2,30}?)?进驻(?P<unit>[^,，。;；:：\n]{2,40}?)(?:开展|进行|,|，)"),
    # 某集团党组(于…)接受了中央第四巡视组的专项巡视
    re.compile(
        r"(?:^|[,，。;；\n])(?:\d{4}年[^,，。;；]{0,20}?[,，])?(?P<unit>[^,，。;；:：\n]{2,40}?)"
        r"(?:于[^,，。;；]{2,30}?)?接受了?[^,，。;；]{0,24}?(?:巡视|巡察)"
    ),
)

#: The body a title names before 关于.
TITLE_BODY_RE = re.compile(r"^\s*(?P<body>[^,，。:：]{2,40}?)关于")

#: The body the findings were fed back to, i.e. the one that reports.
FEEDBACK_RECIPIENT_RE = re.compile(r"向(?P<body>[^,，。;；向]{3,40}?)(?:反馈|通报)")

#: Names that point at the writer instead of naming it (我市, 本区).
PRONOUN_BODY_RE = re.compile(r"^(?:我|本)")

#: A signature line: a bare name ending like a party or state body.
SIGNATURE_RE = re.compile(r"^[^\s,，。;；:：、]{2,40}(?:委|委员会|党组|政府|机关|办公室|局|厅)$")

#: The 来源 field of a header line.
SOURCE_RE = re.compile(r"来源\s*[:：]\s*(?P<source>[^\s|｜]+)")

#: Contact details. A phone needs its area code; 12388 (the national
#: reporting line) therefore never matches, its local number in brackets does.
PHONE_RE = re.compile(r"(?<![\d-])(?P<area>0\d{2,3})\s*[-－—]?\s*(?P<local>\d{7,8})(?!\d)")
LOCAL_PHONE_RE = re.compile(r"电话\s*[:：]?\s*(?P<local>\d{7,8})(?!\d)")
EMAIL_RE = re.compile(r"(?P<user>[A-Za-z0-9._%+-]+)\s*@\s*(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
POSTCODE_LABELLED_RE = re.compile(r"(?:邮编|邮政编码)\s*[:：]?\s*(?P<code>\d{6})(?!\d)")
POSTCODE_BARE_RE = re.compile(r"(?<![\d-])(?P<code>\d{6})(?![\d-])")
ADDRESS_WORDS_RE = re.compile(r"信箱|地址")

#: Where the derived title says 整改进展情况 instead of 整改情况: the notice
#: publishes its progress (现将巡察整改进展情况予以公布), not a mere report of it.
PROGRESS_RE = re.compile(r"整改进展情况(?:予以|公布|的?通报)")

#: The first top-level heading; the opening ends before it when no preamble was found.
FIRST_HEADING_RE = re.compile(r"^\s*一\s*[、.,，]", re.M)


def extract_facts(notice: ParsedNotice, *, rules: Iterable[Rule] | None = None) -> None:
    """Fill the notice's fact fields, figures and section issue types in place.

    ``rules`` are the issue-type rules to tag with; the default vocabulary
    when ``None``. Facts the text does not state stay ``None``.
    """
    opening, closing = _opening(notice), _closing(notice)
    group_text = _read_inspection(notice, opening)
    _read_dates(notice, opening, closing)
    notice.source = clean_source(notice.metadata.get("来源")) or find_source(notice.header or opening.splitlines()[:3])
    notice.issuing_body = choose_issuing_body(notice, closing, opening)
    _name_self_reference(notice)
    notice.display_title, notice.title_derived = display_title(notice, opening)
    notice.problem_counts, counts_sentence = read_notice_counts(opening, notice.text, unit=notice.inspected_unit)
    notice.contact = find_contact(closing)
    if notice.contact == Contact():
        notice.contact = find_contact(notice.text[-800:])
    notice.figures = extract_figures(notice)
    tag_sections(list(notice.iter_sections()), default_rules() if rules is None else list(rules))
    provenance.record(notice, group_match=group_text, counts_sentence=counts_sentence)
    fill_inspecting_committee(notice)
    verdict = classify(title=notice.title or _headline(notice), opening=opening, text=notice.text)
    notice.document_kind = verdict.kind
    if verdict.kind != "notice":
        _keep_certain_facts(notice)
    if verdict.reason:
        notice.kind_reason = f"文件类别:{KIND_LABELS[verdict.kind]}。{verdict.reason}。"


#: Facts that belong to one inspection of one unit, cleared where a document is about something else.
_INSPECTION_FACTS = (
    "inspection_kind",
    "inspecting_organ",
    "inspecting_committee",
    "inspection_group",
    "group_number",
    "round_label",
)
_ONE_UNIT_FACTS = ("inspection_group", "group_number", "inspected_unit", "feedback_on", "problem_counts")


def _keep_certain_facts(notice: ParsedNotice) -> None:
    """A near-miss keeps only the facts that certainly describe it.

    Another kind of rectification has no inspection; a news report speaks of
    notices, not as one; an announcement of several groups has no one group or unit.
    """
    if notice.title is None and (headline := _headline(notice)):
        notice.title = notice.display_title = headline
        notice.title_derived = False
    cleared: tuple[str, ...] = ()
    if notice.document_kind == "other_rectification":
        cleared = _INSPECTION_FACTS
    elif notice.document_kind == "news":
        cleared = (*_ONE_UNIT_FACTS, "round_label")
    elif notice.document_kind == "announcement" and len(set(_group_numbers(notice.text))) > 1:
        cleared = _ONE_UNIT_FACTS
    for name in cleared:
        setattr(notice, name, None)
        notice.provenance.pop(name, None)


def _group_numbers(text: str) -> list[int]:
    return [n for pattern in GROUP_PATTERNS for m in pattern.finditer(text) if (n := to_int(m["n"]))]


def _headline(notice: ParsedNotice) -> str | None:
    """A first line that reads as a headline (short, no full stop) when the notice has no title."""
    for line in notice.text.split("\n")[:8]:
        if is_chrome(line) or is_breadcrumb(line) or read_metadata(line) is not None:
            continue
        return line if len(line) <= 60 and "。" not in line else None
    return None


def _opening(notice: ParsedNotice) -> str:
    """Header and preamble, or the text before the first top-level heading."""
    if notice.preamble:
        return "\n".join([*notice.header, notice.preamble])
    heading = FIRST_HEADING_RE.search(notice.text)
    return notice.text[: heading.start()] if heading else notice.text[:1000]


def _closing(notice: ParsedNotice) -> str:
    """The closing, or the text from the last 欢迎… invitation on."""
    if notice.closing:
        return notice.closing
    start = notice.text.rfind("欢迎")
    return notice.text[start:] if start >= 0 else notice.text[-600:]


def _read_inspection(notice: ParsedNotice, opening: str) -> str | None:
    """Read kind, organ, group and round; return the words the group was read from."""
    group = find_group(opening) or find_group(notice.text)
    if group:
        notice.inspecting_organ = group["organ"] or find_organ(opening)
        notice.group_number = group["number"]
        notice.inspection_kind = group["kind"]
        notice.inspection_group = canonical_group(notice.inspecting_organ, group["number"], group["kind"])
    else:
        notice.inspection_kind = find_kind(notice.title or "") or find_kind(opening)
        notice.inspecting_organ = find_organ(opening)
    notice.round_label = find_round(notice.title or "") or find_round(notice.text)
    if notice.round_label and (raw := ROUND_RE.search(notice.title or "") or ROUND_RE.search(notice.text)):
        notice.provenance["round_label"] = provenance.find_span(notice.text, raw.group()) or {}
    unit = find_inspected_unit(opening) or find_inspected_unit(notice.text[:3000])
    unit = strip_name_notes(unit) if unit else unit
    if unit and (problem := unit_problem(unit)):
        notice.warnings.append(f"被巡视巡察单位“{unit}”{problem},不予采用。")
        unit = None
    notice.inspected_unit = unit
    return group["text"] if group else None


def _name_self_reference(notice: ParsedNotice) -> None:
    """An inspected unit written 我镇党委 becomes the issuing body's own name (锦屏镇党委), with its source."""
    printed = notice.inspected_unit
    own = expand_self_reference(printed, notice.issuing_body) if printed else None
    if not own:
        return
    found = provenance.find_span(notice.text, printed)
    if found is None:
        return
    found["method"] = f"原文“{printed}”是发布机关自称,按发布机关“{notice.issuing_body}”写出"
    notice.provenance["inspected_unit"] = found
    notice.inspected_unit = own


#: An opening that speaks for several inspected units at once (a round's notice):
#: 县委组建3个巡察组, 向12家被巡察单位党组织反馈, 对…等3家单位开展常规巡察.
SEVERAL_UNITS_RE = re.compile(
    rf"(?:组建|派出|成立)?(?:{CN_NUMBER}|\d+)个巡[视察]组(?!组长)"
    rf"|(?:{CN_NUMBER}|\d+)(?:家|个)(?:被巡[视察])?单位|等(?:{CN_NUMBER}|\d+)(?:家|个)(?:单位|部门|党组织)"
)


def read_notice_counts(opening: str, text: str, *, unit: str | None = None) -> tuple[dict | None, str | None]:
    """The notice's problem counts, and the sentence of the feedback's.

    A notice of one unit states them anywhere (the feedback's in the preamble,
    the measures in the first part). A notice of a round that reports for several
    units (its opening speaks of several, and names no one ``unit``) gives the
    round's counts in its opening, and each unit's in its own part: there only
    the opening speaks for the notice.
    """
    if unit is None and SEVERAL_UNITS_RE.search(opening):
        return read_problem_counts(opening)
    return read_problem_counts(opening + "\n" + text)


def _read_dates(notice: ParsedNotice, opening: str, closing: str) -> None:
    closing_lines = closing.splitlines()
    header = [line for line in (notice.header or opening.splitlines()[:4]) if not SIGNING_LABEL_RE.search(line)]
    notice.published_on = (
        metadata_date(notice.metadata.get("发布日期"))
        or dates.header_date(header)
        or (None if notice.signer else _byline_date([line for line in header if line != notice.title]))
        or dates.disclosure_start(closing)
    )
    notice.signed_on = dates.signature_date(closing_lines[-3:]) or metadata_date(notice.metadata.get("成文日期"))
    if notice.signed_on is None and notice.signer:
        # 关于…的通报 / 某某党委 / (2021年11月22日): the date under a signature at the top is its date.
        notice.signed_on = _byline_date([line for line in header if line not in (notice.title, notice.signer)])
    reference = notice.published_on or notice.signed_on
    year = reference.value.year if reference else None
    latest = reference.value if reference else None
    opening = dates.repair_garbled(opening, notice.warnings, latest)
    text = dates.repair_garbled(notice.text, [], latest)
    period = dates.parse_period(opening, year) or dates.parse_period(text, year)
    notice.inspection_start, notice.inspection_end = period or (None, None)
    if period is None:
        notice.inspection_start = dates.find_start_only(opening, year) or dates.find_start_only(text[:1500], year)
    notice.feedback_on = dates.find_feedback_date(opening, notice.inspection_end, year) or dates.find_feedback_date(
        text, notice.inspection_end, year
    )


#: Header labels of the signing date; such a line never gives the publication date.
SIGNING_LABEL_RE = re.compile(r"成文日期|生成日期|发文日期")


def _byline_date(lines: list[str]):
    """The date of a line under the title: ``(2021年9月30日)``, ``某某网 2019-04-25``, ``- 2023-12-29``,
    ``2025年1月16日 即时资讯``."""
    for line in lines:
        if "。" in line or len(line) > 60:
            continue
        value = dates.numeric_date(line)
        if value is None and (written := WRITTEN_BYLINE_RE.match(line)):
            value = dates.header_date([written["date"]])
        if value is None and re.fullmatch(r"\(?[\d〇零一二三四五六七八九十年月日号\s]+\)?", line):
            value = dates.header_date([line.strip("()")])
        if value is not None:
            return value
    return None


def metadata_date(value: str | None):
    """A date from a metadata value (``2021-06-30``, ``2021年6月30日``), or ``None``."""
    if not value:
        return None
    return dates.numeric_date(value) or dates.header_date([value])


def find_group(text: str) -> dict | None:
    """The first inspection group named in ``text``: organ (or ``None``), number and kind."""
    found = [m for pattern in GROUP_PATTERNS if (m := pattern.search(text))]
    for match in sorted(found, key=lambda m: m.start()):
        number = to_int(match["n"])
        if number:
            return {"organ": match["organ"], "number": number, "kind": match["kind"], "text": match.group()}
    return None


def find_organ(text: str) -> str | None:
    """The organ a notice says it acts for (根据市委统一部署) when the group name omits it."""
    match = ORGAN_CONTEXT_RE.search(text)
    return next((g for g in match.groups() if g), None) if match else None


def canonical_group(organ: str | None, number: int, kind: str) -> str:
    """``<organ>第<N><kind>组``: 省委巡视第一组 and 省委第1巡视组 are both 省委第一巡视组."""
    return f"{organ or ''}第{to_chinese(number)}{kind}组"


def find_kind(text: str) -> str | None:
    """巡视 or 巡察, by the first of the words ``text`` uses on its own (not in 巡视巡察)."""
    match = re.search(r"巡视(?!巡察)|(?<!巡视)巡察", text)
    return match.group() if match else None


def find_round(text: str) -> str | None:
    """An explicit round label such as 七届市委第八轮巡察, or ``None``."""
    match = ROUND_RE.search(text)
    if not match:
        return None
    if match["batch2"]:
        # 十二届省委第九轮巡视第一批 → 十二届省委第九轮第一批巡视: a round label ends with its kind.
        label = match.group()
        return label[: match.start("kind") - match.start()] + f"第{match['batch2']}批" + match["kind"]
    return match.group()


def find_inspected_unit(text: str) -> str | None:
    """The unit the group inspected, as the opening names it."""
    for pattern in UNIT_PATTERNS:
        match = pattern.search(text)
        if match:
            return match["unit"].strip()
    return None


def find_source(lines: list[str]) -> str | None:
    """The 来源 of a header line."""
    for line in lines:
        match = SOURCE_RE.search(line)
        if match:
            return clean_source(match["source"])
    return None


def find_issuing_body(title: str | None, closing: str, opening: str) -> str | None:
    """Who publishes: the signature line, else the title's body, else the body the findings went to."""
    return next(iter(issuing_body_candidates(title, closing, opening)), None)


def issuing_body_candidates(title: str | None, closing: str, opening: str) -> list[str]:
    """Names the issuing body may be read from, best first: signature, title, the feedback's recipient."""
    candidates = []
    if signature := find_signature(closing):
        candidates.append(signature)
    if match := TITLE_BODY_RE.search(title or ""):
        candidates.append(match["body"].strip())
    for match in FEEDBACK_RECIPIENT_RE.finditer(opening):
        if not PRONOUN_BODY_RE.match(match["body"]):
            candidates.append(match["body"].strip())
            break
    return [strip_name_notes(name) for name in candidates]


def choose_issuing_body(notice: ParsedNotice, closing: str, opening: str) -> str | None:
    """The first candidate that looks like a body's name; the others are dropped with a warning.

    Without any, the inspected unit (the unit that reports) or the page's 发布机构 stands in.
    """
    fallbacks = [notice.inspected_unit, notice.metadata.get("发布机构")]
    candidates = issuing_body_candidates(notice.title, closing, opening)
    if notice.signer and not find_signature(closing):
        candidates.insert(0, notice.signer)
    abbreviations = {m["short"]: m["full"] for m in ABBREVIATION_RE.finditer(notice.text)}
    for name in [*candidates, *fallbacks]:
        if not name:
            continue
        name = abbreviations.get(strip_name_notes(name), strip_name_notes(name))
        if problem := name_problem(name):
            notice.warnings.append(f"发布机关候选“{name}”{problem},不予采用。")
            continue
        return name
    return None


#: A name the notice shortens: 中共某局党组(以下简称“局党组”).
ABBREVIATION_RE = re.compile(
    r"(?P<full>(?:(?:中共|中国共产党)|(?<=[对向,，。;；\n]))(?:(?![对向])[\u4e00-\u9fff]){2,30}?(?:委员会|党组|党委|党工委|委))"
    r"\((?:以下)?简称[“\"]?(?P<short>[^”\")]{2,12})[”\"]?\)"
)


def clean_source(value: str | None) -> str | None:
    """A 来源 value without the page chrome that followed it on its line."""
    if not value:
        return None
    value = re.split(r"\s|[|｜【\[]|(?:浏览|阅读|点击|作者|编辑|字体|字号|发布)", value)[0].strip(" :：")
    return value[:200] or None


def find_signature(closing: str) -> str | None:
    """The body name on the line above the closing's date, if it signs."""
    lines = [line.strip() for line in closing.splitlines() if line.strip()]
    for above, below in zip(lines, lines[1:], strict=False):
        if SIGNATURE_RE.match(above) and dates.signature_date([below]):
            return above
    return None


def display_title(notice: ParsedNotice, opening: str) -> tuple[str, bool]:
    """The title to show and whether it was derived (the text has none)."""
    if notice.title:
        return notice.title, False
    kind = notice.inspection_kind or "巡视巡察"
    progress = "进展" if PROGRESS_RE.search(opening) else ""
    return f"{notice.issuing_body or ''}关于{kind}整改{progress}情况的通报", True


def find_contact(closing: str) -> Contact:
    """Phone (with area code), e-mail and postcode for public feedback."""
    phone = PHONE_RE.search(closing)
    local = LOCAL_PHONE_RE.search(closing)
    email = EMAIL_RE.search(closing)
    return Contact(
        phone=f"{phone['area']}-{phone['local']}" if phone else (local["local"] if local else None),
        email=f"{email['user']}@{email['domain']}" if email else None,
        postcode=find_postcode(closing),
    )


def find_postcode(closing: str) -> str | None:
    """A labelled postcode (邮编), else a lone six-digit number in an address."""
    match = POSTCODE_LABELLED_RE.search(closing)
    if match:
        return match["code"]
    if not ADDRESS_WORDS_RE.search(closing):
        return None
    rest = EMAIL_RE.sub(" ", PHONE_RE.sub(" ", closing))
    match = POSTCODE_BARE_RE.search(rest)
    return match["code"] if match else None


#: How a party body's full name shortens: 中共X工作委员会 → X党工委, 中国共产党X委员会 → X委.
BODY_NAME_RULES = (
    (re.compile(r"^(?:中共|中国共产党)(?P<place>.+?)工作委员会$"), r"\g<place>党工委"),
    (re.compile(r"^(?:中共|中国共产党)(?P<place>.+?)纪律检查委员会$"), r"\g<place>纪委"),
    (re.compile(r"^(?:中共|中国共产党)(?P<place>.+?)委员会$"), r"\g<place>委"),
    (re.compile(r"^(?:中共|中国共产党)(?P<rest>.+委)$"), r"\g<rest>"),
)


def canonical_body_name(name: str) -> str:
    """The archive's one name for a body that notices write in several ways.

    中共广州市委, 广州市委 and 中共广州市委员会 are 广州市委;
    中共深圳市大鹏新区工作委员会 is 深圳市大鹏新区党工委. Spaces are dropped.
    """
    name = re.sub(r"\s+", "", name)
    for pattern, replacement in BODY_NAME_RULES:
        if pattern.match(name):
            return pattern.sub(replacement, name)
    return name
