"""The synonym table: splitting, widening a query, the admin form, the seeded groups."""

from __future__ import annotations

import pytest

from search.admin import SynonymGroupForm
from search.models import SynonymGroup
from search.query import AnyOf, Phrase, Term, parse_query
from search.synonyms import SynonymTable, split_words, widen


def test_split_words_takes_spaces_lines_and_chinese_commas():
    assert split_words("公车 公务用车、公务车辆\n公车,小金库") == ["公车", "公务用车", "公务车辆", "小金库"]


def test_a_group_widens_each_of_its_words_both_ways():
    table = SynonymTable([(["公车", "公务用车"], False)])
    assert table.others("公车") == ["公务用车"]
    assert table.others("公务用车") == ["公车"]
    assert table.others("车") == []


def test_a_one_way_group_widens_only_its_first_word():
    table = SynonymTable([(["三公经费", "公务接待费", "因公出国"], True)])
    assert table.others("三公经费") == ["公务接待费", "因公出国"]
    assert table.others("公务接待费") == []


def test_widen_ors_the_synonyms_as_phrases_and_reports_them():
    table = SynonymTable([(["公车", "公务用车"], False)])
    query, widenings = widen(parse_query("公车 整治").query, table)
    assert query.must == (AnyOf((Term("公车"), Phrase("公务用车"))), Term("整治"))
    assert [(w.word, w.added) for w in widenings] == [("公车", ("公务用车",))]


def test_phrases_field_words_exclusions_and_longer_words_are_not_widened():
    table = SynonymTable([(["公车", "公务用车"], False)])
    query = parse_query('"公车" title:公车 -公车 公车改革').query
    widened, widenings = widen(query, table)
    assert widened == query and widenings == []


@pytest.mark.django_db
def test_the_migration_seeds_groups_editors_can_change():
    table = SynonymTable.from_database()
    assert "公务用车" in table.others("公车")
    assert set(table.others("收缴")) >= {"清退", "退回", "追缴"}
    assert "津贴补贴" in table.others("津补贴")
    SynonymGroup.objects.filter(words__startswith="公车").update(active=False)
    assert SynonymTable.from_database().others("公车") == []


@pytest.mark.django_db
def test_the_admin_form_refuses_a_lonely_or_one_character_word():
    form = SynonymGroupForm(data={"words": "车 公务用车", "active": True})
    assert not form.is_valid()
    assert "每个词至少两个字:车" in str(form.errors)
    assert not SynonymGroupForm(data={"words": "公车", "active": True}).is_valid()
    form = SynonymGroupForm(data={"words": "公车、公务用车 公车", "active": True})
    assert form.is_valid(), form.errors
    assert form.save().words == "公车 公务用车"


@pytest.mark.django_db
def test_the_admin_lists_and_adds_groups(admin_client):
    response = admin_client.get("/admin/search/synonymgroup/")
    assert response.status_code == 200
    assert "公车 ↔ 公务用车 ↔ 公务车辆" in response.content.decode()
    response = admin_client.post("/admin/search/synonymgroup/add/", {"words": "账外账 小金库", "active": "on"})
    assert response.status_code == 302
    assert SynonymGroup.objects.filter(words="账外账 小金库").exists()
