"""``kanwu export`` as an editor runs it: a unit's Word file imported, then
the issue exported again as PDF and Word, nothing lost on the way; where
the file goes; what is refused."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from tests.cli.wordfiles import (
    AFTER_FOOTNOTE,
    BULLETS,
    FOOTNOTE,
    FOOTNOTED,
    PARAGRAPHS,
    TABLE,
    TITLE,
    OfficeReport,
    write_docx,
)
from tests.helpers import FIXTURES, SAMPLE, kanwu
from tests.pdfs import text

ISSUE = "kuaibao/2026/002"  # of tests/fixtures/minimal: holds 01.md


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The office's Word file imported into an issue, the issue exported."""
    root = tmp_path_factory.mktemp("export")
    content = root / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    word = write_docx(root / "来稿.docx", OfficeReport(bullets=BULLETS))
    result = kanwu("import", word, "--issue", content / ISSUE, "--content", content)
    assert result.returncode == 0, result.stderr
    for fmt in ("pdf", "docx"):
        result = kanwu(
            "export",
            content / ISSUE,
            "--content",
            content,
            "--format",
            fmt,
            "-o",
            root / f"out.{fmt}",
        )
        assert result.returncode == 0, result.stdout + result.stderr
    return content, root / "out.pdf", root / "out.docx"


def flat(value: str) -> str:
    return re.sub(r"\s", "", value)


def test_a_word_file_imported_and_exported_keeps_every_paragraph(
    round_trip: tuple[Path, Path, Path],
) -> None:
    _, pdf, docx = round_trip
    exported = Document(str(docx))
    paragraphs = [p.text for p in exported.paragraphs]
    assert TITLE in paragraphs
    for paragraph in (*PARAGRAPHS, FOOTNOTED + "[1]" + AFTER_FOOTNOTE):
        assert paragraph in paragraphs
    assert any(FOOTNOTE in p for p in paragraphs)
    for item in BULLETS:
        assert any(p.endswith(item) for p in paragraphs)
    layer = re.sub(r"—\d+—", "", flat(text(pdf.read_bytes())))
    for paragraph in (TITLE, *PARAGRAPHS, FOOTNOTE, *BULLETS):
        assert flat(paragraph) in layer


def test_a_word_file_imported_and_exported_keeps_every_table_cell_and_picture(
    round_trip: tuple[Path, Path, Path],
) -> None:
    _, pdf, docx = round_trip
    exported = Document(str(docx))
    cells = [[c.text for c in row.cells] for t in exported.tables[:-1] for row in t.rows]
    assert cells == [list(row) for row in TABLE]
    assert len(exported.inline_shapes) == 1
    layer = flat(text(pdf.read_bytes()))
    for row in TABLE:
        for cell in row:
            assert cell in layer
    assert sum(len(page.images) for page in PdfReader(pdf).pages) == 1


def test_the_file_is_named_after_the_issue_by_default(
    round_trip: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    content = round_trip[0]
    result = kanwu(
        "export", content / ISSUE, "--content", content, "--format", "docx", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["示例信息（每日快报）2026年第2期.docx"]
    folder = tmp_path / "公文"
    result = kanwu(
        "export", content / ISSUE, "--content", content, "--format", "docx", "-o", f"{folder}/"
    )
    assert result.returncode == 0, result.stderr
    assert [p.name for p in folder.iterdir()] == ["示例信息（每日快报）2026年第2期.docx"]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("kuaibao/2026", "不是期目录"),
        ("kuaibao", "不是期目录"),
    ],
)
def test_a_folder_that_is_not_an_issue_is_refused(
    round_trip: tuple[Path, Path, Path], tmp_path: Path, where: str, message: str
) -> None:
    content = round_trip[0]
    result = kanwu("export", content / where, "--content", content, "-o", tmp_path / "x.pdf")
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_folder_outside_the_content_is_refused(
    round_trip: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    content = round_trip[0]
    result = kanwu("export", tmp_path, "--content", content, "-o", tmp_path / "x.pdf")
    assert result.returncode == 2
    assert "不在内容目录" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_content_errors_stop_the_export_before_anything_is_written(
    round_trip: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(round_trip[0], content)
    report = content / ISSUE / "01.md"
    report.write_text(
        report.read_text(encoding="utf-8").replace("unit:", "unti:"), encoding="utf-8"
    )
    result = kanwu("export", content / ISSUE, "--content", content, "-o", tmp_path / "x.pdf")
    assert result.returncode == 1
    assert f"{ISSUE}/01.md:" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_without_a_browser_the_pdf_is_refused_in_chinese(
    round_trip: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    content = round_trip[0]
    result = kanwu(
        "export", content / ISSUE, "--content", content, "-o", tmp_path / "x.pdf",
        env={"KANWU_CHROMIUM": str(tmp_path / "没有这个浏览器")},
    )  # fmt: skip
    assert result.returncode == 1
    assert "KANWU_CHROMIUM" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_notice_is_exported_by_its_week_or_month(tmp_path: Path, fmt: str) -> None:
    """The 通报 of a week, as its page shows it: 版头, number, title, body."""
    result = kanwu("export", "2026-W45", "--content", SAMPLE, "--format", fmt, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [written] = tmp_path.iterdir()
    assert written.name == f"信息工作通报2026年第12期.{fmt}"
    if fmt == "docx":
        lines = [(p.style.name, p.text) for p in Document(str(written)).paragraphs]
    else:
        lines = [("", re.sub(r"\s", "", line)) for line in text(written.read_bytes()).splitlines()]
    texts = [line for _, line in lines]
    assert texts[1:3] == ["信息工作通报", "2026年第12期"]
    assert any(t.startswith("2026年11月2日—11月8日信息采用情况通报") for t in texts)
    assert any("刊发的信息（10条）" in t for t in texts)
    if fmt == "docx":
        assert ("Title", "2026年11月2日—11月8日信息采用情况通报") in lines
        assert ("Heading 1", "一、刊发的信息（10条）") in lines


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("2026", "通报按周、按月印发"),
        ("2020-10", "没有这一期通报"),
        ("明天", "既不是期目录，也不是通报的时间"),
    ],
)
def test_a_notice_that_does_not_exist_is_refused(tmp_path: Path, what: str, message: str) -> None:
    result = kanwu("export", what, "--content", SAMPLE, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
