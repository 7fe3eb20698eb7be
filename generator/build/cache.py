"""The folder an incremental build keeps between runs.

It holds the finished HTML of every page, named by the page's fingerprint
(:mod:`generator.site.fingerprints`), the files of the machine-readable
archive, named by their checksum (:mod:`generator.build.datafiles`), and the
renderings of report bodies.
A build links an unchanged page from here into the new site instead of
rendering it, and links each page it rendered back in; pages and bodies the
build did not use are removed, so the folder holds one site's worth.

Nothing here is trusted blindly. Every file is checked against the size and
modification time recorded when it was stored (a page edited in place
through a link in an old site is not reused), the body renderings carry the
digest of the code and templates that made them, and anything unreadable is
ignored: a build with a damaged cache is a cold build, never a wrong one.
The cache may be deleted at any time; CI keeps it between runs.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.metadata
import io
import json
import os
import pickle
import shutil
import zlib
from collections.abc import Collection
from pathlib import Path
from typing import Any

from generator.build import ENGINE
from generator.build.bytecode import TemplateCache
from generator.build.index import DIGEST_FILE
from generator.build.trees import assemble, files_under, link_or_copy, same_file, write_atomic
from generator.site.bodies import BodyMemo, RenderedBody
from generator.site.render import THEME

_PAGES = "pages"
_MANIFEST = "pages.json"
_DATA_MEMO = "data.json"  # page fingerprint → checksum of its issue's data file
_BODIES = "bodies"  # one file per series and year
_SUFFIX = ".pickle"
_LOCK = "lock"
_TEMPLATES = "templates"
# The code and templates that decide what a page looks like.
_KANWU = Path(__file__).resolve().parents[1]
_ENGINES = (ENGINE, "mkdocs-material", "Markdown", "pymdown-extensions", "Jinja2", "nh3")


def default_cache(output: Path) -> Path:
    """Where a build into ``output`` keeps its cache: ``.kanwu-cache/<name>``
    beside it (for ``site/`` that is ``.kanwu-cache/site/``)."""
    output = output.absolute()
    return output.parent / ".kanwu-cache" / output.name


def preview_cache(content: Path) -> Path:
    """Where ``kanwu serve`` keeps its cache: ``.kanwu-cache/.preview`` beside
    the content folder (outside it: the preview watches the content)."""
    return content.absolute().parent / ".kanwu-cache" / ".preview"


def load_cache(cache: Path) -> Path:
    """Where reading the content keeps its own cache (generator.content.load_cache)."""
    return cache / "load"


def folder_digest(*folders: Path, skip: Path | None = None) -> str:
    """A digest of every file under ``folders`` (names and bytes), but for
    those under ``skip``."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and skip not in path.parents:
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def _running_code() -> str:
    """kanwu's code and the versions of the engines it drives, taken once per
    process: the code that runs is the code described, even if the files
    change under a preview server that keeps running."""
    versions = [f"{name}={importlib.metadata.version(name)}" for name in _ENGINES]
    # The theme sits in the package but is digested as it is now, below.
    return "\n".join([folder_digest(_KANWU, skip=THEME), *versions])


def code_digest() -> str:
    """kanwu's code, the engines' versions, and kanwu's theme as it is now
    (templates are read from disk at each build)."""
    return hashlib.sha256(f"{_running_code()}\n{folder_digest(THEME)}".encode()).hexdigest()


class BuildCache:
    """One build's view of the cache folder; use as a context manager, which
    holds the folder's lock so that two builds never write it at once."""

    def __init__(self, root: Path, salt: str) -> None:
        self.root = root
        self.salt = salt  # digest of everything outside the fingerprints
        self._pages = root / _PAGES
        self._pages_text = os.fspath(self._pages)  # 17,000 lookups a build: no pathlib
        self._known: dict[str, tuple[int, int]] = {}  # fingerprint → (size, mtime_ns)
        self._used: dict[str, tuple[int, int]] = {}
        self._bodies: dict[str, BodyMemo] = {}  # by file, as read by bodies()
        self._lock: int | None = None

    def __enter__(self) -> BuildCache:
        self._pages.mkdir(parents=True, exist_ok=True)
        self._lock = os.open(self.root / _LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        self._known = self._read_manifest()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    # -- pages -----------------------------------------------------------------

    def _path(self, fingerprint: str) -> str:
        return f"{self._pages_text}/{fingerprint[:2]}/{fingerprint}.html"

    def _read_manifest(self) -> dict[str, tuple[int, int]]:
        try:
            data = json.loads((self.root / _MANIFEST).read_text(encoding="utf-8"))
            if data.get("salt") != self.salt:
                return {}
            return {key: (int(size), int(mtime)) for key, (size, mtime) in data["pages"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}

    def has(self, fingerprint: str) -> bool:
        """Whether the page is here, unchanged since it was stored."""
        known = self._known.get(fingerprint)
        if known is None:
            return False
        try:
            info = os.stat(self._path(fingerprint))
        except OSError:
            return False
        return (info.st_size, info.st_mtime_ns) == known

    def size(self, fingerprint: str) -> int:
        """The size of a stored page, as recorded; ask :meth:`has` first."""
        return self._known[fingerprint][0]

    def use(self, fingerprint: str) -> str:
        """The stored page, to be linked into the new site (kept by :meth:`finish`)."""
        self._used[fingerprint] = self._known[fingerprint]
        return self._path(fingerprint)

    def keep(self, fingerprint: str, source: Path) -> None:
        """Store the page just written at ``source``."""
        path = Path(self._path(fingerprint))
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        link_or_copy(source, path)
        info = path.stat()
        self._used[fingerprint] = (info.st_size, info.st_mtime_ns)

    def finish(self) -> None:
        """Forget and delete the pages this build did not use."""
        # Also what a killed build stored without recording it.
        for folder in os.scandir(self._pages):
            for entry in os.scandir(folder.path) if folder.is_dir(follow_symlinks=False) else ():
                if entry.name.removesuffix(".html") not in self._used:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
        write_atomic(
            self.root / _MANIFEST,
            json.dumps({"salt": self.salt, "pages": self._used}).encode("utf-8"),
        )
        self._known = dict(self._used)

    def keep_index(self, index: Path, taken_over: Collection[str] = ()) -> None:
        """Keep the search index just written (linked, not copied): the next
        build takes over its unchanged folders. Each folder of the index (a
        bundle, the term lists) has a digest file; a folder whose digest file
        is the very file kept here was taken over from here whole, and stays.
        Any other folder is kept anew. Deciding by that one file, not by a
        list of what was re-indexed, also covers folders no such list names.
        The folders ``taken_over`` were taken over from here without being
        put in ``index`` (the build links them into its site): they stay."""
        kept = self.root / "index" / index.name
        if not kept.is_dir():
            files = {f"{index.name}/{path}": file for path, file in files_under(index).items()}
            assemble(self.root / "index", None, files)
            return
        # A daily publish re-indexes one bundle of a dozen: walking the other
        # 8,000 files of ten years again would cost more than the indexing.
        # A build killed meanwhile leaves a folder that the next one checks
        # against its digest file and does not take over.
        folders = {entry.name: entry.path for entry in os.scandir(index) if entry.is_dir()}
        for entry in os.scandir(kept):
            if not entry.is_dir(follow_symlinks=False):
                os.unlink(entry.path)
            elif entry.name in taken_over and entry.name not in folders:
                continue
            elif entry.name not in folders or not same_file(
                f"{entry.path}/{DIGEST_FILE}", f"{folders[entry.name]}/{DIGEST_FILE}"
            ):
                shutil.rmtree(entry.path)
        for entry in os.scandir(index):
            target = kept / entry.name
            if not entry.is_dir():
                link_or_copy(Path(entry.path), target)
            elif not target.exists():
                shutil.copytree(entry.path, target, copy_function=link_or_copy)

    # -- the machine-readable archive --------------------------------------------

    def data_memo(self) -> dict[str, str]:
        """What the last build's issue data files were made from: by the
        fingerprint of each issue's page, the SHA-256 of the issue's file
        (generator.build.datafiles). Unreadable, it is empty."""
        try:
            data = json.loads((self.root / _DATA_MEMO).read_text(encoding="utf-8"))
            if data.get("salt") != self.salt:
                return {}
            return {str(key): str(value) for key, value in data["files"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}

    def keep_data_memo(self, memo: dict[str, str]) -> None:
        data = {"salt": self.salt, "files": memo}
        write_atomic(self.root / _DATA_MEMO, json.dumps(data).encode("utf-8"))

    # -- templates -------------------------------------------------------------

    def templates(self, environment: str) -> TemplateCache:
        """The compiled templates of one Jinja environment (``environment``
        names it). Those compiled under another salt are deleted with their
        folder."""
        folder = self.root / _TEMPLATES
        current = self.salt[:16]
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                if entry.name != current:
                    shutil.rmtree(entry.path, ignore_errors=True)
        return TemplateCache(folder / current / environment, self.salt)

    # -- bodies ----------------------------------------------------------------

    def bodies(self) -> BodyMemo:
        """The remembered body renderings; a file of them that is missing,
        stale or damaged counts as none (its bodies are rendered again)."""
        memo: BodyMemo = {}
        self._bodies = {}
        with contextlib.suppress(OSError):
            for path in sorted((self.root / _BODIES).glob(f"*{_SUFFIX}")):
                shard = _read_bodies(path, self.salt)
                if shard:
                    self._bodies[path.name] = shard
                    memo.update(shard)
        return memo

    def keep_bodies(self, memo: BodyMemo) -> None:
        """Store the renderings this build used, one file per series and year:
        a publish rewrites the file of its year alone, and none when the
        renderings of a year are exactly those read."""
        shards: dict[str, BodyMemo] = {}
        for key, body in memo.items():
            shards.setdefault(_bodies_file(key[0]), {})[key] = body
        folder = self.root / _BODIES
        folder.mkdir(exist_ok=True)
        for name, entries in shards.items():
            read = self._bodies.get(name, {})
            if entries.keys() != read.keys() or any(b is not read[k] for k, b in entries.items()):
                # With the digest of each HTML: the fingerprints and the
                # search keys of a ten-year archive take 32,000 of them.
                entries_data = [
                    (*key, body.html, body.asked, body.digest) for key, body in entries.items()
                ]
                data = pickle.dumps(entries_data, protocol=5)
                framed = pickle.dumps((self.salt, zlib.crc32(data), data), protocol=5)
                write_atomic(folder / name, framed)
        for path in folder.iterdir():
            if path.name not in shards:
                path.unlink()
        # The single file of earlier versions.
        (self.root / "bodies.pickle").unlink(missing_ok=True)


# A ten-year archive has 6,500 issue folders, each met a few times a build.
@functools.lru_cache(maxsize=1 << 16)
def _bodies_file(folder: str) -> str:
    """The file holding the renderings of bodies in ``folder``: by series and year."""
    group = "/".join(folder.split("/", 2)[:2])
    return (
        hashlib.blake2b(group.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
        + _SUFFIX
    )


class _PlainUnpickler(pickle.Unpickler):
    """Renderings are tuples of strings: nothing else may be named in their file."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name}")


def _read_bodies(path: Path, salt: str) -> BodyMemo:
    try:
        with path.open("rb") as file:
            salt_read, checksum, data = _PlainUnpickler(file).load()
        # A flipped bit or a torn write is caught here, not published.
        if salt_read != salt or zlib.crc32(data) != checksum:
            return {}
        entries = _PlainUnpickler(io.BytesIO(data)).load()
        return {
            (folder, text): RenderedBody(html, asked, _digest=digest)
            for folder, text, html, asked, digest in entries
        }
    except Exception:  # a damaged file is no file, whatever the damage
        return {}
