"""An editor uploads a web page, reviews the parse, publishes, and finds the notice by search."""

from __future__ import annotations

import pytest

from tests.archive.documents import html_page
from tests.conftest import GOLD, seed_text

pytestmark = pytest.mark.browser

# A notice not among the samples the server already holds: the Dapeng notice moved to another district.
NEW_DISTRICT = "光明新区"


def test_upload_review_publish_and_search(admin_page, archive_server, tmp_path):
    page = admin_page
    gold = GOLD[0]
    text = seed_text(gold).replace("大鹏新区", NEW_DISTRICT).replace("大鹏", "光明")
    title = gold["title"].replace("大鹏新区", NEW_DISTRICT)
    upload = tmp_path / "guangming.html"
    upload.write_bytes(html_page(text, title=title, charset="gb2312", metadata={"发布日期": "2017-12-25"}))

    page.click("text=上传通报")
    page.set_input_files("#upload-form input[type=file]", str(upload))
    page.click("#upload-form input[type=submit]")
    results = page.locator("#upload-results")
    assert "待审核" in results.inner_text()

    results.locator(f"a:has-text('{title}')").click()
    assert "市委第一巡察组" in page.locator("#review-facts").inner_text()
    assert "提高政治站位" in page.locator("#review-outline").inner_text()
    assert page.locator("#notice-status").inner_text() == "待审核"

    page.click("#publish-button")
    assert page.locator("#notice-status").inner_text() == "已发布"

    page.goto(f"{archive_server}/search/?q={NEW_DISTRICT}")
    assert title in page.locator(".search-hits").inner_text()  # as text: the title marks the query's words
