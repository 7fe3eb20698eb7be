"""``kanwu serve``: MkDocs' live-reload server, speaking Chinese.

MkDocs' own ``serve`` leaves the browser waiting ("the server will appear
stuck") when a rebuild fails and prints English. Here content errors never
fail a rebuild (the plugin shows them as a page, see ``KanwuPlugin``), any
other failure is reported in Chinese and the browser still reloads, and the
engine's log lines are translated or kept back. Only public MkDocs API is
used: ``load_config``, ``build`` and ``LiveReloadServer`` (the class that
plugins receive in ``on_serve``).
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from generator.build.engine import engine_config
from generator.build.messages import engine_failure

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
        if record.name.startswith("mkdocs.plugins.kanwu"):
            self.say(message, is_problem)
            return
        for pattern, chinese in _TRANSLATIONS:
            if pattern.search(message):
                if chinese is not None:
                    self.say(pattern.sub(chinese, message), is_problem)
                return
        if is_problem:
            self.say(f"站点引擎（MkDocs）提示：{message}", True)


@contextlib.contextmanager
def engine_log(say: Callable[[str, bool], None]) -> Iterator[None]:
    """Route MkDocs' log through :class:`ChineseEngineLog` while the engine runs."""
    logger = logging.getLogger("mkdocs")
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


def preview(
    config_file: Path, content: Path, dev_addr: str, say: Callable[[str, bool], None]
) -> None:
    """Serve a live preview of ``content`` until interrupted."""
    site_dir = tempfile.mkdtemp(prefix="kanwu-preview-")

    def load() -> MkDocsConfig:
        return engine_config(config_file, content, site_dir=site_dir, dev_addr=dev_addr)

    try:
        with engine_log(say):
            config = load()
            config.plugins.on_startup(command="serve", dirty=False)
            host, port = config.dev_addr
            mount_path = urlsplit(config.site_url or "/").path
            serve_url = f"http://{host}:{port}{mount_path}"

            def builder(config: MkDocsConfig | None = None) -> None:
                # Never raise: a raising builder leaves every open browser
                # waiting; a failed rebuild is said in Chinese and the next
                # save tries again.
                try:
                    config = config or load()
                    config.site_url = serve_url
                    build(config, serve_url=serve_url)
                except Exception as exc:
                    say(f"预览重新生成失败：{engine_failure(exc)}。修改后保存即可重试。", True)

            server = LiveReloadServer(
                builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path
            )
            server.error_handler = lambda code: _error_page(Path(site_dir), code)
            builder(config)
            server.watch(config.docs_dir)
            if config.config_file_path:
                server.watch(config.config_file_path)
            for folder in config.theme.dirs:
                server.watch(folder)
            server = config.plugins.on_serve(server, config=config, builder=builder)
            try:
                server.serve()
            except KeyboardInterrupt:
                say("已停止预览。", False)
            finally:
                server.shutdown()
                config.plugins.on_shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _error_page(site: Path, code: int) -> bytes | None:
    page = site / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
