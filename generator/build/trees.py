"""Making a folder hold exactly a given set of files, touching only what differs.

A ten-year site is 25,000 files in 8,800 folders, nearly all unchanged from
one build to the next. Rather than making a fresh tree, a folder is brought
to the wanted state in place: anything not wanted is deleted, and a wanted
file is put there only if the folder does not already hold that very file
(the same inode: a hard link to it, which is how unchanged pages and search
bundles are shared between the cache and the site). Nothing found in the
folder is trusted by its name, size or time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

# Appended to a file's name while its replacement is put in place.
_REPLACING = ".kanwu-replacing"


def assemble(
    into: Path,
    staging: Path | None,
    linked: Mapping[str, str | Path],
    done: Callable[[], object] | None = None,
    also: Mapping[str, str | Path] | None = None,
) -> None:
    """Make ``into`` hold exactly the files of ``staging``, ``linked`` and
    ``also`` (site path → a file), as hard links to them, keeping in place the
    files it already holds as the very same inodes; ``done`` hears of each
    file of ``linked``. ``staging`` is left whole (a build killed meanwhile
    leaves it complete and marked, for the next build to recognise and
    delete)."""
    # Paths are plain strings here: at ten years this walks 25,000 files,
    # and pathlib's objects cost more than the system calls.
    wanted = {path: os.fspath(source) for path, source in {**(also or {}), **linked}.items()}
    folders: set[str] = set()
    for path in _walk_files(os.fspath(staging), folders) if staging is not None else ():
        wanted[path] = f"{staging}/{path}"
    for path in wanted:
        folders.update(_parents(path))
    made: set[str] = set()  # folders known to be there
    into.mkdir(parents=True, exist_ok=True)
    present = _trim(os.fspath(into), "", wanted, folders, made, os.lstat(into).st_dev)
    for path, source in wanted.items():
        target = f"{into}/{path}"
        if path not in present:
            _make_parent(into, path, made)
            link_or_copy(source, target)
        elif not is_file(present[path], source):
            # Replaced in one step: a build killed here leaves the old file or
            # the new one, never neither (a site's marker file must not vanish).
            # A leftover temporary name is a stray the next assembly deletes.
            temporary = f"{target}{_REPLACING}"
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            link_or_copy(source, temporary)
            os.replace(temporary, target)
        if done is not None and path in linked:
            done()


def place(
    site: Path, linked: Mapping[str, str | Path], done: Callable[[], object] | None = None
) -> None:
    """Link each file of ``linked`` (site path → file) into ``site``, which lacks them all."""
    made: set[str] = set()
    for path, source in linked.items():
        _make_parent(site, path, made)
        link_or_copy(source, f"{site}/{path}")
        if done is not None:
            done()


def files_under(root: Path) -> dict[str, Path]:
    """Every file under ``root``, by its path below it."""
    return {path: root / path for path in _walk_files(os.fspath(root), set())}


def _walk_files(root: str, folders: set[str], prefix: str = "") -> Iterator[str]:
    """Every file under ``root`` as a site path, adding the folders to ``folders``."""
    with os.scandir(f"{root}/{prefix}") as entries:
        for entry in entries:
            path = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                folders.add(path)
                yield from _walk_files(root, folders, f"{path}/")
            else:
                yield path


def _trim(
    root: str,
    prefix: str,
    wanted: Mapping[str, str],
    folders: set[str],
    kept: set[str],
    device: int,
) -> dict[str, Identity]:
    """Delete under ``root`` every entry that is neither a wanted file (a
    regular file, not a link to one) nor a wanted folder; return the files
    left with their identity, adding the folders left to ``kept``.

    A file's inode comes with its folder's listing, without a system call
    (at ten years, 25,000 of them a build); its device is its folder's, which
    ``device`` is: a folder on another device is looked at whole."""
    left: dict[str, Identity] = {}
    with os.scandir(f"{root}/{prefix}") as entries:
        for entry in entries:
            path = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if path in folders:
                    kept.add(path)
                    inner = entry.stat(follow_symlinks=False).st_dev
                    left |= _trim(root, f"{path}/", wanted, folders, kept, inner)
                else:
                    shutil.rmtree(entry.path)
            elif path in wanted and entry.is_file(follow_symlinks=False):
                left[path] = (device, entry.inode())
            else:
                os.unlink(entry.path)
    return left


# A file's device and inode: two paths to the same identity are the same file.
Identity = tuple[int, int]


def is_file(identity: Identity, path: str) -> bool:
    """Whether ``path`` is the file of that identity."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == identity


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samestat(os.lstat(a), os.lstat(b))
    except OSError:
        return False


def _parents(path: str) -> Iterator[str]:
    parts = path.split("/")[:-1]
    for end in range(1, len(parts) + 1):
        yield "/".join(parts[:end])


def _make_parent(root: Path, path: str, made: set[str]) -> None:
    """Make the folder ``path`` goes in, once per folder."""
    parent = path.rpartition("/")[0]
    if parent and parent not in made:
        os.makedirs(f"{root}/{parent}", exist_ok=True)
        made.update(_parents(path))


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link at ``target``; a copy where links cannot be made (another
    file system, or one without links)."""
    try:
        os.link(source, target)
    except OSError:  # another filesystem, or links not allowed
        shutil.copyfile(source, target)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: a reader sees the old file
    or the new one, never part of either."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
