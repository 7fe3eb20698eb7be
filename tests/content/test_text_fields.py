"""A text field keeps exactly what the editor wrote: YAML 1.1 reads ``010`` as
8, ``12:30`` as 750 and ``0x1F`` as 31, but a title, tag or name is text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.content.load import load
from generator.content.model import Adoption, Progress, Publication
from tests.helpers import built_site, edit, write
from tests.site_html import page

# Plain scalars that YAML 1.1 would read as something other than the text.
SCALARS = (
    "010",
    "12:30",
    "0x1F",
    "0b101",
    "1_000",
    "1.50",
    "1.0e+3",  # YAML 1.1 needs the dot and sign; 1e3 was always text
    ".inf",
    "-0",
    "2026-03-12",
    "2026-03-12 10:00:00",
    "true",
    "false",
    "=",  # YAML 1.1's "value" key
    "<<",  # and its merge key
    ".5",
    "+12",
    "1:20:30",
)

ISSUE = "kuaibao/2026/001/index.md"
REPORT = "kuaibao/2026/001/01.md"
INSTRUCTION = "pishi/2026/001/01.md"
LEDGER = "ledger/2026.yml"


def _issue(pub: Publication, path: str) -> Any:
    return next(i for i in pub.issues if i.path == path)


def _report(pub: Publication, path: str) -> Any:
    return next(r for i in pub.issues for r in i.reports if r.path == path)


@dataclass(frozen=True)
class TextField:
    path: str
    old: str  # a line of the fixture file; "{}" in new is the scalar
    new: str
    read: Callable[[Publication], Any]


def _ledger(kind: type) -> Callable[[Publication], Any]:
    return lambda pub: next(e for e in pub.ledger if isinstance(e, kind))


PROGRESS = (
    "\n- event: progress\n  date: 2026-03-20\n  report: pishi/2026/001/01\n"
    "  unit: jiaxian\n  status: 办理中\n  note: 示例\n"
)

FIELDS = {
    "journal title": TextField(
        "journal.yml", "title: 示例信息", "title: {}", lambda p: p.journal.title
    ),
    "journal publisher": TextField(
        "journal.yml",
        "publisher: 中共示例市委办公室",
        "publisher: {}",
        lambda p: p.journal.publisher,
    ),
    "journal categories": TextField(
        "journal.yml",
        "categories: [政治,",
        "categories: [{}, 政治,",
        lambda p: p.journal.categories[0],
    ),
    "journal kinds": TextField(
        "journal.yml", "kinds: [动态,", "kinds: [{}, 动态,", lambda p: p.journal.kinds[0]
    ),
    "journal distribution": TextField(
        "journal.yml", "报: 省委办公厅", "报: {}", lambda p: dict(p.journal.distribution)["报"]
    ),
    "distribution key": TextField(
        "journal.yml", "报: 省委办公厅", "{}: 省委办公厅", lambda p: p.journal.distribution[0][0]
    ),
    "series name": TextField(
        "journal.yml", "name: 每日快报", "name: {}", lambda p: p.journal.series[0].name
    ),
    "series description": TextField(
        "journal.yml",
        "description: 突出动态,注重综合。",
        "description: {}",
        lambda p: p.journal.series[0].description,
    ),
    "unit name": TextField(
        "units.yml", "name: 甲县委办公室", "name: {}", lambda p: p.units[0].name
    ),
    "unit short": TextField("units.yml", "short: 甲县", "short: {}", lambda p: p.units[0].short),
    "unit group": TextField("units.yml", "group: 市直", "group: {}", lambda p: p.units[2].group),
    "issue issuer": TextField(
        ISSUE,
        "issuer: 市委办公室副主任",
        "issuer: {}",
        lambda p: _issue(p, "kuaibao/2026/001").issuer,
    ),
    "issue editor": TextField(
        ISSUE, "editor: 信息科", "editor: {}", lambda p: _issue(p, "kuaibao/2026/001").editor
    ),
    "issue topic": TextField(
        ISSUE, "editor: 信息科", "topic: {}", lambda p: _issue(p, "kuaibao/2026/001").topic
    ),
    "report title": TextField(
        REPORT,
        "title: 甲县多措并举推进春季安全生产",
        "title: {}",
        lambda p: _report(p, REPORT).title,
    ),
    "report category": TextField(
        REPORT, "category: 经济", "category: {}", lambda p: _report(p, REPORT).category
    ),
    "report kind": TextField(REPORT, "kind: 突发", "kind: {}", lambda p: _report(p, REPORT).kind),
    "report tags": TextField(
        REPORT, "tags: [安全生产]", "tags: [{}, 安全生产]", lambda p: _report(p, REPORT).tags[0]
    ),
    "report tag alone": TextField(
        REPORT, "tags: [安全生产]", "tags: {}", lambda p: _report(p, REPORT).tags[0]
    ),
    "report unit": TextField(
        REPORT, "unit: jiaxian", "unit: {}", lambda p: _report(p, REPORT).units[0]
    ),
    "instruction leader": TextField(
        INSTRUCTION,
        "leader: 市委主要负责同志",
        "leader: {}",
        lambda p: _report(p, INSTRUCTION).leader,
    ),
    "instruction assigned": TextField(
        INSTRUCTION,
        "assigned: [jiaxian]",
        "assigned: [{}]",
        lambda p: _report(p, INSTRUCTION).assigned[0],
    ),
    "ledger by": TextField(LEDGER, "by: 省委办公厅", "by: {}", lambda p: _ledger(Adoption)(p).by),
    "ledger where": TextField(
        LEDGER,
        "by: 省委办公厅",
        "by: 省委办公厅\n  where: {}",
        lambda p: _ledger(Adoption)(p).where,
    ),
    "ledger note": TextField(
        LEDGER,
        "by: 省委办公厅",
        "by: 省委办公厅" + PROGRESS.replace("示例", "{}"),
        lambda p: _ledger(Progress)(p).note,
    ),
}


@pytest.mark.parametrize("scalar", SCALARS)
@pytest.mark.parametrize("field", FIELDS.values(), ids=FIELDS.keys())
def test_text_field_keeps_the_scalar_as_written(
    content: Path, field: TextField, scalar: str
) -> None:
    edit(content, field.path, field.old, field.new.replace("{}", scalar))
    publication, problems = load(content)
    assert publication is not None, list(problems)
    assert field.read(publication) == scalar


@pytest.mark.parametrize(
    ("scalar", "number"), [("010", 8), ("0x10", 16), ("1_200", 1200), ("12:30", 750)]
)
def test_number_fields_beside_text_fields_still_read_numbers(
    content: Path, scalar: str, number: int
) -> None:
    edit(content, "journal.yml", "total_start: 1200", f"total_start: {scalar}")
    edit(content, "journal.yml", "name: 每日快报", f"name: {scalar}")
    publication, _ = load(content)
    assert publication is not None
    series = publication.journal.series[0]
    assert (series.name, series.total_start, type(series.total_start)) == (scalar, number, int)


def test_date_fields_beside_text_fields_still_read_dates(content: Path) -> None:
    edit(content, ISSUE, "editor: 信息科", "editor: 信息科\ntopic: 2026-03-12")
    publication, _ = load(content)
    assert publication is not None
    issue = _issue(publication, "kuaibao/2026/001")
    assert (issue.topic, issue.date, type(issue.date)) == (
        "2026-03-12",
        dt.date(2026, 3, 2),
        dt.date,
    )


def test_issue_page_shows_the_text_as_written(content: Path, tmp_path: Path) -> None:
    edit(content, ISSUE, "issuer: 市委办公室副主任", "issuer: 010")
    edit(content, ISSUE, "editor: 信息科", "editor: 12:30\ntopic: 1.50")
    edit(content, REPORT, "title: 甲县多措并举推进春季安全生产", "title: 0x1F")
    edit(content, REPORT, "tags: [安全生产]", "tags: [2026-03-12, 1_000]")
    write(content, "kuaibao/2026/001/03.md", "---\ntitle: 0b101\nunit: yiqu\n---\n正文。\n")
    site = built_site(content, tmp_path / "site")
    shown = page(site, "kuaibao/2026/001/").get_text(" ")
    for text in ("010", "12:30", "0x1F", "1.50", "0b101"):
        assert text in shown, text
    for number in ("750", "31", "1.5"):
        assert f" {number} " not in f" {shown} "
    tags = page(site, "tags/").get_text(" ")
    assert "2026-03-12" in tags and "1_000" in tags
