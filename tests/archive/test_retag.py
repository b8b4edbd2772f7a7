"""The vocabulary migration and ``manage.py retag``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import IssueType, Notice, Section
from archive.parsing.vocabulary import VOCABULARY

pytestmark = pytest.mark.django_db


def make_notice(key: str, sections: list[tuple[str, str, str]]) -> Notice:
    notice = Notice.objects.create(key=key, content_hash=f"hash-{key}", raw_text="正文", text="正文")
    for order, (path, heading, text) in enumerate(sections):
        Section.objects.create(
            notice=notice, level=1, depth=path.count(".") + 1, number=path, path=path,
            heading=heading, text=text, order=order,
        )  # fmt: skip
    return notice


def types_of(notice: Notice, path: str) -> set[str]:
    return set(notice.sections.get(path=path).issue_types.values_list("name", flat=True))


def retag(*args: str) -> str:
    out = StringIO()
    call_command("retag", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_migration_loads_the_vocabulary():
    assert list(IssueType.objects.values_list("name", flat=True)) == [spec.name for spec in VOCABULARY]
    eight = IssueType.objects.get(name="八项规定")
    assert eight.slug == "eight-point-rules"
    assert "*公务用车" in eight.keyword_list and eight.description


def test_retag_tags_sections_from_the_database_rules():
    notice = make_notice(
        "n1",
        [("1", "关于“四风”问题", ""), ("1.1", "完善制度", "建立台账。"), ("2", "规范选人用人", "")],
    )
    output = retag()
    assert types_of(notice, "1") == {"八项规定"}
    assert types_of(notice, "1.1") == {"八项规定"}  # a measure under the problem heading is about it
    assert types_of(notice, "2") == {"选人用人"}
    assert "1 notices, 3 sections" in output and "3 sections changed" in output


def test_retag_follows_edited_keywords_and_removes_stale_tags():
    notice = make_notice("n2", [("1", "完善台账管理", "")])
    retag()
    assert types_of(notice, "1") == set()
    eight = IssueType.objects.get(name="八项规定")
    eight.keywords += "\n台账"
    eight.save()
    retag()
    assert types_of(notice, "1") == {"八项规定"}
    eight.keywords = "四风"
    eight.save()
    assert "1 sections changed" in retag()
    assert types_of(notice, "1") == set()


def test_retag_a_second_time_changes_nothing():
    make_notice("n3", [("1", "关于“四风”问题", "")])
    retag()
    assert "0 sections changed" in retag()


def test_retag_many_notices_with_progress_and_verbosity(capsys):
    notices = [make_notice(f"m{i}", [("1", "公务用车管理", "")]) for i in range(25)]
    out = StringIO()
    call_command("retag", verbosity=2, stdout=out)
    assert all(types_of(n, "1") == {"八项规定"} for n in notices)
    assert "25 notices" in out.getvalue()
    assert "m0: 1 sections changed" in out.getvalue()
    assert "25/25" in capsys.readouterr().err  # the progress bar (on the process's stderr) reached the end


def test_retag_one_notice_and_quiet():
    first = make_notice("k1", [("1", "公务用车管理", "")])
    second = make_notice("k2", [("1", "公务用车管理", "")])
    assert retag("--notice", "k1", "--verbosity", "0") == ""
    assert types_of(first, "1") == {"八项规定"}
    assert types_of(second, "1") == set()


@pytest.mark.django_db
def test_retag_updates_the_search_facets():
    from archive.services import ImportSource, import_notice
    from search.backends import get_backend
    from search.backends.base import SearchRequest
    from tests.conftest import SEEDS_DIR

    seed = SEEDS_DIR / "001_5e2350e4989e1303.txt"
    notice = import_notice(source=ImportSource(seed.name, seed.read_bytes())).notice
    new_type = IssueType.objects.create(name="乡村振兴", slug="rural", keywords="*百千万工程")

    def type_facet() -> dict:
        return dict(get_backend().search(SearchRequest()).facets["type"])

    assert "rural" not in type_facet()
    call_command("retag", stdout=StringIO(), stderr=StringIO())
    assert type_facet()["rural"] == 1
    assert Section.objects.filter(notice=notice, issue_types=new_type).exists()


@pytest.mark.django_db
def test_the_admin_queues_a_retag_that_the_worker_runs(admin_client):
    from archive.services import ImportSource, import_notice
    from tests.conftest import SEEDS_DIR

    seed = SEEDS_DIR / "001_5e2350e4989e1303.txt"
    notice = import_notice(source=ImportSource(seed.name, seed.read_bytes())).notice
    response = admin_client.post(
        "/admin/archive/issuetype/add/",
        {"name": "乡村振兴", "slug": "rural", "description": "", "keywords": "*百千万工程", "order": 20},
        follow=True,
    )
    assert "manage.py retag" in response.content.decode()
    new_type = IssueType.objects.get(slug="rural")
    assert not Section.objects.filter(notice=notice, issue_types=new_type).exists()
    response = admin_client.post(
        "/admin/archive/issuetype/",
        {"action": "retag_all", "_selected_action": [new_type.pk]},
        follow=True,
    )
    assert "已排队" in response.content.decode()
    # The request only queued the job: nothing is re-tagged until a worker runs it.
    assert not Section.objects.filter(notice=notice, issue_types=new_type).exists()
    out = StringIO()
    call_command("process_ingest", "--once", stdout=out)
    assert "1 个维护任务" in out.getvalue() and "已完成" in out.getvalue()
    assert Section.objects.filter(notice=notice, issue_types=new_type).exists()
    page = admin_client.get("/admin/archive/maintenancejob/").content.decode()
    assert "已完成" in page and "个章节的问题类型有变化" in page
