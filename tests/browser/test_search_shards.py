"""The search page over a site whose index was updated for a change in one
year: the new text is found, the removed text is not, and the other years'
bundles, taken over unchanged, are still searched."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from benchmarks.corpus import generate
from tests.browser.conftest import serving, show_all_results
from tests.build.test_index_shards import ISSUES_PER_YEAR
from tests.helpers import built_site

OLD_WORD = "鼋鼍鲲鹏旧词"
NEW_WORD = "鳐蘅翮鹈新词"
KEPT_WORD = "靺鞨韪颀留词"


def _inodes(bundle: Path) -> dict[str, int]:
    return {
        p.relative_to(bundle).as_posix(): p.stat().st_ino for p in bundle.rglob("*") if p.is_file()
    }


def _titles(browser: Browser, base: str, query: str) -> list[str]:
    page = browser.new_page()
    page.goto(base + "search/")
    page.locator("#kw-q").fill(query)
    page.locator(".kw-search__status:not(:empty)").wait_for()
    titles = page.locator(".kw-result__title").all_inner_texts()
    page.close()
    return titles


@pytest.mark.parametrize("prefix", ["/", "/xinxi/"])
def test_after_a_change_in_one_year_the_search_page_finds_the_new_text_only(
    browser: Browser, tmp_path: Path, prefix: str
) -> None:
    corpus = generate(tmp_path / "content", years=2, issues_per_year=ISSUES_PER_YEAR, seed=4)
    changed = next(r for i in corpus.issues if i.year == 2025 for r in i.reports)
    kept = next(r for i in corpus.issues if i.year == 2026 for r in i.reports)
    for report, word in ((changed, OLD_WORD), (kept, KEPT_WORD)):
        path = corpus.root / report.id.rsplit("/", 1)[0] / report.file_name
        path.write_text(path.read_text(encoding="utf-8") + f"\n{word}。\n", encoding="utf-8")
    site = built_site(corpus.root, tmp_path / "site")
    path = corpus.root / changed.id.rsplit("/", 1)[0] / changed.file_name
    path.write_text(path.read_text(encoding="utf-8").replace(OLD_WORD, NEW_WORD), encoding="utf-8")
    before = {year: _inodes(site / "pagefind" / year) for year in ("2025", "2026")}
    built_site(corpus.root, site)
    # The unchanged year's bundle is taken over, file for file; the other is new.
    assert _inodes(site / "pagefind" / "2026") == before["2026"]
    assert not _inodes(site / "pagefind" / "2025").items() & before["2025"].items()
    with serving(site, prefix) as base:
        assert _titles(browser, base, NEW_WORD) == [changed.title]
        assert _titles(browser, base, OLD_WORD) == []
        assert _titles(browser, base, KEPT_WORD) == [kept.title]


COMMON_WORD = "鼗鼙常见词"


def test_a_page_of_results_from_the_newest_bundles_downloads_no_older_one(
    browser: Browser, tmp_path: Path
) -> None:
    corpus = generate(tmp_path / "content", years=2, issues_per_year={"kuaibao": 300}, seed=5)
    newest = max(issue.date for issue in corpus.issues)
    month = [i for i in corpus.issues if (i.date.year, i.date.month) == (newest.year, newest.month)]
    older = [i for i in corpus.issues if i.year == newest.year - 1][:3]
    assert len(month) > 20
    for issue in [*month, *older]:
        report = issue.reports[0]
        path = corpus.root / issue.folder / report.file_name
        path.write_text(path.read_text(encoding="utf-8") + f"\n{COMMON_WORD}。\n", encoding="utf-8")
    site = built_site(corpus.root, tmp_path / "site")
    with serving(site) as base:
        page = browser.new_page()
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        page.goto(f"{base}search/?q={COMMON_WORD}")
        status = page.locator(".kw-search__status")
        status.filter(has_text="期刊物含有相关信息").wait_for()
        # A page of results, all from the newest month: no older bundle asked for.
        assert page.locator(".kw-result").count() == 20
        assert f"{newest.year}年{newest.month}月以来有{len(month)}期" in status.inner_text()
        assert not [url for url in asked if f"/pagefind/{newest.year - 1}/" in url]
        # Asking for more searches older years too, until every issue is shown.
        show_all_results(page)
        assert page.locator(".kw-result").count() == len(month) + len(older)
        assert status.inner_text() == f"共有{len(month) + len(older)}期刊物含有相关信息。"
        assert [url for url in asked if f"/pagefind/{newest.year - 1}/" in url]
        page.close()


ABSENT_PHRASE = "鼋鼍鲲鹏蘅翮"
OLD_PHRASE = "靺鞨韪颀鳐鹈"


def _asked_bundles(asked: list[str], names: list[str]) -> set[str]:
    return {name for name in names for url in asked if f"/pagefind/{name}/" in url}


def test_a_phrase_is_looked_for_only_in_the_older_bundles_that_can_hold_it(
    browser: Browser, tmp_path: Path
) -> None:
    corpus = generate(tmp_path / "content", years=3, issues_per_year=ISSUES_PER_YEAR, seed=6)
    oldest = min(i.year for i in corpus.issues)
    issue = next(i for i in corpus.issues if i.year == oldest)
    report = issue.reports[0]
    path = corpus.root / issue.folder / report.file_name
    path.write_text(path.read_text(encoding="utf-8") + f"\n{OLD_PHRASE}。\n", encoding="utf-8")
    site = built_site(corpus.root, tmp_path / "site")
    years = [str(year) for year in range(oldest, oldest + 3)]
    with serving(site) as base:
        for phrase, results, bundles in (
            (ABSENT_PHRASE, [], set()),
            (OLD_PHRASE, [report.title], {str(oldest)}),
        ):
            page = browser.new_page()
            asked: list[str] = []
            page.on("request", lambda request, asked=asked: asked.append(request.url))
            page.goto(f"{base}search/?q={phrase}")
            status = page.locator(".kw-search__status")
            status.filter(has_text="。").wait_for()
            assert page.locator(".kw-result__title").all_inner_texts() == results
            assert status.inner_text() == (
                f"共有{len(results)}期刊物含有相关信息。" if results else "没有找到相关信息。"
            )
            # The lists were asked; no other older bundle was, not even its entry file.
            assert [url for url in asked if "/pagefind/terms/" in url]
            assert _asked_bundles(asked, years) == bundles
            page.close()
