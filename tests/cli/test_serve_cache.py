"""``kanwu serve`` keeps its cache, so the next preview starts from it."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.helpers import FIXTURES, KANWU

ISSUE = "kuaibao/2026/001/"
RELOAD = re.compile(r"livereload\(\d+, \d+\)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _preview_once(content: Path, port: int, *options: str) -> str:
    """Start a preview, read one issue page from it, stop it as a service
    manager or ``kill`` does (SIGTERM); the page's HTML. The preview must
    leave none of its temporary folders (a site, a cache of hundreds of MB
    at ten years)."""
    scratch = content.parent / "tmp"
    scratch.mkdir()
    process = subprocess.Popen(
        [KANWU, "serve", "--content", content, "--dev-addr", f"127.0.0.1:{port}", *options],
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
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/{ISSUE}", timeout=60) as r:
                    return str(r.read().decode("utf-8"))
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "the preview never answered"
                time.sleep(0.2)
    finally:
        process.terminate()
        process.wait(timeout=30)
        assert list(scratch.iterdir()) == []
        scratch.rmdir()


def _stored_pages(cache: Path) -> dict[Path, int]:
    return {p: p.stat().st_ino for p in (cache / "pages").rglob("*.html")}


def test_the_next_preview_starts_from_the_pages_the_last_one_kept(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    port = _free_port()
    first = _preview_once(content, port)
    cache = tmp_path / ".kanwu-cache" / ".preview"  # beside the content, not in it
    stored = _stored_pages(cache)
    assert len(stored) > 10
    second = _preview_once(content, port)
    # Equal but for the numbers of the live-reload script the server injects.
    assert RELOAD.sub("", second) == RELOAD.sub("", first)
    # The same stored files: the second preview rendered none of them again.
    assert _stored_pages(cache) == stored


def test_a_preview_without_cache_keeps_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    page = _preview_once(content, _free_port(), "--no-cache")
    assert "示例" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]
