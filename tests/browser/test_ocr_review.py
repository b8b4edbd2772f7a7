"""An editor uploads a scanned page: it is queued, the worker reads it, the editor corrects a page and publishes."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import expect

from archive.ingest import process_pending
from tests.archive.ocr_pages import render_pages
from tests.browser.conftest import screenshot
from tests.conftest import GOLD, seed_text

pytestmark = pytest.mark.browser


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

    _run_the_worker()
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


def _run_the_worker() -> None:
    """The ingest worker's turn: ``process_ingest --once`` in a process of its own, as in production.

    Its writes are committed, so the live server sees them whatever the database.
    SQLite's test database lives in this process's memory, where no other process
    can reach it; there the live server shares the test's own connection, and the
    worker runs here on that connection instead.
    """
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        assert process_pending() == 1
        return
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_REPLICA_URLS"}},
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SEARCH_INDEX_DIR": str(settings.SEARCH_INDEX_DIR),
        "SEARCH_BACKEND": settings.SEARCH_BACKEND,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "process_ingest", "--once", "--verbosity", "2"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "处理了 1 条导入记录" in result.stdout, result.stdout
    assert "scan-page.png" in result.stdout and "失败" not in result.stdout, result.stdout


def _database_url(database: dict) -> str:
    """The test database (its name, not the configured one) as a ``DATABASE_URL``."""
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database["HOST"] or "localhost"
    if host.startswith("/"):  # a socket folder
        host = quote(host, safe="")
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(database['NAME'], safe='')}"
