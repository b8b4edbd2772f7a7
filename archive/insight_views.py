"""Pages across notices: statistics, an issuing body, a round's units, and notices side by side."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from search.services import filtered_notices

from . import charts, insight, stats_tables
from .models import InspectionRound, IssuingBody


@require_GET
def stats(request):
    """``/stats/``: charts with their tables, following the search page's filters."""
    notices, messages = filtered_notices(request.GET)
    query = insight.filter_query(request.GET)
    tables = stats_tables.all_tables(notices.rectification(), query)
    context = {
        "blocks": [(table, chart, chart and charts.svg(chart)) for table in tables for chart in [charts.draw(table)]],
        "filters": insight.filter_form(request.GET),
        "messages": messages,
        "query": query,
        "count": notices.rectification().count(),
    }
    return render(request, "archive/stats.html", context)


@require_GET
def stats_csv(request, slug):
    """One table of the statistics page as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)."""
    if slug not in stats_tables.BUILDERS:
        raise Http404("没有这张表。")
    notices, _ = filtered_notices(request.GET)
    table = stats_tables.table(notices.rectification(), slug, insight.filter_query(request.GET))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stats-{slug}.csv"'
    response.write("\ufeff")
    csv.writer(response).writerows(table.csv_rows())
    return response


@require_GET
def stats_figures(request):
    """The clauses one key-figure total adds up, each with a link to its section."""
    notices, messages = filtered_notices(request.GET)
    selection = insight.figure_selection(request.GET)
    figures = selection.figures(notices.rectification()) if selection.figure else None
    page = Paginator(figures, 50).get_page(request.GET.get("page")) if figures is not None else None
    context = {"selection": selection, "page": page, "messages": messages + selection.errors}
    context["query"] = insight.filter_query(request.GET)
    context["page_query"] = request.GET.copy()
    context["page_query"].pop("page", None)
    return render(request, "archive/stats_figures.html", context)


@require_GET
def body(request, slug):
    """An issuing body: its notices on a timeline, their main issue types and the problems that came back."""
    item = get_object_or_404(IssuingBody, slug=slug)
    notices = insight.body_notices(item)
    context = {
        "body": item,
        "timeline": insight.timeline(notices),
        "repeats": insight.repeat_problems(notices),
        "stats_link": insight.stats_url(body=item.slug),
    }
    return render(request, "archive/body.html", context)


@require_GET
def round_page(request, slug):
    """A round: the units it covered and whether each has published its rectification notice."""
    item = get_object_or_404(InspectionRound.objects.select_related("committee"), slug=slug)
    context = {"round": item, "units": insight.round_units(item), "stats_link": insight.stats_url(round=item.slug)}
    return render(request, "archive/round.html", context)


@require_GET
def compare(request):
    """``/compare/?n=KEY&n=KEY``: two to four notices side by side by issue type, facts and figures."""
    comparison = insight.comparison(request.GET.getlist("n"))
    status = 400 if comparison.errors and not comparison.ready else 200
    return render(request, "archive/compare.html", {"comparison": comparison}, status=status)
