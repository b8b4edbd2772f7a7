"""``/api/``: the archive read-only, as JSON (django-ninja); the schema at ``/api/schema/``, docs at ``/api/docs/``.

Searches and notice lists take the search page's parameters and run through
the same search service; lists are paged (``page``, ``page_size``) and say
how many items there are.
"""

from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import PaginationBase, paginate
from ninja.renderers import JSONRenderer

from archive import reading
from archive.models import InspectionRound, IssueType, IssuingBody, Notice, Section
from search.services import PAGE_SIZE, run_search

from . import present, schemas


class ChineseJSON(JSONRenderer):
    """JSON with Chinese as it is, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=ChineseJSON(),
    title="巡视巡察整改通报档案 API",
    version="1",
    description=(
        "只读接口:通报、章节、发布机关、轮次、问题类型与全文检索。所有链接均为绝对地址;"
        "文本字段为纯文本,检索命中以字符偏移 highlights 给出,HTML 只出现在以 _html 结尾的字段中。"
        "列表按页返回(page、page_size),并给出总数 count 与页数 pages。"
    ),
    urls_namespace="api",
    # The docs page is the archive's own Chinese page made from this schema (api/docs.py).
    docs_url=None,
    openapi_url="/schema/",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    # get_object_or_404 says so in English; the archive's own 404s say what is missing in Chinese.
    message = str(exc) if any(ord(c) > 0x2E80 for c in str(exc)) else "没有找到。"
    return api.create_response(request, {"error": message}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    fields = "、".join(".".join(str(p) for p in error.get("loc", ())[1:]) or "参数" for error in exc.errors)
    return api.create_response(request, {"error": f"参数无效:{fields}。"}, status=400)


class SearchParams(Schema):
    """The search page's parameters (see the search page's syntax help)."""

    q: str = Field("", description='检索式:空格分隔的词均须出现;"短语";OR;-排除;title: body: 限定字段')
    body: list[str] = Field([], description="发布机关 URL 名(slug),可重复;旧链接中的 id 也可用")
    round: list[str] = Field([], description="轮次 URL 名(slug),可重复;旧链接中的 id 也可用")
    type: list[str] = Field([], description="问题类型 slug,可重复")
    kind: list[str] = Field([], description="巡视 或 巡察")
    organ: list[str] = Field(
        [], description="巡视巡察机关(连同地名,如 深圳市委):URL 名或名称,可重复;旧链接中的 id 也可用"
    )
    year: list[str] = Field([], description="年份(反馈日期,无则发布日期)")
    date_from: str = Field("", alias="from", description="起始日期 YYYY-MM-DD")
    date_to: str = Field("", alias="to", description="截止日期 YYYY-MM-DD")
    sort: str = Field("", description="relevance、newest 或 oldest")
    page: str = Field("", description="页码,从 1 开始")
    syn: str = Field("", description="0:不使用同义词扩展检索词")


class Pages(PaginationBase):
    """Page numbers: ``page`` from 1, ``page_size`` up to 100; the answer says count, page and pages."""

    class Input(Schema):
        page: int = Field(1, ge=1, description="页码,从 1 开始")
        page_size: int = Field(20, ge=1, le=100, description="每页条数,最多 100")

    class Output(Schema):
        count: int
        page: int
        pages: int
        page_size: int
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, **params) -> dict:
        count = queryset.count()
        start = (pagination.page - 1) * pagination.page_size
        return {
            "count": count,
            "page": pagination.page,
            "pages": max(1, -(-count // pagination.page_size)),
            "page_size": pagination.page_size,
            "results": list(queryset[start : start + pagination.page_size]),
        }


def _search(request, *, matching: bool = False):
    return run_search(request.GET, base_url=reverse("search:search"), matching=matching)


def _error(page) -> Status | None:
    return Status(400, {"error": ";".join(page.errors)}) if page.errors else None


@api.get(
    "/", url_name="index", summary="接口目录", description="本接口的各个集合及其绝对地址。", response=list[schemas.Link]
)
def index(request):
    """The API's collections, each with its absolute URL."""
    urls = present.Urls(request)
    names = ["notices", "sections", "bodies", "rounds", "issue_types", "search", "openapi-json"]
    links = [{"name": name, "url": urls.route(f"api:{name}")} for name in names]
    return [*links, {"name": "docs", "url": urls.route("api_docs")}]


@api.get(
    "/search/",
    url_name="search",
    summary="全文检索",
    description=(
        "与检索页相同的检索:匹配的通报及其最相关的段落、每篇匹配的章节数与全部匹配章节、分面计数与提示。"
        "参数无效时返回 400 和中文说明 error。"
    ),
    response={200: schemas.SearchOut, 400: schemas.ErrorOut},
)
def search(request, params: Query[SearchParams]):
    """The search page's results: matching notices with their best passages, facet counts and messages.

    Invalid parameters give 400 with ``error`` (in Chinese). Each result says how many of its
    sections match and lists them all, as the page does.
    """
    page = _search(request, matching=True)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return _error(page) or present.search_out(page, present.Urls(request), query_string.urlencode(), PAGE_SIZE)


@api.get(
    "/notices/",
    url_name="notices",
    summary="通报列表",
    description="已公开的通报,参数与检索页相同(含检索式),每页 20 篇,顺序同检索结果。",
    response={200: schemas.NoticePage, 400: schemas.ErrorOut},
)
def notices(request, params: Query[SearchParams]):
    """Published notices with the search page's filters (and query), 20 a page, in the search's order."""
    page = _search(request)
    if failed := _error(page):
        return failed
    urls = present.Urls(request)
    rows = Notice.objects.select_related("issuing_body", "inspection_round").defer("raw_text", "text")
    by_key = rows.in_bulk([hit.key for hit in page.hits], field_name="key")
    results = [present.notice_summary(by_key[hit.key], urls) for hit in page.hits if hit.key in by_key]
    return {"count": page.count, "page": page.page, "pages": page.pages, "page_size": PAGE_SIZE, "results": results}


@api.get(
    "/notices/{key}/",
    url_name="notice",
    summary="通报详情",
    description="一篇已公开通报:基本信息、主要数据、按原文顺序的全部章节、引文与下载地址。",
    response={200: schemas.NoticeDetail, 404: schemas.ErrorOut},
)
def notice(request, key: str):
    """One published notice: facts, figures, every section in document order, citation."""
    return present.notice_detail(reading.published_notice(key), present.Urls(request))


@api.get(
    "/notices/{key}/sections/{path}/",
    url_name="section",
    summary="章节详情",
    description="已公开通报中的一节:从最外层起的序号、下一级章节与引文。",
    response={200: schemas.SectionDetail, 404: schemas.ErrorOut},
)
def section(request, key: str, path: str):
    """One section of a published notice, with its number chain, subsections and citation."""
    item = reading.published_notice(key)
    found = present.section_detail(item, path, present.Urls(request)) if reading.valid_path(path) else None
    return found if found is not None else Status(404, {"error": "没有这一节。"})


class SectionFilters(Schema):
    notice: str = Field("", description="通报永久标识")
    type: str = Field("", description="问题类型 slug")
    body: int | None = Field(None, description="发布机关 id")


@api.get(
    "/sections/",
    url_name="sections",
    summary="章节列表",
    description="已公开通报的章节,按原文顺序;可按通报、问题类型或发布机关筛选。",
    response=list[schemas.SectionOut],
)
@paginate(Pages)
def sections(request, filters: Query[SectionFilters]):
    """Sections of published notices in document order, filtered by notice, issue type or issuing body."""
    queryset = Section.objects.published().select_related("notice").prefetch_related("issue_types")
    if filters.notice:
        queryset = queryset.filter(notice__key=filters.notice)
    if filters.type:
        queryset = queryset.filter(issue_types__slug=filters.type)
    if filters.body is not None:
        queryset = queryset.filter(notice__issuing_body_id=filters.body)
    return _SectionRows(queryset.in_document_order(), present.Urls(request))


class _SectionRows:
    """A section queryset that pages like one and turns each row into the API's values."""

    def __init__(self, queryset, urls):
        self.queryset, self.urls = queryset, urls

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict]:
        rows = list(self.queryset[window])
        parents = dict(Section.objects.filter(pk__in={s.parent_id for s in rows}).values_list("pk", "path"))
        return [present.section_out(s, s.notice, parents, self.urls) for s in rows]


@api.get(
    "/bodies/",
    url_name="bodies",
    summary="发布机关",
    description="有已公开通报的发布机关,通报多的在前。",
    response=list[schemas.BodyOut],
)
@paginate(Pages)
def bodies(request):
    """Issuing bodies with published notices, busiest first."""
    published = Q(notices__status=Notice.Status.PUBLISHED)
    queryset = IssuingBody.objects.annotate(n=Count("notices", filter=published)).filter(n__gt=0).order_by("-n", "name")
    urls = present.Urls(request)
    return _Mapped(queryset, lambda b: _body(b, urls))


def _body(body: IssuingBody, urls) -> dict:
    return {
        "id": body.pk,
        "name": body.name,
        "aliases": body.aliases,
        "notices": body.n,
        "search_url": urls(reading.search_url(body=body.slug)),
        "feed_url": urls.route("archive:body_feed", slug=body.slug),
    }


@api.get(
    "/rounds/",
    url_name="rounds",
    summary="巡视巡察轮次",
    description="已公开通报写明的巡视巡察轮次。",
    response=list[schemas.RoundOut],
)
@paginate(Pages)
def rounds(request):
    """Inspection rounds named by published notices."""
    published = Q(notices__status=Notice.Status.PUBLISHED)
    queryset = InspectionRound.objects.annotate(n=Count("notices", filter=published)).filter(n__gt=0)
    urls = present.Urls(request)
    return _Mapped(queryset.order_by("label"), lambda r: _round(r, urls))


def _round(round_: InspectionRound, urls) -> dict:
    search_url = urls(reading.search_url(round=round_.slug))
    return {"id": round_.pk, "label": round_.label, "notices": round_.n, "search_url": search_url}


@api.get(
    "/issue-types/",
    url_name="issue_types",
    summary="问题类型",
    description="全部问题类型,及其已公开的通报数与章节数。",
    response=list[schemas.IssueTypeOut],
)
@paginate(Pages)
def issue_types(request):
    """Every issue type with its published notices and sections counted."""
    published = Q(sections__notice__status=Notice.Status.PUBLISHED)
    queryset = IssueType.objects.annotate(
        n=Count("sections__notice", filter=published, distinct=True),
        section_count=Count("sections", filter=published, distinct=True),
    ).order_by("order", "name")
    urls = present.Urls(request)
    return _Mapped(queryset, lambda t: _issue_type(t, urls))


def _issue_type(kind: IssueType, urls) -> dict:
    return {
        "slug": kind.slug,
        "name": kind.name,
        "description": kind.description,
        "notices": kind.n,
        "sections": kind.section_count,
        "url": urls.route("archive:issue_type", slug=kind.slug),
        "search_url": urls(reading.search_url(type=kind.slug)),
        "feed_url": urls.route("archive:issue_type_feed", slug=kind.slug),
    }


class _Mapped:
    """A queryset paged by :class:`Pages` whose rows are turned into plain values by ``convert``."""

    def __init__(self, queryset, convert):
        self.queryset, self.convert = queryset, convert

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict]:
        return [self.convert(row) for row in self.queryset[window]]
