"""Print the mutation score of each module from mutmut's results in mutants/.

Usage: python scripts/mutation_score.py search.query archive.parsing.dates ...
(no argument: every module mutmut has results for). Killed and timed-out
mutants count as caught; mutants listed in tests/mutants_equivalent.md are
left out of the total, as they cannot change behaviour.
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
EQUIVALENT_LIST = ROOT / "tests" / "mutants_equivalent.md"
CAUGHT = {"killed", "timeout", "caught by type check", "segfault"}


def status(exit_code: int | None) -> str:
    """mutmut's own reading of a mutant's exit code ("killed", "survived", "timeout", ...)."""
    return status_by_exit_code[exit_code]


def equivalent_names() -> set[str]:
    if not EQUIVALENT_LIST.exists():
        return set()
    return set(re.findall(r"`([\w.ǁ]+__mutmut_\d+)`", EQUIVALENT_LIST.read_text(encoding="utf-8")))


def results() -> dict[str, dict[str, str]]:
    """{module: {mutant name: status}} for every module with a .meta file."""
    by_module: dict[str, dict[str, str]] = {}
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        module = ".".join(meta.relative_to(MUTANTS).with_suffix("").with_suffix("").parts)
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        by_module[module] = {name: status(code) for name, code in codes.items()}
    return by_module


def main(modules: list[str]) -> int:
    found = results()
    equivalent = equivalent_names()
    modules = modules or sorted(found)
    print(f"{'module':34} {'mutants':>8} {'caught':>7} {'equiv.':>7} {'survived':>9} {'not run':>8} {'score':>7}")
    for module in modules:
        statuses = found.get(module, {})
        counts = Counter(statuses.values())
        equiv = sum(1 for name, s in statuses.items() if name in equivalent and s == "survived")
        caught = sum(counts[s] for s in CAUGHT)
        survived = counts["survived"] - equiv
        considered = caught + survived + counts["no tests"]
        score = f"{100 * caught / considered:.1f}%" if considered else "-"
        print(
            f"{module:34} {len(statuses):>8} {caught:>7} {equiv:>7} {survived:>9} "
            f"{counts['not checked'] + counts['skipped']:>8} {score:>7}"
        )
        for name in sorted(n for n, s in statuses.items() if s in ("survived", "no tests") and n not in equivalent):
            print(f"    {statuses[name]}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
