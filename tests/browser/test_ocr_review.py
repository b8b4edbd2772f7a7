"""An editor uploads a scanned page: it is queued, the worker reads it, the editor corrects a page and publishes."""

from __future__ import annotations

import pytest
from django.db import connection
from playwright.sync_api import expect

from archive.ingest import process_pending
from tests.archive.ocr_pages import render_pages
from tests.browser.conftest import screenshot
from tests.conftest import GOLD, seed_text

pytestmark = pytest.mark.browser


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="the worker runs here inside the test's own transaction, which the live server on PostgreSQL cannot "
    "see; on PostgreSQL the worker and review are covered by tests/archive/test_ocr.py and test_ocr_review.py",
)
def test_scan_upload_queue_review_beside_the_page_image_and_correct(admin_page, archive_server, tmp_path):
    page = admin_page
    (scan,) = render_pages(seed_text(GOLD[1]), dpi=200, max_pages=1)
    path = tmp_path / "scan-page.png"
    # The top third of a page keeps the engine's work to a few lines.
    scan.image.crop((0, 0, scan.image.width, scan.image.height // 3)).save(path)

    page.goto(f"{archive_server}/admin/archive/notice/upload/")
    page.set_input_files("#upload-form input[type=file]", str(path))
    page.click("#upload-form input[type=submit]")
    assert "排队中" in page.locator("#upload-results").inner_text()
    page.click("#queued-note a")
    assert "等待后台处理" in page.locator("#ingest-records").inner_text()

    assert process_pending() == 1  # the worker's turn
    page.reload()
    # The scan's own row: the list also holds the sample notices' records, in an order no test should rely on.
    page.locator("#ingest-records tr", has_text="scan-page.png").locator("a").first.click()
    expect(page.locator("#ocr-origin")).to_be_visible()  # waits for the review page, not the list
    image = page.locator("#ocr-page-1 img")
    # The page image loads after the page shows; wait for it rather than race it.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle(), timeout=15000)
    screenshot(page, "ocr-review", full_page=True)

    textarea = page.locator("#ocr-page-1 textarea")
    textarea.fill(textarea.input_value() + "\n三、今后工作\n  持续巩固整改成果。")
    page.click("#ocr-pages-form input[type=submit]")
    assert "已保存校对后的页面文字并重新解析" in page.content()
    assert "持续巩固整改成果" in page.locator("#review-text").inner_text()
    assert "已人工校对" in page.locator("#ocr-page-1").inner_text()
