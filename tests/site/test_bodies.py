"""Rendered bodies: the files an edition publishes are those its pages show or link."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from generator.content.load import load
from generator.site import bodies as bodies_module
from generator.site.bodies import Bodies, render_bodies, visible_text
from generator.site.catalog import Audience, build_catalog
from tests.helpers import edit, write

PUBLIC_REPORT = "kuaibao/2026/002/01.md"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

# Where a reference can sit in Markdown without the page showing or linking it.
HIDDEN = {
    "comment": "<!-- [x]({url}) ![y]({url}) -->",
    "fenced code": "```\n[x]({url}) ![y]({url})\n```",
    "indented code": "    [x]({url}) ![y]({url})",
    "inline code": "`[x]({url})` `![y]({url})`",
    "script": "<script>document.write('<img src=\"{url}\">')</script>",
    "removed tag with content": '<form><a href="{url}">x</a><img src="{url}"></form>',
    "attribute not allowed": '<p data-src="{url}" style="background:url({url})">x</p>',
}
# Files a report may reach but which are never published: YAML, Markdown, pages.
NEVER = {
    "ledger": "../../../ledger/2026.yml",
    "journal": "../../../journal.yml",
    "units": "../../../units.yml",
    "another report": "../001/02.md",
    "html": "页面.html",
}
# Files published when a page shows them, and only then.
SHOWN = {"internal image": "../001/内部图.png", "attachment": "附件.pdf", "image": "图.png"}


def _bodies(content: Path, body: str, audience: Audience = "public") -> Bodies:
    """The bodies of the sample content with ``body`` appended to a public report."""
    write(content, "kuaibao/2026/001/内部图.png", b"\x89PNG internal")
    write(content, "kuaibao/2026/002/页面.html", "<script>alert(1)</script>")
    write(content, "kuaibao/2026/002/附件.pdf", b"%PDF-1.4")
    write(content, "kuaibao/2026/002/图.png", b"\x89PNG")
    write(content, "kuaibao/2026/002/图.svg", SVG)
    edit(content, PUBLIC_REPORT, "follows:", "classification: 公开\nfollows:")
    edit(content, PUBLIC_REPORT, "续报内容，纯属虚构。", f"续报内容，纯属虚构。\n\n{body}\n")
    publication, _ = load(content)  # unchecked: the build must hold even so
    assert publication is not None
    return render_bodies(build_catalog(publication, audience), content)


@pytest.mark.parametrize("target", [*NEVER.values(), *SHOWN.values()], ids=[*NEVER, *SHOWN])
@pytest.mark.parametrize("place", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_reference_the_page_does_not_show_publishes_nothing(
    content: Path, place: str, target: str
) -> None:
    bodies = _bodies(content, place.format(url=target))
    assert bodies.assets == frozenset()


@pytest.mark.parametrize("target", NEVER.values(), ids=NEVER.keys())
def test_a_visible_link_to_a_file_that_is_never_published_is_removed(
    content: Path, target: str
) -> None:
    bodies = _bodies(content, f"[链接]({target}) ![图]({target}) <a href='{target}'>x</a>")
    assert bodies.assets == frozenset()
    html = bodies.report("kuaibao/2026/002/01")
    assert "href" not in html and ".yml" not in html and ".html" not in html


@pytest.mark.parametrize(
    ("body", "published"),
    [
        ("[附件](附件.pdf)", {"kuaibao/2026/002/附件.pdf"}),
        ("![图](图.png)", {"kuaibao/2026/002/图.png"}),
        ('<img src="图.png" alt="图">', {"kuaibao/2026/002/图.png"}),
        ("[附件](./附件.pdf#page=2) [附件](附件.pdf?v=1)", {"kuaibao/2026/002/附件.pdf"}),
        ("[缺失](缺失.pdf)", set()),
        ("[附件](附件.pdf)\n\n<!-- ![图](图.png) -->", {"kuaibao/2026/002/附件.pdf"}),
    ],
)
def test_a_file_the_page_shows_or_links_is_published(
    content: Path, body: str, published: set[str]
) -> None:
    assert _bodies(content, body).assets == published


def test_an_internal_reports_image_is_not_published_in_the_public_edition(content: Path) -> None:
    edit(content, "kuaibao/2026/001/02.md", "两地联合巡河", "![内部](内部图.png)\n\n两地联合巡河")
    assert "kuaibao/2026/001/内部图.png" in _bodies(content, "", "intranet").assets
    assert _bodies(content, "").assets == frozenset()


@pytest.mark.parametrize("image", ["![图](图.svg)", '<img src="图.svg" alt="图">'])
def test_an_svg_image_is_embedded_where_it_cannot_run_and_not_published(
    content: Path, image: str
) -> None:
    bodies = _bodies(content, image)
    html = bodies.report("kuaibao/2026/002/01")
    src = re.search(r'<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert src is not None and base64.b64decode(src.group(1)) == SVG
    assert bodies.assets == frozenset()


@pytest.mark.parametrize(
    "body", ["[矢量图](图.svg)", "![太大](图.svg)"], ids=["linked", "too large"]
)
def test_an_svg_that_is_linked_or_too_large_is_dropped(
    content: Path, body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bodies_module, "MAX_INLINE_SVG", len(SVG) - 1)
    bodies = _bodies(content, body)
    html = bodies.report("kuaibao/2026/002/01")
    assert "svg" not in html and "data:" not in html
    assert bodies.assets == frozenset()


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>甲<strong>营商</strong>环境</p>", "甲营商环境"),
        ('<p><a href="内部文件名.pdf" title="提示">链接</a></p>', "链接"),
        ('<p><img src="x.png" alt="替代文字">图</p>', "图"),
        ("<script>脚本</script><style>样式</style><p>正文</p>", "正文"),
        ("<p>一段</p><p>二段</p>", "一段 二段"),
        ("<table><tr><td>甲</td><td>乙</td></tr></table>", "甲 乙"),
        ("<p>A &amp; B &lt;c&gt;</p>", "A & B <c>"),
    ],
)
def test_visible_text_is_what_a_reader_reads(html: str, text: str) -> None:
    assert " ".join(visible_text(html).split()) == text
