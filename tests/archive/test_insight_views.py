"""The statistics, body and compare pages: charts agree with tables, tables with the queries, bad input is handled."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.http import QueryDict

from archive import stats, stats_tables
from archive.models import IssueType, IssuingBody, Notice
from search.services import filtered_notices, run_search
from tests.conftest import GOLD

from .reading_factories import import_sample, make_notice, make_outline

pytestmark = pytest.mark.django_db

RECT = re.compile(r'<rect[^>]*data-row="([^"]*)" data-series="([^"]*)" data-value="([^"]*)"')


def chart_values(html: str, slug: str) -> dict[tuple[str, str], float]:
    svg = html.split(f'data-chart="{slug}"', 1)[1].split("</svg>", 1)[0]
    return {(unescape(r), unescape(s)): float(v or 0) for r, s, v in RECT.findall(svg)}


def table_values(table: stats_tables.Table) -> dict[tuple[str, str], float]:
    return {
        (row.label, name): float(cell.value or 0)
        for row in table.rows
        for name, cell in zip(table.series, row.cells, strict=False)
        if not (table.chart == "heat" and row.label == "章节总数")
    }


def test_the_samples_statistics_page_charts_tables_csv_and_query(client):
    for item in GOLD:
        import_sample(item)
    for params in ("", "kind=巡视", "q=公务用车", "organ=1&year=2017"):
        response = client.get(f"/stats/?{params}")
        assert response.status_code == 200
        html = response.content.decode()
        notices, _ = filtered_notices(QueryDict(params))
        tables = stats_tables.all_tables(notices.rectification(), "")
        assert set(stats_tables.BUILDERS) == {table.slug for table in tables}  # every table has its CSV
        for table in tables:
            if table.chart and table.rows:
                # The chart draws exactly the table's numbers (the table is built from the queries).
                assert chart_values(html, table.slug) == table_values(table), (params, table.slug)
            if table.rows:
                raw = client.get(f"/stats/{table.slug}.csv?{params}").content
                assert raw.startswith("\ufeff".encode())
                rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
                assert rows == table.csv_rows()
    # The query counts the same notices the search page finds.
    found = run_search(QueryDict("q=公务用车"), base_url="/search/").count
    assert filtered_notices(QueryDict("q=公务用车"))[0].count() == found > 0
    # Every key-figure total links to the clauses it sums.
    table = stats_tables.key_figures(Notice.objects.published().rectification(), "year", "")
    linked = [cell for row in table.rows for cell in row.cells if cell.url]
    assert linked
    for cell in linked:
        page = client.get(cell.url).content.decode().split('id="figure-clauses"', 1)[1]
        values = [Decimal(v) for v in re.findall(r'class="num" data-value="([^"]+)"', page)]
        assert sum(values) == cell.value, cell.url


def test_bad_parameters_give_messages_not_errors(client):
    response = client.get("/stats/?year=abc&organ=x&type=nope&q=%22")
    assert response.status_code == 200 and "notice-message" in response.content.decode()
    assert client.get("/stats/nothing.csv").status_code == 404
    assert "请选择要查看的数据项" in client.get("/stats/figures/?figure=<b>").content.decode()
    assert client.get("/stats/figures/?figure=money&year=x&level=q").status_code == 200


@pytest.fixture
def body_with_two_rounds():
    body = IssuingBody.objects.create(name="中共测试区委")
    eight = IssueType.objects.get(name="八项规定")
    made = []
    for year, lookback in ((2018, ""), (2022, "2023年5月,区委对整改情况开展“回头看”。")):
        notice = make_notice(
            issuing_body=body,
            inspection_kind="巡察",
            feedback_on=dt.date(year, 3, 1),
            published_on=dt.date(year, 5, 1),
            text=f"通报正文。{lookback}",
        )
        sections = make_outline(notice, {"1": ("规范公务用车", "清理车辆。"), "2": ("其他", "正文")})
        sections["1"].issue_types.add(eight)
        made.append(notice)
    return body, made


def test_body_page_timeline_types_and_repeat_problems(client, body_with_two_rounds):
    body, made = body_with_two_rounds
    assert body.slug == "中共测试区委"
    html = client.get(body.get_absolute_url()).content.decode()
    assert html.count('class="timeline__item"') == 2
    assert "八项规定</a> 1 节(50%)" in html
    assert "回头看</span> 2023年5月,区委对整改情况开展“回头看”" in html
    repeats = html.split('id="repeats-h"', 1)[1]
    assert "八项规定" in repeats and repeats.count("规范公务用车") == 2
    assert client.get("/bodies/").content.decode().count(f'href="{body.get_absolute_url()}"') == 1


def test_compare_two_notices_and_refuse_one(client, body_with_two_rounds):
    _, made = body_with_two_rounds
    html = client.get(f"/compare/?n={made[0].key}&n={made[1].key}").content.decode()
    assert html.count("1 节(50%)") == 2
    response = client.get(f"/compare/?n={made[0].key}&n=missing<script>")
    assert response.status_code == 400
    assert "missing&lt;script&gt;" in response.content.decode()


def test_slowest_table_links_to_notices(body_with_two_rounds):
    table = stats_tables.slowest(stats.delays(Notice.objects.published()))
    assert [row.cells[-1].value for row in table.rows] == [61, 61]
    assert all(row.url.startswith("/notices/") for row in table.rows)


def test_compare_without_a_choice_explains_how(client):
    response = client.get("/compare/")
    assert response.status_code == 200 and "勾选两到四篇通报" in response.content.decode()
