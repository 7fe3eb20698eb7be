"""The quarterly 集体评刊 of the 「无差错」 campaign: per series, what the
quarter published, how much of it was taken up, what proofreading found in
it, what had to be corrected, and the month's best of its months.

Counted so that a quarter is judged by its own issues:

- 刊发: the issues and reports dated in the quarter;
- 被采用: of those reports, the ones adopted (an ``adopted`` event of any
  date so far), and 采用率 their share of the reports (instructions, which
  are not adopted, left out);
- 校对问题: the proofreading findings in those reports (``kanwu check``'s
  warnings, which an office may have let pass);
- 无差错: those reports with neither a finding nor a 勘误;
- 勘误: ``erratum`` events dated in the quarter, of any issue;
- 月度最佳: the ``best`` picks for the quarter's months.

One pass over the archive groups everything by quarter; a quarter's review
then reads only its own issues and events.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property

from generator.content.model import (
    Adoption,
    BestOfMonth,
    Erratum,
    Issue,
    Publication,
    Report,
    Series,
)
from generator.content.proofread import RULES
from generator.records.periods import Period, quarter_of, quarters_of


@dataclass(frozen=True)
class SeriesReview:
    series: Series
    issues: int = 0
    reports: int = 0
    adoptable: int = 0  # reports of a reports series (an instruction is not adopted)
    adopted: int = 0  # of the quarter's reports
    findings: int = 0
    flawless: int = 0  # reports with no finding and no 勘误
    errata: int = 0  # dated in the quarter
    best: int = 0

    @property
    def rate(self) -> float | None:
        """采用率: the share of the quarter's reports adopted (None: none
        that could be)."""
        return self.adopted / self.adoptable if self.adoptable else None


@dataclass(frozen=True)
class Flagged:
    """A report of the quarter with proofreading findings."""

    report: Report
    issue: Issue
    rules: tuple[tuple[str, int], ...]  # rule, findings


@dataclass(frozen=True)
class Corrected:
    erratum: Erratum
    report: Report
    issue: Issue


@dataclass(frozen=True)
class Picked:
    month: tuple[int, int]
    report: Report
    issue: Issue


@dataclass(frozen=True)
class QuarterReview:
    period: Period
    rows: tuple[SeriesReview, ...]  # in journal.yml's order
    total: SeriesReview  # the whole journal (its ``series`` is a stand-in)
    by_rule: tuple[tuple[str, int], ...]  # every rule, in proofread.RULES order
    flagged: tuple[Flagged, ...]  # by date
    errata: tuple[Corrected, ...]  # by date
    best: tuple[Picked, ...]  # by month


class Reviews:
    """Every quarter's review of one publication, grouped in one pass."""

    def __init__(self, publication: Publication) -> None:
        self.publication = publication

    @cached_property
    def grouped(  # one pass over the archive; made before a build forks
        self,
    ) -> tuple[
        dict[str, list[Issue]],
        dict[str, list[Erratum]],
        dict[str, list[tuple[tuple[int, int], str]]],
        frozenset[str],
        frozenset[str],
        dict[str, tuple[Report, Issue]],
    ]:
        issues: dict[str, list[Issue]] = defaultdict(list)
        reports: dict[str, tuple[Report, Issue]] = {}
        for issue in self.publication.issues:
            issues[quarter_of(issue.date).key].append(issue)
            reports.update((r.id, (r, issue)) for r in issue.reports)
        errata: dict[str, list[Erratum]] = defaultdict(list)
        best: dict[str, list[tuple[tuple[int, int], str]]] = defaultdict(list)
        adopted: set[str] = set()
        corrected: set[str] = set()
        for event in self.publication.ledger:
            if isinstance(event, Adoption):
                adopted.add(event.report)
            elif isinstance(event, Erratum):
                errata[quarter_of(event.date).key].append(event)
                corrected.add(event.report)
            elif isinstance(event, BestOfMonth):
                key = quarter_of(dt.date(*event.month, 1)).key
                best[key] += [(event.month, rid) for rid in event.reports]
        return issues, errata, best, frozenset(adopted), frozenset(corrected), reports

    def quarters(self) -> list[Period]:
        """The quarters with an issue, oldest first."""
        return quarters_of(i.date for i in self.publication.issues)

    def of(self, period: Period) -> QuarterReview:
        issues_by, errata_by, best_by, adopted, corrected, reports = self.grouped
        issues = sorted(issues_by.get(period.key, ()), key=lambda i: (i.date, i.key))
        errata = [
            Corrected(e, *reports[e.report])
            for e in sorted(errata_by.get(period.key, ()), key=lambda e: (e.date, e.report))
            if e.report in reports
        ]
        best = [
            Picked(month, *reports[rid])
            for month, rid in sorted(best_by.get(period.key, ()))
            if rid in reports
        ]
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        instructions = {s.id for s in self.publication.journal.series if s.is_instructions}
        by_rule: Counter[str] = Counter()
        flagged = []
        for issue in issues:
            row = counts[issue.series]
            row["issues"] += 1
            for report in issue.reports:
                row["reports"] += 1
                row["adoptable"] += issue.series not in instructions
                row["adopted"] += report.id in adopted
                row["findings"] += len(report.findings)
                row["flawless"] += not report.findings and report.id not in corrected
                by_rule.update(report.findings)
                if report.findings:
                    rules = Counter(report.findings)
                    flagged.append(
                        Flagged(report, issue, tuple(sorted(rules.items(), key=_in_rules)))
                    )
        for measure, found in (("errata", errata), ("best", best)):
            for item in found:
                counts[item.issue.series][measure] += 1
        rows = tuple(
            SeriesReview(series, **counts.get(series.id, Counter()))
            for series in self.publication.journal.series
        )
        total = Counter[str]()
        for row_counts in counts.values():
            total.update(row_counts)
        stand_in = Series(id="", name="合计")
        return QuarterReview(
            period=period,
            rows=rows,
            total=SeriesReview(stand_in, **total),
            by_rule=tuple((rule, by_rule[rule]) for rule in RULES),
            flagged=tuple(flagged),
            errata=tuple(errata),
            best=tuple(best),
        )


def _in_rules(item: tuple[str, int]) -> int:
    return RULES.index(item[0])
