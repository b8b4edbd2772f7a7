"""End to end in Chromium: search to a section and its permanent link, browsing, a 404, screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.browser


def first_notice_path(page, base: str) -> str:
    page.goto(base + "/")
    return page.locator(".notice-item__title").first.get_attribute("href")


def test_search_facet_result_section_and_its_permanent_link(page, archive_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=archive_server)
    page.goto(archive_server + "/")
    page.fill("#home-q", "公务用车")
    page.keyboard.press("Enter")
    expect(page.locator("#results-h")).to_contain_text("找到")
    total = page.locator(".search-hit").count()

    page.locator("#facet-kind a").filter(has_text="巡察").click()
    expect(page.locator(".search-chips")).to_contain_text("巡察")
    assert 0 < page.locator(".search-hit").count() <= total

    result = page.locator(".search-hit__section").first
    href = result.get_attribute("href")
    assert "q=" in href and "#s-" in href, href
    anchor = href.rsplit("#", 1)[1]
    result.click()
    section = page.locator(f"#{anchor}")
    expect(section).to_be_in_viewport()
    expect(page.locator(f"section[aria-labelledby='{anchor}-h'] mark").first).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("返回"))).to_have_attribute("href", re.compile(r"/search/\?q="))

    control = section.locator(".copy-link")
    control.focus()
    page.keyboard.press("Enter")
    expect(control).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    path = anchor.removeprefix("s-").replace("-", ".")
    assert re.fullmatch(re.escape(archive_server) + rf"/notices/\w+/s/{re.escape(path)}/", copied), copied

    page.goto(copied)
    expect(page.locator(".breadcrumb")).to_be_visible()
    expect(page.locator("h1")).to_be_visible()
    expect(page.get_by_role("link", name="在全文中查看")).to_have_attribute("href", re.compile(f"#{anchor}$"))


def test_browse_issue_types_to_a_section(page, archive_server):
    page.goto(archive_server + "/")
    page.get_by_role("navigation", name="站点导航").get_by_role("link", name="问题类型").click()
    expect(page.locator("h1")).to_have_text("按问题类型浏览")
    page.get_by_role("link", name="八项规定", exact=True).click()
    expect(page.locator("h1")).to_have_text("八项规定")
    groups = page.locator(".type-group")
    assert groups.count() >= 2, "the same problem in several notices"
    groups.first.locator("li a").first.click()
    expect(page).to_have_url(re.compile(r"/notices/\w+/s/[\d.]+/$"))
    expect(page.locator(".tags")).to_contain_text("八项规定")


def test_unknown_address_shows_the_chinese_404(page, archive_server):
    response = page.goto(archive_server + "/notices/no-such-notice/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_text("找不到这个页面")
    page.get_by_role("link", name="回到首页").click()
    expect(page.locator("h1")).to_have_text("巡视巡察整改情况通报档案")


def test_search_and_notice_screenshots_at_desktop_and_phone_width(page, archive_server):
    path = first_notice_path(page, archive_server)
    for name, size in [("desktop", DESKTOP), ("phone", PHONE)]:
        page.set_viewport_size(size)
        page.goto(archive_server + "/search/?q=公务用车")
        expect(page.locator(".search-hit").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], f"search page, {name}"
        screenshot(page, f"search-{name}")
        page.goto(archive_server + path)
        expect(page.locator("#s-1")).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= size["width"], f"{name}: the page scrolls sideways ({scroll_width}px)"
        screenshot(page, f"notice-{name}")
        page.goto(archive_server + path + "?q=公务用车#s-2-4")
        expect(page.locator("#s-2-4")).to_be_in_viewport()
        screenshot(page, f"notice-{name}-section")
