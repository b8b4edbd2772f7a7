"""Citations: GB/T 7714 and plain text on the pages, BibTeX and RIS downloads that parsers read back."""

from __future__ import annotations

import datetime as dt

import bibtexparser
import pytest
import rispy
from django.utils import timezone

from archive.citation import Citation, section_number_chain

from .reading_factories import full_notice, make_notice

pytestmark = pytest.mark.django_db

URL = "https://archive.example.org/notices/abc/s/2.1/"


def sample_citation(**changes) -> Citation:
    fields = {
        "key": "abc",
        "author": "中共测试市委",
        "title": "关于巡视整改情况的通报{50%_&}",
        "published": dt.date(2016, 3, 2),
        "url": URL,
        "accessed": dt.date(2026, 11, 30),
        "source_url": "http://www.example.gov.cn/a_b.html",
        "section_number": "二、(一)",
        "section_heading": "全面从严治党方面",
        "section_path": "2.1",
    }
    return Citation(**{**fields, **changes})


def test_gbt7714_names_body_title_type_dates_and_url():
    text = sample_citation(section_path="").gbt7714()
    assert text.startswith("中共测试市委. 关于巡视整改情况的通报{50%_&}[EB/OL]. (2016-03-02)[2026-11-30]. ")
    assert f"{URL}." in text and "原文:http://www.example.gov.cn/a_b.html" in text


def test_gbt7714_without_publication_date_keeps_the_access_date():
    text = sample_citation(published=None, source_url="").gbt7714()
    assert "[EB/OL]. [2026-11-30]. " in text and "原文" not in text


def test_plain_citation_names_the_section_number_and_path():
    text = sample_citation().plain()
    assert "《关于巡视整改情况的通报{50%_&}》" in text
    assert "第 2.1 节“二、(一)全面从严治党方面”" in text
    assert "访问于2026年11月30日" in text and URL in text


def test_bibtex_parses_back_with_escaped_title_and_verbatim_url():
    library = bibtexparser.parse_string(sample_citation().bibtex())
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "misc" and entry.key == "notice-abc-s2-1"
    fields = {name: field.value for name, field in entry.fields_dict.items()}
    assert fields["author"] == "{中共测试市委}"  # one corporate author, not a personal name to split
    assert fields["title"] == r"关于巡视整改情况的通报\{50\%\_\&\}:二、(一)全面从严治党方面"
    assert fields["url"] == URL and fields["urldate"] == "2026-11-30"
    assert fields["year"] == "2016" and fields["date"] == "2016-03-02"
    assert "example.gov.cn" in fields["note"]


def test_ris_parses_back_as_a_web_page():
    text = sample_citation().ris()
    assert text.startswith("TY  - ELEC\n") and text.rstrip().endswith("ER  -")
    (record,) = rispy.loads(text)
    assert record["type_of_reference"] == "ELEC"
    assert record["authors"] == ["中共测试市委"]
    assert record["urls"] == [URL]
    assert record["year"] == "2016" and record["access_date"] == "2026/11/30"
    assert record["notes"] == ["原文:http://www.example.gov.cn/a_b.html"]


def test_number_chain_runs_from_the_outermost_section():
    notice, sections = full_notice()
    loaded = list(notice.sections.all())
    current = next(s for s in loaded if s.path == "2.1.1")
    assert section_number_chain(loaded, current) == "二、(一)1."
    assert sections["2.1.1"].number == "1."


def test_notice_page_offers_citations_and_downloads(client):
    notice, _ = full_notice()
    notice.source_url = "https://www.example.gov.cn/2016/notice.html"
    notice.save()
    html = client.get(notice.get_absolute_url()).content.decode()
    today = timezone.localdate().isoformat()
    assert "GB/T 7714-2015" in html and "复制引文" in html
    expected = (
        f"中共测试市委. 中共测试市委关于巡视整改情况的通报[EB/OL]. (2016-03-02)[{today}]. "
        f"http://testserver/notices/{notice.key}/."
    )
    assert expected in html
    assert f'href="/notices/{notice.key}/cite.bib"' in html and f'href="/notices/{notice.key}/cite.ris"' in html
    assert 'href="https://www.example.gov.cn/2016/notice.html"' in html  # the original publication linked
    assert f'永久链接:<a href="http://testserver/notices/{notice.key}/">' in html


def test_section_page_cites_the_section_with_its_number(client):
    notice, sections = full_notice()
    html = client.get(sections["2.1.1"].get_absolute_url()).content.decode()
    assert "第 2.1.1 节“二、(一)1.规范公务用车管理”" in html
    assert f"http://testserver/notices/{notice.key}/s/2.1.1/" in html
    assert f'href="/notices/{notice.key}/s/2.1.1/cite.bib"' in html


def test_bibtex_and_ris_downloads(client):
    notice, _ = full_notice()
    response = client.get(f"/notices/{notice.key}/s/2.1/cite.bib")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert response["Content-Disposition"] == f'attachment; filename="notice-{notice.key}-s2-1.bib"'
    (entry,) = bibtexparser.parse_string(response.content.decode()).entries
    assert entry.fields_dict["url"].value == f"http://testserver/notices/{notice.key}/s/2.1/"
    response = client.get(f"/notices/{notice.key}/cite.ris")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    (record,) = rispy.loads(response.content.decode())
    assert record["title"] == "中共测试市委关于巡视整改情况的通报"
    assert record["urls"] == [f"http://testserver/notices/{notice.key}/"]


@pytest.mark.parametrize("suffix", ["cite.bib", "cite.ris", "s/9/cite.bib", "s/1..2/cite.ris"])
def test_citations_of_unpublished_or_missing_things_are_404(client, suffix):
    hidden = make_notice(status="review")
    assert client.get(f"/notices/{hidden.key}/{suffix}").status_code == 404
    shown, _ = full_notice()
    if suffix.startswith("s/"):
        assert client.get(f"/notices/{shown.key}/{suffix}").status_code == 404
