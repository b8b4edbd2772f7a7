"""The search page and the JSON API; both call :func:`search.services.run_search`."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .backends.base import FACETS
from .query import MAX_QUERY_LENGTH
from .services import run_search


@require_GET
def search(request):
    """``/search/``: full-text search with facets; without a query it browses all notices."""
    page = run_search(request.GET, base_url=reverse("search:search"))
    # A new query keeps the chosen filters and sort: they travel as hidden fields.
    kept = [(name, value) for name in (*FACETS, "sort") for value in request.GET.getlist(name) if value]
    context = {
        "page": page,
        "q": page.q,
        "max_query_length": MAX_QUERY_LENGTH,
        "kept": kept,
        "date_from": request.GET.get("from", ""),
        "date_to": request.GET.get("to", ""),
    }
    return render(request, "search/search.html", context)


@require_GET
def api(request):
    """``/api/search/``: the same search as JSON; invalid parameters give 400 with ``error``."""
    page = run_search(request.GET, base_url=reverse("search:search"))
    if page.errors:
        return JsonResponse({"error": ";".join(page.errors)}, status=400, json_dumps_params={"ensure_ascii": False})
    return JsonResponse(page.as_json(), json_dumps_params={"ensure_ascii": False})
