"""The archive in the Django admin: upload, review, correct facts, publish; read-only ingest records."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from . import admin_views
from .forms import FigureForm, IssueTypeForm, NoticeFactsForm
from .maintenance import request_retag
from .models import (
    Committee,
    Figure,
    IngestRecord,
    InspectionRound,
    IssueType,
    IssuingBody,
    MaintenanceJob,
    Notice,
    NoticeRevision,
    RoundUnit,
    Section,
)
from .revisions import (
    REVISABLE_FIELDS,
    RevisionClosedError,
    approve_revision,
    needs_review,
    propose_revision,
    reject_revision,
)
from .round_units import sync_round_units
from .services import correct_round_committee, publish_notice
from .signals import notice_changed

# The admin index shows the upload link above the model list.
admin.site.index_template = "admin/archive/index.html"
admin.site.site_header = "巡视巡察整改通报档案 · 管理"
admin.site.site_title = "通报档案管理"
admin.site.index_title = "上传、审核与发布"
admin.site.site_url = "/"


class FigureInline(admin.TabularInline):
    model = Figure
    form = FigureForm
    extra = 0
    fields = ["measure", "value", "unit", "clause", "section", "order"]
    raw_id_fields = ["section"]

    # A published notice's figures are public: only someone who may publish changes them.
    def _locked(self, request, obj) -> bool:
        return obj is not None and needs_review(notice=obj, user=request.user)

    def has_add_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)


class SectionInline(admin.TabularInline):
    """The outline as parsed; its paths are the sections' permanent addresses, so it is not edited here."""

    model = Section
    extra = 0
    fields = ["path", "number", "heading", "depth"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    form = NoticeFactsForm
    change_list_template = "admin/archive/notice/change_list.html"
    change_form_template = "admin/archive/notice/change_form.html"
    list_display = [
        "__str__",
        "key",
        "status",
        "document_kind",
        "issuing_body",
        "feedback_on",
        "corrected",
        "updated_at",
    ]
    list_filter = ["status", "document_kind", "inspection_kind", "inspecting_committee", "issuing_body"]
    search_fields = ["title", "key", "inspected_unit", "issuing_body_text"]
    actions = ["publish_selected", "reparse_selected"]
    inlines = [FigureInline, SectionInline]
    readonly_fields = [
        "key",
        "status",
        "edited_fields",
        "original",
        "warnings",
        "metadata",
        "provenance",
        "created_at",
        "change_history",
        "ocr_engine",
    ]
    raw_id_fields = ["previous_version"]
    fieldsets = [
        (None, {"fields": ["key", "status", "document_kind", "title", "original", "ocr_engine"]}),
        ("发布", {"fields": ["issuing_body_text", "source", "source_url", "published_on", "signed_on"]}),
        (
            "巡视巡察",
            {
                "fields": [
                    "inspection_kind",
                    "inspecting_organ",
                    "inspecting_committee",
                    "inspection_group",
                    "group_number",
                    "inspection_round",
                    "inspected_unit",
                    "inspection_start",
                    "inspection_end",
                    "feedback_on",
                    "problem_counts",
                ]
            },
        ),
        ("联系方式", {"fields": ["contact_phone", "contact_email", "contact_postcode"]}),
        (
            "版本与解析",
            {"fields": ["previous_version", "edited_fields", "warnings", "metadata", "provenance", "created_at"]},
        ),
        ("修改记录", {"fields": ["change_history"]}),
    ]

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(lambda request, *args, **kwargs: view(request, self, *args, **kwargs))

        return [
            path("upload/", wrap(admin_views.upload_view), name="archive_notice_upload"),
            path("import-urls/", wrap(admin_views.url_import_view), name="archive_notice_import_urls"),
            path("ingest/", wrap(admin_views.ingest_queue_view), name="archive_notice_ingest"),
            path("<path:object_id>/ocr-pages/", wrap(admin_views.ocr_pages_view), name="archive_notice_ocr_pages"),
            path(
                "<path:object_id>/ocr-pages/<int:number>.jpg",
                wrap(admin_views.ocr_page_image_view),
                name="archive_notice_ocr_page_image",
            ),
            path("<path:object_id>/review/", wrap(admin_views.review_view), name="archive_notice_review"),
            path("<path:object_id>/publish/", wrap(admin_views.publish_view), name="archive_notice_publish"),
            path("<path:object_id>/reparse/", wrap(admin_views.reparse_view), name="archive_notice_reparse"),
            *super().get_urls(),
        ]

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("archive.publish_notice")

    @admin.display(description="人工更正")
    def corrected(self, notice: Notice) -> str:
        return "、".join(notice.edited_fields) or "—"

    @admin.display(description="原始文件")
    def original(self, notice: Notice) -> str:
        if not notice.original_file:
            return "—"
        url = reverse("archive:original", kwargs={"key": notice.key})
        return format_html('<a href="{}" download>{}</a>', url, notice.original_name or notice.original_file.name)

    @admin.display(description="修改记录")
    def change_history(self, notice: Notice) -> str:
        """Who changed what and when: the admin's log and the revisions proposed, newest first."""
        if not notice.pk:
            return "—"
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Notice), object_id=str(notice.pk)
        ).select_related("user")[:15]
        rows = [(e.action_time, e.user, e.get_change_message() or e.get_action_flag_display()) for e in entries]
        for revision in notice.revisions.select_related("proposed_by", "decided_by")[:15]:
            url = reverse("admin:archive_noticerevision_change", args=[revision.pk])
            label = format_html(
                '<a href="{}">{}:{}</a>', url, revision.get_status_display(), "、".join(revision.field_labels)
            )
            rows.append((revision.proposed_at, revision.proposed_by, label))
        if not rows:
            return "暂无修改记录。"
        rows.sort(key=lambda row: row[0], reverse=True)
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{} · {} · {}</li>", ((f"{t:%Y-%m-%d %H:%M}", u or "—", m) for t, u, m in rows)),
        )

    def save_model(self, request, obj, form, change):
        # An editor who may not publish proposes a revision; the published notice stays as it is.
        request.held_revision = None
        if change and needs_review(notice=obj, user=request.user):
            changes = {name: form.cleaned_data[name] for name in form.changed_data if name in REVISABLE_FIELDS}
            request.held_revision = (
                propose_revision(notice=obj, changes=changes, user=request.user) if changes else False
            )
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "held_revision", None) is not None:
            return
        # Sent after the inlines are stored too, so the index sees the notice as saved.
        super().save_related(request, form, formsets, change)
        notice_changed.send(sender=Notice, notice=form.instance)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "held_revision", None) is not None:
            return []  # the inlines were not saved; log_change writes the proposal's own message
        return super().construct_change_message(request, form, formsets, add)

    def log_change(self, request, obj, message):
        revision = getattr(request, "held_revision", None)
        if revision:
            message = f"提议修改(待有发布权限的人审核):{'、'.join(revision.field_labels)}"
        elif revision is False:
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        revision = getattr(request, "held_revision", None)
        if revision is not None:
            text = (
                "修改已提交审核:这篇通报已发布,需要有发布权限的人批准后才会公开;公开页面仍显示原内容。"
                if revision
                else "没有字段发生变化。"
            )
            self.message_user(request, text, messages.INFO if revision else messages.WARNING)
            return HttpResponseRedirect(reverse("admin:archive_notice_change", args=[obj.pk]))
        if "_review" in request.POST:
            return self._redirect_to_review(obj)
        return super().response_change(request, obj)

    def _redirect_to_review(self, obj):
        return HttpResponseRedirect(reverse("admin:archive_notice_review", args=[obj.pk]))

    @admin.action(description="发布所选通报", permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = 0
        for notice in queryset.exclude(status=Notice.Status.PUBLISHED):
            publish_notice(notice=notice)
            count += 1
        self.message_user(request, f"已发布 {count} 篇通报。", messages.SUCCESS)

    @admin.action(description="从原始文件重新解析所选通报", permissions=["change"])
    def reparse_selected(self, request, queryset):
        for notice in queryset:
            admin_views.reparse_one(request, notice)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_published else None


@admin.register(IngestRecord)
class IngestRecordAdmin(admin.ModelAdmin):
    """Every received file and what became of it; nothing here is edited by hand."""

    list_display = ["original_name", "status", "progress", "notice_link", "uploaded_by", "size", "created_at"]
    list_filter = ["status", "created_at", "uploaded_by"]
    search_fields = ["original_name", "sha256", "source_url"]
    readonly_fields = [
        "original_name",
        "source_url",
        "status",
        "progress",
        "notice",
        "messages",
        "file",
        "sha256",
        "size",
        "uploaded_by",
        "created_at",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="进度")
    def progress(self, record: IngestRecord) -> str:
        return record.progress

    @admin.display(description="通报")
    def notice_link(self, record: IngestRecord) -> str:
        if record.notice_id is None:
            return "—"
        url = reverse("admin:archive_notice_review", args=[record.notice_id])
        return format_html('<a href="{}">{}</a>', url, record.notice)


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "aliases", "slug"]
    search_fields = ["name"]
    readonly_fields = ["slug"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "full_name", "level", "place_code", "slug"]
    list_filter = ["level"]
    search_fields = ["name", "full_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(InspectionRound)
class InspectionRoundAdmin(admin.ModelAdmin):
    """A round's committee can be corrected; label and slug come from the notices and stay."""

    list_display = ["label", "committee", "slug"]
    list_filter = ["committee"]
    search_fields = ["label", "committee__name"]
    fields = ["committee", "label", "slug"]
    readonly_fields = ["label", "slug"]
    actions = ["sync_units"]

    @admin.action(description="按轮次文件重新匹配覆盖单位(保留人工更正)", permissions=["change"])
    def sync_units(self, request, queryset):
        changed = sum(sync_round_units(inspection_round=r) for r in queryset)
        self.message_user(request, f"已重新匹配所选轮次的覆盖单位:{changed} 行有变化,人工更正的行未改动。")

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if change and "committee" in form.changed_data:
            merged = correct_round_committee(round_=obj, committee=obj.committee)
            obj.pk = merged.pk  # the change view redirects to the round the notices now belong to
            if merged.label == obj.label and merged.slug != obj.slug:
                self.message_user(request, f"{merged.committee}已有同名轮次,已将通报并入“{merged}”。", messages.INFO)
            return
        super().save_model(request, obj, form, change)


@admin.register(IssueType)
class IssueTypeAdmin(admin.ModelAdmin):
    """Issue types and their keyword rules; the change form previews how edited keywords move the scores."""

    form = IssueTypeForm
    change_form_template = "admin/archive/issuetype/change_form.html"
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["retag_all"]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_preview" in request.POST:
            return admin_views.keyword_preview_view(request, self, object_id, form_url)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "keywords" in form.changed_data or not change:
            self.message_user(
                request,
                "关键词已保存。已有章节的归类不会自动改变:请在列表中使用“按当前关键词重新归类全部章节”,"
                "或运行 manage.py retag。",
                messages.WARNING,
            )

    @admin.action(description="按当前关键词重新归类全部章节", permissions=["change"])
    def retag_all(self, request, queryset):
        # Re-tagging every section takes minutes on a large archive: the worker does it, not this request.
        job, created = request_retag(requested_by=request.user)
        if created:
            message = "已排队:后台进程(run_indexer 或 process_ingest)将按当前关键词重新归类全部章节。"
        else:
            message = "已有一个排队中的重新归类任务,它会使用当前的关键词,无需重复申请。"
        self.message_user(request, message + "进度见“维护任务”。")


@admin.register(MaintenanceJob)
class MaintenanceJobAdmin(admin.ModelAdmin):
    """Queued and finished whole-archive tasks, read-only: the worker writes them."""

    list_display = ["kind", "status", "done", "total", "requested_by", "requested_at", "finished_at", "result"]
    list_filter = ["kind", "status"]
    readonly_fields = list_display + ["started_at"]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NoticeRevision)
class NoticeRevisionAdmin(admin.ModelAdmin):
    """Proposed changes to published notices; someone who may publish approves or rejects them."""

    list_display = ["notice", "changed_fields", "status", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    readonly_fields = ["notice", "status", "comparison", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    fields = readonly_fields
    actions = ["approve_selected", "reject_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("archive.change_notice") or super().has_view_permission(request, obj)

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("archive.publish_notice")

    @admin.display(description="修改的字段")
    def changed_fields(self, revision: NoticeRevision) -> str:
        return "、".join(revision.field_labels)

    @admin.display(description="原值与提议的值")
    def comparison(self, revision: NoticeRevision) -> str:
        rows = (
            (label, _shown(revision.previous.get(name)), _shown(value))
            for label, (name, value) in zip(revision.field_labels, revision.changes.items(), strict=True)
        )
        return format_html(
            "<table><tr><th>字段</th><th>原值</th><th>提议的值</th></tr>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.action(description="批准所选修改(立即公开)", permissions=["publish"])
    def approve_selected(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description="驳回所选修改", permissions=["publish"])
    def reject_selected(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def _decide(self, request, queryset, *, approve: bool) -> None:
        done = 0
        for revision in queryset.filter(status=NoticeRevision.Status.PENDING).select_related("notice"):
            try:
                if approve:
                    notice = approve_revision(revision=revision, user=request.user)
                    labels = "、".join(revision.field_labels)
                    proposer = revision.proposed_by or "—"
                    self.log_change(request, notice, f"批准了 {proposer} 提议的修改:{labels}")  # on the notice
                else:
                    reject_revision(revision=revision, user=request.user)
            except RevisionClosedError as exc:  # someone else decided it meanwhile
                self.message_user(request, str(exc), messages.WARNING)
                continue
            done += 1
        verb = "批准" if approve else "驳回"
        self.message_user(request, f"已{verb} {done} 项修改。", messages.SUCCESS)


def _shown(value) -> str:
    return "—" if value in (None, "") else str(value)


@admin.register(RoundUnit)
class RoundUnitAdmin(admin.ModelAdmin):
    """A round's covered units; saving a row here marks it corrected, so re-matching leaves it alone."""

    list_display = ["name", "inspection_round", "notice", "corrected"]
    list_filter = ["corrected", "inspection_round__committee"]
    search_fields = ["name", "inspection_round__label"]
    fields = ["inspection_round", "name", "notice", "source", "corrected"]
    raw_id_fields = ["notice", "source"]
    autocomplete_fields = ["inspection_round"]

    def save_model(self, request, obj, form, change):
        if form.changed_data and "corrected" not in form.changed_data:
            obj.corrected = True
        super().save_model(request, obj, form, change)
