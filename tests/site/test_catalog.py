"""Numbering and cross-links derived from the model."""

from __future__ import annotations

from pathlib import Path

from generator.content.pipeline import load_and_validate
from generator.site.catalog import build_catalog
from tests.helpers import write


def _catalog(root: Path):
    publication, problems = load_and_validate(root)
    assert publication is not None and not problems.errors, problems
    return build_catalog(publication)


def test_total_number_is_total_start_plus_position_in_series(content: Path) -> None:
    catalog = _catalog(content)
    assert catalog.total_number["kuaibao/2026/001"] == 1201
    assert catalog.total_number["kuaibao/2026/002"] == 1202
    assert catalog.total_number["yaoqing/2026/001"] == 41
    assert catalog.total_number["pishi/2026/001"] == 1


def test_total_number_continues_across_years(content: Path) -> None:
    write(content, "kuaibao/2027/001/index.md", "---\ndate: 2027-01-04\n---\n")
    write(content, "kuaibao/2027/001/01.md", "---\ntitle: 新年第一期\nunit: yiqu\n---\n正文\n")
    catalog = _catalog(content)
    assert catalog.total_number["kuaibao/2027/001"] == 1203
    assert catalog.next["kuaibao/2026/002"].key == "kuaibao/2027/001"
    assert catalog.previous["kuaibao/2027/001"].key == "kuaibao/2026/002"


def test_follow_ups_and_instructions_are_linked_both_ways(content: Path) -> None:
    catalog = _catalog(content)
    original = "kuaibao/2026/001/01"
    assert catalog.followups[original] == ("kuaibao/2026/002/01",)
    assert catalog.instructions[original] == ("pishi/2026/001/01",)


def test_instruction_without_unit_takes_the_units_of_what_it_instructs(content: Path) -> None:
    catalog = _catalog(content)
    instruction = catalog.reports["pishi/2026/001/01"].report
    assert catalog.units_of(instruction) == ("jiaxian",)


def test_unit_index_lists_joint_reports_for_every_unit(content: Path) -> None:
    catalog = _catalog(content)
    joint = "kuaibao/2026/001/02"
    assert joint in [p.report.id for p in catalog.by_unit["jiaxian"]]
    assert joint in [p.report.id for p in catalog.by_unit["yiqu"]]
    # Instructions are not the unit's own reports.
    assert "pishi/2026/001/01" not in [p.report.id for p in catalog.by_unit["jiaxian"]]


def test_reference_with_unpadded_number_resolves(content: Path) -> None:
    from tests.helpers import edit

    edit(content, "kuaibao/2026/002/01.md", "kuaibao/2026/001/01", "kuaibao/2026/1/01")
    catalog = _catalog(content)
    assert catalog.followups["kuaibao/2026/001/01"] == ("kuaibao/2026/002/01",)
