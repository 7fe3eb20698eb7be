"""Points and counts per unit and period (DESIGN §3 Statistics), checked
against numbers worked out by hand for ``fixtures/scoring``:

- kuaibao/2026/001 (3-02): 01 甲 a, 调研 → a 1 + research 3; 02 joint [a, b] → 0.5 each
- yaoqing/2026/001 (3-03): 01 b → series override 3
- pishi/2026/001 (3-04): instruction on the joint report → instructed 5, split 2.5 each
- kuaibao/2026/002 (3-20): 01 d, which joined on 3-15 → 1
- ledger: a adopted by 省委办公厅 3-10 (5) and 中共中央办公厅 4-02 (20); the joint
  report adopted 3-12 by 省委办公厅 (2.5 each); best of March: b and d (10 each)
- e left the network on 2-28.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.content.pipeline import load_and_validate
from generator.records.periods import month, parse_period, quarter, week, year
from generator.records.quotas import research_quotas
from generator.records.stats import Ledger, handlings
from tests.helpers import FIXTURES, KANWU, kanwu, write

SCORING = FIXTURES / "scoring"


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    publication, problems = load_and_validate(SCORING)
    assert publication is not None and list(problems) == []
    return Ledger(publication)


def _table(stats) -> list[tuple]:
    return [
        (r.unit.id, r.published, r.adopted, r.instructed, r.best, r.research, round(r.points, 2))
        for r in stats.rows
    ]


def test_year_points_follow_the_scoring_rules(ledger: Ledger) -> None:
    assert _table(ledger.stats(year(2026))) == [
        # unit, published, adopted, instructed, best, research, points
        ("a", 2, 3, 1, 0, 1, 1 + 0.5 + 3 + 2.5 + 5 + 20 + 2.5),
        ("b", 2, 1, 1, 1, 0, 0.5 + 3 + 2.5 + 2.5 + 10),
        ("d", 1, 0, 0, 1, 0, 1 + 10),
        ("c", 0, 0, 0, 0, 0, 0),  # in the network, nothing published: still a row
        ("e", 0, 0, 0, 0, 0, 0),  # left on 2-28, so a member of 2026
    ]


def test_submissions_and_their_use_are_counted_in_the_month_received(ledger: Ledger) -> None:
    # inbox/: a 2-27 (unused); a 3-01 (→ kuaibao/2026/001/01); [a, b] 3-01
    # (→ 001/02); b 3-02 (unused); c 3-10 (unused).
    def inbox(period) -> list[tuple]:  # type: ignore[no-untyped-def]
        return [(r.unit.id, r.submitted, r.used, r.rate) for r in ledger.stats(period).rows]

    assert sorted(inbox(month(2026, 3))) == [
        ("a", 2, 2, 1.0),
        ("b", 2, 1, 0.5),
        ("c", 1, 0, 0.0),
        ("d", 0, 0, None),  # joined 3-15, sent nothing: no 采用率, not 0 %
    ]
    assert [row for row in inbox(month(2026, 2)) if row[1]] == [("a", 1, 0, 0.0)]
    row = ledger.stats(year(2026)).row("a")
    assert row is not None and (row.submitted, row.used) == (3, 2)
    # Counted, never scored: the points are those of the published reports.
    assert round(row.points, 2) == 34.5


def test_adoptions_are_counted_by_body(ledger: Ledger) -> None:
    row = ledger.stats(year(2026)).row("a")
    assert row is not None
    assert row.adopted_by == {"省委办公厅": 2, "中共中央办公厅": 1}


def test_each_event_counts_in_the_period_of_its_own_date(ledger: Ledger) -> None:
    march = ledger.stats(month(2026, 3))
    assert _table(march)[:3] == [
        ("b", 2, 1, 1, 1, 0, 18.5),
        ("a", 2, 2, 1, 0, 1, 14.5),  # the 中共中央办公厅 adoption is dated April
        ("d", 1, 0, 0, 1, 0, 11),
    ]
    april = ledger.stats(month(2026, 4))
    assert _table(april)[0] == ("a", 0, 1, 0, 0, 0, 20)
    assert {r.unit.id for r in april.rows} == {"a", "b", "c", "d"}  # e had left
    february = ledger.stats(month(2026, 2))
    assert {r.unit.id for r in february.rows} == {"a", "b", "c", "e"}  # d joined in March
    assert all(r.points == 0 for r in february.rows)


def test_weeks_and_quarters(ledger: Ledger) -> None:
    w10 = {r.unit.id: r.points for r in ledger.stats(week(2026, 10)).rows}  # 3-02 … 3-08
    assert (w10["a"], w10["b"]) == (1 + 0.5 + 3 + 2.5, 0.5 + 3 + 2.5)
    w11 = {r.unit.id: r.points for r in ledger.stats(week(2026, 11)).rows}  # 3-09 … 3-15
    assert (w11["a"], w11["b"], w11["d"]) == (5 + 2.5, 2.5, 0)
    w14 = {r.unit.id: r.points for r in ledger.stats(week(2026, 14)).rows}  # 3-30 … 4-05
    assert (w14["a"], w14["b"], w14["d"]) == (20, 10, 10)  # best counts on March's last day
    q1 = {r.unit.id: r.points for r in ledger.stats(quarter(2026, 1)).rows}
    q2 = {r.unit.id: r.points for r in ledger.stats(quarter(2026, 2)).rows}
    assert (q1["a"], q2["a"]) == (14.5, 20)


def test_joint_full_gives_each_unit_all_the_points(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SCORING, content)
    text = (
        (content / "journal.yml").read_text(encoding="utf-8").replace("joint: split", "joint: full")
    )
    write(content, "journal.yml", text)
    publication, _ = load_and_validate(content)
    assert publication is not None
    row = Ledger(publication).stats(year(2026)).row("a")
    assert row is not None and row.points == 1 + 1 + 3 + 5 + 5 + 20 + 5


def test_research_quotas_name_who_is_behind(ledger: Ledger) -> None:
    rows = [(r.unit.id, r.quota, r.done, r.behind) for r in research_quotas(ledger, year(2026))]
    assert rows == [
        ("d", 6, 0, 6),
        ("b", 2, 0, 2),
        ("a", 2, 1, 1),
        ("c", 1, 0, 1),
        ("e", 1, 0, 1),
    ]


def test_instruction_status_and_overdue(ledger: Ledger) -> None:
    publication = ledger.publication
    before_due = handlings(publication, dt.date(2026, 3, 15))["pishi/2026/001/01"]
    assert (before_due.status, before_due.overdue, before_due.units) == ("办理中", False, ("a",))
    after_due = handlings(publication, dt.date(2026, 3, 25))["pishi/2026/001/01"]
    assert (after_due.status, after_due.overdue) == ("办理中", True)
    closed = dataclasses.replace(
        publication,
        ledger=(
            *publication.ledger,
            dataclasses.replace(publication.ledger[-1], date=dt.date(2026, 3, 18), status="已办结"),
        ),
    )
    done = handlings(closed, dt.date(2026, 3, 25))["pishi/2026/001/01"]
    assert (done.status, done.overdue, done.unit_status("a")) == ("已办结", False, "已办结")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ("2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
        ("2026-12", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
        ("2026-Q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2026-W01", dt.date(2025, 12, 29), dt.date(2026, 1, 4)),  # ISO: the week of Jan 1
        ("2026-W53", dt.date(2026, 12, 28), dt.date(2027, 1, 3)),
    ],
)
def test_period_boundaries(text: str, start: dt.date, end: dt.date) -> None:
    period = parse_period(text)
    assert (period.start, period.end, period.key) == (start, end, text)
    assert start in period and end in period
    assert start - dt.timedelta(days=1) not in period and end + dt.timedelta(days=1) not in period


@pytest.mark.parametrize(
    "text", ["2026-13", "2025-W53", "2026-Q5", "26", "2026/03", "２０２６", "2026-０３", "٢٠٢٦-W1"]
)
def test_bad_periods_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)


def test_stats_json_is_sorted_by_points() -> None:
    result = kanwu("stats", "--content", SCORING, "--year", "2026", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["period"] == "2026"
    assert data["units"][0] == {
        "id": "a",
        "name": "甲县委办公室",
        "group": "县区",
        "published": 2,
        "adopted": 3,
        "instructed": 1,
        "best": 0,
        "research": 1,
        "submitted": 3,
        "used": 2,
        "rate": 0.6667,
        "criticized": 0,
        "bonus": 0,
        "awarded": 0,
        "late": 0,
        "missed_days": [],
        "missed_weeks": [],
        "waiting": 0,
        "flagged": 0,
        "corrected": 0,
        "points": 34.5,
        "quota": 2,  # research, for 县区
    }
    assert [u["points"] for u in data["units"]] == [34.5, 18.5, 11, 0, 0]


def test_stats_csv_opens_in_wps_and_excel() -> None:
    result = subprocess.run(
        [KANWU, "stats", "--content", SCORING, "--month", "2026-04", "--format", "csv"],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0
    text = result.stdout.decode("utf-8")
    assert text.startswith(
        "\ufeff单位标识,单位,分组,报送,采用,采用率,刊发,上级采用,获批示,月度最佳,调研信息,调研任务,"
        "年度优秀,加分,通报批评,迟报,缺报天数,缺报周数,待续报,校对问题,勘误,积分\r\n"
    )
    assert "a,甲县委办公室,县区,0,0,—,0,1,0,0,0,,0,0,0,0,0,0,0,0,0,20\r\n" in text


def test_stats_table_for_one_unit_and_week() -> None:
    result = kanwu("stats", "--content", SCORING, "--week", "2026-W11", "--unit", "b")
    assert result.returncode == 0
    assert "2026年3月9日—3月15日信息工作统计" in result.stdout
    assert "乙区委办公室" in result.stdout and "甲县委办公室" not in result.stdout


@pytest.mark.parametrize(
    "args",
    [["--year", "2026", "--month", "2026-03"], ["--month", "2026-W11"], ["--unit", "zz"]],
)
def test_stats_usage_errors_exit_2(args: list[str]) -> None:
    result = kanwu("stats", "--content", SCORING, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
