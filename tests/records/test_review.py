"""The quarterly 集体评刊, worked by hand on the minimal fixture plus a
second quarter.

Content (2026):

- 快报第1期 (3月2日): 01 甲县 (adopted 3月13日; 勘误 3月20日), 02 甲县乙区
  (its body gets 「县委委」: one 叠字 finding; best of March).
- 快报第2期 (3月3日): 01 甲县 (adopted 4月5日, a Q2 date; 勘误 4月2日).
- 要情专报第1期 (3月3日): 01 市示例局 (best of March).
- 领导批示第1期 (3月4日): 01, an instruction (never adopted).
- 快报第3期 (4月1日): 01 乙区, with 「的的」 and 「安全,生产」: 叠字 1,
  半角标点 1.

Q1 per series, by the rules of generator.records.review:

========  ====  ====  ======  ======  ====  ======  ====  ====
series    期数  信息  被采用  采用率  问题  无差错  勘误  最佳
========  ====  ====  ======  ======  ====  ======  ====  ====
快报       2     3     2       2/3     1     0       1     1
要情       1     1     0       0       0     1       0     1
批示       1     1     —       —       0     1       0     0
合计       4     5     2       2/4     1     2       1     2
========  ====  ====  ======  ======  ====  ======  ====  ====

快报 has no 无差错 report: 001/01 and 002/01 were corrected (002/01 in Q2,
but it is a Q1 report), 001/02 has a finding. 002/01's adoption on 4月5日
still counts for Q1: it is a Q1 report. Its 勘误 on 4月2日 counts in Q2.

(The content is the ``reviewed`` fixture of tests/conftest.py.)

Q2: 快报 1 issue, 1 report, 0 adopted, 2 findings, 0 无差错, 1 勘误, 0 best.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.content.pipeline import load_and_validate
from generator.records.periods import month, quarter
from generator.records.review import Reviews
from generator.records.stats import Ledger
from tests.helpers import kanwu


def _figures(row: object) -> tuple[object, ...]:
    return tuple(
        getattr(row, name)
        for name in ("issues", "reports", "adopted", "findings", "flawless", "errata", "best")
    )


def test_a_quarter_is_judged_by_its_own_issues_with_the_hand_worked_figures(
    reviewed: Path,
) -> None:
    publication, problems = load_and_validate(reviewed)
    assert publication is not None and not problems.errors, problems.errors
    reviews = Reviews(publication)
    assert [q.key for q in reviews.quarters()] == ["2026-Q1", "2026-Q2"]

    first = reviews.of(quarter(2026, 1))
    rows = {row.series.id: row for row in first.rows}
    assert _figures(rows["kuaibao"]) == (2, 3, 2, 1, 0, 1, 1)
    assert rows["kuaibao"].rate == pytest.approx(2 / 3)
    assert _figures(rows["yaoqing"]) == (1, 1, 0, 0, 1, 0, 1)
    assert rows["yaoqing"].rate == 0
    assert _figures(rows["pishi"]) == (1, 1, 0, 0, 1, 0, 0)
    assert rows["pishi"].rate is None  # an instruction is not adopted
    assert _figures(first.total) == (4, 5, 2, 1, 2, 1, 2)
    assert first.total.rate == pytest.approx(2 / 4)
    assert dict(first.by_rule) == {
        "半角标点": 0,
        "成对标点": 0,
        "叠字": 1,
        "数字用法": 0,
        "单位名称": 0,
        "用词": 0,
    }
    assert [(f.report.id, f.rules) for f in first.flagged] == [
        ("kuaibao/2026/001/02", (("叠字", 1),))
    ]
    assert [(c.erratum.date.isoformat(), c.report.id) for c in first.errata] == [
        ("2026-03-20", "kuaibao/2026/001/01")
    ]
    assert [(p.month, p.report.id) for p in first.best] == [
        ((2026, 3), "kuaibao/2026/001/02"),
        ((2026, 3), "yaoqing/2026/001/01"),
    ]

    second = reviews.of(quarter(2026, 2))
    rows = {row.series.id: row for row in second.rows}
    assert _figures(rows["kuaibao"]) == (1, 1, 0, 2, 0, 1, 0)
    assert _figures(rows["yaoqing"]) == (0, 0, 0, 0, 0, 0, 0)
    assert rows["yaoqing"].rate is None
    assert [f.rules for f in second.flagged] == [(("半角标点", 1), ("叠字", 1))]
    assert [c.report.id for c in second.errata] == ["kuaibao/2026/002/01"]
    assert second.best == ()


def test_kanwu_stats_quarter_gives_the_same_figures_as_table_csv_and_json(
    reviewed: Path,
) -> None:
    result = kanwu("stats", "--content", reviewed, "--quarter", "2026-Q1", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"] == "2026-Q1"
    kuaibao = next(s for s in data["series"] if s["series_id"] == "kuaibao")
    assert (kuaibao["issues"], kuaibao["reports"], kuaibao["adopted"]) == (2, 3, 2)
    assert (kuaibao["findings"], kuaibao["flawless"], kuaibao["errata"], kuaibao["best"]) == (
        1,
        0,
        1,
        1,
    )
    assert next(s for s in data["series"] if s["series_id"] == "pishi")["adopted"] is None
    assert data["total"]["rate"] == 0.5
    assert data["findings_by_rule"]["叠字"] == 1
    assert [f["path"] for f in data["findings"]] == ["kuaibao/2026/001/02.md"]
    assert [(e["report"], e["reason"]) for e in data["errata"]] == [
        ("kuaibao/2026/001/01", "原稿漏字")
    ]
    assert [b["report"] for b in data["best"]] == ["kuaibao/2026/001/02", "yaoqing/2026/001/01"]

    csv = kanwu("stats", "--content", reviewed, "--quarter", "2026-Q1", "--format", "csv")
    lines = csv.stdout.lstrip("\ufeff").splitlines()
    assert lines[0] == "专刊,印发期数,信息,被采用,采用率,校对问题,无差错信息,勘误,月度最佳"
    assert lines[1] == "每日快报,2,3,2,66.7%,1,0,1,1"
    assert lines[3] == "领导批示,1,1,—,—,0,1,0,0"
    assert lines[-1] == "合计,4,5,2,50.0%,1,2,1,2"

    table = kanwu("stats", "--content", reviewed, "--quarter", "2026-Q2").stdout
    assert "2026年第2季度集体评刊" in table
    assert "kuaibao/2026/003/01.md：乙区推进安全生产（半角标点1处、叠字1处）" in table
    assert "勘误1处：" in table and "便于区分多次续报" in table
    assert "月度最佳信息0条。" in table


@pytest.mark.parametrize("given", ["2026-Q5", "2026-03", "2026Q1"])
def test_a_quarter_that_is_not_one_is_a_usage_error(reviewed: Path, given: str) -> None:
    result = kanwu("stats", "--content", reviewed, "--quarter", given)
    assert result.returncode == 2
    assert f"无法识别的时间「{given}」" in result.stderr


def test_each_unit_is_counted_its_findings_and_errata_by_the_dates_they_belong_to(
    reviewed: Path,
) -> None:
    """Findings count on their report's issue date, for each of its units;
    a 勘误 on its own date. March: 001/02 (甲县, 乙区) has one finding, 001/01
    (甲县) its 勘误. April: 003/01 (乙区) has two findings, 002/01 (甲县) its
    勘误."""
    publication, _ = load_and_validate(reviewed)
    assert publication is not None
    ledger = Ledger(publication)
    march = ledger.stats(month(2026, 3))
    april = ledger.stats(month(2026, 4))
    figures = {
        uid: [(row.flagged, row.corrected) for row in (march.row(uid), april.row(uid)) if row]
        for uid in ("jiaxian", "yiqu", "shi-shifanju")
    }
    assert figures == {
        "jiaxian": [(1, 1), (0, 1)],
        "yiqu": [(1, 0), (2, 0)],
        "shi-shifanju": [(0, 0), (0, 0)],
    }
    # Neither earns nor costs points.
    quality = [c for c in ledger.credits if c.measure in ("flagged", "corrected")]
    assert len(quality) == 6 and {c.points for c in quality} == {0.0}
