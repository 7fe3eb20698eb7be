"""The sample publication 「示例信息」 built as a reader sees it."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from generator.content.pipeline import load_and_validate
from generator.site.catalog import Catalog, build_catalog
from generator.site.render import TEMPLATES
from tests.helpers import SAMPLE, built_site, kanwu
from tests.site_html import (
    all_pages,
    broken_links,
    content_of,
    page,
    remote_references,
    report_section,
    resolve,
    text,
)

# A deployment under a sub-path of an intranet host (a reserved, fictional name).
SITE_URL = "http://xinxi.example.invalid/kanwu/"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    publication, problems = load_and_validate(SAMPLE)
    assert publication is not None
    assert list(problems) == [], "\n".join(map(str, problems))
    return build_catalog(publication)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("sample") / "site"
    built_site(SAMPLE, output, "--strict", "--site-url", SITE_URL)
    return output


def test_sample_exercises_every_feature(catalog: Catalog) -> None:
    issues = [i for series in catalog.issues_by_series.values() for i in series]
    reports = [p.report for p in catalog.reports.values()]
    assert len(catalog.series) == 5
    assert len(issues) >= 40
    assert len(reports) >= 120
    assert len({(i.date.year, i.date.month) for i in issues}) >= 2
    assert len(catalog.units) == 112
    assert set(Counter(u.group for u in catalog.units.values())) == {
        "县区",
        "市本级",
        "市直",
        "特约",
    }
    assert any(len(r.units) > 1 for r in reports), "joint report"
    chain = [r for r in reports if r.follows and catalog.reports[r.follows].report.follows]
    assert chain, "a 续报 chain of three"
    assert all(i.topic for i in catalog.issues_by_series["yaoqing"])
    assert any(r.on for r in reports), "instructions"
    assert any(i.note for i in issues), "编者按"
    assert any(i.classification == "公开" for i in issues)
    assert any(i.urgency for i in issues)


def test_urls_follow_the_contract(site: Path, catalog: Catalog) -> None:
    issue = catalog.issues_by_series["kuaibao"][0]
    placed = next(iter(catalog.reports.values()))
    urls = [
        "",
        "kuaibao/",
        f"kuaibao/{issue.year}/",
        f"kuaibao/{issue.year}/{issue.number:03d}/",
        "units/",
        "units/jiaxian/",
        "archive/",
        f"archive/{placed.date.year}/{placed.date.month:02d}/",
        "categories/",
        "categories/经济/",
        "tags/",
    ]
    for url in urls:
        assert (site / url / "index.html").is_file(), url


def test_home_shows_the_masthead_and_the_latest_issue_of_every_series(
    site: Path, catalog: Catalog
) -> None:
    home = content_of(page(site, ""))
    assert text(home.select_one(".kw-banner__title")) == "示例信息"
    cards = home.select(".kw-card")
    assert [text(c.select_one(".kw-card__series")) for c in cards] == [
        s.name for s in catalog.series.values()
    ]
    for card, series in zip(cards, catalog.series.values(), strict=True):
        latest = catalog.issues_by_series[series.id][-1]
        link = card.select_one(".kw-issue-row__number")
        assert resolve("", link["href"]) == f"{latest.key}/"
    urgent = home.select(".kw-panel--urgent .kw-row")
    assert urgent, "urgent issues are listed on the home page"


def test_issue_page_reads_like_the_printed_issue(site: Path, catalog: Catalog) -> None:
    issue = next(i for i in catalog.issues_by_series["kuaibao"] if i.note and len(i.reports) > 2)
    url = f"{issue.key}/"
    body = content_of(page(site, url))
    assert text(body.select_one(".kw-mark")) == "内部资料 注意保存"
    total = catalog.total_number[issue.key]
    assert text(body.select_one(".kw-masthead__number")) == (
        f"{issue.year}年第{issue.number}期（总第{total}期）"
    )
    assert text(body.select_one(".kw-masthead__date")) == (
        f"{issue.date.year}年{issue.date.month}月{issue.date.day}日"
    )
    assert text(body.select_one(".kw-note")).startswith("编者按：")
    contents = [text(a) for a in body.select(".kw-contents a")]
    assert contents == [r.title for r in issue.reports]
    for section, report in zip(body.select("section.kw-report"), issue.reports, strict=True):
        names = "、".join(catalog.units[u].name for u in report.units)
        assert text(section.select_one(".kw-report__units")) == f"（{names}报送）"
        assert section.select_one("h2.kw-report__title")["id"] == report.anchor
    colophon = [text(p) for p in body.select(".kw-colophon__line")]
    assert colophon[:3] == [f"{k}：{v}" for k, v in catalog.journal.distribution]
    assert (
        colophon[-1]
        == f"中共示例市委办公室 {issue.date.year}年{issue.date.month}月{issue.date.day}日印发"
    )
    previous, following = catalog.previous[issue.key], catalog.next[issue.key]
    assert resolve(url, body.select_one("a[rel=prev]")["href"]) == f"{previous.key}/"
    assert resolve(url, body.select_one("a[rel=next]")["href"]) == f"{following.key}/"


def test_single_topic_issue_shows_its_topic_and_urgency(site: Path, catalog: Catalog) -> None:
    issue = next(i for i in catalog.issues_by_series["yaoqing"] if i.urgency)
    body = content_of(page(site, f"{issue.key}/"))
    assert text(body.select_one(".kw-topic")) == issue.topic
    assert text(body.select_one(".kw-mark--urgent")) == issue.urgency


def test_public_issue_is_marked_public(site: Path, catalog: Catalog) -> None:
    issue = next(
        i for s in catalog.issues_by_series.values() for i in s if i.classification == "公开"
    )
    body = content_of(page(site, f"{issue.key}/"))
    assert text(body.select_one(".kw-mark")) == "公开"


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    broken = broken_links(site)
    assert not broken, broken[:20]


# What a reader should never meet: file and command names, ISO dates and week
# numbers, and words an office would not write (密级 for 公开属性, 刊期 for
# 出刊, 后续报道 for 续报, 月 written twice).
DEVELOPER_WORDS = re.compile(
    r"\d{4}-\d{2}-\d{2}|第\d+周|\bW\d{2}\b|journal\.yml|units\.yml|kanwu|Atom|YYYY"
    r"|密级|刊期|后续报道|月月度"
)


def test_every_page_speaks_to_readers_in_an_offices_words(site: Path) -> None:
    found = {
        url: DEVELOPER_WORDS.findall(text(content_of(soup)))
        for url, soup in all_pages(site).items()
    }
    assert {url: words for url, words in found.items() if words} == {}


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    offenders = {}
    for path in [*site.rglob("*.html")]:
        found = remote_references(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        if found:
            offenders[path.relative_to(site).as_posix()] = found
    assert not offenders
    css = (site / "assets/kanwu.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(http" not in css


def test_content_sources_are_not_published(site: Path) -> None:
    leaked = [p for p in site.rglob("*") if p.suffix in (".md", ".yml", ".yaml")]
    assert leaked == []


def test_unit_page_lists_the_units_reports_newest_first(site: Path, catalog: Catalog) -> None:
    unit = "jiaxian"
    body = content_of(page(site, f"units/{unit}/"))
    listed = [resolve(f"units/{unit}/", a["href"]) for a in body.select("a.kw-row__title")]
    expected = [f"{p.issue.key}/#{p.report.anchor}" for p in catalog.by_unit[unit]]
    assert listed[-len(expected) :] == expected
    assert text(body.select_one(".kw-unit__total")) == f"{len(expected)}条"


ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("name", ["all", "kuaibao", "yaoqing", "pishi", "shangbao", "jiaoliu"])
def test_feeds_are_atom_with_absolute_links_under_site_url(
    site: Path, catalog: Catalog, name: str
) -> None:
    import xml.etree.ElementTree as ET

    feed = ET.parse(site / "feeds" / f"{name}.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", feed.findtext(f"{ATOM}updated"))
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith(SITE_URL)
        path, _, anchor = href.removeprefix(SITE_URL).partition("#")
        assert (site / path / "index.html").is_file()
        # A 勘误's entry leads to the 勘误 itself on its issue page.
        if anchor:
            assert f'id="{anchor}"' in (site / path / "index.html").read_text(encoding="utf-8")
        assert entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}updated")
    if name != "all":
        latest = catalog.issues_by_series[name][-1]
        assert entries[0].find(f"{ATOM}link").get("href") == f"{SITE_URL}{latest.key}/"


def test_without_a_site_address_nothing_is_absolute_and_the_build_says_so_once(
    tmp_path: Path,
) -> None:
    """mkdocs.yml names no site_url: no page holds an absolute URL (no
    canonical link to a wrong host), no sitemap is written (it would need
    them), and the feeds' links, relative to the site, reach its pages."""
    output = tmp_path / "site"
    result = kanwu("build", "--content", SAMPLE, "--output", output)
    assert result.returncode == 0, result.stderr
    assert (result.stdout + result.stderr).count("没有设置站点网址") == 1
    assert not (output / "sitemap.xml").exists() and not (output / "sitemap.xml.gz").exists()
    absolute = re.compile(r'(?:href|src|content)="https?://')
    assert [p for p in output.rglob("*.html") if absolute.search(p.read_text("utf-8"))] == []
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in (output / "feeds").glob("*.xml"):
        root = ElementTree.parse(feed).getroot()
        base = root.get("{http://www.w3.org/XML/1998/namespace}base")
        assert base == "../"
        ids = [e.text or "" for e in root.iter(f"{atom}id")]
        assert ids and all(re.match(r"(urn|https?):", i) for i in ids)
        for link in root.iter(f"{atom}link"):
            href = link.get("href", "").partition("#")[0]
            target = posixpath.normpath(posixpath.join("feeds", base, href))
            assert (output / target).exists(), (feed.name, link.get("href"))


def test_kanwus_own_templates_are_not_published(site: Path) -> None:
    templates = {p.read_bytes() for p in TEMPLATES.iterdir()}
    published = [p for p in site.rglob("*") if p.is_file() and p.read_bytes() in templates]
    assert published == []


def test_every_page_links_the_feed_and_series_pages_link_their_own(site: Path) -> None:
    home = page(site, "")
    alternate = home.select_one('link[rel~=alternate][type="application/atom+xml"]')
    assert alternate is not None and resolve("", alternate["href"]) == "feeds/all.xml/"
    series = content_of(page(site, "kuaibao/"))
    assert resolve("kuaibao/", series.select_one(".kw-feed a")["href"]) == "feeds/kuaibao.xml/"


def test_search_index_is_built_into_the_site(site: Path, catalog: Catalog) -> None:
    import json

    shards = json.loads((site / "pagefind/shards.json").read_text(encoding="utf-8"))["shards"]
    newest = max(i.date for i in catalog.issues.values())
    month = (newest.year, newest.month)
    years = {
        str(i.date.year) for i in catalog.issues.values() if (i.date.year, i.date.month) != month
    }
    # The newest month's own bundle, then one per year, newest first.
    assert shards == [f"{newest:%Y-%m}", *sorted(years, reverse=True)]
    pages = 0
    for shard in shards:
        entry = json.loads((site / f"pagefind/{shard}/pagefind-entry.json").read_bytes())
        pages += sum(lang["page_count"] for lang in entry["languages"].values())
    assert pages == sum(len(v) for v in catalog.issues_by_series.values())
    assert (site / f"pagefind/{shards[0]}/pagefind.js").is_file()


def test_stats_page_shows_the_top_unit_and_its_points(site: Path, catalog: Catalog) -> None:
    from generator.records.periods import year
    from generator.records.stats import Ledger

    latest = max(i.date.year for i in catalog.issues.values())
    top = Ledger(catalog.publication).stats(year(latest)).rows[0]
    body = content_of(page(site, "stats/"))
    leader = text(body.select_one(".kw-stats__leader"))
    assert leader == f"积分第一：{top.unit.name}，{top.points:g}分。"
    first_row = [text(td) for td in body.select_one("table.kw-ranking tbody tr").select("td")]
    assert first_row[1] == top.unit.name and first_row[-1] == f"{round(top.points, 2):g}"
    assert body.select("figure.kw-chart svg rect"), "charts are drawn"


def test_every_unit_page_shows_its_points(site: Path, catalog: Catalog) -> None:
    from generator.records.periods import year
    from generator.records.stats import Ledger

    latest = max(i.date.year for i in catalog.issues.values())
    for rank, row in enumerate(Ledger(catalog.publication).stats(year(latest)).rows, start=1):
        body = content_of(page(site, f"units/{row.unit.id}/"))
        assert text(body.select_one(".kw-unit__points")) == (
            f"{latest}年积分{round(row.points, 2):g}分，排第{rank}名。"
        ), row.unit.id


def test_issue_pages_show_adoptions_best_and_instruction_status(
    site: Path, catalog: Catalog
) -> None:
    assert catalog.adoptions and catalog.handling and catalog.best
    for report_id, adoptions in catalog.adoptions.items():
        placed = catalog.reports[report_id]
        section = report_section(page(site, f"{placed.issue.key}/"), placed.report.anchor)
        shown = [text(li) for li in section.select(".kw-link-adoption")]
        assert [s.split("（")[0] for s in shown] == [f"采用：{a.by}" for a in adoptions]
    for report_id, handling in catalog.handling.items():
        placed = catalog.reports[report_id]
        section = report_section(page(site, f"{placed.issue.key}/"), placed.report.anchor)
        block = section.select_one(".kw-handling")
        assert block["data-status"] == handling.status
        assert ("已超期" in text(block)) == handling.overdue
    for report_id, (y, m) in catalog.best.items():
        placed = catalog.reports[report_id]
        section = report_section(page(site, f"{placed.issue.key}/"), placed.report.anchor)
        assert text(section.select_one(".kw-badge--best")) == f"{y}年{m}月最佳信息"


def test_every_notice_is_a_numbered_document_reachable_from_stats(
    site: Path, catalog: Catalog
) -> None:
    """Each weekly and monthly 通报 is a document of its own: 《信息工作通报》
    in red, numbered in its year by the day it is issued (the day after its
    period), and /stats/ lists every one of the latest year."""
    import datetime as dt

    from generator.records.periods import month, week_of

    dates = sorted(i.date for i in catalog.issues.values())
    year = dates[-1].year
    periods = {month(year, m) for m in range(1, 13)} | {
        week_of(dates[0] + dt.timedelta(days=7 * n))
        for n in range((dates[-1] - dates[0]).days // 7 + 2)
    }
    issued = sorted(
        (p for p in periods if p.start <= dates[-1] and p.end >= dates[0]),
        key=lambda p: (p.end, p.kind != "week"),
    )
    expected = [p for p in issued if (p.end + dt.timedelta(days=1)).year == year]
    stats = content_of(page(site, "stats/"))
    listed = stats.select(".kw-notices a")
    assert [text(a) for a in listed] == [
        f"第{n}期 {p.label}信息采用情况通报" for n, p in enumerate(expected, 1)
    ]
    assert any(p.kind == "week" for p in expected) and any(p.kind == "month" for p in expected)
    for n, (link, period) in enumerate(zip(listed, expected, strict=True), 1):
        notice = content_of(page(site, resolve("stats/", link["href"])))
        masthead = notice.select_one(".kw-masthead")
        assert text(masthead.select_one(".kw-masthead__journal")) == "信息工作通报"
        assert text(masthead.select_one(".kw-masthead__number")) == f"{year}年第{n}期"
        day = period.end + dt.timedelta(days=1)
        assert masthead.select_one("time")["datetime"] == day.isoformat()
        assert text(notice.select_one("h1")) == f"{period.label}信息采用情况通报"


def test_weekly_notice_names_who_sent_nothing(site: Path, catalog: Catalog) -> None:
    from generator.records.periods import week_of
    from generator.records.stats import Ledger

    day = catalog.issues_by_series["kuaibao"][0].date
    period = week_of(day)
    stats = Ledger(catalog.publication).stats(period)
    iso_year, number, _ = day.isocalendar()
    body = content_of(page(site, f"stats/{iso_year}/W{number:02d}/"))
    assert text(body.select_one("h1")) == f"{period.label}信息采用情况通报"
    silent = [text(a) for a in body.select(".kw-silent-list a")]
    assert sorted(silent) == sorted(r.unit.name for r in stats.silent) and silent
