"""A broken file hides nothing of the others: one ``kanwu check`` names the
mistakes of an issue's index.md and of its reports together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import edit, kanwu, problems_in, write

INDEX = "kuaibao/2026/001/index.md"
REPORT = "kuaibao/2026/001/02.md"
GOOD_INDEX = "---\ndate: 2026-03-02\nissuer: 市委办公室副主任\neditor: 信息科\n---\n"

Plant = Callable[[Path], None]


def _replace(rel: str, old: str, new: str) -> Plant:
    return lambda root: edit(root, rel, old, new)


def _write(rel: str, text: str | bytes) -> Plant:
    return lambda root: write(root, rel, text)


# How an index.md can be broken: (plant, line, message).
INDEX_BREAKAGES: dict[str, tuple[Plant, int, str]] = {
    "yaml_error": (_replace(INDEX, "issuer: ", "issuer："), 3, "请改用半角冒号加空格"),
    "no_front_matter": (_write(INDEX, "本期编者按。\n"), 1, "缺少文件头"),
    "not_utf8": (_write(INDEX, GOOD_INDEX.encode("gbk")), 3, "文件不是 UTF-8 编码"),
    "unknown_key": (_replace(INDEX, "editor:", "editer:"), 4, '未知字段 "editer"'),
    "no_date": (_replace(INDEX, "date: 2026-03-02\n", ""), 2, '缺少必填字段 "date"'),
    "missing": (lambda root: (root / INDEX).unlink(), 1, "缺少本期的 index.md"),
}

# Mistakes in a report of that issue: (plant, line, message).
REPORT_ERRORS: dict[str, tuple[Plant, int, str]] = {
    "unknown_unit": (_replace(REPORT, "yiqu]", "yiqv]"), 3, '报送单位 "yiqv" 不在单位名录中'),
    "unknown_category": (_replace(REPORT, "社会", "社科"), 4, '分类 "社科" 不在 journal.yml 中'),
    "dangling_follows": (
        _replace(REPORT, "category: 社会", "category: 社会\nfollows: kuaibao/2026/001/09"),
        5,
        '续报的原稿 "kuaibao/2026/001/09" 不存在',
    ),
    "unknown_kind": (
        _replace(REPORT, "category: 社会", "category: 社会\nkind: 动向"),
        5,
        '信息类型 "动向" 不在 journal.yml 中',
    ),
    "unit_before_it_joined": (
        _replace(REPORT, "unit: [jiaxian, yiqu]", "unit: shi-shifanju\ndate: 2026-02-01"),
        3,
        "才加入信息网络",
    ),
}


@pytest.mark.parametrize("report_error", REPORT_ERRORS)
@pytest.mark.parametrize("breakage", INDEX_BREAKAGES)
def test_broken_index_hides_no_error_of_its_reports(
    content: Path, breakage: str, report_error: str
) -> None:
    break_index, index_line, index_message = INDEX_BREAKAGES[breakage]
    plant_error, report_line, report_message = REPORT_ERRORS[report_error]
    plant_error(content)
    break_index(content)
    result = kanwu("check", "--content", content)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(
        line.startswith(f"{INDEX}:{index_line}: ") and index_message in line for line in lines
    ), result.stdout
    assert any(
        line.startswith(f"{REPORT}:{report_line}: ") and report_message in line for line in lines
    ), result.stdout
    assert "本期没有稿件" not in result.stdout


# How a report can be broken, and mistakes of its issue's index.md.
REPORT_BREAKAGES: dict[str, tuple[Plant, int]] = {
    "yaml_error": (_replace(REPORT, "category: ", "category："), 4),
    "no_front_matter": (_write(REPORT, "只有正文。\n"), 1),
    "not_utf8": (_write(REPORT, "---\ntitle: 编码错误\nunit: jiaxian\n---\n".encode("gbk")), 2),
    "no_title": (_replace(REPORT, "title: 甲县乙区联合开展跨界河流治理\n", ""), 2),
}
INDEX_ERRORS: dict[str, tuple[Plant, int, str]] = {
    "date_outside_year": (_replace(INDEX, "2026-03-02", "2027-03-02"), 2, "不在所在年份目录"),
    "unknown_key": (_replace(INDEX, "editor:", "editer:"), 4, '未知字段 "editer"'),
    "bad_urgency": (_replace(INDEX, "editor:", "urgency: 急\neditor:"), 4, '紧急程度 "急" 无效'),
}


@pytest.mark.parametrize("index_error", INDEX_ERRORS)
@pytest.mark.parametrize("breakage", REPORT_BREAKAGES)
def test_broken_report_hides_no_error_of_its_issue(
    content: Path, breakage: str, index_error: str
) -> None:
    break_report, report_line = REPORT_BREAKAGES[breakage]
    plant_error, index_line, index_message = INDEX_ERRORS[index_error]
    write(content, "kuaibao/2026/001/01.md", "只有正文。\n")  # every report of the issue broken
    break_report(content)
    plant_error(content)
    problems = problems_in(content)
    found = {(p.path, p.line) for p in problems if p.severity == "error"}
    assert {(REPORT, report_line), (INDEX, index_line)} <= found
    messages = [p.message for p in problems if (p.path, p.line) == (INDEX, index_line)]
    assert any(index_message in m for m in messages), messages
    assert [p for p in problems if "本期没有稿件" in p.message] == []


# How journal.yml or units.yml can be broken: (plant, file, line).
REGISTRY_BREAKAGES: dict[str, tuple[Plant, str, int]] = {
    "journal_yaml_error": (_replace("journal.yml", "publisher: ", "publisher："), "journal.yml", 2),
    "journal_not_utf8": (
        _write("journal.yml", "title: 示例信息\npublisher: 示例\n".encode("gbk")),
        "journal.yml",
        1,
    ),
    "journal_without_title": (_replace("journal.yml", "title: 示例信息\n", ""), "journal.yml", 1),
    "journal_empty": (_write("journal.yml", ""), "journal.yml", 1),
    "units_yaml_error": (_replace("units.yml", "- id: yiqu", "- id: [yiqu"), "units.yml", 6),
    "units_not_a_list": (_write("units.yml", "id: jiaxian\n"), "units.yml", 1),
}
# Report mistakes that need neither categories nor units to be found.
OTHER_REPORT_ERRORS = {
    name: REPORT_ERRORS[name] for name in ("dangling_follows", "unknown_kind", "unknown_category")
}


@pytest.mark.parametrize("report_error", [*OTHER_REPORT_ERRORS, "date_after_issue"])
@pytest.mark.parametrize("breakage", REGISTRY_BREAKAGES)
def test_broken_registry_hides_only_what_depends_on_it(
    content: Path, breakage: str, report_error: str
) -> None:
    break_file, broken, broken_line = REGISTRY_BREAKAGES[breakage]
    if report_error == "date_after_issue":
        plant: Plant = _replace(REPORT, "category: 社会", "category: 社会\ndate: 2026-03-09")
        report_line, report_message = 5, "晚于本期印发日期"
    else:
        plant, report_line, report_message = OTHER_REPORT_ERRORS[report_error]
    journal_broken = broken == "journal.yml"
    if journal_broken and report_error in ("unknown_kind", "unknown_category"):
        report_line, report_message = 0, ""  # checked against journal.yml only
    plant(content)
    break_file(content)
    problems = problems_in(content)
    errors = {(p.path, p.line) for p in problems if p.severity == "error"}
    assert (broken, broken_line) in errors
    if report_line:
        assert any(
            (p.path, p.line) == (REPORT, report_line) and report_message in p.message
            for p in problems
        ), problems
    # Nothing reported that only the broken file would have settled.
    assert {p.path for p in problems} <= {broken, REPORT}, problems


def test_broken_units_file_is_not_reported_again_for_every_ledger_unit(content: Path) -> None:
    write(
        content,
        "ledger/2026.yml",
        "- event: progress\n  date: 2026-03-10\n  report: pishi/2026/001/01\n"
        "  unit: jiaxian\n  status: 办理中\n",
    )
    assert [p for p in problems_in(content) if p.severity == "error"] == []
    _replace("units.yml", "- id: yiqu", "- id: [yiqu")(content)
    errors = [p for p in problems_in(content) if p.severity == "error"]
    assert [(p.path, p.line) for p in errors] == [("units.yml", 6)], errors
