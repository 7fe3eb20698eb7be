"""The site a build replaces, kept beside the output to build the next one in.

A daily publish changes a few dozen of a ten-year archive's 8,800 pages. Built
in a fresh staging folder, it still had to make all 8,800 page folders again
and then delete as many of the old site: 2 to 4 s on a disk where a ``mkdir``
costs 0.1 to 0.3 ms, more than rendering the pages that changed.

So a build with a cache keeps the site it replaces as a *spare*,
``.<name>.spare`` beside the output, and at once trims it to the files it
shares with the new site: the same inodes, so that nothing the new site no
longer shows stays on disk (a report withdrawn from the site is gone from the
spare too). The next build makes the spare exactly its own new site
(:func:`assemble`): whatever the spare holds that the new site does not is
deleted, files MkDocs wrote are moved in, and each unchanged page is linked
from the cache unless the spare already holds that very file. Only then does
the spare take the output's place, by the same atomic exchange as a staging
folder (:mod:`generator.build.output`). The spare is never served and never
trusted: a file counts as present only if it is the same inode as the one
wanted, so a spare edited, damaged or left half-assembled by a killed build
yields the same site as a fresh folder would.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from generator.build.cache import link_or_copy
from generator.build.output import MARKER, is_site, locked, remove_site

SPARE_SUFFIX = ".spare"


def spare_path(output: Path) -> Path:
    return output.parent / f".{output.name}{SPARE_SUFFIX}"


@contextlib.contextmanager
def spare_folder(output: Path, wanted: bool) -> Iterator[Path | None]:
    """The spare of ``output``, locked for this build, when ``wanted`` and
    usable: a kanwu site (never a symlink or someone else's folder) that no
    other build holds. A build that keeps no spare deletes one left by
    earlier builds, since it would hold pages of an older site."""
    spare = spare_path(output)
    if spare.is_symlink() or not spare.is_dir() or not is_site(spare):
        yield None
        return
    with locked(spare) as free:
        if free and not wanted:
            remove_site(spare)
        yield spare if free and wanted else None


def assemble(
    into: Path,
    staging: Path,
    linked: Mapping[str, Path],
    done: Callable[[], object] | None = None,
) -> None:
    """Make ``into`` hold exactly the files of ``staging`` (moved there) and
    ``linked`` (site path → a file to hard-link there), keeping in place the
    files it already holds as the very same inodes."""
    # Paths are plain strings here: at ten years this walks 25,000 files,
    # and pathlib's objects cost more than the system calls.
    wanted = {path: os.fspath(source) for path, source in linked.items()}
    folders: set[str] = set()
    for path in _files(os.fspath(staging), folders):
        wanted[path] = f"{staging}/{path}"
    for path in linked:
        folders.update(_parents(path))
    made: set[str] = set()  # folders known to be there
    present = _trim(os.fspath(into), "", wanted, folders, made)
    for path, source in wanted.items():
        target = f"{into}/{path}"
        if path not in present or not _same(target, source):
            _make_parent(into, path, made)
            if path in linked:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)
                link_or_copy(source, target)
            else:
                os.replace(source, target)
        if done is not None and path in linked:
            done()


def place(site: Path, linked: Mapping[str, Path], done: Callable[[], object] | None = None) -> None:
    """Link each file of ``linked`` (site path → file) into ``site``, which lacks them all."""
    made: set[str] = set()
    for path, source in linked.items():
        _make_parent(site, path, made)
        link_or_copy(source, f"{site}/{path}")
        if done is not None:
            done()


def retire(output: Path, old: Path) -> None:
    """What becomes of the site ``old`` that the new site at ``output`` has
    replaced: it is the spare, trimmed to the files the two share; deleted
    if the spare's place is taken by something else."""
    spare = spare_path(output)
    if old != spare:
        try:
            old.rename(spare)
        except OSError:  # the place is taken (a folder not ours, or a spare in use)
            remove_site(old)
            return
    keep = {MARKER: f"{spare}/{MARKER}"}
    folders: set[str] = set()
    for path in _files(os.fspath(output), folders):
        keep.setdefault(path, f"{output}/{path}")
    with locked(spare) as free:
        # A build holding the spare makes it exactly its own site anyway.
        if free:
            for path in _trim(os.fspath(spare), "", keep, folders, set()):
                stored = f"{spare}/{path}"
                if path != MARKER and not _same(stored, keep[path]):
                    os.unlink(stored)


def _files(root: str, folders: set[str], prefix: str = "") -> Iterator[str]:
    """Every file under ``root`` as a site path, adding the folders to ``folders``."""
    with os.scandir(f"{root}/{prefix}") as entries:
        for entry in entries:
            path = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                folders.add(path)
                yield from _files(root, folders, f"{path}/")
            else:
                yield path


def _trim(
    root: str, prefix: str, wanted: Mapping[str, str], folders: set[str], kept: set[str]
) -> set[str]:
    """Delete under ``root`` every entry that is neither a wanted file (a
    regular file, not a link to one) nor a wanted folder; return the files
    left, adding the folders left to ``kept``."""
    left: set[str] = set()
    with os.scandir(f"{root}/{prefix}") as entries:
        for entry in entries:
            path = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if path in folders:
                    kept.add(path)
                    left |= _trim(root, f"{path}/", wanted, folders, kept)
                else:
                    shutil.rmtree(entry.path)
            elif path in wanted and entry.is_file(follow_symlinks=False):
                left.add(path)
            else:
                os.unlink(entry.path)
    return left


def _same(a: str, b: str) -> bool:
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
