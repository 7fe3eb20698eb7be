"""来稿 in and out of ``inbox/``: ``kanwu import --inbox`` files a unit's
Word file there as received; ``kanwu take`` makes a 来稿 the next report of
an issue, naming it in ``from:`` (generator.content.inbox holds the format).

The 来稿 itself is never changed: it is the record of what was received,
while the report taken from it is edited for the issue.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.cli.scaffold import IssueFolder, ScaffoldError, issue_folder, journal_of, yaml_line
from generator.content.attachments import IMAGE_SUFFIXES, INBOX_DIR, in_inbox
from generator.content.diagnostics import Problems, did_you_mean
from generator.content.inbox import SUBMISSION_FIELDS
from generator.content.links import content_target
from generator.content.model import Journal, Unit
from generator.content.schema import FieldReader
from generator.content.source import read_text, split_front_matter

# Fields a report takes over from its 来稿, in the order written.
KEPT = ("category", "kind", "tags", "classification")
# Images and attachments of a 来稿's body: Markdown and HTML references.
_REFERENCE = re.compile(r"(!?\[[^\]]*\]\()([^)\s]+)(\))|(\s(?:src|href)=\")([^\"]+)(\")")


@dataclass(frozen=True)
class InboxFolder:
    """Where ``kanwu import --inbox`` files the 来稿 received at one moment."""

    path: Path  # inbox/<YYYY>/<MM>
    journal: Journal
    units: tuple[Unit, ...]
    received: dt.datetime

    def check_unit(self, unit: str | None) -> None:
        ids = [u.id for u in self.units]
        if unit is not None and unit not in ids:
            raise ScaffoldError(f'报送单位 "{unit}" 不在单位名录中{did_you_mean(unit, ids)}')

    def report_path(self, offset: int = 0) -> Path:
        """The next 来稿 of the day: ``1127-01.md``, ``1127-02.md`` …"""
        day = f"{self.received:%m%d}"
        taken = [
            int(m.group(1))
            for p in self.path.glob(f"{day}-*.md")
            if (m := re.fullmatch(rf"{day}-([0-9]+)\.md", p.name))
        ]
        return self.path / f"{day}-{max(taken, default=0) + 1 + offset:02d}.md"

    def report_text(self, unit: str | Sequence[str], title: str, body: str) -> str:
        lines = [
            "---",
            yaml_line("title", title),
            yaml_line("unit", unit),
            f"received: {self.received:%Y-%m-%d %H:%M}",
            "---",
            "",
            body.strip("\n"),
            "",
        ]
        return "\n".join(lines)


def inbox_folder(content: Path, received: dt.datetime) -> InboxFolder:
    journal, units = journal_of(content)
    folder = content / INBOX_DIR / f"{received:%Y}" / f"{received:%m}"
    return InboxFolder(folder, journal, units, received)


@dataclass(frozen=True)
class Taken:
    """A 来稿 made the report ``path``, with the files its body shows."""

    source: str  # the 来稿, as `from:` names it
    path: Path
    text: str
    files: tuple[tuple[Path, Path], ...]  # (in inbox/, copied to) for each image or attachment


def plan_take(content: Path, submission: Path, issue_dir: Path) -> Taken:
    """What ``kanwu take`` writes; a :class:`ScaffoldError` says why not."""
    root = content.resolve()
    try:
        rel = submission.resolve().relative_to(root).as_posix()
    except ValueError:
        raise ScaffoldError(f"{submission} 不在内容目录 {content} 中") from None
    if not in_inbox(rel) or not rel.endswith(".md") or len(rel.split("/")) != 4:
        raise ScaffoldError(f"{submission} 不是来稿（应为 inbox/<年>/<月>/ 中的 .md 文件）")
    problems = Problems()
    text = read_text(root, rel, problems)
    front = split_front_matter(text, rel, problems) if text is not None else None
    values = (
        FieldReader(rel, problems).read(front.data, SUBMISSION_FIELDS, "来稿信息")
        if front is not None
        else None
    )
    if front is None or values is None or problems.errors:
        listing = "；".join(str(p) for p in problems.errors) or f"{rel}：无法读取"
        raise ScaffoldError(f"来稿有误，请先改正：{listing}")
    folder: IssueFolder = issue_folder(content, issue_dir)
    if folder.series.is_instructions:
        raise ScaffoldError(f"「{folder.series.name}」是领导批示专刊，不能采用来稿")
    if (user := _taken_by(root, rel)) is not None:
        raise ScaffoldError(f"来稿 {rel} 已用于 {user}")
    received = values["received"]
    if folder.date is not None and folder.date < received.date():
        raise ScaffoldError(
            f"这一期印发于 {folder.date}，早于来稿的收稿时间 {received:%Y-%m-%d %H:%M}"
        )
    units = values["unit"]
    for unit in units:
        folder.check_unit(unit)
    path = folder.report_path()
    body, files = _moved_references(root, rel, front.body, path)
    fields = {key: values[key] for key in KEPT if key in values}
    fields["date"] = received.date()
    text_out = folder.report_text(
        units[0] if len(units) == 1 else units, values["title"], body.strip("\n") + "\n"
    )
    return Taken(rel, path, _with_fields(text_out, fields, rel), files)


def write_taken(taken: Taken) -> None:
    """Write the report and copy its files; nothing is overwritten."""
    for _, target in taken.files:
        if target.exists():
            raise ScaffoldError(f"{target} 已存在，为免覆盖，请先移走")
    written: list[Path] = []
    try:
        for source, target in taken.files:
            shutil.copy2(source, target)
            written.append(target)
        with taken.path.open("x", encoding="utf-8") as out:
            written.append(taken.path)
            out.write(taken.text)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _with_fields(text: str, fields: dict[str, object], source: str) -> str:
    """The report file with the 来稿's other fields and ``from:`` after its
    unit line (the template's own lines for them are left as they are)."""
    lines = [yaml_line(key, value) for key, value in fields.items()]
    lines.append(yaml_line("from", source))
    head, sep, rest = text.partition("\n---\n")
    kept = [line for line in head.split("\n") if line.split(":", 1)[0] not in fields]
    return "\n".join(kept + lines) + sep + rest


def _taken_by(root: Path, rel: str) -> str | None:
    """The report whose front matter already names the 来稿 ``rel``."""
    pattern = re.compile(rf"^from:\s*[\"']?{re.escape(rel)}[\"']?\s*$", re.M)
    short = re.compile(rf"^from:\s*[\"']?{re.escape(rel[:-3])}[\"']?\s*$", re.M)
    for path in root.glob("*/[0-9]*/[0-9]*/*.md"):
        if path.parts[-4] in (INBOX_DIR, "ledger"):
            continue
        head = path.read_text(encoding="utf-8", errors="replace").split("\n---", 2)[:2]
        text = "\n".join(head)
        if pattern.search(text) or short.search(text):
            return path.relative_to(root).as_posix()
    return None


def _moved_references(
    root: Path, rel: str, body: str, report: Path
) -> tuple[str, tuple[tuple[Path, Path], ...]]:
    """The body with each image or attachment beside the 来稿 copied beside
    the report (``03-图1.png``), never linked into inbox/, which is not published."""
    folder = posixpath.dirname(rel)
    files: dict[str, Path] = {}

    def moved(url: str) -> str:
        target = content_target(folder, url)
        if not target or not in_inbox(target) or not (root / target).is_file():
            return url
        if target not in files:
            extension = posixpath.splitext(target)[1]
            kind = "图" if extension.lower() in IMAGE_SUFFIXES else "附件"
            count = 1 + sum(1 for made in files.values() if kind in made.stem)
            files[target] = report.with_name(f"{report.stem}-{kind}{count}{extension}")
        return files[target].name

    def replace(match: re.Match[str]) -> str:
        if match.group(2) is not None:
            return match.group(1) + moved(match.group(2)) + match.group(3)
        return match.group(4) + moved(match.group(5)) + match.group(6)

    body = _REFERENCE.sub(replace, body)
    return body, tuple((root / source, target) for source, target in files.items())
