"""The ``kanwu`` command as an editor and CI run it: exit codes, messages,
and that nothing is written when content is bad."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import subprocess
from pathlib import Path

import pytest
from rich.cells import cell_len

from generator.cli.scaffold import ScaffoldError, new_issue, new_report
from tests.helpers import MKDOCS, REPO, edit, kanwu, left_in, snapshot, write

# Run again on ProperDocs by make test (README「站点引擎」).
pytestmark = pytest.mark.engine

# The seven kinds of error from the acceptance of the foundation issue.
ACCEPTANCE_PLANTS = {
    "kuaibao/2026/001/01.md:3": ("kuaibao/2026/001/01.md", "unit: jiaxian", "unit: jiaxain"),
    "kuaibao/2026/001/02.md:4": ("kuaibao/2026/001/02.md", "category: 社会", "category: [社会"),
    "yaoqing/2026/001/01.md:2": (
        "yaoqing/2026/001/01.md",
        "title: 市示例局部署春季森林防火工作\n",
        "",
    ),
    "kuaibao/2026/002/01.md:4": ("kuaibao/2026/002/01.md", "category: 经济", "category: 金融"),
    "kuaibao/2026/002/01.md:5": ("kuaibao/2026/002/01.md", "2026/001/01", "2026/001/09"),
    "pishi/2026/001/index.md:2": ("pishi/2026/001/index.md", "2026-03-04", "2027-03-04"),
}


def plant_acceptance_errors(root: Path) -> list[str]:
    for rel, old, new in ACCEPTANCE_PLANTS.values():
        edit(root, rel, old, new)
    write(root, "kuaibaoo/2026/001/index.md", "---\ndate: 2026-03-02\n---\n")
    return [*ACCEPTANCE_PLANTS, "kuaibaoo/2026/001/index.md:1"]


def test_check_passes_valid_content(content: Path) -> None:
    result = kanwu("check", "--content", content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查通过：4 期，5 条稿件" in result.stdout


def test_check_names_every_planted_error_and_exits_1(content: Path) -> None:
    locations = plant_acceptance_errors(content)
    before = snapshot(content.parent)
    result = kanwu("check", "--content", content)
    output = result.stdout + result.stderr
    assert result.returncode == 1
    for location in locations:
        assert location in output, f"{location} missing from:\n{output}"
    assert "Traceback" not in output
    assert snapshot(content.parent) == before, "check must not write anything"


def test_check_json_lists_problems_with_path_and_line(content: Path) -> None:
    edit(content, "kuaibao/2026/001/01.md", "unit: jiaxian", "unit: jiaxain")
    result = kanwu("check", "--content", content, "--format", "json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert {
        "path": "kuaibao/2026/001/01.md",
        "line": 3,
        "message": '报送单位 "jiaxain" 不在单位名录中（是否为 "jiaxian"？）',
        "severity": "error",
    } in problems


def test_warnings_pass_unless_strict(content: Path) -> None:
    write(content, "kuaibao/2026/005/index.md", "---\ndate: 2026-03-06\n---\n")
    write(content, "kuaibao/2026/005/01.md", "---\ntitle: 漏号之后\nunit: yiqu\n---\n正文\n")
    relaxed = kanwu("check", "--content", content)
    assert relaxed.returncode == 0
    assert "警告：漏号：2026年第3期至第4期缺失" in relaxed.stdout
    assert kanwu("check", "--content", content, "--strict").returncode == 1


def test_build_with_errors_exits_1_and_writes_nothing(content: Path, tmp_path: Path) -> None:
    plant_acceptance_errors(content)
    output = tmp_path / "out"
    result = kanwu("build", "--content", content, "--output", output)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert not output.exists()
    assert left_in(tmp_path) == ["content"]


def test_failed_build_leaves_the_previous_site_untouched(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    assert kanwu("build", "--content", content, "--output", output).returncode == 0
    before = snapshot(output)
    edit(content, "kuaibao/2026/001/01.md", "unit: jiaxian", "unit: nobody")
    result = kanwu("build", "--content", content, "--output", output)
    assert result.returncode == 1
    assert snapshot(output) == before
    assert left_in(tmp_path) == [
        "content",
        "out",
    ]


def test_build_replaces_the_previous_site(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    assert kanwu("build", "--content", content, "--output", output).returncode == 0
    (output / "stale.html").write_text("old", encoding="utf-8")
    result = kanwu("build", "--content", content, "--output", output)
    assert result.returncode == 0, result.stderr
    assert not (output / "stale.html").exists()
    assert (output / "kuaibao/2026/001/index.html").is_file()
    # Beside it, the cache and the replaced site kept as a spare, without the stale page.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".kanwu-cache") == [
        ".out.spare",
        "content",
        "out",
    ]
    assert not (tmp_path / ".out.spare" / "stale.html").exists()


def test_unknown_option_is_a_usage_error_in_chinese(content: Path) -> None:
    result = kanwu("build", "--colour")
    assert result.returncode == 2
    assert "没有这个选项" in result.stderr
    assert "用法：" in result.stderr


@pytest.mark.parametrize(
    "command", [[], ["build"], ["check"], ["init"], ["serve"], ["new", "issue"]]
)
def test_help_is_in_chinese(command: list[str]) -> None:
    result = kanwu(*command, "--help")
    assert result.returncode == 0
    assert "用法：" in result.stdout
    assert "显示本帮助并退出" in result.stdout
    assert "Usage" not in result.stdout and "Show this message" not in result.stdout


HELP_COMMANDS = [
    [],
    ["build"],
    ["check"],
    ["export"],
    ["import"],
    ["init"],
    ["schema"],
    ["serve"],
    ["stats"],
    ["new", "issue"],
    ["new", "report"],
]


@pytest.mark.parametrize("command", HELP_COMMANDS)
def test_help_fits_the_terminal_and_its_columns_line_up_in_chinese(command: list[str]) -> None:
    """Measured in terminal columns: a Chinese character takes two."""
    result = kanwu(*command, "--help", env={"COLUMNS": "80"})
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80, result.stdout
    # Each option's or command's description starts in one column, its
    # continuation lines too.
    for heading in ("选项：", "命令："):
        if heading not in lines:
            continue
        block = itertools.takewhile(str.strip, lines[lines.index(heading) + 1 :])
        starts = {
            # A continuation line is indented to the column; an entry's
            # description follows its name after two spaces or more.
            cell_len(match.group(1))
            for line in block
            if (match := re.match(r"(\s{3,}|\s{2}\S+(?: \S+)*?\s{2,})\S", line))
        }
        assert len(starts) == 1, result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["new", "issue", "kuaibao", "--date", "2026-3-9日"],
        ["stats", "--month", "2026-13"],
        ["build", "--audience", "everyone"],
        ["build", "--strict", "--colour"],
    ],
)
def test_a_usage_error_says_what_is_wrong_after_one_colon(content: Path, args: list[str]) -> None:
    result = kanwu(*args, "--content", content)
    assert result.returncode == 2
    problem = next(line for line in result.stderr.splitlines() if line.startswith("错误："))
    assert problem.count("：") == 1 and problem.count(":") == 0, problem
    assert "%Y" not in problem


def test_new_issue_takes_the_next_number_of_the_year(content: Path) -> None:
    result = kanwu("new", "issue", "kuaibao", "--date", "2026-03-09", "--content", content)
    assert result.returncode == 0, result.stderr
    index = content / "kuaibao/2026/003/index.md"
    assert index.is_file()
    assert "date: 2026-03-09" in index.read_text(encoding="utf-8")


def test_new_issue_defaults_to_today_and_starts_a_new_year_at_one(content: Path) -> None:
    today = dt.date.today()
    result = kanwu("new", "issue", "pishi", "--content", content)
    assert result.returncode == 0, result.stderr
    number = 2 if today.year == 2026 else 1
    index = content / f"pishi/{today.year}/{number:03d}/index.md"
    assert f"date: {today.isoformat()}" in index.read_text(encoding="utf-8")


def test_new_issue_for_unknown_series_is_a_usage_error(content: Path) -> None:
    result = kanwu("new", "issue", "kuaibau", "--content", content)
    assert result.returncode == 2
    assert '专刊 "kuaibau" 不在 journal.yml 中（是否为 "kuaibao"？）' in result.stderr


def test_new_report_with_title_passes_check(content: Path) -> None:
    issue = content / "kuaibao/2026/002"
    result = kanwu(
        "new", "report", issue, "--unit", "yiqu", "--title", "乙区新建稿件", "--content", content
    )
    assert result.returncode == 0, result.stderr
    created = issue / "02.md"
    text = created.read_text(encoding="utf-8")
    assert "# 报送单位" in text  # commented in Chinese
    assert kanwu("check", "--content", content).returncode == 0


def test_new_report_without_title_fails_check_until_filled_in(content: Path) -> None:
    issue = content / "kuaibao/2026/002"
    assert kanwu("new", "report", issue, "--unit", "yiqu", "--content", content).returncode == 0
    created = issue / "02.md"
    result = kanwu("check", "--content", content)
    assert result.returncode == 1
    assert "kuaibao/2026/002/02.md:2: 标题（title）不能为空" in result.stdout
    edit(content, "kuaibao/2026/002/02.md", "title: ", "title: 乙区补写的标题")
    assert created.is_file()
    assert kanwu("check", "--content", content).returncode == 0


def test_new_instruction_template_passes_check_once_filled_in(content: Path) -> None:
    issue = content / "pishi/2026/001"
    result = kanwu("new", "report", issue, "--title", "市委副书记批示", "--content", content)
    assert result.returncode == 0, result.stderr
    rel = "pishi/2026/001/02.md"
    edit(content, rel, "leader: ", "leader: 市委副书记")
    edit(content, rel, "on: []", "on: [kuaibao/2026/001/02]")
    check = kanwu("check", "--content", content)
    assert check.returncode == 0, check.stdout


def test_new_report_for_unknown_unit_is_a_usage_error(content: Path) -> None:
    result = kanwu(
        "new", "report", content / "kuaibao/2026/002", "--unit", "yiqv", "--content", content
    )
    assert result.returncode == 2
    assert '（是否为 "yiqu"？）' in result.stderr


def mkdocs_build(content: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run plain ``mkdocs build`` with the repository's mkdocs.yml on ``content``."""
    config = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: empty-docs", f"docs_dir: {REPO / 'empty-docs'}")
    text = text.replace("content: content", f"content: {content}")
    config.write_text(text, encoding="utf-8")
    return subprocess.run(
        [MKDOCS, "build", "-q", "-f", str(config), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_mkdocs_build_works_with_the_kanwu_plugin(content: Path, tmp_path: Path) -> None:
    result = mkdocs_build(content, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/kuaibao/2026/001/index.html").is_file()


def test_mkdocs_build_refuses_bad_content_without_traceback(content: Path, tmp_path: Path) -> None:
    edit(content, "kuaibao/2026/001/01.md", "unit: jiaxian", "unit: jiaxain")
    result = mkdocs_build(content, tmp_path)
    assert result.returncode != 0
    assert "kuaibao/2026/001/01.md:3: 报送单位" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["²", "０３５", "٣٥", "①"])
def test_new_issue_and_report_read_only_ascii_digits_as_numbers(content: Path, name: str) -> None:
    odd = content / "kuaibao/2026" / name
    odd.mkdir()
    created = new_issue(content, "kuaibao", dt.date(2026, 3, 9))
    assert created == content / "kuaibao/2026/003/index.md"
    with pytest.raises(ScaffoldError, match="不是期目录"):
        new_report(content, odd, "yiqu", "乙区稿件")


def test_build_records_published_issues_in_the_lock_and_check_writes_nothing(
    content: Path, tmp_path: Path
) -> None:
    """The minimal content's issues are all dated before today: the first
    build records every report; check then reads the lock and writes nothing,
    and a second build leaves it as it was."""
    write(content, "published.lock", "")
    (content / "published.lock").chmod(0o644)
    unrecorded = kanwu("check", "--content", content)
    assert unrecorded.returncode == 0
    assert "提示：有 4 期已过印发日期，尚未记入 published.lock" in unrecorded.stdout
    built = kanwu("build", "--content", content, "--output", tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    assert "已把印发日期已过的稿件记入 published.lock" in built.stdout
    lock = (content / "published.lock").read_text(encoding="utf-8")
    assert (content / "published.lock").stat().st_mode & 0o777 == 0o644  # as it was made
    recorded = [line.split()[-1] for line in lock.splitlines() if not line.startswith("#")]
    assert sorted(recorded) == [
        "kuaibao/2026/001/01",
        "kuaibao/2026/001/02",
        "kuaibao/2026/002/01",
        "pishi/2026/001/01",
        "yaoqing/2026/001/01",
    ]
    before = snapshot(content)
    checked = kanwu("check", "--content", content)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "提示" not in checked.stdout
    assert snapshot(content) == before
    again = kanwu("build", "--content", content, "--output", tmp_path / "site")
    assert again.returncode == 0 and "published.lock" not in again.stdout
    assert snapshot(content) == before
    # An edit of published text now fails the check, and the build, at its line.
    (content / "kuaibao/2026/002/01.md").write_text(
        "---\ntitle: 甲县春季安全生产工作续报\nunit: jiaxian\ncategory: 经济\n"
        "follows: kuaibao/2026/001/01\n---\n续报内容有改动，纯属虚构。\n",
        encoding="utf-8",
    )
    for command in ("check", "build"):
        output = ("--output", tmp_path / "site") if command == "build" else ()
        failed = kanwu(command, "--content", content, *output)
        assert failed.returncode == 1
        assert "kuaibao/2026/002/01.md:2: 已印发稿件的标题、报送单位或正文被改动" in (
            failed.stdout + failed.stderr
        )


def test_check_reads_what_a_build_kept_with_the_same_findings_and_writes_nothing(
    content: Path, tmp_path: Path
) -> None:
    built = kanwu("build", "--content", content, "--output", tmp_path / "site", cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    kept = tmp_path / ".kanwu-cache" / "site" / "load"
    assert kept.is_dir()
    (content / "kuaibao/2026/001/02.md").write_text(
        "---\ntitle: 改过的的标题\nunit: jiaxain\n---\n正文,有改动。\n", encoding="utf-8"
    )
    before = snapshot(tmp_path / ".kanwu-cache"), snapshot(content)
    cached = kanwu("check", "--content", content, "--format", "json", cwd=tmp_path)
    fresh = kanwu("check", "--content", content, "--format", "json", "--no-cache", cwd=tmp_path)
    assert cached.returncode == fresh.returncode == 1
    assert cached.stdout == fresh.stdout and "jiaxain" in cached.stdout
    assert (snapshot(tmp_path / ".kanwu-cache"), snapshot(content)) == before
    # Elsewhere there is no cache to read, and none is made.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert kanwu("check", "--content", content, cwd=elsewhere).returncode == 1
    assert list(elsewhere.iterdir()) == []
