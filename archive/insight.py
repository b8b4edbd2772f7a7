"""Reads for the pages across notices: filters, a body's timeline and repeat problems, a round's units, comparison.

Every number shown comes from a QuerySet here or in :mod:`archive.stats`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Q, Sum
from django.urls import reverse

from search.backends.base import FACETS
from search.filters import resolve_values

from . import reading, stats
from .key_figures import BY_SLUG, KEY_FIGURES
from .models import Committee, InspectionRound, IssueType, IssuingBody, Notice, RoundUnit, Section

FILTER_PARAMS = (*FACETS, "q", "from", "to")
MAX_COMPARED = 4
SECTIONS_PER_CELL = 5


def filter_query(params) -> str:
    """The filter parameters of ``params`` as a query string (for links that keep the filters)."""
    return urlencode([(name, v) for name in FILTER_PARAMS for v in params.getlist(name) if v][:50])


def stats_url(**params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("archive:stats") + (f"?{query}" if query else "")


def filter_form(params) -> dict:
    """What the statistics page's filter form shows: the query, choices with the current selection, fixed filters."""

    def options(name, pairs):
        chosen = set(params.getlist(name))
        return [{"value": str(v), "label": label, "selected": str(v) in chosen} for v, label in pairs]

    years = Notice.objects.published().rectification().with_year().exclude(archive_year=None)
    year_values = sorted(years.values_list("archive_year", flat=True).order_by().distinct(), reverse=True)
    organs = Committee.objects.filter(notices__status=Notice.Status.PUBLISHED).distinct()
    fixed = []
    # Named by slug (old links: by id); the form carries them on as slugs.
    bodies = {b.pk: b for b in resolve_values("body", params.getlist("body")).values()}
    fixed += [("body", b.slug, f"发布机关:{b.name}") for b in bodies.values()]
    rounds = {r.pk: r for r in resolve_values("round", params.getlist("round")).values()}
    fixed += [("round", r.slug, f"轮次:{r.display_name}") for r in rounds.values()]
    return {
        "q": params.get("q", ""),
        "selects": [
            ("kind", "类别", options("kind", Notice.Kind.choices)),
            ("organ", "巡视巡察机关", options("organ", [(c.slug, c.name) for c in organs])),
            ("year", "年份", options("year", [(y, y) for y in year_values])),
            ("type", "问题类型", options("type", IssueType.objects.values_list("slug", "name"))),
        ],
        "fixed": fixed,
        "search_url": reverse("search:search") + (f"?{filter_query(params)}" if filter_query(params) else ""),
    }


@dataclass
class FigureSelection:
    figure: object = None
    year: int | None = None
    level: str | None = None
    errors: list[str] = field(default_factory=list)

    def figures(self, notices):
        return stats.key_figure_clauses(notices, self.figure.slug, year=self.year, level=self.level)

    @property
    def description(self) -> str:
        parts = [self.figure.label if self.figure else ""]
        if self.year is not None:
            parts.append(f"{self.year}年" if self.year else "未注明年份")
        if self.level is not None:
            parts.append(dict(stats.LEVEL_LABELS)[self.level])
        return " · ".join(p for p in parts if p)


def figure_selection(params) -> FigureSelection:
    """Which total's clauses to list: ``figure`` (a key figure), optional ``year`` (0: undated) and ``level``."""
    selection = FigureSelection()
    selection.figure = BY_SLUG.get(params.get("figure", ""))
    if selection.figure is None:
        selection.errors.append("请选择要查看的数据项(figure):" + "、".join(f.label for f in KEY_FIGURES) + "。")
    raw_year = params.get("year", "")
    if raw_year:
        if raw_year.isdigit() and len(raw_year) <= 4:
            selection.year = int(raw_year)
        else:
            selection.errors.append(f"年份(year):“{raw_year[:20]}”无效,已忽略。")
    if "level" in params:
        level = params.get("level", "")
        if level in dict(stats.LEVEL_LABELS):
            selection.level = level
        else:
            selection.errors.append(f"层级(level):“{level[:20]}”无效,已忽略。")
    return selection


# --- an issuing body ---------------------------------------------------------------------------------


def body_notices(body: IssuingBody):
    """Published notices of the body, or about it as the inspected unit, oldest first."""
    names = [body.name, *body.aliases]
    notices = Notice.objects.published().filter(Q(issuing_body=body) | Q(inspected_unit__in=names))
    return notices.select_related("inspection_round__committee", "inspecting_committee").order_by(
        "feedback_on", "published_on", "id"
    )


SENTENCE_END = re.compile(r"[。;!\n]")
LOOKBACK = "回头看"


def lookback_sentences(text: str, limit: int = 2) -> list[str]:
    """Sentences that speak of a later 回头看 (a return inspection), as printed, at most ``limit``."""
    # Split, then pick: a pattern that searches for the word inside a sentence tries every start and is quadratic.
    if LOOKBACK not in text:
        return []
    found = [part.strip() for part in SENTENCE_END.split(text) if LOOKBACK in part][:limit]
    return [s if len(s) <= 120 else s[:119] + "…" for s in found]


@dataclass
class TimelineEntry:
    notice: Notice
    events: list[tuple[str, str]]  # (what, when)
    delay_days: int | None
    shares: list[tuple[IssueType, int, float]]
    lookbacks: list[str]


def timeline(notices) -> list[TimelineEntry]:
    """One entry per notice: its inspection period, feedback and publication, 回头看 sentences, issue-type shares."""
    notices = list(notices)
    shares = Notice.objects.filter(pk__in=[n.pk for n in notices]).type_shares()
    entries = []
    for notice in notices:
        events = [
            ("巡视巡察", reading.period(notice)),
            ("反馈", reading.format_date(notice.feedback_on, notice.feedback_on_precision)),
            ("公开", reading.format_date(notice.published_on)),
        ]
        delay = None
        if notice.feedback_on and notice.published_on and notice.feedback_on_precision == "day":
            delay = (notice.published_on - notice.feedback_on).days
        entries.append(
            TimelineEntry(
                notice,
                [(what, when) for what, when in events if when],
                delay,
                shares.get(notice.pk, [])[:5],
                lookback_sentences(notice.text),
            )
        )
    return entries


@dataclass
class Repeat:
    issue_type: IssueType
    columns: list[tuple[Notice, list[Section], int]]  # notice, first sections, how many in all


def repeat_problems(notices) -> list[Repeat]:
    """Issue types found in two or more rectification notices of the body, with the sections behind them."""
    ordered = [n for n in notices if n.document_kind == Notice.DocumentKind.NOTICE]
    if len(ordered) < 2:
        return []
    # Section ids in document order per (type, notice); only the sections shown are loaded.
    by_pair: dict[tuple[int, int], list[int]] = defaultdict(list)
    links = Section.issue_types.through.objects.filter(section__notice__in=[n.pk for n in ordered])
    for type_id, notice_id, section_id in links.order_by("section__order").values_list(
        "issuetype_id", "section__notice_id", "section_id"
    ):
        by_pair[(type_id, notice_id)].append(section_id)
    shown = {section_id for ids in by_pair.values() for section_id in ids[:SECTIONS_PER_CELL]}
    sections = Section.objects.only("notice_id", "number", "heading", "path").in_bulk(shown)
    notices_by_pk = {n.pk: n for n in ordered}
    repeats = []
    for issue_type in IssueType.objects.all():
        columns = []
        for notice in ordered:
            found = by_pair.get((issue_type.pk, notice.pk), [])
            if found:
                first = [sections[section_id] for section_id in found[:SECTIONS_PER_CELL]]
                for section in first:
                    section.notice = notices_by_pk[notice.pk]
                columns.append((notice, first, len(found)))
        if len(columns) >= 2:
            repeats.append(Repeat(issue_type, columns))
    return repeats


# --- a round -----------------------------------------------------------------------------------------


@dataclass
class UnitStatus:
    unit: RoundUnit
    published: bool
    feedback_on: dt.date | None
    days: int | None  # feedback to publication, or feedback to today while unpublished


#: What a round's unit row reads of the unit and its two notices (not their texts).
UNIT_ROW_FIELDS = (
    "inspection_round_id", "name", "key", "corrected", "notice__key", "notice__status", "notice__document_kind",
    "notice__feedback_on", "notice__published_on", "source__key", "source__status", "source__document_kind",
    "source__feedback_on",
)  # fmt: skip


def round_units(inspection_round: InspectionRound, *, today: dt.date | None = None) -> list[UnitStatus]:
    """The round's units with their rectification notice's state; unpublished ones first, longest waiting first."""
    today = today or dt.date.today()
    rows = []
    for unit in inspection_round.units.select_related("notice", "source").only(*UNIT_ROW_FIELDS):
        notice = unit.notice
        published = bool(notice and notice.is_published and notice.document_kind == Notice.DocumentKind.NOTICE)
        feedback = (notice and notice.feedback_on) or (unit.source and unit.source.feedback_on)
        if published and feedback and notice.published_on:
            days = (notice.published_on - feedback).days
        else:
            days = (today - feedback).days if feedback and not published else None
        rows.append(UnitStatus(unit, published, feedback, days))
    return sorted(rows, key=lambda r: (r.published, -(r.days or 0), r.unit.name))


# --- comparison --------------------------------------------------------------------------------------


@dataclass
class Comparison:
    notices: list[Notice] = field(default_factory=list)
    types: list[tuple[str, list[tuple[int, float]]]] = field(default_factory=list)
    facts: list[tuple[str, list[str]]] = field(default_factory=list)
    figures: list[tuple[str, list[str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return len(self.notices) >= 2


def comparison(keys: list[str]) -> Comparison:
    """Two to four published notices side by side: sections per issue type, facts, key figures."""
    result = Comparison()
    wanted = list(dict.fromkeys(k for k in keys if k))[:MAX_COMPARED]
    if len(dict.fromkeys(k for k in keys if k)) > MAX_COMPARED:
        result.errors.append(f"最多比较 {MAX_COMPARED} 篇通报,已取前 {MAX_COMPARED} 篇。")
    found = (
        Notice.objects.published()
        .select_related("issuing_body", "inspecting_committee")
        .in_bulk(wanted, field_name="key")
    )
    missing = [k[:40] for k in wanted if k not in found]
    if missing:
        result.errors.append("找不到这些通报:" + "、".join(missing) + "。")
    result.notices = [found[k] for k in wanted if k in found]
    if not result.ready:
        if wanted:
            result.errors.append("请选择两到四篇通报进行比较。")
        return result
    shares = Notice.objects.filter(pk__in=[n.pk for n in result.notices]).type_shares()
    per_notice = [{t.name: (n, share) for t, n, share in shares[notice.pk]} for notice in result.notices]
    for name in IssueType.objects.values_list("name", flat=True):
        cells = [row.get(name, (0, 0.0)) for row in per_notice]
        if any(n for n, _ in cells):
            result.types.append((name, cells))
    for label in (
        "发布机关",
        "类别",
        "巡视巡察机关",
        "巡视巡察组",
        "被巡视巡察单位",
        "巡视巡察时间",
        "反馈日期",
        "发布日期",
    ):
        values = [next((f["value"] for f in reading.facts(n) if f["label"] == label), "") for n in result.notices]
        if any(values):
            result.facts.append((label, values))
    for figure in KEY_FIGURES:
        values = []
        for notice in result.notices:
            total = notice.figures.key_figure(figure.slug).aggregate(total=Sum("value"))["total"]
            values.append("" if total is None else f"{_plain_number(total)} {figure.unit_label}")
        result.figures.append((figure.label, values))
    return result


def _plain_number(value) -> str:
    return f"{int(value):,}" if value == int(value) else f"{float(value):,.2f}"
