"""Traditional script: notices reposted by Hong Kong, Macao or Taiwan sites (巡視, 黨組, 會議).

Every rule of the parser is written for simplified characters. A notice in
traditional script is therefore read through a simplified copy of the same
length (OpenCC's ``t2s`` conversion, checked to keep every character in
place), and what the parser found there is mapped back to the characters as
printed: the archive stores and shows the notice as published, and uses the
simplified copy for matching only.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

#: Share of Han characters that must change under t2s before a text counts as
#: traditional. Simplified text changes almost nowhere; traditional text in a
#: fifth to a third of its characters. A low bar still keeps a stray 於 or 後
#: in a simplified notice from switching the whole text.
TRADITIONAL_SHARE = 0.03
MIN_CHANGED = 3

_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s.json")


@lru_cache(maxsize=8192)
def _char_t2s(char: str) -> str:
    converted = _converter().convert(char)
    return converted if len(converted) == 1 else char


def simplified_char(char: str) -> str:
    """One character in simplified form (itself when it has no other form or is not a Han character)."""
    return _char_t2s(char) if _HAN.match(char) else char


def simplified_copy(text: str) -> str:
    """``text`` in simplified characters, character for character (same length, same positions)."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase conversion changed the length: fall back to one character at a time.
    return "".join(simplified_char(c) for c in text)


def is_traditional(text: str, simplified: str | None = None) -> bool:
    """Whether ``text`` is written in traditional characters (judged by how much t2s changes)."""
    simplified = simplified if simplified is not None else simplified_copy(text)
    han = len(_HAN.findall(text))
    if not han:
        return False
    changed = sum(1 for a, b in zip(text, simplified, strict=False) if a != b)
    return changed >= MIN_CHANGED and changed / han >= TRADITIONAL_SHARE


class Restorer:
    """Maps strings found in the simplified copy back to the printed characters.

    ``matched`` and ``printed`` are the same text, simplified and as printed,
    aligned character by character.
    """

    def __init__(self, matched: str, printed: str):
        if len(matched) != len(printed):
            raise ValueError("the simplified copy must keep every character in place")
        self.matched, self.printed = matched, printed
        pairs: dict[str, Counter] = {}
        for m, p in zip(matched, printed, strict=True):
            if m != p:
                pairs.setdefault(m, Counter())[p] += 1
        # Characters the notice itself prints for each simplified one; most frequent wins.
        self.table = str.maketrans({m: counts.most_common(1)[0][0] for m, counts in pairs.items()})
        self.cursor = 0

    def restore(self, value: str | None, *, sequential: bool = False) -> str | None:
        """``value`` as printed: the same span of the printed text when ``value`` occurs in the
        simplified copy (from the cursor on when ``sequential``), else character by character."""
        if not value:
            return value
        start = self.matched.find(value, self.cursor if sequential else 0)
        if start < 0 and sequential:
            start = self.matched.find(value)
        if start < 0:
            return value.translate(self.table)
        if sequential:
            self.cursor = start + len(value)
        return self.printed[start : start + len(value)]


def restore_printed(notice, restorer: Restorer) -> None:
    """Put the printed characters back into everything ``notice`` read from the simplified copy.

    Vocabulary values (巡视/巡察, 省委, 市委 …) stay simplified: they are the
    archive's categories, not quotations.
    """
    r = restorer.restore
    notice.header = [r(line, sequential=True) for line in notice.header]
    for name in (
        "title",
        "issuing_body",
        "source",
        "inspected_unit",
        "round_label",
        "inspection_group",
        "inspecting_committee",
    ):
        setattr(notice, name, r(getattr(notice, name)))
    if notice.display_title and notice.title_derived:
        notice.display_title = r(notice.display_title)
    elif notice.title:
        notice.display_title = notice.title
    restorer.cursor = 0
    notice.preamble = r(notice.preamble, sequential=True)
    for section in notice.iter_sections():
        section.heading = r(section.heading, sequential=True)
        section.text = r(section.text, sequential=True)
    notice.closing = r(notice.closing, sequential=True)
    for figure in notice.figures:
        figure.measure = r(figure.measure)
        figure.unit = r(figure.unit)
        figure.clause = r(figure.clause)
        if getattr(figure, "amount", None):
            figure.amount = r(figure.amount)
    for value in getattr(notice, "provenance", {}).values():
        if isinstance(value, dict) and value.get("quote"):
            value["quote"] = restorer.printed[value["start"] : value["end"]] if "start" in value else r(value["quote"])
