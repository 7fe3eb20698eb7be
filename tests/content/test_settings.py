"""journal.yml's duties, time limits and quotas, and the ledger's ``closed``
event, are checked against units.yml and the reports: each mistake is named
with its file and line, in one pass."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, edit, kanwu, problems_in, write


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "duties", root)
    return root


def _errors(root: Path) -> list[str]:
    return [str(p) for p in problems_in(root) if p.severity == "error"]


def _line(root: Path, rel: str, text: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def test_the_fixture_is_clean_but_for_its_one_warning(project: Path) -> None:
    assert _errors(project) == []


@pytest.mark.parametrize(
    ("old", "new", "marker", "message"),
    [
        ("daily: {县区: 1}", "daily: {县去: 1}", "daily:", '"县去" 既不是单位标识'),
        ("weekly: {default: 2, b: 1}", "weekly: {default: 2, bb: 1}", "weekly:", '"bb" 既不是'),
        ("daily: {县区: 1}", "daily: {县区: 0}", "daily:", '"县区" 的数目应为正整数'),
        ("daily: {县区: 1}", "daily: {县区: 1.5}", "daily:", '"县区" 的数目应为正整数'),
        ("research: {b: 2, 县区: 1}", "research: {bx: 2, 县区: 1}", "research: {", '"bx"'),
        ("research_total: {市直: 3, 县区: 4}", "research_total: {c: 3}", "research_total", "分组"),
        ("time_limits: {特急: 30, 紧急: 60}", "time_limits: {加急: 30}", "time_limits", "加急"),
        ("time_limits: {特急: 30, 紧急: 60}", "time_limits: {特急: -5}", "time_limits", "正整数"),
        ("workdays: [2026-03-07]", "workdays: [2026-03-04]", "workdays", "既列为节假日"),
        ("holidays: [2026-03-04]", "holidays: [2026-13-04]", "holidays", "2026-13-04"),
    ],
)
def test_a_wrong_setting_is_named_with_its_line(
    project: Path, old: str, new: str, marker: str, message: str
) -> None:
    edit(project, "journal.yml", old, new)
    line = _line(project, "journal.yml", marker)
    errors = _errors(project)
    assert any(e.startswith(f"journal.yml:{line}: ") and message in e for e in errors), errors


def test_a_closed_event_must_name_an_urgent_report_published_by_then(project: Path) -> None:
    write(
        project,
        "ledger/more.yml",
        "- event: closed\n  date: 2026-03-12\n  report: kuaibao/2026/001/02\n"
        "- event: closed\n  date: 2026-03-01\n  report: kuaibao/2026/003/04\n"
        "- event: closed\n  date: 2026-03-12\n  report: kuaibao/2026/009/01\n",
    )
    errors = _errors(project)
    assert any(e.startswith("ledger/more.yml:3: ") and "不是紧急信息" in e for e in errors), errors
    assert any(e.startswith("ledger/more.yml:5: ") and "早于" in e for e in errors), errors
    assert any(
        e.startswith("ledger/more.yml:9: ") and "kuaibao/2026/009/01" in e for e in errors
    ), errors


def test_a_report_may_be_urgent_on_its_own_and_only_with_a_known_urgency(project: Path) -> None:
    edit(project, "kuaibao/2026/001/01.md", "urgency: 紧急", "urgency: 很急")
    errors = _errors(project)
    assert any(e.startswith("kuaibao/2026/001/01.md:4: ") and "紧急程度" in e for e in errors), (
        errors
    )


def test_kanwu_check_reports_every_setting_mistake_in_one_pass(project: Path) -> None:
    edit(project, "journal.yml", "daily: {县区: 1}", "daily: {县去: 1}")
    edit(project, "journal.yml", "time_limits: {特急: 30, 紧急: 60}", "time_limits: {加急: 30}")
    result = kanwu("check", "--content", project)
    assert result.returncode == 1
    assert "县去" in result.stderr + result.stdout and "加急" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
