"""Reading content files: UTF-8 text, front matter, YAML that remembers lines.

Validation messages must name the line of the offending key, so YAML mappings
are loaded into :class:`YamlMap`, a dict that also records each key's line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content.diagnostics import Problems
from generator.content.folders import SPECIAL_FILE, link_problem
from generator.content.oserrors import os_reason
from generator.content.yaml_mistakes import accepted_mistakes, explain, stray_comments

_BaseLoader: Any
try:  # libyaml is much faster on a ten-year archive; fall back when absent.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


# Characters no editor means to type and that no page or feed can carry: C0
# and C1 controls other than tab and line breaks (XML 1.0 forbids most of them,
# so one would make the Atom feeds unreadable), lone surrogates and the two
# noncharacters. They arrive pasted from other programs or written as YAML
# escapes such as "\x07".
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def invisible_character(char: str) -> str:
    return f"不可见的控制字符 U+{ord(char):04X}"


class YamlMap(dict[Any, Any]):
    """A YAML mapping that also knows the (1-based, file-relative) line of each key."""

    lines: dict[Any, int]
    line: int

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _LineLoader(_BaseLoader):
    """Safe loader that records key lines, reports duplicate keys and keeps
    ``on``/``off``/``yes``/``no`` as strings (``on:`` is a report field)."""

    line_offset = 0

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int]] = []
        self.invisible: list[tuple[int, str]] = []  # (line, character)


# YAML 1.1 reads on/off/yes/no as booleans; only true/false mean that here.
# Its "=" (value) and "<<" (merge) are plain text here too: merging needs
# anchors, which are refused, and a title may well be "=".
_NOT_IMPLICIT = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:merge",
}
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_IMPLICIT]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


class YamlInt(int):
    """An integer read from a plain scalar, remembering the text as written."""

    source: str


class YamlFloat(float):
    """A float read from a plain scalar, remembering the text as written."""

    source: str


class YamlDate(dt.date):
    """A date read from a plain scalar, remembering the text as written."""

    source: str


class YamlDateTime(dt.datetime):
    """A timestamp read from a plain scalar, remembering the text as written."""

    source: str


def _sourced(value: Any, text: str) -> Any:
    """``value`` as its subclass that remembers ``text``: YAML 1.1 reads
    ``010`` as 8, ``12:30`` as 750 and ``0x1F`` as 31, but a title, tag or
    name must keep what the editor wrote (schema's text fields use it)."""
    result: Any
    if isinstance(value, bool):
        return value  # bool cannot be subclassed; text fields spell it out
    if isinstance(value, int):
        result = YamlInt(value)
    elif isinstance(value, float):
        result = YamlFloat(value)
    elif isinstance(value, dt.datetime):
        result = YamlDateTime.combine(value.date(), value.timetz())
    elif isinstance(value, dt.date):
        result = YamlDate.fromordinal(value.toordinal())
    else:
        return value
    result.source = text
    return result


def _keep_source(tag: str) -> None:
    construct = _LineLoader.yaml_constructors[tag]

    def constructor(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
        return _sourced(construct(loader, node), node.value)

    _LineLoader.add_constructor(tag, constructor)


for _tag in ("int", "float", "timestamp"):
    _keep_source(f"tag:yaml.org,2002:{_tag}")


def _construct_str(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # The file itself was checked for these characters; a double-quoted escape
    # ("\x07", "\0") still makes one, so every string is checked once more.
    value = str(loader.construct_scalar(node))
    if found := INVISIBLE.search(value):
        loader.invisible.append((node.start_mark.line + 1 + loader.line_offset, found.group()))
    return value


_LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    result = YamlMap()
    result.lines = {}
    result.line = node.start_mark.line + 1 + loader.line_offset
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1 + loader.line_offset
        if not isinstance(key, str | int | float | bool | dt.date) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "键必须是简单的文字", key_node.start_mark
            )
        if key in result:
            loader.duplicates.append((str(key), line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def parse_yaml(text: str, path: str, line_offset: int, problems: Problems) -> Any:
    """Parse YAML text; return the data or ``None`` after recording a problem.

    ``line_offset`` is the number of file lines before ``text`` starts, so
    reported lines are lines of the file an editor opens.
    """
    return _parse_yaml(text, path, line_offset, problems)[0]


def _parse_yaml(text: str, path: str, line_offset: int, problems: Problems) -> tuple[Any, bool]:
    """The data and whether any problem was recorded (a failure always records
    one). Told by this flag rather than by counting ``problems``, which skip a
    problem already recorded, so the answer does not depend on what else the
    list holds."""
    if (refusal := _refuse(text)) is not None:
        line, message = refusal
        problems.error(path, line + line_offset, message)
        return None, True
    loader = _LineLoader(text)
    loader.line_offset = line_offset
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mistake = explain(exc, text)
        problems.error(path, mistake.line + line_offset, f"YAML 格式错误：{mistake.message}")
        return None, True
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        problems.error(path, line + line_offset, "YAML 格式错误：含有不可见的控制字符，请删除")
        return None, True
    except yaml.YAMLError:
        problems.error(
            path, line_offset + 1, "YAML 格式错误：无法解析，请检查冒号、引号、括号与缩进"
        )
        return None, True
    except (ValueError, OverflowError):
        # PyYAML builds dates itself and raises plain errors for 2026-02-30.
        line, value = _invalid_date(text)
        problems.error(path, line + line_offset, f"日期 {value} 不存在")
        return None, True
    finally:
        loader.dispose()
    # Some mistakes parse, into the wrong data: report them as YAML errors too.
    if accepted := accepted_mistakes(text):
        for mistake in accepted:
            problems.error(path, mistake.line + line_offset, f"YAML 格式错误：{mistake.message}")
        return None, True
    stray = stray_comments(text)
    for mistake in stray:
        problems.warning(path, mistake.line + line_offset, mistake.message)
    for key, line in loader.duplicates:
        problems.error(path, line, f'键 "{key}" 重复出现')
    for line, char in loader.invisible:
        problems.error(
            path, line, f"YAML 格式错误：双引号中的转义写出了{invisible_character(char)}，请删除"
        )
    if loader.invisible:
        return None, True
    return data, bool(stray or loader.duplicates)


# Front matter is a handful of fields. Deeper flow nesting than this is an
# attack: libyaml recurses once per level and crashes the process on deep input.
MAX_NESTING = 20
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"")


def _refuse(text: str) -> tuple[int, str] | None:
    """Refuse, before parsing, YAML no editor writes: deep nesting, anchors and
    aliases (the way to a "billion laughs" bomb). Returns (line, message)."""
    unquoted = _QUOTED.sub(lambda m: re.sub(r"[^\n]", "x", m.group()), text)
    depth = 0
    for index, char in enumerate(unquoted):
        if char in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return unquoted.count("\n", 0, index) + 1, f"YAML 嵌套超过 {MAX_NESTING} 层"
        elif char in "]}":
            depth = max(depth - 1, 0)
    if "&" in unquoted or "*" in unquoted:
        for number, line in enumerate(unquoted.split("\n"), start=1):
            if re.search(r"(^|[\s,\[{:-])[&*][^\s,\[\]{}]+", line.split(" #", 1)[0]):
                return number, "不允许使用 YAML 锚点与别名（& 与 *）"
    return None


_DATE = re.compile(r"\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\b")


def _invalid_date(text: str) -> tuple[int, str]:
    """The line and text of the first date-looking value that is no date."""
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _DATE.finditer(line):
            try:
                dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return number, match.group()
    return 1, "（未知）"


@dataclass(frozen=True)
class FrontMatter:
    """A Markdown file split into its YAML header and its body."""

    data: Any
    body: str
    body_line: int  # 1-based file line where the body starts


_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
# No report is this long; a bigger file is a mistake or an attack.
MAX_FILE_BYTES = 2 * 2**20


def read_text(root: Path, rel: str, problems: Problems) -> str | None:
    """Read a UTF-8 text file (BOM and CRLF accepted); record a problem if it is not."""
    path = root / rel
    try:
        # Never read through a link out of the content folder (a journal.yml
        # pointing at /etc/passwd would be quoted back in error messages), nor
        # a pipe or a device, which would block or never end.
        if path.is_symlink() and (reason := link_problem(root, os.fspath(path))):
            problems.error(rel, 1, reason)
            return None
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            problems.error(rel, 1, SPECIAL_FILE)
            return None
        size = info.st_size
        if size > MAX_FILE_BYTES:
            problems.error(
                rel, 1, f"文件过大（{size / 2**20:.1f} MB），不应超过 {MAX_FILE_BYTES // 2**20} MB"
            )
            return None
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(rel, 1, f"无法读取文件：{os_reason(exc)}")
        return None
    return decode_text(raw, rel, problems)


def decode_text(raw: bytes, rel: str, problems: Problems) -> str | None:
    """The text of a file's bytes (BOM and CRLF accepted), or ``None`` after
    recording why it is not usable text."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(rel, line, "文件不是 UTF-8 编码（请另存为 UTF-8）")
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.error(rel, line, "文件含有空字符（NUL），可能不是文本文件")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if INVISIBLE.search(text):
        for number, row in enumerate(text.split("\n"), start=1):
            if found := INVISIBLE.search(row):
                problems.error(rel, number, f"含有{invisible_character(found.group())}，请删除")
        return None
    return text


def split_front_matter(text: str, rel: str, problems: Problems) -> FrontMatter | None:
    """Split ``---`` delimited front matter from a Markdown file and parse it."""
    if not text.startswith("---"):
        problems.error(rel, 1, "缺少文件头（文件第一行应为 ---，其后是 YAML 字段）")
        return None
    first_newline = text.find("\n")
    if first_newline < 0 or text[:first_newline].strip() != "---":
        problems.error(rel, 1, "缺少文件头（文件第一行应为 ---，其后是 YAML 字段）")
        return None
    closing = _FENCE.search(text, first_newline + 1)
    if closing is None:
        problems.error(rel, 1, "文件头没有结束（缺少第二个 --- 行）")
        return None
    header = text[first_newline + 1 : closing.start()]
    data, recorded = _parse_yaml(header, rel, 1, problems)
    if data is None:
        if recorded:
            return None
        data = empty_map(line=2)
    body_start = text.find("\n", closing.end())
    body = "" if body_start < 0 else text[body_start + 1 :]
    body_line = text[: closing.end()].count("\n") + 2
    return FrontMatter(data, body, body_line)


def empty_map(line: int) -> YamlMap:
    result = YamlMap()
    result.lines, result.line = {}, line
    return result
