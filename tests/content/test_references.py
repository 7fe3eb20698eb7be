"""A reference to a report that does not exist suggests the report meant:
first by name in the written issue, then in the same series and year."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.references import KnownReports
from tests.helpers import edit, problems_in, write

REAL = "kuaibao/2026/175/02-火情"
LEDGER = "ledger/2026.yml"
BEST = "- event: best\n  date: 2026-03-31\n  month: 2026-03\n  reports: [{ref}]\n"


def _plant_issues(root: Path) -> None:
    """Issue 175 holds 02-火情; issue 187 holds a report named plainly 02,
    which is closer in spelling to ``175/02`` than the real one is."""
    report = "---\ntitle: {title}\nunit: yiqu\n---\n正文\n"
    write(root, "kuaibao/2026/175/index.md", "---\ndate: 2026-03-05\n---\n")
    write(root, "kuaibao/2026/175/01.md", report.format(title="第一篇"))
    write(root, f"{REAL}.md", report.format(title="火情"))
    write(root, "kuaibao/2026/187/index.md", "---\ndate: 2026-03-06\n---\n")
    write(root, "kuaibao/2026/187/02.md", report.format(title="另一期"))


def _follows(root: Path, ref: str) -> tuple[str, int]:
    edit(root, "kuaibao/2026/002/01.md", "kuaibao/2026/001/01", ref)
    return "kuaibao/2026/002/01.md", 5


def _on(root: Path, ref: str) -> tuple[str, int]:
    edit(root, "pishi/2026/001/01.md", "[kuaibao/2026/001/01]", f"[{ref}]")
    return "pishi/2026/001/01.md", 3


def _adopted(root: Path, ref: str) -> tuple[str, int]:
    edit(root, LEDGER, "report: kuaibao/2026/001/01", f"report: {ref}")
    return LEDGER, 3


def _best(root: Path, ref: str) -> tuple[str, int]:
    with (root / LEDGER).open("a", encoding="utf-8") as ledger:
        ledger.write(BEST.format(ref=ref))
    return LEDGER, 8


FIELDS: dict[str, Callable[[Path, str], tuple[str, int]]] = {
    "follows": _follows,
    "on": _on,
    "ledger_report": _adopted,
    "ledger_reports": _best,
}
VARIANTS = {
    "name_without_keyword": ("kuaibao/2026/175/02", REAL),
    "number_without_zero": ("kuaibao/2026/175/2", REAL),
    "with_md_suffix": ("kuaibao/2026/175/02.md", REAL),
    "keyword_cut_short": ("kuaibao/2026/175/02-火", REAL),
    "keyword_mistyped": ("kuaibao/2026/175/02-活情", REAL),
    "wrong_issue_right_name": ("kuaibao/2026/176/02-火情", REAL),
    "wrong_issue_short_name": ("kuaibao/2026/174/02", REAL),
    "plain_name_in_its_issue": ("kuaibao/2026/187/2", "kuaibao/2026/187/02"),
    "other_report_of_the_issue": ("kuaibao/2026/175/1", "kuaibao/2026/175/01"),
}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("field", FIELDS)
def test_dangling_reference_suggests_the_report_meant(
    content: Path, field: str, variant: str
) -> None:
    _plant_issues(content)
    written, meant = VARIANTS[variant]
    path, line = FIELDS[field](content, written)
    messages = [p.message for p in problems_in(content) if (p.path, p.line) == (path, line)]
    assert any(f'不存在（是否为 "{meant}"？）' in m for m in messages), messages


_ID_PARTS = st.sampled_from(
    ["kuaibao", "kuai", "2026", "2025", "20", "001", "01", "1", "02-火情", ""]
)


@given(
    ids=st.lists(st.lists(_ID_PARTS, min_size=1, max_size=5).map("/".join), max_size=30),
    prefix=st.lists(_ID_PARTS, min_size=1, max_size=2).map("/".join),
)
def test_the_report_index_finds_what_a_scan_of_every_id_finds(ids: list[str], prefix: str) -> None:
    """Hints look only at one series' year; they must see every id a scan
    of the whole archive would (the order decides between equally near names)."""
    known = KnownReports(ids)
    assert sorted(known.starting_with(prefix)) == sorted(k for k in ids if k.startswith(prefix))
    year = prefix if "/" in prefix else f"{prefix}/2026"
    assert known.in_year(year) == [k for k in ids if k.startswith(f"{year}/")]
