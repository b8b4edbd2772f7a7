"""Put known bug classes into the code one at a time and check that `make test`'s tests catch each.

Usage: python scripts/seeded_bugs.py [NAME-PREFIX ...]. Each bug is a one-line
change; the file is restored afterwards whatever happens. A bug that no test
catches is printed as MISSED and makes the exit status non-zero.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: (name, file, line as it is, line with the bug, the tests that must catch it)
BUGS = [
    (
        "1 heading opener 《/“/( merged",
        "archive/parsing/outline.py",
        '_HEADING_START = re.compile(r"[\\u4e00-\\u9fff“‘《(]")',
        '_HEADING_START = re.compile(r"[\\u4e00-\\u9fff]")',
        "tests/archive/test_outline_heading_openers.py",
    ),
    (
        "1b only 《 dropped",
        "archive/parsing/outline.py",
        '_HEADING_START = re.compile(r"[\\u4e00-\\u9fff“‘《(]")',
        '_HEADING_START = re.compile(r"[\\u4e00-\\u9fff“‘(]")',
        "tests/archive/test_outline_heading_openers.py",
    ),
    (
        "2a 去年 against publication year",
        "archive/parsing/dates.py",
        "return mention.to_value(reference_year - 1,",
        "return mention.to_value(reference_year,",
        "tests/archive/test_dates_relative.py",
    ),
    (
        "2b 当年/同年 resolved like 今年",
        "archive/parsing/dates.py",
        'if mention.year_word in {"今年", "本年"} and reference_year:',
        'if mention.year_word in {"今年", "本年", "当年", "同年"} and reference_year:',
        "tests/archive/test_dates_relative.py",
    ),
    (
        "2c note names the wrong word",
        "archive/parsing/dates.py",
        'written = f"只写“{mention.year_word}”" if mention.year_word else "未写年份"',
        'written = "只写“今年”" if mention.year_word else "未写年份"',
        "tests/archive/test_dates_relative.py",
    ),
    (
        "3 negated phrase becomes required",
        "search/query.py",
        "units.append(_Unit(Phrase(text[start + 1 : end].strip(), field_name), negated))",
        "units.append(_Unit(Phrase(text[start + 1 : end].strip(), field_name)))",
        "tests/search/test_query_signs.py tests/search/test_query_properties.py",
    ),
    (
        "4a text after the last hit unescaped",
        "search/highlight.py",
        "    out.append(escape(text[cursor:end]))\n",
        "    out.append(text[cursor:end])\n",
        "tests/search/test_highlight_safety.py",
    ),
    (
        "4b snippet without a hit unescaped",
        "search/highlight.py",
        "    body = _render(text, spans, start, end)\n",
        "    body = _render(text, spans, start, end) if spans else text[start:end]\n",
        "tests/search/test_highlight_safety.py",
    ),
    (
        "5 single writer deletes the newer task",
        "search/backends/whoosh.py",
        "IndexTask.objects.filter(id__in=[task_id for task_id, _key in tasks]).delete()",
        "IndexTask.objects.filter(notice_key__in=keys).delete()",
        "tests/search/test_single_writer_races.py",
    ),
    (
        "6 facet counts ignore the date range",
        "search/backends/whoosh.py",
        "counts = facet_counts(table, request.facets, dated, having)",
        "counts = facet_counts(table, request.facets, candidates, having)",
        "tests/search/test_whoosh_backend.py",
    ),
]


def main(only: list[str]) -> int:
    missed = 0
    for name, path, old, new, tests in BUGS:
        if only and not any(name.startswith(o) for o in only):
            continue
        full = ROOT / path
        original = full.read_text(encoding="utf-8")
        if original.count(old) != 1:
            print(f"== {name}: the line to change is not in {path} (update this list)")
            missed += 1
            continue
        full.write_text(original.replace(old, new), encoding="utf-8")
        try:
            run = subprocess.run(
                [sys.executable, "-m", "pytest", *tests.split(), "-q", "-p", "no:cacheprovider"],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
        finally:
            full.write_text(original, encoding="utf-8")
        caught = run.returncode == 1
        missed += not caught
        summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-200:]
        print(f"== {name}: {'caught' if caught else 'MISSED'} ({summary})")
        for line in [line for line in run.stdout.splitlines() if line.startswith("FAILED")][:3]:
            print("   ", line[:150])
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
