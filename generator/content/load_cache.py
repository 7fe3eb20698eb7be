"""Remembering what reading one content file found, so an unchanged file is
not parsed again on the next build.

Reading a report (its bytes, front matter, YAML, fields, placeholders and the
body audit) depends only on:

- the file's bytes (a BLAKE2 digest decides; size, times and inode only skip
  reading a file whose stat is known and old enough to trust),
- what the caller says the work depends on (the ``context``: the content-relative
  path, the issue key, which fields the series allows),
- kanwu's code for this stage (a digest of every module of this package and of
  the YAML and Python versions; any change starts an empty cache),
- what the work looked at outside the file: whether a linked file exists. Each
  such look is recorded with its answer and asked again before an entry is used.

An entry keeps the result and the problems the work recorded, which are
replayed in the same order, so a load with a cache equals one without.

Entries live in one file per series and year (and one for the ledger), each
written whole to a temporary file and moved into place with ``os.replace``: a
reader sees the old file or the new one, never a mix, and two builds at once
each write complete files. Since every entry is checked on its own when used,
files from different builds mix safely. Publishing an issue rewrites one small
file, not the archive's 50 MB (measured: 0.85 s of a 2 s build). A file that is
truncated, altered, of another format or of other code is ignored and
replaced. Each load keeps only the entries it used, so old versions of files
do not accumulate, and removes the files of folders gone.

Racy files (git's problem): a file changed twice within one tick of the file
system's clock keeps its size and times. A stat is only trusted when the
file's modification and change times are older than the load's start by more
than :data:`RACY_MARGIN_NS`; a younger file is read and its digest compared.
The change time (``ctime``) cannot be set by programs, so restoring a file's
``mtime`` after rewriting it does not hide the change.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import yaml

from generator.content.diagnostics import Problem, Problems
from generator.content.folders import content_file
from generator.content.source import MAX_FILE_BYTES, decode_text, read_text

T = TypeVar("T")

# One file per series and year (and one for the ledger): publishing an issue
# rewrites one small file, not the archive's.
SHARD_PREFIX = "entries-"
SHARD_SUFFIX = ".pickle"
FORMAT = b"kanwu load cache 1\n"
# A stat younger than this at the start of a load is not trusted (covers the
# two-second clock of FAT and coarse kernel clocks alike).
RACY_MARGIN_NS = 2_000_000_000
# Temporary files older than this were left by a build that died.
STALE_TEMP_SECONDS = 3600
_TEMP_PREFIX = ".entries-"
_TEMP_SUFFIX = ".tmp"

# (kind, content-relative path) of the work.
Key = tuple[str, str]
# A look outside the file: the linked path and whether it was a content file.
Observation = tuple[str, bool | None]
Signature = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@dataclass(frozen=True)
class Entry:
    signature: Signature | None  # None: too young to trust, read it next time
    digest: bytes
    context: Hashable
    result: Any
    problems: tuple[Problem, ...]
    observations: tuple[Observation, ...]
    stamp: bytes  # what the result is made from (see FileMemo._stamp)


@dataclass
class Work:
    """What the work on one file may use besides its text: a problem list of
    its own and :meth:`content_file`, whose answers are recorded."""

    root: Path
    problems: Problems
    observations: list[Observation] = field(default_factory=list)

    def content_file(self, rel: str) -> bool | None:
        found = content_file(self.root, rel)
        self.observations.append((rel, found))
        return found


Compute = Callable[[str, Work], T]


@contextlib.contextmanager
def collector_paused(age: bool = False) -> Iterator[None]:
    """No cycle search meanwhile: what loading makes lives until the build
    ends, yet each full collection would walk all of it again. Loading makes
    no garbage cycles to speak of; any are found at the next collection.

    With ``age``, what was made meanwhile is then handed to the oldest
    generation (by freezing and thawing at once, unless someone keeps objects
    frozen): left young, all of it would be walked by the very next young
    collection. (Asking whether objects are frozen walks them all: only
    where few are.)"""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if age and gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


class FileMemo:
    """Runs the per-file work of one load, from the cache where it may."""

    def __init__(self, root: Path, folder: Path | None, *, read_only: bool = False) -> None:
        self.root = root
        self.folder = folder
        # A reader only (``kanwu check``, which writes nothing): it uses what
        # a build kept, and leaves the cache as it found it.
        self.read_only = read_only
        self._root_text = os.fspath(root)
        self._started = _clock()
        self._frozen = False
        self._old: dict[Key, Entry] = {}
        self._read: dict[str, dict[Key, Entry]] = {}  # as read, by shard file
        if folder is not None:
            # Unpickling builds a million long-lived objects; the collector
            # would walk them all in each young collection, while unpickling
            # and after. So it is off while they are built, and they are kept
            # out of the young generations while this load runs, then handed
            # to the old one (only when nobody else froze objects, as
            # unfreezing thaws everything).
            with collector_paused():
                self._read = _read_all(folder)
                for entries in self._read.values():
                    self._old.update(entries)
                self._frozen = bool(self._old) and gc.get_freeze_count() == 0
                if self._frozen:
                    gc.freeze()
        self._new: dict[Key, Entry] = {}
        self._changed: set[str] = set()  # shards whose entries differ from the file's
        self._added: set[Key] = set()  # keys of files the cache does not know
        self.hits = 0  # entries used without running the work, for measurements
        # By content path: each result this load gave and its stamp, a digest
        # of everything the result is made from (see :func:`_stamp`).
        self.stamps: dict[str, tuple[object, bytes]] = {}

    def run(
        self, kind: str, rel: str, context: Hashable, compute: Compute[T], problems: Problems
    ) -> T | None:
        """The result of ``compute`` on the text of ``rel``; ``None`` when the
        file cannot be read as text. Problems go to ``problems`` either way."""
        if self.folder is None:
            work = Work(self.root, Problems())
            result = self._uncached(rel, compute, work)
            _replay(work.problems, problems)
            return result
        key = (kind, rel)
        path = f"{self._root_text}/{rel}"
        try:
            info = _lstat(path)
        except OSError:
            info = None
        old = self._old.get(key)
        if old is None and key not in self._old:
            self._added.add(key)
        elif old is not None and (old.context != context or not self._holds(old)):
            old = None
        if (
            info is not None
            and old is not None
            and old.signature is not None
            and old.signature == (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            and stat.S_ISREG(info.st_mode)
        ):
            # The same file as last time, known without reading it.
            self.hits += 1
            self._new[key] = old
            self._stamp(key, old)
            _replay(old.problems, problems)
            return old.result
        work = Work(self.root, Problems())
        result = self._cached(key, path, info, old, rel, context, compute, work)
        if key in self._new:
            self._stamp(key, self._new[key])
        _replay(work.problems, problems)
        return result

    def _stamp(self, key: Key, entry: Entry) -> None:
        """Note what ``entry``'s result was made from (:func:`_stamp_of`)."""
        if entry.result is not None:
            self.stamps[key[1]] = (entry.result, entry.stamp)

    def stamp_made_of(self, name: str, result: object, parts: Iterable[tuple[str, object]]) -> None:
        """Stamp ``result``, made by this load from the results of the files
        ``parts`` alone (content path and the very result read from it), as
        ``name`` (not a file's path): only if every part is stamped."""
        stamps = [b"kanwu made of\0", name.encode("utf-8", "surrogateescape")]
        for rel, part in parts:
            stamped = self.stamps.get(rel)
            if stamped is None or stamped[0] is not part:
                return
            stamps.append(stamped[1])  # all of one length: joined, they split one way
        self.stamps[name] = (result, hashlib.blake2b(b"\0".join(stamps), digest_size=16).digest())

    def _uncached(self, rel: str, compute: Compute[T], work: Work) -> T | None:
        text = read_text(self.root, rel, work.problems)
        return None if text is None else compute(text, work)

    def _cached(
        self,
        key: Key,
        path: str,
        info: os.stat_result | None,
        old: Entry | None,
        rel: str,
        context: Hashable,
        compute: Compute[T],
        work: Work,
    ) -> T | None:
        """Read the file: reuse ``old`` if its bytes are the same, else run
        the work and remember what it gave."""
        if info is None or not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            # Links, special files, oversized or unreadable files: read_text
            # says what is wrong; nothing is remembered.
            return self._uncached(rel, compute, work)
        try:
            with open(path, "rb") as file:
                raw = file.read()
        except OSError:
            return self._uncached(rel, compute, work)
        signature = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        trusted = max(info.st_mtime_ns, info.st_ctime_ns) < self._started - RACY_MARGIN_NS
        digest = hashlib.blake2b(raw, digest_size=16).digest()
        if old is not None and old.digest == digest:
            self.hits += 1
            if trusted:  # from now on known by its stat
                self._new[key] = dataclasses.replace(old, signature=signature)
                self._changed.add(shard(key))
            else:  # read again next time either way: no need to write
                self._new[key] = old
            work.problems.extend(old.problems)
            return old.result
        self._changed.add(shard(key))
        text = decode_text(raw, rel, work.problems)
        result = None if text is None else compute(text, work)
        observations = tuple(work.observations)
        self._new[key] = Entry(
            signature if trusted else None,
            digest,
            context,
            result,
            tuple(work.problems),
            observations,
            _stamp_of(key, context, observations, digest),
        )
        return result

    def _holds(self, entry: Entry) -> bool:
        """Whether every look outside the file still gets the same answer."""
        return not entry.observations or all(
            content_file(self.root, rel) == found for rel, found in entry.observations
        )

    def save(self) -> None:
        """Write the shards whose entries this load changed, and remove what
        it did not use: entries of files gone, shards of folders gone."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        if self.folder is None or self.read_only:
            return
        added = self._added & self._new.keys()
        # The keys this load did not ask for; none, most days (a set
        # difference of 39,000 keys is 0.03 s at ten years).
        kept_keys = len(self._new) - len(added)
        gone = set() if kept_keys == len(self._old) else self._old.keys() - self._new.keys()
        if not self._changed and not added and not gone:
            return
        # Only the keys this load added or dropped are sorted into shards:
        # the others stay in the shard they were read from (at ten years,
        # sorting all 39,000 entries twice took 0.1 s of every publish).
        placed: dict[str, list[Key]] = {}
        for key in added:
            placed.setdefault(shard(key), []).append(key)
        dropped_from = {shard(key) for key in gone}
        touched = self._changed | placed.keys() | dropped_from
        emptied = {name for name in dropped_from if self._read.get(name, {}).keys() <= gone}
        kept = (self._read.keys() - emptied) | placed.keys()
        # A cache that cannot be written only makes the next load slower.
        with contextlib.suppress(OSError):
            for name in sorted(touched & kept):
                keys = [key for key in self._read.get(name, {}) if key in self._new]
                entries = {key: self._new[key] for key in [*keys, *placed.get(name, ())]}
                with contextlib.suppress(Exception):  # unpicklable: never fail a build
                    _write(self.folder, name, entries)
            for path in self.folder.glob(f"{SHARD_PREFIX}*{SHARD_SUFFIX}"):
                if path.name not in kept:
                    path.unlink(missing_ok=True)  # unreadable, or of folders gone
            _remove_stale_temps(self.folder)


def _stamp_of(
    key: Key, context: Hashable, observations: tuple[Observation, ...], digest: bytes
) -> bytes:
    """A digest of what a result is made from: the kind of work, the path,
    the context, the file's bytes (by their digest) and the answers to its
    looks outside the file; kanwu's code is the same for the whole cache.
    Equal stamps therefore mean equal results, as the cache itself relies on.
    Kept in the entry: at ten years, computing 39,000 stamps took 0.08 s of
    every load."""
    made_of = pickle.dumps((key, context, observations), protocol=4)
    return hashlib.blake2b(made_of + digest, digest_size=16).digest()


def shard(key: Key) -> str:
    """The file holding the entry for ``key``: by series and year."""
    kind, rel = key
    return _shard_file("ledger" if kind == "ledger" else "/".join(rel.split("/", 2)[:2]))


@functools.lru_cache(maxsize=4096)
def _shard_file(group: str) -> str:
    name = hashlib.blake2b(group.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return f"{SHARD_PREFIX}{name}{SHARD_SUFFIX}"


# Seams for tests that play a file system whose clock did not tick.
_clock = time.time_ns
_lstat = os.lstat


def _replay(found: Iterable[Problem], problems: Problems) -> None:
    """Add what one file's work found, in order (``problems`` skips repeats)."""
    for problem in found:
        if problem.severity == "error":
            problems.error(problem.path, problem.line, problem.message)
        else:
            problems.warning(problem.path, problem.line, problem.message)


def code_digest(package: Path = Path(__file__).parent) -> bytes:
    """A digest of what this stage's results depend on besides the content:
    every module of this package, the YAML library and Python itself."""
    digest = hashlib.blake2b(FORMAT, digest_size=16)
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    versions = (sys.version, yaml.__version__, str(getattr(yaml, "__with_libyaml__", None)))
    digest.update("\0".join(versions).encode())
    return digest.digest()


# Taken when the code is imported: the code that runs is the code described,
# even if the files change while a preview server keeps running.
_HEADER = FORMAT + code_digest()


# Only what entries hold may be unpickled: nothing else can be named.
_ALLOWED = {
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timedelta"),
    ("datetime", "timezone"),
    (__name__, "Entry"),
    ("generator.content.diagnostics", "Problem"),
    # Front matter keys keep what YAML read them as (``2026:``, ``2026-03-01:``).
    *(
        ("generator.content.source", name)
        for name in ("YamlInt", "YamlFloat", "YamlDate", "YamlDateTime")
    ),
    *(
        ("generator.content.model", name)
        for name in (
            "Report",
            "Issue",
            "Adoption",
            "BestOfMonth",
            "Progress",
            "Submission",
            "Criticism",
            "Bonus",
            "Award",
            "Closed",
            "Erratum",
        )
    ),
}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name}")
        return super().find_class(module, name)


def _read_all(folder: Path) -> dict[str, dict[Key, Entry]]:
    """The entries of every usable shard in ``folder``, by shard. Each entry
    is checked on its own when used, so shards written by different builds
    mix safely."""
    shards: dict[str, dict[Key, Entry]] = {}
    with contextlib.suppress(OSError):
        for path in sorted(folder.glob(f"{SHARD_PREFIX}*{SHARD_SUFFIX}")):
            entries = _read(path)
            if entries:
                shards[path.name] = entries
    return shards


def _read(path: Path) -> dict[Key, Entry]:
    """The entries in one shard; none when it is missing or unusable.

    The file is the header, the pickled entries and a CRC-32 of them. It is
    read twice from one open file (checked, then unpickled), so it never has
    to be held in memory whole, and a build replacing it meanwhile does not
    matter."""
    try:
        with open(path, "rb") as file:
            end = os.fstat(file.fileno()).st_size - 4
            if end < len(_HEADER) or file.read(len(_HEADER)) != _HEADER:
                return {}
            crc, left = 0, end - len(_HEADER)
            while left > 0:
                chunk = file.read(min(left, 2**20))
                if not chunk:
                    return {}
                crc, left = zlib.crc32(chunk, crc), left - len(chunk)
            if file.read() != crc.to_bytes(4, "big"):
                return {}
            file.seek(len(_HEADER))
            try:
                entries = _Unpickler(file).load()
            except Exception:  # anything at all: the file is not ours
                return {}
            if file.tell() != end:
                return {}
    except OSError:
        return {}
    if not isinstance(entries, dict) or not all(isinstance(e, Entry) for e in entries.values()):
        return {}
    return entries


class _Checksummed:
    """A file that also computes the CRC-32 of what is written to it."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.crc = 0

    def write(self, data: bytes) -> int:
        self.crc = zlib.crc32(data, self.crc)
        return self.file.write(data)


def _write(folder: Path, name: str, entries: dict[Key, Entry]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=_TEMP_PREFIX, suffix=_TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(_HEADER)
            body = _Checksummed(file)
            pickle.dump(entries, body, protocol=pickle.HIGHEST_PROTOCOL)
            file.write(body.crc.to_bytes(4, "big"))
        os.replace(temp, folder / name)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _remove_stale_temps(folder: Path) -> None:
    limit = time.time() - STALE_TEMP_SECONDS
    for path in folder.glob(f"{_TEMP_PREFIX}*{_TEMP_SUFFIX}"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass
