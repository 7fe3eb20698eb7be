"""Issues as official documents (GB/T 9704-2012), for ``kanwu export``.

A document holds only what was issued: the 版头, the reports as printed and
the 版记. What the office records afterwards (adoptions, 续报 links, 月度最佳,
handling and its deadlines) is on the site, never in the document. The same
data feeds both writers: the HTML that Chromium prints to PDF
(``theme/kanwu/document.html``) and the Word writer (``build/word.py``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.site import labels
from generator.site.bodies import render_issue_bodies
from generator.site.catalog import Catalog
from generator.site.pages import PageContexts
from generator.site.render import TEMPLATES, THEME, environment
from generator.site.urls import issue_url

# The print stylesheet and script that the issue page also uses, so that a
# reader's print of the page and the document look alike.
PRINT = THEME / "assets"


@dataclass(frozen=True)
class IssueDocument:
    """One issue of one edition, ready for a document writer."""

    key: str
    name: str  # the file name an office expects, without suffix
    context: Mapping[str, Any]  # the issue page's data, plus ``upward``
    base: str  # the site folder the bodies' relative URLs are seen from
    root: Path | None  # the content folder, where those URLs' files are

    def html(self) -> str:
        """The document as one HTML page, its relative URLs resolved against
        the content folder (a ``file:`` base), for printing to PDF."""
        env = environment(TEMPLATES)
        env.filters.update(cn_date=labels.cn_date, issue_number=labels.issue_number)
        base = (self.root / self.base).as_uri() + "/" if self.root else ""
        return env.get_template("document.html").render(
            base=base,
            stylesheet=(PRINT / "kanwu-print.css").read_text(encoding="utf-8"),
            script=(PRINT / "kanwu-print.js").read_text(encoding="utf-8"),
            **self.context,
        )

    def file(self, url: str) -> Path | None:
        """The content file a body's relative URL (an image) stands for."""
        if self.root is None or "://" in url or url.startswith(("data:", "/", "#")):
            return None
        path = posixpath.normpath(posixpath.join(self.base, url.split("#")[0]))
        return None if path.startswith("..") else self.root / path


def issue_document(catalog: Catalog, root: Path | None, key: str) -> IssueDocument:
    """The document of the issue ``key`` (see :class:`IssueDocument`)."""
    contexts = PageContexts(catalog, bodies=render_issue_bodies(catalog, root, key))
    context = contexts.page_issue(key)
    issue, series = context["issue"], context["series"]
    context.update(
        catalog=catalog,
        journal=catalog.journal,
        upward=series.upward,
        public=catalog.public,
    )
    name = f"{catalog.journal.title}（{series.name}）{labels.issue_number(issue)}"
    return IssueDocument(key, name, context, issue_url(issue).rstrip("/"), root)
