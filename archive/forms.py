"""Forms of the archive's admin: uploading files and correcting a notice's facts."""

from __future__ import annotations

from django import forms
from django.conf import settings

from .models import Figure, IssueType, Notice
from .parsing.tagging import Rule
from .services import FACT_FIELDS, correct_notice_committee, link_issuing_body

EDITED_MARK = "(已人工更正,重新解析时保留)"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files at once and cleans to a list."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        # An empty file is refused by the importer, which records it; the form only needs a file.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if not files:
            raise forms.ValidationError("请选择至少一个文件。", code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="通报文件",
        help_text=(
            "可一次选择多个文件,或上传一个 .zip 压缩包。支持 .txt、.html/.htm、.docx、.pdf;"
            "扫描的 PDF 和图像(.jpg、.png、.tif,或一个装有各页图像的 .zip)在后台进行文字识别。"
        ),
    )


class UrlImportForm(forms.Form):
    """One or more web addresses, one a line; cleaned to a list without repeats."""

    urls = forms.CharField(
        label="网址",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text="每行一个网址(http:// 或 https://)。网页在后台获取,完成后进入“待审核”。",
        error_messages={"required": "请至少填写一个网址。"},
    )

    def clean_urls(self) -> list[str]:
        urls = list(dict.fromkeys(line.strip() for line in self.cleaned_data["urls"].splitlines() if line.strip()))
        if not urls:
            raise forms.ValidationError("请至少填写一个网址。", code="required")
        limit = settings.ARCHIVE_FETCH_MAX_URLS
        if len(urls) > limit:
            raise forms.ValidationError(f"一次最多导入 {limit} 个网址,这次有 {len(urls)} 个:请分批提交。")
        return urls


class NoticeFactsForm(forms.ModelForm):
    """The notice change form: a fact the editor changes is recorded in ``edited_fields``."""

    source_url = forms.URLField(
        label="原文地址",
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text="通报最初发布的网页地址(http:// 或 https://)。",
    )

    class Meta:
        model = Notice
        fields = [*FACT_FIELDS, "previous_version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.instance.edited_fields if self.instance.pk else []:
            if name in self.fields:
                field = self.fields[name]
                field.help_text = f"{field.help_text} {EDITED_MARK}".strip()
                field.widget.attrs["class"] = (field.widget.attrs.get("class", "") + " edited-fact").strip()
        if "previous_version" in self.fields and self.instance.pk:
            self.fields["previous_version"].queryset = Notice.objects.exclude(pk=self.instance.pk)

    def edited_facts(self) -> list[str]:
        """The fact fields this submission changed."""
        return [name for name in self.changed_data if name in FACT_FIELDS]

    def save(self, commit=True):
        notice = super().save(commit=False)
        edited = self.edited_facts()
        if edited:
            notice.edited_fields = [*notice.edited_fields, *(n for n in edited if n not in notice.edited_fields)]
            if "title" in edited:
                notice.title_derived = False
            if "issuing_body_text" in edited:
                notice.issuing_body = link_issuing_body(notice.issuing_body_text)
            if "inspecting_committee" in edited:
                correct_notice_committee(notice=notice)
                notice.provenance = {k: v for k, v in notice.provenance.items() if k != "inspecting_committee"}
            for name in ("inspection_start", "inspection_end", "feedback_on"):
                if name in edited:  # an editor enters whole dates
                    setattr(notice, f"{name}_precision", "day")
        if commit:
            notice.save()
            self.save_m2m()
        return notice


class FigureForm(forms.ModelForm):
    """A figure in the notice form; a figure the parser could not label may stay unlabelled."""

    measure = forms.CharField(label="指标", max_length=200, required=False)

    class Meta:
        model = Figure
        fields = ["measure", "value", "unit", "clause", "section", "order"]


class IssueTypeForm(forms.ModelForm):
    """An issue type; keyword lines in a form the tagging cannot read are refused with the line named."""

    class Meta:
        model = IssueType
        fields = ["name", "slug", "description", "keywords", "order"]
        widgets = {"keywords": forms.Textarea(attrs={"rows": 16, "cols": 40})}

    def clean_keywords(self) -> str:
        keywords = self.cleaned_data.get("keywords", "")
        errors = Rule.from_lines("", keywords.splitlines()).errors
        if errors:
            lines = "、".join(f"“{line}”" for line in errors[:5])
            raise forms.ValidationError(f"无法读取的关键词行:{lines}。语境写法为“词 [甲 乙]”,方括号内至少一个词。")
        return keywords
