"""A build that fails for any reason leaves the previous site byte for byte."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from benchmarks.corpus import append_issue, generate
from tests.helpers import KANWU, REPO, kanwu, left_in, snapshot


def _built(content: Path, output: Path) -> dict[str, str]:
    result = kanwu("build", "--content", content, "--output", output)
    assert result.returncode == 0, result.stderr
    return snapshot(output)


def _archive(root: Path, issues: int, seed: int) -> Path:
    """A generated archive in ``root/content``, built into ``root/out`` (with
    the cache and spare a build keeps beside it)."""
    generate(root / "content", years=1, issues_per_year={"kuaibao": issues}, seed=seed)
    _built(root / "content", root / "out")
    return root


def _copy(archive: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of ``archive`` for one test, as the build left it (``cp -a``
    keeps the links its site, cache and spare share); its content and output."""
    subprocess.run(["cp", "-a", f"{archive}/.", str(tmp_path)], check=True)
    return tmp_path / "content", tmp_path / "out"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive whose builds take long enough to be interrupted."""
    return _archive(tmp_path_factory.mktemp("large"), 250, seed=1)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _archive(tmp_path_factory.mktemp("small"), 40, seed=3)


@pytest.mark.engine  # run again on ProperDocs by make test
def test_engine_failure_keeps_the_previous_site(content: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    before = _built(content, output)
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "main.html").write_text(
        "{% extends 'base.html' %}{% block content %}{{ oops(", "utf-8"
    )
    config = tmp_path / "mkdocs.yml"
    text = (
        (REPO / "mkdocs.yml")
        .read_text(encoding="utf-8")
        .replace("# custom_dir: overrides", f"custom_dir: {theme}")
    )
    config.write_text(text, encoding="utf-8")
    result = kanwu("build", "--content", content, "--output", output, "--config", config)
    assert result.returncode == 1
    assert "站点生成失败，原有站点保持不变" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(output) == before
    assert left_in(tmp_path) == [
        "content",
        "mkdocs.yml",
        "out",
        "theme",
    ]


def test_interrupted_build_keeps_the_previous_site(large: Path, tmp_path: Path) -> None:
    content, output = _copy(large, tmp_path)
    before = snapshot(output)
    # Without the cache the build renders every page: long enough to interrupt.
    _interrupt(content, output, "--no-cache")
    assert snapshot(output) == before


# Ctrl+C; a cancelled CI job or `kill`; a closed terminal.
STOPS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


@pytest.mark.parametrize("stop", STOPS, ids=[s.name for s in STOPS])
def test_interrupted_publish_keeps_the_previous_site(
    large: Path, tmp_path: Path, stop: signal.Signals
) -> None:
    """A publish reuses most pages and indexes the new issue beside MkDocs:
    interrupted there, it too keeps the previous site and leaves nothing."""
    content, output = _copy(large, tmp_path)
    before = snapshot(output)
    append_issue(content)
    _interrupt(content, output, stop=stop)
    assert snapshot(output) == before
    assert _built(content, output) != before  # and the next build publishes


def _interrupt(
    content: Path, output: Path, *options: str, stop: signal.Signals = signal.SIGINT
) -> None:
    """Interrupt a build of ``content`` with ``stop`` as MkDocs starts
    rendering pages, and insist that it stops as it should, leaving nothing
    behind: neither beside the output nor among the temporary files."""
    scratch = output.parent / "tmp"
    scratch.mkdir()
    # A shell running the tests in the background ignores SIGINT for its
    # children, nohup SIGHUP, and the build then keeps ignoring them (as it
    # should): give the build the default.
    build = subprocess.Popen(
        [KANWU, "build", "--content", str(content), "--output", str(output), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(stop, signal.SIG_DFL),
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    # Outside a terminal each stage ends with a line: interrupt as MkDocs
    # starts rendering the pages, which at this size takes seconds.
    assert build.stderr is not None
    said = []
    for line in build.stderr:
        said.append(line)
        if line.startswith("比对页面"):
            break
    folder = output.parent
    assert list(folder.glob(".out.building-*")), f"the build never started writing: {said}"
    build.send_signal(stop)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == 130, said
    assert "已中断，原有站点保持不变" in stderr
    assert "Traceback" not in stderr
    assert left_in(folder) == [
        "content",
        "out",
        "tmp",
    ]
    assert list(scratch.iterdir()) == []
    scratch.rmdir()


def test_a_build_whose_caller_ignores_hangups_finishes_after_one(tmp_path: Path) -> None:
    """Run under ``nohup`` (or a runner that ignores SIGHUP), a build goes on
    when its terminal closes, as every program started so does."""
    corpus = generate(tmp_path / "content", years=1, issues_per_year={"kuaibao": 60}, seed=2)
    output = tmp_path / "out"
    build = subprocess.Popen(
        [KANWU, "build", "--content", str(corpus.root), "--output", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    assert build.stderr is not None
    for line in build.stderr:
        if line.startswith("比对页面"):
            break
    build.send_signal(signal.SIGHUP)
    _, stderr = build.communicate(timeout=300)
    assert build.returncode == 0, stderr
    assert (output / "kuaibao/2026/001/index.html").is_file()


SLOW_PAGEFIND = """#!/bin/sh
# Answers like Pagefind, then indexes for ten minutes.
if [ "$1" = "--version" ]; then echo "pagefind 1.5.2"; exit 0; fi
echo $$ >> "{pids}"
exec sleep 600
"""


@pytest.mark.parametrize("stop", STOPS, ids=[s.name for s in STOPS])
def test_a_build_stopped_while_its_index_is_written_stops_at_once(
    small: Path, tmp_path: Path, stop: signal.Signals
) -> None:
    """A cold build writes its search index beside MkDocs, at ten years for
    a minute: stopped then, it stops Pagefind and ends in seconds, leaving
    the previous site and nothing else."""
    content, output = _copy(small, tmp_path)
    before = snapshot(output)
    pids = tmp_path / "pids"
    slow = tmp_path / "pagefind"
    slow.write_text(SLOW_PAGEFIND.format(pids=pids), encoding="utf-8")
    slow.chmod(0o755)
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    build = subprocess.Popen(
        [KANWU, "build", "--content", str(content), "--output", str(output), "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(stop, signal.SIG_DFL),
        env={**os.environ, "TMPDIR": str(scratch), "PAGEFIND_BINARY_PATH": str(slow)},
    )
    try:
        for _ in range(600):  # until Pagefind runs
            if pids.exists() and pids.read_text(encoding="utf-8").strip():
                break
            assert build.poll() is None, build.communicate()
            time.sleep(0.1)
        pagefind = int(pids.read_text(encoding="utf-8").split()[0])
        started = time.monotonic()
        build.send_signal(stop)
        _, stderr = build.communicate(timeout=60)
        assert time.monotonic() - started < 15
    finally:  # nothing left running when the test fails
        build.kill()
        build.wait()
        for pid in pids.read_text(encoding="utf-8").split() if pids.exists() else ():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
    assert build.returncode == 130, stderr
    assert "已中断，原有站点保持不变" in stderr
    assert "Traceback" not in stderr
    with pytest.raises(ProcessLookupError):
        os.kill(pagefind, 0)
    assert snapshot(output) == before
    assert left_in(tmp_path) == ["content", "out", "pagefind", "pids", "tmp"]
    assert list(scratch.iterdir()) == []
