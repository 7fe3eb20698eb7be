"""Derived facts about a publication: numbering, neighbours and indexes.

Built once, in linear time, so that every page can look up what it needs
(总期号, 续报 both ways, instructions on a report, a unit's reports …)
without scanning the archive again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.content.model import (
    PUBLIC,
    Adoption,
    Award,
    BestOfMonth,
    Erratum,
    Issue,
    Journal,
    Publication,
    Report,
    Series,
    Unit,
    canonical_report_id,
)
from generator.records.stats import Handling, handlings

Audience = Literal["intranet", "public"]
AUDIENCES: tuple[Audience, ...] = ("intranet", "public")


def edition_issue(issue: Issue, journal: Journal, audience: Audience) -> Issue | None:
    """The issue as an edition shows it, or ``None`` when it shows none of it.

    The public edition keeps only reports whose classification is 公开 (report
    overrides issue, issue overrides journal.yml). Of an issue that is not
    itself 公开 it keeps only where and when it appeared: no urgency, 编者按,
    topic, 版记, names or marks, which may speak of what is left out. Built
    from an allow-list, so a field added to :class:`Issue` stays out too."""
    if audience == "intranet":
        return issue
    issue_level = issue.classification or journal.default_classification
    reports = tuple(r for r in issue.reports if (r.classification or issue_level) == PUBLIC)
    if not reports:
        return None
    if issue_level == PUBLIC:
        return dataclasses.replace(issue, reports=reports)
    return Issue(
        series=issue.series,
        year=issue.year,
        number=issue.number,
        path=issue.path,
        date=issue.date,
        reports=reports,
        distribution=(),  # not None, which would show journal.yml's 版记
    )


@dataclass(frozen=True)
class Placed:
    """A report together with the issue it was published in."""

    report: Report
    issue: Issue

    @property
    def date(self) -> dt.date:
        return self.issue.date


@dataclass(frozen=True)
class Catalog:
    audience: Audience
    journal: Journal
    series: Mapping[str, Series]
    units: Mapping[str, Unit]
    issues: Mapping[str, Issue]  # issue key → issue
    issues_by_series: Mapping[str, tuple[Issue, ...]]  # oldest first
    total_number: Mapping[str, int]  # issue key → 总期号
    previous: Mapping[str, Issue]
    next: Mapping[str, Issue]
    reports: Mapping[str, Placed]  # report id → placed report
    followups: Mapping[str, tuple[str, ...]]  # report id → ids of its 续报
    instructions: Mapping[str, tuple[str, ...]]  # report id → ids of instructions on it
    by_unit: Mapping[str, tuple[Placed, ...]]  # newest first, reports only
    by_month: Mapping[tuple[int, int], tuple[Placed, ...]]  # newest first
    by_category: Mapping[str, tuple[Placed, ...]]
    by_tag: Mapping[str, tuple[Placed, ...]]
    publication: Publication  # the whole content, for the statistics pages
    today: dt.date  # "overdue" is judged on this day
    # From the ledger; the office's own records, so the intranet edition only.
    adoptions: Mapping[str, tuple[Adoption, ...]] = field(default_factory=dict)
    best: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # report → (year, month)
    awards: Mapping[str, int] = field(default_factory=dict)  # report → year of its 年度优秀信息
    handling: Mapping[str, Handling] = field(default_factory=dict)  # instruction → handling
    # 勘误 of the reports in this edition, oldest first: a correction is
    # shown wherever the text it corrects is (both editions, the feeds).
    errata: Mapping[str, tuple[Erratum, ...]] = field(default_factory=dict)

    @property
    def public(self) -> bool:
        return self.audience == "public"

    @functools.cached_property
    def series_shown(self) -> tuple[str, ...]:
        """The series with pages of their own: every one on the intranet (one
        not out yet says so), in the public edition only those with public
        issues (a reader of the government website has no use for an empty
        column, nor for the office's description of an internal one)."""
        return tuple(s for s in self.series if not self.public or self.issues_by_series.get(s))

    @functools.cached_property
    def units_shown(self) -> frozenset[str]:
        """The units with pages of their own: every one on the intranet, in
        the public edition only those that sent a public report."""
        if not self.public:
            return frozenset(self.units)
        return frozenset(uid for uid in self.by_unit if uid in self.units)

    def units_of(self, report: Report) -> tuple[str, ...]:
        """A report's units; an instruction without ``unit`` takes those of the
        reports it instructs upon (DESIGN §3 Statistics)."""
        if report.units:
            return report.units
        seen: dict[str, None] = {}
        for target in report.on:
            placed = self.reports.get(target)
            if placed:
                seen.update(dict.fromkeys(placed.report.units))
        return tuple(seen)

    def issues_newest_first(self, series: str) -> tuple[Issue, ...]:
        return tuple(reversed(self.issues_by_series.get(series, ())))

    def classification(self, report: Report, issue: Issue) -> str:
        """Report overrides issue, issue overrides the journal default."""
        return report.classification or issue.classification or self.journal.default_classification


def _newest_first(
    reports: Mapping[str, Placed], order: Mapping[str, int]
) -> Callable[[list[Placed]], tuple[Placed, ...]]:
    """Sorts lists of placed reports newest first. The key orders every
    report (an id appears once), so all are ranked once and each list is
    sorted by rank: at ten years the lists hold 125,000 places."""
    ranked = sorted(
        reports.values(),
        key=lambda p: (p.issue.date, -order[p.issue.series], p.issue.number, p.report.name),
        reverse=True,
    )
    rank = {id(placed): position for position, placed in enumerate(ranked)}

    def newest_first(items: list[Placed]) -> tuple[Placed, ...]:
        # Ranks are unique: the sort never compares two places themselves.
        ranks = map(rank.__getitem__, map(id, items))
        return tuple(placed for _, placed in sorted(zip(ranks, items, strict=True)))

    return newest_first


def build_catalog(
    publication: Publication, audience: Audience = "intranet", today: dt.date | None = None
) -> Catalog:
    """The catalog of one edition: ``intranet`` (everything) or ``public``
    (only 公开 reports; see :func:`edition_issue`). 总期号 always counts every
    issue of the series, as printed."""
    journal = publication.journal
    order = {s.id: i for i, s in enumerate(journal.series)}
    by_series: dict[str, list[Issue]] = defaultdict(list)
    for issue in publication.issues:
        by_series[issue.series].append(issue)
    total: dict[str, int] = {}
    previous: dict[str, Issue] = {}
    following: dict[str, Issue] = {}
    visible: list[Issue] = []
    for series in journal.series:
        issues = sorted(by_series.get(series.id, []), key=lambda i: (i.year, i.number))
        for position, issue in enumerate(issues, start=1):
            total[issue.key] = series.total_start + position
        shown = [e for i in issues if (e := edition_issue(i, journal, audience)) is not None]
        by_series[series.id] = shown
        visible += shown
        for before, after in itertools.pairwise(shown):
            previous[after.key] = before
            following[before.key] = after

    reports: dict[str, Placed] = {}
    followups: dict[str, list[str]] = defaultdict(list)
    instructions: dict[str, list[str]] = defaultdict(list)
    by_unit: dict[str, list[Placed]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[Placed]] = defaultdict(list)
    by_category: dict[str, list[Placed]] = defaultdict(list)
    by_tag: dict[str, list[Placed]] = defaultdict(list)
    for issue in visible:
        instruction_series = journal.series_by_id(issue.series)
        is_instructions = bool(instruction_series and instruction_series.is_instructions)
        for report in issue.reports:
            placed = Placed(report, issue)
            reports[report.id] = placed
            by_month[(issue.date.year, issue.date.month)].append(placed)
            if report.follows:
                followups[canonical_report_id(report.follows)].append(report.id)
            for target in report.on:
                instructions[canonical_report_id(target)].append(report.id)
            if report.category:
                by_category[report.category].append(placed)
            for tag in report.tags:
                by_tag[tag].append(placed)
            if not is_instructions:
                for unit in report.units:
                    by_unit[unit].append(placed)

    newest_first = _newest_first(reports, order)
    errata: dict[str, list[Erratum]] = defaultdict(list)
    for event in publication.ledger:
        if isinstance(event, Erratum) and event.report in reports:
            errata[event.report].append(event)

    def chronological(ids: list[str]) -> tuple[str, ...]:
        return tuple(
            sorted(ids, key=lambda i: (reports[i].date, order[reports[i].issue.series], i))
        )

    return Catalog(
        journal=journal,
        series={s.id: s for s in journal.series},
        units={u.id: u for u in publication.units},
        audience=audience,
        publication=publication,
        today=today or dt.date.today(),
        **(_ledger_facts(publication, today or dt.date.today()) if audience == "intranet" else {}),
        issues={i.key: i for i in visible},
        issues_by_series={k: tuple(v) for k, v in by_series.items()},
        total_number=total,
        previous=previous,
        next=following,
        reports=reports,
        followups={k: chronological(v) for k, v in followups.items()},
        instructions={k: chronological(v) for k, v in instructions.items()},
        by_unit={k: newest_first(v) for k, v in by_unit.items()},
        by_month={k: newest_first(v) for k, v in by_month.items()},
        by_category={k: newest_first(v) for k, v in by_category.items()},
        by_tag={k: newest_first(v) for k, v in by_tag.items()},
        errata={k: tuple(sorted(v, key=lambda e: e.date)) for k, v in errata.items()},
    )


def _ledger_facts(publication: Publication, today: dt.date) -> dict[str, Any]:
    adoptions: dict[str, list[Adoption]] = defaultdict(list)
    best: dict[str, tuple[int, int]] = {}
    awards: dict[str, int] = {}
    for event in publication.ledger:
        if isinstance(event, Adoption):
            adoptions[event.report].append(event)
        elif isinstance(event, BestOfMonth):
            best.update(dict.fromkeys(event.reports, event.month))
        elif isinstance(event, Award):
            awards.update(dict.fromkeys(event.reports, event.year))
    return {
        "adoptions": {k: tuple(sorted(v, key=lambda e: e.date)) for k, v in adoptions.items()},
        "best": best,
        "awards": awards,
        "handling": handlings(publication, today),
    }
