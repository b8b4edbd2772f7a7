"""Mutation scores per module from mutmut's results.

``python scripts/mutation_score.py record MODULE`` saves MODULE's results from
``mutants/`` (right after ``mutmut run`` for it: a later run for another module
may reset them) to ``mutants-results/MODULE.json``;
``python scripts/mutation_score.py report MODULE...`` prints the scores from
the saved results, with every surviving mutant that is not listed in
``tests/mutants_equivalent.md``.
``python scripts/mutation_score.py check MODULE TEST_FILE...`` runs the given
test files (say, new ones written for the survivors) against each of MODULE's
saved survivors and unchecked mutants, one at a time in one process, and saves
the ones they kill as killed: quicker than a new ``mutmut run`` of the module.

Killed and timed-out mutants count as caught; equivalent mutants (which cannot
change behaviour) are left out of the total.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
RESULTS = ROOT / "mutants-results"
EQUIVALENT_LIST = ROOT / "tests" / "mutants_equivalent.md"
CAUGHT = {"killed", "timeout", "caught by type check", "segfault"}


def equivalent_names() -> set[str]:
    if not EQUIVALENT_LIST.exists():
        return set()
    return set(re.findall(r"`([\w.ǁ]+__mutmut_\d+)`", EQUIVALENT_LIST.read_text(encoding="utf-8")))


def record(module: str) -> None:
    meta = MUTANTS.joinpath(*module.split(".")).with_suffix(".py.meta")
    if not meta.exists():  # a package's own module: archive.parsing → archive/parsing/__init__.py
        meta = MUTANTS.joinpath(*module.split("."), "__init__.py.meta")
    codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    prefix = f"{module}.x"
    statuses = {name: status_by_exit_code[code] for name, code in codes.items() if name.startswith(prefix)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{module}.json").write_text(json.dumps(statuses, indent=1, ensure_ascii=False), encoding="utf-8")


def report(modules: list[str]) -> None:
    equivalent = equivalent_names()
    print(f"{'module':28} {'mutants':>8} {'caught':>7} {'equiv.':>7} {'survived':>9} {'unchecked':>10} {'score':>7}")
    for module in modules:
        path = RESULTS / f"{module}.json"
        statuses = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        counts = Counter(statuses.values())
        equiv = sum(1 for name, s in statuses.items() if name in equivalent and s == "survived")
        caught = sum(counts[s] for s in CAUGHT)
        missed = [n for n, s in statuses.items() if s in ("survived", "no tests") and n not in equivalent]
        considered = caught + len(missed)
        unchecked = len(statuses) - considered - equiv
        score = f"{100 * caught / considered:.1f}%" if considered else "-"
        print(f"{module:28} {len(statuses):>8} {caught:>7} {equiv:>7} {len(missed):>9} {unchecked:>10} {score:>7}")
        for name in sorted(missed):
            print(f"    {statuses[name]}: {name}")


def check(module: str, test_files: list[str]) -> None:
    import contextlib
    import io
    import os
    import shutil

    import pytest

    path = RESULTS / f"{module}.json"
    statuses = json.loads(path.read_text(encoding="utf-8"))
    for test_file in test_files:  # mutmut copied the tests when the run began; bring in the new ones
        shutil.copy(ROOT / test_file, MUTANTS / test_file)
    os.chdir(MUTANTS)
    sys.path.insert(0, str(MUTANTS))
    for name, status in sorted(statuses.items()):
        if status not in ("survived", "no tests", "not checked"):
            continue
        os.environ["MUTANT_UNDER_TEST"] = name
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            code = pytest.main([*test_files, "-x", "-q", "-p", "no:cacheprovider", "-p", "no:playwright"])
        if code == pytest.ExitCode.TESTS_FAILED:
            statuses[name] = "killed"
        print(f"{statuses[name] or 'unchecked'}: {name}", flush=True)
        path.write_text(json.dumps(statuses, indent=1, ensure_ascii=False), encoding="utf-8")


def main(args: list[str]) -> int:
    if len(args) >= 2 and args[0] == "record":
        for module in args[1:]:
            record(module)
        return 0
    if len(args) >= 3 and args[0] == "check":
        check(args[1], args[2:])
        return 0
    if args and args[0] == "report":
        report(args[1:])
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
