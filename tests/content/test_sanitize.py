"""Nothing a network unit writes can run on a reader's page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.content.sanitize import audit, clean
from generator.site.markup import MarkdownRenderer
from tests.helpers import problems_in, write

HOSTILE = """正文第一段。

<script>window.pwned = 1</script>

<img src="x.png" onerror="window.pwned = 2">

[点这里](javascript:window.pwned=3)

<iframe src="http://elsewhere.example/"></iframe>

<p onclick="window.pwned = 4">带点击事件的段落</p>

<svg><script>window.pwned = 5</script></svg>

<a href="data:text/html,<script>alert(1)</script>">数据链接</a>

<img src="https://elsewhere.example/track.gif">

<style>body { display: none }</style>

| 项目 | 数量 |
|---|---|
| 收购 | **21** 万吨 |
"""


def test_hostile_markup_is_removed_and_formatting_kept() -> None:
    html = MarkdownRenderer().html(HOSTILE)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "iframe", "svg", "style", "object", "embed"])
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.startswith("on") or a == "style"], tag
    hrefs = [a.get("href") for a in soup.find_all("a")]
    assert all(h is None or not h.lower().startswith(("javascript:", "data:")) for h in hrefs)
    assert [img.get("src") for img in soup.find_all("img")] == ["x.png", None]
    assert "window.pwned" not in html
    # What an editor needs survives.
    assert soup.find("table") and soup.find("strong").get_text() == "21"
    assert "带点击事件的段落" in soup.get_text()


def test_data_images_are_kept_but_not_data_links() -> None:
    html = clean('<img src="data:image/png;base64,AAAA"><a href="data:text/html,x">a</a>')
    assert 'src="data:image/png;base64,AAAA"' in html
    assert "data:text" not in html


def test_audit_names_the_line_of_each_removal() -> None:
    findings = {(f.line, f.message) for f in audit(HOSTILE).findings}
    assert (3, "已删除不允许的 <script> 标签") in findings
    assert (5, "已删除 <img> 的 onerror 属性") in findings
    assert (7, "已删除不安全的链接 javascript:window.pwned=3") in findings
    assert (9, "已删除不允许的 <iframe> 标签") in findings
    assert (11, "已删除 <p> 的 onclick 属性") in findings
    assert (13, "已删除不允许的 <svg> 标签") in findings
    assert any(line == 17 and "其他网站的图片" in message for line, message in findings)


def test_code_and_autolinks_are_not_reported() -> None:
    text = "见 <https://example.com>，代码 `<script>` 不会执行。\n\n```\n<iframe>\n```\n"
    assert audit(text).findings == ()


def test_removals_are_warnings_that_name_the_file_and_line(content: Path) -> None:
    write(
        content,
        "kuaibao/2026/002/02.md",
        "---\ntitle: 含脚本的稿件\nunit: yiqu\n---\n正文\n<script>x</script>\n",
    )
    found = [p for p in problems_in(content) if p.path == "kuaibao/2026/002/02.md"]
    assert [(p.line, p.severity, p.message) for p in found] == [
        (6, "warning", "已删除不允许的 <script> 标签")
    ]


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("![](../../../../../etc/passwd)", "链接或图片指向内容目录之外：../../../../../etc/passwd"),
        ("[x](/etc/passwd)", "链接或图片指向内容目录之外：/etc/passwd"),
    ],
)
def test_links_may_not_leave_the_content_directory(content: Path, link: str, message: str) -> None:
    write(content, "kuaibao/2026/002/02.md", f"---\ntitle: 越界\nunit: yiqu\n---\n正文\n{link}\n")
    found = [p for p in problems_in(content) if p.path == "kuaibao/2026/002/02.md"]
    assert [(p.line, p.severity, p.message) for p in found] == [(6, "error", message)]


def test_a_missing_image_is_a_warning(content: Path) -> None:
    write(
        content, "kuaibao/2026/002/02.md", "---\ntitle: 缺图\nunit: yiqu\n---\n![现场](现场.jpg)\n"
    )
    found = [p for p in problems_in(content) if p.path == "kuaibao/2026/002/02.md"]
    assert [(p.line, p.severity) for p in found] == [(5, "warning")]
    assert "现场.jpg" in found[0].message
