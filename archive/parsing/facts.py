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

from . import dates
from .figures import extract_figures
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
    re.compile(f"{_ORGAN}?第(?P<n>{NUMBER}){_KIND}组"),
    re.compile(f"{_ORGAN}?{_KIND}第(?P<n>{NUMBER})组"),
    re.compile(f"{_ORGAN}?{_KIND}(?P<n>{CN_NUMBER}|[0-9]+)组"),
)

#: Where a notice names the organ when its group name leaves it out:
#: 根据区委统一部署, 根据市委巡察工作部署.
ORGAN_CONTEXT_RE = re.compile(f"根据{_ORGAN}")

#: An explicit round: 七届市委第八轮巡察, 2019年省委第一轮巡视.
ROUND_RE = re.compile(f"(?:(?:\\d{{4}}年度?)|(?:{CN_NUMBER}届))?(?:{'|'.join(ORGANS)})?第{NUMBER}轮(?:巡视|巡察)(?!组)")

#: The inspected unit: …组对大鹏新区党工委开展了巡察 / …组进驻X开展巡视.
UNIT_PATTERNS = (
    re.compile(r"组(?:进驻|派驻)?对(?P<unit>[^,，。;；:：]{2,40}?)(?:开展|进行|实施)了?"),
    re.compile(r"组进驻(?P<unit>[^,，。;；:：]{2,40}?)(?:开展|进行|,|，)"),
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

#: Counts of the feedback's problems. Each is read only from a sentence about
#: the feedback (see :data:`FEEDBACK_CONTEXT_RE`).
COUNT_PATTERNS = {
    "aspects": re.compile(f"(?<![第同这此每])(?P<n>{NUMBER})(?:个|大)?方面"),
    "categories": re.compile(f"(?<![第同这此每])(?P<n>{NUMBER})(?:个)?类(?![似型别])"),
    "problems": re.compile(f"(?<![第同这此每])(?P<n>{NUMBER})(?:个|条|项)?(?:具体|突出)?问题"),
    "items": re.compile(f"(?:(?P<n>{NUMBER})(?:个|项|条)?小项|细化为(?P<m>{NUMBER})(?:个|项|条))"),
}
FEEDBACK_CONTEXT_RE = re.compile(r"反馈|巡视组|巡察组")

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
    _read_inspection(notice, opening)
    _read_dates(notice, opening, closing)
    notice.source = find_source(notice.header or opening.splitlines()[:3])
    notice.issuing_body = find_issuing_body(notice.title, closing, opening) or notice.inspected_unit
    notice.display_title, notice.title_derived = display_title(notice, opening)
    notice.problem_counts = find_problem_counts(opening + "\n" + notice.text)
    notice.contact = find_contact(closing)
    notice.figures = extract_figures(notice)
    tag_sections(list(notice.iter_sections()), default_rules() if rules is None else list(rules))
    fill_inspecting_committee(notice)


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


def _read_inspection(notice: ParsedNotice, opening: str) -> None:
    group = find_group(opening) or find_group(notice.text)
    if group:
        notice.inspecting_organ = group["organ"] or find_organ(opening)
        notice.group_number = group["number"]
        notice.inspection_kind = group["kind"]
        notice.inspection_group = canonical_group(notice.inspecting_organ, group["number"], group["kind"])
    else:
        notice.inspection_kind = find_kind(notice.title or "") or find_kind(opening)
    notice.round_label = find_round(notice.title or "") or find_round(notice.text)
    notice.inspected_unit = find_inspected_unit(opening)


def _read_dates(notice: ParsedNotice, opening: str, closing: str) -> None:
    closing_lines = closing.splitlines()
    notice.published_on = dates.header_date(notice.header or opening.splitlines()[:4]) or dates.disclosure_start(
        closing
    )
    notice.signed_on = dates.signature_date(closing_lines[-3:])
    reference = notice.published_on or notice.signed_on
    year = reference.value.year if reference else None
    period = dates.parse_period(opening, year) or dates.parse_period(notice.text, year)
    notice.inspection_start, notice.inspection_end = period or (None, None)
    notice.feedback_on = dates.find_feedback_date(opening, notice.inspection_end, year) or dates.find_feedback_date(
        notice.text, notice.inspection_end, year
    )


def find_group(text: str) -> dict | None:
    """The first inspection group named in ``text``: organ (or ``None``), number and kind."""
    found = [m for pattern in GROUP_PATTERNS if (m := pattern.search(text))]
    for match in sorted(found, key=lambda m: m.start()):
        number = to_int(match["n"])
        if number:
            return {"organ": match["organ"], "number": number, "kind": match["kind"]}
    return None


def find_organ(text: str) -> str | None:
    """The organ a notice says it acts for (根据市委统一部署) when the group name omits it."""
    match = ORGAN_CONTEXT_RE.search(text)
    return match["organ"] if match else None


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
    return match.group() if match else None


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
            return match["source"]
    return None


def find_issuing_body(title: str | None, closing: str, opening: str) -> str | None:
    """Who publishes: the signature line, else the title's body, else the body the findings went to."""
    signature = find_signature(closing)
    if signature:
        return signature
    match = TITLE_BODY_RE.search(title or "")
    if match:
        return match["body"].strip()
    for match in FEEDBACK_RECIPIENT_RE.finditer(opening):
        if not PRONOUN_BODY_RE.match(match["body"]):
            return match["body"].strip()
    return None


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


def find_problem_counts(text: str) -> dict[str, int] | None:
    """Counts from the feedback sentence that states the most (四个方面11类18个问题).

    Only sentences about the feedback count, and they must give aspects or
    problems; of equally full ones the first wins.
    """
    best: dict[str, int] = {}
    for sentence in re.split(r"[。;；\n]", text):
        if not FEEDBACK_CONTEXT_RE.search(sentence):
            continue
        counts = _counts_in(sentence)
        if ("aspects" in counts or "problems" in counts) and len(counts) > len(best):
            best = counts
    return best or None


def _counts_in(sentence: str) -> dict[str, int]:
    counts = {}
    for name, pattern in COUNT_PATTERNS.items():
        match = pattern.search(sentence)
        value = to_int(match["n"] or match.groupdict().get("m") or "") if match else None
        if value:
            counts[name] = value
    return counts


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
