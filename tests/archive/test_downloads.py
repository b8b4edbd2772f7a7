"""Downloads from a notice: its original file, its facts and figures, QR codes of its permanent URLs."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from lxml import etree

from archive.services import ImportSource, import_notice

from ..conftest import GOLD, seed_text
from .documents import html_page
from .reading_factories import full_notice, make_notice

pytestmark = pytest.mark.django_db

CANONICAL = "https://www.example.gov.cn/xsxc/2016/t20160302_1.html"


def imported(name: str, data: bytes, *, publish: bool = True):
    outcome = import_notice(source=ImportSource(name=name, data=data), publish=publish)
    assert not outcome.failed, outcome.messages
    return outcome.notice


def html_original(*, publish: bool = True):
    gold = GOLD[0]
    page = html_page(seed_text(gold), title=gold["title"] or "整改通报", metadata={"发布日期": "2016-03-02"})
    page = page.replace(b"</head>", f'<link rel="canonical" href="{CANONICAL}"></head>'.encode())
    return imported("深圳市委整改通报.html", page, publish=publish)


def test_original_is_an_attachment_with_an_rfc5987_chinese_name(client):
    notice = html_original()
    response = client.get(f"/notices/{notice.key}/original/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('深圳市委整改通报.html')}" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    # An HTML original is bytes to save, never a page of this site.
    assert response["Content-Type"] == "application/octet-stream"
    assert "sandbox" in response["Content-Security-Policy"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"<!DOCTYPE html>") and CANONICAL.encode() in body


def test_text_original_keeps_its_bytes_and_a_text_type(client):
    gold = GOLD[1]
    data = seed_text(gold).encode("gb18030")
    notice = imported("notice.txt", data)
    response = client.get(f"/notices/{notice.key}/original/")
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="notice.txt"'
    assert b"".join(response.streaming_content) == data


def test_unpublished_original_is_404_for_readers_and_served_to_editors(client):
    notice = html_original(publish=False)
    url = f"/notices/{notice.key}/original/"
    assert client.get(url).status_code == 404
    editor = get_user_model().objects.create_user("reader-editor", password="x", is_staff=True)
    client.force_login(editor)
    assert client.get(url).status_code == 404  # staff without the permission to view notices
    editor.user_permissions.add(Permission.objects.get(codename="view_notice"))
    client.force_login(get_user_model().objects.get(pk=editor.pk))
    assert client.get(url).status_code == 200
    change_page = client.get(f"/admin/archive/notice/{notice.pk}/change/").content.decode()
    assert f'<a href="{url}" download>深圳市委整改通报.html</a>' in change_page


@pytest.mark.parametrize("key", ["nope", "../etc", "%00"])
def test_original_of_unknown_keys_is_404(client, key):
    assert client.get(f"/notices/{key}/original/").status_code == 404


def test_notice_without_a_stored_original_is_404(client):
    notice, _ = full_notice()
    assert client.get(f"/notices/{notice.key}/original/").status_code == 404
    assert "下载原始文件" not in client.get(notice.get_absolute_url()).content.decode()


def test_notice_page_links_the_original_publication_and_file(client):
    notice = html_original()
    assert notice.source_url == CANONICAL  # read from the page's canonical link
    html = client.get(notice.get_absolute_url()).content.decode()
    assert f'href="{CANONICAL}"' in html and 'rel="external noopener noreferrer"' in html
    assert f'href="/notices/{notice.key}/original/" download' in html
    assert "下载原始文件(深圳市委整改通报.html)" in html


def test_facts_and_figures_download_as_csv_with_bom(client):
    notice, _ = full_notice()
    response = client.get(f"/notices/{notice.key}/data.csv")
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    facts = {row["名称"]: row["数值"] for row in rows if row["类别"] == "事实"}
    assert facts["发布机关"] == "中共测试市委" and facts["反馈日期"] == "2016年1月15日"
    assert facts["联系电话"] == "020-12345678"
    figures = [row for row in rows if row["类别"] == "数据"]
    assert [(f["名称"], f["数值"], f["单位"], f["章节"]) for f in figures] == [
        ("清理超编公务用车", "12.00", "辆", "2.1.1"),
        ("挽回经济损失", "2464600.00", "元", ""),
    ]


def test_facts_and_figures_download_as_json(client):
    notice, _ = full_notice()
    data = client.get(f"/notices/{notice.key}/data.json").json()
    assert data["url"] == f"http://testserver/notices/{notice.key}/"
    assert {"name": "轮次", "value": "七届市委第八轮巡察"} in data["facts"]
    (cars, money) = data["figures"]
    assert cars["section_url"] == f"http://testserver/notices/{notice.key}/s/2.1.1/"
    assert money["value"] == "2464600.00" and money["unit"] == "元"


def test_data_of_unpublished_notices_is_404(client):
    hidden = make_notice(status="review")
    assert client.get(f"/notices/{hidden.key}/data.csv").status_code == 404
    assert client.get(f"/notices/{hidden.key}/data.json").status_code == 404


def test_qr_code_is_an_svg_of_the_permanent_url(client):
    notice, sections = full_notice()
    response = client.get(f"/notices/{notice.key}/s/2.1.1/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = etree.fromstring(response.content)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.findtext("{http://www.w3.org/2000/svg}title") == f"http://testserver/notices/{notice.key}/s/2.1.1/"
    assert client.get(f"/notices/{notice.key}/s/7/qr.svg").status_code == 404
    html = client.get(notice.get_absolute_url()).content.decode()
    assert f'src="/notices/{notice.key}/s/2.1.1/qr.svg"' in html and "二维码" in html
