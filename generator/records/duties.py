"""Reporting duties and time limits (journal.yml ``duties`` and
``time_limits``): who sent fewer 来稿 than their duty on which working days
or weeks, and which urgent 来稿 arrived later after the matter than allowed.

Both are counted from inbox/ alone: a duty is met by sending, used or not,
and lateness is the time from ``occurred`` to ``received``. Duties start on
the day the register starts (the first 来稿 received): an office that keeps
inbox/ from some day on is not told it missed every day before it. A day
or week is judged once it is over (before the build's day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.content.model import Journal, Publication, Submission, Unit
from generator.records.periods import Period, week_of

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Shortfall:
    """A unit's missed duties in a period: the working days it sent fewer
    than ``daily`` 来稿, the weeks fewer than ``weekly``."""

    unit: Unit
    daily: int
    weekly: int
    days: tuple[dt.date, ...]
    weeks: tuple[Period, ...]


@dataclass(frozen=True)
class Late:
    """An urgent 来稿 received later after the matter than its limit allows."""

    submission: Submission
    urgency: str
    limit: int  # minutes
    minutes: int  # from occurred to received

    @property
    def received(self) -> dt.date:
        return self.submission.received.date()


def late_submissions(publication: Publication) -> tuple[Late, ...]:
    """Every late urgent 来稿, in the order received."""
    limits = publication.journal.time_limits
    found = []
    for submission in publication.submissions:
        limit = limits.get(submission.urgency or "")
        if limit is None or submission.occurred is None or submission.urgency is None:
            continue
        minutes = int((submission.received - submission.occurred).total_seconds() // 60)
        if minutes > limit:
            found.append(Late(submission, submission.urgency, int(limit), minutes))
    return tuple(found)


def duties_start(publication: Publication) -> dt.date | None:
    """The day duties are counted from: the first 来稿's; none without any."""
    if not publication.submissions or not (
        publication.journal.duties.daily or publication.journal.duties.weekly
    ):
        return None
    return min(s.received for s in publication.submissions).date()


def duty_weeks(period: Period) -> tuple[Period, ...]:
    """The weeks a period judges weekly duties in: a week itself; for a
    month or a year, the ISO weeks whose Thursday is in it (as ISO numbers
    weeks), so that each week is judged in one month only."""
    if period.kind == "week":
        return (period,)
    weeks = []
    current = week_of(period.start)
    while current.start <= period.end:
        if period.start <= current.start + dt.timedelta(days=3) <= period.end:
            weeks.append(current)
        current = week_of(current.end + ONE_DAY)
    return tuple(weeks)


def duty_span(period: Period) -> tuple[dt.date, dt.date]:
    """The days whose 来稿 a period's duties look at: the period and its weeks."""
    weeks = duty_weeks(period)
    start = min([period.start, *(w.start for w in weeks)])
    end = max([period.end, *(w.end for w in weeks)])
    return start, end


def shortfalls(
    journal: Journal,
    units: Iterable[Unit],
    sent: Mapping[tuple[str, dt.date], int],
    period: Period,
    start: dt.date | None,
    today: dt.date,
) -> tuple[Shortfall, ...]:
    """Who fell short of their duty in ``period``: ``sent`` counts each
    unit's 来稿 by day over :func:`duty_span`; ``start`` is
    :func:`duties_start`; only days before ``today`` are judged."""
    if start is None:
        return ()
    duties = journal.duties
    last = min(period.end, today - ONE_DAY)
    weeks = duty_weeks(period)
    found = []
    for unit in units:
        daily, weekly = duties.of(unit)
        if not daily and not weekly:
            continue
        first = max(start, period.start, unit.since or start)
        final = min(last, unit.until or last)
        days: list[dt.date] = []
        day = first
        while daily and day <= final:
            if duties.working(day) and sent.get((unit.id, day), 0) < daily:
                days.append(day)
            day += ONE_DAY
        missed_weeks = [
            week
            for week in weeks
            if weekly
            and start <= week.end <= today - ONE_DAY
            and unit.active_on(week.end)
            and _sent_in(sent, unit.id, week) < weekly
        ]
        if days or missed_weeks:
            found.append(Shortfall(unit, daily, weekly, tuple(days), tuple(missed_weeks)))
    return tuple(found)


def _sent_in(sent: Mapping[tuple[str, dt.date], int], unit: str, week: Period) -> int:
    return sum(sent.get((unit, week.start + dt.timedelta(days=n)), 0) for n in range(7))
