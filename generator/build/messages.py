"""Failures of the engine and the operating system, said in Chinese.

Content problems are reported by ``generator.content`` with file and line.
What is left — a full disk, a folder without write permission, a broken
``mkdocs.yml`` — must reach an editor in Chinese too, naming the path.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import jinja2
import yaml
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from generator.build import ENGINE
from generator.build.index import SearchIndexError
from generator.content.oserrors import describe_os_error
from generator.content.yaml_mistakes import explain


def engine_failure(exc: BaseException, path: Path) -> str:
    """A one-line Chinese account of why the engine stopped; ``path`` is named
    when the error itself names no file."""
    # A template is looked up as a file: Jinja's error is an OSError without
    # an errno, which would read 「系统错误（0）」.
    if isinstance(exc, jinja2.TemplateNotFound):
        return (
            f"找不到页面模板「{exc.name}」：kanwu 的安装不完整，请重新安装；"
            "若 mkdocs.yml 设置了 custom_dir，也请检查其中的模板"
        )
    if isinstance(exc, OSError):
        return describe_os_error(exc, path)
    if isinstance(exc, (PluginError, SearchIndexError)):
        return str(exc)  # kanwu's own errors are already Chinese
    if isinstance(exc, ConfigurationError):
        return _config_failure(exc)
    if isinstance(exc, Abort):  # MkDocs has logged each reason (translated above)
        return "MkDocs 配置文件（mkdocs.yml）有误，见上方说明"
    if isinstance(exc, MemoryError):
        return "内存不足"
    if isinstance(exc, RecursionError):
        return "内容嵌套过深，无法处理"
    return f"站点引擎出错（{type(exc).__name__}：{exc}）"


def print_problem(message: str, is_problem: bool) -> None:
    if is_problem:
        print(message, file=sys.stderr)


# The engine's messages an editor may see, in Chinese; anything else at INFO
# level is dropped, and warnings not listed here are shown with a Chinese lead.
_TRANSLATIONS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"^Detected file changes"), "检测到文件变化，正在重新生成……"),
    (re.compile(r"^Reloading browsers"), "已重新生成，浏览器将自动刷新。"),
    (re.compile(r"^Documentation built in ([\d.]+) seconds"), r"生成用时 \1 秒。"),
    (
        re.compile(
            r"^(Building documentation|Cleaning site directory|Serving on|Watching paths|Browser connected|Start watching|Shutting down)"
        ),
        None,
    ),
    (re.compile(r"^An error happened during the rebuild"), None),  # reported by our builder
    (re.compile(r"^Aborted with"), None),
    (re.compile(r'^"[A-Z]+ \S+ HTTP/[\d.]+" code \d+'), None),  # the preview's request log
    (
        re.compile(r"^Doc file '(.+?)' contains a link '(.+?)'"),
        r"页面 \1 中的链接 \2 指向不存在的页面",
    ),
    (re.compile(r"^Template skipped: '(.+?)'"), r"跳过模板 \1"),
    # kanwu publishes no content Markdown as files; which one MkDocs skips is moot.
    (re.compile(r"^Excluding '.+?' from the site because it conflicts with"), None),
    (
        re.compile(r"^Config value '(.+?)': Unrecognised configuration name"),
        r"mkdocs.yml 中有不认识的设置 \1",
    ),
    (
        re.compile(r"^Config value '(.+?)': Expected (?:a|an) (\w+)"),
        r"mkdocs.yml 中的设置 \1 类型不对（应为 \2）",
    ),
    (
        # A configuration from before the theme came with the plugin: custom_dir: theme.
        re.compile(r"^Config value 'theme': The path set in custom_dir \('(.+?)'\) does not exist"),
        r"mkdocs.yml 中 theme 的 custom_dir 指向的目录 \1 不存在"
        r"（kanwu 的主题随插件加载，旧配置中的 custom_dir: theme 一行可以删去）",
    ),
    (
        re.compile(r"^Config value 'plugins': The \"(.+?)\" plugin is not installed"),
        r"mkdocs.yml 中的插件 \1 没有安装（是否写错了名字？kanwu 的插件名为 kanwu）",
    ),
    (re.compile(r"^Config value '(.+?)': (.*)"), r"mkdocs.yml 中的设置 \1 有误（\2）"),
)


_STAMP = re.compile(r"^\[\d\d:\d\d:\d\d\] ")


class ChineseEngineLog(logging.Handler):
    """Prints MkDocs' log records for an editor: kanwu's own (already Chinese)
    as they are, the engine's translated or, when only noise, not at all."""

    def __init__(self, say: Callable[[str, bool], None]) -> None:
        super().__init__(logging.INFO)
        self.say = say

    def emit(self, record: logging.LogRecord) -> None:
        # The live-reload server stamps its lines with the time: "[12:30:05] …".
        message = _STAMP.sub("", record.getMessage())
        is_problem = record.levelno >= logging.WARNING
        if record.name.startswith(f"{ENGINE}.plugins.kanwu"):
            self.say(message, is_problem)
            return
        for pattern, chinese in _TRANSLATIONS:
            if match := pattern.search(message):
                if chinese is not None:
                    # Only the translation: the rest of the line is English.
                    self.say(match.expand(chinese), is_problem)
                return
        if is_problem:
            self.say(f"站点引擎（MkDocs）提示：{message}", True)


@contextlib.contextmanager
def engine_log(say: Callable[[str, bool], None] = print_problem) -> Iterator[None]:
    """Route MkDocs' log through :class:`ChineseEngineLog` while the engine runs
    (by default only warnings and errors, on standard error)."""
    logger = logging.getLogger(ENGINE)
    handler = ChineseEngineLog(say)
    previous = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]


def _config_failure(exc: ConfigurationError) -> str:
    """``mkdocs.yml:12: 不能用 Tab 缩进……`` for a syntax error in the engine's
    configuration, explained like the content's own YAML."""
    cause = exc.__cause__ or exc.__context__
    stream = getattr(getattr(cause, "problem_mark", None), "name", "")
    if isinstance(cause, yaml.MarkedYAMLError) and stream and os.path.isfile(stream):
        with open(stream, encoding="utf-8", errors="replace") as file:
            mistake = explain(cause, file.read())
        return f"{stream}:{mistake.line}: {mistake.message}"
    return "MkDocs 配置文件（mkdocs.yml）无法读取"
