"""The search index is one Pagefind bundle per year, and one for the newest
month; a build takes over the bundles of the previous site whose records did
not change, and indexes only the others."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from benchmarks.corpus import append_issue, generate
from generator.build import index as index_module
from generator.build.index import (
    DIGEST_FILE,
    INDEX_DIR,
    SHARDS_FILE,
    Entry,
    Index,
    Indexing,
    Made,
    entries,
    write_index,
)
from generator.build.terms import FOLDER as TERMS
from generator.build.trees import place
from generator.content.pipeline import load_and_validate
from generator.site.bodies import render_bodies
from generator.site.catalog import build_catalog
from generator.site.render import PageRenderer
from generator.site.search import SearchRecord, search_records

ISSUES_PER_YEAR = {"kuaibao": 4, "yaoqing": 1, "pishi": 1, "shangbao": 2, "jiaoliu": 1}
# The corpus's newest issue is of September 2026: that month has its own bundle.
MONTH = "2026-09"
YEARS = ["2026", "2025", "2024"]
SHARDS = [MONTH, *YEARS]


def index(content: Path, site: Path, previous: Path | None = None, jobs: int = 2) -> Index:
    """Index ``content`` into ``site`` as the plugin does after a build."""
    publication, problems = load_and_validate(content)
    assert publication is not None, problems
    catalog = build_catalog(publication)
    records = search_records(catalog, render_bodies(catalog, content))
    render: Callable[[SearchRecord], str] = PageRenderer(catalog).search_record
    return write_index(entries(records, render), site, previous, jobs)


def files(site: Path) -> dict[str, tuple[int, bytes]]:
    """Each file of the index's bundles: its inode and bytes; and the list of
    bundles (written anew by every build) by its bytes only."""
    root = site / INDEX_DIR
    found = {
        p.relative_to(root).as_posix(): (p.stat().st_ino, p.read_bytes())
        for p in root.rglob("*")
        if p.is_file()
    }
    return {**found, SHARDS_FILE: (0, found[SHARDS_FILE][1])}


def of_shard(found: dict[str, tuple[int, bytes]], shard: str) -> dict[str, tuple[int, bytes]]:
    return {k: v for k, v in found.items() if k.startswith(f"{shard}/")}


def reused(result: Index) -> dict[str, bool]:
    return {s.name: s.reused for s in result.shards}


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A three-year archive and its first site index: (content, site)."""
    root = tmp_path_factory.mktemp("shards")
    corpus = generate(root / "content", years=3, issues_per_year=ISSUES_PER_YEAR, seed=3)
    result = index(corpus.root, root / "site")
    assert [s.name for s in result.shards] == SHARDS
    assert not any(reused(result).values())
    return corpus.root, root / "site"


def test_every_year_and_the_newest_month_have_a_bundle_listed_newest_first(
    first: tuple[Path, Path],
) -> None:
    content, site = first
    listed = json.loads((site / INDEX_DIR / SHARDS_FILE).read_text(encoding="utf-8"))
    assert listed["shards"] == SHARDS
    counts = {}
    for shard in SHARDS:
        entry = json.loads((site / INDEX_DIR / shard / "pagefind-entry.json").read_bytes())
        counts[shard] = entry["languages"]["en"]["page_count"]
    # Every issue is in exactly one bundle: those of the newest month in its own.
    dates = [_date(p) for p in content.glob("*/*/*/index.md")]
    assert sum(counts.values()) == len(dates)
    assert counts[MONTH] == sum(d.strftime("%Y-%m") == MONTH for d in dates) > 0


def _date(index_md: Path) -> dt.date:
    found = re.search(r"^date: (\S+)$", index_md.read_text(encoding="utf-8"), re.MULTILINE)
    assert found
    return dt.date.fromisoformat(found.group(1))


def _with_a_new_issue(content: Path, tmp_path: Path) -> tuple[Path, str]:
    """A copy of ``content`` with the day's new issue: the copy and its folder."""
    changed = tmp_path / "content"
    shutil.copytree(content, changed)
    return changed, append_issue(changed).folder


def with_text_in_year(content: Path, tmp_path: Path, year: str, text: str) -> Path:
    """A copy of ``content`` with ``text`` added to a report of ``year``."""
    changed = tmp_path / "content"
    shutil.copytree(content, changed)
    report = next((changed / f"kuaibao/{year}").rglob("0*.md"))
    report.write_text(report.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")
    return changed


def test_a_new_issue_of_the_newest_month_reindexes_only_that_month(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    content, site = first
    changed, _ = _with_a_new_issue(content, tmp_path)
    again = index(changed, tmp_path / "site", previous=site)
    assert reused(again) == {MONTH: False, **dict.fromkeys(YEARS, True)}
    before, after = files(site), files(tmp_path / "site")
    for year in YEARS:
        assert of_shard(after, year) == of_shard(before, year)


def test_a_new_month_moves_the_last_one_into_its_year(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    content, site = first
    changed, folder = _with_a_new_issue(content, tmp_path)
    issue = changed / folder / "index.md"
    day = _date(issue)
    issue.write_text(
        issue.read_text(encoding="utf-8").replace(f"date: {day}", "date: 2026-10-08"),
        encoding="utf-8",
    )
    again = index(changed, tmp_path / "site", previous=site)
    assert reused(again) == {"2026-10": False, "2026": False, "2025": True, "2024": True}
    entry = json.loads((tmp_path / "site" / INDEX_DIR / "2026-10/pagefind-entry.json").read_bytes())
    assert entry["languages"]["en"]["page_count"] == 1
    assert not (tmp_path / "site" / INDEX_DIR / MONTH).exists()


def test_a_build_with_unchanged_content_runs_no_pagefind(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    content, site = first
    again = index(content, tmp_path / "site", previous=site)
    assert reused(again) == dict.fromkeys(SHARDS, True)
    assert all(s.seconds == 0 for s in again.shards)
    # The very same files: linked from the previous site, not written anew.
    assert files(tmp_path / "site") == files(site)


def test_a_change_in_one_year_reindexes_only_that_year(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    content, site = first
    changed = with_text_in_year(content, tmp_path, "2025", "新增一段文字。")
    again = index(changed, tmp_path / "site", previous=site)
    assert reused(again) == {MONTH: True, "2026": True, "2025": False, "2024": True}
    before, after = files(site), files(tmp_path / "site")
    for year in (MONTH, "2026", "2024"):
        assert of_shard(after, year) == of_shard(before, year)
    digest = f"2025/{DIGEST_FILE}"
    assert after[digest][1] != before[digest][1]
    assert after[digest][0] != before[digest][0]


@pytest.mark.parametrize(
    "damage",
    ["garbage", "empty", "other digest", "a bundle file missing", "digest file missing"],
)
def test_a_damaged_bundle_of_the_previous_site_is_indexed_afresh(
    first: tuple[Path, Path], tmp_path: Path, damage: str
) -> None:
    content, site = first
    previous = tmp_path / "previous"
    shutil.copytree(site, previous)
    bundle = previous / INDEX_DIR / "2024"
    digest = bundle / DIGEST_FILE
    if damage == "garbage":
        digest.write_bytes(b"\x00{not json")
    elif damage == "empty":
        digest.write_text("", encoding="utf-8")
    elif damage == "other digest":
        saved = json.loads(digest.read_text(encoding="utf-8"))
        digest.write_text(json.dumps({**saved, "digest": "0" * 64}), encoding="utf-8")
    elif damage == "a bundle file missing":
        next((bundle / "fragment").iterdir()).unlink()
    else:
        digest.unlink()
    again = index(content, tmp_path / "site", previous=previous)
    assert reused(again) == {MONTH: True, "2026": True, "2025": True, "2024": False}
    rebuilt = tmp_path / "site" / INDEX_DIR / "2024"
    saved = json.loads((rebuilt / DIGEST_FILE).read_text(encoding="utf-8"))
    assert all((rebuilt / name).stat().st_size == size for name, size in saved["files"].items())
    assert (rebuilt / "pagefind-entry.json").is_file()


def test_reindexing_in_place_keeps_the_unchanged_bundles(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    content, site = first
    own = tmp_path / "site"
    shutil.copytree(site, own, copy_function=os.link)
    again = index(content, own, previous=own, jobs=1)
    assert reused(again) == dict.fromkeys(SHARDS, True)
    assert files(own) == files(site)
    assert not [p.name for p in own.iterdir() if p.name.startswith(".")]  # no scratch left


def test_an_index_launched_early_and_abandoned_leaves_nothing_running_or_written(
    first: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that fails after starting Pagefind (launch) stops it and
    removes its records and its unfinished bundles; the site keeps its index.
    (A Pagefind that takes its time: the real one may be done before it is
    looked for.)"""
    slow = tmp_path / "slow-pagefind"
    slow.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(60)\n", encoding="utf-8")
    slow.chmod(0o755)
    monkeypatch.setattr(index_module, "_pagefind_binary", lambda: str(slow))
    content, site = first
    records, render = _records_with_a_new_issue(content, tmp_path)
    out = tmp_path / "site"
    shutil.copytree(site, out)
    before = files(out)
    scratch_before = set(Path(tempfile.gettempdir()).glob("kanwu-index-*"))

    run = Indexing(entries(records, render), out, previous=site)
    assert 0 < run.anew < len(records)  # the new issue's month alone
    run.launch()
    # Pagefind runs while the build goes on (its command line shows once it has started).
    deadline = time.monotonic() + 10
    while not _pagefind_into(out) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _pagefind_into(out)
    run.close()

    assert not _pagefind_into(out)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in site.iterdir())
    assert files(out) == before
    assert set(Path(tempfile.gettempdir()).glob("kanwu-index-*")) == scratch_before


def _pagefind_into(site: Path) -> list[int]:
    """The processes running Pagefind with their output in ``site``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(part.startswith(os.fsencode(site)) for part in command[1:]):
            found.append(int(proc.name))
    return found


def test_the_folders_taken_over_can_be_left_for_the_build_to_place(
    first: tuple[Path, Path], tmp_path: Path
) -> None:
    """With ``take_over=False`` the unchanged bundles and term lists are not
    linked into the index but listed, file by file, for the build to place
    with its unchanged pages: placed, they are the very files taken over."""
    content, site = first
    records, render = _records_with_a_new_issue(content, tmp_path)

    whole = Indexing(entries(records, render), tmp_path / "whole", previous=site).finish()
    left = Indexing(entries(records, render), tmp_path / "left", previous=site)
    index = left.finish(take_over=False)

    assert index.taken_over == {*YEARS, TERMS}
    assert not any((index.path / name).exists() for name in index.taken_over)
    place(tmp_path / "left", index.linked)
    placed, expected = files(tmp_path / "left"), files(tmp_path / "whole")
    for name in index.taken_over:
        assert of_shard(placed, name) == of_shard(expected, name) == of_shard(files(site), name)
    assert placed[SHARDS_FILE] == expected[SHARDS_FILE]
    assert reused(whole) == reused(index) == {MONTH: False, **dict.fromkeys(YEARS, True)}


def _records_with_a_new_issue(
    content: Path, tmp_path: Path
) -> tuple[list[SearchRecord], Callable[[SearchRecord], str]]:
    """The search records of ``content`` with the day's new issue, and how
    each is rendered for Pagefind."""
    changed, _ = _with_a_new_issue(content, tmp_path)
    publication, problems = load_and_validate(changed)
    assert publication is not None, problems
    catalog = build_catalog(publication)
    records = list(search_records(catalog, render_bodies(catalog, changed)))
    return records, PageRenderer(catalog).search_record


def _counted(found: Iterable[Entry], made: list[str]) -> list[Entry]:
    """``found``, each entry noting in ``made`` when its record is made."""

    def making(entry: Entry) -> Callable[[], Made]:
        def make() -> Made:
            made.append(entry.url)
            return entry.made()

        return make

    return [dataclasses.replace(entry, made=making(entry)) for entry in found]


def test_records_made_by_the_last_build_are_not_made_again(
    first: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A publish re-indexes its month: the records the previous build made
    (all but the new issue's) come from the memo, Pagefind is given the same
    records, and a damaged memo only means making them again."""
    content, site = first
    records, render = _records_with_a_new_issue(content, tmp_path)
    month = [r for r in records if r.shard == MONTH]
    memo = tmp_path / "records.json"
    given: list[dict[str, str]] = []  # each run: the records Pagefind was given
    write = index_module._write_records

    def writing(*args: Any) -> list[str]:
        words = write(*args)
        scratch = args[1]
        given.append(
            {p.relative_to(scratch).as_posix(): p.read_text() for p in scratch.rglob("*.html")}
        )
        return words

    monkeypatch.setattr(index_module, "_write_records", writing)
    made: list[str] = []
    for run in ("one", "two", "three"):
        out = tmp_path / run
        shutil.copytree(site, out)
        if run == "three":
            text = memo.read_text(encoding="utf-8")
            memo.write_text(text.replace("<", "《", 1), encoding="utf-8")
        made.clear()
        Indexing(_counted(entries(records, render), made), out, previous=site, memo=memo).finish()
        expected = {"one": len(month), "two": 0, "three": 1}[run]  # the altered one is made again
        assert len(made) == expected, run
    assert len(given) == 3 and len(given[0]) == len(month)
    assert given[1] == given[0] and given[2] == given[0]
