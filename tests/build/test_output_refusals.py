"""``kanwu build`` refuses, before touching anything, an output that is not its own site."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import kanwu, snapshot, write


def _layout(root: Path) -> Path:
    """A Git working tree, as an editor's checkout is (with the content in it, if there)."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    write(root, "README.md", "示例信息的仓库。\n")
    write(root, "notes/待办.txt", "甲县委办公室来稿。\n")
    return root


def _every_path(root: Path) -> list[str]:
    """Folders too: a refusal must not even create an empty one."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def _marked_with_git(root: Path) -> str:
    write(root, "out/.kanwu-site", '{"generator": "kanwu"}\n')
    write(root, "out/index.html", "<p>旧站点</p>")
    write(root, "out/.git/HEAD", "ref: refs/heads/gh-pages\n")
    return "out"


def _unmarked(root: Path) -> str:
    write(root, "out/工作总结.docx", b"PK\x03\x04")
    return "out"


def _wrong_marker(root: Path) -> str:
    write(root, "out/.kanwu-site", '{"generator": "hugo"}\n')
    write(root, "out/index.html", "<p>别的站点</p>")
    return "out"


def _unreadable_marker(root: Path) -> str:
    write(root, "out/.kanwu-site", "不是 JSON")
    write(root, "out/index.html", "<p>别的站点</p>")
    return "out"


def _symlinked_marker(root: Path) -> str:
    write(root, "elsewhere/.kanwu-site", '{"generator": "kanwu"}\n')
    write(root, "out/index.html", "<p>别的站点</p>")
    (root / "out/.kanwu-site").symlink_to(root / "elsewhere/.kanwu-site")
    return "out"


def _symlink_to_content(root: Path) -> str:
    (root / "site").symlink_to(root / "content")
    return "site"


def _below_a_file(root: Path) -> str:
    write(root, "site", "这是一个文件。")
    return "site/kanwu"


Setup = Callable[[Path], str]
# (what the output is, how to make it under the repository root, the Chinese reason)
CASES: list[tuple[str, Setup, str]] = [
    ("the content folder", lambda root: "content", "就是内容目录"),
    ("the content folder spelt with ..", lambda root: "content/../content", "就是内容目录"),
    ("the content folder through a symlink", _symlink_to_content, "就是内容目录"),
    ("inside the content folder", lambda root: "content/site", "在内容目录「content」之内"),
    ("deep inside the content folder", lambda root: "content/kuaibao/x", "之内"),
    ("the repository root", lambda root: ".", "包含内容目录「content」"),
    ("the parent of the repository", lambda root: "..", "包含内容目录"),
    ("the file system root", lambda root: "/", "包含内容目录"),
    ("the repository root, absolute", lambda root: str(root), "包含内容目录"),
    ("a marked site with a .git", _marked_with_git, "Git 版本库"),
    ("a non-empty folder without marker", _unmarked, "不是 kanwu 生成的站点"),
    ("a folder with another generator's marker", _wrong_marker, "不是 kanwu 生成的站点"),
    ("a folder with an unreadable marker", _unreadable_marker, "不是 kanwu 生成的站点"),
    ("a folder whose marker is a symlink", _symlinked_marker, "不是 kanwu 生成的站点"),
    ("below a file", _below_a_file, "的上级"),
]


@pytest.mark.parametrize(("setup", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_build_refuses_an_output_that_is_not_its_own_site(
    content: Path, tmp_path: Path, setup: Setup, reason: str
) -> None:
    root = _layout(tmp_path)
    output = setup(root)
    before, paths = snapshot(root), _every_path(root)
    result = kanwu("build", "--content", "content", "--output", output, cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert reason in result.stderr
    assert output in result.stderr
    assert "Traceback" not in result.stderr and "Error" not in result.stderr
    assert snapshot(root) == before, "a refused build changed a file"
    assert _every_path(root) == paths, "a refused build created or removed a path"


# Whoever runs the build, the repository or folder they stand in is never the output.
# (where the build is run from, under a world holding a repository and a plain folder;
# the output; the Chinese reason)
OUTSIDE_CASES = [
    ("repo", ".", "Git 仓库"),
    ("repo", "..", "Git 仓库"),
    ("repo/notes", "..", "Git 仓库"),
    ("plain", ".", "当前目录"),
    ("plain/sub", "..", "当前目录"),
]


@pytest.mark.parametrize(("cwd", "output", "reason"), OUTSIDE_CASES)
def test_build_refuses_the_repository_or_folder_it_is_run_from(
    content: Path, tmp_path: Path, cwd: str, output: str, reason: str
) -> None:
    """The content lives elsewhere, so only the repository and cwd checks can stop these."""
    world = tmp_path / "world"
    _layout(world / "repo")
    (world / "plain/sub").mkdir(parents=True)
    before, paths = snapshot(tmp_path), _every_path(tmp_path)
    result = kanwu("build", "--content", content, "--output", output, cwd=world / cwd)
    assert result.returncode == 2, result.stdout + result.stderr
    assert reason in result.stderr
    assert snapshot(tmp_path) == before
    assert _every_path(tmp_path) == paths


def test_output_is_checked_before_the_content_is_read(content: Path, tmp_path: Path) -> None:
    """A broken content folder still gets the output refusal, not its content errors."""
    (content / "journal.yml").write_text("title: [未闭合\n", encoding="utf-8")
    result = kanwu("build", "--content", content, "--output", content)
    assert result.returncode == 2
    assert "就是内容目录" in result.stderr
    assert "journal.yml" not in result.stderr
