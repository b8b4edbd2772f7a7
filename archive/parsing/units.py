"""The units a round's announcement lists, and one key per unit for matching names written differently.

Pure functions: text in, names out. An announcement writes the covered units
as a list after the groups' arrival (对 A、B 和 C 开展巡察; 第一巡察组:A、B),
names may carry 中共…委员会 or a 党组/党委 suffix, and a notice may leave
out the place in front (大鹏新区党工委 for 深圳市大鹏新区党工委).
"""

from __future__ import annotations

import re

from .facts import canonical_body_name

_LIST_AFTER = [
    re.compile(
        r"对([^。;\n]{2,400}?)(?:等\s*\d+\s*个[^。;\n]{0,6}?)?(?:开展|进行)了?(?:常规|专项|机动|提级)?(?:巡视|巡察)"
    ),
    re.compile(r"(?:巡视|巡察)组[::]\s*(?:巡视|巡察|进驻)?([^。;\n]{2,400})"),
    re.compile(r"(?:分别)?进驻([^。;\n]{2,400}?)(?:开展|进行)"),
]
_SPLIT = re.compile(r"[、,,]|(?<=[委组局办厅府院会司])(?:和|及|以及)")
_SUFFIXES = ("领导班子", "党组织", "党组", "党委", "党工委", "委员会")
_DROP = re.compile(r"^(?:中共|中国共产党)|[“”\"()()\s]")


def listed_units(text: str) -> list[str]:
    """Unit names listed by an announcement of a round's inspections, in order, without repeats."""
    found: list[str] = []
    for pattern in _LIST_AFTER:
        for match in pattern.finditer(text):
            for part in _SPLIT.split(match.group(1)):
                name = part.strip().strip("等")
                if 2 <= len(name) <= 60 and name not in found and not re.search(r"\d+个|巡视|巡察", name):
                    found.append(name)
    return found


def unit_key(name: str) -> str:
    """A matching key: canonical body name without 中共, quotes, and a trailing 党组/党委/党工委/领导班子."""
    key = _DROP.sub("", canonical_body_name(name or ""))
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return key[: -len(suffix)]
    return key


def same_unit(a: str, b: str) -> bool:
    """Whether two keys name one unit: equal, or one is the other with its place written in front."""
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return a == b or (len(shorter) >= 3 and longer.endswith(shorter))
