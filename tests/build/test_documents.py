"""The documents a built site offers for download: every issue page and
every 通报 links its PDF and Word files, which hold that document and, in
the public edition, only its public reports; a rebuild prints nothing
again, an edit reprints only what it changed, and a project moved to
another folder (a CI runner's fresh clone) keeps every file it had."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.build.documents import EARLY_DOCUMENTS, Known, launches_ahead
from generator.content.pipeline import load_and_validate
from generator.records.periods import parse_period
from generator.site.catalog import Audience, build_catalog
from generator.site.documents import site_documents
from generator.site.pages import site_pages
from generator.site.statspages import issued
from generator.site.urls import issue_url
from tests.helpers import REPO, SAMPLE, editable_sample, kanwu, snapshot

ON = {"KANWU_DOCUMENTS": "true"}
LINK = re.compile(
    r'<a class="kw-downloads__file" href="([^"]+)" download="([^"]+)">(下载 PDF|下载 Word)</a>'
)


def _build(content: Path, output: Path, *options: str, env: dict[str, str] = ON) -> str:
    result = kanwu("build", "--content", content, "--output", output, *options, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _links(page: Path) -> list[tuple[Path, str, str]]:
    """The files a page offers: (file in the site, name to save, label)."""
    html = page.read_text(encoding="utf-8")
    return [(page.parent / href, name, label) for href, name, label in LINK.findall(html)]


def _text(pdf: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def _word(docx: Path) -> str:
    with zipfile.ZipFile(docx) as parts:
        xml = parts.read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def _issued(page: Path) -> dt.date:
    """The day the 通报 at ``page`` (…/stats/2026/W45/ or …/stats/2026/10/) is issued."""
    year, part = page.parent.parent.name, page.parent.name
    period = parse_period(f"{year}-{part}")
    return issued(period)


def _inodes(site: Path) -> dict[str, int]:
    return {
        p.relative_to(site).as_posix(): p.stat().st_ino
        for p in site.rglob("*")
        if p.suffix in (".pdf", ".docx")
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive, built once with its documents."""
    root = tmp_path_factory.mktemp("documents")
    editable_sample(root / "content")
    _build(root / "content", root / "site")
    return root


def _catalog(content: Path, audience: Audience = "intranet"):  # type: ignore[no-untyped-def]
    publication, problems = load_and_validate(content)
    assert publication is not None and not problems.errors
    return build_catalog(publication, audience)


def test_every_issue_and_notice_offers_its_pdf_and_word_named_as_an_office_files_them(
    project: Path,
) -> None:
    site = project / "site"
    catalog = _catalog(project / "content")
    pages = [site / issue_url(issue) / "index.html" for issue in catalog.issues.values()]
    notices = sorted(site.glob("stats/*/W*/index.html")) + sorted(
        site.glob("stats/*/[01][0-9]/index.html")
    )
    assert len(notices) >= 4
    # A 通报 is a document once issued, the day after its period; this
    # week's and this month's are not yet.
    waiting = [page for page in notices if _issued(page) > catalog.today]
    assert waiting and all(_links(page) == [] for page in waiting)
    notices = [page for page in notices if page not in waiting]
    for page in pages + notices:
        links = _links(page)
        assert [label for _, _, label in links] == ["下载 PDF", "下载 Word"], page
        (pdf, pdf_name, _), (docx, docx_name, _) = links
        assert pdf.read_bytes().startswith(b"%PDF-"), pdf
        assert pdf_name.endswith(".pdf") and docx_name == pdf_name.removesuffix(".pdf") + ".docx"
        text, word = _text(pdf), _word(docx)
        if page in notices:
            assert re.fullmatch(r"信息工作通报\d{4}年第\d+期\.pdf", pdf_name), pdf_name
            assert "信息工作通报" in text and "信息采用情况通报" in word
            continue
        issue = next(i for i in catalog.issues.values() if site / issue_url(i) == page.parent)
        assert (
            pdf_name
            == f"示例信息（{catalog.series[issue.series].name}）{issue.year}年第{issue.number}期.pdf"
        )
        for report in issue.reports:
            title = report.title.replace(" ", "")
            assert title in text.replace(" ", "").replace("\n", ""), (pdf, report.title)
            assert report.title in word, (docx, report.title)
    # Nothing but these documents: no stray file of a document in the site.
    offered = {f for page in pages + notices for f, _, _ in _links(page)}
    assert set(site.rglob("*.pdf")) | set(site.rglob("*.docx")) == offered


def test_a_rebuild_prints_nothing_and_keeps_every_file(project: Path) -> None:
    before = _inodes(project / "site")
    output = _build(project / "content", project / "site")
    assert "生成下载用的 PDF 和 Word" not in output
    assert _inodes(project / "site") == before


def test_an_edited_report_reprints_its_issue_alone(project: Path) -> None:
    content, site = project / "content", project / "site"
    catalog = _catalog(content)
    issue = next(i for i in catalog.issues.values() if len(i.reports) > 1)
    report = content / issue.reports[0].path
    before, bytes_before = _inodes(site), snapshot(site)
    text = report.read_text(encoding="utf-8")
    report.write_text(text.rstrip("\n") + "\n\n甲县补充一句示例文字为验证重印。\n", "utf-8")
    _build(content, site)
    after = _inodes(site)
    stem = f"{issue_url(issue)}{issue.key.replace('/', '-')}"
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {f"{stem}.pdf", f"{stem}.docx"}
    assert "甲县补充一句示例文字为验证重印。" in _text(site / f"{stem}.pdf").replace("\n", "")
    # The files of the other documents are the very same ones, bytes and all.
    now = snapshot(site)
    assert all(now[p] == bytes_before[p] for p in after if p not in changed)


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("public-documents") / "site"
    _build(SAMPLE, site, "--audience", "public")
    return site


def test_the_public_editions_documents_hold_only_its_public_reports(public: Path) -> None:
    intranet, edition = _catalog(SAMPLE), _catalog(SAMPLE, "public")
    hidden = {p.report.title for p in intranet.reports.values()} - {
        p.report.title for p in edition.reports.values()
    }
    assert edition.issues and hidden
    for issue in edition.issues.values():
        (pdf, _, _), (docx, _, _) = _links(public / issue_url(issue) / "index.html")
        text, word = _text(pdf).replace("\n", ""), _word(docx)
        for report in issue.reports:
            assert report.title in word
        for title in hidden:
            assert title not in text and title not in word, (pdf, title)
        assert "内部" not in text and "内部" not in word
    assert not list(public.glob("stats/**/*.pdf")), "通报只在内网版中"


def test_a_moved_project_links_every_document_it_had(tmp_path: Path) -> None:
    # A CI runner clones the repository afresh, maybe elsewhere, and restores
    # the cache beside it: nothing is printed again.
    first = tmp_path / "one"
    shutil.copytree(REPO / "tests" / "fixtures" / "minimal", first / "content")
    _build(first / "content", first / "site")
    before = _inodes(first / "site")
    assert len(before) == 12  # four issues, a week's and a month's 通报: PDF and Word
    moved = tmp_path / "two"
    first.rename(moved)
    output = _build(moved / "content", moved / "site")
    assert "生成下载用的 PDF 和 Word" not in output
    assert _inodes(moved / "site") == before


def test_without_a_browser_the_build_says_so_and_keeps_the_site(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(REPO / "tests" / "fixtures" / "minimal", content)
    _build(content, site, env={"KANWU_DOCUMENTS": "false"})
    before = snapshot(site)
    missing = str(tmp_path / "没有这个浏览器")
    result = kanwu(
        "build", "--content", content, "--output", site, env={**ON, "KANWU_CHROMIUM": missing}
    )
    assert result.returncode == 1
    message = result.stdout + result.stderr
    assert "未能生成下载用的 PDF 和 Word 文件" in message and missing in message
    assert "documents: false" in message and "Traceback" not in message
    assert snapshot(site) == before


def test_without_downloads_no_page_links_any(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "fixtures" / "minimal", tmp_path / "content")
    _build(tmp_path / "content", site, env={"KANWU_DOCUMENTS": "false"})
    assert not list(site.rglob("*.pdf")) and not list(site.rglob("*.docx"))
    assert not any("kw-downloads" in p.read_text("utf-8") for p in site.rglob("*.html"))


def test_a_documents_bytes_are_the_same_whenever_it_is_printed(tmp_path: Path) -> None:
    # Two cold builds in two folders: every file of every document is the same.
    for name in ("a", "b"):
        shutil.copytree(REPO / "tests" / "fixtures" / "minimal", tmp_path / name / "content")
        _build(tmp_path / name / "content", tmp_path / name / "site")
    one, other = (snapshot(tmp_path / name / "site") for name in ("a", "b"))
    documents = [p for p in one if p.endswith((".pdf", ".docx"))]
    assert documents and all(one[p] == other.get(p) for p in documents)
    # Dated the day the issue appeared, not the moment it was printed.
    catalog = _catalog(tmp_path / "a" / "content")
    for issue in catalog.issues.values():
        stem = tmp_path / "a" / "site" / issue_url(issue) / issue.key.replace("/", "-")
        day = f"{issue.date:%Y%m%d}"
        assert str(PdfReader(f"{stem}.pdf").metadata["/CreationDate"]).startswith(f"D:{day}")
        with zipfile.ZipFile(f"{stem}.docx") as parts:
            assert "<dcterms:created" in parts.read("docProps/core.xml").decode()
            assert {i.date_time[:3] for i in parts.infolist()} == {issue.date.timetuple()[:3]}


def test_chromium_is_started_ahead_only_for_a_few_documents_new_since_the_last_build() -> None:
    # A daily publish's new issue is printed with a browser started while the
    # pages were compared; a build with nothing new starts none, and a cold
    # build's many start theirs after the search index.
    catalog = _catalog(SAMPLE)
    offered = site_documents(catalog, site_pages(catalog))
    assert len(offered) > EARLY_DOCUMENTS  # the sample's first build
    assert not launches_ahead(offered, {})
    memo = {str(n): Known("digest", (), d.page.src_uri) for n, d in enumerate(offered)}
    assert not launches_ahead(offered, memo)
    newest = {d.page.src_uri for d in offered[-3:]}
    assert launches_ahead(offered, {k: v for k, v in memo.items() if v.page not in newest})
    small = offered[:EARLY_DOCUMENTS]
    assert launches_ahead(small, {})
