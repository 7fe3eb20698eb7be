"""Pages to HTML with the Jinja templates in ``generator/theme/kanwu/``.

The result is an HTML fragment for the content area; the engine (MkDocs +
Material) wraps it in the site chrome. Links are relative, so the site works
from any static server and under any sub-path.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2

from generator.content.diagnostics import Problem
from generator.site import labels
from generator.site.catalog import Catalog
from generator.site.feeds import Feed, absolute, identifier
from generator.site.fingerprints import CatalogView, Fingerprints, fingerprints_of
from generator.site.forked import forked_map, forks
from generator.site.pages import PageContexts
from generator.site.search import SearchRecord
from generator.site.urls import Links, Page

# kanwu's theme: the Material overrides and the journal's CSS (DESIGN §6),
# inside the package so that an installed kanwu has it; the plugin adds it
# to the engine's theme folders. kanwu's own page templates are in kanwu/.
THEME = Path(__file__).resolve().parents[1] / "theme"
TEMPLATES = THEME / "kanwu"
# From this many pages on, they are rendered ahead on every core; pages vary
# from 0.3 ms (an issue) to 9 ms (a year's 通报), so tasks are small.
AHEAD_FROM = 300
AHEAD_CHUNK = 100


def environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment of kanwu's own templates: everything escaped,
    with the Chinese wording of dates, times and numbers (generator.site.labels)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        cn_date=labels.cn_date,
        cn_moment=labels.cn_moment,
        sentence=labels.sentence,
        cn_minutes=labels.cn_minutes,
        issue_number=labels.issue_number,
    )
    return env


def renders_ahead(count: int) -> bool:
    """Whether :meth:`PageRenderer.render_ahead` renders ``count`` pages ahead."""
    return forks(count, AHEAD_FROM)


def ahead_file(folder: Path, src_uri: str) -> Path:
    """Where a page rendered ahead is kept in ``folder``: named by a digest
    of its URI, so that any worker finds the same name."""
    return folder / f"{hashlib.blake2b(src_uri.encode(), digest_size=16).hexdigest()}.html"


def render_problems(problems: Sequence[Problem], templates: Path = TEMPLATES) -> str:
    """The page the preview shows instead of the site while content has errors."""
    return environment(templates).get_template("problems.html").render(problems=problems)


class PageRenderer:
    """Renders any :class:`Page` of one catalog to its HTML fragment."""

    def __init__(
        self, catalog: Catalog, templates: Path = TEMPLATES, *, downloads: bool = False
    ) -> None:
        self.catalog = catalog
        self.contexts = PageContexts(catalog, downloads=downloads)
        self.env = environment(templates)
        self.env.filters.update(rfc3339=_rfc3339)
        self.env.globals.update(
            journal=catalog.journal,
            # Only what a page's fingerprint covers (generator.site.fingerprints).
            catalog=CatalogView.of(catalog),
            month_label=labels.month_label,
            full_number=lambda issue: labels.full_number(issue, catalog.total_number[issue.key]),
        )

    def render(self, page: Page, context: dict[str, Any] | None = None) -> str:
        """The page's HTML fragment; ``context`` when its data is already at hand."""
        if context is None:
            context = self.contexts.context(page)
        template = self.env.get_template(f"{page.kind}.html")
        return template.render(page=page, links=Links(page.url), **context)

    def render_ahead(
        self, pages: Sequence[Page], folder: Path, done: Callable[[int], object] | None = None
    ) -> dict[str, Path]:
        """Render ``pages`` on every core before the engine asks for them one
        at a time: each page's HTML goes to a file in ``folder`` (see
        :func:`ahead_file`), by source URI (in memory, a ten-year archive's
        150 MB of pages would push a build past its memory budget). Nothing
        when too few to be worth it (:func:`renders_ahead`); ``done`` hears
        how many pages each task did."""
        if not renders_ahead(len(pages)):
            return {}
        for kind in sorted({page.kind for page in pages}):
            self.env.get_template(f"{kind}.html")  # compiled here once, not in each worker
        self.contexts.ahead()

        def work(chunk: Sequence[Page]) -> list[str]:
            for page in chunk:
                self._write(page, folder)
            return [page.src_uri for page in chunk]

        written = forked_map(work, pages, AHEAD_FROM, chunk=AHEAD_CHUNK, done=done)
        return {uri: ahead_file(folder, uri) for uri in written}

    def fingerprint_ahead(
        self,
        pages: Sequence[Page],
        fingerprints: Fingerprints,
        known: Callable[[Page, str], bool],
        folder: Path,
        done: Callable[[int], object] | None = None,
        meanwhile: Callable[[], object] | None = None,
    ) -> tuple[list[str], dict[str, Path | None]]:
        """The fingerprint of each page and, for each page whose fingerprint
        is not ``known`` (of that page), its HTML rendered ahead (as :meth:`render_ahead`;
        ``None`` if it was not, which the engine then renders), in one pass
        on every core when there are many: the worker that fingerprints a
        page renders it at once, while the engine has yet to start. (At ten
        years a daily publish renders some fifty of 8,800 pages, which in the
        engine's one process took 0.7 s; a cold build renders them all.)
        ``meanwhile`` runs in this process while the workers work."""
        self.contexts.ahead()
        found = fingerprints_of(
            fingerprints,
            pages,
            lambda page: (page, self.contexts.source(page)),
            done,
            chunk=AHEAD_CHUNK,
            then=lambda page, fingerprint: known(page, fingerprint) or self._write(page, folder),
            meanwhile=meanwhile,
        )
        # Written in forked workers, perhaps: the files are found by their names.
        unknown = (p for p, print_ in zip(pages, found, strict=True) if not known(p, print_))
        return found, {
            page.src_uri: path if (path := ahead_file(folder, page.src_uri)).is_file() else None
            for page in unknown
        }

    def _write(self, page: Page, folder: Path) -> Path:
        path = ahead_file(folder, page.src_uri)
        path.write_text(self.render(page), encoding="utf-8")
        return path

    def feed(self, feed: Feed, site_url: str) -> str:
        """The Atom XML of one feed, its links absolute under ``site_url``."""
        template = self.env.get_template("feed.xml")
        return template.render(
            feed=feed,
            site_url=site_url,
            absolute=functools.partial(absolute, site_url),
            identifier=functools.partial(identifier, site_url),
            today=dt.date.today(),
        )

    def sitemap(self, pages: Sequence[Page], site_url: str) -> str:
        """The sitemap of every page; MkDocs' own would miss the pages an
        incremental build reuses instead of handing them to MkDocs."""
        return self.env.get_template("sitemap.xml").render(
            pages=pages, absolute=functools.partial(absolute, site_url), today=self.catalog.today
        )

    def search_record(self, record: SearchRecord) -> str:
        """The HTML Pagefind indexes for one search record."""
        return self.env.get_template("search_record.html").render(record=record)


# Issues are dated, not timed: an issue counts from midnight, China Standard Time.
def _rfc3339(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"
