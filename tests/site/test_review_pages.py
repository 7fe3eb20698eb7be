"""What the site shows of 勘误 and of the quarterly 评刊, on the content
worked by hand in tests/records/test_review.py (the ``reviewed`` fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import built_site
from tests.site_html import content_of, page, text


@pytest.fixture
def site(reviewed: Path, tmp_path: Path) -> Path:
    return built_site(reviewed, tmp_path / "site")


def _rows(table: object) -> list[list[str]]:
    return [[text(cell) for cell in row.select("td")] for row in table.select("tbody tr")]  # type: ignore[attr-defined]


def test_the_quarter_page_shows_the_hand_worked_figures_per_series(site: Path) -> None:
    body = content_of(page(site, "stats/2026/Q1/"))
    assert text(body.select_one("h1")) == "2026年第1季度集体评刊"
    rows = _rows(body.select_one("table.kw-review__series"))
    assert rows == [
        ["每日快报", "2", "3", "2", "66.7%", "1", "0", "1", "1"],
        ["要情专报", "1", "1", "0", "0.0%", "0", "1", "0", "1"],
        ["领导批示", "1", "1", "—", "—", "0", "1", "0", "0"],
        ["合计", "4", "5", "2", "50.0%", "1", "2", "1", "2"],
    ]
    flagged = _rows(body.select_one("table.kw-review__flagged"))
    assert [(r[1], r[3]) for r in flagged] == [("甲县乙区联合开展跨界河流治理", "叠字1处")]
    errata = _rows(body.select_one("table.kw-review__errata"))
    assert [(r[0], r[4]) for r in errata] == [("2026年3月20日", "原稿漏字")]
    best = [text(li) for li in body.select("ol.kw-rows li")]
    assert len(best) == 2 and best[1].startswith("3月：市示例局部署春季森林防火工作")
    # Each report named links to it in its issue.
    link = body.select_one("table.kw-review__errata a")
    assert link is not None and link["href"].endswith("kuaibao/2026/001/#r-01")

    year = content_of(page(site, "stats/2026/"))
    quarters = [text(a) for a in year.select("ul.kw-links a") if "评刊" in text(a)]
    assert quarters == ["第1季度评刊", "第2季度评刊"]


def test_each_erratum_is_on_its_issue_page_and_in_the_feeds(site: Path) -> None:
    body = content_of(page(site, "kuaibao/2026/001/"))
    erratum = body.select_one("#r-01-erratum-1")
    assert erratum is not None
    assert (
        text(erratum) == "勘误（2026年3月20日）：第一句“隐患排查”改为“隐患大排查”。原因：原稿漏字。"
    )
    # It belongs to its report, and the issue says it has one.
    assert erratum.find_parent("section")["data-report"] == "kuaibao/2026/001/01"
    assert text(body.select_one(".kw-errata-note")).startswith("本期有勘误1处：")
    assert body.select_one("#r-02-erratum-1") is None
    # The second issue's report was corrected too, in April.
    second = content_of(page(site, "kuaibao/2026/002/"))
    assert "2026年4月2日" in text(second.select_one("#r-01-erratum-1"))
    for feed in ("all", "kuaibao"):
        xml = (site / f"feeds/{feed}.xml").read_text(encoding="utf-8")
        assert xml.count("<title>勘误：每日快报") == 2, feed
        assert 'href="kuaibao/2026/001/#r-01-erratum-1"' in xml
        # The feed was updated on its newest entry: the April 勘误.
        assert "<updated>2026-04-02T00:00:00+08:00</updated>\n  <author>" in xml
    assert "勘误" not in (site / "feeds/yaoqing.xml").read_text(encoding="utf-8")


def test_the_notice_and_the_unit_page_count_findings_and_errata(site: Path) -> None:
    notice = content_of(page(site, "stats/2026/03/"))
    section = notice.select_one('section[data-measure="corrected"]')
    assert section is not None
    assert text(section.select_one("h3")).endswith("勘误（1处）")
    assert [text(li) for li in section.select("li")] == [
        "《甲县多措并举推进春季安全生产》（甲县，每日快报2026年第1期，"
        "2026年3月20日勘误）：第一句“隐患排查”改为“隐患大排查”。"
    ]
    ranking = notice.select_one("table.kw-ranking")
    headers = [text(th) for th in ranking.select("thead th")]
    assert headers[-3:] == ["校对问题", "勘误", "积分"]  # both: March has a finding and a 勘误
    rows = {r[1]: r for r in _rows(ranking)}
    assert rows["甲县委办公室"][-3:-1] == ["1", "1"]
    # The unit's record: 2026 as a whole, findings 1 and errata 2.
    unit = content_of(page(site, "units/jiaxian/"))
    record = unit.select_one("table.kw-unit__record")
    headers = [text(th) for th in record.select("thead th")]
    row = _rows(record)[0]
    assert (row[headers.index("校对问题")], row[headers.index("勘误")]) == ("1", "2")
