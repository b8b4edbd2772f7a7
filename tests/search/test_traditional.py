"""A notice reposted in traditional characters is found by simplified words, and marked where it says them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.services import ImportSource, import_notice
from tests.archive.test_script import TRADITIONAL

pytestmark = pytest.mark.django_db


def test_simplified_query_finds_and_marks_a_traditional_notice(client):
    notice = import_notice(source=ImportSource(name="hk.txt", data=TRADITIONAL.encode()), publish=True).notice
    html = client.get(reverse("search:search"), {"q": "巡视组"}).content.decode()
    assert notice.get_absolute_url() in html
    assert "<mark>巡視組</mark>" in html
    data = client.get(reverse("api:search"), {"q": "党组 整改"}).json()
    assert [result["key"] for result in data["results"]] == [notice.key]
