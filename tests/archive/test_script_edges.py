"""Edge cases of the traditional-script copy and of the restorer that maps back to the printed text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from archive.parsing import script
from archive.parsing.result import ParsedFigure, ParsedNotice, ParsedSection
from archive.parsing.script import Restorer, is_traditional, restore_printed, simplified_char, simplified_copy


def restorer_for(printed: str) -> Restorer:
    return Restorer(simplified_copy(printed), printed)


# --- the simplified copy -------------------------------------------------------------------


def test_simplified_char_converts_one_han_character_and_leaves_the_rest():
    assert simplified_char("後") == "后"
    assert simplified_char("巡") == "巡"
    assert simplified_char("a") == "a"
    assert simplified_char("。") == "。"


def test_simplified_char_leaves_characters_outside_the_common_han_block():
    # 㑯 (CJK extension A) has a simplified form under t2s, but the one-character fallback
    # converts only the common block, so the copy keeps exactly one character per position.
    assert simplified_char("㑯") == "㑯"


def test_simplified_copy_uses_phrases_where_they_keep_the_length():
    # The phrase 乾隆 keeps its 乾; one character at a time would give 干隆.
    assert simplified_copy("乾隆年間") == "乾隆年间"
    assert simplified_copy("") == ""


def test_simplified_copy_falls_back_to_single_characters_when_a_phrase_changes_the_length(monkeypatch):
    class LengthChanging:
        def convert(self, text):
            return text.replace("巡視", "巡视视")  # a phrase rule that adds a character

    monkeypatch.setattr(script, "_converter", lambda: LengthChanging())
    script._char_t2s.cache_clear()
    try:
        copy = simplified_copy("巡視組後")
    finally:
        script._char_t2s.cache_clear()
    # One character at a time through the (fake) converter: nothing changes length, nothing moves.
    assert copy == "巡視組後"
    assert len(copy) == 4


def test_single_character_conversion_keeps_a_character_that_would_become_two(monkeypatch):
    class Expanding:
        def convert(self, text):
            return text + "x" if text == "後" else text

    monkeypatch.setattr(script, "_converter", lambda: Expanding())
    script._char_t2s.cache_clear()
    try:
        assert simplified_char("後") == "後"
        assert simplified_char("巡") == "巡"
    finally:
        script._char_t2s.cache_clear()


# --- is the text traditional? --------------------------------------------------------------


def test_text_without_han_characters_is_not_traditional():
    assert not is_traditional("")
    assert not is_traditional("2019-03-04 ABC")


def test_three_changed_characters_are_enough_when_they_are_three_percent():
    # 100 Han characters, 3 of them traditional: exactly at both limits.
    text = "後於會" + "巡" * 97
    assert len(simplified_copy(text)) == 100
    assert is_traditional(text)


def test_two_changed_characters_are_not_enough_however_short_the_text():
    assert not is_traditional("後於")
    assert not is_traditional("巡視")  # one change, a whole half of the text


def test_three_changed_characters_in_too_long_a_text_are_not_enough():
    # 3 of 101 Han characters is under 3 %.
    assert not is_traditional("後於會" + "巡" * 98)


def test_is_traditional_judges_by_the_copy_it_is_given():
    text = "中共某某廳黨組關於巡視整改進展情況的通報"
    assert is_traditional(text)
    assert is_traditional(text, simplified_copy(text))
    # A copy identical to the text means nothing changed.
    assert not is_traditional(text, text)


def test_is_traditional_compares_only_as_far_as_a_shorter_copy_goes():
    # A copy that lost characters (a phrase conversion that shortened it) is still compared
    # position by position up to its end, never refused.
    text = "後於會後於會"
    assert is_traditional(text, "后于会")
    assert not is_traditional(text, "后于")


# --- the restorer --------------------------------------------------------------------------


def test_restorer_refuses_a_copy_of_another_length():
    with pytest.raises(ValueError, match=r"^the simplified copy must keep every character in place$"):
        Restorer("巡视", "巡視組")


def test_restore_returns_the_printed_span_of_a_value_found_in_the_copy():
    restorer = restorer_for("省委第二巡視組對某某廳黨組進行了巡視")
    assert restorer.restore("巡视组") == "巡視組"
    assert restorer.restore("某某厅党组") == "某某廳黨組"
    assert restorer.restore("省委") == "省委"


def test_restore_keeps_empty_values():
    restorer = restorer_for("巡視")
    assert restorer.restore("") == ""
    assert restorer.restore(None) is None
    assert restorer.restore("", sequential=True) == ""


def test_restore_of_a_value_not_in_the_copy_translates_character_by_character():
    restorer = restorer_for("巡視組對黨組")
    assert restorer.restore("党组巡视") == "黨組巡視"
    # Characters the notice never prints in another form stay as they are.
    assert restorer.restore("会议") == "会议"


def test_translation_uses_the_form_the_notice_prints_most_often():
    # 发 is printed once as 發 and twice as 髮 (and the printed 髮 come after the 發).
    printed = "發言 頭髮 白髮"
    restorer = Restorer("发言 头发 白发", printed)
    assert restorer.restore("发") == "發"  # found in the copy: the first span as printed
    assert restorer.restore("理发店") == "理髮店"  # not found: the most frequent printed form


def test_a_simplified_character_printed_in_one_form_translates_to_it():
    restorer = Restorer("发言", "發言")
    assert restorer.restore("发生") == "發生"


def test_a_value_at_the_very_start_of_the_copy_keeps_its_printed_span():
    # The first 巡视 is printed in simplified form, the second in traditional: found at 0,
    # the value keeps the printed simplified form rather than the most frequent one.
    printed = "巡视组到巡視組巡視組"
    restorer = Restorer(simplified_copy(printed), printed)
    assert restorer.restore("巡视组") == "巡视组"
    assert restorer.restore("巡视组", sequential=True) == "巡视组"


def test_sequential_restore_follows_the_text_and_plain_restore_does_not_move():
    printed = "巡视巡視巡视"
    restorer = Restorer("巡视巡视巡视", printed)
    assert restorer.restore("巡视") == "巡视"
    assert restorer.restore("巡视") == "巡视"  # without sequential, always the first occurrence
    assert restorer.cursor == 0
    assert restorer.restore("巡视", sequential=True) == "巡视"
    assert restorer.cursor == 2
    assert restorer.restore("巡视", sequential=True) == "巡視"
    assert restorer.cursor == 4
    assert restorer.restore("巡视") == "巡视"  # a plain restore ignores the cursor
    assert restorer.restore("巡视", sequential=True) == "巡视"
    assert restorer.cursor == 6


def test_sequential_restore_starts_again_from_the_beginning_when_nothing_follows():
    printed = "巡視組,巡视"
    restorer = Restorer("巡视组,巡视", printed)
    assert restorer.restore("巡视", sequential=True) == "巡視"
    assert restorer.restore("巡视", sequential=True) == "巡视"
    # Past the last occurrence: the first one again, and the cursor moves to its end.
    assert restorer.restore("巡视组", sequential=True) == "巡視組"
    assert restorer.cursor == 3
    assert restorer.restore("巡视", sequential=True) == "巡视"


def test_starting_again_takes_the_first_of_several_occurrences():
    restorer = Restorer("巡视,巡视,巡视,组", "巡視,巡视,巡视,組")
    assert restorer.restore("组", sequential=True) == "組"
    assert restorer.restore("巡视", sequential=True) == "巡視"


def test_sequential_restore_of_a_value_not_in_the_copy_translates_and_keeps_the_cursor():
    restorer = restorer_for("巡視組對黨組")
    restorer.restore("巡视组", sequential=True)
    assert restorer.restore("党组巡视", sequential=True) == "黨組巡視"
    assert restorer.cursor == 3


# --- restoring a parsed notice ---------------------------------------------------------------

# Every phrase occurs twice, once printed in simplified and once in traditional characters, so
# that a value mapped to the wrong occurrence shows.
PRINTED = "\n".join(
    [
        "關於巡视整改情況的通報",  # header line 1
        "關於巡視整改情況的通報",  # header line 2: the same words, other forms
        "巡視組反饋了意見,整改进展,欢迎监督",  # preamble: a heading's and the closing's words, simplified
        "一、整改進展",  # section 1 heading
        "巡视組反饋了意見",  # section 1 text: the preamble's words
        "(一)整改进展",  # subsection heading
        "巡視组反饋了意見",  # subsection text
        "二、整改進展",
        "巡视组反饋了意見",
        "歡迎監督",  # closing
    ]
)


def parsed(**fields) -> ParsedNotice:
    matched = simplified_copy(PRINTED)
    lines = matched.split("\n")
    sub = ParsedSection(path="1.1", number="(一)", level=2, heading="整改进展", text=lines[6])
    sections = [
        ParsedSection(path="1", number="一、", level=1, heading="整改进展", text=lines[4], children=[sub]),
        ParsedSection(path="2", number="二、", level=1, heading="整改进展", text=lines[8]),
    ]
    notice = ParsedNotice(raw_text=PRINTED, text=matched, header=lines[:2], preamble=lines[2], sections=sections)
    notice.closing = lines[9]
    for name, value in fields.items():
        setattr(notice, name, value)
    return notice


def restored(notice: ParsedNotice) -> ParsedNotice:
    restore_printed(notice, Restorer(notice.text, PRINTED))
    return notice


def test_header_preamble_sections_and_closing_are_restored_in_order():
    notice = restored(parsed())
    lines = PRINTED.split("\n")
    assert notice.header == lines[:2]
    assert notice.preamble == lines[2]
    assert [(s.heading, s.text) for s in notice.iter_sections()] == [
        ("整改進展", lines[4]),
        ("整改进展", lines[6]),
        ("整改進展", lines[8]),
    ]
    assert notice.closing == lines[9]


def test_the_preamble_is_read_from_the_start_again_after_the_header():
    # Without a header the preamble is the first line; the cursor must be back at 0 for it.
    notice = parsed(header=[], preamble="关于巡视整改情况的通报")
    assert restored(notice).preamble == "關於巡视整改情況的通報"


def test_facts_are_restored_from_their_first_occurrence():
    notice = restored(
        parsed(
            title="关于巡视整改情况的通报",
            issuing_body="巡视组",
            source="反馈了意见",
            inspected_unit="情况的通报",
            round_label="巡视",
            inspection_group="巡视组",
            inspecting_committee="意见",
            inspection_kind="巡视",
        )
    )
    assert notice.title == "關於巡视整改情況的通報"
    assert notice.issuing_body == "巡視組"
    assert notice.source == "反饋了意見"
    assert notice.inspected_unit == "情況的通報"
    assert notice.round_label == "巡视"
    assert notice.inspection_group == "巡視組"
    assert notice.inspecting_committee == "意見"
    assert notice.inspection_kind == "巡视"  # a category, never restored
    assert notice.display_title == notice.title  # not derived: the title as printed


def test_a_derived_display_title_is_restored_itself():
    notice = restored(parsed(title="关于巡视整改情况的通报", display_title="巡视组反馈了意见", title_derived=True))
    assert notice.display_title == "巡視組反饋了意見"


def test_a_display_title_given_without_being_derived_becomes_the_title():
    notice = restored(parsed(title="关于巡视整改情况的通报", display_title="巡视组反馈了意见", title_derived=False))
    assert notice.display_title == "關於巡视整改情況的通報"


def test_a_derived_display_title_is_kept_when_it_is_empty_and_there_is_no_title():
    assert restored(parsed(title=None, display_title="", title_derived=True)).display_title == ""
    untitled = restored(parsed(title=None, display_title="整改进展", title_derived=False))
    assert untitled.display_title == "整改进展"  # nothing to take it from: left alone


def test_missing_facts_stay_missing():
    notice = restored(parsed())
    assert notice.title is None and notice.issuing_body is None and notice.inspection_group is None


def test_figures_are_restored_with_their_amount_as_printed():
    with_amount = ParsedFigure(measure="反馈", value=Decimal(1), unit="意见", clause="巡视组反馈了意见", amount="情况")
    without_amount = ParsedFigure(measure="意见", value=Decimal(2), unit="组", clause="反馈了意见")
    notice = restored(parsed(figures=[with_amount, without_amount]))
    assert (with_amount.measure, with_amount.unit, with_amount.clause, with_amount.amount) == (
        "反饋",
        "意見",
        "巡視組反饋了意見",
        "情況",
    )
    assert (without_amount.measure, without_amount.unit, without_amount.clause) == ("意見", "組", "反饋了意見")
    assert without_amount.amount == ""
    assert notice.figures == [with_amount, without_amount]


def test_a_figure_without_an_amount_field_is_restored_too():
    class Bare:
        def __init__(self):
            self.measure, self.unit, self.clause = "意见", "组", "反馈了意见"

    figure = Bare()
    restored(parsed(figures=[figure]))
    assert (figure.measure, figure.unit, figure.clause) == ("意見", "組", "反饋了意見")
    assert not hasattr(figure, "amount")


def test_provenance_quotes_are_the_printed_text_of_their_span():
    lines = PRINTED.split("\n")
    second = len(lines[0]) + 1  # where header line 2 starts
    provenance = {
        # The span points at the second header line; its quote (simplified) first occurs in line 1.
        "title": {"start": second, "end": second + len(lines[1]), "quote": "关于巡视整改情况的通报"},
        "inspection_group": {"quote": "巡视组反馈了意见", "method": "pattern"},  # no span: first occurrence
        "empty": {"start": 0, "end": 2, "quote": ""},
        "kind": "巡视",  # not a span: left alone
    }
    notice = restored(parsed(provenance=provenance))
    assert notice.provenance["title"]["quote"] == "關於巡視整改情況的通報"
    assert notice.provenance["inspection_group"]["quote"] == "巡視組反饋了意見"
    assert notice.provenance["empty"]["quote"] == ""
    assert notice.provenance["kind"] == "巡视"


def test_a_notice_without_provenance_is_restored_too():
    notice = parsed(title="关于巡视整改情况的通报")
    del notice.provenance
    restored(notice)
    assert notice.title == "關於巡视整改情況的通報"
