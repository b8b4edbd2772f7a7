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


def test_copy_link_gives_the_section_page(page, archive_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=archive_server)
    page.goto(archive_server + first_notice_path(page, archive_server))
    control = page.locator("#s-2 .copy-link").first
    expect(control).to_have_text("复制链接")
    control.focus()
    page.keyboard.press("Enter")
    expect(control).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(re.escape(archive_server) + r"/notices/\w+/s/2/", copied), copied
    page.goto(copied)
    expect(page.locator("h1")).to_contain_text("二、")
    expect(page.locator(".breadcrumb")).to_be_visible()


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


def test_notice_page_screenshots_at_desktop_and_phone_width(page, archive_server):
    path = first_notice_path(page, archive_server)
    for name, size in [("desktop", DESKTOP), ("phone", PHONE)]:
        page.set_viewport_size(size)
        page.goto(archive_server + path)
        expect(page.locator("#s-1")).to_be_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= size["width"], f"{name}: the page scrolls sideways ({scroll_width}px)"
        screenshot(page, f"notice-{name}")
        page.goto(archive_server + path + "?q=公务用车#s-2-4")
        expect(page.locator("#s-2-4")).to_be_in_viewport()
        screenshot(page, f"notice-{name}-section")
