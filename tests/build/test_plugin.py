"""The MkDocs adapter: what it adds to the engine's files and when it indexes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.structure.files import File

from generator.build.engine import DEFAULT_CONFIG, build_site, engine_config
from generator.build.plugin import KanwuPlugin
from generator.build.spare import spare_path
from generator.build.timing import StageTimes
from generator.content.pipeline import load_and_validate
from tests.helpers import SAMPLE, snapshot

# Run again on ProperDocs by make test (README「站点引擎」).
pytestmark = pytest.mark.engine


def _plugin(content: Path, site: Path, command: str) -> tuple[KanwuPlugin, object]:
    config = engine_config(DEFAULT_CONFIG, content, site_dir=str(site))
    plugin = config.plugins["kanwu"]
    assert isinstance(plugin, KanwuPlugin)
    plugin.on_startup(command=command, dirty=False)
    plugin.on_config(config)
    return plugin, config


def test_serve_does_not_index_unless_asked(content: Path, tmp_path: Path) -> None:
    plugin, config = _plugin(content, tmp_path / "site", "serve")
    plugin.on_post_build(config=config)
    assert not (tmp_path / "site/pagefind").exists()
    plugin.config.search_in_serve = True
    plugin.on_post_build(config=config)
    assert (tmp_path / "site/pagefind/2026-03/pagefind.js").is_file()


def test_build_indexes_the_site(content: Path, tmp_path: Path) -> None:
    plugin, config = _plugin(content, tmp_path / "site", "build")
    plugin.on_post_build(config=config)
    assert (tmp_path / "site/pagefind/shards.json").is_file()
    assert (tmp_path / "site/pagefind/2026-03/pagefind-entry.json").is_file()


def test_a_page_reused_from_the_cache_goes_where_mkdocs_would_write_it(
    content: Path, tmp_path: Path
) -> None:
    """A reused page is put at ``Page.site_file`` without asking MkDocs: the
    very file MkDocs writes for that page, with directory URLs or without."""
    for directory_urls in (True, False):
        config = engine_config(
            DEFAULT_CONFIG,
            content,
            site_dir=str(tmp_path / "site"),
            use_directory_urls=directory_urls,
        )
        plugin = config.plugins["kanwu"]
        assert isinstance(plugin, KanwuPlugin)
        plugin.on_startup(command="build", dirty=False)
        plugin.on_config(config)
        pages = list(plugin._pages.values())
        assert len({page.kind for page in pages}) > 10  # every kind of page, not a few
        for page in pages:
            file = File(page.src_uri, None, config.site_dir, config.use_directory_urls)
            assert file.dest_uri == page.site_file


def test_a_build_after_builds_assembled_in_a_spare_in_the_same_process_publishes_its_own_site(
    content: Path, tmp_path: Path
) -> None:
    """The folder a build assembled its site in (its spare) belongs to that
    build alone: the next build in the process, elsewhere and without a
    cache, publishes the site it built, and the first site keeps its spare."""
    publication, _ = load_and_validate(content)
    assert publication is not None
    first, cache = tmp_path / "first", tmp_path / "cache"
    for _ in range(2):  # the second is assembled in the spare the first left
        build_site(publication, content, first, DEFAULT_CONFIG, StageTimes(), cache=cache)
    spare = snapshot(spare_path(first))
    other = tmp_path / "other"
    build_site(publication, content, other, DEFAULT_CONFIG, StageTimes())
    # Pagefind's files differ between two runs on the same records.
    assert _pages(other) == _pages(first)
    assert snapshot(spare_path(first)) == spare


def _pages(site: Path) -> dict[str, str]:
    return {k: v for k, v in snapshot(site).items() if not k.startswith("pagefind/")}


def test_a_config_loaded_after_a_build_in_the_same_process_reads_its_own_content(
    content: Path, tmp_path: Path
) -> None:
    """MkDocs keeps one plugin instance per process: what one build was
    handed (its content, its content folder) must not be built again."""
    sample = tmp_path / "sample"
    shutil.copytree(SAMPLE, sample)
    publication, _ = load_and_validate(sample)
    assert publication is not None
    build_site(publication, sample, tmp_path / "sample-site", DEFAULT_CONFIG, StageTimes())
    plugin, _ = _plugin(content, tmp_path / "site", "build")
    assert plugin._catalog is not None
    expected, _ = load_and_validate(content)
    assert expected is not None
    assert set(plugin._catalog.issues) == {issue.key for issue in expected.issues}
    assert plugin.content_dir is None
