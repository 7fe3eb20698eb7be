"""What ``kanwu build`` may replace, and what it cleans up after a killed build."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.build import output as output_module
from generator.build.output import (
    MARKER,
    OutputRefused,
    clear_leftovers,
    is_site,
    publish,
    staging_folder,
)
from tests.helpers import built_site, edit, snapshot, write

REPORT = "kuaibao/2026/001/01.md"


def _title(content: Path) -> str:
    """The first report's title line, to tell two builds of a site apart."""
    return next(
        line
        for line in (content / REPORT).read_text(encoding="utf-8").splitlines()
        if line.startswith("title:")
    )


def _absent(root: Path) -> Path:
    return root / "out"


def _absent_nested(root: Path) -> Path:
    return root / "a" / "b" / "out"


def _empty(root: Path) -> Path:
    (root / "out").mkdir()
    return root / "out"


def _symlink_to_empty(root: Path) -> Path:
    (root / "real").mkdir()
    (root / "out").symlink_to(root / "real")
    return root / "out"


# Where a build may create a site: nothing lost, so nothing to refuse.
FREE = [("absent", _absent), ("absent, parents too", _absent_nested), ("empty", _empty)]
FREE += [("a symlink to an empty folder", _symlink_to_empty)]


@pytest.mark.parametrize("make", [f[1] for f in FREE], ids=[f[0] for f in FREE])
def test_build_into_an_absent_or_empty_output_makes_a_marked_site(
    content: Path, tmp_path: Path, make: Callable[[Path], Path]
) -> None:
    world = tmp_path / "world"
    world.mkdir()
    output = make(world)
    built_site(content, output)
    assert is_site(output) and (output / "index.html").is_file()
    assert not list(output.resolve().parent.glob(".*building*")), "a staging folder was left"


def test_a_symlinked_output_stays_a_symlink(content: Path, tmp_path: Path) -> None:
    output = _symlink_to_empty(tmp_path)
    built_site(content, output)
    built_site(content, output)
    assert output.is_symlink() and is_site(tmp_path / "real")


def test_a_marked_site_is_replaced_not_merged(content: Path, tmp_path: Path) -> None:
    output = built_site(content, tmp_path / "out")
    write(output, "stale/index.html", "<p>上次留下的页面</p>")
    edit(content, REPORT, _title(content), "title: 甲县委办公室新标题")
    built_site(content, output)
    assert not (output / "stale").exists()
    assert "甲县委办公室新标题" in (output / "kuaibao/2026/001/index.html").read_text("utf-8")
    assert is_site(output)


def test_the_site_folder_is_readable_by_the_web_server(content: Path, tmp_path: Path) -> None:
    """Not private like a temporary folder: the web server's user must read it."""
    reference = tmp_path / "made-by-mkdir"
    reference.mkdir()
    output = built_site(content, tmp_path / "out")
    assert output.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777


def test_the_marker_tells_only_who_made_the_site(content: Path, tmp_path: Path) -> None:
    """It is published with the site: no paths, user names or host names in it."""
    output = built_site(content, tmp_path / "out")
    text = (output / MARKER).read_text(encoding="utf-8")
    assert str(tmp_path) not in text and os.uname().nodename not in text
    assert '"generator": "kanwu"' in text
    assert not any(MARKER in p.read_text("utf-8") for p in output.rglob("*.html"))


def _killed_staging(root: Path) -> None:
    write(root, ".out.building-a1b2/.kanwu-site", '{"generator": "kanwu"}\n')
    write(root, ".out.building-a1b2/index.html", "<p>半成品</p>")


def _killed_before_marker(root: Path) -> None:
    (root / ".out.building-c3d4").mkdir()


def _killed_while_deleting(root: Path) -> None:
    write(root, ".out.building-e5f6/.kanwu-site", '{"generator": "kanwu"}\n')


def _not_marked(root: Path) -> None:
    write(root, ".out.building-g7h8/报告.docx", b"PK")


def _another_outputs(root: Path) -> None:
    write(root, ".other.building-i9j0/.kanwu-site", '{"generator": "kanwu"}\n')


def _unrelated_name(root: Path) -> None:
    write(root, ".out.old/.kanwu-site", '{"generator": "kanwu"}\n')
    write(root, "out.building-k1/.kanwu-site", '{"generator": "kanwu"}\n')


def _symlink_named_like_staging(root: Path) -> None:
    write(root, "keep/.kanwu-site", '{"generator": "kanwu"}\n')
    write(root, "keep/index.html", "<p>保留</p>")
    (root / ".out.building-l2").symlink_to(root / "keep")


def _a_file_named_like_staging(root: Path) -> None:
    write(root, ".out.building-m3", "一个文件")


# (what a killed build or someone else left beside the output, whether the next build removes it)
LEFTOVERS: list[tuple[str, Callable[[Path], None], bool]] = [
    ("a killed build's staging folder", _killed_staging, True),
    ("a staging folder killed before its marker", _killed_before_marker, True),
    ("an old site whose deletion was cut short", _killed_while_deleting, True),
    ("a folder named like staging without marker", _not_marked, False),
    ("another output's staging folder", _another_outputs, False),
    ("marked folders with other names", _unrelated_name, False),
    ("a symlink named like staging", _symlink_named_like_staging, False),
    ("a file named like staging", _a_file_named_like_staging, False),
]


def _world(tmp_path: Path) -> Path:
    """A folder holding a marked site ``out``, as a previous build left it."""
    world = tmp_path / "world"
    write(world, f"out/{MARKER}", '{"generator": "kanwu"}\n')
    return world


def _beside_output(world: Path) -> dict[str, str]:
    return {k: v for k, v in snapshot(world).items() if not k.startswith("out/")}


@pytest.mark.parametrize(
    ("leave", "removed"), [c[1:] for c in LEFTOVERS], ids=[c[0] for c in LEFTOVERS]
)
def test_only_leftovers_of_this_outputs_builds_are_cleared(
    tmp_path: Path, leave: Callable[[Path], None], removed: bool
) -> None:
    world = _world(tmp_path)
    leave(world)
    left, before = {p.name for p in world.iterdir()}, _beside_output(world)
    clear_leftovers(world / "out")
    now = {p.name for p in world.iterdir()}
    if removed:
        assert now == {"out"}
    else:
        assert now == left and _beside_output(world) == before


def test_the_next_build_clears_a_killed_builds_leftovers(content: Path, tmp_path: Path) -> None:
    world = _world(tmp_path)
    for _, leave, _ in LEFTOVERS:
        leave(world)
    cleared = {".out.building-a1b2", ".out.building-c3d4", ".out.building-e5f6"}
    kept = {p.name for p in world.iterdir()} - cleared
    built_site(content, world / "out")
    # Beside them now: the cache, and the replaced site kept as a spare.
    assert {p.name for p in world.iterdir()} - {".kanwu-cache", ".out.spare"} == kept


def test_a_running_builds_staging_folder_is_left_alone(tmp_path: Path) -> None:
    """A concurrent build holds a lock on its staging folder; clearing it would let
    that build publish a half-built site."""
    world = _world(tmp_path)
    with staging_folder(world / "out") as running:
        write(running, "index.html", "<p>正在生成</p>")
        assert clear_leftovers(world / "out") == []
        assert (running / "index.html").is_file() and is_site(running)
    assert not running.exists()


def _exchange_unavailable(a: Path, b: Path) -> bool:
    return False


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two renames"])
def test_publish_replaces_a_site_with_or_without_rename_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    if not exchange:
        monkeypatch.setattr(output_module, "_exchange", _exchange_unavailable)
    output = tmp_path / "out"
    for text in ("<p>旧</p>", "<p>新</p>"):
        with staging_folder(output) as staging:
            write(staging, "index.html", text)
            publish(staging, output)
    assert (output / "index.html").read_text("utf-8") == "<p>新</p>" and is_site(output)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_publish_swaps_atomically_where_the_kernel_can(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On this Linux file system the swap is one renameat2 call: no plain rename of the
    output ever happens, so there is no moment without a site."""
    output = tmp_path / "out"
    with staging_folder(output) as staging:
        publish(staging, output)

    def no_rename(self: Path, target: Path) -> Path:
        raise AssertionError(f"{self} renamed to {target}: the output had a gap")

    monkeypatch.setattr(Path, "rename", no_rename)
    with staging_folder(output) as staging:
        write(staging, "index.html", "<p>新</p>")
        publish(staging, output)
    assert (output / "index.html").is_file()


def test_a_leftover_of_another_user_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = _world(tmp_path)
    _killed_staging(world)
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(world).st_uid + 1)
    assert clear_leftovers(world / "out") == []
    assert (world / ".out.building-a1b2/index.html").is_file()


def _filled(output: Path) -> None:
    write(output, "笔记.txt", "有人在生成期间放进来的文件")


def _became_symlink(output: Path) -> None:
    write(output.parent, f"elsewhere/{MARKER}", '{"generator": "kanwu"}\n')
    write(output.parent, "elsewhere/index.html", "<p>别处的站点</p>")
    output.rmdir()
    output.symlink_to(output.parent / "elsewhere")


def _became_file(output: Path) -> None:
    output.rmdir()
    output.write_text("一个文件", encoding="utf-8")


# What happened to an (empty) output while the site was being built.
CHANGED = [("filled", _filled), ("became a symlink", _became_symlink)]
CHANGED += [("became a file", _became_file)]


@pytest.mark.parametrize("change", [c[1] for c in CHANGED], ids=[c[0] for c in CHANGED])
def test_an_output_changed_during_the_build_is_not_replaced(
    tmp_path: Path, change: Callable[[Path], None]
) -> None:
    output = tmp_path / "out"
    output.mkdir()
    with staging_folder(output) as staging:
        change(output)
        before = snapshot(tmp_path)
        with pytest.raises(OutputRefused, match="在生成期间被改动"):
            publish(staging, output)
        assert snapshot(tmp_path) == before
