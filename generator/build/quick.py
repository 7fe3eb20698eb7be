"""The preview's quick path: a saved change to report bodies, shown in place.

At ten years even an incremental build reads, checks and fingerprints the
whole archive, which takes seconds; an editor saving a paragraph should see
it at once. A change that touches only the bodies of reports already shown,
whose front matter reads the same (field for field and line for line, and
so the same files linked), changes one thing in the whole preview: the
body's HTML on its issue page. Bodies appear on no other page, and the
preview builds no search index unless asked (``kanwu serve --search``, which
then always takes the full build). Such a body is rendered alone, as a full
build renders it, and its HTML is put in the place of the old one in the
page MkDocs wrote.

Anything else (a new, moved or deleted file, a changed front matter,
journal.yml, units.yml, the ledger, a theme file, a problem in the saved
file, a body whose old HTML is not found exactly once on its page) goes
through the full build, which also follows every quick update the next time
anything else changes. ``tests/build/test_quick.py`` checks that a page
updated here is byte for byte the page a full build writes.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.diagnostics import Problem, Problems
from generator.content.load import proofing_of, read_report
from generator.content.model import Report
from generator.site.bodies import Bodies, render_body
from generator.site.catalog import Catalog
from generator.site.markup import MarkdownRenderer
from generator.site.urls import issue_url


@dataclass
class Shown:
    """What the preview shows: as the last full build left it, and as quick
    updates changed it since."""

    content: Path
    site: Path
    catalog: Catalog
    bodies: Bodies
    # Content path of a report → the report as shown now.
    reports: dict[str, Report] = field(default_factory=dict)
    # Report id → its HTML, where a quick update changed it since the build.
    updated: dict[str, str] = field(default_factory=dict)
    markdown: MarkdownRenderer = field(default_factory=MarkdownRenderer)

    def __post_init__(self) -> None:
        for placed in self.catalog.reports.values():
            self.reports[placed.report.path] = placed.report

    def html(self, report_id: str) -> str:
        """The HTML of a report's body on its page now."""
        if report_id in self.updated:
            return self.updated[report_id]
        return self.bodies.report(report_id)


def quick_update(shown: Shown, changed: Collection[str]) -> list[Problem] | None:
    """Show the saved content files ``changed`` (content paths) in place.

    Returns the warnings of the saved files when done; ``None`` when only a
    full build can show the change, and then nothing was written."""
    pages: dict[Path, str] = {}
    updates: list[tuple[str, Report, str]] = []
    warnings: list[Problem] = []
    for rel in changed:
        old = shown.reports.get(rel)
        if old is None:
            return None
        placed = shown.catalog.reports[old.id]
        issue = placed.issue
        problems = Problems()
        publication = shown.catalog.publication
        new = read_report(
            shown.content,
            rel,
            issue.key,
            shown.catalog.series[issue.series],
            problems,
            proofing_of(publication.journal, publication.units),
        )
        if new is None or problems.errors:
            return None
        if dataclasses.replace(new, body=old.body) != old or new.lines != old.lines:
            return None  # more than the body changed: the full build shows it
        html = render_body(shown.catalog, shown.content, issue, new.body, shown.markdown).html
        page = shown.site / issue_url(issue) / "index.html"
        try:
            text = pages[page] if page in pages else page.read_text(encoding="utf-8")
        except OSError:
            return None
        before = shown.html(old.id)
        # The old HTML must stand exactly once on the page: where it is
        # empty or repeated, only a full build knows which place is its own.
        if not before or text.count(before) != 1:
            return None
        pages[page] = text.replace(before, html)
        updates.append((rel, new, html))
        warnings += problems.warnings
    for page, text in pages.items():
        _replace(page, text)
    for rel, new, html in updates:
        shown.reports[rel], shown.updated[new.id] = new, html
    return warnings


def _replace(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all: a browser never loads half a page."""
    handle, temporary = tempfile.mkstemp(prefix=".kanwu-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
