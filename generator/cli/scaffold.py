"""``kanwu init``: a new publication; ``kanwu new``: the next issue folder and
the next report file.

The files come from the commented templates in ``generator/cli/templates/`` so
an editor sees, in Chinese, what each field means and what is optional. The
text left for the editor to replace comes from
:mod:`generator.content.placeholders`, which ``kanwu check`` warns about.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from generator.build.engine import DEFAULT_CONFIG
from generator.content.diagnostics import Problems, did_you_mean
from generator.content.load import ISSUE_FILE, load_journal, load_units
from generator.content.model import Journal, Series, Unit
from generator.content.names import number
from generator.content.placeholders import INSTRUCTION_BODY, REPORT_BODY
from generator.content.published import HEADER as LOCK_HEADER
from generator.content.published import LOCK_FILE
from generator.content.source import read_text, split_front_matter

TEMPLATES = Path(__file__).resolve().parent / "templates"
# What `kanwu init` writes besides mkdocs.yml: the template, and where it goes.
_PUBLICATION = {
    "journal.yml.j2": "content/journal.yml",
    "units.yml": "content/units.yml",
    "index.md.j2": "content/kuaibao/{year}/001/index.md",
    "report.md.j2": "content/kuaibao/{year}/001/01-示例稿件.md",
    "gitignore": ".gitignore",
}
# MkDocs' docs_dir, kept empty (see mkdocs.yml); git keeps no empty folder.
_EMPTY_DOCS = "empty-docs/.gitkeep"
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)


def _yaml_text(value: str) -> str:
    """``value`` as it is written after a YAML key: as typed when YAML reads it
    back as the same text, else quoted (a title such as 「关于: #3 问题」)."""
    try:
        if not value or yaml.load(f"k: {value}  # c", Loader=yaml.BaseLoader) == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings


def _yaml_units(value: str | Sequence[str]) -> str:
    """One unit id as it is, several as a YAML list."""
    return value if isinstance(value, str) else f"[{', '.join(value)}]"


def yaml_line(key: str, value: object) -> str:
    """One front matter line: text as :func:`_yaml_text` writes it, a list
    of texts as a flow list, a date as ``YYYY-MM-DD``."""
    if isinstance(value, str):
        return f"{key}: {_yaml_text(value)}"
    if isinstance(value, list | tuple):
        return f"{key}: [{', '.join(json.dumps(str(v), ensure_ascii=False) for v in value)}]"
    if isinstance(value, dt.date):
        return f"{key}: {value.isoformat()}"
    raise TypeError(key)


_env.filters["yaml_text"] = _yaml_text
_env.filters["yaml_units"] = _yaml_units


class ScaffoldError(Exception):
    """A usage problem, reported to the editor in Chinese."""


def init_publication(folder: Path, title: str, publisher: str, day: dt.date) -> list[Path]:
    """Create a new publication in ``folder`` (absent or empty): mkdocs.yml,
    the content folder with journal.yml, units.yml and one example issue of
    每日快报 dated ``day``, and .gitignore. It is written beside the folder
    and moved into place whole, so a failure leaves nothing half-made."""
    for name, value in (("总刊头", title), ("编印单位", publisher)):
        if not value.strip() or any(c in value for c in "\r\n"):
            raise ScaffoldError(f"{name}不能为空，也不能换行")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder} 已存在且不是空目录；请换一个目录名，以免覆盖已有文件")
    folder.absolute().parent.mkdir(parents=True, exist_ok=True)
    # Made with the user's umask (tempfile's folders are private to the user).
    staging = folder.absolute().parent / f".kanwu-init-{os.getpid()}-{folder.absolute().name}"
    staging.mkdir()
    try:
        # Quoted as JSON, which YAML reads as it is: any title is safe in it.
        names = {"title": json.dumps(title.strip(), ensure_ascii=False)}
        names["publisher"] = json.dumps(publisher.strip(), ensure_ascii=False)
        written = [Path("mkdocs.yml"), Path(_EMPTY_DOCS)]
        shutil.copyfile(DEFAULT_CONFIG, staging / written[0])
        (staging / _EMPTY_DOCS).parent.mkdir()
        (staging / _EMPTY_DOCS).touch()
        for template, target in _PUBLICATION.items():
            path = Path(target.format(year=f"{day.year:04d}"))
            text = _env.get_template(f"publication/{template}").render(date=day, **names)
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_text(text, encoding="utf-8")
            written.append(path)
        # An empty record of what is published: the first build after the
        # example issue's date records it (generator.content.published).
        written.append(Path("content") / LOCK_FILE)
        (staging / written[-1]).write_text(LOCK_HEADER, encoding="utf-8")
        if folder.is_dir():
            _move_into(staging, folder)
        else:
            os.replace(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [folder / path for path in written]


def _move_into(staging: Path, folder: Path) -> None:
    """Move what ``staging`` holds into the empty ``folder`` entry by entry
    (the folder itself may be in use: ``kanwu init .``); on failure, take
    back out what was moved."""
    moved: list[Path] = []
    try:
        for entry in sorted(staging.iterdir()):
            os.replace(entry, folder / entry.name)
            moved.append(folder / entry.name)
    except BaseException:
        for path in moved:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        raise


def journal_of(content: Path) -> tuple[Journal, tuple[Unit, ...]]:
    problems = Problems()
    journal = load_journal(content, problems)
    units = load_units(content, problems)
    if journal is None:
        first = problems.errors[0] if problems.errors else "journal.yml 无效"
        raise ScaffoldError(f"无法读取刊物设置：{first}")
    return journal, units


def _series(journal: Journal, series_id: str) -> Series:
    series = journal.series_by_id(series_id)
    if series is None:
        ids = [s.id for s in journal.series]
        hint = did_you_mean(series_id, ids) or f"（可选：{'、'.join(ids)}）"
        raise ScaffoldError(f'专刊 "{series_id}" 不在 journal.yml 中{hint}')
    return series


def new_issue(content: Path, series_id: str, day: dt.date) -> Path:
    """Create ``<series>/<YYYY>/<NNN>/index.md`` with the next number of the year."""
    journal, _ = journal_of(content)
    series = _series(journal, series_id)
    year_dir = content / series.id / f"{day.year:04d}"
    numbers = [int(p.name) for p in year_dir.glob("*") if p.is_dir() and number(p.name) is not None]
    folder = year_dir / f"{max(numbers, default=0) + 1:03d}"
    folder.mkdir(parents=True)
    path = folder / ISSUE_FILE
    text = _env.get_template("issue.md.j2").render(date=day, series=series, journal=journal)
    path.write_text(text, encoding="utf-8")
    return path


@dataclass(frozen=True)
class IssueFolder:
    """An issue folder that reports are added to (``kanwu new report``,
    ``kanwu import``): where it is, its series, the units registry."""

    path: Path
    journal: Journal
    series: Series
    units: tuple[Unit, ...]
    date: dt.date | None

    def check_unit(self, unit: str | None) -> None:
        """Refuse a unit id that is not in units.yml, or none where one is required."""
        if unit is None and not self.series.is_instructions:
            raise ScaffoldError("请用 --unit 指定报送单位")
        ids = [u.id for u in self.units]
        if unit is not None and unit not in ids:
            raise ScaffoldError(f'报送单位 "{unit}" 不在单位名录中{did_you_mean(unit, ids)}')

    def report_path(self, offset: int = 0) -> Path:
        """The next report file (``NN.md``), or the one ``offset`` after it."""
        taken = [
            int(m.group(1))
            for p in self.path.glob("*.md")
            if p.name != ISSUE_FILE and (m := re.match(r"([0-9]+)", p.name))
        ]
        return self.path / f"{max(taken, default=0) + 1 + offset:02d}.md"

    def report_text(
        self, unit: str | Sequence[str] | None, title: str | None, body: str | None = None
    ) -> str:
        """A report file from the commented template: ``unit`` one unit id or
        several (a joint report); ``body`` replaces the placeholder text the
        editor would otherwise write over."""
        placeholder = INSTRUCTION_BODY if self.series.is_instructions else REPORT_BODY
        return _env.get_template("report.md.j2").render(
            title=title or "",
            unit=unit or "",
            date=self.date or dt.date.today(),
            series=self.series,
            journal=self.journal,
            body=placeholder if body is None else body,
        )


def issue_folder(content: Path, issue_dir: Path) -> IssueFolder:
    """The issue folder ``issue_dir`` of ``content``; a usage error if it is not one."""
    journal, units = journal_of(content)
    try:
        relative = issue_dir.resolve().relative_to(content.resolve())
    except ValueError:
        raise ScaffoldError(f"{issue_dir} 不在内容目录 {content} 中") from None
    parts = relative.parts
    if len(parts) != 3 or number(parts[2]) is None:
        raise ScaffoldError(f"{issue_dir} 不是期目录（应为 <专刊>/<年>/<期号>）")
    series = _series(journal, parts[0])
    return IssueFolder(issue_dir, journal, series, units, _issue_date(content, issue_dir))


def new_report(content: Path, issue_dir: Path, unit: str | None, title: str | None) -> Path:
    """Create the next ``NN.md`` in an issue folder from the commented template."""
    folder = issue_folder(content, issue_dir)
    folder.check_unit(unit)
    path = folder.report_path()
    path.write_text(folder.report_text(unit, title), encoding="utf-8")
    return path


def _issue_date(content: Path, issue_dir: Path) -> dt.date | None:
    rel = (issue_dir / ISSUE_FILE).resolve().relative_to(content.resolve()).as_posix()
    problems = Problems()
    text = read_text(content.resolve(), rel, problems)
    front = split_front_matter(text, rel, problems) if text is not None else None
    value = front.data.get("date") if front and isinstance(front.data, dict) else None
    return value if isinstance(value, dt.date) else None
