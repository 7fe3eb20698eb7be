"""What tests share: paths, writing into a content copy, running ``kanwu``."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from generator.content.diagnostics import Problem
from generator.content.pipeline import load_and_validate

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent
SAMPLE = REPO / "content"
ISSUE = "kuaibao/2026/001/"  # an issue page of the sample archive


def editable_sample(target: Path) -> Path:
    """A copy of the sample archive at ``target`` without its record of what
    is published (published.lock): for tests that edit, add and remove old
    reports as a random editor might, about builds rather than the record
    (tests/content/test_published.py is about that)."""
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("published.lock"))
    return target


def write(root: Path, rel: str, text: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_in(root: Path) -> list[Problem]:
    _, problems = load_and_validate(root)
    return list(problems)


KANWU = str(Path(sys.executable).parent / "kanwu")
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def kanwu(
    *args: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the ``kanwu`` command; ``env`` adds to the environment."""
    return subprocess.run(
        [KANWU, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **env} if env else None,
    )


def built_site(content: Path, output: Path, *options: str) -> Path:
    """Run ``kanwu build`` as CI does and insist that it succeeds."""
    result = kanwu("build", "--content", content, "--output", output, *options)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` with a hash of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def left_in(folder: Path) -> list[str]:
    """The names in ``folder`` (where builds write their output), but for
    what builds keep there on purpose: the cache and the spare of a site
    (generator/build/spare.py)."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name != ".kanwu-cache" and not p.name.endswith(".spare")
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def preview_once(
    content: Path, port: int, *options: str, program: str = KANWU, page: str = ISSUE
) -> str:
    """Start a preview, read one page (an issue) from it, stop it as a service
    manager or ``kill`` does (SIGTERM); the page's HTML. The preview must
    leave none of its temporary folders (a site, a cache of hundreds of MB
    at ten years)."""
    scratch = content.parent / "tmp"
    scratch.mkdir()
    process = subprocess.Popen(
        [program, "serve", "--content", content, "--dev-addr", f"127.0.0.1:{port}", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TMPDIR": str(scratch)},
        # As a service manager starts it, whatever the tests were started under.
        preexec_fn=lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=60) as r:
                    return str(r.read().decode("utf-8"))
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the preview never answered"
                time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert list(scratch.iterdir()) == []
        scratch.rmdir()
