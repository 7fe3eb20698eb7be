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
    ("points", "积分"),
)
# Columns a terminal shows only when the period has any (CSV and JSON
# always have every column): the 来稿's, the ledger's, the duties'.
OPTIONAL = (
    ("submitted", "used", "rate"),
    ("awarded", "bonus", "criticized"),
    ("late", "missed_days", "missed_weeks", "waiting"),
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
        buffer = io.StringIO()
        buffer.write("\ufeff")  # a BOM, so WPS and Excel read UTF-8
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([label for _, label in COLUMNS])
        writer.writerows(
            [
                [_spreadsheet_cell(_cell(record[key], key)) for key, _ in COLUMNS]
                for record in records
            ]
        )
        return buffer.getvalue()
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
    if isinstance(value, list):  # the missed days or weeks: how many
        return str(len(value))
    if key == "rate":
        return "—" if value is None else f"{float(value):.1%}"  # type: ignore[arg-type]
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
