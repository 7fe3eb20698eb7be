"""Click's own messages (usage, help headings, usage errors) in Chinese.

Click translates through ``gettext``; no Chinese catalogue ships with it, so
each Click module's ``_``/``ngettext`` is pointed at this table. Unknown
strings fall through unchanged.
"""

from __future__ import annotations

import re

import click._textwrap
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types
from rich.cells import cell_len

MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "No such option: {name}": "没有这个选项：{name}",
    "No such option {name!r}.": "没有这个选项 {name!r}。",
    "No such command {name!r}.": "没有这个命令 {name!r}。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing argument '{param_hint}'.": "缺少参数 '{param_hint}'。",
    "Missing option '{param_hint}'.": "缺少选项 '{param_hint}'。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数 {param_name}",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
    # One colon to a message: 「错误：」 comes first, so no 「值无效：…」 after it.
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效，{message}",
    "Invalid value: {message}": "{message}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选值 {choices} 中。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件，应为目录。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录，应为文件。",
    "Did you mean {possibility}?": "是否为 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否为以下之一：{possibilities}？）",
    "directory": "目录",
    "file": "文件",
    "path": "路径",
    "default: {default}": "默认：{default}",
    "Aborted!": "已中止。",
    "integer": "整数",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


class ZhHelpFormatter(click.HelpFormatter):
    """Help headings end with a full-width colon, as Chinese text does."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


# A Chinese character or full-width sign takes two columns of a terminal and
# may end a line anywhere; other text breaks at spaces, as Click's does.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f"
_CHUNKS = re.compile(f"[{_WIDE}]|\\s+|[^\\s{_WIDE}]+")
# Signs a Chinese line never starts with: they stay on the line before.
_NO_LINE_START = frozenset("，。、；：？！）」』》〉】”’…—")


class CellWrapper(click._textwrap.TextWrapper):
    """Click's help wrapper measuring text in terminal columns, not characters:
    otherwise Chinese help runs to twice the terminal's width."""

    def _split(self, text: str) -> list[str]:
        return _CHUNKS.findall(text)

    def _wrap_chunks(self, chunks: list[str]) -> list[str]:
        lines: list[str] = []
        chunks.reverse()
        while chunks:
            indent = self.subsequent_indent if lines else self.initial_indent
            width = self.width - cell_len(indent)
            if self.drop_whitespace and lines and not chunks[-1].strip():
                chunks.pop()
            line: list[str] = []
            used = 0
            while chunks:
                size = cell_len(chunks[-1])
                if used + size > width and line:
                    # A closing sign takes the character before it to the next line.
                    if chunks[-1] in _NO_LINE_START and len(line) > 1:
                        chunks.append(line.pop())
                    break
                if used + size > width and size > width:
                    break  # a word longer than a line: cut below
                line.append(chunks.pop())
                used += size
            if chunks and not line:
                self._handle_long_word(chunks, line, used, width)
            if self.drop_whitespace and line and not line[-1].strip():
                line.pop()
            if line:
                lines.append(indent + "".join(line))
        return lines


def install() -> None:
    click.Context.formatter_class = ZhHelpFormatter
    # Help columns line up by terminal columns (Click counts characters).
    click.formatting.term_len = cell_len  # type: ignore[assignment]
    click._textwrap.TextWrapper = CellWrapper  # type: ignore[misc]
    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.termui,
        click.types,
    ):
        module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
