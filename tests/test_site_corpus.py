"""A content directory written by another program (``benchmarks.corpus``),
built with ``kanwu build`` and read back as HTML: every issue, every report,
every unit, checked against what the generator says it wrote."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks.corpus import Corpus, generate
from tests.helpers import built_site
from tests.site_html import content_of, page, report_section, resolve, text

SMALL = {"kuaibao": 24, "yaoqing": 8, "pishi": 8, "shangbao": 20, "jiaoliu": 6}
MAX_ISSUE_PAGE_BYTES = 200 * 1024


def _build(tmp: Path, years: int) -> tuple[Corpus, Path]:
    corpus = generate(tmp / "content", years=years, issues_per_year=SMALL, seed=7)
    site = tmp / "site"
    built_site(corpus.root, site)
    return corpus, site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path]:
    return _build(tmp_path_factory.mktemp("corpus3"), years=3)


def test_every_issue_page_shows_masthead_numbers_topic_titles_and_units(
    built: tuple[Corpus, Path],
) -> None:
    corpus, site = built
    assert len(corpus.issues) > 150
    facts = {r.id: r for i in corpus.issues for r in i.reports}
    for issue in corpus.issues:
        url = f"{issue.series}/{issue.year}/{issue.number:03d}/"
        body = content_of(page(site, url))
        assert text(body.select_one(".kw-masthead__journal")) == corpus.title
        assert text(body.select_one(".kw-masthead__series")) == issue.series_name
        assert text(body.select_one(".kw-masthead__number")) == (
            f"{issue.year}年第{issue.number}期（总第{issue.total}期）"
        )
        assert text(body.select_one(".kw-masthead__publisher")) == corpus.publisher
        if issue.topic:
            assert text(body.select_one(".kw-topic")) == issue.topic
        sections = body.select("section.kw-report")
        assert [text(s.select_one(".kw-report__title")) for s in sections] == [
            r.title for r in issue.reports
        ]
        for section, report in zip(sections, issue.reports, strict=True):
            shown = text(section)
            # An instruction's units default to those of the reports it is on.
            names = report.unit_names or [n for t in report.on for n in facts[t].unit_names]
            assert names
            for name in names:
                assert name in shown, f"{url}: {name} missing from {report.id}"


def test_issue_pages_are_small(built: tuple[Corpus, Path]) -> None:
    corpus, site = built
    sizes = {
        issue.folder: (site / f"{issue.series}/{issue.year}/{issue.number:03d}/index.html")
        .stat()
        .st_size
        for issue in corpus.issues
    }
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < MAX_ISSUE_PAGE_BYTES, (largest, sizes[largest])


def _issue_url(report_id: str) -> str:
    series, year, number, _ = report_id.split("/")
    return f"{series}/{year}/{int(number):03d}/"


def _anchor(report: str) -> str:
    return f"{_issue_url(report)}#r-{report.rsplit('/', 1)[1]}"


def test_every_unit_page_lists_all_of_its_reports(built: tuple[Corpus, Path]) -> None:
    corpus, site = built
    expected: dict[str, set[str]] = defaultdict(set)
    for issue in corpus.issues:
        if issue.series == "pishi":
            continue  # instructions are not a unit's own reports
        for report in issue.reports:
            for unit in report.unit_ids:
                expected[unit].add(_anchor(report.id))
    for unit, name in corpus.units.items():
        url = f"units/{unit}/"
        body = content_of(page(site, url))
        assert text(body.select_one("h1")) == name
        listed = {
            resolve(url, a["href"])
            for a in body.select("#kw-reports ~ ul a.kw-row__title, .kw-rows a.kw-row__title")
        }
        assert expected[unit] <= listed, f"{unit}: {len(expected[unit] - listed)} missing"


def test_follow_ups_and_instructions_link_both_ways(built: tuple[Corpus, Path]) -> None:
    corpus, site = built
    followed = [r for i in corpus.issues for r in i.reports if r.follows]
    instructions = [r for i in corpus.issues for r in i.reports if r.on]
    assert followed and instructions
    for report in followed:
        later = content_of(page(site, _issue_url(report.id)))
        section = report_section(later, f"r-{report.file_name.removesuffix('.md')}")
        targets = {
            resolve(_issue_url(report.id), a["href"]) for a in section.select(".kw-link-follows a")
        }
        assert _anchor(report.follows) in targets
        earlier = content_of(page(site, _issue_url(report.follows)))
        back = report_section(earlier, f"r-{report.follows.rsplit('/', 1)[1]}")
        backs = {
            resolve(_issue_url(report.follows), a["href"])
            for a in back.select(".kw-link-followup a")
        }
        assert _anchor(report.id) in backs
    for instruction in instructions:
        body = content_of(page(site, _issue_url(instruction.id)))
        section = report_section(body, f"r-{instruction.file_name.removesuffix('.md')}")
        targets = {
            resolve(_issue_url(instruction.id), a["href"])
            for a in section.select(".kw-report__on a")
        }
        assert {_anchor(t) for t in instruction.on} <= targets
        for target in instruction.on:
            origin = content_of(page(site, _issue_url(target)))
            back = report_section(origin, f"r-{target.rsplit('/', 1)[1]}")
            backs = {
                resolve(_issue_url(target), a["href"])
                for a in back.select(".kw-link-instruction a")
            }
            assert _anchor(instruction.id) in backs


ISSUE_URL = re.compile(r"[a-z0-9-]+/\d{4}/\d{3}/")


def test_navigation_holds_no_issue_or_unit_pages(built: tuple[Corpus, Path]) -> None:
    corpus, site = built
    issue = corpus.issues[0]
    url = f"{issue.series}/{issue.year}/{issue.number:03d}/"
    soup = page(site, url)
    nav_links = [resolve(url, a["href"]) for a in soup.select("nav.md-nav a, nav.md-tabs a")]
    assert nav_links
    assert not [link for link in nav_links if ISSUE_URL.fullmatch(link.split("#")[0])]
    assert not [link for link in nav_links if link.startswith("units/") and link != "units/"]


def _chrome_bytes(site: Path, url: str) -> int:
    soup = page(site, url)
    return len(str(soup)) - len(str(content_of(soup)))


def test_pages_do_not_grow_with_the_archive(
    built: tuple[Corpus, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A three-year archive's pages carry the same chrome as a one-year one's,
    and its home and series pages are no larger beyond noise."""
    corpus3, site3 = built
    corpus1, site1 = _build(tmp_path_factory.mktemp("corpus1"), years=1)
    assert len(corpus3.issues) >= 2.5 * len(corpus1.issues)
    issue1, issue3 = corpus1.issues[0], corpus3.issues[-1]
    for url1, url3 in [
        ("", ""),
        ("kuaibao/", "kuaibao/"),
        (f"{issue1.folder}/", f"{issue3.folder}/"),
        ("units/jiaxian/", "units/jiaxian/"),
    ]:
        assert abs(_chrome_bytes(site3, url3) - _chrome_bytes(site1, url1)) < 200, url3
    for url in ("", "kuaibao/"):
        small = (site1 / url / "index.html").stat().st_size
        large = (site3 / url / "index.html").stat().st_size
        assert large < small * 1.25, (url, small, large)
