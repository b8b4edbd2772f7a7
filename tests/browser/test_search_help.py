"""In Chromium: partial matches named, the synonyms notice and its switch, hints for a query that finds nothing."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.browser


def search(page, base: str, q: str) -> None:
    page.goto(f"{base}/search/?q={quote(q)}")
    expect(page.locator("#results-h")).to_contain_text("找到")


def test_partial_matches_are_marked_with_the_missing_word(page, archive_server):
    search(page, archive_server, "三重一大 国企")
    partial = page.locator(".search-hit--partial")
    expect(partial.first).to_be_visible()
    expect(partial.first.locator(".search-hit__partial")).to_have_text("部分匹配:通报中没有“国企”")
    expect(page.locator(".search-partial-note")).to_contain_text("只包含部分检索词")
    # Full matches come first: the first result holds both words in its first section.
    first = page.locator(".search-hit").first
    expect(first).not_to_have_class(re.compile("search-hit--partial"))
    expect(first.locator(".search-hit__sections li").first.locator(".search-hit__missing")).to_have_count(0)
    for name, size in (("1280", DESKTOP), ("375", PHONE)):
        page.set_viewport_size(size)
        partial.first.scroll_into_view_if_needed()
        screenshot(page, f"search-partial-{name}")


def test_synonyms_notice_and_turning_them_off(page, archive_server):
    search(page, archive_server, "公车")
    notice = page.locator(".search-synonyms")
    expect(notice).to_contain_text("已同时检索同义词:“公车”→“公务用车”")
    widened = page.locator(".search-hit").count()
    for name, size in (("1280", DESKTOP), ("375", PHONE)):
        page.set_viewport_size(size)
        screenshot(page, f"search-synonyms-{name}")
    notice.get_by_role("link", name="不使用同义词").click()
    expect(page).to_have_url(re.compile(r"syn=0"))
    expect(page.locator(".search-synonyms")).to_contain_text("未使用同义词")
    assert page.locator(".search-hit").count() <= widened
    page.locator(".search-synonyms").get_by_role("link", name="使用同义词").click()
    expect(page.locator(".search-synonyms")).to_contain_text("已同时检索同义词")


def test_a_query_finding_nothing_names_the_word_and_offers_near_spellings(page, archive_server):
    search(page, archive_server, "公物用车")
    hints = page.locator(".search-hints")
    expect(hints).to_contain_text("以下检索词在档案中没有出现:“公物用车”")
    for name, size in (("1280", DESKTOP), ("375", PHONE)):
        page.set_viewport_size(size)
        hints.scroll_into_view_if_needed()
        screenshot(page, f"search-hints-{name}")
    hints.get_by_role("link", name="公务用车").click()
    expect(page.locator("#search-q")).to_have_value("公务用车")
    expect(page.locator(".search-hit").first).to_be_visible()


def test_dropping_the_word_found_nowhere(page, archive_server):
    search(page, archive_server, "公车 量子纠缠")
    hints = page.locator(".search-hints")
    expect(hints).to_contain_text("“量子纠缠”")
    hints.get_by_role("link", name="公车").click()
    expect(page.locator("#search-q")).to_have_value("公车")
    expect(page.locator(".search-hints")).to_have_count(0)
