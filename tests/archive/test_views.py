"""Reading pages: notice, section, browse lists, home, error pages and what they escape."""

from __future__ import annotations

import logging
import re
import sys
import types
from html import unescape
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils.safestring import mark_safe

from archive.models import Committee, Figure, InspectionRound, IssueType, IssuingBody, Notice
from search.services import SimilarHit

from ..conftest import GOLD
from .reading_factories import full_notice, import_sample, issue_type, make_notice, make_outline, make_section

pytestmark = pytest.mark.django_db


def meta(html: str, prop: str) -> str:
    """The content of ``<meta property=prop>`` (or ``name=prop``) in ``html``."""
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    assert found, f"no {prop} meta tag"
    return unescape(found[1])


def canonical(html: str) -> str:
    found = re.search(r'<link rel="canonical" href="([^"]+)"', html)
    assert found, "no canonical link"
    return found[1]


# --- notice page ------------------------------------------------------------------------------


def test_notice_page_shows_title_facts_and_full_text(client):
    notice, _ = full_notice()
    html = client.get(notice.get_absolute_url()).content.decode()
    assert "<h1" in html and "中共测试市委关于巡视整改情况的通报" in html
    assert "推定标题" not in html
    for fact in [
        "中共测试市委",
        "巡视",
        "省委第三巡视组",
        "七届市委第八轮巡察",
        "测试市",
        "2015年11月至2015年12月20日",
        "2016年1月15日",
        "2016年3月2日",
        "4个方面、11类、18个问题、34个小项",
        "020-12345678",
        "xuncha@example.org",
        "510000",
    ]:
        assert fact in html, fact
    assert "2015年11月1日" not in html, "a month-precision date must not show a day"
    assert "根据区委巡察工作部署" in html and "欢迎广大干部群众" in html
    assert "清理超编公务用车12辆。" in html and "收回违规占用办公用房300平方米。" in html


def test_notice_page_anchors_every_section_with_a_copy_link(client):
    notice, sections = full_notice()
    html = client.get(notice.get_absolute_url()).content.decode()
    for section in sections.values():
        assert f'id="{section.anchor}"' in html
        assert f'href="#{section.anchor}"' in html, "table of contents entry"
        assert f'data-copy-url="http://testserver/notices/{notice.key}/s/{section.path}/"' in html
    assert html.count("复制链接</a>") == len(sections)
    assert 'id="s-2-1-1"' in html


def test_notice_page_lists_figures_types_and_links_facts_to_search(client):
    notice, _ = full_notice()
    html = client.get(notice.get_absolute_url()).content.decode()
    assert "清理超编公务用车" in html and "12 辆" in html
    assert "2,464,600 元" in html
    short_table = '<details open>\n        <summary><h2 id="figures-h">主要数据(2 项)</h2>'
    assert short_table in html, "a short table starts open"
    assert 'href="#s-2-1-1"' in html
    assert f'href="{reverse("archive:issue_type", kwargs={"slug": "eight-point-rules"})}"' in html
    assert f'href="{reverse("archive:issue_type", kwargs={"slug": "cadre-supervision"})}"' in html
    body = IssuingBody.objects.get(name="中共测试市委")
    round_ = InspectionRound.objects.get()
    assert f"/search/?body={quote(body.slug)}" in html  # slugs: ids differ between installations
    assert f"/search/?round={quote(round_.slug)}" in html


def test_a_long_figures_table_starts_folded(client):
    notice, _ = full_notice()
    for i in range(8):
        Figure.objects.create(notice=notice, measure=f"指标{i}", value=i + 1, unit="件", clause=f"指标{i}共{i + 1}件")
    html = client.get(notice.get_absolute_url()).content.decode()
    assert '<details>\n        <summary><h2 id="figures-h">主要数据(10 项)</h2>' in html
    assert "指标7共8件" in html


def test_notice_page_marks_a_derived_title(client):
    notice = make_notice(title="某区委关于巡察整改进展情况的通报", title_derived=True)
    html = client.get(notice.get_absolute_url()).content.decode()
    assert "推定标题" in html


def test_notice_page_links_older_and_newer_published_versions(client):
    old = make_notice(title="旧版通报")
    new = make_notice(title="新版通报", previous_version=old)
    make_notice(title="未公开的更新版", previous_version=new, status=Notice.Status.REVIEW)
    old_html = client.get(old.get_absolute_url()).content.decode()
    new_html = client.get(new.get_absolute_url()).content.decode()
    assert f'href="{new.get_absolute_url()}"' in old_html
    assert f'href="{old.get_absolute_url()}"' in new_html
    assert "未公开的更新版" not in new_html


def test_notice_page_has_canonical_and_open_graph_tags(client):
    notice, _ = full_notice()
    html = client.get(notice.get_absolute_url() + "?q=公务用车").content.decode()
    url = f"http://testserver/notices/{notice.key}/"
    assert canonical(html) == url, "the query string is not part of the canonical address"
    assert meta(html, "og:url") == url
    assert meta(html, "og:title") == "中共测试市委关于巡视整改情况的通报"
    assert meta(html, "og:description").startswith("根据区委巡察工作部署")
    assert meta(html, "og:type") == "article"


def test_notice_page_with_query_highlights_terms_and_links_back(client):
    notice, _ = full_notice()
    html = client.get(notice.get_absolute_url(), {"q": "公务用车"}).content.decode()
    assert "<mark>公务用车</mark>" in html
    assert "/search/?q=%E5%85%AC%E5%8A%A1%E7%94%A8%E8%BD%A6" in html
    assert 'value="公务用车"' in html, "the header search box keeps the query"


def test_notice_page_without_query_marks_nothing(client):
    notice, _ = full_notice()
    html = client.get(notice.get_absolute_url()).content.decode()
    assert "<mark>" not in html
    assert "返回" not in html


def test_document_text_is_escaped_everywhere(client, monkeypatch):
    evil = '<script>alert("x")</script>'
    notice = make_notice(title=f"通报{evil}", preamble=f"导语{evil}", closing=f"结尾{evil}")
    section = make_section(notice, "1", heading=f"标题{evil}", text=f"正文{evil}")
    kind = issue_type(f"类型{evil}", "evil")
    section.issue_types.add(kind)
    pages = [
        notice.get_absolute_url(),
        notice.get_absolute_url() + "?q=" + "正文<script>",
        section.get_absolute_url(),
        reverse("archive:issue_type", kwargs={"slug": "evil"}),
        reverse("archive:issue_types"),
        reverse("archive:home"),
    ]
    for url in pages:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;" in html, url


# --- section page -----------------------------------------------------------------------------


def fake_similar(monkeypatch, hits=None, error=None):
    """Install a search backend whose ``similar_sections`` returns ``hits`` or raises ``error``."""
    calls = []

    class Backend:
        def similar_sections(self, section, *, limit=5):
            calls.append((section, limit))
            if error:
                raise error
            return hits or []

    module = types.ModuleType("search.backends")
    module.get_backend = Backend
    monkeypatch.setitem(sys.modules, "search.backends", module)
    return calls


def test_section_page_shows_breadcrumb_subsections_neighbours_and_context_link(client, monkeypatch):
    fake_similar(monkeypatch)
    notice, sections = full_notice()
    html = client.get(sections["2.1"].get_absolute_url()).content.decode()
    crumb = html[html.index('class="breadcrumb"') : html.index("</nav>", html.index('class="breadcrumb"'))]
    assert notice.get_absolute_url() in crumb and sections["2"].get_absolute_url() in crumb
    assert "全面从严治党方面" in crumb
    assert "<h1" in html and "全面从严治党方面</h1>" in html
    assert "规范公务用车管理" in html and "严格整改干部兼职取酬问题" in html, "subsections are shown"
    assert "选人用人方面</h" not in html, "a sibling is not"
    assert f'href="{notice.get_absolute_url()}#s-2-1"' in html
    assert f'rel="prev" href="{sections["2"].get_absolute_url()}"' in html
    assert f'rel="next" href="{sections["2.2"].get_absolute_url()}"' in html


def test_section_page_neighbours_at_the_ends(client, monkeypatch):
    fake_similar(monkeypatch)
    notice, sections = full_notice()
    first = client.get(sections["1"].get_absolute_url()).content.decode()
    last = client.get(sections["3"].get_absolute_url()).content.decode()
    assert 'rel="prev"' not in first and f'rel="next" href="{sections["2"].get_absolute_url()}"' in first
    assert 'rel="next"' not in last and f'rel="prev" href="{sections["2"].get_absolute_url()}"' in last
    leaf = client.get(sections["2.1.2"].get_absolute_url()).content.decode()
    assert f'rel="prev" href="{sections["2.1.1"].get_absolute_url()}"' in leaf
    assert f'rel="next" href="{sections["2.2"].get_absolute_url()}"' in leaf


def test_section_page_shows_issue_types_canonical_and_open_graph(client, monkeypatch):
    fake_similar(monkeypatch)
    notice, sections = full_notice()
    html = client.get(sections["2.1.1"].get_absolute_url()).content.decode()
    url = f"http://testserver/notices/{notice.key}/s/2.1.1/"
    assert canonical(html) == url and meta(html, "og:url") == url
    assert "规范公务用车管理" in meta(html, "og:title") and notice.title in meta(html, "og:title")
    assert meta(html, "og:description").startswith("清理超编公务用车12辆")
    assert f'href="{reverse("archive:issue_type", kwargs={"slug": "eight-point-rules"})}"' in html


def test_section_page_lists_similar_passages_from_other_notices_only(client, monkeypatch):
    notice, sections = full_notice()
    other = make_notice(title="另一份通报")
    hits = [
        SimilarHit(
            key=other.key,
            title=other.title,
            path="1",
            heading="整改公车问题",
            snippet=mark_safe("整改<mark>公车</mark>问题"),
            url=f"/notices/{other.key}/s/1/",
        ),
        SimilarHit(
            key=notice.key,
            title=notice.title,
            path="2.1.2",
            heading="同一通报的段落",
            snippet=mark_safe("同一通报"),
            url=f"/notices/{notice.key}/s/2.1.2/",
        ),
    ]
    calls = fake_similar(monkeypatch, hits=hits)
    html = client.get(sections["2.1.1"].get_absolute_url()).content.decode()
    assert calls and calls[0][0] == sections["2.1.1"]
    assert "其他通报中的相似段落" in html
    assert f'href="/notices/{other.key}/s/1/"' in html and "整改<mark>公车</mark>问题" in html
    assert "同一通报的段落" not in html


def test_section_page_survives_a_failing_search_backend(client, monkeypatch, caplog):
    fake_similar(monkeypatch, error=RuntimeError("index is gone"))
    _, sections = full_notice()
    with caplog.at_level(logging.ERROR, logger="archive.reading"):
        response = client.get(sections["2.1.1"].get_absolute_url())
    assert response.status_code == 200
    assert "其他通报中的相似段落" not in response.content.decode()
    assert any("similar passages failed" in r.getMessage() for r in caplog.records)


# --- browse pages and home --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["home", "bodies", "rounds", "years", "issue_types"])
def test_list_pages_have_canonical_and_open_graph_tags(client, name):
    html = client.get(reverse(f"archive:{name}"), {"utm": "x"}).content.decode()
    url = "http://testserver" + reverse(f"archive:{name}")
    assert canonical(html) == url and meta(html, "og:url") == url
    assert "巡视巡察整改通报档案" in meta(html, "og:title")
    assert meta(html, "og:description") and meta(html, "og:type") == "website"


def test_issue_type_page_has_canonical_and_open_graph_tags(client):
    kind = issue_type("八项规定", "eight-point-rules")
    html = client.get(reverse("archive:issue_type", kwargs={"slug": kind.slug})).content.decode()
    assert canonical(html) == f"http://testserver/issues/{kind.slug}/"
    assert meta(html, "og:title").startswith("八项规定")
    assert meta(html, "og:description") == kind.description


def test_notice_page_needs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    notice = import_sample(GOLD[0])
    assert notice.sections.count() > 40
    with django_assert_max_num_queries(8):
        assert client.get(notice.get_absolute_url(), {"q": "公务用车"}).status_code == 200


def test_bodies_page_counts_published_notices_and_links_to_body_pages(client):
    body = IssuingBody.objects.create(name="中共甲市委")
    quiet = IssuingBody.objects.create(name="中共乙市委")
    make_notice(issuing_body=body)
    make_notice(issuing_body=body)
    make_notice(issuing_body=body, status=Notice.Status.REVIEW)
    make_notice(issuing_body=quiet, status=Notice.Status.REVIEW)
    html = client.get(reverse("archive:bodies")).content.decode()
    assert f'href="{body.get_absolute_url()}">中共甲市委</a> <span class="count">2 份通报' in html
    assert "中共乙市委" not in html, "a body with only unpublished notices is not listed"


def test_rounds_page_counts_published_notices(client):
    round_ = InspectionRound.objects.create(label="十一届区委第三轮巡察")
    make_notice(inspection_round=round_)
    html = client.get(reverse("archive:rounds")).content.decode()
    assert f'href="{round_.get_absolute_url()}">十一届区委第三轮巡察</a> <span class="count">1 份通报' in html


def test_years_page_uses_feedback_then_publication_year(client):
    import datetime as dt

    make_notice(feedback_on=dt.date(2017, 9, 5), published_on=dt.date(2018, 1, 1))
    make_notice(published_on=dt.date(2018, 3, 1))
    make_notice(published_on=dt.date(2016, 3, 1), status=Notice.Status.REVIEW)
    make_notice()
    html = client.get(reverse("archive:years")).content.decode()
    assert 'href="/search/?year=2017">2017年</a> <span class="count">1 份通报' in html
    assert 'href="/search/?year=2018">2018年</a> <span class="count">1 份通报' in html
    assert "2016年" not in html
    assert html.index("2018年") < html.index("2017年")


def test_issue_types_page_counts_notices_and_sections(client):
    notice, sections = full_notice()
    sections["2.2"].issue_types.add(issue_type("干部管理", "cadre-supervision"))
    hidden = make_notice(status=Notice.Status.REVIEW)
    make_section(hidden, "1").issue_types.add(issue_type("干部管理", "cadre-supervision"))
    issue_type("意识形态", "ideology")
    html = client.get(reverse("archive:issue_types")).content.decode()
    assert '干部管理</a> <span class="count">1 份通报 · 2 个章节' in html
    assert '意识形态</a> <span class="count">0 份通报 · 0 个章节' in html
    assert IssueType.objects.get(name="八项规定").description in html


def test_issue_type_page_groups_sections_by_notice(client):
    kind = issue_type("八项规定", "eight-point-rules")
    first = make_notice(title="第一份通报")
    second = make_notice(title="第二份通报")
    hidden = make_notice(title="未公开的通报", status=Notice.Status.REVIEW)
    for notice, paths in [(first, ["1", "2"]), (second, ["3"]), (hidden, ["1"])]:
        for path in paths:
            section = make_section(notice, path, heading=f"{notice.title}的公车问题{path}", text="清理公务用车。")
            section.issue_types.add(kind)
    make_section(first, "4", heading="没有这个类型的章节")
    html = client.get(reverse("archive:issue_type", kwargs={"slug": "eight-point-rules"})).content.decode()
    assert "第一份通报" in html and "第二份通报" in html and "未公开的通报" not in html
    assert "没有这个类型的章节" not in html
    assert html.index("第二份通报</a></h2>") < html.index("第一份通报</a></h2>"), "newest notice first"
    group = html[html.index("第一份通报</a></h2>") :]
    assert "第一份通报的公车问题1" in group and "第一份通报的公车问题2" in group
    assert "第二份通报的公车问题3" not in group
    assert f'href="/notices/{first.key}/s/2/"' in html
    assert "/search/?type=eight-point-rules" in html


def test_issue_type_page_paginates_by_notice(client):
    kind = issue_type("八项规定", "eight-point-rules")
    notices = [make_notice(title=f"分页通报{i:02d}号") for i in range(12)]
    for notice in notices:
        make_section(notice, "1").issue_types.add(kind)
    url = reverse("archive:issue_type", kwargs={"slug": "eight-point-rules"})
    page1 = client.get(url).content.decode()
    page2 = client.get(url, {"page": 2}).content.decode()
    shown1 = set(re.findall(r"分页通报\d\d号", page1))
    shown2 = set(re.findall(r"分页通报\d\d号", page2))
    assert len(shown1) == 10 and len(shown2) == 2 and not shown1 & shown2
    assert 'rel="next" href="?page=2"' in page1
    assert client.get(url, {"page": "x"}).status_code == 200, "a bad page number shows the first page"


def test_unknown_issue_type_is_404(client):
    assert client.get("/issues/no-such-type/").status_code == 404


def test_home_page_has_search_form_newest_notices_and_browse_links(client):
    import datetime as dt

    make_notice(title="较早的通报", feedback_on=dt.date(2015, 1, 1))
    make_notice(title="最新的通报", feedback_on=dt.date(2018, 1, 1))
    make_notice(title="未公开的通报", status=Notice.Status.REVIEW)
    html = client.get(reverse("archive:home")).content.decode()
    assert re.search(r'<form [^>]*method="get" action="/search/"', html)
    assert 'name="q"' in html
    assert html.index("最新的通报") < html.index("较早的通报")
    assert "未公开的通报" not in html
    for name in ["bodies", "rounds", "issue_types", "years"]:
        assert f'href="{reverse(f"archive:{name}")}"' in html


def test_base_layout_is_accessible_chinese_and_self_hosted(client):
    html = client.get(reverse("archive:home")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    assert "<header" in html and "<nav" in html and "<main" in html and "<footer" in html
    assert '<label class="visually-hidden" for="site-q">' in html
    assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js|woff2?))"', html)
    assert assets and all(a.startswith("/static/") for a in assets), assets


def test_static_assets_are_served(client, settings):
    # Tests run without collectstatic; let WhiteNoise find the files where they live.
    settings.WHITENOISE_USE_FINDERS = True
    for path in ["/static/css/archive.css", "/static/js/archive.js"]:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"http://" not in body and b"https://" not in body, "no external resources"


# --- not found --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/notices/nosuchkey/",
        "/notices/nosuchkey/s/1/",
        "/notices/" + "k" * 300 + "/",
        "/notices/%00/",
        "/notices/k%00/s/1/",
        "/notices/a'b/",
        "/issues/%00/",
        "/issues/" + "x" * 300 + "/",
        "/no-such-page/",
    ],
)
def test_unknown_addresses_get_the_chinese_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到这个页面" in html and '<html lang="zh-hans">' in html


def test_unpublished_notice_and_its_sections_are_404(client):
    notice = make_notice(status=Notice.Status.REVIEW)
    section = make_section(notice, "1")
    assert client.get(notice.get_absolute_url()).status_code == 404
    assert client.get(section.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("path", ["..", "1..2", ".1", "1.", "0", "01", "a", "1.x", "1" * 60, ".".join(["1"] * 30)])
def test_malformed_section_paths_are_404(client, path):
    notice = make_notice()
    make_outline(notice, {"1": ("一", ""), "1.1": ("二", "")})
    response = client.get(f"/notices/{notice.key}/s/{path}/")
    assert response.status_code == 404
    assert "找不到这个页面" in response.content.decode()


def test_server_error_page_is_chinese_and_self_contained():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert '<html lang="zh-hans">' in html and "服务器出错" in html


def test_section_page_of_a_sample_shows_similar_passages_from_the_index(client):
    notices = [import_sample(item) for item in GOLD]
    cars = notices[1].sections.get(path="2.4.3")
    html = client.get(cars.get_absolute_url()).content.decode()
    assert "其他通报中的相似段落" in html
    similar = html[html.index('id="similar-h"') :]
    links = re.findall(r'href="/notices/(\w+)/s/([\d.]+)/"', similar)
    assert links and all(key != notices[1].key for key, _ in links)


@pytest.mark.parametrize("q", ['"', "OR", "-", "title:", "((", "公务 -用车", "x" * 5000, "\x00", "<mark>"])
def test_odd_queries_on_the_notice_page_never_fail(client, q):
    notice, _ = full_notice()
    response = client.get(notice.get_absolute_url(), {"q": q})
    assert response.status_code == 200


def test_the_query_itself_is_escaped_on_the_notice_page(client):
    notice, _ = full_notice()
    html = client.get(notice.get_absolute_url(), {"q": "<b>公务用车</b>"}).content.decode()
    assert "<b>" not in html
    assert "返回“&lt;b&gt;公务用车&lt;/b&gt;”的检索结果" in html


def test_the_notice_list_is_the_search_page_browsing_all(client):
    response = client.get("/notices/?sort=oldest")
    assert response.status_code == 302
    assert response["Location"] == "/search/?sort=oldest"


def test_notice_page_names_the_committee_with_its_place_and_its_round(client):
    notice, _ = full_notice()
    committee = Committee.objects.create(name="广东省委", full_name="中共广东省委员会", level="省")
    notice.inspecting_committee = committee
    notice.inspection_round = InspectionRound.objects.create(committee=committee, label="十二届省委第三轮巡视")
    notice.save()
    html = client.get(notice.get_absolute_url()).content.decode()
    assert f'href="/search/?organ={quote(committee.slug)}"' in html and ">广东省委<" in html
    assert "广东省委 · 十二届省委第三轮巡视" in html
    rounds = client.get(reverse("archive:rounds")).content.decode()
    assert "广东省委 · 十二届省委第三轮巡视</a>" in rounds


def test_notice_page_and_home_show_the_main_issue_types(client):
    notice, sections = full_notice()
    html = client.get(notice.get_absolute_url()).content.decode()
    assert "主要问题类型" in html and "八项规定" in html
    home = client.get(reverse("archive:home")).content.decode()
    assert "主要问题类型" in home and 'href="/issues/eight-point-rules/"' in home
