"""The search page's filter parameters as a django-filter FilterSet.

Other pages link to these parameter names: ``body`` (IssuingBody slug), ``round``
(InspectionRound slug), ``type`` (IssueType slug), ``kind`` (巡视/巡察),
``organ`` (Committee slug or name: the inspecting committee with its place, 深圳市委), ``year``, ``from`` / ``to``
(ISO dates on the feedback date, else the publication date) and ``sort``; all but the dates and sort are
repeatable. Slugs and names stay the same between installations; database ids do not, but old links
with ids are still understood (:func:`canonical_params` names the slug form they redirect to). The
search service uses the FilterSet to validate them; ``.qs`` applies the same filters to published notices
in the database. Every filter
reads the notice's own columns or a subquery, never a join to many rows, so ``.qs`` holds
each notice once without DISTINCT (which would make counting read whole rows).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.http import QueryDict

from archive.models import Committee, InspectionRound, IssueType, IssuingBody, Notice, Section

from .backends.base import FACETS, SORTS, SearchFilters

SORT_LABELS = {"relevance": "相关度", "newest": "最新", "oldest": "最早"}


def year_choices() -> list[tuple[str, str]]:
    return [(str(y), str(y)) for y in range(1978, dt.date.today().year + 2)]


def _dated(lookup: str, value) -> Q:
    """Feedback date, or the publication date where there is none."""
    return Q(**{f"feedback_on{lookup}": value}) | Q(feedback_on__isnull=True, **{f"published_on{lookup}": value})


#: Facet parameter → (model, fields a URL value may name it by, in the order they are tried).
#: The first field is the one URLs are written with; an id (all digits) is tried last, for old links.
KEYED_FACETS: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "body": (IssuingBody, ("slug", "name")),
    "round": (InspectionRound, ("slug",)),
    "type": (IssueType, ("slug", "name")),
    "organ": (Committee, ("slug", "name")),
}


def resolve_values(facet: str, values: list[str]) -> dict[str, Model]:
    """The rows ``values`` of a keyed facet name (by slug, name, or a digits-only id); unknown values are left out."""
    model, fields = KEYED_FACETS[facet]
    wanted = {str(v) for v in values if v not in (None, "")}
    found: dict[str, Model] = {}
    for name in fields:
        rest = wanted - found.keys()
        if not rest:
            break
        for row in model.objects.filter(**{f"{name}__in": rest}):
            found[getattr(row, name)] = row
    ids = {v for v in wanted - found.keys() if v.isdigit() and len(v) < 12}
    if ids:
        for row in model.objects.filter(pk__in=[int(v) for v in ids]):
            found[str(row.pk)] = row
    return found


def url_value(row: Model) -> str:
    """How URLs name a facet row: its slug."""
    return row.slug


def canonical_params(params) -> QueryDict | None:
    """``params`` with every keyed facet value that names a known row by id or name rewritten to its slug.

    ``None`` when nothing needs rewriting (the URL is already in its lasting form).
    Unknown values are kept as they are, so the page can say they were ignored.
    """
    changed = False
    fixed = params.copy() if isinstance(params, QueryDict) else QueryDict(mutable=True)
    for facet in KEYED_FACETS:
        values = params.getlist(facet)
        if not values:
            continue
        rows = resolve_values(facet, values)
        rewritten = [url_value(rows[v]) if v in rows else v for v in values]
        rewritten = list(dict.fromkeys(rewritten))
        if rewritten != values:
            changed = True
            fixed.setlist(facet, rewritten)
    return fixed if changed else None


class KeyedChoiceField(forms.ModelMultipleChoiceField):
    """Rows named by slug, name or id (see :data:`KEYED_FACETS`); an unknown value is an error naming it."""

    def __init__(self, *args, facet: str, **kwargs):
        self.facet = facet
        super().__init__(*args, **kwargs)

    def _check_values(self, value):
        if not isinstance(value, list | tuple):
            value = [value]
        values = [str(v) for v in value]
        found = resolve_values(self.facet, values)
        for v in values:
            if v not in found:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": v})
        return self.queryset.filter(pk__in={row.pk for row in found.values()})


class KeyedFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = KeyedChoiceField

    def __init__(self, *args, facet: str, **kwargs):
        model = KEYED_FACETS[facet][0]
        super().__init__(*args, queryset=model.objects.all(), facet=facet, **kwargs)


class SearchFilterSet(django_filters.FilterSet):
    body = KeyedFilter(label="发布机关", field_name="issuing_body", facet="body", distinct=False)
    round = KeyedFilter(label="轮次", field_name="inspection_round", facet="round", distinct=False)
    type = KeyedFilter(label="问题类型", facet="type", method="filter_type")
    kind = django_filters.MultipleChoiceFilter(
        label="类别", field_name="inspection_kind", choices=Notice.Kind.choices, distinct=False
    )
    organ = KeyedFilter(label="巡视巡察机关", field_name="inspecting_committee", facet="organ", distinct=False)
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
