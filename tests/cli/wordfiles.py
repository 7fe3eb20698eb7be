"""Word files as the network units write them, for ``kanwu import``.

An office report: 仿宋_GB2312 body at 16 pt (三号) with a two-character first-line
indent, the title in 方正小标宋简体 at 22 pt (二号) centred, numbering such as
一、（一）1. typed as text, a 报送单位 line, a table, a picture, a footnote.
Everything here is fictional. python-docx has no footnote API, so the
footnotes part is written as XML; the legacy formats (.doc, .wps, an encrypted
.docx) are OLE compound files, written by :func:`compound_file`.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"

TITLE = "甲县2026年一季度“春耕备耕”工作取得新进展：完成率98.5%"
UNIT_LINE = "（甲县委办公室报送）"
# Numbering typed as text, as offices do: none of it is a Word list.
PARAGRAPHS = (
    "今年以来，甲县聚焦春耕备耕，坚持“三个100%”要求，共排查隐患1,234处、整改率达98.6%。（纯属虚构）",
    "一、主要做法",
    "（一）压实责任。县委常委会3次专题研究，制定《甲县春耕备耕工作方案（2026—2027年）》。",
    "1.加强排查。组织12个工作组，深入各乡镇开展排查。",
    "2. 强化督办。对排查发现的问题实行清单化管理；逾期未整改的，一律通报。",
    "（1）建立台账；（2）定期调度：每周一、周四各调度1次。",
    "二、下一步打算",
)
# Written after the table and the picture; the footnote reference follows it.
FOOTNOTED = "下一步，甲县将对已整改问题开展“回头看”"
FOOTNOTE = "“回头看”指对已整改问题的复查，本例纯属虚构。"
AFTER_FOOTNOTE = "，确保3~5天内全部销号；重点事项用*号标注，编号如#1、[2]、<3>、a_b。"
TABLE = (
    ("乡镇", "排查隐患（处）", "整改率"),
    ("甲镇", "520", "98.5%"),
    ("乙乡", "714", "98.7%"),
)
BULLETS = ("建立隐患清单", "落实整改责任")
PICTURE_ALT = "甲县春耕现场（示意图）"


def png(width: int = 4, height: int = 3, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small solid-colour PNG, written by hand (no imaging library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


@dataclass
class OfficeReport:
    """What a unit's Word file holds; :func:`write_docx` writes it."""

    title: str | None = TITLE
    unit_line: str | None = UNIT_LINE
    unit_line_at_end: bool = False
    paragraphs: Sequence[str] = PARAGRAPHS
    table: Sequence[Sequence[str]] | None = TABLE
    bullets: Sequence[str] = ()
    pictures: Sequence[bytes] = field(default_factory=lambda: [png()])
    footnote: str | None = FOOTNOTE
    # docProps/core.xml's title (Word's 文件属性 → 标题); python-docx writes none.
    core_title: str = ""
    # A Word paragraph style for the title instead of direct formatting.
    title_style: str | None = None
    # The office's own paragraph style for the body (a template's 「公文正文」).
    body_style: str | None = None
    # A last table row whose first two cells are merged.
    merged_row: tuple[str, str] | None = None


def _fonts(paragraph: Paragraph, font: str, size: float, bold: bool = False) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.bold = bold or None
        run.font.name = font
        # Chinese text takes its font from w:eastAsia, which python-docx does not set.
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def _body(document: docx.document.Document, text: str, style: str | None = None) -> Paragraph:
    paragraph = document.add_paragraph(text, style=style)
    paragraph.paragraph_format.first_line_indent = Pt(32)
    _fonts(paragraph, HEADING_FONT if text.endswith(("主要做法", "下一步打算")) else BODY_FONT, 16)
    return paragraph


def _unit_line(document: docx.document.Document, text: str) -> None:
    paragraph = document.add_paragraph(text)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(paragraph, "楷体_GB2312", 16)


def _footnotes_part(document: docx.document.Document, text: str) -> None:
    """word/footnotes.xml with Word's two separator notes and note 1."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    # Word's own styles of footnotes, which python-docx's template lacks.
    for name, style_id, kind in (
        ("footnote text", "FootnoteText", WD_STYLE_TYPE.PARAGRAPH),
        ("footnote reference", "FootnoteReference", WD_STYLE_TYPE.CHARACTER),
    ):
        document.styles.add_style(name, kind).style_id = style_id
    part = Part(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def _footnote_reference(paragraph: Paragraph) -> None:
    paragraph._p.append(
        parse_xml(
            '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
        )
    )


def write_docx(path: Path, report: OfficeReport | None = None) -> Path:
    """Write ``report`` (by default the full office report) as ``path``."""
    report = report or OfficeReport()
    document = docx.Document()
    document.core_properties.title = report.core_title
    if report.title is not None:
        title = document.add_paragraph(report.title, style=report.title_style)
        if report.title_style is None:
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _fonts(title, TITLE_FONT, 22)
    if report.unit_line and not report.unit_line_at_end:
        _unit_line(document, report.unit_line)
    if report.body_style:
        document.styles.add_style(report.body_style, WD_STYLE_TYPE.PARAGRAPH)
    for text in report.paragraphs:
        _body(document, text, report.body_style)
    for text in report.bullets:
        document.add_paragraph(text, style="List Bullet")
    if report.table is not None:
        rows = report.table
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for cells, row in zip(rows, table.rows, strict=True):
            for text, cell in zip(cells, row.cells, strict=True):
                cell.text = text
                _fonts(cell.paragraphs[0], BODY_FONT, 14)
        if report.merged_row is not None:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[1])
            merged.text, cells[2].text = report.merged_row
    for picture in report.pictures:
        document.add_picture(BytesIO(picture), width=Pt(120))
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        pictures = document.inline_shapes
        pictures[len(pictures) - 1]._inline.docPr.set("descr", PICTURE_ALT)
    if report.footnote is not None:
        _footnotes_part(document, report.footnote)
        paragraph = _body(document, FOOTNOTED)
        _footnote_reference(paragraph)
        paragraph.add_run(AFTER_FOOTNOTE)
        _fonts(paragraph, BODY_FONT, 16)
    if report.unit_line and report.unit_line_at_end:
        _unit_line(document, report.unit_line)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def empty_docx(path: Path) -> Path:
    """A Word file with nothing typed in it."""
    return write_docx(
        path,
        OfficeReport(
            title=None, unit_line=None, paragraphs=(), table=None, pictures=[], footnote=None
        ),
    )


def broken_docx(path: Path) -> Path:
    """A .docx whose text part is cut off (a download that stopped, a bad disk)."""
    whole = zipfile.ZipFile(write_docx(path))
    parts = {name: whole.read(name) for name in whole.namelist()}
    whole.close()
    parts["word/document.xml"] = parts["word/document.xml"][:500]
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3, 512-byte sectors) holding
    ``streams``, as Word 97–2003, WPS and Office's encryption write them.
    Each stream is padded to 4096 bytes so that none goes into the mini stream."""
    sector = 512
    data = [
        content.ljust(max(4096, -(-len(content) // sector) * sector), b"\0")
        for content in streams.values()
    ]
    entries = len(streams) + 1
    dir_sectors = -(-entries * 128 // sector)
    data_sectors = sum(len(d) // sector for d in data)
    fat_sectors = 1
    total = fat_sectors + dir_sectors + data_sectors
    assert total <= sector // 4, "too large for one FAT sector"
    end, fat_mark, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_mark]
    chains: list[int] = []
    for length in [dir_sectors] + [len(d) // sector for d in data]:
        start = len(fat)
        chains.append(start)
        fat += [*range(start + 1, start + length), end]
    fat += [free] * (sector // 4 - len(fat))

    def entry(
        name: str, kind: int, start: int, size: int, child: int = free, right: int = free
    ) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, end, 0, child=1 if names else free)
    for index, name in enumerate(names):
        right = index + 2 if index + 1 < len(names) else free
        directory += entry(name, 2, chains[index + 1], len(streams[name]), right=right)
    directory = directory.ljust(dir_sectors * sector, b"\0")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, chains[0], 0, 4096, end, 0, end, 0)
    )
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(data)


def encrypted_docx() -> bytes:
    """A password-protected .docx: Office writes it as an OLE compound file."""
    return compound_file(
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": b"\x07" * 600}
    )


def legacy_doc() -> bytes:
    """A Word 97–2003 .doc."""
    return compound_file({"WordDocument": b"\xec\xa5\xc1\x00" + b"\0" * 60, "1Table": b"\0" * 64})


def wps_file() -> bytes:
    """A file in WPS 文字's own format (.wps)."""
    return compound_file({"WpsContent": b"\0" * 64, "SummaryInformation": b"\0" * 64})
