"""``kill -9`` at any moment of a real build leaves a complete site at the output path,
either exactly the old one or exactly the new one, and the next build cleans up."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from benchmarks.corpus import DEFAULT_ISSUES_PER_YEAR, generate
from generator.build.output import MARKER
from tests.helpers import KANWU, edit, snapshot

# Small enough for a build of a few seconds, with every kind of page.
ISSUES = {series: 20 if series == "kuaibao" else 2 for series in DEFAULT_ISSUES_PER_YEAR}
REPORT = "kuaibao/2026/001/01.md"
TIMED_KILLS = 16
Shape = tuple[dict[str, str], list[str]]


def _shape(site: Path) -> Shape:
    """The site's files and hashes; Pagefind names its index files by a hash that differs
    between builds of the same content, so of those only the folders and kinds count."""
    files = snapshot(site)
    exact = {k: v for k, v in files.items() if not k.startswith("pagefind/")}
    index = sorted(str(Path(k).parent / Path(k).suffix) for k in files if k not in exact)
    return exact, index


def _start(content: Path, output: Path) -> subprocess.Popen[bytes]:
    # A session of its own, so that the kill takes Pagefind's process with it, as
    # killing a CI job or a terminal does.
    # Its temporary folders, which no process can remove once killed, go
    # with the test's.
    scratch = output.parent / "tmp"
    scratch.mkdir(exist_ok=True)
    return subprocess.Popen(
        [KANWU, "build", "--content", str(content), "--output", str(output)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "TMPDIR": str(scratch)},
    )


def _kill(build: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):  # it may have finished
        os.killpg(build.pid, signal.SIGKILL)
    build.wait(timeout=60)


def _inode(path: Path) -> int:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return -1


def _wait_for(condition: Callable[[], bool], build: subprocess.Popen[bytes]) -> bool:
    while build.poll() is None:
        if condition():
            return True
        time.sleep(0.001)
    return False


def test_kill_9_at_any_moment_leaves_the_old_or_the_new_complete_site(tmp_path: Path) -> None:
    corpus = generate(tmp_path / "content", years=1, issues_per_year=ISSUES, seed=7)
    content, output = corpus.root, tmp_path / "out"
    title = next(r.title for i in corpus.issues for r in i.reports if r.id == REPORT[:-3])
    versions = [title, "甲县委办公室改写后的标题"]

    def use(version: int) -> None:
        edit(content, REPORT, versions[1 - version], versions[version])

    # Two complete builds: the shapes of both versions, the build's length, the swap moment.
    assert (
        subprocess.run([KANWU, "build", "--content", content, "--output", output]).returncode == 0
    )
    shapes = [_shape(output)]
    use(1)
    old_inode, started = _inode(output), time.monotonic()
    build = _start(content, output)
    assert _wait_for(lambda: _inode(output) != old_inode, build), "the site was never swapped"
    swap = time.monotonic() - started
    assert build.wait(timeout=120) == 0
    length = time.monotonic() - started
    shapes.append(_shape(output))
    assert shapes[0] != shapes[1]

    # Kill points: just before the swap (index written), just after it (old site being
    # deleted), around the measured swap moment, and evenly across the whole build.
    def index_written() -> bool:
        return any(tmp_path.glob(".out.building-*/pagefind/shards.json"))

    def swapped() -> bool:
        return _inode(output) != inode_before

    triggers: list[Callable[[], bool]] = [index_written, swapped]
    delays = [swap + offset for offset in (-0.03, -0.01, 0.0, 0.01, 0.03)]
    delays += [length * (i + 0.5) / TIMED_KILLS for i in range(TIMED_KILLS)]
    version = 1
    for point in [*triggers, *delays]:
        version = 1 - version
        use(version)
        inode_before = _inode(output)
        build = _start(content, output)
        if isinstance(point, float):
            time.sleep(point)
        else:
            assert _wait_for(point, build), f"{point.__name__} never happened"
        _kill(build)
        assert (output / MARKER).is_file() and (output / "index.html").is_file()
        assert (output / "kuaibao/2026/001/index.html").is_file()
        assert _shape(output) in shapes, f"an incomplete site after a kill at {point}"
        # Beside it: staging folders of killed builds, and the spare (the site replaced).
        strays = {p.name for p in tmp_path.iterdir()} - {"content", "out", ".kanwu-cache", "tmp"}
        assert all(name.startswith(".out.building-") for name in strays - {".out.spare"})

    # The next build, assembled in whatever the kills left of the spare, succeeds
    # and leaves nothing behind but the spare, holding only files of the new site.
    assert (
        subprocess.run([KANWU, "build", "--content", content, "--output", output]).returncode == 0
    )
    assert _shape(output) == shapes[version]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".kanwu-cache") == [
        ".out.spare",
        "content",
        "out",
        "tmp",
    ]
    spare = tmp_path / ".out.spare"
    for path in spare.rglob("*"):
        if path.is_file() and path.name != MARKER:
            assert os.path.samefile(path, output / path.relative_to(spare)), path
