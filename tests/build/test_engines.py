"""Both engines, MkDocs 1.6.1 and ProperDocs (its maintained fork), build the
same site from the same content, through ``kanwu build`` and through their
own ``build`` commands; and a run asked to use one uses it.

`make test` runs the tests marked ``engine`` (these among them) a second
time with ``KANWU_ENGINE=properdocs`` (see the Makefile)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import DEFAULT_ENGINE, ENGINE, ENGINES
from tests.helpers import REPO, SAMPLE, kanwu
from tests.sites import differing_files, search_records

# Run again on ProperDocs by make test (README「站点引擎」).
pytestmark = pytest.mark.engine

BIN = Path(sys.executable).parent
# The one line that names the engine: <meta name="generator" content="mkdocs-1.6.1, …">.
SITE = ("--site-url", "http://xinxi.example.invalid/xinxi/")
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_the_engine_asked_for_is_the_engine_that_runs() -> None:
    asked = os.environ.get("KANWU_ENGINE", DEFAULT_ENGINE)
    assert asked in ENGINES
    assert asked == ENGINE
    assert Path(sys.modules["mkdocs"].__file__ or "").parent.name == asked


def test_an_engine_kanwu_does_not_know_is_a_usage_error() -> None:
    result = kanwu("check", "--content", SAMPLE, env={"KANWU_ENGINE": "zensical"})
    assert result.returncode == 2
    assert "环境变量 KANWU_ENGINE 的值「zensical」无效（可选：mkdocs、properdocs）" in result.stderr


def _with_engine(engine: str) -> dict[str, str]:
    return {**os.environ, "KANWU_ENGINE": engine}


def _engines_pages(site: Path) -> dict[str, int]:
    """How many pages name each engine in their generator tag."""
    counts: dict[str, int] = {}
    for page in site.rglob("*.html"):
        for tag in GENERATOR.findall(page.read_bytes()):
            name = "properdocs" if b"ProperDocs" in tag else "mkdocs"
            counts[name] = counts.get(name, 0) + 1
    return counts


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample built by `kanwu build` under each engine, with a site
    address (so the sitemap and absolute feed links are built too)."""
    root = tmp_path_factory.mktemp("engines")
    built = {}
    for engine in ENGINES:
        site = root / engine
        result = subprocess.run(
            [BIN / "kanwu", "build", "--content", SAMPLE, "--output", site, "--no-cache", *SITE],
            cwd=REPO,
            env=_with_engine(engine),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
        built[engine] = site
    return built


def test_kanwu_build_gives_the_same_site_on_both_engines(sites: dict[str, Path]) -> None:
    mkdocs, properdocs = sites["mkdocs"], sites["properdocs"]
    pages = _engines_pages(mkdocs)
    # Each really ran: every page names its engine, and only that one.
    assert set(pages) == {"mkdocs"} and pages["mkdocs"] > 100
    assert _engines_pages(properdocs) == {"properdocs": pages["mkdocs"]}
    assert differing_files(mkdocs, properdocs, ignore=GENERATOR) == []
    records = search_records(mkdocs)
    assert len(records) > 40  # one per issue of the sample
    assert search_records(properdocs) == records


def test_each_engines_own_build_command_gives_the_same_site(
    sites: dict[str, Path], tmp_path: Path
) -> None:
    """`mkdocs build` and `properdocs build` on the repository's mkdocs.yml,
    which names the content folder (the plugin loads under each)."""
    for engine in ENGINES:
        result = subprocess.run(
            [BIN / engine, "build", "-q", "-d", tmp_path / engine],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
    assert _engines_pages(tmp_path / "properdocs").keys() == {"properdocs"}
    assert differing_files(tmp_path / "mkdocs", tmp_path / "properdocs", ignore=GENERATOR) == []
    # And the same as kanwu build's (but for the site address given to it).
    assert (tmp_path / "mkdocs" / "kuaibao/index.html").is_file()
    assert search_records(tmp_path / "mkdocs").keys() == search_records(sites["mkdocs"]).keys()
