"""Every section of a search's results, streamed as CSV or JSON Lines.

The search runs through the search service (:func:`search.services.prepare_search`
and :func:`~search.services.matching_keys`), so an export holds exactly the
notices the search page counts, in the page's order. Rows are read from the
database a few notices at a time; nothing holds the whole export in memory.
One row per matching section: with a query, the sections that contain one of
its words (as the page marks them); a notice that matched only by its title,
issuing body or preamble contributes all its sections; without a query, every
section. A notice without a readable outline is one row with its whole text.
``ARCHIVE_EXPORT_MAX_ROWS`` bounds an export; a cut export ends with a row saying so.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from django.conf import settings

from archive.models import Notice, Section

from . import highlight
from .services import PreparedSearch, matching_keys

#: (JSON field, CSV column) in the order of the columns.
COLUMNS = [
    ("key", "通报标识"),
    ("title", "标题"),
    ("issuing_body", "发布机关"),
    ("published_on", "发布日期"),
    ("feedback_on", "反馈日期"),
    ("round", "轮次"),
    ("kind", "类别"),
    ("section_path", "章节路径"),
    ("section_number", "章节序号"),
    ("heading", "章节标题"),
    ("issue_types", "问题类型"),
    ("text", "正文"),
    ("url", "永久链接"),
]
NOTICES_PER_BATCH = 50
SECTIONS_PER_QUERY = 500
NOTICE_FIELDS = [
    "id",
    "key",
    "title",
    "issuing_body__name",
    "issuing_body_text",
    "published_on",
    "feedback_on",
    "inspection_round__label",
    "inspection_kind",
]


@dataclass
class ExportRun:
    """One export: iterate :meth:`rows`; afterwards ``rows_written`` and ``truncated`` tell how it ended."""

    prepared: PreparedSearch
    site: str  # scheme and host, for absolute URLs
    max_rows: int
    rows_written: int = 0
    truncated: bool = False
    notices: int = 0  # matching notices, as the search page counts them

    def rows(self) -> Iterator[dict]:
        result = matching_keys(self.prepared, limit=self.max_rows + 1)
        self.notices = result.total
        keys = [hit.key for hit in result.hits]
        terms = highlight.search_terms(self.prepared.parsed.query, content_only=True)
        for start in range(0, len(keys), NOTICES_PER_BATCH):
            for row in self._batch(keys[start : start + NOTICES_PER_BATCH], terms):
                if self.rows_written >= self.max_rows:
                    self.truncated = True
                    return
                self.rows_written += 1
                yield row

    def _batch(self, keys: list[str], terms: list[str]) -> Iterator[dict]:
        notices = {n["key"]: n for n in Notice.objects.filter(key__in=keys).values(*NOTICE_FIELDS)}
        by_notice: dict[int, list[Section]] = {}
        sections = (
            Section.objects.filter(notice_id__in=[n["id"] for n in notices.values()])
            .order_by("notice_id", "order")
            .prefetch_related("issue_types")
            .iterator(chunk_size=SECTIONS_PER_QUERY)
        )
        for section in sections:
            by_notice.setdefault(section.notice_id, []).append(section)
        for key in keys:
            notice = notices.get(key)
            if notice is None:  # removed since the search ran
                continue
            found = by_notice.get(notice["id"], [])
            if not found:
                yield self._whole_notice_row(notice)
                continue
            chosen = [s for s in found if highlight.contains_any(f"{s.heading}\n{s.text}", terms)] if terms else []
            for section in chosen or found:
                yield self._row(notice, section)

    def _base(self, notice: dict) -> dict:
        return {
            "key": notice["key"],
            "title": notice["title"] or notice["key"],
            "issuing_body": notice["issuing_body__name"] or notice["issuing_body_text"],
            "published_on": notice["published_on"].isoformat() if notice["published_on"] else "",
            "feedback_on": notice["feedback_on"].isoformat() if notice["feedback_on"] else "",
            "round": notice["inspection_round__label"] or "",
            "kind": notice["inspection_kind"],
        }

    def _row(self, notice: dict, section: Section) -> dict:
        return {
            **self._base(notice),
            "section_path": section.path,
            "section_number": section.number,
            "heading": section.heading,
            "issue_types": [t.name for t in section.issue_types.all()],
            "text": section.text,
            "url": f"{self.site}/notices/{notice['key']}/s/{section.path}/",
        }

    def _whole_notice_row(self, notice: dict) -> dict:
        text = Notice.objects.filter(pk=notice["id"]).values_list("text", flat=True).first() or ""
        row = {"section_path": "", "section_number": "", "heading": "全文", "issue_types": [], "text": text}
        return {**self._base(notice), **row, "url": f"{self.site}/notices/{notice['key']}/"}

    def end_message(self) -> str:
        """What the last line of a cut export says."""
        return (
            f"导出已截断:只包含前 {self.rows_written} 行(上限 ARCHIVE_EXPORT_MAX_ROWS = {self.max_rows})。"
            "请增加筛选条件缩小结果后分别导出。"
        )


def max_rows() -> int:
    return settings.ARCHIVE_EXPORT_MAX_ROWS


class _Line:
    """A file-like target for csv.writer that hands back what was written."""

    def write(self, value: str) -> str:
        return value


ROWS_PER_CHUNK = 100
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_stream(run: ExportRun) -> Iterator[str]:
    """The export as CSV (UTF-8 with BOM, Chinese column names), a chunk of rows at a time."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([label for _, label in COLUMNS])
    rows = run.rows()
    while chunk := list(islice(rows, ROWS_PER_CHUNK)):
        yield "".join(writer.writerow([_cell(row[name]) for name, _ in COLUMNS]) for row in chunk)
    if run.truncated:
        yield writer.writerow([f"# {run.end_message()}"])


def jsonl_stream(run: ExportRun) -> Iterator[str]:
    """The export as JSON Lines: one object per row; a cut export ends with ``{"truncated": true, …}``."""
    rows = run.rows()
    while chunk := list(islice(rows, ROWS_PER_CHUNK)):
        yield "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in chunk)
    if run.truncated:
        end = {"truncated": True, "rows": run.rows_written, "max_rows": run.max_rows, "message": run.end_message()}
        yield json.dumps(end, ensure_ascii=False) + "\n"


def _cell(value) -> str:
    text = ";".join(value) if isinstance(value, list) else value
    # A cell that starts like a formula would be run by spreadsheet programs: keep it text.
    return "'" + text if text[:1] in FORMULA_STARTS else text
