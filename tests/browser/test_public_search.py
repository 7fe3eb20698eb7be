"""Search in the public edition finds public reports and nothing internal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from generator.site.search import INDEX_LANGUAGE, search_query
from tests.browser.conftest import serving
from tests.helpers import SAMPLE, built_site


@pytest.fixture(scope="module")
def public_search(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Page]:
    site = tmp_path_factory.mktemp("public") / "site"
    built_site(SAMPLE, site, "--audience", "public")
    with serving(site) as base:
        page = browser.new_page()
        page.goto(base + "search/")
        page.evaluate(
            "async (lang) => { document.documentElement.lang = lang;"
            " window.pf = await import('/pagefind/pagefind.js'); await window.pf.init(); }",
            INDEX_LANGUAGE,
        )
        yield page
        page.close()


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
