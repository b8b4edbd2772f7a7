"""In Chromium: the statistics page's charts agree with their tables and the tables with the database;
the body, round and compare pages; screenshots at desktop and phone widths."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from playwright.sync_api import expect

from archive import stats_tables
from archive.models import InspectionRound, IssuingBody
from search.services import filtered_notices

from .conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.browser


def _comparable(value: str | None):
    try:
        return float(value or 0)
    except ValueError:
        return value


def _chart_and_table(page, table: stats_tables.Table) -> None:
    """Every bar or cell of the chart carries the number of its table cell, and the table the database's."""
    shown = page.locator(f"#table-{table.slug} td")
    cells = {
        (cell.get_attribute("data-row"), int(cell.get_attribute("data-col"))): cell.get_attribute("data-value")
        for cell in shown.all()
    }
    expected = {
        (row.label, i): "" if cell.value is None else str(cell.value)
        for row in table.rows
        for i, cell in enumerate(row.cells)
    }
    assert {k: _comparable(v) for k, v in cells.items()} == {k: _comparable(v) for k, v in expected.items()}
    if not table.chart:
        return
    svg = page.locator(f'svg[data-chart="{table.slug}"]')
    expect(svg).to_have_attribute("role", "img")
    assert svg.locator("title").first.text_content() == table.caption
    for rect in svg.locator("rect[data-row]").all():
        row, series = rect.get_attribute("data-row"), rect.get_attribute("data-series")
        column = table.series.index(series)
        assert float(rect.get_attribute("data-value") or 0) == float(cells[(row, column)] or 0), (table.slug, row)


@pytest.mark.parametrize("params", ["", "kind=巡视", "q=公务用车"])
def test_statistics_page_charts_match_tables_and_database(page, archive_server, params):
    page.goto(f"{archive_server}/stats/?{params}")
    expect(page.locator("h1")).to_have_text("统计")
    notices, _ = filtered_notices(QueryDict(params))
    tables = stats_tables.all_tables(notices.rectification(), "")
    expect(page.locator("#stats-count")).to_have_text(str(notices.rectification().count()))
    for table in tables:
        if table.rows:
            _chart_and_table(page, table)
    name = {"": "all", "kind=巡视": "kind", "q=公务用车": "query"}[params]
    screenshot(page, f"stats-{name}-desktop", full_page=True)
    if not params:
        page.set_viewport_size(PHONE)
        screenshot(page, "stats-all-phone", full_page=True)
        page.set_viewport_size(DESKTOP)


def test_statistics_filters_by_keyboard_and_csv(page, archive_server):
    page.goto(f"{archive_server}/stats/")
    page.get_by_label("类别").select_option("巡察")
    page.get_by_label("类别").press("Enter")
    page.get_by_role("button", name="统计").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{archive_server}/stats/?q=&kind=%E5%B7%A1%E5%AF%9F&organ=&year=&type=")
    expect(page.locator("#stats-count")).to_have_text("2")
    with page.expect_download() as download:
        page.locator("#kind").get_by_role("link", name="下载表格(CSV)").click()
    content = open(download.value.path(), encoding="utf-8-sig").read()
    assert content.splitlines()[0] == "年份,巡视,巡察,未注明,合计"


def test_body_page_and_compare_from_search_results(page, archive_server):
    body = IssuingBody.objects.get(name="深圳市大鹏新区党工委")
    page.goto(f"{archive_server}/bodies/")
    page.get_by_role("link", name=body.name, exact=True).click()
    expect(page.locator("h1")).to_have_text(body.name)
    expect(page.locator(".timeline__item")).to_have_count(1)
    expect(page.locator(".timeline__types")).to_contain_text("八项规定")
    screenshot(page, "body-desktop", full_page=True)
    page.set_viewport_size(PHONE)
    screenshot(page, "body-phone", full_page=True)
    page.set_viewport_size(DESKTOP)

    page.goto(f"{archive_server}/search/?kind=巡视")
    boxes = page.get_by_label("选中比较")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="比较选中的通报(两到四篇)").click()
    expect(page.locator("h1")).to_have_text("比较通报")
    table = page.locator("#compare-table")
    expect(table.locator("thead th")).to_have_count(3)
    expect(table).to_contain_text("问题类型(章节数)")
    screenshot(page, "compare-desktop", full_page=True)
    page.set_viewport_size(PHONE)
    screenshot(page, "compare-phone", full_page=True)


def test_round_page_lists_units(page, archive_server):
    round_ = InspectionRound.objects.get(label="七届市委第八轮巡察")
    page.goto(f"{archive_server}/rounds/")
    page.get_by_role("link", name=round_.display_name).click()
    expect(page.locator("h1")).to_have_text(round_.display_name)
    expect(page.locator("#round-units tbody tr")).to_have_count(round_.units.count())
    expect(page.locator("#round-units")).to_contain_text("已公开")
    screenshot(page, "round-desktop", full_page=True)
    page.set_viewport_size(PHONE)
    screenshot(page, "round-phone", full_page=True)
