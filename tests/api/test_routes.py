"""The read API: collections, details, paging, absolute URLs, plain text with offsets, schema, docs, CORS."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from openapi_spec_validator import validate

from archive.models import IssueType, IssuingBody
from tests.archive.reading_factories import full_notice, make_notice, make_outline
from tests.search.test_export import archive  # noqa: F401  (three indexed notices)

pytestmark = pytest.mark.django_db


def get(client, url: str, status: int = 200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_schema_is_valid_openapi_and_documents_every_collection(client):
    schema = get(client, "/api/schema/")
    validate(schema)
    paths = set(schema["paths"])
    assert {
        "/api/",
        "/api/search/",
        "/api/notices/",
        "/api/notices/{key}/",
        "/api/notices/{key}/sections/{path}/",
        "/api/sections/",
        "/api/bodies/",
        "/api/rounds/",
        "/api/issue-types/",
    } <= paths
    search_params = {p["name"] for p in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert {"q", "body", "round", "type", "kind", "organ", "year", "from", "to", "sort", "page"} <= search_params


def test_docs_page_is_chinese_and_loads_nothing_from_other_sites(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<h1>接口说明</h1>" in html and 'href="/api/schema/"' in html
    # Every endpoint, its parameters with their Chinese descriptions, and the shapes it answers with.
    assert "全文检索 <code>GET /api/search/</code>" in html
    assert "<code>from</code>" in html and "起始日期 YYYY-MM-DD" in html
    assert 'href="#shape-SearchOut"' in html and 'id="shape-SearchOut"' in html
    assert "<code>snippet_html</code>" in html and "<code>SectionHitOut[]</code>" in html
    assert 'href="/api/notices/"' in html  # endpoints without path parameters can be tried


def test_every_operation_is_described_in_chinese(client):
    schema = get(client, "/api/schema/")
    for path, methods in schema["paths"].items():
        for operation in methods.values():
            for text in (operation["summary"], operation["description"]):
                assert re.search(r"[\u4e00-\u9fff]", text), (path, text)


def test_cors_allows_any_site_to_read_the_api_only(client):
    full_notice()
    response = client.get("/api/notices/", HTTP_ORIGIN="https://research.example.edu")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/search/", HTTP_ORIGIN="https://research.example.edu", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert (
        "GET" in preflight["Access-Control-Allow-Methods"] and "POST" not in preflight["Access-Control-Allow-Methods"]
    )
    page = client.get("/search/", HTTP_ORIGIN="https://research.example.edu")
    assert "Access-Control-Allow-Origin" not in page


def test_index_lists_absolute_urls(client):
    links = {row["name"]: row["url"] for row in get(client, "/api/")}
    assert links["notices"] == "http://testserver/api/notices/"
    assert links["openapi-json"] == "http://testserver/api/schema/"
    assert links["docs"] == "http://testserver/api/docs/"


def test_notice_list_takes_the_search_filters_and_pages_with_counts(client, archive):  # noqa: F811
    notice, others = archive
    data = get(client, "/api/notices/", kind="巡察")
    assert data["count"] == 2 and data["page"] == 1 and data["pages"] == 1 and data["page_size"] == 20
    assert [r["key"] for r in data["results"]] == [others[1].key, others[0].key]
    first = data["results"][0]
    assert first["url"] == f"http://testserver/notices/{others[1].key}/"
    assert first["api_url"] == f"http://testserver/api/notices/{others[1].key}/"
    data = get(client, "/api/notices/", q="超编")
    assert [r["key"] for r in data["results"]] == [notice.key]
    assert data["results"][0]["round"] == "七届市委第八轮巡察"
    assert get(client, "/api/notices/", 400, body="abc")["error"].startswith("发布机关(body)")


def test_notice_detail_has_facts_figures_sections_and_citation(client):
    notice, _ = full_notice()
    data = get(client, f"/api/notices/{notice.key}/")
    assert data["issuing_body"] == "中共测试市委" and data["inspection_kind"] == "巡视"
    assert data["problem_counts"] == {"aspects": 4, "categories": 11, "problems": 18, "items": 34}
    assert {"name": "巡视巡察组", "value": "省委第三巡视组"} in data["facts"]
    assert [s["path"] for s in data["sections"]] == ["1", "2", "2.1", "2.1.1", "2.1.2", "2.2", "3"]
    section = data["sections"][3]
    assert section["parent_path"] == "2.1" and section["number"] == "1."
    assert [t["name"] for t in section["issue_types"]] == ["八项规定"]
    assert section["url"] == f"http://testserver/notices/{notice.key}/s/2.1.1/"
    assert data["figures"][0]["section_url"] == section["url"] and data["figures"][1]["value"] == "2464600.00"
    assert data["citation"]["gbt7714"].startswith(
        "中共测试市委. 中共测试市委关于巡视整改情况的通报[EB/OL]. (2016-03-02)"
    )
    assert data["citation"]["bibtex_url"] == f"http://testserver/notices/{notice.key}/cite.bib"
    assert data["original_url"] == ""  # made in the database, no stored file
    assert data["data_csv_url"] == f"http://testserver/notices/{notice.key}/data.csv"


def test_section_detail(client):
    notice, _ = full_notice()
    data = get(client, f"/api/notices/{notice.key}/sections/2.1/")
    assert data["number_chain"] == "二、(一)" and data["children"] == ["2.1.1", "2.1.2"]
    assert data["notice_url"] == f"http://testserver/notices/{notice.key}/"
    assert "第 2.1 节" in data["citation"]["plain"]
    assert data["citation"]["ris_url"] == f"http://testserver/notices/{notice.key}/s/2.1/cite.ris"


@pytest.mark.parametrize(
    "url", ["/api/notices/nope/", "/api/notices/nope/sections/1/", "/api/notices/{key}/sections/9/"]
)
def test_missing_things_are_404_in_chinese(client, url):
    notice, _ = full_notice()
    data = get(client, url.format(key=notice.key), 404)
    assert re.search(r"[\u4e00-\u9fff]", data["error"])


def test_unpublished_notices_are_not_in_the_api(client):
    hidden = make_notice(status="review")
    get(client, f"/api/notices/{hidden.key}/", 404)
    assert get(client, "/api/sections/", notice=hidden.key)["count"] == 0


def test_sections_filter_and_page(client):
    notice, _ = full_notice()
    other = make_notice(issuing_body=IssuingBody.objects.create(name="中共另一市委"))
    made = make_outline(other, {"1": ("规范公务用车", "清理公务用车。"), "2": ("其他", "")})
    made["1"].issue_types.add(IssueType.objects.get(name="八项规定"))
    data = get(client, "/api/sections/", notice=notice.key, page_size=3, page=2)
    assert data["count"] == 7 and data["pages"] == 3 and data["page"] == 2
    assert [s["path"] for s in data["results"]] == ["2.1.1", "2.1.2", "2.2"]
    assert data["results"][0]["parent_path"] == "2.1"
    kind = IssueType.objects.get(name="八项规定")
    found = get(client, "/api/sections/", type=kind.slug)["results"]
    assert [(s["notice_key"], s["path"]) for s in found] == [(notice.key, "2.1.1"), (other.key, "1")]
    assert get(client, "/api/sections/")["count"] == 9
    assert get(client, "/api/sections/", body=other.issuing_body_id)["count"] == 2
    assert "page" in get(client, "/api/sections/", 400, page=0)["error"]
    assert get(client, "/api/sections/", 400, page_size=1000)["error"]


def test_bodies_rounds_and_issue_types(client):
    notice, _ = full_notice()
    (body,) = get(client, "/api/bodies/")["results"]
    assert body["name"] == "中共测试市委" and body["notices"] == 1
    assert body["feed_url"] == f"http://testserver/feeds/bodies/{quote(notice.issuing_body.slug)}/"
    assert body["search_url"] == f"http://testserver/search/?body={quote(notice.issuing_body.slug)}"
    (round_,) = get(client, "/api/rounds/")["results"]
    assert round_["label"] == "七届市委第八轮巡察" and round_["notices"] == 1
    types = {t["name"]: t for t in get(client, "/api/issue-types/", page_size=100)["results"]}
    assert types["八项规定"]["notices"] == 1 and types["八项规定"]["sections"] == 1
    assert types["八项规定"]["feed_url"].startswith("http://testserver/feeds/issues/")


def test_search_gives_plain_snippets_with_offsets_and_links(client, archive):  # noqa: F811
    notice, others = archive
    data = get(client, "/api/search/", q="公务用车", kind="巡视")
    assert data["count"] == 1 and data["pages"] == 1
    (hit,) = data["results"]
    section = hit["sections"][0]
    assert section["path"] == "2.1.1"
    assert [section["snippet"][s:e] for s, e in section["highlights"]] == ["公务用车", "公务用车"]
    assert section["snippet_html"].count("<mark>公务用车</mark>") == 2
    assert section["notice_url"].startswith(f"http://testserver/notices/{notice.key}/?q=")
    assert data["feed_url"].startswith("http://testserver/search/feed/?q=")
    assert data["export_csv_url"].startswith("http://testserver/search/export.csv?q=")
    assert {v["label"] for v in data["facets"]["kind"]} == {"巡视", "巡察"}


def test_search_says_how_many_sections_of_each_result_match_and_lists_them(client, archive):  # noqa: F811
    from archive.models import Section
    from search.services import PAGE_SIZE

    notice, others = archive
    data = get(client, "/api/search/", q="公务用车", kind="巡视")
    (hit,) = data["results"]
    sections = Section.objects.filter(notice=notice).order_by("order")
    expected = [s for s in sections if "公务用车" in f"{s.heading}{s.text}"]
    assert hit["matching_count"] == len(expected) == len(hit["matching_sections"]) >= len(hit["sections"])
    assert [m["path"] for m in hit["matching_sections"]] == [s.path for s in expected]
    first, section = hit["matching_sections"][0], expected[0]
    assert first["heading"] == f"{section.number}{section.heading}"
    assert first["url"] == f"http://testserver{section.get_absolute_url()}"
    # The notice page at the section, with the whole search: the words marked, the same filtered results behind.
    assert first["notice_url"].startswith(
        f"http://testserver/notices/{notice.key}/?q=%E5%85%AC%E5%8A%A1%E7%94%A8%E8%BD%A6"
    )
    assert "kind=%E5%B7%A1%E8%A7%86" in first["notice_url"] and first["notice_url"].endswith(f"#{section.anchor}")
    assert all("kind=%E5%B7%A1%E8%A7%86" in s["notice_url"] for s in hit["sections"])
    # The page says the same.
    page = client.get("/search/", {"q": "公务用车", "kind": "巡视"}).context["page"]
    assert [m.path for m in page.hits[0].matching.sections] == [m["path"] for m in hit["matching_sections"]]
    # Without a query or an issue type every section would match: nothing is counted.
    browsing = get(client, "/api/search/", page_size=PAGE_SIZE)
    assert browsing["results"] and all(r["matching_count"] is None for r in browsing["results"])
    assert all(r["matching_sections"] == [] for r in browsing["results"])


def test_the_schema_and_docs_describe_the_matching_sections(client):
    schema = get(client, "/api/schema/")
    hit = schema["components"]["schemas"]["SearchHitOut"]["properties"]
    assert {"matching_count", "matching_sections"} <= set(hit)
    assert "章节数" in hit["matching_count"]["description"]
    listed = schema["components"]["schemas"]["MatchingSectionOut"]["properties"]
    assert set(listed) == {"path", "heading", "url", "notice_url"}
    docs = client.get("/api/docs/").content.decode()
    assert "matching_count" in docs and "matching_sections" in docs
