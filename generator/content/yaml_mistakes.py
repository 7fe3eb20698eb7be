"""YAML mistakes explained in Chinese, at the line the editor has to change.

PyYAML and libyaml report in English, and their marks often point away from
the mistake: at the start of the enclosing mapping, or at the line after it.
The mistakes editors new to YAML make (a full-width colon, an unquoted ": ",
a Tab, "-jiaxian", a mis-indented item …) are therefore recognised from the
source lines themselves, each with a short how-to-fix. Whatever is left is
translated from the parser's problem, never shown in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Mistake:
    line: int  # 1-based line of the parsed text
    message: str


@dataclass(frozen=True)
class _Line:
    """One non-blank, non-comment source line, split the way YAML reads it."""

    number: int
    indent: int
    tabbed: bool  # a Tab in the indentation
    text: str  # without indentation
    dashes: int  # columns taken by leading "- " list markers
    key: str | None
    value: str  # after "key: " (or after the dashes), comment removed

    @property
    def content(self) -> str:
        return self.text[self.dashes :]

    @property
    def opens(self) -> bool:
        """Whether the next line may be indented deeper (``key:`` or a bare ``-``)."""
        return self.value == "" and (self.key is not None or self.dashes > 0)


_DASHES = re.compile(r"^(?:-(?: +|$))+")
_KEY = re.compile(r"""^("[^"]*"|'[^']*'|[^\s"'\[\]{}#,:：][^:#：]*?):(?: +|$)(.*)$""")
_COMMENT = re.compile(r"(?:^| )#.*$")
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*$")
_QUOTES_OPEN = "\"'"
_FULL_WIDTH_QUOTES = "“‘「『"
_FULL_WIDTH_QUOTES_ALL = "“”‘’「」『』"
_HALF_WIDTH = str.maketrans("［］｛｝，：", "[]{},:")
_AFTER_QUOTE = re.compile(r"""^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*([^\s#].*)$""")


def _lines(text: str) -> Iterator[_Line]:
    """Content lines of ``text``, skipping what continues a value over lines:
    the bodies of ``|`` and ``>`` blocks, and lines inside brackets or quotes
    opened on an earlier line."""
    block_indent: int | None = None
    inside = ""  # the closing character awaited, while a value spans lines
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.lstrip(" \t")
        indent = len(raw) - len(stripped)
        if inside:
            inside = _still_open(inside, raw)
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if block_indent is not None and indent > block_indent:
            continue
        block_indent = None
        dashes = _DASHES.match(stripped)
        width = dashes.end() if dashes else 0
        rest = stripped[width:]
        key_match = _KEY.match(rest)
        key, value = (key_match.group(1), key_match.group(2)) if key_match else (None, rest)
        if not value.startswith(tuple(_QUOTES_OPEN)):
            value = _COMMENT.sub("", value)
        value = value.strip()
        if _BLOCK_SCALAR.match(value):
            block_indent = indent
        inside = _still_open(_OPENED.get(value[:1], ""), value[1:]) if value else ""
        yield _Line(number, indent, "\t" in raw[:indent], stripped, width, key, value)


_OPENED = {"[": "]", "{": "}", '"': '"', "'": "'"}


def _still_open(closing: str, text: str) -> str:
    """``closing`` if ``text`` does not close the bracket or quote, else ``""``."""
    if not closing:
        return ""
    if closing in "\"'":
        unquoted = re.sub(r"\\.", "", text) if closing == '"' else text.replace("''", "")
        return "" if closing in unquoted else closing
    return "" if closing in re.sub(r"\"[^\"]*\"|'[^']*'", "", text) else closing


def explain(error: yaml.MarkedYAMLError, text: str) -> Mistake:
    """The mistake behind a parser error: a recognised one at or before the
    place the parser stopped, else the parser's problem in Chinese."""
    problem_line = error.problem_mark.line + 1 if error.problem_mark else 1
    context = error.context or ""
    opened_at = error.context_mark.line + 1 if error.context_mark else problem_line
    # An unclosed quote or bracket swallows the lines after it: look no further.
    swallowing = any(w in context for w in ("quoted", "flow", "simple key"))
    limit = opened_at if swallowing else problem_line
    for mistake in sorted(_mistakes(text, strict=False), key=lambda m: m.line):
        if mistake.line <= limit:
            return mistake
    line = opened_at if swallowing else problem_line
    return Mistake(line, _translate(error.problem or "", context))


def accepted_mistakes(text: str) -> list[Mistake]:
    """Mistakes YAML parses without complaint into the wrong data
    (``-jiaxian`` becomes a name, ``title：标题`` a lone string)."""
    return sorted(_mistakes(text, strict=True), key=lambda m: m.line)


def stray_comments(text: str) -> list[Mistake]:
    """Values cut short by an unquoted `` #``: the rest became a comment."""
    found = []
    for line in _lines(text):
        if line.key is None or line.value.startswith(("[", "{", *_QUOTES_OPEN)):
            continue
        rest = line.content[line.content.index(":") + 1 :]
        cut = re.search(r" #[^\s#]", rest)
        if cut and line.value:
            found.append(
                Mistake(
                    line.number,
                    f"「{line.key}」的值在「 #」处被截断，其后的文字被当作注释：若「#」是值的一部分，"
                    f'请给整个值加引号，写成 {line.key}: "{rest.strip()}"',
                )
            )
    return found


def _mistakes(text: str, *, strict: bool) -> Iterator[Mistake]:
    """Recognised mistakes; ``strict`` keeps only those that are never meant,
    for text the parser accepted."""
    previous: _Line | None = None
    levels = [_Level(0, [])]  # the open blocks, outermost first
    for line in _lines(text):
        if line.tabbed and not strict:
            yield Mistake(line.number, _TAB)
        elif previous is not None and _continues(line, previous):
            # Deeper than a scalar value: YAML reads the line as more of that
            # value, so a key or an item here is only mis-indented.
            if line.key is not None or line.dashes:
                sibling = previous.indent + (0 if line.dashes else previous.dashes)
                yield Mistake(line.number, _indent_hint(line.indent, sibling))
        else:
            yield from _line_mistakes(line, previous, strict=strict)
            if not strict:
                yield from _indentation(line, previous, levels)
        previous = line


def _as_list(items: str) -> str:
    """``a，b`` as the YAML list an editor meant: ``[a, b]``."""
    return "[" + re.sub(r"\s*[,，]\s*", ", ", items.rstrip("]")) + "]"


def _continues(line: _Line, previous: _Line) -> bool:
    """Whether YAML reads ``line`` as more of the scalar value on ``previous``:
    deeper than the mapping that value belongs to (or the list, for an item)."""
    column = previous.indent + (previous.dashes if previous.key is not None else 0)
    return (
        not previous.opens
        and line.indent > column
        and (previous.key is not None or previous.dashes > 0)
        and not previous.value.startswith(("[", "{", *_QUOTES_OPEN))
    )


def _line_mistakes(line: _Line, previous: _Line | None, *, strict: bool) -> Iterator[Mistake]:
    """The mistake of one line, if any; each rule names what the editor wrote
    and shows it rewritten. Those YAML accepts silently come first."""
    content = line.content
    full_width = re.match(r"^([^\s:：#\"'\[{][^:：]*?)\s*：\s*(.*)$", content)
    if full_width and line.key is None:
        key, value = full_width.groups()
        yield Mistake(
            line.number,
            f"键「{key}」后用了全角冒号「：」：请改用半角冒号加空格，写成「{key}: {value}」",
        )
        return
    tight = re.match(r"^([A-Za-z_][\w-]*|[^\x00-\x7f\s：]+):([^\s/:].*)$", content)
    if tight and line.key is None:
        key, value = tight.groups()
        yield Mistake(line.number, f"冒号后缺少空格：请写成「{key}: {value}」")
        return
    # Under an opening key, "-0: x" is a key that starts with "-" (a mapping
    # was opened), while "-jiaxian" with no value is a list item missing its space.
    opened_mapping = bool(re.match(r"^-[^\s:]+:\s", content))
    if re.match(r"^-[^\s-]", content) and (
        previous is None
        or previous.dashes
        or line.dashes
        or (previous.opens and not opened_mapping)
    ):
        yield Mistake(line.number, f"列表项的「-」后缺少空格：请写成「- {content[1:].strip()}」")
        return
    if line.value.startswith("【") and line.value.endswith("】") and re.search("[,，]", line.value):
        yield Mistake(
            line.number,
            f"「【】」不是 YAML 的列表括号：请改用半角方括号，写成 {_as_list(line.value[1:-1])}",
        )
        return
    if line.value.startswith("[") and "，" in line.value and not re.search("[\"']", line.value):
        yield Mistake(
            line.number,
            f"列表中用了全角逗号「，」：请改用半角逗号加空格，写成 {_as_list(line.value[1:])}",
        )
        return
    if line.value.startswith(("［", "｛")):
        half = line.value.translate(_HALF_WIDTH)
        yield Mistake(
            line.number, f"「{line.value[0]}」是全角括号，YAML 不认：请改用半角括号，写成 {half}"
        )
        return
    if strict:
        return
    if after := _AFTER_QUOTE.match(line.value):
        yield Mistake(
            line.number,
            f"引号结束后还有文字「{after.group(1)}」：请把整个值放进引号内",
        )
        return
    if re.match(r"^[|>][-+0-9]*\s+[^#\s]", line.value):
        yield Mistake(
            line.number, f"「{line.value[0]}」之后只能换行，文字请从下一行开始、并缩进两个空格"
        )
        return
    if (
        previous is not None
        and previous.opens
        and previous.key
        and line.key is None
        and line.indent <= previous.indent
        and not line.dashes
    ):
        yield Mistake(
            line.number,
            f"「{previous.key}:」后没有写值，此行又没有缩进：请把「{content}」"
            f"写在同一行，如「{previous.key}: {content}」",
        )
        return
    if line.key is not None and (": " in line.value or line.value.endswith(":")):
        if line.value.startswith(tuple(_FULL_WIDTH_QUOTES)):
            yield Mistake(
                line.number,
                f"值中的「: 」会被当作新的键，而全角引号「{line.value[0]}」不起引号作用："
                f'请改用半角引号，写成 {line.key}: "{line.value.strip(_FULL_WIDTH_QUOTES_ALL)}"',
            )
        elif not line.value.startswith(("[", "{", *_QUOTES_OPEN)):
            yield Mistake(
                line.number,
                f"值中含有「: 」（冒号加空格），会被当作新的键：请给整个值加引号，"
                f'写成 {line.key}: "{line.value}"',
            )
        return
    if line.value.startswith(("[", "{")) and " #" in line.content:
        bracket = line.value[0]
        yield Mistake(
            line.number,
            f"「{bracket}…」中的「 #」被当作注释，其后的内容都被忽略，括号因此没有闭合："
            "请给含 # 的项加引号",
        )


_TAB = "用了制表符（Tab）缩进：YAML 只能用空格缩进，请把 Tab 换成空格"


@dataclass
class _Level:
    """An open block: the column its keys or items start at, and its lines."""

    indent: int
    lines: list[_Line]


def _indentation(line: _Line, previous: _Line | None, levels: list[_Level]) -> Iterator[Mistake]:
    """Keys and items of one block must start in the same column."""
    if previous is not None and previous.opens and line.indent > levels[-1].indent:
        levels.append(_Level(line.indent, [line]))
    else:
        popped = None
        while len(levels) > 1 and levels[-1].indent > line.indent:
            popped = levels.pop()
        if levels[-1].indent != line.indent:
            # A block of one line, then a line between it and the outer
            # block: the lone line is the odd one (its siblings follow it).
            if popped is not None and len(popped.lines) == 1:
                lone = popped.lines[0]
                yield Mistake(lone.number, _indent_hint(lone.indent, line.indent, "下"))
                levels.append(_Level(line.indent, [line]))
            else:
                yield Mistake(line.number, _indent_hint(line.indent, levels[-1].indent))
                levels.append(_Level(line.indent, [line]))
        else:
            levels[-1].lines.append(line)
    if line.dashes and line.key is not None:
        levels.append(_Level(line.indent + line.dashes, []))  # the item's own keys


def _indent_hint(indent: int, sibling: int, where: str = "上") -> str:
    return (
        f"缩进不一致：此行缩进 {indent} 个空格，而同一层的{where}一行是 {sibling} 个空格；"
        "同一层的键或列表项（-）必须左端对齐，请调整此行的空格"
    )


# The parser's problems, by a word of their English text (PyYAML and libyaml).
_TRANSLATIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("tab character",), _TAB),
    (
        ("cannot start any token",),
        "此处有 YAML 不允许的字符（如 Tab、@、`）：Tab 请换成空格，以 @ 或 ` 开头的值请加引号",
    ),
    (
        ("mapping values are not allowed",),
        "此处的「: 」（冒号加空格）不能出现：若它是值的一部分，请给整个值加引号；若是新的键，请检查缩进",
    ),
    (("could not find expected ':'",), "此行缺少「: 」（半角冒号加空格），无法识别为「键: 值」"),
    (
        (
            "expected <block end>",
            "did not find expected key",
            "did not find expected '-' indicator",
            "sequence entries are not allowed",
            "invalid indentation",
        ),
        "缩进不一致：同一层的键或列表项（-）必须左端对齐，请调整此行的空格",
    ),
    (("',' or ']'",), "方括号「[」没有闭合：请在列表末尾补上「]」，各项之间用半角逗号分隔"),
    (("',' or '}'",), "花括号「{」没有闭合：请在末尾补上「}」，各项之间用半角逗号分隔"),
    (("escape",), "双引号中的反斜杠「\\」不是有效的转义：请把「\\」写成两个，或改用单引号"),
    (
        ("control characters", "special characters", "unacceptable character"),
        "含有不可见的控制字符：请删除此行中的该字符",
    ),
    (
        ("document", "stream-start", "stream-end"),
        "出现了多余的「---」或「...」：文件头只有开头和结尾两行 ---，YAML 文件中不要写这两种行",
    ),
    (("directive",), "以「%」开头的行是 YAML 指令，不应出现：若是值的一部分，请给值加引号"),
    (
        ("constructor", "tag"),
        "不允许使用 YAML 标签（以「!」开头的写法）：若「!」是值的一部分，请给整个值加引号",
    ),
    (("alias", "anchor"), "不允许使用 YAML 锚点与别名（& 与 *）"),
    (
        ("unhashable key", "mapping keys are not allowed", "found unexpected ':'"),
        "键必须是简单的文字：请不要用方括号、花括号或「?」写键",
    ),
    (("recursive",), "存在循环引用"),
    (
        ("comment or a line break", "comment or line break"),
        "引号或括号结束后还有多余的文字：请把整个值放进引号内",
    ),
    (("chomping", "indentation indicator"), "「|」或「>」之后只能换行，不能再写文字"),
    (("node content",), "此处缺少值：请检查是否多写了「-」「,」或「:」"),
)
_END_OF_STREAM = "文件在此处意外结束：请检查引号与括号是否成对"
_GENERIC = "无法解析此处的内容：请检查此行的冒号、引号、括号与缩进"


def _translate(problem: str, context: str) -> str:
    if "quoted" in context and "end of stream" in problem:
        return "引号没有闭合：此行开始的值缺少结束引号，请在值的末尾补上与开头相同的引号"
    if "end of stream" in problem:
        return _END_OF_STREAM
    if not re.search(r"[A-Za-z]", problem):
        return problem or _GENERIC  # already Chinese (raised by kanwu itself)
    for words, chinese in _TRANSLATIONS:
        if any(word in problem for word in words):
            return chinese
    return _GENERIC
