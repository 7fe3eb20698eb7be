"""Documents to Word (.docx) in the GB/T 9704-2012 layout, with real styles.

An office edits the file and sends it on, so the layout lives in styles
(正文 is Word's Normal: 3号仿宋, justified, two characters' indent; 标题 is
Title: 2号小标宋; 一、 is Heading 1 in 黑体, （一） Heading 2 in 楷体) and in
the section's document grid (22 lines of 28 characters), never in spacing
typed into each paragraph. The 版记 is a table floating at the foot of the
last page's type area, its rules the table's borders.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph

from generator.content.htmltree import Node, parse
from generator.site import labels
from generator.site.documents import IssueDocument, NoticeDocument

RED = RGBColor(0xE6, 0x00, 0x12)
# Faces as offices have them; Word falls back by itself where one is missing.
FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
# The grid: 225 mm / 22 lines in twentieths of a point; the character pitch
# (156 mm / 28) as Word writes it, in 4096ths of a point off the 16 pt size.
LINE_PITCH = 580
CHAR_SPACE = round((156 / 25.4 * 72 / 28 - 16) * 4096)
# Heading levels of report bodies (h3 is a body's first level: markup.py).
HEADINGS = {"h3": "Heading 1", "h4": "Heading 2", "h5": "Heading 3", "h6": "Heading 3"}
# Blocks read by their contents.
CONTAINERS = frozenset({"section", "div", "article", "figure", "blockquote"})


def write_docx(document: IssueDocument) -> bytes:
    """The issue as a .docx file's bytes."""
    doc = Document()
    _page(doc)
    _styles(doc)
    context = document.context
    _head(doc, context)
    if context["issue"].topic:
        doc.add_paragraph(context["issue"].topic, style="Title")
    if context["note_html"]:
        _html(doc, document, context["note_html"], style="编者按", label="编者按：")
    reports = context["reports"]
    if len(reports) > 1:
        doc.add_paragraph("目　录", style="目录标题")
        for view in reports:
            doc.add_paragraph(view.report.title, style="目录")
    for view in reports:
        doc.add_paragraph(view.report.title, style="Title")
        if context["series"].is_instructions:
            doc.add_paragraph(f"{view.report.leader}批示：", style="Heading 1")
            _html(doc, document, view.html)
            for label, units in (("涉及单位", view.units), ("交办单位", view.assigned)):
                if units:
                    doc.add_paragraph(f"{label}：{'、'.join(u.name for u in units)}")
            if view.report.due:
                doc.add_paragraph(f"办理时限：{labels.cn_date(view.report.due)}")
        else:
            names = "、".join(u.name for u in view.units)
            doc.add_paragraph(f"（{names}报送）", style="报送单位")
            _html(doc, document, view.html)
    if not context["catalog"].public:
        _colophon(doc, context)
    return _saved(doc, document.name, document.day, context["journal"].publisher)


def write_notice_docx(notice: NoticeDocument) -> bytes:
    """A 通报 as a .docx file's bytes: its 版头, title and body as on its page."""
    doc = Document()
    _page(doc)
    _styles(doc)
    article = next(n for n in _descendants(parse(notice.fragment)) if n.tag == "article")
    styles = {
        "kw-masthead__marks": "版头标志",
        "kw-masthead__journal": "版头",
        "kw-masthead__number": "期号",
        "kw-report__title": "Title",
    }
    for node in _descendants(article):
        classes = node.attrs.get("class", "").split()
        found = next((styles[c] for c in classes if c in styles), None)
        if found:
            doc.add_paragraph(_squeezed(node.text()), style=found)
        elif "kw-masthead__line" in classes:
            line = doc.add_paragraph(style="编印")
            line.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(16), WD_TAB_ALIGNMENT.RIGHT)
            line.paragraph_format.left_indent = Pt(16)
            line.add_run("\t".join(_squeezed(n.text()) for n in node.elements()))
            _border(line, "bottom", 8, "E60012")
        elif "kw-report__body" in classes:
            _html(doc, None, node)
    return _saved(doc, notice.name, notice.day, notice.publisher)


def _saved(doc: DocumentObject, title: str, day: dt.date, author: str) -> bytes:
    """The file's bytes, the same for the same document whenever it is
    written: dated the day it was issued, its parts stored with that date
    (a zip stamps each part with the time it is written), by the office."""
    properties = doc.core_properties
    issued = dt.datetime.combine(day, dt.time())
    properties.title, properties.author, properties.last_modified_by = title, author, author
    properties.created = properties.modified = issued
    properties.comments, properties.revision = "", 1
    written = io.BytesIO()
    doc.save(written)
    out = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = zipfile.ZipInfo(info.filename, date_time=issued.timetuple()[:6])
            part.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(part, source.read(info))
    return out.getvalue()


def _squeezed(text: str) -> str:
    """Text as a browser shows it: runs of ASCII white space as one space
    (the ideographic space 「　」 is text, kept)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


def _descendants(node: Node) -> Iterator[Node]:
    for child in node.elements():
        yield child
        yield from _descendants(child)


def _page(doc: DocumentObject) -> None:
    """A4, the type area at 37 mm from the top and 28 mm from the left,
    the grid of 22 × 28, page numbers at the outer corners."""
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(35 - 7) - Pt(14)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles["Footer"]
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = Pt(0)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(14)
        else:
            fmt.left_indent = Pt(14)
        paragraph.add_run("— ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" —")


def _field(paragraph: Paragraph, code: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1")):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == code else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _font(style: BaseStyle, face: str, size: float, color: RGBColor | None = None) -> None:
    """A style's face for Chinese and for Latin text, its size, no bold."""
    font = style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold, font.italic = face, Pt(size), False, False
    if color is not None:
        font.color.rgb = color
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), face)


def _styles(doc: DocumentObject) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    _font(normal, FANGSONG, 16)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Pt(32)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False
    ppr = normal.element.get_or_add_pPr()
    indent = ppr.get_or_add_ind()
    indent.set(qn("w:firstLineChars"), "200")
    for name, face, size, align in (
        ("Title", XIAOBIAOSONG, 22, WD_ALIGN_PARAGRAPH.CENTER),
        ("Heading 1", HEITI, 16, None),
        ("Heading 2", KAITI, 16, None),
        ("Heading 3", FANGSONG, 16, None),
        ("Footer", SONGTI, 14, None),
    ):
        style = styles[name]
        _font(style, face, size, RGBColor(0, 0, 0))
        _plain(style, align)
    for name, face, size, align, color in (
        ("版头", XIAOBIAOSONG, 42, WD_ALIGN_PARAGRAPH.CENTER, RED),
        ("专刊名", XIAOBIAOSONG, 22, WD_ALIGN_PARAGRAPH.CENTER, RED),
        ("期号", FANGSONG, 16, WD_ALIGN_PARAGRAPH.CENTER, None),
        ("版头标志", HEITI, 16, WD_ALIGN_PARAGRAPH.LEFT, None),
        ("编印", FANGSONG, 16, WD_ALIGN_PARAGRAPH.LEFT, None),
        ("报送单位", KAITI, 16, WD_ALIGN_PARAGRAPH.CENTER, None),
        ("编者按", KAITI, 16, None, None),
        ("目录标题", HEITI, 16, WD_ALIGN_PARAGRAPH.CENTER, None),
        ("目录", FANGSONG, 16, None, None),
        ("版记", FANGSONG, 14, WD_ALIGN_PARAGRAPH.LEFT, None),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _font(style, face, size, color)
        if align is not None:
            style.paragraph_format.alignment = align
        if align is not None or name == "版记":
            style.paragraph_format.first_line_indent = Pt(0)
            style.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
    for name, face in (("强调", HEITI), ("着重", KAITI)):
        style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            fonts.set(qn(attribute), face)
    # A title is followed by a blank line, as printed.
    styles["Title"].paragraph_format.space_after = Pt(LINE_PITCH / 20)
    styles["报送单位"].paragraph_format.space_after = Pt(LINE_PITCH / 20)


def _plain(style: BaseStyle, align: WD_ALIGN_PARAGRAPH | None) -> None:
    """Word's built-in heading look (spacing, keep with next, borders) undone."""
    fmt = style.paragraph_format  # type: ignore[attr-defined]
    fmt.space_before = fmt.space_after = Pt(0)
    if align is not None:
        fmt.alignment = align
        fmt.first_line_indent = Pt(0)
        style.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
    rpr = style.element.get_or_add_rPr()
    for child in list(rpr):
        if child.tag in (qn("w:bCs"), qn("w:iCs"), qn("w:caps"), qn("w:smallCaps")):
            rpr.remove(child)
    ppr = style.element.get_or_add_pPr()
    for child in list(ppr):
        if child.tag in (qn("w:pBdr"), qn("w:shd")):
            ppr.remove(child)


def _head(doc: DocumentObject, context: Mapping[str, Any]) -> None:
    """版头: marks, masthead, series, 期号, 编印单位 and date, the red rule."""
    issue, public = context["issue"], context["catalog"].public
    marks = []
    if not public and context["classification"] != "公开":
        marks.append("内部资料　注意保存")
    if not public and issue.urgency:
        marks.append(issue.urgency)
    # 密级, then 紧急程度, each on a line of its own at the left.
    for mark in marks or [""]:
        doc.add_paragraph(mark, style="版头标志")
    doc.add_paragraph(context["journal"].title, style="版头")
    doc.add_paragraph(context["series"].name, style="专刊名")
    doc.add_paragraph(f"{labels.issue_number(issue)}（总第{context['total']}期）", style="期号")
    line = doc.add_paragraph(style="编印")
    line.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(16), WD_TAB_ALIGNMENT.RIGHT)
    line.paragraph_format.left_indent = Pt(16)
    line.add_run(f"{context['journal'].publisher}\t{labels.cn_date(issue.date)}")
    if context["series"].upward and issue.issuer and not public:
        # 签发人 on a line of its own, at the right, as 上行文 set it.
        line = doc.add_paragraph(f"签发人：{issue.issuer}", style="编印")
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        line.paragraph_format.right_indent = Pt(16)
    _border(line, "bottom", 8, "E60012")


def _border(paragraph: Paragraph, side: str, eighths: int, color: str) -> None:
    borders = paragraph._p.get_or_add_pPr().find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        paragraph._p.get_or_add_pPr().append(borders)
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(eighths)), ("space", "6"), ("color", color)):
        edge.set(qn(f"w:{key}"), value)
    borders.append(edge)


def _colophon(doc: DocumentObject, context: Mapping[str, Any]) -> None:
    """版记: a one-column table floating at the foot of the last page's type
    area; a thick rule (0.35 mm) over the first line and under the last, thin
    ones (0.25 mm) between."""
    issue, upward = context["issue"], context["series"].upward
    lines = [f"{label}：{value}" for label, value in context["distribution"]]
    people = []
    if issue.issuer and not upward:
        people.append(f"签发：{issue.issuer}")
    if issue.editor:
        people.append(f"责任编辑：{issue.editor}")
    if people:
        lines.append("　　".join(people))
    printed = (context["journal"].publisher, f"{labels.cn_date(issue.date)}印发")
    table = doc.add_table(rows=len(lines) + 1, cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    properties = table._tbl.tblPr
    floating = OxmlElement("w:tblpPr")
    for key, value in (
        ("vertAnchor", "margin"),
        ("horzAnchor", "margin"),
        ("tblpYSpec", "bottom"),
        ("tblpXSpec", "center"),
    ):
        floating.set(qn(f"w:{key}"), value)
    properties.append(floating)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(156 / 25.4 * 1440)))
    width.set(qn("w:type"), "dxa")
    properties.append(width)
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", 8), ("bottom", 8), ("insideH", 6)):
        edge = OxmlElement(f"w:{side}")
        for key, value in (
            ("val", "single"),
            ("sz", str(size)),
            ("space", "0"),
            ("color", "000000"),
        ):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    for side in ("left", "right", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    properties.append(borders)
    for row, text in zip(table.rows, [*lines, None], strict=True):
        paragraph = row.cells[0].paragraphs[0]
        paragraph.style = doc.styles["版记"]
        paragraph.paragraph_format.left_indent = Pt(14)
        paragraph.paragraph_format.right_indent = Pt(14)
        if text is not None:
            paragraph.add_run(text)
        else:
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                Mm(156) - Pt(28), WD_TAB_ALIGNMENT.RIGHT
            )
            paragraph.add_run(f"{printed[0]}\t{printed[1]}")


def _html(
    doc: DocumentObject,
    document: IssueDocument | None,
    html: str | Node,
    style: str = "Normal",
    label: str = "",
) -> None:
    """A body's HTML as paragraphs, headings, lists, tables and pictures;
    sections and other containers by their contents."""
    first = True
    for node in (parse(html) if isinstance(html, str) else html).children:
        if isinstance(node, str):
            if node.strip():
                doc.add_paragraph(node.strip(), style=style)
            continue
        if node.tag in CONTAINERS:
            _html(doc, document, node, style)
        elif node.tag in HEADINGS:
            _runs(doc.add_paragraph(style=HEADINGS[node.tag]), node, document)
        elif node.tag in ("ul", "ol"):
            for number, item in enumerate(node.elements(), 1):
                mark = f"{number}. " if node.tag == "ol" else "· "
                paragraph = doc.add_paragraph(style=style)
                paragraph.add_run(mark)
                _runs(paragraph, item, document)
        elif node.tag == "table":
            _table(doc, node, document)
        elif node.tag == "hr":
            continue
        else:
            paragraph = doc.add_paragraph(style=style)
            if first and label:
                paragraph.add_run(label, style="强调")
            _runs(paragraph, node, document)
        first = False


def _runs(paragraph: Paragraph, node: Node, document: IssueDocument | None, char: str = "") -> None:
    for child in node.children:
        if isinstance(child, str):
            text = child.replace("\n", "")
            if text:
                paragraph.add_run(text, style=char or None)
        elif child.tag == "br":
            paragraph.add_run().add_break()
        elif child.tag == "img":
            _picture(paragraph, child, document)
        elif child.tag in ("strong", "b"):
            _runs(paragraph, child, document, "强调")
        elif child.tag in ("em", "i"):
            _runs(paragraph, child, document, "着重")
        else:
            _runs(paragraph, child, document, char)


def _picture(paragraph: Paragraph, node: Node, document: IssueDocument | None) -> None:
    """An image, at most the type area's width, centred on its own line."""
    path = document.file(node.attrs.get("src", "")) if document else None
    if path is None or not path.is_file():
        paragraph.add_run(node.attrs.get("alt", ""))
        return
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    run = paragraph.add_run()
    picture = run.add_picture(str(path))
    if picture.width > Mm(156):
        picture.height = Emu(int(picture.height * Mm(156) / picture.width))
        picture.width = Mm(156)


def _table(doc: DocumentObject, node: Node, document: IssueDocument | None) -> None:
    # A 通报's units with nothing in the period are named in its text already.
    rows = [
        row
        for part in node.elements()
        for row in (part.elements() if part.tag in ("thead", "tbody", "tfoot") else [part])
        if row.tag == "tr" and "kw-idle" not in row.attrs.get("class", "")
    ]
    if not rows:
        return
    columns = max(len(list(r.elements())) for r in rows)
    table = doc.add_table(rows=len(rows), cols=columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, source in zip(table.rows, rows, strict=True):
        for cell, item in zip(row.cells, source.elements(), strict=False):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            paragraph.style = doc.styles["Normal"]
            _runs(paragraph, item, document, "强调" if item.tag == "th" else "")
            for run in paragraph.runs:
                run.font.size = Pt(14)
