"""The published record: once an issue is out, its reports' text is kept.

``published.lock`` at the top of the content folder holds, for each report
of an issue whose date has passed, a digest of its text (title, units and
body), with how many 勘误 (``erratum`` ledger events) it had then::

    # 已印发稿件的文本指纹……
    5d1f0c6a9e2b7743 0 kuaibao/2026/035/02

(the report last: a file name may hold a space).

``kanwu build`` adds the issues dated before the day of the build and
records each lawful change; editors commit the file with the content. A
report whose text differs from its line is lawful only when the ledger has
more errata for it than the line counted: each change needs its own. A
locked report that is gone, or a report added to a locked issue without an
erratum naming it, is an error too. A content folder without the file is not
locked (``kanwu init`` writes it; an office creates it empty to start).

Whitespace at line ends and blank lines around the body are not text: an
editor's tidying needs no erratum.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from generator.content.diagnostics import Problems
from generator.content.model import Erratum, Publication, Report, Sealed

LOCK_FILE = "published.lock"
HEADER = (
    "# 已印发稿件的文本指纹：kanwu build 记入印发日期已过的各期，请随内容一并提交，不要手工修改。\n"
    "# 每行：标题、报送单位和正文的指纹  当时已有的勘误数  稿件。"
    "已印发稿件的文本改动，须先在 ledger/ 中记录 event: erratum。\n"
)


def text_digest(title: str, units: Iterable[str], body: str) -> str:
    """The digest of a report's published text (16 hex digits)."""
    lines = (line.rstrip() for line in body.strip().splitlines())
    text = "\0".join((title.strip(), "、".join(units), "\n".join(lines)))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def digest_of(report: Report) -> str:
    return report.text_digest or text_digest(report.title, report.units, report.body)


def read_lock(root: Path, problems: Problems) -> dict[str, Sealed] | None:
    """The lock's lines by report id; ``None`` when the folder has no lock."""
    path = root / LOCK_FILE
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.error(LOCK_FILE, 1, f"无法读取已印发稿件的记录：{exc}")
        return None
    sealed: dict[str, Sealed] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.strip().split(maxsplit=2)
        if len(fields) != 3 or not fields[1].isascii() or not fields[1].isdigit():
            problems.error(
                LOCK_FILE, number, "无法识别的记录（应为：指纹 勘误数 稿件），请勿手工修改"
            )
            continue
        digest, count, report = fields
        sealed[report] = Sealed(report, digest, int(count), number)
    return sealed


def errata_counts(publication: Publication) -> Counter[str]:
    return Counter(e.report for e in publication.ledger if isinstance(e, Erratum))


def check_published(
    publication: Publication, sealed: Mapping[str, Sealed], problems: Problems
) -> None:
    """Report each change to published text that no erratum accounts for."""
    errata = errata_counts(publication)
    locked_issues = {rid.rsplit("/", 1)[0] for rid in sealed}
    present: set[str] = set()
    for issue in publication.issues:
        for report in issue.reports:
            present.add(report.id)
            line = sealed.get(report.id)
            if line is None:
                if issue.key in locked_issues and not errata[report.id]:
                    problems.error(
                        report.path,
                        1,
                        f"{issue.key} 已于 {issue.date} 印发（已记入 {LOCK_FILE}），"
                        "不能再加入稿件；确需补登，请在 ledger/ 中为它记录勘误（event: erratum）",
                    )
            elif digest_of(report) != line.digest and errata[report.id] <= line.errata:
                problems.error(
                    report.path,
                    report.line_of("title"),
                    f"已印发稿件的标题、报送单位或正文被改动，但台账中没有说明这次改动的勘误："
                    f"请在 ledger/ 中记录 event: erratum（date、report: {report.id}、"
                    "change 改了什么、reason 为什么改），或恢复原文",
                )
    for rid, line in sealed.items():
        if rid not in present and rid not in publication.unreadable:
            problems.error(
                LOCK_FILE,
                line.line,
                f'已印发的稿件 "{rid}" 不存在了：已印发的内容是档案，不能删除、移动或改名，请恢复该文件',
            )


def unrecorded(publication: Publication, sealed: Mapping[str, Sealed], today: dt.date) -> int:
    """How many issues dated before ``today`` the record does not hold yet:
    a build records them, and the office commits what it wrote (a build in
    CI, on a fresh copy of the repository, records them for nobody)."""
    return sum(
        1
        for issue in publication.issues
        if issue.date < today and any(r.id not in sealed for r in issue.reports)
    )


def locked_text(
    publication: Publication, sealed: Mapping[str, Sealed], today: dt.date
) -> str | None:
    """The lock after a build on ``today``: every report of an issue dated
    before it, as it now reads (a build runs only on content that passed
    :func:`check_published`); ``None`` when nothing changes."""
    errata = errata_counts(publication)
    lines = {rid: (line.digest, line.errata) for rid, line in sealed.items()}
    for issue in publication.issues:
        if issue.date >= today:
            continue
        for report in issue.reports:
            digest = digest_of(report)
            known = lines.get(report.id)
            if known is None or known[0] != digest:
                lines[report.id] = (digest, errata[report.id])
    if lines == {rid: (line.digest, line.errata) for rid, line in sealed.items()}:
        return None
    body = "".join(f"{digest} {count} {rid}\n" for rid, (digest, count) in sorted(lines.items()))
    return HEADER + body
