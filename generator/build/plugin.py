"""The MkDocs adapter: generated pages in, Material chrome around them.

Under ``mkdocs build`` and ``mkdocs serve`` the content directory is MkDocs'
``docs_dir``. Its Markdown and YAML files are replaced by generated pages
(``File.generated``); only the images and attachments that the rendered pages
show or link stay as static files. ``kanwu build`` and ``kanwu serve`` name
the content directory to the plugin instead (``content_dir``) and give MkDocs
an empty ``docs_dir``: walking a ten-year archive (about 47,000 files) only to
drop nearly all of them took MkDocs 1.9 s of every build. The plugin then adds
the published files itself.
Nothing here reaches into MkDocs internals: only documented plugin events,
``File.generated`` and public config options are used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import json
import logging
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions
from mkdocs.structure.pages import Page as MkDocsPage

from generator.build import ENGINE
from generator.build.cache import BuildCache, code_digest, folder_digest, load_cache
from generator.build.chrome import as_text, harden
from generator.build.datafiles import plan_data
from generator.build.documents import (
    DOCUMENTS_DIR,
    DOCUMENTS_MEMO,
    EARLY_DOCUMENTS,
    Documents,
    DocumentStore,
    Known,
    Launch,
    launches_ahead,
    read_memo,
    write_memo,
)
from generator.build.entries import issue_entries
from generator.build.index import Indexing
from generator.build.memory import LongLived
from generator.build.pdf import PdfError, find_browser
from generator.build.progress import Progress, Silent
from generator.build.sealing import seal
from generator.build.timing import StageTimes
from generator.build.trees import assemble, place
from generator.content.attachments import publishable
from generator.content.diagnostics import Problem, sorted_problems
from generator.content.model import Publication
from generator.content.pipeline import load_and_validate
from generator.site.bodies import Bodies, BodyMemo, render_bodies
from generator.site.catalog import AUDIENCES, Audience, Catalog, build_catalog
from generator.site.documents import SiteDocument, site_documents
from generator.site.feeds import Feed, site_feeds
from generator.site.fingerprints import Fingerprints
from generator.site.pages import site_pages
from generator.site.render import TEMPLATES, THEME, PageRenderer, render_problems, renders_ahead
from generator.site.urls import Page

log = logging.getLogger(f"{ENGINE}.plugins.kanwu")

# A search index that re-indexes at most this many records (a daily publish
# re-indexes its month, about 60 at ten years) starts Pagefind before the
# pages are compared: it runs beside that and beside MkDocs.
EARLY_INDEX_RECORDS = 200
# In the cache folder: the search records the last build made.
RECORDS_MEMO = "records.json"


class KanwuConfig(base.Config):
    strict = c.Type(bool, default=False)
    # intranet: everything; public: only 公开 reports, for the public website.
    audience = c.Choice(AUDIENCES, default="intranet")
    # Build the Pagefind index after each build; under `serve` only when asked,
    # since indexing a large archive on every save would slow the preview.
    search = c.Type(bool, default=True)
    search_in_serve = c.Type(bool, default=False)
    # Where `mkdocs build` keeps what an incremental build reuses (pages,
    # bodies); none by default. `kanwu build` keeps it in .kanwu-cache/.
    cache_dir = c.Optional(c.Type(str))
    # The content folder (relative to mkdocs.yml), which the plugin reads
    # itself. MkDocs' docs_dir is then an empty folder, so that an engine that
    # skips this plugin publishes nothing of the content. Unset, the content
    # is docs_dir, as in configurations written before this option.
    content = c.Optional(c.Type(str))
    # Offer every issue and 通报 for download as PDF and Word
    # (generator.build.documents); never under `serve`, which would print on
    # every save.
    documents = c.Type(bool, default=True)


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
        # Set by `kanwu build` and `kanwu serve`: the cache folder (see
        # generator.build.cache); otherwise the `cache_dir` option, if any.
        self.cache_dir: Path | None = None
        self.progress: Progress = Silent()  # set by `kanwu build`
        # Set by `kanwu build` and `kanwu serve`: the content directory, when
        # MkDocs' docs_dir is an empty folder (see the module's docstring).
        self.content_dir: Path | None = None
        self._cache: BuildCache | None = None
        self._memo: BodyMemo = {}
        # Site path → fingerprint of the page (or file of data/) put there from the cache.
        self._reused: dict[str, str] = {}
        # Pages rendered (and files of data/ written) with a cache: source URI →
        # (fingerprint, site path)
        self._rendering: dict[str, tuple[str, str]] = {}
        # Pages rendered ahead on every core: source URI → file of its HTML.
        self._ahead: dict[str, Path] = {}
        self._ahead_folder: str | None = None
        self._fingerprints: Fingerprints | None = None  # of this build's pages, with a cache
        # What the files of data/ were made from, for the next build (generator.build.datafiles).
        self._data_memo: dict[str, str] | None = None
        # The search index of this build, planned before the pages are
        # compared; finished beside MkDocs (_indexing) or after it.
        self._index_run: Indexing | None = None
        # The index's folders taken over without being linked into the site:
        # site path → file, placed with the reused pages (_finish_cache).
        self._index_linked: dict[str, str] = {}
        self._indexing: Future[None] | None = None
        self._finishing: Indexing | None = None  # the index being finished
        # Bundles to index, and indexed, for the progress of the index's stage.
        self._bundles = self._bundles_indexed = 0
        self._bundles_shown = False
        self._bundles_lock = threading.Lock()
        # Set by `kanwu build`: the previous site, to assemble this one in
        # (generator.build.spare); then the folder that holds the new site.
        self.spare: Path | None = None
        self.assembled_in: Path | None = None
        self._long_lived = LongLived()
        # The downloads of this build (generator.build.documents), and the
        # folder that holds them when there is no cache.
        self._documents: Documents | None = None
        self._scratch: str | None = None
        # The documents offered, what the last build left of them, and
        # Chromium started ahead, from the page comparison on.
        self._offered: list[SiteDocument] = []
        self._documents_memo: dict[str, Known] = {}
        self._launch: Launch | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _add_theme(config)
        if self.content_dir is None and self.config.content:
            # Plain `mkdocs build`: the content folder named in mkdocs.yml
            # (`kanwu build` and `serve` set content_dir themselves).
            base = Path(config.config_file_path or "mkdocs.yml").parent
            self.content_dir = (base / self.config.content).resolve()
        publication = self.preloaded
        self._problems, self._problems_html = [], None
        if publication is None:
            folder = self._cache_folder()
            publication, problems = load_and_validate(
                self._content(config), load_cache(folder) if folder else None
            )
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
        self._long_lived.freeze()  # the content, then (below) the catalog made of it
        started = time.perf_counter()
        with self._long_lived.making():
            if self._problems:
                pages = _problem_pages(publication, self.config.audience, self._shown)
                self._renderer, self._catalog = None, None  # nothing to render, index or feed
            else:
                assert publication is not None
                catalog = build_catalog(publication, self.config.audience)
                self._catalog = catalog
                pages = site_pages(catalog)
                self._feeds = site_feeds(catalog)
                self._renderer = PageRenderer(
                    catalog, _templates(config), downloads=self._offers_documents()
                )
            self._pages = {page.src_uri: page for page in pages}
        if not self._problems:
            self._shown = pages
        # Titles reach Material's chrome escaped (see generator.build.chrome).
        title = publication.journal.title if publication else "内容有错误"
        config.site_name = as_text(title)
        config.nav = [{as_text(page.title): page.src_uri} for page in pages if page.nav]
        # kanwu writes the sitemap itself: it lists every page, also those an
        # incremental build reuses without handing them to MkDocs.
        config.theme.static_templates.discard("sitemap.xml")
        self.times.generate += time.perf_counter() - started
        return config

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        harden(env)
        if self._cache is not None:
            # The engine's templates compiled by an earlier build (generator.build.bytecode).
            env.bytecode_cache = self._cache.templates("engine")
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
        self._reused, self._rendering, self._fingerprints = {}, {}, None
        self._data_memo = None
        self._bundles = self._bundles_indexed = 0
        self._bundles_shown = False
        cache = self._open_cache(config) if self._renderer is not None else None
        if self._renderer is not None:
            if cache is not None:
                self._renderer.env.bytecode_cache = cache.templates("kanwu")
            assets = self._render_bodies(config, cache)
        for file in list(files):
            if file.src_dir == config.docs_dir and not (
                file.src_uri in assets and publishable(file.src_uri)
            ):
                files.remove(file)
            elif (
                file.src_uri.startswith(f"{TEMPLATES.name}/")
                and file.src_dir is not None
                and Path(file.src_dir).resolve() == TEMPLATES.parent
            ):
                # kanwu's own templates sit in the theme folder; MkDocs would
                # publish the XML ones (feed, sitemap) as static files. (Only
                # their few paths are resolved: a build has hundreds of files.)
                files.remove(file)
        if self.content_dir is not None:
            # MkDocs' docs_dir is empty: add what a walk of the content would
            # have kept, excluded as MkDocs excludes (dot files, exclude_docs).
            added = [
                File(uri, str(self.content_dir), config.site_dir, config.use_directory_urls)
                for uri in sorted(assets)
                if publishable(uri)
            ]
            set_exclusions(added, config)
            for file in added:
                if file.inclusion != InclusionLevel.EXCLUDED:
                    files.append(file)
        started = time.perf_counter()
        # Pages in the navigation are always rendered: MkDocs builds the
        # navigation from them. Any other page already in the cache with the
        # same fingerprint is put in place after the build instead.
        with self._long_lived.making():
            if cache is not None and self._catalog is not None:
                self._fingerprints = Fingerprints(self._catalog, cache.salt.encode())
            keyed = list(self._pages.values()) if self._fingerprints is not None else []
            self.progress.stage("比对页面", len(keyed))

            def meanwhile() -> None:
                # While forked workers compare the pages (this process would
                # only wait for them), the index is planned, so that a daily
                # publish's Pagefind run starts early and is done before
                # MkDocs is; and Chromium is started for its new issue.
                self._plan_index(Path(config.site_dir))
                self._offer_documents(cache)

            printed, unknown = self._fingerprint_pages(cache, keyed, meanwhile)
        rendered: list[Page] = []
        for page in self._pages.values():
            fingerprint = printed.get(page.src_uri)
            if fingerprint is not None and page.src_uri not in unknown:
                self._reused[page.site_file] = fingerprint
                continue
            inclusion = InclusionLevel.INCLUDED if page.nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content=_stub(page), inclusion=inclusion)
            if fingerprint is not None and cache is not None and not page.nav:
                self._rendering[page.src_uri] = (fingerprint, file.dest_uri)
            files.append(file)
            rendered.append(page)
        waiting = [page for page in rendered if page.src_uri not in self._ahead]
        if self._renderer is not None and renders_ahead(len(waiting)):
            # MkDocs renders one page at a time: ours are rendered ahead on every core.
            self.progress.stage("渲染页面", len(waiting))
            if self._launch is not None:
                self._launch.wait()
            folder = self._ahead_in()
            self._ahead.update(self._renderer.render_ahead(waiting, folder, self.progress.advance))
        if self._renderer is not None:
            for feed in self._feeds:
                xml = self._renderer.feed(feed, config.site_url or "")
                files.append(File.generated(config, feed.path, content=xml))
            self._add_data(config, files, cache, printed)
            self._plan_documents(config, cache, printed)
            # With MkDocs' sitemap template dropped (on_config), the theme
            # offers the template itself as a static file: replace it.
            if (template := files.get_file_from_path("sitemap.xml")) is not None:
                files.remove(template)
            # A sitemap lists absolute URLs: without the site's address, none.
            if config.site_url:
                sitemap = self._renderer.sitemap(list(self._pages.values()), config.site_url)
                files.append(File.generated(config, "sitemap.xml", content=sitemap))
                files.append(
                    File.generated(
                        config, "sitemap.xml.gz", content=gzip.compress(sitemap.encode(), mtime=0)
                    )
                )
        self._start_index(Path(config.site_dir))
        self.progress.stage("生成页面", len(rendered))
        self.times.generate += time.perf_counter() - started
        return files

    def _add_data(
        self, config: MkDocsConfig, files: Files, cache: BuildCache | None, pages: dict[str, str]
    ) -> None:
        """The machine-readable archive (data/): files the cache holds are
        put in place after the build like unchanged pages, the others are
        written (and then kept in the cache)."""
        assert self._catalog is not None
        plan = plan_data(self._catalog, cache, pages)
        for path, data in plan.written.items():
            file = File.generated(config, path, content=data)
            files.append(file)
            if path in plan.stored:
                self._rendering[path] = (plan.stored[path], file.dest_uri)
        self._reused.update(plan.linked)
        self._data_memo = plan.memo

    def _offers_documents(self) -> bool:
        return bool(self.config.documents) and self._command != "serve"

    def _offer_documents(self, cache: BuildCache | None) -> None:
        """The documents this build offers, and what the last build left of
        them; Chromium is started now when a few are new (generator.build.documents)."""
        self._offered, self._documents_memo = [], {}
        if not self._offers_documents() or self._catalog is None:
            return
        self._offered = site_documents(self._catalog, self._pages.values())
        if cache is not None:
            self._documents_memo = read_memo(cache.root / DOCUMENTS_MEMO, cache.salt)
        if launches_ahead(self._offered, self._documents_memo):
            self._launch = Launch()

    def _plan_documents(
        self, config: MkDocsConfig, cache: BuildCache | None, pages: dict[str, str]
    ) -> None:
        """Which documents to download are kept, which are made; a daily
        publish's few are begun now, beside MkDocs (generator.build.documents)."""
        self._documents = None
        if not self._offers_documents() or self._catalog is None:
            return
        if cache is not None:
            store = DocumentStore(cache.root / DOCUMENTS_DIR)
        else:
            self._scratch = tempfile.mkdtemp(prefix="kanwu-documents-")
            store = DocumentStore(Path(self._scratch))
        launch, self._launch = self._launch, None
        documents = Documents(
            self._catalog,
            self._content(config).resolve(),
            store,
            self._documents_memo,
            pages,
            launch,
        )
        # Held before anything can fail: a failed build lets go of it
        # (_drop_documents), with the browser started ahead.
        self._documents = documents
        documents.plan(self._offered)
        if documents.pending:
            with _documents_failing():
                find_browser()  # none: said now, not after MkDocs
        if len(documents.pending) <= EARLY_DOCUMENTS:
            documents.start()

    def _finish_documents(self, site: Path) -> dict[str, Path]:
        """Wait for the documents to download; where their files are."""
        documents = self._documents
        if documents is None:
            return {}
        started = time.perf_counter()
        if documents.pending:
            self.progress.stage("生成下载用的 PDF 和 Word", len(documents.pending))
        with _documents_failing():
            documents.finish(self.progress.advance)
        for fallback in sorted(documents.fallbacks):
            log.info(f"下载用的 PDF：{fallback}。")
        self.times.documents += time.perf_counter() - started
        if self._cache is None:
            place(site, documents.files)
            self._drop_documents()
        return documents.files

    def _drop_documents(self) -> None:
        launch, self._launch = self._launch, None
        if launch is not None:
            launch.close()
        documents, self._documents = self._documents, None
        if documents is not None:
            documents.stop()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _render_bodies(self, config: MkDocsConfig, cache: BuildCache | None) -> frozenset[str]:
        """Render the edition's report bodies (from the cache where it holds
        them); the content files they show, which the site publishes."""
        assert self._renderer is not None
        started = time.perf_counter()
        contexts = self._renderer.contexts
        with self._long_lived.making():
            memo = cache.bodies() if cache is not None else self._memo
            self.progress.stage("渲染稿件正文", len(contexts.catalog.reports))
            contexts.bodies = render_bodies(
                contexts.catalog,
                self._content(config),
                contexts.markdown,
                memo,
                self.progress.advance,
            )
        self._memo = contexts.bodies.memo
        self.times.generate += time.perf_counter() - started
        return frozenset(contexts.bodies.assets)

    def _fingerprint_pages(
        self, cache: BuildCache | None, keyed: list[Page], meanwhile: Callable[[], object]
    ) -> tuple[dict[str, str], frozenset[str]]:
        """The fingerprint of each page ``keyed``, by source URI, when there
        is a cache to find pages in (else none), and which of them the cache
        does not hold; those are rendered ahead meanwhile."""
        fingerprints, renderer = self._fingerprints, self._renderer
        if cache is None or fingerprints is None or renderer is None:
            meanwhile()
            return {}, frozenset()
        # Pages in the navigation are always rendered (MkDocs builds the
        # navigation from them), so never taken from the cache.
        found, rendered = renderer.fingerprint_ahead(
            keyed,
            fingerprints,
            lambda page, fingerprint: not page.nav and cache.has(fingerprint),
            self._ahead_in(),
            self.progress.advance,
            meanwhile,
        )
        self._ahead = {uri: path for uri, path in rendered.items() if path is not None}
        printed = {
            page.src_uri: fingerprint for page, fingerprint in zip(keyed, found, strict=True)
        }
        return printed, frozenset(rendered)

    def _ahead_in(self) -> Path:
        """The folder of the pages rendered ahead, made once per build."""
        if self._ahead_folder is None:
            self._ahead_folder = tempfile.mkdtemp(prefix="kanwu-pages-")
        return Path(self._ahead_folder)

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        self.progress.advance()
        return output

    def shown(self) -> tuple[Catalog, Bodies] | None:
        """What the last build showed, for the preview's quick path; ``None``
        when it showed the content's problems instead."""
        if self._renderer is None or self._catalog is None:
            return None
        return self._catalog, self._renderer.contexts.rendered()

    def forget(self) -> None:
        """Let go of what the last build computed. The preview keeps what
        :meth:`shown` returned, and its first configuration (this plugin)
        for as long as it serves: two builds' worth must not stay in memory."""
        self._catalog, self._renderer = None, None
        self._pages, self._feeds, self._memo = {}, [], {}
        self._reused, self._rendering, self._fingerprints = {}, {}, None

    def _drop_ahead(self) -> None:
        if self._ahead_folder is not None:
            shutil.rmtree(self._ahead_folder, ignore_errors=True)
        self._ahead, self._ahead_folder = {}, None

    def _content(self, config: MkDocsConfig) -> Path:
        return self.content_dir or Path(config.docs_dir)

    def _cache_folder(self) -> Path | None:
        return self.cache_dir or (Path(self.config.cache_dir) if self.config.cache_dir else None)

    def _open_cache(self, config: MkDocsConfig) -> BuildCache | None:
        """The cache of this build, locked, or ``None`` when there is none."""
        folder = self._cache_folder()
        if folder is None:
            return None
        # Everything a page's HTML depends on besides its fingerprint: the
        # code, the theme, the configuration and the navigation around it.
        parts = [
            code_digest(),
            folder_digest(Path(config.theme.custom_dir)) if config.theme.custom_dir else "",
            Path(config.config_file_path).read_text(encoding="utf-8")
            if config.config_file_path
            else "",
            json.dumps(
                [
                    config.site_name,
                    config.site_url,
                    config.nav,
                    self.config.audience,
                    self._offers_documents(),
                ],
                ensure_ascii=False,
            ),
        ]
        salt = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        self._cache = BuildCache(folder, salt).__enter__()
        return self._cache

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
            ahead = self._ahead.pop(page.file.src_uri, None)
            if ahead is None:
                return self._renderer.render(generated)
            html = ahead.read_text(encoding="utf-8")
            ahead.unlink()
            return html
        finally:
            self.times.generate += time.perf_counter() - started

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        try:
            if self._searching():
                self._index(site)
            documents = self._finish_documents(site)
            if self._cache is not None:
                self._finish_cache(site, documents)
            if self._command != "serve" and self._catalog is not None:
                # The record of what is out: only a build that succeeded
                # (a preview's edits are drafts until they are built).
                seal(self._content(config), self._catalog.publication, self._catalog.today)
        finally:
            self._drop_documents()
            self._long_lived.thaw()
            self._drop_ahead()

    def _searching(self) -> bool:
        return bool(self.config.search) and (
            self._command != "serve" or bool(self.config.search_in_serve)
        )

    def _index(self, site: Path) -> None:
        """The search index: its end, when it was finished beside MkDocs
        (:meth:`_start_index`); else all of what was not done yet."""
        started = time.perf_counter()
        # How many bundles, as Pagefind indexes them: at ten years a cold
        # build waits here some 15 s after MkDocs, its index begun beside it.
        self.progress.stage("建立搜索索引", self._bundles or None)
        with self._bundles_lock:
            self._bundles_shown, done = True, self._bundles_indexed
        if done:
            self.progress.advance(done)
        indexing, self._indexing = self._indexing, None
        if indexing is not None:
            indexing.result()
        else:
            if self._index_run is None:  # not planned with the pages: searching was off then
                self._plan_index(site)
            if self._index_run is not None:
                self._finish_index(site)
        self.times.index += time.perf_counter() - started

    def _plan_index(self, site: Path) -> None:
        """Plan the search index: which bundles are taken over, which are
        indexed anew. When those are few records (a daily publish), Pagefind
        starts on them now, in a process of its own, and runs while the pages
        are compared and MkDocs renders. A build that re-indexes whole years
        starts it beside MkDocs (:meth:`_start_index`), once the pages are
        compared: the workers comparing them use every core.

        It runs while forked workers compare the pages, beside the thread
        that feeds them, so nothing here may fork workers of its own (never
        safe beside a running thread): the keys are joined from digests the
        workers' parent made before forking, and making records forks
        nothing."""
        self._index_run = None
        if not self._searching() or self._catalog is None or self._renderer is None:
            return
        fingerprints = self._fingerprints or Fingerprints(self._catalog)
        records = issue_entries(self._catalog, self._renderer, fingerprints)
        kept = self._cache.root / "index" if self._cache else None
        memo = self._cache.root / RECORDS_MEMO if self._cache else None
        self._index_run = Indexing(records, site, kept, memo=memo, indexed=self._bundle_indexed)
        self._bundles = self._index_run.bundles
        if self._index_run.anew <= EARLY_INDEX_RECORDS:
            self._index_run.launch()

    def _bundle_indexed(self) -> None:
        """Pagefind has indexed a bundle (in the index's thread): counted,
        and shown once the build waits for the index (:meth:`_index`)."""
        with self._bundles_lock:
            self._bundles_indexed += 1
            shown = self._bundles_shown
        if shown:
            self.progress.advance()

    def _start_index(self, site: Path) -> None:
        """Finish the search index beside MkDocs, in a thread: writing the
        records, Pagefind's runs (in processes of their own, one at a time),
        listing the terms and checking the bundles taken over all use the
        time MkDocs takes. At ten years a cold build then starts Pagefind
        some 25 s sooner than after MkDocs, and its peak memory, MkDocs'
        pages and one Pagefind run together, stays about 1.4 GB (measured).
        MkDocs itself is slower meanwhile (its thread shares the GIL with
        the records being written), but Pagefind's runs take longer still."""
        if self._index_run is None:
            return
        pool = ThreadPoolExecutor(1, thread_name_prefix="kanwu-index")
        self._indexing = pool.submit(self._finish_index, site)
        pool.shutdown(wait=False)  # the thread ends with its one task

    def _finish_index(self, site: Path) -> None:
        run, self._index_run = self._index_run, None
        assert run is not None
        self._finishing = run  # for settle() to stop
        try:
            # With a cache, the unchanged folders are placed with the reused
            # pages: in the previous site (generator.build.spare) they are
            # there already, as the very same files.
            index = run.finish(take_over=self._cache is None)
        finally:
            self._finishing = None
        self._index_linked = dict(index.linked)
        if self._cache is not None:
            self._cache.keep_index(index.path, index.taken_over)

    def _finish_cache(self, site: Path, documents: dict[str, Path]) -> None:
        """Put reused pages (and the documents to download) in place, keep
        the pages just rendered, let go."""
        assert self._cache is not None
        cache, self._cache = self._cache, None
        self.progress.stage("复用未改动的页面", len(self._reused))
        try:
            for fingerprint, path in self._rendering.values():
                cache.keep(fingerprint, site / path)
            linked = {path: cache.use(fingerprint) for path, fingerprint in self._reused.items()}
            # Linked while the cache is locked: no other build deletes them first.
            # The spare pays off when most pages are reused; when most were
            # rendered, linking them all into it costs more than it saves.
            index, self._index_linked = self._index_linked, {}
            index = {**index, **{path: str(file) for path, file in documents.items()}}
            if self.spare is not None and len(linked) >= len(self._pages) // 2:
                assemble(self.spare, site, linked, self.progress.advance, also=index)
                self.assembled_in = self.spare
            else:
                place(site, linked, self.progress.advance)
                place(site, index)
            cache.finish()
            cache.keep_bodies(self._memo)
            if self._data_memo is not None:
                cache.keep_data_memo(self._data_memo)
            if self._documents is not None:
                self._documents.store.finish()
                write_memo(cache.root / DOCUMENTS_MEMO, cache.salt, self._documents.new_memo)
        finally:
            cache.__exit__()

    def settle(self) -> None:
        """Wait for what this build started beside MkDocs (the search index)
        to end, whatever it ended in: a build that failed or was interrupted
        (Ctrl+C, which MkDocs passes on without on_build_error) must not
        delete a folder that is still being written in; then let go of the
        rest (the pages rendered ahead, the cache's lock)."""
        indexing, self._indexing = self._indexing, None
        if indexing is not None:
            # Stopped, not waited for: at ten years a cold build's index
            # runs beside MkDocs for a minute.
            finishing = self._finishing
            if finishing is not None:
                finishing.stop()
            with contextlib.suppress(Exception):
                indexing.result()
        # Planned or launched, never finished: Pagefind stopped, its folders gone.
        run, self._index_run = self._index_run, None
        if run is not None:
            run.close()
        # What on_post_build lets go of; MkDocs calls neither it nor
        # on_build_error when a build is interrupted.
        self._drop_documents()
        self._long_lived.thaw()
        self._drop_ahead()
        if self._cache is not None:
            self._cache.__exit__()
            self._cache = None

    def on_build_error(self, *, error: Exception) -> None:
        self.settle()


@contextlib.contextmanager
def _documents_failing() -> Iterator[None]:
    """A document that cannot be made fails the build with the reason."""
    try:
        yield
    except PdfError as exc:
        raise PluginError(
            f"未能生成下载用的 PDF 和 Word 文件：{exc}"
            "（站点不需要提供下载时，可在 mkdocs.yml 的 kanwu 插件下设置 documents: false）"
        ) from None


def _add_theme(config: MkDocsConfig) -> None:
    """Put kanwu's theme between the office's own overrides (``custom_dir``,
    which win) and Material: mkdocs.yml then names no folder of kanwu's, so
    it works with kanwu installed anywhere (``Theme.dirs`` is MkDocs' public,
    ordered list of template folders, read when the build starts)."""
    dirs = config.theme.dirs
    if str(THEME) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))


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
