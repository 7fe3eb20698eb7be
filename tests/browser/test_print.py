"""A reader printing an issue page from the browser gets the document that
`kanwu export` writes: the same lines on the same pages, page numbers in
the margins, the 版记 at the foot of the last page, nothing the office
noted on the page afterwards."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page as BrowserPage

from generator.build.radicals import unified
from generator.site.render import THEME
from tests.browser.conftest import serving
from tests.documents import ISSUE, sample_with_issue
from tests.helpers import REPO, built_site, kanwu
from tests.pdfs import LEFT, PITCH, TOP, Page, read, text


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
        printed = print_page(page)
        page.evaluate("dispatchEvent(new Event('afterprint'))")
        page.wait_for_function("!document.documentElement.classList.contains('kw-print')")
        page.emulate_media(media="screen")
        # The page is as it was: no mark hanging, no spacer, no margins added.
        after = re.sub(r' style=""', "", page.inner_html("article.kw-issue"))
        assert after == screen
        assert "kw-print" not in (page.get_attribute("html", "class") or "")
        page.close()
    return read(exported.read_bytes()), read(printed), printed


def print_page(page: BrowserPage) -> bytes:
    """What a browser does when a reader presses Ctrl+P, to a PDF."""
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    return page.pdf(prefer_css_page_size=True, print_background=True)


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
    for note in ("采用", "最佳信息", "续报", "勘误", "上一期", "下一期", "RSS", "搜索"):
        assert note not in flat


def test_the_document_carries_the_sites_print_stylesheet_and_script() -> None:
    """One stylesheet and one script lay out both prints: the document's
    HTML holds the site's files, not a copy that could drift from them."""
    from generator.content.pipeline import load_and_validate
    from generator.site.catalog import build_catalog
    from generator.site.documents import issue_document
    from tests.helpers import SAMPLE

    publication, _ = load_and_validate(SAMPLE)
    assert publication is not None
    catalog = build_catalog(publication)
    html = issue_document(catalog, SAMPLE, next(iter(catalog.issues))).html()
    for name in ("kanwu-print.css", "kanwu-print.js"):
        assert (THEME / "assets" / name).read_text(encoding="utf-8") in html


def test_a_notice_prints_as_a_document_with_its_own_masthead(server: str, browser: Browser) -> None:
    """The monthly 信息采用情况通报 printed from its page: the red 《信息工作通报》
    版头 and number, numbered pages, body lines on the grid, and short: units
    with nothing to report are named once, not listed row by row."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}stats/2026/10/")
    number = page.inner_text(".kw-masthead__number")
    pdf = print_page(page)
    page.close()
    pages = read(pdf)
    head = [unified(re.sub(r"\s", "", line.text)) for line in pages[0].lines[:5]]
    assert head[:3] == ["内部资料注意保存", "信息工作通报", number]
    assert head[3].startswith("中共示例市委办公室") and head[3].endswith("2026年11月1日")
    assert head[4] == "2026年10月信息采用情况通报"
    red = [r for r in pages[0].rules if r.color and r.color[0] > 0.8 and r.color[1] < 0.1]
    assert len(red) == 1
    for printed in pages:
        assert printed.lines[-1].text.replace(" ", "") == f"—{printed.number}—"
        body = [line for line in printed.body_lines() if line.x0 < LEFT + 15]
        for line in body:
            # On the grid: 37 mm plus whole lines of 225 / 22 mm.
            assert (line.top - TOP) / PITCH == pytest.approx(
                round((line.top - TOP) / PITCH), abs=0.05
            )
    # Printed with the site's old stylesheet, this 通报 took 15 pages; 9
    # before it listed the month's urgent reports still waiting for a 续报.
    assert len(pages) <= 10
