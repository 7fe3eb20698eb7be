"""Loading a content directory into the model, file by file.

This stage checks what one file can tell on its own (syntax, encoding, field
names and types, where the file sits). Rules that relate files to each other
live in :mod:`generator.content.validate`.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.attachments import INBOX_DIR, in_inbox, publishable, refusal, suffix
from generator.content.diagnostics import Problems, did_you_mean
from generator.content.folders import safe_entries as _safe_entries
from generator.content.folders import walk
from generator.content.inbox import load_inbox
from generator.content.ledger import LEDGER_DIR, load_ledger
from generator.content.links import content_target
from generator.content.load_cache import FileMemo, Work
from generator.content.model import (
    CLASSIFICATIONS,
    DEFAULT_CATEGORIES,
    DEFAULT_KINDS,
    URGENCIES,
    Duties,
    Issue,
    Journal,
    Publication,
    Report,
    Scoring,
    Series,
    Unit,
    issue_key,
    issue_stamp,
    submission_path,
)
from generator.content.names import is_year
from generator.content.names import number as number_of
from generator.content.placeholders import warn_placeholders
from generator.content.proofread import RULES, Proofing, proofread
from generator.content.published import LOCK_FILE, text_digest
from generator.content.sanitize import audit
from generator.content.schema import Field, FieldReader
from generator.content.source import YamlMap, parse_yaml, read_text, split_front_matter
from generator.content.validate import validate

JOURNAL_FILE = "journal.yml"
UNITS_FILE = "units.yml"
ISSUE_FILE = "index.md"
ID_PATTERN = re.compile(r"^[a-z0-9-]+$")

JOURNAL_FIELDS = {
    "title": Field("text", "总刊头", required=True),
    "publisher": Field("text", "编印单位", required=True),
    "default_classification": Field("text", "默认公开属性", choices=CLASSIFICATIONS),
    "series": Field("list", "专刊列表", required=True),
    "categories": Field("texts", "分类"),
    "kinds": Field("texts", "信息类型"),
    "distribution": Field("pairs", "版记"),
    "scoring": Field("map", "积分规则"),
    "quotas": Field("map", "调研信息任务"),
    "duties": Field("map", "报送任务"),
    "time_limits": Field("numbers", "紧急信息报送时限（分钟）"),
    "proofread": Field("map", "校对"),
}
DUTY_FIELDS = {
    "daily": Field("numbers", "每个工作日至少报送"),
    "weekly": Field("numbers", "每周至少报送"),
    "holidays": Field("dates", "节假日"),
    "workdays": Field("dates", "调休上班日"),
}
PROOFREAD_FIELDS = {
    "allow": Field("texts", "允许的叠字词"),
    "words": Field("pairs", "应替换的用词"),
}
SERIES_FIELDS = {
    "id": Field("text", "专刊标识", required=True),
    "name": Field("text", "专刊名", required=True),
    "description": Field("text", "说明"),
    "total_start": Field("count", "总期号起点"),
    "single_topic": Field("bool", "一期一题"),
    "type": Field("text", "专刊类型", choices=("reports", "instructions")),
    "upward": Field("bool", "上行报送"),
}
SCORING_FIELDS = {
    "published": Field("number", "刊发得分"),
    "series": Field("numbers", "专刊得分"),
    "adopted": Field("numbers", "采用得分"),
    "instructed": Field("number", "批示得分"),
    "best": Field("number", "月度最佳得分"),
    "research": Field("number", "调研加分"),
    "criticism": Field("number", "通报批评扣分"),
    "award": Field("number", "年度优秀信息得分"),
    "joint": Field("text", "联合报送计分", choices=("split", "full")),
}
QUOTA_FIELDS = {
    "research": Field("numbers", "调研信息任务（每个单位）"),
    "research_total": Field("numbers", "调研信息任务（全组合计）"),
}
UNIT_FIELDS = {
    "id": Field("text", "单位标识", required=True),
    "name": Field("text", "单位名称", required=True),
    "short": Field("text", "简称"),
    "group": Field("text", "分组"),
    "since": Field("date", "加入日期"),
    "until": Field("date", "退出日期"),
}
ISSUE_FIELDS = {
    "date": Field("date", "印发日期", required=True),
    "issuer": Field("text", "签发"),
    "editor": Field("text", "责任编辑"),
    "topic": Field("text", "主题"),
    "urgency": Field("text", "紧急程度", choices=URGENCIES),
    "classification": Field("text", "公开属性", choices=CLASSIFICATIONS),
    "distribution": Field("pairs", "版记"),
}
REPORT_FIELDS = {
    "title": Field("text", "标题", required=True),
    "unit": Field("texts", "报送单位", required=True),
    "category": Field("text", "分类"),
    "kind": Field("text", "信息类型"),
    "tags": Field("texts", "标签"),
    "date": Field("date", "报送日期"),
    "classification": Field("text", "公开属性", choices=CLASSIFICATIONS),
    "follows": Field("text", "续报"),
    "urgency": Field("text", "紧急程度", choices=URGENCIES),
    "from": Field("text", "来稿"),
    "skip_proofread": Field("texts", "不校对"),
}
INSTRUCTION_FIELDS = {
    **REPORT_FIELDS,
    "unit": Field("texts", "报送单位"),
    "on": Field("texts", "批示对象", required=True),
    "leader": Field("text", "批示领导", required=True),
    "assigned": Field("texts", "交办单位"),
    "due": Field("date", "办理时限"),
}
# When journal.yml cannot be read, a report may be of either kind of series.
ANY_REPORT_FIELDS: dict[str, Field] = {
    key: spec if key in REPORT_FIELDS else dataclasses.replace(spec, required=False)
    for key, spec in INSTRUCTION_FIELDS.items()
}
ONLY_IN_INSTRUCTIONS = {
    key: "只能用于领导批示类专刊（type: instructions）"
    for key in INSTRUCTION_FIELDS.keys() - REPORT_FIELDS.keys()
}
# The fields of a report by the kind of its series ("any": journal.yml is
# unreadable), with the keys that would belong to another kind.
REPORT_SPECS: dict[str, tuple[dict[str, Field], dict[str, str] | None]] = {
    "any": (ANY_REPORT_FIELDS, None),
    "instructions": (INSTRUCTION_FIELDS, None),
    "reports": (REPORT_FIELDS, ONLY_IN_INSTRUCTIONS),
}


def load(
    root: Path, cache: Path | None = None, *, read_only: bool = False
) -> tuple[Publication | None, Problems]:
    """Load a content directory. Returns ``None`` for the publication when
    journal.yml itself is unusable; problems are collected either way.

    With a ``cache`` folder (created when missing), what reading each issue,
    report and ledger file found is remembered there and reused while the file
    and everything that reading it looked at are unchanged; the result equals
    a load without it (see :mod:`generator.content.load_cache`). With
    ``read_only`` the cache is used but neither created nor written."""
    problems = Problems()
    if not root.is_dir():
        problems.error(str(root), 1, "内容目录不存在")
        return None, problems
    memo = FileMemo(root, cache, read_only=read_only)
    try:
        return _load(root, memo, problems)
    finally:
        memo.save()


def _load(root: Path, memo: FileMemo, problems: Problems) -> tuple[Publication | None, Problems]:
    journal = load_journal(root, problems)
    before = len(problems)
    units = load_units(root, problems)
    units_readable = bool(units) or len(problems) == before
    loader = _IssueLoader(root, journal, problems, memo, proofing_of(journal, units))
    issues = loader.load_all()
    ledger = load_ledger(root, problems, memo)
    publication = Publication(
        journal or _stand_in_journal(issues),
        units,
        issues,
        ledger,
        load_inbox(root, memo, problems),
        frozenset(loader.unreadable),
        units_readable=units_readable,
        loose_reports=tuple(loader.loose),
        journal_readable=journal is not None,
        stamps=memo.stamps,
    )
    if journal is None:
        # Nothing can be built, but the reports can still be checked against
        # each other and the units, so one run names those mistakes too.
        validate(publication, problems)
        return None, problems
    return publication, problems


def _stand_in_journal(issues: tuple[Issue, ...]) -> Journal:
    """A journal with a plain series per folder, for checking only."""
    names = dict.fromkeys(issue.series for issue in issues)
    return Journal(title="", publisher="", series=tuple(Series(id=n, name=n) for n in names))


def _load_yaml_file(root: Path, rel: str, problems: Problems) -> Any:
    if not (root / rel).exists() and not (root / rel).is_symlink():
        problems.error(rel, 1, f"缺少 {rel}")
        return None
    text = read_text(root, rel, problems)
    if text is None:
        return None
    if not text.strip():
        problems.error(rel, 1, f"{rel} 是空文件")
        return None
    return parse_yaml(text, rel, 0, problems)


def load_journal(root: Path, problems: Problems) -> Journal | None:
    data = _load_yaml_file(root, JOURNAL_FILE, problems)
    if data is None:
        return None
    reader = FieldReader(JOURNAL_FILE, problems)
    values = reader.read(data, JOURNAL_FIELDS, "刊物设置")
    if values is None:
        return None
    series = _read_series(values.get("series", []), data.line_of("series"), reader)
    if not series or "title" not in values or "publisher" not in values:
        return None
    return Journal(
        title=values["title"],
        publisher=values["publisher"],
        series=series,
        default_classification=values.get("default_classification", CLASSIFICATIONS[0]),
        categories=values.get("categories", DEFAULT_CATEGORIES),
        kinds=values.get("kinds", DEFAULT_KINDS),
        distribution=values.get("distribution", ()),
        scoring=_read_scoring(data.get("scoring"), data.line_of("scoring"), reader),
        quotas=_read_quotas(data.get("quotas"), data.line_of("quotas"), reader),
        duties=_read_duties(data.get("duties"), data.line_of("duties"), reader),
        time_limits=values.get("time_limits", {}),
        **_read_proofread(data.get("proofread"), data.line_of("proofread"), reader),
        lines=_key_lines(data),
    )


def _key_lines(data: YamlMap, prefix: str = "") -> dict[str, int]:
    """The line of each key of ``data`` and of the mappings in it, by dotted path."""
    lines: dict[str, int] = {}
    for key, value in data.items():
        path = f"{prefix}{key}"
        lines[path] = data.line_of(key)
        if isinstance(value, YamlMap):
            lines.update(_key_lines(value, f"{path}."))
    return lines


def _read_series(entries: list[Any], line: int, reader: FieldReader) -> tuple[Series, ...]:
    result: list[Series] = []
    seen: set[str] = set()
    for entry in entries:
        entry_line = entry.line if isinstance(entry, YamlMap) else line
        values = reader.read(entry, SERIES_FIELDS, "专刊", entry_line)
        if not values or "id" not in values or "name" not in values:
            continue
        sid = values["id"]
        if not ID_PATTERN.match(sid):
            reader.problems.error(
                reader.path, entry.line_of("id"), f'专刊标识 "{sid}" 只能含小写字母、数字和连字符'
            )
            continue
        if sid in seen:
            reader.problems.error(reader.path, entry.line_of("id"), f'专刊标识 "{sid}" 重复')
            continue
        seen.add(sid)
        result.append(
            Series(
                id=sid,
                name=values["name"],
                description=values.get("description", ""),
                total_start=values.get("total_start", 0),
                single_topic=values.get("single_topic", False),
                type=values.get("type", "reports"),
                upward=values.get("upward", False),
            )
        )
    return tuple(result)


def _read_scoring(raw: Any, line: int, reader: FieldReader) -> Scoring:
    if raw is None:
        return Scoring()
    values = reader.read(raw, SCORING_FIELDS, "积分规则（scoring）", line) or {}
    return Scoring(**values)


def _read_quotas(raw: Any, line: int, reader: FieldReader) -> dict[str, dict[str, int]]:
    if raw is None:
        return {}
    return reader.read(raw, QUOTA_FIELDS, "调研信息任务（quotas）", line) or {}


def _read_duties(raw: Any, line: int, reader: FieldReader) -> Duties:
    if raw is None:
        return Duties()
    values = reader.read(raw, DUTY_FIELDS, "报送任务（duties）", line) or {}
    return Duties(**values)


def _read_proofread(raw: Any, line: int, reader: FieldReader) -> dict[str, Any]:
    if raw is None:
        return {}
    values = reader.read(raw, PROOFREAD_FIELDS, "校对（proofread）", line) or {}
    return {
        "proofread_allow": values.get("allow", ()),
        "proofread_words": values.get("words", ()),
    }


def load_units(root: Path, problems: Problems) -> tuple[Unit, ...]:
    data = _load_yaml_file(root, UNITS_FILE, problems)
    if data is None:
        return ()
    if not isinstance(data, list):
        problems.error(UNITS_FILE, 1, "单位名录应为列表（每个单位以 - 开头）")
        return ()
    reader = FieldReader(UNITS_FILE, problems)
    units: dict[str, Unit] = {}
    for entry in data:
        entry_line = entry.line if isinstance(entry, YamlMap) else 1
        values = reader.read(entry, UNIT_FIELDS, "单位", entry_line)
        if not values or "id" not in values or "name" not in values:
            continue
        uid = values["id"]
        if not ID_PATTERN.match(uid):
            problems.error(
                UNITS_FILE, entry.line_of("id"), f'单位标识 "{uid}" 只能含小写字母、数字和连字符'
            )
            continue
        if uid in units:
            problems.error(
                UNITS_FILE,
                entry.line_of("id"),
                f'单位标识 "{uid}" 重复（第 {units[uid].line} 行已定义）',
            )
            continue
        since, until = values.get("since"), values.get("until")
        if since and until and until < since:
            problems.error(UNITS_FILE, entry.line_of("until"), "退出日期早于加入日期")
        units[uid] = Unit(
            id=uid,
            name=values["name"],
            short=values.get("short", ""),
            group=values.get("group", ""),
            since=since,
            until=until,
            line=entry_line,
        )
    return tuple(units.values())


@dataclass
class _IssueLoader:
    """Walks ``<series>/<YYYY>/<NNN>/`` folders and loads issues and reports."""

    root: Path
    journal: Journal | None
    problems: Problems
    memo: FileMemo
    # What reports are proofread against (generator.content.proofread).
    proofing: Proofing = field(default_factory=Proofing)
    unreadable: set[str] = field(default_factory=set)
    loose: list[Report] = field(default_factory=list)  # see Publication.loose_reports

    def load_all(self) -> tuple[Issue, ...]:
        issues: list[Issue] = []
        known = {s.id: s for s in self.journal.series} if self.journal else None
        for entry in _safe_entries(self.root, self.root, self.problems):
            if entry.is_file():
                if entry.name not in (JOURNAL_FILE, UNITS_FILE, LOCK_FILE):
                    self.problems.warning(entry.name, 1, "内容目录顶层的此文件不会发布")
                continue
            if entry.name in (LEDGER_DIR, INBOX_DIR):
                continue  # loaded by the ledger and inbox stages
            series = known.get(entry.name) if known is not None else None
            if known is not None and series is None:
                self._unknown_series(entry.name, known)
                continue
            issues.extend(self._load_series(entry.name, series))
        return tuple(issues)

    def _unknown_series(self, name: str, known: dict[str, Series]) -> None:
        # Named at its first issue, which is where an editor looks; the walk
        # also checks its links, since MkDocs would walk it.
        files = walk(self.root, self.root / name, self.problems)
        where = next((f for f in files if posixpath.basename(f) == ISSUE_FILE), name)
        hint = did_you_mean(name, known)
        self.problems.error(
            where,
            1,
            f'目录 "{name}" 不是 journal.yml 中的专刊{hint}，其中的内容不会发布',
        )

    def _load_series(self, name: str, series: Series | None) -> list[Issue]:
        issues: list[Issue] = []
        for year_entry in _safe_entries(self.root, self.root / name, self.problems):
            rel = f"{name}/{year_entry.name}"
            if not year_entry.is_dir():
                self._misplaced_file(rel)
                continue
            if not is_year(year_entry.name):
                self.problems.error(
                    rel, 1, f'年份目录 "{year_entry.name}" 应为四位数字（半角 0–9，如 2026）'
                )
                walk(self.root, Path(year_entry.path), self.problems)
                continue
            year = int(year_entry.name)
            numbers: dict[int, str] = {}
            for issue_entry in _safe_entries(self.root, Path(year_entry.path), self.problems):
                issue_rel = f"{rel}/{issue_entry.name}"
                if not issue_entry.is_dir():
                    self._misplaced_file(issue_rel)
                    continue
                number = number_of(issue_entry.name)
                if not number:
                    self.problems.error(
                        issue_rel,
                        1,
                        f'期号目录 "{issue_entry.name}" 应为正整数（半角数字 0–9，如 035）',
                    )
                    walk(self.root, Path(issue_entry.path), self.problems)
                    continue
                if number in numbers:
                    self.problems.error(
                        f"{issue_rel}/{ISSUE_FILE}",
                        1,
                        f"期号重复：{issue_rel} 与 {numbers[number]} 是同一期",
                    )
                    continue
                numbers[number] = issue_rel
                issue = self._load_issue(issue_rel, name, year, number, series)
                if issue is not None:
                    issues.append(issue)
        return issues

    def _misplaced_file(self, rel: str) -> None:
        if rel.endswith(".md"):
            self.problems.error(rel, 1, "文件位置不对：稿件应放在 <专刊>/<年>/<期号>/ 目录中")
        else:
            self.problems.warning(rel, 1, "此文件不在期目录中，不会发布")

    def _load_issue(
        self, rel: str, series_id: str, year: int, number: int, series: Series | None
    ) -> Issue | None:
        index_rel = f"{rel}/{ISSUE_FILE}"
        reports: list[Report] = []
        has_index = False
        key = issue_key(series_id, year, number)
        for entry in _safe_entries(self.root, self.root / rel, self.problems):
            if entry.is_dir():
                self._check_asset_folder(f"{rel}/{entry.name}")
            elif entry.name == ISSUE_FILE:
                has_index = True
            elif entry.name.endswith(".md"):
                report = self._load_report(f"{rel}/{entry.name}", key, series)
                if report is not None:
                    reports.append(report)
                else:
                    self.unreadable.add(f"{key}/{entry.name.removesuffix('.md')}")
        if not has_index:
            self.problems.error(index_rel, 1, "缺少本期的 index.md（印发日期等期信息）")
        issue = None
        if has_index:
            issue = self.memo.run(
                "issue",
                index_rel,
                (series_id, year, number),
                lambda text, work: self._read_issue(text, work, rel, series_id, year, number),
                self.problems,
            )
        if issue is not None:
            read = issue
            issue = dataclasses.replace(issue, reports=tuple(reports))
            # An issue is its index.md and its reports, in order: equal
            # stamps of those, equal issues (generator.site.fingerprints).
            self.memo.stamp_made_of(
                issue_stamp(rel), issue, [(index_rel, read), *((r.path, r) for r in reports)]
            )
        else:
            self.unreadable.update(r.id for r in reports)
            self.loose.extend(reports)
        return issue

    def _read_issue(
        self, text: str, work: Work, rel: str, series_id: str, year: int, number: int
    ) -> Issue | None:
        """The issue its index.md describes, without its reports."""
        index_rel = f"{rel}/{ISSUE_FILE}"
        front = split_front_matter(text, index_rel, work.problems)
        if front is None:
            return None
        values = FieldReader(index_rel, work.problems).read(front.data, ISSUE_FIELDS, "期信息")
        warn_placeholders(index_rel, front, ISSUE_FIELDS, work.problems)
        if values is None or "date" not in values:
            return None
        return Issue(
            series=series_id,
            year=year,
            number=number,
            path=rel,
            date=values["date"],
            issuer=values.get("issuer"),
            editor=values.get("editor"),
            topic=values.get("topic"),
            urgency=values.get("urgency"),
            classification=values.get("classification"),
            distribution=values.get("distribution"),
            note=front.body.strip("\n"),
            note_line=front.body_line,
            assets=_audit_body(work, index_rel, front.body, front.body_line),
            lines=dict(front.data.lines),
        )

    def _check_asset_folder(self, rel: str) -> None:
        for path in walk(self.root, self.root / rel, self.problems):
            if path.endswith(".md"):
                self._misplaced_file(path)

    def _load_report(self, rel: str, key: str, series: Series | None) -> Report | None:
        # Which fields a report may have is all it takes from journal.yml.
        if series is None:  # journal.yml unreadable: either kind of series
            fields = "any"
        elif series.is_instructions:
            fields = "instructions"
        else:
            fields = "reports"
        proofing = self.proofing
        return self.memo.run(
            "report",
            rel,
            (key, fields, proofing.units, proofing.allow, proofing.words),
            lambda text, work: _read_report(text, work, rel, key, fields, proofing),
            self.problems,
        )


def read_report(
    root: Path, rel: str, key: str, series: Series, problems: Problems, proofing: Proofing
) -> Report | None:
    """The report file ``rel`` of the issue ``key`` read alone, exactly as a
    whole load reads it, its problems into ``problems`` (for the preview,
    which looks at one saved report before deciding to load everything)."""
    loader = _IssueLoader(root, None, problems, FileMemo(root, None), proofing)
    return loader._load_report(rel, key, series)


def proofing_of(journal: Journal | None, units: Sequence[Unit]) -> Proofing:
    """What reports are proofread against: the units' names, the journal's lists."""
    return Proofing(
        units=tuple((u.name, u.short) for u in units),
        allow=journal.proofread_allow if journal else (),
        words=journal.proofread_words if journal else (),
    )


def _read_report(
    text: str, work: Work, rel: str, key: str, fields: str, proofing: Proofing
) -> Report | None:
    """The report in ``text``, the file ``rel`` of the issue ``key``."""
    front = split_front_matter(text, rel, work.problems)
    if front is None:
        return None
    instructions = fields != "reports"
    spec, misplaced = REPORT_SPECS[fields]
    values = FieldReader(rel, work.problems).read(front.data, spec, "稿件信息", 1, misplaced)
    warn_placeholders(rel, front, spec, work.problems)
    if values is None or "title" not in values:
        return None
    if not instructions and "unit" not in values:
        return None
    name = rel.rsplit("/", 1)[1].removesuffix(".md")
    if not front.body.strip():
        work.problems.warning(rel, front.body_line - 1, "稿件没有正文")
    skipped = _skipped_rules(rel, front.data, values.get("skip_proofread", ()), work.problems)
    findings: tuple[str, ...] = ()
    if skipped != RULES:
        title = (front.data.line_of("title"), values["title"])
        findings = proofread(
            rel, title, front.body, front.body_line, proofing, work.problems, skipped
        )
    units = values.get("unit", ())
    return Report(
        id=f"{key}/{name}",
        path=rel,
        name=name,
        title=values["title"],
        units=units,
        category=values.get("category"),
        kind=values.get("kind"),
        tags=values.get("tags", ()),
        date=values.get("date"),
        classification=values.get("classification"),
        follows=values.get("follows"),
        urgency=values.get("urgency"),
        source=submission_path(values["from"]) if "from" in values else None,
        on=values.get("on", ()),
        leader=values.get("leader"),
        assigned=values.get("assigned", ()),
        due=values.get("due"),
        body=front.body,
        body_line=front.body_line,
        assets=_audit_body(work, rel, front.body, front.body_line),
        findings=findings,
        text_digest=text_digest(values["title"], units, front.body),
        lines=dict(front.data.lines),
    )


def _skipped_rules(
    rel: str, data: YamlMap, names: tuple[str, ...], problems: Problems
) -> tuple[str, ...]:
    """The proofreading rules a report silences (``skip_proofread``; 全部: every one)."""
    if "全部" in names:
        return RULES
    for name in names:
        if name not in RULES:
            hint = did_you_mean(name, RULES) or f"（可选：{'、'.join(RULES)}、全部）"
            problems.error(rel, data.line_of("skip_proofread"), f'校对规则 "{name}" 不存在{hint}')
    return tuple(n for n in names if n in RULES)


def _audit_body(work: Work, rel: str, body: str, body_line: int) -> tuple[str, ...]:
    """Warn about what sanitising removes; check relative links and images.

    Returns the content-relative paths of the files the body shows or links
    (other than reports and SVG images), which the site publishes with it:
    only files of the attachment allow-list, inside the content folder."""
    result = audit(body)
    for finding in result.findings:
        work.problems.warning(rel, body_line - 1 + finding.line, finding.message)
    folder = posixpath.dirname(rel)
    assets: list[str] = []
    for reference in result.references:
        url, where = reference.url, body_line - 1 + reference.line
        target = content_target(folder, url)
        if target == "":
            continue
        if target is None:
            work.problems.error(rel, where, f"链接或图片指向内容目录之外：{url}")
            continue
        if in_inbox(target):
            work.problems.error(
                rel,
                where,
                f"链接或图片指向来稿目录 inbox/（来稿不发布）：{url}；"
                "图片请放在本期目录中（kanwu take 会一并带来）",
            )
            continue
        found = work.content_file(target)
        # A suffix decides the type; a name without one (a folder, say)
        # is only refused when it is a file.
        refused = refusal(reference.tag, target, url)
        if refused and (suffix(target) or found):
            work.problems.error(rel, where, refused)
        elif found is None:
            work.problems.error(
                rel, where, f"链接或图片 {url} 经符号链接指向内容目录之外，不会发布"
            )
        elif not found:
            work.problems.warning(rel, where, f"链接或图片引用的文件不存在：{url}")
        elif publishable(target):
            assets.append(target)
    return tuple(dict.fromkeys(assets))
