"""The search page in Chromium: keyboard path to the results, order on wide and narrow screens, phones.

Screenshots at 1280 and 375 px wide are saved under ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, screenshot

pytestmark = pytest.mark.browser

QUERY = "整改 公务"
SMALL_PHONE = {"width": 375, "height": 667}


def search(page, base: str, q: str = QUERY, **params) -> None:
    query = "&".join(f"{k}={quote(str(v))}" for k, v in {"q": q, **params}.items())
    page.goto(f"{base}/search/?{query}")
    expect(page.locator("#results-h")).to_contain_text("找到")


def focused(page) -> str:
    """A short description of the focused element: its text or its id."""
    return page.evaluate("() => (document.activeElement.id || document.activeElement.textContent || '').trim()")


def test_from_the_search_box_to_the_first_result_in_a_few_keys(page, archive_server):
    page.set_viewport_size(DESKTOP)
    search(page, archive_server)
    screenshot(page, "search-1280")
    first = page.locator(".search-hit__title a").first
    page.locator("#search-q").focus()
    keys = 0
    for _ in range(3):  # the button, then the skip link
        page.keyboard.press("Tab")
        keys += 1
        if focused(page) == "跳到检索结果":
            break
    assert focused(page) == "跳到检索结果"
    expect(page.locator(".skip-inline")).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    keys += 2
    expect(first).to_be_focused()
    assert keys <= 4


def test_the_page_skip_link_leads_to_the_results(page, archive_server):
    search(page, archive_server)
    page.locator("body").focus()
    page.keyboard.press("Tab")  # 跳到正文
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到检索结果").first).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(".search-hit__title a").first).to_be_focused()


@pytest.mark.parametrize("viewport", [DESKTOP, SMALL_PHONE], ids=["wide", "phone"])
def test_tab_order_follows_what_is_shown(page, archive_server, viewport):
    """The results come before the facets in the page, and are shown first: left of them, or above them."""
    page.set_viewport_size(viewport)
    search(page, archive_server)
    results = page.locator("#results").bounding_box()
    facets = page.locator("#facets").bounding_box()
    if viewport is DESKTOP:
        assert facets["x"] >= results["x"] + results["width"] - 1  # beside, on the right
    else:
        assert facets["y"] >= results["y"] + results["height"] - 1  # below
    # No positive tabindex and no CSS reordering: focus follows the page, which is what is shown.
    assert page.locator("[tabindex]:not([tabindex='-1']):not([tabindex='0'])").count() == 0
    orders = page.evaluate(
        "() => [...document.querySelectorAll('.search-layout > *')].map(e => getComputedStyle(e).order)"
    )
    assert set(orders) == {"0"}
    # Tabbing from the last result's checkbox reaches the pagination or export links before any facet.
    page.locator(".compare-submit button").focus()
    page.keyboard.press("Tab")
    in_facets = page.evaluate("() => !!document.activeElement.closest('#facets')")
    in_results = page.evaluate("() => !!document.activeElement.closest('#results')")
    assert in_results and not in_facets


def test_the_first_result_is_visible_on_a_small_phone(page, archive_server):
    page.set_viewport_size(SMALL_PHONE)
    search(page, archive_server)
    title = page.locator(".search-hit__title").first
    box = title.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= SMALL_PHONE["height"], box
    expect(title).to_be_in_viewport(ratio=1)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= SMALL_PHONE["width"]  # nothing sideways
    screenshot(page, "search-375")


def test_all_matching_sections_open_from_the_keyboard_and_links_keep_the_search(page, archive_server):
    search(page, archive_server, kind="巡察")
    more = page.locator(".search-hit__all summary").first
    expect(more).to_contain_text(re.compile(r"本篇共 \d+ 个章节匹配"))
    listing = page.locator(".search-hit__all-list").first
    expect(listing).to_be_hidden()
    more.focus()
    page.keyboard.press("Enter")
    expect(listing).to_be_visible()
    count = int(re.search(r"共 (\d+) 个", more.inner_text()).group(1))
    expect(listing.locator("li")).to_have_count(count)
    screenshot(page, "search-all-sections-1280")

    page.locator(".search-hit__title a").first.click()
    expect(page.locator("h1 mark").first).to_be_visible()  # the title marks the query too
    back = page.get_by_role("link", name=re.compile("返回"))
    expect(back).to_have_attribute("href", re.compile(r"/search/\?q=.+&kind=%E5%B7%A1%E5%AF%9F"))
    back.click()
    expect(page.locator(".search-chips")).to_contain_text("巡察")
    expect(page.locator("#search-q")).to_have_value(QUERY)


def test_an_open_list_of_matching_sections_is_in_the_url_and_comes_back(page, archive_server):
    search(page, archive_server, kind="巡察")
    details = page.locator("details.search-hit__all").first
    key = details.get_attribute("data-open-key")
    assert "open=" not in page.url
    details.locator("summary").focus()
    page.keyboard.press("Enter")  # opened from the keyboard: the URL says so
    expect(page).to_have_url(re.compile(rf"[?&]open={key}(&|$)"))
    page.reload()
    expect(page.locator(f"#all-{key}")).to_have_attribute("open", "")  # the server opens it from the URL
    expect(page.locator(f"#all-{key} .search-hit__all-list")).to_be_visible()
    page.locator(f"#all-{key} summary").focus()
    page.keyboard.press("Space")  # closed again: gone from the URL
    expect(page).not_to_have_url(re.compile(r"[?&]open="))

    page.goto(f"{archive_server}/search/?q={quote(QUERY)}&kind={quote('巡察')}&open={key}")
    listed = page.locator(f"#all-{key} .search-hit__all-list a:not(.search-hit__permalink)").last
    expect(listed).to_be_visible()
    listed.focus()
    page.keyboard.press("Enter")  # a section deep in the list: the notice page marks the words and leads back
    expect(page.locator(".notice mark").first).to_be_visible()
    page.get_by_role("link", name=re.compile("返回")).click()
    expect(page).to_have_url(re.compile(rf"kind=%E5%B7%A1%E5%AF%9F.*open={key}#all-{key}$"))
    expect(page.locator(f"#all-{key} .search-hit__all-list")).to_be_visible()  # still open, where the reader was
    expect(page.locator(f"#all-{key}")).to_be_in_viewport()
    screenshot(page, "search-open-list-1280")


def test_an_old_id_link_lands_on_the_slug_url(page, archive_server):
    from archive.models import Committee

    committee = Committee.objects.get(name="深圳市委")
    page.goto(f"{archive_server}/search/?organ={committee.pk}")
    assert re.search(r"organ=" + re.escape(quote(committee.slug)), page.url), page.url
    expect(page.locator(".search-chips")).to_contain_text("深圳市委")
