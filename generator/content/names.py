"""Folder and file names as editors make them, read the way an editor means.

Only ASCII digits are numbers: ``str.isdigit`` and ``int`` also accept 「²」
(and raise on it), 「٣٥」 and full-width 「２０２６」, which would make
``2026/001`` and ``２０２６/001`` one issue. A name the site cannot show or
link (not UTF-8, control characters such as a newline) is named in a message
in a printable form and never used as a path.
"""

from __future__ import annotations

import functools
import re

_NUMBER = re.compile(r"[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")
_DIGIT_RUNS = re.compile(r"([0-9]+)")
# os.fsdecode maps bytes that are not UTF-8 to these lone surrogates.
_UNDECODABLE = re.compile("[\udc80-\udcff]")
# Characters that would break the one-line ``path:line: 说明`` of a message.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def number(name: str) -> int | None:
    """The number an all-ASCII-digit name stands for, else ``None``."""
    return int(name) if _NUMBER.fullmatch(name) else None


def is_year(name: str) -> bool:
    return _YEAR.fullmatch(name) is not None


# The same few names (01.md, index.md, 2026 …) recur in every folder.
@functools.lru_cache(maxsize=4096)
def natural_key(name: str) -> tuple[tuple[str | int, ...], str]:
    """Order ``2.md`` before ``10.md`` as an editor expects, and ``01`` before ``02``.

    Text and numbers alternate in the parts, so any two keys compare without
    mixing types; the name itself breaks ties such as 035 and 35."""
    parts = _DIGIT_RUNS.split(name)
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), name


def shown(name: str) -> str:
    """``name`` as it can be printed in a message: undecodable bytes become
    「�」, control characters their escape (``\\n``)."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def name_problem(name: str) -> str | None:
    """Why a file or folder name cannot be read or published, or ``None``."""
    if _UNDECODABLE.search(name):
        return "名称不是有效的 UTF-8 编码，请重命名；其中的内容不会读取或发布"
    if _CONTROL.search(name):
        return "名称含有换行等控制字符，请重命名；其中的内容不会读取或发布"
    return None
