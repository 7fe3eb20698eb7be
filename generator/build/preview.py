"""``kanwu serve``: MkDocs' live-reload server, speaking Chinese.

MkDocs' own ``serve`` leaves the browser waiting ("the server will appear
stuck") when a rebuild fails and prints English. Here content errors never
fail a rebuild (the plugin shows them as a page, see ``KanwuPlugin``), any
other failure is reported in Chinese and the browser still reloads, and the
engine's log lines are translated or kept back. Only public MkDocs API is
used: ``load_config``, ``build`` and ``LiveReloadServer`` (the class that
plugins receive in ``on_serve``).

The content is watched by the operating system (:mod:`generator.build.watch`)
and a saved change to report bodies is shown in place without a build
(:mod:`generator.build.quick`); anything else is a full (incremental) build.
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
from generator.build.plugin import KanwuPlugin
from generator.build.quick import Shown, quick_update
from generator.build.watch import ContentWatch

# Seconds between the server's looks at the trigger folder.
POLLING_INTERVAL = 0.1


def preview(
    config_file: Path,
    content: Path,
    dev_addr: str,
    say: Callable[[str, bool], None],
    kept: Path | None = None,
) -> None:
    """Serve a live preview of ``content`` until interrupted."""
    site_dir = tempfile.mkdtemp(prefix="kanwu-preview-")
    # Each full rebuild reloads the configuration (a fresh plugin), so what it
    # may reuse from the last one (parsed content, bodies, pages) is kept in a
    # cache folder: ``kept``, which outlives the preview (the next one starts
    # in seconds instead of building a large archive from scratch), or a
    # temporary one.
    cache = str(kept) if kept is not None else tempfile.mkdtemp(prefix="kanwu-preview-cache-")
    # MkDocs' docs_dir: an empty folder, so MkDocs does not walk the archive
    # at every save; the plugin reads the content itself.
    docs = tempfile.mkdtemp(prefix="kanwu-preview-docs-")
    # Touched at each change seen by `watch`: the only folder the server polls.
    trigger = Path(tempfile.mkdtemp(prefix="kanwu-preview-trigger-"))
    (trigger / "changed").touch()

    def load() -> MkDocsConfig:
        config = engine_config(
            config_file, content, Path(docs), site_dir=site_dir, dev_addr=dev_addr
        )
        config.plugins[PLUGIN_NAME].cache_dir = Path(cache)  # type: ignore[attr-defined]
        return config

    watch: ContentWatch | None = None
    try:
        with engine_log(say):
            config = load()
            config.plugins.on_startup(command="serve", dirty=False)
            host, port = config.dev_addr
            mount_path = urlsplit(config.site_url or "/").path
            serve_url = f"http://{host}:{port}{mount_path}"
            plugin: KanwuPlugin = config.plugins[PLUGIN_NAME]  # type: ignore[assignment]
            # With the search index built at each save, only full builds keep it right.
            quick = not plugin.config.search_in_serve
            shown: Shown | None = None

            def builder(config: MkDocsConfig | None = None) -> None:
                # Never raise: a raising builder leaves every open browser
                # waiting; a failed rebuild is said in Chinese and the next
                # save tries again.
                nonlocal shown
                changed = watch.take() if watch is not None else None
                try:
                    if (
                        config is None
                        and quick
                        and shown is not None
                        and changed is not None
                        and show_in_place(shown, changed, say)
                    ):
                        return
                    shown = None  # until this build has succeeded
                    config = config or load()
                    config.site_url = serve_url
                    build(config, serve_url=serve_url)
                    built: KanwuPlugin = config.plugins[PLUGIN_NAME]  # type: ignore[assignment]
                    state = built.shown()
                    built.forget()
                    if state is not None:
                        shown = Shown(content, Path(site_dir), *state)
                except Exception as exc:
                    say(
                        f"预览重新生成失败：{engine_failure(exc, content)}。修改后保存即可重试。",
                        True,
                    )

            others = [Path(p) for p in (config.config_file_path, *config.theme.dirs) if p]
            watch = ContentWatch(content, others, trigger / "changed")
            native = watch.start()
            # Polling one small folder is cheap: poll it often.
            server = LiveReloadServer(
                builder=builder,
                host=host,
                port=port,
                root=site_dir,
                mount_path=mount_path,
                **({"polling_interval": POLLING_INTERVAL} if native else {}),
            )
            server.error_handler = lambda code: _error_page(Path(site_dir), code)
            builder(config)
            if native:
                server.watch(str(trigger))
            else:  # as MkDocs does, and every rebuild in full
                watch = None
                for path in (content.resolve(), *others):
                    server.watch(str(path))
            server = config.plugins.on_serve(server, config=config, builder=builder)
            try:
                server.serve()
            except KeyboardInterrupt:
                say("已停止预览。", False)
            finally:
                server.shutdown()
                config.plugins.on_shutdown()
    finally:
        if watch is not None:
            watch.stop()
        temporary: list[str | Path] = [site_dir, docs, trigger, *([] if kept else [cache])]
        for folder in temporary:
            shutil.rmtree(folder, ignore_errors=True)


def show_in_place(shown: Shown, changed: set[str], say: Callable[[str, bool], None]) -> bool:
    """Show a change to report bodies in place (:mod:`generator.build.quick`);
    ``False`` when a full build must show it."""
    # A file that came and went (an editor's scratch file) changed nothing;
    # a report or a published file that went away did.
    known = shown.reports.keys() | shown.bodies.assets
    changed = {rel for rel in changed if rel in known or (shown.content / rel).exists()}
    warnings = quick_update(shown, changed)
    if warnings is None:
        return False
    for problem in warnings:
        say(str(problem), True)
    if changed:
        say(f"已更新 {len(changed)} 篇稿件的正文。", False)
    return True


def _error_page(site: Path, code: int) -> bytes | None:
    page = site / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
