"""journal.yml's assessment settings against units.yml and inbox/: the
reporting duties, the time limits of urgent matters and the research quotas
name units and groups that must exist, with numbers that make sense.

Checked apart from :mod:`generator.content.validate` (which relates content
files to each other) because these rules are about the office's method,
not about any one report.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.content.diagnostics import Problems, did_you_mean
from generator.content.load import JOURNAL_FILE
from generator.content.model import URGENCIES, Publication

DEFAULT = "default"


def validate_settings(publication: Publication, problems: Problems) -> None:
    journal = publication.journal
    if not publication.journal_readable:
        return
    units = {u.id for u in publication.units}
    groups = {u.group for u in publication.units if u.group}
    # A broken units.yml is reported once, not as every key that names a unit.
    checkable = publication.units_readable

    def keys(what: str, values: Mapping[str, int], allowed: set[str], label: str) -> None:
        for key, value in values.items():
            line = journal.line_of(f"{what}.{key}")
            if checkable and key not in allowed:
                hint = did_you_mean(key, allowed)
                problems.error(JOURNAL_FILE, line, f'{label}中的 "{key}" {_not_found(what)}{hint}')
            if not (isinstance(value, int) and value > 0):
                problems.error(JOURNAL_FILE, line, f'{label}中 "{key}" 的数目应为正整数')

    every = units | groups | {DEFAULT}
    keys("duties.daily", journal.duties.daily, every, "每日报送任务（duties.daily）")
    keys("duties.weekly", journal.duties.weekly, every, "每周报送任务（duties.weekly）")
    both = journal.duties.holidays & journal.duties.workdays
    for day in sorted(both):
        problems.error(
            JOURNAL_FILE,
            journal.line_of("duties.workdays"),
            f"{day} 既列为节假日（holidays）又列为调休上班日（workdays）",
        )
    quotas = journal.quotas
    keys("quotas.research", quotas.get("research", {}), every, "调研信息任务（quotas.research）")
    keys(
        "quotas.research_total",
        quotas.get("research_total", {}),
        groups,
        "全组调研信息任务（quotas.research_total）",
    )
    for urgency, minutes in journal.time_limits.items():
        line = journal.line_of(f"time_limits.{urgency}")
        if urgency not in URGENCIES:
            problems.error(
                JOURNAL_FILE,
                line,
                f'报送时限（time_limits）中的 "{urgency}" 不是紧急程度（可选：{"、".join(URGENCIES)}）',
            )
        if not (isinstance(minutes, int) and minutes > 0):
            problems.error(JOURNAL_FILE, line, f'报送时限 "{urgency}" 应为正整数（分钟）')
    for submission in publication.submissions:
        if submission.urgency in journal.time_limits and submission.occurred is None:
            problems.warning(
                submission.path,
                submission.line_of("urgency"),
                f"{submission.urgency}来稿没有写发生时间（occurred），无法核对是否超过报送时限",
            )


def _not_found(what: str) -> str:
    if what.endswith("research_total"):
        return "不是 units.yml 中的分组（group）"
    return f"既不是单位标识，也不是 units.yml 中的分组（group），也不是 {DEFAULT}"
