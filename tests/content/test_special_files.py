"""Whatever sits in the content folder under a file's name (a link out of it,
a pipe, a device, a folder it cannot read), nothing outside is read or quoted,
nothing blocks, and the reason is named in Chinese."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from generator.content.oserrors import os_reason
from tests.helpers import kanwu, problems_in

# Every kind of file the loader reads, at its own depth.
FILES = [
    "journal.yml",
    "units.yml",
    "ledger/2026.yml",
    "kuaibao/2026/001/index.md",
    "kuaibao/2026/001/01.md",
    "kuaibao/2026/001/img/p.png",
]
# English words, once the file names a message quotes are taken out.
ENGLISH = re.compile(r"(?<![\w./])[A-Za-z]{4,}(?![\w./])")
QUOTED_NAMES = re.compile(r"[\w./-]+\.(?:md|yml)")


def _replace(root: Path, rel: str, make: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    if make == "link-out":
        path.symlink_to("/etc/passwd")
    elif make == "device":
        path.symlink_to("/dev/zero")
    else:
        os.mkfifo(path)


@pytest.mark.parametrize("make", ["link-out", "device", "pipe"])
@pytest.mark.parametrize("rel", FILES)
def test_no_file_outside_or_special_is_read(content: Path, rel: str, make: str) -> None:
    _replace(content, rel, make)
    problems = [p for p in problems_in(content) if p.path == rel]
    assert problems and all(p.line == 1 for p in problems), problems
    text = " ".join(p.message for p in problems)
    assert "root:" not in text  # nothing of /etc/passwd is quoted back
    assert "不会读取" in text, text


def test_check_of_a_pipe_finishes_and_names_it(content: Path) -> None:
    os.mkfifo(content / "kuaibao/2026/001/03.md")
    result = kanwu("check", "--content", content)  # times out (fails) if it blocks
    assert result.returncode == 1
    assert "kuaibao/2026/001/03.md:1: 不是普通文件" in result.stdout


@pytest.mark.parametrize(
    "code",
    [errno.EACCES, errno.EPERM, errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EIO, errno.ELOOP],
)
def test_system_errors_are_said_in_chinese(code: int) -> None:
    # (Tests run as root, who may read any folder, so the errors are made here.)
    reason = os_reason(OSError(code, os.strerror(code)))
    assert not ENGLISH.search(reason) and os.strerror(code) not in reason, reason


def test_a_file_that_is_a_folder_is_named_in_chinese(content: Path) -> None:
    (content / "kuaibao/2026/002/index.md").unlink()
    (content / "kuaibao/2026/002/index.md").mkdir()
    problems = [p for p in problems_in(content) if "kuaibao/2026/002" in p.path]
    assert problems
    assert not any(ENGLISH.search(QUOTED_NAMES.sub("", p.message)) for p in problems), problems
