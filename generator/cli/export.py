"""``kanwu export``: one issue as a GB/T 9704 document, PDF or Word."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from generator.build.pdf import printer
from generator.build.trees import write_atomic
from generator.build.word import write_docx, write_notice_docx
from generator.content.model import Publication
from generator.records.periods import parse_period
from generator.site.catalog import Audience, build_catalog
from generator.site.documents import (
    IssueDocument,
    NoticeDocument,
    issue_document,
    notice_document,
)


class ExportRefused(Exception):
    """The export cannot be done; the message is for the user."""


@dataclass(frozen=True)
class Exported:
    path: Path
    pages: int | None  # PDF only
    fallbacks: tuple[str, ...]  # faces the machine lacked (PDF only)


def issue_of(publication: Publication, content: Path, issue_dir: Path) -> str:
    """The key of the issue in ``issue_dir`` (a folder of ``content``)."""
    try:
        relative = issue_dir.resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        raise ExportRefused(f"{issue_dir} 不在内容目录 {content} 中") from None
    for issue in publication.issues:
        if issue.path == relative:
            return issue.key
    raise ExportRefused(f"{issue_dir} 不是期目录（应为 <专刊>/<年>/<期号>，其中有 index.md）")


def document_of(
    publication: Publication, content: Path, what: str, audience: Audience
) -> IssueDocument | NoticeDocument:
    """The document ``what`` names: an issue folder, or a 通报's week or
    month (``2026-W45``, ``2026-10``)."""
    if not Path(what).is_dir():
        try:
            period = parse_period(what)
        except ValueError:
            raise ExportRefused(
                f"「{what}」既不是期目录，也不是通报的时间（如 2026-W45、2026-10）"
            ) from None
        if period.kind not in ("week", "month"):
            raise ExportRefused(f"「{what}」不是一周或一个月：通报按周、按月印发")
        if audience != "intranet":
            raise ExportRefused("通报只在内网版中，不能导出公开版")
        notice = notice_document(build_catalog(publication, audience), period)
        if notice is None:
            raise ExportRefused(f"{period.label}不在档案的时间范围内，没有这一期通报")
        return notice
    issue_dir = Path(what)
    key = issue_of(publication, content, issue_dir)
    catalog = build_catalog(publication, audience)
    if key not in catalog.issues:
        raise ExportRefused(f"{issue_dir} 这一期没有可公开的稿件，公开版中没有这一期")
    return issue_document(catalog, content.resolve(), key)


def target(document: IssueDocument | NoticeDocument, fmt: str, output: str | None) -> Path:
    """Where ``-o`` says, or the document's own name in the folder it names
    (an existing folder, or one written with a trailing slash)."""
    name = f"{document.name}.{fmt}"
    if output is None:
        return Path(name)
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return Path(output) / name
    return Path(output)


def export(document: IssueDocument | NoticeDocument, fmt: str, path: Path) -> Exported:
    """Write the document to ``path``, whole or not at all."""
    if fmt == "pdf":
        with printer() as chosen:
            printed = chosen.print(document.html(), f"{document.day:%Y%m%d}")
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, printed.pdf)
        return Exported(path, len(PdfReader(path).pages), printed.fallbacks)
    data = (
        write_notice_docx(document)
        if isinstance(document, NoticeDocument)
        else write_docx(document)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return Exported(path, None, ())
