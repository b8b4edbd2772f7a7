"""The search page, its exports and its feed; all call the search service (:mod:`search.services`)."""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponsePermanentRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from . import export, highlight
from .backends.base import FACETS
from .facets import Params, page_links
from .feeds import SearchFeed
from .filters import canonical_params
from .query import MAX_QUERY_LENGTH
from .services import prepare_search, run_search

EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", export.csv_stream),
    "jsonl": ("application/jsonl; charset=utf-8", export.jsonl_stream),
}


def lasting_urls(view):
    """Answer a URL naming bodies, rounds, committees or types by id (or name) with a 301 to its slug form."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        fixed = canonical_params(request.GET)
        if fixed is not None:
            return HttpResponsePermanentRedirect(f"{request.path}?{fixed.urlencode()}")
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@lasting_urls
def search(request):
    """``/search/``: full-text search with facets; without a query it browses all notices."""
    page = run_search(request.GET, base_url=reverse("search:search"), matching=True)
    links = Params(request.GET, reverse("search:search"))
    # A new query keeps the chosen filters and sort: they travel as hidden fields.
    kept = [(name, value) for name in (*FACETS, "sort") for value in request.GET.getlist(name) if value]
    params = request.GET.copy()
    params.pop("page", None)
    query_string = f"?{params.urlencode()}" if params else ""
    context = {
        "page": page,
        "q": page.q,
        "terms": highlight.query_terms(page.q),
        "notice_query": f"?{page.state}" if page.state else "",
        "page_links": page_links(links, page.page, page.pages),
        "last_url": links.page_url(page.pages),
        "past_last": page.count > 0 and page.page > page.pages,
        "max_query_length": MAX_QUERY_LENGTH,
        "kept": kept,
        "date_from": request.GET.get("from", ""),
        "date_to": request.GET.get("to", ""),
        "export_csv": reverse("search:export_csv") + query_string,
        "export_jsonl": reverse("search:export_jsonl") + query_string,
        "export_max_rows": export.max_rows(),
        "feed_url": reverse("search:feed") + query_string,
        "feed_title": f"检索“{page.q}”的新结果" if page.q.strip() else "检索条件下的新通报",
    }
    return render(request, "search/search.html", context)


@require_GET
@lasting_urls
def export_results(request, fmt: str):
    """``/search/export.csv`` and ``/search/export.jsonl``: every matching section, streamed."""
    content_type, stream = EXPORT_FORMATS[fmt]
    run = export.ExportRun(
        prepare_search(request.GET), site=request.build_absolute_uri("/").rstrip("/"), max_rows=export.max_rows()
    )
    response = StreamingHttpResponse(stream(run), content_type=content_type)
    filename = f"search-export-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Export-Max-Rows"] = str(run.max_rows)
    response["X-Content-Type-Options"] = "nosniff"
    return response


feed = require_GET(lasting_urls(SearchFeed()))
