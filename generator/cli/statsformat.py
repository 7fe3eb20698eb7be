"""``kanwu stats`` output: a terminal table, CSV for WPS/Excel, or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping

from rich.console import Console
from rich.table import Table
from rich.text import Text

from generator.records.periods import Period
from generator.records.quotas import GroupQuota
from generator.records.review import QuarterReview, SeriesReview
from generator.records.stats import UnitRow

COLUMNS = (
    ("id", "单位标识"),
    ("name", "单位"),
    ("group", "分组"),
    ("submitted", "报送"),
    ("used", "采用"),
    ("rate", "采用率"),
    ("published", "刊发"),
    ("adopted", "上级采用"),
    ("instructed", "获批示"),
    ("best", "月度最佳"),
    ("research", "调研信息"),
    ("quota", "调研任务"),
    ("awarded", "年度优秀"),
    ("bonus", "加分"),
    ("criticized", "通报批评"),
    ("late", "迟报"),
    ("missed_days", "缺报天数"),
    ("missed_weeks", "缺报周数"),
    ("waiting", "待续报"),
    ("flagged", "校对问题"),
    ("corrected", "勘误"),
    ("points", "积分"),
)
# Columns a terminal shows only when the period has any (CSV and JSON
# always have every column): the 来稿's, the ledger's, the duties', 无差错's.
OPTIONAL = (
    ("submitted", "used", "rate"),
    ("awarded", "bonus", "criticized"),
    ("late", "missed_days", "missed_weeks", "waiting"),
    ("flagged", "corrected"),
    ("quota",),
)


def report_stats(
    period: Period,
    rows: Iterable[UnitRow],
    fmt: str,
    quotas: Mapping[str, int] | None = None,
    groups: Iterable[GroupQuota] = (),
) -> str:
    """The units' ``rows``; for a year, with each unit's research ``quotas``
    (unit id → quota) and the ``groups``' quotas as a whole."""
    records = [{**row.as_dict(), "quota": (quotas or {}).get(row.unit.id)} for row in rows]
    totals = [
        {"group": g.group, "quota": g.quota, "done": g.done, "behind": g.behind} for g in groups
    ]
    if fmt == "json":
        data = {"period": period.key, "units": records, "group_quotas": totals}
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "csv":
        return _csv(COLUMNS, records)
    table = Table(title=f"{period.label}信息工作统计", title_justify="left")
    dropped: set[str] = set()
    for group in OPTIONAL:
        if not any(record[key] for record in records for key in group):
            dropped.update(group)
    columns = [(key, label) for key, label in COLUMNS if key not in dropped]
    for key, label in columns:
        table.add_column(label, justify="right" if key not in ("id", "name", "group") else "left")
    for record in records:
        # Text, not Rich markup: a unit named 「甲县[/b]」 must print as written.
        table.add_row(*(Text(_cell(record[key], key)) for key, _ in columns))
    console = Console(record=True, width=200, force_terminal=False)
    with console.capture() as capture:
        console.print(table)
        for total in totals:
            console.print(
                Text(
                    f"{total['group']}调研信息任务（全组合计）{total['quota']}条，"
                    f"已完成{total['done']}条"
                    + (f"，尚差{total['behind']}条。" if total["behind"] else "。")
                )
            )
    return capture.get().rstrip("\n")


REVIEW_COLUMNS = (
    ("series", "专刊"),
    ("issues", "印发期数"),
    ("reports", "信息"),
    ("adopted", "被采用"),
    ("rate", "采用率"),
    ("findings", "校对问题"),
    ("flawless", "无差错信息"),
    ("errata", "勘误"),
    ("best", "月度最佳"),
)


def report_review(review: QuarterReview, fmt: str) -> str:
    """A quarter's 集体评刊 (generator.records.review): a row per series and
    the whole journal; JSON and the terminal also list the findings, the
    勘误 and the month's best."""
    records = [_review_record(row) for row in (*review.rows, review.total)]
    if fmt == "csv":
        return _csv(REVIEW_COLUMNS, records)
    flagged = [
        {
            "report": f.report.id,
            "title": f.report.title,
            "path": f.report.path,
            "rules": dict(f.rules),
        }
        for f in review.flagged
    ]
    errata = [
        {
            "date": c.erratum.date.isoformat(),
            "report": c.report.id,
            "title": c.report.title,
            "change": c.erratum.change,
            "reason": c.erratum.reason,
        }
        for c in review.errata
    ]
    best = [
        {"month": f"{p.month[0]}-{p.month[1]:02d}", "report": p.report.id, "title": p.report.title}
        for p in review.best
    ]
    if fmt == "json":
        data = {
            "period": review.period.key,
            "series": records[:-1],
            "total": records[-1],
            "findings_by_rule": dict(review.by_rule),
            "findings": flagged,
            "errata": errata,
            "best": best,
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    table = Table(title=f"{review.period.label}集体评刊", title_justify="left")
    for key, label in REVIEW_COLUMNS:
        table.add_column(label, justify="left" if key == "series" else "right")
    for record in records:
        table.add_row(*(Text(_cell(record[key], key)) for key, _ in REVIEW_COLUMNS))
    lines = [
        "校对发现的问题：" + "，".join(f"{rule}{count}处" for rule, count in review.by_rule) + "。",
        *(
            f"  {f.report.path}：{f.report.title}（"
            + "、".join(f"{rule}{n}处" for rule, n in f.rules)
            + "）"
            for f in review.flagged
        ),
        f"勘误{len(errata)}处" + ("：" if errata else "。"),
        *(
            f"  {e['date']} {e['report']}《{e['title']}》：{e['change']}（{e['reason']}）"
            for e in errata
        ),
        f"月度最佳信息{len(best)}条" + ("：" if best else "。"),
        *(f"  {b['month']} {b['report']}《{b['title']}》" for b in best),
    ]
    console = Console(record=True, width=200, force_terminal=False)
    with console.capture() as capture:
        console.print(table)
        for line in lines:
            console.print(Text(line))
    return capture.get().rstrip("\n")


def _review_record(row: SeriesReview) -> dict[str, object]:
    return {
        "series": row.series.name,
        "series_id": row.series.id,
        "issues": row.issues,
        "reports": row.reports,
        # An instruction is not adopted: its series has no such figure.
        "adopted": row.adopted if row.adoptable or not row.reports else None,
        "rate": row.rate,
        "findings": row.findings,
        "flawless": row.flawless,
        "errata": row.errata,
        "best": row.best,
    }


def _csv(columns: Iterable[tuple[str, str]], records: Iterable[Mapping[str, object]]) -> str:
    columns = tuple(columns)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # a BOM, so WPS and Excel read UTF-8
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _, label in columns])
    writer.writerows(
        [[_spreadsheet_cell(_cell(record[key], key)) for key, _ in columns] for record in records]
    )
    return buffer.getvalue()


# A cell starting with one of these is a formula to WPS and Excel.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_cell(text: str) -> str:
    """Text that a spreadsheet shows as written and never runs as a formula;
    numbers (negative points too) stay numbers."""
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cell(value: object, key: str = "") -> str:
    if value is None and key == "quota":
        return ""
    if value is None and key == "adopted":
        return "—"
    if isinstance(value, list):  # the missed days or weeks: how many
        return str(len(value))
    if key == "rate":
        return "—" if value is None else f"{float(value):.1%}"  # type: ignore[arg-type]
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
