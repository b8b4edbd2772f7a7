"""Whether a string read as a body's name looks like one.

The issuing body and the inspected unit are cut out of sentences by
patterns, and a pattern that matches the wrong words yields a phrase
(…党委书记和被巡察单位领导班子分别, 12家被巡察单位党组织全面). A wrong name is
worse than none: :func:`name_problem` says what is wrong with a candidate so
that the caller can drop it with a warning, and :func:`strip_name_notes`
removes the notes a notice writes after a name (``(以下简称“党组”)``).
"""

from __future__ import annotations

import re

#: Longer than any body's name (中共中华人民共和国国家发展和改革委员会党组 has 20 characters).
MAX_NAME = 32

#: How a body's name ends: party organs, state organs, institutions, companies.
NAME_END_RE = re.compile(
    r"(?:委员会|委|党组|党委|党工委|党总支|党支部|支部|工委|政府|机关|办公室|办|局|厅|部|署|院|校|大学|学院|"
    r"公司|集团|中心|银行|社|会|所|站|队|处|科|馆|场|园区|领导小组|小组|管委会|街道|镇|乡|村|社区|区|县|市|州|旗|盟|省|行|总院)$"
)
#: Words that never stand in a body's name: verbs, adverbs and conjunctions of the sentence around it.
NOT_IN_NAME_RE = re.compile(
    r"[及与或]|和(?:被|各|有关|相关)|分别|全面|进行|开展|认真|坚持|按照|根据|已经|正在|对于|关于|通过|针对|进一步|切实|"
    r"书记|班子|成员|被巡|领导干部|同志|问题|整改|反馈|意见|情况|工作(?!委员会|领导小组|部|站|队)|部署|要求|期间|以来|"
    r"^[这该本我其各有]|[,，。;；:：、“”\"]"
)
#: A count of units (12家被巡察单位, 3个党组织) is not a name.
COUNT_RE = re.compile(r"^\d+|[\d一二三四五六七八九十两]+(?:家|个|所|名)")
#: Notes a notice writes after a name: ``(以下简称“党组”)``, ``(简称区委)``.
NAME_NOTE_RE = re.compile(r"\s*[(（](?:以下)?简称[^)）]*[)）]|\s*[(（]以下称[^)）]*[)）]")


def strip_name_notes(name: str) -> str:
    """``name`` without an abbreviation note: 中共某厅党组(以下简称“厅党组”) → 中共某厅党组."""
    return NAME_NOTE_RE.sub("", name).strip()


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a body's name (in Chinese, for an editor), or ``None`` when it looks like one."""
    if len(name) < 2:
        return "太短"
    if len(name) > MAX_NAME:
        return f"超过{MAX_NAME}个字"
    if COUNT_RE.search(name):
        return "含有单位数量"
    if found := NOT_IN_NAME_RE.search(name):
        return f"含有“{found.group()}”,像是句子的一部分"
    if not NAME_END_RE.search(name):
        return "结尾不像机关或单位名称"
    return None


#: Words that make an inspected unit a piece of a sentence (县委组建3个巡察组对全县12个乡镇开展了巡察).
UNIT_JUNK_RE = re.compile(r"分别|全面|进行|开展|认真|[,，。;；:：]|^(?:全县|全市|全区|全省)?\d+(?:家|个|所)")


def unit_problem(name: str) -> str | None:
    """Why ``name`` is not an inspected unit (``广州市党政领导班子`` is one; ``12个乡镇`` is several)."""
    if len(name) > MAX_NAME:
        return f"超过{MAX_NAME}个字"
    if found := UNIT_JUNK_RE.search(name):
        return f"含有“{found.group()}”,像是句子的一部分"
    return None


#: A unit the notice names by pointing at itself: 我镇党委, 我街道党工委, 本局党组, 我县.
SELF_REFERENCE_RE = re.compile(
    r"^[我本](?P<kind>街道|社区|镇|乡|村|县|区|市|州|旗|盟|局|厅|委|办|院|校|公司|集团|中心|所|站|馆)(?P<rest>[^我本]{0,6})$"
)
#: Kinds that are divisions: their own name is the place alone (锦屏镇, not 屏山县锦屏镇).
DIVISION_KINDS = {"街道", "社区", "镇", "乡", "村", "县", "区", "市", "州", "旗", "盟"}
#: The party organ at the end of a body's full name: 中共某镇委员会, 中共某局党组.
ORGAN_SUFFIX_RE = re.compile(r"(?:工作委员会|委员会|党工委|党组|党委|党总支|党支部|委)$")
#: Where a larger division's name ends inside a longer name (某县|锦屏镇).
_DIVISION_END_RE = re.compile(r"(?<=[省市县区州旗盟])")


def expand_self_reference(unit: str, issuing_body: str | None) -> str | None:
    """The unit a notice calls 我X… named after the issuing body, or ``None`` when it cannot be.

    A rectification notice is written by the inspected unit, so 我镇党委 in a
    notice of 中共屏山县锦屏镇委员会 is 锦屏镇党委 and 我局党组 in one of
    中共某县林业局党组 is 某县林业局党组. Only when the issuing body is itself
    of that kind (a 镇 for 我镇): otherwise nothing is spliced.
    """
    match = SELF_REFERENCE_RE.match(unit)
    if match is None or not issuing_body or name_problem(issuing_body):
        return None
    kind = match["kind"]
    own = re.sub(r"^(?:中共|中国共产党)", "", issuing_body)
    organ = ORGAN_SUFFIX_RE.search(own)
    if organ and own[: organ.start()].endswith(kind):
        own = own[: organ.start()]
    elif kind == "委" and own.endswith("委员会"):
        pass  # 我委党组 of 中共某市发展和改革委员会党组: the 委员会 is the body itself
    elif kind == "委" and organ and organ.group() == "党组" and own[: organ.start()].endswith("委员会"):
        own = own[: organ.start()]
    elif not own.endswith(kind):
        return None
    if kind in DIVISION_KINDS:
        own = _division_name(own[: len(own) - len(kind)]) + kind
    return own + match["rest"]


def _division_name(head: str) -> str:
    """The last division's own name in ``head``: 屏山县锦屏 → 锦屏, 某县新市 → 新市."""
    name = ""
    for piece in reversed(_DIVISION_END_RE.split(head)):
        name = piece + name
        if len(name) >= 2:
            break
    return name
