"""The templates in deploy/ an office copies into its content repository: CI
for GitLab, GitHub and Gitea, and a pre-commit hook. Each is valid YAML that
builds both editions and keeps the build cache; the GitLab job's steps and the
hook are run here as a runner and Git would run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import REPO, SAMPLE, edit

DEPLOY = REPO / "deploy"
VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
# What a runner has once the template's install step ran: kanwu on PATH.
BIN = Path(shutil.which("kanwu") or REPO / ".venv" / "bin" / "kanwu").parent


def _load(name: str) -> Any:
    return yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))


def _kanwu_commands(lines: list[str]) -> list[str]:
    """The kanwu commands among shell lines, their URL variables blanked."""
    return [
        re.sub(r'"\$\{\{ vars\.\w+ \}\}"|"\$\{\w+:-\}"', '""', line.strip())
        for line in lines
        if line.strip().startswith("kanwu ")
    ]


def _github_runs(name: str) -> list[str]:
    steps = _load(name)["jobs"]["build"]["steps"]
    return [line for step in steps if "run" in step for line in step["run"].splitlines()]


def test_every_template_pins_this_kanwu_and_builds_both_editions_with_the_cache() -> None:
    gitlab = _load("gitlab-ci.yml")
    assert ".kanwu-cache/" in gitlab["build"]["cache"]["paths"]
    assert {"site/", "public-site/"} <= set(gitlab["build"]["artifacts"]["paths"])
    expected = _kanwu_commands(gitlab["build"]["script"])
    assert any("--audience public" in c and "public-site" in c for c in expected)
    assert any("--output site" in c for c in expected)
    for name in ("github-actions.yml", "gitea-actions.yml"):
        assert _kanwu_commands(_github_runs(name)) == expected, name
        steps = _load(name)["jobs"]["build"]["steps"]
        cache = next(s for s in steps if str(s.get("uses", "")).startswith("actions/cache@"))
        assert cache["with"]["path"].strip() == ".kanwu-cache/"
        upload = next(s for s in steps if "upload-artifact" in str(s.get("uses", "")))
        assert upload["with"]["path"].split() == ["site/", "public-site/"]
    for name in ("gitlab-ci.yml", "github-actions.yml", "gitea-actions.yml"):
        assert f'"kanwu=={VERSION}"' in (DEPLOY / name).read_text(encoding="utf-8"), name
    hooks = _load("pre-commit-config.yaml")["repos"][0]["hooks"]
    assert hooks[0]["entry"].startswith("kanwu check")


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A content repository as an office keeps one: content/ at its root."""
    shutil.copytree(SAMPLE, tmp_path / "content")
    return tmp_path


def _run(line: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(
        ["sh", "-c", line], cwd=cwd, env=environment, capture_output=True, text=True, timeout=600
    )


def test_the_gitlab_jobs_steps_build_both_editions_and_the_next_run_reuses_the_cache(
    repository: Path,
) -> None:
    gitlab = _load("gitlab-ci.yml")
    for _time in (1, 2):  # the second run finds the cache of the first
        outputs = []
        for line in gitlab["build"]["script"]:
            result = _run(line, repository, SITE_URL="http://xinxi.example.invalid/")
            assert result.returncode == 0, (line, result.stdout, result.stderr)
            outputs.append(result.stdout + result.stderr)
        for line in gitlab["publish"]["script"]:
            assert _run(line, repository).returncode == 0, line
        assert (repository / "site" / "index.html").is_file()
        assert (repository / "site" / "sitemap.xml").is_file()  # SITE_URL was given
        assert (repository / "public-site" / "index.html").is_file()
        assert not (repository / "public-site" / "stats").exists()
        assert (repository / ".kanwu-cache").is_dir()
    assert re.search(r"复用未改动的页面：[\d,]+ 项", "\n".join(outputs))


def test_the_pre_commit_hook_refuses_bad_content_naming_file_and_line(repository: Path) -> None:
    hook = DEPLOY / "pre-commit"
    assert os.access(hook, os.X_OK)
    assert _run(str(hook), repository).returncode == 0
    edit(repository / "content", "kuaibao/2026/175/index.md", "date:", "date: 明天\nold_date:")
    refused = _run(str(hook), repository)
    assert refused.returncode == 1
    assert "kuaibao/2026/175/index.md:" in refused.stdout + refused.stderr
