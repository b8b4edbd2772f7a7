"""The search page's filter parameters as a django-filter FilterSet.

Other pages link to these parameter names: ``body`` (IssuingBody id), ``round``
(InspectionRound id), ``type`` (IssueType slug), ``kind`` (巡视/巡察),
``organ`` (Committee id: the inspecting committee with its place, 深圳市委), ``year``, ``from`` / ``to`` (ISO dates on
the feedback date, else the publication date) and ``sort``; all but the dates
and sort are repeatable. The search service uses the FilterSet to validate
them; ``.qs`` applies the same filters to published notices in the database. Every filter
reads the notice's own columns or a subquery, never a join to many rows, so ``.qs`` holds
each notice once without DISTINCT (which would make counting read whole rows).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q

from archive.models import Committee, InspectionRound, IssueType, IssuingBody, Notice, Section

from .backends.base import FACETS, SORTS, SearchFilters

SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}


def year_choices() -> list[tuple[str, str]]:
    return [(str(y), str(y)) for y in range(1978, dt.date.today().year + 2)]


def _dated(lookup: str, value) -> Q:
    """Feedback date, or the publication date where there is none."""
    return Q(**{f"feedback_on{lookup}": value}) | Q(feedback_on__isnull=True, **{f"published_on{lookup}": value})


class SearchFilterSet(django_filters.FilterSet):
    body = django_filters.ModelMultipleChoiceFilter(
        label="发布机关", field_name="issuing_body", queryset=IssuingBody.objects.all(), distinct=False
    )
    round = django_filters.ModelMultipleChoiceFilter(
        label="轮次", field_name="inspection_round", queryset=InspectionRound.objects.all(), distinct=False
    )
    type = django_filters.ModelMultipleChoiceFilter(
        label="问题类型", to_field_name="slug", queryset=IssueType.objects.all(), method="filter_type"
    )
    kind = django_filters.MultipleChoiceFilter(
        label="类别", field_name="inspection_kind", choices=Notice.Kind.choices, distinct=False
    )
    organ = django_filters.ModelMultipleChoiceFilter(
        label="巡视巡察机关", field_name="inspecting_committee", queryset=Committee.objects.all(), distinct=False
    )
    year = django_filters.MultipleChoiceFilter(label="年份", choices=year_choices, method="filter_year")
    sort = django_filters.ChoiceFilter(label="排序", choices=list(SORT_LABELS.items()), method="filter_sort")

    class Meta:
        model = Notice
        fields: list[str] = []

    def filter_type(self, queryset, name, value):
        # A subquery, not a join: the notices stay one row each, so statistics can sum over them.
        if not value:
            return queryset
        tagged = Section.issue_types.through.objects.filter(issuetype__in=value).values("section__notice_id")
        return queryset.filter(pk__in=tagged)

    def filter_year(self, queryset, name, value):
        return queryset.filter(_dated("__year__in", [int(y) for y in value]))

    def filter_from(self, queryset, name, value):
        return queryset.filter(_dated("__gte", value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(_dated("__lte", value))

    def filter_sort(self, queryset, name, value):
        if value == "oldest":
            return queryset.order_by("feedback_on", "published_on", "id")
        return queryset.newest_first()

    def search_filters(self) -> SearchFilters:
        """The valid selections as backend filters (invalid parameters are left out)."""
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        selected = {}
        for facet in FACETS:
            values = data.get(facet) or []
            if facet == "type":
                selected[facet] = frozenset(t.slug for t in values)
            elif facet in ("body", "round", "organ"):
                selected[facet] = frozenset(str(obj.pk) for obj in values)
            else:
                selected[facet] = frozenset(values)
        return SearchFilters(selected, data.get("from"), data.get("to"))

    def sort_value(self) -> str:
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        return data.get("sort") if data.get("sort") in SORTS else "relevance"

    def error_messages(self) -> list[str]:
        """One readable line per invalid parameter."""
        self.is_valid()
        messages = []
        for name, errors in self.form.errors.items():
            label = self.filters[name].label if name in self.filters else name
            messages.extend(f"{label}({name}):{error}" for error in errors)
        return messages


# "from" and "to" are Python keywords, so these two filters are added by name.
SearchFilterSet.base_filters["from"] = django_filters.DateFilter(label="起始日期", method="filter_from")
SearchFilterSet.base_filters["to"] = django_filters.DateFilter(label="截止日期", method="filter_to")
