"""Facet counts turned into what pages show: labels, toggle links, chips, page links.

Every link is the current parameters with one change, so every state of
the search page is a shareable URL. The backends count issuing bodies, rounds
and committees by database id; links name them by slug (ids differ between
installations, slugs do not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from archive.models import Committee, InspectionRound, IssueType, IssuingBody

from .backends.base import FACETS
from .filters import url_value

FACET_LABELS = {
    "body": "发布机关",
    "round": "巡视巡察轮次",
    "type": "问题类型",
    "kind": "类别",
    "organ": "巡视巡察机关",
    "year": "年份",
}
FACET_SIZE = 8


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    toggle_url: str
    sections: int | None = None  # issue types: the sections carrying it in the notices counted

    def as_json(self) -> dict:
        found = {"value": self.value, "label": self.label, "count": self.count, "selected": self.selected}
        if self.sections is not None:
            found["sections"] = self.sections
        return found


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    cut: bool = False  # more values exist than are shown
    expanded: bool = False
    expand_url: str = ""
    collapse_url: str = ""


@dataclass
class Chip:
    facet_label: str
    label: str
    remove_url: str


class Params:
    """The page's query parameters as ordered lists, producing URLs with one change each."""

    def __init__(self, data, base_url: str):
        self.base_url = base_url
        self.data: dict[str, list[str]] = {k: [v for v in data.getlist(k) if v != ""] for k in data}

    def url(self, **changes: list[str] | None) -> str:
        """The URL with the given parameters replaced (None removes one); the page number resets."""
        data = {k: list(v) for k, v in self.data.items() if k != "page"}
        for key, values in changes.items():
            if values:
                data[key] = values
            else:
                data.pop(key, None)
        query = urlencode([(k, v) for k, values in data.items() for v in values])
        return f"{self.base_url}?{query}" if query else self.base_url

    def page_url(self, page: int) -> str:
        data = {k: v for k, v in self.data.items() if k != "page"}
        if page > 1:
            data["page"] = [str(page)]
        query = urlencode([(k, v) for k, values in data.items() for v in values])
        return f"{self.base_url}?{query}" if query else self.base_url

    def toggled(self, name: str, value: str) -> str:
        current = self.data.get(name, [])
        values = [v for v in current if v != value] if value in current else [*current, value]
        return self.url(**{name: values})


@dataclass(frozen=True)
class ValueName:
    """What a page shows for a counted facet value, and how its URL names it."""

    url: str  # the URL parameter value (a slug for database rows)
    label: str
    order: tuple = ()  # where it is listed among its facet's values, when the facet has an order of its own


def value_names(facet: str, values: list[str]) -> dict[str, ValueName]:
    """URL values and display names for counted facet values (ids of bodies, rounds, committees; type slugs).

    Values naming no row are left out (callers show them as they are).
    """
    ids = [int(v) for v in values if v.isdigit() and len(v) < 12]
    if facet == "body":
        return {str(pk): ValueName(url_value(b), b.name) for pk, b in IssuingBody.objects.in_bulk(ids).items()}
    if facet == "round":
        rounds = InspectionRound.objects.select_related("committee").in_bulk(ids)
        return {str(pk): ValueName(url_value(r), r.display_name) for pk, r in rounds.items()}
    if facet == "organ":
        return {str(pk): ValueName(url_value(c), c.name) for pk, c in Committee.objects.in_bulk(ids).items()}
    if facet == "type":
        # Listed as the vocabulary lists them (the editors' order), not by slug.
        types = IssueType.objects.in_bulk(values, field_name="slug")
        return {slug: ValueName(slug, t.name, (t.order, t.name)) for slug, t in types.items()}
    return {v: ValueName(v, v) for v in values}


def value_labels(facet: str, values: list[str]) -> dict[str, str]:
    """Display names for facet values (database names for ids and slugs)."""
    return {value: name.label for value, name in value_names(facet, values).items()}


def build_facets(
    counts: dict[str, list[tuple[str, int]]],
    selected: dict[str, frozenset[str]],
    params: Params,
    expand: set[str],
    type_sections: dict[str, int] | None = None,
) -> list[Facet]:
    """Facets in display order; a facet not expanded shows :data:`FACET_SIZE` values (selected ones always).

    ``counts`` and ``selected`` hold the backend's values (ids for bodies, rounds and committees);
    each :class:`FacetValue` carries the value as URLs write it (a slug).
    Issue-type values carry their section count too (``type_sections``), shown as “37 段 / 5 篇”,
    and are listed in the vocabulary's order; years newest first; other facets by count.
    """
    facets = []
    for name in FACETS:
        if name not in counts:
            continue
        chosen = selected.get(name, frozenset())
        ranked = counts[name]
        names = value_names(name, [v for v, _ in ranked])
        shown = ranked if name in expand else _top(ranked, chosen)
        if name == "year":
            shown = sorted(shown, key=lambda item: item[0], reverse=True)
        elif name == "type":
            last = (float("inf"),)
            shown = sorted(shown, key=lambda item: names[item[0]].order if item[0] in names else last)
        sections = (type_sections or {}) if name == "type" else None
        values = []
        for v, c in shown:
            if c <= 0 and v not in chosen:
                continue
            known = names.get(v, ValueName(v, v))
            section_count = None if sections is None else sections.get(v, 0)
            toggle = params.toggled(name, known.url)
            values.append(FacetValue(known.url, known.label, c, v in chosen, toggle, section_count))
        others = [e for e in params.data.get("expand", []) if e != name]
        facets.append(
            Facet(
                name,
                FACET_LABELS[name],
                values,
                cut=len([v for v, c in ranked if c > 0]) > FACET_SIZE,
                expanded=name in expand,
                expand_url=params.url(expand=[*others, name]) + f"#facet-{name}",
                collapse_url=params.url(expand=others) + f"#facet-{name}",
            )
        )
    return facets


def _top(ranked: list[tuple[str, int]], chosen: frozenset[str]) -> list[tuple[str, int]]:
    top = [item for item in ranked if item[1] > 0][:FACET_SIZE]
    names = {v for v, _ in top}
    return top + [item for item in ranked if item[0] in chosen and item[0] not in names]


@dataclass
class PageLink:
    number: int | None  # None: an ellipsis standing for the pages left out
    url: str = ""
    current: bool = False


#: Pages shown on each side of the current one; the first and last pages are always shown.
PAGE_WINDOW = 2


def page_links(params: Params, page: int, pages: int) -> list[PageLink]:
    """Numbered page links: the first, the last, and a few around ``page``, with ellipses for the gaps."""
    if pages <= 1:
        return []
    around = range(max(1, page - PAGE_WINDOW), min(pages, page + PAGE_WINDOW) + 1)
    numbers = sorted({1, pages, *around})
    links: list[PageLink] = []
    for number in numbers:
        if links and links[-1].number is not None and number - links[-1].number == 2:
            links.append(PageLink(number - 1, params.page_url(number - 1)))  # one missing page: show it
        elif links and links[-1].number is not None and number - links[-1].number > 2:
            links.append(PageLink(None))
        links.append(PageLink(number, params.page_url(number), number == page))
    return links


def build_chips(facets: list[Facet], params: Params) -> list[Chip]:
    """Every chosen filter value (and the date range) as a removable chip."""
    chips = [Chip(f.label, v.label, v.toggle_url) for f in facets for v in f.values if v.selected]
    for name, label in (("from", "起始日期"), ("to", "截止日期")):
        for value in params.data.get(name, [])[:1]:
            chips.append(Chip(label, value, params.url(**{name: None})))
    return chips
