"""Attachments cannot carry script: a report may link or show only files of
the allow-list, and only what renders as a link is checked and published."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest

from generator.content.attachments import allowed_list
from generator.content.diagnostics import Problem
from generator.content.load import load
from tests.helpers import REPO, kanwu, write

REPORT = "kuaibao/2026/001/02.md"
HEAD = "---\ntitle: 附件测试\nunit: jiaxian\n---\n"  # the body starts on line 5


def _with_body(content: Path, body: str, *files: str) -> list[Problem]:
    for name in map(posixpath.normpath, files):
        if not (content / name).exists():
            write(content, name, b"\x00fictional")
    write(content, REPORT, HEAD + body)
    _, problems = load(content)
    return [p for p in problems if p.path == REPORT]


def _report_assets(content: Path) -> tuple[str, ...]:
    publication, _ = load(content)
    assert publication is not None
    return next(r.assets for i in publication.issues for r in i.reports if r.path == REPORT)


def test_a_linked_html_file_is_an_error_naming_file_and_line(content: Path) -> None:
    found = _with_body(content, "正文。\n\n[附件](a.html)\n", "kuaibao/2026/001/a.html")
    assert [str(p) for p in found] == [
        f'{REPORT}:7: 附件 "a.html" 的类型不允许发布'
        f"（HTML、SVG、XML 与脚本文件可能在读者浏览器中运行）；允许：{allowed_list()}"
    ]
    assert _report_assets(content) == ()


# How a body can refer to a file: {} is the URL.
FORMS = {
    "link": "[附件]({})",
    "image": "![图]({})",
    "reference link": "[附件][1]\n\n[1]: {}",
    "reference image": "![图][1]\n\n[1]: {}",
    "raw a": '<a href="{}">附件</a>',
    "raw img": '<img src="{}">',
    "title": '[附件]({} "说明")',
}
REFUSED = [
    "a.html",
    "a.HTM",
    "a.xhtml",
    "a.xml",
    "a.js",
    "a.mjs",
    "a.css",
    "x/a.shtml",
    "a.yml",
    "../../../ledger/2026.yml",
    "../../../journal.yml",
    "a.exe",
    "a.html?x=.pdf",
    "a.html#.pdf",
]


ALLOWED = ["a.pdf", "a.OFD", "a.docx", "a.wps", "a.xlsx", "a.et", "a.pptx", "a.dps", "a.png"]
ALLOWED += ["a.jpeg", "a.zip", "a.7z", "a.txt", "a.csv"]


@pytest.mark.parametrize(
    ("url", "allowed"), [(url, ALLOWED[i % len(ALLOWED)]) for i, url in enumerate(REFUSED)]
)
@pytest.mark.parametrize("form", FORMS.values(), ids=FORMS.keys())
def test_only_allow_listed_files_are_published(
    content: Path, form: str, url: str, allowed: str
) -> None:
    """The refused file is an error at its line; beside it, an allow-listed
    file in the same form and a link to another report are fine."""
    refused = "kuaibao/2026/001/" + url.partition("?")[0].partition("#")[0]
    beside = form.replace("[1]", "[2]").format(allowed)
    body = f"见[上期](../002/01.md)。\n\n{form.format(url)}\n\n{beside}\n"
    found = _with_body(content, body, refused, f"kuaibao/2026/001/{allowed}")
    lines = [p.line for p in found if "的类型不允许发布" in p.message]
    assert lines == [9 if "[1]:" in form else 7], found
    assert [p for p in found if "的类型不允许发布" not in p.message] == []
    assert _report_assets(content) == (f"kuaibao/2026/001/{allowed}",)


@pytest.mark.parametrize("form", ["[附件]({})", '<a href="{}">附件</a>', "[附件][s]\n\n[s]: {}"])
def test_an_svg_may_not_be_linked(content: Path, form: str) -> None:
    found = _with_body(content, form.format("图.svg") + "\n", "kuaibao/2026/001/图.svg")
    assert [(p.severity, "只能作为图片显示" in p.message) for p in found] == [("error", True)]


@pytest.mark.parametrize("form", ["![图]({})", '<img src="{}">', "![图][s]\n\n[s]: {}"])
def test_an_svg_image_is_checked_but_not_published(content: Path, form: str) -> None:
    assert _with_body(content, form.format("图.svg") + "\n", "kuaibao/2026/001/图.svg") == []
    assert _report_assets(content) == ()
    write(content, REPORT, HEAD + form.format("无.svg") + "\n")
    _, problems = load(content)
    assert [p.message for p in problems if p.path == REPORT] == [
        "链接或图片引用的文件不存在：无.svg"
    ]


HIDDEN = {
    "comment": "<!-- [x](../../../ledger/2026.yml) ![y](../002/内部图.png) -->",
    "multi-line comment": "<!--\n[x](../../../ledger/2026.yml)\n\n![y](../002/内部图.png)\n-->",
    "indented code": "正文。\n\n    [x](../../../ledger/2026.yml) ![y](../002/内部图.png)",
    "fenced code holding a fence": "````\n```\n[x](../../../ledger/2026.yml) ![y](../002/内部图.png)\n````",
    "code span holding a backtick": "见 ``[x](../../../ledger/2026.yml) ` ![y](../002/内部图.png)`` 。",
    "escaped": "见 \\[x](../../../ledger/2026.yml) !\\[y](../002/内部图.png)。",
}


@pytest.mark.parametrize("body", HIDDEN.values(), ids=HIDDEN.keys())
def test_what_does_not_render_is_neither_checked_nor_published(content: Path, body: str) -> None:
    write(content, "kuaibao/2026/002/内部图.png", b"\x89PNG")
    assert _with_body(content, body + "\n\n后文。\n") == []
    assert _report_assets(content) == ()


def test_a_visible_link_to_the_ledger_is_an_error(content: Path) -> None:
    found = _with_body(content, "正文。\n[x](../../../ledger/2026.yml)\n")
    assert [(p.line, p.severity) for p in found] == [(6, "error")]
    assert "内容源文件不会发布" in found[0].message


def test_lines_after_comments_and_code_are_counted(content: Path) -> None:
    body = "<!-- 一\n二 -->\n\n```\n三\n```\n\n    四\n\n`五\n六` [x](a.html)\n"
    found = _with_body(content, body, "kuaibao/2026/001/a.html")
    assert [p.line for p in found] == [5 - 1 + 11]


def test_build_publishes_no_script_attachment(content: Path, tmp_path: Path) -> None:
    write(content, "kuaibao/2026/001/x.svg", '<svg onload="alert(1)"/>')
    write(content, REPORT, HEAD + "[附件](x.svg)\n")
    result = kanwu("build", "--content", content, "--output", tmp_path / "out")
    assert result.returncode == 1
    assert f"{REPORT}:5: SVG 文件" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


def test_the_readme_lists_the_allow_list() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert allowed_list() in readme
