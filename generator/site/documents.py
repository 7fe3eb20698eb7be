"""Issues and 通报 as official documents (GB/T 9704-2012), for ``kanwu export``.

An issue's document holds only what was issued: the 版头, the reports as
printed and the 版记. What the office records afterwards (adoptions, 续报
links, 月度最佳, handling and its deadlines) is on the site, never in the
document. The same data feeds both writers: the HTML that Chromium prints
to PDF (``theme/kanwu/document.html``) and the Word writer (``build/word.py``).
A 通报's document is its page (``stats_report.html``), which is a document
already: its own 版头 and number, a title and a body.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.records.periods import Period
from generator.site.bodies import render_issue_bodies
from generator.site.catalog import Catalog
from generator.site.downloads import (
    Download,
    issue_downloads,
    issue_name,
    notice_downloads,
    notice_name,
)
from generator.site.pages import PageContexts
from generator.site.render import TEMPLATES, THEME, PageRenderer, environment
from generator.site.statspages import (
    is_issued,
    issued,
    notice_numbers,
    notice_periods,
    notice_url,
)
from generator.site.urls import Page, issue_url

# The print stylesheet and script that the issue page also uses, so that a
# reader's print of the page and the document look alike.
PRINT = THEME / "assets"


@dataclass(frozen=True)
class IssueDocument:
    """One issue of one edition, ready for a document writer."""

    key: str
    name: str  # the file name an office expects, without suffix
    day: dt.date  # the issue's date, which the document's files bear
    context: Mapping[str, Any]  # the issue page's data, with the catalog and journal
    base: str  # the site folder the bodies' relative URLs are seen from
    root: Path | None  # the content folder, where those URLs' files are

    def html(self) -> str:
        """The document as one HTML page, its relative URLs resolved against
        the content folder (a ``file:`` base), for printing to PDF."""
        base = (self.root / self.base).as_uri() + "/" if self.root else ""
        return _printed("document.html", title=self.name, base=base, **self.context)

    def file(self, url: str) -> Path | None:
        """The content file a body's relative URL (an image) stands for."""
        if self.root is None or "://" in url or url.startswith(("data:", "/", "#")):
            return None
        path = posixpath.normpath(posixpath.join(self.base, url.split("#")[0]))
        return None if path.startswith("..") else self.root / path


@dataclass(frozen=True)
class NoticeDocument:
    """A weekly or monthly 信息采用情况通报, ready for a document writer."""

    name: str  # 「信息工作通报2026年第12期」
    title: str  # 「2026年10月信息采用情况通报」
    fragment: str  # its page's HTML: 版头, title and body
    day: dt.date  # the day it is issued, after its period
    publisher: str  # the office that issues it

    def html(self) -> str:
        return _printed("document_shell.html", title=self.title, base="", content=self.fragment)


def notice_document(
    catalog: Catalog, period: Period, renderer: PageRenderer | None = None
) -> NoticeDocument | None:
    """The 通报 of ``period`` (a week or a month), or ``None`` when the
    archive has none for it; ``renderer`` (with no downloads) when many are
    made: they share its templates and the ledger's figures."""
    if period.key not in {p.key for p in notice_periods(catalog)}:
        return None
    renderer = renderer or PageRenderer(catalog)
    contexts = renderer.contexts
    title = f"{period.label}信息采用情况通报"
    page = Page(notice_url(period), title, "stats_report", period)
    context = contexts.context(page)
    number = context["number"]
    fragment = renderer.render(page, context)
    day = issued(period)
    return NoticeDocument(
        notice_name(day.year, number), title, fragment, day, catalog.journal.publisher
    )


@functools.cache
def _environment() -> jinja2.Environment:
    # One for all documents: a build makes thousands.
    return environment(TEMPLATES)


def _printed(template: str, **context: Any) -> str:
    """A document's HTML page, with the print stylesheet and script."""
    return (
        _environment()
        .get_template(template)
        .render(
            stylesheet=(PRINT / "kanwu-print.css").read_text(encoding="utf-8"),
            script=(PRINT / "kanwu-print.js").read_text(encoding="utf-8"),
            **context,
        )
    )


def issue_document(catalog: Catalog, root: Path | None, key: str) -> IssueDocument:
    """The document of the issue ``key`` (see :class:`IssueDocument`)."""
    contexts = PageContexts(catalog, bodies=render_issue_bodies(catalog, root, key))
    context = contexts.page_issue(key)
    issue, series = context["issue"], context["series"]
    context.update(catalog=catalog, journal=catalog.journal)
    name = issue_name(catalog.journal.title, series, issue)
    return IssueDocument(key, name, issue.date, context, issue_url(issue).rstrip("/"), root)


@dataclass(frozen=True)
class SiteDocument:
    """A page of the site that offers its document for download."""

    page: Page  # an issue page or a 通报
    files: tuple[Download, ...]


def site_documents(catalog: Catalog, pages: Iterable[Page]) -> list[SiteDocument]:
    """The documents the site offers: one for each issue page and 通报 of ``pages``."""
    numbers: dict[str, int] | None = None
    found = []
    for page in pages:
        if page.kind == "issue":
            issue = catalog.issues[page.key]
            series = catalog.series[issue.series]
            found.append(SiteDocument(page, issue_downloads(catalog.journal.title, series, issue)))
        elif page.kind == "stats_report" and is_issued(catalog, page.key):
            if numbers is None:
                numbers = notice_numbers(notice_periods(catalog))
            period = page.key
            number = numbers[period.key]
            files = notice_downloads(page.url, period, issued(period).year, number)
            found.append(SiteDocument(page, files))
    return found


def make_document(
    catalog: Catalog, root: Path | None, page: Page, renderer: PageRenderer
) -> IssueDocument | NoticeDocument:
    """The document of a page of :func:`site_documents` (``renderer``, made
    without downloads, serves them all)."""
    if page.kind == "issue":
        return issue_document(catalog, root, page.key)
    notice = notice_document(catalog, page.key, renderer)
    assert notice is not None, page.url
    return notice
