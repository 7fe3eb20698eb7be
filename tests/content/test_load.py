"""Loading a content directory into the model."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.content.load import load
from generator.content.names import natural_key
from tests.helpers import edit, problems_in, write


def _issue(publication, key: str):
    return next(i for i in publication.issues if i.key == key)


def test_issue_and_report_fields_are_read_into_the_model(content: Path) -> None:
    publication, problems = load(content)
    assert publication is not None and list(problems) == []
    assert publication.journal.title == "示例信息"
    assert [s.id for s in publication.journal.series] == ["kuaibao", "yaoqing", "pishi"]
    assert publication.journal.distribution[0] == ("报", "省委办公厅")
    issue = _issue(publication, "kuaibao/2026/001")
    assert issue.date == dt.date(2026, 3, 2)
    assert issue.issuer == "市委办公室副主任"
    assert issue.note == "本期编者按：示例内容，纯属虚构。"
    first, joint = issue.reports
    assert first.id == "kuaibao/2026/001/01"
    assert first.units == ("jiaxian",)
    assert first.tags == ("安全生产",)
    assert first.date == dt.date(2026, 3, 1)
    assert first.line_of("category") == 4
    assert joint.units == ("jiaxian", "yiqu")


def test_reports_follow_the_numbers_in_their_file_names(content: Path) -> None:
    for name in ("10.md", "2.md", "02-关键词.md"):
        write(content, f"kuaibao/2026/002/{name}", f"---\ntitle: {name}\nunit: yiqu\n---\n")
    publication, _ = load(content)
    names = [r.name for r in _issue(publication, "kuaibao/2026/002").reports]
    assert names == ["01", "02-关键词", "2", "10"]
    assert sorted(["10", "9", "010"], key=natural_key) == ["9", "010", "10"]


def test_bom_and_crlf_are_accepted(content: Path) -> None:
    text = "---\r\ntitle: 带BOM的稿件\r\nunit: yiqu\r\n---\r\n正文\r\n"
    write(content, "kuaibao/2026/002/02.md", "\ufeff".encode() + text.encode())
    publication, problems = load(content)
    assert list(problems) == []
    report = _issue(publication, "kuaibao/2026/002").reports[1]
    assert report.title == "带BOM的稿件"
    assert report.line_of("unit") == 3
    assert report.body == "正文\n"


def test_unpadded_issue_folder_gets_the_padded_key(content: Path) -> None:
    (content / "kuaibao/2026/002").rename(content / "kuaibao/2026/2")
    publication, problems = load(content)
    assert list(problems) == []
    issue = _issue(publication, "kuaibao/2026/002")
    assert issue.path == "kuaibao/2026/2"
    assert issue.reports[0].id == "kuaibao/2026/002/01"


def test_images_beside_reports_are_not_content_errors(content: Path) -> None:
    write(content, "kuaibao/2026/001/现场.png", b"\x89PNG\r\n")
    write(content, "kuaibao/2026/001/images/图一.jpg", b"\xff\xd8")
    _, problems = load(content)
    assert list(problems) == []


def test_ledger_events_are_loaded(content: Path) -> None:
    write(
        content,
        "ledger/2027.yml",
        "- event: progress\n  date: 2026-03-10\n  report: pishi/2026/1/01\n"
        "  unit: jiaxian\n  status: 已办结\n  note: 已完成整改。\n",
    )
    publication, problems = load(content)
    assert list(problems) == []
    adoption, progress = publication.ledger
    assert (adoption.report, adoption.by, adoption.date) == (
        "kuaibao/2026/001/01",
        "省委办公厅",
        dt.date(2026, 3, 13),
    )
    assert (progress.report, progress.unit, progress.status) == (
        "pishi/2026/001/01",
        "jiaxian",
        "已办结",
    )
    assert (progress.path, progress.line_of("unit")) == ("ledger/2027.yml", 4)


def test_an_instruction_may_name_its_units(content: Path) -> None:
    edit(
        content,
        "pishi/2026/001/01.md",
        "leader: 市委主要负责同志",
        "leader: 市委主要负责同志\nunit: yiqu",
    )
    publication, problems = load(content)
    assert list(problems) == []
    assert _issue(publication, "pishi/2026/001").reports[0].units == ("yiqu",)


@pytest.mark.parametrize(
    ("rel", "text", "example"),
    [
        ("kuaibao/2026/001/01.md", "---\n- 标题\n---\n正文\n", "key: value"),
        ("ledger/2026.yml", "- 采用\n", "event: "),
        (
            "journal.yml",
            "title: 示例信息\npublisher: 示例\nseries: []\ndistribution: [报]\n",
            "报: ",
        ),
    ],
)
def test_hints_show_yaml_with_a_half_width_colon(
    content: Path, rel: str, text: str, example: str
) -> None:
    # A full-width colon is the commonest YAML mistake: a hint must not teach it.
    write(content, rel, text)
    messages = [p.message for p in problems_in(content) if p.path == rel]
    assert any(example in m for m in messages), messages
    assert not any(re.search(r"[A-Za-z报送发]： ", m) for m in messages), messages
