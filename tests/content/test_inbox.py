"""来稿 under inbox/<YYYY>/<MM>/: read with their received and occurred
times, each mistake named by file and line, a report's ``from:`` resolved,
and nothing of inbox/ ever publishable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.content.attachments import publishable
from generator.content.load import load
from tests.helpers import edit, problems_in, write

SUBMISSION = "inbox/2026/03/0301-01.md"
TEXT = """---
title: 甲县报送的春季安全生产情况
unit: jiaxian
received: 2026-03-01 09:30
occurred: 2026-03-01 07:10
urgency: 紧急
---

甲县春季安全生产情况。
"""
REPORT = "kuaibao/2026/001/01.md"


def _problems(content: Path) -> list[str]:
    return [f"{p.path}:{p.line}: {p.message}" for p in problems_in(content)]


def test_a_submission_is_read_with_its_times_and_units(content: Path) -> None:
    write(content, SUBMISSION, TEXT)
    write(
        content,
        "inbox/2026/03/0302-01.md",
        TEXT.replace("09:30", "10:05").replace("unit: jiaxian", "unit: [jiaxian, yiqu]"),
    )
    publication, problems = load(content)
    assert publication is not None and not problems.errors, problems
    first, second = publication.submissions
    assert first.path == SUBMISSION and first.title == "甲县报送的春季安全生产情况"
    assert first.received == dt.datetime(2026, 3, 1, 9, 30)
    assert first.occurred == dt.datetime(2026, 3, 1, 7, 10) and first.urgency == "紧急"
    assert second.units == ("jiaxian", "yiqu")


@pytest.mark.parametrize(
    ("rel", "text", "line", "message"),
    [
        (
            SUBMISSION,
            TEXT.replace("received: 2026-03-01 09:30\n", ""),
            2,
            '缺少必填字段 "received"（收稿时间）',
        ),
        (
            SUBMISSION,
            TEXT.replace("2026-03-01 09:30", "2026-03-01"),
            4,
            "收稿时间（received）应为日期和时间（YYYY-MM-DD HH:MM）",
        ),
        (
            SUBMISSION,
            TEXT.replace("2026-03-01 09:30", "2026-04-01 09:30"),
            4,
            "收稿时间 2026-04-01 09:30 不在所在目录 inbox/2026/03 的月份内",
        ),
        (
            SUBMISSION,
            TEXT.replace("07:10", "11:00"),
            5,
            "发生时间 2026-03-01 11:00 晚于收稿时间 2026-03-01 09:30",
        ),
        (
            SUBMISSION,
            TEXT.replace("unit: jiaxian", "unit: jiaxain"),
            3,
            '报送单位 "jiaxain" 不在单位名录中（是否为 "jiaxian"？）',
        ),
        (SUBMISSION, TEXT.replace("urgency: 紧急", "urgency: 很急"), 6, '紧急程度 "很急" 无效'),
        ("inbox/2026/0301-01.md", TEXT, 1, "位置不对：来稿应放在 inbox/<年>/<月>/ 目录中"),
        ("inbox/2026/13/0301-01.md", TEXT, 1, "位置不对：来稿应放在 inbox/<年>/<月>/ 目录中"),
    ],
    ids=[
        "no-received",
        "date-only",
        "wrong-month",
        "occurred-later",
        "unknown-unit",
        "urgency",
        "no-month",
        "month-13",
    ],
)
def test_a_broken_submission_is_named_by_file_and_line(
    content: Path, rel: str, text: str, line: int, message: str
) -> None:
    write(content, rel, text)
    found = _problems(content)
    assert any(p.startswith(f"{rel}:{line}: ") and message in p for p in found), found


def test_a_report_from_a_submission_resolves_it(content: Path) -> None:
    write(
        content,
        SUBMISSION,
        TEXT.replace("2026-03-01 09:30", "2026-03-01 08:00").replace("07:10", "07:00"),
    )
    edit(content, REPORT, "date: 2026-03-01\n", f"date: 2026-03-01\nfrom: {SUBMISSION}\n")
    publication, problems = load(content)
    assert publication is not None and not problems.errors, problems
    report = publication.issues[0].reports[0]
    assert report.source == SUBMISSION


def test_a_report_may_name_its_submission_without_the_suffix(content: Path) -> None:
    write(content, SUBMISSION, TEXT.replace("09:30", "08:00").replace("07:10", "07:00"))
    edit(content, REPORT, "date: 2026-03-01\n", "date: 2026-03-01\nfrom: inbox/2026/03/0301-01\n")
    publication, problems = load(content)
    assert publication is not None and not problems.errors, problems
    assert publication.issues[0].reports[0].source == SUBMISSION


def test_a_report_from_a_missing_submission_is_an_error(content: Path) -> None:
    write(content, SUBMISSION, TEXT)
    edit(
        content, REPORT, "date: 2026-03-01\n", "date: 2026-03-01\nfrom: inbox/2026/03/0301-02.md\n"
    )
    assert any(
        p.startswith(f"{REPORT}:8: ") and '来稿 "inbox/2026/03/0301-02.md" 不存在' in p
        for p in _problems(content)
    )


def test_a_submission_received_after_the_issue_cannot_be_in_it(content: Path) -> None:
    write(
        content,
        SUBMISSION.replace("03/0301", "03/0305"),
        TEXT.replace("2026-03-01 09:30", "2026-03-05 09:30"),
    )
    edit(content, REPORT, "date: 2026-03-01\n", "from: inbox/2026/03/0305-01.md\n")
    assert any(
        "本期印发日期 2026-03-02 早于来稿的收稿时间 2026-03-05 09:30" in p
        for p in _problems(content)
    )


def test_a_submission_taken_twice_is_a_warning(content: Path) -> None:
    write(content, SUBMISSION, TEXT.replace("07:10", "07:00").replace("09:30", "08:00"))
    edit(content, REPORT, "date: 2026-03-01\n", f"from: {SUBMISSION}\n")
    edit(
        content,
        "kuaibao/2026/001/02.md",
        "---\n",
        f"---\nfrom: {SUBMISSION}\n",
    )
    found = problems_in(content)
    assert [p.severity for p in found if "采用了两次" in p.message] == ["warning"]


def test_a_report_may_not_show_a_file_of_the_inbox(content: Path) -> None:
    write(content, "inbox/2026/03/0301-01-图1.png", b"\x89PNG\r\n\x1a\n")
    edit(
        content,
        REPORT,
        "开展隐患排查。",
        "开展隐患排查。\n\n![图](../../../inbox/2026/03/0301-01-图1.png)",
    )
    assert any(
        p.startswith(f"{REPORT}:11: ") and "来稿目录 inbox/（来稿不发布）" in p
        for p in _problems(content)
    )


@pytest.mark.parametrize("path", ["inbox/2026/03/x.png", "inbox/2026/03/x.pdf", "inbox/a.docx"])
def test_nothing_in_the_inbox_is_publishable(path: str) -> None:
    assert not publishable(path)
    assert publishable(path.replace("inbox", "kuaibao"))
