"""The journal as plain frozen dataclasses; no MkDocs in sight.

Everything else (pages, statistics, search) is a function of these values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

INTERNAL = "内部"
PUBLIC = "公开"
CLASSIFICATIONS = (INTERNAL, PUBLIC)
URGENCIES = ("特急", "紧急")
DEFAULT_CATEGORIES = ("政治", "经济", "文化", "社会", "党的建设")
DEFAULT_KINDS = ("动态", "问题", "经验", "建议", "调研", "突发")

SeriesType = Literal["reports", "instructions"]


@dataclass(frozen=True)
class Series:
    id: str
    name: str
    description: str = ""
    total_start: int = 0
    single_topic: bool = False
    type: SeriesType = "reports"
    # Reports upward (每日上报 to the provincial committee): its documents
    # carry 签发人 in the 版头, as GB/T 9704 sets for 上行文.
    upward: bool = False

    @property
    def is_instructions(self) -> bool:
        return self.type == "instructions"


@dataclass(frozen=True)
class Scoring:
    """Points per unit; see DESIGN §3 Statistics."""

    published: float = 0
    series: Mapping[str, float] = field(default_factory=dict)
    adopted: Mapping[str, float] = field(default_factory=dict)
    instructed: float = 0
    best: float = 0
    research: float = 0
    criticism: float = 0  # deducted for each 通报批评 (a ledger event)
    award: float = 0  # for each report chosen as the year's 优秀信息
    joint: Literal["split", "full"] = "split"


@dataclass(frozen=True)
class Duties:
    """报送任务: the 来稿 each unit must send, at least, every working day
    (``daily``) or every week (``weekly``), keyed by unit id, by group, or
    ``default``; the most specific key a unit has decides both. Working
    days are Monday to Friday, without ``holidays``, with ``workdays`` (调休)."""

    daily: Mapping[str, int] = field(default_factory=dict)
    weekly: Mapping[str, int] = field(default_factory=dict)
    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    def of(self, unit: Unit) -> tuple[int, int]:
        """The unit's (daily, weekly) minimums; (0, 0): none."""
        for key in (unit.id, unit.group, "default"):
            if key and (key in self.daily or key in self.weekly):
                return int(self.daily.get(key, 0)), int(self.weekly.get(key, 0))
        return 0, 0

    def working(self, day: dt.date) -> bool:
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)


@dataclass(frozen=True)
class Journal:
    title: str
    publisher: str
    series: tuple[Series, ...]
    default_classification: str = INTERNAL
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    kinds: tuple[str, ...] = DEFAULT_KINDS
    distribution: tuple[tuple[str, str], ...] = ()
    scoring: Scoring = field(default_factory=Scoring)
    quotas: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    duties: Duties = field(default_factory=Duties)
    # Minutes allowed from an urgent matter's `occurred` to its 来稿's
    # `received`, by urgency (特急, 紧急).
    time_limits: Mapping[str, int] = field(default_factory=dict)
    # Proofreading (generator.content.proofread): doubled characters that are
    # right, and words to replace (written, should be).
    proofread_allow: tuple[str, ...] = ()
    proofread_words: tuple[tuple[str, str], ...] = ()
    # Lines of journal.yml by key, nested keys joined by dots
    # (``duties.daily.县区``), for messages about what other files say.
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        """The line of ``key``, else of the nearest key above it."""
        while key not in self.lines and "." in key:
            key = key.rsplit(".", 1)[0]
        return self.lines.get(key, 1)

    def series_by_id(self, series_id: str) -> Series | None:
        return next((s for s in self.series if s.id == series_id), None)


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    short: str = ""
    group: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    line: int = 0  # line of the entry in units.yml

    @property
    def label(self) -> str:
        return self.short or self.name

    def active_on(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


@dataclass(frozen=True)
class Report:
    """One item of information (稿件) in an issue, or an instruction (批示)."""

    id: str  # canonical: series/YYYY/NNN/name, NNN zero-padded
    path: str  # file path relative to the content directory
    name: str  # file name without .md; orders reports in the issue
    title: str
    units: tuple[str, ...] = ()
    category: str | None = None
    kind: str | None = None
    tags: tuple[str, ...] = ()
    date: dt.date | None = None
    classification: str | None = None  # None: inherit from the issue
    follows: str | None = None
    urgency: str | None = None  # None: the issue's
    source: str | None = None  # `from`: the 来稿 it was taken from (an inbox path)
    on: tuple[str, ...] = ()
    leader: str | None = None
    assigned: tuple[str, ...] = ()
    due: dt.date | None = None
    body: str = ""
    body_line: int = 1
    assets: tuple[str, ...] = ()  # content-relative paths of the files it shows or links
    # What proofreading found in it (generator.content.proofread): a rule's
    # name for each finding, for the quarterly 评刊.
    findings: tuple[str, ...] = ()
    # The digest of its published text (generator.content.published), made
    # as it is read so that a cached load does not make it again.
    text_digest: str = field(default="", compare=False, repr=False)
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    @property
    def anchor(self) -> str:
        """Stable anchor of the report in its issue page."""
        return f"r-{self.name}"


@dataclass(frozen=True)
class Submission:
    """A 来稿: one report as a unit sent it (``inbox/<YYYY>/<MM>/*.md``),
    used in an issue or not. It is the record of what was received: the
    report taken from it (``from:``) may be edited, the 来稿 stays. Never
    published, in either edition."""

    path: str  # file path relative to the content directory: what `from:` names
    title: str
    units: tuple[str, ...]
    received: dt.datetime
    occurred: dt.datetime | None = None  # when the matter happened (urgent items)
    urgency: str | None = None
    category: str | None = None
    kind: str | None = None
    tags: tuple[str, ...] = ()
    classification: str | None = None
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


@dataclass(frozen=True)
class Issue:
    """One numbered issue (期) of a series."""

    series: str
    year: int
    number: int
    path: str  # folder relative to the content directory, as written
    date: dt.date
    reports: tuple[Report, ...] = ()
    issuer: str | None = None
    editor: str | None = None
    topic: str | None = None
    urgency: str | None = None
    classification: str | None = None  # None: the journal's default
    distribution: tuple[tuple[str, str], ...] | None = None
    note: str = ""  # 编者按, Markdown
    note_line: int = 1
    assets: tuple[str, ...] = ()  # files the 编者按 shows or links
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> str:
        """Canonical id and URL path of the issue: ``series/YYYY/NNN``."""
        return issue_key(self.series, self.year, self.number)

    @property
    def index_path(self) -> str:
        return f"{self.path}/index.md"

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)


def urgency_of(report: Report, issue: Issue) -> str | None:
    """A report's urgency (特急, 紧急): its own, else its issue's."""
    return report.urgency or issue.urgency


PROGRESS_STATUSES = ("办理中", "已办结")


@dataclass(frozen=True, kw_only=True)
class _Recorded:
    """Where a ledger event was written, for messages: every event's last
    fields, given by name (``**located`` in generator.content.ledger)."""

    path: str = ""  # ledger file, relative to the content directory
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


@dataclass(frozen=True)
class Adoption(_Recorded):
    """A report taken up by a higher level (采用)."""

    date: dt.date
    report: str  # canonical report id
    by: str
    where: str = ""


@dataclass(frozen=True)
class BestOfMonth(_Recorded):
    """The month's best reports (月度最佳信息), at most ten a month."""

    date: dt.date
    month: tuple[int, int]  # (year, month)
    reports: tuple[str, ...]


@dataclass(frozen=True)
class Progress(_Recorded):
    """A unit's feedback on an instruction (批示办理反馈)."""

    date: dt.date
    report: str  # the instruction
    unit: str
    status: str  # 办理中 | 已办结
    note: str = ""


@dataclass(frozen=True)
class Criticism(_Recorded):
    """通报批评 of a unit: late, missing or concealed reporting (迟、漏、瞒报),
    with the points ``scoring.criticism`` deducts (or ``points``, if given)."""

    date: dt.date
    unit: str
    reason: str
    report: str | None = None  # a published report it concerns
    submission: str | None = None  # a 来稿 it concerns (inbox path)
    points: float | None = None  # deducted instead of scoring.criticism


@dataclass(frozen=True)
class Bonus(_Recorded):
    """视情加分: points the office grants a unit at its discretion, with why."""

    date: dt.date
    unit: str
    points: float
    reason: str
    report: str | None = None


@dataclass(frozen=True)
class Award(_Recorded):
    """The year's 优秀信息, chosen from that year's monthly best only."""

    date: dt.date
    year: int
    reports: tuple[str, ...]


@dataclass(frozen=True)
class Closed(_Recorded):
    """An urgent matter closed (不再续报): the named report and its whole
    续报 chain leave the 「待续报」 list."""

    date: dt.date
    report: str
    note: str = ""


@dataclass(frozen=True)
class Erratum(_Recorded):
    """A correction of a published report (勘误): what changed and why. A
    published report's text is the record (generator.content.published); it
    may change only with one of these, shown on its issue page in both
    editions and in the feeds."""

    date: dt.date
    report: str
    change: str  # what was corrected, as readers are told
    reason: str


LedgerEvent = Adoption | BestOfMonth | Progress | Criticism | Bonus | Award | Closed | Erratum


@dataclass(frozen=True)
class Publication:
    """A whole content directory: the journal, its units and its issues."""

    journal: Journal
    units: tuple[Unit, ...]
    issues: tuple[Issue, ...]
    ledger: tuple[LedgerEvent, ...] = ()
    # Every 来稿 of inbox/, by received time: counted, never published.
    submissions: tuple[Submission, ...] = ()
    # Ids of reports whose files exist but could not be read: references to
    # them are not reported again as dangling.
    unreadable: frozenset[str] = frozenset()
    # False when units.yml itself could not be read: unit references are then
    # not checked, rather than reporting every report's unit as unknown.
    units_readable: bool = True
    # Reports read from a folder whose index.md is broken: never published, but
    # checked like any other so one run names every mistake (their ids are
    # also in ``unreadable``, as nothing may link to them).
    loose_reports: tuple[Report, ...] = ()
    # False when journal.yml could not be read: the journal is then a stand-in
    # and the checks against its categories and kinds are skipped.
    journal_readable: bool = True
    # What reading each file gave, with a stamp of what it was read from
    # (generator.content.load_cache.FileMemo.stamps): by content path, the
    # result and the stamp; an issue, made of its index.md and its reports,
    # under :func:`issue_stamp`. Equal stamps, equal results; only a load with
    # a cache has them. An incremental build digests a report or an issue by
    # its stamp instead of by its whole text (generator.site.fingerprints).
    stamps: Mapping[str, tuple[object, bytes]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The record of what is published (published.lock) as the checks read
    # it, by report id; None without one (generator.content.published).
    sealed: Mapping[str, Sealed] | None = field(default=None, compare=False, repr=False)


class Sealed(NamedTuple):
    """One line of published.lock: a published report's text as recorded
    (a tuple: the record of ten years has 32,000 of them)."""

    report: str
    digest: str
    errata: int  # the 勘误 it had then
    line: int


def issue_stamp(path: str) -> str:
    """Under which name :attr:`Publication.stamps` holds the issue in the
    folder ``path``: the folder's path with its slash, never a file's."""
    return f"{path}/"


def issue_key(series: str, year: int, number: int) -> str:
    return f"{series}/{year:04d}/{number:03d}"


def submission_path(reference: str) -> str:
    """A 来稿 reference (``from:``, a ledger event's ``submission``) as the
    来稿's content path: ``inbox/2026/03/0301-01`` names ``…/0301-01.md``."""
    path = reference.strip().strip("/")
    return path if path.endswith(".md") else f"{path}.md"


def canonical_report_id(reference: str) -> str:
    """Normalise a report reference so ``kuaibao/2026/35/02`` equals ``…/035/02``."""
    parts = reference.strip().strip("/").removesuffix(".md").split("/")
    # Only ASCII digits: "²".isdigit() is true, and int() of it raises.
    if len(parts) == 4 and re.fullmatch("[0-9]+", parts[2]):
        parts[2] = f"{int(parts[2]):03d}"
    return "/".join(parts)
