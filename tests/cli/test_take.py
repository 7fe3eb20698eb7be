"""来稿 in and out of inbox/: ``kanwu import --inbox`` files a unit's Word
file as received now; ``kanwu take`` makes a 来稿 the next report of an
issue, its pictures copied beside the report and ``from:`` naming it, while
the 来稿 stays exactly as received; a refusal writes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.commands import main
from generator.content.pipeline import load_and_validate
from tests.cli.test_import import run_import
from tests.cli.wordfiles import OfficeReport, png, write_docx
from tests.helpers import FIXTURES, snapshot, write

ISSUE = "kuaibao/2026/002"  # of tests/fixtures/minimal, dated 2026-03-03
SUBMISSION = "inbox/2026/03/0302-01.md"
TEXT = """---
title: 乙区开展春季消防安全检查
unit: [yiqu, jiaxian]
received: 2026-03-02 16:20
category: 社会
tags: [消防, 安全生产]
---

乙区组织开展春季消防安全检查。

![检查现场](0302-01-图1.png)
"""


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    write(content, SUBMISSION, TEXT)
    write(content, "inbox/2026/03/0302-01-图1.png", png())
    return content


def take(content: Path, *args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["take", *map(str, args), "--content", str(content)])
    return result.exit_code, result.stdout + result.stderr


def test_a_taken_submission_becomes_the_next_report_and_stays_as_received(inbox: Path) -> None:
    before = (inbox / SUBMISSION).read_bytes()
    code, said = take(inbox, inbox / SUBMISSION, "--issue", inbox / ISSUE)
    assert code == 0, said
    assert f"已采用 {SUBMISSION} → " in said
    publication, problems = load_and_validate(inbox)
    assert publication is not None and not problems.errors, problems
    report = next(r for i in publication.issues for r in i.reports if r.id == f"{ISSUE}/02")
    assert report.title == "乙区开展春季消防安全检查"
    assert report.units == ("yiqu", "jiaxian")
    assert (report.category, report.tags) == ("社会", ("消防", "安全生产"))
    assert report.date == dt.date(2026, 3, 2) and report.source == SUBMISSION
    # The picture is copied beside the report: inbox/ is never published.
    assert "![检查现场](02-图1.png)" in report.body
    assert (inbox / ISSUE / "02-图1.png").read_bytes() == png()
    assert (inbox / SUBMISSION).read_bytes() == before


@pytest.mark.parametrize(
    ("plant", "target", "message"),
    [
        (None, SUBMISSION, "已用于"),
        ("late", "inbox/2026/03/0310-01.md", "这一期印发于 2026-03-03，早于来稿的收稿时间"),
        (None, "kuaibao/2026/001/01.md", "不是来稿"),
        ("broken", "inbox/2026/03/0306-01.md", "来稿有误，请先改正"),
    ],
    ids=["taken-twice", "received-after-issue", "not-a-submission", "broken"],
)
def test_a_refused_take_says_why_and_writes_nothing(
    inbox: Path, plant: str | None, target: str, message: str
) -> None:
    if target == SUBMISSION:
        assert take(inbox, inbox / SUBMISSION, "--issue", inbox / ISSUE)[0] == 0
    elif plant == "late":
        write(inbox, target, TEXT.replace("2026-03-02 16:20", "2026-03-10 08:00"))
    elif plant == "broken":
        write(inbox, target, TEXT.replace("unit: [yiqu, jiaxian]\n", ""))
    before = snapshot(inbox)
    code, said = take(inbox, inbox / target, "--issue", inbox / ISSUE)
    assert code == 2 and message in said and "未写入任何文件" in said, said
    assert snapshot(inbox) == before


def test_a_word_file_is_filed_in_the_inbox_as_received_now(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    word = write_docx(tmp_path / "甲县.docx", OfficeReport())
    before = dt.datetime.now().replace(second=0, microsecond=0)
    result = run_import(content, word, "--inbox")
    after = dt.datetime.now()
    assert result.returncode == 0, result.stdout + result.stderr
    publication, problems = load_and_validate(content)
    assert publication is not None and not problems.errors, problems
    (submission,) = publication.submissions
    assert before <= submission.received <= after
    assert submission.path == f"inbox/{submission.received:%Y/%m/%m%d}-01.md"
    assert submission.units == ("jiaxian",)
    assert all(not i.reports or i.key != "inbox" for i in publication.issues)


def test_import_takes_an_issue_or_the_inbox_not_both(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    word = write_docx(tmp_path / "甲县.docx", OfficeReport())
    for options in ((), ("--inbox", "--issue", str(content / ISSUE))):
        result = run_import(content, word, *options)
        assert result.returncode == 2 and "二选一" in result.stdout + result.stderr
