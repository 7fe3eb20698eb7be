"""``kanwu import``: Word files from units become the next reports of an issue,
as the editor and the reader see them: in the report file, on the built page,
in ``kanwu check --strict``, and in what the command says."""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from click.testing import CliRunner
from rich.cells import cell_len

from generator.cli import wordin
from generator.cli.commands import main
from generator.content.model import Report
from generator.content.pipeline import load_and_validate
from tests.cli.wordfiles import (
    AFTER_FOOTNOTE,
    BULLETS,
    FOOTNOTE,
    FOOTNOTED,
    PARAGRAPHS,
    PICTURE_ALT,
    TABLE,
    TITLE,
    OfficeReport,
    broken_docx,
    empty_docx,
    encrypted_docx,
    legacy_doc,
    png,
    wps_file,
    write_docx,
)
from tests.helpers import FIXTURES, built_site, kanwu, snapshot

ISSUE = "kuaibao/2026/002"  # of tests/fixtures/minimal: holds 01.md


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_import(content: Path, *args: str | Path) -> Run:
    """``kanwu import … --content content``, in this process (fast)."""
    argv = ["import", *map(str, args), "--content", str(content)]
    result = CliRunner().invoke(main, argv)
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


def import_one(content: Path, word: Path, *options: str) -> Run:
    return run_import(content, word, "--issue", content / ISSUE, *options)


def report(content: Path, name: str = "02") -> Report:
    publication, problems = load_and_validate(content)
    assert publication is not None, problems
    return next(r for i in publication.issues for r in i.reports if r.id == f"{ISSUE}/{name}")


# One import of the full office report, one build: most tests only look.


@dataclass(frozen=True)
class Imported:
    content: Path
    result: Run
    site: Path
    page: BeautifulSoup

    @property
    def body(self) -> Tag:
        section = self.page.find("section", attrs={"data-report": f"{ISSUE}/02"})
        assert isinstance(section, Tag)
        body = section.find(class_="kw-report__body")
        assert isinstance(body, Tag)
        return body

    def paragraphs(self) -> list[str]:
        return [p.get_text() for p in self.body.find_all("p", recursive=False)]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    root = tmp_path_factory.mktemp("import")
    content = root / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    word = write_docx(root / "来稿/甲县春耕备耕.docx", OfficeReport(bullets=BULLETS))
    # The real program, as an editor runs it.
    process = kanwu("import", word, "--issue", content / ISSUE, "--content", content)
    result = Run(process.returncode, process.stdout, process.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    site = built_site(content, root / "site")
    page = (site / ISSUE / "index.html").read_text(encoding="utf-8")
    return Imported(content, result, site, BeautifulSoup(page, "html.parser"))


def test_the_word_file_becomes_the_next_report_of_the_issue(imported: Imported) -> None:
    folder = imported.content / ISSUE
    assert sorted(p.name for p in folder.iterdir()) == ["01.md", "02-图1.png", "02.md", "index.md"]
    line = imported.result.stdout.splitlines()[0]
    assert line == (
        f"已导入 {imported.content.parent}/来稿/甲县春耕备耕.docx → {folder}/02.md："
        f"标题「{TITLE}」，报送单位 甲县委办公室（jiaxian），"
        "正文 10 段，表格 1 个，图片 1 张，脚注 1 条。"
    )


def test_title_and_unit_come_from_the_document_exactly(imported: Imported) -> None:
    found = report(imported.content)
    assert found.title == TITLE  # full-width “”：, digits and % as typed
    assert found.units == ("jiaxian",)
    section = imported.page.find("section", attrs={"data-report": f"{ISSUE}/02"})
    assert isinstance(section, Tag)
    assert section.h2 is not None and section.h2.get_text(strip=True) == TITLE
    # Neither the title nor the 报送单位 line is repeated in the body.
    assert TITLE not in imported.body.get_text()
    assert "报送" not in imported.body.get_text()


def test_paragraphs_are_kept_exactly_and_typed_numbering_stays_text(imported: Imported) -> None:
    paragraphs = imported.paragraphs()
    assert paragraphs[: len(PARAGRAPHS)] == list(PARAGRAPHS)
    # 「2. 强化督办」 is not a Word list: no numbered list on the page.
    assert imported.body.find("ol") is None
    text = (imported.content / ISSUE / "02.md").read_text(encoding="utf-8")
    for paragraph in PARAGRAPHS:
        if not paragraph.startswith("2. "):
            assert f"\n{paragraph}\n" in text


def test_markdown_signs_in_the_text_stay_text(imported: Imported) -> None:
    assert f"{FOOTNOTED}[1]{AFTER_FOOTNOTE}" in imported.paragraphs()
    assert imported.body.find(["del", "sub", "em", "code", "h1", "h3"]) is None


def test_real_word_lists_become_lists(imported: Imported) -> None:
    lists = imported.body.find_all("ul")
    assert [[li.get_text() for li in ul.find_all("li")] for ul in lists] == [list(BULLETS)]


def test_every_table_cell_is_on_the_page(imported: Imported) -> None:
    table = imported.body.find("table")
    assert isinstance(table, Tag)
    rows = [[cell.get_text() for cell in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]
    assert rows == [list(row) for row in TABLE]


def test_the_picture_is_extracted_beside_the_report_and_shown(imported: Imported) -> None:
    assert (imported.content / ISSUE / "02-图1.png").read_bytes() == png()
    images = imported.body.find_all("img")
    assert [(img["alt"], img["src"]) for img in images] == [(PICTURE_ALT, "02-图1.png")]
    assert (imported.site / ISSUE / "02-图1.png").read_bytes() == png()


def test_the_footnote_is_kept(imported: Imported) -> None:
    paragraphs = imported.paragraphs()
    assert [sup.get_text() for sup in imported.body.find_all("sup")] == ["[1]"]
    assert paragraphs[-2:] == ["注释：", f"[1] {FOOTNOTE}"]


def test_check_strict_is_clean_after_import(imported: Imported) -> None:
    result = kanwu("check", "--strict", "--content", imported.content)
    assert result.returncode == 0, result.stdout
    assert "0 处错误，0 处警告" in result.stdout


def test_several_files_take_the_next_numbers_in_order(content: Path, tmp_path: Path) -> None:
    first = write_docx(tmp_path / "一.docx")
    second = write_docx(tmp_path / "二.docx", OfficeReport(title="乙区开展示例巡查", footnote=None))
    result = run_import(content, first, second, "--issue", content / ISSUE)
    assert result.returncode == 0, result.stderr
    assert report(content, "02").title == TITLE
    assert report(content, "03").title == "乙区开展示例巡查"
    assert (content / ISSUE / "03-图1.png").read_bytes() == png()
    assert "共导入 2 个文件" in result.stdout


# Bad files: a Chinese message naming the file, exit 1, nothing written.


def _bytes(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


BAD_FILES = {
    "corrupt": ("损坏.docx", _bytes(b"PK\x03\x04 not a zip"), "不是有效的 Word 文档（.docx）"),
    "broken inside": ("半截.docx", broken_docx, "无法读取 Word 文档的内容，文件可能已损坏"),
    "encrypted": ("加密.docx", _bytes(encrypted_docx()), "文件设有打开密码（已加密）"),
    "legacy doc": ("旧格式.doc", _bytes(legacy_doc()), "这是 Word 97–2003 格式（.doc）"),
    "wps": ("金山.wps", _bytes(wps_file()), "这是 WPS 文字的专有格式（.wps）"),
    "empty": ("空白.docx", empty_docx, "文件中没有文字（空文档）"),
}


@pytest.mark.parametrize(("name", "make", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_named_in_chinese_and_nothing_is_written(
    content: Path, tmp_path: Path, name: str, make: Callable[[Path], object], message: str
) -> None:
    word = tmp_path / name
    make(word)
    before = snapshot(content)
    result = import_one(content, word)
    assert result.returncode == 1
    problem, summary = result.stderr.splitlines()
    assert problem.startswith(f"{word}：{message}")
    assert summary == "导入未完成：未写入任何文件。"
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(content) == before


def test_one_bad_file_among_several_imports_none(content: Path, tmp_path: Path) -> None:
    good = write_docx(tmp_path / "甲县.docx")
    bad = tmp_path / "旧格式.doc"
    bad.write_bytes(legacy_doc())
    before = snapshot(content)
    result = run_import(content, good, bad, "--issue", content / ISSUE)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "导入未完成：其余 1 个文件也未导入，未写入任何文件。"
    assert snapshot(content) == before


def test_a_write_that_fails_midway_leaves_nothing_behind(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up after the picture is in place: it is taken back."""
    word = write_docx(tmp_path / "甲县.docx")
    replace = os.replace

    def full_disk_for_reports(source: str | Path, target: str | Path) -> None:
        if str(target).endswith(".md"):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        replace(source, target)

    monkeypatch.setattr(wordin.os, "replace", full_disk_for_reports)
    before = snapshot(content)
    result = import_one(content, word)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"导入失败，未写入任何文件：「{content / ISSUE / '02.md'}」：磁盘空间已满。"
    )
    assert snapshot(content) == before
    assert sorted(p.name for p in (content / ISSUE).iterdir()) == ["01.md", "index.md"]


def test_a_missing_issue_folder_is_a_usage_error(content: Path, tmp_path: Path) -> None:
    word = write_docx(tmp_path / "甲县.docx")
    result = run_import(content, word, "--issue", content / "kuaibao/2026/009")
    assert result.returncode == 2
    assert "不存在" in result.stderr


def test_the_issue_folder_must_be_given(content: Path, tmp_path: Path) -> None:
    result = run_import(content, write_docx(tmp_path / "甲县.docx"))
    assert result.returncode == 2
    assert "错误：请用 --issue 指定导入到哪一期（期目录）" in result.stderr


def test_an_instructions_issue_is_refused(content: Path, tmp_path: Path) -> None:
    word = write_docx(tmp_path / "甲县.docx")
    result = run_import(content, word, "--issue", content / "pishi/2026/001")
    assert result.returncode == 2
    assert "「领导批示」是领导批示专刊，不能导入报送的稿件" in result.stderr


# The 报送单位 line: each way units write it, where they write it.

UNIT_LINES = {
    "sent": ("甲县委办公室报送", False),
    "in brackets": ("（甲县委办公室报送）", False),
    "named": ("报送单位：甲县委办公室", False),
    "short name": ("（甲县报送）", False),
    "id": ("报送单位：jiaxian", False),
    "at the end": ("（甲县委办公室报送）", True),
}


@pytest.mark.parametrize(("line", "at_end"), UNIT_LINES.values(), ids=UNIT_LINES.keys())
def test_the_unit_line_names_the_unit_and_leaves_the_body(
    content: Path, tmp_path: Path, line: str, at_end: bool
) -> None:
    word = write_docx(
        tmp_path / "甲县.docx",
        OfficeReport(unit_line=line, unit_line_at_end=at_end, footnote=None, pictures=[]),
    )
    result = import_one(content, word)
    assert result.returncode == 0, result.stderr
    found = report(content)
    assert found.units == ("jiaxian",)
    assert line not in found.body


def test_a_heading_ending_in_baosong_is_text(content: Path, tmp_path: Path) -> None:
    paragraphs = ("三、信息报送", *PARAGRAPHS)
    word = write_docx(tmp_path / "甲县.docx", OfficeReport(paragraphs=paragraphs))
    assert import_one(content, word).returncode == 0
    found = report(content)
    assert found.units == ("jiaxian",)
    assert found.body.lstrip("\n").startswith("三、信息报送\n")


def test_a_joint_report_names_every_unit(content: Path, tmp_path: Path) -> None:
    word = write_docx(
        tmp_path / "联合.docx", OfficeReport(unit_line="（甲县委办公室、乙区委办公室报送）")
    )
    assert import_one(content, word).returncode == 0
    assert report(content).units == ("jiaxian", "yiqu")


@pytest.mark.parametrize(
    "line",
    ["（甲县委办室报送）", "甲县委办室报送", "报送单位：甲县委办室"],
    ids=["in brackets", "sent", "named"],
)
def test_an_unknown_unit_is_named_with_a_suggestion(
    content: Path, tmp_path: Path, line: str
) -> None:
    word = write_docx(tmp_path / "甲县.docx", OfficeReport(unit_line=line))
    before = snapshot(content)
    result = import_one(content, word)
    assert result.returncode == 1
    assert (
        f'{word}：报送单位「甲县委办室」不在单位名录中（是否为 "甲县委办公室"？），'
        "请核对 units.yml 或用 --unit 指定单位标识"
    ) in result.stderr
    assert snapshot(content) == before


def test_without_a_unit_line_the_unit_must_be_given(content: Path, tmp_path: Path) -> None:
    word = write_docx(tmp_path / "甲县.docx", OfficeReport(unit_line=None))
    result = import_one(content, word)
    assert result.returncode == 1
    assert f"{word}：文件中没有报送单位" in result.stderr
    assert import_one(content, word, "--unit", "yiqu").returncode == 0
    assert report(content).units == ("yiqu",)


def test_the_unit_option_overrides_the_line(content: Path, tmp_path: Path) -> None:
    word = write_docx(tmp_path / "甲县.docx")
    result = import_one(content, word, "--unit", "yiqu")
    assert result.returncode == 0, result.stderr
    found = report(content)
    assert found.units == ("yiqu",)
    assert "报送" not in found.body
    assert "报送单位 乙区委办公室（yiqu）" in result.stdout


def test_an_unknown_unit_option_is_a_usage_error(content: Path, tmp_path: Path) -> None:
    result = import_one(content, write_docx(tmp_path / "甲县.docx"), "--unit", "yiqv")
    assert result.returncode == 2
    assert '报送单位 "yiqv" 不在单位名录中（是否为 "yiqu"？）' in result.stderr


# The title: what the reader of the Word file sees as its title.

TITLES = {
    "Word's Title style": OfficeReport(title_style="Title"),
    "file properties matching the text": OfficeReport(core_title=TITLE),
    "stale file properties": OfficeReport(core_title="乙区上月的另一篇信息"),
    "placeholder file properties": OfficeReport(core_title="文档1"),
}


@pytest.mark.parametrize("word_file", TITLES.values(), ids=TITLES.keys())
def test_the_title_is_the_one_the_document_shows(
    content: Path, tmp_path: Path, word_file: OfficeReport
) -> None:
    result = import_one(content, write_docx(tmp_path / "甲县.docx", word_file))
    assert result.returncode == 0, result.stderr
    found = report(content)
    assert found.title == TITLE
    assert TITLE not in found.body


def test_a_title_with_yaml_signs_is_kept_exactly(content: Path, tmp_path: Path) -> None:
    title = "甲县 : #1 “示例”工作 [试点] - 010"  # 「: 」 and 「#」 are YAML signs
    assert (
        import_one(
            content, write_docx(tmp_path / "甲县.docx", OfficeReport(title=title))
        ).returncode
        == 0
    )
    assert report(content).title == title
    assert kanwu("check", "--strict", "--content", content).returncode == 0


def test_without_a_visible_title_the_file_properties_give_it(content: Path, tmp_path: Path) -> None:
    word_file = OfficeReport(title=None, core_title="甲县示例工作情况")
    assert import_one(content, write_docx(tmp_path / "甲县.docx", word_file)).returncode == 0
    assert report(content).title == "甲县示例工作情况"


def test_without_any_title_the_file_is_refused(content: Path, tmp_path: Path) -> None:
    word = write_docx(tmp_path / "甲县.docx", OfficeReport(title=None))
    result = import_one(content, word)
    assert result.returncode == 1
    assert f"{word}：找不到标题" in result.stderr


def test_merged_cells_keep_every_cell(content: Path, tmp_path: Path) -> None:
    word_file = OfficeReport(merged_row=("合计", "98.6%"), footnote=None, pictures=[])
    assert import_one(content, write_docx(tmp_path / "甲县.docx", word_file)).returncode == 0
    table = BeautifulSoup(report(content).body, "html.parser").find("table")
    assert isinstance(table, Tag)
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in table.find_all("tr")]
    assert rows == [*map(list, TABLE), ["合计", "98.6%"]]
    assert table.find("td", colspan="2") is not None
    assert kanwu("check", "--strict", "--content", content).returncode == 0


def test_what_is_dropped_is_said_in_chinese(content: Path, tmp_path: Path) -> None:
    word_file = OfficeReport(body_style="公文正文", footnote=None)
    result = import_one(content, write_docx(tmp_path / "甲县.docx", word_file))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith("脚注 0 条；已忽略的样式：公文正文。")


def test_help_reads_like_the_other_commands() -> None:
    result = kanwu("import", "--help", env={"COLUMNS": "80"})
    assert result.returncode == 0
    assert result.stdout.startswith("用法： kanwu import [选项] 文件...")
    assert "--issue 期目录" in result.stdout and "--unit 单位" in result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80
    assert not re.search(r"[A-Za-z]{3,} [a-z]{3,} [a-z]{3,}", result.stdout)  # no English prose
