"""Every section an import makes answers at its permanent URL (Hypothesis over generated notices)."""

from __future__ import annotations

import pytest
from django.urls import resolve
from hypothesis import HealthCheck, assume, given, settings

from archive.services import ImportSource, import_notice, publish_notice

from .notice_strategies import outline_text


@pytest.mark.django_db
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=outline_text)
def test_every_imported_section_answers_at_its_url(client, settings, text):
    """Through the import service and the section view: each section's URL shows that section."""
    settings.SEARCH_INDEX_INLINE = False  # indexing is not under test here
    outcome = import_notice(source=ImportSource("通报.txt", text.encode("utf-8")), publish=True)
    assume(not outcome.failed and outcome.notice is not None)
    if not outcome.notice.is_published:
        # Generated text may not read as a rectification notice and is then held; publish it on purpose.
        publish_notice(notice=outcome.notice)
    for section in outcome.notice.sections.all():
        url = section.get_absolute_url()
        assert resolve(url).kwargs == {"key": outcome.notice.key, "path": section.path}
        response = client.get(url)
        assert response.status_code == 200, (section.path, text)
        assert response.context["section"].pk == section.pk
