"""How to cite a notice or one of its sections: GB/T 7714-2015, plain text, BibTeX and RIS.

Everything here is pure: a :class:`Citation` is made from rows already loaded
and an absolute permanent URL, and each format is a string.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import rispy
from bibtexparser import Library, write_string
from bibtexparser.model import Entry, Field

from .models import Notice, Section

ARCHIVE_NAME = "巡视巡察整改通报档案"
# Characters with a meaning in BibTeX values; each is written as its escaped form.
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


@dataclass(frozen=True)
class Citation:
    """What a reference to a notice (or one of its sections) names."""

    key: str
    author: str  # the issuing body
    title: str
    published: dt.date | None
    url: str  # the archive's permanent, absolute URL
    accessed: dt.date
    source_url: str = ""  # where the notice was first published
    section_number: str = ""  # 二、（三）
    section_heading: str = ""
    section_path: str = ""

    @property
    def full_title(self) -> str:
        """The notice title, with the section after a colon when citing a section."""
        if not self.section_path:
            return self.title
        return f"{self.title}:{self.section_number}{self.section_heading}".rstrip(":")

    def gbt7714(self) -> str:
        """GB/T 7714-2015 for an online resource: 作者. 题名[EB/OL]. (发布日期)[引用日期]. 网址."""
        published = f"({self.published.isoformat()})" if self.published else ""
        parts = [f"{self.author}. " if self.author else "", f"{self.full_title}[EB/OL]. "]
        parts.append(f"{published}[{self.accessed.isoformat()}]. {self.url}.")
        if self.source_url:
            parts.append(f" 原文:{self.source_url}.")
        return "".join(parts)

    def plain(self) -> str:
        """A sentence for the reader's own notes, naming the section by its number and path."""
        author = self.author or ARCHIVE_NAME
        text = f"{author}《{self.title}》"
        if self.published:
            text += f"({_chinese_date(self.published)}发布)"
        if self.section_path:
            heading = f"{self.section_number}{self.section_heading}"
            text += f",第 {self.section_path} 节“{heading}”"
        text += f"。{ARCHIVE_NAME}:{self.url}(访问于{_chinese_date(self.accessed)})。"
        if self.source_url:
            text += f"原文地址:{self.source_url}。"
        return text

    def bibtex(self) -> str:
        """A BibTeX ``@misc`` entry (the issuing body as one corporate author, braced)."""
        fields = [
            Field("author", "{" + _bibtex_value(self.author or ARCHIVE_NAME) + "}"),
            Field("title", _bibtex_value(self.full_title)),
        ]
        if self.published:
            fields += [Field("year", str(self.published.year)), Field("date", self.published.isoformat())]
        fields += [
            Field("howpublished", _bibtex_value(ARCHIVE_NAME)),
            # url is read verbatim by BibTeX styles: escaping would change the address.
            Field("url", self.url),
            Field("urldate", self.accessed.isoformat()),
        ]
        if self.source_url:
            fields.append(Field("note", _bibtex_value(f"原文:{self.source_url}")))
        return write_string(Library([Entry("misc", self.bibtex_key, fields)]))

    @property
    def bibtex_key(self) -> str:
        suffix = f"-s{self.section_path.replace('.', '-')}" if self.section_path else ""
        return f"notice-{self.key}{suffix}"

    def ris(self) -> str:
        """A RIS record of type ELEC (web page), as Zotero and EndNote import it."""
        record = {
            "type_of_reference": "ELEC",
            "authors": [self.author or ARCHIVE_NAME],
            "title": self.full_title,
            "urls": [self.url],
            "access_date": self.accessed.strftime("%Y/%m/%d"),
            "name_of_database": ARCHIVE_NAME,
            "id": self.bibtex_key,
        }
        if self.published:
            record["year"] = str(self.published.year)
            record["date"] = self.published.strftime("%Y/%m/%d")
        if self.source_url:
            record["notes"] = [f"原文:{self.source_url}"]
        return rispy.dumps([record], implementation=_RisWriter, enforce_list_tags=False)


class _RisWriter(rispy.RisWriter):
    """rispy's writer without the ``1.`` counter line it puts before each record (not part of RIS)."""

    def set_header(self, count: int) -> str:
        return ""


def _bibtex_value(text: str) -> str:
    text = " ".join((text or "").split())
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def _chinese_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def section_number_chain(sections: list[Section], section: Section) -> str:
    """The printed numbers from the outermost ancestor down to ``section``: 二、(三)1."""
    by_id = {s.pk: s for s in sections}
    chain = [section.number]
    current = by_id.get(section.parent_id)
    while current is not None:
        chain.append(current.number)
        current = by_id.get(current.parent_id)
    return "".join(reversed(chain))


def cite(notice: Notice, *, url: str, accessed: dt.date, section: Section | None = None, number: str = "") -> Citation:
    """The citation of ``notice`` (or of ``section`` with its number chain) at the absolute ``url``."""
    # The body as the notice names itself (GB/T 7714 cites the responsible party as the source writes it).
    author = notice.issuing_body_text or (notice.issuing_body.name if notice.issuing_body else "")
    return Citation(
        key=notice.key,
        author=author,
        title=str(notice),
        published=notice.published_on or notice.signed_on,
        url=url,
        accessed=accessed,
        source_url=notice.source_url,
        section_number=number or (section.number if section else ""),
        section_heading=section.heading if section else "",
        section_path=section.path if section else "",
    )
