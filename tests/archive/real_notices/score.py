"""Score the parser on the real-notice cases: matched/expected per fact field, per check group and per class.

Run: ``DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python -m tests.archive.real_notices.score``
(``--cases DIR`` for another folder, ``--failures`` to list every failing check).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=None, help="folder of <id>.json cases")
    parser.add_argument("--failures", action="store_true", help="list every failing check")
    parser.add_argument(
        "--write-known-gaps", action="store_true", help="record the checks failing now in known_gaps.tsv"
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from tests.archive.real_notices.compare import CASES_DIR, GROUPS, load_cases, run_case, write_known_gaps

    results = [run_case(case) for case in load_cases(args.cases or CASES_DIR)]
    if args.write_known_gaps:
        print(f"known gaps written: {write_known_gaps(results)}")
    if not results:
        print("no cases")
        return 1

    by_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_group: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # cases passed/total, checks ok/total
    for result in results:
        for check in result.checks:
            tally = by_field[check.name] if check.group == "fact" else by_group[check.group]
            tally[0] += check.ok
            tally[1] += 1
        ok, total = sum(c.ok for c in result.checks), len(result.checks)
        for name in result.case.classes + [f"kind:{result.case.expected.get('document_kind')}"]:
            entry = by_class[name]
            entry[0] += result.passed
            entry[1] += 1
            entry[2] += ok
            entry[3] += total

    passed = sum(r.passed for r in results)
    checks = [c for r in results for c in r.checks]
    print(f"cases passing: {passed}/{len(results)}   checks: {sum(c.ok for c in checks)}/{len(checks)}")
    print("\nfacts (matched/expected)")
    for name, (ok, total) in sorted(by_field.items(), key=lambda item: item[1][0] / item[1][1]):
        print(f"  {name:<22} {ok:>4}/{total:<4} {_percent(ok, total)}")
    print("\nother checks (matched/expected)")
    for group in GROUPS[1:]:
        if group in by_group:
            ok, total = by_group[group]
            print(f"  {group:<22} {ok:>4}/{total:<4} {_percent(ok, total)}")
    print("\nby class (cases passing, checks matched)")
    for name, (cases_ok, cases, ok, total) in sorted(by_class.items()):
        print(f"  {name:<34} cases {cases_ok:>2}/{cases:<3} checks {ok:>4}/{total:<4} {_percent(ok, total)}")
    print("\nby case")
    for result in results:
        ok, total = sum(c.ok for c in result.checks), len(result.checks)
        state = "pass" if result.passed else ("ERROR " + result.error if result.error else "fail")
        print(f"  {result.case.id:<6} {ok:>3}/{total:<3} {state}")
        if args.failures:
            for check in result.failures():
                print(f"      [{check.group}] {check.name}: {check.detail}")
    return 0


def _percent(ok: int, total: int) -> str:
    return f"{100 * ok / total:5.1f} %" if total else "    -"


if __name__ == "__main__":
    sys.exit(main())
