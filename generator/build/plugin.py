"""The MkDocs adapter: generated pages in, Material chrome around them.

The content directory is MkDocs' ``docs_dir``, so ``mkdocs serve`` rebuilds
when an editor saves a report. Its Markdown and YAML files are replaced by
generated pages (``File.generated``); only the images and attachments that
the rendered pages show or link stay as static files.
Nothing here reaches into MkDocs internals: only documented plugin events,
``File.generated`` and public config options are used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import time
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from generator.build.chrome import as_text, harden
from generator.build.index import write_index
from generator.build.timing import StageTimes
from generator.content.attachments import publishable
from generator.content.diagnostics import Problem, sorted_problems
from generator.content.model import Publication
from generator.content.pipeline import load_and_validate
from generator.site.bodies import render_bodies
from generator.site.catalog import AUDIENCES, Audience, Catalog, build_catalog
from generator.site.feeds import Feed, site_feeds
from generator.site.pages import site_pages
from generator.site.render import TEMPLATES, PageRenderer, render_problems
from generator.site.search import search_records
from generator.site.urls import Page

log = logging.getLogger("mkdocs.plugins.kanwu")


class KanwuConfig(base.Config):
    strict = c.Type(bool, default=False)
    # intranet: everything; public: only 公开 reports, for the public website.
    audience = c.Choice(AUDIENCES, default="intranet")
    # Build the Pagefind index after each build; under `serve` only when asked,
    # since indexing a large archive on every save would slow the preview.
    search = c.Type(bool, default=True)
    search_in_serve = c.Type(bool, default=False)


class KanwuPlugin(BasePlugin[KanwuConfig]):
    """Registered as the ``kanwu`` MkDocs plugin (entry point in pyproject.toml)."""

    def __init__(self) -> None:
        # The CLI validates before building and hands the result over here,
        # so the content is loaded once per build.
        self.preloaded: Publication | None = None
        self._pages: dict[str, Page] = {}
        self._feeds: list[Feed] = []
        self._catalog: Catalog | None = None
        self._renderer: PageRenderer | None = None
        self._command = "build"
        self._problems: list[Problem] = []
        self._problems_html: str | None = None
        # The pages of the last good build: `serve` keeps them while content
        # is broken, showing the problems, so no open browser is left on a 404.
        self._shown: list[Page] = []
        self.times = StageTimes()
        # The site folder of the previous build, if any: its unchanged search
        # index bundles are taken over instead of indexed again.
        self.previous_site: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        publication = self.preloaded
        self._problems, self._problems_html = [], None
        if publication is None:
            publication, problems = load_and_validate(Path(config.docs_dir))
            for problem in problems.warnings:
                log.warning(str(problem))
            if publication is None or problems.fails(strict=self.config.strict):
                failing = problems if self.config.strict else problems.errors
                listing = "\n".join(str(p) for p in sorted_problems(failing))
                if self._command != "serve":
                    raise PluginError(f"内容有 {len(failing)} 处问题，未生成站点：\n{listing}")
                # Under `serve` the preview shows the problems in place of every
                # page, so the browser reloads into them and out of them again
                # when the editor has fixed the files.
                log.error(f"内容有 {len(failing)} 处问题，预览页面显示问题清单：\n{listing}")
                self._problems = sorted_problems(failing)
        started = time.perf_counter()
        if self._problems:
            pages = _problem_pages(publication, self.config.audience, self._shown)
            self._renderer, self._catalog = None, None  # nothing to render, index or feed
        else:
            assert publication is not None
            catalog = build_catalog(publication, self.config.audience)
            self._catalog = catalog
            pages = site_pages(catalog)
            self._feeds = site_feeds(catalog)
            self._renderer = PageRenderer(catalog, _templates(config))
        self._pages = {page.src_uri: page for page in pages}
        if not self._problems:
            self._shown = pages
        # Titles reach Material's chrome escaped (see generator.build.chrome).
        title = publication.journal.title if publication else "内容有错误"
        config.site_name = as_text(title)
        config.nav = [{as_text(page.title): page.src_uri} for page in pages if page.nav]
        self.times.generate += time.perf_counter() - started
        return config

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        harden(env)
        return env

    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        # Pages in the navigation already carry their (escaped) title from
        # `config.nav`; the others get it here. The home page must not get a
        # meta title, or Material's <title> would read 「示例信息 - 示例信息」.
        generated = self._pages.get(page.file.src_uri)
        if generated is not None and not generated.nav:
            page.meta["title"] = as_text(generated.title)
        return markdown

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # Of the content directory only the files that the rendered pages of
        # this edition show or link reach the site (allowed attachments, never
        # Markdown or YAML): not what a comment, code or an internal report
        # alone refers to. The bodies are rendered here, once, for the pages.
        # (Under `serve` with content errors there is no renderer: the pages
        # only list the problems, and no content file is published.)
        assets: frozenset[str] = frozenset()
        if self._renderer is not None:
            started = time.perf_counter()
            contexts = self._renderer.contexts
            contexts.bodies = render_bodies(
                contexts.catalog, Path(config.docs_dir), contexts.markdown
            )
            assets = frozenset(contexts.bodies.assets)
            self.times.generate += time.perf_counter() - started
        for file in list(files):
            if file.src_dir == config.docs_dir and not (
                file.src_uri in assets and publishable(file.src_uri)
            ):
                files.remove(file)
        for page in self._pages.values():
            inclusion = InclusionLevel.INCLUDED if page.nav else InclusionLevel.NOT_IN_NAV
            files.append(
                File.generated(config, page.src_uri, content=_stub(page), inclusion=inclusion)
            )
        if self._renderer is not None:
            for feed in self._feeds:
                xml = self._renderer.feed(feed, config.site_url or "")
                files.append(File.generated(config, feed.path, content=xml))
        return files

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self._pages.get(page.file.src_uri)
        if generated is not None and self._problems:
            # The same page for every address: render it once per build.
            if self._problems_html is None:
                self._problems_html = render_problems(self._problems, _templates(config))
            return self._problems_html
        if generated is None or self._renderer is None:
            return html
        started = time.perf_counter()
        try:
            return self._renderer.render(generated)
        finally:
            self.times.generate += time.perf_counter() - started

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.search or (self._command == "serve" and not self.config.search_in_serve):
            return
        if self._catalog is None:
            return
        started = time.perf_counter()
        assert self._renderer is not None
        records = search_records(self._catalog, self._renderer.contexts.rendered())
        write_index(
            records, self._renderer.search_record, Path(config.site_dir), self.previous_site
        )
        self.times.index += time.perf_counter() - started


def _templates(config: MkDocsConfig) -> Path:
    custom = Path(config.theme.custom_dir or "") / "kanwu"
    return custom if custom.is_dir() else TEMPLATES


def _problem_pages(
    publication: Publication | None, audience: Audience, shown: list[Page]
) -> list[Page]:
    """Under ``serve`` with content errors: every page the preview showed last
    and every page the content would have (so a browser stays on its address,
    even when journal.yml itself is broken), each showing the problems."""
    pages = {page.src_uri: page for page in shown}
    if publication is not None:
        with contextlib.suppress(Exception):  # the content is known to be broken
            pages.update((p.src_uri, p) for p in site_pages(build_catalog(publication, audience)))
    home = Page("", "内容有错误", "problems", nav=True)
    pages.setdefault(home.src_uri, home)
    return [dataclasses.replace(page, kind="problems") for page in pages.values()]


def _stub(page: Page) -> str:
    """The Markdown MkDocs reads for a generated page: front matter only;
    the body is rendered from the templates in ``on_page_content`` and the
    title is set, escaped, in ``on_page_markdown``."""
    meta: dict[str, Any] = {"hide": ["navigation", "toc"]}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"
