"""Rows of the archive as the read API's plain values, with absolute URLs (see :mod:`api.schemas`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from archive import citation, reading
from archive.models import Notice, Section
from search.services import NoticeHit, SearchPage


class Urls:
    """Absolute URLs for one request."""

    def __init__(self, request):
        self.request = request

    def __call__(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def route(self, name: str, **kwargs) -> str:
        return self(reverse(name, kwargs=kwargs))


def notice_summary(notice: Notice, urls: Urls) -> dict:
    body = notice.issuing_body
    round_ = notice.inspection_round
    return {
        "key": notice.key,
        "title": str(notice),
        "url": urls(notice.get_absolute_url()),
        "api_url": urls.route("api:notice", key=notice.key),
        "issuing_body": body.name if body else notice.issuing_body_text,
        "issuing_body_id": body.pk if body else None,
        "published_on": notice.published_on,
        "feedback_on": notice.feedback_on,
        "inspection_kind": notice.inspection_kind,
        "round": round_.label if round_ else "",
        "round_id": round_.pk if round_ else None,
        "document_kind": notice.document_kind,
        "source_url": notice.source_url,
    }


def section_out(section: Section, notice: Notice, parents: dict[int, str], urls: Urls) -> dict:
    return {
        "notice_key": notice.key,
        "path": section.path,
        "parent_path": parents.get(section.parent_id, ""),
        "depth": section.depth,
        "number": section.number,
        "heading": section.heading,
        "text": section.text,
        "issue_types": [{"slug": t.slug, "name": t.name} for t in section.issue_types.all()],
        "url": urls(reverse("archive:section", kwargs={"key": notice.key, "path": section.path})),
        "api_url": urls.route("api:section", key=notice.key, path=section.path),
    }


def citation_out(cited: citation.Citation, urls: Urls) -> dict:
    kwargs = {"key": cited.key}
    prefix = "archive:cite"
    if cited.section_path:
        kwargs["path"] = cited.section_path
        prefix = "archive:section_cite"
    return {
        "gbt7714": cited.gbt7714(),
        "plain": cited.plain(),
        "bibtex_url": urls.route(f"{prefix}_bibtex", **kwargs),
        "ris_url": urls.route(f"{prefix}_ris", **kwargs),
    }


def notice_detail(notice: Notice, urls: Urls) -> dict:
    sections = reading.load_sections(notice)
    parents = {s.pk: s.path for s in sections}
    cited = citation.cite(notice, url=urls(notice.get_absolute_url()), accessed=timezone.localdate())
    return {
        **notice_summary(notice, urls),
        "inspecting_organ": notice.inspecting_organ,
        "inspection_group": notice.inspection_group,
        "inspected_unit": notice.inspected_unit,
        "inspection_start": notice.inspection_start,
        "inspection_end": notice.inspection_end,
        "signed_on": notice.signed_on,
        "problem_counts": notice.problem_counts,
        "facts": [{"name": f["label"], "value": f["value"]} for f in reading.facts(notice)],
        "preamble": notice.preamble,
        "closing": notice.closing,
        "figures": [_figure(row["figure"], notice, urls) for row in reading.figures(notice)],
        "sections": [section_out(s, notice, parents, urls) for s in sections],
        "issue_types": [{"slug": t.slug, "name": t.name} for t in reading.notice_issue_types(notice)],
        "original_url": urls.route("archive:original", key=notice.key) if notice.original_file else "",
        "data_csv_url": urls.route("archive:data_csv", key=notice.key),
        "citation": citation_out(cited, urls),
    }


def _figure(figure, notice: Notice, urls: Urls) -> dict:
    section = figure.section
    section_url = reverse("archive:section", kwargs={"key": notice.key, "path": section.path}) if section else ""
    return {
        "measure": figure.measure,
        "value": str(figure.value),
        "unit": figure.unit,
        "clause": figure.clause,
        "section_path": section.path if section else "",
        "section_url": urls(section_url) if section else "",
    }


def section_detail(notice: Notice, path: str, urls: Urls) -> dict | None:
    sections = reading.load_sections(notice)
    current = next((s for s in sections if s.path == path), None)
    if current is None:
        return None
    parents = {s.pk: s.path for s in sections}
    number = citation.section_number_chain(sections, current)
    url = urls(reverse("archive:section", kwargs={"key": notice.key, "path": path}))
    cited = citation.cite(notice, url=url, accessed=timezone.localdate(), section=current, number=number)
    return {
        **section_out(current, notice, parents, urls),
        "notice_title": str(notice),
        "notice_url": urls(notice.get_absolute_url()),
        "number_chain": number,
        "children": [s.path for s in sections if s.parent_id == current.pk],
        "citation": citation_out(cited, urls),
    }


def search_out(page: SearchPage, urls: Urls, query_string: str, page_size: int) -> dict:
    suffix = f"?{query_string}" if query_string else ""
    return {
        "count": page.count,
        "page": page.page,
        "pages": page.pages,
        "page_size": page_size,
        "results": [_hit(hit, urls) for hit in page.hits],
        "facets": {f.name: [v.as_json() for v in f.values] for f in page.facets},
        "messages": page.messages,
        "partial": page.partial,
        "synonyms": [{"word": w.word, "added": list(w.added)} for w in page.widenings],
        "synonyms_used": bool(page.widenings) and not page.synonyms_off,
        "synonyms_toggle_url": urls(page.synonyms_url) if page.synonyms_url else "",
        "hints": _hints(page.hints, urls),
        "feed_url": urls(reverse("search:feed") + suffix),
        "export_csv_url": urls(reverse("search:export_csv") + suffix),
        "export_jsonl_url": urls(reverse("search:export_jsonl") + suffix),
    }


def _hints(hints, urls: Urls) -> dict | None:
    if hints is None:
        return None
    return {
        "unmatched": hints.unmatched,
        "without_q": hints.without_q,
        "without_url": urls(hints.without_url) if hints.without_url else "",
        "suggestions": [
            {"word": s.word, "spelling": s.spelling, "notices": s.notices, "q": s.q, "url": urls(s.url)}
            for s in hints.suggestions
        ],
    }


def _hit(hit: NoticeHit, urls: Urls) -> dict:
    return {
        "key": hit.key,
        "title": hit.title,
        "url": urls(hit.url),
        "api_url": urls.route("api:notice", key=hit.key),
        "issuing_body": hit.issuing_body,
        "feedback_on": hit.feedback_on,
        "inspection_kind": hit.kind,
        "main_issue_types": [t.name for t in hit.main_types],
        "sections": [
            {
                "path": s.path,
                "heading": s.heading,
                "url": urls(s.url),
                "notice_url": urls(s.notice_url),
                "snippet": s.snippet_text,
                "highlights": [list(r) for r in s.highlights],
                "snippet_html": str(s.snippet),
                "missing": s.missing,
            }
            for s in hit.sections
        ],
        "partial": bool(hit.missing),
        "missing": hit.missing,
        **_matching(hit, urls),
    }


def _matching(hit: NoticeHit, urls: Urls) -> dict:
    """How many of the notice's sections match, and all of them, as the page's "N 个章节匹配" list says."""
    if hit.matching is None:  # neither a query nor an issue type: every section would match
        return {"matching_count": None, "matching_sections": []}
    return {
        "matching_count": hit.matching.count,
        "matching_sections": [
            {"path": m.path, "heading": m.title, "url": urls(m.permalink), "notice_url": urls(m.url)}
            for m in hit.matching.sections
        ],
    }
