"""The VS Code task in .vscode/tasks.json: it runs `kanwu check` as an editor's
build task, and its problem matchers turn every line kanwu prints into a
problem at the right file and line, with the right severity, front matter
included (which the YAML extension cannot check in Markdown files)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.helpers import KANWU, REPO, SAMPLE, edit, write

TASKS = REPO / ".vscode" / "tasks.json"


def _task() -> dict[str, Any]:
    (task,) = json.loads(TASKS.read_text(encoding="utf-8"))["tasks"]
    return dict(task)


def _problems(output: str, workspace: Path) -> list[tuple[Path, int, str, str]]:
    """The problems VS Code makes of ``output``: for each line, the first
    matcher whose pattern matches it (as VS Code tries them)."""
    found = []
    for line in output.splitlines():
        for matcher in _task()["problemMatcher"]:
            pattern = matcher["pattern"]
            match = re.match(pattern["regexp"], line)
            if match:
                kind, folder = matcher["fileLocation"]
                assert kind == "relative"
                root = Path(folder.replace("${workspaceFolder}", str(workspace)))
                found.append(
                    (
                        root / match.group(pattern["file"]),
                        int(match.group(pattern["line"])),
                        matcher["severity"],
                        match.group(pattern["message"]),
                    )
                )
                break
    return found


def test_the_check_task_lists_every_problem_at_its_file_and_line(tmp_path: Path) -> None:
    workspace = tmp_path / "journal"
    shutil.copytree(SAMPLE, workspace / "content")
    content = workspace / "content"
    report = next(p for p in sorted((content / "kuaibao").rglob("0*.md")))
    edit(content, report.relative_to(content).as_posix(), "\ntitle:", "\ntitel:")
    issue = report.parent / "index.md"
    edit(content, issue.relative_to(content).as_posix(), "\ndate:", "\nurgent: 是\ndate:")
    edit(content, "units.yml", "\n  name:", "\n  nmae:")
    write(content, "说明.txt", "不发布的说明\n")
    task = _task()
    assert task["group"]["isDefault"] and task["group"]["kind"] == "build"
    assert task["command"] == "${workspaceFolder}/.venv/bin/kanwu"
    # Run as VS Code runs it: from the workspace folder.
    result = subprocess.run(
        [KANWU, *task["args"]], cwd=workspace, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1, result.stderr
    problems = _problems(result.stdout + result.stderr, workspace)
    printed = [line for line in result.stdout.splitlines() if re.match(r".+:\d+: ", line)]
    assert len(problems) == len(printed) >= 4
    for path, line, _, message in problems:
        assert path.is_file(), path
        assert 1 <= line <= len(path.read_text(encoding="utf-8").splitlines()) + 1
        assert message and not message.startswith("警告")
    by_file = {(path.name, severity) for path, _, severity, _ in problems}
    assert {
        (report.name, "error"),
        ("index.md", "error"),
        ("units.yml", "error"),
        ("说明.txt", "warning"),
    } <= by_file
    # The front matter typo is reported on its own line.
    lines = report.read_text(encoding="utf-8").splitlines()
    typo = next(line for path, line, _, m in problems if path == report and "titel" in m)
    assert lines[typo - 1].startswith("titel:")
