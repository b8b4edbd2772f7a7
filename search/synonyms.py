"""The synonym table editors keep in the admin, and widening a query with it.

A query word that is one of a group's spellings (as a whole word, not inside a
longer one) also finds the group's other spellings: 公车 becomes
``公车 OR "公务用车" OR "公务车辆"``. Added spellings are exact phrases. The
search page says what was added and links the query without synonyms
(``syn=0``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import analysis
from .query import AnyOf, Phrase, Query, Term

_SEPARATORS = re.compile(r"[\s、,,;;/|]+")


def split_words(text: str) -> list[str]:
    """The spellings written in a group's ``words`` field, in order, without repeats."""
    return list(dict.fromkeys(w for w in _SEPARATORS.split(text or "") if w))


def _key(word: str) -> str:
    return analysis.squeeze(word)


@dataclass(frozen=True)
class Widening:
    """One query word and the spellings added to it."""

    word: str
    added: tuple[str, ...]


class SynonymTable:
    """Word (normalised) → the other spellings it widens to."""

    def __init__(self, groups: list[tuple[list[str], bool]]):
        self._table: dict[str, list[str]] = {}
        for words, one_way in groups:
            heads = words[:1] if one_way else words
            for head in heads:
                others = self._table.setdefault(_key(head), [])
                others.extend(w for w in words if _key(w) != _key(head) and w not in others)

    @classmethod
    def from_database(cls) -> SynonymTable:
        """The active groups of the admin's synonym table."""
        from .models import SynonymGroup

        rows = SynonymGroup.objects.filter(active=True).values_list("words", "one_way")
        return cls([(split_words(words), one_way) for words, one_way in rows])

    def words(self) -> list[str]:
        """Every spelling that widens or is added."""
        return list(dict.fromkeys(w for head, others in self._table.items() for w in (head, *others)))

    def others(self, word: str) -> list[str]:
        return list(self._table.get(_key(word), ()))

    def validation_errors(self, words: list[str]) -> list[str]:
        """Problems with a group's spellings, as messages for the editor."""
        errors = []
        if len(words) < 2:
            errors.append("一组同义词至少要有两个词。")
        short = [w for w in words if len(analysis.squeeze(w)) < 2 or not analysis.runs(w)]
        if short:
            errors.append(f"每个词至少两个字:{'、'.join(short)}。")
        return errors


def widen(query: Query, table: SynonymTable) -> tuple[Query, list[Widening]]:
    """``query`` with each content word (not a phrase, not title:/body:) ORed with its synonyms."""
    widenings: list[Widening] = []

    def options(leaf):
        if not isinstance(leaf, Term) or leaf.field:
            return (leaf,)
        others = table.others(leaf.text)
        if not others:
            return (leaf,)
        widenings.append(Widening(leaf.text, tuple(others)))
        return (leaf, *(Phrase(word) for word in others))

    must = []
    for node in query.must:
        leaves = node.options if isinstance(node, AnyOf) else (node,)
        widened = tuple(option for leaf in leaves for option in options(leaf))
        must.append(widened[0] if len(widened) == 1 else AnyOf(tuple(dict.fromkeys(widened))))
    return Query(tuple(must), query.must_not), widenings


def added_texts(widenings: list[Widening]) -> frozenset[str]:
    """The spellings synonyms added (for ranking them a little below the words typed)."""
    return frozenset(word for widening in widenings for word in widening.added)
