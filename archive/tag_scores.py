"""How well tagging rules agree with hand-labelled sections: precision, recall and F1 per issue type.

The labelled file (setting ``ARCHIVE_LABELLED_SECTIONS``) is the corpus's
``section_types.json``: ``{"notices": [{"file": ..., "sections": [{"path", "types"}]}]}``,
each ``file`` relative to the labelled file's folder. The notices are parsed
once per process; scoring a rule set only re-tags their sections.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .parsing import parse_notice
from .parsing.result import ParsedSection
from .parsing.tagging import Rule, tag_sections


class LabelsUnavailable(Exception):
    """The labelled file or a notice it names cannot be read; the message says which, in Chinese."""


@dataclass(frozen=True)
class LabelledNotice:
    """One labelled notice: its parsed sections and the hand labels by path."""

    name: str
    sections: tuple[ParsedSection, ...]
    labels: dict[str, frozenset[str]]


@dataclass(frozen=True)
class TypeScore:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if not p or not r:
            return 0.0 if (p is not None or r is not None) else None
        return 2 * p * r / (p + r)


@dataclass(frozen=True)
class Scores:
    """Scores of one rule set: per type (in rule order) and micro-averaged over all labels."""

    per_type: tuple[TypeScore, ...]
    sections: int
    missing: tuple[str, ...] = field(default=())  # labelled paths the parser did not find

    @property
    def micro(self) -> TypeScore:
        return TypeScore(
            "全部",
            sum(s.tp for s in self.per_type),
            sum(s.fp for s in self.per_type),
            sum(s.fn for s in self.per_type),
        )

    def of(self, name: str) -> TypeScore:
        return next((s for s in self.per_type if s.name == name), TypeScore(name))


def labelled_path() -> Path:
    return Path(settings.ARCHIVE_LABELLED_SECTIONS)


def load_labelled(path: Path | None = None) -> tuple[LabelledNotice, ...]:
    """The labelled notices, parsed; raises :class:`LabelsUnavailable` when they cannot be read."""
    path = Path(path or labelled_path())
    try:
        stamp = path.stat().st_mtime_ns
    except OSError as exc:
        raise LabelsUnavailable(f"找不到人工标注文件 {path.name}(设置 ARCHIVE_LABELLED_SECTIONS)。") from exc
    return _load(str(path), stamp)


@lru_cache(maxsize=4)
def _load(path: str, stamp: int) -> tuple[LabelledNotice, ...]:
    folder = Path(path).parent
    try:
        with open(path, encoding="utf-8") as fh:
            entries = json.load(fh)["notices"]
        notices = []
        for entry in entries:
            text = (folder / entry["file"]).read_text(encoding="utf-8")
            parsed = parse_notice(text)
            labels = {item["path"]: frozenset(item["types"]) for item in entry["sections"]}
            notices.append(LabelledNotice(entry["file"], tuple(parsed.iter_sections()), labels))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise LabelsUnavailable(f"人工标注文件 {Path(path).name} 无法读取:{exc}") from exc
    return tuple(notices)


def score_rules(rules: list[Rule], notices: tuple[LabelledNotice, ...]) -> Scores:
    """Tag the labelled notices' sections with ``rules`` and compare with the hand labels."""
    tp, fp, fn = Counter(), Counter(), Counter()
    missing, count = [], 0
    for notice in notices:
        sections = [copy.copy(s) for s in notice.sections]
        tag_sections(sections, rules)
        by_path = {s.path: set(s.issue_types) for s in sections}
        for path, wanted in notice.labels.items():
            if path not in by_path:
                missing.append(f"{notice.name} {path}")
            got = by_path.get(path, set())
            count += 1
            for name in got & wanted:
                tp[name] += 1
            for name in got - wanted:
                fp[name] += 1
            for name in wanted - got:
                fn[name] += 1
    names = [rule.name for rule in rules]
    names += sorted((set(tp) | set(fn)) - set(names))
    per_type = tuple(TypeScore(name, tp[name], fp[name], fn[name]) for name in names)
    return Scores(per_type, count, tuple(missing))


def format_table(scores: Scores) -> str:
    """A plain-text table of the scores (for the test output and the command line)."""

    def pct(value: float | None) -> str:
        return "   —" if value is None else f"{value:4.2f}"

    lines = [f"{'类型':<8}  P     R     F1    对 错 漏"]
    for s in (*scores.per_type, scores.micro):
        lines.append(f"{s.name:<8}  {pct(s.precision)}  {pct(s.recall)}  {pct(s.f1)}  {s.tp:3d} {s.fp:2d} {s.fn:2d}")
    return "\n".join(lines)


@dataclass(frozen=True)
class PreviewRow:
    """One type's scores before and after a keyword change."""

    name: str
    before: TypeScore
    after: TypeScore

    @property
    def changed(self) -> bool:
        return (self.before.tp, self.before.fp, self.before.fn) != (self.after.tp, self.after.fp, self.after.fn)


@dataclass(frozen=True)
class KeywordPreview:
    """How replacing one type's keyword lines moves the scores on the labelled sections."""

    rows: tuple[PreviewRow, ...] = ()
    total: PreviewRow | None = None
    sections: int = 0
    unavailable: str = ""  # why there is no preview (Chinese), else ""
    line_errors: tuple[str, ...] = ()


def preview_keywords(*, rules: list[Rule], name: str, keywords: str, old_name: str | None = None) -> KeywordPreview:
    """Scores per type before (``rules``) and after this type's keywords become ``keywords``.

    ``old_name`` is the type's stored name when it is being renamed (None for a new type).
    """
    new_rule = Rule.from_lines(name, keywords.splitlines())
    replaced = old_name if old_name is not None else name
    after_rules = [new_rule if rule.name == replaced else rule for rule in rules]
    if all(rule.name != replaced for rule in rules):
        after_rules.append(new_rule)
    try:
        notices = load_labelled()
    except LabelsUnavailable as exc:
        return KeywordPreview(unavailable=str(exc), line_errors=new_rule.errors)
    before, after = score_rules(rules, notices), score_rules(after_rules, notices)
    names = list(dict.fromkeys([s.name for s in after.per_type] + [s.name for s in before.per_type]))
    rows = tuple(PreviewRow(n, before.of(n), after.of(n)) for n in names)
    return KeywordPreview(rows, PreviewRow("全部", before.micro, after.micro), after.sections, "", new_rule.errors)
