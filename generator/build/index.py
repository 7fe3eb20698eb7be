"""Writing the search index with Pagefind: a thin adapter.

The records come from :mod:`generator.site.search`. Each becomes a small HTML
file in a scratch folder (``theme/kanwu/search_record.html``), which the
Pagefind CLI (``pagefind[extended]`` from PyPI) indexes. Pagefind's Python API
answers one record per 0.1 s, far too slow for a ten-year archive.

The index is one Pagefind bundle per shard: the year of the issue's date,
``pagefind/<YYYY>/``, except the newest month of the archive, which has its
own, ``pagefind/<YYYY-MM>/`` (:func:`generator.site.search.record_shard`).
``pagefind/shards.json`` lists them, newest first, with
the values of each filter and how many issues have each; the search page
loads Pagefind's script from the newest bundle and merges the others
(Pagefind's ``mergeIndex``), so no other page grows with the archive. Taking
the filters' values from that list, not from ``pagefind.filters()``, spares
each visitor every bundle's filter files. Beside the bundles, ``terms/``
tells which older bundles a query term can find anything in, so that a
phrase found in few years, or in none, does not merge every bundle
(:mod:`generator.build.terms`; ``shards.json`` says so with ``terms``).

A bundle is a function of its records' HTML, Pagefind's version and the
options it runs with; its folder keeps a digest of them (``kanwu-shard.json``).
When the previous site holds a bundle with the same digest and all its files,
those files are linked (copied across file systems) instead of running
Pagefind, so a daily publish re-indexes only the month that changed. Pagefind's
output is not byte-identical between two runs on the same input (the order of
the values in its filter files follows a hash map, and the file names follow
their bytes), which is one more reason to reuse a bundle rather than rebuild it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.build.fragments import store_text
from generator.build.terms import BUNDLE_FILE, bundle_part, terms_bits, write_terms
from generator.build.terms import FOLDER as TERMS
from generator.build.trees import link_or_copy
from generator.content.oserrors import describe_os_error
from generator.site.search import INDEX_LANGUAGE, SearchRecord, query_terms

INDEX_DIR = "pagefind"
# The list of bundles the search page merges, newest first.
SHARDS_FILE = "shards.json"
# In each bundle: what it was made from, and its files.
DIGEST_FILE = "kanwu-shard.json"
# Changed whenever a bundle depends on something the digest does not cover.
DIGEST_FORMAT = 6
OPTIONS = ("--force-language", INDEX_LANGUAGE)
# Pagefind runs at once by default: as many as the cores, but no more than fit
# in what a build may give Pagefind. One run over a year of a ten-year archive
# (about 650 issues) peaks at about 1 GB (benchmarks/README.md) and the build
# process itself at about 0.5 GB, and the whole build must stay within 2 GB.
PAGEFIND_PEAK_MB = 1000
PAGEFIND_BUDGET_MB = 1500
MAX_JOBS = max(1, PAGEFIND_BUDGET_MB // PAGEFIND_PEAK_MB)
_SHARD_NAME = re.compile(r"[0-9A-Za-z_-]+")
# Records are remembered for the next build (Indexing(memo=)) when a build
# indexes at most this many (a daily publish: its month, about 60).
MEMO_RECORDS = 500


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


@dataclass(frozen=True)
class Shard:
    """What became of one bundle in this build."""

    name: str
    pages: int
    reused: bool  # taken over from the previous site, Pagefind not run
    seconds: float  # Pagefind's run; 0 when reused
    peak_memory_mb: float  # Pagefind's peak resident memory; 0 when reused


@dataclass(frozen=True)
class Index:
    path: Path
    shards: tuple[Shard, ...]
    # Folders taken over from the previous index but not put in ``path``
    # (``Indexing.finish(take_over=False)``): by site path, the file to link
    # there, for the build to place with its other unchanged files.
    linked: Mapping[str, str] = field(default_factory=dict)

    @property
    def taken_over(self) -> frozenset[str]:
        """The folders of the index that are in :attr:`linked`."""
        return frozenset(path.split("/")[1] for path in self.linked)


class Made(NamedTuple):
    """A record as it is written to be indexed."""

    html: str  # the HTML Pagefind indexes
    words: str  # its words (SearchRecord.content)
    text: str  # the text they were made of (SearchRecord.text)


@dataclass(frozen=True)
class Entry:
    """One record as the index needs it before (and unless) it is written:
    where it goes, its filter values, and a key that decides its HTML (equal
    keys, equal HTML), so that an unchanged bundle is known without
    computing or rendering any of its records."""

    url: str
    shard: str
    filters: Mapping[str, Sequence[str]]
    key: str
    # The record's HTML, its words and its text (SearchRecord.content and
    # .text), made together.
    made: Callable[[], Made]


def entries(
    records: Iterable[SearchRecord], render: Callable[[SearchRecord], str]
) -> Iterator[Entry]:
    """Entries of records at hand, keyed by their HTML and text."""
    for record in records:
        html = render(record)
        key = hashlib.sha256(f"{html}\0{record.text}".encode()).hexdigest()
        made = Made(html, record.content, record.text)
        yield Entry(record.url, record.shard, record.filters, key, _at_hand(made))


def _at_hand(made: Made) -> Callable[[], Made]:
    return lambda: made


def write_index(
    records: Iterable[Entry],
    site: Path,
    previous: Path | None = None,
    jobs: int | None = None,
) -> Index:
    """Index ``records`` into ``site/pagefind/``, one bundle per shard, taking
    over unchanged bundles of the ``previous`` site folder (rendering none of
    their records). At most ``jobs`` Pagefind runs at once (default: the
    cores, at most :data:`MAX_JOBS`)."""
    return Indexing(records, site, previous, jobs).finish()


class Indexing:
    """A search index being written, in two steps, so that a build can start
    Pagefind early and let it run beside its own work.

    Made, it knows which bundles it takes over and which it indexes anew
    (:attr:`anew`, how many records); nothing is written yet. :meth:`launch`
    writes the records to index and starts Pagefind on them, in processes of
    its own; :meth:`finish` takes the unchanged bundles over, runs what was
    not launched, waits, and puts the index in place. :meth:`close` undoes
    what an unfinished one began."""

    def __init__(
        self,
        records: Iterable[Entry],
        site: Path,
        previous: Path | None = None,
        jobs: int | None = None,
        memo: Path | None = None,
        indexed: Callable[[], object] | None = None,
    ) -> None:
        self._workers = max(1, jobs if jobs is not None else min(os.cpu_count() or 1, MAX_JOBS))
        self._site = site
        self._memo = memo
        self._indexed = indexed  # told each time Pagefind has indexed a bundle
        self._version = _pagefind_version()
        self._pages, self._filters, self._by_shard = _plan(records)
        self._digests = {name: _digest(urls, self._version) for name, urls in self._pages.items()}
        self._old = previous / INDEX_DIR if previous is not None else None
        old = self._old
        # Each bundle taken over: its files (by the list its folder keeps).
        self._reused: dict[str, list[str]] = {}
        for name, digest in self._digests.items():
            files = _complete(old / name, digest) if old is not None else None
            if files is not None:
                self._reused[name] = files
        self._todo = sorted(self._pages.keys() - self._reused.keys(), reverse=True)
        self._scratch: Path | None = None
        self._staging: Path | None = None
        # Each bundle whose records are written and not yet listed: its records.
        self._written: dict[str, list[Made]] = {}
        # Records known from the last build and made in this one, when it
        # remembers them (see _write_shard).
        self._remember = memo is not None and self.anew <= MEMO_RECORDS
        self._known: dict[str, Made] | None = None
        self._made: dict[str, Made] = {}
        self._launched: dict[str, _Run] = {}
        # stop() may come from another thread than the one finishing (a
        # build interrupted while its index is written beside MkDocs): it
        # stops every run started, and no run starts after it.
        self._lock = threading.Lock()
        self._stopped = False

    @property
    def bundles(self) -> int:
        """How many bundles this index indexes anew."""
        return len(self._todo)

    @property
    def anew(self) -> int:
        """How many records this index indexes anew."""
        return sum(len(self._pages[name]) for name in self._todo)

    def launch(self) -> None:
        """Write the records to index and start Pagefind on the first bundles
        (as many as run at once); the others run in :meth:`finish`."""
        scratch, staging = self._folders()
        for name in self._todo:
            self._written[name] = self._write_shard(scratch, name)
        self._keep_memo()
        for name in self._todo[: self._workers]:
            self._run(name, scratch, staging)

    def _run(self, name: str, scratch: Path, staging: Path) -> _Run:
        """Pagefind on the bundle ``name``: launched now, unless it was."""
        with self._lock:
            if self._stopped:
                raise SearchIndexError("建立搜索索引已停止")
            if name not in self._launched:
                self._launched[name] = _Run(scratch / name, staging / name)
            return self._launched[name]

    def finish(self, take_over: bool = True) -> Index:
        """The index, in place. The folders it takes over from the previous
        index are linked into it, or, unless ``take_over``, left for the
        caller to link (:attr:`Index.linked`): at ten years 12,000 files,
        which a build assembling its site in the previous one (generator.build.spare)
        finds there already."""
        try:
            return self._finish(take_over)
        finally:
            self.close()

    def _finish(self, take_over: bool) -> Index:
        scratch, staging = self._folders()
        linked: dict[str, str] = {}
        for name, files in sorted(self._reused.items()):
            self._take_over(name, files, staging, linked, take_over)

        # Each bundle's fragments are made smaller (generator/build/fragments.py)
        # while Pagefind indexes the next one.
        with ThreadPoolExecutor(self._workers) as pool, ThreadPoolExecutor(1) as shrink:

            def run(name: str, texts: dict[str, str]) -> tuple[tuple[float, float], Future[int]]:
                result = self._run(name, scratch, staging).result()
                if self._indexed is not None:
                    self._indexed()
                return result, shrink.submit(store_text, staging / name, texts)

            running: dict[str, Future[tuple[tuple[float, float], Future[int]]]] = {}
            terms: dict[str, bytes] = {}
            # Writing a bundle's records and listing their terms take seconds
            # at ten years: each is done here while Pagefind indexes the one
            # before, in processes of its own. (Written all first, the records
            # of a whole archive kept Pagefind waiting 13 s, and their words
            # held 150 MB.)
            for name in self._todo:
                written = self._written.pop(name, None)
                if written is None:
                    if self._stopped:  # stopped meanwhile: the runs submitted fail at once
                        raise SearchIndexError("建立搜索索引已停止")
                    written = self._write_shard(scratch, name)
                texts = {
                    entry.url: made.text
                    for entry, made in zip(self._by_shard[name], written, strict=True)
                }
                running[name] = pool.submit(run, name, texts)
                terms[name] = bundle_part(query_terms(made.words for made in written))
            self._keep_memo()
            done = {name: future.result() for name, future in running.items()}
            for _, shrunk in done.values():
                shrunk.result()
        runs = {name: result for name, (result, _) in done.items()}
        for name in self._todo:
            (staging / name / BUNDLE_FILE).write_bytes(terms[name])
            _write_digest(staging / name, self._digests[name])
        names = sorted(self._pages, reverse=True)
        listed: dict[str, object] = {"shards": names, "filters": self._filters}
        if len(names) > 1:  # the newest bundle is always loaded: the others are told of
            try:
                listed["terms"] = self._term_lists(names[1:], staging, linked, take_over)
            except ValueError:  # a damaged part: the search page searches every bundle
                shutil.rmtree(staging / TERMS, ignore_errors=True)
        (staging / SHARDS_FILE).write_text(
            json.dumps(listed, ensure_ascii=False, separators=(",", ":")),
            encoding="utf-8",
        )
        output = self._site / INDEX_DIR
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
        self._staging = None
        shards = tuple(
            Shard(name, len(self._pages[name]), name in self._reused, *runs.get(name, (0.0, 0.0)))
            for name in names
        )
        return Index(output, shards, linked)

    def _write_shard(self, scratch: Path, name: str) -> list[Made]:
        """Write the records of one bundle to index; each record, in the
        order of its entries (generator/build/terms.py lists what finds them).

        A daily publish re-indexes its month, whose records but the new
        issue's were made the day before: each record made is remembered
        (``memo``) by its key (equal keys, equal records) until the next
        build, which takes the ones it writes again from there (at ten years
        0.1 to 0.2 s of making records a publish). A build re-indexing whole
        years remembers none: it would hold hundreds of MB of them."""
        if self._remember and self._known is None and self._memo is not None:
            self._known = _read_memo(self._memo)
        made = self._made if self._remember else None
        return _write_records(self._by_shard[name], scratch / name, self._known or {}, made)

    def _keep_memo(self) -> None:
        """Remember the records made, for the next build (see :meth:`_write_shard`);
        kept as it is by a build that made the same ones or none."""
        made, known = self._made, self._known or {}
        if self._memo is not None and made and made.keys() != known.keys():
            _write_memo(self._memo, made)
            self._known = made  # written: not again

    def _take_over(
        self, name: str, files: list[str], staging: Path, linked: dict[str, str], take_over: bool
    ) -> None:
        """The folder ``name`` of the previous index, whole (``files``): linked
        into ``staging``, or, unless ``take_over``, listed in ``linked``."""
        assert self._old is not None
        if take_over:
            shutil.copytree(self._old / name, staging / name, copy_function=link_or_copy)
        else:
            linked.update(_files_of(self._old, name, files))

    def _term_lists(
        self, older: list[str], staging: Path, linked: dict[str, str], take_over: bool
    ) -> int:
        """``terms/`` for the ``older`` bundles, taken over while they are the
        same (as the bundles are); the bits that pick its files."""
        old = self._old
        # Each bundle's part of the lists, where its files are.
        parts = [
            (old if old is not None and name in self._reused and not take_over else staging)
            / name
            / BUNDLE_FILE
            for name in older
        ]
        bits = terms_bits(parts)
        digest = _digest({name: self._digests[name] for name in older}, self._version)
        kept = _complete(old / TERMS, digest) if old is not None else None
        if kept is None:
            write_terms(staging, parts, bits)
            _write_digest(staging / TERMS, digest)
        else:
            self._take_over(TERMS, kept, staging, linked, take_over)
        return bits

    def stop(self) -> None:
        """Stop what runs, and let no run start: from any thread (a build
        interrupted while its index is finished beside MkDocs), which then
        waits for :meth:`finish` to fail and clean up."""
        with self._lock:
            self._stopped = True
            launched, self._launched = self._launched, {}
        for run in launched.values():
            run.stop()

    def close(self) -> None:
        """Stop what runs and remove what was written, unless finished."""
        self.stop()
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
        self._staging = self._scratch = None

    def _folders(self) -> tuple[Path, Path]:
        """The scratch folder of the records and the folder the index is made in."""
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="kanwu-index-"))
        if self._staging is None:
            self._site.mkdir(parents=True, exist_ok=True)
            self._staging = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=self._site))
        return self._scratch, self._staging


def _plan(
    records: Iterable[Entry],
) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, int]], dict[str, list[Entry]]]:
    """By shard, each URL's key; by filter, each value's count of records,
    sorted; and by shard, its entries."""
    pages: dict[str, dict[str, str]] = {}
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    by_shard: dict[str, list[Entry]] = {}
    for record in records:
        for name, values in record.filters.items():
            counts[name].update(set(values))
        if not _SHARD_NAME.fullmatch(record.shard) or record.shard == TERMS:
            raise ValueError(f"not a shard name: {record.shard!r}")
        pages.setdefault(record.shard, {})[record.url] = record.key
        by_shard.setdefault(record.shard, []).append(record)
    filters = {name: dict(sorted(found.items())) for name, found in sorted(counts.items())}
    return pages, filters, by_shard


def _write_records(
    records: Iterable[Entry],
    scratch: Path,
    known: Mapping[str, Made],
    made: dict[str, Made] | None,
) -> list[Made]:
    """Write the HTML of each record of a shard, for Pagefind to index; each
    record made. A record whose key is ``known`` is taken from there; each
    record goes into ``made``."""
    written = []
    for record in records:
        made_now = known.get(record.key) or record.made()
        if made is not None:
            made[record.key] = made_now
        path = scratch / record.url.strip("/") / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(made_now.html, encoding="utf-8")
        written.append(made_now)
    return written


def _read_memo(path: Path) -> dict[str, Made]:
    """The records a previous build made, by key; none when the file is
    missing or damaged (each record carries a digest of itself)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            key: Made(html, words, text)
            for key, (html, words, text, digest) in data.items()
            if _record_digest(key, html, words, text) == digest
        }
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _write_memo(path: Path, made: Mapping[str, Made]) -> None:
    data = {key: [*record, _record_digest(key, *record)] for key, record in made.items()}
    with contextlib.suppress(OSError):  # a memo that cannot be written only costs time
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(data, file, ensure_ascii=False)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _record_digest(key: str, *parts: str) -> str:
    return hashlib.blake2b("\0".join((key, *parts)).encode(), digest_size=16).hexdigest()


def _digest(urls: dict[str, str], version: str) -> str:
    """Everything a bundle is made from: its pages' keys in URL order, Pagefind, options."""
    made_of = {
        "format": DIGEST_FORMAT,
        "pagefind": version,
        "options": OPTIONS,
        "pages": sorted(urls.items()),
    }
    return hashlib.sha256(json.dumps(made_of).encode("utf-8")).hexdigest()


def _complete(source: Path, digest: str) -> list[str] | None:
    """The files of ``source`` if it is a whole folder made from ``digest``
    (its digest file last); ``None`` if not."""
    try:
        saved = json.loads((source / DIGEST_FILE).read_text(encoding="utf-8"))
        files = saved["files"]
        if saved["digest"] != digest or not isinstance(files, dict) or not files:
            return None
        base = os.fspath(source)  # 8,000 files at ten years: no pathlib objects
        for name, size in files.items():
            if ".." in name.split("/") or os.stat(f"{base}/{name}").st_size != size:
                return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, unreadable or not ours: index afresh
    return [*files, DIGEST_FILE]


def _files_of(old: Path, name: str, files: list[str]) -> dict[str, str]:
    """By site path, the files of the folder ``name`` of the index ``old``."""
    base = f"{old}/{name}"
    return {f"{INDEX_DIR}/{name}/{file}": f"{base}/{file}" for file in files}


def _write_digest(bundle: Path, digest: str) -> None:
    files = {
        path.relative_to(bundle).as_posix(): path.stat().st_size
        for path in sorted(bundle.rglob("*"))
        if path.is_file()
    }
    text = json.dumps({"digest": digest, "files": files}, indent=0, sort_keys=True)
    (bundle / DIGEST_FILE).write_text(text, encoding="utf-8")


class _Run:
    """Pagefind indexing one bundle's records, in a process of its own."""

    def __init__(self, scratch: Path, output: Path) -> None:
        command = [
            *(_pagefind_binary(), "--site", str(scratch)),
            *("--output-path", str(output), *OPTIONS, "--quiet"),
        ]
        self._name = scratch.name
        self._started = time.perf_counter()
        # Closed when the run is waited for or stopped.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115
        self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
            command, stdout=self._log, stderr=subprocess.STDOUT
        )

    def result(self) -> tuple[float, float]:
        """Wait for the run to end: its seconds and peak memory in MB."""
        process = self._process
        assert process is not None
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            self.stop()
            raise
        self._process = None
        process.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - self._started
        with self._log as log:
            if process.returncode != 0:
                log.seek(0)
                message = log.read().decode("utf-8", "replace").strip()
                raise SearchIndexError(f"Pagefind 建立索引（{self._name}）失败：{message}")
        return seconds, usage.ru_maxrss / 1024

    def stop(self) -> None:
        """End the run if it still runs (a build that failed meanwhile)."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
        self._log.close()


@functools.cache
def _pagefind_binary() -> str:
    """The Pagefind program of the ``pagefind[extended]`` package, run
    directly: ``python -m pagefind`` would start Python first, twice a
    build. (Imported here: the package brings asyncio, which the other
    commands do not need.)"""
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise SearchIndexError("找不到 Pagefind 程序，请重新安装 kanwu 的依赖")
    return str(found)


@functools.cache
def _pagefind_version() -> str:
    try:
        result = subprocess.run(
            [_pagefind_binary(), "--version"], capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise SearchIndexError(
            f"找不到 Pagefind 程序「{_pagefind_binary()}」，"
            "请重新安装 kanwu 的依赖（或检查环境变量 PAGEFIND_BINARY_PATH）"
        ) from exc
    except OSError as exc:
        described = describe_os_error(exc, Path(_pagefind_binary()))
        raise SearchIndexError(f"无法运行 Pagefind 程序{described}") from exc
    if result.returncode != 0:
        raise SearchIndexError(f"无法运行 Pagefind：{result.stderr.strip()}")
    return result.stdout.strip()
