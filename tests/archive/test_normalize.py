"""Text normalisation: widths, spaces, page furniture, page jumps, e-mail artefacts."""

from __future__ import annotations

import pytest

from archive.parsing.normalize import is_noise_line, normalize, normalize_line, normalize_text
from tests.conftest import GOLD, GOLD_IDS, seed_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("（一）加强党的领导方面", "(一)加强党的领导方面"),
        ("１．关于“文山会海”问题", "1.关于“文山会海”问题"),
        ("（１２）整改ＡＢＣ，完成：１００％；", "(12)整改ABC,完成:100%;"),
        ("关于纪委（纪检组）履行监督责任", "关于纪委(纪检组)履行监督责任"),
        ("﹙三﹚规范管理", "(三)规范管理"),
    ],
)
def test_full_width_forms_become_ascii(raw, expected):
    assert normalize_line(raw) == expected


def test_chinese_quotes_and_marks_are_kept():
    line = "“四风”问题、‘三公’经费。《条例》"
    assert normalize_line(line) == line


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u3000\u3000一、提高政治站位", "一、提高政治站位"),
        ("  新区党工委全面落实政治巡察的要求,\xa0旗帜鲜明讲政治", "新区党工委全面落实政治巡察的要求,旗帜鲜明讲政治"),
        ("1. 关于党委(党组)落实主体责任", "1.关于党委(党组)落实主体责任"),
        ("整改\u200b工作\ufeff", "整改工作"),
        ("发布日期:2017-12-25   来源:深圳市纪委", "发布日期:2017-12-25 来源:深圳市纪委"),
        ("16.12.2015 \xa015:21", "16.12.2015 15:21"),
        ("电子邮箱:ouchangcheng @dpxq.gov.cn。", "电子邮箱:ouchangcheng@dpxq.gov.cn。"),
        ("整改&nbsp;工作&#160;落实", "整改工作落实"),
    ],
)
def test_spaces_are_collapsed_where_they_mean_nothing(raw, expected):
    assert normalize_line(raw) == expected


def test_control_characters_and_line_endings():
    result = normalize("一、总体情况\r\n正文\x00第一段\x07。\r第二段")
    assert result.paragraphs == ["一、总体情况", "正文第一段。", "第二段"]


@pytest.mark.parametrize(
    "line",
    [
        "手机扫一扫打开当前界面",
        "使用“扫一扫”即可将网页分享至朋友圈",
        "扫一扫在手机上打开当前页",
        "分享到:微信 微博 QQ空间",
        "【打印本页】 【关闭窗口】",
        "[打印] | [关闭]",
        "关闭窗口",
        "字号:大 中 小",
    ],
)
def test_share_print_and_close_lines_are_noise(line):
    assert is_noise_line(normalize_line(line))
    assert normalize_text(f"正文第一段。\n{line}\n正文第二段。") == "正文第一段。\n正文第二段。"


@pytest.mark.parametrize(
    "line",
    [
        "群众可通过手机扫一扫二维码进行举报。",
        "打印机等办公设备一律按规定采购。",
        "关闭违规经营场所3处。",
    ],
)
def test_the_same_words_inside_sentences_are_kept(line):
    assert not is_noise_line(line)
    assert normalize_text(line) == line


def test_page_jump_markers_join_the_cut_paragraph():
    raw = "  1.落实“两个责任”。二是强化责任追究, (下转A4版)\n\n  (紧接A1版)为推动全面落实提供保障。\n  2.下一项。"
    result = normalize(raw)
    assert result.paragraphs == ["1.落实“两个责任”。二是强化责任追究,为推动全面落实提供保障。", "2.下一项。"]
    assert result.warnings == []


@pytest.mark.parametrize("marker_in", ["(上接第1版)", "（紧接A1版）"])
def test_continuation_marker_variants(marker_in):
    result = normalize(f"前半段,（下转第3版）\n{marker_in}后半段。")
    assert result.paragraphs == ["前半段,后半段。"]


def test_page_jump_without_continuation_keeps_text_and_warns():
    result = normalize("前半段,(下转A4版)\n另一篇文章。")
    assert result.paragraphs == ["前半段,", "另一篇文章。"]
    assert any("没有找到接续的内容" in w for w in result.warnings)


@pytest.mark.parametrize("artefact", ["[email protected]", "[email\xa0protected]", "[email&#160;protected]"])
def test_obfuscated_email_is_removed_never_kept(artefact):
    result = normalize(f"联系方式:020-83103136;\n电子邮箱:{artefact}\n中共广州市委")
    assert "protected" not in result.text
    assert result.paragraphs == ["联系方式:020-83103136;", "电子邮箱:", "中共广州市委"]
    assert any("电子邮箱" in w for w in result.warnings)


def test_empty_and_blank_text():
    assert normalize("").paragraphs == []
    assert normalize(" \n\u3000\n\xa0 \n").paragraphs == []


@pytest.mark.parametrize("gold", GOLD, ids=GOLD_IDS)
def test_seed_noise_is_removed_and_page_jumps_joined(gold):
    text = normalize_text(seed_text(gold))
    for noise in gold.get("noise_removed", []):
        assert noise not in text
    for marker in ("下转", "紧接", "[email", "\u3000", "\xa0", "（", "）", "，"):
        assert marker not in text
