"""The output folder: what a build may replace, and replacing it without a gap.

A build may only replace a folder it made itself. Every site kanwu builds
carries a marker file (``.kanwu-site``) at its root; an output path that is
absent, empty or marked may be replaced, anything else is refused before a
single file is read or written (:func:`check_output`).

The new site is built in a staging folder beside the output
(``.<name>.building-XXXX``), which carries the marker from its first moment
and is locked (``flock``) for as long as its build runs. It then takes the
output's place with one ``renameat2(RENAME_EXCHANGE)``, which swaps the two
paths atomically: at every instant, even under ``kill -9``, the output path
holds either the complete old site or the complete new one. The old site,
now at the staging path, is deleted afterwards (or, with a cache, kept as the
spare the next build is assembled in: :mod:`generator.build.spare`); if the
build dies first, the next build deletes it (:func:`clear_leftovers`). Where
the kernel or file system cannot exchange (not Linux, NFS), two plain renames
are used, with a moment in between in which the output path is absent.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from importlib import metadata
from pathlib import Path

MARKER = ".kanwu-site"
STAGING_INFIX = ".building-"


class OutputRefused(Exception):
    """The output path is not something a build may replace; the message is for the user."""


def check_output(content: Path, output: Path, cwd: Path | None = None) -> Path:
    """Return the resolved output folder, or raise :class:`OutputRefused` if replacing it
    could destroy anything but a site kanwu built. Writes nothing."""
    # Symlinks and ".." are resolved first, so that no spelling of a path escapes.
    out = output.resolve()
    src = content.resolve()
    here = (cwd or Path.cwd()).resolve()
    shown, source = f"输出目录{_named(output, out)}", f"内容目录{_named(content, src)}"
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{shown}是文件，不是目录。请另选输出目录。")
    # The output folder and its missing parents will be made: none may be a file.
    above = next(p for p in (out, *out.parents) if p.exists())
    if not above.is_dir():
        raise OutputRefused(f"{shown}的上级「{above}」是文件，不是目录。请另选输出目录。")
    if out == src:
        raise OutputRefused(f"{shown}就是{source}，生成站点会删除全部稿件。")
    if out.is_relative_to(src):
        raise OutputRefused(f"{shown}在{source}之内，不能把站点生成到稿件中间。")
    if src.is_relative_to(out):
        raise OutputRefused(f"{shown}包含{source}，替换它会删除全部稿件。")
    # The repositories the user works in, and the folder they stand in, are never replaced.
    repositories = [r for r in (_repository_of(here), _repository_of(src)) if r is not None]
    for place, what in [*((r, "Git 仓库") for r in repositories), (here, "当前目录")]:
        if place.is_relative_to(out):
            raise OutputRefused(f"{shown}包含{what}「{place}」，替换它会删除其中的全部文件。")
    if out.is_dir():
        if os.path.lexists(out / ".git"):
            raise OutputRefused(f"{shown}中有 Git 版本库（.git），kanwu 不会替换它。")
        if not is_site(out) and any(out.iterdir()):
            raise OutputRefused(
                f"{shown}不是空目录，也不是 kanwu 生成的站点（没有标记文件 {MARKER}）。"
                "请另选输出目录，或确认其中文件无用后手动删除它。"
            )
    return out


def _named(given: Path, resolved: Path) -> str:
    """The path as the user wrote it, and where it really is if that reads differently."""
    plain = os.path.abspath(given) == str(resolved) and ".." not in given.parts
    return f"「{given}」" if plain and given.parts else f"「{given}」（即 {resolved}）"


def _repository_of(path: Path) -> Path | None:
    """The root of the Git working tree that holds ``path``, if any."""
    for folder in (path, *path.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def is_site(folder: Path) -> bool:
    """Whether ``folder`` is a site kanwu built: it carries kanwu's marker file."""
    marker = folder / MARKER
    try:
        if marker.is_symlink() or not marker.is_file():
            return False
        return json.loads(marker.read_text(encoding="utf-8")).get("generator") == "kanwu"
    except (OSError, ValueError, AttributeError):
        return False


def _marker_text() -> str:
    """Only what identifies the generator: the marker is published with the site."""
    try:
        version = metadata.version("kanwu")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return json.dumps({"generator": "kanwu", "version": version}) + "\n"


def _staging_name(output: Path) -> str:
    return f".{output.name}{STAGING_INFIX}"


@contextmanager
def staging_folder(output: Path) -> Iterator[Path]:
    """A marked, locked, empty-but-for-the-marker folder beside ``output`` to build into;
    removed again unless :func:`publish` has moved it to ``output``."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=_staging_name(output), dir=output.parent))
    except OSError as exc:  # name the folder the user chose, not the temporary name
        raise OSError(exc.errno, exc.strerror, str(output.parent)) from exc
    try:
        # mkdtemp makes the folder private (0700); a site must be readable by the web
        # server's user, like any folder made under the user's umask.
        staging.chmod(0o777 & ~_umask())
        # The lock tells a concurrent build's clear_leftovers that this folder is alive;
        # the kernel drops it when this process dies, however it dies.
        with locked(staging, wait=True):
            (staging / MARKER).write_text(_marker_text(), encoding="utf-8")
            yield staging
    finally:
        if staging.is_dir() and not staging.is_symlink():
            remove_site(staging)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def locked(folder: Path, wait: bool = False) -> Iterator[bool]:
    """Hold an exclusive ``flock`` on ``folder``; yield whether we got it (without
    ``wait``, not if someone else holds it)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)


def publish(staging: Path, output: Path, retire: Callable[[Path], object] | None = None) -> None:
    """Put the complete site in ``staging`` at ``output``; what was there is
    handed to ``retire`` (deleted, unless it is kept as a spare:
    :mod:`generator.build.spare`).

    ``output`` was found replaceable by :func:`check_output`; it is checked again
    here because the build took a while and someone may have written to it since.
    """
    if os.path.lexists(output):
        folder = output.is_dir() and not output.is_symlink()
        if not (folder and (is_site(output) or not any(output.iterdir()))):
            raise OutputRefused(f"输出目录「{output}」在生成期间被改动，已不是 kanwu 生成的站点。")
        if _exchange(staging, output):
            # The old site is now at the staging path: the output was never without a site.
            (retire or remove_site)(staging)
            return
        # No atomic exchange here: move the old site aside first (a short gap).
        aside = Path(tempfile.mkdtemp(prefix=_staging_name(output), dir=output.parent))
        aside.rmdir()
        output.rename(aside)
        try:
            staging.rename(output)
        except BaseException:
            aside.rename(output)
            raise
        (retire or remove_site)(aside)
        return
    staging.rename(output)


# renameat2(2) flag: swap the two paths atomically (Linux 3.15+, most local file systems).
RENAME_EXCHANGE = 2
AT_FDCWD = -100
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}


def _exchange(a: Path, b: Path) -> bool:
    """Swap the paths ``a`` and ``b`` atomically; False where that is not supported."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p) * 2 + (ctypes.c_uint,)
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(b))


def remove_site(folder: Path) -> bool:
    """Delete ``folder`` if it is a kanwu site or empty; return whether it was.

    The marker goes last, so that a deletion cut short leaves a folder that is
    still recognisably kanwu's (or empty) for the next build to finish.
    """
    if folder.is_symlink() or (not is_site(folder) and any(folder.iterdir())):
        return False
    for entry in os.scandir(folder):
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with suppress(OSError):
                os.unlink(entry.path)
    with suppress(OSError):
        (folder / MARKER).unlink(missing_ok=True)
        folder.rmdir()
    return True


def clear_leftovers(output: Path) -> list[Path]:
    """Delete the staging folders and old sites that killed builds left beside ``output``:
    only folders named like kanwu's own, owned by this user, marked or empty, and not
    locked by a build still running. Return the ones deleted."""
    cleared = []
    prefix = _staging_name(output)
    for candidate in sorted(output.parent.iterdir()):
        # Best effort: a leftover that vanishes or resists is no reason to fail the build.
        with suppress(OSError):
            info = candidate.lstat()
            if not candidate.name.startswith(prefix) or not stat.S_ISDIR(info.st_mode):
                continue
            if info.st_uid != os.geteuid():
                continue
            with locked(candidate) as free:
                if free and remove_site(candidate):
                    cleared.append(candidate)
    return cleared


# The reason, in Chinese, for the system errors a build can meet while writing.
