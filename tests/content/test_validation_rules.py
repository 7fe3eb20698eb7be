"""One broken fixture per content rule: each must be reported as
``path:line: 中文说明`` with the right file, line and message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import edit, problems_in, write

R1 = "kuaibao/2026/001/01.md"
R2 = "kuaibao/2026/001/02.md"
FOLLOW = "kuaibao/2026/002/01.md"
ISSUE2 = "kuaibao/2026/002/index.md"
YAOQING = "yaoqing/2026/001/index.md"
YAOQING_R = "yaoqing/2026/001/01.md"
INSTRUCTION = "pishi/2026/001/01.md"
LEDGER = "ledger/2026.yml"
ADOPTED = "- event: adopted\n  date: 2026-03-13\n  report: kuaibao/2026/001/01\n  by: 省委办公厅\n"
PROGRESS = (
    "- event: progress\n  date: 2026-03-10\n  report: {report}\n  unit: {unit}\n  status: 办理中\n"
)
BEST = "- event: best\n  date: 2026-03-31\n  month: 2026-03\n  reports: [{reports}]\n"
ELEVEN = [
    "kuaibao/2026/001/01",
    "kuaibao/2026/001/02",
    *(f"kuaibao/2026/002/{m:02d}" for m in range(1, 10)),
]


@dataclass(frozen=True)
class Case:
    plant: Callable[[Path], None]
    path: str
    line: int
    message: str
    severity: str = "error"


def _replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: edit(root, rel, old, new)


def _write(rel: str, text: str | bytes) -> Callable[[Path], None]:
    return lambda root: write(root, rel, text)


def _both(*plants: Callable[[Path], None]) -> Callable[[Path], None]:
    def plant(root: Path) -> None:
        for p in plants:
            p(root)

    return plant


CASES = {
    # -- one file on its own ---------------------------------------------------
    "unknown_key_with_did_you_mean": Case(
        _replace(R1, "tags:", "tgas:"), R1, 6, '未知字段 "tgas"（是否为 "tags"？）'
    ),
    "missing_title": Case(
        _replace(R1, "title: 甲县多措并举推进春季安全生产\n", ""), R1, 2, '缺少必填字段 "title"'
    ),
    "empty_title": Case(
        _replace(R1, "甲县多措并举推进春季安全生产", ""), R1, 2, "标题（title）不能为空"
    ),
    "wrong_type": Case(
        _replace(R1, "tags: [安全生产]", "tags: {a: 1}"), R1, 6, "标签（tags）应为文字或文字列表"
    ),
    "malformed_yaml": Case(
        _replace(R1, "category: 经济", "category: [经济"), R1, 4, "YAML 格式错误"
    ),
    "duplicate_key": Case(
        _replace(R1, "kind: 突发", "kind: 突发\nkind: 动态"), R1, 6, '键 "kind" 重复出现'
    ),
    "yaml_python_tag": Case(
        _replace(
            R1,
            "title: 甲县多措并举推进春季安全生产",
            'title: !!python/object/apply:os.system ["true"]',
        ),
        R1,
        2,
        "不允许使用 YAML 标签",
    ),
    "not_utf8": Case(
        _write(R2, "---\ntitle: 编码错误\nunit: jiaxian\n---\n正文\n".encode("gbk")),
        R2,
        2,
        "文件不是 UTF-8 编码",
    ),
    "no_front_matter": Case(_write(R2, "只有正文,没有文件头。\n"), R2, 1, "缺少文件头"),
    "unclosed_front_matter": Case(_write(R2, "---\ntitle: 没有结束\n"), R2, 1, "文件头没有结束"),
    "bad_classification": Case(
        _replace(R1, "date: 2026-03-01", "date: 2026-03-01\nclassification: 秘密"),
        R1,
        8,
        '公开属性 "秘密" 无效',
    ),
    "date_that_does_not_exist": Case(
        _replace(R1, "date: 2026-03-01", "date: 2026-02-30"), R1, 7, "日期 2026-02-30 不存在"
    ),
    "bad_date": Case(
        _replace(R1, "date: 2026-03-01", "date: 2026-3-1"), R1, 7, "报送日期（date）应为日期"
    ),
    "unknown_series_folder": Case(
        _write("kuaibaoo/2026/001/index.md", "---\ndate: 2026-03-02\n---\n"),
        "kuaibaoo/2026/001/index.md",
        1,
        '目录 "kuaibaoo" 不是 journal.yml 中的专刊（是否为 "kuaibao"？）',
    ),
    "year_folder_not_four_digits": Case(
        _write("kuaibao/26/001/index.md", "---\ndate: 2026-03-02\n---\n"),
        "kuaibao/26",
        1,
        '年份目录 "26" 应为四位数字',
    ),
    "issue_folder_not_a_number": Case(
        _write("kuaibao/2026/abc/index.md", "---\ndate: 2026-03-02\n---\n"),
        "kuaibao/2026/abc",
        1,
        '期号目录 "abc" 应为正整数',
    ),
    "duplicate_issue_number": Case(
        _write("kuaibao/2026/1/index.md", "---\ndate: 2026-03-02\n---\n"),
        "kuaibao/2026/1/index.md",
        1,
        "期号重复：kuaibao/2026/1 与 kuaibao/2026/001 是同一期",
    ),
    "issue_without_index": Case(
        _write("kuaibao/2026/003/01.md", "---\ntitle: 无期信息\nunit: jiaxian\n---\n"),
        "kuaibao/2026/003/index.md",
        1,
        "缺少本期的 index.md",
    ),
    "report_outside_issue_folder": Case(
        _write("kuaibao/2026/游离.md", "---\ntitle: 放错位置\nunit: jiaxian\n---\n"),
        "kuaibao/2026/游离.md",
        1,
        "文件位置不对",
    ),
    "instruction_field_in_report": Case(
        _replace(R1, "date: 2026-03-01", "date: 2026-03-01\non: [kuaibao/2026/001/02]"),
        R1,
        8,
        '字段 "on" 只能用于领导批示类专刊',
    ),
    "instruction_without_on": Case(
        _replace(INSTRUCTION, "on: [kuaibao/2026/001/01]\n", ""),
        INSTRUCTION,
        2,
        '缺少必填字段 "on"',
    ),
    "journal_without_title": Case(
        _replace("journal.yml", "title: 示例信息\n", ""), "journal.yml", 1, '缺少必填字段 "title"'
    ),
    "duplicate_unit_id": Case(
        _replace("units.yml", "id: yiqu", "id: jiaxian"), "units.yml", 6, '单位标识 "jiaxian" 重复'
    ),
    # -- across files ------------------------------------------------------------
    "unknown_unit": Case(
        _replace(R1, "unit: jiaxian", "unit: jiaxain"),
        R1,
        3,
        '报送单位 "jiaxain" 不在单位名录中（是否为 "jiaxian"？）',
    ),
    "unknown_unit_in_joint_report": Case(
        _replace(R2, "[jiaxian, yiqu]", "[jiaxian, yiqv]"),
        R2,
        3,
        '报送单位 "yiqv" 不在单位名录中（是否为 "yiqu"？）',
    ),
    "unit_listed_twice": Case(
        _replace(R2, "[jiaxian, yiqu]", "[jiaxian, jiaxian]"), R2, 3, '报送单位 "jiaxian" 重复列出'
    ),
    "unknown_category": Case(
        _replace(R1, "category: 经济", "category: 经齐"), R1, 4, '分类 "经齐" 不在 journal.yml 中'
    ),
    "unknown_kind": Case(
        _replace(R1, "kind: 突发", "kind: 突法"), R1, 5, '信息类型 "突法" 不在 journal.yml 中'
    ),
    "follows_missing_report": Case(
        _replace(FOLLOW, "kuaibao/2026/001/01", "kuaibao/2026/001/09"),
        FOLLOW,
        5,
        '续报的原稿 "kuaibao/2026/001/09" 不存在',
    ),
    "follows_later_report": Case(
        _replace(R2, "category: 社会", "category: 社会\nfollows: kuaibao/2026/002/01"),
        R2,
        5,
        '续报的原稿 "kuaibao/2026/002/01" 刊发于 2026-03-03，晚于本稿件',
    ),
    "follows_cycle": Case(
        _both(
            _replace(FOLLOW, "follows: kuaibao/2026/001/01", "follows: yaoqing/2026/001/01"),
            _replace(YAOQING_R, "category: 社会", "category: 社会\nfollows: kuaibao/2026/002/01"),
        ),
        FOLLOW,
        5,
        "续报关系形成了循环",
    ),
    "instruction_on_missing_report": Case(
        _replace(INSTRUCTION, "kuaibao/2026/001/01", "kuaibao/2026/001/07"),
        INSTRUCTION,
        3,
        '批示对象 "kuaibao/2026/001/07" 不存在',
    ),
    "instruction_on_an_instruction": Case(
        _write(
            "pishi/2026/001/02.md",
            "---\ntitle: 再批示\non: [pishi/2026/001/01]\nleader: 市委副书记\n---\n同意。\n",
        ),
        "pishi/2026/001/02.md",
        3,
        "本身是一条批示",
    ),
    "instruction_assigned_unknown_unit": Case(
        _replace(INSTRUCTION, "assigned: [jiaxian]", "assigned: [jiaxiang]"),
        INSTRUCTION,
        5,
        '交办单位 "jiaxiang" 不在单位名录中（是否为 "jiaxian"？）',
    ),
    "instruction_due_before_issue": Case(
        _replace(INSTRUCTION, "due: 2026-03-20", "due: 2026-03-01"),
        INSTRUCTION,
        6,
        "办理时限 2026-03-01 早于",
    ),
    "issue_date_outside_year_folder": Case(
        _replace(ISSUE2, "date: 2026-03-03", "date: 2025-12-30"),
        ISSUE2,
        2,
        "印发日期 2025-12-30 不在所在年份目录 2026 内",
    ),
    "issue_without_date": Case(
        _write("kuaibao/2026/003/index.md", "---\neditor: 信息科\n---\n"),
        "kuaibao/2026/003/index.md",
        2,
        '缺少必填字段 "date"',
    ),
    "report_dated_after_issue": Case(
        _replace(R1, "date: 2026-03-01", "date: 2026-03-05"),
        R1,
        7,
        "报送日期 2026-03-05 晚于本期印发日期 2026-03-02",
    ),
    "single_topic_issue_without_topic": Case(
        _replace(YAOQING, "topic: 关于春季森林防火的情况\n", ""), YAOQING, 1, "要情专报每期须有主题"
    ),
    "unit_before_joining": Case(
        _replace(R2, "unit: [jiaxian, yiqu]", "unit: shi-shifanju\ndate: 2026-02-27"),
        R2,
        3,
        '报送单位 "shi-shifanju"（市示例局）2026-03-01 才加入信息网络',
    ),
    "unit_after_leaving_is_a_warning": Case(
        _replace(R2, "[jiaxian, yiqu]", "[jiaxian, bingxian]"),
        R2,
        3,
        '报送单位 "bingxian"（丙县委办公室）已于 2025-12-31 退出信息网络',
        "warning",
    ),
    "gap_in_numbers_is_a_warning": Case(
        _write("kuaibao/2026/005/index.md", "---\ndate: 2026-03-06\n---\n"),
        "kuaibao/2026/005/index.md",
        1,
        "漏号：2026年第3期至第4期缺失",
        "warning",
    ),
    # -- the ledger ---------------------------------------------------------------
    "ledger_unknown_report": Case(
        _replace(LEDGER, "report: kuaibao/2026/001/01", "report: kuaibao/2026/001/03"),
        LEDGER,
        3,
        '稿件 "kuaibao/2026/001/03" 不存在',
    ),
    "ledger_unknown_event": Case(
        _replace(LEDGER, "event: adopted", "event: adoptd"),
        LEDGER,
        1,
        '事件类型 "adoptd" 无效（是否为 "adopted"？）',
    ),
    "ledger_adoption_before_publication": Case(
        _replace(LEDGER, "date: 2026-03-13", "date: 2026-03-01"),
        LEDGER,
        2,
        "日期 2026-03-01 早于该稿件的印发日期 2026-03-02",
    ),
    "ledger_duplicate_event": Case(_write(LEDGER, ADOPTED * 2), LEDGER, 5, "重复的采用记录"),
    "ledger_progress_unknown_unit": Case(
        _write(LEDGER, PROGRESS.format(report="pishi/2026/001/01", unit="jiaxain")),
        LEDGER,
        4,
        '办理单位 "jiaxain" 不在单位名录中（是否为 "jiaxian"？）',
    ),
    "ledger_progress_on_a_report_that_is_not_an_instruction": Case(
        _write(LEDGER, PROGRESS.format(report="kuaibao/2026/001/01", unit="jiaxian")),
        LEDGER,
        3,
        '"kuaibao/2026/001/01" 不是领导批示，不能记录办理反馈',
    ),
    "ledger_progress_by_a_unit_not_assigned": Case(
        _write(LEDGER, PROGRESS.format(report="pishi/2026/001/01", unit="yiqu")),
        LEDGER,
        4,
        '单位 "yiqu" 不是该批示的交办单位（交办：jiaxian）',
    ),
    "ledger_bad_status": Case(
        _write(
            LEDGER,
            PROGRESS.format(report="pishi/2026/001/01", unit="jiaxian").replace("办理中", "已完成"),
        ),
        LEDGER,
        5,
        '办理状态 "已完成" 无效',
    ),
    "ledger_more_than_ten_best": Case(
        _both(
            *(
                _write(
                    f"kuaibao/2026/00{n}/{m:02d}.md" if n < 10 else "",
                    f"---\ntitle: 第{n}期第{m}条\nunit: yiqu\n---\n正文\n",
                )
                for n, m in (
                    (2, 2),
                    (2, 3),
                    (2, 4),
                    (2, 5),
                    (2, 6),
                    (2, 7),
                    (2, 8),
                    (2, 9),
                    (2, 10),
                )
            ),
            _write(LEDGER, BEST.format(reports=", ".join(ELEVEN))),
        ),
        LEDGER,
        4,
        "2026年3月的月度最佳信息有 11 条，超过 10 条",
    ),
    "ledger_best_of_another_month": Case(
        _write(
            LEDGER,
            BEST.format(reports="kuaibao/2026/001/01").replace("month: 2026-03", "month: 2026-04"),
        ),
        LEDGER,
        4,
        '稿件 "kuaibao/2026/001/01" 刊发于 2026-03-02，不是 2026年4月的信息',
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_broken_content_is_reported_with_file_line_and_message(content: Path, case: Case) -> None:
    case.plant(content)
    found = problems_in(content)
    matching = [
        p
        for p in found
        if p.path == case.path and p.line == case.line and case.message in p.message
    ]
    assert matching, f"expected {case.path}:{case.line}: {case.message}\ngot:\n" + "\n".join(
        map(str, found)
    )
    assert matching[0].severity == case.severity


def test_the_valid_fixture_has_no_problems(content: Path) -> None:
    assert problems_in(content) == []


def test_every_problem_is_reported_in_one_pass(content: Path) -> None:
    plants = ["unknown_unit", "malformed_yaml", "unknown_series_folder", "follows_missing_report"]
    # Plant into different files so none hides another.
    CASES["unknown_unit"].plant(content)
    CASES["unknown_series_folder"].plant(content)
    CASES["follows_missing_report"].plant(content)
    edit(content, YAOQING_R, "category: 社会", "category: [社会")
    found = {(p.path, p.line) for p in problems_in(content) if p.severity == "error"}
    expected = {(CASES[name].path, CASES[name].line) for name in plants if name != "malformed_yaml"}
    assert expected | {(YAOQING_R, 4)} <= found


def test_a_yaml_on_key_stays_a_field_name_not_a_boolean(content: Path) -> None:
    from generator.content.load import load

    publication, _ = load(content)
    assert publication is not None
    instruction = next(i for i in publication.issues if i.series == "pishi").reports[0]
    assert instruction.on == ("kuaibao/2026/001/01",)


def test_a_broken_units_registry_is_reported_once_not_per_report(content: Path) -> None:
    edit(content, "units.yml", "- id: yiqu", "- id: [yiqu")
    errors = [p for p in problems_in(content) if p.severity == "error"]
    assert [(p.path, p.line) for p in errors] == [("units.yml", 6)]
    assert "YAML 格式错误" in errors[0].message
