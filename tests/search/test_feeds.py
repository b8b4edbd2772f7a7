"""The search feed: any search's parameters, newest first, as valid Atom."""

from __future__ import annotations

import feedparser
import pytest

from tests.archive.test_feeds import assert_valid_atom
from tests.search.test_export import archive  # noqa: F401  (the indexed notices fixture)

pytestmark = pytest.mark.django_db


def test_search_feed_has_the_matching_notices_newest_first(client, archive):  # noqa: F811
    notice, others = archive
    response = client.get("/search/feed/", {"q": "公务用车", "sort": "oldest", "page": "3"})
    assert response.status_code == 200
    feed = assert_valid_atom(response.content)
    result = feedparser.parse(response.content)
    assert not result.bozo
    assert result.feed.title == "巡视巡察整改通报档案:检索“公务用车”"
    # newest first whatever sort was asked for; the page parameter is ignored
    assert [e.link for e in result.entries] == [
        f"http://testserver/notices/{others[1].key}/",
        f"http://testserver/notices/{others[0].key}/",
        f"http://testserver/notices/{notice.key}/",
    ]
    # The best passage as HTML with the hits marked (feedparser's sanitizer drops <mark>, so read the XML).
    summary = feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}summary")
    assert summary.get("type") == "html" and "<mark>公务用车</mark>" in summary.text
    assert "清理公务用车2辆" in result.entries[0].summary
    self_link = feed.find("{http://www.w3.org/2005/Atom}link[@rel='self']").get("href")
    assert self_link.startswith("http://testserver/search/feed/?q=") and "page" not in self_link


def test_search_feed_applies_filters(client, archive):  # noqa: F811
    notice, others = archive
    result = feedparser.parse(client.get("/search/feed/", {"kind": "巡视"}).content)
    assert [e.link for e in result.entries] == [f"http://testserver/notices/{notice.key}/"]
    assert "类别:巡视" in result.feed.subtitle


@pytest.mark.parametrize("params", [{"q": '"<script>'}, {"body": "x"}, {"from": "2020-99-99"}, {"q": "巡" * 3000}])
def test_search_feed_survives_bad_parameters(client, params):
    response = client.get("/search/feed/", params)
    assert response.status_code == 200
    assert_valid_atom(response.content)
    assert b"<script>" not in response.content
