"""Admin pages beyond the model forms: upload, review (preview of the parse), publish, re-parse, keyword preview."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import formats
from .forms import UploadForm, UrlImportForm
from .ingest import queue_urls
from .models import IngestRecord, IssueType, Notice
from .retry import DatabaseBusyError
from .revisions import needs_review
from .services import (
    FACT_FIELDS,
    ImportOutcome,
    correct_ocr_pages,
    import_source_file,
    publish_notice,
    reparse_notice,
)
from .tag_scores import preview_keywords

#: The queue page reloads itself this often (seconds) while work is pending.
QUEUE_REFRESH = 3


@dataclass
class UploadResult:
    """One row of the upload report: a file and what became of it."""

    name: str
    outcome: ImportOutcome

    @property
    def label(self) -> str:
        record = self.outcome.record
        if record is not None:
            return record.get_status_display()
        return "已在档案中" if self.outcome.notice else "失败"

    @property
    def css(self) -> str:
        if self.outcome.failed:
            return "failed"
        if self.outcome.status == "queued":
            return "queued"
        return "duplicate" if self.is_duplicate else "ok"

    @property
    def is_duplicate(self) -> bool:
        return self.outcome.status in ("updated", "unchanged")


def upload_view(request: HttpRequest, model_admin) -> HttpResponse:
    """Upload one or many files (or a zip); each is imported for review and reported."""
    if not request.user.has_perm("archive.add_notice"):
        raise PermissionDenied
    results: list[UploadResult] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            results = [
                # Scans are only queued here: OCR runs in the ingest worker, never in the request.
                UploadResult(
                    item.name, import_source_file(item=item, uploaded_by=request.user, publish=False, ocr=False)
                )
                for upload in form.cleaned_data["files"]
                for item in _unpacked(upload)
            ]
            form = UploadForm()
    else:
        form = UploadForm()
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "上传通报",
        "form": form,
        "results": results,
        "queued": any(result.outcome.status == "queued" for result in results),
        "max_upload_mb": settings.ARCHIVE_MAX_UPLOAD_BYTES // (1024 * 1024),
        "max_zip_files": settings.ARCHIVE_MAX_ZIP_FILES,
    }
    return TemplateResponse(request, "admin/archive/upload.html", context)


def notice_or_404(object_id: str) -> Notice:
    """The notice an admin URL names; a malformed id (letters, too long) is a 404 like an unknown one."""
    if not (object_id.isascii() and object_id.isdigit() and len(object_id) <= 18):
        raise Http404("没有这篇通报。")
    return get_object_or_404(Notice, pk=int(object_id))


def url_import_view(request: HttpRequest, model_admin) -> HttpResponse:
    """Paste addresses; each is queued for the ingest worker, and the queue page follows them."""
    if not request.user.has_perm("archive.add_notice"):
        raise PermissionDenied
    form = UrlImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        records = queue_urls(urls=form.cleaned_data["urls"], uploaded_by=request.user)
        queued = sum(1 for record in records if record.is_pending)
        messages.success(request, f"已提交 {len(records)} 个网址,其中 {queued} 个等待后台获取。")
        return HttpResponseRedirect(reverse("admin:archive_notice_ingest"))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "按网址导入",
        "form": form,
        "max_urls": settings.ARCHIVE_FETCH_MAX_URLS,
    }
    return TemplateResponse(request, "admin/archive/url_import.html", context)


def ingest_queue_view(request: HttpRequest, model_admin) -> HttpResponse:
    """Recent imports with their progress; reloads itself while the worker has work."""
    if not request.user.has_perm("archive.add_notice"):
        raise PermissionDenied
    records = list(IngestRecord.objects.select_related("notice", "uploaded_by")[:50])
    pending = any(record.is_pending for record in records)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "导入进度",
        "records": records,
        "pending": pending,
        "refresh": QUEUE_REFRESH if pending else 0,
    }
    return TemplateResponse(request, "admin/archive/ingest_queue.html", context)


def _unpacked(upload) -> list[formats.SourceFile]:
    # The size is checked before the file is read, so an oversized upload is never held in memory.
    if upload.size > settings.ARCHIVE_MAX_UPLOAD_BYTES:
        return [formats.SourceFile(upload.name, b"", formats.zips.too_large_message(upload.size))]
    try:
        data = upload.read()
    except OSError as exc:
        return [formats.SourceFile(upload.name, b"", formats.zips.unreadable_message(exc))]
    return formats.unpack(upload.name, data)


def review_view(request: HttpRequest, model_admin, object_id: str) -> HttpResponse:
    """The preview of a parse: outline and facts next to the text, with warnings and version links."""
    notice = notice_or_404(object_id)
    if not model_admin.has_view_or_change_permission(request, notice):
        raise PermissionDenied
    sections = list(notice.sections.prefetch_related("issue_types").order_by("order"))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"审核:{notice}",
        "notice": notice,
        "facts": _facts(notice),
        "sections": sections,
        "figures": notice.figures.all(),
        "warnings": [*notice.warnings, *_missing(notice, sections)],
        "same_feedback": _same_feedback(notice),
        "newer_versions": notice.newer_versions.all(),
        "records": notice.ingest_records.select_related("uploaded_by")[:20],
        "can_publish": request.user.has_perm("archive.publish_notice"),
        "can_change": model_admin.has_change_permission(request, notice),
        "ocr_pages": notice.ocr_pages.all(),
    }
    return TemplateResponse(request, "admin/archive/notice/review.html", context)


@require_POST
def ocr_pages_view(request: HttpRequest, model_admin, object_id: str) -> HttpResponse:
    """Save the corrected text of OCR pages (fields ``page-N``) and re-parse the notice."""
    notice = get_object_or_404(Notice, pk=object_id)
    if not model_admin.has_change_permission(request, notice):
        raise PermissionDenied
    texts = {}
    for page in notice.ocr_pages.all():
        value = request.POST.get(f"page-{page.number}")
        if value is not None:
            texts[page.number] = value
    try:
        changed = correct_ocr_pages(notice=notice, texts=texts)
    except formats.ExtractionError as exc:
        messages.error(request, f"没有保存:{exc}")
    else:
        messages.success(request, "已保存校对后的页面文字并重新解析。" if changed else "页面文字没有变化。")
    return HttpResponseRedirect(reverse("admin:archive_notice_review", args=[notice.pk]) + "#ocr-pages")


def ocr_page_image_view(request: HttpRequest, model_admin, object_id: str, number: int) -> HttpResponse:
    """A page image of an OCR notice, for editors only (the notice may not be published)."""
    notice = get_object_or_404(Notice, pk=object_id)
    if not model_admin.has_view_or_change_permission(request, notice):
        raise PermissionDenied
    page = get_object_or_404(notice.ocr_pages, number=number)
    if not page.image:  # a page taken from a PDF's text layer has no image
        raise Http404("这一页没有页面图像。")
    try:
        handle = page.image.open("rb")
    except OSError as exc:
        raise Http404("页面图像不存在。") from exc
    return FileResponse(handle, content_type="image/jpeg")


@require_POST
def publish_view(request: HttpRequest, model_admin, object_id: str) -> HttpResponse:
    if not request.user.has_perm("archive.publish_notice"):
        raise PermissionDenied
    notice = notice_or_404(object_id)
    try:
        publish_notice(notice=notice)
    except DatabaseBusyError:
        messages.error(request, f"《{notice}》没有发布:数据库正忙(其他导入或编辑正在写入),请稍后重试。")
    else:
        messages.success(request, f"已发布《{notice}》,现在可以在网站和检索中找到它。")
    return HttpResponseRedirect(reverse("admin:archive_notice_review", args=[notice.pk]))


@require_POST
def reparse_view(request: HttpRequest, model_admin, object_id: str) -> HttpResponse:
    notice = notice_or_404(object_id)
    if not model_admin.has_change_permission(request, notice):
        raise PermissionDenied
    reparse_one(request, notice)
    return HttpResponseRedirect(reverse("admin:archive_notice_review", args=[notice.pk]))


def reparse_one(request: HttpRequest, notice: Notice) -> None:
    """Re-parse and say what happened; an unreadable original is a message, not an error page."""
    if needs_review(notice=notice, user=request.user):
        messages.error(request, f"《{notice}》已发布:重新解析会直接改变公开内容,需要发布权限。")
        return
    try:
        changed = reparse_notice(notice=notice)
    except formats.ExtractionError as exc:
        messages.error(request, f"《{notice}》无法重新解析:{exc}")
        return
    except DatabaseBusyError:
        messages.error(request, f"《{notice}》没有重新解析:数据库正忙,请稍后重试。")
        return
    if changed:
        messages.success(request, f"已重新解析《{notice}》;人工更正的字段保持不变。")
    else:
        messages.info(request, f"《{notice}》重新解析的结果没有变化。")


def _facts(notice: Notice) -> list[dict]:
    rows = []
    for name in FACT_FIELDS:
        field = Notice._meta.get_field(name)
        value = getattr(notice, name)
        if field.choices and value:
            value = getattr(notice, f"get_{name}_display")()
        edited = name in notice.edited_fields
        how = "" if edited else (notice.provenance.get(name) or {}).get("method", "")
        rows.append({"name": name, "label": field.verbose_name, "value": value, "edited": edited, "how": how})
    return rows


def _missing(notice: Notice, sections: list) -> list[str]:
    """Warnings the editor should see even when the parser said nothing."""
    missing = []
    if not notice.title or notice.title_derived:
        missing.append("没有找到标题:当前标题是推定的,请核对。")
    if not notice.feedback_on:
        missing.append("没有找到反馈日期。")
    if not notice.issuing_body_text:
        missing.append("没有找到发布机关。")
    if not sections:
        missing.append("没有识别出任何章节(一、二、三……)。")
    return [message for message in missing if message not in notice.warnings]


def _same_feedback(notice: Notice):
    """Other notices of the same issuing body with the same feedback date: possible versions."""
    if not (notice.issuing_body_id and notice.feedback_on):
        return Notice.objects.none()
    return Notice.objects.filter(issuing_body=notice.issuing_body, feedback_on=notice.feedback_on).exclude(pk=notice.pk)


def keyword_preview_view(request: HttpRequest, model_admin, object_id: str | None, form_url: str) -> HttpResponse:
    """The issue-type change form again, with the posted keywords scored on the labelled sections; nothing saved."""
    obj = model_admin.get_object(request, unquote(object_id)) if object_id else None
    if object_id and obj is None:
        return model_admin._get_obj_does_not_exist_redirect(request, model_admin.opts, object_id)
    allowed = model_admin.has_change_permission(request, obj) if obj else model_admin.has_add_permission(request)
    if not allowed:
        raise PermissionDenied
    fieldsets = model_admin.get_fieldsets(request, obj)
    form_class = model_admin.get_form(request, obj, change=obj is not None, fields=flatten_fieldsets(fieldsets))
    form = form_class(request.POST, instance=obj)
    form.is_valid()  # shows the form's own messages; the preview does not depend on them
    name = (request.POST.get("name") or (obj.name if obj else "")).strip()[:50] or "(新类型)"
    preview = preview_keywords(
        rules=IssueType.objects.rules(),
        name=name,
        keywords=request.POST.get("keywords", ""),
        old_name=obj.name if obj else None,
    )
    admin_form = helpers.AdminForm(
        form,
        list(fieldsets),
        model_admin.get_prepopulated_fields(request, obj),
        model_admin.get_readonly_fields(request, obj),
        model_admin=model_admin,
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"预览关键词修改:{name}",
        "subtitle": None,
        "adminform": admin_form,
        "object_id": object_id,
        "original": obj,
        "is_popup": False,
        "to_field": None,
        "media": model_admin.media + admin_form.media,
        "inline_admin_formsets": [],
        "errors": helpers.AdminErrorList(form, []),
        "preserved_filters": model_admin.get_preserved_filters(request),
        "keyword_preview": preview,
    }
    return model_admin.render_change_form(
        request, context, add=obj is None, change=obj is not None, obj=obj, form_url=form_url
    )
