"""Running MkDocs on validated content, into a fresh folder swapped in at the end.

A failed build (content errors are caught before this point, but the engine
can still fail, or the user can interrupt) never touches the previous site:
MkDocs writes into a staging folder beside the output, which replaces the
output only once the build has succeeded (see :mod:`generator.build.output`).
"""

from __future__ import annotations

import functools
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator.build.messages import engine_log
from generator.build.output import check_output, clear_leftovers, publish, staging_folder
from generator.build.progress import Progress, Silent
from generator.build.spare import retire, seed_spare, spare_folder
from generator.build.timing import StageTimes
from generator.content.model import Publication
from generator.site.catalog import Audience

PLUGIN_NAME = "kanwu"
# kanwu's own mkdocs.yml, installed with it: the one `kanwu init` writes.
DEFAULT_CONFIG = Path(__file__).resolve().parent / "mkdocs.yml"
CONFIG_NAME = "mkdocs.yml"


def find_config(explicit: Path | None, content: Path) -> Path:
    """The mkdocs.yml a command uses: the one given, else the current
    folder's, else the one beside the content folder (a publication made by
    `kanwu init`, built from elsewhere), else kanwu's own."""
    if explicit is not None:
        return explicit
    for folder in (Path(), content.absolute().parent):
        if (folder / CONFIG_NAME).is_file():
            return folder / CONFIG_NAME
    return DEFAULT_CONFIG


def engine_config(
    config_file: Path, content: Path, empty_docs: Path | None = None, **overrides: str
) -> MkDocsConfig:
    """Load mkdocs.yml for the content directory. MkDocs' docs_dir is the
    content directory, or ``empty_docs``, an empty folder, when given: the
    plugin then reads the content itself and MkDocs does not walk it (see
    :mod:`generator.build.plugin`)."""
    docs = empty_docs or content
    config = load_config(str(config_file), docs_dir=str(docs.resolve()), **overrides)
    if PLUGIN_NAME not in config.plugins:
        raise PluginError(
            f"{config_file} 中没有配置 kanwu 插件：请在 plugins 下加一项 - kanwu"
            "（可参照 kanwu init 新建刊物时写出的 mkdocs.yml）"
        )
    # Set either way: MkDocs keeps one instance of the plugin per process.
    plugin = config.plugins[PLUGIN_NAME]
    plugin.content_dir = content.resolve() if empty_docs is not None else None  # type: ignore[attr-defined]
    if empty_docs is None:  # docs_dir is the content: not the folder mkdocs.yml names
        plugin.config.content = None
    return config


def build_site(
    publication: Publication,
    content: Path,
    output: Path,
    config_file: Path,
    times: StageTimes,
    audience: Audience = "intranet",
    cache: Path | None = None,
    progress: Progress | None = None,
    **overrides: str,
) -> str:
    """Build the site for already validated content into ``output``, atomically,
    adding the seconds of each stage to ``times``. With a ``cache`` folder,
    pages and bodies unchanged since an earlier build are reused from it.

    Returns the site's address (``site_url``; empty when none is set).
    Raises :class:`~generator.build.output.OutputRefused` (nothing touched) if
    ``output`` is not a kanwu site, an empty folder or absent."""
    output = check_output(content, output)
    output.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(output)
    with (
        staging_folder(output) as staging,
        spare_folder(output, wanted=cache is not None) as spare,
        engine_log(),
        tempfile.TemporaryDirectory(prefix="kanwu-docs-") as docs,
    ):
        config = engine_config(config_file, content, Path(docs), site_dir=str(staging), **overrides)
        plugin = config.plugins[PLUGIN_NAME]
        plugin.preloaded = publication  # type: ignore[attr-defined]
        plugin.times = times  # type: ignore[attr-defined]
        plugin.config.audience = audience
        plugin.cache_dir = cache  # type: ignore[attr-defined]
        plugin.progress = progress or Silent()  # type: ignore[attr-defined]
        plugin.spare = spare  # type: ignore[attr-defined]
        started = time.perf_counter()
        try:
            mkdocs_build(config)
            # With a cache, the site replaced is kept to assemble the next one in.
            built = plugin.assembled_in or staging  # type: ignore[attr-defined]
        finally:
            plugin.settle()  # type: ignore[attr-defined]
            plugin.progress.close()  # type: ignore[attr-defined]
            # MkDocs keeps one instance of a plugin per process, for every
            # config loaded in it: the content of this build, and the folders
            # it was given and assembled in, must not be a later build's.
            plugin.preloaded = plugin.spare = plugin.assembled_in = None  # type: ignore[attr-defined]
        times.engine += (
            time.perf_counter() - started - times.generate - times.index - times.documents
        )
        keep = functools.partial(retire, output, held=spare) if cache is not None else None
        publish(built, output, keep)
        if cache is not None:
            seed_spare(output)
    return str(config.site_url or "")
