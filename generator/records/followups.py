"""续报: an urgent report (特急, 紧急: its own urgency, else its issue's)
waits on the 「待续报」 list until a later report ``follows`` it or a ledger
``closed`` event ends the matter. A ``closed`` event ends the whole 续报
chain it names a report of, for the reports published by its date.
Instructions (批示) are not matters to follow up.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.content.model import (
    Closed,
    Issue,
    Publication,
    Report,
    canonical_report_id,
    urgency_of,
)


@dataclass(frozen=True)
class Urgent:
    """An urgent report and the day it stopped waiting (``None``: it waits)."""

    report: Report
    issue: Issue
    urgency: str
    resolved: dt.date | None
    how: str = ""  # 已续报 | 已结束

    def waits_on(self, day: dt.date) -> bool:
        return self.issue.date <= day and (self.resolved is None or self.resolved > day)


class FollowUps:
    """Every urgent report of a publication, and which wait on a given day."""

    def __init__(self, publication: Publication) -> None:
        # Only the urgent reports, the 续报 links and the closings are looked
        # at: each build makes this, and an archive has 32,000 reports.
        instructions = {s.id for s in publication.journal.series if s.is_instructions}
        follows: dict[str, str] = {}  # report → the report it follows
        followers: dict[str, list[dt.date]] = defaultdict(list)  # report → its 续报's dates
        urgent: list[tuple[Report, Issue, str]] = []
        for issue in publication.issues:
            if issue.series in instructions:
                continue
            for report in issue.reports:
                if report.follows is not None:
                    target = canonical_report_id(report.follows)
                    follows[report.id] = target
                    followers[target].append(issue.date)
                urgency = urgency_of(report, issue)
                if urgency is not None:
                    urgent.append((report, issue, urgency))
        heads: dict[str, str] = {}
        closings: dict[str, list[dt.date]] = defaultdict(list)
        for event in publication.ledger:
            if isinstance(event, Closed):
                closings[_head(event.report, follows, heads)].append(event.date)
        found = []
        for report, issue, urgency in urgent:
            chain = closings.get(_head(report.id, follows, heads), ())
            # Only what came after it ends a matter (an earlier "续报" is an
            # error that kanwu check reports; it must not make counts negative).
            ends = [day for day in chain if day >= issue.date]
            later = [day for day in followers.get(report.id, ()) if day >= issue.date]
            candidates = [(min(later), "已续报")] if later else []
            candidates += [(min(ends), "已结束")] if ends else []
            resolved, how = min(candidates) if candidates else (None, "")
            found.append(Urgent(report, issue, urgency, resolved, how))
        found.sort(key=lambda u: (u.issue.date, u.report.id))
        self.urgent = tuple(found)
        self._dates = [u.issue.date for u in self.urgent]

    def waiting(self, day: dt.date) -> tuple[Urgent, ...]:
        """The urgent reports waiting for a 续报 at the end of ``day``, oldest first."""
        published = self.urgent[: bisect.bisect_right(self._dates, day)]
        return tuple(u for u in published if u.waits_on(day))

    def published(self, start: dt.date, end: dt.date) -> tuple[Urgent, ...]:
        """The urgent reports published from ``start`` to ``end``."""
        low = bisect.bisect_left(self._dates, start)
        return self.urgent[low : bisect.bisect_right(self._dates, end)]

    def counts(self, days: Iterable[dt.date]) -> dict[dt.date, Waiting]:
        """How many wait at the end of each of ``days``, in all and by unit:
        one sweep over the archive for all of them (a 通报 each week of ten
        years would otherwise each look at every urgent report before it)."""
        ends = sorted((u.resolved, u.report.units) for u in self.urgent if u.resolved)
        by_unit: Counter[str] = Counter()
        total = started = ended = 0
        found: dict[dt.date, Waiting] = {}
        for day in sorted(set(days)):
            while started < len(self.urgent) and self._dates[started] <= day:
                by_unit.update(self.urgent[started].report.units)
                total, started = total + 1, started + 1
            while ended < len(ends) and ends[ended][0] <= day:
                by_unit.subtract(ends[ended][1])
                total, ended = total - 1, ended + 1
            found[day] = Waiting(total, tuple(sorted((u, n) for u, n in by_unit.items() if n)))
        return found


@dataclass(frozen=True)
class Waiting:
    """How many urgent reports wait on a day: in all, and by unit (a joint
    report counts for each of its units)."""

    total: int
    by_unit: tuple[tuple[str, int], ...]


def _head(rid: str, follows: Mapping[str, str], heads: dict[str, str]) -> str:
    """The first report of ``rid``'s 续报 chain (``follows`` links back to
    it); ``heads`` remembers the answers."""
    path: list[str] = []
    while rid not in heads and rid in follows and rid not in path:
        path.append(rid)
        rid = follows[rid]
    head = heads.get(rid, rid)
    for visited in path:
        heads[visited] = head
    return head
