"""Walking the content folder without leaving it.

MkDocs walks its ``docs_dir`` (the content folder) following symbolic links,
so a link to ``/`` would make it walk the whole disk, and a link to
``/etc/passwd`` linked from a report would publish it. kanwu loads the content
first and stops on these errors, so every folder is checked here, hidden ones
included: no link is followed, each folder is read with one ``scandir``, and
only links are resolved. Folders are walked with a stack and to a bounded
depth, so no nesting can exhaust Python's recursion limit.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from generator.content.diagnostics import Problems
from generator.content.names import name_problem, natural_key, shown
from generator.content.oserrors import os_reason

# content/<series>/<YYYY>/<NNN>/img/<more>: an issue needs a few levels below
# the content folder; deeper nesting is a mistake (or an attack) and is named.
MAX_DEPTH = 8


@functools.lru_cache(maxsize=16)
def _real(root: Path) -> str:
    return os.path.realpath(root)


def _rel(root: Path, path: Path | str) -> str:
    return shown(Path(path).relative_to(root).as_posix())


def link_problem(root: Path, path: str) -> str | None:
    """Why the symbolic link at ``path`` may not be read, or ``None``."""
    real_root = _real(root)
    try:
        target = os.path.realpath(path)
        inside = os.path.commonpath([real_root, target]) == real_root
        exists, is_dir = os.path.exists(target), os.path.isdir(target)
    except (OSError, ValueError):
        return "符号链接无法解析，不会读取或发布"
    if not inside:
        return f"符号链接指向内容目录之外（{shown(target)}），不会读取或发布"
    where = shown(Path(target).relative_to(real_root).as_posix())
    if not exists:
        return f"符号链接指向的文件不存在（{where}），不会读取或发布"
    if is_dir:
        return f"不支持指向目录的符号链接（{where}），不会读取或发布"
    return None


def content_file(root: Path, rel: str) -> bool | None:
    """Whether ``rel`` is a file in the content folder; ``None`` when a
    symbolic link on its way leads out of it (so it is never published)."""
    real_root = _real(root)
    real = os.path.realpath(root / rel)
    if os.path.commonpath([real_root, real]) != real_root:
        return None
    return os.path.isfile(real)


def _scan(root: Path, folder: Path, problems: Problems) -> list[os.DirEntry[str]]:
    """Entries of one folder, with refused links reported and left out."""
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:
        problems.error(_rel(root, folder), 1, f"无法读取目录：{os_reason(exc)}")
        return []
    result = []
    for entry in entries:
        if entry.is_symlink() and (reason := link_problem(root, entry.path)):
            problems.error(_rel(root, entry.path), 1, reason)
            continue
        if not (entry.is_file() or entry.is_dir()):
            # A pipe, socket or device: reading it would block or never end.
            problems.error(_rel(root, entry.path), 1, SPECIAL_FILE)
            continue
        result.append(entry)
    return result


SPECIAL_FILE = "不是普通文件（可能是管道或设备文件），不会读取"


def _hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def safe_entries(root: Path, folder: Path, problems: Problems) -> list[os.DirEntry[str]]:
    """The entries of ``folder`` the loader reads, in natural order.

    Left out: hidden entries (``.git``, ``_drafts``; their folders are still
    checked, since MkDocs walks them), refused symbolic links and unusable
    names, each reported."""
    result = []
    for entry in _scan(root, folder, problems):
        if _hidden(entry.name):
            if entry.is_dir(follow_symlinks=False):
                walk(root, Path(entry.path), problems)
            continue
        if reason := name_problem(entry.name):
            problems.error(_rel(root, entry.path), 1, reason)
            continue
        result.append(entry)
    return sorted(result, key=lambda e: natural_key(e.name))


def walk(root: Path, folder: Path, problems: Problems) -> list[str]:
    """Check every folder below ``folder`` (inclusive); return the
    content-relative paths of the visible files there, in natural order."""
    files: list[str] = []
    stack: list[tuple[Path, bool]] = [(folder, _hidden(folder.name))]
    while stack:
        current, hidden = stack.pop()
        depth = len(current.relative_to(root).parts)
        below: list[tuple[Path, bool]] = []
        for entry in sorted(_scan(root, current, problems), key=lambda e: natural_key(e.name)):
            entry_hidden = hidden or _hidden(entry.name)
            if not entry_hidden and (reason := name_problem(entry.name)):
                problems.error(_rel(root, entry.path), 1, reason)
            elif entry.is_dir(follow_symlinks=False):
                below.append((Path(entry.path), entry_hidden))
            elif not entry_hidden:
                files.append(Path(entry.path).relative_to(root).as_posix())
        if below and depth >= MAX_DEPTH:
            problems.error(
                _rel(root, current),
                1,
                f"目录层级过深（超过 {MAX_DEPTH} 层），其下的目录不会读取或发布",
            )
            continue
        stack.extend(reversed(below))
    return files
