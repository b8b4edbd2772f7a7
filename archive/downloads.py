"""Files a reader takes away from a notice: the original, citations, its data, a QR code.

Every response here is a download or an image, never a page: originals are
always attachments with a content type that no browser renders as a page.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

import segno
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from . import citation, reading
from .models import Notice, Section

#: Content types for originals by suffix; anything else (HTML included) is plain bytes to save.
ORIGINAL_TYPES = {
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".zip": "application/zip",
}
DOWNLOAD_TYPE = "application/octet-stream"
# A downloaded file is never a document of this site: no scripts, no sniffing, no framing.
DOWNLOAD_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"}
DATA_COLUMNS = ["类别", "名称", "数值", "单位", "章节", "原句"]


def _notice_for_download(request, key: str) -> Notice:
    """Published notices for everyone; unpublished ones only for editors who may see them in the admin."""
    if request.user.is_authenticated and request.user.has_perm("archive.view_notice"):
        if not reading.KEY_PATTERN.fullmatch(key):
            raise Http404("没有这份通报。")
        try:
            return Notice.objects.select_related("issuing_body").get(key=key)
        except Notice.DoesNotExist as exc:
            raise Http404("没有这份通报。") from exc
    return reading.published_notice(key)


@require_GET
def original(request, key):
    """``/notices/<key>/original/``: the file the notice was read from, as an attachment."""
    item = _notice_for_download(request, key)
    if not item.original_file or not item.original_file.storage.exists(item.original_file.name):
        raise Http404("这份通报没有保存原始文件。")
    name = item.original_name or PurePath(item.original_file.name).name
    content_type = ORIGINAL_TYPES.get(PurePath(name).suffix.lower(), DOWNLOAD_TYPE)
    response = FileResponse(item.original_file.open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = content_type
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    return response


def _citation(request, key: str, path: str | None) -> citation.Citation:
    item = reading.published_notice(key)
    if path is None:
        return citation.cite(
            item, url=request.build_absolute_uri(item.get_absolute_url()), accessed=timezone.localdate()
        )
    section = _section(item, path)
    sections = list(item.sections.only("id", "parent_id", "number"))
    return citation.cite(
        item,
        url=request.build_absolute_uri(section.get_absolute_url()),
        accessed=timezone.localdate(),
        section=section,
        number=citation.section_number_chain(sections, section),
    )


def _section(item: Notice, path: str) -> Section:
    if not reading.valid_path(path):
        raise Http404("章节地址无效。")
    section = item.sections.filter(path=path).first()
    if section is None:
        raise Http404("没有这一节。")
    section.notice = item
    return section


def _attachment(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def bibtex(request, key, path=None):
    """``cite.bib``: the notice (or section) as a BibTeX entry."""
    cited = _citation(request, key, path)
    return _attachment(cited.bibtex(), "application/x-bibtex; charset=utf-8", f"{cited.bibtex_key}.bib")


@require_GET
def ris(request, key, path=None):
    """``cite.ris``: the notice (or section) as a RIS record."""
    cited = _citation(request, key, path)
    return _attachment(cited.ris(), "application/x-research-info-systems; charset=utf-8", f"{cited.bibtex_key}.ris")


@require_GET
def qr_code(request, key, path=None):
    """``qr.svg``: a QR code of the notice's (or section's) permanent URL."""
    item = reading.published_notice(key)
    target = item if path is None else _section(item, path)
    url = request.build_absolute_uri(target.get_absolute_url())
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, title=url, xmldecl=False)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def notice_data(request, item: Notice) -> dict:
    """A notice's facts and figures as plain values (JSON-ready), with absolute links."""
    return {
        "key": item.key,
        "title": str(item),
        "url": request.build_absolute_uri(item.get_absolute_url()),
        "source_url": item.source_url,
        "facts": [{"name": f["label"], "value": f["value"]} for f in reading.facts(item)],
        "contact": [{"name": c["label"], "value": c["value"]} for c in reading.contact(item)],
        "figures": [
            {
                "measure": row["figure"].measure,
                "value": str(row["figure"].value),
                "unit": row["figure"].unit,
                "section_path": row["figure"].section.path if row["figure"].section else "",
                "section_url": request.build_absolute_uri(row["figure"].section.get_absolute_url())
                if row["figure"].section
                else "",
                "clause": row["figure"].clause,
            }
            for row in reading.figures(item)
        ],
    }


@require_GET
def data_json(request, key):
    """``data.json``: the notice's facts and figures."""
    item = reading.published_notice(key)
    response = JsonResponse(notice_data(request, item), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = content_disposition_header(True, f"notice-{item.key}-data.json")
    return response


@require_GET
def data_csv(request, key):
    """``data.csv``: the notice's facts and figures, one per row (UTF-8 with BOM for spreadsheet programs)."""
    item = reading.published_notice(key)
    data = notice_data(request, item)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(DATA_COLUMNS)
    for fact in [*data["facts"], *data["contact"]]:
        writer.writerow(["事实", fact["name"], fact["value"], "", "", ""])
    for figure in data["figures"]:
        writer.writerow(
            ["数据", figure["measure"], figure["value"], figure["unit"], figure["section_path"], figure["clause"]]
        )
    return _attachment(buffer.getvalue(), "text/csv; charset=utf-8", f"notice-{item.key}-data.csv")
