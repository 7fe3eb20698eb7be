"""The documents a site offers for download, made in a build and kept
between builds: every issue and every 通报 as PDF and as Word
(generator.site.downloads).

Chromium takes about 0.4 s to print a document (README「站点下载」), so a
build makes only the documents it does not have:

- Their files are kept in the build cache's ``documents/`` folder, named by
  a digest of all they are made of: the document's HTML (its text, the
  print stylesheet and script), the bytes of each image it shows, and the
  writers (:func:`writers_digest`: kanwu's PDF and Word code, the versions
  of Playwright, pypdf, python-docx and fontTools, and the fonts the machine
  has). A document whose digest is kept is linked into the site, not made;
  the digest does not depend on the site's configuration, so a changed
  ``mkdocs.yml`` or navigation prints nothing again. Nor on the version of
  Chromium, which Debian updates every few weeks: an issued document stays
  as it was printed, and printing ten years again after each update would
  take an hour (README「站点上的下载」).
- Making every document's HTML only to digest it would take 15 ms each, 100
  s at ten years; so the digest is remembered by the fingerprint of the
  document's page (its issue page, its 通报), which is made from all the
  document shows and more (as generator.build.datafiles does), and by the
  size and time of the images it shows. A page whose fingerprint changed
  (the next issue appeared, a report was adopted) has its document made and
  digested again; most often it is the same document, found and linked.

The documents to make are made in a thread with Chromium in processes of its
own: a daily publish's few beside MkDocs, from the moment the pages are
planned; the thousands of a cold build after the search index, so that
Chromium and Pagefind's long runs never add up in memory. Starting Chromium
takes 0.7 s, as long as MkDocs' part of a daily publish: when the last build
did not offer a few of this build's documents (a new issue, a 通报 just
issued), Chromium is started while the pages are compared (:class:`Launch`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
import queue
import re
import subprocess
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.build.pdf import Printer
from generator.build.trees import write_atomic
from generator.build.word import write_docx, write_notice_docx
from generator.site.catalog import Catalog
from generator.site.documents import (
    IssueDocument,
    NoticeDocument,
    SiteDocument,
    make_document,
)
from generator.site.render import PageRenderer

# A build with at most this many documents to make starts them beside MkDocs.
EARLY_DOCUMENTS = 20
# Browsers printing at once in a cold build: two print 25 % more than one on
# two cores (measured); more only share the same cores.
PRINTERS = 2
# In the cache folder: the documents' files, and their digests by page fingerprint.
DOCUMENTS_DIR = "documents"
DOCUMENTS_MEMO = "documents.json"
_MANIFEST = "manifest.json"  # in the store: file → (size, mtime)
_SRC = re.compile(r'\ssrc="([^"]+)"')
_WRITERS = ("pdf.py", "radicals.py", "word.py")
_VERSIONS = ("playwright", "pypdf", "python-docx", "fonttools")

Images = tuple[tuple[str, int, int], ...]  # (file, size, mtime_ns) of each image shown


class Known(NamedTuple):
    """What a build remembers of a document, by its page's fingerprint."""

    digest: str
    images: Images
    page: str  # the page's source URI


@functools.cache
def writers_digest() -> str:
    """What makes a document's files besides its HTML and images: the
    writers' code and versions, and the machine's fonts."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _WRITERS:
        digest.update((here / name).read_bytes())
    for name in _VERSIONS:
        digest.update(f"{name}={importlib.metadata.version(name)}\n".encode())
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        fonts = subprocess.run(
            ["fc-list", "--format", "%{file}:%{family}\n"],
            capture_output=True,
            check=False,
            timeout=30,
        ).stdout
        digest.update(b"".join(sorted(fonts.splitlines(keepends=True))))
    return digest.hexdigest()


class DocumentStore:
    """Documents' files by digest, ``<root>/<xx>/<digest>.<format>``; each is
    trusted only with the size and time recorded when it was stored (a file
    edited through its link in an old site is not reused)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        try:
            data = json.loads((root / _MANIFEST).read_text(encoding="utf-8"))
            self._known = {str(k): (int(v[0]), int(v[1])) for k, v in data.items()}
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            self._known = {}
        self._used: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def path(self, name: str) -> Path:
        return self.root / name[:2] / name

    def has(self, name: str) -> bool:
        known = self._known.get(name)
        try:
            info = self.path(name).stat()
        except OSError:
            return False
        return known == (info.st_size, info.st_mtime_ns)

    def use(self, name: str) -> Path:
        with self._lock:
            self._used[name] = self._known[name]
        return self.path(name)

    def put(self, name: str, data: bytes) -> Path:
        path = self.path(name)
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, data)
        info = path.stat()
        with self._lock:
            self._known[name] = self._used[name] = (info.st_size, info.st_mtime_ns)
        return path

    def finish(self) -> None:
        """Forget and delete the files this build did not use."""
        for folder in os.scandir(self.root):
            for entry in os.scandir(folder.path) if folder.is_dir(follow_symlinks=False) else ():
                if entry.name not in self._used:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
        write_atomic(self.root / _MANIFEST, json.dumps(self._used).encode("utf-8"))


def read_memo(path: Path, salt: str) -> dict[str, Known]:
    """The last build's documents by page fingerprint."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("salt") != salt:
            return {}
        return {
            str(fingerprint): Known(
                str(digest), tuple((str(f), int(s), int(t)) for f, s, t in images), str(page)
            )
            for fingerprint, (digest, images, page) in data["pages"].items()
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def write_memo(path: Path, salt: str, memo: Mapping[str, Known]) -> None:
    data = {"salt": salt, "pages": memo}
    write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def launches_ahead(offered: Iterable[SiteDocument], memo: Mapping[str, Known]) -> bool:
    """Whether a build offering ``offered`` starts Chromium before it knows
    which documents it makes: when a few of them are new since the build
    that left ``memo`` (a daily publish's issue). Never for many (a cold
    build prints after the search index) nor for none (a build that changed
    nothing, or only pages whose documents are most often found again)."""
    known = {entry.page for entry in memo.values()}
    new = sum(1 for wanted in offered if wanted.page.src_uri not in known)
    return 0 < new <= EARLY_DOCUMENTS


# The browser a documents thread launched ahead, until it prints with it:
# Playwright's sync API serves only the thread that started it.
_launched = threading.local()


class Launch:
    """Chromium started ahead in the thread that will make the documents."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="kanwu-documents")
        self._started = self.pool.submit(_launch)

    def wait(self) -> None:
        """Until Chromium has started: the thread then only waits for work
        (a process forked meanwhile copies no half-taken lock of it)."""
        self._started.result()

    def close(self) -> None:
        """Not needed after all: Chromium is closed, the thread ends."""
        self.pool.submit(_close_launched)
        self.pool.shutdown(wait=False)


def _launch() -> None:
    # A browser that cannot start is started again when a document needs
    # it, which says why (generator.build.pdf); the build may need none.
    with contextlib.suppress(Exception):
        _launched.printer = Printer()


def _take_launched() -> Printer | None:
    printer: Printer | None = getattr(_launched, "printer", None)
    _launched.printer = None
    return printer


def _close_launched() -> None:
    printer = _take_launched()
    if printer is not None:
        printer.close()


def _unchanged(images: Images) -> bool:
    for name, size, mtime in images:
        try:
            info = os.stat(name)
        except OSError:
            return False
        if (info.st_size, info.st_mtime_ns) != (size, mtime):
            return False
    return True


@dataclass
class Documents:
    """The documents of one build: planned with the pages, made in a thread,
    placed in the site with the pages (site path → file of the store)."""

    catalog: Catalog
    root: Path | None  # the content folder
    store: DocumentStore
    memo: Mapping[str, Known]  # as the last build left it
    fingerprints: Mapping[str, str]  # this build's, by page source URI
    launch: Launch | None = None  # Chromium, started ahead
    files: dict[str, Path] = field(default_factory=dict)
    new_memo: dict[str, Known] = field(default_factory=dict)
    pending: list[SiteDocument] = field(default_factory=list)
    printed: int = 0  # documents made by this build
    fallbacks: set[str] = field(default_factory=set)
    _running: Future[None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopped: threading.Event = field(default_factory=threading.Event)

    def plan(self, offered: Iterable[SiteDocument]) -> None:
        """Link each document whose page is as it was; keep the others to make."""
        for wanted in offered:
            fingerprint = self.fingerprints.get(wanted.page.src_uri)
            known = self.memo.get(fingerprint) if fingerprint is not None else None
            if known is not None and _unchanged(known.images) and self._link(wanted, known.digest):
                assert fingerprint is not None
                self.new_memo[fingerprint] = known
            else:
                self.pending.append(wanted)

    def _names(self, wanted: SiteDocument, digest: str) -> dict[str, str]:
        return {d.path: f"{digest}.{d.path.rsplit('.', 1)[1]}" for d in wanted.files}

    def _link(self, wanted: SiteDocument, digest: str) -> bool:
        names = self._names(wanted, digest)
        if not all(self.store.has(name) for name in names.values()):
            return False
        for path, name in names.items():
            self.files[path] = self.store.use(name)
        return True

    def start(self, advance: Callable[[], object] | None = None) -> None:
        """Make the pending documents in a thread (:meth:`finish` waits)."""
        if self._running is not None:
            return
        launch, self.launch = self.launch, None
        if not self.pending:
            if launch is not None:
                launch.close()
            return
        pool = (
            launch.pool
            if launch is not None
            else ThreadPoolExecutor(1, thread_name_prefix="kanwu-documents")
        )
        self._running = pool.submit(self._make_all, advance)
        # The browser is closed after the documents are made, not waited for.
        pool.submit(_close_launched)
        pool.shutdown(wait=False)

    def finish(self, advance: Callable[[], object] | None = None) -> None:
        """Make what is still to make; wait until all is made."""
        self.start(advance)
        running, self._running = self._running, None
        if running is not None:
            running.result()

    def stop(self) -> None:
        """End the making (a build failed or was interrupted): no document is
        begun any more, the one being printed is let finish."""
        self._stopped.set()
        launch, self.launch = self.launch, None
        if launch is not None:
            launch.close()
        running, self._running = self._running, None
        if running is not None:
            with contextlib.suppress(Exception):
                running.result()

    def _make_all(self, advance: Callable[[], object] | None) -> None:
        """Each pending document, digested, found or printed; in
        :data:`PRINTERS` browsers at once, each started when first needed
        (or ahead, by :class:`Launch`, for one)."""
        renderer = PageRenderer(self.catalog)
        work: queue.SimpleQueue[SiteDocument] = queue.SimpleQueue()
        for wanted in self.pending:
            work.put(wanted)
        count = min(PRINTERS, os.cpu_count() or 1, max(1, len(self.pending) // 8))
        if count == 1:
            # In the documents thread itself, with the browser it started ahead.
            self._worker(work, renderer, advance, _take_launched(), keep=True)
            return
        _close_launched()
        with ThreadPoolExecutor(count, thread_name_prefix="kanwu-printer") as pool:
            workers = [pool.submit(self._worker, work, renderer, advance) for _ in range(count)]
            for done in workers:
                done.result()

    def _worker(
        self,
        work: queue.SimpleQueue[SiteDocument],
        renderer: PageRenderer,
        advance: Callable[[], object] | None,
        printer: Printer | None = None,
        keep: bool = False,
    ) -> None:
        """Make documents until none is left, with ``printer`` (started in
        this thread) or one started when first needed. With ``keep``, the
        browser is left to :func:`_close_launched`, so that the build stops
        waiting as soon as the documents are made."""
        try:
            while True:
                if self._stopped.is_set():
                    return
                try:
                    wanted = work.get_nowait()
                except queue.Empty:
                    return
                document = make_document(self.catalog, self.root, wanted.page, renderer)
                html = document.html()
                images = _images(document, html)
                # Where the content folder is (the images' base) is no part
                # of the document: a CI runner's fresh clone is elsewhere.
                portable = html.replace(self.root.as_uri(), "") if self.root else html
                digest = _digest(portable, images)
                if not self._link(wanted, digest):
                    if printer is None:
                        printer = Printer()
                    self._print(wanted, document, html, digest, printer)
                fingerprint = self.fingerprints.get(wanted.page.src_uri)
                with self._lock:
                    if fingerprint is not None:
                        self.new_memo[fingerprint] = Known(digest, images, wanted.page.src_uri)
                    if advance is not None:
                        advance()
        finally:
            if keep:
                _launched.printer = printer
            elif printer is not None:
                printer.close()

    def _print(
        self,
        wanted: SiteDocument,
        document: IssueDocument | NoticeDocument,
        html: str,
        digest: str,
        printer: Printer,
    ) -> None:
        printed = printer.print(html, f"{document.day:%Y%m%d}")
        word = (
            write_notice_docx(document)
            if isinstance(document, NoticeDocument)
            else write_docx(document)
        )
        made = {"pdf": printed.pdf, "docx": word}
        for path, name in self._names(wanted, digest).items():
            self.files[path] = self.store.put(name, made[name.rsplit(".", 1)[1]])
        with self._lock:
            self.printed += 1
            self.fallbacks.update(printed.fallbacks)


def _images(document: IssueDocument | NoticeDocument, html: str) -> Images:
    """The image files a document shows, with their sizes and times."""
    if not isinstance(document, IssueDocument):
        return ()
    found = []
    for url in dict.fromkeys(_SRC.findall(html)):
        path = document.file(url)
        if path is not None:
            with contextlib.suppress(OSError):
                info = path.stat()
                found.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(found)


def _digest(html: str, images: Images) -> str:
    digest = hashlib.sha256(writers_digest().encode())
    digest.update(html.encode("utf-8"))
    for name, _size, _mtime in images:
        digest.update(b"\0" + Path(name).read_bytes())
    return digest.hexdigest()
