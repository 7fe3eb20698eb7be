"""Reporting duties, time limits, research quotas and 续报, worked out by hand
on ``fixtures/duties`` (its journal.yml says the rules):

- Duties count from the first 来稿 (3月2日). Week W10 is 3月2日–8日, with
  3月4日 a holiday and Saturday 3月7日 a working day.
- a (县区: one a working day) sent on 3月2日, 3日, 5日 and 6日: it missed
  3月7日 only in W10; none in W11 (3月9日–13日 all missed, 5 days); in
  March, 3月7日 and every working day from 3月9日 to 31日: 18 days.
- b (its own key: one a week) sent on the holiday 3月4日: W10 met; W11,
  W12 and W13 missed (March judges the weeks whose Thursday is in it).
- c (default: two a week) sent two in W10, one in W11: W11–W13 missed;
  f sent none: W10–W13 missed.
- Time limits 特急 30, 紧急 60 minutes: a's 紧急 of 3月6日 took 150 minutes
  (late); its 特急 of 3月5日 took 20 (on time); c's 特急 of 3月10日 has no
  ``occurred`` (a warning, not late).
- 续报: 001/01 (紧急, its own) waits from 3月3日 until 002/01 follows it on
  3月5日; 002/01 (特急, its issue's) waits until the ledger closes the
  chain on 3月12日; 003/04 (特急) waits still.
- Research: a 1 of its group's 1; b 0 of its own 2; 市直 as a whole 3 of 3
  (c 2, f 1); 县区 as a whole 1 of 4.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from generator.content.model import Publication
from generator.content.pipeline import load_and_validate
from generator.records.duties import duty_weeks
from generator.records.periods import month, parse_period, year
from generator.records.quotas import group_quotas, research_quotas
from generator.records.stats import Ledger
from tests.helpers import FIXTURES, kanwu

DUTIES = FIXTURES / "duties"
LATER = dt.date(2026, 4, 15)  # every day of March is over


@pytest.fixture(scope="module")
def publication() -> Publication:
    loaded, problems = load_and_validate(DUTIES)
    assert loaded is not None and not problems.errors
    return loaded


@pytest.fixture(scope="module")
def ledger(publication: Publication) -> Ledger:
    return Ledger(publication)


def _missed(ledger: Ledger, period: str, today: dt.date = LATER) -> dict[str, tuple[list, list]]:
    return {
        s.unit.id: ([d.isoformat() for d in s.days], [w.key for w in s.weeks])
        for s in ledger.shortfalls(parse_period(period), today)
    }


def test_a_week_lists_the_working_days_and_weeks_each_unit_missed(ledger: Ledger) -> None:
    assert _missed(ledger, "2026-W10") == {"a": (["2026-03-07"], []), "f": ([], ["2026-W10"])}
    assert _missed(ledger, "2026-W11") == {
        "a": (["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"], []),
        "b": ([], ["2026-W11"]),
        "c": ([], ["2026-W11"]),
        "f": ([], ["2026-W11"]),
    }


def test_a_month_judges_the_weeks_whose_thursday_is_in_it(ledger: Ledger) -> None:
    assert [w.key for w in duty_weeks(month(2026, 3))] == [
        "2026-W10",
        "2026-W11",
        "2026-W12",
        "2026-W13",
    ]
    missed = _missed(ledger, "2026-03")
    assert len(missed["a"][0]) == 18 and missed["a"][1] == []
    assert missed["a"][0][:2] == ["2026-03-07", "2026-03-09"]
    assert missed["b"] == ([], ["2026-W11", "2026-W12", "2026-W13"])
    assert missed["c"] == ([], ["2026-W11", "2026-W12", "2026-W13"])
    assert missed["f"] == ([], ["2026-W10", "2026-W11", "2026-W12", "2026-W13"])


def test_no_duty_is_missed_before_the_register_starts_or_before_a_day_is_over(
    ledger: Ledger,
) -> None:
    assert _missed(ledger, "2026-W09") == {}  # before the first 来稿 (3月2日)
    # On 3月6日, W10 is not over: only the days before are judged, no week.
    assert _missed(ledger, "2026-W10", dt.date(2026, 3, 6)) == {}
    assert _missed(ledger, "2026-W10", dt.date(2026, 3, 8)) == {"a": (["2026-03-07"], [])}


def test_only_the_urgent_submission_over_its_limit_is_late(ledger: Ledger) -> None:
    late = ledger.late
    assert [(x.submission.path, x.urgency, x.minutes, x.limit) for x in late] == [
        ("inbox/2026/03/0306-01.md", "紧急", 150, 60)
    ]
    row = ledger.assess(parse_period("2026-W10"), LATER).row("a")
    assert row is not None and row.late == 1


def test_an_urgent_report_waits_until_followed_or_closed(ledger: Ledger) -> None:
    def waiting(day: str) -> list[str]:
        return [u.report.id for u in ledger.followups.waiting(dt.date.fromisoformat(day))]

    assert waiting("2026-03-03") == ["kuaibao/2026/001/01"]
    assert waiting("2026-03-05") == ["kuaibao/2026/002/01"]
    assert waiting("2026-03-10") == ["kuaibao/2026/002/01", "kuaibao/2026/003/04"]
    assert waiting("2026-03-12") == ["kuaibao/2026/003/04"]
    how = {u.report.id: (u.resolved, u.how) for u in ledger.followups.urgent}
    assert how["kuaibao/2026/001/01"] == (dt.date(2026, 3, 5), "已续报")
    assert how["kuaibao/2026/002/01"] == (dt.date(2026, 3, 12), "已结束")
    assert how["kuaibao/2026/003/04"] == (None, "")
    rows = ledger.assess(parse_period("2026-W10"), LATER)
    assert {r.unit.id: r.waiting for r in rows.rows} == {"a": 0, "b": 1, "c": 0, "f": 0}


def test_the_counts_for_every_notice_agree_with_the_waiting_list(ledger: Ledger) -> None:
    # The 通报 take their counts from one sweep (FollowUps.counts); each day
    # it must say what the list of waiting reports says.
    days = [dt.date(2026, 3, 1) + dt.timedelta(days=n) for n in range(40)]
    counts = ledger.followups.counts(days)
    for day in days:
        waiting = ledger.followups.waiting(day)
        assert counts[day].total == len(waiting), day
        assert dict(counts[day].by_unit) == Counter(
            unit for u in waiting for unit in u.report.units
        ), day


def test_research_quotas_per_unit_and_per_group_as_a_whole(ledger: Ledger) -> None:
    rows = {r.unit.id: (r.quota, r.done, r.behind) for r in research_quotas(ledger, year(2026))}
    assert rows == {"a": (1, 1, 0), "b": (2, 0, 2)}
    groups = {g.group: (g.quota, g.done, g.behind) for g in group_quotas(ledger, year(2026))}
    assert groups == {"市直": (3, 3, 0), "县区": (4, 1, 3)}


def test_kanwu_stats_gives_every_new_figure_in_json_and_csv() -> None:
    result = kanwu("stats", "--content", DUTIES, "--week", "2026-W10", "--format", "json")
    assert result.returncode == 0, result.stderr
    units = {u["id"]: u for u in json.loads(result.stdout)["units"]}
    assert units["a"]["missed_days"] == ["2026-03-07"] and units["a"]["late"] == 1
    assert units["f"]["missed_weeks"] == ["2026-W10"] and units["b"]["waiting"] == 1
    # The warning about the 特急 来稿 without `occurred` names file and line.
    assert "inbox/2026/03/0310-01.md:5: 警告：特急来稿没有写发生时间" in result.stderr
    csv = kanwu("stats", "--content", DUTIES, "--week", "2026-W10", "--format", "csv")
    header, *lines = csv.stdout.lstrip("\ufeff").splitlines()
    assert header.endswith("迟报,缺报天数,缺报周数,待续报,校对问题,勘误,积分")
    row_a = next(line for line in lines if line.startswith("a,"))
    assert row_a.endswith(",1,1,0,0,0,0,1")  # late, days, weeks, waiting, 校对问题, 勘误, points
    # A year's figures give each unit's research quota and each group's as a whole.
    year = kanwu("stats", "--content", DUTIES, "--year", "2026", "--format", "json")
    data = json.loads(year.stdout)
    assert {u["id"]: u["quota"] for u in data["units"]} == {"a": 1, "b": 2, "c": None, "f": None}
    assert data["group_quotas"] == [
        {"group": "市直", "quota": 3, "done": 3, "behind": 0},
        {"group": "县区", "quota": 4, "done": 1, "behind": 3},
    ]
    table = kanwu("stats", "--content", DUTIES, "--year", "2026").stdout
    assert "县区调研信息任务（全组合计）4条，已完成1条，尚差3条。" in table


def test_a_site_shows_duties_late_submissions_and_followups(tmp_path: Path) -> None:
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(DUTIES, content)
    result = kanwu("build", "--content", content, "--output", site)
    assert result.returncode == 0, result.stderr
    week = (site / "stats/2026/W10/index.html").read_text(encoding="utf-8")
    assert "未完成报送任务的单位（2个）" in week
    assert "甲县委办公室</a>（任务：每个工作日至少1条）：缺报1天（3月7日）。" in week
    assert "市示例二局</a>（任务：每周至少2条）：缺报1周（" in week
    assert (
        "甲县委办公室：紧急信息，3月6日7:00发生，3月6日9:30收到，"
        "用时2小时30分钟，超过时限（1小时）1小时30分钟。"
    ) in week
    assert "待续报的紧急信息（1条）" in week and "《甲县道路险情处置进展》" in week
    followups = (site / "stats/followups/index.html").read_text(encoding="utf-8")
    assert "甲县一处仓库起火" in followups and "甲县道路险情处置进展" not in followups
    unit = (site / "units/a/index.html").read_text(encoding="utf-8")
    assert "待续报的紧急信息（1条）" in unit and "甲县一处仓库起火" in unit
    assert "2026年超过时限报送的紧急信息（1条）" in unit
    # 来稿 are counted and timed, never shown: no title of one in the site.
    titles = ["甲县道路塌陷（超时）", "乙区节日值守情况", "市示例局管道抢修"]
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not any(title in text for title in titles), page
