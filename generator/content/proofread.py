"""无差错: proofreading a report's title and body, as ``kanwu check`` runs it.

Each finding is a warning (an error under ``--strict``) that names the file
and line. The rules, each with the name an office silences it by:

- ``半角标点``: ``,`` ``.`` ``;`` ``:`` ``?`` ``!`` ``(`` ``)`` beside Chinese
  text (a decimal point, a time, a URL or an English phrase is left alone);
- ``成对标点``: quotes, book-title marks and brackets that are not closed, or
  closed by the wrong one, within a paragraph;
- ``叠字``: a character doubled where that is almost always a slip
  (「的的」「县委委」), but for the words that are written so (「委委员」
  「的的确确」「一了了之」, and the journal's own ``allow`` list);
- ``数字用法``: one report writing a year both as 「二〇二六年」 and as
  「2026年」, or a large number both as 「5万」 and as 「50000」 (GB/T 15835);
- ``单位名称``: a unit written as 「甲县委办」 where units.yml names it
  「甲县委办公室」;
- ``用词``: the journal's own list of words to replace (``words``).

Silencing: a report's front matter ``skip_proofread: [叠字]`` (those
rules) or ``skip_proofread: 全部`` (every one); a line of the body ending in
``<!-- 不校对 -->``. The office's words are in journal.yml::

    proofread:
      allow: [平和和谐]          # doubled characters that are right
      words: {截止目前: 截至目前}  # written → should be
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.content.diagnostics import Problems

RULES = ("半角标点", "成对标点", "叠字", "数字用法", "单位名称", "用词")
SILENCE_LINE = "<!-- 不校对 -->"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_HALF = re.compile(
    rf"(?<=[{_CJK}，。；：、“”（）《》])([,;:?!])|([,;:?!])(?=[{_CJK}])"
    rf"|(?<=[{_CJK}])(\.)(?![0-9A-Za-z.])|(?<=[{_CJK}])(\()|(\()(?=[{_CJK}])"
    rf"|(?<=[{_CJK}])(\))|(\))(?=[{_CJK}])"
)
_FULL = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# What is not prose: code, links' targets, HTML tags and comments.
_NOT_PROSE = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>]*>|https?://\S+")
_PAIRS = {"“": "”", "‘": "’", "《": "》", "（": "）", "【": "】", "〔": "〕"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_PAIRED = re.compile("[\n" + "".join(_PAIRS) + "".join(_CLOSERS) + "]")
# Characters that are all but never doubled in official prose; others (在,
# 对, 把, 向 …) are doubled across words too often (「现在在」「针对对象」).
_DOUBLED = re.compile("([的了是和与被于或委])\\1")
# Words and word boundaries where one of those is doubled rightly.
ALLOWED_DOUBLED = (
    "委委员",
    "委委托",
    "的的确确",
    "目的的",
    "有的的",
    "为了了解",
    "除了了解",
    "了了之",
    "了了分明",
    "是是非非",
    "求是是",
    "但是是否",
    "于是是否",
    "就是是否",
    "还是是否",
    "也是是否",
    "都是是否",
    "总是是否",
    "和和美美",
    "和和气气",
    "总和和",
)
_CHINESE_YEAR = re.compile("[〇零一二三四五六七八九]{4}年")
_ARABIC_YEAR = re.compile(r"(?<![0-9])[12][0-9]{3}年")
_WAN = re.compile(r"[0-9]+(?:\.[0-9]+)?[万亿]")
# A number of five digits or more counting something (not a hotline 「12345」).
_LONG = re.compile(
    r"(?<![0-9.,])[0-9]{5,}(?![0-9.])"
    r"(?=元|人|户|家|个|件|次|吨|亩|平方米|千米|公里|名|台|辆|株|册|份|套|篇|条|项|所|座|处|斤|余)"
)


@dataclass(frozen=True)
class Proofing:
    """What proofreading checks against: the units' names and the office's lists."""

    units: tuple[tuple[str, str], ...] = ()  # (full name, short name) of each unit
    allow: tuple[str, ...] = ()
    words: tuple[tuple[str, str], ...] = ()  # (written, should be)

    @functools.cached_property
    def wrong_names(self) -> tuple[re.Pattern[str] | None, dict[str, str]]:
        """One pattern for every unit written 「…委办」 for 「…委办公室」, and
        the message for each such form (a hundred units: one search a line)."""
        said = {}
        for name, short in self.units:
            if name.endswith("办公室"):
                also = f"或「{short}」" if short else ""
                said[name.removesuffix("办公室") + "办"] = f"应写作「{name}」{also}"
        if not said:
            return None, said
        forms = "|".join(re.escape(f) for f in sorted(said, key=len, reverse=True))
        return re.compile(f"({forms})(?!公室)"), said

    @functools.cached_property
    def wrong_words(self) -> re.Pattern[str] | None:
        forms = sorted((w for w, _ in self.words), key=len, reverse=True)
        return re.compile("|".join(re.escape(w) for w in forms)) if forms else None


def proofread(
    rel: str,
    title: tuple[int, str] | None,
    body: str,
    body_line: int,
    proofing: Proofing,
    problems: Problems,
    silenced: Iterable[str] = (),
) -> tuple[str, ...]:
    """Warn of each finding in the title (its line, its text) and the body;
    return the rule of each finding, in the order they were reported.

    The text is scanned whole, each rule one regular expression over it (a
    line at a time took three times as long: 18 s for ten years' reports)."""
    off = set(silenced)
    numbers: list[int] = []  # the file's line of each line of ``text``
    kept: list[str] = []
    if title is not None:
        numbers.append(title[0])
        kept.append(title[1])
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        fence = line.lstrip().startswith(("```", "~~~"))
        fenced ^= fence
        skipped = fence or fenced or line.rstrip().endswith(SILENCE_LINE)
        numbers.append(body_line + offset)
        kept.append("" if skipped else line)
    text = _NOT_PROSE.sub(lambda m: " " * len(m.group()), "\n".join(kept))
    starts = [0]
    for line in kept[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def line_of(position: int) -> int:
        return numbers[bisect.bisect_right(starts, position) - 1]

    found: list[tuple[int, str, str]] = []  # position, message, rule
    if "半角标点" not in off:
        for match in _HALF.finditer(text):
            mark = next(g for g in match.groups() if g)
            message = f"半角标点「{mark}」用在中文中，应为「{_FULL[mark]}」"
            found.append((match.start(), message, "半角标点"))
    if "成对标点" not in off:
        found += [(at, message, "成对标点") for at, message in _unpaired(text)]
    if "叠字" not in off:
        for match in _DOUBLED.finditer(text):
            if not _allowed(text, match.start(), proofing.allow):
                message = f"叠字「{match.group()}」，可能多打了一个字"
                found.append((match.start(), message, "叠字"))
    if "单位名称" not in off:
        pattern, said = proofing.wrong_names
        for match in pattern.finditer(text) if pattern else ():
            message = f"单位名称「{match.group()}」{said[match.group()]}"
            found.append((match.start(), message, "单位名称"))
    if "用词" not in off and proofing.wrong_words is not None:
        right = dict(proofing.words)
        for match in proofing.wrong_words.finditer(text):
            message = f"「{match.group()}」应为「{right[match.group()]}」"
            found.append((match.start(), message, "用词"))
    if "数字用法" not in off:
        found += [(at, message, "数字用法") for at, message in _mixed_styles(text)]
    found.sort()
    for position, message, _ in found:
        problems.warning(rel, line_of(position), message)
    return tuple(rule for _, _, rule in found)


def _allowed(text: str, start: int, allow: Sequence[str]) -> bool:
    """Whether the doubled character at ``start`` is part of an allowed word."""
    for word in (*ALLOWED_DOUBLED, *allow):
        for begin in range(max(0, start - len(word) + 2), start + 1):
            if text.startswith(word, begin):
                return True
    return False


def _unpaired(text: str) -> list[tuple[int, str]]:
    """Quotes and brackets not closed, or closed by another, in each line."""
    found: list[tuple[int, str]] = []
    stack: list[tuple[int, str]] = []
    for match in _PAIRED.finditer(text):
        char, where = match.group(), match.start()
        if char == "\n":
            found += [(at, f"「{c}」没有配对的「{_PAIRS[c]}」") for at, c in stack]
            stack = []
        elif char in _PAIRS:
            stack.append((where, char))
        elif stack and stack[-1][1] == _CLOSERS[char]:
            stack.pop()
        elif any(c == _CLOSERS[char] for _, c in stack):
            found.append((where, f"「{stack[-1][1]}」没有配对，却先出现了「{char}」"))
            while stack[-1][1] != _CLOSERS[char]:
                stack.pop()
            stack.pop()
        else:
            found.append((where, f"「{char}」前面没有与之配对的「{_CLOSERS[char]}」"))
    found += [(at, f"「{c}」没有配对的「{_PAIRS[c]}」") for at, c in stack]
    return found


def _mixed_styles(text: str) -> list[tuple[int, str]]:
    """One report, two ways of writing years or large numbers: named where
    the second way first appears."""
    found = []
    for one, other, message in (
        (
            _CHINESE_YEAR,
            _ARABIC_YEAR,
            "年份有时写作汉字「{a}」、有时写作阿拉伯数字「{b}」，全文应统一",
        ),
        (_WAN, _LONG, "数字有时带「万」「亿」（「{a}」）、有时写全（「{b}」），全文应统一"),
    ):
        a, b = one.search(text), other.search(text)
        if a and b:
            found.append((max(a.start(), b.start()), message.format(a=a.group(), b=b.group())))
    return found
