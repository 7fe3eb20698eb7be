"""Search quality on a corpus written by another program, measured through
Pagefind's own JavaScript API in Chromium: planted words find their report,
and phrases find (nearly) every issue page that contains them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from benchmarks.corpus import Corpus, generate
from generator.site.search import INDEX_LANGUAGE, search_query
from tests.browser.conftest import LOAD_INDEX, serving
from tests.helpers import built_site

ISSUES_PER_YEAR = {"kuaibao": 40, "yaoqing": 10, "pishi": 8, "shangbao": 30, "jiaoliu": 8}
# Uncommon characters: a planted word is three of them, none found in the corpus.
RARE = (
    "鳐蘅翮鹈鹕蓍璎珞綦甪邗郯犍崆峒瀍澧沅渑浍溱洧皋陬鄢郓郾邛郫鄞郴鄯鄱酃醴阆陉隰隗雒"
    "靺鞨韪颀颉饕餮馗骊骢骥骧髡鬯魍魉魑鲋鲧鲲鲳鲵鳌鳏鳕鳜鹍鹗鹘鹚鹞麇麈黉黧鼋鼍"
    "貔貅赑屃觥觚觫觳訾詈謦龃龉鼗鼙鼹鼯鼷鼩鼽齑"  # spares: the realistic vocabulary uses a few
)
PHRASES = [
    "安全生产",
    "营商环境",
    "乡村振兴",
    "基层治理",
    "招商引资",
    "防汛",
    "信访",
    "隐患排查",
    "生态环境",
    "工作机制",
    "下一步",
]
# Longer than one index token: the search page sends them as phrases.
LONG_PHRASES = ["营商环境优化", "有关情况将及时续报", "现将有关情况续报如下"]
MIN_RECALL = 0.95


def _issue_url(report_id: str) -> str:
    series, year, number, _ = report_id.split("/")
    return f"/{series}/{year}/{int(number):03d}/"


def _plain(markdown: str) -> str:
    """Report text as a reader sees it: Markdown markers removed."""
    return re.sub(r"[*#>|`]|^\s*[-+]\s|^\s*\d+\.\s", "", markdown, flags=re.MULTILINE)


def _body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Corpus, dict, str]]:
    root = tmp_path_factory.mktemp("recall")
    corpus = generate(root / "content", years=2, issues_per_year=ISSUES_PER_YEAR, seed=11)
    text = "".join(p.read_text(encoding="utf-8") for p in corpus.root.rglob("*.md"))
    pool = [c for c in dict.fromkeys(RARE) if c not in text]
    assert len(pool) >= 75, "not enough characters absent from the corpus"
    reports = [r for issue in corpus.issues for r in issue.reports]
    step = len(reports) // 25
    planted = {}
    for n in range(25):
        report = reports[n * step]
        word = "".join(pool[3 * n : 3 * n + 3])
        path = corpus.root / f"{report.id.rsplit('/', 1)[0]}/{report.file_name}"
        path.write_text(
            path.read_text(encoding="utf-8") + f"\n会上还研究了{word}有关事项。\n", encoding="utf-8"
        )
        planted[word] = report.id
    site = root / "site"
    built_site(corpus.root, site)
    shards = json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(shards) >= 2, "the recall is measured across merged bundles"
    with serving(site) as base:
        yield corpus, planted, base


def _api_page(browser: Browser, base: str, language: str | None) -> Page:
    """A page with Pagefind's JS API loaded as ``window.pf``; ``language`` set
    as <html lang> first, as the site's search page does, or left as served.
    On the home page: the search page's own script would merge the bundles too."""
    page = browser.new_page()
    page.goto(base)
    page.evaluate(LOAD_INDEX, language)
    return page


@pytest.fixture(scope="module")
def raw_api(browser: Browser, corpus_site: tuple[Corpus, dict, str]) -> Iterator[Page]:
    """Pagefind's JS API as anyone would call it on the served page (lang zh)."""
    page = _api_page(browser, corpus_site[2], None)
    yield page
    page.close()


@pytest.fixture(scope="module")
def site_api(browser: Browser, corpus_site: tuple[Corpus, dict, str]) -> Iterator[Page]:
    """Pagefind's JS API as the site's search page calls it."""
    page = _api_page(browser, corpus_site[2], INDEX_LANGUAGE)
    yield page
    page.close()


def _search(page: Page, query: str) -> list[dict]:
    return page.evaluate(
        """async (q) => {
            const search = await window.pf.search(q);
            return Promise.all(search.results.map(async r => ({url: (await r.data()).url})));
        }""",
        query,
    )


def _issue_texts(corpus: Corpus) -> dict[str, str]:
    """What a reader reads on each issue page, from the files, by issue URL."""
    pages: dict[str, str] = {}
    for issue in corpus.issues:
        folder = corpus.root / issue.folder
        parts = [issue.topic or "", _plain(_body(folder / "index.md"))]
        for report in issue.reports:
            parts += [report.title, _plain(_body(folder / report.file_name))]
        pages[f"/{issue.series}/{issue.year}/{issue.number:03d}/"] = "\n".join(parts)
    return pages


@pytest.mark.parametrize("api", ["raw_api", "site_api"])
def test_a_word_planted_in_one_report_finds_that_report_first(
    corpus_site: tuple[Corpus, dict, str], api: str, request: pytest.FixtureRequest
) -> None:
    page = request.getfixturevalue(api)
    _, planted, _ = corpus_site
    assert len(planted) == 25
    for word, report_id in planted.items():
        query = word if api == "raw_api" else search_query(word)
        results = _search(page, query)
        assert results, f"{word}: nothing found"
        assert results[0]["url"] == _issue_url(report_id), word


@pytest.mark.parametrize("api", ["raw_api", "site_api"])
def test_phrases_find_at_least_95_percent_of_the_issue_pages_containing_them(
    corpus_site: tuple[Corpus, dict, str], api: str, request: pytest.FixtureRequest
) -> None:
    page = request.getfixturevalue(api)
    pages = _issue_texts(corpus_site[0])
    for phrase in PHRASES + (LONG_PHRASES if api == "site_api" else []):
        expected = {url for url, text in pages.items() if phrase in text}
        assert len(expected) >= 5, f"{phrase} is too rare to measure"
        query = phrase if api == "raw_api" else search_query(phrase)
        found = {r["url"] for r in _search(page, query)}
        recall = len(expected & found) / len(expected)
        assert recall >= MIN_RECALL, f"{phrase}: {recall:.1%} of {len(expected)} issue pages"
        if api == "site_api":
            # The search page's phrase query matches substrings: nothing extra either.
            precision = len(expected & found) / len(found)
            assert precision >= MIN_RECALL, f"{phrase}: {precision:.1%} precision"


def test_typing_a_planted_word_on_the_search_page_shows_its_report(
    browser: Browser, corpus_site: tuple[Corpus, dict, str]
) -> None:
    corpus, planted, base = corpus_site
    titles = {r.id: r.title for issue in corpus.issues for r in issue.reports}
    word, report_id = next(iter(planted.items()))
    page = browser.new_page()
    page.goto(base + "search/")
    page.locator("#kw-q").fill(word)
    first = page.locator(".kw-result").first
    first.wait_for()
    assert first.locator(".kw-result__title").inner_text() == titles[report_id]
    href = first.locator(".kw-result__title").get_attribute("href")
    assert href == f"{_issue_url(report_id)}#r-{report_id.rsplit('/', 1)[1]}"
    assert word in first.locator(".kw-result__excerpt mark").first.inner_text()
    page.close()


def test_the_filter_choices_count_the_issues_of_every_year(
    corpus_site: tuple[Corpus, dict, str], site_api: Page
) -> None:
    """The search page lists each filter's values from pagefind/shards.json:
    the same values and counts as Pagefind's filters over all merged bundles."""
    corpus = corpus_site[0]
    listed = site_api.evaluate("async () => (await (await fetch('/pagefind/shards.json')).json())")
    merged = site_api.evaluate("async () => await window.pf.filters()")
    assert listed["filters"] == merged
    assert listed["filters"]["year"] == {"2025": 96, "2026": 96}
    assert sum(listed["filters"]["series"].values()) == len(corpus.issues)
