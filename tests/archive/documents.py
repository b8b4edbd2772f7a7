"""Real files in every upload format, built from a sample notice's text inside the test run."""

from __future__ import annotations

import functools
import hashlib
import io
import re
import tempfile
import zipfile
from html import escape
from pathlib import Path

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]


def paragraphs_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def gb18030_bytes(text: str) -> bytes:
    return text.encode("gb18030")


def html_page(text: str, *, title: str, charset: str = "utf-8", metadata: dict | None = None) -> bytes:
    """A page as a government site serves it: navigation, breadcrumb, metadata block, share bar, footer."""
    body = paragraphs_of(text)
    if body and body[0] == title:
        body = body[1:]
    meta_rows = "".join(
        f'<td class="label">{escape(label)}:</td><td>{escape(value)}</td>' for label, value in (metadata or {}).items()
    )
    paragraphs = "\n".join(f'<p style="text-indent:2em">{escape(p)}</p>' for p in body)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{escape(title)}_中共某某市纪律检查委员会网站</title>
<meta name="ArticleTitle" content="{escape(title)}">
<style>body {{ font-family: SimSun; }} .nav li {{ display: inline; }}</style>
<script>var _hmt = _hmt || []; document.write("站点统计脚本文字");</script>
</head><body>
<div class="header"><div class="logo">中共某某市纪律检查委员会 某某市监察委员会</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻中心</a></li>
<li><a href="/xsxc/">巡视巡察</a></li><li><a href="/gzdt/">工作动态</a></li>
<li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="breadcrumb">当前位置:<a href="/">首页</a> &gt; <a href="/xsxc/">巡视巡察</a> &gt; 整改通报</div>
<div class="article">
<h1>{escape(title)}</h1>
<table class="meta-block"><tr>{meta_rows}</tr></table>
<div class="fontsize">字号:<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div class="content" id="zoom">
{paragraphs}
</div>
<div class="share">分享到:<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="print"><a href="#">【打印本页】</a> <a href="#">【关闭窗口】</a></div>
</div>
<div class="footer"><p>版权所有:中共某某市纪律检查委员会 某ICP备12345678号</p>
<p>地址:某某市人民路1号 邮编:000000 网站标识码1234567890</p></div>
</body></html>"""
    # Sites that declare gb2312 really serve its superset (GBK/GB18030).
    return page.encode("gb18030" if charset.lower() in {"gb2312", "gbk"} else charset)


def docx_bytes(
    text: str, *, numbered_outline: bool = False, table_rows: list[list[str]] | None = None, table_after: int = 0
) -> bytes:
    """A Word file with the text's paragraphs; optionally a table after paragraph ``table_after``."""
    import docx

    document = docx.Document()
    num_id = _chinese_outline_numbering(document) if numbered_outline else None
    for index, paragraph in enumerate(paragraphs_of(text)):
        heading = TOP_HEADING.match(paragraph) if num_id else None
        if heading:
            # Word writes the number itself: the paragraph holds only the heading text.
            _set_numbering(document.add_paragraph(paragraph[heading.end() :]), num_id)
        else:
            document.add_paragraph(paragraph)
        if index == table_after and table_rows:
            table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
            for row, values in zip(table.rows, table_rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def _chinese_outline_numbering(document) -> str:
    """Add a list definition numbering 一、二、三、 and return its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
    )
    numbering.insert(0, abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def _set_numbering(paragraph, num_id: str) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    properties = paragraph._p.get_or_add_pPr()
    properties.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))


def cjk_font() -> Path:
    """A font with Chinese glyphs (Debian fonts-noto-cjk); fails the test clearly when missing."""
    for folder in FONT_DIRS:
        for pattern in ("**/NotoSansCJK-Regular.ttc", "**/NotoSerifCJK-Regular.ttc", "**/*CJK*.otf", "**/*CJK*.ttc"):
            found = sorted(folder.glob(pattern))
            if found:
                return found[0]
    raise AssertionError("No CJK font found under /usr/share/fonts: install the Debian package fonts-noto-cjk.")


@functools.cache
def _font_folder() -> tempfile.TemporaryDirectory:
    """One folder for the fonts cut during this run, removed when the interpreter exits.

    The cut fonts are cached for the whole run (fpdf2 reads them by path), so no
    test's ``tmp_path`` can hold them; the cache keeps the folder object alive
    and its finaliser removes the folder at exit.
    """
    return tempfile.TemporaryDirectory(prefix="cjk-font-")


@functools.lru_cache(maxsize=8)
def truetype_subset(chars: str) -> Path:
    """The CJK font cut down to ``chars``, its CFF outlines converted to TrueType.

    fpdf2 embeds CID-keyed CFF fonts (Noto CJK) with an embedded encoding CMap
    that neither pypdf nor pdfminer decodes, so the PDF would have no readable
    text layer; TrueType outlines give the Identity-H encoding that word
    processors write.
    """
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    path = cjk_font()
    font = TTFont(path, fontNumber=_simplified_chinese_index(path) if path.suffix == ".ttc" else -1)
    options = subset.Options()
    options.desubroutinize = True
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    glyph_set, order = font.getGlyphSet(), font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"], font["glyf"] = newTable("loca"), glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attribute in (
        "maxZones maxTwilightPoints maxStorage maxFunctionDefs maxInstructionDefs maxStackElements "
        "maxSizeOfInstructions maxComponentElements maxPoints maxContours maxCompositePoints "
        "maxCompositeContours maxComponentDepth"
    ).split():
        setattr(maxp, attribute, 1 if attribute == "maxZones" else 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
    font.sfntVersion = "\x00\x01\x00\x00"
    name = hashlib.sha256(chars.encode("utf-8")).hexdigest()[:16]
    target = Path(_font_folder().name) / f"cjk-subset-{name}.ttf"
    font.save(target)
    return target


def _simplified_chinese_index(path: Path) -> int:
    from fontTools.ttLib import TTCollection

    for index, font in enumerate(TTCollection(path, lazy=True).fonts):
        if " SC" in font["name"].getDebugName(1):
            return index
    return 0


def pdf_bytes(text: str, *, with_text: bool = True) -> bytes:
    """A PDF of the text set in a CJK font; ``with_text=False`` gives a scanned-looking page without a text layer."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    if not with_text:
        pdf.set_fill_color(230, 230, 230)
        pdf.rect(20, 20, 170, 250, style="F")
        return bytes(pdf.output())
    chars = "".join(sorted(set(text) | set(map(chr, range(32, 127))) | {"\u3000"}))
    pdf.add_font("cjk", fname=str(truetype_subset(chars)))
    pdf.set_font("cjk", size=11)
    for paragraph in paragraphs_of(text):
        pdf.multi_cell(0, 7, "\u3000\u3000" + paragraph, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def short_lines(lines: list[str], limit: int = 300) -> list[str]:
    """Whole lines from the start, at most ``limit`` characters together (one page of text)."""
    kept: list[str] = []
    for line in lines:
        if kept and sum(map(len, kept)) + len(line) > limit:
            break
        kept.append(line[:limit])
    return kept


def mixed_pdf(folder: Path, parts: list) -> bytes:
    """A PDF of one page per part: a string is set as text (a text layer), a PIL image is drawn as a scan.

    The images are written to ``folder`` for fpdf2 to embed.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    chars = "".join(sorted(set("".join(p for p in parts if isinstance(p, str))) | {" "}))
    pdf.add_font("cjk", fname=str(truetype_subset(chars)))
    for number, part in enumerate(parts, start=1):
        pdf.add_page()
        if isinstance(part, str):
            pdf.set_font("cjk", size=11)
            pdf.multi_cell(0, 7, part)
        else:
            path = folder / f"page-{number}.png"
            part.save(path)
            pdf.image(str(path), x=0, y=0, w=210)
    return bytes(pdf.output())


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
