"""Text left as ``kanwu new`` wrote it is a warning naming file and line, and
fails ``kanwu check --strict`` until the editor fills it in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.content.placeholders import INSTRUCTION_BODY, REPORT_BODY
from tests.helpers import edit, kanwu


@dataclass(frozen=True)
class Placeholder:
    series: tuple[str, ...]  # whose new files have it
    file: str  # in the new issue folder
    line: int
    warning: str
    template: str  # as the template wrote it
    filled: str


ISSUE = "index.md"
REPORT = "01.md"
PLACEHOLDERS = {
    "issuer": Placeholder(
        ("kuaibao", "pishi"),
        ISSUE,
        3,
        "签发（issuer）为空：请填写签发人职务，或删除此行",
        "issuer:",
        "issuer: 市委办公室副主任",
    ),
    "editor": Placeholder(
        ("kuaibao", "pishi"),
        ISSUE,
        4,
        "责任编辑（editor）为空：请填写责任编辑，或删除此行",
        "editor:",
        "editor: 信息科",
    ),
    "report_body": Placeholder(
        ("kuaibao",),
        REPORT,
        12,
        "正文仍是模板中的占位文字「（在此撰写正文……）」，请改写",
        REPORT_BODY,
        "乙区开展示例工作，纯属虚构。",
    ),
    "instruction_body": Placeholder(
        ("pishi",),
        REPORT,
        9,
        "正文仍是模板中的占位文字「（在此写批示内容。）」，请改写",
        INSTRUCTION_BODY,
        "请认真研究。",
    ),
}
# What must be written for a new file to pass check at all (required fields).
REQUIRED = {"pishi": [("leader: ", "leader: 市委副书记"), ("on: []", "on: [kuaibao/2026/001/01]")]}


def _scaffold(content: Path, series: str) -> Path:
    """``kanwu new issue`` and ``kanwu new report``, as an editor starts."""
    created = kanwu("new", "issue", series, "--date", "2026-03-09", "--content", content)
    assert created.returncode == 0, created.stderr
    folder = max(content.glob(f"{series}/2026/*/"))  # the new, highest number
    args = ["--unit", "yiqu"] if series == "kuaibao" else []
    report = kanwu("new", "report", folder, *args, "--title", "新建稿件", "--content", content)
    assert report.returncode == 0, report.stderr
    return folder


def _fill(content: Path, folder: Path, keep: str | None) -> None:
    """Fill in every placeholder of the series but ``keep``."""
    rel = folder.relative_to(content).as_posix()
    series = rel.split("/")[0]
    for old, new in REQUIRED.get(series, []):
        edit(content, f"{rel}/{REPORT}", old, new)
    for name, placeholder in PLACEHOLDERS.items():
        if series in placeholder.series and name != keep:
            edit(content, f"{rel}/{placeholder.file}", placeholder.template, placeholder.filled)


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_placeholder_left_in_fails_strict_check_until_filled_in(content: Path, name: str) -> None:
    placeholder = PLACEHOLDERS[name]
    folder = _scaffold(content, placeholder.series[-1])
    _fill(content, folder, keep=name)
    rel = folder.relative_to(content).as_posix()

    relaxed = kanwu("check", "--content", content)
    assert relaxed.returncode == 0, relaxed.stdout
    where = f"{rel}/{placeholder.file}:{placeholder.line}: 警告：{placeholder.warning}"
    assert where in relaxed.stdout.splitlines(), relaxed.stdout
    assert kanwu("check", "--content", content, "--strict").returncode == 1

    edit(content, f"{rel}/{placeholder.file}", placeholder.template, placeholder.filled)
    strict = kanwu("check", "--content", content, "--strict")
    assert strict.returncode == 0, strict.stdout


@pytest.mark.parametrize("series", ["kuaibao", "pishi"])
def test_fresh_templates_warn_about_every_placeholder_at_once(content: Path, series: str) -> None:
    folder = _scaffold(content, series)
    rel = folder.relative_to(content).as_posix()
    output = kanwu("check", "--content", content).stdout
    for placeholder in PLACEHOLDERS.values():
        if series in placeholder.series:
            assert f"{rel}/{placeholder.file}:{placeholder.line}: 警告：" in output, output
