"""Synthetic content corpus for kanwu tests and benchmarks.

`generate` writes a plainly fictional content directory in the format of DESIGN.md §3 (the
journal 示例信息 of 中共示例市委办公室: journal.yml, units.yml, ledger/<year>.yml, one folder
per issue and, if asked, an empty published.lock) and returns a manifest of what it wrote. The
manifest is computed here, independently of the product's code, so that tests can assert the
built site against it.

Everything is deterministic given the seed. Every reference is valid under DESIGN §3
(Validation): units exist and are in the network on the report's and the issue's date, `follows`
and `on` point to reports of a strictly earlier issue date, report dates are never after their
issue, issue numbers are contiguous per series and year.

Command line (the defaults give a ten-year archive of about 6,500 issues):

    python -m benchmarks.corpus OUT --years 10 --scale 1.0 --reports-per-issue 5 --seed 0 \
        --vocabulary realistic --stats

Vocabulary: `realistic` (the default) rewrites about half of the plain clauses of each report
body with words drawn by frequency from jieba's dictionary (``benchmarks.vocabulary``), so the
archive uses thousands of distinct characters as real archives do; `bank` uses the phrase banks
of ``benchmarks.phrases`` alone (about 700 distinct characters). Titles, units, dates, issues,
references and the ledger are the same under both: the vocabulary draws from its own seeded
random stream.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from benchmarks.phrases import (
    ADVICE_COUNTS,
    APPROACHES,
    BODY_MIN_CJK,
    CLOSING_NOTES,
    CONCERN_QUOTES,
    EDITOR_NOTES,
    EVENT_CLOSING,
    EVENT_OPENINGS,
    EVENT_TITLE_TEMPLATES,
    FOLLOW_UP_LEAD,
    INCIDENTS,
    LEVERS,
    MEASURE_COUNTS,
    MEASURE_LEADS,
    MEASURES,
    MECHANISMS,
    MODELS,
    NEXT_STEPS,
    OPENINGS,
    ORDINALS,
    PERIODS,
    PLACES,
    PRAISE_QUOTES,
    PROBLEM_NOUNS,
    PROBLEM_OPENINGS,
    PROBLEMS,
    PROGRESS_NOTES,
    RESEARCH_OPENINGS,
    RESPONSES,
    RESULTS,
    SUGGESTIONS,
    TAGS,
    TITLE_TEMPLATES,
    TOPICS,
    TRENDS,
    VERBS,
    WEATHER,
    WEATHER_OPENINGS,
    WEATHER_TITLE_TEMPLATES,
)
from benchmarks.vocabulary import Vocabulary, realistic

TITLE = "示例信息"
PUBLISHER = "中共示例市委办公室"

# ---------------------------------------------------------------------------------------------
# The manifest


@dataclass(frozen=True)
class ReportFact:
    """One report as written.

    `unit_ids` are the units the file names in `unit`: empty for an instruction (a report of
    the pishi series), whose units DESIGN §3 defaults to those of the reports it is `on`.
    `classification` is the one the files state for the report (its own, else its issue's);
    None when neither does, so journal.yml's default 内部 applies.
    """

    id: str
    title: str
    unit_ids: tuple[str, ...]
    unit_names: tuple[str, ...]
    file_name: str
    classification: str | None
    follows: str | None
    on: tuple[str, ...]


@dataclass(frozen=True)
class IssueFact:
    """One issue; `folder` is relative to the content root, e.g. "kuaibao/2026/035"."""

    series: str
    series_name: str
    year: int
    number: int
    total: int
    date: datetime.date
    topic: str | None
    urgency: str | None
    folder: str
    reports: tuple[ReportFact, ...]  # in file-name order


@dataclass(frozen=True)
class Corpus:
    """What `generate` wrote; issues ordered by series (journal order), year and number."""

    root: Path
    title: str
    publisher: str
    issues: tuple[IssueFact, ...]
    units: dict[str, str]  # id -> name, in units.yml order


# ---------------------------------------------------------------------------------------------
# The journal


@dataclass(frozen=True)
class _Series:
    id: str
    name: str
    description: str
    total_start: int
    issues_per_year: int
    single_topic: bool = False
    instructions: bool = False


SERIES: tuple[_Series, ...] = (
    _Series("kuaibao", "每日快报", "突出动态，注重综合，加强反馈，力求灵敏快捷。", 1000, 250),
    _Series(
        "yaoqing", "要情专报", "一期一题，报送紧急重要和预警性信息。", 200, 60, single_topic=True
    ),
    _Series(
        "pishi", "领导批示", "刊发领导同志批示，交办有关单位并跟踪反馈。", 80, 50, instructions=True
    ),
    _Series("shangbao", "每日上报", "向省委办公厅报送的重要信息。", 950, 250),
    _Series("jiaoliu", "工作交流", "交流各地各部门的新探索、新举措、新经验。", 60, 40),
)
SERIES_ORDER: dict[str, int] = {series.id: index for index, series in enumerate(SERIES)}
DEFAULT_ISSUES_PER_YEAR: dict[str, int] = {series.id: series.issues_per_year for series in SERIES}

CATEGORIES: tuple[str, ...] = ("政治", "经济", "文化", "社会", "党的建设")
KINDS: tuple[str, ...] = ("动态", "问题", "经验", "建议", "调研", "突发")
# Relative weights of KINDS per series (yaoqing: issues on a topic; incident issues are 突发).
KIND_WEIGHTS: dict[str, tuple[int, ...]] = {
    "kuaibao": (55, 12, 12, 6, 5, 10),
    "shangbao": (45, 15, 15, 10, 8, 7),
    "jiaoliu": (10, 0, 60, 10, 20, 0),
    "yaoqing": (15, 40, 0, 25, 20, 0),
}
PUBLIC_SERIES: frozenset[str] = frozenset({"kuaibao", "shangbao", "jiaoliu"})
PUBLIC_RATE = 0.06
JOINT_RATE = 0.08
FOLLOW_RATE = 0.035
MAX_FOLLOW_DEPTH = 3  # a chain has at most this many follow-ups
KEYWORD_FILE_RATE = 0.05
# Offsets from reports_per_issue and their weights (mean +0.3: ≈32,000 reports at defaults).
REPORT_COUNT_OFFSETS: tuple[int, ...] = (-2, -1, 0, 1, 2, 3)
REPORT_COUNT_WEIGHTS: tuple[int, ...] = (1, 2, 3, 2, 1, 1)

ISSUERS: tuple[str, ...] = (
    "市委秘书长",
    "市委办公室主任",
    "市委办公室常务副主任",
    "市委办公室副主任",
)
EDITORS: tuple[str, ...] = ("信息科", "信息科科长", "信息科副科长", "综合信息科")
LEADERS: tuple[str, ...] = (
    "市委主要负责同志",
    "市委副书记",
    "市政府主要负责同志",
    "市委常委、常务副市长",
    "市委常委、秘书长",
    "市委常委、组织部部长",
    "市委常委、政法委书记",
    "分管副市长",
)
ADOPTERS: dict[str, str] = {"省委办公厅": "示例省委信息", "中共中央办公厅": "示例综合信息"}
ADOPTION_RATE: dict[str, float] = {
    "shangbao": 0.15,
    "yaoqing": 0.12,
    "kuaibao": 0.04,
    "jiaoliu": 0.04,
}
CENTRAL_ADOPTION_RATE = 0.08

# ---------------------------------------------------------------------------------------------
# The units registry: 12 县区, 10 市本级, 80 市直, 10 特约 = 112 units


@dataclass(frozen=True)
class _Unit:
    id: str
    name: str
    short: str | None
    group: str
    since: datetime.date
    until: datetime.date | None = None

    @property
    def subject(self) -> str:
        """How a title or body names the unit."""
        return self.short or self.name.removesuffix("特约信息站")

    def active(self, day: datetime.date) -> bool:
        return self.since <= day and (self.until is None or day <= self.until)


COUNTY_UNITS: tuple[tuple[str, str, str], ...] = (
    ("jiaxian", "甲县委办公室", "甲县"),
    ("yiqu", "乙区委办公室", "乙区"),
    ("bingxian", "丙县委办公室", "丙县"),
    ("dingqu", "丁区委办公室", "丁区"),
    ("wuxian", "戊县委办公室", "戊县"),
    ("jixian", "己县委办公室", "己县"),
    ("gengqu", "庚区委办公室", "庚区"),
    ("xinxian", "辛县委办公室", "辛县"),
    ("renxian", "壬县委办公室", "壬县"),
    ("guiqu", "癸区委办公室", "癸区"),
    ("jingkaiqu", "示例经开区党工委办公室", "经开区"),
    ("gaoxinqu", "示例高新区党工委办公室", "高新区"),
)
CITY_LEVEL_UNITS: tuple[tuple[str, str, str], ...] = (
    ("zuzhibu", "示例市委组织部", "市委组织部"),
    ("xuanchuanbu", "示例市委宣传部", "市委宣传部"),
    ("tongzhanbu", "示例市委统战部", "市委统战部"),
    ("zhengfawei", "示例市委政法委", "市委政法委"),
    ("jiwei", "示例市纪委监委", "市纪委监委"),
    ("zhengyanshi", "示例市委政策研究室", "市委政研室"),
    ("wangxinban", "示例市委网信办", "市委网信办"),
    ("renda", "示例市人大常委会办公室", "市人大办"),
    ("zhengfuban", "示例市政府办公室", "市政府办"),
    ("zhengxie", "示例市政协办公室", "市政协办"),
)
# 市直 departments named 市示例<core>, short 市<core>.
CITY_DEPARTMENT_CORES: tuple[tuple[str, str], ...] = (
    ("fagai", "发展和改革委员会"),
    ("jiaoyu", "教育局"),
    ("keji", "科学技术局"),
    ("gongxin", "工业和信息化局"),
    ("gongan", "公安局"),
    ("minzheng", "民政局"),
    ("sifa", "司法局"),
    ("caizheng", "财政局"),
    ("renshe", "人力资源和社会保障局"),
    ("ziran", "自然资源和规划局"),
    ("shengtai", "生态环境局"),
    ("zhujian", "住房和城乡建设局"),
    ("jiaotong", "交通运输局"),
    ("shuili", "水利局"),
    ("nongye", "农业农村局"),
    ("shangwu", "商务局"),
    ("wenlv", "文化广电和旅游局"),
    ("weijian", "卫生健康委员会"),
    ("tuiyi", "退役军人事务局"),
    ("yingji", "应急管理局"),
    ("shenji", "审计局"),
    ("guozi", "国有资产监督管理委员会"),
    ("shijian", "市场监督管理局"),
    ("tongji", "统计局"),
    ("yibao", "医疗保障局"),
    ("linye", "林业局"),
    ("tiyu", "体育局"),
    ("xinfang", "信访局"),
    ("jiguan", "机关事务管理局"),
    ("chengguan", "城市管理局"),
    ("shenpi", "行政审批服务局"),
    ("liangshi", "粮食和物资储备局"),
    ("jinrong", "地方金融监督管理局"),
    ("shuiwu", "税务局"),
    ("qixiang", "气象局"),
    ("dizhen", "地震局"),
    ("renfang", "人民防空办公室"),
    ("minzong", "民族宗教事务局"),
    ("waiban", "外事办公室"),
    ("dangan", "档案馆"),
    ("fangzhi", "地方志编纂中心"),
    ("gongxiao", "供销合作社联合社"),
    ("yancao", "烟草专卖局"),
    ("youzheng", "邮政管理局"),
    ("shuju", "数据资源管理局"),
    ("xiangcun", "乡村振兴局"),
    ("zhongyi", "中医药管理局"),
    ("touzi", "投资促进局"),
    ("gongjijin", "住房公积金管理中心"),
    ("shebao", "社会保险事业服务中心"),
    ("jiuye", "公共就业服务中心"),
    ("zhengwu", "政务服务中心"),
    ("jikong", "疾病预防控制中心"),
    ("xiaofang", "消防救援支队"),
    ("jiaojing", "公安局交通警察支队"),
    ("yuanlin", "园林绿化局"),
    ("gonglu", "公路事业发展中心"),
    ("zhongdian", "重点项目建设服务中心"),
    ("rongmei", "融媒体中心"),
    ("laoling", "老龄工作委员会办公室"),
    ("nongji", "农业技术推广中心"),
    ("ganghang", "港航事业发展中心"),
)
CITY_OTHER_UNITS: tuple[tuple[str, str, str], ...] = (
    ("zonggonghui", "示例市总工会", "市总工会"),
    ("tuanshiwei", "共青团示例市委员会", "团市委"),
    ("fulian", "示例市妇女联合会", "市妇联"),
    ("kexie", "示例市科学技术协会", "市科协"),
    ("wenlian", "示例市文学艺术界联合会", "市文联"),
    ("canlian", "示例市残疾人联合会", "市残联"),
    ("hongshizi", "示例市红十字会", "市红十字会"),
    ("gongshanglian", "示例市工商业联合会", "市工商联"),
    ("qiaolian", "示例市归国华侨联合会", "市侨联"),
    ("sheke", "示例市社会科学界联合会", "市社科联"),
    ("dangxiao", "中共示例市委党校", "市委党校"),
    ("chengtou", "示例市城市建设投资集团有限公司", "市城投集团"),
    ("jiaotou", "示例市交通投资集团有限公司", "市交投集团"),
    ("shuiwu-jituan", "示例市水务集团有限公司", "市水务集团"),
    ("wenlv-jituan", "示例市文化旅游发展集团有限公司", "市文旅集团"),
    ("nongfa", "示例市农业发展投资集团有限公司", "市农发集团"),
    ("gongjiao", "示例市公共交通集团有限公司", "市公交集团"),
    ("ranqi", "示例市燃气有限公司", "市燃气公司"),
)
# 特约: special correspondents; deliberately without `short`.
SPECIAL_UNITS: tuple[tuple[str, str], ...] = (
    ("ty-ribao", "示例日报社特约信息站"),
    ("ty-guangdian", "示例广播电视台特约信息站"),
    ("ty-daxue", "示例大学特约信息站"),
    ("ty-zhiyuan", "示例职业技术学院特约信息站"),
    ("ty-yiyuan", "示例市第一人民医院特约信息站"),
    ("ty-gongdian", "示例供电公司特约信息站"),
    ("ty-gaotie", "示例高铁站特约信息站"),
    ("ty-yuanqu", "示例工业园区特约信息站"),
    ("ty-shanghui", "示例市商会特约信息站"),
    ("ty-lvxie", "示例市律师协会特约信息站"),
)
# Units that join the network during the archive, at this fraction of its span.
LATE_JOINERS: dict[str, float] = {"shuju": 0.35, "xiangcun": 0.5, "ty-yuanqu": 0.7}
# The unit that leaves the network (institutional reform), at this fraction of the span.
LEAVER: tuple[str, float] = ("liangshi", 0.6)
GROUP_WEIGHTS: dict[str, int] = {"县区": 6, "市本级": 2, "市直": 1, "特约": 1}
INCIDENT_GROUPS: frozenset[str] = frozenset({"县区"})  # emergencies are reported by 县区

_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")

# ---------------------------------------------------------------------------------------------
# YAML by hand (fast, and readable like an editor's file)

_PLAIN = re.compile(
    r"(?:[^\W\d_]|[《“(])[\w/.\-\u3001-\u303f\uff01-\uff5e\u2014\u2026\u201c\u201d\u00b7]*"
)
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


def _scalar(value: str) -> str:
    """A YAML scalar for a string: plain where unambiguous, else double-quoted."""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def _flow(values: Sequence[str]) -> str:
    return "[" + ", ".join(_scalar(value) for value in values) + "]"


def _front_matter(lines: list[str], body: str) -> str:
    text = "---\n" + "\n".join(lines) + "\n---\n"
    return text + ("\n" + body if body else "")


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as file:
        file.write(text)


# ---------------------------------------------------------------------------------------------
# Generation state


@dataclass(frozen=True)
class _Matter:
    """What a report is about and how it is titled; a follow-up shares its target's."""

    unit_ids: tuple[str, ...]
    subject: str  # the units as titles and bodies name them
    kind: str
    topic: str  # a TOPICS entry, an incident or a weather event
    category: str
    place: str  # where an emergency happened
    event_day: datetime.date  # the first report's date
    title: str
    root_title: str  # title of the first report of its follow-up chain
    depth: int  # 0 for an original report, n for the n-th follow-up


@dataclass
class _Published:
    """A generated (non-instruction) report, as later reports and the ledger see it."""

    id: str
    series: str
    issue_date: datetime.date
    matter: _Matter
    followed: bool = False
    instructed: bool = False
    urgent: bool = False  # in an issue marked 特急 or 紧急


@dataclass(frozen=True)
class _Instruction:
    id: str
    date: datetime.date
    assigned: tuple[str, ...]


@dataclass(frozen=True)
class _Slot:
    """A planned issue."""

    series: _Series
    year: int
    number: int
    total: int
    date: datetime.date


@dataclass(frozen=True)
class _IssueContext:
    topic: tuple[str, str] | None  # (topic, category) of a single-topic issue
    incident: str | None  # the incident of a single-topic emergency issue
    classification: str | None
    override_index: int | None  # the report that states 内部 in a 公开 issue
    used_units: set[str]


@dataclass
class _State:
    rng: random.Random
    units: dict[str, _Unit]
    unit_ids: list[str]
    unit_weights: list[int]  # cumulative
    titles: set[str] = field(default_factory=set)
    day: datetime.date | None = None
    pending: list[_Published] = field(default_factory=list)  # reports of the current day
    pool: list[_Published] = field(default_factory=list)  # reports of earlier days
    tails: list[_Published] = field(default_factory=list)  # follow-ups of earlier days
    reports: list[_Published] = field(default_factory=list)
    instructions: list[_Instruction] = field(default_factory=list)
    has_chain3: bool = False
    vocabulary: Vocabulary | None = None  # None: the phrase banks alone
    vocabulary_rng: random.Random = field(default_factory=random.Random)


def _new_state(rng: random.Random, units: Sequence[_Unit]) -> _State:
    cumulative: list[int] = []
    total = 0
    for unit in units:
        total += GROUP_WEIGHTS[unit.group]
        cumulative.append(total)
    return _State(
        rng=rng,
        units={unit.id: unit for unit in units},
        unit_ids=[unit.id for unit in units],
        unit_weights=cumulative,
    )


def _advance(state: _State, day: datetime.date) -> None:
    """Make the reports of earlier days referable (references need a strictly earlier date)."""
    if state.day == day:
        return
    for report in state.pending:
        state.pool.append(report)
        if 1 <= report.matter.depth < MAX_FOLLOW_DEPTH:
            state.tails.append(report)
    state.pending.clear()
    state.day = day


# ---------------------------------------------------------------------------------------------
# Units and issue plan


def _month_start(first: datetime.date, span: int, fraction: float) -> datetime.date:
    return (first + datetime.timedelta(days=int(span * fraction))).replace(day=1)


def _month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def _unit_rows() -> list[tuple[str, str, str | None, str]]:
    rows: list[tuple[str, str, str | None, str]] = []
    rows += [(uid, name, short, "县区") for uid, name, short in COUNTY_UNITS]
    rows += [(uid, name, short, "市本级") for uid, name, short in CITY_LEVEL_UNITS]
    rows += [(uid, f"市示例{core}", f"市{core}", "市直") for uid, core in CITY_DEPARTMENT_CORES]
    rows += [(uid, name, short, "市直") for uid, name, short in CITY_OTHER_UNITS]
    rows += [(uid, name, None, "特约") for uid, name in SPECIAL_UNITS]
    return rows


def _make_units(rng: random.Random, first_year: int, last_year: int) -> list[_Unit]:
    first = datetime.date(first_year, 1, 1)
    span = (datetime.date(last_year, 12, 31) - first).days
    leaver_id, leave_at = LEAVER
    units: list[_Unit] = []
    for uid, name, short, group in _unit_rows():
        joined_years_before = rng.randint(0, 6)
        since = first
        if joined_years_before:
            since = datetime.date(first_year - joined_years_before, rng.randint(1, 12), 1)
        if uid in LATE_JOINERS:
            since = _month_start(first, span, LATE_JOINERS[uid])
        until = None
        if uid == leaver_id:
            until = _month_end(first + datetime.timedelta(days=int(span * leave_at)))
        units.append(_Unit(uid, name, short, group, since, until))
    return units


def _days_of(year: int, after: datetime.date | None) -> list[datetime.date]:
    day = datetime.date(year, 1, 1)
    days: list[datetime.date] = []
    while day.year == year:
        if after is None or day > after:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _spread_dates(
    rng: random.Random, year: int, count: int, after: datetime.date | None = None
) -> list[datetime.date]:
    """`count` dates in `year` (after `after`), on working days where they suffice, sorted."""
    days = _days_of(year, after)
    workdays = [day for day in days if day.weekday() < 5]
    if count <= len(workdays):
        return sorted(rng.sample(workdays, count))
    if count <= len(days):
        return sorted(rng.sample(days, count))
    if not days:
        raise ValueError(f"{year} 年没有可用于批示的日期（批示须晚于首期稿件）")
    return sorted(rng.choices(days, k=count))


def _plan_issues(
    rng: random.Random, counts: dict[str, int], first_year: int, last_year: int
) -> list[_Slot]:
    years = range(first_year, last_year + 1)
    dates: dict[tuple[str, int], list[datetime.date]] = {}
    for series in SERIES:
        if not series.instructions:
            for year in years:
                dates[series.id, year] = _spread_dates(rng, year, counts[series.id])
    reported = [day for days in dates.values() for day in days]
    for series in SERIES:
        if series.instructions and counts[series.id]:
            if not reported:
                raise ValueError("领导批示需要先有其他专刊的稿件")
            earliest = min(reported)
            for year in years:
                after = earliest if year == earliest.year else None
                if year >= earliest.year:
                    dates[series.id, year] = _spread_dates(rng, year, counts[series.id], after)
    slots: list[_Slot] = []
    for series in SERIES:
        total = series.total_start
        for year in years:
            for number, day in enumerate(dates.get((series.id, year), []), start=1):
                total += 1
                slots.append(_Slot(series, year, number, total, day))
    return slots


# ---------------------------------------------------------------------------------------------
# Titles


def _title(
    rng: random.Random, kind: str, subject: str, topic: str, place: str, day: datetime.date
) -> str:
    if kind == "突发":
        templates = WEATHER_TITLE_TEMPLATES if topic in WEATHER else EVENT_TITLE_TEMPLATES
    else:
        templates = TITLE_TEMPLATES[kind]
    return rng.choice(templates).format(
        s=subject,
        o=topic,
        approach=rng.choice(APPROACHES),
        verb=rng.choice(VERBS),
        lever=rng.choice(LEVERS),
        trend=rng.choice(TRENDS),
        model=rng.choice(MODELS),
        mechanism=rng.choice(MECHANISMS),
        problem=rng.choice(PROBLEM_NOUNS),
        advice=rng.choice(ADVICE_COUNTS),
        measures=rng.choice(MEASURE_COUNTS),
        place=place,
        month=day.month,
        day=day.day,
    )


def _unique_title(state: _State, make: Callable[[], str], day: datetime.date) -> str:
    """A title not yet used in the corpus: retry, then qualify with the month."""
    for _ in range(40):
        title = make()
        if title not in state.titles:
            break
    else:
        base = f"{make()}（{day.year}年{day.month}月）"
        title, number = base, 2
        while title in state.titles:
            title = f"{base}之{number}"
            number += 1
    state.titles.add(title)
    return title


def _follow_suffix(depth: int) -> str:
    return "（续报）" if depth == 1 else f"（第{ORDINALS[depth]}次续报）"


# ---------------------------------------------------------------------------------------------
# Bodies


@dataclass(frozen=True)
class _Section:
    """A part of a body: up to `limit` sentences from `bank`, rendered in `style`."""

    bank: tuple[str, ...]
    limit: int
    style: str = "para"  # para | ordinal (一是……二是……) | bold | list | numbered
    lead: str = ""  # before the items: inline for para/ordinal, a paragraph otherwise
    required: bool = False  # at least one item even when the body is already long enough


def _cjk(text: str) -> int:
    return len(_NOT_CJK.sub("", text))


# Random figures of the phrase banks, drawn only for the placeholders a sentence uses.
FIGURES: dict[str, Callable[[random.Random], object]] = {
    "n": lambda rng: rng.randint(12, 480),
    "m": lambda rng: rng.randint(2, 36),
    "p": lambda rng: rng.randint(15, 95),
    "p2": lambda rng: rng.randint(90, 99),
    "q": lambda rng: rng.randint(2, 18),
    "period": lambda rng: rng.choice(PERIODS),
}


class _Placeholders(dict[str, object]):
    """The matter's names and dates; random figures on demand."""

    def __init__(self, rng: random.Random, matter: _Matter) -> None:
        day = matter.event_day
        super().__init__(
            s=matter.subject,
            o=matter.topic,
            place=matter.place,
            month=f"{day.month}月",
            day=day.day,
        )
        self.rng = rng

    def __missing__(self, key: str) -> object:
        return FIGURES[key](self.rng)


def _fill(rng: random.Random, text: str, matter: _Matter) -> str:
    return text.format_map(_Placeholders(rng, matter))


def _render(rng: random.Random, section: _Section, texts: list[str]) -> list[str]:
    if section.style == "para":
        return [section.lead + "".join(texts)]
    leads = rng.sample(MEASURE_LEADS, len(texts))
    if section.style == "ordinal":
        items = (f"{ORDINALS[i + 1]}是{leads[i]}，{text}" for i, text in enumerate(texts))
        return [section.lead + "".join(items)]
    if section.style == "bold":
        return [f"**{ORDINALS[i + 1]}是{leads[i]}。**{text}" for i, text in enumerate(texts)]
    if section.style == "list":
        lines = [f"- {text}" for text in texts]
    else:
        lines = [f"{number}. {text}" for number, text in enumerate(texts, start=1)]
    return ([section.lead] if section.lead else []) + ["\n".join(lines)]


def _compose(
    rng: random.Random,
    matter: _Matter,
    target: int,
    head: str,
    sections: Sequence[_Section],
) -> list[str]:
    """The head, then each section's items while the body is shorter than `target`."""
    paragraphs = [head]
    used = _cjk(head)
    for section in sections:
        if used >= target and not section.required:
            continue
        texts: list[str] = []
        for template in rng.sample(section.bank, min(section.limit, len(section.bank))):
            if texts and used >= target:
                break
            text = _fill(rng, template, matter)
            texts.append(text)
            used += _cjk(text)
        used += _cjk(section.lead)
        paragraphs += _render(rng, section, texts)
    return paragraphs


def _body_sections(rng: random.Random, kind: str) -> tuple[tuple[str, ...], list[_Section]]:
    """Openings and sections of a body of `kind` (not 突发)."""
    results = _Section(RESULTS, 3, required=True)
    concerns = _Section(PROBLEMS, 2, lead="同时也要看到，工作中仍存在一些不足：")
    next_steps = _Section(NEXT_STEPS, 3)
    if kind in ("动态", "经验"):
        style = "bold" if kind == "经验" or rng.random() < 0.3 else "ordinal"
        return OPENINGS, [
            _Section(MEASURES, 6, style, required=True),
            results,
            concerns,
            next_steps,
        ]
    if kind == "问题":
        return PROBLEM_OPENINGS, [
            _Section(PROBLEMS, 5, "list", required=True),
            _Section(SUGGESTIONS, 3, lead="对此，", required=True),
            _Section(MEASURES, 2, lead="目前，已"),
            next_steps,
        ]
    if kind == "建议":
        return OPENINGS, [
            _Section(PROBLEMS, 2, lead="从调研情况看，", required=True),
            _Section(SUGGESTIONS, 6, "numbered", lead="为此，提出以下建议：", required=True),
            next_steps,
        ]
    return RESEARCH_OPENINGS, [
        _Section(RESULTS, 3, lead="**一、基本情况**\n\n", required=True),
        _Section(PROBLEMS, 4, "list", lead="**二、存在问题**", required=True),
        _Section(SUGGESTIONS, 4, lead="**三、对策建议**\n\n", required=True),
    ]


def _body_incident(rng: random.Random, matter: _Matter, target: int) -> list[str]:
    """突发: what happened, the response in its natural order, a promise to follow up."""
    openings = WEATHER_OPENINGS if matter.topic in WEATHER else EVENT_OPENINGS
    head = _fill(rng, rng.choice(openings), matter)
    first, *rest = RESPONSES
    kept = sorted(rng.sample(range(len(rest)), rng.randint(5, len(rest))))
    chosen = [first] + [rest[i] for i in kept]
    texts: list[str] = []
    used = _cjk(head + EVENT_CLOSING)
    for template in chosen:
        if texts and used >= target:
            break
        texts.append(_fill(rng, template, matter))
        used += _cjk(texts[-1])
    return [head + "".join(texts[:2]), "".join(texts[2:]), EVENT_CLOSING]


def _body(rng: random.Random, matter: _Matter) -> str:
    """150–600 Chinese characters in several paragraphs; a follow-up says so first."""
    target = rng.randint(BODY_MIN_CJK, 500)
    if matter.depth:
        target -= _cjk(FOLLOW_UP_LEAD)
    if matter.kind == "突发":
        paragraphs = _body_incident(rng, matter, target)
    else:
        openings, sections = _body_sections(rng, matter.kind)
        head = _fill(rng, rng.choice(openings), matter)
        paragraphs = _compose(rng, matter, target, head, sections)
    if matter.depth:
        paragraphs.insert(0, FOLLOW_UP_LEAD)
    next_steps = iter(rng.sample(NEXT_STEPS, len(NEXT_STEPS)))
    while _cjk("".join(paragraphs)) < BODY_MIN_CJK:  # rare: a short pick of sentences
        paragraphs.insert(-1, _fill(rng, next(next_steps), matter))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph) + "\n"


# ---------------------------------------------------------------------------------------------
# Reports


def _pick_units(
    state: _State,
    day: datetime.date,
    count: int,
    avoid: set[str],
    groups: frozenset[str] | None = None,
) -> tuple[str, ...]:
    """`count` distinct units in the network on `day`, weighted by group, avoiding `avoid`."""
    chosen: list[str] = []
    for attempt in range(5000):
        unit = state.units[state.rng.choices(state.unit_ids, cum_weights=state.unit_weights)[0]]
        if unit.id in chosen or not unit.active(day) or (groups and unit.group not in groups):
            continue
        if unit.id in avoid and attempt < 500:
            continue
        chosen.append(unit.id)
        if len(chosen) == count:
            return tuple(chosen)
    raise RuntimeError(f"{day} 没有足够的在网单位")


def _all_active(state: _State, unit_ids: Sequence[str], day: datetime.date) -> bool:
    return all(state.units[uid].active(day) for uid in unit_ids)


def _recent(state: _State, source: list[_Published], window: int) -> _Published:
    return source[state.rng.randrange(max(0, len(source) - window), len(source))]


def _pick_follow_target(state: _State, day: datetime.date) -> _Published | None:
    """A recent, not yet followed report of an earlier day, preferably an emergency (突发).

    Sometimes the target is a follow-up itself, which makes chains of three or four.
    """
    use_tails = bool(state.tails) and (not state.has_chain3 or state.rng.random() < 0.3)
    source, window = (state.tails, 40) if use_tails else (state.pool, 400)
    found: list[_Published] = []
    for _ in range(8 if source else 0):
        candidate = _recent(state, source, window)
        fresh = not candidate.followed and candidate.matter.depth < MAX_FOLLOW_DEPTH
        if fresh and _all_active(state, candidate.matter.unit_ids, day):
            if candidate.matter.kind == "突发":
                return candidate
            found.append(candidate)
    return found[0] if found else None


def _report_date(
    state: _State, unit_ids: Sequence[str], issue_date: datetime.date
) -> datetime.date:
    """On or up to two days before the issue, never before the year or the units' joining."""
    floor = max(
        [datetime.date(issue_date.year, 1, 1)] + [state.units[uid].since for uid in unit_ids]
    )
    back = state.rng.choice((0, 0, 1, 1, 2))
    return max(floor, issue_date - datetime.timedelta(days=back))


def _choose_kind(rng: random.Random, series: str, context: _IssueContext) -> tuple[str, str, str]:
    """(kind, topic, category) of a new report."""
    if context.incident:
        return "突发", context.incident, "社会"
    kind = rng.choices(KINDS, weights=KIND_WEIGHTS[series])[0]
    if kind == "突发":
        return kind, rng.choice(INCIDENTS + WEATHER), "社会"
    topic, category = context.topic or rng.choice(TOPICS)
    return kind, topic, category


def _new_matter(state: _State, slot: _Slot, context: _IssueContext) -> _Matter:
    """A new report's matter: emergencies come from 县区, ~8% of the rest are joint reports."""
    rng = state.rng
    kind, topic, category = _choose_kind(rng, slot.series.id, context)
    if kind == "突发":
        unit_ids = _pick_units(state, slot.date, 1, context.used_units, INCIDENT_GROUPS)
    else:
        count = rng.choice((2, 2, 3)) if rng.random() < JOINT_RATE else 1
        unit_ids = _pick_units(state, slot.date, count, context.used_units)
    subject = "、".join(state.units[uid].subject for uid in unit_ids)
    place = rng.choice(PLACES)
    day = _report_date(state, unit_ids, slot.date)
    title = _unique_title(state, lambda: _title(rng, kind, subject, topic, place, day), day)
    return _Matter(unit_ids, subject, kind, topic, category, place, day, title, title, 0)


def _follow_up_matter(state: _State, target: _Published, day: datetime.date) -> _Matter:
    """A follow-up keeps its target's units, kind, topic and event; its title says 续报."""
    target.followed = True
    depth = target.matter.depth + 1
    state.has_chain3 = state.has_chain3 or depth >= 2
    root_title = target.matter.root_title
    title = _unique_title(state, lambda: root_title + _follow_suffix(depth), day)
    return replace(target.matter, title=title, depth=depth)


def _file_name(rng: random.Random, index: int, tags: Sequence[str], topic: str) -> str:
    if rng.random() < KEYWORD_FILE_RATE:
        return f"{index:02d}-{tags[0] if tags else topic[:4]}.md"
    return f"{index:02d}.md"


def _unit_names(state: _State, unit_ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(state.units[uid].name for uid in unit_ids)


def _unit_report(
    state: _State, slot: _Slot, folder: str, index: int, context: _IssueContext
) -> tuple[str, ReportFact, _Published]:
    rng = state.rng
    target = _pick_follow_target(state, slot.date) if rng.random() < FOLLOW_RATE else None
    if target is None:
        matter = _new_matter(state, slot, context)
        report_date = matter.event_day
    else:
        matter = _follow_up_matter(state, target, slot.date)
        report_date = _report_date(state, matter.unit_ids, slot.date)
    context.used_units.update(matter.unit_ids)
    tags = rng.sample(TAGS, rng.choice((0, 0, 1, 1, 1, 2)))
    file_name = _file_name(rng, index, tags, matter.topic)
    report_id = f"{folder}/{file_name.removesuffix('.md')}"
    unit_ids = matter.unit_ids
    lines = [
        f"title: {_scalar(matter.title)}",
        f"unit: {_flow(unit_ids) if len(unit_ids) > 1 else _scalar(unit_ids[0])}",
        f"category: {matter.category}",
        f"kind: {matter.kind}",
    ]
    if tags:
        lines.append(f"tags: {_flow(tags)}")
    if rng.random() < 0.9:
        lines.append(f"date: {report_date.isoformat()}")
    classification = context.classification
    if index == context.override_index:
        classification = "内部"
        lines.append("classification: 内部")
    if target is not None:
        lines.append(f"follows: {_scalar(target.id)}")
    fact = ReportFact(
        id=report_id,
        title=matter.title,
        unit_ids=unit_ids,
        unit_names=_unit_names(state, unit_ids),
        file_name=file_name,
        classification=classification,
        follows=target.id if target is not None else None,
        on=(),
    )
    published = _Published(report_id, slot.series.id, slot.date, matter)
    body = _body(rng, matter)
    if state.vocabulary is not None:
        keep = (FOLLOW_UP_LEAD, EVENT_CLOSING, EVENT_CLOSING + "\n")
        body = state.vocabulary.rewrite(state.vocabulary_rng, body, keep)
    return _front_matter(lines, body), fact, published


def _pick_instructed(state: _State, day: datetime.date, count: int) -> list[_Published]:
    """Recent reports of earlier days whose units are in the network, preferably uninstructed."""
    chosen: list[_Published] = []
    for strict in (True, False):
        for _ in range(80):
            if len(chosen) == count or not state.pool:
                break
            candidate = _recent(state, state.pool, 1500)
            if any(candidate is other for other in chosen):
                continue
            if strict and candidate.instructed:
                continue
            if _all_active(state, candidate.matter.unit_ids, day):
                chosen.append(candidate)
        if len(chosen) == count:
            break
    if not chosen:
        raise RuntimeError(f"{day} 的领导批示找不到可批示的稿件")
    return chosen


def _instruction_report(
    state: _State, slot: _Slot, folder: str, index: int, context: _IssueContext
) -> tuple[str, ReportFact]:
    rng = state.rng
    day = slot.date
    targets = _pick_instructed(state, day, rng.choice((1, 1, 1, 2)))
    for target in targets:
        target.instructed = True
    on_units = tuple(dict.fromkeys(uid for target in targets for uid in target.matter.unit_ids))
    assigned = list(on_units[:2])
    if rng.random() < 0.4:
        extra = _pick_units(state, day, 1, set(assigned))[0]
        assigned.append(extra)
    leader = rng.choice(LEADERS)
    due = day + datetime.timedelta(days=rng.randint(7, 30))
    shown = f"《{targets[0].matter.title}》" + ("等信息" if len(targets) > 1 else "")
    title = _unique_title(state, lambda: f"{leader}对{shown}作出批示", day)
    names = "、".join(state.units[uid].subject for uid in assigned)
    praise = targets[0].matter.kind in ("动态", "经验")
    quote = rng.choice(PRAISE_QUOTES if praise else CONCERN_QUOTES).format(a=names)
    body = (
        f"{leader}批示：\n\n> {quote}\n\n"
        f"根据批示精神，现将此件交{names}办理，"
        f"请于{due.month}月{due.day}日前将办理情况报市委办公室。市委办公室将跟踪督办，及时反馈办理结果。\n"
    )
    lines = [
        f"title: {_scalar(title)}",
        f"on: {_flow([target.id for target in targets])}",
        f"leader: {_scalar(leader)}",
        f"assigned: {_flow(assigned)}",
        f"due: {due.isoformat()}",
        f"date: {day.isoformat()}",
    ]
    file_name = f"{index:02d}.md"
    report_id = f"{folder}/{index:02d}"
    state.instructions.append(_Instruction(report_id, day, tuple(assigned)))
    fact = ReportFact(
        id=report_id,
        title=title,
        unit_ids=(),
        unit_names=(),
        file_name=file_name,
        classification=context.classification,
        follows=None,
        on=tuple(target.id for target in targets),
    )
    return _front_matter(lines, body), fact


# ---------------------------------------------------------------------------------------------
# Issues


def _issue_context(rng: random.Random, slot: _Slot, count: int) -> _IssueContext:
    topic: tuple[str, str] | None = None
    incident: str | None = None
    if slot.series.single_topic:
        if rng.random() < 0.4:
            incident = rng.choice(INCIDENTS + WEATHER)
        else:
            topic = rng.choice(TOPICS)
    public = slot.series.id in PUBLIC_SERIES and rng.random() < PUBLIC_RATE
    classification = "公开" if public else None
    override = count if public and count >= 2 and rng.random() < 0.3 else None
    return _IssueContext(topic, incident, classification, override, set())


def _topic_line(context: _IssueContext) -> str | None:
    if context.incident:
        return f"关于{context.incident}有关情况"
    if context.topic:
        return f"关于{context.topic[0]}的情况"
    return None


def _urgency(rng: random.Random, series: _Series) -> str | None:
    rate = {"yaoqing": 0.33, "pishi": 0.05}.get(series.id, 0.02)
    if rng.random() >= rate:
        return None
    return "特急" if rng.random() < 0.25 else "紧急"


def _editor_note(rng: random.Random, series: _Series, lead: _Published | None) -> str:
    rate = {"jiaoliu": 0.4, "yaoqing": 0.2, "pishi": 0.0}.get(series.id, 0.05)
    if lead is None or rng.random() >= rate:
        return ""
    return _fill(rng, rng.choice(EDITOR_NOTES), lead.matter) + "\n"


def _issue_index(
    rng: random.Random,
    slot: _Slot,
    context: _IssueContext,
    topic: str | None,
    urgency: str | None,
    note: str,
) -> str:
    lines = [f"date: {slot.date.isoformat()}"]
    if rng.random() < 0.95:
        lines.append(f"issuer: {rng.choice(ISSUERS)}")
    lines.append(f"editor: {rng.choice(EDITORS)}")
    if topic:
        lines.append(f"topic: {_scalar(topic)}")
    if urgency:
        lines.append(f"urgency: {urgency}")
    if context.classification:
        lines.append(f"classification: {context.classification}")
    if slot.series.single_topic and rng.random() < 0.1:
        lines += [
            "distribution:",
            "  报: 省委办公厅",
            "  送: 市委主要负责同志",
            "  发: 有关县区委，市直有关单位",
        ]
    return _front_matter(lines, note)


def _report_count(rng: random.Random, series: _Series, reports_per_issue: int) -> int:
    if series.instructions:
        return rng.choice((1, 1, 2))
    offset = rng.choices(REPORT_COUNT_OFFSETS, weights=REPORT_COUNT_WEIGHTS)[0]
    return max(1, reports_per_issue + offset)


def _write_issue(
    state: _State, root: Path, slot: _Slot, reports_per_issue: int, count: int | None = None
) -> IssueFact:
    """Write one issue: `count` reports, else about `reports_per_issue`."""
    rng = state.rng
    series = slot.series
    _advance(state, slot.date)
    folder = f"{series.id}/{slot.year}/{slot.number:03d}"
    directory = root / folder
    directory.mkdir(parents=True)
    if count is None:
        count = _report_count(rng, series, reports_per_issue)
    context = _issue_context(rng, slot, count)
    facts: list[ReportFact] = []
    lead: _Published | None = None
    written: list[_Published] = []
    for index in range(1, count + 1):
        if series.instructions:
            text, fact = _instruction_report(state, slot, folder, index, context)
        else:
            text, fact, published = _unit_report(state, slot, folder, index, context)
            state.pending.append(published)
            state.reports.append(published)
            written.append(published)
            lead = lead or published
        _write(directory / fact.file_name, text)
        facts.append(fact)
    topic = _topic_line(context)
    urgency = _urgency(rng, series)
    for published in written:
        published.urgent = urgency is not None
    note = _editor_note(rng, series, lead)
    _write(directory / "index.md", _issue_index(rng, slot, context, topic, urgency, note))
    return IssueFact(
        series=series.id,
        series_name=series.name,
        year=slot.year,
        number=slot.number,
        total=slot.total,
        date=slot.date,
        topic=topic,
        urgency=urgency,
        folder=folder,
        reports=tuple(facts),
    )


# ---------------------------------------------------------------------------------------------
# Ledger

_Event = tuple[datetime.date, str]


def _adoptions(state: _State) -> list[_Event]:
    """Reports taken up by a higher level, later in the same year."""
    rng = state.rng
    numbers: dict[tuple[str, int], int] = {}
    events: list[_Event] = []
    for report in state.reports:
        if rng.random() >= ADOPTION_RATE.get(report.series, 0.0):
            continue
        by = "中共中央办公厅" if rng.random() < CENTRAL_ADOPTION_RATE else "省委办公厅"
        day = report.issue_date + datetime.timedelta(days=rng.randint(1, 20))
        if day.year != report.issue_date.year or not _all_active(
            state, report.matter.unit_ids, day
        ):
            continue
        number = numbers.get((by, day.year), 0) + rng.randint(1, 3)
        numbers[by, day.year] = number
        text = (
            f"- event: adopted\n  date: {day.isoformat()}\n"
            f"  report: {_scalar(report.id)}\n  by: {by}\n"
        )
        if rng.random() < 0.85:
            text += f"  where: {_scalar(f'《{ADOPTERS[by]}》第{number}期')}\n"
        events.append((day, text))
    return events


def _best_of_month(state: _State) -> list[_Event]:
    """Ten reports of each month, chosen at its last day."""
    months: dict[tuple[int, int], list[_Published]] = {}
    for report in state.reports:
        months.setdefault((report.issue_date.year, report.issue_date.month), []).append(report)
    events: list[_Event] = []
    for (year, month), reports in months.items():
        day = _month_end(datetime.date(year, month, 1))
        candidates = [
            report for report in reports if _all_active(state, report.matter.unit_ids, day)
        ]
        if not candidates:
            continue
        chosen = state.rng.sample(candidates, min(10, len(candidates)))
        chosen.sort(key=lambda report: (report.issue_date, SERIES_ORDER[report.series], report.id))
        items = "".join(f"    - {_scalar(report.id)}\n" for report in chosen)
        text = (
            f"- event: best\n  date: {day.isoformat()}\n"
            f'  month: "{year}-{month:02d}"\n  reports:\n{items}'
        )
        events.append((day, text))
    return events


def _progress(state: _State, last_day: datetime.date) -> list[_Event]:
    """Handling feedback of assigned units after an instruction: 办理中, then often 已办结."""
    rng = state.rng
    events: list[_Event] = []
    for instruction in state.instructions:
        if rng.random() >= 0.85:
            continue
        for uid in instruction.assigned:
            day = instruction.date + datetime.timedelta(days=rng.randint(2, 10))
            steps = [("办理中", day)]
            if rng.random() < 0.7:
                steps.append(("已办结", day + datetime.timedelta(days=rng.randint(3, 25))))
            for status, step_day in steps:
                if step_day > last_day or not state.units[uid].active(step_day):
                    break
                note = rng.choice(PROGRESS_NOTES[status])
                text = (
                    f"- event: progress\n  date: {step_day.isoformat()}\n"
                    f"  report: {_scalar(instruction.id)}\n  unit: {uid}\n"
                    f"  status: {status}\n  note: {_scalar(note)}\n"
                )
                events.append((step_day, text))
    return events


def _closings(state: _State, last_day: datetime.date, seed: int) -> list[_Event]:
    """Urgent matters the office closes (不再续报) within days, as offices
    do: all but one in twenty of the urgent reports nothing follows up.
    A random generator of its own: the rest of the archive stays as it was."""
    rng = random.Random(f"closed-{seed}")
    events: list[_Event] = []
    for report in state.reports:
        if not report.urgent or report.followed or rng.random() < 0.05:
            continue
        day = report.issue_date + datetime.timedelta(days=rng.randint(1, 10))
        if day > last_day:
            continue
        note = rng.choice(CLOSING_NOTES)
        text = (
            f"- event: closed\n  date: {day.isoformat()}\n"
            f"  report: {_scalar(report.id)}\n  note: {_scalar(note)}\n"
        )
        events.append((day, text))
    return events


def _write_ledger(
    state: _State, root: Path, first_year: int, last_year: int, seed: int = 0
) -> None:
    """ledger/<year>.yml for every year: that year's events in date order."""
    by_year: dict[int, list[_Event]] = {year: [] for year in range(first_year, last_year + 1)}
    last_day = datetime.date(last_year, 12, 31)
    closings = _closings(state, last_day, seed)
    for day, text in (
        _adoptions(state) + _best_of_month(state) + _progress(state, last_day) + closings
    ):
        by_year[day.year].append((day, text))
    for year, events in by_year.items():
        events.sort(key=lambda event: event[0])
        header = f"# {year} 年台账（虚构示例）：采用、月度最佳信息、批示办理反馈、续报结束。\n"
        body = "".join(text for _, text in events) or "[]\n"
        _write(root / "ledger" / f"{year}.yml", header + body)


# ---------------------------------------------------------------------------------------------
# journal.yml and units.yml


def _journal_yaml() -> str:
    lines = [
        "# 虚构的示例刊物，由 benchmarks/corpus.py 生成。",
        f"title: {TITLE}",
        f"publisher: {PUBLISHER}",
        "default_classification: 内部",
        "series:",
    ]
    for series in SERIES:
        lines += [
            f"  - id: {series.id}",
            f"    name: {series.name}",
            f"    description: {_scalar(series.description)}",
            f"    total_start: {series.total_start}",
        ]
        if series.single_topic:
            lines.append("    single_topic: true")
        if series.instructions:
            lines.append("    type: instructions")
    lines += [
        f"categories: {_flow(CATEGORIES)}",
        f"kinds: {_flow(KINDS)}",
        "distribution:",
        "  报: 省委办公厅",
        "  送: 市委、市人大、市政府、市政协领导同志",
        "  发: 各县区委，市直各单位",
        "scoring:",
        "  published: 1",
        "  series: {yaoqing: 3}",
        "  adopted: {中共中央办公厅: 20, 省委办公厅: 5}",
        "  instructed: 5",
        "  best: 10",
        "  research: 3",
        "  joint: split",
        "quotas:",
        "  research: {市本级: 6, 县区: 2, default: 1}",
    ]
    return "\n".join(lines) + "\n"


def _units_yaml(units: Sequence[_Unit]) -> str:
    lines = ["# 虚构的信息网络单位名录，由 benchmarks/corpus.py 生成。"]
    for unit in units:
        lines += [f"- id: {unit.id}", f"  name: {_scalar(unit.name)}"]
        if unit.short:
            lines.append(f"  short: {_scalar(unit.short)}")
        lines += [f"  group: {unit.group}", f"  since: {unit.since.isoformat()}"]
        if unit.until:
            lines.append(f"  until: {unit.until.isoformat()}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Entry points


def _issue_counts(issues_per_year: dict[str, int] | None) -> dict[str, int]:
    counts = dict(DEFAULT_ISSUES_PER_YEAR)
    for series_id, count in (issues_per_year or {}).items():
        if series_id not in counts:
            raise ValueError(f"未知专刊：{series_id}")
        if count < 0:
            raise ValueError(f"专刊 {series_id} 的每年期数不能为负：{count}")
        counts[series_id] = count
    return counts


VOCABULARIES: tuple[str, ...] = ("realistic", "bank")


@dataclass(frozen=True)
class TextStats:
    """Distinct characters and words of a content directory's Markdown.

    Words are counted by segmenting with jieba (dictionary only, no HMM), which makes the count
    approximate; characters are the distinct CJK ideographs.
    """

    megabytes: float
    characters: int
    distinct_characters: int
    distinct_words: int


def text_stats(root: Path) -> TextStats:
    """Measure the Markdown under `root` (needs jieba, of the `bench` extra)."""
    import logging

    import jieba  # the segmenter: only here, for measuring, never for generating

    jieba.setLogLevel(logging.WARNING)
    size = 0
    characters = 0
    distinct_characters: set[str] = set()
    words: set[str] = set()
    for path in sorted(root.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        size += len(text.encode("utf-8"))
        for run in _CJK_RUN.findall(text):
            characters += len(run)
            distinct_characters.update(run)
            words.update(jieba.cut(run, HMM=False))
    return TextStats(size / 2**20, characters, len(distinct_characters), len(words))


def _prepare(root: Path) -> None:
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"输出目录不为空：{root}")
    (root / "ledger").mkdir(parents=True, exist_ok=True)


def generate(
    root: Path,
    *,
    years: int = 10,
    last_year: int = 2026,
    issues_per_year: dict[str, int] | None = None,
    reports_per_issue: int = 5,
    seed: int = 0,
    vocabulary: str = "realistic",
    published_lock: bool = False,
) -> Corpus:
    """Write a fictional content directory at `root` (absent or empty) and describe it.

    `issues_per_year` overrides DEFAULT_ISSUES_PER_YEAR per series id; the pishi series has
    1–2 reports per issue, the others `reports_per_issue` give or take a few. `vocabulary` is
    one of VOCABULARIES (see the module's docstring). With `published_lock`, an empty
    published.lock as `kanwu init` writes it: the first build records every issue dated before
    its day, and every build and check after reads it (the benchmarks; tests that edit old
    reports as an editor's day would not leave it out).
    """
    if vocabulary not in VOCABULARIES:
        raise ValueError(f"未知词表：{vocabulary}（可选：{'、'.join(VOCABULARIES)}）")
    if years < 1:
        raise ValueError(f"年数必须为正整数：{years}")
    if reports_per_issue < 1:
        raise ValueError(f"每期稿件数必须为正整数：{reports_per_issue}")
    counts = _issue_counts(issues_per_year)
    root = Path(root)
    _prepare(root)
    rng = random.Random(seed)
    first_year = last_year - years + 1
    units = _make_units(rng, first_year, last_year)
    slots = _plan_issues(rng, counts, first_year, last_year)
    state = _new_state(rng, units)
    if vocabulary == "realistic":
        state.vocabulary = realistic()
        state.vocabulary_rng = random.Random(f"vocabulary-{seed}")
    slots.sort(key=lambda slot: (slot.date, SERIES_ORDER[slot.series.id], slot.number))
    issues = [_write_issue(state, root, slot, reports_per_issue) for slot in slots]
    _write(root / "journal.yml", _journal_yaml())
    _write(root / "units.yml", _units_yaml(units))
    _write_ledger(state, root, first_year, last_year, seed)
    if published_lock:
        _write(root / "published.lock", "")
    issues.sort(key=lambda issue: (SERIES_ORDER[issue.series], issue.year, issue.number))
    return Corpus(
        root=root,
        title=TITLE,
        publisher=PUBLISHER,
        issues=tuple(issues),
        units={unit.id: unit.name for unit in units},
    )


_DATE_LINE = re.compile(r"^date: (\d{4}-\d{2}-\d{2})$", re.M)


def _read_units(root: Path) -> list[_Unit]:
    import yaml

    rows = yaml.safe_load((root / "units.yml").read_text(encoding="utf-8"))
    return [
        _Unit(
            row["id"], row["name"], row.get("short"), row["group"], row["since"], row.get("until")
        )
        for row in rows
    ]


def append_issue(
    root: Path,
    *,
    series: str = "kuaibao",
    reports: int = 5,
    seed: int = 0,
    vocabulary: str = "realistic",
) -> IssueFact:
    """Add one issue of `reports` reports to an archive that `generate` wrote.

    The issue is dated on the archive's newest issue date (the day being published) and takes
    the next number of `series` in that year; it is written like every other issue, with no
    follow-ups or ledger events.
    """
    found = [spec for spec in SERIES if spec.id == series and not spec.instructions]
    if not found:
        raise ValueError(f"不能新增此专刊的一期：{series}")
    spec = found[0]
    newest = max(
        datetime.date.fromisoformat(match.group(1))
        for path in root.glob("*/*/*/index.md")
        if (match := _DATE_LINE.search(path.read_text(encoding="utf-8")))
    )
    day = newest
    year_folder = root / series / str(day.year)
    numbers = [int(p.name) for p in year_folder.iterdir()] if year_folder.is_dir() else []
    earlier = sum(1 for _ in (root / series).glob("*/*/index.md"))
    rng = random.Random(f"append-{seed}-{day.isoformat()}")
    state = _new_state(rng, _read_units(root))
    if vocabulary == "realistic":
        state.vocabulary = realistic()
        state.vocabulary_rng = random.Random(f"vocabulary-append-{seed}-{day.isoformat()}")
    slot = _Slot(spec, day.year, max(numbers, default=0) + 1, spec.total_start + earlier + 1, day)
    return _write_issue(state, root, slot, reports, count=reports)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus",
        description="生成虚构的「示例信息」内容目录，供测试和基准测试使用。",
    )
    parser.add_argument("out", type=Path, help="输出目录（须不存在或为空）")
    parser.add_argument("--years", type=int, default=10, help="年数（默认 10）")
    parser.add_argument("--last-year", type=int, default=2026, help="最后一年（默认 2026）")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="每年期数的倍数（默认 1.0，约 650 期/年）"
    )
    parser.add_argument(
        "--reports-per-issue", type=int, default=5, help="每期平均稿件数（默认 5；领导批示 1–2 篇）"
    )
    parser.add_argument("--seed", type=int, default=0, help="随机种子（默认 0）")
    parser.add_argument(
        "--vocabulary",
        choices=VOCABULARIES,
        default="realistic",
        help="词表：realistic 按 jieba 词典词频混入常用词（默认），bank 只用原有词句库",
    )
    parser.add_argument(
        "--stats", action="store_true", help="生成后统计不同汉字数和不同词数（用 jieba 分词，较慢）"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.years < 1:
        parser.error("--years 必须为正整数")
    if args.scale <= 0:
        parser.error("--scale 必须大于 0")
    if args.reports_per_issue < 1:
        parser.error("--reports-per-issue 必须为正整数")
    counts = {
        series_id: max(1, round(count * args.scale))
        for series_id, count in DEFAULT_ISSUES_PER_YEAR.items()
    }
    started = time.perf_counter()
    try:
        corpus = generate(
            args.out,
            years=args.years,
            last_year=args.last_year,
            issues_per_year=counts,
            reports_per_issue=args.reports_per_issue,
            seed=args.seed,
            vocabulary=args.vocabulary,
            published_lock=True,
        )
    except (FileExistsError, ValueError, RuntimeError) as error:
        parser.exit(1, f"错误：{error}\n")
    seconds = time.perf_counter() - started
    reports = sum(len(issue.reports) for issue in corpus.issues)
    print(f"已生成 {len(corpus.issues)} 期、{reports} 篇稿件，用时 {seconds:.1f} 秒：{corpus.root}")
    if args.stats:
        stats = text_stats(corpus.root)
        print(
            f"词表 {args.vocabulary}：Markdown {stats.megabytes:.1f} MB，汉字 {stats.characters:,} 个，"
            f"不同汉字 {stats.distinct_characters:,} 个，不同词约 {stats.distinct_words:,} 个"
            "（jieba 分词）。"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
