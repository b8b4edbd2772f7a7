"""What the reading pages show: section trees, navigation, facts, highlighting.

Views stay thin; everything here works on rows already loaded, so a notice
page costs a fixed number of queries however many sections it has.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote, urlencode

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import InspectionRound, IssueType, IssuingBody, Notice, Section
from .parsing.tagging import main_types

logger = logging.getLogger(__name__)

#: A section path as the outline makes it: printed numbers joined by dots (``2.4.11.18``); a number
#: repeated under the same parent gets ``-2``, ``-3`` … (``1.1-2``), and its subsections keep that part.
PATH_PATTERN = re.compile(r"[1-9][0-9]{0,3}(?:-[1-9][0-9]{0,2})?(?:\.[1-9][0-9]{0,3}(?:-[1-9][0-9]{0,2})?){0,7}")
#: Keys and slugs as the archive makes them; anything else (NUL bytes, punctuation) never reaches the database.
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,32}")
SLUG_PATTERN = re.compile(r"[\w-]{1,50}")
MAX_QUERY_LENGTH = 200
SIMILAR_LIMIT = 5


@dataclass
class Node:
    """A section ready to render: its paragraphs (escaped, terms marked) and its children."""

    section: Section
    paragraphs: list[SafeString]
    heading: SafeString
    permalink: str
    children: list[Node] = field(default_factory=list)
    heading_offset: int = 1

    @property
    def heading_level(self) -> int:
        """``h`` level of the heading: the depth shifted by the page's offset, within h1–h6."""
        return max(1, min(self.section.depth + self.heading_offset, 6))


def published_notice(key: str) -> Notice:
    """The published notice with ``key``; Http404 for unknown, malformed or unpublished keys."""
    if not KEY_PATTERN.fullmatch(key):
        raise Http404("没有这份通报。")
    queryset = Notice.objects.published().select_related(
        "issuing_body", "inspection_round__committee", "inspecting_committee", "previous_version"
    )
    return get_object_or_404(queryset, key=key)


def issue_type_or_404(slug: str) -> IssueType:
    """The issue type with ``slug``; Http404 for unknown or malformed slugs."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise Http404("没有这个问题类型。")
    return get_object_or_404(IssueType, slug=slug)


def valid_path(path: str) -> bool:
    """Whether ``path`` is well formed (``2``, ``2.1.3``); rejects ``..``, ``1..2`` and long input."""
    return len(path) <= 50 and PATH_PATTERN.fullmatch(path) is not None


def ancestor_paths(path: str) -> list[str]:
    """The paths above ``path``, nearest first: ``2.1.3`` → ``["2.1", "2"]``."""
    parts = path.split(".")
    return [".".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]


def nearest_existing_ancestor(sections: list[Section], path: str) -> Section | None:
    """The closest ancestor of a missing ``path`` that the notice still has."""
    by_path = {s.path: s for s in sections}
    for candidate in ancestor_paths(path):
        if candidate in by_path:
            return by_path[candidate]
    return None


def load_sections(notice: Notice) -> list[Section]:
    """All sections of ``notice`` in document order, with their issue types prefetched."""
    return list(notice.sections.order_by("order").prefetch_related("issue_types"))


def query_terms(q: str) -> list[str]:
    """The terms of a search query, as the search engine reads them."""
    q = (q or "").strip()[:MAX_QUERY_LENGTH]
    if not q:
        return []
    from search.highlight import query_terms as search_terms

    return search_terms(q)


def marked(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with ``terms`` wrapped in ``<mark>`` when there are any."""
    if not terms:
        return mark_safe(escape(text))
    from search.highlight import highlight

    return highlight(text, terms)


def paragraphs(text: str, terms: list[str]) -> list[SafeString]:
    """The non-empty lines of ``text``, each escaped and marked."""
    return [marked(line.strip(), terms) for line in (text or "").split("\n") if line.strip()]


def build_tree(sections: list[Section], *, terms: list[str], absolute, heading_offset: int = 1) -> list[Node]:
    """Nest the flat, ordered ``sections`` into nodes; ``absolute`` turns a path into a full URL.

    ``heading_offset`` is added to a section's depth for its heading level: 1
    on the notice page (the title is h1), ``1 - depth`` to make one section h1.
    """
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for section in sections:
        node = Node(
            section=section,
            paragraphs=paragraphs(section.text, terms),
            heading=marked(section.heading, terms),
            permalink=absolute(section.get_absolute_url()),
            heading_offset=heading_offset,
        )
        nodes[section.pk] = node
        parent = nodes.get(section.parent_id) if section.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def find_node(roots: list[Node], section: Section) -> Node | None:
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node.section.pk == section.pk:
            return node
        stack.extend(node.children)
    return None


def breadcrumb(sections: list[Section], section: Section) -> list[Section]:
    """The ancestors of ``section``, outermost first."""
    by_id = {s.pk: s for s in sections}
    chain = []
    current = by_id.get(section.parent_id)
    while current is not None:
        chain.append(current)
        current = by_id.get(current.parent_id)
    return chain[::-1]


def neighbours(sections: list[Section], section: Section) -> tuple[Section | None, Section | None]:
    """Previous and next place to read from ``section``.

    Next is the first section after this one's subsections (the page already
    shows them); previous is the previous sibling, else the parent.
    """
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    after = index + 1
    while after < len(sections) and sections[after].depth > section.depth:
        after += 1
    following = sections[after] if after < len(sections) else None
    siblings = [s for s in sections[:index] if s.parent_id == section.parent_id]
    previous = siblings[-1] if siblings else next((s for s in sections if s.pk == section.parent_id), None)
    return previous, following


def notice_issue_types(notice: Notice) -> list[IssueType]:
    """The notice's main issue types (``tagging.main_types``), most-covered first."""
    return main_issue_types([notice.pk])[notice.pk]


def with_main_types(notices: Iterable[Notice]) -> list[Notice]:
    """The notices with their main issue types set as ``main_types`` (for lists)."""
    notices = list(notices)
    types = main_issue_types(n.pk for n in notices)
    for notice in notices:
        notice.main_types = types[notice.pk]
    return notices


@dataclass(slots=True)
class _TaggedPath:
    """What ``main_types`` reads of a section: its path and its types (a full ParsedSection costs more)."""

    path: str
    issue_types: list[str] = field(default_factory=list)


def main_issue_types(notice_ids: Iterable[int]) -> dict[int, list[IssueType]]:
    """Each notice's main issue types, read in two queries whatever the number of notices."""
    notice_ids = list(notice_ids)
    rows: dict[int, dict[str, _TaggedPath]] = {pk: {} for pk in notice_ids}
    # No ordering: the default (by the notice's own ordering) joins every notice row, 8 ms at 10,000 on PostgreSQL.
    sections = Section.objects.filter(notice_id__in=notice_ids).order_by()
    for notice_id, path in sections.values_list("notice_id", "path"):
        rows[notice_id][path] = _TaggedPath(path)
    types = {t.pk: t for t in IssueType.objects.all()}
    links = Section.issue_types.through.objects.filter(section__notice_id__in=notice_ids)
    for notice_id, path, type_id in links.values_list("section__notice_id", "section__path", "issuetype_id"):
        rows[notice_id][path].issue_types.append(types[type_id].name)
    by_name = {t.name: t for t in types.values()}
    return {pk: [by_name[name] for name in main_types(sections.values())] for pk, sections in rows.items()}


def versions(notice: Notice) -> dict:
    """Published older and newer versions of ``notice``."""
    previous = notice.previous_version
    return {
        "previous": previous if previous is not None and previous.is_published else None,
        "newer": list(notice.newer_versions.published().order_by("-created_at")),
    }


def search_url(**params) -> str:
    """The search page with ``params`` as its query string (empty values left out)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("search:search") + (f"?{query}" if query else "")


def results_url(params) -> str:
    """The search page in the state ``params`` carry (query, filters, sort, page, open lists): the way back.

    Empty when they carry neither a query nor a filter (the page was not reached from a search). With
    a result's list of matching sections open, the link leads to that result.
    """
    from search.section_matches import is_search, opened, state_query

    if not is_search(params):
        return ""
    query = state_query(params)
    keys = opened(params)
    anchor = f"#all-{quote(keys[-1], safe='')}" if keys else ""
    return reverse("search:search") + (f"?{query}" if query else "") + anchor


def format_date(value: dt.date | None, precision: str = "day") -> str:
    """A date the way a Chinese reader writes it; month precision drops the day (2015年11月)."""
    if value is None:
        return ""
    if precision == "month":
        return f"{value.year}年{value.month}月"
    return f"{value.year}年{value.month}月{value.day}日"


def format_counts(counts: dict | None) -> str:
    """``{"aspects": 4, "categories": 11, "problems": 18, "items": 34}`` → 4个方面、11类、18个问题、34个小项."""
    if not counts:
        return ""
    labels = [("aspects", "{}个方面"), ("categories", "{}类"), ("problems", "{}个问题"), ("items", "{}个小项")]
    return "、".join(label.format(counts[name]) for name, label in labels if counts.get(name))


def format_progress(counts: dict | None) -> str:
    """The rectification's counts: 整改措施118条,已完成103条、正在推进15条,完成率87.1%."""
    if not counts:
        return ""
    labels = [
        ("measures", "整改措施{}条"),
        ("completed", "已完成{}"),
        ("in_progress", "正在推进{}"),
        ("not_completed", "未完成{}"),
        ("completion_rate", "完成率{}%"),
    ]
    return "、".join(label.format(_plain(counts[name])) for name, label in labels if counts.get(name) is not None)


def _plain(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def format_value(value: Decimal, unit: str) -> str:
    """A figure's value without trailing zeros, grouped by thousands: ``2,464,600 元``."""
    number = f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"
    return f"{number} {unit}".strip()


def period(notice: Notice) -> str:
    """The inspection period, ``2017年5月15日至6月30日`` style, or one end when only one is known."""
    start = format_date(notice.inspection_start, notice.inspection_start_precision)
    end = format_date(notice.inspection_end, notice.inspection_end_precision)
    if start and end:
        return f"{start}至{end}"
    return start or end


def _organ_row(notice: Notice) -> tuple:
    """The inspecting committee with its place (linking to its notices), else the organ as printed."""
    committee = notice.inspecting_committee
    if committee is None:
        return ("巡视巡察机关", notice.inspecting_organ, None)
    return ("巡视巡察机关", committee.name, search_url(organ=committee.slug))


def facts(notice: Notice) -> list[dict]:
    """The facts panel: label, value and (for facts the archive can browse by) a link."""
    body = notice.issuing_body
    round_ = notice.inspection_round
    rows = [
        ("标题", notice.title if notice.provenance.get("title") else "", None),
        ("发布机关", notice.issuing_body_text or (body.name if body else ""), body and search_url(body=body.slug)),
        ("来源", notice.source, None),
        ("原文地址", notice.source_url, notice.source_url),
        ("类别", notice.inspection_kind, notice.inspection_kind and search_url(kind=notice.inspection_kind)),
        _organ_row(notice),
        ("巡视巡察组", notice.inspection_group, None),
        ("轮次", round_.display_name if round_ else "", round_ and search_url(round=round_.slug)),
        ("被巡视巡察单位", notice.inspected_unit, None),
        ("巡视巡察时间", period(notice), None),
        ("反馈日期", format_date(notice.feedback_on, notice.feedback_on_precision), None),
        ("发布日期", format_date(notice.published_on), None),
        ("落款日期", format_date(notice.signed_on), None),
        ("反馈问题", format_counts(notice.problem_counts), None),
        ("整改进度", format_progress(notice.problem_counts), None),
        ("索引号", (notice.metadata or {}).get("索引号", ""), None),
    ]
    return [
        {
            "label": label,
            "value": value,
            "url": url or "",
            "source": fact_source(notice, FACT_PROVENANCE.get(label)),
            "external": label == "原文地址",
        }
        for label, value, url in rows
        if value and label != "标题"
    ]


#: Which provenance entry backs each row of the facts panel.
FACT_PROVENANCE = {
    "发布机关": "issuing_body",
    "来源": "source",
    "类别": "inspection_kind",
    "巡视巡察机关": "inspecting_organ",
    "巡视巡察组": "inspection_group",
    "轮次": "round_label",
    "被巡视巡察单位": "inspected_unit",
    "巡视巡察时间": "inspection_start",
    "反馈日期": "feedback_on",
    "发布日期": "published_on",
    "落款日期": "signed_on",
    "反馈问题": "problem_counts",
    "整改进度": "problem_counts",
}


def fact_source(notice: Notice, name: str | None) -> dict | None:
    """The sentence a fact was read from and the anchor of the part of the notice holding it
    (``provenance[name]["part"]``: a section path, ``preamble`` or ``closing``, set on import)."""
    found = notice.provenance.get(name) if name else None
    if not found or not found.get("quote"):
        return None
    part = found.get("part") or ""
    anchor = f"#{part}" if part in ("preamble", "closing") else (f"#s-{part.replace('.', '-')}" if part else "")
    return {"quote": found["quote"], "anchor": anchor}


def contact(notice: Notice) -> list[dict]:
    rows = [
        ("联系电话", notice.contact_phone),
        ("电子邮箱", notice.contact_email),
        ("邮政编码", notice.contact_postcode),
    ]
    return [{"label": label, "value": value} for label, value in rows if value]


def figures(notice: Notice) -> list[dict]:
    """Key figures with a link to the section they were taken from."""
    rows = []
    for figure in notice.figures.select_related("section").order_by("order"):
        anchor = f"#{figure.section.anchor}" if figure.section else ""
        value = figure.amount or format_value(figure.value, figure.unit)
        rows.append({"figure": figure, "value": value, "anchor": anchor})
    return rows


def similar_passages(section: Section) -> list | None:
    """Passages from other notices like ``section`` (``search.services.SimilarHit``: key,
    title, path, heading, snippet, url); ``None`` when the search backend fails."""
    try:
        from search.backends import get_backend

        hits = get_backend().similar_sections(section, limit=SIMILAR_LIMIT)
    except Exception:
        # A broken or missing index must not take the reading page down with it.
        logger.exception("similar passages failed for %s %s", section.notice.key, section.path)
        return None
    return [hit for hit in hits if hit.key != section.notice.key]


def page_meta(request, title: str, description: str) -> dict:
    """Canonical address (path only, absolute) and Open Graph texts for a page."""
    return {
        "canonical": request.build_absolute_uri(request.path),
        "og_title": title,
        "description": excerpt(description),
    }


def excerpt(text: str, length: int = 160) -> str:
    """The start of ``text`` on one line, cut at ``length`` characters."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= length else flat[: length - 1] + "…"


def body_rows() -> list[dict]:
    """Issuing bodies with published notices: label, search link and count, busiest first."""
    published = Q(notices__status=Notice.Status.PUBLISHED)
    bodies = IssuingBody.objects.annotate(n=Count("notices", filter=published)).filter(n__gt=0).order_by("-n", "name")
    return [
        {"label": b.name, "url": b.get_absolute_url(), "n": b.n, "feed": reverse("archive:body_feed", args=[b.slug])}
        for b in bodies
    ]


def round_rows() -> list[dict]:
    """Inspection rounds with published notices: label, search link and count."""
    published = Q(notices__status=Notice.Status.PUBLISHED)
    rounds = (
        InspectionRound.objects.select_related("committee")
        .annotate(n=Count("notices", filter=published))
        .filter(n__gt=0)
    )
    return [{"label": r.display_name, "url": r.get_absolute_url(), "n": r.n} for r in rounds]


def year_rows() -> list[dict]:
    """Years (feedback, else publication) with published notices, newest first; undated notices left out."""
    rows = (
        Notice.objects.published()
        .with_year()
        .exclude(archive_year=None)
        .values("archive_year")
        .annotate(n=Count("id"))
        .order_by("-archive_year")
    )
    return [{"label": f"{r['archive_year']}年", "url": search_url(year=r["archive_year"]), "n": r["n"]} for r in rows]


def issue_type_counts() -> list[IssueType]:
    """Every issue type with ``n`` published notices and ``sections`` published sections carrying it."""
    published = Q(sections__notice__status=Notice.Status.PUBLISHED)
    return list(
        IssueType.objects.annotate(
            n=Count("sections__notice", filter=published, distinct=True),
            section_count=Count("sections", filter=published, distinct=True),
        )
    )


def notices_with_type(issue_type: IssueType):
    """Published notices with at least one section of ``issue_type``, newest first."""
    return Notice.objects.published().filter(sections__issue_types=issue_type).distinct().newest_first()


def sections_by_notice(issue_type: IssueType, notices: list[Notice]) -> list[dict]:
    """For each of ``notices``, its sections of ``issue_type`` in document order."""
    sections = Section.objects.published().filter(notice__in=notices, issue_types=issue_type).in_document_order()
    grouped: dict[int, list[Section]] = {}
    for section in sections:
        grouped.setdefault(section.notice_id, []).append(section)
    return [{"notice": notice, "sections": grouped.get(notice.pk, [])} for notice in notices]
