"""The replaced site, kept beside the output for the next build to assemble in."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest

from generator.build import trees
from generator.build.output import MARKER
from generator.build.spare import retire, seed_spare, spare_path
from generator.build.trees import assemble
from tests.helpers import built_site, snapshot, write

REPORT = "kuaibao/2026/171/01.md"
TITLE = "title: "


def _files(root: Path) -> dict[str, os.stat_result]:
    return {
        p.relative_to(root).as_posix(): p.lstat()
        for p in root.rglob("*")
        if p.is_file() or p.is_symlink()
    }


def _retitle(content: Path, title: str) -> None:
    path = content / REPORT
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [f"{TITLE}{title}\n" if line.startswith(TITLE) else line for line in lines]
    path.write_text("".join(lines), encoding="utf-8")


def _build(content: Path, site: Path, config: Path, *options: str) -> Path:
    return built_site(content, site, "--config", config, "--cache", site.parent / "cache", *options)


def _builds(content: Path, site: Path, config: Path, *titles: str) -> None:
    """A build with the cache after giving the report each title in turn."""
    for title in titles:
        _retitle(content, title)
        _build(content, site, config)


def _spare_shares_only(site: Path, withdrawn: str) -> int:
    """Check that every file of the spare (but its marker) is the very file at
    the same place in the site, and that no page shows ``withdrawn``; how many."""
    spare, published = _files(spare_path(site)), _files(site)
    for path, info in spare.items():
        if path != MARKER:
            assert os.path.samestat(info, published[path]), path
    old = withdrawn.encode()
    assert not [p for p in spare_path(site).rglob("*.html") if old in p.read_bytes()]
    return len(spare)


def test_the_replaced_site_is_kept_holding_only_files_the_new_site_shares(
    workspace: tuple[Path, Path], tmp_path: Path
) -> None:
    content, config = workspace
    site = tmp_path / "site"
    _builds(content, site, config, "将被撤下的示例标题")
    # Nothing was replaced yet: the spare is made of the site's own files.
    assert _files(spare_path(site)).keys() == _files(site).keys()
    assert _spare_shares_only(site, "从未出现的标题") == len(_files(site))
    _builds(content, site, config, "更正后的示例标题")
    # Most of the site is kept (as the same files), none of what changed.
    assert _spare_shares_only(site, "将被撤下的示例标题") > len(_files(site)) // 2


def test_a_build_that_renders_most_pages_trims_the_spare_it_did_not_use(
    workspace: tuple[Path, Path], tmp_path: Path
) -> None:
    content, config = workspace
    site = tmp_path / "site"
    _builds(content, site, config, "第一次构建的示例标题", "将被撤下的示例标题")
    assert spare_path(site).is_dir()
    # Every page shows the journal's title: all are rendered again, in a fresh folder.
    journal = content / "journal.yml"
    journal.write_text(
        journal.read_text(encoding="utf-8").replace("title: 示例信息", "title: 示例信息（改版）"),
        encoding="utf-8",
    )
    _builds(content, site, config, "更正后的示例标题")
    _spare_shares_only(site, "将被撤下的示例标题")
    cold = built_site(content, tmp_path / "cold", "--config", config, "--no-cache")
    assert snapshot(site) == snapshot(cold)


def _tamper(spare: Path, outside: Path) -> None:
    """Everything a spare may have met: stray files and folders, a page
    rewritten in place, a page deleted, a folder turned into a symlink to a
    folder elsewhere, and a file where a folder was."""
    write(spare, "stray.html", "<p>多余的页面</p>")
    write(spare, "kuaibao/2099/001/index.html", "<p>多余的一期</p>")
    pages = sorted(spare.glob("kuaibao/2026/*/index.html"))
    victim = pages[0]
    victim.unlink()
    victim.write_text("<p>篡改</p>", encoding="utf-8")
    pages[1].unlink()
    linked_folder = pages[2].parent
    shutil.rmtree(linked_folder)
    linked_folder.symlink_to(outside, target_is_directory=True)
    shutil.rmtree(spare / "units")
    write(spare, "units", "不是目录")


def test_a_tampered_spare_builds_the_same_site_as_a_cold_build(
    workspace: tuple[Path, Path], tmp_path: Path
) -> None:
    content, config = workspace
    site, outside = tmp_path / "site", tmp_path / "outside"
    write(outside, "index.html", "<p>别处的文件</p>")
    _build(content, site, config)
    _builds(content, site, config, "第二次构建的示例标题")
    _tamper(spare_path(site), outside)
    _builds(content, site, config, "第三次构建的示例标题")
    cold = built_site(content, tmp_path / "cold", "--config", config, "--no-cache")
    assert snapshot(site) == snapshot(cold)
    assert snapshot(outside) == {"index.html": snapshot(outside)["index.html"]}
    assert (outside / "index.html").read_text(encoding="utf-8") == "<p>别处的文件</p>"


def test_a_build_without_the_cache_deletes_the_spare(
    workspace: tuple[Path, Path], tmp_path: Path
) -> None:
    content, config = workspace
    site = tmp_path / "site"
    _build(content, site, config)
    _build(content, site, config)
    assert spare_path(site).is_dir()
    built_site(content, site, "--config", config, "--no-cache")
    assert not spare_path(site).exists()


def test_a_folder_not_kanwus_at_the_spare_place_is_left_alone(
    workspace: tuple[Path, Path], tmp_path: Path
) -> None:
    content, config = workspace
    site = tmp_path / "site"
    write(spare_path(site), "notes.txt", "用户自己的文件")
    before = snapshot(spare_path(site))
    _builds(content, site, config, *(f"{n}构建的示例标题" for n in ("第一次", "第二次", "第三次")))
    assert snapshot(spare_path(site)) == before
    cold = built_site(content, tmp_path / "cold", "--config", config, "--no-cache")
    assert snapshot(site) == snapshot(cold)


def _tree(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        write(root, path, text)


@pytest.mark.parametrize(
    "before",
    [
        {},
        {"a/index.html": "旧", "b/c/index.html": "旧", "d.xml": "旧"},
        {"a": "一个文件占了目录的位置", "b/c/index.html/x": "一个目录占了文件的位置"},
        {"z/y/x/w.html": "多余", "a/index.html": "旧", MARKER: "旧标记"},
    ],
    ids=["empty", "old versions", "wrong kinds", "strays"],
)
def test_assembling_leaves_exactly_the_new_files(tmp_path: Path, before: dict[str, str]) -> None:
    into, staging, store = tmp_path / "into", tmp_path / "staging", tmp_path / "store"
    into.mkdir()
    _tree(into, before)
    new = {"a/index.html": "新", "d.xml": "新", MARKER: "标记", "e/f/g.js": "新"}
    _tree(staging, new)
    stored = {"b/c/index.html": "存", "a/b/index.html": "存"}
    _tree(store, stored)
    linked = {path: store / path for path in stored}
    if not before:  # one file already in place as the very file wanted
        (into / "b" / "c").mkdir(parents=True)
        os.link(store / "b/c/index.html", into / "b/c/index.html")
    assemble(into, staging, linked)
    expected = {**new, **stored}
    assert {p: (into / p).read_text(encoding="utf-8") for p in snapshot(into)} == expected
    assert not [p for p in into.rglob("*") if p.is_dir() and not any(p.iterdir())]
    for path in stored:
        assert os.path.samefile(into / path, store / path)


def test_retiring_keeps_only_the_files_the_new_site_shares(tmp_path: Path) -> None:
    output, old, store = tmp_path / "site", tmp_path / ".site.building-x", tmp_path / "store"
    _tree(store, {"kept.html": "不变", "other.html": "不变"})
    _tree(output, {MARKER: "新标记", "a/changed.html": "新"})
    _tree(old, {MARKER: "旧标记", "a/changed.html": "旧", "gone/index.html": "已撤下"})
    for root in (output, old):
        os.link(store / "kept.html", root / "kept.html")
    os.link(store / "other.html", old / "a" / "other.html")
    retire(output, old)
    spare = spare_path(output)
    assert not old.exists()
    assert sorted(snapshot(spare)) == [MARKER, "kept.html"]
    assert os.path.samefile(spare / "kept.html", output / "kept.html")


def test_assembly_cut_short_never_leaves_the_spare_without_its_marker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    into, staging = tmp_path / "into", tmp_path / "staging"
    _tree(into, {MARKER: "旧标记", "a/index.html": "旧"})
    _tree(staging, {MARKER: "新标记", "a/index.html": "新"})

    def killed(source: str, target: str) -> None:
        raise KeyboardInterrupt  # as if the build were stopped here

    with monkeypatch.context() as patched:
        patched.setattr(trees.os, "replace", killed)
        with pytest.raises(KeyboardInterrupt):
            assemble(into, staging, {})
    assert (into / MARKER).read_text(encoding="utf-8") == "旧标记"
    assemble(into, staging, {})  # the next build: exactly the new files, no leftovers
    assert snapshot(into) == snapshot(staging)


def test_a_site_that_replaced_none_gets_a_spare_of_its_own_files(tmp_path: Path) -> None:
    output = tmp_path / "site"
    _tree(output, {MARKER: "标记", "a/index.html": "页", "b/c/d.js": "脚本"})
    seed_spare(output)
    spare = spare_path(output)
    assert sorted(snapshot(spare)) == sorted(snapshot(output))
    for path in snapshot(output):
        assert os.path.samefile(spare / path, output / path)
    # A spare already there is the next build's business, not replaced.
    (spare / "a/index.html").unlink()
    seed_spare(output)
    assert not (spare / "a/index.html").exists()


def test_no_spare_is_made_where_files_cannot_be_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "site"
    _tree(output, {MARKER: "标记", "a/index.html": "页"})

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EPERM, "不能建立硬链接")

    monkeypatch.setattr(os, "link", refuse)
    seed_spare(output)
    # Neither a spare nor a copy of the site beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
