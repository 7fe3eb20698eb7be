"""Search in the public edition finds public reports and nothing internal."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from generator.site.search import INDEX_LANGUAGE, search_query
from tests.browser.conftest import LOAD_INDEX, serving
from tests.helpers import FIXTURES, SAMPLE, built_site, edit, write


@contextlib.contextmanager
def search_page(browser: Browser, site: Path) -> Iterator[tuple[Page, str]]:
    """A page of ``site`` served on 127.0.0.1, with Pagefind's API over the
    whole index as ``window.pf``; and the site's base URL. The home page: the
    search page's own script would merge the bundles a second time."""
    with serving(site) as base:
        page = browser.new_page()
        page.goto(base)
        page.evaluate(LOAD_INDEX, INDEX_LANGUAGE)
        yield page, base
        page.close()


@pytest.fixture(scope="module")
def public_search(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    site = tmp_path_factory.mktemp("public") / "site"
    built_site(SAMPLE, site, "--audience", "public")
    with search_page(browser, site) as (page, _):
        yield page


def _count(page: Page, text: str) -> int:
    return page.evaluate(
        "async (q) => (await window.pf.search(q)).results.length", search_query(text)
    )


def _text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def test_internal_text_is_not_found(public_search: Page) -> None:
    # 要情专报 2026年第32期 is internal; its reports speak of 排队售粮.
    internal = SAMPLE / "yaoqing/2026/032/02-秋粮收购.md"
    assert "排队售粮" in _text_of(internal)
    assert _count(public_search, "排队售粮") == 0


def test_public_text_is_found(public_search: Page) -> None:
    public = next((SAMPLE / "jiaoliu/2026/017").glob("0*.md"))
    phrase = _text_of(public).strip()[:6]
    assert _count(public_search, phrase) >= 1


# Titles that once forged or broke results: the metadata was joined with ~ and |.
HOSTILE_TITLES = [
    "标题甲~乙单位伪造|r-99~0~假标题",
    "引号\"与'单引号",
    "<b>标签</b>&amp;实体",
    '反斜杠\\与{"json":[1,2]},]',
    "第一行\n第二行",
]
NUMERALS = "〇一二三四五六七八九"
# Text of a public report that its page does not show.
UNSEEN = {
    "internal report's file name": "内部稿件名称",
    "comment": "注释里的内部说明",
    "script": "脚本里的内部说明",
}


@pytest.fixture(scope="module")
def planted(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Page, str]]:
    """The search page of a public edition whose reports have hostile titles
    and text a reader does not see."""
    root = tmp_path_factory.mktemp("planted")
    content = root / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    write(
        content,
        "kuaibao/2026/001/03-内部稿件名称.md",
        "---\ntitle: 内部稿件\nunit: jiaxian\n---\n内部正文。\n",
    )
    edit(content, "kuaibao/2026/001/01.md", "category:", "classification: 公开\ncategory:")
    edit(
        content,
        "kuaibao/2026/001/01.md",
        "开展隐患排查。",
        "开展隐患排查。[前文](03-内部稿件名称.md)\n\n<!-- 注释里的内部说明 -->\n\n"
        "<script>var s = '脚本里的内部说明';</script>\n",
    )
    for number, title in enumerate(HOSTILE_TITLES, start=1):
        write(
            content,
            f"kuaibao/2026/002/0{number}.md",
            f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nunit: jiaxian\n"
            f"classification: 公开\n---\n第{NUMERALS[number]}号独有段落内容。\n",
        )
    site = built_site(content, root / "site", "--audience", "public")
    with search_page(browser, site) as page_and_base:
        yield page_and_base


@pytest.mark.parametrize("text", UNSEEN.values(), ids=UNSEEN.keys())
def test_text_a_reader_does_not_see_is_not_found(planted: tuple[Page, str], text: str) -> None:
    page, _ = planted
    assert _count(page, "开展隐患排查") == 1  # the report itself is indexed
    assert _count(page, text) == 0


def test_the_excerpt_of_a_result_shows_only_what_the_page_shows(planted: tuple[Page, str]) -> None:
    page, base = planted
    page.goto(base + "search/?q=开展隐患排查")
    page.locator(".kw-result").first.wait_for()
    excerpts = " ".join(page.locator(".kw-result__excerpt").all_inner_texts())
    assert "隐患排查" in excerpts
    assert not any(text in excerpts for text in UNSEEN.values())


@pytest.mark.parametrize("number", range(1, len(HOSTILE_TITLES) + 1))
def test_a_result_shows_its_title_as_written_and_links_to_its_report(
    planted: tuple[Page, str], number: int
) -> None:
    page, base = planted
    page.goto(base + f"search/?q=第{NUMERALS[number]}号独有段落")
    page.locator(".kw-result").first.wait_for()
    links = page.locator(".kw-result__title")
    shown = links.evaluate_all("links => links.map(a => [a.textContent, a.getAttribute('href')])")
    assert len(shown) == 1
    title, href = shown[0]
    assert title == HOSTILE_TITLES[number - 1]
    assert href.endswith(f"kuaibao/2026/002/#r-0{number}")
