"""Public reading pages: home, notice, section, and the browse lists."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from . import citation, reading
from .models import Notice

SITE_NAME = "巡视巡察整改通报档案"
SITE_DESCRIPTION = "各级党委公开发布的巡视巡察整改情况通报:全文检索,按发布机关、轮次、问题类型和年份浏览。"
NEWEST_ON_HOME = 10
NOTICES_PER_TYPE_PAGE = 10


def home(request):
    """Search box, the newest notices and the ways to browse."""
    context = {
        "newest": reading.with_main_types(
            Notice.objects.published().select_related("issuing_body").newest_first()[:NEWEST_ON_HOME]
        ),
        "notice_count": Notice.objects.published().count(),
        **reading.page_meta(request, SITE_NAME, SITE_DESCRIPTION),
        **_feed(reverse("archive:feed"), "新收录的通报"),
    }
    return render(request, "archive/home.html", context)


def _feed(url: str, title: str) -> dict:
    """The page's Atom feed, for ``<link rel="alternate">`` in the head and the visible link."""
    return {"feed_url": url, "feed_title": title}


def notice(request, key):
    """The full notice: facts, contents and every section anchored; ``?q=`` marks the query's terms."""
    item = reading.published_notice(key)
    q = request.GET.get("q", "").strip()[: reading.MAX_QUERY_LENGTH]
    terms = reading.query_terms(q)
    sections = reading.load_sections(item)
    canonical = request.build_absolute_uri(item.get_absolute_url())
    context = {
        "notice": item,
        "q": q,
        "back_to_results": reading.results_url(request.GET),
        "title_marked": reading.marked(item.title or item.key, terms),
        "tree": reading.build_tree(sections, terms=terms, absolute=request.build_absolute_uri),
        "preamble": reading.paragraphs(item.preamble, terms),
        "closing": reading.paragraphs(item.closing, terms),
        "facts": reading.facts(item),
        "contact": reading.contact(item),
        "figures": reading.figures(item),
        "issue_types": reading.notice_issue_types(item),
        "versions": reading.versions(item),
        "canonical": canonical,
        "citation": citation.cite(item, url=canonical, accessed=timezone.localdate()),
        "og_title": str(item),
        "og_type": "article",
        "description": reading.excerpt(item.preamble or item.text),
    }
    return render(request, "archive/notice.html", context)


def section(request, key, path):
    """One section with its subsections, its place in the outline and similar passages elsewhere.

    A path the notice no longer has leads to its nearest existing ancestor;
    without one the answer is a 404 that links to the notice.
    """
    item = reading.published_notice(key)
    if not reading.valid_path(path):
        raise Http404("章节地址无效。")
    sections = reading.load_sections(item)
    current = next((s for s in sections if s.path == path), None)
    if current is None:
        ancestor = reading.nearest_existing_ancestor(sections, path)
        if ancestor is not None:
            return redirect(ancestor)
        return render(request, "404.html", {"notice": item, "missing_path": path}, status=404)
    tree = reading.build_tree(sections, terms=[], absolute=request.build_absolute_uri, heading_offset=1 - current.depth)
    previous, following = reading.neighbours(sections, current)
    canonical = request.build_absolute_uri(current.get_absolute_url())
    number = citation.section_number_chain(sections, current)
    context = {
        "notice": item,
        "section": current,
        "node": reading.find_node(tree, current),
        "breadcrumb": reading.breadcrumb(sections, current),
        "previous": previous,
        "next": following,
        "issue_types": list(current.issue_types.all()),
        "similar": reading.similar_passages(current),
        "canonical": canonical,
        "citation": citation.cite(item, url=canonical, accessed=timezone.localdate(), section=current, number=number),
        "og_title": f"{reading.excerpt(str(current), 60)} · {item}",
        "og_type": "article",
        "description": reading.excerpt(current.text or current.heading),
    }
    return render(request, "archive/section.html", context)


def bodies(request):
    """Issuing bodies, each leading to its notices on the search page."""
    context = {"title": "发布机关", "rows": reading.body_rows(), "empty": "还没有带发布机关的公开通报。"}
    context["lead"] = "点击进入机关页,查看其历次通报的时间线和再次出现的问题。"
    return _browse(request, context)


def rounds(request):
    """Inspection rounds named by the notices, each leading to its notices."""
    context = {"title": "巡视巡察轮次", "rows": reading.round_rows(), "empty": "公开的通报中还没有写明轮次的。"}
    context["lead"] = "点击进入轮次页,查看本轮覆盖的单位及其整改通报是否公开。"
    return _browse(request, context)


def years(request):
    """Years of feedback (else publication), each leading to that year's notices."""
    context = {"title": "年份", "rows": reading.year_rows(), "empty": "还没有带日期的公开通报。"}
    return _browse(request, context)


def _browse(request, context: dict):
    title = f"按{context['title']}浏览"
    meta = reading.page_meta(request, f"{title} · {SITE_NAME}", f"{title}{SITE_NAME}中已公开的通报。")
    feed = _feed(reverse("archive:feed"), "新收录的通报")
    return render(request, "archive/browse.html", {**context, **meta, **feed})


def issue_types(request):
    meta = reading.page_meta(request, f"按问题类型浏览 · {SITE_NAME}", "同一类问题在不同通报中的整改,按问题类型浏览。")
    feed = _feed(reverse("archive:feed"), "新收录的通报")
    return render(request, "archive/issue_types.html", {"issue_types": reading.issue_type_counts(), **meta, **feed})


def issue_type(request, slug):
    """The sections of one issue type across notices, grouped by notice, a page of notices at a time."""
    kind = reading.issue_type_or_404(slug)
    page = Paginator(reading.notices_with_type(kind), NOTICES_PER_TYPE_PAGE).get_page(request.GET.get("page"))
    context = {
        "issue_type": kind,
        "page": page,
        "groups": reading.sections_by_notice(kind, list(page.object_list)),
        "search_link": reading.search_url(type=kind.slug),
        **_feed(reverse("archive:issue_type_feed", kwargs={"slug": kind.slug}), f"问题类型“{kind.name}”"),
        **reading.page_meta(request, f"{kind.name} · 问题类型 · {SITE_NAME}", kind.description or kind.name),
    }
    return render(request, "archive/issue_type.html", context)
