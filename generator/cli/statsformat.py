"""``kanwu stats`` output: a terminal table, CSV for WPS/Excel, or JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from generator.records.periods import Period
from generator.records.stats import UnitRow

COLUMNS = (
    ("id", "单位标识"),
    ("name", "单位"),
    ("group", "分组"),
    ("published", "刊发"),
    ("adopted", "采用"),
    ("instructed", "获批示"),
    ("best", "月度最佳"),
    ("research", "调研信息"),
    ("points", "积分"),
)


def report_stats(period: Period, rows: Iterable[UnitRow], fmt: str) -> str:
    records = [row.as_dict() for row in rows]
    if fmt == "json":
        return json.dumps({"period": period.key, "units": records}, ensure_ascii=False, indent=2)
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # a BOM, so WPS and Excel read UTF-8
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([label for _, label in COLUMNS])
        writer.writerows(
            [[_spreadsheet_cell(_cell(record[key])) for key, _ in COLUMNS] for record in records]
        )
        return buffer.getvalue()
    table = Table(title=f"{period.label}信息工作统计", title_justify="left")
    for key, label in COLUMNS:
        table.add_column(label, justify="right" if key not in ("id", "name", "group") else "left")
    for record in records:
        # Text, not Rich markup: a unit named 「甲县[/b]」 must print as written.
        table.add_row(*(Text(_cell(record[key])) for key, _ in COLUMNS))
    console = Console(record=True, width=120, force_terminal=False)
    with console.capture() as capture:
        console.print(table)
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


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
