"""The published record: a published report's text changes only with an
erratum, and nothing published is removed or added to (published.lock).

Worked by hand on the minimal fixture: 快报 2026年第1期 (3月2日, reports 01
and 02) and 第2期 (3月3日), 要情专报 第1期 and 领导批示 第1期. Locked on
3月3日, only what is dated before it is recorded: 快报第1期 and whatever else
is dated 3月2日 or earlier; 快报第2期 (dated that day) stays free to edit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.content.diagnostics import Problems
from generator.content.pipeline import load_and_validate
from generator.content.published import LOCK_FILE, locked_text, read_lock
from tests.helpers import edit, problems_in, write

R1 = "kuaibao/2026/001/01.md"
R2 = "kuaibao/2026/001/02.md"
LATER = "kuaibao/2026/002/01.md"
LEDGER = "ledger/2026.yml"
ERRATUM = (
    "- event: erratum\n  date: {date}\n  report: {report}\n"
    "  change: 标题中的“春季”改为“春夏”\n  reason: 报送单位更正\n"
)


def _seal(root: Path, today: dt.date) -> None:
    """What a build on ``today`` records (a lock is created empty first)."""
    if not (root / LOCK_FILE).exists():
        write(root, LOCK_FILE, "")
    publication, problems = load_and_validate(root)
    assert publication is not None and not problems.errors, problems
    sealed = read_lock(root, Problems())
    assert sealed is not None
    text = locked_text(publication, sealed, today)
    if text is not None:
        write(root, LOCK_FILE, text)


def _errors(root: Path) -> list[str]:
    return [str(p) for p in problems_in(root) if p.severity == "error"]


def _lock_line(root: Path, report: str) -> tuple[int, str]:
    for number, line in enumerate((root / LOCK_FILE).read_text().splitlines(), start=1):
        if line.endswith(f" {report}"):
            return number, line
    raise AssertionError(report)


def test_a_build_records_the_issues_dated_before_its_day_only(content: Path) -> None:
    _seal(content, dt.date(2026, 3, 3))
    sealed = read_lock(content, Problems())
    assert sealed is not None
    assert {"kuaibao/2026/001/01", "kuaibao/2026/001/02"} <= set(sealed)
    assert not any(rid.startswith("kuaibao/2026/002/") for rid in sealed)
    assert all(line.errata == 0 for line in sealed.values())
    # The issue of the build's day is still a draft: it may change freely.
    edit(content, LATER, "title: ", "title: 改过的")
    assert _errors(content) == []
    # Another build the same day changes nothing.
    before = (content / LOCK_FILE).read_text()
    _seal(content, dt.date(2026, 3, 3))
    assert (content / LOCK_FILE).read_text() == before


def test_a_content_folder_without_a_lock_is_not_locked(content: Path) -> None:
    edit(content, R1, "春季", "春夏")
    assert _errors(content) == []
    assert not (content / LOCK_FILE).exists()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(
            "title: 甲县多措并举推进春季安全生产", "title: 甲县多措并举推进春夏安全生产", id="title"
        ),
        pytest.param("开展隐患排查。", "开展隐患大排查。", id="body"),
        pytest.param("unit: jiaxian", "unit: [jiaxian, yiqu]", id="units"),
    ],
)
def test_a_change_to_published_text_without_an_erratum_is_an_error_at_the_report(
    content: Path, old: str, new: str
) -> None:
    _seal(content, dt.date(2026, 3, 3))
    edit(content, R1, old, new)
    errors = _errors(content)
    assert len(errors) == 1
    assert errors[0].startswith(f"{R1}:2: 已印发稿件的标题、报送单位或正文被改动")
    assert "event: erratum" in errors[0] and "kuaibao/2026/001/01" in errors[0]


def test_an_erratum_makes_one_change_lawful_and_the_next_needs_another(content: Path) -> None:
    _seal(content, dt.date(2026, 3, 3))
    edit(content, R1, "春季", "春夏")
    write(
        content,
        LEDGER,
        (content / LEDGER).read_text()
        + ERRATUM.format(date="2026-03-05", report="kuaibao/2026/001/01"),
    )
    assert _errors(content) == []
    # The next build records the corrected text and the erratum it used.
    _seal(content, dt.date(2026, 3, 6))
    assert _lock_line(content, "kuaibao/2026/001/01")[1].split()[1] == "1"
    edit(content, R1, "开展隐患排查", "开展隐患大排查")
    assert [e.split(": ", 1)[0] for e in _errors(content)] == [f"{R1}:2"]
    write(
        content,
        LEDGER,
        (content / LEDGER).read_text()
        + ERRATUM.format(date="2026-03-07", report="kuaibao/2026/001/01"),
    )
    assert _errors(content) == []


def test_tidying_whitespace_needs_no_erratum(content: Path) -> None:
    _seal(content, dt.date(2026, 3, 3))
    edit(content, R1, "开展隐患排查。", "开展隐患排查。   \n\n\n")
    assert _errors(content) == []


def test_a_published_report_removed_or_renamed_is_an_error_at_its_lock_line(
    content: Path,
) -> None:
    _seal(content, dt.date(2026, 3, 3))
    (content / R2).rename(content / "kuaibao/2026/001/03.md")
    line, _ = _lock_line(content, "kuaibao/2026/001/02")
    errors = _errors(content)
    assert f'{LOCK_FILE}:{line}: 已印发的稿件 "kuaibao/2026/001/02" 不存在了' in "\n".join(errors)
    assert any(
        e.startswith("kuaibao/2026/001/03.md:1: kuaibao/2026/001 已于 2026-03-02 印发")
        for e in errors
    )
    assert len(errors) == 2


def test_a_report_added_to_a_published_issue_needs_an_erratum_naming_it(content: Path) -> None:
    _seal(content, dt.date(2026, 3, 3))
    write(content, "kuaibao/2026/001/03.md", "---\ntitle: 补登的稿件\nunit: yiqu\n---\n正文。\n")
    assert _errors(content) == [
        "kuaibao/2026/001/03.md:1: kuaibao/2026/001 已于 2026-03-02 印发（已记入 published.lock），"
        "不能再加入稿件；确需补登，请在 ledger/ 中为它记录勘误（event: erratum）"
    ]
    write(
        content,
        LEDGER,
        (content / LEDGER).read_text()
        + ERRATUM.format(date="2026-03-05", report="kuaibao/2026/001/03"),
    )
    assert _errors(content) == []


def test_a_malformed_lock_line_is_named(content: Path) -> None:
    _seal(content, dt.date(2026, 3, 3))
    text = (content / LOCK_FILE).read_text()
    write(content, LOCK_FILE, text + "abc kuaibao/2026/009/01\n")
    line = len(text.splitlines()) + 1
    assert _errors(content) == [
        f"{LOCK_FILE}:{line}: 无法识别的记录（应为：指纹 勘误数 稿件），请勿手工修改"
    ]


@pytest.mark.parametrize(
    ("erratum", "message"),
    [
        pytest.param(
            ERRATUM.format(date="2026-03-05", report="kuaibao/2026/001/09"),
            f'{LEDGER}:7: 稿件 "kuaibao/2026/001/09" 不存在',
            id="dangling",
        ),
        pytest.param(
            ERRATUM.format(date="2026-03-01", report="kuaibao/2026/001/01"),
            f"{LEDGER}:6: 日期 2026-03-01 早于该稿件的印发日期 2026-03-02",
            id="before-publication",
        ),
        pytest.param(
            "- event: erratum\n  date: 2026-03-05\n  report: kuaibao/2026/001/01\n  change: 改字\n",
            f'{LEDGER}:5: 缺少必填字段 "reason"（勘误原因）',
            id="no-reason",
        ),
    ],
)
def test_an_erratum_must_name_a_published_report_after_its_date_and_say_why(
    content: Path, erratum: str, message: str
) -> None:
    write(content, LEDGER, (content / LEDGER).read_text() + erratum)
    errors = _errors(content)
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_a_report_whose_file_name_holds_a_space_is_recorded_and_checked(content: Path) -> None:
    write(
        content, "kuaibao/2026/001/03 火情.md", "---\ntitle: 一处火情\nunit: jiaxian\n---\n正文。\n"
    )
    _seal(content, dt.date(2026, 3, 3))
    assert _lock_line(content, "kuaibao/2026/001/03 火情")[1].endswith(
        " 0 kuaibao/2026/001/03 火情"
    )
    assert _errors(content) == []
    edit(content, "kuaibao/2026/001/03 火情.md", "正文。", "正文有改动。")
    assert [e.split(": ", 1)[0] for e in _errors(content)] == ["kuaibao/2026/001/03 火情.md:2"]
