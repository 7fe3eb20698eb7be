"""The ledger: what happened to reports after publication (DESIGN §3 Ledger).

``ledger/*.yml`` files are YAML lists of events (adopted, best, progress,
criticism, bonus, award, closed, erratum).
Loading checks each event on its own; :func:`validate_ledger` relates events
to the published reports, with the same ``path:line: 中文说明`` standard.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from generator.content.diagnostics import Problems, did_you_mean
from generator.content.folders import safe_entries, walk
from generator.content.load_cache import FileMemo, Work
from generator.content.model import (
    PROGRESS_STATUSES,
    Adoption,
    Award,
    BestOfMonth,
    Bonus,
    Closed,
    Criticism,
    Erratum,
    Issue,
    LedgerEvent,
    Progress,
    Publication,
    Report,
    canonical_report_id,
    submission_path,
    urgency_of,
)
from generator.content.references import KnownReports, report_hint
from generator.content.schema import Field, FieldReader
from generator.content.source import YamlMap, parse_yaml

LEDGER_DIR = "ledger"
BEST_PER_MONTH = 10
EVENT_FIELDS: dict[str, dict[str, Field]] = {
    "adopted": {
        "event": Field("text", "事件"),
        "date": Field("date", "采用日期", required=True),
        "report": Field("text", "稿件", required=True),
        "by": Field("text", "采用单位", required=True),
        "where": Field("text", "刊用位置"),
    },
    "best": {
        "event": Field("text", "事件"),
        "date": Field("date", "评选日期", required=True),
        "month": Field("text", "月份", required=True),
        "reports": Field("texts", "入选稿件", required=True),
    },
    "progress": {
        "event": Field("text", "事件"),
        "date": Field("date", "反馈日期", required=True),
        "report": Field("text", "批示", required=True),
        "unit": Field("text", "办理单位", required=True),
        "status": Field("text", "办理状态", required=True, choices=PROGRESS_STATUSES),
        "note": Field("text", "办理情况"),
    },
    "criticism": {
        "event": Field("text", "事件"),
        "date": Field("date", "通报日期", required=True),
        "unit": Field("text", "被通报单位", required=True),
        "reason": Field("text", "通报事由", required=True),
        "report": Field("text", "涉及稿件"),
        "submission": Field("text", "涉及来稿"),
        "points": Field("number", "扣分"),
    },
    "bonus": {
        "event": Field("text", "事件"),
        "date": Field("date", "加分日期", required=True),
        "unit": Field("text", "加分单位", required=True),
        "points": Field("number", "加分", required=True),
        "reason": Field("text", "加分理由", required=True),
        "report": Field("text", "涉及稿件"),
    },
    "closed": {
        "event": Field("text", "事件"),
        "date": Field("date", "结束日期", required=True),
        "report": Field("text", "稿件", required=True),
        "note": Field("text", "说明"),
    },
    "erratum": {
        "event": Field("text", "事件"),
        "date": Field("date", "勘误日期", required=True),
        "report": Field("text", "稿件", required=True),
        "change": Field("text", "勘误内容", required=True),
        "reason": Field("text", "勘误原因", required=True),
    },
    "award": {
        "event": Field("text", "事件"),
        "date": Field("date", "评选日期", required=True),
        "year": Field("count", "年度", required=True),
        "reports": Field("texts", "入选稿件", required=True),
    },
}
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


def load_ledger(
    root: Path, problems: Problems, memo: FileMemo | None = None
) -> tuple[LedgerEvent, ...]:
    folder = root / LEDGER_DIR
    # A linked ledger folder is refused (and reported) by the content walk.
    if folder.is_symlink() or not folder.is_dir():
        return ()
    memo = memo or FileMemo(root, None)
    events: list[LedgerEvent] = []
    for entry in safe_entries(root, folder, problems):
        rel = f"{LEDGER_DIR}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            walk(root, Path(entry.path), problems)  # not read, but MkDocs walks it
        if posixpath.splitext(entry.name)[1] not in (".yml", ".yaml") or not entry.is_file():
            problems.warning(rel, 1, "台账目录中只应有 .yml 文件，此文件不会读取")
            continue
        found = memo.run("ledger", rel, (), functools.partial(_events, rel), problems)
        events.extend(found or ())
    return tuple(events)


def _events(rel: str, text: str, work: Work) -> tuple[LedgerEvent, ...]:
    """The events of the ledger file ``rel``."""
    if not text.strip():
        return ()
    data = parse_yaml(text, rel, 0, work.problems)
    if data is None:
        return ()
    if not isinstance(data, list):
        work.problems.error(rel, 1, "台账应为事件列表（每个事件以 - 开头）")
        return ()
    events = (_event(item, rel, work.problems) for item in data)
    return tuple(event for event in events if event is not None)


def _event(entry: Any, rel: str, problems: Problems) -> LedgerEvent | None:
    if not isinstance(entry, YamlMap):
        problems.error(rel, 1, "台账中的每一项应为键值对（写成 event: … 的形式，冒号为半角）")
        return None
    kind = entry.get("event")
    if kind not in EVENT_FIELDS:
        hint = did_you_mean(str(kind), EVENT_FIELDS) or f"（可选：{'、'.join(EVENT_FIELDS)}）"
        where = entry.line_of("event")
        problems.error(rel, where, f'事件类型 "{kind}" 无效{hint}')
        return None
    values = FieldReader(rel, problems).read(entry, EVENT_FIELDS[kind], "台账事件", entry.line)
    if values is None or any(f.required and n not in values for n, f in EVENT_FIELDS[kind].items()):
        return None
    located: dict[str, Any] = {"path": rel, "line": entry.line, "lines": dict(entry.lines)}
    if kind == "adopted":
        return Adoption(
            date=values["date"],
            report=canonical_report_id(values["report"]),
            by=values["by"],
            where=values.get("where", ""),
            **located,
        )
    if kind == "best":
        month = _MONTH.fullmatch(values["month"])
        if month is None or not 1 <= int(month.group(2)) <= 12:
            problems.error(rel, entry.line_of("month"), f'月份 "{values["month"]}" 应为 YYYY-MM')
            return None
        return BestOfMonth(
            date=values["date"],
            month=(int(month.group(1)), int(month.group(2))),
            reports=tuple(canonical_report_id(r) for r in values["reports"]),
            **located,
        )
    if kind == "criticism":
        return Criticism(
            date=values["date"],
            unit=values["unit"],
            reason=values["reason"],
            report=canonical_report_id(values["report"]) if "report" in values else None,
            submission=submission_path(values["submission"]) if "submission" in values else None,
            points=values.get("points"),
            **located,
        )
    if kind == "bonus":
        return Bonus(
            date=values["date"],
            unit=values["unit"],
            points=values["points"],
            reason=values["reason"],
            report=canonical_report_id(values["report"]) if "report" in values else None,
            **located,
        )
    if kind == "closed":
        return Closed(
            date=values["date"],
            report=canonical_report_id(values["report"]),
            note=values.get("note", ""),
            **located,
        )
    if kind == "erratum":
        return Erratum(
            date=values["date"],
            report=canonical_report_id(values["report"]),
            change=values["change"],
            reason=values["reason"],
            **located,
        )
    if kind == "award":
        return Award(
            date=values["date"],
            year=values["year"],
            reports=tuple(canonical_report_id(r) for r in values["reports"]),
            **located,
        )
    return Progress(
        date=values["date"],
        report=canonical_report_id(values["report"]),
        unit=values["unit"],
        status=values["status"],
        note=values.get("note", ""),
        **located,
    )


def validate_ledger(publication: Publication, problems: Problems) -> None:
    """Relate every event to the published reports and to each other."""
    reports = {r.id: (r, i) for i in publication.issues for r in i.reports}
    known = KnownReports(reports)
    # A broken units.yml is reported once, not as every unit named in the ledger.
    units = {u.id for u in publication.units} if publication.units_readable else None
    instructions = {s.id for s in publication.journal.series if s.is_instructions}
    seen: set[tuple[Any, ...]] = set()
    best_by_month: dict[tuple[int, int], list[tuple[BestOfMonth, str]]] = defaultdict(list)
    awards: list[Award] = []
    submissions = {s.path for s in publication.submissions}

    def target(event: LedgerEvent, key: str, rid: str) -> tuple[Report, Issue] | None:
        found = reports.get(rid)
        if found is None and rid not in publication.unreadable:
            hint = report_hint(rid, known)
            problems.error(event.path, event.line_of(key), f'稿件 "{rid}" 不存在{hint}')
        return found

    def once(event: LedgerEvent, key: tuple[Any, ...], what: str) -> None:
        if key in seen:
            problems.error(event.path, event.line, f"重复的{what}")
        seen.add(key)

    def after_publication(event: LedgerEvent, issue: Issue, key: str) -> None:
        if event.date < issue.date:
            problems.error(
                event.path,
                event.line_of("date"),
                f"日期 {event.date} 早于该稿件的印发日期 {issue.date}",
            )

    for event in publication.ledger:
        if isinstance(event, Adoption):
            found = target(event, "report", event.report)
            once(event, ("adopted", event.report, event.by, event.where), "采用记录")
            if found:
                after_publication(event, found[1], "report")
        elif isinstance(event, BestOfMonth):
            for rid in event.reports:
                found = target(event, "reports", rid)
                best_by_month[event.month].append((event, rid))
                once(event, ("best", event.month, rid), f"月度最佳记录（{rid}）")
                if found and (found[1].date.year, found[1].date.month) != event.month:
                    problems.error(
                        event.path,
                        event.line_of("reports"),
                        f'稿件 "{rid}" 刊发于 {found[1].date}，不是 {event.month[0]}年{event.month[1]}月的信息',
                    )
            last_day = _month_end(event.month)
            if event.date < dt.date(*event.month, 1) or event.date > last_day + dt.timedelta(
                days=31
            ):
                problems.error(event.path, event.line_of("date"), "评选日期应在该月之中或次月")
        elif isinstance(event, Progress):
            _check_progress(event, target, units, instructions, problems)
            once(
                event, ("progress", event.report, event.unit, event.date, event.status), "办理反馈"
            )
        elif isinstance(event, Award):
            awards.append(event)
        elif isinstance(event, Erratum):
            found = target(event, "report", event.report)
            once(event, ("erratum", event.report, event.date, event.change), "勘误记录")
            if found:
                after_publication(event, found[1], "report")
        elif isinstance(event, Closed):
            found = target(event, "report", event.report)
            once(event, ("closed", event.report), "续报结束记录")
            if found:
                after_publication(event, found[1], "report")
                if urgency_of(*found) is None:
                    problems.error(
                        event.path,
                        event.line_of("report"),
                        f'稿件 "{event.report}" 不是紧急信息（特急、紧急），无需记录续报结束',
                    )
        else:
            _check_unit(event, units, problems)
            if event.report is not None:
                target(event, "report", event.report)
            submission = event.submission if isinstance(event, Criticism) else None
            if submission is not None and submission not in submissions:
                hint = did_you_mean(submission, submissions)
                problems.error(
                    event.path, event.line_of("submission"), f'来稿 "{submission}" 不存在{hint}'
                )
    best_of_year = {(m[0], rid) for m, entries in best_by_month.items() for _, rid in entries}
    for award in awards:
        for rid in award.reports:
            once(award, ("award", award.year, rid), f"年度优秀信息记录（{rid}）")
            if (award.year, rid) not in best_of_year:
                problems.error(
                    award.path,
                    award.line_of("reports"),
                    f'稿件 "{rid}" 不是 {award.year} 年的月度最佳信息：年度优秀信息只能从当年的月度最佳中评选',
                )
    for month, entries in best_by_month.items():
        if len(entries) > BEST_PER_MONTH:
            event, _ = entries[BEST_PER_MONTH]
            problems.error(
                event.path,
                event.line_of("reports"),
                f"{month[0]}年{month[1]}月的月度最佳信息有 {len(entries)} 条，超过 {BEST_PER_MONTH} 条",
            )


def _check_progress(
    event: Progress,
    target: Any,
    units: set[str] | None,
    instructions: set[str],
    problems: Problems,
) -> None:
    found = target(event, "report", event.report)
    if units is not None and event.unit not in units:
        hint = did_you_mean(event.unit, units)
        problems.error(
            event.path, event.line_of("unit"), f'办理单位 "{event.unit}" 不在单位名录中{hint}'
        )
    if found is None:
        return
    report, issue = found
    if issue.series not in instructions:
        problems.error(
            event.path, event.line_of("report"), f'"{event.report}" 不是领导批示，不能记录办理反馈'
        )
        return
    if (
        report.assigned
        and event.unit not in report.assigned
        and (units is None or event.unit in units)
    ):
        assigned = "、".join(report.assigned)
        problems.error(
            event.path,
            event.line_of("unit"),
            f'单位 "{event.unit}" 不是该批示的交办单位（交办：{assigned}）',
        )
    if event.date < issue.date:
        problems.error(
            event.path,
            event.line_of("date"),
            f"反馈日期 {event.date} 早于批示印发日期 {issue.date}",
        )


def _check_unit(event: Criticism | Bonus, units: set[str] | None, problems: Problems) -> None:
    if units is not None and event.unit not in units:
        hint = did_you_mean(event.unit, units)
        problems.error(
            event.path, event.line_of("unit"), f'单位 "{event.unit}" 不在单位名录中{hint}'
        )


def _month_end(month: tuple[int, int]) -> dt.date:
    year, number = month
    following = dt.date(year + (number == 12), number % 12 + 1, 1)
    return following - dt.timedelta(days=1)
