"""The machine-readable archive in the built site: the catalogue matches the
files on disk, every file is valid against the schema it names, and a
publish writes only the new issue's file and the catalogue, linking the rest
from the cache (the same inodes as in the site before)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.build import datafiles
from generator.build.engine import build_site
from generator.build.timing import StageTimes
from generator.content.model import Issue
from generator.content.pipeline import load_and_validate
from generator.site import opendata
from generator.site.catalog import AUDIENCES, Audience, Catalog, build_catalog
from tests.helpers import REPO, SAMPLE, write


def _build(content: Path, site: Path, config: Path, audience: Audience = "intranet") -> Catalog:
    publication, problems = load_and_validate(content)
    assert publication is not None and not problems.errors, problems
    cache = site.parent / f"cache-{audience}"
    build_site(publication, content, site, config, StageTimes(), audience, cache=cache)
    return build_catalog(publication, audience)


@pytest.fixture(scope="module", params=AUDIENCES)
def edition(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Catalog, Path]:
    root = tmp_path_factory.mktemp(f"data-{request.param}")
    config = root / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("  - kanwu:\n", "  - kanwu:\n      search: false\n"), "utf-8")
    site = root / "site"
    return _build(SAMPLE, site, config, request.param), site


def _json(path: Path) -> Any:
    return json.loads(path.read_bytes())


def test_the_catalogue_lists_every_issue_page_once_with_its_files_size_and_checksum(
    edition: tuple[Catalog, Path],
) -> None:
    catalog, site = edition
    listing = _json(site / opendata.CATALOG_FILE)
    assert listing["edition"] == catalog.audience
    entries = listing["issues"]
    pages = sorted(
        f"{p.parent.relative_to(site).as_posix()}/"
        for series in catalog.series
        for p in site.glob(f"{series}/*/*/index.html")
    )
    assert pages and sorted(e["url"] for e in entries) == pages
    assert len({e["id"] for e in entries}) == len(entries)
    for entry in entries:
        data = (site / entry["file"]).read_bytes()
        assert entry["bytes"] == len(data), entry["file"]
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), entry["file"]
    published = sorted(p.relative_to(site).as_posix() for p in (site / "data").rglob("*.json"))
    expected = [opendata.CATALOG_FILE, opendata.CATALOG_SCHEMA, opendata.ISSUE_SCHEMA]
    assert published == sorted(expected + [e["file"] for e in entries])


def test_every_file_is_valid_against_the_published_schema_it_names(
    edition: tuple[Catalog, Path],
) -> None:
    _, site = edition
    files = list((site / "data").rglob("*.json"))
    checked = 0
    for path in files:
        if path.parent.name == "schema":
            continue
        data = _json(path)
        schema = (path.parent / data["$schema"]).resolve()
        assert schema.parent == (site / opendata.SCHEMA_DIR).resolve(), path
        jsonschema.Draft202012Validator(_json(schema)).validate(data)
        checked += 1
    assert checked == len(_json(site / opendata.CATALOG_FILE)["issues"]) + 1


def _inodes(site: Path) -> dict[str, int]:
    return {
        p.relative_to(site).as_posix(): p.stat().st_ino
        for p in (site / "data").rglob("*")
        if p.is_file()
    }


def _publish_issue(content: Path) -> str:
    """A new issue of 每日快报 after the last, naming no other report."""
    year = content / "kuaibao" / "2026"
    number = max(int(p.name) for p in year.iterdir()) + 1
    folder = f"kuaibao/2026/{number:03d}"
    write(content, f"{folder}/index.md", "---\ndate: 2026-11-30\n---\n")
    write(content, f"{folder}/01.md", "---\ntitle: 新一期示例稿件\nunit: jiaxian\n---\n正文。\n")
    return folder


def test_a_publish_writes_only_the_new_issues_file_and_the_catalogue(
    workspace: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, config = workspace
    site = tmp_path / "site"
    made: list[str] = []
    making = datafiles.issue_bytes

    def counted(catalog: Catalog, issue: Issue) -> bytes:
        made.append(issue.key)
        return making(catalog, issue)

    monkeypatch.setattr(datafiles, "issue_bytes", counted)
    _build(content, site, config)
    first = _inodes(site)
    assert len(first) > 40 and len(made) == len(first) - 3

    made.clear()
    _build(content, site, config)
    assert _inodes(site) == first, "an unchanged archive rewrote files of data/"
    assert made == [], "an unchanged archive made issue files again"

    made.clear()
    folder = _publish_issue(content)
    catalog = _build(content, site, config)
    after = _inodes(site)
    rewritten = {path for path, inode in after.items() if first.get(path) != inode}
    assert rewritten == {f"data/{folder}.json", opendata.CATALOG_FILE}
    assert first.keys() <= after.keys()
    assert folder in made and len(made) <= 2  # the new issue, and the one its page now links
    # What was linked from the cache is what a build without one writes.
    fresh = opendata.data_files(catalog)
    assert {p: (site / p).read_bytes() for p in after} == fresh
