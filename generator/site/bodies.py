"""Report bodies and 编者按 as their pages show them, rendered once per build.

What an edition publishes follows from this HTML alone, after sanitising and
rewriting its links: the content files it shows (``img src``) or links
(``a href``), and, for the search index, the text a reader reads. Nothing a
comment, a code block, a removed tag or the raw Markdown mentions can reach
the site. The MkDocs plugin needs the files before any page is rendered, so
every body of the edition is rendered here once and the pages reuse the HTML.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from generator.content.attachments import INLINE_IMAGE_SUFFIXES, publishable, suffix
from generator.content.links import content_target
from generator.content.model import Issue, canonical_report_id
from generator.site.catalog import Catalog
from generator.site.markup import MarkdownRenderer
from generator.site.urls import Links, issue_url

# An SVG is embedded in the page as a data: image, where it cannot run; one
# larger than this is dropped rather than bloat every page that shows it.
MAX_INLINE_SVG = 1_000_000
# Tags whose text a reader never sees (the cleaner removes them already; this
# keeps the text out should the allow-list ever change).
_UNSEEN = frozenset({"script", "style", "template", "noscript", "iframe", "object", "svg", "math"})
# Tags that start a new line on the page: words on either side are not one word.
_BLOCKS = frozenset(
    {
        *("p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"),
        *("ul", "ol", "li", "dl", "dt", "dd", "div", "figure", "figcaption"),
        *("table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"),
    }
)


class _Reader(HTMLParser):
    """Reads HTML as a browser shows it: its text, and the URLs it loads or links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.urls: list[str] = []
        self._unseen = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _UNSEEN:
            self._unseen += 1
        if tag in _BLOCKS:
            self.text.append("\n")
        wanted = {"a": "href", "img": "src"}.get(tag)
        self.urls += [value for name, value in attrs if name == wanted and value]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _UNSEEN:
            self._unseen -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNSEEN and self._unseen:
            self._unseen -= 1
        if tag in _BLOCKS:
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._unseen:
            self.text.append(data)


def _read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def visible_text(html: str) -> str:
    """The text a reader sees in an HTML fragment: no tags, attributes or
    script; block elements (paragraphs, cells, items) on lines of their own."""
    return "".join(_read(html).text)


@dataclass
class _ContentFiles:
    """The files of the content folder a page may refer to; none without one."""

    root: Path | None
    _present: dict[str, bool] = field(default_factory=dict)

    def present(self, target: str) -> bool:
        """A regular file inside the content folder (a symbolic link may not lead out)."""
        if self.root is None:
            return False
        if target not in self._present:
            path = self.root / target
            inside = path.resolve().is_relative_to(self.root.resolve())
            self._present[target] = path.is_file() and inside
        return self._present[target]

    def data_url(self, target: str) -> str | None:
        """An SVG image as a ``data:`` URL, or ``None`` when missing or too large."""
        if not self.present(target):
            return None
        assert self.root is not None
        data = (self.root / target).read_bytes()
        if len(data) > MAX_INLINE_SVG:
            return None
        return "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")


@dataclass
class _IssueBodies:
    """Renders the bodies of one issue page and notes the files they publish."""

    catalog: Catalog
    issue: Issue
    files: _ContentFiles
    markdown: MarkdownRenderer
    published: set[str] = field(default_factory=set)
    _offered: dict[str, str] = field(default_factory=dict)  # URL on the page → content path

    def html(self, text: str) -> str:
        html = self.markdown.html(text, self.rewrite)
        if self._offered:
            # Only what the cleaned HTML still shows or links is published:
            # checked on the output rather than trusted to the cleaner.
            self.published.update(
                self._offered[url] for url in _read(html).urls if url in self._offered
            )
        return html

    def rewrite(self, tag: str, url: str) -> str | None:
        """A relative link or image of a body, as seen from the issue page.

        A file beside the report is published at its content path, if it is
        an allowed attachment; an SVG image is embedded; a link to another
        report's ``.md`` becomes a link to its anchor, or disappears when that
        report is not in this edition."""
        target = content_target(self.issue.path, url)
        if not target:
            return None
        if target.endswith(".md"):
            placed = self.catalog.reports.get(canonical_report_id(target))
            return Links(issue_url(self.issue)).report(placed) if placed else None
        if tag == "img" and suffix(target) in INLINE_IMAGE_SUFFIXES:
            return self.files.data_url(target)
        if not publishable(target) or not self.files.present(target):
            return None
        href = Links(issue_url(self.issue)).file(target)
        self._offered[href] = target
        return href


@dataclass(frozen=True)
class Bodies:
    """The HTML of every body of an edition, and the files it publishes."""

    reports: Mapping[str, str]  # report id → HTML
    notes: Mapping[str, str]  # issue key → HTML of its 编者按, when it has one
    assets: frozenset[str]  # content paths of the files the HTML shows or links


def render_bodies(
    catalog: Catalog, root: Path | None, markdown: MarkdownRenderer | None = None
) -> Bodies:
    """Render each report body and 编者按 of the edition once. ``root`` is the
    content folder; without it no file is published or embedded."""
    markdown = markdown or MarkdownRenderer()
    files = _ContentFiles(root)
    reports: dict[str, str] = {}
    notes: dict[str, str] = {}
    assets: set[str] = set()
    for issue in catalog.issues.values():
        bodies = _IssueBodies(catalog, issue, files, markdown)
        if issue.note:
            notes[issue.key] = bodies.html(issue.note)
        for report in issue.reports:
            reports[report.id] = bodies.html(report.body)
        assets |= bodies.published
    return Bodies(reports, notes, frozenset(assets))
