"""Atom feeds: new notices, an issuing body, an issue type; valid Atom with absolute links."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import feedparser
import pytest
from lxml import etree

from archive.models import IssueType

from .reading_factories import full_notice, make_notice

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def assert_valid_atom(content: bytes) -> etree._Element:
    """The structure RFC 4287 requires: feed id/title/updated/author, entries with id/title/updated/link."""
    feed = etree.fromstring(content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{name}"), name
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href").startswith("http://testserver/")
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        ids.append(entry.findtext(f"{ATOM}id"))
        assert entry.findtext(f"{ATOM}title")
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href").startswith("http://testserver/notices/")
    assert all(i.startswith("http://testserver/") for i in ids) and len(set(ids)) == len(ids)
    return feed


def parsed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert_valid_atom(response.content)
    result = feedparser.parse(response.content)
    assert not result.bozo, result.get("bozo_exception")
    assert result.version == "atom10"
    return result


def test_new_notices_feed_lists_published_notices_newest_first(client):
    first, _ = full_notice()
    make_notice(title="第二份通报")
    make_notice(title="未发布的通报", status="review")
    result = parsed(client, "/feeds/notices/")
    assert result.feed.title == "巡视巡察整改通报档案:新收录的通报"
    assert [e.title for e in result.entries] == ["第二份通报", str(first)]
    assert result.entries[1].link == f"http://testserver/notices/{first.key}/"
    assert result.entries[1].id == f"http://testserver/notices/{first.key}/"
    assert result.entries[1].author == "中共测试市委"


def test_issuing_body_feed_has_only_that_bodys_notices(client):
    notice, _ = full_notice()
    make_notice(title="别的机关的通报")
    body = notice.issuing_body
    result = parsed(client, f"/feeds/bodies/{body.slug}/")
    assert [e.title for e in result.entries] == [str(notice)]
    assert "中共测试市委" in result.feed.title
    old = client.get(f"/feeds/bodies/{body.pk}/")  # an address from before slugs
    assert old.status_code == 301 and old["Location"] == f"/feeds/bodies/{quote(body.slug)}/"
    assert client.get("/feeds/bodies/999999/").status_code == 404
    assert client.get("/feeds/bodies/no-such-body/").status_code == 404


def test_issue_type_feed_has_notices_with_sections_of_that_type(client):
    notice, _ = full_notice()
    make_notice(title="没有这类问题的通报")
    kind = IssueType.objects.get(name="八项规定")
    result = parsed(client, f"/feeds/issues/{kind.slug}/")
    assert [e.title for e in result.entries] == [str(notice)]
    assert client.get("/feeds/issues/no-such-type/").status_code == 404
    assert client.get("/feeds/issues/%3Cx%3E/").status_code == 404


def test_empty_feed_is_still_valid(client):
    result = parsed(client, "/feeds/notices/")
    assert result.entries == []


@pytest.mark.parametrize("url_name", ["/", "/bodies/", "/rounds/", "/years/", "/issues/"])
def test_browse_pages_link_the_feed_in_head_and_visibly(client, url_name):
    full_notice()
    html = client.get(url_name).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'href="/feeds/notices/"' in html
    assert 'class="feed-link" href="/feeds/notices/"' in html


def test_bodies_page_links_each_bodys_feed_and_issue_type_page_its_own(client):
    notice, _ = full_notice()
    assert f'href="/feeds/bodies/{quote(notice.issuing_body.slug)}/"' in client.get("/bodies/").content.decode()
    kind = IssueType.objects.get(name="八项规定")
    html = client.get(f"/issues/{kind.slug}/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="问题类型“八项规定”(Atom 订阅)" '
        f'href="/feeds/issues/{kind.slug}/">' in html
    )
