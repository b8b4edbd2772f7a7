"""Tagging sections with issue types by keyword rules.

The rule, per section and per issue type, looking only at the section's own
heading and own text (a child inherits nothing it does not show itself):

* a keyword in the heading tags the section: the heading says what the
  section is about;
* in the body, one mention in passing is not enough: it takes two keyword
  hits (the same keyword twice counts twice), or one *strong* keyword — a
  term specific enough to decide alone (公务用车, 三超两乱).

A keyword line written with a leading ``*`` is strong (``*公务用车``); the
database's ``IssueType.keywords`` uses the same one-per-line form.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .result import ParsedSection

#: Marks a keyword line as strong.
STRONG_MARK = "*"

#: Body keyword hits that tag a section without a strong keyword.
BODY_HITS_NEEDED = 2


@dataclass(frozen=True)
class Rule:
    """One issue type's keywords; ``strong`` ones tag on a single body mention."""

    name: str
    keywords: tuple[str, ...]
    strong: tuple[str, ...] = ()

    @classmethod
    def from_lines(cls, name: str, lines: Iterable[str]) -> Rule:
        """A rule from keyword lines; ``*word`` is a strong keyword, blank lines are skipped."""
        keywords, strong = [], []
        for line in lines:
            word = line.strip()
            if word.startswith(STRONG_MARK):
                word = word[len(STRONG_MARK) :].strip()
                if word:
                    strong.append(word)
            if word:
                keywords.append(word)
        return cls(name, tuple(dict.fromkeys(keywords)), tuple(dict.fromkeys(strong)))

    def matches(self, heading: str, body: str) -> bool:
        """Whether a section with this heading and own body shows this issue type."""
        if any(word in heading for word in self.keywords):
            return True
        if any(word in body for word in self.strong):
            return True
        return sum(body.count(word) for word in self.keywords) >= BODY_HITS_NEEDED


def section_types(heading: str, body: str, rules: Iterable[Rule]) -> list[str]:
    """The issue types (in rule order) that a heading and body show."""
    return [rule.name for rule in rules if rule.matches(heading, body)]


def tag_sections(sections: Iterable[ParsedSection], rules: Iterable[Rule]) -> None:
    """Set every section's ``issue_types`` from its own heading and text.

    ``sections`` is a flat iterable (``ParsedNotice.iter_sections()``); the
    notice's types are the union, see ``ParsedNotice.issue_types``.
    """
    rules = list(rules)
    for section in sections:
        section.issue_types = section_types(section.heading, section.text, rules)
