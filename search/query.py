"""The query language, parsed into a small backend-neutral tree.

Syntax (documented on the search page):

* words separated by spaces must all occur (in any part of a notice);
* ``"exact phrase"`` (also “…”) must occur as written;
* ``A OR B`` needs either;
* ``-word`` / ``-"phrase"`` excludes notices containing it;
* ``title:word`` searches titles, ``body:word`` the issuing body's name.

A term's text is kept as the user wrote it; each backend cuts it into words
with :func:`search.analysis.query_units` (every unit must occur) or treats a
phrase as an exact substring. Parsing never fails: whatever cannot be read is
dropped with a message for the user.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import analysis

MAX_QUERY_LENGTH = 200
MAX_CLAUSES = 12
FIELDS = {"title": "title", "body": "body", "标题": "title", "机关": "body"}
OPEN_QUOTES = {'"': '"', "“": "”", "”": "”", "「": "」"}


@dataclass(frozen=True)
class Term:
    """Text whose words must all occur; ``field`` is None (content), "title" or "body"."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    """Text that must occur exactly as written (letters and digits; spaces ignored)."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class AnyOf:
    """At least one of ``options`` must occur."""

    options: tuple[Term | Phrase, ...]


Node = Term | Phrase | AnyOf


@dataclass(frozen=True)
class Query:
    """A notice matches when every ``must`` node matches and no ``must_not`` node does."""

    must: tuple[Node, ...] = ()
    must_not: tuple[Node, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.must and not self.must_not

    def positive_leaves(self) -> list[Term | Phrase]:
        """Every Term and Phrase the query looks for (for highlighting and ranking)."""
        leaves: list[Term | Phrase] = []
        for node in self.must:
            leaves.extend(node.options if isinstance(node, AnyOf) else (node,))
        return leaves


@dataclass
class ParsedQuery:
    query: Query
    messages: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    node: Term | Phrase | None  # None for the OR operator
    negated: bool = False


def _searchable(text: str) -> bool:
    return bool(analysis.runs(text))


def _lex(text: str, messages: list[str]) -> list[_Unit]:
    """Split the query into units: terms, phrases (with sign and field) and ORs."""
    units: list[_Unit] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] in "-−"
        start = i + 1 if negated else i
        field_name, start = _field_prefix(text, start)
        if start < n and text[start] in OPEN_QUOTES:
            close = OPEN_QUOTES[text[start]]
            end = text.find(close, start + 1)
            if end == -1:
                messages.append("引号不成对:已把引号后的全部文字当作短语。")
                end = n
            units.append(_Unit(Phrase(text[start + 1 : end].strip(), field_name), negated))
            i = end + 1
            continue
        end = start
        while end < n and not text[end].isspace() and text[end] not in OPEN_QUOTES:
            end += 1
        word = text[start:end]
        i = max(end, start + 1) if not word else end
        if word == "OR" and not negated and field_name is None:
            units.append(_Unit(None))
        elif word:
            units.append(_Unit(Term(word, field_name), negated))
        elif negated or field_name:
            messages.append("“-”或字段前缀后面缺少要检索的词,已忽略。")
    return units


def _field_prefix(text: str, start: int) -> tuple[str | None, int]:
    for prefix, name in FIELDS.items():
        for colon in (":", "\uff1a"):  # ASCII or full-width colon
            marker = prefix + colon
            if text.startswith(marker, start):
                return name, start + len(marker)
    return None, start


def _group(units: list[_Unit], messages: list[str]) -> Query:
    """Join ``A OR B`` into AnyOf nodes; everything else is ANDed."""
    must: list[Node] = []
    must_not: list[Node] = []
    pending_or = False
    for unit in units:
        if unit.node is None:
            if not must or pending_or:
                messages.append("OR 需要写在两个词之间,已忽略多余的 OR。")
            pending_or = bool(must)
            continue
        if not _searchable(unit.node.text):
            messages.append(f"“{unit.node.text}”中没有可检索的文字,已忽略。")
            continue
        if unit.negated:
            if pending_or:
                messages.append("OR 不能连接排除的词,已按排除处理。")
                pending_or = False
            must_not.append(unit.node)
        elif pending_or:
            previous = must.pop()
            options = previous.options if isinstance(previous, AnyOf) else (previous,)
            must.append(AnyOf((*options, unit.node)))
            pending_or = False
        else:
            must.append(unit.node)
    if pending_or:
        messages.append("OR 需要写在两个词之间,已忽略多余的 OR。")
    return Query(tuple(must), tuple(must_not))


def parse_query(text: str | None) -> ParsedQuery:
    """Parse user input into a :class:`Query`; problems become messages, never exceptions."""
    messages: list[str] = []
    text = (text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        messages.append(f"检索式过长,只使用了前 {MAX_QUERY_LENGTH} 个字符。")
        text = text[:MAX_QUERY_LENGTH]
    query = _group(_lex(text, messages), messages)
    if len(query.must) + len(query.must_not) > MAX_CLAUSES:
        messages.append(f"检索词过多,只使用了前 {MAX_CLAUSES} 个。")
        keep_must = query.must[:MAX_CLAUSES]
        query = Query(keep_must, query.must_not[: max(0, MAX_CLAUSES - len(keep_must))])
    if text and query.is_empty:
        messages.append("检索式中没有可检索的词。")
    return ParsedQuery(query, _unique(messages))


def _unique(messages: list[str]) -> list[str]:
    return list(dict.fromkeys(messages))
