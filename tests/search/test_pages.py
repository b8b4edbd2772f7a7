"""The search page and JSON API over the five samples: same service, escaping, hostile input."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse

from archive.models import IssueType, Section
from search.backends.whoosh import WhooshBackend

from .samples import containing, sample_archive

HOSTILE = [
    '"巡察整改',
    "-",
    "- - -",
    "OR OR OR",
    'title: body: "" -""',
    "<script>alert(1)</script>",
    "巡" * 2000,
    "%$#@!&*()_+{}|:<>?~`" * 100,
    "\x00\x01巡察",
    "title:",
]


class SampleIndex:
    """The five samples imported once per class, with a Whoosh index of them that every page reads."""

    @pytest.fixture(scope="class")
    @classmethod
    def samples(cls, django_db_setup, django_db_blocker, tmp_path_factory):
        index_dir = tmp_path_factory.mktemp("index")
        with sample_archive(django_db_blocker, tmp_path_factory.mktemp("media")) as archive:
            with django_db_blocker.unblock():
                WhooshBackend(index_dir).rebuild()
            archive.index_dir = index_dir
            yield archive

    @pytest.fixture(autouse=True)
    def _use_sample_index(self, samples, settings):
        settings.SEARCH_BACKEND = "whoosh"  # the index built above, whatever backend the suite runs with
        settings.SEARCH_INDEX_DIR = samples.index_dir


@pytest.mark.django_db
class TestSearchPages(SampleIndex):
    def api(self, client, **params):
        return client.get(reverse("api:search"), params)

    def test_api_results_point_at_sections(self, client, samples):
        response = self.api(client, q="公务用车", syn="0")  # as typed: synonyms are tested on their own
        assert response.status_code == 200
        data = response.json()
        assert data["count"] == len(containing("公务用车"))
        assert {r["key"] for r in data["results"]} == {samples.keys[s] for s in containing("公务用车")}
        for result in data["results"]:
            assert result["url"] == f"http://testserver/notices/{result['key']}/"
            assert result["sections"]
            for section in result["sections"]:
                # Plain text with hit offsets, and the same excerpt as HTML in a field named so.
                assert "<mark>" not in section["snippet"]
                marked = "".join(section["snippet"][start:end] for start, end in section["highlights"])
                assert "公务" in marked
                assert "<mark>公务用车</mark>" in section["snippet_html"] or "<mark>公务" in section["snippet_html"]
                if section["path"]:
                    assert section["url"] == f"http://testserver/notices/{result['key']}/s/{section['path']}/"
        assert set(data["facets"]) == {"body", "round", "type", "kind", "organ", "year"}
        value = data["facets"]["kind"][0]
        assert {"value", "label", "count", "selected"} <= set(value) and value.get("sections") is None
        assert all(isinstance(v["sections"], int) for v in data["facets"]["type"])

    def test_choosing_a_type_shows_its_sections_and_counts_sections_and_notices(self, client, samples):
        from archive.models import Section

        eight = IssueType.objects.get(name="八项规定")
        data = self.api(client, type=eight.slug).json()
        value = next(v for v in data["facets"]["type"] if v["value"] == eight.slug)
        assert value["sections"] == Section.objects.filter(issue_types=eight).count()
        assert value["count"] == data["count"]
        for result in data["results"]:
            typed = set(
                Section.objects.filter(notice__key=result["key"], issue_types=eight).values_list("path", flat=True)
            )
            assert result["sections"] and {s["path"] for s in result["sections"]} <= typed
            assert result["main_issue_types"]
        html = client.get(reverse("search:search"), {"type": eight.slug}).content.decode()
        assert f"{value['sections']} 段 / {value['count']} 篇" in html

    def test_api_facet_labels_and_selection(self, client, samples):
        slug = IssueType.objects.get(name="八项规定").slug
        data = self.api(client, type=slug, kind="巡察").json()
        assert data["count"] == 2
        types = {v["value"]: v for v in data["facets"]["type"]}
        assert types[slug]["selected"] and types[slug]["label"] == "八项规定"
        bodies = {v["label"] for v in data["facets"]["body"]}
        assert all(label and not label.isdigit() for label in bodies)

    def test_api_organ_and_round_facets_name_the_committee(self, client, samples):
        data = self.api(client).json()
        organs = {v["label"]: v["count"] for v in data["facets"]["organ"]}
        assert organs == {"深圳市委": 2, "湖南省委": 1, "广东省委": 1, "浙江省委": 1}
        assert [v["label"] for v in data["facets"]["round"]] == ["深圳市委 · 七届市委第八轮巡察"]
        shenzhen = next(v["value"] for v in data["facets"]["organ"] if v["label"] == "深圳市委")
        assert self.api(client, organ=shenzhen).json()["count"] == 2
        assert self.api(client, organ="市委").status_code == 400  # a level is no committee

    @pytest.mark.parametrize(
        "params",
        [
            {"body": "abc"},
            {"round": "1x"},
            {"organ": "深圳"},
            {"from": "2020-13-01"},
            {"type": "no-such-type"},
            {"page": "x"},
        ],
    )
    def test_api_bad_parameters_are_400_with_a_message(self, client, params):
        response = self.api(client, **params)
        assert response.status_code == 400
        assert response.json()["error"]

    def test_page_keeps_working_with_bad_parameters(self, client):
        response = client.get(reverse("search:search"), {"q": "整改", "body": "abc", "to": "not-a-date"})
        assert response.status_code == 200
        content = response.content.decode()
        assert "已忽略该条件" in content
        assert f"找到 {len(containing('整改'))} 篇通报" in content

    @pytest.mark.parametrize("q", HOSTILE)
    def test_hostile_queries_never_fail(self, client, q):
        page = client.get(reverse("search:search"), {"q": q})
        assert page.status_code == 200
        assert "<script>alert" not in page.content.decode()
        api = self.api(client, q=q)
        assert api.status_code in (200, 400)
        assert "messages" in api.json() or "error" in api.json()

    def test_malformed_queries_explain_themselves(self, client):
        assert "引号不成对" in client.get(reverse("search:search"), {"q": '"巡察整改'}).content.decode()
        assert self.api(client, q="巡" * 2000).json()["messages"]

    def test_page_has_facets_chips_and_help(self, client, samples):
        response = client.get(reverse("search:search"), {"q": "整改", "kind": "巡察"})
        content = response.content.decode()
        assert response.status_code == 200
        assert 'role="search"' in content and '<label for="search-q">' in content
        assert "检索语法" in content and "title:" in content
        assert "移除条件 类别:巡察" in content
        assert 'href="/search/?q=%E6%95%B4%E6%94%B9"' in content  # the chip removes kind, keeps q
        assert "找到 2 篇通报" in content
        assert 'aria-label="筛选"' in content

    def test_browsing_without_query_lists_all_newest_first(self, client, samples):
        data = self.api(client).json()
        assert data["count"] == 5
        dates = [r["feedback_on"] for r in data["results"]]
        assert dates == sorted(dates, reverse=True)
        page = client.get(reverse("search:search")).content.decode()
        assert "共 5 篇通报" in page

    def test_user_text_is_escaped(self, client):
        content = client.get(reverse("search:search"), {"q": '"><img src=x onerror=alert(1)>'}).content.decode()
        assert "<img src=x" not in content
        assert "&lt;img src=x" in content or "&quot;&gt;&lt;img" in content

    def test_expand_shows_every_value(self, client):
        data = client.get(reverse("search:search"), {"expand": "type"})
        assert data.status_code == 200
        facet = next(f for f in data.context["page"].facets if f.name == "type")
        assert facet.expanded and len(facet.values) > 8
        collapsed = next(f for f in client.get(reverse("search:search")).context["page"].facets if f.name == "type")
        assert collapsed.cut and len(collapsed.values) == 8


@pytest.mark.django_db
class TestLastingUrlsAndResults(SampleIndex):
    """Slug URLs (old id URLs redirect), page numbers, result links that keep the search, matching sections."""

    def test_old_id_urls_redirect_permanently_to_slugs(self, client):
        from urllib.parse import parse_qs, urlsplit

        from archive.models import Committee, InspectionRound, IssuingBody

        round_ = InspectionRound.objects.filter(notices__isnull=False).first()
        notice = round_.notices.get()
        body, organ = notice.issuing_body, notice.inspecting_committee
        assert isinstance(body, IssuingBody) and isinstance(organ, Committee) and organ.name == "深圳市委"
        for url in (reverse("search:search"), reverse("search:feed"), reverse("search:export_csv")):
            response = client.get(url, {"q": "整改", "body": body.pk, "round": round_.pk, "organ": "深圳市委"})
            assert response.status_code == 301, url
            target = urlsplit(response["Location"])
            assert target.path == url
            assert parse_qs(target.query) == {
                "q": ["整改"],
                "body": [body.slug],
                "round": [round_.slug],
                "organ": [organ.slug],
            }
        lasting = client.get(reverse("search:search"), {"body": body.slug, "round": round_.slug, "organ": organ.slug})
        assert lasting.status_code == 200
        assert lasting.context["page"].count == 1
        # Unknown values are no redirect: the page says they were ignored.
        assert client.get(reverse("search:search"), {"body": "999999"}).status_code == 200

    def test_facet_links_and_the_api_name_rows_by_slug_and_still_accept_ids(self, client):
        from archive.models import Committee

        page = client.get(reverse("search:search")).context["page"]
        organ = next(f for f in page.facets if f.name == "organ")
        shenzhen = Committee.objects.get(name="深圳市委")
        value = next(v for v in organ.values if v.label == "深圳市委")
        assert value.value == shenzhen.slug and f"organ={shenzhen.slug}" in unquote(value.toggle_url)
        for facet in page.facets:
            for v in facet.values:
                assert not (facet.name in ("body", "round", "organ") and v.value.isdigit()), (facet.name, v)
        by_slug = client.get(reverse("api:search"), {"organ": shenzhen.slug}).json()
        by_id = client.get(reverse("api:search"), {"organ": shenzhen.pk}).json()  # an old link's id: an alias
        assert by_slug["count"] == by_id["count"] == 2
        assert next(v for v in by_id["facets"]["organ"] if v["selected"])["value"] == shenzhen.slug

    def test_issue_types_are_listed_in_the_vocabulary_order(self, client):
        order = list(IssueType.objects.order_by("order").values_list("slug", flat=True))
        page = client.get(reverse("search:search"), {"expand": "type"}).context["page"]
        shown = [v.value for v in next(f for f in page.facets if f.name == "type").values]
        assert len(shown) > 8 and shown == [slug for slug in order if slug in shown]

    def test_a_page_past_the_last_says_so_once_and_links_to_the_last(self, client):
        response = client.get(reverse("search:search"), {"q": "整改", "page": "99"})
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("没有第 99 页:共 1 页。") == 1 and "第 99 /" not in html
        assert "没有找到符合条件的通报" not in html and "没有这一页" not in html and "应在 1 到" not in html
        assert '<a href="/search/?q=%E6%95%B4%E6%94%B9">转到最后一页(第 1 页)</a>' in html
        api = client.get(reverse("api:search"), {"q": "整改", "page": "99"}).json()
        assert api["messages"] == ["没有第 99 页:共 1 页。"] and api["results"] == []
        huge = client.get(reverse("search:search"), {"page": "9" * 30})
        assert huge.status_code == 200 and "转到最后一页" in huge.content.decode()

    def test_a_title_link_keeps_the_search_and_the_notice_page_leads_back(self, client, samples):
        params = {"q": "公务用车", "kind": "巡察"}
        page = client.get(reverse("search:search"), params)
        html = page.content.decode()
        hit = page.context["page"].hits[0]
        link = f'href="{hit.url}?q=%E5%85%AC%E5%8A%A1%E7%94%A8%E8%BD%A6&amp;kind=%E5%B7%A1%E5%AF%9F"'
        assert link in html
        notice = client.get(hit.url, params).content.decode()
        assert "<mark>公务用车</mark>" in notice
        assert 'href="/search/?q=%E5%85%AC%E5%8A%A1%E7%94%A8%E8%BD%A6&amp;kind=%E5%B7%A1%E5%AF%9F"' in notice
        # The way back carries only the search's own parameters.
        back = client.get(hit.url, {**params, "next": "https://example.org/"}).content.decode()
        assert "example.org" not in back

    def test_titles_and_headings_of_results_are_marked(self, client):
        html = client.get(reverse("search:search"), {"q": "整改"}).content.decode()
        assert re.search(r'class="search-hit__title"><a [^>]*>[^<]*<mark>整改</mark>', html)
        html = client.get(reverse("search:search"), {"q": "公务用车"}).content.decode()
        assert re.search(r'class="search-hit__section" [^>]*>[^<]*<mark>公务用车</mark>', html)

    def test_each_result_counts_its_matching_sections_and_opens_them_all(self, client):
        from archive.models import Section
        from search.highlight import contains_any, query_terms

        page = client.get(reverse("search:search"), {"q": "整改 公务"})
        html = page.content.decode()
        terms = query_terms("整改 公务")
        for hit in page.context["page"].hits:
            sections = Section.objects.filter(notice__key=hit.key)
            expected = [s.path for s in sections.order_by("order") if contains_any(f"{s.heading}\n{s.text}", terms)]
            assert [m.path for m in hit.matching.sections] == expected
            assert hit.matching.count == len(expected) >= len(hit.sections)
        eight = IssueType.objects.get(name="八项规定")
        typed = client.get(reverse("search:search"), {"type": eight.slug}).context["page"]
        for hit in typed.hits:  # without a query: the sections of the chosen type
            expected = Section.objects.filter(notice__key=hit.key, issue_types=eight).order_by("order")
            assert [m.path for m in hit.matching.sections] == [s.path for s in expected] and hit.matching.count
        browsing = client.get(reverse("search:search")).context["page"]
        assert all(hit.matching is None for hit in browsing.hits)  # every section would match: nothing counted
        wide = max(page.context["page"].hits, key=lambda h: h.matching.count)
        assert wide.matching.more > 0
        assert f"本篇共 {wide.matching.count} 个章节匹配" in html
        assert f'<details class="search-hit__all" id="all-{wide.key}" data-open-key="{wide.key}">' in html

    def test_matching_sections_count_the_synonyms_the_search_added(self, client, samples):
        # 001 writes only 公务用车: a search for 公车 finds it through the synonym table, and counts those sections.
        page = client.get(reverse("search:search"), {"q": "公车"}).context["page"]
        hit = next(h for h in page.hits if h.key == samples.keys["001"])
        expected = Section.objects.filter(notice__key=hit.key, text__contains="公务用车")
        assert hit.matching.count == expected.count() > 0
        typed = client.get(reverse("search:search"), {"q": "公车", "syn": "0"}).context["page"]
        assert samples.keys["001"] not in {h.key for h in typed.hits}

    def test_every_link_of_a_result_carries_the_whole_search_and_the_notice_leads_back(self, client, samples):
        params = {"q": "公务用车", "kind": "巡察", "syn": "0", "sort": "relevance"}
        page = client.get(reverse("search:search"), params).context["page"]
        assert page.hits
        for hit in page.hits:
            for section in hit.sections:
                assert parse_qs(urlsplit(section.notice_url).query) == {k: [v] for k, v in params.items()}
            for listed in hit.matching.sections:  # the list is open when one of its links is followed
                query = parse_qs(urlsplit(listed.url).query)
                assert query == {**{k: [v] for k, v in params.items()}, "open": [hit.key]}
        link = page.hits[0].sections[0].notice_url
        notice = client.get(link.split("#")[0]).content.decode()
        assert "<mark>公务用车</mark>" in notice
        back = re.search(r'<p class="back"><a href="([^"]+)">← 返回“公务用车”的检索结果', notice).group(1)
        assert parse_qs(urlsplit(back.replace("&amp;", "&")).query) == {k: [v] for k, v in params.items()}
        listed = page.hits[0].matching.sections[0].url
        notice = client.get(listed.split("#")[0]).content.decode()
        back = re.search(r'<p class="back"><a href="([^"]+)">', notice).group(1).replace("&amp;", "&")
        assert f"open={page.hits[0].key}" in back and back.endswith(f"#all-{page.hits[0].key}")

    def test_a_search_without_words_leads_back_too_and_a_plain_visit_does_not(self, client):
        eight = IssueType.objects.get(name="八项规定")
        page = client.get(reverse("search:search"), {"type": eight.slug}).context["page"]
        link = page.hits[0].matching.sections[0].url
        assert f"type={eight.slug}" in link
        notice = client.get(link.split("#")[0]).content.decode()
        assert re.search(
            rf'<p class="back"><a href="/search/\?type={eight.slug}&amp;open=[^"]+">← 返回检索结果</a>', notice
        )
        plain = client.get(page.hits[0].url, {"page": "2", "sort": "newest"}).content.decode()
        assert '<p class="back">' not in plain  # no query and no filter: not reached from a search

    def test_an_open_list_of_matching_sections_is_part_of_the_url(self, client):
        params = {"q": "整改 公务"}
        closed = client.get(reverse("search:search"), params)
        wide = [h for h in closed.context["page"].hits if h.matching and h.matching.more]
        assert len(wide) >= 2
        first, second = wide[0].key, wide[1].key
        assert f'id="all-{first}" data-open-key="{first}">' in closed.content.decode()
        opened = client.get(reverse("search:search"), {**params, "open": first})
        html = opened.content.decode()
        assert f'id="all-{first}" data-open-key="{first}" open>' in html
        assert f'id="all-{second}" data-open-key="{second}">' in html  # only the one the URL names
        both = client.get(reverse("search:search"), {**params, "open": [first, second]}).content.decode()
        assert f'data-open-key="{first}" open>' in both and f'data-open-key="{second}" open>' in both
        # The page's other links keep it: sorting, facets, and the title links (so the way back reopens it).
        page = opened.context["page"]
        assert all(f"open={first}" in link["url"] for link in page.sort_links)
        assert all(f"open={first}" in v.toggle_url for f in page.facets for v in f.values)
        assert f'href="{page.hits[0].url}?q=%E6%95%B4%E6%94%B9+%E5%85%AC%E5%8A%A1&amp;open={first}"' in html

    @pytest.mark.parametrize("value", ["<script>alert(1)</script>", "x" * 5000, "", '"><b>'])
    def test_a_hostile_open_value_is_harmless(self, client, value):
        response = client.get(reverse("search:search"), {"q": "整改", "open": value})
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert(1)" not in html and '"><b>' not in html

    def test_the_results_come_before_the_facets_and_a_skip_link_leads_to_them(self, client):
        html = client.get(reverse("search:search"), {"q": "整改"}).content.decode()
        assert html.index('id="results"') < html.index('id="facets"')
        assert html.index('href="#hits"') < html.index('id="search-q"')  # at the top of the page
        assert html.count('href="#hits"') == 2  # and right after the search box
        assert html.index('id="results"') < html.index('id="hits"')
        # One word found nowhere: no hits at all (several words would list the notices holding some of them).
        nothing = client.get(reverse("search:search"), {"q": "zzqqxx"}).content.decode()
        assert 'href="#hits"' not in nothing and nothing.count('href="#results"') == 2
