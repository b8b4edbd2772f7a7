"""Tagging sections with issue types by keyword rules, read in the context of the outline.

A careful reader decides what a section is *about* from its heading, from what
its text substantively deals with, and from the heading it sits under. The
rules follow that reading, per section and per issue type:

* **heading** — a keyword in the section's own heading tags it: the heading
  says what the section is about.
* **body** — one mention in passing is not enough. Body hits are weighed
  (a strong keyword counts :data:`STRONG_WEIGHT`, any other :data:`WEAK_WEIGHT`)
  and the section is tagged when the weight reaches :data:`BODY_WEIGHT_NEEDED`
  and also a share (:data:`BODY_SHARE_OF_TOP`) of the best-supported type's
  weight, so a long text listing everything in passing is tagged only for what
  it dwells on. Beside a heading that already names a type, the text adds
  another only at :data:`BODY_WEIGHT_BESIDE_HEADING`: the heading has said what
  the section is about.
* **heading context** — a child inherits the types of the section above it
  (the measures under “关于……问题的整改情况” are about that problem) unless
  its own types already narrow the parent's (a child of 选人用人、干部管理 that
  is only about 选拔任用 takes 选人用人 alone), or it is clearly about
  something else: under an *aspect* heading (“……方面”, which groups several
  problems) a child showing types of its own, in its heading or its text, is a
  problem of its own; anywhere else a child without a word of its parent's
  types in its text is about something else when its heading names a type of
  its own (“聚焦重点领域廉政风险防控” under a 两个责任 heading) or its text
  dwells on other types. A type a heading names by a *scope* keyword
  (``>上轮巡察``) is carried by every section below it, whatever each is about.
* **overview and next-step blocks** — a top-level section about the
  rectification work itself (“加强组织领导,推动巡察整改工作”, “下一步……”)
  and its children name every topic in passing: their text tags nothing, only
  the headings of their children and the lead of a point of their own
  (“三是认真办理巡察组移交的信访件”) do; the block's own title names no topic,
  nor does a heading inside it that speaks of the rectification or inspection work itself
  or of the responsibility for it (“持续扩大整改成果”, “以改促建,推进全区发展”,
  “扛牢主体责任”), nor a point lead that does (“一是压实主体责任”), and nothing
  is inherited inside the block. Such blocks are headed in many ways: by the
  work itself (“加强组织领导,推动巡察整改工作”, “从严从实抓好巡察整改”,
  “主要做法和成效”), by a report of how it was organised and who carried it
  (“组织落实整改情况”, “整改工作组织情况”, “巡视整改主体责任落实情况”), or
  by what comes next (“下一步工作打算”, “后续工作安排”).

Keyword lines (also the form of ``IssueType.keywords`` in the database):

* ``词`` — tags from a heading; in the body it needs company;
* ``*词`` — strong: specific enough to count double in the body (公务用车);
* ``^词`` — heading only: too common in running text to count there (发展);
* ``-词`` — exclusion: this phrase is not evidence for the type, even where it
  contains a keyword (``-整改主体责任`` keeps the rectification's own
  responsibility out of 两个责任);
* ``>词`` — scope: a heading naming it frames everything below it, so every
  child and grandchild carries the type whatever topic it names (the problems
  under “上轮巡察反馈问题整改不彻底方面” are all problems left over from the
  last round); combines with ``*`` and ``^`` (``*>上轮巡察``);
* ``词 [甲 乙]`` — counts only in a sentence (or heading) that also contains
  甲 or 乙 (``信访 [移交 线索 件]``); combines with ``*``, ``^`` and ``>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .result import ParsedSection

#: Marks a keyword line as strong / heading only / a scope / an exclusion.
STRONG_MARK = "*"
HEADING_MARK = "^"
SCOPE_MARK = ">"
EXCLUDE_MARK = "-"

#: Body weight of one strong / one ordinary keyword hit.
STRONG_WEIGHT = 2
WEAK_WEIGHT = 1
#: Body weight that tags a section by its text alone.
BODY_WEIGHT_NEEDED = 3
#: ... and the share of the best-supported type's body weight it must reach.
BODY_SHARE_OF_TOP = 0.3
#: Body weight that adds a type to a section whose heading already names another: the heading says
#: what the section is about, so its text must dwell on a further type, not touch it in passing.
BODY_WEIGHT_BESIDE_HEADING = 6

#: A child's text this many times the body weight needed, on other types only, leaves its parent's aside.
CLEARLY_ELSEWHERE = 3

_CONTEXT = re.compile(r"^(?P<word>[^\[]+?)\s*\[(?P<context>[^\]]*)\]\s*$")
_SENTENCE_END = re.compile(r"(?<=[。;!?\n])")
#: The lead of a numbered point inside a text: ``三是认真办理……信访件。``.
_POINT_LEAD = re.compile(r"(?:^|[。\n])\s*(?:[一二三四五六七八九十]+是|首先|其次|再次|最后)(?P<lead>[^。;\n]{2,60})")
#: An aspect heading groups several problems: ``干部规矩意识方面``, ``执行组织纪律方面的问题``.
_ASPECT = re.compile(r"方面(?:的?问题|存在的问题)?$")
#: A heading that names a problem (quoted finding, ``关于……``, ``……问题``, ``……方面``) or holds the
#: problems (``反馈意见落实情况``, ``整改落实情况``). A quotation of six characters or fewer is a set phrase
#: (“一岗双责”, “两个维护”), not a finding: a finding quoted from the feedback is a clause.
_PROBLEM = re.compile(r"“(?![^”]{1,6}”)|^关于|问题|方面|不到位|不够|不足|不严|不力|反馈|落实情况")
#: Words of a block about the rectification work itself (overview, next steps).
_WORK = re.compile(
    r"(?:巡视|巡察|整改)(?:整改)?(?:政治)?(?:工作|落实|任务|成果|责任)|政治担当|下一步|下阶段|下一阶段|今后|长效机制|组织领导|思想认识|以上率下"
    r"|整改(?:工作)?主体责任|政治站位|高度重视|统一思想|(?:总体|基本|开展|推进)情况"
    r"|主要做法|(?:整改|工作)成效|下步|后续工作"
)
_NEXT_STEPS_OPENING = re.compile(r"下一步|下阶段|下一阶段|今后")
#: A heading that reports how the rectification itself was organised and carried (“组织落实整改情况”,
#: “党委及主要负责人组织整改落实情况”, “整改工作组织情况”, “巡视整改主体责任落实情况”): it opens an
#: overview block even where it ends in words that otherwise mark a heading holding the problems (落实情况).
_ORGANISING = re.compile(r"组织(?:落实|实施)?整改|整改(?:工作)?的?组织|(?:巡视|巡察|整改)(?:工作)?主体责任")
#: A clause that ends on the rectification as its object (“从严从实抓好巡察整改”, “持续深化整改”) speaks
#: of the work itself; a problem named before it (“逐项对照反馈问题整改”) is caught by :data:`_PROBLEM` first.
_ENDS_ON_THE_RECTIFICATION = re.compile(r"整改(?:[,,;;、]|$)")
#: A heading inside an overview block that speaks of the rectification or the inspection work (持续扩大整改成果,
#: 注重以改促建,推进全区发展): whatever topic it names is named as the rectification's aim.
#: So does one naming the responsibility for it (“深化工作认识,扛牢主体责任”, “切实履行主体责任”): inside
#: such a block that is the rectification's own responsibility, not 全面从严治党's.
_ABOUT_THE_RECTIFICATION = re.compile(r"整改|以改促|以巡促|以查促|巡视工作|巡察工作|主体责任|第一责任|一岗双责")


@dataclass(frozen=True)
class Keyword:
    """One keyword line, parsed."""

    word: str
    strong: bool = False
    heading_only: bool = False
    context: tuple[str, ...] = ()
    scope: bool = False


@dataclass(frozen=True)
class Rule:
    """One issue type's keyword lines (see the module docstring for their forms)."""

    name: str
    keywords: tuple[Keyword, ...]
    exclude: tuple[str, ...] = ()
    errors: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_lines(cls, name: str, lines: Iterable[str]) -> Rule:
        """A rule from keyword lines; blank lines are skipped, malformed ones listed in ``errors``."""
        keywords: dict[str, Keyword] = {}
        exclude: list[str] = []
        errors: list[str] = []
        for raw in lines:
            line = raw.strip()
            if not line:
                continue
            if line.startswith(EXCLUDE_MARK):
                if word := line[len(EXCLUDE_MARK) :].strip():
                    exclude.append(word)
                continue
            marks = ""
            while line[:1] in (STRONG_MARK, HEADING_MARK, SCOPE_MARK):
                marks, line = marks + line[0], line[1:].strip()
            strong, heading_only, scope = STRONG_MARK in marks, HEADING_MARK in marks, SCOPE_MARK in marks
            context: tuple[str, ...] = ()
            if "[" in line or "]" in line:
                found = _CONTEXT.match(line)
                if not found or not found["context"].split():
                    errors.append(raw.strip())
                    continue
                line, context = found["word"].strip(), tuple(found["context"].split())
            if line and line not in keywords:
                keywords[line] = Keyword(line, strong, heading_only, context, scope)
        return cls(name, tuple(keywords.values()), tuple(dict.fromkeys(exclude)), tuple(errors))

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(k.word for k in self.keywords)

    @property
    def strong(self) -> tuple[str, ...]:
        return tuple(k.word for k in self.keywords if k.strong)

    def _mask(self, text: str) -> str:
        for phrase in self.exclude:
            text = text.replace(phrase, "〇" * len(phrase))
        return text

    def in_heading(self, heading: str, context: str = "") -> bool:
        """Whether the heading names this type (context words may also come from ``context``)."""
        heading = self._mask(heading)
        around = f"{heading}\n{self._mask(context)}" if context else heading
        return any(_count(k, heading, around) for k in self.keywords)

    def frames(self, heading: str) -> bool:
        """Whether the heading names this type by a scope keyword, framing every section below it."""
        heading = self._mask(heading)
        return any(_count(k, heading) for k in self.keywords if k.scope)

    def body_weight(self, body: str) -> int:
        """The weighed keyword hits of a body (heading-only keywords do not count)."""
        body = self._mask(body)
        sentences = _SENTENCE_END.split(body) if any(k.context for k in self.keywords) else [body]
        total = 0
        for k in self.keywords:
            if k.heading_only:
                continue
            hits = sum(_count(k, sentence) for sentence in sentences)
            total += hits * (STRONG_WEIGHT if k.strong else WEAK_WEIGHT)
        return total


def _count(keyword: Keyword, text: str, around: str | None = None) -> int:
    """Hits of the keyword in ``text``; a context keyword needs a context word in ``around`` (else ``text``)."""
    hits = text.count(keyword.word)
    if hits and keyword.context and not any(c in (around or text) for c in keyword.context):
        return 0
    return hits


def section_types(heading: str, body: str, rules: Iterable[Rule]) -> list[str]:
    """The issue types (in rule order) of a lone section: its heading and its substantive body."""
    rules = list(rules)
    return [rule.name for rule in rules if rule.name in _own_types(heading, body, rules, overview=False)]


def _own_types(heading: str, body: str, rules: Sequence[Rule], *, overview: bool) -> set[str]:
    """Types a section shows itself, before any context from the outline."""
    own = {rule.name for rule in rules if rule.in_heading(heading)}
    if overview:
        points = list(_POINT_LEAD.finditer(body))
        for i, point in enumerate(points):
            if _ABOUT_THE_RECTIFICATION.search(point["lead"]):
                continue  # “一是压实主体责任”: the rectification's own responsibility, as in a heading of the block
            # The lead decides; the rest of the point may supply a context word (巡察组移交的……).
            text = body[point.start() : points[i + 1].start() if i + 1 < len(points) else len(body)]
            own |= {rule.name for rule in rules if rule.in_heading(point["lead"], text)}
        return own
    weights = {rule.name: rule.body_weight(body) for rule in rules}
    top = max(weights.values(), default=0)
    needed = BODY_WEIGHT_BESIDE_HEADING if own else BODY_WEIGHT_NEEDED
    own |= {name for name, w in weights.items() if w >= needed and w >= top * BODY_SHARE_OF_TOP}
    return own


def is_overview(section: ParsedSection, parent_overview: bool) -> bool:
    """Whether a section speaks about the rectification work itself rather than a problem.

    Only a top-level section opens such a block (a measure under a problem that
    mentions 长效机制 is still about that problem); its children belong to it
    unless their heading names a problem. A heading reporting how the
    rectification was organised (“党委及主要负责人组织落实整改情况”) opens one
    at any level where it reads as a report (ends in 情况), and the block's
    own title may end on the rectification as its object (“抓好巡察整改”).
    """
    heading = section.heading
    top = "." not in section.path
    # “……组织整改落实情况” reports the work, though it ends like a heading holding the problems; one that
    # names a problem before that ending (“关于落实整改主体责任不到位的问题”) is still a problem.
    organising = _ORGANISING.search(heading) and not _PROBLEM.search(heading.removesuffix("落实情况"))
    if organising and (top or heading.endswith("情况")):
        return True
    if heading and _PROBLEM.search(heading):
        return False
    if parent_overview:
        return True
    if not top:
        return False
    opening = section.text[:80]
    return bool(
        _WORK.search(heading) or _ENDS_ON_THE_RECTIFICATION.search(heading) or _NEXT_STEPS_OPENING.search(opening)
    )


def _parent_path(path: str) -> str | None:
    return path.rsplit(".", 1)[0] if "." in path else None


def tag_sections(sections: Iterable[ParsedSection], rules: Iterable[Rule]) -> None:
    """Set every section's ``issue_types``, reading each in the context of the headings above it.

    ``sections`` is a flat iterable (``ParsedNotice.iter_sections()`` or stored
    rows); parents are found by ``path``, so children need not be attached.
    """
    rules = list(rules)
    order = {rule.name: i for i, rule in enumerate(rules)}
    done: dict[str, _Context] = {}
    for section in sorted(sections, key=lambda s: s.path.count(".")):
        parent = done.get(_parent_path(section.path) or "", _Context())
        overview = is_overview(section, parent.overview)
        # An overview block's own title frames the work ("提高政治站位,抓紧抓实整改"): it names no topic;
        # nor does a heading inside the block that speaks of the rectification itself.
        framing = overview and (not parent.overview or _ABOUT_THE_RECTIFICATION.search(section.heading))
        heading = "" if framing else section.heading
        own = _own_types(heading, section.text, rules, overview=overview)
        types = own | parent.scope
        if not (overview or parent.overview) and parent.types and not (own & parent.types):
            if not _elsewhere(section, own, parent, rules):
                types |= parent.types
        # Nothing frames the sections of an overview block: there every topic is named in passing.
        scope = set() if overview else parent.scope | {rule.name for rule in rules if rule.frames(heading)}
        done.setdefault(section.path, _Context(types, overview, section.heading, scope))
        section.issue_types = sorted(types, key=order.__getitem__)


def _elsewhere(section: ParsedSection, own: set[str], parent: _Context, rules: Sequence[Rule]) -> bool:
    """Whether a child whose own types differ from its parent's is clearly about something else.

    Under an aspect heading (which groups several problems) a child showing
    types of its own, by its heading or its text, is a problem of its own.
    Anywhere else a child whose text has a word of its parent's types is a
    measure against its parent's problem; without such a word, a child whose
    heading names a type of its own is about that (“聚焦重点领域廉政风险防控”
    under a 两个责任 heading, “加强交通综合整治” under a 四风 problem), and a
    child whose heading names nothing is about something else only when its
    text dwells on other types (:data:`CLEARLY_ELSEWHERE` times the body weight
    needed).
    """
    if own and _ASPECT.search(parent.heading):
        return True
    weights = {rule.name: rule.body_weight(section.text) for rule in rules}
    if any(weights[name] for name in parent.types if name in weights):
        return False
    if any(rule.in_heading(section.heading) for rule in rules):
        return True
    return max(weights.values(), default=0) >= CLEARLY_ELSEWHERE * BODY_WEIGHT_NEEDED


@dataclass(frozen=True)
class _Context:
    """What a child needs to know of its parent."""

    types: set[str] = field(default_factory=set)
    overview: bool = False
    heading: str = ""
    #: Types framed by a scope keyword in this heading or one above it: every section below carries them.
    scope: set[str] = field(default_factory=set)


#: A notice's main types cover at least this share of its tagged leaf sections ...
MAIN_SHARE = 0.15
#: ... and at least this many of them, in a notice with at least :data:`MAIN_SMALL` tagged leaves (else one).
MAIN_MIN_SECTIONS = 2
MAIN_SMALL = 5


def main_types(sections: Iterable[ParsedSection]) -> list[str]:
    """A notice's main issue types: those covering a real share of its sections, most-covered first.

    Counted over *leaf* sections (the measures, not the headings that group
    them) that carry any type: a type is main when it tags at least
    :data:`MAIN_SHARE` of them and at least :data:`MAIN_MIN_SECTIONS` (one in a
    notice with fewer than :data:`MAIN_SMALL` tagged leaves). Sections are read by
    ``path``, so stored rows without children will do.
    """
    sections = list(sections)
    parents = {_parent_path(s.path) for s in sections}
    leaves = [s for s in sections if s.path not in parents and s.issue_types]
    if not leaves:
        return []
    counts: dict[str, int] = {}
    for section in leaves:
        for name in section.issue_types:
            counts[name] = counts.get(name, 0) + 1
    needed = max(MAIN_SHARE * len(leaves), MAIN_MIN_SECTIONS if len(leaves) >= MAIN_SMALL else 1)
    ranked = sorted(counts.items(), key=lambda item: -item[1])  # stable: ties keep first-seen order
    return [name for name, count in ranked if count >= needed]
