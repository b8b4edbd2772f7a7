"""How many problems the feedback raised and how far their rectification has gone.

Notices state two kinds of counts, and write each in several word orders:

* the feedback's: ``四个方面11类18个问题``, ``共反馈问题31个``, ``细化为34个小项``
  → ``aspects``, ``categories``, ``problems``, ``items``;
* the rectification's: ``制定整改措施118条`` / ``细化为72项整改任务`` → ``measures``;
  ``已完成整改27个`` / ``已完成65项`` → ``completed``; ``正在整改4个`` /
  ``持续推进3项`` → ``in_progress``; ``未完成2项`` → ``not_completed``;
  ``整改完成率87.1%`` → ``completion_rate`` (a percentage, never a count).

A count is read only from a sentence about the feedback or the rectification,
and a number followed by 以上/以下 (a threshold) is never a count.
"""

from __future__ import annotations

import re

from .numerals import NUMBER, to_decimal, to_int

_N = f"(?P<n>{NUMBER})"
_M = "(?:个|项|条|件|大)?"
#: Not a count when the number is an ordinal or a part of a longer figure.
_NOT_ORDINAL = r"(?<![第同这此每\d.])"

FEEDBACK_PATTERNS = {
    "aspects": [re.compile(f"{_NOT_ORDINAL}{_N}(?:个|大)?方面")],
    "categories": [re.compile(f"{_NOT_ORDINAL}{_N}(?:个)?(?:大)?类(?![似型别])")],
    "problems": [
        re.compile(f"{_NOT_ORDINAL}{_N}(?:个|条|项)(?:具体|突出|主要)?问题(?!线索)"),
        re.compile(f"{_NOT_ORDINAL}{_N}(?:具体|突出|主要)问题(?!线索)"),
        re.compile(f"(?<=[方面类])(?<![第同这此每]){_N}(?:个|条|项)?问题(?!线索)"),
        re.compile(f"(?:反馈|指出|发现|梳理出?|查找出?)(?:的|了)?(?:具体)?问题(?:共|共计)?{_N}(?:个|条|项)"),
    ],
    "items": [
        re.compile(f"{_NOT_ORDINAL}{_N}(?:个|项|条)?小项"),
        re.compile(f"细化(?:分解)?(?:为|成){_N}(?:个|项|条)(?!(?:具体)?整改(?:任务|措施|举措))"),
    ],
}
RECTIFICATION_PATTERNS = {
    "measures": [
        re.compile(f"(?<!完成)整改(?:措施|任务|举措|清单|事项)(?:共|共计)?{_N}(?:条|项|个)"),
        re.compile(f"{_NOT_ORDINAL}{_N}(?:条|项|个)(?:具体)?整改(?:措施|任务|举措)"),
    ],
    "completed": [
        re.compile(
            f"(?<!未)(?<!尚未)(?:已|已经)(?:全部)?(?:完成|整改完成|整改到位|整改完毕|办结|销号)(?:整改)?(?:问题|任务|措施)?(?:的)?{_N}{_M}"
        ),
        re.compile(
            f"{_NOT_ORDINAL}{_N}{_M}(?:整改)?(?:问题|任务|措施)?(?:已|已经)(?:全部)?"
            "(?:完成|整改完成|整改到位|整改完毕|办结|销号)"
        ),
        re.compile(f"(?<!未)完成整改{_N}{_M}"),
        re.compile(f"(?<!未)(?<!尚未)(?:已|已经)整改(?:到位|完成|完毕)?(?:问题)?{_N}{_M}"),
    ],
    "in_progress": [
        re.compile(
            f"(?:正在|仍在)(?:积极|持续|有序|稳步|加快)?(?:整改|推进|落实|进行)(?:中)?(?:的)?(?:问题|任务)?{_N}{_M}"
        ),
        re.compile(
            f"{_NOT_ORDINAL}{_N}{_M}(?:问题|任务|措施)?(?:正在|仍在)(?:积极|持续|有序|稳步|加快)?(?:整改|推进|落实)"
        ),
        re.compile(f"(?:持续推进|基本完成|阶段性完成|需长期坚持|长期坚持)(?:整改)?(?:的)?(?:问题|任务)?{_N}{_M}"),
        re.compile(f"{_NOT_ORDINAL}{_N}{_M}(?:问题|任务)?(?:需)?(?:持续推进|长期坚持|基本完成|阶段性完成)"),
        # 其余15条正在按计划推进 / 其余7项已取得阶段性成效并持续推进
        re.compile(f"(?:其余|剩余|另有|还有|余下){_N}{_M}(?=[^,，。;；]{{0,16}}(?:推进|整改中|持续|阶段性|长期坚持))"),
    ],
    "not_completed": [
        re.compile(f"(?:尚未|未)(?:完成|整改到位)(?:整改)?(?:的)?(?:问题|任务)?{_N}{_M}"),
        re.compile(f"{_NOT_ORDINAL}{_N}{_M}(?:问题|任务)?(?:尚未|未)(?:完成|整改到位)"),
    ],
}
RATE_RE = re.compile(r"完成率(?:为|达到|达|是)?(?P<r>\d{1,3}(?:\.\d+)?)\s*[%％]")

FEEDBACK_CONTEXT_RE = re.compile(r"反馈|巡视组|巡察组|指出|交办|巡视发现|巡察发现|梳理出?问题")
RECTIFICATION_CONTEXT_RE = re.compile(r"整改|完成|销号")
#: A number right before these words is a threshold or an estimate, not a count.
_THRESHOLD_AFTER = re.compile(r"^(?:个|项|条|件)?(?:以上|以下|以内|左右|多)")
#: What may follow a rectification count: the end of the clause or the thing counted
#: (已完成65项, / 27个问题已整改到位); 已完成28个部门的… counts departments, not problems.
_COUNT_END = re.compile(r"^(?:[,，。;；、)）]|$|(?:的)?(?:问题|任务|措施|事项|整改|条|项|个|已|正在|尚未|未|需|,))")

_SENTENCE_SPLIT = re.compile(r"[。;;\n]")


def find_problem_counts(text: str) -> dict[str, int | float] | None:
    """The counts ``text`` states (see :func:`read_problem_counts`)."""
    return read_problem_counts(text)[0]


def read_problem_counts(text: str) -> tuple[dict[str, int | float] | None, str | None]:
    """The counts ``text`` states, and the sentence that states the feedback's (for provenance).

    The feedback's counts come from the one sentence that states the most of
    them (四个方面11类18个问题); the rectification's from the first sentence
    that states each.
    """
    best: dict[str, int] = {}
    best_sentence = None
    rectification: dict[str, int | float] = {}
    for sentence in _SENTENCE_SPLIT.split(text):
        if FEEDBACK_CONTEXT_RE.search(sentence):
            counts = _read(sentence, FEEDBACK_PATTERNS)
            if ("aspects" in counts or "problems" in counts) and len(counts) > len(best):
                best, best_sentence = counts, sentence
        if RECTIFICATION_CONTEXT_RE.search(sentence):
            for name, value in _read(sentence, RECTIFICATION_PATTERNS, bounded=True).items():
                rectification.setdefault(name, value)
            rate = RATE_RE.search(sentence)
            if rate and "completion_rate" not in rectification:
                value = float(to_decimal(rate["r"]) or 0)
                if 0 < value <= 100:
                    rectification["completion_rate"] = value
    counts = {**best, **{k: v for k, v in rectification.items() if k not in best}}
    return (counts or None), best_sentence


def _read(sentence: str, patterns: dict[str, list[re.Pattern[str]]], *, bounded: bool = False) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, choices in patterns.items():
        for pattern in choices:
            value = _first_count(sentence, pattern, bounded=bounded)
            if value:
                counts[name] = value
                break
    return counts


def _first_count(sentence: str, pattern: re.Pattern[str], *, bounded: bool = False) -> int | None:
    for match in pattern.finditer(sentence):
        if _THRESHOLD_AFTER.match(sentence[match.end("n") :]):
            continue
        if bounded and not _COUNT_END.match(sentence[match.end() :]):
            continue
        value = to_int(match["n"])
        if value:
            return value
    return None
