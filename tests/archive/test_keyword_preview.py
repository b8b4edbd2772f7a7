"""The issue-type change form previews how edited keywords move the scores on the labelled sections."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.models import IssueType
from archive.tag_scores import load_labelled, preview_keywords, score_rules
from tests.archive.test_admin import staff

pytestmark = pytest.mark.django_db


def form_data(issue_type: IssueType, **changes) -> dict:
    data = {
        "name": issue_type.name,
        "slug": issue_type.slug,
        "description": issue_type.description,
        "keywords": issue_type.keywords,
        "order": issue_type.order,
    }
    return {**data, **changes}


def test_preview_scores_before_and_after_without_saving(client):
    staff(client, "change_issuetype", "view_issuetype")
    eight = IssueType.objects.get(name="八项规定")
    stored = eight.keywords
    url = reverse("admin:archive_issuetype_change", args=[eight.pk])
    response = client.post(url, {**form_data(eight, keywords="*会议"), "_preview": "1"})
    assert response.status_code == 200
    preview = response.context["keyword_preview"]
    row = next(r for r in preview.rows if r.name == "八项规定")
    assert row.changed and row.after.recall < row.before.recall
    assert preview.total.before.tp > preview.total.after.tp
    expected = score_rules(IssueType.objects.rules(), load_labelled()).of("八项规定")
    assert (row.before.tp, row.before.fp, row.before.fn) == (expected.tp, expected.fp, expected.fn)
    html = response.content.decode()
    assert "预览评分变化" in html and "八项规定" in html and "→" in html and "*会议" in html
    eight.refresh_from_db()
    assert eight.keywords == stored  # nothing saved


def test_saving_still_saves(client):
    staff(client, "change_issuetype", "view_issuetype")
    eight = IssueType.objects.get(name="八项规定")
    url = reverse("admin:archive_issuetype_change", args=[eight.pk])
    response = client.post(url, form_data(eight, keywords=eight.keywords + "\n*公款吃喝"))
    assert response.status_code == 302
    eight.refresh_from_db()
    assert "*公款吃喝" in eight.keyword_list


def test_malformed_keyword_lines_are_refused_in_chinese(client):
    staff(client, "change_issuetype", "view_issuetype")
    eight = IssueType.objects.get(name="八项规定")
    url = reverse("admin:archive_issuetype_change", args=[eight.pk])
    response = client.post(url, form_data(eight, keywords="信访 [移交"))
    assert response.status_code == 200
    assert "无法读取的关键词行" in response.content.decode()


def test_without_the_labelled_file_the_admin_says_so(client, settings, tmp_path):
    settings.ARCHIVE_LABELLED_SECTIONS = tmp_path / "missing.json"
    staff(client, "change_issuetype", "view_issuetype")
    eight = IssueType.objects.get(name="八项规定")
    url = reverse("admin:archive_issuetype_change", args=[eight.pk])
    response = client.post(url, {**form_data(eight), "_preview": "1"})
    assert response.status_code == 200
    assert "无法预览" in response.content.decode() and "ARCHIVE_LABELLED_SECTIONS" in response.content.decode()


def test_preview_on_the_add_form_scores_a_new_type(client):
    staff(client, "add_issuetype", "view_issuetype")
    data = {"name": "新类型", "slug": "new-type", "description": "", "keywords": "*公务用车", "order": 20}
    response = client.post(reverse("admin:archive_issuetype_add"), {**data, "_preview": "1"})
    assert response.status_code == 200
    assert not IssueType.objects.filter(name="新类型").exists()
    row = next(r for r in response.context["keyword_preview"].rows if r.name == "新类型")
    assert row.after.fp > 0 and row.before.fp == 0  # never labelled, so every tag is an error


def test_preview_needs_the_change_permission(client):
    staff(client, "view_issuetype")
    eight = IssueType.objects.get(name="八项规定")
    url = reverse("admin:archive_issuetype_change", args=[eight.pk])
    assert client.post(url, {**form_data(eight), "_preview": "1"}).status_code == 403


def test_a_renamed_type_replaces_its_old_rule():
    rules = IssueType.objects.rules()
    preview = preview_keywords(rules=rules, name="作风", keywords="*公务用车", old_name="八项规定")
    names = [row.name for row in preview.rows]
    assert "作风" in names and "八项规定" in names  # labelled under the old name: only misses now
    assert next(r for r in preview.rows if r.name == "八项规定").after.tp == 0
