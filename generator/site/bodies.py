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
import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from generator.content.attachments import INLINE_IMAGE_SUFFIXES, publishable, suffix
from generator.content.links import content_target
from generator.content.model import Issue, canonical_report_id
from generator.site.catalog import Catalog
from generator.site.forked import forked_map, forks
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
class RenderedBody:
    """A body's HTML and every question its rendering asked of the archive."""

    html: str
    # (tag, url, answer) for each relative URL the renderer asked to rewrite:
    # the HTML depends on the Markdown and on these answers alone.
    asked: tuple[tuple[str, str, str | None], ...]
    _urls: list[str] | None = None
    _text: str | None = None
    _digest: bytes | None = None

    @property
    def urls(self) -> list[str]:
        if self._urls is None:
            self._urls = _read(self.html).urls
        return self._urls

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = visible_text(self.html)
        return self._text

    @property
    def digest(self) -> bytes:
        """A digest of the HTML: equal digests, equal HTML."""
        if self._digest is None:
            self._digest = hashlib.sha256(self.html.encode("utf-8")).digest()
        return self._digest


# (issue folder, Markdown) → its rendering; the folder decides every relative URL.
BodyMemo = dict[tuple[str, str], RenderedBody]


@dataclass
class _IssueBodies:
    """Renders the bodies of one issue page and notes the files they publish."""

    catalog: Catalog
    issue: Issue
    files: _ContentFiles
    markdown: MarkdownRenderer
    memo: BodyMemo  # earlier renderings
    used: BodyMemo  # the renderings of this build
    published: set[str] = field(default_factory=set)
    _offered: dict[str, str] = field(default_factory=dict)  # URL on the page → content path

    def html(self, text: str) -> RenderedBody:
        key = (self.issue.path, text)
        body = self.memo.get(key)
        # A remembered rendering is reused only when every link it rewrote
        # is rewritten the same way today (a report left the edition, a file
        # appeared …); asking again also offers its files for publishing.
        if body is None or any(self.rewrite(tag, url) != answer for tag, url, answer in body.asked):
            asked: list[tuple[str, str, str | None]] = []

            def rewrite(tag: str, url: str) -> str | None:
                answer = self.rewrite(tag, url)
                asked.append((tag, url, answer))
                return answer

            body = RenderedBody(self.markdown.html(text, rewrite), tuple(asked))
        self.used[key] = body
        if self._offered:
            # Only what the cleaned HTML still shows or links is published:
            # checked on the output rather than trusted to the cleaner.
            self.published.update(self._offered[url] for url in body.urls if url in self._offered)
        return body

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

    rendered: Mapping[str, RenderedBody]  # report id or issue key (编者按) → rendering
    assets: frozenset[str]  # content paths of the files the HTML shows or links
    memo: BodyMemo = field(default_factory=dict)  # for the next build: what this one used

    def report(self, report_id: str) -> str:
        return self.rendered[report_id].html

    def body(self, key: str) -> RenderedBody | None:
        """The rendering of a report body or 编者按; none when there is none."""
        return self.rendered.get(key)

    def text(self, key: str) -> str:
        """What a reader sees of a report body or 编者按."""
        body = self.rendered.get(key)
        return body.text if body else ""


def render_body(
    catalog: Catalog,
    root: Path | None,
    issue: Issue,
    text: str,
    markdown: MarkdownRenderer | None = None,
) -> RenderedBody:
    """One body (a report's or the 编者按) of ``issue``, rendered alone as
    :func:`render_bodies` renders it on the issue's page."""
    files, markdown = _ContentFiles(root), markdown or MarkdownRenderer()
    return _IssueBodies(catalog, issue, files, markdown, {}, {}).html(text)


def render_bodies(
    catalog: Catalog,
    root: Path | None,
    markdown: MarkdownRenderer | None = None,
    memo: BodyMemo | None = None,
    done: Callable[[int], object] | None = None,
) -> Bodies:
    """Render each report body and 编者按 of the edition once. ``root`` is the
    content folder; without it no file is published or embedded. ``memo``
    holds earlier renderings, reused when still right; ``done`` hears how
    many bodies each issue had, for a progress bar."""
    markdown = markdown or MarkdownRenderer()
    memo = {} if memo is None else memo
    _prerender(catalog, root, memo)
    used: BodyMemo = {}
    files = _ContentFiles(root)
    rendered: dict[str, RenderedBody] = {}
    assets: set[str] = set()
    for issue in catalog.issues.values():
        bodies = _IssueBodies(catalog, issue, files, markdown, memo, used)
        rendered.update(_issue_rendered(bodies, issue))
        assets |= bodies.published
        if done is not None:
            done(len(issue.reports))
    return Bodies(rendered, frozenset(assets), used)


def render_issue_bodies(catalog: Catalog, root: Path | None, key: str) -> Bodies:
    """The report bodies and 编者按 of one issue alone, as :func:`render_bodies`
    renders them: what its document needs, without rendering the archive."""
    used: BodyMemo = {}
    issue = catalog.issues[key]
    bodies = _IssueBodies(catalog, issue, _ContentFiles(root), MarkdownRenderer(), {}, used)
    return Bodies(_issue_rendered(bodies, issue), frozenset(bodies.published), used)


def _issue_rendered(bodies: _IssueBodies, issue: Issue) -> dict[str, RenderedBody]:
    rendered = {issue.key: bodies.html(issue.note)} if issue.note else {}
    for report in issue.reports:
        rendered[report.id] = bodies.html(report.body)
    return rendered


# Below this many bodies to render, starting processes costs more than it saves.
PARALLEL_FROM = 1000


def _prerender(catalog: Catalog, root: Path | None, memo: BodyMemo) -> None:
    """Render the bodies the memo lacks on every core, into the memo.

    Only a head start: :func:`render_bodies` then checks each rendering as it
    checks one remembered from an earlier build, so the result is the same
    whichever process rendered what."""
    missing = [
        issue.key
        for issue in catalog.issues.values()
        if any((issue.path, text) not in memo for text in _texts(issue))
    ]
    # In this process, rendering ahead would only do render_bodies' work twice.
    if not forks(sum(len(catalog.issues[key].reports) for key in missing), PARALLEL_FROM):
        return
    for rendered in forked_map(functools.partial(_render_chunk, catalog, root), missing, 1, 200):
        memo.update(rendered)


def _texts(issue: Issue) -> list[str]:
    return ([issue.note] if issue.note else []) + [r.body for r in issue.reports]


def _render_chunk(catalog: Catalog, root: Path | None, keys: Sequence[str]) -> list[BodyMemo]:
    files, markdown = _ContentFiles(root), MarkdownRenderer()
    rendered: BodyMemo = {}
    for key in keys:
        bodies = _IssueBodies(catalog, catalog.issues[key], files, markdown, {}, rendered)
        for text in _texts(catalog.issues[key]):
            bodies.html(text)
    return [rendered]
