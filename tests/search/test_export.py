"""Exports of a search's results: every matching section as CSV (with BOM) and JSON Lines, bounded."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import StreamingHttpResponse

from archive.models import IssuingBody
from search.backends import get_backend
from search.export import COLUMNS
from tests.archive.reading_factories import full_notice, make_notice, make_outline

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    """Three published notices in the index: the full test notice and two of another body."""
    notice, _ = full_notice()
    other_body = IssuingBody.objects.create(name="中共示例区委")
    others = []
    for n, date in enumerate([dt.date(2019, 5, 1), dt.date(2020, 6, 1)], start=1):
        other = make_notice(
            title=f"中共示例区委关于巡察整改情况的通报{n}",
            issuing_body=other_body,
            issuing_body_text="中共示例区委",
            feedback_on=date,
            inspection_kind="巡察",
        )
        make_outline(
            other,
            {
                "1": ("整改公务用车问题", f"清理公务用车{n}辆。"),
                "2": ("其他问题", "规范会议费管理。"),
            },
        )
        others.append(other)
    for item in (notice, *others):
        get_backend().index_notice(item)
    return notice, others


def download(client, url: str, params: dict | None = None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)  # never built in memory
    assert response["Content-Disposition"].startswith("attachment;")
    return response, b"".join(response.streaming_content).decode("utf-8")


def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # spreadsheet programs read it as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_has_one_row_per_matching_section_with_every_column(client, archive):
    notice, others = archive
    response, text = download(client, "/search/export.csv", {"q": "公务用车"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = read_csv(text)
    assert list(rows[0]) == [label for _, label in COLUMNS]
    found = {(row["通报标识"], row["章节路径"]) for row in rows}
    assert found == {(notice.key, "2.1.1"), (others[0].key, "1"), (others[1].key, "1")}
    row = next(r for r in rows if r["通报标识"] == notice.key)
    assert row["标题"] == "中共测试市委关于巡视整改情况的通报"
    assert row["发布机关"] == "中共测试市委" and row["发布日期"] == "2016-03-02" and row["反馈日期"] == "2016-01-15"
    assert row["轮次"] == "七届市委第八轮巡察" and row["类别"] == "巡视"
    assert row["章节序号"] == "1." and row["章节标题"] == "规范公务用车管理"
    assert row["问题类型"] == "八项规定"
    assert row["正文"] == "清理超编公务用车12辆。\n收回违规占用办公用房300平方米。"
    assert row["永久链接"] == f"http://testserver/notices/{notice.key}/s/2.1.1/"


def test_filtered_jsonl_export_follows_the_search_pages_filters(client, archive):
    notice, others = archive
    body = others[0].issuing_body
    old = client.get("/search/export.jsonl", {"q": "公务用车", "body": body.pk, "sort": "oldest"})
    assert old.status_code == 301 and parse_qs(urlsplit(old["Location"]).query)["body"] == [body.slug]
    response, text = download(client, "/search/export.jsonl", {"q": "公务用车", "body": body.slug, "sort": "oldest"})
    assert response["Content-Type"].startswith("application/jsonl")
    rows = [json.loads(line) for line in text.splitlines()]
    assert [(r["key"], r["section_path"]) for r in rows] == [(others[0].key, "1"), (others[1].key, "1")]
    assert rows[0]["issue_types"] == [] and rows[0]["kind"] == "巡察"
    assert rows[0]["url"] == f"http://testserver/notices/{others[0].key}/s/1/"
    assert set(rows[0]) == {name for name, _ in COLUMNS}


def test_without_a_query_every_section_of_every_notice(client, archive):
    notice, others = archive
    _, text = download(client, "/search/export.jsonl")
    rows = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == notice.sections.count() + 2 + 2
    # Newest first, as the search page browses; sections in document order.
    assert [r["section_path"] for r in rows if r["key"] == notice.key] == [
        "1",
        "2",
        "2.1",
        "2.1.1",
        "2.1.2",
        "2.2",
        "3",
    ]
    assert rows[0]["key"] == others[1].key


def test_a_title_only_match_exports_all_its_sections(client, archive):
    notice, _ = archive
    rows = read_csv(download(client, "/search/export.csv", {"q": "title:测试市委"})[1])
    assert {r["章节路径"] for r in rows} == {s.path for s in notice.sections.all()}


def test_notice_without_sections_is_one_row_with_its_text(client):
    bare = make_notice(title="没有章节的通报", text="全文只有一段。")
    get_backend().index_notice(bare)
    rows = read_csv(download(client, "/search/export.csv")[1])
    assert [(r["章节标题"], r["正文"], r["永久链接"]) for r in rows] == [
        ("全文", "全文只有一段。", f"http://testserver/notices/{bare.key}/")
    ]


def test_the_bound_cuts_the_export_and_says_so(client, archive, settings):
    settings.ARCHIVE_EXPORT_MAX_ROWS = 3
    response, text = download(client, "/search/export.csv")
    assert response["X-Export-Max-Rows"] == "3"
    lines = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(lines) == 1 + 3 + 1
    assert lines[-1][0].startswith("# 导出已截断:只包含前 3 行") and "ARCHIVE_EXPORT_MAX_ROWS" in lines[-1][0]
    _, text = download(client, "/search/export.jsonl")
    *rows, end = [json.loads(line) for line in text.splitlines()]
    assert len(rows) == 3 and end["truncated"] is True and end["max_rows"] == 3


def test_an_export_within_the_bound_has_no_truncation_line(client, archive, settings):
    settings.ARCHIVE_EXPORT_MAX_ROWS = 11
    _, text = download(client, "/search/export.jsonl")
    assert len(text.splitlines()) == 11 and "truncated" not in text


def test_cells_that_look_like_formulas_stay_text(client):
    notice = make_notice(title='=HYPERLINK("http://x")')
    make_outline(notice, {"1": ("@SUM(A1)", "+1")})
    get_backend().index_notice(notice)
    row = read_csv(download(client, "/search/export.csv")[1])[0]
    assert row["标题"] == '\'=HYPERLINK("http://x")' and row["章节标题"] == "'@SUM(A1)" and row["正文"] == "'+1"


def test_bad_parameters_are_ignored_as_on_the_search_page(client, archive):
    response, text = download(client, "/search/export.jsonl", {"body": "abc", "from": "2020-13-01"})
    assert len(text.splitlines()) == 11


def test_search_page_links_exports_and_feed_with_its_parameters(client, archive):
    html = client.get("/search/", {"q": "公务用车", "kind": "巡察", "page": "1"}).content.decode()
    query = "q=%E5%85%AC%E5%8A%A1%E7%94%A8%E8%BD%A6&amp;kind=%E5%B7%A1%E5%AF%9F"
    assert f'href="/search/export.csv?{query}"' in html
    assert f'href="/search/export.jsonl?{query}"' in html
    assert (
        '<link rel="alternate" type="application/atom+xml" title="检索“公务用车”的新结果(Atom 订阅)" '
        f'href="/search/feed/?{query}">' in html
    )
    assert f'class="feed-link" href="/search/feed/?{query}"' in html
    assert "最多 50000 行" in html
