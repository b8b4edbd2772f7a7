"""Where a snippet starts and ends, when it gets an ellipsis, and which terms are marked first."""

from __future__ import annotations

from search.highlight import SNIPPET_LEAD, highlight, query_terms, snippet

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def filler(n: int) -> str:
    return (LETTERS * (n // 26 + 1))[:n]


def test_a_short_text_without_a_hit_is_shown_whole_without_ellipsis():
    assert snippet("巡察  整改\n情况", ["量子"]) == "巡察 整改 情况"
    assert snippet("", ["量子"]) == "" and snippet(None, ["量子"]) == ""
    assert highlight("", ["量子"]) == "" and highlight(None, ["量子"]) == ""


def test_a_long_text_without_a_hit_shows_its_beginning():
    text = filler(200)
    assert snippet(text, ["量子"], width=50) == text[:50] + "…"


def test_a_hit_near_the_start_shows_the_start():
    text = "整改" + filler(300)
    cut = snippet(text, ["整改"], width=50)
    assert cut == "<mark>整改</mark>" + text[2:50] + "…"


def test_a_hit_far_in_leads_by_a_fixed_number_of_characters():
    text = filler(100) + "整改" + filler(300)
    cut = snippet(text, ["整改"], width=80)
    assert cut == "…" + text[100 - SNIPPET_LEAD : 100] + "<mark>整改</mark>" + text[102 : 100 - SNIPPET_LEAD + 80] + "…"


def test_a_hit_near_the_end_fills_the_width_from_the_end():
    text = filler(300) + "整改" + "尾"
    cut = snippet(text, ["整改"], width=60)
    assert cut == "…" + text[243:300] + "<mark>整改</mark>尾"


def test_hits_beyond_the_window_are_left_out():
    text = "整改" + filler(40) + "整改" + filler(10)
    cut = snippet(text, ["整改"], width=30)
    assert cut == "<mark>整改</mark>" + text[2:30] + "…"


def test_a_text_exactly_as_wide_as_the_window_has_no_ellipsis():
    text = filler(20) + "整改" + filler(18)
    assert snippet(text, ["整改"], width=40) == filler(20) + "<mark>整改</mark>" + filler(18)


def test_terms_are_listed_longest_first():
    assert query_terms("车 公务用车 整改") == ["公务用车", "整改", "车"]


def test_the_longest_term_wins_where_terms_overlap():
    assert highlight("公务用车", ["公务", "公务用车", "车"]) == "<mark>公务用车</mark>"
    assert highlight("公务用车", ["车", "公务"]) == "<mark>公务</mark>用<mark>车</mark>"


def test_a_hit_starting_right_at_the_window_end_is_left_out():
    text = "整改" + filler(28) + "整改" + filler(10)
    assert snippet(text, ["整改"], width=30) == "<mark>整改</mark>" + text[2:30] + "…"


def test_a_window_starting_one_character_in_gets_an_ellipsis():
    text = filler(SNIPPET_LEAD + 1) + "整改" + filler(100)
    cut = snippet(text, ["整改"], width=60)
    assert cut == "…" + text[1 : SNIPPET_LEAD + 1] + "<mark>整改</mark>" + text[SNIPPET_LEAD + 3 : 61] + "…"
