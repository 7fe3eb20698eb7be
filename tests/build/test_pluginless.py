"""An engine that reads mkdocs.yml but skips the kanwu plugin (another MkDocs
fork, Zensical, MkDocs without kanwu installed) publishes nothing of the
content: MkDocs' docs_dir is a folder kept empty, and the plugin reads the
content folder itself (``plugins: kanwu: content``)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.build import ENGINES
from generator.content.load import load
from tests.helpers import REPO, SAMPLE

# Run again on ProperDocs by make test (README「站点引擎」).
pytestmark = pytest.mark.engine


def _config_without_kanwu(tmp_path: Path) -> Path:
    """The repository's mkdocs.yml as an engine that ignores unknown plugins
    reads it: the same file, with the kanwu plugin's entry taken out."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    kept, skipping = [], False
    for line in text.splitlines():
        if line == "  - kanwu:":
            skipping = True
            continue
        if skipping and line.startswith("      "):
            continue
        skipping = False
        kept.append(line)
    config = tmp_path / "mkdocs.yml"
    config.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return config


def test_the_docs_folder_mkdocs_yml_names_holds_no_file_but_its_placeholder() -> None:
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    docs = REPO / re.search(r"^docs_dir: (\S+)$", text, re.MULTILINE)[1]  # type: ignore[index]
    assert docs.resolve() != SAMPLE.resolve()
    assert [p.name for p in docs.rglob("*")] == [".gitkeep"]
    assert (docs / ".gitkeep").stat().st_size == 0


@pytest.mark.parametrize("engine", ENGINES)
def test_a_build_that_skips_the_plugin_publishes_nothing_of_the_content(
    tmp_path: Path, engine: str
) -> None:
    # The repository as an office has it: mkdocs.yml beside content/.
    work = tmp_path / "journal"
    shutil.copytree(SAMPLE, work / "content")
    shutil.copytree(REPO / "empty-docs", work / "empty-docs")
    config = _config_without_kanwu(work)
    settings = yaml.safe_load(config.read_text(encoding="utf-8").replace("!ENV", ""))
    assert not settings["plugins"]
    site = tmp_path / "site"
    result = subprocess.run(
        [Path(sys.executable).parent / engine, "build", "-q", "-f", config, "-d", site],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    published = [p for p in site.rglob("*") if p.is_file()]
    assert published, "the engine built a site"
    # No file of the content, by name or by bytes (reports, YAML, ledger, images).
    content = {p.read_bytes() for p in (work / "content").rglob("*") if p.is_file()}
    assert not [p for p in published if p.suffix in {".md", ".yml", ".yaml"}]
    assert not [p for p in published if p.read_bytes() in content]
    # No text of any report: neither its title nor a phrase of its body.
    publication, _ = load(work / "content")
    assert publication is not None
    reports = [r for issue in publication.issues for r in issue.reports]
    assert len(reports) > 10
    phrases = [r.title for r in reports]
    phrases += [re.findall(r"[\u4e00-\u9fff]{8,}", r.body)[0][:8] for r in reports]
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in published)
    assert not [phrase for phrase in phrases if phrase in text]
