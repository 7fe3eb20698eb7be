"""Research quotas (journal.yml ``quotas``): a year's 调研信息 against each
unit's quota — its own (by unit id), else its group's, else ``default`` —
and against a group's quota as a whole (``research_total``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.content.model import Unit
from generator.records.periods import Period
from generator.records.stats import Ledger


@dataclass(frozen=True)
class QuotaRow:
    unit: Unit
    quota: int
    done: int

    @property
    def behind(self) -> int:
        return max(self.quota - self.done, 0)


def research_quotas(ledger: Ledger, year_period: Period) -> tuple[QuotaRow, ...]:
    """Yearly research reports against each unit's quota: its own (by unit
    id), else its group's, else ``default``; the units furthest behind
    first. Empty when journal.yml sets no quotas per unit."""
    quotas = ledger.publication.journal.quotas.get("research", {})
    if not quotas:
        return ()
    stats = ledger.stats(year_period)
    rows = [QuotaRow(row.unit, _quota(quotas, row.unit), row.research) for row in stats.rows]
    rows.sort(key=lambda r: (-r.behind, ledger.order[r.unit.id]))
    return tuple(r for r in rows if r.quota > 0)


def _quota(quotas: Mapping[str, int], unit: Unit) -> int:
    for key in (unit.id, unit.group, "default"):
        if key and key in quotas:
            return int(quotas[key])
    return 0


@dataclass(frozen=True)
class GroupQuota:
    """A group's research quota as a whole (``quotas.research_total``)."""

    group: str
    quota: int
    done: int
    units: tuple[QuotaRow, ...]  # what each unit of the group did

    @property
    def behind(self) -> int:
        return max(self.quota - self.done, 0)


def group_quotas(ledger: Ledger, year_period: Period) -> tuple[GroupQuota, ...]:
    """Each group's research reports of the year against its quota as a
    whole, in journal.yml's order. A joint report of two units of one
    group counts once for the group."""
    totals = ledger.publication.journal.quotas.get("research_total", {})
    if not totals:
        return ()
    stats = ledger.stats(year_period)
    found = []
    for group, quota in totals.items():
        rows = tuple(
            QuotaRow(row.unit, 0, row.research) for row in stats.rows if row.unit.group == group
        )
        members = {row.unit.id for row in rows}
        reports = {
            c.report
            for c in ledger.between(year_period)
            if c.measure == "research" and c.unit in members
        }
        found.append(GroupQuota(group, int(quota), len(reports), rows))
    return tuple(found)
