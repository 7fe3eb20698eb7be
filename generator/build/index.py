"""Writing the search index with Pagefind: a thin adapter.

The records come from :mod:`generator.site.search`. Each becomes a small HTML
file in a scratch folder (``theme/kanwu/search_record.html``), which the
Pagefind CLI (``pagefind[extended]`` from PyPI) indexes into the site's
``pagefind/`` folder. The CLI indexes in parallel; Pagefind's Python API
answers one record per 0.1 s, far too slow for a ten-year archive.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.site.search import INDEX_LANGUAGE, SearchRecord

INDEX_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


def write_index(
    records: Iterable[SearchRecord], render: Callable[[SearchRecord], str], site: Path
) -> Path:
    """Index ``records`` (rendered to HTML by ``render``) into ``site/pagefind/``."""
    output = site / INDEX_DIR
    with tempfile.TemporaryDirectory(prefix="kanwu-index-") as scratch:
        for record in records:
            path = Path(scratch) / record.url.strip("/") / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render(record), encoding="utf-8")
        command = [
            *(sys.executable, "-m", "pagefind", "--site", scratch),
            *("--output-path", str(output), "--force-language", INDEX_LANGUAGE, "--quiet"),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        message = result.stderr.strip() or result.stdout.strip()
        raise SearchIndexError(f"Pagefind 建立索引失败：{message}")
    return output
