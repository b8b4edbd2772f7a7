"""The management commands an editor and `make run` use: parse_notice, import_notices, ensure_admin."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import IngestRecord, Notice, Section
from tests.conftest import CORPUS_DIR, GOLD_SCALAR_FACTS, SEEDS_DIR

SCALAR_FACTS = GOLD_SCALAR_FACTS


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_parse_notice_json_gives_gold_facts_and_outline(gold_notice):
    data = json.loads(run("parse_notice", str(CORPUS_DIR / gold_notice["file"]), "--json"))
    for name in SCALAR_FACTS:
        assert data[name] == gold_notice[name], name
    assert data["issuing_body"] in [gold_notice["issuing_body"], *gold_notice.get("issuing_body_also", [])]
    paths = [s["path"] for s in data["sections"]]
    assert len([p for p in paths if "." not in p]) == gold_notice["outline"]["top_level"]
    for expected in gold_notice["sections_include"]:
        section = next(s for s in data["sections"] if s["path"] == expected["path"])
        assert (section["heading"] + section["text"]).startswith(expected["starts_with"])
    assert set(data) >= {"preamble", "closing", "figures", "sections"}
    assert all(set(s) >= {"path", "number", "heading", "text", "issue_types"} for s in data["sections"])
    assert all(set(f) >= {"measure", "value", "unit", "clause", "section_path"} for f in data["figures"])


def test_parse_notice_text_output_lists_the_outline():
    out = run("parse_notice", str(SEEDS_DIR / "003_c3387b14ef64247a.txt"))
    assert out.startswith("中共广州市委关于巡视整改情况的通报")
    assert "2.2.3.1" in out


def test_parse_notice_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("parse_notice", str(tmp_path / "nope.txt"))


@pytest.mark.django_db
def test_import_twice_changes_nothing():
    out = run("import_notices", str(SEEDS_DIR))
    assert "新导入 5" in out
    counts = (Notice.objects.count(), Section.objects.count(), IngestRecord.objects.count())
    keys = set(Notice.objects.values_list("key", flat=True))
    assert counts[0] == 5 and counts[1] > 100

    out = run("import_notices", str(SEEDS_DIR))
    assert "未变 5" in out and "新导入 0" in out
    assert (Notice.objects.count(), Section.objects.count(), IngestRecord.objects.count()) == counts
    assert set(Notice.objects.values_list("key", flat=True)) == keys
    assert Notice.objects.published().count() == 5


@pytest.mark.django_db
def test_a_broken_file_is_reported_and_kept_while_the_others_import(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes((SEEDS_DIR / "002_ae5bea88daee5e31.txt").read_bytes())
    broken = tmp_path / "broken.txt"
    broken.write_bytes(bytes(range(128, 256)) * 40)
    with pytest.raises(CommandError) as excinfo:
        run("import_notices", str(tmp_path))
    message = str(excinfo.value)
    assert "2 个文件中有 1 个未能导入" in message and "broken.txt" in message
    assert Notice.objects.count() == 1
    record = IngestRecord.objects.get(status=IngestRecord.Status.FAILED)
    assert record.original_name == "broken.txt" and record.messages
    with record.file.open("rb") as fh:
        assert fh.read() == broken.read_bytes()


@pytest.mark.django_db
def test_review_option_leaves_notices_unpublished():
    run("import_notices", "--review", str(SEEDS_DIR / "001_5e2350e4989e1303.txt"))
    assert Notice.objects.get().status == Notice.Status.REVIEW


@pytest.mark.django_db
def test_import_of_a_missing_path_says_so(tmp_path):
    with pytest.raises(CommandError, match="没有这个文件或文件夹"):
        run("import_notices", str(tmp_path / "missing"))


@pytest.mark.django_db
def test_ensure_admin_creates_once(monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("ADMIN_USER", "editor")
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    first = run("ensure_admin")
    assert "password:" in first
    assert "already exists" in run("ensure_admin")
    user = get_user_model().objects.get(username="editor")
    assert user.is_superuser and user.is_staff
