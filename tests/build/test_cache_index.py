"""The search index the cache keeps for the next build to take bundles over from."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build.cache import BuildCache
from generator.build.trees import files_under, link_or_copy, same_file


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[BuildCache]:
    with BuildCache(tmp_path / "cache", "salt") as opened:
        yield opened


def _write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def _first_site(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "site1" / "pagefind",
        {
            "shards.json": "1",
            "2025/kanwu-shard.json": "2025",
            "2025/pagefind-entry.json": "a",
            "2025/index/x.pf_index": "b",
            "2026/kanwu-shard.json": "2026",
            "2026/pagefind-entry.json": "c",
            "2026-11/kanwu-shard.json": "2026-11",
            "2026-11/pagefind-entry.json": "d",
            "2026-11/fragment/y.pf_fragment": "e",
            "terms/kanwu-shard.json": "2025+2026",
            "terms/000.bin": "t",
        },
    )


def _next_site(tmp_path: Path, kept: Path, *, taken_over: tuple[str, ...] = ("2025",)) -> Path:
    """The index of the next build: ``taken_over`` linked from the cache (as
    write_index does), 2026 indexed anew, 2026-11 gone, 2026-12 new; the term
    lists written anew unless taken over."""
    index = tmp_path / "site2" / "pagefind"
    index.mkdir(parents=True)
    for folder in taken_over:
        for path in files_under(kept / folder):
            (index / folder / path).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(kept / folder / path, index / folder / path)
    written = {
        "shards.json": "2",
        "2026/kanwu-shard.json": "2026 again",
        "2026/pagefind-entry.json": "c2",
        "2026/index/z.pf_index": "f",
        "2026-12/kanwu-shard.json": "2026-12",
        "2026-12/pagefind-entry.json": "g",
        "terms/kanwu-shard.json": "2025+2026 again",
        "terms/000.bin": "t2",
        "terms/001.bin": "u",
    }
    return _write(
        index,
        {path: text for path, text in written.items() if path.split("/")[0] not in taken_over},
    )


def _holds_the_very_files(kept: Path, index: Path) -> None:
    found, wanted = files_under(kept), files_under(index)
    assert sorted(found) == sorted(wanted)
    assert all(same_file(os.fspath(found[p]), os.fspath(wanted[p])) for p in wanted)
    left = {p.relative_to(kept).as_posix() for p in kept.rglob("*") if p.is_dir()}
    assert left == {p.relative_to(index).as_posix() for p in index.rglob("*") if p.is_dir()}


# The term lists are no bundle: they are kept anew when they were written
# anew (a bundle they cover changed), and stay when they were taken over.
@pytest.mark.parametrize(
    "taken_over", [("2025",), ("2025", "terms")], ids=["terms-new", "terms-kept"]
)
def test_the_kept_index_is_the_site_index_after_a_publish(
    cache: BuildCache, tmp_path: Path, taken_over: tuple[str, ...]
) -> None:
    first = _first_site(tmp_path)
    cache.keep_index(first)
    kept = cache.root / "index" / "pagefind"
    _holds_the_very_files(kept, first)

    index = _next_site(tmp_path, kept, taken_over=taken_over)
    cache.keep_index(index)

    _holds_the_very_files(kept, index)
    # What was taken over was not touched: the same inodes as before.
    for path in ("2025/index/x.pf_index", "terms/000.bin"):
        if path.split("/")[0] in taken_over:
            assert same_file(os.fspath(kept / path), os.fspath(first / path))


def test_a_stray_file_in_the_kept_index_goes(cache: BuildCache, tmp_path: Path) -> None:
    first = _first_site(tmp_path)
    cache.keep_index(first)
    kept = cache.root / "index" / "pagefind"
    (kept / "stray.txt").write_text("?", encoding="utf-8")
    (kept / "2027").mkdir()

    cache.keep_index(_next_site(tmp_path, kept))

    assert not (kept / "stray.txt").exists()
    assert not (kept / "2027").exists()
