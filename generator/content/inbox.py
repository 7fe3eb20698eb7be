"""来稿: every report a unit sends, used in an issue or not.

Each is one Markdown file under ``inbox/<YYYY>/<MM>/``, the folder of the
month it was received in, with a report's front matter and two more fields:

- ``received`` (required): when it reached the office, ``2026-11-27 09:30``;
- ``occurred``: for an urgent matter, when it happened (the time limits for
  reporting it run from then).

The office's 采用率 counts them (generator.records.stats); ``kanwu take``
makes one the next report of an issue, which names it in ``from:``. Nothing
under ``inbox/`` is ever published, in either edition: not the files, not
their pictures, not their text in the search index.
"""

from __future__ import annotations

import functools
from pathlib import Path

from generator.content.attachments import ATTACHMENT_TYPES, INBOX_DIR, suffix
from generator.content.diagnostics import Problems
from generator.content.folders import safe_entries, walk
from generator.content.load_cache import FileMemo, Work
from generator.content.model import CLASSIFICATIONS, URGENCIES, Submission
from generator.content.names import is_year
from generator.content.placeholders import warn_placeholders
from generator.content.schema import Field, FieldReader
from generator.content.source import split_front_matter

SUBMISSION_FIELDS = {
    "title": Field("text", "标题", required=True),
    "unit": Field("texts", "报送单位", required=True),
    "received": Field("datetime", "收稿时间", required=True),
    "occurred": Field("datetime", "发生时间"),
    "urgency": Field("text", "紧急程度", choices=URGENCIES),
    "category": Field("text", "分类"),
    "kind": Field("text", "信息类型"),
    "tags": Field("texts", "标签"),
    "classification": Field("text", "公开属性", choices=CLASSIFICATIONS),
}
WHERE = "来稿应放在 inbox/<年>/<月>/ 目录中（如 inbox/2026/11/）"


def load_inbox(root: Path, memo: FileMemo, problems: Problems) -> tuple[Submission, ...]:
    """Every 来稿 of ``root/inbox``, in the order received."""
    folder = root / INBOX_DIR
    if not folder.is_dir():
        if folder.exists() or folder.is_symlink():
            problems.error(INBOX_DIR, 1, "inbox 应为目录（存放来稿）")
        return ()
    found: list[Submission] = []
    for year in safe_entries(root, folder, problems):
        year_rel = f"{INBOX_DIR}/{year.name}"
        if not year.is_dir() or not is_year(year.name):
            _misplaced(root, year_rel, year.is_dir(), problems)
            continue
        for month in safe_entries(root, Path(year.path), problems):
            month_rel = f"{year_rel}/{month.name}"
            if not month.is_dir() or not _is_month(month.name):
                _misplaced(root, month_rel, month.is_dir(), problems)
                continue
            for entry in safe_entries(root, Path(month.path), problems):
                rel = f"{month_rel}/{entry.name}"
                if entry.is_dir():
                    _misplaced(root, rel, True, problems)
                elif entry.name.endswith(".md"):
                    read = memo.run(
                        "submission", rel, (), functools.partial(_read, rel=rel), problems
                    )
                    if read is not None:
                        found.append(read)
                elif suffix(rel) not in ATTACHMENT_TYPES:
                    problems.warning(rel, 1, "来稿目录中只放来稿（.md）和其中的图片、附件")
    found.sort(key=lambda s: (s.received, s.path))
    return tuple(found)


def _is_month(name: str) -> bool:
    return len(name) == 2 and name.isascii() and name.isdigit() and 1 <= int(name) <= 12


def _misplaced(root: Path, rel: str, folder: bool, problems: Problems) -> None:
    """A file or folder where no 来稿 may be: each 来稿 in it is named."""
    files = [f for f in walk(root, root / rel, problems) if f.endswith(".md")] if folder else [rel]
    for path in files or [rel]:
        problems.error(path, 1, f"位置不对：{WHERE}")


def _read(text: str, work: Work, *, rel: str) -> Submission | None:
    front = split_front_matter(text, rel, work.problems)
    if front is None:
        return None
    values = FieldReader(rel, work.problems).read(front.data, SUBMISSION_FIELDS, "来稿信息")
    warn_placeholders(rel, front, SUBMISSION_FIELDS, work.problems)
    if values is None or not {"title", "unit", "received"} <= values.keys():
        return None
    received, occurred = values["received"], values.get("occurred")
    year, month = (int(part) for part in rel.split("/")[1:3])
    if (received.year, received.month) != (year, month):
        work.problems.error(
            rel,
            front.data.line_of("received"),
            f"收稿时间 {received:%Y-%m-%d %H:%M} 不在所在目录 inbox/{year}/{month:02d} 的月份内",
        )
    if occurred is not None and occurred > received:
        work.problems.error(
            rel,
            front.data.line_of("occurred"),
            f"发生时间 {occurred:%Y-%m-%d %H:%M} 晚于收稿时间 {received:%Y-%m-%d %H:%M}",
        )
    if not front.body.strip():
        work.problems.warning(rel, front.body_line - 1, "来稿没有正文")
    return Submission(
        path=rel,
        title=values["title"],
        units=values["unit"],
        received=received,
        occurred=occurred,
        urgency=values.get("urgency"),
        category=values.get("category"),
        kind=values.get("kind"),
        tags=values.get("tags", ()),
        classification=values.get("classification"),
        lines=dict(front.data.lines),
    )
