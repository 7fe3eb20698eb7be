"""The sample site in Chromium on 127.0.0.1: nothing leaves the host, no page
errors, search answers in Chinese, and it all works under a sub-path."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import serving

PAGES = [
    "",
    "kuaibao/",
    "kuaibao/2026/",
    "kuaibao/2026/175/",
    "pishi/2026/021/",
    "units/",
    "units/jiaxian/",
    "archive/2026/10/",
    "categories/经济/",
    "search/?q=秋粮收购",
    "stats/",
    "stats/2026/W41/",
    "stats/2026/10/",
    "stats/2026/quotas/",
    "stats/instructions/",
]


@dataclass
class Watch:
    """Requests to other hosts, and everything that went wrong on the page."""

    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


@contextmanager
def watched(browser: Browser, base: str) -> Iterator[tuple[Page, Watch]]:
    page = browser.new_page()
    watch = Watch()
    host = "/".join(base.split("/")[:3]) + "/"  # http://127.0.0.1:PORT/
    page.on("request", lambda r: None if r.url.startswith(host) else watch.requests.append(r.url))
    page.on("pageerror", lambda e: watch.failures.append(f"page error: {e}"))
    page.on(
        "console",
        lambda m: watch.failures.append(f"console: {m.text}") if m.type == "error" else None,
    )
    page.on(
        "response",
        lambda r: watch.failures.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    try:
        yield page, watch
    finally:
        page.close()


@pytest.mark.parametrize("url", PAGES)
def test_page_requests_nothing_off_host_and_raises_no_error(
    browser: Browser, server: str, url: str
) -> None:
    with watched(browser, server) as (page, watch):
        page.goto(server + url, wait_until="networkidle")
        if url.startswith("search/"):
            page.wait_for_selector(".kw-result")
    assert watch.requests == [], "requests off 127.0.0.1"
    assert watch.failures == []


def test_search_finds_a_report_by_a_chinese_phrase_and_opens_its_anchor(
    browser: Browser, server: str
) -> None:
    with watched(browser, server) as (page, watch):
        page.goto(server + "search/")
        page.locator("#kw-q").press_sequentially("排队售粮")
        page.locator(".kw-result").first.wait_for()
        titles = page.locator(".kw-result__title").all_inner_texts()
        # Every report holding the phrase, and no other (the sample has three).
        assert sorted(titles) == sorted(
            [
                "甲县部分收购网点出现排队售粮现象",
                "市委副书记对全市秋粮收购开局情况作出批示",
                "示例市秋粮收购进展顺利",
            ]
        )
        # One entry per issue, as the count counts them, its reports beneath.
        status = page.locator(".kw-search__status")
        assert (
            status.inner_text() == f"共有{page.locator('.kw-result').count()}期刊物含有相关信息。"
        )
        issue = page.locator(".kw-result", has_text="甲县部分收购网点出现排队售粮现象")
        assert "要情专报 2026年第32期" in issue.locator(".kw-result__issue").inner_text()
        found = issue.locator(".kw-result__report", has_text="甲县部分收购网点出现排队售粮现象")
        assert "甲县委办公室" in found.locator(".kw-result__meta").inner_text()
        assert found.locator(".kw-result__excerpt mark").first.inner_text() == "排队售粮"
        found.locator(".kw-result__title").click()
        page.wait_for_url("**/yaoqing/2026/032/#r-02-*")
        target = page.locator("h2.kw-report__title").nth(1)
        assert target.inner_text() == "甲县部分收购网点出现排队售粮现象"
        assert target.is_visible()
        box = target.bounding_box()
        assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    assert watch.failures == []


def test_header_search_box_leads_to_results(browser: Browser, server: str) -> None:
    with watched(browser, server) as (page, _):
        page.goto(server + "kuaibao/")
        page.locator("#kw-header-q").fill("秋粮")
        page.locator("#kw-header-q").press("Enter")
        page.wait_for_selector(".kw-result")
        assert "q=" in page.url
        assert page.locator("#kw-q").input_value() == "秋粮"


def test_search_filters_narrow_results_to_a_series(browser: Browser, server: str) -> None:
    with watched(browser, server) as (page, watch):
        page.goto(server + "search/?q=秋粮")
        page.wait_for_selector(".kw-result")
        everything = page.locator(".kw-result").count()
        page.locator("select[name=series]").select_option("要情专报")
        page.wait_for_function("() => location.search.includes('series=')")
        page.wait_for_timeout(600)
        issues = page.locator(".kw-result__issue").all_inner_texts()
        assert issues and all(m.startswith("要情专报") for m in issues)
        assert len(issues) < everything
    assert watch.failures == []


def test_filter_counts_are_those_of_the_results(browser: Browser, server: str) -> None:
    """With no search a filter counts the whole archive; with one, its results."""

    def counts(page: Page) -> dict[str, int]:
        labels = page.locator("select[name=series] option").all_inner_texts()[1:]
        return {m[1]: int(m[2]) for label in labels if (m := re.match(r"(.+)（(\d+)）$", label))}

    with watched(browser, server) as (page, watch):
        page.goto(server + "search/")
        page.locator("select[name=series] option").nth(1).wait_for(state="attached")
        archive = counts(page)
        page.goto(server + "search/?q=排队售粮")
        page.locator(".kw-result").first.wait_for()
        assert counts(page) == {}  # not the archive's: the results' are not known yet
        page.locator("select[name=series]").focus()  # a reader goes to the filter
        page.wait_for_function(
            "() => /（\\d+）$/.test(document.querySelector('select[name=series] option:nth-child(2)').textContent)"
        )
        found = page.locator(".kw-result").count()
        results = counts(page)
        assert sum(results.values()) == found  # each issue is of one series
        assert results != archive and results.keys() == archive.keys()
        assert results["要情专报"] >= 1 and results["工作交流"] == 0
    assert watch.failures == []


def test_the_site_works_under_a_sub_path(browser: Browser, sample_site: Path) -> None:
    with serving(sample_site, prefix="/xinxi/") as base, watched(browser, base) as (page, watch):
        page.goto(base + "kuaibao/2026/175/", wait_until="networkidle")
        color = page.locator(".kw-masthead__journal").evaluate("e => getComputedStyle(e).color")
        assert color == "rgb(200, 22, 29)"  # the journal's stylesheet loaded
        page.goto(base + "search/?q=秋粮收购")
        result = page.locator(".kw-result__title").first
        result.wait_for()
        assert "/xinxi/" in result.get_attribute("href")
        result.click()
        page.wait_for_load_state("networkidle")
        assert page.url.startswith(base)
    assert watch.failures == []
