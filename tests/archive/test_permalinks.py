"""Permanent links: section URLs of the samples answer, survive re-import and re-parse, and degrade well."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from archive.models import Notice, Section
from archive.services import reparse_notice

from ..conftest import GOLD
from .reading_factories import import_sample, make_notice, make_outline

pytestmark = pytest.mark.django_db


def page_text(html: str) -> str:
    """The visible text of a page, tags dropped and whitespace removed."""
    body = html[html.index("<main") :]
    return re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", body)))


def section_url(key: str, path: str) -> str:
    return reverse("archive:section", kwargs={"key": key, "path": path})


def test_every_gold_section_answers_at_its_url_with_its_heading(client, gold_notice):
    notice = import_sample(gold_notice)
    for expected in gold_notice["sections_include"]:
        response = client.get(section_url(notice.key, expected["path"]))
        assert response.status_code == 200, expected["path"]
        html = response.content.decode()
        section = Section.objects.get(notice=notice, path=expected["path"])
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
        assert heading, expected["path"]
        assert re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", heading[1]))).endswith(
            re.sub(r"\s+", "", section.heading)
        )
        assert re.sub(r"\s+", "", expected["starts_with"]) in page_text(html), expected["path"]


def test_every_gold_section_is_anchored_in_the_full_notice(client, gold_notice):
    notice = import_sample(gold_notice)
    html = client.get(notice.get_absolute_url()).content.decode()
    for expected in gold_notice["sections_include"]:
        anchor = "s-" + expected["path"].replace(".", "-")
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html or expected["path"].count(".") >= 3, "contents list the upper levels"


def test_section_urls_survive_reimport_and_reparse(client):
    gold = GOLD[0]
    notice = import_sample(gold)
    paths = list(Section.objects.filter(notice=notice).values_list("path", flat=True))
    key = notice.key

    again = import_sample(gold)
    assert again.key == key
    notice.refresh_from_db()
    reparse_notice(notice=notice)
    notice.refresh_from_db()

    assert notice.key == key
    assert sorted(Section.objects.filter(notice=notice).values_list("path", flat=True)) == sorted(paths)
    for path in paths:
        assert client.get(section_url(key, path)).status_code == 200, path


def test_a_missing_section_redirects_to_its_nearest_existing_ancestor(client):
    notice = make_notice()
    make_outline(notice, {"2": ("二", ""), "2.1": ("(一)", ""), "2.1.3": ("3.", "")})
    Section.objects.filter(notice=notice, path="2.1.3").delete()

    response = client.get(section_url(notice.key, "2.1.3"))
    assert response.status_code == 302
    assert response["Location"] == section_url(notice.key, "2.1")

    deeper = client.get(section_url(notice.key, "2.5.1.4"))
    assert deeper.status_code == 302 and deeper["Location"] == section_url(notice.key, "2")


def test_a_missing_section_without_ancestor_is_404_linking_to_the_notice(client):
    notice = make_notice(title="某区委关于巡察整改情况的通报")
    make_outline(notice, {"1": ("一", "")})
    for path in ["7", "7.2.1"]:
        response = client.get(section_url(notice.key, path))
        assert response.status_code == 404
        html = response.content.decode()
        assert f'href="{notice.get_absolute_url()}"' in html
        assert "某区委关于巡察整改情况的通报" in html and "找不到这个页面" in html


def test_a_notice_key_is_its_url_whatever_its_title(client):
    notice = make_notice(title="原标题")
    url = notice.get_absolute_url()
    Notice.objects.filter(pk=notice.pk).update(title="更正后的标题")
    response = client.get(url)
    assert response.status_code == 200 and "更正后的标题" in response.content.decode()
    assert url == f"/notices/{notice.key}/"
