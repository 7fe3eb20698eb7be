"""The statistics pages (DESIGN §5 ``/stats/``): which exist, and their data.

Intranet edition only: adoptions, points and instruction handling are the
office's own records. Every page is bounded: one year, month or week of the
archive, or the instructions still open.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.content.model import Adoption
from generator.records.duties import Late, Shortfall
from generator.records.followups import Urgent, Waiting
from generator.records.periods import Period, month, quarters_of, week_of, year
from generator.records.quotas import group_quotas, research_quotas
from generator.records.review import Reviews
from generator.records.stats import Credit, Handling, Ledger, PeriodStats
from generator.site.catalog import Catalog, Placed
from generator.site.charts import bars, stacked_columns
from generator.site.downloads import notice_downloads
from generator.site.urls import Page

TOP_UNITS = 10


def stats_url(*parts: object) -> str:
    return "stats/" + "".join(f"{p}/" for p in parts)


def week_url(period: Period) -> str:
    iso_year, number, _ = period.start.isocalendar()
    return stats_url(iso_year, f"W{number:02d}")


def stats_pages(catalog: Catalog) -> list[Page]:
    if catalog.audience != "intranet" or not catalog.issues:
        return []
    years = sorted({i.date.year for i in catalog.issues.values()})
    pages = [Page(stats_url(), "统计", "stats_year", years[-1], nav=True)]
    # The open instructions of every year, then each year's in full.
    pages.append(Page(stats_url("instructions"), "领导批示办理跟踪", "stats_instructions", 0))
    pages.append(Page(stats_url("followups"), "待续报信息", "stats_followups", 0))
    notices = notice_periods(catalog)
    reviewed = quarters(catalog)
    for number in years:
        pages.append(Page(stats_url(number), f"{number}年统计", "stats_year", number))
        pages.append(
            Page(
                stats_url(number, "instructions"),
                f"{number}年领导批示办理情况",
                "stats_instructions",
                number,
            )
        )
        pages.extend(
            Page(quarter_url(period), f"{period.label}集体评刊", "stats_quarter", period)
            for period in reviewed
            if period.start.year == number
        )
        if has_quotas(catalog):
            pages.append(
                Page(
                    stats_url(number, "quotas"),
                    f"{number}年调研信息任务完成情况",
                    "stats_quotas",
                    number,
                )
            )
        pages.extend(
            Page(notice_url(period), f"{period.label}信息采用情况通报", "stats_report", period)
            for period in notices
            if period.kind == "month" and period.start.year == number
        )
    pages.extend(
        Page(notice_url(period), f"{period.label}信息采用情况通报", "stats_report", period)
        for period in notices
        if period.kind == "week"
    )
    return pages


def has_quotas(catalog: Catalog) -> bool:
    quotas = catalog.journal.quotas
    return bool(quotas.get("research") or quotas.get("research_total"))


def quarters(catalog: Catalog) -> list[Period]:
    """The quarters with an issue, oldest first: each has its 评刊 page."""
    return quarters_of(i.date for i in catalog.issues.values())


def quarter_url(period: Period) -> str:
    """``stats/2026/Q3/``."""
    return stats_url(period.start.year, period.key.split("-")[1])


def notice_url(period: Period) -> str:
    """Where a period's 通报 is: ``stats/2026/03/`` or ``stats/2026/W12/``."""
    if period.kind == "week":
        return week_url(period)
    return stats_url(period.start.year, f"{period.start.month:02d}")


def notice_periods(catalog: Catalog) -> list[Period]:
    """The periods with a 通报: every week from the first issue to the last,
    and every month in that span of a year with issues (a year without any
    has no statistics pages)."""
    dates = sorted(i.date for i in catalog.issues.values())
    if not dates:
        return []
    found = []
    for number in sorted({d.year for d in dates}):
        for number_month in range(1, 13):
            period = month(number, number_month)
            if period.start <= dates[-1] and period.end >= dates[0]:
                found.append(period)
    current = week_of(dates[0])
    while current.start <= dates[-1]:
        found.append(current)
        current = week_of(current.end + dt.timedelta(days=1))
    return found


def notice_numbers(periods: list[Period]) -> dict[str, int]:
    """Each 通报's number in its year, as the office numbers what it issues:
    by the day it is issued (the day after its period), a week's before a
    month's on the same day. Keyed by :attr:`Period.key`."""
    numbers: dict[str, int] = {}
    count: Counter[int] = Counter()
    for period in sorted(periods, key=lambda p: (issued(p), p.kind != "week")):
        count[issued(period).year] += 1
        numbers[period.key] = count[issued(period).year]
    return numbers


def issued(period: Period) -> dt.date:
    """The day a period's 通报 is issued: the day after the period."""
    return period.end + dt.timedelta(days=1)


def is_issued(catalog: Catalog, period: Period) -> bool:
    """Whether a period's 通报 is issued by the day of the build: until then
    its page shows the figures so far, and there is no document to download
    (a daily publish would otherwise print this week's and this month's
    通报 again each day, 2–3 s each at ten years: measured)."""
    return issued(period) <= catalog.today


@dataclass(frozen=True)
class Assessment:
    """What a 通报 says of duties, time limits and 续报 (generator.records.duties
    and .followups), all it shows of them: part of its fingerprint."""

    shortfalls: tuple[Shortfall, ...]
    late: tuple[Late, ...]  # urgent 来稿 of the period over their time limit
    waiting: tuple[Placed, ...]  # urgent reports of the period still waiting for a 续报
    waiting_before: int  # and those of earlier periods
    waiting_by_unit: tuple[tuple[str, int], ...]
    end: dt.date  # the day they wait on: the period's end, or today
    duties: bool  # whether duties are counted at all
    limits: bool  # whether journal.yml sets time limits


@dataclass
class StatsContexts:
    """Mixed into :class:`generator.site.pages.PageContexts`: data of the stats pages."""

    catalog: Catalog
    # Whether the build offers each issue and 通报 as PDF and Word (the kanwu
    # plugin's `documents` option; generator.build.documents makes them).
    downloads: bool = False
    _years: dict[int, PeriodStats] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def ledger(self) -> Ledger:
        return Ledger(self.catalog.publication)

    def ahead(self) -> None:
        """Compute what many stats pages share before a build forks workers
        to fingerprint the pages: each worker would compute it again (the
        ledger takes 0.5 s at ten years), and so would the build after them."""
        _ = self.ledger, self._months, self._waiting, self.ledger.late, self.waiting_today
        _ = self._quarters, self.reviews.grouped

    @cached_property
    def waiting_today(self) -> tuple[Urgent, ...]:
        """The urgent reports waiting for a 续报 on the day of the build."""
        return self.ledger.followups.waiting(self.catalog.today)

    @cached_property
    def _waiting(self) -> dict[dt.date, Waiting]:
        """How many wait for a 续报 at the end of each 通报's period."""
        today = self.catalog.today
        ends = [min(period.end, today) for period in notice_periods(self.catalog)]
        return self.ledger.followups.counts(ends)

    @cached_property
    def _quarters(self) -> list[Period]:
        return quarters(self.catalog)

    @cached_property
    def _months(self) -> frozenset[tuple[int, int]]:
        """(year, month) of every month with an issue."""
        return frozenset((i.date.year, i.date.month) for i in self.catalog.issues.values())

    def year_stats(self, number: int) -> PeriodStats:
        """A year's statistics with its duties and 续报 (judged up to today)."""
        if number not in self._years:
            self._years[number] = self.ledger.assess(year(number), self.catalog.today)
        return self._years[number]

    def page_stats_year(self, number: int) -> dict[str, Any]:
        stats = self.year_stats(number)
        series_names = [s.name for s in self.catalog.series.values()]
        published = {name: [0] * 12 for name in series_names}
        adopted = {name: [0] * 12 for name in series_names}
        bodies: Counter[str] = Counter()
        reports = self.catalog.reports
        for number_month in range(1, 13):
            for placed in self.catalog.by_month.get((number, number_month), ()):
                published[self.catalog.series[placed.issue.series].name][number_month - 1] += 1
        for event in self.catalog.publication.ledger:
            if (
                isinstance(event, Adoption)
                and event.date.year == number
                and event.report in reports
            ):
                name = self.catalog.series[reports[event.report].issue.series].name
                adopted[name][event.date.month - 1] += 1
                bodies[event.by] += 1
        months = [f"{m}月" for m in range(1, 13)]
        top = [r for r in stats.rows if r.points > 0][:TOP_UNITS]
        years = sorted({i.date.year for i in self.catalog.issues.values()}, reverse=True)
        return {
            "year": number,
            "years": years,
            "stats": stats,
            "months": months,
            "published": published,
            "adopted": adopted,
            "bodies": bodies.most_common(),
            "charts": {
                "published": stacked_columns(
                    f"{number}年各月刊发信息（按专刊）", months, list(published.items())
                ),
                "adopted": stacked_columns(
                    f"{number}年各月被采用信息（按专刊）", months, list(adopted.items())
                ),
                "top": bars(
                    f"{number}年积分前{TOP_UNITS}名单位",
                    [(r.unit.label, round(r.points, 2)) for r in top],
                ),
                "bodies": bars(f"{number}年采用单位分布", bodies.most_common(), "#1f5f8b"),
            },
            "month_periods": [
                month(number, m) for m in range(1, 13) if (number, m) in self._months
            ],
            # Every 通报 issued that year, weekly and monthly, by its number.
            "notices": [
                (period, notice_url(period), self.notice_numbers[period.key])
                for period in sorted(
                    notice_periods(self.catalog), key=lambda p: self.notice_numbers[p.key]
                )
                if issued(period).year == number
            ],
            "has_quotas": has_quotas(self.catalog),
            # The year's 年度优秀信息 (ledger `award`), in archive order.
            "awards": [
                reports[rid]
                for rid, chosen in self.catalog.awards.items()
                if chosen == number and rid in reports
            ],
            "quarter_periods": [
                (period, quarter_url(period))
                for period in self._quarters
                if period.start.year == number
            ],
        }

    @cached_property
    def notice_numbers(self) -> dict[str, int]:
        return notice_numbers(notice_periods(self.catalog))

    def source_stats_report(self, period: Period) -> tuple[Any, ...]:
        """All a period's 通报 is made of, for its fingerprint: its credits
        and the reports they credit, as placed in this edition (``None`` where
        not). :meth:`page_stats_report` makes the page's data from this alone
        and from the units, which every fingerprint covers. Much smaller than
        the data (every unit's row): 0.2 s for the 642 通报 of ten years
        instead of 0.6 s."""
        credits = tuple(self.ledger.between(period))
        reports = self.catalog.reports
        number = self.notice_numbers[period.key]
        placed = tuple(reports.get(credit.report) for credit in credits)
        offered = self.downloads and is_issued(self.catalog, period)
        return period, number, credits, placed, offered, self.assessment(period)

    def assessment(self, period: Period) -> Assessment:
        """A period's duties, late 来稿 and 续报 as its 通报 shows them."""
        today = self.catalog.today
        end = min(period.end, today)
        counts = self._waiting.get(end) or self.ledger.followups.counts([end])[end]
        recent = [u for u in self.ledger.followups.published(period.start, end) if u.waits_on(end)]
        reports = self.catalog.reports
        return Assessment(
            shortfalls=self.ledger.shortfalls(period, today),
            late=tuple(late for late in self.ledger.late if late.received in period),
            waiting=tuple(reports[u.report.id] for u in recent if u.report.id in reports),
            waiting_before=counts.total - len(recent),
            waiting_by_unit=counts.by_unit,
            end=end,
            duties=self.ledger.duties_start is not None,
            limits=bool(self.catalog.journal.time_limits),
        )

    def page_stats_report(self, period: Period) -> dict[str, Any]:
        return self._stats_report(*self.source_stats_report(period))

    def _stats_report(
        self,
        period: Period,
        number: int,
        credits: tuple[Credit, ...],
        placed: tuple[Placed | None, ...],
        offered: bool,
        assessment: Assessment,
    ) -> dict[str, Any]:
        stats = self.ledger.assessed(
            self.ledger.stats_of(period, credits),
            assessment.shortfalls,
            dict(assessment.waiting_by_unit),
        )
        by_measure: dict[str, list[tuple[Any, ...]]] = {
            "published": [],
            "adopted": [],
            "instructed": [],
            "best": [],
            "corrected": [],
        }
        seen: set[tuple[str, str, str]] = set()
        for credit, report in zip(credits, placed, strict=True):
            key = (credit.measure, credit.report, credit.detail)
            if credit.measure in by_measure and key not in seen and report is not None:
                seen.add(key)
                by_measure[credit.measure].append((report, credit.detail, credit.date))
        day = issued(period)
        # 来稿 once each, however many units sent one together.
        inbox = {
            measure: len({c.report for c in credits if c.measure == measure})
            for measure in ("submitted", "used")
        }
        # 通报批评, 视情加分 and 年度优秀信息 in the period, each with its unit
        # and why (the 通报 names them; generator.records.stats gives the points).
        notes = [
            (credit, self.catalog.units.get(credit.unit), report)
            for credit, report in zip(credits, placed, strict=True)
            if credit.measure in ("criticized", "bonus", "awarded")
        ]
        return {
            "period": period,
            "number": number,
            "issued": day,
            "stats": stats,
            "items": by_measure,
            "inbox": inbox,
            "notes": notes,
            "assessment": assessment,
            "downloads": notice_downloads(notice_url(period), period, day.year, number)
            if offered
            else (),
        }

    @cached_property
    def reviews(self) -> Reviews:
        return Reviews(self.catalog.publication)

    def page_stats_quarter(self, period: Period) -> dict[str, Any]:
        """A quarter's 集体评刊 (generator.records.review), each report placed."""
        review = self.reviews.of(period)
        reports = self.catalog.reports
        return {
            "review": review,
            "year": period.start.year,
            "flagged": [(reports[f.report.id], f.rules) for f in review.flagged],
            "errata": [(reports[c.report.id], c.erratum) for c in review.errata],
            "best": [(p.month, reports[p.report.id]) for p in review.best],
        }

    def page_stats_quotas(self, number: int) -> dict[str, Any]:
        rows = research_quotas(self.ledger, year(number))
        return {
            "year": number,
            "rows": rows,
            "behind": [r for r in rows if r.behind],
            "groups": group_quotas(self.ledger, year(number)),
        }

    def page_stats_followups(self, _: int) -> dict[str, Any]:
        """The urgent reports waiting for a 续报 today, oldest first."""
        today = self.catalog.today
        reports = self.catalog.reports
        return {
            "today": today,
            "waiting": [
                (reports[u.report.id], u.urgency, (today - u.issue.date).days)
                for u in self.waiting_today
                if u.report.id in reports
            ],
        }

    def _handlings(self, keep: Any) -> list[Handling]:
        result = [h for h in self.catalog.handling.values() if keep(h)]
        result.sort(key=lambda h: (h.issue.date, h.instruction.id), reverse=True)
        return result

    def page_stats_instructions(self, number: int) -> dict[str, Any]:
        """A year's instructions, or with ``0`` those of any year not yet 已办结."""
        if number:
            handlings = self._handlings(lambda h: h.issue.date.year == number)
            title = f"{number}年领导批示办理情况"
        else:
            handlings = self._handlings(lambda h: h.status != "已办结")
            title = "未办结的领导批示"
        return {
            "title": title,
            "today": self.catalog.today,
            "placed_by_id": {
                h.instruction.id: self.catalog.reports[h.instruction.id]
                for h in handlings
                if h.instruction.id in self.catalog.reports
            },
            "handlings": handlings,
            "counts": Counter(h.status for h in handlings),
            "overdue": sum(h.overdue for h in handlings),
        }
