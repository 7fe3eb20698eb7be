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

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from generator.build.engine import PLUGIN_NAME, engine_config
from generator.build.messages import engine_failure, engine_log


def preview(
    config_file: Path, content: Path, dev_addr: str, say: Callable[[str, bool], None]
) -> None:
    """Serve a live preview of ``content`` until interrupted."""
    site_dir = tempfile.mkdtemp(prefix="kanwu-preview-")
    # Each rebuild reloads the configuration (a fresh plugin), so what it may
    # reuse from the last one (pages, bodies) is kept in a cache folder.
    cache = tempfile.mkdtemp(prefix="kanwu-preview-cache-")

    def load() -> MkDocsConfig:
        config = engine_config(config_file, content, site_dir=site_dir, dev_addr=dev_addr)
        config.plugins[PLUGIN_NAME].cache_dir = Path(cache)  # type: ignore[attr-defined]
        return config

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
                    say(
                        f"预览重新生成失败：{engine_failure(exc, content)}。修改后保存即可重试。",
                        True,
                    )

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
        shutil.rmtree(cache, ignore_errors=True)


def _error_page(site: Path, code: int) -> bytes | None:
    page = site / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
