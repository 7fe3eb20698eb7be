"""Rules that relate files to each other (DESIGN §3 Validation).

:mod:`generator.content.load` has already checked each file on its own; here every
reference is resolved and every date compared, and all problems are added to
the same list so an editor sees them in one run.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass

from generator.content.diagnostics import Problems, did_you_mean
from generator.content.model import (
    Issue,
    Publication,
    Report,
    Submission,
    Unit,
    canonical_report_id,
)
from generator.content.references import KnownReports, report_hint


def validate(publication: Publication, problems: Problems) -> None:
    _Validator(publication, problems).run()


@dataclass
class _Validator:
    publication: Publication
    problems: Problems

    def run(self) -> None:
        journal = self.publication.journal
        self.units = {u.id: u for u in self.publication.units}
        self.series = {s.id: s for s in journal.series}
        # A report whose issue is unknown (its index.md is broken) maps to None.
        self.reports: dict[str, tuple[Report, Issue | None]] = {
            r.id: (r, issue) for issue in self.publication.issues for r in issue.reports
        }
        self.reports.update((r.id, (r, None)) for r in self.publication.loose_reports)
        self.known = KnownReports(self.reports)
        # Every folder above an unreadable report: an issue whose report could
        # not be read is not "without reports".
        self.above_unreadable = {
            rid[:end]
            for rid in self.publication.unreadable
            for end, char in enumerate(rid)
            if char == "/"
        }
        self.submissions = {s.path: s for s in self.publication.submissions}
        self.taken: dict[str, Report] = {}  # 来稿 path → the report taken from it
        for submission in self.publication.submissions:
            day = submission.received.date()
            self._check_units(submission, "unit", submission.units, day, "报送单位")
            self._check_terms(submission)
        for issue in self.publication.issues:
            self._check_issue(issue)
            for report in issue.reports:
                self._check_report(report, issue)
        for report in self.publication.loose_reports:
            self._check_report(report, None)
        self._check_numbering()
        self._check_follow_cycles()

    def _check_issue(self, issue: Issue) -> None:
        path = issue.index_path
        if issue.date.year != issue.year:
            self.problems.error(
                path,
                issue.line_of("date"),
                f"印发日期 {issue.date} 不在所在年份目录 {issue.year} 内",
            )
        series = self.series[issue.series]
        if series.single_topic and not issue.topic:
            self.problems.error(path, 1, f"{series.name}每期须有主题：请填写 topic")
        if not issue.reports and issue.key not in self.above_unreadable:
            self.problems.warning(path, 1, "本期没有稿件")

    def _check_report(self, report: Report, issue: Issue | None) -> None:
        """Every rule for one report; those comparing with the issue date only
        when the issue could be read."""
        issue_date = issue.date if issue else None
        day = report.date or issue_date
        self._check_units(report, "unit", report.units, day, "报送单位")
        self._check_units(report, "assigned", report.assigned, issue_date, "交办单位")
        self._check_terms(report)
        if report.source is not None:
            self._check_source(report, issue)
        if report.date and issue_date and report.date > issue_date:
            self.problems.error(
                report.path,
                report.line_of("date"),
                f"报送日期 {report.date} 晚于本期印发日期 {issue_date}",
            )
        if report.due and issue_date and report.due < issue_date:
            self.problems.error(
                report.path, report.line_of("due"), f"办理时限 {report.due} 早于批示印发日期"
            )
        if report.follows is not None:
            self._check_reference(report, issue, "follows", report.follows, "续报的原稿")
        for target in report.on:
            self._check_reference(report, issue, "on", target, "批示对象")

    def _check_terms(self, item: Report | Submission) -> None:
        """Category and kind, from journal.yml's lists."""
        journal = self.publication.journal
        for key, value, allowed, label in (
            ("category", item.category, journal.categories, "分类"),
            ("kind", item.kind, journal.kinds, "信息类型"),
        ):
            if value is not None and self.publication.journal_readable and value not in allowed:
                hint = did_you_mean(value, allowed) or f"（可选：{'、'.join(allowed)}）"
                self.problems.error(
                    item.path, item.line_of(key), f'{label} "{value}" 不在 journal.yml 中{hint}'
                )

    def _check_source(self, report: Report, issue: Issue | None) -> None:
        """``from:`` names a 来稿 of inbox/, received by the issue's date,
        and taken into one report only."""
        assert report.source is not None
        line = report.line_of("from")
        path = report.source
        submission = self.submissions.get(path)
        if submission is None:
            hint = did_you_mean(path, self.submissions)
            self.problems.error(
                report.path,
                line,
                f'来稿 "{report.source}" 不存在{hint}；from 应写 inbox/<年>/<月>/ 中的来稿文件',
            )
            return
        if issue is not None and issue.date < submission.received.date():
            self.problems.error(
                report.path,
                line,
                f"本期印发日期 {issue.date} 早于来稿的收稿时间 {submission.received:%Y-%m-%d %H:%M}",
            )
        other = self.taken.setdefault(path, report)
        if other is not report:
            self.problems.warning(
                report.path, line, f"来稿 {path} 已用于 {other.path}，同一篇来稿采用了两次"
            )

    def _check_units(
        self,
        report: Report | Submission,
        key: str,
        unit_ids: tuple[str, ...],
        day: dt.date | None,
        label: str,
    ) -> None:
        line = report.line_of(key)
        seen: set[str] = set()
        for uid in unit_ids:
            if uid in seen:
                self.problems.error(report.path, line, f'{label} "{uid}" 重复列出')
                continue
            seen.add(uid)
            unit = self.units.get(uid)
            if unit is None and not self.publication.units_readable:
                continue  # units.yml is broken and already reported
            if unit is None:
                hint = did_you_mean(uid, self.units)
                self.problems.error(report.path, line, f'{label} "{uid}" 不在单位名录中{hint}')
            elif key == "unit" and day is not None:
                self._check_membership(report, unit, line, day)

    def _check_membership(
        self, report: Report | Submission, unit: Unit, line: int, day: dt.date
    ) -> None:
        if unit.since and day < unit.since:
            self.problems.error(
                report.path,
                line,
                f'报送单位 "{unit.id}"（{unit.name}）{unit.since} 才加入信息网络，早于此日期不能报送',
            )
        elif unit.until and day > unit.until:
            self.problems.warning(
                report.path,
                line,
                f'报送单位 "{unit.id}"（{unit.name}）已于 {unit.until} 退出信息网络',
            )

    def _check_reference(
        self, report: Report, issue: Issue | None, key: str, reference: str, label: str
    ) -> None:
        line = report.line_of(key)
        target_id = canonical_report_id(reference)
        found = self.reports.get(target_id)
        if found is None and target_id in self.publication.unreadable:
            return  # the target's own file is already reported
        if found is None:
            hint = report_hint(target_id, self.known)
            self.problems.error(report.path, line, f'{label} "{reference}" 不存在{hint}')
            return
        target, target_issue = found
        if target.id == report.id:
            self.problems.error(report.path, line, f"{label}不能是本稿件自己")
            return
        later = (
            issue is not None
            and target_issue is not None
            and (
                target_issue.date > issue.date
                or (target_issue is issue and _position(issue, target) > _position(issue, report))
            )
        )
        if later and target_issue is not None:
            self.problems.error(
                report.path,
                line,
                f'{label} "{reference}" 刊发于 {target_issue.date}，晚于本稿件，不能引用',
            )
        target_series = self.series.get(target.id.split("/", 1)[0])
        if key == "on" and target_series is not None and target_series.is_instructions:
            self.problems.error(
                report.path, line, f'批示对象 "{reference}" 本身是一条批示，应指向报送的信息'
            )

    def _check_numbering(self) -> None:
        by_year: dict[tuple[str, int], list[Issue]] = defaultdict(list)
        for issue in self.publication.issues:
            by_year[(issue.series, issue.year)].append(issue)
        first_year: dict[str, int] = {}
        for series, year in sorted(by_year):
            first_year.setdefault(series, year)
        for (series, year), issues in by_year.items():
            issues.sort(key=lambda i: i.number)
            if year != first_year[series] and issues[0].number > 1:
                self.problems.warning(
                    issues[0].index_path, 1, f"漏号：{year}年第1期至第{issues[0].number - 1}期缺失"
                )
            for before, after in itertools.pairwise(issues):
                if after.number > before.number + 1:
                    missing = _range_text(before.number + 1, after.number - 1)
                    self.problems.warning(after.index_path, 1, f"漏号：{year}年{missing}缺失")
                if after.date < before.date:
                    self.problems.warning(
                        after.index_path,
                        after.line_of("date"),
                        f"印发日期 {after.date} 早于上一期（第{before.number}期，{before.date}）",
                    )

    def _check_follow_cycles(self) -> None:
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        for start in self.reports:
            path: list[str] = []
            current: str | None = start
            while current is not None and current in self.reports and current not in state:
                state[current] = 1
                path.append(current)
                follows = self.reports[current][0].follows
                current = canonical_report_id(follows) if follows else None
            if current is not None and state.get(current) == 1:
                looped = self.reports[current][0]
                self.problems.error(looped.path, looped.line_of("follows"), "续报关系形成了循环")
            for rid in path:
                state[rid] = 2


def _position(issue: Issue, report: Report) -> int:
    return next(i for i, r in enumerate(issue.reports) if r.id == report.id)


def _range_text(first: int, last: int) -> str:
    return f"第{first}期" if first == last else f"第{first}期至第{last}期"
