"""Shared fixtures: the sample corpus and its hand-checked facts."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests import hypothesis_profiles  # noqa: F401  (registers and loads the Hypothesis profile)

CORPUS_DIR = Path(os.environ.get("ARCHIVE_CORPUS_DIR", settings.BASE_DIR.parent / "shared" / "corpus"))
SEEDS_DIR = CORPUS_DIR / "seeds"


def _gold() -> list[dict]:
    with open(CORPUS_DIR / "gold.json", encoding="utf-8") as fh:
        return json.load(fh)["notices"]


GOLD = _gold()

#: gold.json facts compared as they are (issuing_body has alternatives and is compared apart).
GOLD_SCALAR_FACTS = [
    "title",
    "source",
    "published_on",
    "signed_on",
    "inspection_kind",
    "inspecting_organ",
    "inspection_group",
    "group_number",
    "round_label",
    "inspected_unit",
    "inspection_start",
    "inspection_end",
    "feedback_on",
    "problem_counts",
    "contact",
]
GOLD_IDS = [Path(item["file"]).stem[:3] for item in GOLD]

#: The inspecting committee of each sample with its place (not in gold.json, whose
#: inspecting_organ is the organ as printed): 000 and 001 are notices of Shenzhen's
#: functional zones inspected by 深圳市委; 002 天心区 is in 长沙, 湖南; 003 is 广州;
#: 004's 浙南产业集聚区 is in 温州, 浙江.
SAMPLE_COMMITTEES = {"000": "深圳市委", "001": "深圳市委", "002": "湖南省委", "003": "广东省委", "004": "浙江省委"}


def seed_text(gold_item: dict) -> str:
    return (CORPUS_DIR / gold_item["file"]).read_text(encoding="utf-8")


@pytest.fixture(params=GOLD, ids=GOLD_IDS)
def gold_notice(request) -> dict:
    """Each sample's gold facts (parametrised over the five samples)."""
    return request.param


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture(autouse=True)
def _isolated_media_and_index(settings, tmp_path):
    """Every test writes originals and the search index into its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"


def pytest_collection_modifyitems(config, items):
    """``MUTANT_TESTS`` (space-separated test files) narrows a run to those files.

    ``make mutants`` sets it so each module's mutants meet only that module's own
    tests: a run then takes minutes, not the whole suite's time per mutant.
    """
    wanted = os.environ.get("MUTANT_TESTS", "").split()
    if not wanted:
        return
    kept = [item for item in items if item.nodeid.split("::")[0] in wanted]
    config.hook.pytest_deselected(items=[item for item in items if item.nodeid.split("::")[0] not in wanted])
    items[:] = kept
