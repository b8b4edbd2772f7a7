"""Highlighting is safe HTML whatever the text and terms: only ``<mark>`` is markup.

Properties checked over generated text (Hypothesis): removing the mark tags
and unescaping gives back the input exactly (highlight) or a piece of it
(snippet), no other tag or unescaped ``<``, ``>``, ``&`` or quote survives,
and every mark wraps an occurrence of a term.
"""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from search import analysis
from search.highlight import distinctive_terms, highlight, query_terms, render_ranges, snippet, snippet_text

MARK = re.compile(r"</?mark>")
# Characters that matter for HTML, for matching (full-width, case, spaces) and Chinese text.
ALPHABET = st.sampled_from(list("<>&\"' \n\tabcABCＡ１1整改巡察公务用车<script>/=;") + ["&amp;", "&lt;", "车 辆"])
TEXT = st.lists(ALPHABET, max_size=60).map("".join) | st.text(max_size=60)
TERMS = st.lists(st.sampled_from(["整改", "巡察", "a", "<", "&", "script", "车辆", "ＡＢ", '"']) | st.text(max_size=4))


def unmarked(marked: str) -> str:
    return html.unescape(MARK.sub("", marked))


def assert_safe(marked: str) -> None:
    """Nothing but <mark>…</mark> is markup: no other tag, no raw quote or stray ampersand."""
    rest = MARK.sub("", marked)
    assert "<" not in rest and ">" not in rest
    assert '"' not in rest and "'" not in rest
    assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt|quot|#x27|#39);)*", rest), marked
    # Marks are balanced and never nested.
    assert re.fullmatch(r"(?:[^<]|<mark>[^<]*</mark>)*", marked), marked


@given(TEXT, TERMS)
def test_highlight_is_the_escaped_input_with_marks(text, terms):
    marked = highlight(text, terms)
    assert_safe(marked)
    assert unmarked(marked) == text


def squeezed(text: str) -> str:
    return "".join(analysis.normalize(text).split())


@given(TEXT, TERMS)
def test_every_mark_begins_and_ends_with_a_term(text, terms):
    wanted = {squeezed(t) for t in terms if squeezed(t)}
    for inside in re.findall(r"<mark>(.*?)</mark>", highlight(text, terms), flags=re.S):
        inside = squeezed(html.unescape(inside))
        assert any(inside.startswith(t) for t in wanted) and any(inside.endswith(t) for t in wanted), inside


@given(TEXT, TERMS)
def test_neighbouring_marks_are_joined(text, terms):
    """No two marks touch or stand apart only by spaces: a reader sees one highlight, not pieces with gaps."""
    assert not re.search(r"</mark>\s*<mark>", highlight(text, terms))
    assert not re.search(r"</mark>\s*<mark>", snippet(text, terms, width=40))


def test_adjacent_words_of_a_query_are_one_mark():
    terms = query_terms("公务 用车 违规")
    assert highlight("违规公务用车问题", terms) == "<mark>违规公务用车</mark>问题"
    assert highlight("公务 用车", terms) == "<mark>公务 用车</mark>"
    assert highlight("公务、用车", terms) == "<mark>公务</mark>、<mark>用车</mark>"  # punctuation between: two marks
    text, ranges = snippet_text("规范公务用车管理", terms)
    assert ranges == [(2, 6)]
    assert render_ranges("ab", [(0, 1), (1, 2)]) == "<mark>ab</mark>"


def test_similar_passages_mark_only_distinctive_words():
    assert distinctive_terms(["问题", "违反", "存在", "公务用车", "超标准接待"]) == ["公务用车", "超标准接待"]


@given(TEXT, TERMS, st.integers(min_value=1, max_value=80))
def test_a_snippet_is_safe_and_a_piece_of_the_text(text, terms, width):
    cut = snippet(text, terms, width=width)
    assert_safe(cut)
    piece = unmarked(cut).removeprefix("…").removesuffix("…")
    assert piece in " ".join(text.split())
    assert len(piece) <= width


def test_text_after_the_last_hit_is_escaped():
    marked = highlight("整改<script>alert(1)</script>", ["整改"])
    assert marked == "<mark>整改</mark>&lt;script&gt;alert(1)&lt;/script&gt;"


def test_a_snippet_without_any_hit_is_escaped():
    cut = snippet('<img src=x onerror="alert(1)">' + "正文" * 100, ["量子"])
    assert cut.startswith("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;")
    assert "<img" not in cut


def test_a_snippet_escapes_before_between_and_after_hits():
    cut = snippet("<b>整改</b>&<i>整改</i>>", ["整改"])
    assert cut == "&lt;b&gt;<mark>整改</mark>&lt;/b&gt;&amp;&lt;i&gt;<mark>整改</mark>&lt;/i&gt;&gt;"
