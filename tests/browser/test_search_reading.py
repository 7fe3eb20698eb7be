"""Search results on a generated archive read like the reports: one entry per
issue, a count that agrees with the list, excerpts of each report's body as
written with the query marked, and numbers and Latin words found only as
written."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from benchmarks.corpus import Corpus, ReportFact, generate
from tests.browser.conftest import serving, show_all_results
from tests.helpers import built_site

ISSUES_PER_YEAR = {"kuaibao": 40, "yaoqing": 10, "pishi": 8, "shangbao": 30, "jiaoliu": 8}
# Sentences planted in one report each: a number as written, the same digits
# apart, a longer number ending in them, and a Latin word with a number.
PLANTED = {
    "as written": "今年全县粮食总产量达68.7万吨，同比增长3.2%。",
    "apart": "全县新建粮库68座，新增仓容7万吨。",
    "longer": "全市粮食总产量达168.7万吨，创历史新高。",
    "latin": "城区PM2.5平均浓度同比下降8.1%，优良天数增加。",
}
# Texts none of the generated reports holds, so that what finds them is known.
ABSENT = ["68.7", "68座", "PM2", "3.2%", "8.1%"]
COMMON_PHRASE = "安全生产"


@pytest.fixture(scope="module")
def archive(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Corpus, dict[str, ReportFact], str]]:
    root = tmp_path_factory.mktemp("reading")
    corpus = generate(root / "content", years=2, issues_per_year=ISSUES_PER_YEAR, seed=21)
    text = "".join(p.read_text(encoding="utf-8") for p in corpus.root.rglob("*.md"))
    assert not [absent for absent in ABSENT if absent in text]
    reports = [r for issue in corpus.issues for r in issue.reports]
    planted: dict[str, ReportFact] = {}
    for n, (name, sentence) in enumerate(PLANTED.items()):
        report = reports[(n + 1) * len(reports) // (len(PLANTED) + 1)]
        path = corpus.root / f"{report.id.rsplit('/', 1)[0]}/{report.file_name}"
        path.write_text(path.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        planted[name] = report
    site = built_site(corpus.root, root / "site")
    with serving(site) as base:
        yield corpus, planted, base


def _searched(browser: Browser, base: str, query: str) -> Page:
    page = browser.new_page()
    page.goto(f"{base}search/")
    page.locator("#kw-q").fill(query)
    page.locator(".kw-search__status:not(:empty)").wait_for()
    return page


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("68.7万吨", ["as written"]),  # not "apart", not "longer"
        ("68.7", ["as written"]),
        ("168.7万吨", ["longer"]),
        ("68座", ["apart"]),
        ("3.2%", ["as written"]),
        ("PM2.5", ["latin"]),
        ("pm2.5平均浓度", ["latin"]),
        ("PM2", []),
        ("8.7万吨", []),
    ],
)
def test_numbers_and_latin_words_find_only_the_reports_that_hold_them_as_written(
    browser: Browser,
    archive: tuple[Corpus, dict[str, ReportFact], str],
    query: str,
    found: list[str],
) -> None:
    _, planted, base = archive
    page = _searched(browser, base, query)
    titles = page.locator(".kw-result__title").all_inner_texts()
    assert titles == [planted[name].title for name in found]
    status = page.locator(".kw-search__status").inner_text()
    assert status == (f"共有{len(found)}期刊物含有相关信息。" if found else "没有找到相关信息。")
    for name in found:
        # The excerpt is the sentence as written, the query marked in it
        # (whatever its case).
        excerpt = page.locator(".kw-result__excerpt").first
        assert PLANTED[name] in excerpt.inner_text()
        assert [mark.lower() for mark in excerpt.locator("mark").all_inner_texts()] == [
            query.lower()
        ]
    page.close()


def _report_bodies(browser: Browser, issue_url: str) -> dict[str, str]:
    """Each report's body on its issue page, by anchor, without white space."""
    page = browser.new_page()
    page.goto(issue_url)
    bodies = {}
    for section in page.locator("section.kw-report").all():
        anchor = section.locator(".kw-report__title").get_attribute("id")
        text = section.locator(".kw-report__body").inner_text()
        bodies[str(anchor)] = re.sub(r"\s+", "", text)
    page.close()
    return bodies


def test_a_common_phrase_lists_as_many_issues_as_it_counts_with_excerpts_as_written(
    browser: Browser, archive: tuple[Corpus, dict[str, ReportFact], str]
) -> None:
    _, _, base = archive
    page = _searched(browser, base, COMMON_PHRASE)
    show_all_results(page)
    issues = page.locator(".kw-result")
    count = issues.count()
    assert count > 20, "too few results to need a second page"
    # The count says issues, and counts the entries listed.
    assert page.locator(".kw-search__status").inner_text() == f"共有{count}期刊物含有相关信息。"
    numbers = issues.locator(".kw-result__number").all_inner_texts()
    assert len(set(numbers)) == count
    checked = 0
    for issue in issues.all()[:12]:
        link = issue.locator(".kw-result__number")
        bodies = _report_bodies(browser, str(link.evaluate("a => a.href")))
        for entry in issue.locator(".kw-result__report").all():
            anchor = str(entry.locator(".kw-result__title").get_attribute("href")).split("#")[1]
            excerpt = entry.locator(".kw-result__excerpt")
            shown = excerpt.inner_text()
            # Every character as the report has it, cut only where it says so.
            for piece in shown.split("……"):
                assert re.sub(r"\s+", "", piece) in bodies[anchor], (shown, anchor)
            marks = excerpt.locator("mark").all_inner_texts()
            title = entry.locator(".kw-result__title").inner_text()
            assert marks or COMMON_PHRASE in title
            assert set(marks) <= {COMMON_PHRASE}
            checked += 1
    assert checked >= 12
    page.close()
