"""End to end in Chromium: copy a citation, print a notice, download its original, export a filtered search."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import SEEDS_DIR

from .conftest import screenshot

pytestmark = pytest.mark.browser


def open_first_notice(page, base: str) -> str:
    page.goto(base + "/")
    page.locator(".notice-item__title").first.click()
    expect(page.locator("#notice-title")).to_be_visible()
    return page.url


def test_copy_a_citation(page, archive_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=archive_server)
    url = open_first_notice(page, archive_server)
    button = page.locator("[data-copy-from='cite-gbt']")
    button.click()
    expect(button).to_have_text("已复制")
    expect(page.locator("#live-status")).to_contain_text("已复制引文")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#cite-gbt").inner_text().strip()
    assert "[EB/OL]" in copied and f"{url}." in copied
    assert re.search(r"\[\d{4}-\d{2}-\d{2}\]", copied)  # the access date

    # A section's plain citation names its number and path.
    page.locator(".sec .copy-link").nth(1).click()
    section_url = page.evaluate("navigator.clipboard.readText()")
    page.goto(section_url)
    page.locator("[data-copy-from='cite-plain']").click()
    plain = page.evaluate("navigator.clipboard.readText()")
    path = section_url.rstrip("/").rsplit("/", 1)[1]
    assert f"第 {path} 节" in plain and section_url in plain


def test_print_layout_has_text_facts_permanent_url_and_citation_only(page, archive_server):
    url = open_first_notice(page, archive_server)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    for hidden in [".site-header", ".site-footer", ".copy-link", ".copy-button", ".toc", ".downloads", ".qr"]:
        assert not page.locator(hidden).first.is_visible(), hidden
    expect(page.locator("#notice-title")).to_be_visible()
    expect(page.locator(".facts")).to_be_visible()
    expect(page.locator(".permalink")).to_contain_text(url)
    expect(page.locator("#cite-gbt")).to_be_visible()
    expect(page.locator(".figures table")).to_be_visible()  # folded on screen, open on paper
    # Each heading prints its section path after its number.
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.sec__heading'), '::after').getPropertyValue('content')"
    )
    assert "§" in after
    path = screenshot(page, "print-notice", full_page=True)
    assert path.stat().st_size > 10_000
    page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()


def test_download_the_original(page, archive_server):
    open_first_notice(page, archive_server)
    link = page.get_by_role("link", name=re.compile("下载原始文件"))
    with page.expect_download() as info:
        link.click()
    download = info.value
    name = download.suggested_filename
    assert name.endswith(".txt")
    assert open(download.path(), "rb").read() == (SEEDS_DIR / name).read_bytes()


def test_qr_code_of_a_section(page, archive_server):
    open_first_notice(page, archive_server)
    toggle = page.locator(".qr--section summary").first
    toggle.click()
    image = page.locator(".qr--section img").first
    expect(image).to_be_visible()
    # The image loads after it shows; wait for it rather than race it.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=15000)


def test_export_from_a_filtered_search(page, archive_server):
    page.goto(archive_server + "/search/?q=公务用车")
    page.locator("#facet-kind a").filter(has_text="巡察").click()
    expect(page.locator(".search-chips")).to_contain_text("巡察")
    notices = int(re.search(r"\d+", page.locator("#results-h").inner_text()).group())
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV", exact=True).click()
    text = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {row["类别"] for row in rows} == {"巡察"}
    assert len({row["通报标识"] for row in rows}) == notices
    # The search also finds the synonym table's 公车 and 公务车辆 (as the page says).
    assert all(re.search("公务|公车", row["章节标题"] + row["正文"]) for row in rows)
    assert all(row["永久链接"].startswith(archive_server + "/notices/") for row in rows)

    with page.expect_download() as info:
        page.get_by_role("link", name="JSON Lines").click()
    lines = [json.loads(line) for line in open(info.value.path(), encoding="utf-8")]
    assert [(r["key"], r["section_path"]) for r in lines] == [(r["通报标识"], r["章节路径"]) for r in rows]
    screenshot(page, "search-export-links")
