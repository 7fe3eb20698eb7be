"""kanwu installed as an office installs it: a wheel built from the
repository, installed into a new virtual environment, run on content folders
outside the repository, with nothing of the checkout on the path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build.engine import DEFAULT_CONFIG
from tests.helpers import REPO, SAMPLE, free_port, preview_once

# Every file kanwu reads at run time, besides its code: tracked in git, so a
# new template or asset is checked without being listed here.
RUNTIME_DATA = ("generator/theme/", "generator/cli/templates/", "generator/site/schemas/")


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The bin folder of a fresh virtual environment with kanwu's wheel in
    it, and an environment to run it in that knows nothing of the checkout."""
    root = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([str(root / "venv" / "bin"), "/usr/bin", "/bin"])
    # Built from a copy holding only what git tracks: what a clean clone has.
    source = root / "source"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, tracked.split("\0")):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    python = sys.executable
    _run(
        python,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "-w",
        root / "dist",
        source,
        cwd=root,
        env=env,
    )
    wheel = next((root / "dist").glob("kanwu-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {n for n in tracked.split("\0") if n.startswith(RUNTIME_DATA)}
    assert wanted and wanted <= names, sorted(wanted - names)
    assert "generator/build/mkdocs.yml" in names
    _run(python, "-m", "venv", root / "venv", cwd=root, env=env)
    _run(
        root / "venv/bin/pip",
        "install",
        "-q",
        "--disable-pip-version-check",
        wheel,
        cwd=root,
        env=env,
    )
    shutil.rmtree(source)
    return root / "venv" / "bin", env


def test_the_installed_kanwu_is_the_wheels_not_the_checkouts(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    bin_, env = installed
    where = _run(
        bin_ / "python", "-c", "import generator; print(generator.__file__)", cwd=tmp_path, env=env
    )
    assert "site-packages" in where.stdout and str(REPO) not in where.stdout


def _kanwu(installed: tuple[Path, dict[str, str]], cwd: Path) -> Callable[..., str]:
    """Run the installed ``kanwu`` in ``cwd``, insist that it succeeds; its output."""
    bin_, env = installed
    return lambda *args: _run(bin_ / "kanwu", *args, cwd=cwd, env=env).stdout


def test_a_new_publication_is_made_checked_built_and_previewed(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    _kanwu(installed, tmp_path)("init", "刊物", "--title", "示例信息")
    office = tmp_path / "刊物"
    kanwu = _kanwu(installed, office)
    issue = next((office / "content" / "kuaibao").glob("*/001"))
    where = issue.relative_to(office / "content")
    kanwu("new", "report", issue, "--unit", "yiqu", "--title", "乙区示例工作")
    assert "0 处错误" in kanwu("check")
    kanwu("build")
    page = (office / "site" / where / "index.html").read_text("utf-8")
    assert "示例信息" in page and "甲县开展示例工作" in page and "乙区示例工作" in page
    assert (office / "site" / "assets" / "kanwu.css").is_file()
    assert (office / "site" / "pagefind").is_dir()
    # The engine's own command, on the mkdocs.yml kanwu init wrote.
    bin_, env = installed
    _run(bin_ / "mkdocs", "build", "-q", "-d", tmp_path / "by-mkdocs", cwd=office, env=env)
    assert "乙区示例工作" in (tmp_path / "by-mkdocs" / where / "index.html").read_text("utf-8")
    port = free_port()
    preview = preview_once(
        office / "content", port, program=str(bin_ / "kanwu"), page=f"{where.as_posix()}/"
    )
    assert "乙区示例工作" in preview


def test_the_sample_content_is_built_anywhere_with_kanwus_own_configuration(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    """A copy of the sample, with no mkdocs.yml near it: kanwu's own."""
    kanwu = _kanwu(installed, tmp_path)
    content = tmp_path / "稿件"
    shutil.copytree(SAMPLE, content)
    kanwu("new", "issue", "kuaibao", "--date", "2026-11-27", "--content", content)
    issue = max((content / "kuaibao" / "2026").iterdir())
    kanwu(
        "new", "report", issue, "--unit", "jiaxian", "--title", "甲县示例工作", "--content", content
    )
    report = next(issue.glob("01*.md"))
    front = report.read_text("utf-8").split("---\n\n")[0]
    report.write_text(front + "---\n\n甲县示例正文。\n", "utf-8")
    assert "0 处错误" in kanwu("check", "--content", content)
    kanwu("build", "--content", content, "--output", tmp_path / "站点")
    page = (tmp_path / "站点" / issue.relative_to(content) / "index.html").read_text("utf-8")
    assert "甲县示例工作" in page and "甲县示例正文" in page
    assert "甲县委办公室" in kanwu("stats", "--content", content, "--format", "csv")
    program = str(installed[0] / "kanwu")
    page_url = f"{issue.relative_to(content).as_posix()}/"
    assert "甲县示例正文" in preview_once(content, free_port(), program=program, page=page_url)


def test_the_repositorys_mkdocs_yml_is_the_one_kanwu_installs() -> None:
    """`mkdocs build` in the checkout, `kanwu init` and a build with no
    mkdocs.yml near the content all use the same configuration."""
    assert (REPO / "mkdocs.yml").read_bytes() == DEFAULT_CONFIG.read_bytes()
