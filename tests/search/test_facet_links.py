"""Facet lists, toggle links and chips, from counts (no search index needed)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from archive.models import Committee, InspectionRound, IssueType, IssuingBody
from search.facets import FACET_LABELS, FACET_SIZE, Params, build_chips, build_facets, page_links, value_labels


def params(query: str = "", base: str = "/search/") -> Params:
    return Params(QueryDict(query), base)


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_url_changes_one_parameter_and_drops_the_page():
    links = params("q=整改&kind=巡察&page=3&empty=")
    assert links.data == {"q": ["整改"], "kind": ["巡察"], "page": ["3"], "empty": []}
    assert query_of(links.url(kind=["巡视", "巡察"])) == {"q": ["整改"], "kind": ["巡视", "巡察"]}
    assert query_of(links.url(kind=None)) == {"q": ["整改"]}
    assert query_of(links.url(kind=[])) == {"q": ["整改"]}
    assert params("page=2").url() == "/search/"
    assert links.data["page"] == ["3"]  # the page's own parameters are left as they were


def test_page_url_sets_or_drops_the_page_number():
    links = params("q=整改&page=3")
    assert query_of(links.page_url(2)) == {"q": ["整改"], "page": ["2"]}
    assert links.page_url(1) == "/search/?q=%E6%95%B4%E6%94%B9"
    assert params("page=4").page_url(1) == "/search/"


def test_toggled_adds_or_removes_one_value():
    links = params("year=2017&year=2015")
    assert query_of(links.toggled("year", "2016")) == {"year": ["2017", "2015", "2016"]}
    assert query_of(links.toggled("year", "2017")) == {"year": ["2015"]}
    assert params("year=2017").toggled("year", "2017") == "/search/"


@pytest.mark.django_db
def test_value_labels_name_database_values():
    body = IssuingBody.objects.create(name="中共某区委")
    IssuingBody.objects.create(name="中共另一区委")  # not asked for: not looked up
    round_ = InspectionRound.objects.create(label="第十一轮")
    InspectionRound.objects.create(label="第十二轮")
    issue = IssueType.objects.get(name="八项规定")  # shipped with the vocabulary
    assert value_labels("body", [str(body.pk), "x", "999999"]) == {str(body.pk): "中共某区委"}
    assert value_labels("round", [str(round_.pk)]) == {str(round_.pk): "第十一轮"}
    assert value_labels("type", [issue.slug, "nothing"]) == {issue.slug: "八项规定"}
    assert value_labels("kind", ["巡视", "巡察"]) == {"巡视": "巡视", "巡察": "巡察"}


@pytest.mark.django_db
def test_build_facets_in_display_order_with_labels_counts_and_links():
    counts = {"year": [("2015", 5), ("2017", 2), ("2016", 0)], "kind": [("巡视", 3), ("巡察", 4)], "other": []}
    links = params("q=整改&kind=巡察")
    facets = build_facets(counts, {"kind": frozenset({"巡察"})}, links, set())
    assert [f.name for f in facets] == ["kind", "year"]
    kind, year = facets
    assert kind.label == FACET_LABELS["kind"]
    assert [(v.value, v.label, v.count, v.selected) for v in kind.values] == [
        ("巡视", "巡视", 3, False),
        ("巡察", "巡察", 4, True),
    ]
    assert query_of(kind.values[1].toggle_url) == {"q": ["整改"]}
    assert query_of(kind.values[0].toggle_url) == {"q": ["整改"], "kind": ["巡察", "巡视"]}
    # Years newest first; values counting nothing are left out.
    assert [v.value for v in year.values] == ["2017", "2015"]
    assert not year.cut and not year.expanded
    assert year.expand_url.endswith("#facet-year") and query_of(year.expand_url)["expand"] == ["year"]
    assert "expand" not in query_of(year.collapse_url)
    assert kind.values[0].as_json() == {"value": "巡视", "label": "巡视", "count": 3, "selected": False}


@pytest.mark.django_db
def test_long_facets_are_cut_unless_expanded_and_keep_their_selection():
    ranked = [(f"v{i:02d}", 100 - i) for i in range(FACET_SIZE + 3)] + [("chosen", 0)]
    counts = {"organ": ranked}
    chosen = {"organ": frozenset({"chosen", "v10"})}
    (cut,) = build_facets(counts, chosen, params("organ=chosen&organ=v10"), set())
    assert cut.cut and not cut.expanded
    assert [v.value for v in cut.values] == [f"v{i:02d}" for i in range(FACET_SIZE)] + ["v10", "chosen"]
    assert [v.count for v in cut.values][-1] == 0  # a chosen value stays, with its count
    (whole,) = build_facets(counts, chosen, params("expand=organ&expand=kind"), {"organ"})
    assert whole.expanded and [v.value for v in whole.values] == [v for v, _c in ranked]
    assert query_of(whole.collapse_url)["expand"] == ["kind"]
    assert query_of(whole.expand_url)["expand"] == ["kind", "organ"]
    exactly = build_facets({"organ": ranked[:FACET_SIZE]}, {}, params(), set())[0]
    assert not exactly.cut


@pytest.mark.django_db
def test_chips_for_every_chosen_value_and_the_date_range():
    links = params("kind=巡察&from=2016-01-01&from=2017-01-01&to=2018-12-31")
    facets = build_facets({"kind": [("巡察", 2), ("巡视", 1)]}, {"kind": frozenset({"巡察"})}, links, set())
    chips = build_chips(facets, links)
    assert [(c.facet_label, c.label) for c in chips] == [
        ("类别", "巡察"),
        ("起始日期", "2016-01-01"),
        ("截止日期", "2018-12-31"),
    ]
    assert "kind" not in query_of(chips[0].remove_url)
    assert "from" not in query_of(chips[1].remove_url) and query_of(chips[1].remove_url)["to"] == ["2018-12-31"]
    assert "to" not in query_of(chips[2].remove_url)


@pytest.mark.django_db
def test_values_with_a_single_hit_are_shown_and_zero_only_when_chosen():
    counts = {"organ": [("乙", 0), ("甲", 1), ("丙", 0)]}
    (facet,) = build_facets(counts, {"organ": frozenset({"乙"})}, params("organ=乙"), set())
    assert [(v.value, v.count) for v in facet.values] == [("甲", 1), ("乙", 0)]
    (expanded,) = build_facets(counts, {}, params("expand=organ"), {"organ"})
    assert [(v.value, v.count) for v in expanded.values] == [("甲", 1)]


@pytest.mark.django_db
def test_body_values_are_named_by_slug_in_links_and_unknown_ids_shown_themselves():
    body = IssuingBody.objects.create(name="中共某区委")
    counts = {"body": [(str(body.pk), 2), ("999999", 1)]}
    (facet,) = build_facets(counts, {}, params(), set())
    assert [(v.value, v.label) for v in facet.values] == [(body.slug, "中共某区委"), ("999999", "999999")]
    assert query_of(facet.values[0].toggle_url) == {"body": [body.slug]}


@pytest.mark.django_db
def test_rows_counted_by_id_are_selected_and_toggled_by_slug():
    committee = Committee.objects.create(name="某市委")
    round_ = InspectionRound.objects.create(label="第三轮", committee=committee)
    counts = {"round": [(str(round_.pk), 2)], "organ": [(str(committee.pk), 3)]}
    chosen = {"round": frozenset({str(round_.pk)}), "organ": frozenset({str(committee.pk)})}
    links = params(f"q=整改&round={round_.slug}&organ={committee.slug}")
    round_facet, organ_facet = build_facets(counts, chosen, links, set())
    assert round_facet.values[0].selected and round_facet.values[0].value == round_.slug
    assert round_facet.values[0].label == "某市委 · 第三轮"
    assert query_of(round_facet.values[0].toggle_url) == {"q": ["整改"], "organ": [committee.slug]}
    assert query_of(organ_facet.values[0].toggle_url) == {"q": ["整改"], "round": [round_.slug]}


@pytest.mark.django_db
def test_issue_types_are_listed_in_the_vocabulary_order_not_by_slug_or_count():
    from archive.parsing.vocabulary import VOCABULARY

    slugs = [spec.slug for spec in VOCABULARY]
    assert slugs != sorted(slugs)  # else the order would prove nothing
    counts = {"type": [(slug, n + 1) for n, slug in enumerate(slugs)]}  # the last type counts most
    (facet,) = build_facets(counts, {}, params("expand=type"), {"type"})
    assert [v.value for v in facet.values] == slugs
    (cut,) = build_facets(counts, {}, params(), set())
    shown = [v.value for v in cut.values]
    assert len(shown) == FACET_SIZE and shown == [s for s in slugs if s in shown]


@pytest.mark.parametrize(
    ("page", "pages", "expected"),
    [
        (1, 1, []),
        (1, 3, [1, 2, 3]),
        (1, 12, [1, 2, 3, None, 12]),
        (6, 12, [1, None, 4, 5, 6, 7, 8, None, 12]),
        (4, 12, [1, 2, 3, 4, 5, 6, None, 12]),  # one page between 1 and the window is shown, not an ellipsis
        (12, 12, [1, None, 10, 11, 12]),
        (30, 12, [1, None, 12]),  # past the last page: the first and the last still lead somewhere
    ],
)
def test_page_links_number_the_pages_with_the_last_and_ellipses(page, pages, expected):
    links = page_links(params("q=整改&page=2"), page, pages)
    assert [link.number for link in links] == expected
    assert [link.number for link in links if link.current] == ([page] if page <= pages and pages > 1 else [])
    for link in links:
        if link.number:
            assert query_of(link.url) == (
                {"q": ["整改"], "page": [str(link.number)]} if link.number > 1 else {"q": ["整改"]}
            )


@pytest.mark.django_db
def test_chips_link_to_the_page_without_their_value():
    links = params("q=整改&kind=巡察")
    facets = build_facets({"kind": [("巡察", 2)]}, {"kind": frozenset({"巡察"})}, links, set())
    (chip,) = build_chips(facets, links)
    assert chip.remove_url == "/search/?q=%E6%95%B4%E6%94%B9"
    assert build_chips([], params("q=整改")) == []
