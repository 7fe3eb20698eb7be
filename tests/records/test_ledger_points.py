"""通报批评, 视情加分 and the year's 优秀信息, worked out by hand on a copy of
``fixtures/scoring`` (its own points are in test_stats.py: a 34.5, b 18.5,
d 11, c 0 in 2026), with ``criticism: 5`` and ``award: 30`` added:

- c is criticised on 3-20 for reporting late (a 来稿 of 3-10): 0 − 5 = −5,
  below zero;
- b gets a discretionary bonus of 4 on 3-25: 18.5 + 4 = 22.5;
- d's kuaibao/2026/002/01, a best of March, is the year's 优秀信息 on
  12-28: 11 + 30 = 41;
- a criticism with its own ``points: 2`` deducts 2, not 5.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content.pipeline import load_and_validate
from generator.records.periods import month, year
from generator.records.stats import Ledger
from tests.helpers import FIXTURES, edit, kanwu, problems_in, write

EVENTS = """\
- event: criticism
  date: 2026-03-20
  unit: c
  reason: 迟报突发事件信息
  submission: inbox/2026/03/0310-01.md
- event: bonus
  date: 2026-03-25
  unit: b
  points: 4
  reason: 信息质量突出
- event: award
  date: 2026-12-28
  year: 2026
  reports: [kuaibao/2026/002/01]
"""


@pytest.fixture
def scoring(tmp_path: Path) -> Path:
    root = tmp_path / "scoring"
    shutil.copytree(FIXTURES / "scoring", root)
    edit(root, "journal.yml", "  research: 3\n", "  research: 3\n  criticism: 5\n  award: 30\n")
    write(root, "ledger/2026-b.yml", EVENTS)
    return root


def _ledger(root: Path) -> Ledger:
    publication, problems = load_and_validate(root)
    assert publication is not None and not problems.errors, list(problems)
    return Ledger(publication)


def test_deductions_bonuses_and_awards_follow_the_scoring_rules(scoring: Path) -> None:
    rows = {r.unit.id: r for r in _ledger(scoring).stats(year(2026)).rows}
    assert {u: round(r.points, 2) for u, r in rows.items()} == {
        "a": 34.5,
        "b": 22.5,
        "d": 41,
        "c": -5,
        "e": 0,
    }
    assert (rows["c"].criticized, rows["b"].bonus, rows["d"].awarded) == (1, 1, 1)
    # Most points first, a unit below zero last.
    assert [r.unit.id for r in _ledger(scoring).stats(year(2026)).rows][-1] == "c"


def test_a_criticism_may_deduct_its_own_points(scoring: Path) -> None:
    edit(scoring, "ledger/2026-b.yml", "  submission: inbox/2026/03/0310-01.md\n", "  points: 2\n")
    row = _ledger(scoring).stats(month(2026, 3)).row("c")
    assert row is not None and row.points == -2


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        (
            "reports: [kuaibao/2026/002/01]",
            "reports: [kuaibao/2026/001/01]",
            14,
            '稿件 "kuaibao/2026/001/01" 不是 2026 年的月度最佳信息',
        ),
        ("  unit: b\n", "  unit: bb\n", 8, '单位 "bb" 不在单位名录中（是否为 "b"？）'),
        ("0310-01.md", "0310-09.md", 5, '来稿 "inbox/2026/03/0310-09.md" 不存在'),
        ("  points: 4\n", "", 6, '缺少必填字段 "points"（加分）'),
    ],
    ids=["award-not-best", "unknown-unit", "missing-submission", "bonus-without-points"],
)
def test_a_wrong_event_is_named_by_file_and_line(
    scoring: Path, old: str, new: str, line: int, message: str
) -> None:
    edit(scoring, "ledger/2026-b.yml", old, new)
    found = [f"{p.path}:{p.line}: {p.message}" for p in problems_in(scoring)]
    assert any(f.startswith(f"ledger/2026-b.yml:{line}: ") and message in f for f in found), found


def test_the_notice_names_each_deduction_bonus_and_award(scoring: Path, tmp_path: Path) -> None:
    result = kanwu("stats", "--content", scoring, "--month", "2026-03", "--format", "csv")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.strip("\ufeff").splitlines()
    assert header.endswith(
        "年度优秀,加分,通报批评,迟报,缺报天数,缺报周数,待续报,校对问题,勘误,积分"
    )
    assert any(
        r.startswith("c,市示例局,市直,1,0,0.0%,") and r.endswith(",0,0,1,0,0,0,0,0,0,-5")
        for r in rows
    )
    site = tmp_path / "site"
    built = kanwu("build", "--content", scoring, "--output", site)
    assert built.returncode == 0, built.stdout + built.stderr
    page = (site / "stats" / "2026" / "03" / "index.html").read_text(encoding="utf-8")
    assert "六、通报批评、加分与年度优秀信息（2项）" in page
    assert "【通报批评】市示例局：迟报突发事件信息（2026年3月20日，扣5分）" in page
    assert "【加分】乙区委办公室：信息质量突出（2026年3月25日，加4分）" in page
    assert "七、各单位情况" in page
    # The year's 年度优秀信息: listed on its year's statistics, marked on its issue.
    year = (site / "stats" / "2026" / "index.html").read_text(encoding="utf-8")
    assert "2026年度优秀信息（1条）" in year
    assert 'href="../../kuaibao/2026/002/#r-01"' in year
    issue = (site / "kuaibao" / "2026" / "002" / "index.html").read_text(encoding="utf-8")
    assert issue.count('<span class="kw-badge kw-badge--award">2026年度优秀信息</span>') == 1


def test_the_terminal_table_shows_the_inbox_and_ledger_columns_only_when_used(
    scoring: Path,
) -> None:
    march = kanwu("stats", "--content", scoring, "--month", "2026-03").stdout
    april = kanwu("stats", "--content", scoring, "--month", "2026-04").stdout
    assert "报送" in march and "通报批评" in march and "加分" in march
    assert "报送" not in april and "通报批评" not in april and "积分" in april
