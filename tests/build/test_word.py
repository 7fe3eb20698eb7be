"""The exported Word document read back with python-docx: the layout is in
its styles and its section, as an office editing it would find it."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from tests.documents import ISSUE, LONG_PARAGRAPHS, TABLE, sample_with_issue
from tests.helpers import SAMPLE, kanwu


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> DocumentObject:
    root = tmp_path_factory.mktemp("word")
    content = sample_with_issue(root)
    out = root / "out.docx"
    result = kanwu("export", content / ISSUE, "--content", content, "--format", "docx", "-o", out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"已导出：{out}" in result.stdout
    return Document(str(out))


def east_asian(style: object) -> str:
    fonts = style.element.rPr.rFonts  # type: ignore[attr-defined]
    return str(fonts.get(qn("w:eastAsia")))


def test_the_page_is_a4_with_the_type_area_of_gbt_9704(word: DocumentObject) -> None:
    section = word.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == (
        pytest.approx(210, abs=0.1),
        pytest.approx(297, abs=0.1),
    )
    assert section.top_margin.mm == pytest.approx(37, abs=0.1)
    assert section.left_margin.mm == pytest.approx(28, abs=0.1)
    # 156 mm wide, 225 mm high.
    width = section.page_width - section.left_margin - section.right_margin
    height = section.page_height - section.top_margin - section.bottom_margin
    assert abs(width - Mm(156)) < Mm(0.1) and abs(height - Mm(225)) < Mm(0.1)


def test_the_grid_is_22_lines_of_28_characters(word: DocumentObject) -> None:
    grid = word.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    # 225 mm / 22 lines, in twentieths of a point.
    assert int(grid.get(qn("w:linePitch"))) / 20 == pytest.approx(225 / 25.4 * 72 / 22, abs=0.1)
    # Word's character pitch: the 16 pt size plus charSpace / 4096 pt.
    pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert pitch * 28 == pytest.approx(156 / 25.4 * 72, abs=0.5)


def test_the_styles_carry_the_faces_and_sizes(word: DocumentObject) -> None:
    styles = word.styles
    normal = styles["Normal"]
    assert east_asian(normal) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.first_line_indent == Pt(32)
    assert str(normal.paragraph_format.alignment) == "JUSTIFY (3)"
    title = styles["Title"]
    assert east_asian(title) == "方正小标宋简体"
    assert title.font.size == Pt(22)
    assert title.font.bold is False  # 小标宋 is heavy already: no fake bold
    assert east_asian(styles["Heading 1"]) == "黑体"
    assert east_asian(styles["Heading 2"]) == "楷体_GB2312"
    assert east_asian(styles["报送单位"]) == "楷体_GB2312"
    masthead = styles["版头"]
    assert east_asian(masthead) == "方正小标宋简体"
    assert str(masthead.font.color.rgb) == "E60012"
    assert styles["版记"].font.size == Pt(14)


def test_every_paragraph_is_kept_in_the_body_style(word: DocumentObject) -> None:
    body = [p.text for p in word.paragraphs if p.style.name == "Normal"]
    for paragraph in LONG_PARAGRAPHS:
        assert paragraph in body
    titles = [p.text for p in word.paragraphs if p.style.name == "Title"]
    assert titles == ["示例市推进基层治理现代化的做法与成效", "乙区重点项目建设进展情况"]
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、总体进展", "二、下步打算"]
    units = [p.text for p in word.paragraphs if p.style.name == "报送单位"]
    assert units == ["（甲县委办公室报送）", "（乙区委办公室、丙县委办公室报送）"]


def test_the_head_has_masthead_series_number_and_marks(word: DocumentObject) -> None:
    head = [(p.style.name, p.text) for p in word.paragraphs[:6]]
    assert head[:5] == [
        ("版头标志", "内部资料　注意保存"),
        ("版头标志", "特急"),
        ("版头", "示例信息"),
        ("专刊名", "每日快报"),
        ("期号", "2026年第191期（总第1188期）"),
    ]
    assert head[5][1] == "中共示例市委办公室\t2026年11月19日"
    border = word.paragraphs[5]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:color")) == "E60012"


def test_an_upward_series_has_its_signer_in_the_head(tmp_path: Path) -> None:
    out = tmp_path / "up.docx"
    result = kanwu(
        "export", SAMPLE / "shangbao/2026/169", "--content", SAMPLE, "--format", "docx", "-o", out
    )
    assert result.returncode == 0, result.stderr
    word = Document(str(out))
    assert [p.text for p in word.paragraphs[4:6]] == [
        "中共示例市委办公室\t2026年9月10日",
        "签发人：市委办公室主任",
    ]
    assert "RIGHT" in str(word.paragraphs[5].alignment)
    colophon = [row.cells[0].text for row in word.tables[-1].rows]
    assert not any("签发" in line for line in colophon)


def test_every_table_cell_and_the_picture_are_kept(word: DocumentObject) -> None:
    tables = [t for t in word.tables if t.style is not None and t.style.name == "Table Grid"]
    assert [[c.text for c in row.cells] for row in tables[0].rows] == [list(r) for r in TABLE]
    assert len(word.inline_shapes) == 1
    assert word.inline_shapes[0].width <= Mm(156)


def test_the_colophon_floats_at_the_foot_of_the_last_page(word: DocumentObject) -> None:
    colophon = word.tables[-1]
    lines = [row.cells[0].text for row in colophon.rows]
    assert lines[:3] == [
        "报：省委办公厅",
        "送：市委、市人大、市政府、市政协领导同志",
        "发：各县区委，市直各单位",
    ]
    assert lines[-1] == "中共示例市委办公室\t2026年11月19日印发"
    properties = colophon._tbl.tblPr
    floating = properties.find(qn("w:tblpPr"))
    assert floating.get(qn("w:tblpYSpec")) == "bottom"
    assert floating.get(qn("w:vertAnchor")) == "margin"
    borders = properties.find(qn("w:tblBorders"))
    # Eighths of a point: 0.35 mm thick rules over and under, 0.25 mm between.
    sizes = {
        side: int(borders.find(qn(f"w:{side}")).get(qn("w:sz")))
        for side in ("top", "bottom", "insideH")
    }
    assert sizes["top"] / 8 == pytest.approx(0.35 / 25.4 * 72, abs=0.1)
    assert sizes["bottom"] == sizes["top"]
    assert sizes["insideH"] / 8 == pytest.approx(0.25 / 25.4 * 72, abs=0.1)


def test_pages_are_numbered_at_the_outer_corners(word: DocumentObject) -> None:
    section = word.sections[0]
    assert word.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "RIGHT"), (section.even_page_footer, "LEFT")):
        paragraph = footer.paragraphs[0]
        assert side in str(paragraph.alignment)
        assert "PAGE" in paragraph._p.xml
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")


def test_only_what_was_issued_is_in_the_document(word: DocumentObject) -> None:
    text = "\n".join(p.text for p in word.paragraphs)
    for note in ("采用", "最佳信息", "续报", "上一期", "下一期"):
        assert note not in text


def test_the_public_edition_has_no_colophon_or_marks(tmp_path: Path) -> None:
    content = sample_with_issue(tmp_path)
    out = tmp_path / "public.docx"
    result = kanwu(
        "export", content / ISSUE, "--content", content, "--format", "docx",
        "--audience", "public", "-o", out,
    )  # fmt: skip
    # The issue has no 公开 report: the public edition has no such issue.
    assert result.returncode == 2
    assert "公开版中没有这一期" in result.stderr
    assert not out.exists()
