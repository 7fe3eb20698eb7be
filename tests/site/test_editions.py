"""The public edition: every 公开 report, and nothing internal in any file.

Internal reports of a generated corpus carry a sentinel (「哨兵」, which the
corpus never uses otherwise) in their titles, bodies, tags and an image of
their own; every file of the public site, the search index decompressed, is
then scanned for it."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest

from benchmarks.corpus import Corpus, generate
from tests.helpers import SAMPLE, built_site
from tests.site_html import all_pages, broken_links, content_of, page, text

SENTINEL = "哨兵"
ISSUES_PER_YEAR = {"kuaibao": 60, "yaoqing": 12, "pishi": 10, "shangbao": 40, "jiaoliu": 30}


def _is_public(classification: str | None) -> bool:
    return classification == "公开"


def _append(value: str, mark: str) -> str:
    """Append to a YAML scalar, inside its quotes if it has them."""
    return value[:-1] + mark + value[-1] if value[:1] in ("'", '"') else value + mark


def _plant(corpus: Corpus) -> tuple[list[str], list[str]]:
    """Mark internal reports with the sentinel, and give some a 勘误 saying
    it; give public ones a 勘误 of their own. Return (public titles,
    internal ids)."""
    public_titles, internal = [], []
    errata = []
    for issue in corpus.issues:
        for report in issue.reports:
            if _is_public(report.classification):
                public_titles.append(report.title)
                if len(public_titles) % 5 == 1:
                    errata.append(_erratum(issue.date, report.id, PUBLIC_ERRATUM))
                continue
            internal.append(report.id)
            if len(internal) % 50 == 1:
                errata.append(_erratum(issue.date, report.id, f"{SENTINEL}勘误"))
            path = corpus.root / issue.folder / report.file_name
            source = path.read_text(encoding="utf-8")
            head, _, body = source.partition("\n---\n")
            mark = f"{SENTINEL}{len(internal)}号"
            head = re.sub(
                r"^title: (.*)$",
                lambda m, mark=mark: f"title: {_append(m.group(1), mark)}",
                head,
                flags=re.M,
            )
            head = re.sub(r"^tags: .*$\n?", "", head, flags=re.M) + f"\ntags: [{SENTINEL}标签]"
            image = f"{SENTINEL}{len(internal)}.png"
            (path.parent / image).write_bytes(b"\x89PNG\r\n\x1a\n" + SENTINEL.encode())
            body = f"{body}\n内部{SENTINEL}段落{len(internal)}。\n\n![现场]({image})\n"
            path.write_text(f"{head}\n---\n{body}", encoding="utf-8")
    (corpus.root / "ledger/errata.yml").write_text("".join(errata), encoding="utf-8")
    return public_titles, internal


PUBLIC_ERRATUM = "公开稿件的勘误"


def _erratum(day: dt.date, report: str, change: str) -> str:
    """A 勘误 of ``report``: only a ledger event, so no lock is needed."""
    return (
        f"- event: erratum\n  date: {day + dt.timedelta(days=2)}\n  report: {report}\n"
        f"  change: {change}\n  reason: {change}的原因\n"
    )


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path, list[str]]:
    root = tmp_path_factory.mktemp("editions")
    corpus = generate(root / "content", years=2, issues_per_year=ISSUES_PER_YEAR, seed=3)
    assert not any(SENTINEL in p.read_text(encoding="utf-8") for p in corpus.root.rglob("*.md"))
    public_titles, internal = _plant(corpus)
    assert len(public_titles) >= 20 and len(internal) > 500
    site = root / "public"
    built_site(corpus.root, site, "--audience", "public")
    return corpus, site, public_titles


def _readable(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind's index files are gzip-compressed
        data = gzip.decompress(data)
    return data


def test_no_file_of_the_public_edition_holds_anything_internal(
    public_site: tuple[Corpus, Path, list[str]],
) -> None:
    _, site, _ = public_site
    files = [p for p in site.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pf_fragment" for p in files)
    leaks = [p.relative_to(site).as_posix() for p in files if SENTINEL.encode() in _readable(p)]
    assert leaks == []
    assert not [p for p in files if SENTINEL in p.as_posix()], "internal images or tag pages"
    assert not (site / "stats").exists(), "statistics are internal records"


def test_every_public_report_is_in_the_public_edition(
    public_site: tuple[Corpus, Path, list[str]],
) -> None:
    corpus, site, public_titles = public_site
    shown = []
    corrected = 0
    for issue in corpus.issues:
        url = f"{issue.series}/{issue.year}/{issue.number:03d}/"
        public = [r for r in issue.reports if _is_public(r.classification)]
        index = site / url / "index.html"
        assert index.exists() == bool(public), url
        if public:
            body = content_of(page(site, url))
            titles = [text(h) for h in body.select(".kw-report__title")]
            assert titles == [r.title for r in public], url
            assert body.select_one(".kw-mark") is None  # no classification mark to print
            errata = [text(e) for e in body.select(".kw-erratum")]
            assert all(PUBLIC_ERRATUM in e for e in errata), url
            corrected += len(errata)
            shown += titles
    assert sorted(shown) == sorted(public_titles)
    # Every public report's 勘误, on its page and in the feed of all series.
    assert corrected == (len(public_titles) + 4) // 5
    feed = (site / "feeds/all.xml").read_text(encoding="utf-8")
    assert feed.count(f"勘误：{PUBLIC_ERRATUM}") == min(corrected, 30)


def test_the_intranet_edition_keeps_everything(
    public_site: tuple[Corpus, Path, list[str]], tmp_path: Path
) -> None:
    corpus, _, _ = public_site
    site = tmp_path / "intranet"
    built_site(corpus.root, site)
    issue = next(i for i in corpus.issues if not _is_public(i.reports[0].classification))
    body = content_of(page(site, f"{issue.series}/{issue.year}/{issue.number:03d}/"))
    assert SENTINEL in text(body.select_one(".kw-report__title"))
    image = body.select_one(".kw-report__body img")
    assert (
        image is not None
        and (
            site / issue.folder.replace(issue.folder.split("/")[2], f"{issue.number:03d}")
        ).is_dir()
    )


# -- The public edition reads as a public information column -------------------------


@pytest.fixture(scope="module")
def public_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample publication's public edition: two of its series have no
    公开 report at all, and most of its units none."""
    return built_site(
        SAMPLE, tmp_path_factory.mktemp("public-sample") / "site", "--audience", "public"
    )


def _public_sites(public_site: tuple[Corpus, Path, list[str]], public_sample: Path) -> list[Path]:
    return [public_sample, public_site[1]]


def test_every_public_series_page_lists_public_issues_and_no_other_series_has_one(
    public_site: tuple[Corpus, Path, list[str]], public_sample: Path
) -> None:
    series_ids = ["kuaibao", "yaoqing", "pishi", "shangbao", "jiaoliu"]
    hidden = set()
    for site in _public_sites(public_site, public_sample):
        for series in series_ids:
            issues = (
                [p for p in (site / series).glob("*/*/index.html")]
                if (site / series).is_dir()
                else []
            )
            if not issues:
                assert not (site / series).exists(), series
                assert not (site / "feeds" / f"{series}.xml").exists(), series
                hidden.add(series)
                continue
            body = content_of(page(site, f"{series}/"))
            assert body.select(".kw-issues li"), series
            assert body.select_one(".kw-lead") is None  # the office's own description
        home = content_of(page(site, ""))
        linked = {a["href"].strip("./") for a in home.select(".kw-links a")}
        assert not linked & hidden
        assert home.select_one(".kw-panel--urgent") is None
    assert {"pishi", "yaoqing"} <= hidden  # the sample has no public issue in these


def test_every_public_unit_page_lists_public_reports_and_no_other_unit_has_one(
    public_site: tuple[Corpus, Path, list[str]], public_sample: Path
) -> None:
    for site in _public_sites(public_site, public_sample):
        units = sorted(p.parent.name for p in (site / "units").glob("*/index.html"))
        assert units
        for unit in units:
            body = content_of(page(site, f"units/{unit}/"))
            assert body.select(".kw-row"), unit
            assert "批示" not in text(body.select_one(".kw-facts")), unit
        listing = content_of(page(site, "units/"))
        listed = sorted(
            a["href"].strip("./").split("/")[-1] for a in listing.select(".kw-unit-grid a")
        )
        assert listed == units
        assert f"共{len(units)}个单位" in text(listing.select_one(".kw-lead"))
    publication_units = (
        len(list((SAMPLE / "units.yml").read_text(encoding="utf-8").split("- id:"))) - 1
    )
    assert len(list((public_sample / "units").glob("*/index.html"))) < publication_units


def test_public_issues_carry_no_colophon_signature_or_marks(
    public_site: tuple[Corpus, Path, list[str]], public_sample: Path
) -> None:
    checked = 0
    for site in _public_sites(public_site, public_sample):
        for url, soup in all_pages(site).items():
            body = content_of(soup)
            words = text(body)
            assert body.select_one(".kw-colophon, .kw-masthead__marks") is None, url
            assert "签发" not in words and "责任编辑" not in words, url
            assert "内部资料" not in words and "印发" not in words, url
            checked += bool(body.select_one(".kw-issue"))
    assert checked > 20


def test_every_link_of_the_public_edition_resolves(
    public_site: tuple[Corpus, Path, list[str]], public_sample: Path
) -> None:
    for site in _public_sites(public_site, public_sample):
        broken = broken_links(site)
        assert not broken, broken[:20]
