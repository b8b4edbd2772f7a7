"""Run the real-notice cases through ``parse_notice --json`` and compare them with their expectations.

A case is ``cases/<id>.json`` beside the document ``cases/<id>.<txt|html|...>``; see README.md for the
format. Every comparison yields one ``Check`` so that the test (all checks of a case must hold) and the
score script (matched/expected per field and per class) read the same results.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import StringIO
from pathlib import Path

from django.core.management import call_command

CASES_DIR = Path(__file__).parent / "cases"
DOCUMENT_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf", ".zip")

#: The groups a check belongs to, in the order the score script prints them.
GROUPS = (
    "fact",
    "document_kind",
    "figure",
    "figure_excluded",
    "outline",
    "section",
    "issue_types",
    "noise",
    "not_a_heading",
)


@dataclass
class Case:
    id: str
    document: Path
    expected: dict

    @property
    def classes(self) -> list[str]:
        return list(self.expected.get("classes", []))


@dataclass
class Check:
    group: str  # one of GROUPS
    name: str  # the fact field, figure measure, outline path …
    ok: bool
    detail: str = ""


@dataclass
class CaseResult:
    case: Case
    checks: list[Check] = field(default_factory=list)
    error: str | None = None  # the command failed: every check counts as missed

    @property
    def passed(self) -> bool:
        return self.error is None and all(check.ok for check in self.checks)

    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


def load_cases(directory: Path = CASES_DIR) -> list[Case]:
    """Every ``<id>.json`` in the folder with its document, sorted by id.

    A JSON file without a document beside it is an error, not a silently skipped case.
    """
    cases = []
    for path in sorted(directory.glob("*.json")):
        documents = [path.with_suffix(suffix) for suffix in DOCUMENT_SUFFIXES if path.with_suffix(suffix).is_file()]
        if len(documents) != 1:
            raise ValueError(f"{path.name}: expected exactly one document beside it, found {len(documents)}")
        with open(path, encoding="utf-8") as fh:
            cases.append(Case(id=path.stem, document=documents[0], expected=json.load(fh)))
    return cases


def parse_case(case: Case) -> dict:
    """The parser's view of the case, through the real entry point ``manage.py parse_notice --json``."""
    out = StringIO()
    call_command("parse_notice", str(case.document), "--json", stdout=out)
    return json.loads(out.getvalue())


def run_case(case: Case) -> CaseResult:
    """Parse one case and compare every expectation it states."""
    try:
        data = parse_case(case)
    except Exception as exc:  # noqa: BLE001 - a crash is a result to report, not to hide
        result = CaseResult(case=case, error=f"{type(exc).__name__}: {exc}")
        result.checks = [Check(c.group, c.name, False, "parser failed") for c in compare(case.expected, {})]
        return result
    return CaseResult(case=case, checks=compare(case.expected, data))


def compare(expected: dict, data: dict) -> list[Check]:
    """All checks of one case against a ``parse_notice --json`` object (an empty dict when parsing failed)."""
    checks = []
    checks += _facts(expected, data)
    if "document_kind" in expected:
        got = data.get("document_kind")
        checks.append(Check("document_kind", "document_kind", got == expected["document_kind"], f"got {got!r}"))
    sections = data.get("sections", [])
    figures = data.get("figures", [])
    checks += [_figure_included(item, figures) for item in expected.get("figures_include", [])]
    checks += [_figure_excluded(item, figures) for item in expected.get("figures_exclude", [])]
    checks += _outline(expected.get("outline"), sections)
    checks += [_section(item, sections) for item in expected.get("sections_include", [])]
    for path, types in expected.get("issue_types_include", {}).items():
        section = next((s for s in sections if s["path"] == path), None)
        got = section.get("issue_types", []) if section else None
        ok = got is not None and set(types) <= set(got)
        checks.append(Check("issue_types", path, ok, f"expected at least {types}, got {got}"))
    parts = _content_parts(data)
    for noise in expected.get("noise_removed", []):
        where = [name for name, text in parts if fold(noise) in fold(text)]
        checks.append(Check("noise", noise, bool(data) and not where, f"found in {', '.join(where[:5])}"))
    for line in expected.get("not_a_heading", []):
        hits = [s["path"] for s in sections if fold(line) in fold(s.get("number", "") + s.get("heading", ""))]
        checks.append(Check("not_a_heading", line, bool(data) and not hits, f"heading of {hits}"))
    return checks


def _facts(expected: dict, data: dict) -> list[Check]:
    checks = []
    for name, want in expected.get("facts", {}).items():
        got = data.get(name)
        if name == "issuing_body":
            ok = any(_same(got, name) for name in [want, *expected.get("issuing_body_also", [])])
        else:
            ok = _same(got, want)
        checks.append(Check("fact", name, bool(data) and ok, f"expected {want!r}, got {got!r}"))
    return checks


def _same(got, want) -> bool:
    """Equality, with numbers compared by value (87.1 == 87.1, 4 == 4.0) and text by ``fold``, inside dicts too."""
    if isinstance(want, dict) and isinstance(got, dict):
        return set(want) == set(got) and all(_same(got[key], value) for key, value in want.items())
    if _is_number(want) and _is_number(got):
        return _decimal(got) == _decimal(want)
    if isinstance(want, str) and isinstance(got, str):
        return fold(got) == fold(want)
    return type(got) is type(want) and got == want


def fold(text: str | None) -> str:
    """Text compared without regard to full-width forms: the archive stores ``：（），`` as ``:(),``.

    NFKC folds exactly the compatibility forms (full-width letters, digits and punctuation, the
    ideographic space) and leaves Chinese quotes and corner brackets (“” 「」) as printed.
    """
    return unicodedata.normalize("NFKC", text or "")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _figure_included(item: dict, figures: list[dict]) -> Check:
    """A figure matches: equal value and unit, the measure in its measure or clause, the printed amount kept."""
    want = _decimal(item["value"])
    for figure in figures:
        if _decimal(figure.get("value")) != want or fold(figure.get("unit")) != fold(item["unit"]):
            continue
        where = fold(f"{figure.get('measure') or ''}\n{figure.get('clause') or ''}")
        if item.get("measure") and fold(item["measure"]) not in where:
            continue
        if "amount" in item:
            printed = figure.get("amount")
            if printed is not None and fold(printed) != fold(item["amount"]):
                continue
            if printed is None and fold(item["amount"]) not in fold(figure.get("clause")):
                continue
        return Check("figure", _figure_name(item), True)
    near = [f"{f.get('measure')}={f.get('value')}{f.get('unit')}" for f in figures if f.get("unit") == item["unit"]]
    return Check("figure", _figure_name(item), False, f"figures with that unit: {near[:8]}")


def _figure_excluded(item: dict, figures: list[dict]) -> Check:
    want = _decimal(item["value"])
    hits = [f for f in figures if _decimal(f.get("value")) == want and fold(f.get("unit")) == fold(item["unit"])]
    detail = f"found: {[(f.get('measure'), f.get('clause', '')[:40]) for f in hits[:3]]}"
    return Check("figure_excluded", f"{item['value']} {item['unit']}", not hits, detail)


def _figure_name(item: dict) -> str:
    return f"{item.get('measure', '')} {item['value']} {item['unit']}".strip()


def _outline(outline: dict | None, sections: list[dict]) -> list[Check]:
    if not outline:
        return []
    checks = []
    paths = [s["path"] for s in sections]
    if "top_level" in outline:
        got = len([p for p in paths if "." not in p])
        checks.append(Check("outline", "top_level", got == outline["top_level"], f"got {got}, paths {paths[:12]}"))
    for parent, count in outline.get("children", {}).items():
        if parent not in paths:
            checks.append(Check("outline", f"children of {parent}", False, f"no section {parent}; paths {paths[:20]}"))
            continue
        got = len([p for p in paths if p.startswith(parent + ".") and "." not in p[len(parent) + 1 :]])
        checks.append(Check("outline", f"children of {parent}", got == count, f"expected {count}, got {got}"))
    return checks


def _section(item: dict, sections: list[dict]) -> Check:
    name = f"{item['path']}: {item['starts_with'][:20]}"
    section = next((s for s in sections if s["path"] == item["path"]), None)
    if section is None:
        return Check("section", name, False, f"no section at {item['path']}")
    heading, text = fold(section.get("heading")), fold(section.get("text"))
    start = fold(item["starts_with"])
    ok = heading.startswith(start) or text.startswith(start) or (heading + text).startswith(start)
    if "contains" in item:
        ok = ok and fold(item["contains"]) in heading + text
    ok = ok and not any(fold(absent) in heading + text for absent in item.get("not_contains", []))
    return Check("section", name, ok, f"heading {heading[:40]!r}, text {text[:40]!r}")


def _content_parts(data: dict) -> list[tuple[str, str]]:
    """Every piece of the parse a reader sees: facts, preamble, closing, sections, figures."""
    parts = []
    for name, value in data.items():
        if isinstance(value, str) and name not in {"metadata", "index_number", "script", "document_kind"}:
            parts.append((name, value))
    for name, value in (data.get("problem_counts") or {}).items():
        parts.append((f"problem_counts.{name}", str(value)))
    for name, value in (data.get("contact") or {}).items():
        parts.append((f"contact.{name}", str(value or "")))
    for section in data.get("sections", []):
        parts.append((f"section {section['path']}", section.get("number", "") + section.get("heading", "")))
        parts.append((f"section {section['path']} text", section.get("text", "")))
    for figure in data.get("figures", []):
        parts.append(("figure", figure.get("measure", "")))
    return parts


#: Checks the parser does not pass yet, one ``<case id>\t<group>\t<name>`` per line (see README).
KNOWN_GAPS = Path(__file__).with_name("known_gaps.tsv")


def gap_key(case_id: str, check: Check) -> str:
    return f"{case_id}\t{check.group}\t{check.name}"


def load_known_gaps(path: Path = KNOWN_GAPS) -> set[str]:
    if not path.exists():
        return set()
    return {line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def write_known_gaps(results: list[CaseResult], path: Path = KNOWN_GAPS) -> int:
    """Record every check failing now as a known gap; returns how many."""
    keys = sorted(gap_key(r.case.id, check) for r in results for check in r.failures())
    path.write_text("".join(f"{key}\n" for key in keys), encoding="utf-8")
    return len(keys)
