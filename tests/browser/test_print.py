"""A reader printing an issue page from the browser gets the document that
`kanwu export` writes: the same lines on the same pages, page numbers in
the margins, the 版记 at the foot of the last page, nothing the office
noted on the page afterwards."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.build.radicals import unified
from generator.site.render import THEME
from tests.browser.conftest import serving
from tests.documents import ISSUE, sample_with_issue
from tests.helpers import REPO, built_site, kanwu
from tests.pdfs import Page, read, text


@pytest.fixture(scope="module")
def prints(
    tmp_path_factory: pytest.TempPathFactory, browser: Browser
) -> tuple[list[Page], list[Page], bytes]:
    """The issue exported, and its page printed from the browser."""
    root = tmp_path_factory.mktemp("print")
    content = sample_with_issue(root)
    exported = root / "export.pdf"
    result = kanwu("export", content / ISSUE, "--content", content, "-o", exported)
    assert result.returncode == 0, result.stderr
    config = root / "mkdocs.yml"
    config_text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(config_text.replace("  - kanwu:\n", "  - kanwu:\n      search: false\n"))
    site = built_site(content, root / "site", "--config", str(config))
    with serving(site) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{url}{ISSUE}/")
        screen = page.inner_html("article.kw-issue")
        # What a browser does when a reader presses Ctrl+P.
        page.evaluate("dispatchEvent(new Event('beforeprint'))")
        page.emulate_media(media="print")
        printed = page.pdf(prefer_css_page_size=True, print_background=True)
        page.evaluate("dispatchEvent(new Event('afterprint'))")
        page.wait_for_function("!document.documentElement.classList.contains('kw-print')")
        page.emulate_media(media="screen")
        # The page is as it was: no mark hanging, no spacer, no margins added.
        after = re.sub(r' style=""', "", page.inner_html("article.kw-issue"))
        assert after == screen
        assert "kw-print" not in (page.get_attribute("html", "class") or "")
        page.close()
    return read(exported.read_bytes()), read(printed), printed


def lines(pages: list[Page]) -> list[tuple[int, str, float, float]]:
    """Each line's page, text and place. The text as mended in the export:
    the browser's own PDF names some characters by radicals (radicals.py)."""
    return [
        (page.number, unified(re.sub(r"\s", "", line.text)), round(line.top, 1), round(line.x0, 1))
        for page in pages
        for line in page.lines
    ]


def test_the_printed_page_has_the_documents_lines_on_the_same_pages(
    prints: tuple[list[Page], list[Page], bytes],
) -> None:
    exported, printed, _ = prints
    assert len(printed) == len(exported) >= 4
    assert lines(printed) == lines(exported)


def test_the_printed_page_has_the_documents_rules(
    prints: tuple[list[Page], list[Page], bytes],
) -> None:
    exported, printed, _ = prints
    for ours, theirs in zip(printed, exported, strict=True):
        assert [(round(r.top, 1), round(r.thickness, 2)) for r in ours.rules] == [
            (round(r.top, 1), round(r.thickness, 2)) for r in theirs.rules
        ]


def test_the_print_holds_nothing_the_office_noted_afterwards(
    prints: tuple[list[Page], list[Page], bytes],
) -> None:
    flat = re.sub(r"\s", "", text(prints[2]))
    for note in ("采用", "最佳信息", "续报", "上一期", "下一期", "RSS", "搜索"):
        assert note not in flat


def test_the_print_stylesheet_is_the_documents(tmp_path: Path) -> None:
    """One stylesheet and one script lay out both prints (a copy in the
    document would drift from the site's)."""
    document = (THEME / "kanwu" / "document.html").read_text(encoding="utf-8")
    assert "{{ stylesheet|safe }}" in document and "{{ script|safe }}" in document
    shutil.copy(THEME / "assets" / "kanwu-print.css", tmp_path)
    assert "@bottom-right" in (tmp_path / "kanwu-print.css").read_text(encoding="utf-8")
