"""无差错: each proofreading rule finds its slip, at the right line, and
leaves alone the text that only looks like one."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.diagnostics import Problems
from generator.content.proofread import RULES, SILENCE_LINE, Proofing, proofread
from tests.helpers import edit, problems_in

UNITS = Proofing(
    units=(("甲县委办公室", "甲县"), ("市示例局", "示例局")),
    allow=("县县通",),
    words=(("截止目前", "截至目前"),),
)


def findings(body: str, *, title: str = "示例标题", silenced: tuple[str, ...] = ()) -> list[str]:
    problems = Problems()
    proofread("r.md", (2, title), body, 10, UNITS, problems, silenced)
    return [f"{p.line}: {p.message}" for p in problems]


# (rule, a slip it finds as "line: message", text that is right)
CASES = [
    (
        "半角标点",
        "甲县召开会议,研究部署工作。",
        "11: 半角标点「,」用在中文中，应为「，」",
        "增长3.5%，时间为12:30，网址 http://example.invalid/a,b",
    ),
    ("半角标点", "会议指出:要抓好落实。", "11: 半角标点「:」用在中文中，应为「：」", "比例为1:2。"),
    (
        "半角标点",
        "完成全年任务.",
        "11: 半角标点「.」用在中文中，应为「。」",
        "第1.2条；GDP 为 3.5 万亿元。",
    ),
    (
        "半角标点",
        "开展“回头看”(第二轮)工作。",
        "11: 半角标点「(」用在中文中，应为「（」",
        "（第二轮）工作，见 [链接](a(1).png)。",
    ),
    (
        "成对标点",
        "学习《条例》和“两个确立。",
        "11: 「“」没有配对的「”」",
        "学习《条例》和“两个确立”。",
    ),
    ("成对标点", "开展（专项行动”。", "11: 「”」前面没有与之配对的「“」", "开展（“专项”行动）。"),
    (
        "叠字",
        "县委委员会议研究了的的工作。",
        "11: 叠字「的的」，可能多打了一个字",
        "县委委员、党委委员的的确确为了了解情况。",
    ),
    (
        "叠字",
        "甲县县委委召开会议。",
        "11: 叠字「委委」，可能多打了一个字",
        "县委委托甲县推进县县通工程。",
    ),
    (
        "数字用法",
        "二〇二六年计划。\n\n2026年完成。",
        "13: 年份有时写作汉字「二〇二六年」、有时写作阿拉伯数字「2026年」，全文应统一",
        "二〇二六年计划，二〇二七年完成。",
    ),
    (
        "数字用法",
        "投入5万元。\n\n惠及50000人。",
        "13: 数字有时带「万」「亿」（「5万」）、有时写全（「50000」），全文应统一",
        "投入5万元，拨打12345热线。",
    ),
    (
        "单位名称",
        "甲县委办牵头组织。",
        "11: 单位名称「甲县委办」应写作「甲县委办公室」或「甲县」",
        "甲县委办公室牵头组织。",
    ),
    ("用词", "截止目前已完成。", "11: 「截止目前」应为「截至目前」", "截至目前已完成。"),
]


@pytest.mark.parametrize(
    ("rule", "slip", "finding", "right"), CASES, ids=[c[0] + str(i) for i, c in enumerate(CASES)]
)
def test_each_rule_finds_its_slip_and_passes_right_text(
    rule: str, slip: str, finding: str, right: str
) -> None:
    assert rule in RULES
    assert finding in findings("\n" + slip)
    assert findings("\n" + right) == []


def test_a_title_is_proofread_on_its_own_line() -> None:
    assert findings("\n正文。", title="关于甲县的的工作") == ["2: 叠字「的的」，可能多打了一个字"]


@pytest.mark.parametrize(("rule", "slip", "finding", "right"), CASES[:1] + CASES[6:7])
def test_a_rule_or_a_line_can_be_silenced(rule: str, slip: str, finding: str, right: str) -> None:
    assert finding not in findings("\n" + slip, silenced=(rule,))
    assert findings(f"\n{slip} {SILENCE_LINE}") == []


def test_code_and_link_targets_are_not_prose() -> None:
    body = "\n运行 `a,b` 命令。\n\n```\n甲县,乙区\n```\n\n见[附件](附件,1.pdf)。"
    assert findings(body) == []


# In `kanwu check`: the journal's lists, a report's own silencing.

REPORT = "kuaibao/2026/001/01.md"  # of tests/fixtures/minimal


def _warnings(content: Path) -> list[str]:
    return [f"{p.path}:{p.line}: {p.message}" for p in problems_in(content)]


def test_check_proofreads_titles_and_bodies_with_the_journals_lists(content: Path) -> None:
    edit(content, REPORT, "开展隐患排查。", "开展隐患排查,截止目前保持平和和谐。")
    assert _warnings(content) == [
        f"{REPORT}:9: 半角标点「,」用在中文中，应为「，」",
        f"{REPORT}:9: 叠字「和和」，可能多打了一个字",
    ]
    edit(
        content,
        "journal.yml",
        "default_classification: 内部\n",
        "default_classification: 内部\nproofread:\n  allow: [平和和谐]\n  words: {截止目前: 截至目前}\n",
    )
    assert _warnings(content) == [
        f"{REPORT}:9: 半角标点「,」用在中文中，应为「，」",
        f"{REPORT}:9: 「截止目前」应为「截至目前」",
    ]


@pytest.mark.parametrize(
    ("skip", "left"),
    [("全部", []), ("[半角标点]", ["叠字「的的」"]), ("[叠子]", None)],
    ids=["all", "one-rule", "unknown-rule"],
)
def test_a_report_silences_rules_in_its_front_matter(
    content: Path, skip: str, left: list[str] | None
) -> None:
    edit(content, REPORT, "开展隐患排查。", "开展隐患排查,落实的的责任。")
    edit(content, REPORT, "date: 2026-03-01\n", f"date: 2026-03-01\nskip_proofread: {skip}\n")
    found = problems_in(content)
    if left is None:
        assert [(p.severity, p.line) for p in found if "校对规则" in p.message] == [("error", 8)]
        assert '校对规则 "叠子" 不存在（可选：半角标点、成对标点、叠字' in found[0].message
        return
    assert [p.message.split("，")[0] for p in found] == left


def test_a_line_ending_in_the_silence_mark_is_not_proofread(content: Path) -> None:
    edit(content, REPORT, "开展隐患排查。", f"开展隐患排查,照录原文。{SILENCE_LINE}")
    assert _warnings(content) == []
