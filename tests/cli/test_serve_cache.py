"""``kanwu serve`` keeps its cache, so the next preview starts from it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, free_port, preview_once

# Run again on ProperDocs by make test (README「站点引擎」).
pytestmark = pytest.mark.engine

RELOAD = re.compile(r"livereload\(\d+, \d+\)")


def _stored_pages(cache: Path) -> dict[Path, int]:
    return {p: p.stat().st_ino for p in (cache / "pages").rglob("*.html")}


def test_the_next_preview_starts_from_the_pages_the_last_one_kept(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    port = free_port()
    first = preview_once(content, port)
    cache = tmp_path / ".kanwu-cache" / ".preview"  # beside the content, not in it
    stored = _stored_pages(cache)
    assert len(stored) > 10
    second = preview_once(content, port)
    # Equal but for the numbers of the live-reload script the server injects.
    assert RELOAD.sub("", second) == RELOAD.sub("", first)
    # The same stored files: the second preview rendered none of them again.
    assert _stored_pages(cache) == stored


def test_a_preview_without_cache_keeps_nothing(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    page = preview_once(content, free_port(), "--no-cache")
    assert "示例" in page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]
