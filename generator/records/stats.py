"""The office's records as numbers (DESIGN §3 Statistics): pure functions of
the publication and its ledger.

Every event becomes *credits* once — a unit, a date, a measure, its share of
the points — in one pass over the archive, sorted by date. A period's
statistics then sum only the credits inside it (found by bisection), so a
weekly 通报 costs the week, not the archive.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, get_args

from generator.content.model import (
    Adoption,
    Award,
    BestOfMonth,
    Bonus,
    Criticism,
    Erratum,
    Issue,
    Progress,
    Publication,
    Report,
    Unit,
    canonical_report_id,
)
from generator.records.duties import (
    Late,
    Shortfall,
    duties_start,
    duty_span,
    late_submissions,
    shortfalls,
)
from generator.records.followups import FollowUps
from generator.records.periods import Period, month

Measure = Literal[
    "published",
    "adopted",
    "instructed",
    "best",
    "research",
    "submitted",
    "used",
    "criticized",
    "bonus",
    "awarded",
    "late",
    "flagged",
    "corrected",
]
MEASURES: tuple[Measure, ...] = get_args(Measure)
RESEARCH_KIND = "调研"


@dataclass(frozen=True)
class Credit:
    date: dt.date
    unit: str
    measure: Measure
    points: float
    report: str  # the report credited (for 来稿: the 来稿's path)
    # The adopting body, for adoptions; the reason, for 通报批评 and 加分;
    # the urgency, for a late 来稿.
    detail: str = ""


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    published: int = 0
    adopted: int = 0
    instructed: int = 0
    best: int = 0
    research: int = 0
    # 来稿 received in the period (报送), and how many of them an issue used
    # (采用, whenever it appeared): 采用率 is the second of the first.
    submitted: int = 0
    used: int = 0
    # 通报批评 (points deducted), 视情加分 and the year's 优秀信息, by count.
    criticized: int = 0
    bonus: int = 0
    awarded: int = 0
    # Urgent 来稿 over the time limit; working days and weeks below the duty
    # (journal.yml duties); urgent reports waiting for a 续报 at the
    # period's end. Only :meth:`Ledger.assess` fills the last three.
    late: int = 0
    missed_days: tuple[dt.date, ...] = ()
    missed_weeks: tuple[Period, ...] = ()
    waiting: int = 0
    # 无差错: proofreading findings in the unit's reports published in the
    # period, and 勘误 of its reports dated in it (no points either way).
    flagged: int = 0
    corrected: int = 0
    points: float = 0.0
    adopted_by: Mapping[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        """采用率, ``None`` without 来稿."""
        return self.used / self.submitted if self.submitted else None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.unit.id,
            "name": self.unit.name,
            "group": self.unit.group,
            "published": self.published,
            "adopted": self.adopted,
            "instructed": self.instructed,
            "best": self.best,
            "research": self.research,
            "submitted": self.submitted,
            "used": self.used,
            "rate": None if self.rate is None else round(self.rate, 4),
            "criticized": self.criticized,
            "bonus": self.bonus,
            "awarded": self.awarded,
            "late": self.late,
            "missed_days": [day.isoformat() for day in self.missed_days],
            "missed_weeks": [week.key for week in self.missed_weeks],
            "waiting": self.waiting,
            "flagged": self.flagged,
            "corrected": self.corrected,
            "points": round(self.points, 2),
        }


@dataclass(frozen=True)
class PeriodStats:
    period: Period
    rows: tuple[UnitRow, ...]  # every unit of the period, most points first

    def row(self, unit: str) -> UnitRow | None:
        return next((r for r in self.rows if r.unit.id == unit), None)

    @property
    def silent(self) -> tuple[UnitRow, ...]:
        """Units with nothing published in the period (the 通报 names them)."""
        return tuple(r for r in self.rows if r.published == 0)


class Ledger:
    """All credits of a publication, and the period queries over them."""

    def __init__(self, publication: Publication) -> None:
        self.publication = publication
        self.units = {u.id: u for u in publication.units}
        self.order = {u.id: i for i, u in enumerate(publication.units)}
        credits = sorted(_credits(publication), key=lambda c: (c.date, self.order.get(c.unit, 0)))
        self.credits = credits
        self._dates = [c.date for c in credits]

    def between(self, period: Period) -> list[Credit]:
        return self.from_to(period.start, period.end)

    def from_to(self, start: dt.date, end: dt.date) -> list[Credit]:
        low = bisect.bisect_left(self._dates, start)
        high = bisect.bisect_right(self._dates, end)
        return self.credits[low:high]

    @cached_property
    def followups(self) -> FollowUps:
        return FollowUps(self.publication)

    @cached_property
    def duties_start(self) -> dt.date | None:
        return duties_start(self.publication)

    def shortfalls(self, period: Period, today: dt.date) -> tuple[Shortfall, ...]:
        """Who sent fewer 来稿 than their duty in ``period``, judged up to ``today``."""
        if self.duties_start is None:
            return ()
        sent = Counter(
            (c.unit, c.date) for c in self.from_to(*duty_span(period)) if c.measure == "submitted"
        )
        members = [u for u in self.units.values() if _member(u, period)]
        return shortfalls(self.publication.journal, members, sent, period, self.duties_start, today)

    @cached_property
    def late(self) -> tuple[Late, ...]:
        return late_submissions(self.publication)

    def assess(self, period: Period, today: dt.date) -> PeriodStats:
        """:meth:`stats`, with each unit's missed duties and the urgent
        reports still waiting for a 续报 at the period's end (or ``today``)."""
        waiting = Counter(
            unit
            for urgent in self.followups.waiting(min(period.end, today))
            for unit in urgent.report.units
        )
        return self.assessed(self.stats(period), self.shortfalls(period, today), waiting)

    def assessed(
        self, stats: PeriodStats, missed: Iterable[Shortfall], waiting: Mapping[str, int]
    ) -> PeriodStats:
        """``stats`` with the ``missed`` duties and the count ``waiting`` for
        a 续报 of each unit."""
        by_unit = {s.unit.id: s for s in missed}
        rows = tuple(
            dataclasses.replace(
                row,
                missed_days=by_unit[row.unit.id].days if row.unit.id in by_unit else (),
                missed_weeks=by_unit[row.unit.id].weeks if row.unit.id in by_unit else (),
                waiting=waiting.get(row.unit.id, 0),
            )
            for row in stats.rows
        )
        return PeriodStats(stats.period, rows)

    def stats(self, period: Period) -> PeriodStats:
        return self.stats_of(period, self.between(period))

    def stats_of(self, period: Period, credits: Iterable[Credit]) -> PeriodStats:
        """The statistics of ``period`` from its ``credits`` (:meth:`between`)
        and the units alone."""
        totals: dict[str, Counter[str]] = defaultdict(Counter)
        points: dict[str, float] = defaultdict(float)
        bodies: dict[str, Counter[str]] = defaultdict(Counter)
        for credit in credits:
            totals[credit.unit][credit.measure] += 1
            points[credit.unit] += credit.points
            if credit.measure == "adopted":
                bodies[credit.unit][credit.detail] += 1
        members = [u for u in self.units.values() if _member(u, period)]
        members += [
            self.units[u] for u in totals if u in self.units and not _member(self.units[u], period)
        ]
        rows = [
            UnitRow(
                unit=unit,
                points=points[unit.id],
                adopted_by=dict(bodies[unit.id]),
                **_counts(totals[unit.id]),
            )
            for unit in members
        ]
        rows.sort(key=lambda r: (-round(r.points, 6), -r.published, self.order[r.unit.id]))
        return PeriodStats(period, tuple(rows))


def _counts(totals: Counter[str]) -> dict[str, Any]:
    """A unit's count of each measure, as :class:`UnitRow` fields."""
    return {measure: totals[measure] for measure in MEASURES}


def _member(unit: Unit, period: Period) -> bool:
    """Whether the unit was in the network at some day of the period."""
    return (unit.since is None or unit.since <= period.end) and (
        unit.until is None or unit.until >= period.start
    )


def _credits(publication: Publication) -> Iterable[Credit]:
    journal = publication.journal
    scoring = journal.scoring
    instructions = {s.id for s in journal.series if s.is_instructions}
    placed: dict[str, tuple[Report, Issue]] = {
        r.id: (r, i) for i in publication.issues for r in i.reports
    }

    def shares(units: tuple[str, ...], points: float) -> Iterable[tuple[str, float]]:
        # With joint: split the points are shared; every unit is still counted.
        share = points / len(units) if scoring.joint == "split" and units else points
        return ((unit, share) for unit in units)

    for issue in publication.issues:
        for report in issue.reports:
            if issue.series in instructions:
                units = _instructed_units(report, placed)
                for unit, share in shares(units, scoring.instructed):
                    yield Credit(issue.date, unit, "instructed", share, report.id)
                continue
            value = scoring.series.get(issue.series, scoring.published)
            for unit, share in shares(report.units, value):
                yield Credit(issue.date, unit, "published", share, report.id)
            if report.kind == RESEARCH_KIND:
                for unit, share in shares(report.units, scoring.research):
                    yield Credit(issue.date, unit, "research", share, report.id)
            for rule in report.findings:
                for unit in report.units:
                    yield Credit(issue.date, unit, "flagged", 0.0, report.id, rule)
    # A 来稿 counts in the period it was received, used or not.
    used = {r.source for i in publication.issues for r in i.reports if r.source}
    for submission in publication.submissions:
        day = submission.received.date()
        for unit in submission.units:
            yield Credit(day, unit, "submitted", 0.0, submission.path)
            if submission.path in used:
                yield Credit(day, unit, "used", 0.0, submission.path)
    for late in late_submissions(publication):
        for unit in late.submission.units:
            yield Credit(late.received, unit, "late", 0.0, late.submission.path, late.urgency)
    for event in publication.ledger:
        if isinstance(event, Adoption) and event.report in placed:
            report = placed[event.report][0]
            for unit, share in shares(report.units, scoring.adopted.get(event.by, 0)):
                yield Credit(event.date, unit, "adopted", share, report.id, event.by)
        elif isinstance(event, Erratum) and event.report in placed:
            report = placed[event.report][0]
            for unit in report.units:
                yield Credit(event.date, unit, "corrected", 0.0, report.id, event.change)
        elif isinstance(event, Criticism):
            deducted = event.points if event.points is not None else scoring.criticism
            about = event.report or event.submission or ""
            yield Credit(event.date, event.unit, "criticized", -abs(deducted), about, event.reason)
        elif isinstance(event, Bonus):
            yield Credit(
                event.date, event.unit, "bonus", event.points, event.report or "", event.reason
            )
        elif isinstance(event, Award):
            for rid in event.reports:
                if rid in placed:
                    for unit, share in shares(placed[rid][0].units, scoring.award):
                        yield Credit(event.date, unit, "awarded", share, rid)
        elif isinstance(event, BestOfMonth):
            # Best of month counts in its month: on the month's last day.
            last_day = month(*event.month).end
            for rid in event.reports:
                if rid in placed:
                    for unit, share in shares(placed[rid][0].units, scoring.best):
                        yield Credit(last_day, unit, "best", share, rid)


def _instructed_units(
    instruction: Report, placed: Mapping[str, tuple[Report, Issue]]
) -> tuple[str, ...]:
    """The units an instruction credits: its own ``unit`` if given, else the
    units of the reports it is on, each once (once per instruction)."""
    if instruction.units:
        return instruction.units
    units: dict[str, None] = {}
    for target in instruction.on:
        found = placed.get(canonical_report_id(target))
        if found:
            units.update(dict.fromkeys(found[0].units))
    return tuple(units)


# -- Instructions and their handling ----------------------------------------------------

Status = Literal["未反馈", "办理中", "已办结"]


@dataclass(frozen=True)
class Handling:
    """An instruction's handling: feedback per assigned unit, and its status."""

    instruction: Report
    issue: Issue
    units: tuple[str, ...]  # assigned units (or the instructed units when none assigned)
    events: tuple[Progress, ...]  # oldest first
    status: Status
    overdue: bool

    def unit_status(self, unit: str) -> Status:
        latest = [e for e in self.events if e.unit == unit]
        return latest[-1].status if latest else "未反馈"  # type: ignore[return-value]


def handlings(publication: Publication, today: dt.date) -> dict[str, Handling]:
    """Every instruction's handling as of ``today``, by instruction id."""
    instructions = {s.id for s in publication.journal.series if s.is_instructions}
    placed = {r.id: (r, i) for i in publication.issues for r in i.reports}
    events: dict[str, list[Progress]] = defaultdict(list)
    for event in publication.ledger:
        if isinstance(event, Progress):
            events[event.report].append(event)
    result: dict[str, Handling] = {}
    for issue in publication.issues:
        if issue.series not in instructions:
            continue
        for report in issue.reports:
            history = tuple(sorted(events.get(report.id, ()), key=lambda e: e.date))
            units = report.assigned or _instructed_units(report, placed)
            latest = {e.unit: e.status for e in history}
            if not history:
                status: Status = "未反馈"
            elif (units and all(latest.get(u) == "已办结" for u in units)) or (
                not units and history[-1].status == "已办结"
            ):
                status = "已办结"
            else:
                status = "办理中"
            overdue = report.due is not None and today > report.due and status != "已办结"
            result[report.id] = Handling(report, issue, units, history, status, overdue)
    return result
