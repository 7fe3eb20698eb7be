"""System errors while building (permission, disk full …) reach the user in Chinese,
naming the path, never as Python's English or a traceback; the old site stays."""

from __future__ import annotations

import errno
import resource
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.build import engine
from generator.build import output as output_module
from generator.cli import commands
from tests.helpers import FIXTURES, KANWU, REPO, built_site, left_in, snapshot


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build of the minimal content, copied by each test as its old site."""
    root = tmp_path_factory.mktemp("previous")
    shutil.copytree(FIXTURES / "minimal", root / "content")
    return built_site(root / "content", root / "site")


@pytest.fixture
def world(tmp_path: Path, previous_site: Path) -> Path:
    shutil.copytree(previous_site.parent, tmp_path / "world", symlinks=True)
    return tmp_path / "world"


def _build(world: Path) -> Result:
    args = ["build", "--content", str(world / "content"), "--output", str(world / "site")]
    return CliRunner().invoke(commands.main, args)


def _assert_reported_in_chinese(result: Result, reason: str, path: str, english: str) -> None:
    assert reason in result.output and path in result.output, result.output
    assert english not in result.output
    assert "Traceback" not in result.output and "Error" not in result.output


# (errno, the Chinese reason the user reads)
ERRORS = [
    (errno.ENOSPC, "磁盘空间已满"),
    (errno.EDQUOT, "超出磁盘配额"),
    (errno.EACCES, "没有权限"),
    (errno.EPERM, "没有权限"),
    (errno.EROFS, "文件系统只读"),
    (errno.EIO, "读写出错"),
    (errno.ENOLCK, "系统错误（ENOLCK）"),
]


@pytest.mark.parametrize(("code", "reason"), ERRORS, ids=[errno.errorcode[e[0]] for e in ERRORS])
def test_a_system_error_while_writing_pages_is_told_in_chinese(
    world: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    before = snapshot(world / "site")

    def failing_engine(config: Any) -> None:
        page = Path(config.site_dir) / "kuaibao" / "index.html"
        page.parent.mkdir(parents=True)
        raise OSError(code, "English words from the system", str(page))

    monkeypatch.setattr(engine, "mkdocs_build", failing_engine)
    result = _build(world)
    assert result.exit_code == 1
    _assert_reported_in_chinese(result, reason, "kuaibao/index.html", "English words")
    assert "原有站点保持不变" in result.output
    assert snapshot(world / "site") == before
    assert left_in(world) == [
        "content",
        "site",
    ]


def _no_staging_folder(monkeypatch: pytest.MonkeyPatch, world: Path) -> str:
    def refused(*args: Any, **kwargs: Any) -> str:
        raise PermissionError(errno.EACCES, "Permission denied", f"{world}/.site.building-x")

    monkeypatch.setattr(tempfile, "mkdtemp", refused)
    return f"「{world}」"


def _no_exchange(monkeypatch: pytest.MonkeyPatch, world: Path) -> str:
    def busy(a: Path, b: Path) -> bool:
        raise OSError(errno.EBUSY, "Device or resource busy", str(b))

    monkeypatch.setattr(output_module, "_exchange", busy)
    return f"「{world / 'site'}」"


def _no_listing(monkeypatch: pytest.MonkeyPatch, world: Path) -> str:
    def unreadable(content: Path, output: Path) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied", str(output))

    monkeypatch.setattr(commands, "check_output", unreadable)
    return f"「{world / 'site'}」"


Stage = Callable[[pytest.MonkeyPatch, Path], str]
# (where the build meets the error, how to cause it, the exit code, the Chinese reason)
STAGES: list[tuple[str, Stage, int, str]] = [
    ("making the staging folder", _no_staging_folder, 1, "没有权限"),
    ("swapping the site in", _no_exchange, 1, "正被占用"),
    ("checking the output folder", _no_listing, 2, "无法检查输出目录"),
]


@pytest.mark.parametrize(
    ("cause", "code", "reason"), [s[1:] for s in STAGES], ids=[s[0] for s in STAGES]
)
def test_a_system_error_at_any_stage_names_the_folder_in_chinese(
    world: Path, monkeypatch: pytest.MonkeyPatch, cause: Stage, code: int, reason: str
) -> None:
    before = snapshot(world / "site")
    shown = cause(monkeypatch, world)
    result = _build(world)
    assert result.exit_code == code
    _assert_reported_in_chinese(result, reason, shown, "Permission denied")
    assert "busy" not in result.output
    assert snapshot(world / "site") == before
    assert left_in(world) == [
        "content",
        "site",
    ]


def _small_files_only() -> None:
    """Files above 8 KiB cannot be written: a real write failure, for root too."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))


def test_a_real_write_failure_mid_build_keeps_the_site_and_speaks_chinese(world: Path) -> None:
    before = snapshot(world / "site")
    result = subprocess.run(
        [KANWU, "build", "--content", world / "content", "--output", world / "site"],
        cwd=REPO,
        capture_output=True,
        text=True,
        preexec_fn=_small_files_only,
        timeout=300,
    )
    assert result.returncode == 1
    assert "文件超过系统允许的大小" in result.stderr and str(world) in result.stderr
    assert "File too large" not in result.stderr and "Traceback" not in result.stderr
    assert snapshot(world / "site") == before
    assert left_in(world) == [
        "content",
        "site",
    ]
